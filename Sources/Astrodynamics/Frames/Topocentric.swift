import Foundation

/// A fixed observing site on the Earth: a name and its geodetic coordinates on an ellipsoid.
///
/// The site's ITRF position and its local east-north-up axes are computed once, at construction.
public struct GroundSite: Sendable, Hashable {
    public let name: String
    public let geodetic: Geodetic
    public let ellipsoid: Ellipsoid
    /// The site's Earth-fixed position, km.
    public let itrfPositionKm: SIMD3<Double>
    /// Rows are the local east, north and up unit vectors in ITRF (up is the ellipsoid normal), so
    /// `enuFromITRF * v` gives v's east, north, up components.
    public let enuFromITRF: Matrix3

    public init(name: String, geodetic: Geodetic, ellipsoid: Ellipsoid = .wgs84) {
        self.name = name
        self.geodetic = geodetic
        self.ellipsoid = ellipsoid
        itrfPositionKm = geodetic.itrfPositionKm(ellipsoid: ellipsoid)
        let sLat = sin(geodetic.latitudeRad), cLat = cos(geodetic.latitudeRad)
        let sLon = sin(geodetic.longitudeRad), cLon = cos(geodetic.longitudeRad)
        enuFromITRF = Matrix3(rows: [-sLon, cLon, 0],
                              [-sLat * cLon, -sLat * sLon, cLat],
                              [cLat * cLon, cLat * sLon, sLat])
    }

    /// Where `state` appears from this site: azimuth, elevation, range and range rate, geometric
    /// (no refraction, no light time), elevation from the ellipsoid normal — as Vallado's `rv2razel`
    /// (*Fundamentals of Astrodynamics and Applications*, 4th ed., Algorithm 27), in ENU rather than SEZ axes.
    public func observe(_ state: State<ITRF>) -> Topocentric {
        let rho = enuFromITRF * (state.positionKm - itrfPositionKm)
        let rhoDot = enuFromITRF * state.velocityKmPerS   // the site is fixed in ITRF
        return Topocentric(eastNorthUpKm: rho, eastNorthUpKmPerS: rhoDot)
    }
}

/// An object seen from a ground site: the line of sight in local east-north-up axes and the
/// look angles, range and range rate derived from it.
public struct Topocentric: Sendable, Hashable {
    /// Line of sight (object − site) in east, north, up components, km.
    public let eastNorthUpKm: SIMD3<Double>
    /// Its rate of change in the same (Earth-fixed) axes, km/s.
    public let eastNorthUpKmPerS: SIMD3<Double>
    /// Azimuth from north through east, radians in [0, 2π). 0 when the object is exactly overhead.
    public let azimuthRad: Double
    /// Elevation above the local horizontal plane (normal to the ellipsoid), radians in [−π/2, π/2].
    public let elevationRad: Double
    /// Distance to the object, km.
    public let rangeKm: Double
    /// Rate of change of range, km/s (positive receding).
    public let rangeRateKmPerS: Double

    /// Look angles from a line of sight and its rate in east-north-up axes.
    public init(eastNorthUpKm rho: SIMD3<Double>, eastNorthUpKmPerS rhoDot: SIMD3<Double>) {
        eastNorthUpKm = rho
        eastNorthUpKmPerS = rhoDot
        rangeKm = FrameMath.norm(rho)
        let horizontal = (rho.x * rho.x + rho.y * rho.y).squareRoot()
        var az = horizontal == 0 ? 0 : atan2(rho.x, rho.y)
        if az < 0 { az += 2 * .pi }
        azimuthRad = az
        elevationRad = atan2(rho.z, horizontal)
        rangeRateKmPerS = rangeKm == 0 ? 0 : FrameMath.dot(rho, rhoDot) / rangeKm
    }

    /// Azimuth, degrees.
    public var azimuthDeg: Double { azimuthRad * 180 / .pi }
    /// Elevation, degrees.
    public var elevationDeg: Double { elevationRad * 180 / .pi }

    /// The line of sight in Vallado's south-east-zenith axes, km.
    public var southEastZenithKm: SIMD3<Double> { SIMD3(-eastNorthUpKm.y, eastNorthUpKm.x, eastNorthUpKm.z) }

    /// Rate of change of azimuth, rad/s (0 when the object is overhead).
    public var azimuthRateRadPerS: Double {
        let e = eastNorthUpKm.x, n = eastNorthUpKm.y
        let h2 = e * e + n * n
        return h2 == 0 ? 0 : (eastNorthUpKmPerS.x * n - e * eastNorthUpKmPerS.y) / h2
    }

    /// Rate of change of elevation, rad/s.
    public var elevationRateRadPerS: Double {
        let e = eastNorthUpKm.x, n = eastNorthUpKm.y, u = eastNorthUpKm.z
        let h = (e * e + n * n).squareRoot()
        guard h > 0, rangeKm > 0 else { return 0 }
        let hDot = (e * eastNorthUpKmPerS.x + n * eastNorthUpKmPerS.y) / h
        return (eastNorthUpKmPerS.z * h - u * hDot) / (rangeKm * rangeKm)
    }
}
