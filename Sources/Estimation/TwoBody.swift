import Foundation
import Astrodynamics

/// Earth's gravitational parameter μ = 398600.4418 km³/s² (EGM-96/WGS-84 value, as in Vallado 2013,
/// Table D-1), the default of the two-body routines.
public let earthMuKm3PerS2 = 398600.4418


/// The Stumpff functions c₂(ψ) and c₃(ψ) of the universal-variable formulation (Vallado 2013,
/// Algorithm 1 "findc2c3"), with a series near ψ = 0 where the closed forms lose digits.
public func stumpffC2C3(_ psi: Double) -> (c2: Double, c3: Double) {
    if psi > 1e-2 {
        let s = psi.squareRoot()
        return ((1 - cos(s)) / psi, (s - sin(s)) / (s * psi))
    } else if psi < -1e-2 {
        let s = (-psi).squareRoot()
        return ((1 - cosh(s)) / psi, (sinh(s) - s) / (s * -psi))
    }
    // Taylor series: c₂ = Σ (−ψ)ᵏ/(2k+2)!, c₃ = Σ (−ψ)ᵏ/(2k+3)!; the ψ⁵ term is below 1e-16 for |ψ| ≤ 1e-2.
    let c2 = 1.0 / 2 - psi / 24 + psi * psi / 720 - psi * psi * psi / 40320 + psi * psi * psi * psi / 3_628_800
    let c3 = 1.0 / 6 - psi / 120 + psi * psi / 5040 - psi * psi * psi / 362_880 + psi * psi * psi * psi / 39_916_800
    return (c2, c3)
}

/// Two-body (Keplerian) propagation by universal variables (Vallado 2013, Algorithm 8 "KEPLER"),
/// valid for elliptic, parabolic and hyperbolic orbits and for negative time spans.
public enum UniversalKepler {
    /// The Lagrange coefficients and the propagated state after `seconds`.
    public struct Result: Sendable, Hashable {
        /// Position after the span, km.
        public var positionKm: SIMD3<Double>
        /// Velocity after the span, km/s.
        public var velocityKmPerS: SIMD3<Double>
        /// f, g (s), ḟ (1/s), ġ with r = f·r₀ + g·v₀ and v = ḟ·r₀ + ġ·v₀.
        public var f: Double, g: Double, fDot: Double, gDot: Double
        /// The universal variable χ, km^½.
        public var chi: Double
    }

    /// Propagates (r₀, v₀) by `seconds` under μ.
    ///
    /// - Throws: ``EstimationError`` `.invalidInput` for a zero or non-finite state,
    ///   `.didNotConverge` if Newton's iteration on χ fails (it does not for sane inputs).
    public static func propagate(positionKm r0: SIMD3<Double>, velocityKmPerS v0: SIMD3<Double>, seconds: Double,
                                 mu: Double = earthMuKm3PerS2) throws -> Result {
        let r0Mag = FrameMath.norm(r0), v0Mag = FrameMath.norm(v0)
        guard r0Mag > 0, r0Mag.isFinite, v0Mag.isFinite, seconds.isFinite, mu > 0 else {
            throw EstimationError(.invalidInput, "cannot propagate r=\(r0) v=\(v0) over \(seconds) s with μ=\(mu)")
        }
        if seconds == 0 {
            return Result(positionKm: r0, velocityKmPerS: v0, f: 1, g: 0, fDot: 0, gDot: 1, chi: 0)
        }
        let sqrtMu = mu.squareRoot()
        let rDotV = FrameMath.dot(r0, v0)
        let alpha = -v0Mag * v0Mag / mu + 2 / r0Mag  // 1/a
        var dt = seconds
        var chi: Double
        if alpha > 1e-6 {
            // Ellipse: reduce the span to within one period.
            let period = 2 * Double.pi / (sqrtMu * alpha * alpha.squareRoot())
            if abs(dt) > period { dt = dt.truncatingRemainder(dividingBy: period) }
            chi = sqrtMu * dt * alpha
        } else if abs(alpha) < 1e-6 {
            // Parabola: Barker's solution for the first guess.
            let h = FrameMath.cross(r0, v0)
            let p = FrameMath.dot(h, h) / mu
            let s = 0.5 * atan(1 / (3 * (mu / (p * p * p)).squareRoot() * dt))  // acot
            let w = atan(cbrt(tan(s)))
            chi = p.squareRoot() * 2 / tan(2 * w)
        } else {
            let a = 1 / alpha
            let sign: Double = dt > 0 ? 1 : -1
            let argument = (-2 * mu * alpha * dt) / (rDotV + sign * (-mu * a).squareRoot() * (1 - r0Mag * alpha))
            chi = sign * (-a).squareRoot() * log(argument)
            if !chi.isFinite { chi = sign * (-a).squareRoot() }
        }
        var r = r0Mag
        var c2 = 0.5, c3 = 1.0 / 6, psi = 0.0
        var converged = false
        for _ in 0..<100 {
            psi = chi * chi * alpha
            (c2, c3) = stumpffC2C3(psi)
            r = chi * chi * c2 + rDotV / sqrtMu * chi * (1 - psi * c3) + r0Mag * (1 - psi * c2)
            let next = chi + (sqrtMu * dt - chi * chi * chi * c3 - rDotV / sqrtMu * chi * chi * c2
                              - r0Mag * chi * (1 - psi * c3)) / r
            let done = abs(next - chi) <= 1e-13 * max(1, abs(chi))
            chi = next
            if done { converged = true; break }
        }
        guard converged, chi.isFinite else {
            throw EstimationError(.didNotConverge, "universal Kepler iteration for \(seconds) s did not converge (χ = \(chi))")
        }
        psi = chi * chi * alpha
        (c2, c3) = stumpffC2C3(psi)
        r = chi * chi * c2 + rDotV / sqrtMu * chi * (1 - psi * c3) + r0Mag * (1 - psi * c2)
        let f = 1 - chi * chi / r0Mag * c2
        let g = dt - chi * chi * chi / sqrtMu * c3
        let gDot = 1 - chi * chi / r * c2
        let fDot = sqrtMu / (r * r0Mag) * chi * (psi * c3 - 1)
        return Result(positionKm: f * r0 + g * v0, velocityKmPerS: fDot * r0 + gDot * v0,
                      f: f, g: g, fDot: fDot, gDot: gDot, chi: chi)
    }
}

/// Classical (osculating Keplerian) orbital elements, radians and km.
///
/// For circular or equatorial orbits the undefined angles are NaN and the special angles
/// (argument of latitude, true longitude of periapsis, true longitude) carry the orbit
/// (Vallado 2013, §2.6 and Algorithm 9).
public struct ClassicalElements: Sendable, Hashable {
    /// Semi-latus rectum p = h²/μ, km.
    public var semiLatusRectumKm: Double
    /// Semi-major axis, km (infinite for a parabola, negative for a hyperbola).
    public var semiMajorAxisKm: Double
    /// Eccentricity.
    public var eccentricity: Double
    /// Inclination, rad in [0, π].
    public var inclinationRad: Double
    /// Right ascension of the ascending node Ω, rad in [0, 2π) (NaN when equatorial).
    public var raanRad: Double
    /// Argument of perigee ω, rad in [0, 2π) (NaN when circular or equatorial).
    public var argumentOfPerigeeRad: Double
    /// True anomaly ν, rad in [0, 2π) (NaN when circular).
    public var trueAnomalyRad: Double
    /// Argument of latitude u = ω + ν, rad (for circular inclined orbits; NaN when equatorial).
    public var argumentOfLatitudeRad: Double
    /// True longitude of periapsis ϖ, rad (for elliptical equatorial orbits; NaN otherwise).
    public var longitudeOfPeriapsisRad: Double
    /// True longitude λ = Ω + ω + ν, rad (for circular equatorial orbits; NaN otherwise).
    public var trueLongitudeRad: Double

    /// Tolerance below which an eccentricity or inclination counts as zero.
    public static let smallValue = 1e-10

    /// Elements from a position and velocity (Vallado 2013, Algorithm 9 "RV2COE").
    ///
    /// - Throws: ``EstimationError`` `.invalidInput` for a zero position, a non-finite state or
    ///   a rectilinear orbit (zero angular momentum).
    public init(positionKm r: SIMD3<Double>, velocityKmPerS v: SIMD3<Double>, mu: Double = earthMuKm3PerS2) throws {
        let rMag = FrameMath.norm(r), vMag = FrameMath.norm(v)
        guard rMag > 0, rMag.isFinite, vMag.isFinite else {
            throw EstimationError(.invalidInput, "no elements for r=\(r) v=\(v)")
        }
        let h = FrameMath.cross(r, v)
        let hMag = FrameMath.norm(h)
        guard hMag > 1e-12 * rMag * max(vMag, 1e-12) else {
            throw EstimationError(.invalidInput, "rectilinear orbit (zero angular momentum): r=\(r) v=\(v)")
        }
        let n = SIMD3(-h.y, h.x, 0)  // K × h
        let nMag = FrameMath.norm(n)
        let eVec = ((vMag * vMag - mu / rMag) * r - FrameMath.dot(r, v) * v) / mu
        let e = FrameMath.norm(eVec)
        let energy = vMag * vMag / 2 - mu / rMag
        let a = abs(e - 1) > 1e-12 ? -mu / (2 * energy) : .infinity
        let p = hMag * hMag / mu
        let i = acos(max(-1, min(1, h.z / hMag)))
        func angle(_ cosine: Double, negative: Bool) -> Double {
            let x = acos(max(-1, min(1, cosine)))
            return negative ? 2 * Double.pi - x : x
        }
        let circular = e < Self.smallValue
        let equatorial = i < Self.smallValue || abs(i - Double.pi) < Self.smallValue
        let raan = equatorial ? Double.nan : angle(n.x / nMag, negative: n.y < 0)
        let argp = (circular || equatorial) ? Double.nan : angle(FrameMath.dot(n, eVec) / (nMag * e), negative: eVec.z < 0)
        let nu = circular ? Double.nan : angle(FrameMath.dot(eVec, r) / (e * rMag), negative: FrameMath.dot(r, v) < 0)
        let u = equatorial ? Double.nan : angle(FrameMath.dot(n, r) / (nMag * rMag), negative: r.z < 0)
        var lonPeri = Double.nan
        if !circular && equatorial {
            lonPeri = angle(eVec.x / e, negative: eVec.y < 0)
            if i > Double.pi / 2 { lonPeri = 2 * Double.pi - lonPeri }
        }
        var trueLon = Double.nan
        if circular && equatorial {
            trueLon = angle(r.x / rMag, negative: r.y < 0)
            if i > Double.pi / 2 { trueLon = 2 * Double.pi - trueLon }
        }
        semiLatusRectumKm = p
        semiMajorAxisKm = a
        eccentricity = e
        inclinationRad = i
        raanRad = raan
        argumentOfPerigeeRad = argp
        trueAnomalyRad = nu
        argumentOfLatitudeRad = u
        longitudeOfPeriapsisRad = lonPeri
        trueLongitudeRad = trueLon
    }

    /// Position and velocity from p, e, i, Ω, ω, ν (Vallado 2013, Algorithm 10 "COE2RV"), for a
    /// non-circular, non-equatorial orbit (use ω = 0 and ν = u for a circular one, Ω = 0 for an
    /// equatorial one).
    public static func stateVector(semiLatusRectumKm p: Double, eccentricity e: Double, inclinationRad i: Double,
                                   raanRad raan: Double, argumentOfPerigeeRad argp: Double, trueAnomalyRad nu: Double,
                                   mu: Double = earthMuKm3PerS2) -> (positionKm: SIMD3<Double>, velocityKmPerS: SIMD3<Double>) {
        let rPQW = SIMD3(p * cos(nu), p * sin(nu), 0) / (1 + e * cos(nu))
        let vPQW = SIMD3(-sin(nu), e + cos(nu), 0) * (mu / p).squareRoot()
        let (cO, sO, cw, sw, ci, si) = (cos(raan), sin(raan), cos(argp), sin(argp), cos(i), sin(i))
        // Columns of ROT3(−Ω)·ROT1(−i)·ROT3(−ω).
        let pHat = SIMD3(cO * cw - sO * sw * ci, sO * cw + cO * sw * ci, sw * si)
        let qHat = SIMD3(-cO * sw - sO * cw * ci, -sO * sw + cO * cw * ci, cw * si)
        return (rPQW.x * pHat + rPQW.y * qHat, vPQW.x * pHat + vPQW.y * qHat)
    }
}
