/// The end of Vallado's `sgp4` for deep-space lanes: long-period terms with the perturbed
/// inclination, Kepler's equation, the short-period periodics and the TEME state.
///
/// The same steps as the tail of ``propagateNearEarthLanes(_:minutes:_:)`` (same rewrites: Kepler's
/// Newton steps carrying sin/cos of the iterate by the angle-sum formulas, δ and Δi through
/// ``LaneMath/sinCosSmall(_:_:)``, sin/cos of `xincp + Δi` by the angle-sum formulas; same error
/// checks: semi-latus rectum 4, decay 6, non-finite −2), except that the inclination terms
/// (`sinip`, `cosip`, `con41`, `x1mth2`, `x7thm1`) come from the perturbed inclination of each
/// call, as the scalar's deep-space branch recomputes them.
@_transparent @usableFromInline
func deepSpaceShortPeriodState<A: LaneArithmetic>(
    _ block: UnsafePointer<Double>, am: Lanes, nm: Lanes, ep: Lanes, argpp: Lanes, nodep: Lanes, mp: Lanes,
    xincp: Lanes, sinip: Lanes, cosip: Lanes, aycof: Lanes, xlcof: Lanes, code: Lanes, value: Lanes,
    _: A.Type
) -> (r: (Lanes, Lanes, Lanes), v: (Lanes, Lanes, Lanes), code: Lanes, value: Lanes) {
    @inline(__always) func field(_ f: DeepSpaceField) -> Lanes {
        UnsafeRawPointer(block + f.rawValue * 8).loadUnaligned(as: Lanes.self)
    }
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
    let u = LaneMath.remainderTwoPi(xl - nodep, A.self)
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
    let xke = field(.xke)
    let temp1 = 0.5 * field(.j2) * temp
    let temp2 = temp1 * temp

    // ------------------------------------------------ short-period periodics
    let cosisq = cosip * cosip
    let con41 = 3.0 * cosisq - one
    let x1mth2 = one - cosisq
    let x7thm1 = 7.0 * cosisq - one
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
    let re = field(.radiusEarthKm), vk = field(.velocityKmPerSPerUnit)
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
    return ((rx, ry, rz), (wx, wy, wz), code, value)
}

/// Runs the deep-space kernel over `blocks` of `job` (see ``DeepSpaceBlockJob``): each block through
/// every grid time in order, carrying its resonance integrator state from one time to the next.
/// Writes each real lane's state, error code and (where the code is not 0) offending value and
/// time. States of failed lanes are NaN.
@inlinable @inline(__always)
public func propagateDeepSpaceBlocks<A: LaneArithmetic>(_ job: DeepSpaceBlockJob, blocks: Range<Int>,
                                                        arithmetic: A.Type) {
    let stride = DeepSpaceField.blockStride
    for b in blocks {
        let lanes = job.satelliteIndex + b * 8
        // Padding lanes repeat the first lane's time (and constants), so they add no integrator steps.
        let first = Int(lanes[0])
        var reference = Lanes(repeating: first >= 0 ? job.minutesSinceEpoch[first] : 0)
        for l in 1..<8 {
            let i = Int(lanes[l])
            if i >= 0 { reference[l] = job.minutesSinceEpoch[i] }
        }
        var resonance = DeepSpaceResonanceState()
        for (j, minutes) in job.gridMinutes.enumerated() {
            let time = reference + minutes
            let s = propagateDeepSpaceLanes(job.constants + b * stride, minutes: time, resonance: &resonance, A.self)
            let failed = s.code .!= 0
            let nan = Double.nan
            let rx = s.r.0.replacing(with: nan, where: failed), ry = s.r.1.replacing(with: nan, where: failed)
            let rz = s.r.2.replacing(with: nan, where: failed)
            let wx = s.v.0.replacing(with: nan, where: failed), wy = s.v.1.replacing(with: nan, where: failed)
            let wz = s.v.2.replacing(with: nan, where: failed)
            let offset = j * job.satelliteCount
            for l in 0..<8 {
                let i = Int(lanes[l])
                guard i >= 0 else { continue }
                let o = i + offset
                job.x[o] = rx[l]; job.y[o] = ry[l]; job.z[o] = rz[l]
                job.vx[o] = wx[l]; job.vy[o] = wy[l]; job.vz[o] = wz[l]
                job.errorCode[o] = Int8(s.code[l])
                if s.code[l] != 0 { job.errorValue[o] = s.value[l]; job.errorMinutes[o] = time[l] }
            }
        }
    }
}
