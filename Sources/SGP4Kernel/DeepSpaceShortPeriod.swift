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
    let cosisq = cosip * cosip
    let s = sgp4PeriodicState(
        am: am, nm: nm, ep: ep, argpp: argpp, nodep: nodep, mp: mp, sinip: sinip, cosip: cosip,
        con41: 3.0 * cosisq - one, x1mth2: one - cosisq, x7thm1: 7.0 * cosisq - one, aycof: aycof, xlcof: xlcof,
        xke: field(.xke), j2: field(.j2), radiusEarthKm: field(.radiusEarthKm),
        velocityKmPerSPerUnit: field(.velocityKmPerSPerUnit), reduceKeplerArgument: true,
        code: code, value: value, A.self)
    return (s.r, s.v, s.code, s.value)
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
