import Foundation
import Astrodynamics
import SpaceData
import Sensors

/// The true trajectory of an ``InspectorScenario``: what radars see, as opposed to the noisy element
/// sets of ``InspectorScenario/assetHistory`` and ``InspectorScenario/inspectorHistory`` (the
/// catalog's view).
///
/// The asset flies its noise-free mean elements at the scenario start (B* = 0). The inspector flies
/// legs: each leg is a noise-free SGP4 mean-element set at the leg's start — the scenario start, then
/// each burn — with the leg's mean motion and the mean anomaly the scenario gives at that instant, and
/// SGP4 propagates it until the next burn. A burn is therefore applied the way the scenario models it:
/// an instantaneous change of mean motion (a tangential Δv pair, as a two-impulse Hohmann transfer
/// does in half an orbit, collapsed to one instant) at a continuous mean argument of latitude.
public struct InspectorTruth: Sendable {
    /// One leg of the inspector between burns.
    public struct Leg: Sendable {
        /// When the leg starts (the scenario start or a burn).
        public var start: Instant
        /// When it ends (the next burn); nil for the last leg.
        public var end: Instant?
        /// The inspector's true mean elements at ``start`` (epoch = ``start``).
        public var elementSet: ElementSet
    }

    /// The asset's true mean elements at the scenario start.
    public var asset: ElementSet
    /// The inspector's legs, in time order.
    public var inspectorLegs: [Leg]

    /// The inspector's true element set in force at `time` (the leg holding it; the first leg before the start).
    public func inspectorElementSet(at time: Instant) -> ElementSet {
        (inspectorLegs.last { $0.start <= time } ?? inspectorLegs[0]).elementSet
    }

    /// True TEME position (km) of the inspector at `time`, by SGP4 from its leg.
    public func inspectorPositionKm(at time: Instant) throws -> SIMD3<Double> {
        let set = inspectorElementSet(at: time)
        let p = try SGP4(set.meanElements)
        return try p.propagate(minutesSinceEpoch: time.secondsSince(set.epoch) / 60).positionKm
    }

    /// True TEME position (km) of the asset at `time`.
    public func assetPositionKm(at time: Instant) throws -> SIMD3<Double> {
        let p = try SGP4(asset.meanElements)
        return try p.propagate(minutesSinceEpoch: time.secondsSince(asset.epoch) / 60).positionKm
    }
}

/// Radar and optical tracklets of an ``InspectorScenario``'s asset and inspector, made from their
/// true trajectories (``InspectorTruth``) by the Sensors module's ``ObservationSimulator``.
///
/// The simulator takes one element set per object; the inspector's burns make its truth several
/// sets, so the window is simulated leg by leg (the inspector over each leg's span, the asset over
/// the whole window, false tracklets once) and the results are merged. A pass that spans a burn ends
/// at the burn and the rest is a new pass from the new leg. Tracklet identifiers are then given as
/// the simulator gives them, `<sensor>-<yyyymmdd>-<seq>` with the sequence counting per sensor and UTC
/// day in time order, so the merged output reads as one run.
public struct InspectorObservations: Sendable {
    /// The tracklets, by sensor then start.
    public var tracklets: [Tracklet]
    /// Truth: tracklet id → catalog number (nil for a false tracklet).
    public var labels: [String: Int?]
    /// Passes that produced nothing (not detected, or too few detections).
    public var undetectedPasses: Int

    /// Simulates `durationSeconds` from `start` (default: the scenario's first set epoch and its
    /// whole length). `simulator` carries the sensors, Earth orientation and options (seed, noise,
    /// false alarms). Throws ``ThreatsError`` `badConfiguration` for a non-positive duration and
    /// `badElements` when SGP4 cannot propagate a truth set.
    public static func simulate(_ scenario: InspectorScenario, simulator: ObservationSimulator,
                                start: Instant? = nil, durationSeconds: Double? = nil) throws -> InspectorObservations {
        let from = start ?? scenario.truth.asset.epoch
        let span = durationSeconds ?? ((scenario.inspectorHistory.last?.epoch).map { $0.secondsSince(from) } ?? 0)
        guard span > 0, span.isFinite else {
            throw ThreatsError(.badConfiguration, "the observation window must have a positive length", field: "durationSeconds",
                               value: "\(span)")
        }
        let to = from.advanced(bySeconds: span)
        var quiet = simulator
        quiet.options.addFalseAlarms = false
        // The simulator drops tracklets with fewer than `minimumMeasurements` (≥ 1) measurements, so each has a start.
        var parts: [(Tracklet, Int?)] = []
        var undetected = 0
        func take(_ r: SimulationResult) throws {
            if let f = r.failures.first {
                throw ThreatsError(.badElements, "SGP4 cannot propagate the truth: \(f.error)", field: "NORAD \(f.catalogNumber)")
            }
            undetected += r.undetectedPasses
            parts += r.tracklets.filter { $0.start != nil }.map { ($0, r.labels[$0.id] ?? nil) }
        }
        // The asset over the whole window, with the false tracklets if the options ask for them.
        try take(simulator.simulate(truth: [scenario.truth.asset], start: from, durationSeconds: span))
        for leg in scenario.truth.inspectorLegs {
            let a = max(from, leg.start), b = min(to, leg.end ?? to)
            guard b.secondsSince(a) > 0 else { continue }
            try take(quiet.simulate(truth: [leg.elementSet], start: a, durationSeconds: b.secondsSince(a)))
        }
        let (tracklets, labels) = ObservationSimulator.numbered(parts.map { (tracklet: $0.0, label: $0.1) }, leapSeconds: simulator.model.leapSeconds)
        return InspectorObservations(tracklets: tracklets, labels: labels, undetectedPasses: undetected)
    }

    /// The tracklets whose first measurement is in [`from`, `to`).
    public func tracklets(from: Instant, to: Instant) -> [Tracklet] {
        tracklets.filter { t in t.start.map { $0 >= from && $0 < to } ?? false }
    }
}
