/// Eight near-Earth SGP4 propagations at once: Vallado's `sgp4` (AIAA 2006-6753, 2020 revision)
/// for periods under 225 minutes, one satellite per lane.
///
/// Line for line the scalar `SGP4.propagate(minutesSinceEpoch:)` of module Astrodynamics, with
/// these changes, each exact in real arithmetic:
/// - the simplified-drag branch (`isimp`) is taken by giving those lanes zero drag coefficients,
///   which adds exact zeros;
/// - `pow(am, 1.5)` is `am·√am`, and a few divisions by the same value (r, xke) are one division and
///   multiplications;
/// - of the scalar's five `fmod(…, 2π)` only the mean anomaly's is kept (see the comment there): the
///   others feed only sines, cosines and Kepler's equation, which are 2π-periodic;
/// - `atan2(sinu, cosu)` followed by `sin`/`cos` of `su − δ` becomes the angle-difference formulas
///   on (sinu, cosu)/|(sinu, cosu)| and sin δ, cos δ, and `sin`/`cos` of `inclo + Δi` the angle-sum
///   formulas on the constant sin/cos of `inclo`; δ and Δi are short-period terms (~1e-3 rad), whose
///   sine and cosine come from ``LaneMath/sinCosSmall(_:_:)``;
/// - Kepler's equation runs the same Newton iteration (same start, same 0.95 clamp, stop at
///   |Δ| < 1e-12 or after 10 steps) with each lane frozen at the step where its own scalar loop stops;
///   the sine and cosine of each new iterate come from the previous ones and the step's by the
///   angle-sum formulas, and sin(mm) from sin/cos(xmdf) and the small drag shift the same way;
///
/// The remaining differences are roundings and the ``LaneMath`` sine/cosine (a few ulp), together
/// far below a millimetre, except where the problem itself is ill-conditioned: lanes whose rounding
/// bound reaches 0.1 mm (see the end of the function) get ``SGP4BlockJob/scalarFallbackCode`` and
/// are recomputed by the caller with the scalar propagator. Error checks are the scalar's, in the
/// scalar's order: invalid time (−1), mean eccentricity (1), semi-latus rectum (4), decay (6),
/// non-finite result (−2).
@_transparent
public func propagateNearEarthLanes<A: LaneArithmetic>(
    _ block: UnsafePointer<Double>, minutes time: Lanes, _ arithmetic: A.Type
) -> (r: (Lanes, Lanes, Lanes), v: (Lanes, Lanes, Lanes), code: Lanes, value: Lanes) {
    @inline(__always) func field(_ f: NearEarthField) -> Lanes {
        UnsafeRawPointer(block + f.rawValue * 8).loadUnaligned(as: Lanes.self)
    }
    let one = Lanes(repeating: 1.0)
    var code = Lanes(repeating: 0)
    var value = Lanes(repeating: 0)
    @inline(__always) func fail(_ mask: SIMDMask<SIMD8<Int64>>, _ c: Double, _ v: Lanes) {
        let fresh = mask .& (code .== 0)
        code.replace(with: c, where: fresh)
        value.replace(with: v, where: fresh)
    }
    // Also false for NaN.
    let timeUsable = time.laneMagnitude .<= 1.0e8
    fail(.!timeUsable, -1, time)
    let t = time.replacing(with: 0, where: .!timeUsable)

    // ------------------------------------------- secular gravity and atmospheric drag
    let xmdf = A.multiplyAdd(field(.mdot), t, field(.mo))
    let argpdf = A.multiplyAdd(field(.argpdot), t, field(.argpo))
    let nodedf = A.multiplyAdd(field(.nodedot), t, field(.nodeo))
    let t2 = t * t
    let nodem = A.multiplyAdd(field(.nodecf), t2, nodedf)
    let cc1t = field(.cc1) * t
    var tempa = one - cc1t
    var tempe = field(.bstarTimesCC4) * t
    var templ = field(.t2cof) * t2

    let delomg = field(.omgcof) * t
    let meanAnomaly = LaneMath.sinCos(xmdf, A.self)
    let delmtemp = A.multiplyAdd(field(.eta), meanAnomaly.cos, one)
    let delm = field(.xmcof) * (delmtemp * delmtemp * delmtemp - field(.delmo))
    let dragShift = delomg + delm
    var mm = xmdf + dragShift
    let argpm = argpdf - dragShift
    let t3 = t2 * t
    let t4 = t3 * t
    let d2t2 = field(.d2) * t2, d3t3 = field(.d3) * t3, d4t4 = field(.d4) * t4
    tempa = tempa - d2t2 - d3t3 - d4t4
    // sin(mm) = sin(xmdf + shift) by the angle-sum formula: the drag shift is small.
    let shift = LaneMath.sinCosSmall(dragShift, A.self)
    let sinmm = meanAnomaly.sin * shift.cos + meanAnomaly.cos * shift.sin
    tempe = tempe + field(.bstarTimesCC5) * (sinmm - field(.sinmao))
    templ = templ + field(.t3cof) * t3 + t4 * A.multiplyAdd(t, field(.t5cof), field(.t4cof))
    // Sizes of the drag polynomials' terms, for the conditioning bound below.
    let tempaTerms = one + cc1t.laneMagnitude + d2t2.laneMagnitude + d3t3.laneMagnitude + d4t4.laneMagnitude
    let templTerms = (field(.t2cof) * t2).laneMagnitude + (field(.t3cof) * t3).laneMagnitude
        + (t4 * field(.t4cof)).laneMagnitude + (t4 * t * field(.t5cof)).laneMagnitude

    let xke = field(.xke)
    let am = field(.aoBeforeDrag) * tempa * tempa
    let nm = xke / (am * am.squareRoot())
    var em = field(.ecco) - tempe
    fail((em .>= 1.0) .| (em .< -0.001), 1, em)
    em = em.replacing(with: 1.0e-6, where: em .< 1.0e-6)
    mm = A.multiplyAdd(field(.noUnkozai), templ, mm)
    // The scalar reduces node, perigee and mean longitude modulo 2π here, and takes
    // M = fmod(L − ω − Ω). Every later use of M, ω and Ω is through sines and cosines, Kepler's
    // equation (invariant under 2π shifts of its start) or their sum, so one reduction of M alone is
    // the same in real arithmetic; ω and Ω move less than a few radians in a week.
    let meanAnomalyMagnitude = mm.laneMagnitude
    let mp = LaneMath.remainderTwoPi(mm, A.self)
    let argpp = argpm
    let nodep = nodem

    // ----------------------- long-period periodics, Kepler, short-period periodics, state
    let s = sgp4PeriodicState(
        am: am, nm: nm, ep: em, argpp: argpp, nodep: nodep, mp: mp,
        sinip: field(.sinio), cosip: field(.cosio), con41: field(.con41), x1mth2: field(.x1mth2),
        x7thm1: field(.x7thm1), aycof: field(.aycof), xlcof: field(.xlcof), xke: xke, j2: field(.j2),
        radiusEarthKm: field(.radiusEarthKm), velocityKmPerSPerUnit: field(.velocityKmPerSPerUnit),
        reduceKeplerArgument: false, code: code, value: value, A.self)
    code = s.code
    value = s.value
    let mrt = s.mrt
    let iterating = s.keplerUnconverged
    // Conditioning. Where drag has run the polynomials far out (decaying objects days from epoch,
    // at absurd radii), or Kepler's iteration stopped unconverged, a few ulps of rounding in a
    // different order move the state by more than a millimetre: no two correct double-precision
    // SGP4s agree there. Those lanes are handed back to the scalar propagator, so the batch equals
    // it everywhere. The bound, radius × ε × amplification, sums
    // - the semi-major axis's: am = ao·tempa², and tempa = 1 − C₁t − D₂t² − … loses to cancellation
    //   the ratio Σ|terms| / |tempa|, which the radius feels twice; 64 for the operations after it;
    // - the mean anomaly's: its rounding is ε·(|M| + n·Σ|templ terms|) rad, 8 for what follows.
    // A lane is handed back if the bound reaches 0.5 mm (for LEO a week from epoch it is ~0.01 mm;
    // for elements three months old ~0.1 mm), or if drag has changed the semi-major axis by more
    // than ±50 % (|tempa − 1| > 0.25): there the drag polynomials have run away from any physical
    // orbit (the 2023 catalog's runaways reach radii of 3e4 to 1e12 km) and other roundings grow
    // beyond the bound.
    let radiusKm = (mrt * field(.radiusEarthKm)).laneMagnitude
    let amplification = 128.0 * tempaTerms / tempa.laneMagnitude
        + 8.0 * (meanAnomalyMagnitude + field(.noUnkozai) * templTerms)
    let roundingBoundKm = radiusKm * Double.ulpOfOne * amplification
    let illConditioned = .!(roundingBoundKm .< 5.0e-7) .| .!((tempa - 1.0).laneMagnitude .<= 0.25) .| iterating
    code.replace(with: Double(SGP4BlockJob.scalarFallbackCode), where: illConditioned)
    return (s.r, s.v, code, value)
}

/// Runs the near-Earth kernel over `blocks` of `job` (see ``SGP4BlockJob``), writing each real lane's
/// state, error code and (where the code is not 0) offending value and time. States of failed lanes
/// are NaN. A block whose eight satellites are consecutive in the caller's numbering is read and
/// written with vector loads and stores; others lane by lane.
@inlinable @inline(__always)
public func propagateSGP4Blocks<A: LaneArithmetic>(_ job: SGP4BlockJob, blocks: Range<Int>, arithmetic: A.Type) {
    let stride = NearEarthField.blockStride
    for b in blocks {
        let lanes = job.satelliteIndex + b * 8
        let first = Int(lanes[0])
        let consecutive = first >= 0 && Int(lanes[7]) == first + 7   // indices ascend within a block
        var time = Lanes(repeating: 0)
        if consecutive {
            time = UnsafeRawPointer(job.minutesSinceEpoch + first).loadUnaligned(as: Lanes.self) + job.addedMinutes
        } else {
            for l in 0..<8 {
                let i = Int(lanes[l])
                time[l] = i >= 0 ? job.minutesSinceEpoch[i] + job.addedMinutes : 0
            }
        }
        let s = propagateNearEarthLanes(job.constants + b * stride, minutes: time, A.self)
        let failed = s.code .!= 0
        let anyFailed = laneAny(failed)
        if _slowPath(anyFailed), let flag = job.needsScalar,
           laneAny(s.code .== Double(SGP4BlockJob.scalarFallbackCode)) {
            flag.pointee = true
        }
        var rx = s.r.0, ry = s.r.1, rz = s.r.2, wx = s.v.0, wy = s.v.1, wz = s.v.2
        if _slowPath(anyFailed) {
            let nan = Lanes(repeating: .nan)
            rx.replace(with: nan, where: failed); ry.replace(with: nan, where: failed)
            rz.replace(with: nan, where: failed); wx.replace(with: nan, where: failed)
            wy.replace(with: nan, where: failed); wz.replace(with: nan, where: failed)
        }
        if consecutive {
            let o = first + job.outputOffset
            UnsafeMutableRawPointer(job.x + o).storeBytes(of: rx, as: Lanes.self)
            UnsafeMutableRawPointer(job.y + o).storeBytes(of: ry, as: Lanes.self)
            UnsafeMutableRawPointer(job.z + o).storeBytes(of: rz, as: Lanes.self)
            UnsafeMutableRawPointer(job.vx + o).storeBytes(of: wx, as: Lanes.self)
            UnsafeMutableRawPointer(job.vy + o).storeBytes(of: wy, as: Lanes.self)
            UnsafeMutableRawPointer(job.vz + o).storeBytes(of: wz, as: Lanes.self)
            if _fastPath(!anyFailed) {
                UnsafeMutableRawPointer(job.errorCode + o).storeBytes(of: UInt64(0), as: UInt64.self)
                continue
            }
        }
        for l in 0..<8 {
            let i = Int(lanes[l])
            guard i >= 0 else { continue }
            let o = i + job.outputOffset
            if !consecutive {
                job.x[o] = rx[l]; job.y[o] = ry[l]; job.z[o] = rz[l]
                job.vx[o] = wx[l]; job.vy[o] = wy[l]; job.vz[o] = wz[l]
            }
            job.errorCode[o] = Int8(s.code[l])
            if s.code[l] != 0 { job.errorValue[o] = s.value[l]; job.errorMinutes[o] = time[l] }
        }
    }
}
