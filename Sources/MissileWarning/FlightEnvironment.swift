import Foundation
import Astrodynamics

/// The Earth a missile flies over, as a value: surface ellipsoid, gravity (point mass plus J2),
/// rotation and atmosphere. ``wgs84`` is the real thing; the others switch effects off for checks
/// against analytic results.
public struct FlightEnvironment: Sendable, Hashable {
    /// The surface (altitude, impact) and geodetic coordinates.
    public var ellipsoid: Ellipsoid
    /// Gravitational parameter μ, km³/s².
    public var muKm3PerS2: Double
    /// Reference radius of the J2 term, km.
    public var gravityRadiusKm: Double
    /// Second zonal harmonic J2 (0: point-mass gravity).
    public var j2: Double
    /// Earth rotation rate ω about the z axis, rad/s (0: a non-rotating Earth, no Coriolis or centrifugal terms).
    public var rotationRateRadPerS: Double
    /// Air density model.
    public var atmosphere: Atmosphere

    public init(ellipsoid: Ellipsoid, muKm3PerS2: Double, gravityRadiusKm: Double, j2: Double,
                rotationRateRadPerS: Double, atmosphere: Atmosphere) {
        self.ellipsoid = ellipsoid
        self.muKm3PerS2 = muKm3PerS2
        self.gravityRadiusKm = gravityRadiusKm
        self.j2 = j2
        self.rotationRateRadPerS = rotationRateRadPerS
        self.atmosphere = atmosphere
    }

    /// WGS84 (NIMA TR8350.2): ellipsoid, GM = 398600.4418 km³/s², ω = 7.292115×10⁻⁵ rad/s; J2 of
    /// ``GravityModel/wgs84``; U.S. Standard Atmosphere 1976.
    public static let wgs84 = FlightEnvironment(
        ellipsoid: .wgs84, muKm3PerS2: 398_600.4418, gravityRadiusKm: 6378.137, j2: GravityModel.wgs84.j2,
        rotationRateRadPerS: 7.292115e-5, atmosphere: .ussa1976)

    /// A non-rotating spherical Earth of radius `radiusKm`, point-mass gravity and no air: the world
    /// of the textbook range and apex equations.
    public static func keplerian(radiusKm: Double = 6378.137, muKm3PerS2: Double = 398_600.4418) -> FlightEnvironment {
        FlightEnvironment(ellipsoid: Ellipsoid(equatorialRadiusKm: radiusKm, flattening: 0), muKm3PerS2: muKm3PerS2,
                          gravityRadiusKm: radiusKm, j2: 0, rotationRateRadPerS: 0, atmosphere: .none)
    }

    /// Gravitational acceleration (point mass + J2) at an Earth-fixed position, km/s²
    /// (Vallado, *Fundamentals of Astrodynamics and Applications*, 4th ed., 2013, eq. 8-30).
    @inlinable
    public func gravityKmPerS2(_ r: SIMD3<Double>) -> SIMD3<Double> {
        let r2 = (r * r).sum()
        let rn = r2.squareRoot()
        let k = -muKm3PerS2 / (r2 * rn)
        if j2 == 0 { return k * r }
        let z2r2 = r.z * r.z / r2
        let c = 1.5 * j2 * gravityRadiusKm * gravityRadiusKm / r2
        return SIMD3(k * r.x * (1 + c * (1 - 5 * z2r2)),
                     k * r.y * (1 + c * (1 - 5 * z2r2)),
                     k * r.z * (1 + c * (3 - 5 * z2r2)))
    }

    /// The potential energy per unit mass of the gravity field plus the centrifugal potential,
    /// km²/s²: with ½|v|² it makes the Jacobi integral, constant in the rotating frame when only
    /// gravity acts (Coriolis does no work).
    public func effectivePotentialKm2PerS2(_ r: SIMD3<Double>) -> Double {
        let r2 = (r * r).sum()
        let rn = r2.squareRoot()
        let sinLat2 = r.z * r.z / r2
        let gravity = -muKm3PerS2 / rn * (1 - j2 * (gravityRadiusKm * gravityRadiusKm / r2) * (1.5 * sinLat2 - 0.5))
        let centrifugal = -0.5 * rotationRateRadPerS * rotationRateRadPerS * (r.x * r.x + r.y * r.y)
        return gravity + centrifugal
    }
}
