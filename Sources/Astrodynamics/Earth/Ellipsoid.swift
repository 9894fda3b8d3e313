import Foundation

/// A reference ellipsoid of revolution: equatorial radius and flattening, passed in as a value.
///
/// The geometric half of a geodetic datum only; gravity constants live in `GravityModel`.
public struct Ellipsoid: Sendable, Hashable {
    /// Equatorial (semi-major) radius a, km.
    public let equatorialRadiusKm: Double
    /// Flattening f = (a − b)/a.
    public let flattening: Double

    public init(equatorialRadiusKm: Double, flattening: Double) {
        self.equatorialRadiusKm = equatorialRadiusKm
        self.flattening = flattening
    }

    /// Polar (semi-minor) radius b = a(1 − f), km.
    public var polarRadiusKm: Double { equatorialRadiusKm * (1 - flattening) }
    /// First eccentricity squared e² = f(2 − f).
    public var eccentricitySquared: Double { flattening * (2 - flattening) }

    /// WGS 84 (NIMA TR8350.2, 3rd ed.): a = 6378.137 km, 1/f = 298.257223563. Kanshi's default
    /// for geodetic coordinates.
    public static let wgs84 = Ellipsoid(equatorialRadiusKm: 6378.137, flattening: 1 / 298.257_223_563)
    /// WGS 72 (Seppelin 1974): a = 6378.135 km, 1/f = 298.26 — the ellipsoid of the SGP4 element sets.
    public static let wgs72 = Ellipsoid(equatorialRadiusKm: 6378.135, flattening: 1 / 298.26)
}
