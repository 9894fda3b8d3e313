import Astrodynamics
import Foundation

/// Geodesics on an ellipsoid of revolution by Vincenty's nested-series method: T. Vincenty, "Direct and
/// inverse solutions of geodesics on the ellipsoid with application of nested equations", Survey
/// Review 23(176):88–93, 1975. Accurate to well under a millimetre for any two points that are not
/// nearly antipodal; the inverse iteration can fail to converge only for nearly antipodal points
/// (within ~0.5° of it), which never occurs at warning-zone scales — there it falls back to the
/// great-circle distance on a sphere of the ellipsoid's mean radius (error < 0.5 %), and says so
/// through ``Inverse/converged``.
public enum Vincenty1975 {
    /// The result of an inverse problem.
    public struct Inverse: Sendable, Hashable {
        /// Geodesic distance, km.
        public var distanceKm: Double
        /// Forward azimuth at the first point, radians clockwise from north.
        public var initialAzimuthRad: Double
        /// Whether the iteration converged (false only for nearly antipodal points).
        public var converged: Bool
    }

    /// The geodesic from (lat1, lon1) to (lat2, lon2), radians.
    public static func inverse(latitude1Rad lat1: Double, longitude1Rad lon1: Double,
                               latitude2Rad lat2: Double, longitude2Rad lon2: Double,
                               ellipsoid: Ellipsoid = .wgs84) -> Inverse {
        let a = ellipsoid.equatorialRadiusKm, f = ellipsoid.flattening, b = ellipsoid.polarRadiusKm
        let l = remainder(lon2 - lon1, 2 * .pi)
        let u1 = atan((1 - f) * tan(lat1)), u2 = atan((1 - f) * tan(lat2))
        let sinU1 = sin(u1), cosU1 = cos(u1), sinU2 = sin(u2), cosU2 = cos(u2)
        var lambda = l
        var sinSigma = 0.0, cosSigma = 1.0, sigma = 0.0, cos2Alpha = 1.0, cos2SigmaM = 0.0, sinAlpha = 0.0
        var converged = false
        for _ in 0 ..< 200 {
            let sinLambda = sin(lambda), cosLambda = cos(lambda)
            let t1 = cosU2 * sinLambda, t2 = cosU1 * sinU2 - sinU1 * cosU2 * cosLambda
            sinSigma = (t1 * t1 + t2 * t2).squareRoot()
            if sinSigma == 0 { return Inverse(distanceKm: 0, initialAzimuthRad: 0, converged: true) }
            cosSigma = sinU1 * sinU2 + cosU1 * cosU2 * cosLambda
            sigma = atan2(sinSigma, cosSigma)
            sinAlpha = cosU1 * cosU2 * sinLambda / sinSigma
            cos2Alpha = 1 - sinAlpha * sinAlpha
            cos2SigmaM = cos2Alpha != 0 ? cosSigma - 2 * sinU1 * sinU2 / cos2Alpha : 0
            let c = f / 16 * cos2Alpha * (4 + f * (4 - 3 * cos2Alpha))
            let next = l + (1 - c) * f * sinAlpha
                * (sigma + c * sinSigma * (cos2SigmaM + c * cosSigma * (-1 + 2 * cos2SigmaM * cos2SigmaM)))
            if abs(next - lambda) < 1e-13 { lambda = next; converged = true; break }
            lambda = next
        }
        guard converged else {
            // Nearly antipodal: great circle on the mean sphere.
            let r = (2 * a + b) / 3
            let s1 = sin((lat2 - lat1) / 2), s2 = sin(l / 2)
            let h = s1 * s1 + cos(lat1) * cos(lat2) * s2 * s2
            return Inverse(distanceKm: 2 * r * asin(min(1, h.squareRoot())), initialAzimuthRad: 0, converged: false)
        }
        let uu = cos2Alpha * (a * a - b * b) / (b * b)
        let aa = 1 + uu / 16384 * (4096 + uu * (-768 + uu * (320 - 175 * uu)))
        let bb = uu / 1024 * (256 + uu * (-128 + uu * (74 - 47 * uu)))
        let dSigma = bb * sinSigma * (cos2SigmaM + bb / 4 * (cosSigma * (-1 + 2 * cos2SigmaM * cos2SigmaM)
            - bb / 6 * cos2SigmaM * (-3 + 4 * sinSigma * sinSigma) * (-3 + 4 * cos2SigmaM * cos2SigmaM)))
        let s = b * aa * (sigma - dSigma)
        let sinLambda = sin(lambda), cosLambda = cos(lambda)
        let az = atan2(cosU2 * sinLambda, cosU1 * sinU2 - sinU1 * cosU2 * cosLambda)
        return Inverse(distanceKm: s, initialAzimuthRad: az, converged: true)
    }

    /// Geodesic distance in km between two points (radians).
    @inlinable
    public static func distanceKm(latitude1Rad: Double, longitude1Rad: Double, latitude2Rad: Double, longitude2Rad: Double,
                                  ellipsoid: Ellipsoid = .wgs84) -> Double {
        inverse(latitude1Rad: latitude1Rad, longitude1Rad: longitude1Rad, latitude2Rad: latitude2Rad,
                longitude2Rad: longitude2Rad, ellipsoid: ellipsoid).distanceKm
    }

    /// The point reached from (lat, lon) along the geodesic with the given initial azimuth (radians
    /// clockwise from north) after `distanceKm`; returns (latitude, longitude) in radians, longitude in (−π, π].
    public static func direct(latitudeRad lat1: Double, longitudeRad lon1: Double, azimuthRad alpha1: Double,
                              distanceKm s: Double, ellipsoid: Ellipsoid = .wgs84) -> (latitudeRad: Double, longitudeRad: Double) {
        let a = ellipsoid.equatorialRadiusKm, f = ellipsoid.flattening, b = ellipsoid.polarRadiusKm
        let sinAlpha1 = sin(alpha1), cosAlpha1 = cos(alpha1)
        let tanU1 = (1 - f) * tan(lat1)
        let cosU1 = 1 / (1 + tanU1 * tanU1).squareRoot(), sinU1 = tanU1 * cosU1
        let sigma1 = atan2(tanU1, cosAlpha1)
        let sinAlpha = cosU1 * sinAlpha1
        let cos2Alpha = 1 - sinAlpha * sinAlpha
        let uu = cos2Alpha * (a * a - b * b) / (b * b)
        let aa = 1 + uu / 16384 * (4096 + uu * (-768 + uu * (320 - 175 * uu)))
        let bb = uu / 1024 * (256 + uu * (-128 + uu * (74 - 47 * uu)))
        var sigma = s / (b * aa)
        var sinSigma = sin(sigma), cosSigma = cos(sigma), cos2SigmaM = cos(2 * sigma1 + sigma)
        for _ in 0 ..< 100 {
            cos2SigmaM = cos(2 * sigma1 + sigma)
            sinSigma = sin(sigma); cosSigma = cos(sigma)
            let dSigma = bb * sinSigma * (cos2SigmaM + bb / 4 * (cosSigma * (-1 + 2 * cos2SigmaM * cos2SigmaM)
                - bb / 6 * cos2SigmaM * (-3 + 4 * sinSigma * sinSigma) * (-3 + 4 * cos2SigmaM * cos2SigmaM)))
            let next = s / (b * aa) + dSigma
            if abs(next - sigma) < 1e-13 { sigma = next; break }
            sigma = next
        }
        sinSigma = sin(sigma); cosSigma = cos(sigma); cos2SigmaM = cos(2 * sigma1 + sigma)
        let t = sinU1 * sinSigma - cosU1 * cosSigma * cosAlpha1
        let lat2 = atan2(sinU1 * cosSigma + cosU1 * sinSigma * cosAlpha1, (1 - f) * (sinAlpha * sinAlpha + t * t).squareRoot())
        let lambda = atan2(sinSigma * sinAlpha1, cosU1 * cosSigma - sinU1 * sinSigma * cosAlpha1)
        let c = f / 16 * cos2Alpha * (4 + f * (4 - 3 * cos2Alpha))
        let l = lambda - (1 - c) * f * sinAlpha
            * (sigma + c * sinSigma * (cos2SigmaM + c * cosSigma * (-1 + 2 * cos2SigmaM * cos2SigmaM)))
        var lon2 = remainder(lon1 + l, 2 * .pi)
        if lon2 == -.pi { lon2 = .pi }
        return (lat2, lon2)
    }
}

extension Vincenty1975 {
    /// The geodesic from `p1` to `p2` (altitudes ignored), with the initial azimuth in [0, 2π). Throws
    /// ``MissileWarningError`` `badGeometry` when the iteration does not converge (nearly antipodal
    /// points: a missile's launch and impact never are).
    public static func inverse(from p1: Geodetic, to p2: Geodetic, ellipsoid: Ellipsoid = .wgs84) throws -> Inverse {
        var g = inverse(latitude1Rad: p1.latitudeRad, longitude1Rad: p1.longitudeRad,
                        latitude2Rad: p2.latitudeRad, longitude2Rad: p2.longitudeRad, ellipsoid: ellipsoid)
        guard g.converged else {
            throw MissileWarningError(.badGeometry, "Vincenty's inverse did not converge (nearly antipodal points)",
                                      value: "(\(p1.latitudeDeg), \(p1.longitudeDeg)) → (\(p2.latitudeDeg), \(p2.longitudeDeg))")
        }
        let twoPi = 2 * Double.pi
        g.initialAzimuthRad = (g.initialAzimuthRad + twoPi).truncatingRemainder(dividingBy: twoPi)
        return g
    }
}
