import Foundation
import Astrodynamics

/// Solves for the pitch-program kick angle, the propellant scaling (``Vehicle/scalingPropellant(by:)``) and the
/// launch azimuth that make a flight reach a target apogee and ground range with its impact on a
/// given bearing from the launch site.
///
/// Newton's method on the three residuals (apogee and range relative to their targets, bearing in
/// radians) with a forward-difference Jacobian (one extra flight per unknown) and step halving
/// while the residual norm does not fall: Dennis & Schnabel, *Numerical Methods for Unconstrained
/// Optimization and Nonlinear Equations* (1983), §6.3 (backtracking) and §5.4 (finite-difference
/// Jacobians). Flight time is not a target: it follows from the physics, and presets check it.
public struct FlightTuner: Sendable {
    /// What to reach.
    public struct Target: Sendable, Hashable {
        public var apogeeKm: Double
        public var rangeKm: Double
        /// Bearing from the launch site toward the impact area (geodesic azimuth), rad.
        public var bearingRad: Double
        public init(apogeeKm: Double, rangeKm: Double, bearingRad: Double) {
            self.apogeeKm = apogeeKm
            self.rangeKm = rangeKm
            self.bearingRad = bearingRad
        }
    }

    /// A solution: the flown parameters and how close they came.
    public struct Solution: Sendable {
        public var kickAngleRad: Double
        public var propellantScale: Double
        public var azimuthRad: Double
        public var trajectory: Trajectory
        public var iterations: Int
        /// Largest relative error of apogee or range at the solution.
        public var worstRelativeError: Double
    }

    public var flight: BallisticFlight
    /// Stop when apogee and range are both within this relative error and the bearing within 1e-4 rad.
    public var relativeTolerance: Double
    public var maxIterations: Int

    public init(flight: BallisticFlight = BallisticFlight(), relativeTolerance: Double = 1e-3, maxIterations: Int = 30) {
        self.flight = flight
        self.relativeTolerance = relativeTolerance
        self.maxIterations = maxIterations
    }

    /// Solves, starting from the given kick, scale and azimuth.
    public func solve(vehicle: Vehicle, pitch: PitchProgram, site: Geodetic, launchTime: Instant, target: Target,
                      kickAngleRad: Double, propellantScale: Double, azimuthRad: Double) throws -> Solution {
        func run(_ x: SIMD3<Double>) throws -> (SIMD3<Double>, Trajectory) {
            var p = pitch
            p.kickAngleRad = x.x
            let tr = try flight.fly(vehicle: vehicle.scalingPropellant(by: x.y), pitch: p, site: site, azimuthRad: x.z, launchTime: launchTime)
            var db = tr.impactBearingRad - target.bearingRad
            db = atan2(sin(db), cos(db))
            return (SIMD3(tr.apogeeAltitudeKm / target.apogeeKm - 1, tr.groundRangeKm / target.rangeKm - 1, db), tr)
        }
        var x = SIMD3(kickAngleRad, propellantScale, azimuthRad)
        var (f, tr) = try run(x)
        var iterations = 0
        func done(_ f: SIMD3<Double>) -> Bool { abs(f.x) < relativeTolerance && abs(f.y) < relativeTolerance && abs(f.z) < 1e-4 }
        func norm(_ f: SIMD3<Double>) -> Double { (f * f).sum().squareRoot() }
        while !done(f) && iterations < maxIterations {
            iterations += 1
            let steps = SIMD3(max(abs(x.x) * 1e-3, 1e-5), 1e-4, 1e-5)
            var columns: [SIMD3<Double>] = []
            for i in 0..<3 {
                var xp = x
                xp[i] += steps[i]
                let (fp, _) = try run(xp)
                columns.append((fp - f) / steps[i])
            }
            guard let dx = Self.solve3(columns[0], columns[1], columns[2], -f) else {
                throw MissileWarningError(.badFlight, "tuning stalled: the Jacobian is singular", value: "kick \(x.x * 180 / .pi)°, scale \(x.y)")
            }
            var lambda = 1.0
            var accepted = false
            while lambda > 1e-3 {
                var xn = x + lambda * dx
                xn.x = min(max(xn.x, 0), 1.5)
                xn.y = max(xn.y, 0.2)
                if let (fn, trn) = try? run(xn), norm(fn) < norm(f) {
                    x = xn; f = fn; tr = trn; accepted = true
                    break
                }
                lambda /= 2
            }
            if !accepted { break }
        }
        guard done(f) || (abs(f.x) < 0.01 && abs(f.y) < 0.01) else {
            throw MissileWarningError(.badFlight, "tuning did not reach the target apogee and range",
                                      value: "apogee \(tr.apogeeAltitudeKm) km, range \(tr.groundRangeKm) km")
        }
        return Solution(kickAngleRad: x.x, propellantScale: x.y, azimuthRad: x.z, trajectory: tr, iterations: iterations,
                        worstRelativeError: max(abs(f.x), abs(f.y)))
    }

    /// Solves the 3×3 system [c0 c1 c2]·x = b by Cramer's rule; nil if singular.
    static func solve3(_ c0: SIMD3<Double>, _ c1: SIMD3<Double>, _ c2: SIMD3<Double>, _ b: SIMD3<Double>) -> SIMD3<Double>? {
        func det(_ a: SIMD3<Double>, _ b: SIMD3<Double>, _ c: SIMD3<Double>) -> Double {
            a.x * (b.y * c.z - b.z * c.y) - b.x * (a.y * c.z - a.z * c.y) + c.x * (a.y * b.z - a.z * b.y)
        }
        let d = det(c0, c1, c2)
        guard d.isFinite, abs(d) > 1e-300 else { return nil }
        return SIMD3(det(b, c1, c2) / d, det(c0, b, c2) / d, det(c0, c1, b) / d)
    }
}
