import Foundation
import Testing
@testable import Astrodynamics

/// Vallado, *Fundamentals of Astrodynamics and Applications*, 4th ed. (2013), Example 3-15, and
/// Vallado, Crawford, Hujsak & Kelso (2006), "Revisiting Spacetrack Report #3", AIAA 2006-6753,
/// Appendix C (the TEME worked example): 2004-04-06 07:51:28.386009 UTC, ΔAT = 32 s,
/// UT1 − UTC = −0.4399619 s, LOD = 0.0015563 s, x_p = −0.140682″, y_p = 0.333309″,
/// δΔψ = −0.052195″, δΔε = −0.003875″ (inputs as in Vallado's `exsgp4_teme.m`). The TOD/MOD/J2000
/// values are Example 3-15 / Table 3-6 without δΔψ, δΔε; the GCRF values are the paper's TEME → J2000
/// with them (both as also transcribed in SatelliteToolboxTransformations.jl's `test/reference_frames/teme`).
enum Vallado315 {
    static let arcsec = EarthOrientationParameters.radiansPerArcsecond
    static let epoch = try! Instant(utc: "2004-04-06T07:51:28.386009Z")
    static let eop = EarthOrientationParameters(
        polarMotionXRad: -0.140682 * arcsec, polarMotionYRad: 0.333309 * arcsec,
        ut1MinusUTCSeconds: -0.4399619, lengthOfDaySeconds: 0.0015563,
        nutationCorrectionDPsiRad: -0.052195 * arcsec, nutationCorrectionDEpsRad: -0.003875 * arcsec)
    /// The same, without the nutation corrections (Vallado's "J2000" column).
    static var eopNoNutationCorrections: EarthOrientationParameters {
        var e = eop; e.nutationCorrectionDPsiRad = 0; e.nutationCorrectionDEpsRad = 0; return e
    }

    static let teme = State<TEME>(epoch: epoch, positionKm: [5094.18016210, 6127.64465950, 6380.34453270],
                                  velocityKmPerS: [-4.746131487, 0.785818041, 5.531931288])
    static let itrf = State<ITRF>(epoch: epoch, positionKm: [-1033.4793830, 7901.2952754, 6380.3565958],
                                  velocityKmPerS: [-3.225636520, -2.872451450, 5.531924446])
    static let pef = State<PEF>(epoch: epoch, positionKm: [-1033.4750313, 7901.3055856, 6380.3445328],
                                velocityKmPerS: [-3.225632747, -2.872442511, 5.531931288])
    // Without δΔψ, δΔε (Example 3-15 TOD, MOD, J2000).
    static let tod = State<TOD>(epoch: epoch, positionKm: [5094.5147804, 6127.3664612, 6380.3445328],
                                velocityKmPerS: [-4.746088567, 0.786077222, 5.531931288])
    static let mod = State<MOD>(epoch: epoch, positionKm: [5094.0290167, 6127.8709363, 6380.2478885],
                                velocityKmPerS: [-4.746262495, 0.786014149, 5.531791025])
    static let j2000 = State<GCRF>(epoch: epoch, positionKm: [5102.5096, 6123.01152, 6378.1363],
                                   velocityKmPerS: [-4.7432196, 0.7905366, 5.53375619])
    // With δΔψ, δΔε (AIAA 2006-6753 Appendix C, TEME → J2000 with corrections).
    static let gcrf = State<GCRF>(epoch: epoch, positionKm: [5102.50895790, 6123.01140070, 6378.13692820],
                                  velocityKmPerS: [-4.743220157, 0.790536497, 5.533755727])
}

func distanceKm(_ a: SIMD3<Double>, _ b: SIMD3<Double>) -> Double { FrameMath.norm(a - b) }

/// Checks a state against a reference: position within `mm` millimetres, velocity within `mmPerS` mm/s.
func expectClose<A, B>(_ s: State<A>, _ ref: State<B>, mm: Double, mmPerS: Double, _ what: String,
                       sourceLocation: SourceLocation = #_sourceLocation) {
    let dr = distanceKm(s.positionKm, ref.positionKm) * 1e6
    let dv = distanceKm(s.velocityKmPerS, ref.velocityKmPerS) * 1e6
    #expect(dr <= mm, "\(what): position off by \(dr) mm", sourceLocation: sourceLocation)
    #expect(dv <= mmPerS, "\(what): velocity off by \(dv) mm/s", sourceLocation: sourceLocation)
}

@Suite("FK5 reduction: Vallado Example 3-15 / AIAA 2006-6753 Appendix C")
struct FramesFK5Tests {
    typealias V = Vallado315

    @Test("GMST 1982: Vallado Example 3-5, 1992-08-20 12:14 UT1 → 152.578787886° within 1e-7° (0.36 mas)")
    func gmstExample35() {
        // Vallado evaluates gstime on one Double JD (ulp ≈ 40 µs ≈ 1.7e-7° of GMST); we keep two parts,
        // and differ from his printed value by 3.4e-8°.
        let jd = JulianDate(whole: 2_448_854.5, fraction: (12 * 3600 + 14 * 60) / 86_400.0)
        let deg = SiderealTime.gmst1982Rad(ut1: jd) * 180 / .pi
        #expect(abs(deg - 152.578787886) < 1e-7)
    }

    @Test("TEME → PEF → ITRF reproduces Example 3-15 within 0.5 mm when UT1 is one Double, as in Vallado's code")
    func temeToEarthFixedAsVallado() {
        // Vallado's teme2ecef is called with jdut1 + jdut1frac, a single Double; with that rounding of
        // the UT1 date our rotation matrices and ω × r give his published PEF and ITRF to 0.2 mm.
        let jd = FK5Reduction.ut1(V.epoch, V.eop, .bundled)
        let gmst = SiderealTime.gmst1982Rad(ut1: JulianDate(whole: jd.whole + jd.fraction, fraction: 0))
        let m = Matrix3.rotationZ(gmst)
        let omega = SiderealTime.earthRotationRateRadPerS(lengthOfDaySeconds: V.eop.lengthOfDaySeconds)
        let r = m * V.teme.positionKm
        let v = m * V.teme.velocityKmPerS - FrameMath.cross([0, 0, omega], r)
        let pef = State<PEF>(epoch: V.epoch, positionKm: r, velocityKmPerS: v)
        expectClose(pef, V.pef, mm: 0.5, mmPerS: 0.01, "PEF")
        expectClose(pef.toITRF(V.eop), V.itrf, mm: 0.5, mmPerS: 0.01, "ITRF")
    }

    @Test("TEME → PEF → ITRF with two-part UT1: Example 3-15 within 1 cm (9 mm is Vallado's one-Double JD)")
    func temeToEarthFixed() {
        expectClose(V.teme.toPEF(V.eop), V.pef, mm: 10, mmPerS: 0.01, "PEF")
        expectClose(V.teme.toITRF(V.eop), V.itrf, mm: 10, mmPerS: 0.01, "ITRF")
        expectClose(V.itrf.toTEME(V.eop), V.teme, mm: 10, mmPerS: 0.01, "ITRF → TEME")
        expectClose(V.pef.toTEME(V.eop), V.teme, mm: 10, mmPerS: 0.01, "PEF → TEME")
        expectClose(V.itrf.toPEF(V.eop), V.pef, mm: 0.5, mmPerS: 0.01, "ITRF → PEF")
        // The same through an EOP table holding the example's values on the day and the next.
        let mjd = 53_101
        let table = EarthOrientationTable(rows: [.init(utcModifiedJulianDay: mjd, parameters: V.eop),
                                                 .init(utcModifiedJulianDay: mjd + 1, parameters: V.eop)])
        expectClose(V.teme.toITRF(table), V.itrf, mm: 10, mmPerS: 0.01, "ITRF via table")
    }

    @Test("TEME → TOD → MOD → J2000 without δΔψ, δΔε: Example 3-15 within 0.5 mm, 0.01 mm/s")
    func temeToInertialNoCorrections() {
        let e0 = V.eopNoNutationCorrections
        expectClose(V.teme.toTOD(e0), V.tod, mm: 0.5, mmPerS: 0.01, "TOD")
        expectClose(V.teme.toMOD(e0), V.mod, mm: 0.5, mmPerS: 0.01, "MOD")
        expectClose(V.teme.toTOD(e0).toMOD(e0), V.mod, mm: 0.5, mmPerS: 0.01, "TOD → MOD")
        expectClose(V.teme.toGCRF(e0), V.j2000, mm: 0.5, mmPerS: 0.1, "J2000")   // printed to 0.1 mm/s
        expectClose(V.mod.toGCRF(), V.j2000, mm: 0.5, mmPerS: 0.1, "MOD → J2000")
        expectClose(V.j2000.toTEME(e0), V.teme, mm: 0.5, mmPerS: 0.1, "J2000 → TEME")
        expectClose(V.tod.toTEME(e0), V.teme, mm: 0.5, mmPerS: 0.01, "TOD → TEME")
        expectClose(V.mod.toTOD(e0), V.tod, mm: 0.5, mmPerS: 0.01, "MOD → TOD")
        expectClose(V.j2000.toMOD(), V.mod, mm: 0.5, mmPerS: 0.1, "J2000 → MOD")
    }

    @Test("TEME → J2000 with δΔψ, δΔε: AIAA 2006-6753 Appendix C within 0.5 mm, 0.01 mm/s")
    func temeToGCRFWithCorrections() {
        expectClose(V.teme.toGCRF(V.eop), V.gcrf, mm: 0.5, mmPerS: 0.01, "GCRF")
        expectClose(V.gcrf.toTEME(V.eop), V.teme, mm: 0.5, mmPerS: 0.01, "GCRF → TEME")
        // ITRF → GCRF (Example 3-15's own direction): within the 9 mm of the UT1 rounding above.
        expectClose(V.itrf.toGCRF(V.eop), V.gcrf, mm: 10, mmPerS: 0.01, "ITRF → GCRF")
    }

    @Test("Round trips between every pair close to 1e-9 km")
    func roundTrips() {
        let e = V.eop
        let t = V.teme
        for eop in [e, .zero] {
            expectClose(t.toITRF(eop).toTEME(eop), t, mm: 1e-3, mmPerS: 1e-6, "TEME ⇄ ITRF")
            expectClose(t.toPEF(eop).toTEME(eop), t, mm: 1e-3, mmPerS: 1e-6, "TEME ⇄ PEF")
            expectClose(t.toPEF(eop).toITRF(eop).toPEF(eop), t.toPEF(eop), mm: 1e-3, mmPerS: 1e-6, "PEF ⇄ ITRF")
            expectClose(t.toTOD(eop).toTEME(eop), t, mm: 1e-3, mmPerS: 1e-6, "TEME ⇄ TOD")
            expectClose(t.toMOD(eop).toTEME(eop), t, mm: 1e-3, mmPerS: 1e-6, "TEME ⇄ MOD")
            expectClose(t.toGCRF(eop).toTEME(eop), t, mm: 1e-3, mmPerS: 1e-6, "TEME ⇄ GCRF")
            expectClose(t.toGCRF(eop).toMOD().toGCRF(), t.toGCRF(eop), mm: 1e-3, mmPerS: 1e-6, "GCRF ⇄ MOD")
            expectClose(V.itrf.toGCRF(eop).toITRF(eop), V.itrf, mm: 1e-3, mmPerS: 1e-6, "ITRF ⇄ GCRF")
            // Paths agree: TEME → GCRF equals TEME → TOD → MOD → GCRF.
            expectClose(t.toTOD(eop).toMOD(eop).toGCRF(), t.toGCRF(eop), mm: 1e-3, mmPerS: 1e-6, "paths")
        }
        // The table and the empty table.
        expectClose(t.toITRF(EarthOrientationTable.empty), t.toITRF(EarthOrientationParameters.zero),
                    mm: 0, mmPerS: 0, ".empty equals .zero")
        expectClose(t.toGCRF(.empty).toTEME(.empty), t, mm: 1e-3, mmPerS: 1e-6, "TEME ⇄ GCRF (.empty)")
    }

    @Test("UT1 from EOP: .zero means UT1 = UTC (the rotation moves by dUT1 × ω)")
    func ut1Matters() {
        // 0.44 s of Earth rotation at 7968 km from the axis is about 256 m.
        let d = distanceKm(V.teme.toITRF(V.eop).positionKm, V.teme.toITRF(.zero).positionKm) * 1e3
        #expect(d > 200 && d < 300)
    }
}

extension FramesFK5Tests {
    @Test("Inertial pairs both ways: TOD ⇄ GCRF, MOD ⇄ TEME")
    func inertialPairs() {
        let e0 = V.eopNoNutationCorrections
        expectClose(V.tod.toGCRF(e0), V.j2000, mm: 0.5, mmPerS: 0.1, "TOD → J2000")
        expectClose(V.j2000.toTOD(e0), V.tod, mm: 0.5, mmPerS: 0.1, "J2000 → TOD")
        expectClose(V.mod.toTEME(e0), V.teme, mm: 0.5, mmPerS: 0.01, "MOD → TEME")
    }
}
