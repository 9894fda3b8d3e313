/// Eight deep-space SGP4 (SDP4) propagations at once: Vallado's `sgp4` with `dspace` and `dpper`
/// (AIAA 2006-6753, C++ code of 2020-03-12) for periods of 225 minutes or more, one satellite per
/// lane.
///
/// Line for line the scalar `SGP4.propagate(minutesSinceEpoch:)` of module Astrodynamics with its
/// deep-space branches (`SGP4DeepSpaceTerms.applySecular` and `applyPeriodics`), with these
/// changes, each exact in real arithmetic:
/// - branches that differ between lanes run under masks: the resonance class (`irez` 0, 1, 2 —
///   each derivative set is evaluated only if some lane of the block needs it), the Lyddane
///   modification (perturbed inclination < 0.2 rad) against the direct periodics, the negative
///   inclination flip, and opsmode `'a'`'s wrap of a negative node (a per-lane flag);
/// - the resonance integrator takes its state (``DeepSpaceResonanceState``) from the previous call
///   and continues along Vallado's 720-minute grid from epoch, restarting by Vallado's own rule
///   (see that type); lanes with different step counts run in one masked loop, each lane frozen
///   once its own scalar loop would stop. The state after k steps is the same however it was
///   reached, so the numbers are those of the scalar, which restarts from epoch on every call;
/// - `pow(xke / nm, 2/3)` is ``DeepSpaceLaneMath/twoThirdsPower(_:guess:)`` (a few ulp), taken only
///   where the resonance changed nm (elsewhere the stored epoch value, as the scalar);
///   `pow(am, 1.5)` is `am·√am`;
/// - the resonance derivatives take one sine/cosine of `xli` (and of `xomi` for the half-day class)
///   per integrator step and build the other angles by multiple-angle and angle-sum formulas (see
///   ``synchronousResonanceTerms(_:xli:_:)`` and ``halfDayResonanceTerms(_:xli:atime:_:)``);
/// - `atan2` in the Lyddane branch is ``DeepSpaceLaneMath/atan2(_:_:_:)`` (≤ 1e-15 rad);
/// - sin/cos of the perturbed inclination are computed once and negated where the inclination is
///   flipped (sin is odd and cos even, exactly so in ``LaneMath/sinCos(_:_:)``);
/// - as in the near-Earth kernel, `atan2(sinu, cosu)` followed by sin/cos of `su − δ` becomes the
///   angle-difference formulas, and Kepler's equation freezes each lane where its scalar loop stops;
/// - `a + b·c` may be fused (``FusedLaneArithmetic``).
///
/// The remaining differences are roundings and the ``LaneMath`` sine/cosine (a few ulp), together far
/// below a millimetre. Error checks are the scalar's, in the scalar's order: invalid time (−1), mean
/// motion (2), mean eccentricity (1), perturbed eccentricity (3), semi-latus rectum (4), decay (6),
/// non-finite result (−2).
@_transparent
public func propagateDeepSpaceLanes<A: LaneArithmetic>(
    _ block: UnsafePointer<Double>, minutes time: Lanes, resonance: inout DeepSpaceResonanceState,
    _ arithmetic: A.Type
) -> (r: (Lanes, Lanes, Lanes), v: (Lanes, Lanes, Lanes), code: Lanes, value: Lanes) {
    @inline(__always) func field(_ f: DeepSpaceField) -> Lanes {
        UnsafeRawPointer(block + f.rawValue * 8).loadUnaligned(as: Lanes.self)
    }
    let one = Lanes(repeating: 1.0)
    let twoPi = 2.0 * Double.pi
    var code = Lanes(repeating: 0)
    var value = Lanes(repeating: 0)
    @inline(__always) func fail(_ mask: SIMDMask<SIMD8<Int64>>, _ c: Double, _ v: Lanes) {
        let fresh = mask .& (code .== 0)
        code.replace(with: c, where: fresh)
        value.replace(with: v, where: fresh)
    }
    @inline(__always) func magnitude(_ x: Lanes) -> Lanes { x.laneMagnitude }
    // Also false for NaN.
    let timeUsable = magnitude(time) .<= 1.0e8
    fail(.!timeUsable, -1, time)
    let t = time.replacing(with: 0, where: .!timeUsable)

    // ------------------------------------------- secular gravity and simplified drag
    let xmdf = A.multiplyAdd(field(.mdot), t, field(.mo))
    let argpdf = A.multiplyAdd(field(.argpdot), t, field(.argpo))
    let nodedf = A.multiplyAdd(field(.nodedot), t, field(.nodeo))
    let t2 = t * t
    var nodem = A.multiplyAdd(field(.nodecf), t2, nodedf)
    let tempa = one - field(.cc1) * t
    let tempe = field(.bstarTimesCC4) * t
    let templ = field(.t2cof) * t2

    // ------------------------------------------- dspace: lunar-solar secular rates
    var em = A.multiplyAdd(field(.dedt), t, field(.ecco))
    let inclm = A.multiplyAdd(field(.didt), t, field(.inclo))
    var argpm = A.multiplyAdd(field(.domdt), t, argpdf)
    nodem = A.multiplyAdd(field(.dnodt), t, nodem)
    var mm = A.multiplyAdd(field(.dmdt), t, xmdf)
    let no = field(.noUnkozai)
    var nm = no

    // ------------------------------------------- dspace: resonance integrator
    let irez = field(.irez)
    let resonant = irez .!= 0
    if laneAny(resonant) {
        let synchronous = irez .== 1
        let halfDay = irez .== 2
        let rptim = 4.37526908801129966e-3
        let stepp = 720.0, step2 = 259_200.0
        let theta = LaneMath.remainderTwoPi(A.multiplyAdd(t, Lanes(repeating: rptim), field(.gsto)), A.self)
        var atime = resonance.atime, xli = resonance.xli, xni = resonance.xni
        let restart = (atime .== 0) .| (t * atime .<= 0) .| (magnitude(t) .< magnitude(atime))
        atime.replace(with: 0, where: restart)
        xni.replace(with: no, where: restart)
        xli.replace(with: field(.xlamo), where: restart)
        let delt = Lanes(repeating: -stepp).replacing(with: stepp, where: t .> 0)
        let xfact = field(.xfact)
        var xndt = Lanes(repeating: 0), xldot = Lanes(repeating: 0), xnddt = Lanes(repeating: 0)
        while true {
            xldot = xni + xfact
            var sumSin = Lanes(repeating: 0), sumCos = Lanes(repeating: 0)
            if laneAny(synchronous) {
                let (s, c) = synchronousResonanceTerms(block, xli: xli, A.self)
                sumSin.replace(with: s, where: synchronous)
                sumCos.replace(with: c, where: synchronous)
            }
            if laneAny(halfDay) {
                let (s, c) = halfDayResonanceTerms(block, xli: xli, atime: atime, A.self)
                sumSin.replace(with: s, where: halfDay)
                sumCos.replace(with: c, where: halfDay)
            }
            xndt = sumSin
            xnddt = sumCos * xldot
            // False for NaN, which ends the loop as in the scalar.
            let stepping = resonant .& (magnitude(t - atime) .>= stepp)
            if !laneAny(stepping) { break }
            xli.replace(with: xli + xldot * delt + xndt * step2, where: stepping)
            xni.replace(with: xni + xndt * delt + xnddt * step2, where: stepping)
            atime.replace(with: atime + delt, where: stepping)
        }
        resonance.atime = atime
        resonance.xli = xli
        resonance.xni = xni
        let ft = t - atime
        let nmResonant = xni + xndt * ft + xnddt * ft * ft * 0.5
        let xl = xli + xldot * ft + xndt * ft * ft * 0.5
        let twoTheta = theta + theta
        let mmHalfDay = xl - (nodem + nodem) + twoTheta
        let mmSynchronous = xl - nodem - argpm + theta
        mm.replace(with: mmHalfDay, where: halfDay)
        mm.replace(with: mmSynchronous, where: synchronous)
        nm.replace(with: no + (nmResonant - no), where: resonant)
    }

    fail(nm .<= 0, 2, nm)
    // (xke / nm)^(2/3) is the stored constant unless the resonance changed nm.
    let xke = field(.xke)
    let aoBeforeDrag = field(.aoBeforeDrag)
    var aoNow = aoBeforeDrag
    let moved = nm .!= no
    if laneAny(moved) {
        let guess = aoBeforeDrag * A.multiplyAdd(Lanes(repeating: 2.0 / 3.0), no / nm - one, one)
        aoNow.replace(with: DeepSpaceLaneMath.twoThirdsPower(xke / nm, guess: guess), where: moved)
    }
    let am = aoNow * tempa * tempa
    let nmDrag = xke / (am * am.squareRoot())
    em = em - tempe
    fail((em .>= 1.0) .| (em .< -0.001), 1, em)
    em = em.replacing(with: 1.0e-6, where: em .< 1.0e-6)
    mm = A.multiplyAdd(no, templ, mm)
    var xlm = mm + argpm + nodem

    nodem = LaneMath.remainderTwoPi(nodem, A.self)
    argpm = LaneMath.remainderTwoPi(argpm, A.self)
    xlm = LaneMath.remainderTwoPi(xlm, A.self)
    mm = LaneMath.remainderTwoPi(xlm - argpm - nodem, A.self)

    // ------------------------------------------- dpper: lunar-solar periodics
    let zns = 1.19459e-5, zes = 0.01675, znl = 1.5835218e-4, zel = 0.05490
    var zm = A.multiplyAdd(Lanes(repeating: zns), t, field(.zmos))
    var zf = A.multiplyAdd(Lanes(repeating: 2.0 * zes), LaneMath.sinCos(zm, A.self).sin, zm)
    var zfs = LaneMath.sinCos(zf, A.self)
    var sinzf = zfs.sin
    var f2 = 0.5 * sinzf * sinzf - 0.25
    var f3 = -0.5 * sinzf * zfs.cos
    let ses = field(.se2) * f2 + field(.se3) * f3
    let sis = field(.si2) * f2 + field(.si3) * f3
    let sls = field(.sl2) * f2 + field(.sl3) * f3 + field(.sl4) * sinzf
    let sghs = field(.sgh2) * f2 + field(.sgh3) * f3 + field(.sgh4) * sinzf
    let shs = field(.sh2) * f2 + field(.sh3) * f3
    zm = A.multiplyAdd(Lanes(repeating: znl), t, field(.zmol))
    zf = A.multiplyAdd(Lanes(repeating: 2.0 * zel), LaneMath.sinCos(zm, A.self).sin, zm)
    zfs = LaneMath.sinCos(zf, A.self)
    sinzf = zfs.sin
    f2 = 0.5 * sinzf * sinzf - 0.25
    f3 = -0.5 * sinzf * zfs.cos
    let sel = field(.ee2) * f2 + field(.e3) * f3
    let sil = field(.xi2) * f2 + field(.xi3) * f3
    let sll = field(.xl2) * f2 + field(.xl3) * f3 + field(.xl4) * sinzf
    let sghl = field(.xgh2) * f2 + field(.xgh3) * f3 + field(.xgh4) * sinzf
    let shll = field(.xh2) * f2 + field(.xh3) * f3
    let pe = ses + sel
    let pinc = sis + sil
    let pl = sls + sll
    let pgh = sghs + sghl
    let ph = shs + shll

    var xincp = inclm + pinc
    var ep = em + pe
    let incl = LaneMath.sinCos(xincp, A.self)
    var sinip = incl.sin
    let cosip = incl.cos
    var nodep = nodem
    var argpp = argpm
    let mp = mm + pl
    // Scalar: `if inclp >= 0.2 { direct } else { Lyddane }` (NaN takes the Lyddane branch).
    let direct = xincp .>= 0.2
    if laneAny(direct) {
        let phOverSin = ph / sinip
        nodep.replace(with: nodem + phOverSin, where: direct)
        argpp.replace(with: argpm + (pgh - cosip * phOverSin), where: direct)
    }
    if !laneAll(direct) {
        // Lyddane modification (Vallado: GSFC choice of the perturbed inclination against 0.2 rad).
        let lyddane = .!direct
        let afspc = field(.afspc) .!= 0
        let op = LaneMath.sinCos(nodem, A.self)
        let sinop = op.sin, cosop = op.cos
        let dalf = ph * cosop + pinc * cosip * sinop
        let dbet = -ph * sinop + pinc * cosip * cosop
        let alfdp = sinip * sinop + dalf
        let betdp = sinip * cosop + dbet
        // Vallado's fmod(nodep, 2π) here is the identity: nodem is already reduced (|nodem| < 2π).
        var node = nodem
        node.replace(with: node + twoPi, where: afspc .& (node .< 0))
        var xls = mm + argpm + cosip * node
        let dls = pl + pgh - pinc * node * sinip
        xls = xls + dls
        let xnoh = node
        node = DeepSpaceLaneMath.atan2(alfdp, betdp, A.self)
        node.replace(with: node + twoPi, where: afspc .& (node .< 0))
        let far = magnitude(xnoh - node) .> Double.pi
        let below = node .< xnoh
        node.replace(with: node + twoPi, where: far .& below)
        node.replace(with: node - twoPi, where: far .& .!below)
        nodep.replace(with: node, where: lyddane)
        argpp.replace(with: xls - mp - cosip * node, where: lyddane)
    }
    let flip = xincp .< 0
    xincp.replace(with: -xincp, where: flip)
    sinip.replace(with: -sinip, where: flip)
    nodep.replace(with: nodep + Double.pi, where: flip)
    argpp.replace(with: argpp - Double.pi, where: flip)
    fail((ep .< 0) .| (ep .> 1), 3, ep)
    ep = ep.replacing(with: 0, where: (ep .< 0) .| (ep .> 1))

    // Long-period periodics with the perturbed inclination.
    let j3oj2 = field(.j3oj2)
    let aycof = -0.5 * j3oj2 * sinip
    let onePlusCos = one + cosip
    let xlcofDenominator = onePlusCos.replacing(with: 1.5e-12, where: magnitude(onePlusCos) .<= 1.5e-12)
    let xlcof = -0.25 * j3oj2 * sinip * (3.0 + 5.0 * cosip) / xlcofDenominator

    return deepSpaceShortPeriodState(
        block, am: am, nm: nmDrag, ep: ep, argpp: argpp, nodep: nodep, mp: mp, xincp: xincp,
        sinip: sinip, cosip: cosip, aycof: aycof, xlcof: xlcof, code: code, value: value, A.self)
}

/// Vallado's one-day resonance terms at `xli`: (Σ δᵢ sin(i(xli − λᵢ)), Σ i δᵢ cos(i(xli − λᵢ)))
/// (`xndt` and `xnddt / xldot` of `dspace`).
///
/// Rewritten exactly in real arithmetic: one sine/cosine of `xli`, the double and triple angles by
/// the multiple-angle formulas, and the phases λ₁ = `fasx2`, 2λ₂ = 2·`fasx4`, 3λ₃ = 3·`fasx6`
/// subtracted by the angle-difference formulas with their sines and cosines as constants (those of
/// the double-precision phases, to the last bit). The terms are ~1e-7 of the mean motion, so the few
/// ulp this moves them are far below a millimetre after any number of integrator steps.
@_transparent @usableFromInline
func synchronousResonanceTerms<A: LaneArithmetic>(
    _ block: UnsafePointer<Double>, xli: Lanes, _: A.Type
) -> (Lanes, Lanes) {
    @inline(__always) func field(_ f: DeepSpaceField) -> Lanes {
        UnsafeRawPointer(block + f.rawValue * 8).loadUnaligned(as: Lanes.self)
    }
    // sin, cos of fasx2 = 0.13130908, 2·fasx4 = 5.7686396, 3·fasx6 = 1.12344261.
    let s1 = 0.130932065016401, c1 = 0.9913913426848859
    let s2 = -0.49213943048915526, c2 = 0.8705163875297294
    let s3 = 0.9015949901666642, c3 = 0.43258117585763334
    let del1 = field(.del1), del2 = field(.del2), del3 = field(.del3)
    let l = LaneMath.sinCos(xli, A.self)
    let sin2 = 2.0 * l.sin * l.cos, cos2 = l.cos * l.cos - l.sin * l.sin
    let sin3 = sin2 * l.cos + cos2 * l.sin, cos3 = cos2 * l.cos - sin2 * l.sin
    // sin(kL − φ) = sin kL cos φ − cos kL sin φ;  cos(kL − φ) = cos kL cos φ + sin kL sin φ.
    let a1s = l.sin * c1 - l.cos * s1, a1c = l.cos * c1 + l.sin * s1
    let a2s = sin2 * c2 - cos2 * s2, a2c = cos2 * c2 + sin2 * s2
    let a3s = sin3 * c3 - cos3 * s3, a3c = cos3 * c3 + sin3 * s3
    let xndt = del1 * a1s + del2 * a2s + del3 * a3s
    let xnddt = del1 * a1c + 2.0 * del2 * a2c + 3.0 * del3 * a3c
    return (xndt, xnddt)
}

/// Vallado's half-day resonance terms at `xli` and `atime` (`xndt` and `xnddt / xldot` of
/// `dspace`), the ten terms in Vallado's order.
///
/// Rewritten exactly in real arithmetic: the ten angles (combinations of ω = `xomi` and L = `xli`
/// minus the constants `g22` … `g54`) come from one sine/cosine each of ω and L by the double-angle
/// and angle-sum/difference formulas, with the constants' sines and cosines as literals (those of
/// the double-precision constants). As for the one-day terms, the few ulp this moves the ~1e-7 terms
/// are far below a millimetre.
@_transparent @usableFromInline
func halfDayResonanceTerms<A: LaneArithmetic>(
    _ block: UnsafePointer<Double>, xli: Lanes, atime: Lanes, _: A.Type
) -> (Lanes, Lanes) {
    @inline(__always) func field(_ f: DeepSpaceField) -> Lanes {
        UnsafeRawPointer(block + f.rawValue * 8).loadUnaligned(as: Lanes.self)
    }
    // sin, cos of g22 = 5.7686396, g32 = 0.95240898, g44 = 1.8014998, g52 = 1.0508330, g54 = 4.4108898.
    let sg22 = -0.49213943048915526, cg22 = 0.8705163875297294
    let sg32 = 0.8148144061638924, cg32 = 0.5797219018700115
    let sg44 = 0.9735057780180799, cg44 = -0.22866241528815548
    let sg52 = 0.8678374012812773, cg52 = 0.496848311798842
    let sg54 = -0.9548923776153, cg54 = -0.29695209575316894
    let xomi = A.multiplyAdd(field(.argpdot), atime, field(.argpo))
    let w = LaneMath.sinCos(xomi, A.self)
    let l = LaneMath.sinCos(xli, A.self)
    let sin2w = 2.0 * w.sin * w.cos, cos2w = w.cos * w.cos - w.sin * w.sin
    let sin2l = 2.0 * l.sin * l.cos, cos2l = l.cos * l.cos - l.sin * l.sin
    // Angle sums and differences (sin, cos).
    @inline(__always) func sum(_ sa: Lanes, _ ca: Lanes, _ sb: Lanes, _ cb: Lanes) -> (Lanes, Lanes) {
        (sa * cb + ca * sb, ca * cb - sa * sb)
    }
    @inline(__always) func minus(_ a: (Lanes, Lanes), _ sg: Double, _ cg: Double) -> (s: Lanes, c: Lanes) {
        (a.0 * cg - a.1 * sg, a.1 * cg + a.0 * sg)
    }
    let wl = sum(w.sin, w.cos, l.sin, l.cos)              // ω + L
    let lw = sum(l.sin, l.cos, -w.sin, w.cos)             // −ω + L
    let w2l = sum(sin2w, cos2w, l.sin, l.cos)             // 2ω + L
    let w2l2 = sum(sin2w, cos2w, sin2l, cos2l)            // 2ω + 2L
    let wl2 = sum(w.sin, w.cos, sin2l, cos2l)             // ω + 2L
    let l2w = sum(sin2l, cos2l, -w.sin, w.cos)            // −ω + 2L
    let s2201 = minus(w2l, sg22, cg22)
    let s2211 = minus((l.sin, l.cos), sg22, cg22)
    let s3210 = minus(wl, sg32, cg32)
    let s3222 = minus(lw, sg32, cg32)
    let s4410 = minus(w2l2, sg44, cg44)
    let s4422 = minus((sin2l, cos2l), sg44, cg44)
    let s5220 = minus(wl, sg52, cg52)
    let s5232 = minus(lw, sg52, cg52)
    let s5421 = minus(wl2, sg54, cg54)
    let s5433 = minus(l2w, sg54, cg54)
    let d2201 = field(.d2201), d2211 = field(.d2211), d3210 = field(.d3210), d3222 = field(.d3222)
    let d4410 = field(.d4410), d4422 = field(.d4422), d5220 = field(.d5220), d5232 = field(.d5232)
    let d5421 = field(.d5421), d5433 = field(.d5433)
    let xndt = d2201 * s2201.s + d2211 * s2211.s
        + d3210 * s3210.s + d3222 * s3222.s
        + d4410 * s4410.s + d4422 * s4422.s
        + d5220 * s5220.s + d5232 * s5232.s
        + d5421 * s5421.s + d5433 * s5433.s
    let xnddt = d2201 * s2201.c + d2211 * s2211.c
        + d3210 * s3210.c + d3222 * s3222.c
        + d5220 * s5220.c + d5232 * s5232.c
        + 2.0 * (d4410 * s4410.c + d4422 * s4422.c
            + d5421 * s5421.c + d5433 * s5433.c)
    return (xndt, xnddt)
}
