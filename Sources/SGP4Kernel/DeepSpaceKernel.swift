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
@_transparent @usableFromInline
func synchronousResonanceTerms<A: LaneArithmetic>(
    _ block: UnsafePointer<Double>, xli: Lanes, _: A.Type
) -> (Lanes, Lanes) {
    @inline(__always) func field(_ f: DeepSpaceField) -> Lanes {
        UnsafeRawPointer(block + f.rawValue * 8).loadUnaligned(as: Lanes.self)
    }
    let fasx2 = 0.13130908, fasx4 = 2.8843198, fasx6 = 0.37448087
    let del1 = field(.del1), del2 = field(.del2), del3 = field(.del3)
    let a1 = LaneMath.sinCos(xli - fasx2, A.self)
    let a2 = LaneMath.sinCos(2.0 * (xli - fasx4), A.self)
    let a3 = LaneMath.sinCos(3.0 * (xli - fasx6), A.self)
    let xndt = del1 * a1.sin + del2 * a2.sin + del3 * a3.sin
    let xnddt = del1 * a1.cos + 2.0 * del2 * a2.cos + 3.0 * del3 * a3.cos
    return (xndt, xnddt)
}

/// Vallado's half-day resonance terms at `xli` and `atime` (`xndt` and `xnddt / xldot` of
/// `dspace`), the ten terms in Vallado's order.
@_transparent @usableFromInline
func halfDayResonanceTerms<A: LaneArithmetic>(
    _ block: UnsafePointer<Double>, xli: Lanes, atime: Lanes, _: A.Type
) -> (Lanes, Lanes) {
    @inline(__always) func field(_ f: DeepSpaceField) -> Lanes {
        UnsafeRawPointer(block + f.rawValue * 8).loadUnaligned(as: Lanes.self)
    }
    let g22 = 5.7686396, g32 = 0.95240898, g44 = 1.8014998, g52 = 1.0508330, g54 = 4.4108898
    let xomi = A.multiplyAdd(field(.argpdot), atime, field(.argpo))
    let x2omi = xomi + xomi
    let x2li = xli + xli
    let s2201 = LaneMath.sinCos(x2omi + xli - g22, A.self)
    let s2211 = LaneMath.sinCos(xli - g22, A.self)
    let s3210 = LaneMath.sinCos(xomi + xli - g32, A.self)
    let s3222 = LaneMath.sinCos(-xomi + xli - g32, A.self)
    let s4410 = LaneMath.sinCos(x2omi + x2li - g44, A.self)
    let s4422 = LaneMath.sinCos(x2li - g44, A.self)
    let s5220 = LaneMath.sinCos(xomi + xli - g52, A.self)
    let s5232 = LaneMath.sinCos(-xomi + xli - g52, A.self)
    let s5421 = LaneMath.sinCos(xomi + x2li - g54, A.self)
    let s5433 = LaneMath.sinCos(-xomi + x2li - g54, A.self)
    let d2201 = field(.d2201), d2211 = field(.d2211), d3210 = field(.d3210), d3222 = field(.d3222)
    let d4410 = field(.d4410), d4422 = field(.d4422), d5220 = field(.d5220), d5232 = field(.d5232)
    let d5421 = field(.d5421), d5433 = field(.d5433)
    let xndt = d2201 * s2201.sin + d2211 * s2211.sin
        + d3210 * s3210.sin + d3222 * s3222.sin
        + d4410 * s4410.sin + d4422 * s4422.sin
        + d5220 * s5220.sin + d5232 * s5232.sin
        + d5421 * s5421.sin + d5433 * s5433.sin
    let xnddt = d2201 * s2201.cos + d2211 * s2211.cos
        + d3210 * s3210.cos + d3222 * s3222.cos
        + d5220 * s5220.cos + d5232 * s5232.cos
        + 2.0 * (d4410 * s4410.cos + d4422 * s4422.cos
            + d5421 * s5421.cos + d5433 * s5433.cos)
    return (xndt, xnddt)
}
