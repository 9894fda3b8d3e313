import Foundation
import Testing
import Astrodynamics
@testable import Estimation

private let mu = earthMuKm3PerS2
private func norm(_ v: SIMD3<Double>) -> Double { (v * v).sum().squareRoot() }
private let deg = Double.pi / 180

/// Position and velocity on a Keplerian ellipse `seconds` after perigee... by Kepler's equation,
/// independently of the universal-variable propagator: M = n·t, E − e·sin E = M, ν from E.
private func keplerEquationState(p: Double, e: Double, i: Double, raan: Double, argp: Double, nu0: Double,
                                 seconds: Double) -> (SIMD3<Double>, SIMD3<Double>) {
    let a = p / (1 - e * e)
    let n = (mu / (a * a * a)).squareRoot()
    let e0 = 2 * atan(((1 - e) / (1 + e)).squareRoot() * tan(nu0 / 2))
    let m = e0 - e * sin(e0) + n * seconds
    var ea = m
    for _ in 0..<50 { ea -= (ea - e * sin(ea) - m) / (1 - e * cos(ea)) }
    let nu = 2 * atan2((1 + e).squareRoot() * sin(ea / 2), (1 - e).squareRoot() * cos(ea / 2))
    let s = ClassicalElements.stateVector(semiLatusRectumKm: p, eccentricity: e, inclinationRad: i, raanRad: raan,
                                          argumentOfPerigeeRad: argp, trueAnomalyRad: nu)
    return (s.positionKm, s.velocityKmPerS)
}

@Suite("Two-body propagation and classical elements")
struct TwoBodyTests {
    @Test("universal-variable Kepler matches Kepler's equation to 1 mm, 1 µm/s (LEO, Molniya, GEO; ± spans)",
          arguments: [(7000.0 * (1 - 0.01 * 0.01), 0.01, 51.6), (26_600 * (1 - 0.74 * 0.74), 0.74, 63.4), (42_164.0, 1e-4, 0.05)])
    func universalKepler(p: Double, e: Double, iDeg: Double) throws {
        let (r0, v0) = keplerEquationState(p: p, e: e, i: iDeg * deg, raan: 1.1, argp: 0.7, nu0: 0.3, seconds: 0)
        for dt in [-86_400.0, -3_000, -1, 1, 600, 5_000, 40_000, 250_000] {
            let k = try UniversalKepler.propagate(positionKm: r0, velocityKmPerS: v0, seconds: dt)
            let (r, v) = keplerEquationState(p: p, e: e, i: iDeg * deg, raan: 1.1, argp: 0.7, nu0: 0.3, seconds: dt)
            #expect(norm(k.positionKm - r) < 1e-6, "Δr at \(dt) s: \(norm(k.positionKm - r)) km")
            #expect(norm(k.velocityKmPerS - v) < 1e-9, "Δv at \(dt) s")
            // f·ġ − ḟ·g = 1 (conservation of angular momentum).
            #expect(abs(k.f * k.gDot - k.fDot * k.g - 1) < 1e-9)
        }
    }

    @Test("hyperbolic and near-parabolic propagation conserve energy and angular momentum and go back to the start")
    func hyperbolic() throws {
        for v in [11.2, 12.0, 20.0, 10.6743] {
            let r0 = SIMD3(7000.0, 100, -300)
            let v0 = SIMD3(0.1, v * 0.8, v * 0.6)
            let energy0 = (v0 * v0).sum() / 2 - mu / norm(r0)
            let h0 = FrameMath.cross(r0, v0)
            let k = try UniversalKepler.propagate(positionKm: r0, velocityKmPerS: v0, seconds: 20_000)
            let energy = (k.velocityKmPerS * k.velocityKmPerS).sum() / 2 - mu / norm(k.positionKm)
            #expect(abs(energy - energy0) < 1e-9 * max(1, abs(energy0)))
            #expect(norm(FrameMath.cross(k.positionKm, k.velocityKmPerS) - h0) < 1e-7 * norm(h0))
            let back = try UniversalKepler.propagate(positionKm: k.positionKm, velocityKmPerS: k.velocityKmPerS, seconds: -20_000)
            #expect(norm(back.positionKm - r0) < 1e-6)
            #expect(norm(back.velocityKmPerS - v0) < 1e-9)
        }
    }

    @Test("rv2coe reproduces Vallado 2013 Example 2-5")
    func rv2coeExample() throws {
        // Vallado 2013, Example 2-5: r = 6524.834 I + 6862.875 J + 6448.296 K km,
        // v = 4.901327 I + 5.533756 J − 1.976341 K km/s → p = 11 067.790 km, a = 36 127.343 km,
        // e = 0.832853, i = 87.870°, Ω = 227.898°, ω = 53.38°, ν = 92.335°.
        let el = try ClassicalElements(positionKm: SIMD3(6524.834, 6862.875, 6448.296),
                                       velocityKmPerS: SIMD3(4.901327, 5.533756, -1.976341))
        #expect(abs(el.semiLatusRectumKm - 11_067.790) < 0.01)
        #expect(abs(el.semiMajorAxisKm - 36_127.343) < 0.05)
        #expect(abs(el.eccentricity - 0.832853) < 1e-6)
        #expect(abs(el.inclinationRad / deg - 87.870) < 1e-3)
        #expect(abs(el.raanRad / deg - 227.898) < 1e-3)
        #expect(abs(el.argumentOfPerigeeRad / deg - 53.38) < 0.01)
        #expect(abs(el.trueAnomalyRad / deg - 92.335) < 1e-3)
    }

    @Test("circular and equatorial orbits carry their special angles (Vallado 2013 §2.6)")
    func specialCases() throws {
        // Circular inclined: ω and ν undefined, argument of latitude u = 1.0 rad.
        let c = ClassicalElements.stateVector(semiLatusRectumKm: 7000, eccentricity: 0, inclinationRad: 0.8, raanRad: 2.0,
                                              argumentOfPerigeeRad: 0, trueAnomalyRad: 1.0)
        let ce = try ClassicalElements(positionKm: c.positionKm, velocityKmPerS: c.velocityKmPerS)
        #expect(ce.eccentricity < 1e-12 && ce.argumentOfPerigeeRad.isNaN && ce.trueAnomalyRad.isNaN)
        #expect(abs(ce.argumentOfLatitudeRad - 1.0) < 1e-12 && abs(ce.raanRad - 2.0) < 1e-12)
        // Elliptic equatorial: Ω and ω undefined, longitude of periapsis ϖ = 0.7 rad.
        let e = ClassicalElements.stateVector(semiLatusRectumKm: 8000, eccentricity: 0.2, inclinationRad: 0, raanRad: 0,
                                              argumentOfPerigeeRad: 0.7, trueAnomalyRad: 0.4)
        let ee = try ClassicalElements(positionKm: e.positionKm, velocityKmPerS: e.velocityKmPerS)
        #expect(ee.raanRad.isNaN && abs(ee.longitudeOfPeriapsisRad - 0.7) < 1e-12 && abs(ee.trueAnomalyRad - 0.4) < 1e-12)
        // Circular equatorial: true longitude λ = 3.0 rad.
        let g = ClassicalElements.stateVector(semiLatusRectumKm: 42_164, eccentricity: 0, inclinationRad: 0, raanRad: 0,
                                              argumentOfPerigeeRad: 0, trueAnomalyRad: 3.0)
        let ge = try ClassicalElements(positionKm: g.positionKm, velocityKmPerS: g.velocityKmPerS)
        #expect(abs(ge.trueLongitudeRad - 3.0) < 1e-12 && abs(ge.semiMajorAxisKm - 42_164) < 1e-6)
    }

    @Test("coe2rv ∘ rv2coe is the identity to 1e-9 km and 1e-12 km/s")
    func roundTrip() throws {
        let s = ClassicalElements.stateVector(semiLatusRectumKm: 9000, eccentricity: 0.3, inclinationRad: 1.2, raanRad: 4.0,
                                              argumentOfPerigeeRad: 2.5, trueAnomalyRad: 5.9)
        let el = try ClassicalElements(positionKm: s.positionKm, velocityKmPerS: s.velocityKmPerS)
        #expect(abs(el.semiLatusRectumKm - 9000) < 1e-8)
        #expect(abs(el.eccentricity - 0.3) < 1e-12)
        #expect(abs(el.inclinationRad - 1.2) < 1e-12)
        #expect(abs(el.raanRad - 4.0) < 1e-12)
        #expect(abs(el.argumentOfPerigeeRad - 2.5) < 1e-11)
        #expect(abs(el.trueAnomalyRad - 5.9) < 1e-11)
        let back = ClassicalElements.stateVector(semiLatusRectumKm: el.semiLatusRectumKm, eccentricity: el.eccentricity,
                                                 inclinationRad: el.inclinationRad, raanRad: el.raanRad,
                                                 argumentOfPerigeeRad: el.argumentOfPerigeeRad, trueAnomalyRad: el.trueAnomalyRad)
        #expect(norm(back.positionKm - s.positionKm) < 1e-9)
        #expect(norm(back.velocityKmPerS - s.velocityKmPerS) < 1e-12)
        #expect(throws: EstimationError.self) {
            try ClassicalElements(positionKm: SIMD3(7000, 0, 0), velocityKmPerS: SIMD3(1, 0, 0))
        }
    }
}

@Suite("Initial orbit determination: Gibbs, Herrick–Gibbs, Gauss")
struct InitialOrbitDeterminationTests {
    @Test("Gibbs reproduces Vallado 2013 Example 7-3 (Vallado's own software result) to 1 µm/s")
    func gibbsExample() throws {
        // Inputs of Example 7-3 as in Vallado's validation suite (CelesTrak/fundamentals-of-astrodynamics,
        // software/python/tests/astro/iod/test_utils.py, test_gibbs): v2 = (0, 5.5311472050176125,
        // −5.191806413494606) km/s; the book prints 5.5311 and −5.1918. That software uses
        // μ = 398600.4415 km³/s² (with 398600.4418 the velocity is 2e-9 km/s larger).
        let g = try Gibbs.velocity(SIMD3(0, 0, 6378.1363), SIMD3(0, -4464.696, -5102.509), SIMD3(0, 5740.323, 3189.068),
                                   mu: 398_600.4415)
        #expect(abs(g.velocityKmPerS.x) < 1e-9)
        #expect(abs(g.velocityKmPerS.y - 5.5311472050176125) < 1e-9)
        #expect(abs(g.velocityKmPerS.z + 5.191806413494606) < 1e-9)
        #expect(abs(g.angle12Rad / deg - 138.81407085944375) < 1e-9)
        #expect(abs(g.angle23Rad / deg - 160.24053069723146) < 1e-9)
    }

    @Test("Herrick–Gibbs reproduces Vallado 2013 Example 7-4 (Vallado's own software result) to 1 µm/s")
    func herrickGibbsExample() throws {
        // Same source, test_hgibbs: v2 = (−6.441557227511062, 3.777559606719521, −1.7205675602414345) km/s.
        let h = try HerrickGibbs.velocity(SIMD3(3419.85564, 6019.82602, 2784.60022),
                                          SIMD3(2935.91195, 6326.18324, 2660.59584),
                                          SIMD3(2434.95202, 6597.38674, 2521.52311),
                                          t1: 0, t2: 76.48, t3: 153.04)
        #expect(abs(h.velocityKmPerS.x + 6.441557227511062) < 1e-9)
        #expect(abs(h.velocityKmPerS.y - 3.777559606719521) < 1e-9)
        #expect(abs(h.velocityKmPerS.z + 1.7205675602414345) < 1e-9)
        #expect(abs(h.angle12Rad / deg - 4.499996147374992) < 1e-9)
    }

    @Test("Gibbs is exact on a Keplerian orbit (1e-9 km/s); Herrick–Gibbs within 2 mm/s at 60 s spacing in LEO")
    func exactOrbits() throws {
        let p = 7200.0 * (1 - 0.05 * 0.05)
        func state(_ t: Double) -> (SIMD3<Double>, SIMD3<Double>) {
            keplerEquationState(p: p, e: 0.05, i: 0.9, raan: 0.4, argp: 1.3, nu0: 2.0, seconds: t)
        }
        let (r1, _) = state(-1200), (r2, v2) = state(0), (r3, _) = state(1500)
        let g = try Gibbs.velocity(r1, r2, r3)
        #expect(norm(g.velocityKmPerS - v2) < 1e-9)
        let (h1, _) = state(-60), (h3, _) = state(60)
        let h = try HerrickGibbs.velocity(h1, r2, h3, t1: -60, t2: 0, t3: 60)
        #expect(norm(h.velocityKmPerS - v2) < 2e-6, "Herrick–Gibbs error \(norm(h.velocityKmPerS - v2) * 1e6) mm/s")
    }

    @Test("Gibbs and Herrick–Gibbs refuse bad geometry with coded errors")
    func badGeometry() {
        #expect(throws: EstimationError.self) {
            try Gibbs.velocity(SIMD3(7000, 0, 0), SIMD3(0, 7000, 0), SIMD3(0, 0, 7000))  // not coplanar
        }
        #expect(throws: EstimationError.self) {
            try Gibbs.velocity(SIMD3(7000, 0, 0), SIMD3(8000, 0, 0), SIMD3(9000, 0, 0))  // collinear
        }
        #expect(throws: EstimationError.self) {
            try HerrickGibbs.velocity(SIMD3(7000, 0, 0), SIMD3(6990, 300, 0), SIMD3(6970, 600, 0), t1: 0, t2: 0, t3: 60)
        }
    }

    @Test("Gauss angles-only recovers a Keplerian orbit seen from a rotating ground site to 1 m and 1 mm/s",
          arguments: [(7000.0, 0.01, 5.0 * 60), (26_000.0, 0.3, 20.0 * 60), (42_164.0, 0.0005, 60.0 * 60)])
    func gaussExact(a: Double, e: Double, spacing: Double) throws {
        let p = a * (1 - e * e)
        let omegaEarth = 7.292115e-5
        let lat = 35.0 * deg, lon0 = 0.2
        func site(_ t: Double) -> SIMD3<Double> {
            let rs = 6378.137
            let th = lon0 + omegaEarth * t
            return SIMD3(rs * cos(lat) * cos(th), rs * cos(lat) * sin(th), rs * sin(lat))
        }
        let times = [-spacing, 0, spacing * 1.1]
        let truth = times.map { keplerEquationState(p: p, e: e, i: 0.7, raan: 0.5, argp: 0.4, nu0: 0.6, seconds: $0) }
        let sites = times.map(site)
        let los = (0..<3).map { k -> SIMD3<Double> in let d = truth[k].0 - sites[k]; return d / norm(d) }
        let solution = try GaussAnglesOnly.solve(lineOfSight: los, timesSeconds: times, sitePositionsKm: sites)
        #expect(norm(solution.positionKm - truth[1].0) < 1e-3, "Δr \(norm(solution.positionKm - truth[1].0)) km")
        #expect(norm(solution.velocityKmPerS - truth[1].1) < 1e-6, "Δv \(norm(solution.velocityKmPerS - truth[1].1)) km/s")
    }

    @Test("Gauss on Vallado 2013 Example 7-2: unrefined equals Vallado's software to 1 cm; refined passes along the three observed directions to 1 µrad, closer than the book's orbit")
    func gaussValladoExample() throws {
        // Vallado 2013, Example 7-2 (inputs as in Vallado's validation suite): topocentric right
        // ascension and declination (deg), times (JD 2456159.5 + fraction), site positions (km, ECI).
        let dec = [18.667717, 35.664741, 36.996583].map { $0 * deg }
        let ra = [0.939913, 45.025748, 67.886655].map { $0 * deg }
        let fractions = [0.4864351851851852, 0.49199074074074073, 0.4947685185185185]
        let times = fractions.map { ($0 - fractions[1]) * 86_400 }
        let sites = [SIMD3(4054.881, 2748.195, 4074.237), SIMD3(3956.224, 2888.232, 4074.364), SIMD3(3905.073, 2956.935, 4074.430)]
        let los = (0..<3).map { SIMD3(cos(dec[$0]) * cos(ra[$0]), cos(dec[$0]) * sin(ra[$0]), sin(dec[$0])) }
        /// Largest angle between an observed direction and the one predicted by the orbit (r₂, v₂).
        func worstAngle(_ r2: SIMD3<Double>, _ v2: SIMD3<Double>) throws -> Double {
            try (0..<3).map { k in
                let rk = try UniversalKepler.propagate(positionKm: r2, velocityKmPerS: v2, seconds: times[k]).positionKm
                let d = (rk - sites[k]) / norm(rk - sites[k])
                return atan2(norm(FrameMath.cross(d, los[k])), (d * los[k]).sum())
            }.max()!
        }
        let s = try GaussAnglesOnly.solve(lineOfSight: los, timesSeconds: times, sitePositionsKm: sites)
        let plain = try GaussAnglesOnly.solve(lineOfSight: los, timesSeconds: times, sitePositionsKm: sites, refine: false)
        // Vallado's software (test_utils.py, anglesg): r2 = (6313.378, 5247.506, 6467.707) km,
        // v2 = (−4.1855, 4.7885, 1.7217) km/s.
        let r2 = SIMD3(6313.378130210396, 5247.50563344895, 6467.707164431651)
        let v2 = SIMD3(-4.185488280436629, 4.7884929168898145, 1.721714659663034)
        let ours = try worstAngle(s.positionKm, s.velocityKmPerS), book = try worstAngle(r2, v2)
        print("Gauss Example 7-2: refined Δr = \(norm(s.positionKm - r2)) km, Δv = \(norm(s.velocityKmPerS - v2)) km/s; "
              + "unrefined Δr = \(norm(plain.positionKm - r2)) km Δv = \(norm(plain.velocityKmPerS - v2)) km/s; worst direction error ours \(ours) rad, Vallado's \(book) rad")
        #expect(s.improvementIterations > 0)
        #expect(ours < 1e-6)
        #expect(ours < book)
        // Without the correction this is Vallado's Algorithm 52 as his software runs it: same orbit to 1 cm.
        #expect(norm(plain.positionKm - r2) < 1e-5)
        #expect(norm(plain.velocityKmPerS - v2) < 1e-6)
    }
}
