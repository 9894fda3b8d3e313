import Astrodynamics
import Foundation

/// The missile-warning chain from detections to warnings: ``MissileTracker`` → ``ImpactPredictor``
/// (with ``MissileClassifier`` at burnout) → ``MissileWarningTimeline``, incremental, so the same value
/// runs a whole file (`kanshi missile track`) and a live feed (the operations center).
///
/// Detections are processed in time order, a *frame* (all detections with the same time) at a time.
/// After each frame every confirmed track whose last prediction is at least
/// ``Options/predictionIntervalS`` old (feed time) is predicted again from its current estimate; the
/// prediction goes to the warning timeline, whose events are returned. A detection older than the
/// newest already processed is counted in ``lateDetections`` and left out (the filters do not run
/// backwards).
public struct MissileWarningPipeline: Sendable {
    /// Settings of the chain (the tracker's and the timeline's own settings are theirs).
    public struct Options: Sendable, Hashable {
        /// Feed time between two impact predictions of one track, s.
        public var predictionIntervalS = 5.0
        /// Spacing of the estimated trajectory in the report, s.
        public var trajectorySpacingS = 5.0
        /// At most this many points of the predicted path in the report.
        public var maximumPathPoints = 200
        public init() {}
    }

    public let options: Options
    public let zones: JapanZones
    public private(set) var tracker: MissileTracker
    public let predictor: ImpactPredictor
    public let classifier: MissileClassifier
    public let rangeCapability: RangeCapability
    public private(set) var timeline: MissileWarningTimeline
    /// Detections older than the newest processed, left out.
    public private(set) var lateDetections = 0
    /// Predictions that failed (a state that does not reach the ground, a bad ellipse), left out.
    public private(set) var failedPredictions = 0
    /// The newest detection time processed.
    public private(set) var time: Instant?

    /// IR and radar detections processed.
    public private(set) var irCount = 0, radarCount = 0
    private var lastPredictionAt: [String: Instant] = [:]
    private var latest: [String: ImpactPrediction] = [:]
    private var apogees: [String: PredictedApogee] = [:]
    private var history: [String: [MissileTrackReport.ImpactHistoryEntry]] = [:]
    private var ended: Set<String> = []
    private var warnings: [MissileTrackReport.Warning] = []

    /// The newest impact prediction of a track.
    public func latestPrediction(_ trackID: String) -> ImpactPrediction? { latest[trackID] }
    /// The apogee of a track: the newest prediction's while it is ahead, then the last one predicted
    /// before it passed (a prediction made after the apogee only knows the rest of the path).
    public func apogee(_ trackID: String) -> PredictedApogee? { apogees[trackID] }
    /// Every prediction made for a track, oldest first.
    public func impactHistory(_ trackID: String) -> [MissileTrackReport.ImpactHistoryEntry] { history[trackID] ?? [] }
    /// The warning timeline so far.
    public var allWarnings: [MissileTrackReport.Warning] { warnings }

    public init(zones: JapanZones, options: Options = Options(), trackerOptions: MissileTracker.Options = .init(),
                policy: WarningPolicy = WarningPolicy(), environment: FlightEnvironment = .wgs84) {
        self.options = options
        self.zones = zones
        tracker = MissileTracker(options: trackerOptions, environment: environment)
        predictor = ImpactPredictor()
        classifier = MissileClassifier()
        rangeCapability = RangeCapability()
        timeline = MissileWarningTimeline(zones: zones, policy: policy)
    }

    /// Tracks ever confirmed.
    public var trackCount: Int { tracker.tracks.filter(\.wasConfirmed).count }
    /// Tracks with a warning that has not ended.
    public var activeWarningCount: Int { Set(warnings.map(\.track)).subtracting(ended).count }

    /// Processes detections (sorted here; earlier than ``time`` counts as late) and returns the warnings they caused.
    public mutating func ingest(_ detections: [Detection]) -> [MissileTrackReport.Warning] {
        var sorted = detections.sorted { $0.time < $1.time }
        if let time {
            let before = sorted.count
            sorted.removeAll { $0.time < time }
            lateDetections += before - sorted.count
        }
        var out: [MissileTrackReport.Warning] = []
        var i = 0
        while i < sorted.count {
            var j = i + 1
            while j < sorted.count, sorted[j].time == sorted[i].time { j += 1 }
            let frame = Array(sorted[i..<j])
            for d in frame { if d.kind == .ir { irCount += 1 } else { radarCount += 1 } }
            tracker.process(frame)
            time = sorted[i].time
            out += afterFrame(at: sorted[i].time)
            i = j
        }
        return out
    }

    /// Ends the feed at `time` (default: the last detection): the tracker closes what it would close by
    /// then (tracks past their ground contact), and their warnings end.
    public mutating func finish(at end: Instant? = nil) -> [MissileTrackReport.Warning] {
        guard let at = end ?? time else { return [] }
        tracker.finish(at: at)
        return afterFrame(at: at)
    }

    private mutating func afterFrame(at now: Instant) -> [MissileTrackReport.Warning] {
        var events: [WarningEvent] = []
        for track in tracker.tracks where track.wasConfirmed && !ended.contains(track.id) {
            if track.status == .deleted {
                // Nothing for a track the timeline never saw (trackEnded returns no event).
                events += timeline.trackEnded(trackId: track.id, at: now,
                                              reason: track.mergedInto.map { "merged into \($0), which carries the warning on" })
                ended.insert(track.id)
                continue
            }
            if let last = lastPredictionAt[track.id], now.secondsSince(last) < options.predictionIntervalS { continue }
            lastPredictionAt[track.id] = now
            // A track seen burning stays in boost (instantaneous impact points, no zone decision) until the
            // tracker declares its burnout: the IMM's boost weight alone dips between stages.
            var estimate = track.current
            if track.burnout == nil && (track.boostSeen || track.initiatedByIR) { estimate.boostProbability = 1 }
            do {
                let p = try predictor.predict(estimate, launchPoint: track.launch?.site)
                latest[track.id] = p
                if !p.isInstantaneousImpactPoint, !p.apogee.isPast || apogees[track.id] == nil { apogees[track.id] = p.apogee }
                events += try timeline.update(trackId: track.id, prediction: p)
                // A successful update records exactly one decision: this prediction's.
                history[track.id, default: []].append(historyEntry(p, decision: timeline.decisions.last))
            } catch {
                failedPredictions += 1
            }
        }
        let mapped = events.map(Self.warning)
        warnings += mapped
        return mapped
    }

    private func historyEntry(_ p: ImpactPrediction, decision: WarningDecision?) -> MissileTrackReport.ImpactHistoryEntry {
        let axes = p.ellipse.semiAxes
        return .init(time: Self.iso(p.estimateTime), lat_deg: p.impactLatitudeRad * 180 / .pi,
                     lon_deg: Self.longitudeDeg(p.impactLongitudeRad), impact_time: Self.iso(p.impactTime),
                     semi_major_km: axes.majorKm, semi_minor_km: axes.minorKm,
                     zone: p.isInstantaneousImpactPoint ? "boost" : (decision?.zone?.rawValue ?? "outside"),
                     p_land: decision?.probabilities?.land ?? 0, p_eez: decision?.probabilities?.eezIncludingLand ?? 0,
                     instantaneous: p.isInstantaneousImpactPoint)
    }

    static func warning(_ e: WarningEvent) -> MissileTrackReport.Warning {
        MissileTrackReport.Warning(
            time: e.time.description, track: e.trackId, kind: e.kind.rawValue, level: e.level.rawValue,
            area: e.area.isEmpty ? nil : e.area.joined(separator: ", "), message: e.message,
            impact_time: e.predictedImpactTime?.description, impact_lat_deg: e.impactLatitudeDeg,
            impact_lon_deg: e.impactLongitudeDeg, p_land: e.probabilities?.land, p_eez: e.probabilities?.eezIncludingLand,
            overflights: e.overflights.map { .init(entry: $0.entry.description, exit: $0.exit.description, groups: $0.groups) })
    }

    static func iso(_ t: Instant) -> String { t.iso8601UTC(fractionDigits: 3) }
    static func longitudeDeg(_ rad: Double) -> Double { remainder(rad, 2 * .pi) * 180 / .pi }
}
