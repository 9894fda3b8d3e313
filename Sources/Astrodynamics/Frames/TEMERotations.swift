/// The TEME → ITRF and TEME → GCRF rotations at one instant, computed once and applied to any
/// number of states at that instant.
///
/// Bulk work (a catalog on a common time grid) spends most of a frame conversion on GMST, the
/// 106-term nutation and precession; those depend only on the instant and the EOP, so this value
/// holds the results. Applying it gives exactly what `State<TEME>.toITRF` / `toGCRF` give.
public struct TEMERotations: Sendable {
    public let epoch: Instant
    /// r_PEF = temeToPEF · r_TEME (GMST 1982 on UT1).
    public let temeToPEF: Matrix3
    /// Earth rotation rate (LOD-corrected), rad/s, for v_PEF = R v_TEME − ω × r_PEF.
    public let earthRotationRadPerS: Double
    /// r_ITRF = pefToITRF · r_PEF (polar motion).
    public let pefToITRF: Matrix3
    /// r_GCRF = temeToGCRF · r_TEME (equation of the equinoxes, IAU-1980 nutation, IAU-1976 precession).
    public let temeToGCRF: Matrix3

    public init(at epoch: Instant, eop: EarthOrientationParameters, leapSeconds: LeapSecondTable = .bundled) {
        self.epoch = epoch
        let (m, omega) = FK5Reduction.temeToPEF(epoch, eop, leapSeconds)
        temeToPEF = m
        earthRotationRadPerS = omega
        pefToITRF = FK5Reduction.itrfToPEF(eop).transposed
        temeToGCRF = FK5Reduction.temeToGCRF(epoch, eop, leapSeconds)
    }

    public init(at epoch: Instant, eop: EarthOrientationTable, leapSeconds: LeapSecondTable = .bundled) {
        self.init(at: epoch, eop: eop.parameters(at: epoch), leapSeconds: leapSeconds)
    }

    /// Position and velocity in ITRF from TEME at this instant.
    @inlinable
    public func itrf(positionKm r: SIMD3<Double>, velocityKmPerS v: SIMD3<Double>) -> (positionKm: SIMD3<Double>, velocityKmPerS: SIMD3<Double>) {
        let rPEF = temeToPEF * r
        let w = earthRotationRadPerS
        let vPEF = temeToPEF * v - SIMD3(-w * rPEF.y, w * rPEF.x, 0)
        return (pefToITRF * rPEF, pefToITRF * vPEF)
    }

    /// Position and velocity in GCRF (FK5 J2000) from TEME at this instant.
    @inlinable
    public func gcrf(positionKm r: SIMD3<Double>, velocityKmPerS v: SIMD3<Double>) -> (positionKm: SIMD3<Double>, velocityKmPerS: SIMD3<Double>) {
        (temeToGCRF * r, temeToGCRF * v)
    }
}
