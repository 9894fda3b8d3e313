import Astrodynamics
import Foundation

/// One object offered to the ``Screener``: its catalog number, name and SGP4 propagator.
public struct ScreeningObject: Sendable {
    /// Identifier reported in events (normally the NORAD catalog number); unique within a run.
    public var id: Int
    /// Object name, if known (reporting only).
    public var name: String?
    /// The object's propagator.
    public var sgp4: SGP4

    /// An object with its identifier, name and propagator.
    public init(id: Int, name: String? = nil, sgp4: SGP4) {
        self.id = id
        self.name = name
        self.sgp4 = sgp4
    }
}

/// What a screening run covers and how strictly it rejects element sets.
///
/// The defaults (7 days, 5 km, all-vs-all, 30-day age limit, 12 km/s speed limit) are the usual
/// operational catalog screen.
public struct ScreeningConfiguration: Sendable {
    /// Start of the window.
    public var start: Instant
    /// Length of the window, seconds (default 7 days).
    public var durationSeconds: Double
    /// Miss distance below which a close approach is an event, km (default 5).
    public var thresholdKm: Double
    /// Catalog numbers of the primaries: only pairs with at least one primary are screened.
    /// `nil` screens every object against every other.
    public var primaries: Set<Int>?
    /// Worker threads (default: active processor count).
    public var threads: Int
    /// Element sets whose epoch is more than this many days before `start` are excluded (default 30).
    public var maximumElementAgeDays: Double
    /// Element sets whose speed exceeds this anywhere in the window are excluded, km/s (default 12:
    /// escape speed at the Earth's surface is 11.2 km/s, so no bound orbit near Earth is faster).
    public var maximumSpeedKmPerS: Double
    /// Time step of the candidate search, seconds (default 60). Any step is correct (the pair bound
    /// grows with it); it trades propagation cost against pair tests. On the 2023-10-09 catalog
    /// with the batched propagator, 40–60 s is fastest (single thread, 0.25 days, CPU seconds of the
    /// whole run: 40 s 6.3, 60 s 6.2, 90 s 7.9; Benchmarks/ScreeningBenchmark `full --step`).
    public var searchStepSeconds: Double
    /// Pad on the apogee/perigee overlap filter, km (default 50; see ``Screener`` for its measurement).
    public var apsisPadKm: Double
    /// Extra apsis pad for deep-space objects (period ≥ 225 min), as a fraction of the semi-major
    /// axis (default 0.01): lunisolar terms move their osculating radius up to 2.8e-3 a outside
    /// the band in a week (see ``Screener``).
    public var deepSpaceApsisPadFraction: Double

    /// A configuration; every parameter but `start` has the operational default.
    /// Pairs with at least this many events, all slower than ``coOrbitalMaximumRelativeSpeedKmPerS``,
    /// are reported once as co-located (``CoLocatedPair/Basis/coOrbital``) instead of as a stream of
    /// events (default 3).
    public var coOrbitalMinimumEvents: Int = 3
    /// See ``coOrbitalMinimumEvents``, km/s (default 0.1: station visitors drift at m/s; a crossing
    /// conjunction is km/s).
    public var coOrbitalMaximumRelativeSpeedKmPerS: Double = 0.1
    /// The compiled variant of the candidate search's SIMD kernels (``SGP4Batch`` and the pair
    /// scan); ``SGP4Batch/InstructionSet/detected`` by default. All give the same candidates; a
    /// variant this CPU lacks falls back to the detected one. For tests and comparisons.
    public var instructionSet: SGP4Batch.InstructionSet = .detected

    public init(start: Instant, durationSeconds: Double = 7 * 86_400, thresholdKm: Double = 5,
                primaries: Set<Int>? = nil, threads: Int? = nil, maximumElementAgeDays: Double = 30,
                maximumSpeedKmPerS: Double = 12, searchStepSeconds: Double = 60, apsisPadKm: Double = 50,
                deepSpaceApsisPadFraction: Double = 0.01) {
        self.start = start
        self.durationSeconds = durationSeconds
        self.thresholdKm = thresholdKm
        self.primaries = primaries
        self.threads = max(1, threads ?? ProcessInfo.processInfo.activeProcessorCount)
        self.maximumElementAgeDays = maximumElementAgeDays
        self.maximumSpeedKmPerS = maximumSpeedKmPerS
        self.searchStepSeconds = searchStepSeconds
        self.apsisPadKm = apsisPadKm
        self.deepSpaceApsisPadFraction = deepSpaceApsisPadFraction
    }
}

/// A close approach: the time of closest approach (TCA) of two objects and the geometry there.
public struct ConjunctionEvent: Sendable, Hashable {
    /// The primary's identifier (when primaries are given), else the smaller identifier.
    public var id1: Int
    /// The other object's identifier.
    public var id2: Int
    /// Time of closest approach: a root of the range rate, to ≤ 0.1 ms.
    public var tca: Instant
    /// Range at TCA, km.
    public var missDistanceKm: Double
    /// |v2 − v1| at TCA, km/s.
    public var relativeSpeedKmPerS: Double
    /// Secondary − primary position at TCA in the primary's RTN basis (radial, transverse, normal), km.
    public var missRTNKm: SIMD3<Double>
    /// Primary (`id1`) state at TCA.
    public var primaryState: State<TEME>
    /// Secondary (`id2`) state at TCA.
    public var secondaryState: State<TEME>

    /// An event from its parts (the screener builds these; CDM code and tests may too).
    public init(id1: Int, id2: Int, tca: Instant, missDistanceKm: Double, relativeSpeedKmPerS: Double,
                missRTNKm: SIMD3<Double>, primaryState: State<TEME>, secondaryState: State<TEME>) {
        self.id1 = id1
        self.id2 = id2
        self.tca = tca
        self.missDistanceKm = missDistanceKm
        self.relativeSpeedKmPerS = relativeSpeedKmPerS
        self.missRTNKm = missRTNKm
        self.primaryState = primaryState
        self.secondaryState = secondaryState
    }
}

/// An object left out of the screen, and why.
public struct ExcludedObject: Sendable, Hashable {
    /// Why an element set was excluded.
    public enum Reason: Sendable, Hashable, CustomStringConvertible {
        /// SGP4 refused the set at the window start or during the window (decayed, eccentricity out
        /// of range, ...), with its error.
        case sgp4Refused(SGP4Error)
        /// The set's epoch is older than ``ScreeningConfiguration/maximumElementAgeDays`` at the
        /// window start; the age in days.
        case tooOld(ageDays: Double)
        /// The set's speed exceeded ``ScreeningConfiguration/maximumSpeedKmPerS``; the speed seen.
        case absurdSpeed(kmPerS: Double)
        /// SGP4's velocity disagreed with the rate of its own position by this much (km/s) at a
        /// vetting sample: the set is in its final decay and its output is not continuous.
        case inconsistentVelocity(kmPerS: Double)
        /// Another object in the list has the same identifier; only the first is screened.
        case duplicateIdentifier

        /// A one-line explanation.
        public var description: String {
            switch self {
            case .sgp4Refused(let e): return "SGP4 refused: \(e)"
            case .tooOld(let d): return "element set \(d) days old at window start"
            case .absurdSpeed(let v): return "speed \(v) km/s"
            case .inconsistentVelocity(let v): return "SGP4 velocity off its position rate by \(v * 1000) m/s"
            case .duplicateIdentifier: return "duplicate identifier"
            }
        }
    }
    /// The object's identifier.
    public var id: Int
    /// Why it was excluded.
    public var reason: Reason

    /// An exclusion of object `id` for `reason`.
    public init(id: Int, reason: Reason) {
        self.id = id
        self.reason = reason
    }
}

/// Two objects that stay within the threshold of each other for the whole window (docked, or the
/// same element set twice): reported once instead of as one event per orbit.
public struct CoLocatedPair: Sendable, Hashable {
    /// Why the pair is reported once instead of event by event.
    public enum Basis: String, Sendable, Hashable {
        /// Within the threshold at every search step of the window (docked, same element set twice).
        case withinThresholdThroughout
        /// Repeated slow approaches: at least ``ScreeningConfiguration/coOrbitalMinimumEvents``
        /// events, every one slower than ``ScreeningConfiguration/coOrbitalMaximumRelativeSpeedKmPerS``
        /// (visitors of a station whose separately fitted sets drift apart, formations).
        case coOrbital
    }
    /// Smaller identifier (or the primary).
    public var id1: Int
    /// The other identifier.
    public var id2: Int
    /// The two objects have identical mean elements.
    public var identicalElements: Bool
    /// Largest range seen at the search steps (throughout) or largest miss of the collapsed
    /// approaches (co-orbital), km.
    public var maximumRangeKm: Double
    /// Why the pair is reported once.
    public var basis: Basis
    /// Close approaches collapsed into this report (0 when within the threshold throughout).
    public var collapsedEvents: Int
    /// Smallest miss of the collapsed approaches, km (nil when within the threshold throughout).
    public var closestApproachKm: Double?

    /// A co-located pair.
    public init(id1: Int, id2: Int, identicalElements: Bool, maximumRangeKm: Double,
                basis: Basis = .withinThresholdThroughout, collapsedEvents: Int = 0, closestApproachKm: Double? = nil) {
        self.id1 = id1
        self.id2 = id2
        self.identicalElements = identicalElements
        self.maximumRangeKm = maximumRangeKm
        self.basis = basis
        self.collapsedEvents = collapsedEvents
        self.closestApproachKm = closestApproachKm
    }
}

/// Counters and timings of a run.
public struct ScreeningStatistics: Sendable, Hashable {
    /// Objects offered.
    public var objects = 0
    /// Objects screened after the junk rule (and, with primaries, the apsis filter).
    public var screenedObjects = 0
    /// Objects removed by the apsis filter (primaries mode only; in all-vs-all it acts per pair).
    public var apsisFilteredObjects = 0
    /// Search steps.
    public var steps = 0
    /// Pairs tested against the distance bound in the grid search (summed over steps).
    public var pairTests = 0
    /// (object, step) pairs where the object was faster than the cell speed and searched beyond the
    /// adjacent cells (see ``Screener``).
    public var fastObjectSteps = 0
    /// (pair, step) candidates passing the bound.
    public var candidatePairSteps = 0
    /// Distinct candidate pairs.
    public var candidatePairs = 0
    /// Candidate intervals refined (consecutive candidate steps of one pair merged).
    public var refinedIntervals = 0
    /// Range-rate roots solved (local minima found).
    public var rootsSolved = 0
    /// Range-rate brackets not solved because the range provably stays above the threshold in
    /// them (``TCARefinement``'s straight-line bound).
    public var rootsPruned = 0
    /// Range-rate samples of the refinement not computed because the range provably stays above
    /// the threshold up to them (the same bound).
    public var samplesSkipped = 0
    /// Wall time of the junk-rule pass, seconds.
    public var vettingSeconds = 0.0
    /// Wall time of the candidate search, seconds.
    public var searchSeconds = 0.0
    /// Wall time of refinement, seconds.
    public var refinementSeconds = 0.0

    /// All counters zero.
    public init() {}
}

/// Everything a screening run found.
public struct ScreeningResult: Sendable {
    /// Close approaches below the threshold, by TCA.
    public var events: [ConjunctionEvent]
    /// Objects left out by the junk rule, by identifier.
    public var excluded: [ExcludedObject]
    /// Pairs within the threshold for the whole window.
    public var coLocated: [CoLocatedPair]
    /// Counters and timings.
    public var statistics: ScreeningStatistics

    /// A result from its parts.
    public init(events: [ConjunctionEvent], excluded: [ExcludedObject], coLocated: [CoLocatedPair],
                statistics: ScreeningStatistics) {
        self.events = events
        self.excluded = excluded
        self.coLocated = coLocated
        self.statistics = statistics
    }
}
