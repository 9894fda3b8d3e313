#if canImport(Darwin)
import Darwin
#else
import Glibc
#endif

/// The deep-space (SDP4) part of SGP4, for orbits with a period of 225 minutes or more: lunar-solar
/// secular rates and long-period periodics, and the 12 h / 24 h geopotential resonance integrator.
///
/// A transcription into our own Swift of Vallado's `dscom`, `dsinit`, `dspace` and `dpper` (Vallado,
/// Crawford, Hujsak, Kelso, "Revisiting Spacetrack Report #3", AIAA 2006-6753; C++ companion code
/// 2020-03-12 as shipped in python-sgp4 2.27). Vallado's variable names are kept inside the math so
/// the lines can be checked against the paper's code.
///
/// Differences from Vallado's structure, none of which change a result:
/// - `peo`, `pinco`, `plo`, `pgho`, `pho` are always zero in Vallado (set so by `dscom`, never
///   written afterwards), so `dpper` does not subtract them here.
/// - The `dpper` call in `sgp4init` with `init = 'y'` changes nothing and is not made.
/// - The resonance integrator does not carry `atime`, `xli`, `xni` between calls: every call
///   integrates from epoch in 720-minute steps. Vallado's carried state restarts from epoch or
///   continues along exactly the same 720-minute grid from epoch, so both give identical numbers
///   (the verification suite checks the resonant cases against Vallado's sequential output). The cost
///   is |t| / 720 integrator steps per call for the resonant orbits only.
@usableFromInline
internal struct SGP4DeepSpaceTerms: Sendable {
    // Lunar-solar long-period periodic coefficients (dscom).
    @usableFromInline var e3 = 0.0, ee2 = 0.0, se2 = 0.0, se3 = 0.0
    @usableFromInline var sgh2 = 0.0, sgh3 = 0.0, sgh4 = 0.0, sh2 = 0.0, sh3 = 0.0
    @usableFromInline var si2 = 0.0, si3 = 0.0, sl2 = 0.0, sl3 = 0.0, sl4 = 0.0
    @usableFromInline var xgh2 = 0.0, xgh3 = 0.0, xgh4 = 0.0, xh2 = 0.0, xh3 = 0.0
    @usableFromInline var xi2 = 0.0, xi3 = 0.0, xl2 = 0.0, xl3 = 0.0, xl4 = 0.0
    /// Mean anomalies of the Moon and Sun at epoch, rad.
    @usableFromInline var zmol = 0.0, zmos = 0.0
    // Lunar-solar secular rates (dsinit), per minute.
    @usableFromInline var dedt = 0.0, didt = 0.0, dmdt = 0.0, dnodt = 0.0, domdt = 0.0
    /// Resonance: 0 none, 1 one-day (synchronous), 2 half-day.
    @usableFromInline var irez: Int = 0
    // Half-day resonance coefficients.
    @usableFromInline var d2201 = 0.0, d2211 = 0.0, d3210 = 0.0, d3222 = 0.0, d4410 = 0.0
    @usableFromInline var d4422 = 0.0, d5220 = 0.0, d5232 = 0.0, d5421 = 0.0, d5433 = 0.0
    // Synchronous resonance coefficients.
    @usableFromInline var del1 = 0.0, del2 = 0.0, del3 = 0.0
    @usableFromInline var xfact = 0.0, xlamo = 0.0
    // Copies of near-Earth values the integrator needs.
    @usableFromInline var gsto = 0.0, argpo = 0.0, argpdot = 0.0, noUnkozai = 0.0

    /// All zero: what a near-Earth orbit carries (never read).
    @usableFromInline init() {}

    /// Vallado's `dscom` followed by `dsinit` at t = 0.
    ///
    /// - Parameters:
    ///   - epoch: days since 1949-12-31 00:00 UTC (Vallado's `epoch`).
    ///   - ecco, argpo, inclo, nodeo, mo: mean elements at epoch (rad).
    ///   - noUnkozai: Brouwer mean motion, rad/min.
    ///   - mdot, argpdot, nodedot: secular rates from the near-Earth initialisation, rad/min.
    ///   - xke: canonical gravitational constant of the gravity model.
    ///   - gsto: Greenwich sidereal time at epoch, rad.
    init(epoch: Double, ecco: Double, argpo: Double, inclo: Double, nodeo: Double, mo: Double,
         noUnkozai no: Double, mdot: Double, argpdot: Double, nodedot: Double, xke: Double, gsto: Double) {
        let twopi = 2.0 * Double.pi
        self.gsto = gsto
        self.argpo = argpo
        self.argpdot = argpdot
        self.noUnkozai = no

        // ------------------------------------------------------------------ dscom
        let zes = 0.01675, zel = 0.05490
        let c1ss = 2.9864797e-6, c1l = 4.7968065e-7
        let zsinis = 0.39785416, zcosis = 0.91744867
        let zcosgs = 0.1945905, zsings = -0.98088458
        let tc = 0.0

        let nm = no
        let em = ecco
        let snodm = sin(nodeo), cnodm = cos(nodeo)
        let sinomm = sin(argpo), cosomm = cos(argpo)
        let sinim = sin(inclo), cosim = cos(inclo)
        let emsq = em * em
        let betasq = 1.0 - emsq
        let rtemsq = betasq.squareRoot()

        let day = epoch + 18261.5 + tc / 1440.0
        let xnodce = fmod(4.5236020 - 9.2422029e-4 * day, twopi)
        let stem = sin(xnodce), ctem = cos(xnodce)
        let zcosil = 0.91375164 - 0.03568096 * ctem
        let zsinil = (1.0 - zcosil * zcosil).squareRoot()
        let zsinhl = 0.089683511 * stem / zsinil
        let zcoshl = (1.0 - zsinhl * zsinhl).squareRoot()
        let gam = 5.8351514 + 0.0019443680 * day
        var zx = 0.39785416 * stem / zsinil
        let zy = zcoshl * ctem + 0.91744867 * zsinhl * stem
        zx = atan2(zx, zy)
        zx = gam + zx - xnodce
        let zcosgl = cos(zx), zsingl = sin(zx)

        // Solar terms first (lsflg 1), then lunar (lsflg 2).
        var zcosg = zcosgs, zsing = zsings, zcosi = zcosis, zsini = zsinis
        var zcosh = cnodm, zsinh = snodm
        var cc = c1ss
        let xnoi = 1.0 / nm

        var s1 = 0.0, s2 = 0.0, s3 = 0.0, s4 = 0.0, s5 = 0.0, s6 = 0.0, s7 = 0.0
        var z1 = 0.0, z2 = 0.0, z3 = 0.0, z11 = 0.0, z12 = 0.0, z13 = 0.0
        var z21 = 0.0, z22 = 0.0, z23 = 0.0, z31 = 0.0, z32 = 0.0, z33 = 0.0
        var ss1 = 0.0, ss2 = 0.0, ss3 = 0.0, ss4 = 0.0, ss5 = 0.0, ss6 = 0.0, ss7 = 0.0
        var sz1 = 0.0, sz2 = 0.0, sz3 = 0.0, sz11 = 0.0, sz12 = 0.0, sz13 = 0.0
        var sz21 = 0.0, sz22 = 0.0, sz23 = 0.0, sz31 = 0.0, sz32 = 0.0, sz33 = 0.0

        for lsflg in 1...2 {
            let a1 = zcosg * zcosh + zsing * zcosi * zsinh
            let a3 = -zsing * zcosh + zcosg * zcosi * zsinh
            let a7 = -zcosg * zsinh + zsing * zcosi * zcosh
            let a8 = zsing * zsini
            let a9 = zsing * zsinh + zcosg * zcosi * zcosh
            let a10 = zcosg * zsini
            let a2 = cosim * a7 + sinim * a8
            let a4 = cosim * a9 + sinim * a10
            let a5 = -sinim * a7 + cosim * a8
            let a6 = -sinim * a9 + cosim * a10

            let x1 = a1 * cosomm + a2 * sinomm
            let x2 = a3 * cosomm + a4 * sinomm
            let x3 = -a1 * sinomm + a2 * cosomm
            let x4 = -a3 * sinomm + a4 * cosomm
            let x5 = a5 * sinomm
            let x6 = a6 * sinomm
            let x7 = a5 * cosomm
            let x8 = a6 * cosomm

            z31 = 12.0 * x1 * x1 - 3.0 * x3 * x3
            z32 = 24.0 * x1 * x2 - 6.0 * x3 * x4
            z33 = 12.0 * x2 * x2 - 3.0 * x4 * x4
            z1 = 3.0 * (a1 * a1 + a2 * a2) + z31 * emsq
            z2 = 6.0 * (a1 * a3 + a2 * a4) + z32 * emsq
            z3 = 3.0 * (a3 * a3 + a4 * a4) + z33 * emsq
            z11 = -6.0 * a1 * a5 + emsq * (-24.0 * x1 * x7 - 6.0 * x3 * x5)
            z12 = -6.0 * (a1 * a6 + a3 * a5) + emsq * (-24.0 * (x2 * x7 + x1 * x8) - 6.0 * (x3 * x6 + x4 * x5))
            z13 = -6.0 * a3 * a6 + emsq * (-24.0 * x2 * x8 - 6.0 * x4 * x6)
            z21 = 6.0 * a2 * a5 + emsq * (24.0 * x1 * x5 - 6.0 * x3 * x7)
            z22 = 6.0 * (a4 * a5 + a2 * a6) + emsq * (24.0 * (x2 * x5 + x1 * x6) - 6.0 * (x4 * x7 + x3 * x8))
            z23 = 6.0 * a4 * a6 + emsq * (24.0 * x2 * x6 - 6.0 * x4 * x8)
            z1 = z1 + z1 + betasq * z31
            z2 = z2 + z2 + betasq * z32
            z3 = z3 + z3 + betasq * z33
            s3 = cc * xnoi
            s2 = -0.5 * s3 / rtemsq
            s4 = s3 * rtemsq
            s1 = -15.0 * em * s4
            s5 = x1 * x3 + x2 * x4
            s6 = x2 * x3 + x1 * x4
            s7 = x2 * x4 - x1 * x3

            if lsflg == 1 {
                ss1 = s1; ss2 = s2; ss3 = s3; ss4 = s4; ss5 = s5; ss6 = s6; ss7 = s7
                sz1 = z1; sz2 = z2; sz3 = z3
                sz11 = z11; sz12 = z12; sz13 = z13
                sz21 = z21; sz22 = z22; sz23 = z23
                sz31 = z31; sz32 = z32; sz33 = z33
                zcosg = zcosgl
                zsing = zsingl
                zcosi = zcosil
                zsini = zsinil
                zcosh = zcoshl * cnodm + zsinhl * snodm
                zsinh = snodm * zcoshl - cnodm * zsinhl
                cc = c1l
            }
        }

        zmol = fmod(4.7199672 + 0.22997150 * day - gam, twopi)
        zmos = fmod(6.2565837 + 0.017201977 * day, twopi)

        // Solar periodic coefficients.
        se2 = 2.0 * ss1 * ss6
        se3 = 2.0 * ss1 * ss7
        si2 = 2.0 * ss2 * sz12
        si3 = 2.0 * ss2 * (sz13 - sz11)
        sl2 = -2.0 * ss3 * sz2
        sl3 = -2.0 * ss3 * (sz3 - sz1)
        sl4 = -2.0 * ss3 * (-21.0 - 9.0 * emsq) * zes
        sgh2 = 2.0 * ss4 * sz32
        sgh3 = 2.0 * ss4 * (sz33 - sz31)
        sgh4 = -18.0 * ss4 * zes
        sh2 = -2.0 * ss2 * sz22
        sh3 = -2.0 * ss2 * (sz23 - sz21)

        // Lunar periodic coefficients.
        ee2 = 2.0 * s1 * s6
        e3 = 2.0 * s1 * s7
        xi2 = 2.0 * s2 * z12
        xi3 = 2.0 * s2 * (z13 - z11)
        xl2 = -2.0 * s3 * z2
        xl3 = -2.0 * s3 * (z3 - z1)
        xl4 = -2.0 * s3 * (-21.0 - 9.0 * emsq) * zel
        xgh2 = 2.0 * s4 * z32
        xgh3 = 2.0 * s4 * (z33 - z31)
        xgh4 = -18.0 * s4 * zel
        xh2 = -2.0 * s2 * z22
        xh3 = -2.0 * s2 * (z23 - z21)

        // ----------------------------------------------------------------- dsinit
        let q22 = 1.7891679e-6, q31 = 2.1460748e-6, q33 = 2.2123015e-7
        let root22 = 1.7891679e-6, root44 = 7.3636953e-9, root54 = 2.1765803e-9
        let rptim = 4.37526908801129966e-3  // 7.29211514668855e-5 rad/s in rad/min
        let root32 = 3.7393792e-7, root52 = 1.1428639e-7
        let x2o3 = 2.0 / 3.0
        let znl = 1.5835218e-4, zns = 1.19459e-5
        let inclm = inclo
        let eccsq = ecco * ecco

        irez = 0
        if nm < 0.0052359877 && nm > 0.0034906585 { irez = 1 }
        if nm >= 8.26e-3 && nm <= 9.24e-3 && em >= 0.5 { irez = 2 }

        // Solar secular terms.
        let ses = ss1 * zns * ss5
        let sis = ss2 * zns * (sz11 + sz13)
        let sls = -zns * ss3 * (sz1 + sz3 - 14.0 - 6.0 * emsq)
        let sghs = ss4 * zns * (sz31 + sz33 - 6.0)
        var shs = -zns * ss2 * (sz21 + sz23)
        if inclm < 5.2359877e-2 || inclm > Double.pi - 5.2359877e-2 { shs = 0.0 }
        if sinim != 0.0 { shs = shs / sinim }
        let sgs = sghs - cosim * shs

        // Lunar secular terms.
        dedt = ses + s1 * znl * s5
        didt = sis + s2 * znl * (z11 + z13)
        dmdt = sls - znl * s3 * (z1 + z3 - 14.0 - 6.0 * emsq)
        let sghl = s4 * znl * (z31 + z33 - 6.0)
        var shll = -znl * s2 * (z21 + z23)
        if inclm < 5.2359877e-2 || inclm > Double.pi - 5.2359877e-2 { shll = 0.0 }
        domdt = sgs + sghl
        dnodt = shs
        if sinim != 0.0 {
            domdt = domdt - cosim / sinim * shll
            dnodt = dnodt + shll / sinim
        }

        // Resonance terms. (Vallado also advances em, inclm, argpm, nodem, mm by the rates times
        // t = 0 here; those results are discarded by sgp4init.)
        let theta = fmod(gsto + tc * rptim, twopi)
        if irez != 0 {
            let aonv = pow(nm / xke, x2o3)
            if irez == 2 {
                // Half-day (12 h) resonance, uses the epoch eccentricity.
                let cosisq = cosim * cosim
                let em = ecco
                let emsq = eccsq
                let eoc = em * emsq
                let g201 = -0.306 - (em - 0.64) * 0.440
                let g211, g310, g322, g410, g422, g520: Double
                if em <= 0.65 {
                    g211 = 3.616 - 13.2470 * em + 16.2900 * emsq
                    g310 = -19.302 + 117.3900 * em - 228.4190 * emsq + 156.5910 * eoc
                    g322 = -18.9068 + 109.7927 * em - 214.6334 * emsq + 146.5816 * eoc
                    g410 = -41.122 + 242.6940 * em - 471.0940 * emsq + 313.9530 * eoc
                    g422 = -146.407 + 841.8800 * em - 1629.014 * emsq + 1083.4350 * eoc
                    g520 = -532.114 + 3017.977 * em - 5740.032 * emsq + 3708.2760 * eoc
                } else {
                    g211 = -72.099 + 331.819 * em - 508.738 * emsq + 266.724 * eoc
                    g310 = -346.844 + 1582.851 * em - 2415.925 * emsq + 1246.113 * eoc
                    g322 = -342.585 + 1554.908 * em - 2366.899 * emsq + 1215.972 * eoc
                    g410 = -1052.797 + 4758.686 * em - 7193.992 * emsq + 3651.957 * eoc
                    g422 = -3581.690 + 16178.110 * em - 24462.770 * emsq + 12422.520 * eoc
                    if em > 0.715 {
                        g520 = -5149.66 + 29936.92 * em - 54087.36 * emsq + 31324.56 * eoc
                    } else {
                        g520 = 1464.74 - 4664.75 * em + 3763.64 * emsq
                    }
                }
                let g533, g521, g532: Double
                if em < 0.7 {
                    g533 = -919.22770 + 4988.6100 * em - 9064.7700 * emsq + 5542.21 * eoc
                    g521 = -822.71072 + 4568.6173 * em - 8491.4146 * emsq + 5337.524 * eoc
                    g532 = -853.66600 + 4690.2500 * em - 8624.7700 * emsq + 5341.4 * eoc
                } else {
                    g533 = -37995.780 + 161616.52 * em - 229838.20 * emsq + 109377.94 * eoc
                    g521 = -51752.104 + 218913.95 * em - 309468.16 * emsq + 146349.42 * eoc
                    g532 = -40023.880 + 170470.89 * em - 242699.48 * emsq + 115605.82 * eoc
                }

                let sini2 = sinim * sinim
                let f220 = 0.75 * (1.0 + 2.0 * cosim + cosisq)
                let f221 = 1.5 * sini2
                let f321 = 1.875 * sinim * (1.0 - 2.0 * cosim - 3.0 * cosisq)
                let f322 = -1.875 * sinim * (1.0 + 2.0 * cosim - 3.0 * cosisq)
                let f441 = 35.0 * sini2 * f220
                let f442 = 39.3750 * sini2 * sini2
                let f522 = 9.84375 * sinim * (sini2 * (1.0 - 2.0 * cosim - 5.0 * cosisq)
                    + 0.33333333 * (-2.0 + 4.0 * cosim + 6.0 * cosisq))
                let f523 = sinim * (4.92187512 * sini2 * (-2.0 - 4.0 * cosim + 10.0 * cosisq)
                    + 6.56250012 * (1.0 + 2.0 * cosim - 3.0 * cosisq))
                let f542 = 29.53125 * sinim * (2.0 - 8.0 * cosim + cosisq * (-12.0 + 8.0 * cosim + 10.0 * cosisq))
                let f543 = 29.53125 * sinim * (-2.0 - 8.0 * cosim + cosisq * (12.0 + 8.0 * cosim - 10.0 * cosisq))
                let xno2 = nm * nm
                let ainv2 = aonv * aonv
                var temp1 = 3.0 * xno2 * ainv2
                var temp = temp1 * root22
                d2201 = temp * f220 * g201
                d2211 = temp * f221 * g211
                temp1 = temp1 * aonv
                temp = temp1 * root32
                d3210 = temp * f321 * g310
                d3222 = temp * f322 * g322
                temp1 = temp1 * aonv
                temp = 2.0 * temp1 * root44
                d4410 = temp * f441 * g410
                d4422 = temp * f442 * g422
                temp1 = temp1 * aonv
                temp = temp1 * root52
                d5220 = temp * f522 * g520
                d5232 = temp * f523 * g532
                temp = 2.0 * temp1 * root54
                d5421 = temp * f542 * g521
                d5433 = temp * f543 * g533
                xlamo = fmod(mo + nodeo + nodeo - theta - theta, twopi)
                xfact = mdot + dmdt + 2.0 * (nodedot + dnodt - rptim) - no
            }
            if irez == 1 {
                // One-day (24 h, geosynchronous) resonance.
                let g200 = 1.0 + emsq * (-2.5 + 0.8125 * emsq)
                let g310 = 1.0 + 2.0 * emsq
                let g300 = 1.0 + emsq * (-6.0 + 6.60937 * emsq)
                let f220 = 0.75 * (1.0 + cosim) * (1.0 + cosim)
                let f311 = 0.9375 * sinim * sinim * (1.0 + 3.0 * cosim) - 0.75 * (1.0 + cosim)
                var f330 = 1.0 + cosim
                f330 = 1.875 * f330 * f330 * f330
                del1 = 3.0 * nm * nm * aonv * aonv
                del2 = 2.0 * del1 * f220 * g200 * q22
                del3 = 3.0 * del1 * f330 * g300 * q33 * aonv
                del1 = del1 * f311 * g310 * q31 * aonv
                let xpidot = argpdot + nodedot
                xlamo = fmod(mo + nodeo + argpo - theta, twopi)
                xfact = mdot + xpidot - rptim + dmdt + domdt + dnodt - no
            }
        }
    }

    /// Vallado's `dspace`: lunar-solar secular effects and, for resonant orbits, the Euler–Maclaurin
    /// integration of the resonance from epoch in 720-minute steps. Updates the mean elements in place.
    @inlinable
    func applySecular(t: Double, em: inout Double, argpm: inout Double, inclm: inout Double,
                      mm: inout Double, nodem: inout Double, nm: inout Double) {
        let twopi = 2.0 * Double.pi
        let fasx2 = 0.13130908, fasx4 = 2.8843198, fasx6 = 0.37448087
        let g22 = 5.7686396, g32 = 0.95240898, g44 = 1.8014998, g52 = 1.0508330, g54 = 4.4108898
        let rptim = 4.37526908801129966e-3
        let stepp = 720.0, stepn = -720.0, step2 = 259_200.0
        let tc = t

        em = em + dedt * t
        inclm = inclm + didt * t
        argpm = argpm + domdt * t
        nodem = nodem + dnodt * t
        mm = mm + dmdt * t

        guard irez != 0 else { return }
        let theta = fmod(gsto + tc * rptim, twopi)
        let no = noUnkozai
        // Always restart from epoch (Vallado restarts when atime == 0, which it is here).
        var atime = 0.0
        var xni = no
        var xli = xlamo
        let delt = t > 0.0 ? stepp : stepn

        var ft = 0.0
        var xndt = 0.0, xldot = 0.0, xnddt = 0.0
        while true {
            if irez != 2 {
                xndt = del1 * sin(xli - fasx2) + del2 * sin(2.0 * (xli - fasx4)) + del3 * sin(3.0 * (xli - fasx6))
                xldot = xni + xfact
                xnddt = del1 * cos(xli - fasx2) + 2.0 * del2 * cos(2.0 * (xli - fasx4))
                    + 3.0 * del3 * cos(3.0 * (xli - fasx6))
                xnddt = xnddt * xldot
            } else {
                let xomi = argpo + argpdot * atime
                let x2omi = xomi + xomi
                let x2li = xli + xli
                xndt = d2201 * sin(x2omi + xli - g22) + d2211 * sin(xli - g22)
                    + d3210 * sin(xomi + xli - g32) + d3222 * sin(-xomi + xli - g32)
                    + d4410 * sin(x2omi + x2li - g44) + d4422 * sin(x2li - g44)
                    + d5220 * sin(xomi + xli - g52) + d5232 * sin(-xomi + xli - g52)
                    + d5421 * sin(xomi + x2li - g54) + d5433 * sin(-xomi + x2li - g54)
                xldot = xni + xfact
                xnddt = d2201 * cos(x2omi + xli - g22) + d2211 * cos(xli - g22)
                    + d3210 * cos(xomi + xli - g32) + d3222 * cos(-xomi + xli - g32)
                    + d5220 * cos(xomi + xli - g52) + d5232 * cos(-xomi + xli - g52)
                    + 2.0 * (d4410 * cos(x2omi + x2li - g44) + d4422 * cos(x2li - g44)
                        + d5421 * cos(xomi + x2li - g54) + d5433 * cos(-xomi + x2li - g54))
                xnddt = xnddt * xldot
            }
            // The comparison is false for NaN, which ends the loop; the caller rejects the result.
            if abs(t - atime) >= stepp {
                xli = xli + xldot * delt + xndt * step2
                xni = xni + xndt * delt + xnddt * step2
                atime = atime + delt
            } else {
                ft = t - atime
                break
            }
        }

        nm = xni + xndt * ft + xnddt * ft * ft * 0.5
        let xl = xli + xldot * ft + xndt * ft * ft * 0.5
        let dndt: Double
        if irez != 1 {
            mm = xl - 2.0 * nodem + 2.0 * theta
            dndt = nm - no
        } else {
            mm = xl - nodem - argpm + theta
            dndt = nm - no
        }
        nm = no + dndt
    }

    /// Vallado's `dpper` after initialisation (`init = 'n'`): adds the lunar-solar long-period
    /// periodics to the mean elements, with the Lyddane modification below 0.2 rad inclination.
    /// `afspc` selects the AFSPC operational handling of a negative node (opsmode `'a'`).
    @inlinable
    func applyPeriodics(t: Double, ep: inout Double, inclp: inout Double, nodep: inout Double,
                        argpp: inout Double, mp: inout Double, afspc: Bool) {
        let twopi = 2.0 * Double.pi
        let zns = 1.19459e-5, zes = 0.01675, znl = 1.5835218e-4, zel = 0.05490

        // Solar terms.
        var zm = zmos + zns * t
        var zf = zm + 2.0 * zes * sin(zm)
        var sinzf = sin(zf)
        var f2 = 0.5 * sinzf * sinzf - 0.25
        var f3 = -0.5 * sinzf * cos(zf)
        let ses = se2 * f2 + se3 * f3
        let sis = si2 * f2 + si3 * f3
        let sls = sl2 * f2 + sl3 * f3 + sl4 * sinzf
        let sghs = sgh2 * f2 + sgh3 * f3 + sgh4 * sinzf
        let shs = sh2 * f2 + sh3 * f3
        // Lunar terms.
        zm = zmol + znl * t
        zf = zm + 2.0 * zel * sin(zm)
        sinzf = sin(zf)
        f2 = 0.5 * sinzf * sinzf - 0.25
        f3 = -0.5 * sinzf * cos(zf)
        let sel = ee2 * f2 + e3 * f3
        let sil = xi2 * f2 + xi3 * f3
        let sll = xl2 * f2 + xl3 * f3 + xl4 * sinzf
        let sghl = xgh2 * f2 + xgh3 * f3 + xgh4 * sinzf
        let shll = xh2 * f2 + xh3 * f3
        let pe = ses + sel
        let pinc = sis + sil
        let pl = sls + sll
        var pgh = sghs + sghl
        var ph = shs + shll

        inclp = inclp + pinc
        ep = ep + pe
        let sinip = sin(inclp)
        let cosip = cos(inclp)

        if inclp >= 0.2 {
            // Apply the periodics directly.
            ph = ph / sinip
            pgh = pgh - cosip * ph
            argpp = argpp + pgh
            nodep = nodep + ph
            mp = mp + pl
        } else {
            // Lyddane modification (GSFC choice: perturbed inclination tested against 0.2 rad).
            let sinop = sin(nodep)
            let cosop = cos(nodep)
            var alfdp = sinip * sinop
            var betdp = sinip * cosop
            let dalf = ph * cosop + pinc * cosip * sinop
            let dbet = -ph * sinop + pinc * cosip * cosop
            alfdp = alfdp + dalf
            betdp = betdp + dbet
            nodep = fmod(nodep, twopi)
            if nodep < 0.0 && afspc { nodep = nodep + twopi }
            var xls = mp + argpp + cosip * nodep
            let dls = pl + pgh - pinc * nodep * sinip
            xls = xls + dls
            let xnoh = nodep
            nodep = atan2(alfdp, betdp)
            if nodep < 0.0 && afspc { nodep = nodep + twopi }
            if abs(xnoh - nodep) > Double.pi {
                if nodep < xnoh {
                    nodep = nodep + twopi
                } else {
                    nodep = nodep - twopi
                }
            }
            mp = mp + pl
            argpp = xls - mp - cosip * nodep
        }
    }
}
