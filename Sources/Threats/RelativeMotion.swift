import Foundation
import Astrodynamics
import SpaceData

/// The motion of an object relative to a protected asset over a span of time, in the asset's RIC
/// frame (radial, in-track, cross-track: ``RTNBasis`` of the asset's state), as an analyst plots it
/// to see an approach develop.
///
/// Built from the two element-set *histories*, not from one pair of sets: at each sample time each
/// object is propagated (SGP4) from its newest set at or before that time (its first set before
/// the history begins). A maneuver therefore shows where it happened — the relative motion bends
/// at the first set after the burn — instead of being smoothed away by propagating today's set
/// backwards across it. After the last set, the samples are the prediction of the newest sets.
public struct RelativeMotion: Sendable {
    /// One sample.
    public struct Sample: Sendable, Hashable {
        public var time: Instant
        /// The object's position minus the asset's, in the asset's RIC axes, km.
        public var ricKm: SIMD3<Double>
        /// |ricKm|, km.
        public var rangeKm: Double
        /// Relative speed in the asset's rotating RIC frame, |Δv − ω × Δr|, km/s.
        public var relativeSpeedKmPerS: Double
        /// Whether either state came from propagating past its history's newest set (a prediction)
        /// rather than between two of its sets.
        public var predicted: Bool
    }

    public var samples: [Sample]

    /// Samples `[from, to]` every `stepSeconds` (the last sample at `to`). Samples where SGP4 fails
    /// for either object are left out.
    /// - Parameters:
    ///   - assetHistory, objectHistory: element sets of each, any order (at least one each).
    public static func sample(assetHistory: [ElementSet], objectHistory: [ElementSet], from: Instant, to: Instant,
                              stepSeconds: Double) -> RelativeMotion {
        let asset = Track(assetHistory), object = Track(objectHistory)
        guard stepSeconds > 0, to >= from, !asset.isEmpty, !object.isEmpty else { return RelativeMotion(samples: []) }
        let span = to.secondsSince(from)
        let count = Int((span / stepSeconds).rounded(.down)) + 1
        var out: [Sample] = []
        out.reserveCapacity(count + 1)
        var times = (0..<count).map { from.advanced(bySeconds: Double($0) * stepSeconds) }
        if let last = times.last, to.secondsSince(last) > 1e-6 { times.append(to) }
        for t in times {
            guard let a = asset.state(at: t), let o = object.state(at: t) else { continue }
            let rel = RTNBasis(a.state).relativeState(of: o.state)
            out.append(Sample(time: t, ricKm: rel.positionKm, rangeKm: FrameMath.norm(rel.positionKm),
                              relativeSpeedKmPerS: FrameMath.norm(rel.velocityKmPerS), predicted: a.predicted || o.predicted))
        }
        return RelativeMotion(samples: out)
    }

    /// An object's history, each set's SGP4 built once.
    struct Track {
        let epochs: [Instant]
        let models: [SGP4?]
        init(_ history: [ElementSet]) {
            let sorted = history.sorted { $0.epoch < $1.epoch }
            epochs = sorted.map(\.epoch)
            models = sorted.map { try? SGP4($0.meanElements) }
        }
        var isEmpty: Bool { epochs.isEmpty }

        /// The state from the newest set at or before `t` (the first set before the history).
        func state(at t: Instant) -> (state: State<TEME>, predicted: Bool)? {
            var lo = 0, hi = epochs.count
            while lo < hi { let mid = (lo + hi) / 2; if epochs[mid] <= t { lo = mid + 1 } else { hi = mid } }
            let k = max(0, lo - 1)
            guard let model = models[k], let s = try? model.state(at: t) else { return nil }
            return (s, k == epochs.count - 1 && t > epochs[k])
        }
    }
}

/// One element set of a history, as the threat page plots it: the mean elements with the derived
/// size of the orbit and, in GEO, the longitude of the sub-satellite point at epoch.
public struct ElementHistoryPoint: Sendable, Hashable {
    public var epoch: Instant
    /// Semi-major axis from the mean motion (Kepler's third law, WGS-72 μ as SGP4 uses), km.
    public var semiMajorAxisKm: Double
    /// Perigee and apogee altitude above the WGS-72 equatorial radius, km.
    public var perigeeAltitudeKm: Double
    public var apogeeAltitudeKm: Double
    public var inclinationDeg: Double
    public var raanDeg: Double
    public var eccentricity: Double
    public var meanMotionRevPerDay: Double
    /// East longitude of the sub-satellite point at epoch (TEME right ascension minus GMST 1982,
    /// UT1 = UTC), degrees in (−180, 180]; `nil` when SGP4 refuses the set.
    public var longitudeDeg: Double?

    public init(_ set: ElementSet) {
        epoch = set.epoch
        let g = GravityModel.wgs72
        let nRadPerS = set.meanMotionRevPerDay * 2 * .pi / 86_400
        let a = pow(g.muKm3PerS2 / (nRadPerS * nRadPerS), 1.0 / 3.0)
        semiMajorAxisKm = a
        perigeeAltitudeKm = a * (1 - set.eccentricity) - g.radiusKm
        apogeeAltitudeKm = a * (1 + set.eccentricity) - g.radiusKm
        inclinationDeg = set.inclinationDeg
        raanDeg = set.raanDeg
        eccentricity = set.eccentricity
        meanMotionRevPerDay = set.meanMotionRevPerDay
        if let model = try? SGP4(set.meanElements), let s = try? model.state(at: set.epoch) {
            let gmst = SiderealTime.gmst1982Rad(at: set.epoch, .zero)
            var lon = (atan2(s.positionKm.y, s.positionKm.x) - gmst) * 180 / .pi
            while lon > 180 { lon -= 360 }
            while lon <= -180 { lon += 360 }
            longitudeDeg = lon
        } else {
            longitudeDeg = nil
        }
    }
}
