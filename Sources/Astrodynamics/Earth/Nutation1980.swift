import Foundation

/// IAU-1980 nutation (Wahr 1981; Seidelmann 1982), all 106 terms, as Vallado's `nutation`
/// (*Fundamentals of Astrodynamics and Applications*, 4th ed., Eqs. 3-82 to 3-86 and Algorithm 25),
/// with the IERS δΔψ, δΔε corrections added to the series.
public struct Nutation1980: Sendable, Hashable {
    /// Nutation in longitude Δψ (series plus correction), radians.
    public let deltaPsiRad: Double
    /// Nutation in obliquity Δε (series plus correction), radians.
    public let deltaEpsRad: Double
    /// Mean obliquity of the ecliptic ε̄ (IAU 1976), radians.
    public let meanObliquityRad: Double
    /// Longitude of the Moon's mean ascending node Ω, radians (for the kinematic equinox terms).
    public let moonNodeLongitudeRad: Double

    /// True obliquity ε = ε̄ + Δε, radians.
    public var trueObliquityRad: Double { meanObliquityRad + deltaEpsRad }

    /// Nutation at a TT Julian date, with the EOP corrections δΔψ, δΔε (radians) added, as Vallado's
    /// `nutation(ttt, ddpsi, ddeps)` does.
    public init(tt: JulianDate, deltaPsiCorrectionRad: Double = 0, deltaEpsCorrectionRad: Double = 0) {
        self.init(centuriesTT: tt.centuriesSinceJ2000, deltaPsiCorrectionRad: deltaPsiCorrectionRad,
                  deltaEpsCorrectionRad: deltaEpsCorrectionRad)
    }

    /// Nutation at `t` Julian centuries of TT since J2000.
    public init(centuriesTT t: Double, deltaPsiCorrectionRad: Double = 0, deltaEpsCorrectionRad: Double = 0) {
        let arcsec = EarthOrientationParameters.radiansPerArcsecond
        // Mean obliquity, IAU 1976 (Lieske et al. 1977), Vallado Eq. 3-81.
        meanObliquityRad = (((0.001_813 * t - 0.000_59) * t - 46.815_0) * t + 84_381.448) * arcsec
        let a = Nutation1980.fundamentalArguments(centuriesTT: t)
        moonNodeLongitudeRad = a.omega
        // Sum from the smallest term to the largest, as Vallado and SOFA do.
        var dPsi = 0.0, dEps = 0.0
        for term in Nutation1980.terms.reversed() {
            let arg = Double(term.l) * a.l + Double(term.lPrime) * a.lPrime + Double(term.f) * a.f
                + Double(term.d) * a.d + Double(term.omega) * a.omega
            dPsi += (term.a + term.b * t) * sin(arg)
            dEps += (term.c + term.dCoef * t) * cos(arg)
        }
        let unit = 1e-4 * arcsec   // table units are 0.0001″
        deltaPsiRad = dPsi * unit + deltaPsiCorrectionRad
        deltaEpsRad = dEps * unit + deltaEpsCorrectionRad
    }

    /// The rotation from true-of-date to mean-of-date coordinates (Vallado's `nut` matrix):
    /// r_MOD = R1(−ε̄) R3(Δψ) R1(ε) r_TOD.
    public var todToMOD: Matrix3 {
        Matrix3.rotationX(-meanObliquityRad) * Matrix3.rotationZ(deltaPsiRad) * Matrix3.rotationX(trueObliquityRad)
    }

    /// Delaunay fundamental arguments of the IAU-1980 theory (l, l′, F, D, Ω), radians — Vallado's
    /// `fundarg(ttt, '80')`, Eq. 3-82; the same polynomials as SOFA `nut80`, evaluated with whole
    /// revolutions split off for precision.
    public static func fundamentalArguments(centuriesTT t: Double)
        -> (l: Double, lPrime: Double, f: Double, d: Double, omega: Double) {
        let arcsec = EarthOrientationParameters.radiansPerArcsecond
        let turn = 2 * Double.pi
        func arg(_ c0: Double, _ c1: Double, _ c2: Double, _ c3: Double, revolutions: Double) -> Double {
            let v = (c0 + (c1 + (c2 + c3 * t) * t) * t) * arcsec
                + (revolutions * t).truncatingRemainder(dividingBy: 1) * turn
            return v.truncatingRemainder(dividingBy: turn)
        }
        return (l: arg(485_866.733, 715_922.633, 31.310, 0.064, revolutions: 1325),
                lPrime: arg(1_287_099.804, 1_292_581.224, -0.577, -0.012, revolutions: 99),
                f: arg(335_778.877, 295_263.137, -13.257, 0.011, revolutions: 1342),
                d: arg(1_072_261.307, 1_105_601.328, -6.891, 0.019, revolutions: 1236),
                omega: arg(450_160.280, -482_890.539, 7.455, 0.008, revolutions: -5))
    }

    /// One term of the series: integer multipliers of (l, l′, F, D, Ω); Δψ coefficient `a + b·T`
    /// (sine), Δε coefficient `c + dCoef·T` (cosine), in 0.0001″ and 0.0001″ per Julian century.
    public struct Term: Sendable, Hashable {
        public let l: Int8, lPrime: Int8, f: Int8, d: Int8, omega: Int8
        public let a: Double, b: Double, c: Double, dCoef: Double
        @usableFromInline
        init(_ l: Int8, _ lPrime: Int8, _ f: Int8, _ d: Int8, _ omega: Int8,
             _ a: Double, _ b: Double, _ c: Double, _ dCoef: Double) {
            self.l = l; self.lPrime = lPrime; self.f = f; self.d = d; self.omega = omega
            self.a = a; self.b = b; self.c = c; self.dCoef = dCoef
        }
    }

    /// The 106 terms of the IAU-1980 theory of nutation.
    ///
    /// Source: Seidelmann, P. K. (1982), "1980 IAU Theory of Nutation: The Final Report of the IAU
    /// Working Group on Nutation", Celestial Mechanics 27, 79–106, Table 1; written here in the order
    /// and sign convention of Vallado's `nut80.dat` (*Fundamentals*, 4th ed., Appendix D.6 / IERS
    /// hpiers nutation tables), and checked term by term (up to the sign of a whole argument) against
    /// the table of SOFA `iauNut80` (IAU SOFA Board, release 2021-01-25). Kanshi's own transcription.
    public static let terms: [Term] = [
        .init( 0,  0,  0,  0,  1, -171996.0,    -174.2,   92025.0,       8.9),
        .init( 0,  0,  2, -2,  2,  -13187.0,      -1.6,    5736.0,      -3.1),
        .init( 0,  0,  2,  0,  2,   -2274.0,      -0.2,     977.0,      -0.5),
        .init( 0,  0,  0,  0,  2,    2062.0,       0.2,    -895.0,       0.5),
        .init( 0, -1,  0,  0,  0,   -1426.0,       3.4,      54.0,      -0.1),
        .init( 1,  0,  0,  0,  0,     712.0,       0.1,      -7.0,       0.0),
        .init( 0,  1,  2, -2,  2,    -517.0,       1.2,     224.0,      -0.6),
        .init( 0,  0,  2,  0,  1,    -386.0,      -0.4,     200.0,       0.0),
        .init( 1,  0,  2,  0,  2,    -301.0,       0.0,     129.0,      -0.1),
        .init( 0, -1,  2, -2,  2,     217.0,      -0.5,     -95.0,       0.3),
        .init(-1,  0,  0,  2,  0,     158.0,       0.0,      -1.0,       0.0),
        .init( 0,  0,  2, -2,  1,     129.0,       0.1,     -70.0,       0.0),
        .init(-1,  0,  2,  0,  2,     123.0,       0.0,     -53.0,       0.0),
        .init( 1,  0,  0,  0,  1,      63.0,       0.1,     -33.0,       0.0),
        .init( 0,  0,  0,  2,  0,      63.0,       0.0,      -2.0,       0.0),
        .init(-1,  0,  2,  2,  2,     -59.0,       0.0,      26.0,       0.0),
        .init(-1,  0,  0,  0,  1,     -58.0,      -0.1,      32.0,       0.0),
        .init( 1,  0,  2,  0,  1,     -51.0,       0.0,      27.0,       0.0),
        .init(-2,  0,  0,  2,  0,     -48.0,       0.0,       1.0,       0.0),
        .init(-2,  0,  2,  0,  1,      46.0,       0.0,     -24.0,       0.0),
        .init( 0,  0,  2,  2,  2,     -38.0,       0.0,      16.0,       0.0),
        .init( 2,  0,  2,  0,  2,     -31.0,       0.0,      13.0,       0.0),
        .init( 2,  0,  0,  0,  0,      29.0,       0.0,      -1.0,       0.0),
        .init( 1,  0,  2, -2,  2,      29.0,       0.0,     -12.0,       0.0),
        .init( 0,  0,  2,  0,  0,      26.0,       0.0,      -1.0,       0.0),
        .init( 0,  0,  2, -2,  0,     -22.0,       0.0,       0.0,       0.0),
        .init(-1,  0,  2,  0,  1,      21.0,       0.0,     -10.0,       0.0),
        .init( 0,  2,  0,  0,  0,      17.0,      -0.1,       0.0,       0.0),
        .init( 0,  2,  2, -2,  2,     -16.0,       0.1,       7.0,       0.0),
        .init(-1,  0,  0,  2,  1,      16.0,       0.0,      -8.0,       0.0),
        .init( 0,  1,  0,  0,  1,     -15.0,       0.0,       9.0,       0.0),
        .init( 1,  0,  0, -2,  1,     -13.0,       0.0,       7.0,       0.0),
        .init( 0, -1,  0,  0,  1,     -12.0,       0.0,       6.0,       0.0),
        .init( 2,  0, -2,  0,  0,      11.0,       0.0,       0.0,       0.0),
        .init(-1,  0,  2,  2,  1,     -10.0,       0.0,       5.0,       0.0),
        .init( 1,  0,  2,  2,  2,      -8.0,       0.0,       3.0,       0.0),
        .init( 0, -1,  2,  0,  2,      -7.0,       0.0,       3.0,       0.0),
        .init( 0,  0,  2,  2,  1,      -7.0,       0.0,       3.0,       0.0),
        .init( 1,  1,  0, -2,  0,      -7.0,       0.0,       0.0,       0.0),
        .init( 0,  1,  2,  0,  2,       7.0,       0.0,      -3.0,       0.0),
        .init(-2,  0,  0,  2,  1,      -6.0,       0.0,       3.0,       0.0),
        .init( 0,  0,  0,  2,  1,      -6.0,       0.0,       3.0,       0.0),
        .init( 2,  0,  2, -2,  2,       6.0,       0.0,      -3.0,       0.0),
        .init( 1,  0,  0,  2,  0,       6.0,       0.0,       0.0,       0.0),
        .init( 1,  0,  2, -2,  1,       6.0,       0.0,      -3.0,       0.0),
        .init( 0,  0,  0, -2,  1,      -5.0,       0.0,       3.0,       0.0),
        .init( 0, -1,  2, -2,  1,      -5.0,       0.0,       3.0,       0.0),
        .init( 2,  0,  2,  0,  1,      -5.0,       0.0,       3.0,       0.0),
        .init( 1, -1,  0,  0,  0,       5.0,       0.0,       0.0,       0.0),
        .init( 1,  0,  0, -1,  0,      -4.0,       0.0,       0.0,       0.0),
        .init( 0,  0,  0,  1,  0,      -4.0,       0.0,       0.0,       0.0),
        .init( 0,  1,  0, -2,  0,      -4.0,       0.0,       0.0,       0.0),
        .init( 1,  0, -2,  0,  0,       4.0,       0.0,       0.0,       0.0),
        .init( 2,  0,  0, -2,  1,       4.0,       0.0,      -2.0,       0.0),
        .init( 0,  1,  2, -2,  1,       4.0,       0.0,      -2.0,       0.0),
        .init( 1,  1,  0,  0,  0,      -3.0,       0.0,       0.0,       0.0),
        .init( 1, -1,  0, -1,  0,      -3.0,       0.0,       0.0,       0.0),
        .init(-1, -1,  2,  2,  2,      -3.0,       0.0,       1.0,       0.0),
        .init( 0, -1,  2,  2,  2,      -3.0,       0.0,       1.0,       0.0),
        .init( 1, -1,  2,  0,  2,      -3.0,       0.0,       1.0,       0.0),
        .init( 3,  0,  2,  0,  2,      -3.0,       0.0,       1.0,       0.0),
        .init(-2,  0,  2,  0,  2,      -3.0,       0.0,       1.0,       0.0),
        .init( 1,  0,  2,  0,  0,       3.0,       0.0,       0.0,       0.0),
        .init(-1,  0,  2,  4,  2,      -2.0,       0.0,       1.0,       0.0),
        .init( 1,  0,  0,  0,  2,      -2.0,       0.0,       1.0,       0.0),
        .init(-1,  0,  2, -2,  1,      -2.0,       0.0,       1.0,       0.0),
        .init( 0, -2,  2, -2,  1,      -2.0,       0.0,       1.0,       0.0),
        .init(-2,  0,  0,  0,  1,      -2.0,       0.0,       1.0,       0.0),
        .init( 2,  0,  0,  0,  1,       2.0,       0.0,      -1.0,       0.0),
        .init( 3,  0,  0,  0,  0,       2.0,       0.0,       0.0,       0.0),
        .init( 1,  1,  2,  0,  2,       2.0,       0.0,      -1.0,       0.0),
        .init( 0,  0,  2,  1,  2,       2.0,       0.0,      -1.0,       0.0),
        .init( 1,  0,  0,  2,  1,      -1.0,       0.0,       0.0,       0.0),
        .init( 1,  0,  2,  2,  1,      -1.0,       0.0,       1.0,       0.0),
        .init( 1,  1,  0, -2,  1,      -1.0,       0.0,       0.0,       0.0),
        .init( 0,  1,  0,  2,  0,      -1.0,       0.0,       0.0,       0.0),
        .init( 0,  1,  2, -2,  0,      -1.0,       0.0,       0.0,       0.0),
        .init( 0,  1, -2,  2,  0,      -1.0,       0.0,       0.0,       0.0),
        .init( 1,  0, -2,  2,  0,      -1.0,       0.0,       0.0,       0.0),
        .init( 1,  0, -2, -2,  0,      -1.0,       0.0,       0.0,       0.0),
        .init( 1,  0,  2, -2,  0,      -1.0,       0.0,       0.0,       0.0),
        .init( 1,  0,  0, -4,  0,      -1.0,       0.0,       0.0,       0.0),
        .init( 2,  0,  0, -4,  0,      -1.0,       0.0,       0.0,       0.0),
        .init( 0,  0,  2,  4,  2,      -1.0,       0.0,       0.0,       0.0),
        .init( 0,  0,  2, -1,  2,      -1.0,       0.0,       0.0,       0.0),
        .init(-2,  0,  2,  4,  2,      -1.0,       0.0,       1.0,       0.0),
        .init( 2,  0,  2,  2,  2,      -1.0,       0.0,       0.0,       0.0),
        .init( 0, -1,  2,  0,  1,      -1.0,       0.0,       0.0,       0.0),
        .init( 0,  0, -2,  0,  1,      -1.0,       0.0,       0.0,       0.0),
        .init( 0,  0,  4, -2,  2,       1.0,       0.0,       0.0,       0.0),
        .init( 0,  1,  0,  0,  2,       1.0,       0.0,       0.0,       0.0),
        .init( 1,  1,  2, -2,  2,       1.0,       0.0,      -1.0,       0.0),
        .init( 3,  0,  2, -2,  2,       1.0,       0.0,       0.0,       0.0),
        .init(-2,  0,  2,  2,  2,       1.0,       0.0,      -1.0,       0.0),
        .init(-1,  0,  0,  0,  2,       1.0,       0.0,      -1.0,       0.0),
        .init( 0,  0, -2,  2,  1,       1.0,       0.0,       0.0,       0.0),
        .init( 0,  1,  2,  0,  1,       1.0,       0.0,       0.0,       0.0),
        .init(-1,  0,  4,  0,  2,       1.0,       0.0,       0.0,       0.0),
        .init( 2,  1,  0, -2,  0,       1.0,       0.0,       0.0,       0.0),
        .init( 2,  0,  0,  2,  0,       1.0,       0.0,       0.0,       0.0),
        .init( 2,  0,  2, -2,  1,       1.0,       0.0,      -1.0,       0.0),
        .init( 2,  0, -2,  0,  1,       1.0,       0.0,       0.0,       0.0),
        .init( 1, -1,  0, -2,  0,       1.0,       0.0,       0.0,       0.0),
        .init(-1,  0,  0,  1,  1,       1.0,       0.0,       0.0,       0.0),
        .init(-1, -1,  0,  2,  1,       1.0,       0.0,       0.0,       0.0),
        .init( 0,  1,  0,  1,  0,       1.0,       0.0,       0.0,       0.0),
    ]
}
