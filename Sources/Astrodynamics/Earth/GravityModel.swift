/// The Earth constants SGP4 uses: gravitational parameter, equatorial radius and the zonal
/// harmonics J2, J3, J4, with the derived `xke` and `tumin` in SGP4's canonical units.
///
/// Three models exist, exactly as Vallado's `getgravconst` (Vallado, Crawford, Hujsak, Kelso,
/// "Revisiting Spacetrack Report #3", AIAA 2006-6753, and its companion code):
///
/// - ``wgs72``: **the default.** Element sets (TLE/OMM from the 18th SDS) are produced by fitting
///   SGP4 with WGS-72 constants, so propagating them with anything else adds error (tens of metres
///   to kilometres). Use it unless you know better.
/// - ``wgs72old``: the low-precision WGS-72 values printed in Spacetrack Report #3 (`xke` given
///   directly rather than derived from `mu`).
/// - ``wgs84``: WGS-84 constants, for experiments; not what element sets are made with.
///
/// Canonical units: distance in Earth radii (``radiusKm``), time in `tumin` minutes, so that
/// `xke = 1 / tumin = 60 / sqrt(radiusKm³ / mu)` is in (Earth radii)^1.5 per minute.
///
/// All stored values are plain `Double`s, so a model copies for free into hot-path types.
public struct GravityModel: Sendable, Hashable, CustomStringConvertible {
    /// Earth's gravitational parameter, km³/s².
    public let muKm3PerS2: Double
    /// Equatorial radius, km.
    public let radiusKm: Double
    /// sqrt(mu) in canonical units: (Earth radii)^1.5 per minute (reciprocal of ``tuminMinutes``).
    public let xkePerMinute: Double
    /// Minutes in one canonical time unit (1 / ``xkePerMinute``).
    public let tuminMinutes: Double
    /// Un-normalised zonal harmonic J2.
    public let j2: Double
    /// Un-normalised zonal harmonic J3.
    public let j3: Double
    /// Un-normalised zonal harmonic J4.
    public let j4: Double
    /// J3 / J2.
    public let j3OverJ2: Double

    /// A model from mu, radius and zonals; `xke`, `tumin` and `j3/j2` are derived as Vallado does
    /// unless `xkePerMinute` is given (WGS-72 old gives it directly).
    public init(muKm3PerS2: Double, radiusKm: Double, j2: Double, j3: Double, j4: Double,
                xkePerMinute: Double? = nil) {
        self.muKm3PerS2 = muKm3PerS2
        self.radiusKm = radiusKm
        let xke = xkePerMinute ?? 60.0 / (radiusKm * radiusKm * radiusKm / muKm3PerS2).squareRoot()
        self.xkePerMinute = xke
        self.tuminMinutes = 1.0 / xke
        self.j2 = j2
        self.j3 = j3
        self.j4 = j4
        self.j3OverJ2 = j3 / j2
    }

    /// WGS-72 as SGP4 uses it: the model element sets are made with, and the default everywhere.
    public static let wgs72 = GravityModel(
        muKm3PerS2: 398_600.8, radiusKm: 6378.135,
        j2: 0.001082616, j3: -0.00000253881, j4: -0.00000165597)

    /// WGS-72 low-precision constants of Spacetrack Report #3 (`xke = 0.0743669161` given directly).
    public static let wgs72old = GravityModel(
        muKm3PerS2: 398_600.79964, radiusKm: 6378.135,
        j2: 0.001082616, j3: -0.00000253881, j4: -0.00000165597, xkePerMinute: 0.0743669161)

    /// WGS-84 constants (EGM-96 zonals as Vallado lists them). Not what element sets are fitted with.
    public static let wgs84 = GravityModel(
        muKm3PerS2: 398_600.5, radiusKm: 6378.137,
        j2: 0.00108262998905, j3: -0.00000253215306, j4: -0.00000161098761)

    /// `"WGS-72"`, `"WGS-72 (old)"`, `"WGS-84"`, or the constants of a custom model.
    public var description: String {
        switch self {
        case .wgs72: return "WGS-72"
        case .wgs72old: return "WGS-72 (old)"
        case .wgs84: return "WGS-84"
        default: return "GravityModel(mu: \(muKm3PerS2) km³/s², radius: \(radiusKm) km, J2: \(j2), J3: \(j3), J4: \(j4))"
        }
    }
}
