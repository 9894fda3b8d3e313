import Astrodynamics
import Foundation

/// The ground range a missile can reach from its burnout state, flown — not from a formula: the burnout
/// speed (Earth-relative) is aimed along the burnout's own ground direction at a sweep of flight-path
/// angles, each coasted to the ground with ``TwoStepCoast`` (WGS84, J2, rotating Earth, drag with the
/// reentry ballistic coefficient), and the longest ground range from the launch point is kept (a 2° scan
/// from 2° to 88°, refined by golden-section search).
///
/// Why not only the vacuum range equation (``MissileClassifier``): a burnout low in the atmosphere
/// (a depressed short-range flight burns out near 30 km) loses hundreds of kilometres to drag climbing
/// out, and the Earth turning under a long flight adds or removes range with the direction. The truth
/// of the Proof is defined the same way, by the flight model: ``MissilePreset/maximumRangeKm(step:)``.
public struct RangeCapability: Sendable {
    /// The coast used for each trial.
    public var coast: TwoStepCoast
    /// Ballistic coefficient when the estimate has none, kg/m² (the impact predictor's default).
    public var defaultBetaKgPerM2: Double

    public init(coast: TwoStepCoast = TwoStepCoast(), defaultBetaKgPerM2: Double = 5_000) {
        self.coast = coast
        self.defaultBetaKgPerM2 = defaultBetaKgPerM2
    }

    /// The maximum ground range, km, from `launchPoint` (the burnout sub-point when nil) over flight-path
    /// angles at the burnout speed; ∞ when some angle does not come down (orbital speed).
    public func maximumRangeKm(burnoutPositionKm r: SIMD3<Double>, burnoutVelocityKmPerS v: SIMD3<Double>,
                               betaKgPerM2: Double?, launchPoint: Geodetic?) throws -> (rangeKm: Double, flightPathAngleRad: Double) {
        let ellipsoid = coast.environment.ellipsoid
        let rn = (r * r).sum().squareRoot(), speed = (v * v).sum().squareRoot()
        guard rn.isFinite, speed.isFinite, rn > 0, speed > 0 else {
            throw MissileWarningError(.badField, "a burnout state needs a finite position and a non-zero velocity", field: "burnout",
                                      value: "\(r), \(v)")
        }
        let up = r / rn
        var horizontal = v - (v * up).sum() * up
        if (horizontal * horizontal).sum() < 1e-18 {   // straight up: any direction; east
            horizontal = SIMD3(-up.y, up.x, 0)
        }
        let ahead = horizontal / (horizontal * horizontal).sum().squareRoot()
        let origin = launchPoint ?? Geodetic(itrfPositionKm: r, ellipsoid: ellipsoid)
        let beta = betaKgPerM2 ?? defaultBetaKgPerM2
        var orbit = false
        func range(_ gamma: Double) -> Double {
            let trial = speed * (cos(gamma) * ahead + sin(gamma) * up)
            guard let result = try? coast.coast(positionKm: r, velocityKmPerS: trial, betaKgPerM2: beta) else {
                orbit = true
                return -1
            }
            let g = result.impact.geodetic
            return Vincenty1975.distanceKm(latitude1Rad: origin.latitudeRad, longitude1Rad: origin.longitudeRad,
                                           latitude2Rad: g.latitudeRad, longitude2Rad: g.longitudeRad, ellipsoid: ellipsoid)
        }
        let step = 2 * Double.pi / 180
        var best = (range: -1.0, gamma: 0.0)
        var gamma = step
        while gamma < Double.pi / 2 - 1e-9 {
            let d = range(gamma)
            if d > best.range { best = (d, gamma) }
            gamma += step
        }
        if orbit { return (.infinity, .nan) }
        var a = max(0.1 * step, best.gamma - step), b = min(Double.pi / 2 - 0.01, best.gamma + step)
        let phi = (5.0.squareRoot() - 1) / 2
        // Golden-section search: one new coast per iteration, the other point's range carried over.
        var c = b - phi * (b - a), d = a + phi * (b - a)
        var rc = range(c), rd = range(d)
        for _ in 0..<25 {
            if rc > rd {
                b = d; d = c; rd = rc
                c = b - phi * (b - a); rc = range(c)
            } else {
                a = c; c = d; rc = rd
                d = a + phi * (b - a); rd = range(d)
            }
        }
        let refined = (a + b) / 2
        let refinedRange = range(refined)
        return refinedRange > best.range ? (refinedRange, refined) : (best.range, best.gamma)
    }
}

extension MissilePreset {
    /// The longest ground range this preset's vehicle can fly from its site along its azimuth: the
    /// flight model (``BallisticFlight``) over kick angles (a 1° scan from 0.5° to 80.5°, refined to
    /// 0.05°), km. The truth behind the Proof's class check: what the modelled missile can do, whatever
    /// trajectory its test flew.
    public func maximumRangeKm(step: Double = 1) throws -> (rangeKm: Double, kickAngleRad: Double) {
        let flight = BallisticFlight(stepS: step)
        func range(_ kickDeg: Double) -> Double {
            var p = self
            p.pitch.kickAngleRad = kickDeg * .pi / 180
            return (try? p.fly(flight).groundRangeKm) ?? -1
        }
        var best = (range: -1.0, kick: 0.0)
        for k in stride(from: 0.5, through: 80.5, by: 1.0) {
            let d = range(k)
            if d > best.range { best = (d, k) }
        }
        guard best.range > 0 else { throw MissileWarningError(.badFlight, "no kick angle flies", value: name) }
        var k = best.kick, h = 0.5
        while h >= 0.05 {
            for c in [k - h, k + h] where c > 0 {
                let d = range(c)
                if d > best.range { best = (d, c) }
            }
            k = best.kick
            h /= 2
        }
        return (best.range, best.kick * .pi / 180)
    }
}
