import Astrodynamics
import Foundation
import Persistence
import SpaceData
import Synchronization
import Threats

/// When a threat assessment becomes an alert.
///
/// A pair (protected asset, object) raises:
/// - `threat.new` when it first reaches ``minimumLevel`` (medium): severity **critical** for a
///   high threat, **warning** for a medium one;
/// - `threat.changed` when its level changes and either side is at least ``minimumLevel``
///   (severity of the new level; **info** for low);
/// - `threat.cleared` (**info**) when a pair at ``minimumLevel`` or above is no longer found
///   (the object left the radius or its new sets no longer bring it in).
/// Scores move with every new element set; only level changes are alerts, so an analyst is told
/// what changed, not every recomputation.
public struct ThreatAlertPolicy: Sendable, Hashable {
    public var minimumLevel: ThreatAssessment.Level = .medium
    public init() {}

    static func severity(_ level: ThreatAssessment.Level) -> AlertSeverity {
        switch level {
        case .high: .critical
        case .medium: .warning
        case .low: .info
        }
    }
}

/// The threat picture of the operations center: every protected asset's rendezvous and proximity
/// findings against the live catalog, scored (``ThreatAssessor``) with the approaching objects'
/// maneuvers from their stored element-set histories (``ManeuverDetector``), kept current as
/// element sets arrive, and the alerts its changes raise.
///
/// The pipeline calls ``ScreeningPipeline/assessThreats(touched:)`` after each screening: a full
/// run analyses every asset against the whole catalog; an arrival re-analyses the assets it
/// touches against everything and every asset against the objects it touches, and replaces just
/// those pairs.
public final class ThreatWatch: Sendable {
    /// One assessed pair as the center holds it.
    public struct Record: Sendable {
        public var assessment: ThreatAssessment
        /// The analysis window the finding comes from.
        public var windowStart: Instant
        public var windowEnd: Instant
        /// The object's detected maneuvers (its whole stored history), oldest first.
        public var maneuvers: [ManeuverDetection]
        /// When the pair was first found, and last assessed.
        public var firstSeen: Date
        public var updatedAt: Date

        public var assetID: Int { assessment.finding.assetID }
        public var objectID: Int { assessment.finding.objectID }
    }

    /// Counters for `/status`.
    public struct Status: Sendable {
        public var runs = 0
        public var lastRunAt: Date?
        public var lastRunSeconds: Double?
        /// Assets in the list, and those the catalog holds.
        public var assets = 0
        public var assetsInCatalog = 0
        public var fastCrossings = 0
    }

    struct PairKey: Hashable, Sendable { let asset: Int; let object: Int }

    struct State {
        var records: [PairKey: Record] = [:]
        var status = Status()
        /// Each object's maneuvers, and the element-set count they were found from.
        var maneuverCache: [Int: (count: Int, detections: [ManeuverDetection])] = [:]
    }

    /// The protected assets watched.
    public let assets: ProtectedAssets
    public let analyzer: ProximityAnalyzer
    public let assessor: ThreatAssessor
    public let policy: ThreatAlertPolicy
    private let state = Mutex(State())

    /// - Parameters:
    ///   - owners: where objects' owners come from (a SATCAT file, else their names).
    public init(assets: ProtectedAssets, analyzer: ProximityAnalyzer = ProximityAnalyzer(), policy: ThreatAlertPolicy = ThreatAlertPolicy(),
                owners: OwnerResolver = OwnerResolver()) {
        self.assets = assets
        self.analyzer = analyzer
        var assessor = ThreatAssessor(slowSpeedKmPerS: analyzer.options.maximumRelativeSpeedKmPerS)
        assessor.friendly = Set(assets.assets.map(\.noradCatalogNumber))
        assessor.ownerResolver = owners
        self.assessor = assessor
        self.policy = policy
        state.withLock { $0.status.assets = assets.assets.count }
    }

    /// The catalog numbers of the assets.
    public var assetIDs: [Int] { assets.assets.map(\.noradCatalogNumber) }

    /// Every current record, highest level and score first.
    public func records() -> [Record] {
        state.withLock { Array($0.records.values) }.sorted { a, b in
            let la = a.assessment, lb = b.assessment
            if la.level != lb.level { return la.level > lb.level }
            if la.score != lb.score { return la.score > lb.score }
            return (a.assetID, a.objectID) < (b.assetID, b.objectID)
        }
    }

    /// The record of one pair.
    public func record(asset: Int, object: Int) -> Record? {
        state.withLock { $0.records[PairKey(asset: asset, object: object)] }
    }

    public var status: Status { state.withLock { $0.status } }

    /// The approaching object's owner as the score saw it (SATCAT, else inferred from the name).
    public func owner(of r: Record) -> ObjectOwner? {
        assessor.ownerResolver.owner(of: r.objectID, name: r.assessment.finding.objectName)
    }

    /// The maneuvers cached for an object when found from `count` element sets.
    func cachedManeuvers(_ id: Int, count: Int) -> [ManeuverDetection]? {
        state.withLock { s in s.maneuverCache[id].flatMap { $0.count == count ? $0.detections : nil } }
    }

    func cacheManeuvers(_ id: Int, count: Int, _ detections: [ManeuverDetection]) {
        state.withLock { $0.maneuverCache[id] = (count, detections) }
    }

    /// Replaces the records of the pairs a run re-analysed and returns the alerts the changes make.
    /// - Parameters:
    ///   - fresh: the run's records.
    ///   - reanalysed: whether a pair was in the run's scope (its old record goes if not found again).
    func apply(_ fresh: [Record], reanalysed: (PairKey) -> Bool, assetsInCatalog: Int, fastCrossings: Int, seconds: Double,
               names: (Int) -> String?, now: Date = Date()) -> [NewAlert] {
        state.withLock { s in
            var alerts: [NewAlert] = []
            let floor = policy.minimumLevel
            var kept: [PairKey: Record] = [:]
            for (key, old) in s.records where !reanalysed(key) { kept[key] = old }
            var seen = Set<PairKey>()
            for var r in fresh {
                let key = PairKey(asset: r.assetID, object: r.objectID)
                seen.insert(key)
                let old = s.records[key]
                r.firstSeen = old?.firstSeen ?? now
                r.updatedAt = now
                kept[key] = r
                let level = r.assessment.level
                if let old, old.assessment.level != level, max(old.assessment.level, level) >= floor {
                    let oldAtFloor = old.assessment.level >= floor
                    let kind = oldAtFloor ? "threat.changed" : "threat.new"
                    alerts.append(Self.alert(kind: kind, r, from: old.assessment.level, names: names, now: now))
                } else if old == nil, level >= floor {
                    alerts.append(Self.alert(kind: "threat.new", r, from: nil, names: names, now: now))
                }
            }
            for (key, old) in s.records where reanalysed(key) && !seen.contains(key) && old.assessment.level >= floor {
                let f = old.assessment.finding
                let pair = "\(f.objectID) \(names(f.objectID) ?? f.objectName ?? "") near \(f.assetID) \(names(f.assetID) ?? f.assetName ?? "")"
                alerts.append(NewAlert(kind: "threat.cleared", severity: .info, eventID: nil, primary: f.assetID, secondary: f.objectID,
                                       tca: nil, missDistanceKm: nil, pc: nil,
                                       message: "Threat cleared: \(pair) is no longer found inside the asset's RPO radius (was \(old.assessment.level.rawValue))",
                                       createdAt: now))
            }
            s.records = kept
            s.status.runs += 1
            s.status.lastRunAt = now
            s.status.lastRunSeconds = seconds
            s.status.assetsInCatalog = assetsInCatalog
            s.status.fastCrossings = fastCrossings
            return alerts
        }
    }

    static func alert(kind: String, _ r: Record, from old: ThreatAssessment.Level?, names: (Int) -> String?, now: Date) -> NewAlert {
        let a = r.assessment, f = a.finding
        let object = "\(f.objectID) \(names(f.objectID) ?? f.objectName ?? "")"
        let asset = "\(f.assetID) \(names(f.assetID) ?? f.assetName ?? "")"
        let change = old.map { " (was \($0.rawValue))" } ?? ""
        let lead = a.reasons.first.map { "; \($0)" } ?? ""
        let message = String(format: "Threat %@%@, score %.0f: %@ near %@, closest %.1f km at %@, %.0f m/s%@",
                             a.level.rawValue, change, a.score, object, asset, f.closestApproachKm,
                             f.tca.iso8601UTC(fractionDigits: 0), f.relativeSpeedKmPerS * 1000, lead)
        return NewAlert(kind: kind, severity: ThreatAlertPolicy.severity(a.level), eventID: nil, primary: f.assetID, secondary: f.objectID,
                        tca: f.tca, missDistanceKm: f.closestApproachKm, pc: nil, message: message, createdAt: now)
    }
}
