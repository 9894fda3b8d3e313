import Foundation
import Testing
@testable import Astrodynamics

@Suite("IAU-1980 nutation, IAU-1976 precession, GMST/GAST")
struct FramesEarthModelTests {
    static let degree = Double.pi / 180

    @Test("Nutation: SOFA t_nut80 validation case, TT JD 2400000.5 + 53736.0, within 1e-13 rad")
    func sofaNut80() {
        // IAU SOFA test suite (t_sofa_c.c, t_nut80): dpsi = −0.9643658353226563966e-5 rad,
        // deps = 0.4060051006879713322e-4 rad, checked there to 1e-13 rad (0.6 µm at GEO).
        let n = Nutation1980(tt: JulianDate(whole: 2_400_000.5, fraction: 53_736.0))
        #expect(abs(n.deltaPsiRad - -0.9643658353226563966e-5) < 1e-13)
        #expect(abs(n.deltaEpsRad - 0.4060051006879713322e-4) < 1e-13)
        #expect(Nutation1980.terms.count == 106)
    }

    @Test("Nutation and precession: Vallado Example 3-15 angles within 5e-8° (printed to 1e-7°)")
    func valladoExample315Angles() {
        // Vallado, Fundamentals, 4th ed., Example 3-15 (JD_TT 2453101.828154745, no δΔψ, δΔε):
        // ε̄ = 23.4387368°, Δψ = −0.0034108°, Δε = 0.0020316°, Ω = 42.6046140°;
        // ζ = 0.0273055°, θ = 0.0237306°, z = 0.0273059°.
        let tt = Vallado315.epoch.julianDate(.tt)
        #expect(abs(tt.value - 2_453_101.828154745) < 1e-9)
        let n = Nutation1980(tt: tt)
        let tol = 5e-8
        #expect(abs(n.meanObliquityRad / Self.degree - 23.4387368) < tol)
        #expect(abs(n.deltaPsiRad / Self.degree - -0.0034108) < tol)
        #expect(abs(n.deltaEpsRad / Self.degree - 0.0020316) < tol)
        var omega = (n.moonNodeLongitudeRad / Self.degree).truncatingRemainder(dividingBy: 360)
        if omega < 0 { omega += 360 }
        #expect(abs(omega - 42.6046140) < tol)
        let p = Precession1976(tt: tt)
        #expect(abs(p.zetaRad / Self.degree - 0.0273055) < tol)
        #expect(abs(p.thetaRad / Self.degree - 0.0237306) < tol)
        #expect(abs(p.zRad / Self.degree - 0.0273059) < tol)
    }

    @Test("GMST 312.8098943° and GAST 312.8067654°: Vallado Example 3-15 within 1e-7°")
    func valladoExample315SiderealTime() {
        // GAST = GMST + Δψ cos ε̄ + 0.00264″ sin Ω + 0.000063″ sin 2Ω (no δΔψ, as printed).
        // 1e-7° is the one-Double UT1 JD noise of the printed values (see FramesFK5Tests).
        let e = Vallado315.eopNoNutationCorrections
        let gmst = SiderealTime.gmst1982Rad(ut1: FK5Reduction.ut1(Vallado315.epoch, e, .bundled))
        #expect(abs(gmst / Self.degree - 312.8098943) < 1e-7)
        let n = Nutation1980(tt: Vallado315.epoch.julianDate(.tt))
        let gast = gmst + SiderealTime.equationOfEquinoxes1982Rad(n, kinematicTerms: true)
        #expect(abs(gast / Self.degree - 312.8067654) < 1e-7)
    }

    @Test("Earth rotation rate with LOD; Ellipsoid constants")
    func constants() {
        #expect(SiderealTime.earthRotationRateRadPerS(lengthOfDaySeconds: 0) == 7.29211514670698e-5)
        #expect(abs(SiderealTime.earthRotationRateRadPerS(lengthOfDaySeconds: 0.0015563)
            - 7.29211514670698e-5 * (1 - 0.0015563 / 86_400)) < 1e-20)
        #expect(abs(Ellipsoid.wgs84.polarRadiusKm - 6356.752_314_245) < 1e-9)   // NIMA TR8350.2 b
        #expect(abs(Ellipsoid.wgs84.eccentricitySquared - 0.006_694_379_990_14) < 1e-14)
    }
}
