import Foundation

/// Greenwich sidereal time and the Earth's rotation rate in the IAU-76/FK5 system.
///
/// - GMST: IAU 1982 expression (Aoki et al. 1982), as Vallado's `gstime`
///   (*Fundamentals of Astrodynamics and Applications*, 4th ed., Eq. 3-47 and Algorithm 15), and as
///   used by SGP4's TEME (Vallado et al. 2006, "Revisiting Spacetrack Report #3", AIAA 2006-6753,
///   Appendix C).
/// - Equation of the equinoxes: IAU 1982 geometric term Δψ cos ε̄, plus, on request, the two
///   kinematic terms of IERS Conventions 1996 used after 1997-02-27 (Vallado Eq. 3-79).
public enum SiderealTime {
    /// Earth's nominal rotation rate, rad/s (Vallado; IERS Technical Note 21).
    public static let nominalEarthRotationRateRadPerS = 7.29211514670698e-5

    /// Greenwich mean sidereal time (IAU 1982), radians in [0, 2π), from a two-part UT1 Julian date.
    ///
    /// Vallado's `gstime`: θ = 67310.54841 s + (876600 h + 8640184.812866 s) T + 0.093104 s T² − 6.2e-6 s T³,
    /// T in Julian centuries of UT1 from J2000. The whole-day part of 876600 h × T is removed exactly
    /// from the two-part date before multiplying, so no precision is lost to the size of the Julian date.
    public static func gmst1982Rad(ut1: JulianDate) -> Double {
        let days = (ut1.whole - 2_451_545.0) + ut1.fraction
        let t = days / 36_525.0
        // 86,400 s × days, reduced modulo a day using the two parts separately.
        let wholeDays = ut1.whole - 2_451_545.0
        let dayFraction = (wholeDays - wholeDays.rounded(.down)) + (ut1.fraction - ut1.fraction.rounded(.down))
        var seconds = 67_310.548_41 + 86_400.0 * dayFraction
            + ((-6.2e-6 * t + 0.093_104) * t + 8_640_184.812_866) * t
        seconds = seconds.truncatingRemainder(dividingBy: 86_400)
        var theta = seconds * (2 * Double.pi / 86_400)
        if theta < 0 { theta += 2 * Double.pi }
        return theta
    }

    /// The two-part UT1 Julian date of an instant: UTC day and seconds from `leapSeconds`, plus
    /// UT1 − UTC from `eop` (zero for ``EarthOrientationParameters/zero``).
    public static func ut1JulianDate(_ instant: Instant, _ eop: EarthOrientationParameters,
                                     leapSeconds: LeapSecondTable = .bundled) -> JulianDate {
        let (mjd, sod) = instant.utcDayAndSeconds(leapSeconds: leapSeconds)
        return JulianDate(whole: 2_400_000.5 + Double(mjd), fraction: (sod + eop.ut1MinusUTCSeconds) / 86_400)
    }

    /// GMST 1982 of an instant, radians, with UT1 from `eop`.
    public static func gmst1982Rad(at instant: Instant, _ eop: EarthOrientationParameters,
                                   leapSeconds: LeapSecondTable = .bundled) -> Double {
        gmst1982Rad(ut1: ut1JulianDate(instant, eop, leapSeconds: leapSeconds))
    }

    /// The Earth's rotation rate corrected for the excess length of day (Vallado's `thetasa`),
    /// ω = 7.29211514670698e-5 (1 − LOD/86400) rad/s.
    @inlinable
    public static func earthRotationRateRadPerS(lengthOfDaySeconds lod: Double) -> Double {
        nominalEarthRotationRateRadPerS * (1 - lod / 86_400)
    }

    /// Equation of the equinoxes (IAU 1982), radians: Δψ cos ε̄, plus the kinematic terms
    /// 0.00264″ sin Ω + 0.000063″ sin 2Ω when `kinematicTerms` is true (Vallado Eq. 3-79, IERS 1996).
    ///
    /// The kinematic terms reach 0.0027″ (about 9 cm at LEO radius, 55 cm at GEO).
    public static func equationOfEquinoxes1982Rad(_ nutation: Nutation1980, kinematicTerms: Bool = false) -> Double {
        var eqe = nutation.deltaPsiRad * cos(nutation.meanObliquityRad)
        if kinematicTerms {
            let arcsec = EarthOrientationParameters.radiansPerArcsecond
            eqe += 0.002_64 * arcsec * sin(nutation.moonNodeLongitudeRad)
                + 0.000_063 * arcsec * sin(2 * nutation.moonNodeLongitudeRad)
        }
        return eqe
    }
}
