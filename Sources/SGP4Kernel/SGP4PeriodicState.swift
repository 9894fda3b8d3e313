/// The common tail of Vallado's `sgp4` for every lane, near-Earth or deep-space: long-period terms,
/// Kepler's equation, the short-period periodics and the TEME state (AIAA 2006-6753, 2020 revision).
///
/// Rewrites of the scalar, each exact in real arithmetic (see ``propagateNearEarthLanes(_:minutes:_:)``):
/// Kepler's Newton steps carry sin/cos of the iterate by the angle-sum formulas with the step's
/// short series, and stop per lane where the scalar's loop stops; `atan2(sinu, cosu)` then sin/cos of
/// `su − δ` becomes the angle-difference formulas; sin/cos of `xincp + Δi` come from those of
/// `xincp` (δ and Δi through ``LaneMath/sinCosSmall(_:_:)``). Error checks, in the scalar's order
/// after the caller's: semi-latus rectum (4), decay (6), non-finite result (−2).
///
/// - Parameters: the caller's mean elements after the secular (and, for deep space, lunar-solar)
///   terms; the inclination terms `sinip`, `cosip`, `con41`, `x1mth2`, `x7thm1`, `aycof`, `xlcof`
///   (constants near Earth, recomputed from the perturbed inclination in deep space); the gravity
///   constants; `reduceKeplerArgument`: reduce `xl − Ω` modulo 2π first (deep space, as the scalar
///   does; near Earth the caller has reduced M already).
/// - Returns: the state, the error code and value so far, `mrt` (radius, Earth radii) and the lanes
///   whose Kepler iteration stopped unconverged after 10 steps.
@_transparent @usableFromInline
func sgp4PeriodicState<A: LaneArithmetic>(
    am: Lanes, nm: Lanes, ep: Lanes, argpp: Lanes, nodep: Lanes, mp: Lanes,
    sinip: Lanes, cosip: Lanes, con41: Lanes, x1mth2: Lanes, x7thm1: Lanes, aycof: Lanes, xlcof: Lanes,
    xke: Lanes, j2: Lanes, radiusEarthKm: Lanes, velocityKmPerSPerUnit: Lanes, reduceKeplerArgument: Bool,
    code: Lanes, value: Lanes, _: A.Type
) -> (r: (Lanes, Lanes, Lanes), v: (Lanes, Lanes, Lanes), code: Lanes, value: Lanes, mrt: Lanes,
      keplerUnconverged: SIMDMask<SIMD8<Int64>>) {
    let one = Lanes(repeating: 1.0)
    var code = code
    var value = value
    @inline(__always) func fail(_ mask: SIMDMask<SIMD8<Int64>>, _ c: Double, _ v: Lanes) {
        let fresh = mask .& (code .== 0)
        code.replace(with: c, where: fresh)
        value.replace(with: v, where: fresh)
    }

    let argp = LaneMath.sinCos(argpp, A.self)
    let axnl = ep * argp.cos
    var temp = one / (am * (one - ep * ep))
    let aynl = A.multiplyAdd(temp, aycof, ep * argp.sin)
    let xl = mp + argpp + nodep + temp * xlcof * axnl

    // ------------------------------------------------------ Kepler's equation
    let u = reduceKeplerArgument ? LaneMath.remainderTwoPi(xl - nodep, A.self) : xl - nodep
    var eo1 = u
    var sineo1 = Lanes(repeating: 0)
    var coseo1 = Lanes(repeating: 0)
    var iterating = SIMDMask<SIMD8<Int64>>(repeating: true)
    var ktr = 1
    // sin and cos of the current eo1: in full for the start, then carried through each Newton step
    // by the angle-sum formulas with the step's sin and cos.
    var e = LaneMath.sinCos(eo1, A.self)
    while true {
        sineo1.replace(with: e.sin, where: iterating)
        coseo1.replace(with: e.cos, where: iterating)
        var tem5 = one - coseo1 * axnl - sineo1 * aynl
        tem5 = (u - aynl * coseo1 + axnl * sineo1 - eo1) / tem5
        tem5 = tem5.replacing(with: 0.95, where: tem5 .>= 0.95).replacing(with: -0.95, where: tem5 .<= -0.95)
        eo1.replace(with: eo1 + tem5, where: iterating)
        iterating = iterating .& (tem5.laneMagnitude .>= 1.0e-12)
        ktr += 1
        guard ktr <= 10 && laneAny(iterating) else { break }
        let step = LaneMath.sinCosSmall(tem5.replacing(with: 0, where: .!iterating), A.self)
        e = (e.sin * step.cos + e.cos * step.sin, e.cos * step.cos - e.sin * step.sin)
    }

    // ------------------------------------------ short-period preliminary quantities
    let ecose = axnl * coseo1 + aynl * sineo1
    let esine = axnl * sineo1 - aynl * coseo1
    let el2 = axnl * axnl + aynl * aynl
    let pl = am * (one - el2)
    fail(pl .< 0, 4, pl)
    let rl = am * (one - ecose)
    let inverseRl = one / rl
    let rdotl = am.squareRoot() * esine * inverseRl
    let rvdotl = pl.squareRoot() * inverseRl
    let betal = (one - el2).squareRoot()
    temp = esine / (one + betal)
    let amOverRl = am * inverseRl
    let sinu = amOverRl * (sineo1 - aynl - axnl * temp)
    let cosu = amOverRl * (coseo1 - axnl + aynl * temp)
    let sin2u = (cosu + cosu) * sinu
    let cos2u = one - 2.0 * sinu * sinu
    temp = one / pl
    let temp1 = 0.5 * j2 * temp
    let temp2 = temp1 * temp

    // ------------------------------------------------ short-period periodics
    let mrt = rl * (one - 1.5 * temp2 * betal * con41) + 0.5 * temp1 * x1mth2 * cos2u
    let delta = 0.25 * temp2 * x7thm1 * sin2u          // su = atan2(sinu, cosu) − δ
    let xnode = nodep + 1.5 * temp2 * cosip * sin2u
    let deltaInclination = 1.5 * temp2 * cosip * sinip * cos2u     // xinc = xincp + Δi
    let nmTemp1OverXke = nm * temp1 / xke
    let mvt = rdotl - nmTemp1OverXke * x1mth2 * sin2u
    let rvdot = rvdotl + nmTemp1OverXke * (x1mth2 * cos2u + 1.5 * con41)

    // ------------------------------------------------------ orientation vectors
    let norm = one / (sinu * sinu + cosu * cosu).squareRoot()
    let s0 = sinu * norm, c0 = cosu * norm
    let d = LaneMath.sinCosSmall(delta, A.self)
    let sinsu = s0 * d.cos - c0 * d.sin
    let cossu = c0 * d.cos + s0 * d.sin
    let node = LaneMath.sinCos(xnode, A.self)
    let snod = node.sin, cnod = node.cos
    // sin and cos of xincp + Δi from those of xincp (angle-sum formulas).
    let di = LaneMath.sinCosSmall(deltaInclination, A.self)
    let sini = sinip * di.cos + cosip * di.sin
    let cosi = cosip * di.cos - sinip * di.sin
    let xmx = -snod * cosi
    let xmy = cnod * cosi
    let ux = xmx * sinsu + cnod * cossu
    let uy = xmy * sinsu + snod * cossu
    let uz = sini * sinsu
    let vx = xmx * cossu - cnod * sinsu
    let vy = xmy * cossu - snod * sinsu
    let vz = sini * cossu

    // ------------------------------------------- position (km) and velocity (km/s)
    let re = radiusEarthKm, vk = velocityKmPerSPerUnit
    let rx = mrt * ux * re, ry = mrt * uy * re, rz = mrt * uz * re
    let wx = (mvt * ux + rvdot * vx) * vk
    let wy = (mvt * uy + rvdot * vy) * vk
    let wz = (mvt * uz + rvdot * vz) * vk
    fail(mrt .< 1.0, 6, mrt)
    // Non-finite result: report the first non-finite component, as the scalar does.
    let big = Lanes(repeating: .greatestFiniteMagnitude)
    @inline(__always) func finite(_ c: Lanes) -> SIMDMask<SIMD8<Int64>> { c.laneMagnitude .<= big }
    var firstBad = wz
    firstBad.replace(with: wy, where: .!finite(wy))
    firstBad.replace(with: wx, where: .!finite(wx))
    firstBad.replace(with: rz, where: .!finite(rz))
    firstBad.replace(with: ry, where: .!finite(ry))
    firstBad.replace(with: rx, where: .!finite(rx))
    let allFinite = finite(rx) .& finite(ry) .& finite(rz) .& finite(wx) .& finite(wy) .& finite(wz)
    fail(.!allFinite, -2, firstBad)
    return ((rx, ry, rz), (wx, wy, wz), code, value, mrt, iterating)
}
