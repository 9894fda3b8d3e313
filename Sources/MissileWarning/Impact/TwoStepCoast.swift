import Foundation
import Astrodynamics

/// A fast coast of an unpowered body in the Earth-fixed frame to its impact on the ellipsoid: the same
/// forces as ``BallisticFlight/coast(positionKm:velocityKmPerS:betaKgPerM2:epoch:)`` (point mass + J2,
/// Coriolis and centrifugal terms, U.S. Standard Atmosphere 1976 drag with ballistic coefficient β),
/// integrated by classic fourth-order Runge–Kutta with two step sizes: a long step above the sensible
/// atmosphere and a short one inside it.
///
/// Step rule: the long step `vacuumStepS` is taken while the body cannot fall below
/// `atmosphereTopKm` within it (altitude − top > speed × long step); below the top the short step
/// `atmosphereStepS`; in between a step that just reaches the top. The impact (geodetic altitude 0) is
/// found inside the last step by the Illinois variant of regula falsi on the step length, to 1 mm of
/// altitude. With the defaults (20 s / 1 s, top 120 km) the impact of every tested preset is within
/// 100 m of the 0.5 s fixed-step coast (measured and tested; see docs/missile-impact.md).
public struct TwoStepCoast: Sendable {
    /// The Earth.
    public var environment: FlightEnvironment
    /// RK4 step above the atmosphere, s.
    public var vacuumStepS: Double
    /// RK4 step inside the atmosphere, s.
    public var atmosphereStepS: Double
    /// Altitude above which drag is negligible for the step choice, km.
    public var atmosphereTopKm: Double
    /// Give up (``MissileWarningError/Code/badFlight``) if there is no impact within this time, s.
    public var maxFlightTimeS: Double

    public init(environment: FlightEnvironment = .wgs84, vacuumStepS: Double = 20, atmosphereStepS: Double = 1,
                atmosphereTopKm: Double = 120, maxFlightTimeS: Double = 10_800) {
        self.environment = environment
        self.vacuumStepS = vacuumStepS
        self.atmosphereStepS = atmosphereStepS
        self.atmosphereTopKm = atmosphereTopKm
        self.maxFlightTimeS = maxFlightTimeS
    }

    /// One sample of a coast: seconds after its start, Earth-fixed state and geodetic point.
    public struct Sample: Sendable, Hashable {
        public var timeS: Double
        public var positionKm: SIMD3<Double>
        public var velocityKmPerS: SIMD3<Double>
        public var geodetic: Geodetic
    }

    /// The result of a coast.
    public struct Result: Sendable {
        /// The impact (altitude 0), time in seconds after the start.
        public var impact: Sample
        /// Every step when recorded (the first is the start, the last the impact), else empty.
        public var samples: [Sample]
        /// The highest point reached from the start on (the start itself if descending), time refined
        /// by a parabola through the three highest steps.
        public var apogee: Sample
        /// Number of RK4 steps taken (root finding excluded).
        public var steps: Int
    }

    /// Coasts from an Earth-fixed state with ballistic coefficient `betaKgPerM2` (nil or ∞: no drag).
    public func coast(positionKm r0: SIMD3<Double>, velocityKmPerS v0: SIMD3<Double>, betaKgPerM2: Double?,
                      recordSamples: Bool = false) throws -> Result {
        guard r0.x.isFinite, r0.y.isFinite, r0.z.isFinite, v0.x.isFinite, v0.y.isFinite, v0.z.isFinite else {
            throw MissileWarningError(.badFlight, "state is not finite", value: "\(r0), \(v0)")
        }
        if let beta = betaKgPerM2, !(beta > 0) {
            throw MissileWarningError(.badField, "expected a positive ballistic coefficient", field: "beta_kg_m2", value: "\(beta)")
        }
        guard vacuumStepS > 0, atmosphereStepS > 0, vacuumStepS.isFinite, atmosphereStepS.isFinite else {
            throw MissileWarningError(.badField, "expected positive integration steps", field: "step_s",
                                      value: "\(vacuumStepS), \(atmosphereStepS)")
        }
        let ellipsoid = environment.ellipsoid
        let vehicle = Vehicle(stages: [], payloadMassKg: 1, boostDragAreaM2: 0, reentryBetaKgPerM2: betaKgPerM2 ?? .infinity)
        let start = Geodetic(itrfPositionKm: r0, ellipsoid: ellipsoid)
        let model = BallisticFlight.Model(environment: environment, vehicle: vehicle, pitch: PitchProgram(kickAngleRad: 0),
                                          site: start, azimuthRad: 0)
        var t = 0.0, r = r0, v = v0, alt = start.altitudeKm
        var samples: [Sample] = []
        let first = Sample(timeS: 0, positionKm: r0, velocityKmPerS: v0, geodetic: start)
        if recordSamples { samples.reserveCapacity(256); samples.append(first) }
        // The three highest consecutive samples for the apogee parabola.
        var best = first, before: Sample? = nil, after: Sample? = nil
        var previous = first
        var steps = 0
        if alt < 0 { alt = 0 }   // a start just under the surface (rounding) still flies
        while true {
            guard t < maxFlightTimeS else {
                throw MissileWarningError(.badFlight, "no impact within \(Int(maxFlightTimeS)) s (an orbit?)", value: "altitude \(alt) km")
            }
            let speed = (v * v).sum().squareRoot()
            var h: Double
            let above = alt - atmosphereTopKm
            if above > speed * vacuumStepS { h = vacuumStepS }
            else if above > 0 { h = min(vacuumStepS, max(atmosphereStepS, above / max(speed, 1e-9))) }
            else { h = atmosphereStepS }
            let (r1, v1) = model.rk4(t: t, r: r, v: v, h: h)
            steps += 1
            guard r1.x.isFinite, v1.x.isFinite else {
                throw MissileWarningError(.badFlight, "the integration diverged", value: "t = \(t) s")
            }
            let g1 = Geodetic(itrfPositionKm: r1, ellipsoid: ellipsoid)
            if g1.altitudeKm < 0 {
                var lo = 0.0, flo = alt, hi = h, fhi = g1.altitudeKm, side = 0
                var hit = (r1, v1, h, g1)
                for _ in 0 ..< 60 {
                    let dt = (lo * fhi - hi * flo) / (fhi - flo)
                    let (rc, vc) = model.rk4(t: t, r: r, v: v, h: dt)
                    let gc = Geodetic(itrfPositionKm: rc, ellipsoid: ellipsoid)
                    hit = (rc, vc, dt, gc)
                    let fc = gc.altitudeKm
                    if abs(fc) < 1e-6 { break }
                    if fc > 0 { lo = dt; flo = fc; if side == 1 { fhi /= 2 }; side = 1 }
                    else { hi = dt; fhi = fc; if side == -1 { flo /= 2 }; side = -1 }
                }
                let impact = Sample(timeS: t + hit.2, positionKm: hit.0, velocityKmPerS: hit.1, geodetic: hit.3)
                if recordSamples { samples.append(impact) }
                if after == nil && best.timeS == previous.timeS { after = impact }
                return Result(impact: impact, samples: samples, apogee: Self.refineApogee(before, best, after, ellipsoid), steps: steps)
            }
            t += h; r = r1; v = v1; alt = g1.altitudeKm
            let s = Sample(timeS: t, positionKm: r, velocityKmPerS: v, geodetic: g1)
            if recordSamples { samples.append(s) }
            if s.geodetic.altitudeKm > best.geodetic.altitudeKm { before = previous; best = s; after = nil }
            else if after == nil && best.timeS == previous.timeS { after = s }
            previous = s
        }
    }

    /// The vertex of the parabola through (time, altitude) of three samples around the highest one; the
    /// point itself is interpolated linearly in position between the nearest samples.
    static func refineApogee(_ a: Sample?, _ b: Sample, _ c: Sample?, _ ellipsoid: Ellipsoid) -> Sample {
        guard let a, let c else { return b }
        let t0 = a.timeS, t1 = b.timeS, t2 = c.timeS
        let y0 = a.geodetic.altitudeKm, y1 = b.geodetic.altitudeKm, y2 = c.geodetic.altitudeKm
        let d01 = (y1 - y0) / (t1 - t0), d12 = (y2 - y1) / (t2 - t1)
        let curv = (d12 - d01) / (t2 - t0)
        guard curv < 0 else { return b }
        let tv = (t0 + t1) / 2 - d01 / (2 * curv)
        guard tv > t0, tv < t2 else { return b }
        let yv = y1 + d01 * (tv - t1) + curv * (tv - t0) * (tv - t1)
        let (p, q) = tv < t1 ? (a, b) : (b, c)
        let f = (tv - p.timeS) / (q.timeS - p.timeS)
        let pos = p.positionKm + f * (q.positionKm - p.positionKm)
        let vel = p.velocityKmPerS + f * (q.velocityKmPerS - p.velocityKmPerS)
        let gp = Geodetic(itrfPositionKm: pos, ellipsoid: ellipsoid)
        let g = Geodetic(latitudeRad: gp.latitudeRad, longitudeRad: gp.longitudeRad, altitudeKm: yv)
        return Sample(timeS: tv, positionKm: pos, velocityKmPerS: vel, geodetic: g)
    }
}
