import Foundation
import Astrodynamics

/// The geodesic between two points on an ellipsoid of revolution, by Vincenty's inverse method:
/// T. Vincenty, "Direct and inverse solutions of geodesics on the ellipsoid with application of
/// nested equations", *Survey Review* 23 (176), 88–93, 1975.
///
/// Accurate to well under a millimetre on WGS84 for the distances a missile flies; the iteration
/// fails to converge only for nearly antipodal points (then this throws).
public struct Vincenty1975: Sendable, Hashable {
    /// Length of the geodesic, km.
    public let distanceKm: Double
    /// Azimuth of the geodesic at the first point, rad clockwise from north, in [0, 2π).
    public let initialAzimuthRad: Double
    /// Azimuth of the geodesic at the second point (direction of travel), rad in [0, 2π).
    public let finalAzimuthRad: Double

    /// Solves the inverse problem from `p1` to `p2` (altitudes ignored).
    public init(from p1: Geodetic, to p2: Geodetic, ellipsoid: Ellipsoid = .wgs84) throws {
        let a = ellipsoid.equatorialRadiusKm, f = ellipsoid.flattening, b = ellipsoid.polarRadiusKm
        let l = p2.longitudeRad - p1.longitudeRad
        let u1 = atan((1 - f) * tan(p1.latitudeRad)), u2 = atan((1 - f) * tan(p2.latitudeRad))
        let sinU1 = sin(u1), cosU1 = cos(u1), sinU2 = sin(u2), cosU2 = cos(u2)
        var lambda = l
        var sinSigma = 0.0, cosSigma = 1.0, sigma = 0.0, cosSqAlpha = 1.0, cos2SigmaM = 0.0
        var sinLambda = 0.0, cosLambda = 1.0
        var converged = false
        for _ in 0..<200 {
            sinLambda = sin(lambda); cosLambda = cos(lambda)
            let t1 = cosU2 * sinLambda, t2 = cosU1 * sinU2 - sinU1 * cosU2 * cosLambda
            sinSigma = (t1 * t1 + t2 * t2).squareRoot()
            if sinSigma == 0 {                      // coincident points
                distanceKm = 0; initialAzimuthRad = 0; finalAzimuthRad = 0
                return
            }
            cosSigma = sinU1 * sinU2 + cosU1 * cosU2 * cosLambda
            sigma = atan2(sinSigma, cosSigma)
            let sinAlpha = cosU1 * cosU2 * sinLambda / sinSigma
            cosSqAlpha = 1 - sinAlpha * sinAlpha
            cos2SigmaM = cosSqAlpha != 0 ? cosSigma - 2 * sinU1 * sinU2 / cosSqAlpha : 0
            let c = f / 16 * cosSqAlpha * (4 + f * (4 - 3 * cosSqAlpha))
            let previous = lambda
            lambda = l + (1 - c) * f * sinAlpha
                * (sigma + c * sinSigma * (cos2SigmaM + c * cosSigma * (-1 + 2 * cos2SigmaM * cos2SigmaM)))
            if abs(lambda - previous) < 1e-13 { converged = true; break }
        }
        guard converged else {
            throw MissileWarningError(.badGeometry, "Vincenty's inverse did not converge (nearly antipodal points)",
                                      value: "(\(p1.latitudeDeg), \(p1.longitudeDeg)) → (\(p2.latitudeDeg), \(p2.longitudeDeg))")
        }
        let uSq = cosSqAlpha * (a * a - b * b) / (b * b)
        let bigA = 1 + uSq / 16384 * (4096 + uSq * (-768 + uSq * (320 - 175 * uSq)))
        let bigB = uSq / 1024 * (256 + uSq * (-128 + uSq * (74 - 47 * uSq)))
        let deltaSigma = bigB * sinSigma * (cos2SigmaM + bigB / 4 * (cosSigma * (-1 + 2 * cos2SigmaM * cos2SigmaM)
            - bigB / 6 * cos2SigmaM * (-3 + 4 * sinSigma * sinSigma) * (-3 + 4 * cos2SigmaM * cos2SigmaM)))
        distanceKm = b * bigA * (sigma - deltaSigma)
        let twoPi = 2 * Double.pi
        let az1 = atan2(cosU2 * sinLambda, cosU1 * sinU2 - sinU1 * cosU2 * cosLambda)
        let az2 = atan2(cosU1 * sinLambda, -sinU1 * cosU2 + cosU1 * sinU2 * cosLambda)
        initialAzimuthRad = (az1 + twoPi).truncatingRemainder(dividingBy: twoPi)
        finalAzimuthRad = (az2 + twoPi).truncatingRemainder(dividingBy: twoPi)
    }
}
