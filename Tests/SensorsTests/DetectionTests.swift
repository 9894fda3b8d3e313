import Testing
import Foundation
import Astrodynamics
@testable import Sensors

@Suite("Detection: radar equation, Swerling Pd, Sun, shadow, magnitude")
struct DetectionTests {
    static let radar = RadarParameters(peakPowerW: 1e6, antennaGainDB: 40, wavelengthM: 0.23, bandwidthHz: 1e6,
                                       pulsesIntegrated: 1, systemLossesDB: 5, noiseTemperatureK: 500)

    @Test("Radar equation (Skolnik 2001 eq. 2.61): doubling the range costs 12.04 dB; SNR is proportional to RCS")
    func rangeFourthPower() {
        let a = RadarEquationSkolnik2001.snrDB(Self.radar, rcsSquareMeters: 1, rangeKm: 1000)
        let b = RadarEquationSkolnik2001.snrDB(Self.radar, rcsSquareMeters: 1, rangeKm: 2000)
        #expect(abs((a - b) - 40 * log10(2.0)) < 1e-9)
        let c = RadarEquationSkolnik2001.snr(Self.radar, rcsSquareMeters: 10, rangeKm: 1000)
        let d = RadarEquationSkolnik2001.snr(Self.radar, rcsSquareMeters: 1, rangeKm: 1000)
        #expect(abs(c / d - 10) < 1e-12)
    }

    @Test("Radar equation value: P=1 MW, G=40 dB, λ=0.23 m, σ=1 m², R=1000 km, k·T·B with T=500 K, B=1 MHz, L=5 dB")
    func radarValue() {
        // By hand: 1e6 · 1e8 · 0.0529 · 1 / (1984.4 · 1e24 · 1.380649e-23 · 500 · 1e6 · 3.1623) = 0.12212 (−9.13 dB).
        let snr = RadarEquationSkolnik2001.snr(Self.radar, rcsSquareMeters: 1, rangeKm: 1000)
        let expected = 1e6 * 1e8 * 0.0529 / (pow(4 * Double.pi, 3) * 1e24 * 1.380649e-23 * 500 * 1e6 * pow(10, 0.5))
        #expect(abs(snr / expected - 1) < 1e-12)
        #expect(abs(10 * log10(snr) - (-9.131)) < 0.01)
        let r = RadarEquationSkolnik2001.range(Self.radar, rcsSquareMeters: 1, snr: snr)
        #expect(abs(r - 1000) < 1e-6)
    }

    @Test("Swerling I single pulse, Pfa 1e-6: Pd 0.9 needs 21.1 dB (Meyer & Mayer 1973 tables; Skolnik 2001 Fig. 2.23)")
    func swerlingOne() {
        let snr = pow(10, 21.14 / 10)
        let pd = DetectionProbabilitySwerling.pd(snr: snr, pfa: 1e-6, swerling: .one)
        #expect(abs(pd - 0.9) < 0.002)
        // The closed form itself.
        #expect(abs(DetectionProbabilitySwerling.pd(snr: 20, pfa: 1e-6, swerling: .one) - pow(1e-6, 1 / 21.0)) < 1e-15)
    }

    @Test("Steady target (Swerling 0), Pfa 1e-6: Pd 0.9 at 13.2 dB (Skolnik 2001 Fig. 2.7) within 0.02")
    func swerlingZero() {
        let pd = DetectionProbabilitySwerling.pd(snr: pow(10, 1.32), pfa: 1e-6, swerling: .zero)
        #expect(abs(pd - 0.9) < 0.02)
    }

    @Test("Swerling III single pulse matches numerical integration over the chi-square-4 RCS (scipy; Fixtures/sensors/SOURCES.md)")
    func swerlingThree() {
        let pd = DetectionProbabilitySwerling.pd(snr: 20, pfa: 1e-6, swerling: .three)
        #expect(abs(pd - 0.6099859803) < 1e-9)
        // Pd rises with SNR and falls with range.
        #expect(DetectionProbabilitySwerling.pd(snr: 40, pfa: 1e-6, swerling: .three) > pd)
    }

    @Test("Sun (Vallado 2013 Alg. 29) against JPL DE430 via skyfield at 2015-03-02T12:00Z: 0.02° in RA/Dec of date, 1e-4 in distance")
    func sun() throws {
        let t = try Instant(utc: "2015-03-02T12:00:00Z")
        let r = SunPositionVallado2013.positionKm(at: t)
        var ra = atan2(r.y, r.x) * 180 / .pi
        if ra < 0 { ra += 360 }
        let dec = asin(r.z / (r * r).sum().squareRoot()) * 180 / .pi
        #expect(abs(ra - 343.01266) < 0.02)
        #expect(abs(dec - (-7.21774)) < 0.02)
        #expect(abs((r * r).sum().squareRoot() / 148_253_066 - 1) < 1e-4)
    }

    @Test("Earth shadow: cylindrical and conical umbra")
    func shadow() {
        let sun = SIMD3<Double>(1.496e8, 0, 0)
        #expect(EarthShadow.isSunlit(positionKm: [7000, 0, 0], sunKm: sun, model: .cylindrical))
        #expect(!EarthShadow.isSunlit(positionKm: [-7000, 0, 0], sunKm: sun, model: .cylindrical))
        #expect(EarthShadow.isSunlit(positionKm: [-7000, 6500, 0], sunKm: sun, model: .cylindrical))
        // GEO behind the Earth: inside the cylinder and the umbra cone (apex ≈ 1.38 million km).
        #expect(!EarthShadow.isSunlit(positionKm: [-42164, 0, 0], sunKm: sun, model: .conical))
        // Past the umbra apex there is no umbra; the cylinder still shadows.
        #expect(EarthShadow.isSunlit(positionKm: [-1.5e6, 0, 0], sunKm: sun, model: .conical))
        #expect(!EarthShadow.isSunlit(positionKm: [-1.5e6, 0, 0], sunKm: sun, model: .cylindrical))
        // Near the cone's edge at GEO distance: radius shrinks from 6378 to about 6183 km.
        #expect(EarthShadow.isSunlit(positionKm: [-42164, 6300, 0], sunKm: sun, model: .conical))
        #expect(!EarthShadow.isSunlit(positionKm: [-42164, 6300, 0], sunKm: sun, model: .cylindrical))
    }

    @Test("Diffuse sphere: 1 m², albedo 0.1, 36,000 km, full phase gives magnitude 15.22; doubling the range adds 1.51 mag")
    func magnitude() {
        // m = −26.74 − 2.5 log10(2·0.1·1/(3π·(3.6e7)²)) = 15.225 (by hand).
        let m = DiffuseSphereMagnitude.magnitude(crossSectionSquareMeters: 1, rangeKm: 36_000, phaseAngleRad: 0)
        #expect(abs(m - 15.225) < 0.005)
        let far = DiffuseSphereMagnitude.magnitude(crossSectionSquareMeters: 1, rangeKm: 72_000, phaseAngleRad: 0)
        #expect(abs(far - m - 5 * log10(2.0)) < 1e-9)
        #expect(DiffuseSphereMagnitude.magnitude(crossSectionSquareMeters: 1, rangeKm: 36_000, phaseAngleRad: 2) > m)
    }
}
