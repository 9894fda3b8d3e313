import Foundation
import Astrodynamics

/// Boltzmann's constant, J/K (CODATA 2018, exact).
public let boltzmannJPerK = 1.380649e-23

/// The single-dwell signal-to-noise ratio of a monostatic radar:
///
///     SNR = P · G² · λ² · σ · n / ((4π)³ · R⁴ · k · T · B · L)
///
/// Skolnik, *Introduction to Radar Systems*, 3rd ed. (2001), eq. 2.61 with n pulses integrated
/// coherently; the same form is Richards, *Fundamentals of Radar Signal Processing*, 2nd ed.
/// (2014), eq. 2.43. Doubling the range lowers the SNR by 2⁴ (12.04 dB).
public enum RadarEquationSkolnik2001 {
    /// SNR (linear, not dB) for a target of `rcsSquareMeters` at `rangeKm`.
    @inlinable
    public static func snr(_ p: RadarParameters, rcsSquareMeters sigma: Double, rangeKm: Double) -> Double {
        let g = pow(10, p.antennaGainDB / 10)
        let l = pow(10, p.systemLossesDB / 10)
        let r = rangeKm * 1000
        let r2 = r * r
        let num = p.peakPowerW * g * g * p.wavelengthM * p.wavelengthM * sigma * p.pulsesIntegrated
        let den = pow(4 * Double.pi, 3) * r2 * r2 * boltzmannJPerK * p.noiseTemperatureK * p.bandwidthHz * l
        return num / den
    }

    /// SNR in dB.
    public static func snrDB(_ p: RadarParameters, rcsSquareMeters sigma: Double, rangeKm: Double) -> Double {
        10 * log10(snr(p, rcsSquareMeters: sigma, rangeKm: rangeKm))
    }

    /// The range at which the SNR equals `snr` (linear) for `rcsSquareMeters`, km.
    public static func range(_ p: RadarParameters, rcsSquareMeters sigma: Double, snr: Double) -> Double {
        pow(self.snr(p, rcsSquareMeters: sigma, rangeKm: 1) / snr, 0.25)
    }
}

/// Probability of detection of one dwell (a single, coherently integrated sample, square-law
/// detector) from its SNR and the probability of false alarm.
///
/// - Swerling I and II (exponential RCS): Pd = Pfa^(1/(1+SNR)) exactly — Richards 2014, eq. 7.47;
///   Skolnik 2001, eq. 2.37. (II equals I for one sample.)
/// - Swerling III and IV (chi-square, 4 degrees of freedom): Pd = exp(−T/(1+SNR/2)) · (1 + (SNR/2)·T/(1+SNR/2)²)
///   with T = −ln Pfa, exact for one sample — Richards 2014, eq. 7.51 (IV equals III for one sample).
/// - Swerling 0 (steady target): North's approximation Pd ≈ ½ erfc(√(−ln Pfa) − √(SNR + ½)),
///   Richards 2014, eq. 7.40 (within about 0.01 of the Marcum Q function for Pd in 0.1–0.9).
public enum DetectionProbabilitySwerling {
    @inlinable
    public static func pd(snr: Double, pfa: Double, swerling: SwerlingCase) -> Double {
        guard snr > 0, pfa > 0, pfa < 1 else { return snr > 0 && pfa >= 1 ? 1 : 0 }
        let t = -log(pfa)
        switch swerling {
        case .one, .two:
            return pow(pfa, 1 / (1 + snr))
        case .three, .four:
            let k = snr / 2
            return min(1, exp(-t / (1 + k)) * (1 + k * t / ((1 + k) * (1 + k))))
        case .zero:
            return 0.5 * erfc(t.squareRoot() - (snr + 0.5).squareRoot())
        }
    }
}

/// The Sun's position, low precision: the Astronomical Almanac's formula as given by Vallado,
/// *Fundamentals of Astrodynamics and Applications*, 4th ed. (2013), Algorithm 29 (`sun`):
/// about 0.01° in direction over 1950–2050, in mean-of-date equatorial axes. Used here only for
/// shadow and twilight tests, where the ≈0.3° precession from J2000 to 2023 does not matter; it is
/// applied as GCRF.
public enum SunPositionVallado2013 {
    /// The Sun's geocentric position, km, in mean equator and equinox of date (≈ GCRF).
    public static func positionKm(at instant: Instant) -> SIMD3<Double> {
        let (mjd, sod) = instant.taiDayAndSeconds
        // TT ≈ TDB; centuries since J2000.0 (JD 2451545.0 = MJD 51544.5).
        let days = Double(mjd - 51_544) - 0.5 + (sod + 32.184) / 86_400
        let t = days / 36_525
        let deg = Double.pi / 180
        let meanLongitude = (280.460 + 36_000.771 * t) * deg
        let meanAnomaly = (357.5291092 + 35_999.05034 * t) * deg
        let eclipticLongitude = meanLongitude + (1.914666471 * sin(meanAnomaly) + 0.019994643 * sin(2 * meanAnomaly)) * deg
        let distanceAU = 1.000140612 - 0.016708617 * cos(meanAnomaly) - 0.000139589 * cos(2 * meanAnomaly)
        let obliquity = (23.439291 - 0.0130042 * t) * deg
        let r = distanceAU * 149_597_870.7
        return SIMD3(r * cos(eclipticLongitude),
                     r * cos(obliquity) * sin(eclipticLongitude),
                     r * sin(obliquity) * sin(eclipticLongitude))
    }
}

/// Earth-shadow tests (Vallado 2013, §5.3 and Algorithm 34).
public enum EarthShadow {
    /// Equatorial radius used for the shadow, km (WGS84).
    public static let earthRadiusKm = 6378.137
    /// Mean solar radius, km.
    public static let sunRadiusKm = 696_000.0

    /// True when an object at geocentric `r` (km, same axes as `sun`) is lit by the Sun at `sun`.
    @inlinable
    public static func isSunlit(positionKm r: SIMD3<Double>, sunKm sun: SIMD3<Double>, model: ShadowModel) -> Bool {
        let sunDistance = (sun * sun).sum().squareRoot()
        let s = sun / sunDistance
        let along = (r * s).sum()
        if along >= 0 { return true }              // on the Sun's side of the terminator plane
        let perp = r - along * s
        let perpDistance = (perp * perp).sum().squareRoot()
        switch model {
        case .cylindrical:
            return perpDistance > earthRadiusKm
        case .conical:
            // Umbra cone: apex behind the Earth at distance Re·D/(Rs−Re); radius shrinks linearly.
            let apex = earthRadiusKm * sunDistance / (sunRadiusKm - earthRadiusKm)
            let behind = -along
            if behind >= apex { return true }
            return perpDistance > earthRadiusKm * (1 - behind / apex)
        }
    }
}

/// Apparent visual magnitude of a diffuse (Lambertian) sphere:
///
///     m = m☉ − 2.5 log₁₀( 2ρA / (3π²R²) · [(π − φ) cos φ + sin φ] )
///
/// with A the cross-section (m²), ρ the albedo, R the range (m) and φ the solar phase angle —
/// the diffuse-sphere model of McCue, Williams & Morford (1971) as used by Hejduk (2011),
/// "Specular and diffuse components in spherical satellite photometric modeling", AMOS.
public enum DiffuseSphereMagnitude {
    /// Apparent visual magnitude of the Sun.
    public static let sunMagnitude = -26.74

    public static func magnitude(crossSectionSquareMeters a: Double, albedo: Double = 0.1,
                                 rangeKm: Double, phaseAngleRad phi: Double) -> Double {
        let r = rangeKm * 1000
        let f = (Double.pi - phi) * cos(phi) + sin(phi)
        let flux = 2 * albedo * a * max(f, 1e-12) / (3 * Double.pi * Double.pi * r * r)
        return sunMagnitude - 2.5 * log10(flux)
    }
}
