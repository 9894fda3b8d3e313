import Foundation

/// IAU-1976 precession angles ζ, θ, z (Lieske et al. 1977), as Vallado's `precess(ttt, '80')`
/// (*Fundamentals of Astrodynamics and Applications*, 4th ed., Eq. 3-88).
public struct Precession1976: Sendable, Hashable {
    /// ζ, radians.
    public let zetaRad: Double
    /// θ, radians.
    public let thetaRad: Double
    /// z, radians.
    public let zRad: Double

    /// The angles at a TT Julian date.
    public init(tt: JulianDate) {
        self.init(centuriesTT: tt.centuriesSinceJ2000)
    }

    /// The angles at `t` Julian centuries of TT since J2000.
    public init(centuriesTT t: Double) {
        let arcsec = EarthOrientationParameters.radiansPerArcsecond
        zetaRad = ((0.017_998 * t + 0.301_88) * t + 2_306.218_1) * t * arcsec
        thetaRad = ((-0.041_833 * t - 0.426_65) * t + 2_004.310_9) * t * arcsec
        zRad = ((0.018_203 * t + 1.094_68) * t + 2_306.218_1) * t * arcsec
    }

    /// The rotation from mean-of-date to J2000 coordinates: r_J2000 = P r_MOD, P = R3(ζ) R2(−θ) R3(z)
    /// (Vallado's `prec` matrix).
    public var modToJ2000: Matrix3 {
        Matrix3.rotationZ(zetaRad) * Matrix3.rotationY(-thetaRad) * Matrix3.rotationZ(zRad)
    }
}
