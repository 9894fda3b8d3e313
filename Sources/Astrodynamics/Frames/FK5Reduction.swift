import Foundation

/// The IAU-76/FK5 reduction between SGP4's TEME and the other frames, as Vallado's `teme2ecef`,
/// `ecef2teme`, `teme2eci`, `eci2teme` (Vallado et al. 2006, "Revisiting Spacetrack Report #3",
/// AIAA 2006-6753, Appendix C; Vallado, *Fundamentals of Astrodynamics and Applications*, 4th ed.,
/// §3.7 and Example 3-15).
///
/// - TEME → PEF: R3(GMST 1982 on UT1); velocity v_PEF = R v_TEME − ω × r_PEF with the LOD-corrected ω.
/// - PEF → ITRF: polar motion, r_PEF = R1(y_p) R2(x_p) r_ITRF (Vallado `polarm`, '80').
/// - TEME → TOD: R3(−eqe), the complete IAU-1982 equation of the equinoxes (Δψ cos ε̄ with Δψ
///   including δΔψ, plus the kinematic terms from 1997-02-27 on). Vallado's `teme2eci.m` rotates by
///   the geometric term alone, but then TEME → J2000 disagrees with his own ITRF → PEF → TOD → J2000
///   (`ecef2eci`, GAST with the kinematic terms) by ~2 mas (7 cm at this example's radius). With the
///   complete equation, TEME → PEF → TOD closes, and the published Example 3-15 TOD, MOD and J2000
///   and the AIAA 2006-6753 TEME → J2000 values are reproduced (see `FramesFK5Tests`). This is also
///   the TEME of SatelliteToolbox and skyfield (whose TEME → GCRS rotates by GMST82 − GAST).
/// - TOD → MOD: IAU-1980 nutation, 106 terms plus δΔψ, δΔε. MOD → GCRF: IAU-1976 precession.
///   GCRF here is FK5 J2000 (no frame bias), as in `State.swift`; with δΔψ = δΔε = 0 it is what
///   Vallado calls J2000, and with the IERS corrections it matches his GCRF to a few millimetres.
///
/// Precession and nutation rates are ignored for velocities (as Vallado does): they are ~1e-11 rad/s
/// and change a LEO velocity by well under 1 mm/s.
enum FK5Reduction {
    /// The UT1 Julian date of an instant, UT1 = UTC + (UT1 − UTC) from `eop`.
    static func ut1(_ epoch: Instant, _ eop: EarthOrientationParameters, _ leapSeconds: LeapSecondTable) -> JulianDate {
        SiderealTime.ut1JulianDate(epoch, eop, leapSeconds: leapSeconds)
    }

    /// r_PEF = M r_TEME, and the Earth rotation rate to use with it.
    static func temeToPEF(_ epoch: Instant, _ eop: EarthOrientationParameters,
                          _ leapSeconds: LeapSecondTable) -> (matrix: Matrix3, omegaRadPerS: Double) {
        let gmst = SiderealTime.gmst1982Rad(ut1: ut1(epoch, eop, leapSeconds))
        return (Matrix3.rotationZ(gmst), SiderealTime.earthRotationRateRadPerS(lengthOfDaySeconds: eop.lengthOfDaySeconds))
    }

    /// r_PEF = W r_ITRF (Vallado `polarm` for IAU-76/FK5).
    static func itrfToPEF(_ eop: EarthOrientationParameters) -> Matrix3 {
        Matrix3.rotationX(eop.polarMotionYRad) * Matrix3.rotationY(eop.polarMotionXRad)
    }

    static func nutation(_ epoch: Instant, _ eop: EarthOrientationParameters, _ leapSeconds: LeapSecondTable) -> Nutation1980 {
        Nutation1980(tt: epoch.julianDate(.tt, leapSeconds: leapSeconds),
                     deltaPsiCorrectionRad: eop.nutationCorrectionDPsiRad,
                     deltaEpsCorrectionRad: eop.nutationCorrectionDEpsRad)
    }

    /// r_TOD = R3(−eqe) r_TEME with the complete equation of the equinoxes; its kinematic terms
    /// apply from 1997-02-27 (JD 2450449.5), as in Vallado's `gstime`/`eqeterms` rule.
    static func temeToTOD(_ n: Nutation1980, tt: JulianDate) -> Matrix3 {
        let kinematic = tt.value > 2_450_449.5
        return Matrix3.rotationZ(-SiderealTime.equationOfEquinoxes1982Rad(n, kinematicTerms: kinematic))
    }

    static func temeToTOD(_ epoch: Instant, _ eop: EarthOrientationParameters, _ leapSeconds: LeapSecondTable)
        -> (matrix: Matrix3, nutation: Nutation1980) {
        let tt = epoch.julianDate(.tt, leapSeconds: leapSeconds)
        let n = Nutation1980(tt: tt, deltaPsiCorrectionRad: eop.nutationCorrectionDPsiRad,
                             deltaEpsCorrectionRad: eop.nutationCorrectionDEpsRad)
        return (temeToTOD(n, tt: tt), n)
    }

    static func precession(_ epoch: Instant, _ leapSeconds: LeapSecondTable) -> Precession1976 {
        Precession1976(tt: epoch.julianDate(.tt, leapSeconds: leapSeconds))
    }

    /// r_GCRF = M r_TEME.
    static func temeToGCRF(_ epoch: Instant, _ eop: EarthOrientationParameters, _ leapSeconds: LeapSecondTable) -> Matrix3 {
        let (e, n) = temeToTOD(epoch, eop, leapSeconds)
        return precession(epoch, leapSeconds).modToJ2000 * n.todToMOD * e
    }

    // MARK: State-level steps

    static func rotate<A, B>(_ s: State<A>, _ m: Matrix3, to _: B.Type) -> State<B> {
        State<B>(epoch: s.epoch, positionKm: m * s.positionKm, velocityKmPerS: m * s.velocityKmPerS)
    }

    static func temeToPEF(_ s: State<TEME>, _ eop: EarthOrientationParameters, _ leap: LeapSecondTable) -> State<PEF> {
        let (m, omega) = temeToPEF(s.epoch, eop, leap)
        let r = m * s.positionKm
        let v = m * s.velocityKmPerS - FrameMath.cross(SIMD3(0, 0, omega), r)
        return State(epoch: s.epoch, positionKm: r, velocityKmPerS: v)
    }

    static func pefToTEME(_ s: State<PEF>, _ eop: EarthOrientationParameters, _ leap: LeapSecondTable) -> State<TEME> {
        let (m, omega) = temeToPEF(s.epoch, eop, leap)
        let mt = m.transposed
        let v = mt * (s.velocityKmPerS + FrameMath.cross(SIMD3(0, 0, omega), s.positionKm))
        return State(epoch: s.epoch, positionKm: mt * s.positionKm, velocityKmPerS: v)
    }

    static func pefToITRF(_ s: State<PEF>, _ eop: EarthOrientationParameters) -> State<ITRF> {
        rotate(s, itrfToPEF(eop).transposed, to: ITRF.self)
    }

    static func itrfToPEF(_ s: State<ITRF>, _ eop: EarthOrientationParameters) -> State<PEF> {
        rotate(s, itrfToPEF(eop), to: PEF.self)
    }
}

// MARK: - Public API

extension State where F == TEME {
    /// This state in PEF: rotated by GMST 1982 on UT1, velocity less ω × r (LOD-corrected ω).
    public func toPEF(_ eop: EarthOrientationParameters, leapSeconds: LeapSecondTable = .bundled) -> State<PEF> {
        FK5Reduction.temeToPEF(self, eop, leapSeconds)
    }
    /// This state in PEF, with EOP interpolated from `eop` at the epoch.
    public func toPEF(_ eop: EarthOrientationTable, leapSeconds: LeapSecondTable = .bundled) -> State<PEF> {
        toPEF(eop.parameters(at: epoch), leapSeconds: leapSeconds)
    }

    /// This state in ITRF: TEME → PEF (GMST 1982) → ITRF (polar motion), as Vallado's `teme2ecef`.
    /// `EarthOrientationParameters.zero` means UT1 = UTC and no polar motion.
    public func toITRF(_ eop: EarthOrientationParameters, leapSeconds: LeapSecondTable = .bundled) -> State<ITRF> {
        FK5Reduction.pefToITRF(FK5Reduction.temeToPEF(self, eop, leapSeconds), eop)
    }
    /// This state in ITRF, with EOP interpolated from `eop` at the epoch (`.empty`: UT1 = UTC, no polar motion).
    public func toITRF(_ eop: EarthOrientationTable, leapSeconds: LeapSecondTable = .bundled) -> State<ITRF> {
        toITRF(eop.parameters(at: epoch), leapSeconds: leapSeconds)
    }

    /// This state in TOD: rotated by the complete equation of the equinoxes (see ``FK5Reduction``).
    /// Only the nutation corrections of `eop` are used.
    public func toTOD(_ eop: EarthOrientationParameters, leapSeconds: LeapSecondTable = .bundled) -> State<TOD> {
        FK5Reduction.rotate(self, FK5Reduction.temeToTOD(epoch, eop, leapSeconds).matrix, to: TOD.self)
    }
    /// This state in TOD, with EOP interpolated from `eop` at the epoch.
    public func toTOD(_ eop: EarthOrientationTable, leapSeconds: LeapSecondTable = .bundled) -> State<TOD> {
        toTOD(eop.parameters(at: epoch), leapSeconds: leapSeconds)
    }

    /// This state in MOD: TEME → TOD → MOD (IAU-1980 nutation with δΔψ, δΔε).
    public func toMOD(_ eop: EarthOrientationParameters, leapSeconds: LeapSecondTable = .bundled) -> State<MOD> {
        let (e, n) = FK5Reduction.temeToTOD(epoch, eop, leapSeconds)
        return FK5Reduction.rotate(self, n.todToMOD * e, to: MOD.self)
    }
    /// This state in MOD, with EOP interpolated from `eop` at the epoch.
    public func toMOD(_ eop: EarthOrientationTable, leapSeconds: LeapSecondTable = .bundled) -> State<MOD> {
        toMOD(eop.parameters(at: epoch), leapSeconds: leapSeconds)
    }

    /// This state in GCRF (FK5 J2000): TEME → TOD → MOD → J2000 (Vallado `teme2eci`, with the complete equation of the equinoxes).
    /// With zero nutation corrections the result is Vallado's J2000; with the IERS δΔψ, δΔε, his GCRF.
    public func toGCRF(_ eop: EarthOrientationParameters, leapSeconds: LeapSecondTable = .bundled) -> State<GCRF> {
        FK5Reduction.rotate(self, FK5Reduction.temeToGCRF(epoch, eop, leapSeconds), to: GCRF.self)
    }
    /// This state in GCRF, with EOP interpolated from `eop` at the epoch.
    public func toGCRF(_ eop: EarthOrientationTable, leapSeconds: LeapSecondTable = .bundled) -> State<GCRF> {
        toGCRF(eop.parameters(at: epoch), leapSeconds: leapSeconds)
    }
}

extension State where F == PEF {
    /// This state in TEME (inverse of `toPEF(_:leapSeconds:)`).
    public func toTEME(_ eop: EarthOrientationParameters, leapSeconds: LeapSecondTable = .bundled) -> State<TEME> {
        FK5Reduction.pefToTEME(self, eop, leapSeconds)
    }
    /// This state in TEME, with EOP interpolated from `eop` at the epoch.
    public func toTEME(_ eop: EarthOrientationTable, leapSeconds: LeapSecondTable = .bundled) -> State<TEME> {
        toTEME(eop.parameters(at: epoch), leapSeconds: leapSeconds)
    }

    /// This state in ITRF (polar motion only; both frames rotate with the Earth).
    public func toITRF(_ eop: EarthOrientationParameters) -> State<ITRF> {
        FK5Reduction.pefToITRF(self, eop)
    }
    /// This state in ITRF, with polar motion interpolated from `eop` at the epoch.
    public func toITRF(_ eop: EarthOrientationTable) -> State<ITRF> { toITRF(eop.parameters(at: epoch)) }
}

extension State where F == ITRF {
    /// This state in PEF (polar motion removed).
    public func toPEF(_ eop: EarthOrientationParameters) -> State<PEF> {
        FK5Reduction.itrfToPEF(self, eop)
    }
    /// This state in PEF, with polar motion interpolated from `eop` at the epoch.
    public func toPEF(_ eop: EarthOrientationTable) -> State<PEF> { toPEF(eop.parameters(at: epoch)) }

    /// This state in TEME: ITRF → PEF → TEME, as Vallado's `ecef2teme`.
    public func toTEME(_ eop: EarthOrientationParameters, leapSeconds: LeapSecondTable = .bundled) -> State<TEME> {
        FK5Reduction.pefToTEME(FK5Reduction.itrfToPEF(self, eop), eop, leapSeconds)
    }
    /// This state in TEME, with EOP interpolated from `eop` at the epoch.
    public func toTEME(_ eop: EarthOrientationTable, leapSeconds: LeapSecondTable = .bundled) -> State<TEME> {
        toTEME(eop.parameters(at: epoch), leapSeconds: leapSeconds)
    }

    /// This state in GCRF (FK5 J2000), by way of TEME (ITRF → PEF → TEME → TOD → MOD → J2000).
    ///
    /// Equivalent to Vallado's `ecef2eci` (GAST with the kinematic terms), since TEME → TOD uses the
    /// complete equation of the equinoxes.
    public func toGCRF(_ eop: EarthOrientationParameters, leapSeconds: LeapSecondTable = .bundled) -> State<GCRF> {
        toTEME(eop, leapSeconds: leapSeconds).toGCRF(eop, leapSeconds: leapSeconds)
    }
    /// This state in GCRF, with EOP interpolated from `eop` at the epoch.
    public func toGCRF(_ eop: EarthOrientationTable, leapSeconds: LeapSecondTable = .bundled) -> State<GCRF> {
        toGCRF(eop.parameters(at: epoch), leapSeconds: leapSeconds)
    }
}

extension State where F == TOD {
    /// This state in TEME (inverse of the equation-of-the-equinoxes rotation).
    public func toTEME(_ eop: EarthOrientationParameters, leapSeconds: LeapSecondTable = .bundled) -> State<TEME> {
        FK5Reduction.rotate(self, FK5Reduction.temeToTOD(epoch, eop, leapSeconds).matrix.transposed, to: TEME.self)
    }
    /// This state in TEME, with EOP interpolated from `eop` at the epoch.
    public func toTEME(_ eop: EarthOrientationTable, leapSeconds: LeapSecondTable = .bundled) -> State<TEME> {
        toTEME(eop.parameters(at: epoch), leapSeconds: leapSeconds)
    }

    /// This state in MOD (IAU-1980 nutation with δΔψ, δΔε).
    public func toMOD(_ eop: EarthOrientationParameters, leapSeconds: LeapSecondTable = .bundled) -> State<MOD> {
        FK5Reduction.rotate(self, FK5Reduction.nutation(epoch, eop, leapSeconds).todToMOD, to: MOD.self)
    }
    /// This state in MOD, with EOP interpolated from `eop` at the epoch.
    public func toMOD(_ eop: EarthOrientationTable, leapSeconds: LeapSecondTable = .bundled) -> State<MOD> {
        toMOD(eop.parameters(at: epoch), leapSeconds: leapSeconds)
    }

    /// This state in GCRF/J2000 (nutation, then precession).
    public func toGCRF(_ eop: EarthOrientationParameters, leapSeconds: LeapSecondTable = .bundled) -> State<GCRF> {
        toMOD(eop, leapSeconds: leapSeconds).toGCRF(leapSeconds: leapSeconds)
    }
    /// This state in GCRF/J2000, with EOP interpolated from `eop` at the epoch.
    public func toGCRF(_ eop: EarthOrientationTable, leapSeconds: LeapSecondTable = .bundled) -> State<GCRF> {
        toGCRF(eop.parameters(at: epoch), leapSeconds: leapSeconds)
    }
}

extension State where F == MOD {
    /// This state in TOD (inverse nutation).
    public func toTOD(_ eop: EarthOrientationParameters, leapSeconds: LeapSecondTable = .bundled) -> State<TOD> {
        FK5Reduction.rotate(self, FK5Reduction.nutation(epoch, eop, leapSeconds).todToMOD.transposed, to: TOD.self)
    }
    /// This state in TOD, with EOP interpolated from `eop` at the epoch.
    public func toTOD(_ eop: EarthOrientationTable, leapSeconds: LeapSecondTable = .bundled) -> State<TOD> {
        toTOD(eop.parameters(at: epoch), leapSeconds: leapSeconds)
    }

    /// This state in GCRF/J2000 (IAU-1976 precession). Needs no Earth orientation.
    public func toGCRF(leapSeconds: LeapSecondTable = .bundled) -> State<GCRF> {
        FK5Reduction.rotate(self, FK5Reduction.precession(epoch, leapSeconds).modToJ2000, to: GCRF.self)
    }

    /// This state in TEME (inverse nutation, then the equation of the equinoxes).
    public func toTEME(_ eop: EarthOrientationParameters, leapSeconds: LeapSecondTable = .bundled) -> State<TEME> {
        let (e, n) = FK5Reduction.temeToTOD(epoch, eop, leapSeconds)
        return FK5Reduction.rotate(self, (n.todToMOD * e).transposed, to: TEME.self)
    }
    /// This state in TEME, with EOP interpolated from `eop` at the epoch.
    public func toTEME(_ eop: EarthOrientationTable, leapSeconds: LeapSecondTable = .bundled) -> State<TEME> {
        toTEME(eop.parameters(at: epoch), leapSeconds: leapSeconds)
    }
}

extension State where F == GCRF {
    /// This state in MOD (IAU-1976 precession from J2000). Needs no Earth orientation.
    public func toMOD(leapSeconds: LeapSecondTable = .bundled) -> State<MOD> {
        FK5Reduction.rotate(self, FK5Reduction.precession(epoch, leapSeconds).modToJ2000.transposed, to: MOD.self)
    }

    /// This state in TOD (precession, then nutation).
    public func toTOD(_ eop: EarthOrientationParameters, leapSeconds: LeapSecondTable = .bundled) -> State<TOD> {
        toMOD(leapSeconds: leapSeconds).toTOD(eop, leapSeconds: leapSeconds)
    }
    /// This state in TOD, with EOP interpolated from `eop` at the epoch.
    public func toTOD(_ eop: EarthOrientationTable, leapSeconds: LeapSecondTable = .bundled) -> State<TOD> {
        toTOD(eop.parameters(at: epoch), leapSeconds: leapSeconds)
    }

    /// This state in TEME: J2000 → MOD → TOD → TEME, as Vallado's `eci2teme`.
    public func toTEME(_ eop: EarthOrientationParameters, leapSeconds: LeapSecondTable = .bundled) -> State<TEME> {
        FK5Reduction.rotate(self, FK5Reduction.temeToGCRF(epoch, eop, leapSeconds).transposed, to: TEME.self)
    }
    /// This state in TEME, with EOP interpolated from `eop` at the epoch.
    public func toTEME(_ eop: EarthOrientationTable, leapSeconds: LeapSecondTable = .bundled) -> State<TEME> {
        toTEME(eop.parameters(at: epoch), leapSeconds: leapSeconds)
    }

    /// This state in ITRF, by way of TEME.
    public func toITRF(_ eop: EarthOrientationParameters, leapSeconds: LeapSecondTable = .bundled) -> State<ITRF> {
        toTEME(eop, leapSeconds: leapSeconds).toITRF(eop, leapSeconds: leapSeconds)
    }
    /// This state in ITRF, with EOP interpolated from `eop` at the epoch.
    public func toITRF(_ eop: EarthOrientationTable, leapSeconds: LeapSecondTable = .bundled) -> State<ITRF> {
        toITRF(eop.parameters(at: epoch), leapSeconds: leapSeconds)
    }
}
