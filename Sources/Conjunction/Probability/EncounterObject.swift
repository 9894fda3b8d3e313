import Foundation

/// One of the two objects of a short-term encounter at the time of closest approach (TCA):
/// inertial position (km), velocity (km/s) and position covariance (km²).
///
/// Any inertial frame will do (GCRF, EME2000, TEME for a short encounter) as long as both objects
/// of an encounter use the same one. The velocity must be inertial: for an Earth-fixed (ITRF)
/// state use ``init(earthFixed:covarianceRTNSquareMeters:earthRotationRadPerS:)``, which adds ω × r.
public struct EncounterObject: Sendable, Hashable {
    /// Inertial position at TCA, km.
    public var positionKm: SIMD3<Double>
    /// Inertial velocity at TCA, km/s.
    public var velocityKmPerS: SIMD3<Double>
    /// Position covariance in the same inertial axes, km².
    public var positionCovarianceKm2: Matrix3

    /// An object from its inertial state and 3×3 position covariance in km².
    public init(positionKm: SIMD3<Double>, velocityKmPerS: SIMD3<Double>, positionCovarianceKm2: Matrix3) {
        self.positionKm = positionKm
        self.velocityKmPerS = velocityKmPerS
        self.positionCovarianceKm2 = positionCovarianceKm2
    }

    /// An object from its inertial state and 3×3 position covariance in m².
    public init(positionKm: SIMD3<Double>, velocityKmPerS: SIMD3<Double>,
                positionCovarianceSquareMeters: Matrix3) {
        self.init(positionKm: positionKm, velocityKmPerS: velocityKmPerS,
                  positionCovarianceKm2: positionCovarianceSquareMeters.scaled(by: 1e-6))
    }

    /// An object from its inertial state and inertial 6×6 covariance in km², km²/s, km²/s²
    /// (only the position block enters a short-term encounter).
    public init(positionKm: SIMD3<Double>, velocityKmPerS: SIMD3<Double>, covarianceKmAndKmPerS: Matrix6) {
        self.init(positionKm: positionKm, velocityKmPerS: velocityKmPerS,
                  positionCovarianceKm2: covarianceKmAndKmPerS.positionBlock)
    }

    /// An object from its inertial state and inertial 6×6 covariance in m², m²/s, m²/s².
    public init(positionKm: SIMD3<Double>, velocityKmPerS: SIMD3<Double>, covarianceMetersAndMetersPerS: Matrix6) {
        self.init(positionKm: positionKm, velocityKmPerS: velocityKmPerS,
                  positionCovarianceSquareMeters: covarianceMetersAndMetersPerS.positionBlock)
    }

    /// An object from its inertial state (raw vectors, no frame type: the caller vouches that
    /// they are inertial) and a 6×6 covariance in its RTN axes in m², m²/s, m²/s². See
    /// ``init(state:covarianceRTNSquareMeters:)`` for the RTN convention.
    public init(positionKm: SIMD3<Double>, velocityKmPerS: SIMD3<Double>, covarianceRTNSquareMeters: Matrix6) {
        let r = positionKm, v = velocityKmPerS
        let radial = r / EncounterMath.norm(r)
        let h = EncounterMath.cross(r, v)
        let normal = h / EncounterMath.norm(h)
        let rtnFromInertial = Matrix3(rows: radial, EncounterMath.cross(normal, radial), normal)
        let inertial = covarianceRTNSquareMeters.rotated(by: rtnFromInertial.transposed)
        self.init(positionKm: r, velocityKmPerS: v, covarianceMetersAndMetersPerS: inertial)
    }

    /// An object from its inertial state and a 6×6 covariance in its RTN axes in m², m²/s, m²/s²
    /// (the CCSDS CDM layout; see ``Matrix6/init(lowerTriangle:)``).
    ///
    /// The RTN axes are those of ``RTNBasis``: R = r/|r|, N = (r × v)/|r × v|, T = N × R, and the
    /// covariance is rotated as C = M C_RTN Mᵀ with M = [R T N] applied to both 3×3 halves (the
    /// convention of CARA's `RIC2ECI` and of Orekit's QSW/RTN frames, which carry no ω × r term
    /// into the covariance). `F` must be an ``InertialFrame``: an Earth-fixed state does not
    /// compile here and goes through ``init(earthFixed:covarianceRTNSquareMeters:earthRotationRadPerS:)``.
    public init<F: InertialFrame>(state: State<F>, covarianceRTNSquareMeters: Matrix6) {
        self.init(rtnOf: state, covarianceRTNSquareMeters: covarianceRTNSquareMeters)
    }

    private init<F: ReferenceFrame>(rtnOf state: State<F>, covarianceRTNSquareMeters: Matrix6) {
        let basis = RTNBasis(state)
        let inertial = covarianceRTNSquareMeters.rotated(by: basis.rtnFromFrame.transposed)
        self.init(positionKm: state.positionKm, velocityKmPerS: state.velocityKmPerS,
                  covarianceMetersAndMetersPerS: inertial)
    }

    /// An object from an Earth-fixed (ITRF) state at TCA, such as a CSpOC CDM with
    /// `REF_FRAME = ITRF`, and its RTN covariance in m², m²/s, m²/s².
    ///
    /// A 2D Pc needs the inertial relative velocity. The position is kept in the ITRF axes and the
    /// velocity becomes v + ω × r, the velocity in the inertial frame momentarily aligned with
    /// ITRF at TCA (ω along ITRF z; polar motion, a few 1e-6 rad, is ignored). A rotation common
    /// to both objects leaves the Pc unchanged, so both objects of an ITRF CDM must go through
    /// this initialiser. The RTN axes are built from this inertial state.
    ///
    /// Treating the ITRF velocities as inertial changes the Pc of the ION SCV-008 / STARLINK-1233
    /// CDM from 0.00350 to 0.00405 (see the conjunction fixtures' SOURCES.md).
    public init(earthFixed state: State<ITRF>, covarianceRTNSquareMeters: Matrix6,
                earthRotationRadPerS: Double = SiderealTime.nominalEarthRotationRateRadPerS) {
        let omega = SIMD3<Double>(0, 0, earthRotationRadPerS)
        let r = state.positionKm
        let v = state.velocityKmPerS + EncounterMath.cross(omega, r)
        let inertial = State<ITRF>(epoch: state.epoch, positionKm: r, velocityKmPerS: v)
        self.init(rtnOf: inertial, covarianceRTNSquareMeters: covarianceRTNSquareMeters)
    }
}

/// Frames whose axes do not rotate (or, for TEME, TOD and MOD, rotate slowly enough to be
/// inertial over an encounter): states in them can go straight into an ``EncounterObject``.
public protocol InertialFrame: ReferenceFrame {}
extension GCRF: InertialFrame {}
extension TEME: InertialFrame {}
extension TOD: InertialFrame {}
extension MOD: InertialFrame {}

/// Small vector helpers for the encounter code.
enum EncounterMath {
    @inline(__always)
    static func cross(_ a: SIMD3<Double>, _ b: SIMD3<Double>) -> SIMD3<Double> {
        SIMD3(a.y * b.z - a.z * b.y, a.z * b.x - a.x * b.z, a.x * b.y - a.y * b.x)
    }

    @inline(__always)
    static func dot(_ a: SIMD3<Double>, _ b: SIMD3<Double>) -> Double { (a * b).sum() }

    @inline(__always)
    static func norm(_ a: SIMD3<Double>) -> Double { (a * a).sum().squareRoot() }
}
