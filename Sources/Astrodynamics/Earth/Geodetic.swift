import Foundation

/// Geodetic coordinates on an ellipsoid: latitude and longitude in radians, height above the
/// ellipsoid in km (negative below it).
///
/// Conversion from Earth-fixed Cartesian coordinates is Vermeille's closed form (H. Vermeille,
/// "Computing geodetic coordinates from geocentric coordinates", Journal of Geodesy 78:94–95, 2004),
/// exact (to rounding, well under a micrometre) for any point outside the ellipsoid's evolute — every
/// point more than about 43 km from the Earth's centre — and so for every altitude from deep
/// underground to beyond GEO.
public struct Geodetic: Sendable, Hashable {
    /// Geodetic latitude, radians, in [−π/2, π/2].
    public var latitudeRad: Double
    /// Longitude east of Greenwich, radians, in (−π, π].
    public var longitudeRad: Double
    /// Height above the ellipsoid, km.
    public var altitudeKm: Double

    public init(latitudeRad: Double, longitudeRad: Double, altitudeKm: Double) {
        self.latitudeRad = latitudeRad
        self.longitudeRad = longitudeRad
        self.altitudeKm = altitudeKm
    }

    /// Coordinates from degrees (for the edges: files, CLI, UI).
    public init(latitudeDeg: Double, longitudeDeg: Double, altitudeKm: Double) {
        self.init(latitudeRad: latitudeDeg * .pi / 180, longitudeRad: longitudeDeg * .pi / 180, altitudeKm: altitudeKm)
    }

    /// Geodetic latitude, degrees.
    public var latitudeDeg: Double { latitudeRad * 180 / .pi }
    /// Longitude, degrees east.
    public var longitudeDeg: Double { longitudeRad * 180 / .pi }

    /// The geodetic coordinates of an Earth-fixed (ITRF) position, by Vermeille (2004).
    ///
    /// On the polar axis the longitude is 0. The Earth's centre itself (where latitude is undefined)
    /// gives latitude 0 and altitude −a.
    public init(itrfPositionKm r: SIMD3<Double>, ellipsoid: Ellipsoid = .wgs84) {
        let a = ellipsoid.equatorialRadiusKm
        let e2 = ellipsoid.eccentricitySquared
        let e4 = e2 * e2
        let w2 = r.x * r.x + r.y * r.y
        let w = w2.squareRoot()
        longitudeRad = w == 0 ? 0 : atan2(r.y, r.x)
        if w == 0 && r.z == 0 {
            latitudeRad = 0
            altitudeKm = -a
            return
        }
        let p = w2 / (a * a)
        let q = (1 - e2) / (a * a) * r.z * r.z
        let rr = (p + q - e4) / 6
        let s = e4 * p * q / (4 * rr * rr * rr)
        let t = cbrt(1 + s + (s * (2 + s)).squareRoot())
        let u = rr * (1 + t + 1 / t)
        let v = (u * u + e4 * q).squareRoot()
        let wv = e2 * (u + v - q) / (2 * v)
        let k = (u + v + wv * wv).squareRoot() - wv
        let d = k * w / (k + e2)
        let dz = (d * d + r.z * r.z).squareRoot()
        latitudeRad = 2 * atan2(r.z, d + dz)
        altitudeKm = (k + e2 - 1) / k * dz
    }

    /// The Earth-fixed (ITRF) position of these coordinates, km.
    public func itrfPositionKm(ellipsoid: Ellipsoid = .wgs84) -> SIMD3<Double> {
        let a = ellipsoid.equatorialRadiusKm
        let e2 = ellipsoid.eccentricitySquared
        let sinLat = sin(latitudeRad), cosLat = cos(latitudeRad)
        let n = a / (1 - e2 * sinLat * sinLat).squareRoot()   // prime-vertical radius of curvature
        return SIMD3((n + altitudeKm) * cosLat * cos(longitudeRad),
                     (n + altitudeKm) * cosLat * sin(longitudeRad),
                     (n * (1 - e2) + altitudeKm) * sinLat)
    }
}
