import Foundation

/// The orbit regime of an element set, for summaries and default screening parameters.
///
/// Rules, applied in this order to the mean elements (semi-major axis from the Kozai mean motion
/// with the WGS72 μ, radius 6378.135 km):
/// 1. **LEO**: apogee altitude ≤ 2,000 km.
/// 2. **GEO**: mean motion 0.99–1.01 rev/day and eccentricity < 0.01 (Space-Track's GEO query).
/// 3. **HEO**: eccentricity ≥ 0.25 (Molniya, GTO, Tundra and other highly elliptical orbits).
/// 4. **MEO**: everything else (navigation constellations, near-circular orbits above LEO,
///    drifting objects near and above GEO).
public enum OrbitRegime: String, Sendable, Hashable, CaseIterable, Comparable {
    case leo = "LEO", meo = "MEO", geo = "GEO", heo = "HEO"

    public static func < (a: OrbitRegime, b: OrbitRegime) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }

    /// Classifies by mean motion (rev/day) and eccentricity.
    public init(meanMotionRevPerDay n: Double, eccentricity e: Double) {
        let alt = OrbitRegime.apsisAltitudesKm(meanMotionRevPerDay: n, eccentricity: e)
        if alt.apogee <= 2_000 { self = .leo }
        else if (0.99...1.01).contains(n) && e < 0.01 { self = .geo }
        else if e >= 0.25 { self = .heo }
        else { self = .meo }
    }

    /// Perigee and apogee altitudes (km above the WGS72 equatorial radius) from Kozai mean motion.
    public static func apsisAltitudesKm(meanMotionRevPerDay n: Double, eccentricity e: Double)
        -> (perigee: Double, apogee: Double) {
        let mu = 398_600.8, radius = 6_378.135
        let nRadPerS = n * 2 * Double.pi / 86_400
        let a = cbrt(mu / (nRadPerS * nRadPerS))
        return (a * (1 - e) - radius, a * (1 + e) - radius)
    }
}
