import Foundation
import Astrodynamics
import SpaceData

/// What the operator wants tracked first.
public struct TaskingPriorities: Sendable, Hashable {
    /// An element set older than this at the window start is stale, days.
    public var staleAfterDays: Double = 3
    /// Objects whose orbit is poorly known (large covariance, few recent tracks: decided upstream).
    public var poorlyKnown: Set<Int> = []
    /// Protected assets (own satellites).
    public var protectedObjects: Set<Int> = []
    /// High-interest objects (possible inspectors, recent maneuvers, conjunction participants).
    public var highInterest: Set<Int> = []

    public init(staleAfterDays: Double = 3, poorlyKnown: Set<Int> = [], protectedObjects: Set<Int> = [],
                highInterest: Set<Int> = []) {
        self.staleAfterDays = staleAfterDays
        self.poorlyKnown = poorlyKnown
        self.protectedObjects = protectedObjects
        self.highInterest = highInterest
    }
}

/// An object's tasking tier: lower is served first.
public enum TaskingTier: Int, Sendable, Hashable, Comparable, CaseIterable, CustomStringConvertible {
    case stale = 0, poorlyKnown = 1, protectedOrHighInterest = 2, routine = 3
    public static func < (a: TaskingTier, b: TaskingTier) -> Bool { a.rawValue < b.rawValue }
    public var description: String {
        switch self {
        case .stale: "stale"
        case .poorlyKnown: "poorly-known"
        case .protectedOrHighInterest: "protected/high-interest"
        case .routine: "routine"
        }
    }
}

/// Which passes each sensor tracks, chosen within its capacity.
///
/// Greedy by priority (Blackman & Popoli 1999, *Design and Analysis of Modern Tracking Systems*,
/// §15 — priority-ordered scheduling of sensor resources), in rounds: objects are ordered — those at
/// most two sensors can see first (deep space: otherwise stale LEO objects, which many radars could
/// take, use up the only sensors that see GEO), then by tier (stale, poorly known,
/// protected/high-interest, routine), fewest sensors, oldest element set — and in each round every
/// object gets its earliest candidate segment that fits, so every object is tracked once before any
/// is tracked twice. A segment fits when the sensor stays within
/// ``TrackingCapacity/simultaneousTracks`` over it (counted per minute) and within
/// ``TrackingCapacity/tracksPerHour`` in the hour it starts. A pass longer than
/// ``maximumTrackSeconds`` (deep space: hours in view) over a sensor of limited capacity is cut into consecutive candidate segments of
/// that length, so that objects in view at the same time can take turns.
public struct TaskingPlan: Sendable {
    /// The granted segments (passes clipped to what is tracked), by rise.
    public var segments: [Pass]
    /// Candidate segments not granted for lack of capacity.
    public var rejected: Int
    /// Each object's tier.
    public var tiers: [Int: TaskingTier]

    /// The longest segment tracked in one go, seconds.
    public static let maximumTrackSeconds = 600.0

    /// Plans from the catalog's element sets and its predicted passes.
    public init(catalog: [ElementSet], passes: [Pass], sensors: [Sensor], start: Instant,
                priorities: TaskingPriorities = TaskingPriorities()) {
        var tiers: [Int: TaskingTier] = [:]
        var ageDays: [Int: Double] = [:]
        for s in catalog {
            let age = start.secondsSince(s.epoch) / 86_400
            ageDays[s.noradCatalogNumber] = age
            let n = s.noradCatalogNumber
            tiers[n] = age > priorities.staleAfterDays ? .stale
                : priorities.poorlyKnown.contains(n) ? .poorlyKnown
                : (priorities.protectedObjects.contains(n) || priorities.highInterest.contains(n)) ? .protectedOrHighInterest
                : .routine
        }
        self.tiers = tiers
        var candidates: [Pass] = []
        let limited = Set(sensors.filter { $0.capacity != .unlimited }.map(\.id))
        for p in passes {
            if p.durationSeconds <= TaskingPlan.maximumTrackSeconds || !limited.contains(p.sensorID) {
                candidates.append(p)
                continue
            }
            var t = p.rise
            while t < p.set {
                var seg = p
                seg.rise = t
                seg.set = min(p.set, t.advanced(bySeconds: TaskingPlan.maximumTrackSeconds))
                seg.culmination = min(max(seg.culmination, seg.rise), seg.set)
                candidates.append(seg)
                t = t.advanced(bySeconds: TaskingPlan.maximumTrackSeconds)
            }
        }
        // How many sensors can see each object in the window.
        var sensorsSeeing: [Int: Set<String>] = [:]
        for p in candidates { sensorsSeeing[p.catalogNumber, default: []].insert(p.sensorID) }
        let reach = sensorsSeeing.mapValues(\.count)
        // Objects in priority order: those at most two sensors can see first (deep space: otherwise
        // stale LEO objects, which many radars could take, use up the only sensors that see GEO),
        // then by tier, fewest sensors, oldest element set, catalog number.
        var byObject = Dictionary(grouping: candidates, by: \.catalogNumber)
        for (n, list) in byObject { byObject[n] = list.sorted { ($0.rise, $0.sensorID) < ($1.rise, $1.sensorID) } }
        let objectOrder = byObject.keys.sorted { x, y in
            let rx = reach[x] ?? 0, ry = reach[y] ?? 0
            let kx = (rx > 2 ? 1 : 0, (tiers[x] ?? .routine).rawValue, rx, -(ageDays[x] ?? 0), x)
            let ky = (ry > 2 ? 1 : 0, (tiers[y] ?? .routine).rawValue, ry, -(ageDays[y] ?? 0), y)
            return kx < ky
        }
        let sensorIndex = Dictionary(sensors.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
        let minutes = max(1, Int((passes.map { $0.set.secondsSince(start) }.max() ?? 0) / 60) + 2)
        var minuteLoad = [[Int]](repeating: [], count: sensors.count)
        var hourStarts = [[Int]](repeating: [], count: sensors.count)
        var granted: [Pass] = []
        var rejected = 0
        func grant(_ p: Pass) -> Bool {
            guard let si = sensorIndex[p.sensorID], sensors[si].capacity != .unlimited else { return true }
            let cap = sensors[si].capacity
            if minuteLoad[si].isEmpty {
                minuteLoad[si] = [Int](repeating: 0, count: minutes)
                hourStarts[si] = [Int](repeating: 0, count: minutes / 60 + 1)
            }
            let m0 = max(0, min(minutes - 1, Int((p.rise.secondsSince(start) / 60).rounded(.down))))
            let m1 = max(m0, min(minutes - 1, Int((p.set.secondsSince(start) / 60).rounded(.down))))
            let h = m0 / 60
            if hourStarts[si][h] >= cap.tracksPerHour { return false }
            for m in m0...m1 where minuteLoad[si][m] >= cap.simultaneousTracks { return false }
            for m in m0...m1 { minuteLoad[si][m] += 1 }
            hourStarts[si][h] += 1
            return true
        }
        // Rounds: each object in order gets its earliest segment that still fits, one per round, so
        // every object is tracked once before any is tracked twice. Loads only grow, so a segment
        // that does not fit is dropped for good and each is tried once.
        var cursor = [Int: Int]()
        var active = objectOrder
        while !active.isEmpty {
            var next: [Int] = []
            for n in active {
                let list = byObject[n]!
                var i = cursor[n] ?? 0
                while i < list.count {
                    let p = list[i]
                    i += 1
                    if grant(p) { granted.append(p); break }
                    rejected += 1
                }
                cursor[n] = i
                if i < list.count { next.append(n) }
            }
            active = next
        }
        granted.sort { ($0.rise, $0.sensorID, $0.catalogNumber) < ($1.rise, $1.sensorID, $1.catalogNumber) }
        segments = granted
        self.rejected = rejected
        index = Dictionary(grouping: granted, by: { PlanKey(sensorID: $0.sensorID, catalogNumber: $0.catalogNumber) })
    }

    struct PlanKey: Hashable, Sendable { var sensorID: String; var catalogNumber: Int }
    let index: [PlanKey: [Pass]]

    /// The parts of a (truth) pass that the plan tracks: its overlaps with granted segments of the same sensor and object.
    public func clip(_ pass: Pass) -> [Pass] {
        guard let segs = index[PlanKey(sensorID: pass.sensorID, catalogNumber: pass.catalogNumber)] else { return [] }
        return segs.compactMap { s in
            let lo = max(s.rise, pass.rise), hi = min(s.set, pass.set)
            guard lo < hi else { return nil }
            var p = pass
            p.rise = lo; p.set = hi
            p.culmination = min(max(p.culmination, lo), hi)
            return p
        }
    }

    /// True when the plan tracks some part of `pass`.
    public func covers(_ pass: Pass) -> Bool { !clip(pass).isEmpty }
}

/// How much of the catalog the observations cover: objects with at least one and at least three
/// tracklets, by orbit regime.
public struct CoverageReport: Sendable, Hashable {
    /// One regime's counts.
    public struct Row: Sendable, Hashable {
        public var regime: OrbitRegime
        public var objects: Int
        public var withAtLeastOne: Int
        public var withAtLeastThree: Int
    }
    public var rows: [Row]

    /// Counts from the tracklets per object (`trackletCounts[catalogNumber]`) against the catalog.
    public init(catalog: [ElementSet], trackletCounts: [Int: Int]) {
        var rows: [OrbitRegime: Row] = [:]
        for r in OrbitRegime.allCases { rows[r] = Row(regime: r, objects: 0, withAtLeastOne: 0, withAtLeastThree: 0) }
        for s in catalog {
            let regime = OrbitRegime(meanMotionRevPerDay: s.meanMotionRevPerDay, eccentricity: s.eccentricity)
            let n = trackletCounts[s.noradCatalogNumber] ?? 0
            rows[regime]!.objects += 1
            if n >= 1 { rows[regime]!.withAtLeastOne += 1 }
            if n >= 3 { rows[regime]!.withAtLeastThree += 1 }
        }
        self.rows = OrbitRegime.allCases.map { rows[$0]! }
    }

    /// Counts from simulated tracklets and their truth labels.
    public init(catalog: [ElementSet], labels: [String: Int?]) {
        var counts: [Int: Int] = [:]
        for case let n? in labels.values { counts[n, default: 0] += 1 }
        self.init(catalog: catalog, trackletCounts: counts)
    }

    /// Counts from a plan's granted segments (each expected to give a tracklet).
    public init(catalog: [ElementSet], plan: TaskingPlan) {
        var counts: [Int: Int] = [:]
        for s in plan.segments { counts[s.catalogNumber, default: 0] += 1 }
        self.init(catalog: catalog, trackletCounts: counts)
    }

    /// All regimes together.
    public var total: Row {
        rows.reduce(Row(regime: .leo, objects: 0, withAtLeastOne: 0, withAtLeastThree: 0)) {
            Row(regime: $0.regime, objects: $0.objects + $1.objects, withAtLeastOne: $0.withAtLeastOne + $1.withAtLeastOne,
                withAtLeastThree: $0.withAtLeastThree + $1.withAtLeastThree)
        }
    }
}
