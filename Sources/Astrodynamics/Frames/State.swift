/// A reference frame, named in the type of every state so that frames cannot be mixed by accident.
public protocol ReferenceFrame: Sendable {
    /// The frame's name as CCSDS files write it (`TEME`, `GCRF`, `ITRF`, ...).
    static var name: String { get }
}

/// True Equator, Mean Equinox of date: the frame SGP4 produces.
public enum TEME: ReferenceFrame { public static let name = "TEME" }
/// Pseudo-Earth-fixed: TEME rotated by GMST 1982, before polar motion.
public enum PEF: ReferenceFrame { public static let name = "PEF" }
/// International Terrestrial Reference Frame (Earth-fixed; here PEF with IERS polar motion).
public enum ITRF: ReferenceFrame { public static let name = "ITRF" }
/// True of date (IAU-1980 nutation applied to mean of date).
public enum TOD: ReferenceFrame { public static let name = "TOD" }
/// Mean of date (IAU-1976 precession from J2000).
public enum MOD: ReferenceFrame { public static let name = "MOD" }
/// Geocentric Celestial Reference Frame, realized here as FK5 J2000 (IAU-76/FK5, no frame bias), as
/// Vallado's TEME→J2000 path does; the ~23 mas frame bias is below a metre at LEO radii.
public enum GCRF: ReferenceFrame { public static let name = "GCRF" }

/// Position (km) and velocity (km/s) at an instant, in frame `F`.
public struct State<F: ReferenceFrame>: Sendable, Hashable {
    public var epoch: Instant
    public var positionKm: SIMD3<Double>
    public var velocityKmPerS: SIMD3<Double>

    @inlinable
    public init(epoch: Instant, positionKm: SIMD3<Double>, velocityKmPerS: SIMD3<Double>) {
        self.epoch = epoch
        self.positionKm = positionKm
        self.velocityKmPerS = velocityKmPerS
    }

    /// The frame's name.
    public var frameName: String { F.name }
}
