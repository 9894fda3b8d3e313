import Foundation
import Astrodynamics

/// Range class of a ballistic missile, by the ground range it can reach. Boundaries of the U.S. National
/// Air and Space Intelligence Center, *Ballistic and Cruise Missile Threat* (NASIC-1031-0985-17, 2017,
/// and the 2020 edition), also used by the U.S. Missile Defense Agency: SRBM < 1,000 km, MRBM
/// 1,000–3,000 km, IRBM 3,000–5,500 km, ICBM ≥ 5,500 km.
public enum MissileRangeClass: String, Sendable, Hashable, Codable, CaseIterable {
    case srbm = "SRBM"
    case mrbm = "MRBM"
    case irbm = "IRBM"
    case icbm = "ICBM"

    /// The class of a maximum ground range, km.
    public init(rangeCapabilityKm km: Double) {
        switch km {
        case ..<1_000: self = .srbm
        case ..<3_000: self = .mrbm
        case ..<5_500: self = .irbm
        default: self = .icbm
        }
    }
}

/// How the trajectory was shaped relative to the minimum-energy one for the range flown.
public enum TrajectoryType: String, Sendable, Hashable, Codable, CaseIterable {
    /// Burnout flight-path angle well above the optimum: high apogee, short range (a test shot).
    case lofted
    /// Within the threshold of the optimum.
    case standard
    /// Well below the optimum: low apogee, short flight time.
    case depressed
}

/// A missile's class and trajectory type from its burnout state.
public struct MissileClassification: Sendable, Hashable {
    /// Q = v²r/μ at burnout (inertial speed, spherical burnout radius).
    public var q: Double
    /// Burnout flight-path angle above the local horizontal of the Earth-relative velocity (the
    /// trajectory as flown over the Earth), rad.
    public var burnoutFlightPathAngleRad: Double
    /// Maximum ground range reachable from the burnout radius and speed (free flight to the surface, plus
    /// the powered flight's ground distance when the launch point is given), km;
    /// ∞ when some flight-path angle gives no impact (Q high enough to orbit).
    public var rangeCapabilityKm: Double
    /// The flight-path angle that reaches ``rangeCapabilityKm``, rad.
    public var maximumRangeFlightPathAngleRad: Double
    /// Class by ``rangeCapabilityKm``.
    public var rangeClass: MissileRangeClass
    /// Range angle from the burnout point to the impact (geocentric), rad; nil without an impact point.
    public var actualRangeAngleRad: Double?
    /// The minimum-energy flight-path angle for that range angle, ¼(π − Ψ), rad.
    public var optimumFlightPathAngleRad: Double?
    /// Lofted, standard or depressed (nil without an impact point).
    public var trajectoryType: TrajectoryType?
}

/// Classifies a ballistic missile from its burnout state with the spherical-Earth free-flight range
/// equation of R. R. Bate, D. D. Mueller and J. E. White, *Fundamentals of Astrodynamics*, Dover 1971,
/// §6.2 ("the free-flight range equation", "maximum range trajectory"):
///
///     Q = v²r/μ,  cos(Ψ/2) = (1 − Q cos²γ) / √(1 + Q(Q − 2) cos²γ)        (burnout and reentry at radius r)
///     maximum range:  sin(Ψ/2) = Q / (2 − Q),  γ = ¼(π − Ψ)
///
/// The range capability counts the free flight from the burnout radius down to the surface (radius
/// ``earthRadiusKm``): Ψ(γ) = ν_impact − ν_burnout on the conic (p = rQcos²γ, e = √(1 + Q(Q − 2)cos²γ)),
/// maximised over γ numerically (a 0.25° scan refined by golden-section search), so a burnout well above
/// the ground adds the descent below it. Ground range = ``earthRadiusKm`` × Ψ (+ the powered flight's
/// ground distance when the launch point is known). The speed in Q is the inertial one, |v + ω×r|, as
/// in the textbook's (inertial) derivation: an eastward shot gains the Earth's surface speed (0.36 km/s
/// at 39° N), so the capability depends on the direction; the Earth turning under the free flight is
/// not counted. Drag is not counted either (the textbook's vacuum range).
///
/// Trajectory type: the burnout flight-path angle γ against the minimum-energy angle γ* = ¼(π − Ψ) for
/// the actual range angle Ψ from burnout to impact: lofted if γ − γ* > ``loftThresholdRad`` (10°),
/// depressed if γ − γ* < −``loftThresholdRad``, else standard.
public struct MissileClassifier: Sendable {
    /// Spherical Earth radius, km (IUGG mean radius R₁).
    public var earthRadiusKm: Double
    /// μ, km³/s².
    public var muKm3PerS2: Double
    /// |γ − γ*| beyond which a trajectory is lofted or depressed, rad.
    public var loftThresholdRad: Double

    /// The Earth's rotation rate, rad/s: the burnout speed in Q is the inertial one, |v + ω×r|.
    public var rotationRateRadPerS: Double

    public init(earthRadiusKm: Double = 6371.0088, muKm3PerS2: Double = 398_600.4418, loftThresholdRad: Double = 10 * .pi / 180,
                rotationRateRadPerS: Double = 7.292115e-5) {
        self.rotationRateRadPerS = rotationRateRadPerS
        self.earthRadiusKm = earthRadiusKm
        self.muKm3PerS2 = muKm3PerS2
        self.loftThresholdRad = loftThresholdRad
    }

    /// Maximum range angle for burnout and reentry at the same radius (BMW 1971 §6.2): Ψ with
    /// sin(Ψ/2) = Q/(2 − Q), and its flight-path angle ¼(π − Ψ); Q ≥ 1 reaches half-way round (π).
    public static func maximumRangeAngleSameRadius(q: Double) -> (rangeAngleRad: Double, flightPathAngleRad: Double) {
        let psi = q >= 1 ? Double.pi : 2 * asin(q / (2 - q))
        return (psi, (.pi - psi) / 4)
    }

    /// Free-flight range angle for burnout and reentry at the same radius (BMW 1971 §6.2), rad; nil if
    /// the conic does not come back down (an orbit).
    public static func rangeAngleSameRadius(q: Double, flightPathAngleRad g: Double) -> Double? {
        let c2 = cos(g) * cos(g)
        let e2 = 1 + q * (q - 2) * c2
        guard e2 < 1 || g > 0 else { return nil }
        let cosHalf = (1 - q * c2) / e2.squareRoot()
        return 2 * acos(min(1, max(-1, cosHalf)))
    }

    /// Free-flight range angle from radius `r` to radius `impactR` (descending), rad; nil if the conic
    /// never reaches `impactR` (perigee above it) or is not bound.
    public func rangeAngle(q: Double, flightPathAngleRad g: Double, radiusKm r: Double, impactRadiusKm rI: Double) -> Double? {
        let c2 = cos(g) * cos(g)
        if c2 < 1e-12 { return q < 2 ? 0 : nil }     // vertical: straight up and back down (no rotation here)
        let p = r * q * c2
        let e = (max(0, 1 + q * (q - 2) * c2)).squareRoot()
        guard e < 1, e > 1e-12 else { return nil }   // unbound, or circular (never descends)
        guard p / (1 + e) < rI else { return nil }   // perigee above the impact radius
        let nuB0 = acos(min(1, max(-1, (p / r - 1) / e)))
        let nuB = g >= 0 ? nuB0 : 2 * .pi - nuB0     // descending: past apoapsis, ν in (π, 2π)
        let nuI = 2 * .pi - acos(min(1, max(-1, (p / rI - 1) / e)))
        return nuI - nuB
    }

    /// Classifies from the burnout state (Earth-fixed km, km/s); `impact` (the predicted or actual
    /// impact point) gives the trajectory type; `launchPoint`, when known, adds the powered flight's
    /// ground distance (launch point to the burnout sub-point, ``Vincenty1975``) to the range
    /// capability. Errors: a non-finite or zero state.
    public func classify(burnoutPositionKm rv: SIMD3<Double>, burnoutVelocityKmPerS vv: SIMD3<Double>,
                         impact: Geodetic? = nil, launchPoint: Geodetic? = nil,
                         ellipsoid: Ellipsoid = .wgs84) throws -> MissileClassification {
        let rn = (rv * rv).sum().squareRoot(), v = (vv * vv).sum().squareRoot()
        guard rn.isFinite, v.isFinite, rn > 0, v > 0 else {
            throw MissileWarningError(.badField, "a burnout state needs a finite position and a non-zero velocity",
                                      field: "burnout", value: "\(rv), \(vv)")
        }
        let sub = Geodetic(itrfPositionKm: rv, ellipsoid: ellipsoid)
        let altitude = sub.altitudeKm
        let r = earthRadiusKm + max(0, altitude)
        let vi = vv + SIMD3(-rotationRateRadPerS * rv.y, rotationRateRadPerS * rv.x, 0)   // v + ω×r, ω along z
        let vInertial = (vi * vi).sum().squareRoot()
        let q = vInertial * vInertial * r / muKm3PerS2
        let gamma = asin(min(1, max(-1, (rv * vv).sum() / (rn * v))))
        let rI = earthRadiusKm
        // Scan γ, then golden-section around the best.
        var bestG = 0.0, bestPsi = -1.0, orbit = false
        let step = 0.25 * Double.pi / 180
        var g = -Double.pi / 2 + step
        while g < Double.pi / 2 {
            if let psi = rangeAngle(q: q, flightPathAngleRad: g, radiusKm: r, impactRadiusKm: rI) {
                if psi > bestPsi { bestPsi = psi; bestG = g }
            } else if g > 0 { orbit = true }
            g += step
        }
        var capability = Double.infinity
        if !orbit && bestPsi > 0 {
            var a = bestG - step, b = bestG + step
            let phi = (5.0.squareRoot() - 1) / 2
            func f(_ x: Double) -> Double { rangeAngle(q: q, flightPathAngleRad: x, radiusKm: r, impactRadiusKm: rI) ?? -1 }
            for _ in 0 ..< 60 {
                let c = b - phi * (b - a), d = a + phi * (b - a)
                if f(c) > f(d) { b = d } else { a = c }
            }
            bestG = (a + b) / 2
            bestPsi = max(bestPsi, f(bestG))
            capability = earthRadiusKm * bestPsi
            if let launchPoint {
                capability += Vincenty1975.distanceKm(latitude1Rad: launchPoint.latitudeRad, longitude1Rad: launchPoint.longitudeRad,
                                                      latitude2Rad: sub.latitudeRad, longitude2Rad: sub.longitudeRad, ellipsoid: ellipsoid)
            }
        }
        var actual: Double? = nil, optimum: Double? = nil, type: TrajectoryType? = nil
        if let impact {
            let ri = impact.itrfPositionKm(ellipsoid: ellipsoid)
            let c = (rv * ri).sum() / (rn * (ri * ri).sum().squareRoot())
            let psi = acos(min(1, max(-1, c)))
            let opt = (Double.pi - psi) / 4
            actual = psi; optimum = opt
            type = gamma - opt > loftThresholdRad ? .lofted : (gamma - opt < -loftThresholdRad ? .depressed : .standard)
        }
        return MissileClassification(q: q, burnoutFlightPathAngleRad: gamma, rangeCapabilityKm: capability,
                                     maximumRangeFlightPathAngleRad: orbit ? .nan : bestG,
                                     rangeClass: MissileRangeClass(rangeCapabilityKm: capability),
                                     actualRangeAngleRad: actual, optimumFlightPathAngleRad: optimum, trajectoryType: type)
    }
}
