#if canImport(Darwin)
import Darwin
#else
import Glibc
#endif

/// The SGP4/SDP4 analytic propagator of Vallado 2006: mean elements in, TEME position and velocity out.
///
/// This is our own Swift transcription of the reference implementation published with Vallado,
/// Crawford, Hujsak and Kelso, "Revisiting Spacetrack Report #3", AIAA 2006-6753 (C++ companion code,
/// revision of 2020-03-12, the one python-sgp4 2.27 compiles). It covers the near-Earth theory and
/// the deep-space theory (lunar-solar perturbations and 12 h / 24 h geopotential resonance, used
/// when the period is 225 minutes or more). Vallado's variable names (`cc1`, `xmcof`, `irez`, …)
/// are kept inside the math so each line can be checked against the reference. It reproduces
/// Vallado's `tcppver.out` verification output to well under a millimetre (see
/// `SGP4VerificationTests`).
///
/// Choices, all values passed in and never global:
/// - `gravity`: ``GravityModel/wgs72`` by default, because element sets are fitted with WGS-72.
/// - `opsMode`: ``OpsMode/improved`` (`'i'`) by default, as Vallado recommends; ``OpsMode/afspc``
///   (`'a'`) reproduces the operational AFSPC handling of the node in the Lyddane branch.
///
/// ```swift
/// let sgp4 = try SGP4(elements)                                  // WGS-72, improved mode
/// let (r, v) = try sgp4.propagate(minutesSinceEpoch: 1440)      // km, km/s in TEME
/// let state = try sgp4.state(at: someInstant)                    // State<TEME>
/// ```
///
/// `propagate` does not mutate: an `SGP4` value is immutable after `init` and safe to share across
/// tasks. It allocates nothing and uses no existentials.
///
/// Epoch: Vallado's internal epoch is the element epoch's UTC Julian date minus 2,433,281.5 (days
/// since 1949-12-31 00:00 UTC), which sets the Sun and Moon positions and, through GMST 1982 with
/// UT1 = UTC, the Greenwich sidereal time used by the resonance terms. It is computed here from
/// the two-part UTC Julian date of ``MeanElements/epoch`` (bundled leap-second table).
public struct SGP4: Sendable {
    /// How the Lyddane branch of the deep-space periodics treats a negative node.
    ///
    /// Vallado 2006 keeps both: `'i'` ("improved", the default and what `tcppver.out` was made
    /// with) and `'a'` (AFSPC operations, which wraps the node into [0, 2π) before use). Only
    /// deep-space orbits below 0.2 rad inclination see a difference; in the verification set only
    /// 23599 does (up to about 1 km after 400 minutes). In the 2020 revision of Vallado's code
    /// (followed here, and by python-sgp4 2.27) the mode no longer changes the sidereal time: the
    /// 1970-based AFSPC formula is still computed in `initl` but unused, and GMST 1982 serves both.
    public enum OpsMode: String, Sendable, Hashable, CaseIterable {
        /// Vallado's improved mode, `'i'`. The default.
        case improved = "i"
        /// AFSPC operational mode, `'a'`.
        case afspc = "a"
    }

    /// The resonance class of a deep-space orbit (Vallado's `irez`).
    public enum Resonance: Int, Sendable, Hashable {
        /// No geopotential resonance (or a near-Earth orbit).
        case none = 0
        /// One-day (geosynchronous) resonance: mean motion between 0.0034906585 and 0.0052359877 rad/min.
        case synchronous = 1
        /// Half-day resonance (Molniya-type): mean motion 8.26e-3 to 9.24e-3 rad/min and e ≥ 0.5.
        case halfDay = 2
    }

    /// The elements this propagator was made from.
    public let elements: MeanElements
    /// The Earth constants in use.
    public let gravity: GravityModel
    /// The operation mode in use.
    public let opsMode: OpsMode
    /// Vallado's epoch: days since 1949-12-31 00:00 UTC (UTC Julian date − 2,433,281.5).
    public let epochDaysSince1950: Double
    /// Greenwich mean sidereal time (IAU-82, UT1 = UTC) at the element epoch, rad.
    public let greenwichSiderealTimeAtEpochRad: Double

    // Constants copied from the gravity model, and derived ones (Vallado names).
    @usableFromInline let xke: Double
    @usableFromInline let j2: Double
    @usableFromInline let j3oj2: Double
    @usableFromInline let radiusearthkm: Double
    @usableFromInline let vkmpersec: Double

    // Mean elements at epoch (after un-Kozai), rad and rad/min.
    @usableFromInline let bstar: Double
    @usableFromInline let ecco: Double
    @usableFromInline let inclo: Double
    @usableFromInline let nodeo: Double
    @usableFromInline let argpo: Double
    @usableFromInline let mo: Double
    @usableFromInline let noUnkozai: Double
    /// `(xke / no_unkozai)^(2/3)`: the semi-major axis before drag, Earth radii.
    @usableFromInline let aoBeforeDrag: Double

    // Secular rates and drag coefficients (sgp4init).
    @usableFromInline let mdot: Double
    @usableFromInline let argpdot: Double
    @usableFromInline let nodedot: Double
    @usableFromInline let nodecf: Double
    @usableFromInline let cc1: Double
    @usableFromInline let cc4: Double
    @usableFromInline let cc5: Double
    @usableFromInline let d2: Double
    @usableFromInline let d3: Double
    @usableFromInline let d4: Double
    @usableFromInline let t2cof: Double
    @usableFromInline let t3cof: Double
    @usableFromInline let t4cof: Double
    @usableFromInline let t5cof: Double
    @usableFromInline let omgcof: Double
    @usableFromInline let xmcof: Double
    @usableFromInline let eta: Double
    @usableFromInline let delmo: Double
    @usableFromInline let sinmao: Double
    // Short-period and long-period coefficients (near-Earth values; deep space recomputes them).
    @usableFromInline let con41: Double
    @usableFromInline let x1mth2: Double
    @usableFromInline let x7thm1: Double
    @usableFromInline let xlcof: Double
    @usableFromInline let aycof: Double
    /// Vallado's `isimp`: the simplified drag model (perigee below 220 km, or deep space).
    @usableFromInline let isimp: Bool
    /// Vallado's `method == 'd'`.
    @usableFromInline let deepSpace: Bool
    @usableFromInline let afspc: Bool
    /// Lunar-solar and resonance terms; all zero and unused for near-Earth orbits.
    @usableFromInline let deep: SGP4DeepSpaceTerms

    /// Initialise SGP4 for one element set (Vallado's `sgp4init`), then check the state at epoch.
    ///
    /// - Parameters:
    ///   - elements: Kozai mean elements in TEME of epoch (radians, rad/min, B* per Earth radius).
    ///   - gravity: Earth constants. **Defaults to ``GravityModel/wgs72``**, the model element sets
    ///     are made with.
    ///   - opsMode: ``OpsMode/improved`` (`'i'`, default) or ``OpsMode/afspc`` (`'a'`).
    /// - Throws: ``SGP4Error`` with code ``SGP4Error/Code/invalidInput`` for a non-finite element,
    ///   ``SGP4Error/Code/meanMotionNotPositive`` for n ≤ 0,
    ///   ``SGP4Error/Code/meanEccentricityOutOfRange`` for e outside [0, 1), or whatever error the
    ///   propagation to t = 0 raises (for example code 3 for 33334 of the verification set), with
    ///   `minutesSinceEpoch` 0.
    public init(_ elements: MeanElements, gravity: GravityModel = .wgs72,
                opsMode: SGP4.OpsMode = .improved) throws(SGP4Error) {
        let inputs = [elements.meanMotionRadPerMin, elements.eccentricity, elements.inclinationRad,
                      elements.raanRad, elements.argumentOfPerigeeRad, elements.meanAnomalyRad,
                      elements.bstarPerEarthRadius]
        for value in inputs where !value.isFinite {
            throw SGP4Error(.invalidInput, minutesSinceEpoch: 0, offendingValue: value)
        }
        guard elements.meanMotionRadPerMin > 0 else {
            throw SGP4Error(.meanMotionNotPositive, minutesSinceEpoch: 0, offendingValue: elements.meanMotionRadPerMin)
        }
        guard elements.eccentricity >= 0 && elements.eccentricity < 1 else {
            throw SGP4Error(.meanEccentricityOutOfRange, minutesSinceEpoch: 0, offendingValue: elements.eccentricity)
        }

        self.elements = elements
        self.gravity = gravity
        self.opsMode = opsMode
        self.afspc = opsMode == .afspc

        // Vallado's twoline2rv passes (jdsatepoch + jdsatepochF) - 2433281.5: the two parts are
        // summed first, which rounds the epoch to about 40 µs. Kept on purpose: the lunar-solar
        // terms of 23333 (e = 0.97, at perigee) move by 4 mm if the exact difference is used instead.
        let jd = elements.epoch.julianDate(.utc)
        let epoch = (jd.whole + jd.fraction) - 2_433_281.5
        epochDaysSince1950 = epoch

        let xke = gravity.xkePerMinute
        let j2 = gravity.j2
        let j3oj2 = gravity.j3OverJ2
        let j4 = gravity.j4
        let radiusearthkm = gravity.radiusKm
        self.xke = xke
        self.j2 = j2
        self.j3oj2 = j3oj2
        self.radiusearthkm = radiusearthkm
        self.vkmpersec = radiusearthkm * xke / 60.0

        let bstar = elements.bstarPerEarthRadius
        let ecco = elements.eccentricity
        let inclo = elements.inclinationRad
        let nodeo = elements.raanRad
        let argpo = elements.argumentOfPerigeeRad
        let mo = elements.meanAnomalyRad
        let noKozai = elements.meanMotionRadPerMin
        self.bstar = bstar
        self.ecco = ecco
        self.inclo = inclo
        self.nodeo = nodeo
        self.argpo = argpo
        self.mo = mo

        let temp4 = 1.5e-12
        let x2o3 = 2.0 / 3.0
        let ss = 78.0 / radiusearthkm + 1.0
        let qzms2ttemp = (120.0 - 78.0) / radiusearthkm
        let qzms2t = qzms2ttemp * qzms2ttemp * qzms2ttemp * qzms2ttemp

        // ------------------------------------------------------------------- initl
        let eccsq = ecco * ecco
        let omeosq = 1.0 - eccsq
        let rteosq = omeosq.squareRoot()
        let cosio = cos(inclo)
        let cosio2 = cosio * cosio
        // Un-Kozai the mean motion.
        let ak = pow(xke / noKozai, x2o3)
        let d1 = 0.75 * j2 * (3.0 * cosio2 - 1.0) / (rteosq * omeosq)
        var del = d1 / (ak * ak)
        let adel = ak * (1.0 - del * del - del * (1.0 / 3.0 + 134.0 * del * del / 81.0))
        del = d1 / (adel * adel)
        let noUnkozai = noKozai / (1.0 + del)
        self.noUnkozai = noUnkozai

        let ao = pow(xke / noUnkozai, x2o3)
        self.aoBeforeDrag = ao
        let sinio = sin(inclo)
        let po = ao * omeosq
        let con42 = 1.0 - 5.0 * cosio2
        let con41 = -con42 - cosio2 - cosio2
        let posq = po * po
        let rp = ao * (1.0 - ecco)
        let gsto = SGP4.greenwichSiderealTime1982(julianDateUT1: epoch + 2_433_281.5)
        greenwichSiderealTimeAtEpochRad = gsto

        // ---------------------------------------------------------------- sgp4init
        var isimp = rp < (220.0 / radiusearthkm + 1.0)
        var sfour = ss
        var qzms24 = qzms2t
        let perige = (rp - 1.0) * radiusearthkm
        // For perigees below 156 km, s and qoms2t are altered.
        if perige < 156.0 {
            sfour = perige - 78.0
            if perige < 98.0 { sfour = 20.0 }
            let qzms24temp = (120.0 - sfour) / radiusearthkm
            qzms24 = qzms24temp * qzms24temp * qzms24temp * qzms24temp
            sfour = sfour / radiusearthkm + 1.0
        }
        let pinvsq = 1.0 / posq

        let tsi = 1.0 / (ao - sfour)
        let eta = ao * ecco * tsi
        let etasq = eta * eta
        let eeta = ecco * eta
        let psisq = abs(1.0 - etasq)
        let coef = qzms24 * pow(tsi, 4.0)
        let coef1 = coef / pow(psisq, 3.5)
        let cc2 = coef1 * noUnkozai * (ao * (1.0 + 1.5 * etasq + eeta * (4.0 + etasq))
            + 0.375 * j2 * tsi / psisq * con41 * (8.0 + 3.0 * etasq * (8.0 + etasq)))
        let cc1 = bstar * cc2
        var cc3 = 0.0
        if ecco > 1.0e-4 {
            cc3 = -2.0 * coef * tsi * j3oj2 * noUnkozai * sinio / ecco
        }
        let x1mth2 = 1.0 - cosio2
        let cc4 = 2.0 * noUnkozai * coef1 * ao * omeosq
            * (eta * (2.0 + 0.5 * etasq) + ecco * (0.5 + 2.0 * etasq)
                - j2 * tsi / (ao * psisq)
                * (-3.0 * con41 * (1.0 - 2.0 * eeta + etasq * (1.5 - 0.5 * eeta))
                    + 0.75 * x1mth2 * (2.0 * etasq - eeta * (1.0 + etasq)) * cos(2.0 * argpo)))
        let cc5 = 2.0 * coef1 * ao * omeosq * (1.0 + 2.75 * (etasq + eeta) + eeta * etasq)
        let cosio4 = cosio2 * cosio2
        let temp1 = 1.5 * j2 * pinvsq * noUnkozai
        let temp2 = 0.5 * temp1 * j2 * pinvsq
        let temp3 = -0.46875 * j4 * pinvsq * pinvsq * noUnkozai
        let mdot = noUnkozai + 0.5 * temp1 * rteosq * con41
            + 0.0625 * temp2 * rteosq * (13.0 - 78.0 * cosio2 + 137.0 * cosio4)
        let argpdot = -0.5 * temp1 * con42 + 0.0625 * temp2 * (7.0 - 114.0 * cosio2 + 395.0 * cosio4)
            + temp3 * (3.0 - 36.0 * cosio2 + 49.0 * cosio4)
        let xhdot1 = -temp1 * cosio
        let nodedot = xhdot1 + (0.5 * temp2 * (4.0 - 19.0 * cosio2) + 2.0 * temp3 * (3.0 - 7.0 * cosio2)) * cosio
        var xmcof = 0.0
        if ecco > 1.0e-4 {
            xmcof = -x2o3 * coef * bstar / eeta
        }
        let xlcof: Double
        if abs(cosio + 1.0) > 1.5e-12 {
            xlcof = -0.25 * j3oj2 * sinio * (3.0 + 5.0 * cosio) / (1.0 + cosio)
        } else {
            xlcof = -0.25 * j3oj2 * sinio * (3.0 + 5.0 * cosio) / temp4
        }
        let delmotemp = 1.0 + eta * cos(mo)

        self.eta = eta
        self.cc1 = cc1
        self.cc4 = cc4
        self.cc5 = cc5
        self.mdot = mdot
        self.argpdot = argpdot
        self.nodedot = nodedot
        self.omgcof = bstar * cc3 * cos(argpo)
        self.xmcof = xmcof
        self.nodecf = 3.5 * omeosq * xhdot1 * cc1
        self.t2cof = 1.5 * cc1
        self.xlcof = xlcof
        self.aycof = -0.5 * j3oj2 * sinio
        self.delmo = delmotemp * delmotemp * delmotemp
        self.sinmao = sin(mo)
        self.con41 = con41
        self.x1mth2 = x1mth2
        self.x7thm1 = 7.0 * cosio2 - 1.0

        // Deep-space initialisation for periods of 225 minutes or more.
        if 2.0 * Double.pi / noUnkozai >= 225.0 {
            deepSpace = true
            isimp = true
            deep = SGP4DeepSpaceTerms(
                epoch: epoch, ecco: ecco, argpo: argpo, inclo: inclo, nodeo: nodeo, mo: mo,
                noUnkozai: noUnkozai, mdot: mdot, argpdot: argpdot, nodedot: nodedot, xke: xke, gsto: gsto)
        } else {
            deepSpace = false
            deep = SGP4DeepSpaceTerms()
        }
        self.isimp = isimp

        // Higher-order drag terms, unless the simplified model is used.
        if !isimp {
            let cc1sq = cc1 * cc1
            let d2 = 4.0 * ao * tsi * cc1sq
            let temp = d2 * tsi * cc1 / 3.0
            let d3 = (17.0 * ao + sfour) * temp
            let d4 = 0.5 * temp * ao * tsi * (221.0 * ao + 31.0 * sfour) * cc1
            self.d2 = d2
            self.d3 = d3
            self.d4 = d4
            self.t3cof = d2 + 2.0 * cc1sq
            self.t4cof = 0.25 * (3.0 * d3 + cc1 * (12.0 * d2 + 10.0 * cc1sq))
            self.t5cof = 0.2 * (3.0 * d4 + 12.0 * cc1 * d3 + 6.0 * d2 * d2 + 15.0 * cc1sq * (2.0 * d2 + cc1sq))
        } else {
            d2 = 0; d3 = 0; d4 = 0; t3cof = 0; t4cof = 0; t5cof = 0
        }

        // Every derived constant must be a number; otherwise report the input as unusable.
        let derived = [noUnkozai, ao, cc1, cc4, cc5, mdot, argpdot, nodedot, xmcof, self.nodecf, self.omgcof,
                       self.delmo, self.d2, self.d3, self.d4, self.t5cof, eta, gsto,
                       deep.dedt, deep.didt, deep.dmdt, deep.dnodt, deep.domdt, deep.xfact, deep.xlamo,
                       deep.d5433, deep.del1, deep.zmol, deep.zmos, deep.xl4, deep.sl4]
        for value in derived where !value.isFinite {
            throw SGP4Error(.invalidInput, minutesSinceEpoch: 0, offendingValue: value)
        }

        // Finally propagate to epoch, as sgp4init does, and reject elements that fail there.
        _ = try propagate(minutesSinceEpoch: 0)
    }

    /// Greenwich mean sidereal time, IAU-1982 (Vallado's `gstime`), for a UT1 Julian date, rad in [0, 2π).
    @usableFromInline
    static func greenwichSiderealTime1982(julianDateUT1 jdut1: Double) -> Double {
        let twopi = 2.0 * Double.pi
        let deg2rad = Double.pi / 180.0
        let tut1 = (jdut1 - 2_451_545.0) / 36_525.0
        var temp = -6.2e-6 * tut1 * tut1 * tut1 + 0.093104 * tut1 * tut1
            + (876_600.0 * 3600 + 8_640_184.812866) * tut1 + 67_310.54841  // seconds
        temp = fmod(temp * deg2rad / 240.0, twopi)  // 360/86400 = 1/240, to degrees, to radians
        if temp < 0.0 { temp += twopi }
        return temp
    }

    // MARK: - Read-only facts about the orbit

    /// The element epoch.
    public var epoch: Instant { elements.epoch }
    /// Whether the deep-space (SDP4) theory is used: period of 225 minutes or more.
    public var isDeepSpace: Bool { deepSpace }
    /// The geopotential resonance class of a deep-space orbit (``Resonance/none`` near Earth).
    public var resonance: Resonance { Resonance(rawValue: deep.irez) ?? .none }
    /// Whether the simplified drag model is used (perigee below 220 km, or deep space).
    public var usesSimplifiedDrag: Bool { isimp }
    /// Brouwer ("un-Kozai'd") mean motion at epoch, rad/min.
    public var brouwerMeanMotionRadPerMin: Double { noUnkozai }
    /// Anomalistic period at epoch from the Brouwer mean motion, minutes.
    public var periodMinutes: Double { 2.0 * Double.pi / noUnkozai }
    /// Mean semi-major axis at epoch (Vallado's `a`), km.
    public var semiMajorAxisKm: Double { pow(noUnkozai * gravity.tuminMinutes, -2.0 / 3.0) * radiusearthkm }
    /// Mean perigee altitude above the equatorial radius at epoch (Vallado's `altp`), km.
    public var perigeeAltitudeKm: Double { semiMajorAxisKm * (1.0 - ecco) - radiusearthkm }
    /// Mean apogee altitude above the equatorial radius at epoch (Vallado's `alta`), km.
    public var apogeeAltitudeKm: Double { semiMajorAxisKm * (1.0 + ecco) - radiusearthkm }
}
