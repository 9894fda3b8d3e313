import Astrodynamics
import Foundation
import Logging
import MissileWarning
import Persistence
import SpaceData

/// The center's missile warning: one incremental ``MissileWarningPipeline`` fed by
/// `POST /api/v1/missile/detections` and, with `kanshi serve --missile-feed`, by a detections file
/// replayed at its own pace. Every warning the pipeline issues, updates or cancels becomes an alert
/// (`missile.issued`, `missile.updated`, `missile.cancelled`, …) in the same store and on the same
/// WebSocket stream as the conjunction and threat alerts; `GET /api/v1/missile` is the picture.
///
/// Detections must arrive in time order across calls (a feed's natural order). A detection older
/// than the newest already processed is counted as *late* and left out: the filters do not run
/// backwards (docs/missile-tracks.md).
///
/// Markings: each batch of detections comes with one (a partner's or our own). A sensor's marking
/// is the most restrictive of every batch it has sent; a track and its warnings and alerts inherit
/// the most restrictive marking of the sensors that fed it, and a reader sees only the tracks and
/// warnings it may (``report(for:)``).
public actor MissileWatch {
    /// What one ingest did.
    public struct Receipt: Sendable, Hashable {
        /// Detections processed.
        public var accepted: Int
        /// Detections older than the newest already processed, left out.
        public var late: Int
        /// Alerts raised by this batch.
        public var alerts: Int
    }

    private var pipeline: MissileWarningPipeline
    private let store: any Store
    private let hub: AlertHub
    private let logger: Logger
    /// The feeds heard from (`api`, a replayed file's name), in order.
    private var sources: [String] = []
    private var received = 0
    private var lateCount = 0
    private var alertsRaised = 0
    private var replaying = false
    /// Each sensor's marking: the most restrictive of the batches it was in.
    private var sensorMarkings: [String: Releasability] = [:]

    /// A watch on `zones` that stores its alerts in `store` and publishes them on `hub`.
    public init(zones: JapanZones, store: any Store, hub: AlertHub, logger: Logger) {
        pipeline = MissileWarningPipeline(zones: zones)
        self.store = store
        self.hub = hub
        self.logger = logger
    }

    /// Processes a batch of detections and raises the alerts of the warnings it changed.
    @discardableResult
    public func ingest(_ detections: [Detection], from source: String, marking: Releasability = .japanOnly) async throws -> Receipt {
        if !sources.contains(source) { sources.append(source) }
        for d in detections { sensorMarkings[d.sensorID] = sensorMarkings[d.sensorID].map { $0.combined(with: marking) } ?? marking }
        received += detections.count
        let before = pipeline.lateDetections
        let warnings = pipeline.ingest(detections)
        let late = pipeline.lateDetections - before
        lateCount += late
        let alerts = warnings.map { w in
            var a = Self.alert(w)
            a.marking = trackMarking(w.track)
            return a
        }
        if !alerts.isEmpty {
            let stored = try await store.insertAlerts(alerts)
            alertsRaised += stored.count
            let names = LiveCatalog.Snapshot(entries: [:])
            await hub.publish(stored.map { AlertHub.Message($0, names: names) })
            for w in warnings { logger.notice("missile: \(w.message)", metadata: ["track": "\(w.track)", "level": "\(w.level)"]) }
        }
        return Receipt(accepted: detections.count - late, late: late, alerts: alerts.count)
    }

    /// The current picture: every track, the warning timeline and the counts.
    public func report() -> MissileTrackReport { pipeline.report(source: sources.isEmpty ? nil : sources.joined(separator: ", ")) }

    /// A track's marking: the most restrictive of its sensors' (Japan only when unknown).
    func trackMarking(_ id: String) -> Releasability {
        guard let track = pipeline.tracker.tracks.first(where: { $0.id == id }) else { return .japanOnly }
        return track.sensorIDs.reduce(Releasability.public) { $0.combined(with: sensorMarkings[$1] ?? .japanOnly) }
    }

    /// The picture as a reader may see it: only the tracks (and their warnings) it may see; the
    /// detection counts are of the visible tracks' sensors' detections only when the reader sees
    /// everything, and are left out (zero) otherwise, as they would count hidden detections.
    public func report(for visibility: Visibility) -> MissileTrackReport {
        var r = report()
        guard visibility != .everything else { return r }
        if visibility.objects != nil {
            // operators see their satellites' events; missile tracks concern no satellite
            r.tracks = []
            r.warnings = []
        } else {
            let visible = Set(r.tracks.map(\.id).filter { visibility.allows(trackMarking($0)) })
            r.tracks = r.tracks.filter { visible.contains($0.id) }
            r.warnings = r.warnings.filter { visible.contains($0.track) }
        }
        r.detections = .init(total: 0, ir: 0, radar: 0, used: 0, clutter: 0, unassociated: 0)
        r.source = nil
        return r
    }

    /// Counters for `/status` as the reader may see them.
    public func status(for visibility: Visibility) -> (received: Int, late: Int, tracks: Int, activeWarnings: Int, alerts: Int, replaying: Bool) {
        if visibility == .everything { return status() }
        let r = report(for: visibility)
        let ended = Set(r.warnings.filter { $0.kind == WarningEventKind.ended.rawValue }.map(\.track))
        return (0, 0, r.tracks.count, Set(r.warnings.map(\.track)).subtracting(ended).count,
                r.warnings.count, replaying)
    }

    /// Counters for `/status`.
    public func status() -> (received: Int, late: Int, tracks: Int, activeWarnings: Int, alerts: Int, replaying: Bool) {
        (received, lateCount, pipeline.trackCount, pipeline.activeWarningCount, alertsRaised, replaying)
    }

    /// Replays a detections file: each detection is processed when `(t − t₀) / speed` seconds have passed
    /// since the replay began (t₀: the first detection's time); `speed` ≤ 0 or infinite processes it all at once.
    /// Bad lines are logged with their line and field and left out.
    public func replay(file: URL, speed: Double) async {
        let detections: [Detection]
        do {
            let read = try DetectionsFile.read(contentsOf: file.path)
            for e in read.errors.prefix(20) { logger.warning("missile feed: \(e)") }
            detections = read.detections.sorted { $0.time < $1.time }
        } catch {
            logger.error("missile feed: cannot read it", metadata: ["file": "\(file.path)", "error": "\(error)"])
            return
        }
        guard let first = detections.first else { return }
        replaying = true
        defer { replaying = false }
        logger.info("missile feed: replaying \(detections.count) detections", metadata: ["file": "\(file.path)", "speed": "\(speed)"])
        let start = ContinuousClock.now
        var i = 0
        while i < detections.count, !Task.isCancelled {
            let dueS = detections[i].time.secondsSince(first.time)
            if speed > 0, speed.isFinite {
                let waitS = dueS / speed - (ContinuousClock.now - start).inSeconds
                if waitS > 0 { try? await Task.sleep(for: .milliseconds(Int((waitS * 1000).rounded(.up)))) }
            }
            // everything due by now goes in one batch
            let elapsed = (ContinuousClock.now - start).inSeconds
            var j = i + 1
            while j < detections.count, speed <= 0 || !speed.isFinite || detections[j].time.secondsSince(first.time) / speed <= elapsed { j += 1 }
            do { try await ingest(Array(detections[i..<j]), from: file.lastPathComponent) } catch {
                logger.error("missile feed: cannot store alerts", metadata: ["error": "\(error)"])
            }
            i = j
        }
    }

    /// The alert for one warning: severity from its level (docs/missile-warnings.md), `tca` is the
    /// predicted impact time.
    static func alert(_ w: MissileTrackReport.Warning) -> NewAlert {
        let impact = w.impact_time.flatMap { try? Instant(utc: $0) }
        return NewAlert(kind: "missile.\(w.kind)", severity: severity(level: w.level, kind: w.kind),
                        eventID: nil, primary: nil, secondary: nil, tca: impact, missDistanceKm: nil, pc: nil, message: w.message)
    }
}

/// The alert severity of a missile warning: landing on land or overflight of Japan is critical,
/// landing in the EEZ a warning, launch information and landing outside the EEZ info; a cancellation
/// is a warning (people who were warned must see it), the end of a track info.
func severity(level: String, kind: String) -> AlertSeverity {
    switch kind {
    case WarningEventKind.cancelled.rawValue: return .warning
    case WarningEventKind.ended.rawValue: return .info
    default: break
    }
    switch WarningLevel(rawValue: level) {
    case .landingOnLand, .overflight: return .critical
    case .landingInEEZ: return .warning
    default: return .info
    }
}
