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
/// §15 — priority-ordered scheduling of sensor resources): candidate track segments are sorted
/// by tier (stale, poorly known, protected/high-interest, routine), then by element-set age
/// (oldest first), then by fewest segments already granted to the object, then by start time; each
/// is granted when the sensor stays within ``TrackingCapacity/simultaneousTracks`` over the
/// segment (counted per minute) and within ``TrackingCapacity/tracksPerHour`` in the hour it starts.
/// A pass longer than ``maximumTrackSeconds`` (deep space: hours in view) yields one candidate
/// segment every ``revisitSeconds``.
public struct TaskingPlan: Sendable {
    /// The granted segments (passes clipped to what is tracked), by rise.
    public var segments: [Pass]
    /// Candidate segments not granted for lack of capacity.
    public var rejected: Int
    /// Each object's tier.
    public var tiers: [Int: TaskingTier]

    /// The longest segment tracked in one go, seconds.
    public static let maximumTrackSeconds = 600.0
    /// The spacing of segments in a long pass, seconds.
    public static let revisitSeconds = 7200.0

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
        for p in passes {
            if p.durationSeconds <= TaskingPlan.maximumTrackSeconds { candidates.append(p); continue }
            var t = p.rise
            while t < p.set {
                var seg = p
                seg.rise = t
                seg.set = min(p.set, t.advanced(bySeconds: TaskingPlan.maximumTrackSeconds))
                seg.culmination = min(max(seg.culmination, seg.rise), seg.set)
                candidates.append(seg)
                t = t.advanced(bySeconds: TaskingPlan.revisitSeconds)
            }
        }
        let key: (Pass) -> (Int, Double, Instant, String) = { p in
            ((tiers[p.catalogNumber] ?? .routine).rawValue, -(ageDays[p.catalogNumber] ?? 0), p.rise, p.sensorID)
        }
        candidates.sort { a, b in
            let ka = key(a), kb = key(b)
            if ka.0 != kb.0 { return ka.0 < kb.0 }
            if ka.1 != kb.1 { return ka.1 < kb.1 }
            if ka.2 != kb.2 { return ka.2 < kb.2 }
            if ka.3 != kb.3 { return ka.3 < kb.3 }
            return a.catalogNumber < b.catalogNumber
        }
        // Round-robin within a tier and age: first pass of every object, then second passes, …
        var order: [Pass] = []
        var i = 0
        while i < candidates.count {
            var j = i
            while j < candidates.count, key(candidates[j]).0 == key(candidates[i]).0 { j += 1 }
            var seen: [Int: Int] = [:]
            let ranked = candidates[i..<j].map { p -> (Int, Pass) in
                let r = seen[p.catalogNumber, default: 0]
                seen[p.catalogNumber] = r + 1
                return (r, p)
            }
            order += ranked.enumerated().sorted { ($0.element.0, $0.offset) < ($1.element.0, $1.offset) }.map { $0.element.1 }
            i = j
        }
        let capacity = Dictionary(uniqueKeysWithValues: sensors.map { ($0.id, $0.capacity) })
        var minuteLoad: [String: [Int: Int]] = [:]
        var hourStarts: [String: [Int: Int]] = [:]
        var granted: [Pass] = []
        var rejected = 0
        for p in order {
            let cap = capacity[p.sensorID] ?? .unlimited
            if cap == .unlimited { granted.append(p); continue }
            let m0 = Int((p.rise.secondsSince(start) / 60).rounded(.down))
            let m1 = Int((p.set.secondsSince(start) / 60).rounded(.down))
            let h = Int((p.rise.secondsSince(start) / 3600).rounded(.down))
            var load = minuteLoad[p.sensorID] ?? [:]
            let busy = (m0...max(m0, m1)).contains { (load[$0] ?? 0) >= cap.simultaneousTracks }
            let starts = hourStarts[p.sensorID]?[h] ?? 0
            if busy || starts >= cap.tracksPerHour { rejected += 1; continue }
            for m in m0...max(m0, m1) { load[m, default: 0] += 1 }
            minuteLoad[p.sensorID] = load
            hourStarts[p.sensorID, default: [:]][h, default: 0] += 1
            granted.append(p)
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
