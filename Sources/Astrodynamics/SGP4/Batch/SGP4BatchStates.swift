/// The output of ``SGP4Batch``: TEME states of many propagations, one array per component
/// (structure of arrays), reusable across calls without reallocating.
///
/// For a single time per satellite, slot `i` is satellite `i`. For a time grid, slot
/// `j × satelliteCount + i` is satellite `i` at time `j`. Where ``errorCode`` is not 0 the
/// propagation failed: the state is NaN and ``error(_:)`` gives the same ``SGP4Error`` (code, time,
/// offending value) that ``SGP4/propagate(minutesSinceEpoch:)`` throws.
public struct SGP4BatchStates: Sendable {
    /// TEME position components, km.
    public internal(set) var xKm: [Double] = []
    public internal(set) var yKm: [Double] = []
    public internal(set) var zKm: [Double] = []
    /// TEME velocity components, km/s.
    public internal(set) var vxKmPerS: [Double] = []
    public internal(set) var vyKmPerS: [Double] = []
    public internal(set) var vzKmPerS: [Double] = []
    /// 0 where the propagation succeeded, else the ``SGP4Error/Code`` raw value (Vallado's number).
    public internal(set) var errorCode: [Int8] = []
    /// Where ``errorCode`` is not 0: the offending value (see ``SGP4Error/offendingValue``).
    public internal(set) var errorValue: [Double] = []
    /// Where ``errorCode`` is not 0: the time that failed, minutes since the element epoch.
    public internal(set) var errorMinutes: [Double] = []

    /// Empty states; ``SGP4Batch`` sizes them.
    public init() {}

    /// Number of slots.
    public var count: Int { xKm.count }

    /// Grows or shrinks every array to `count` slots (keeping capacity).
    mutating func resize(_ count: Int) {
        guard count != xKm.count else { return }
        func fit<T>(_ a: inout [T], _ zero: T) {
            if a.count > count { a.removeLast(a.count - count) } else { a.append(contentsOf: repeatElement(zero, count: count - a.count)) }
        }
        fit(&xKm, 0); fit(&yKm, 0); fit(&zKm, 0)
        fit(&vxKmPerS, 0); fit(&vyKmPerS, 0); fit(&vzKmPerS, 0)
        fit(&errorCode, 0); fit(&errorValue, 0); fit(&errorMinutes, 0)
    }

    /// Position of slot `i`, km (NaN where it failed).
    @inlinable
    public func positionKm(_ i: Int) -> SIMD3<Double> { SIMD3(xKm[i], yKm[i], zKm[i]) }

    /// Velocity of slot `i`, km/s (NaN where it failed).
    @inlinable
    public func velocityKmPerS(_ i: Int) -> SIMD3<Double> { SIMD3(vxKmPerS[i], vyKmPerS[i], vzKmPerS[i]) }

    /// The error of slot `i`, or nil if it succeeded.
    public func error(_ i: Int) -> SGP4Error? {
        guard errorCode[i] != 0 else { return nil }
        let code = SGP4Error.Code(rawValue: Int(errorCode[i])) ?? .nonFiniteResult
        return SGP4Error(code, minutesSinceEpoch: errorMinutes[i], offendingValue: errorValue[i])
    }

    /// Slot `i` as the scalar propagator returns it: the state, or the error.
    public func result(_ i: Int) -> Result<(positionKm: SIMD3<Double>, velocityKmPerS: SIMD3<Double>), SGP4Error> {
        if let error = error(i) { return .failure(error) }
        return .success((positionKm(i), velocityKmPerS(i)))
    }

    /// Runs `body` with raw pointers to every array (for the kernels).
    mutating func withPointers<R>(_ body: (Pointers) -> R) -> R {
        xKm.withUnsafeMutableBufferPointer { x in
        yKm.withUnsafeMutableBufferPointer { y in
        zKm.withUnsafeMutableBufferPointer { z in
        vxKmPerS.withUnsafeMutableBufferPointer { vx in
        vyKmPerS.withUnsafeMutableBufferPointer { vy in
        vzKmPerS.withUnsafeMutableBufferPointer { vz in
        errorCode.withUnsafeMutableBufferPointer { c in
        errorValue.withUnsafeMutableBufferPointer { v in
        errorMinutes.withUnsafeMutableBufferPointer { m in
            body(Pointers(x: x.baseAddress!, y: y.baseAddress!, z: z.baseAddress!, vx: vx.baseAddress!,
                          vy: vy.baseAddress!, vz: vz.baseAddress!, code: c.baseAddress!,
                          value: v.baseAddress!, minutes: m.baseAddress!))
        }}}}}}}}}
    }

    /// Raw output pointers, shared by the worker threads (each writes its own slots).
    struct Pointers: @unchecked Sendable {
        var x, y, z, vx, vy, vz: UnsafeMutablePointer<Double>
        var code: UnsafeMutablePointer<Int8>
        var value, minutes: UnsafeMutablePointer<Double>

        /// Writes one scalar result into slot `o`.
        @inline(__always)
        func store(_ o: Int, _ result: Result<(positionKm: SIMD3<Double>, velocityKmPerS: SIMD3<Double>), SGP4Error>) {
            switch result {
            case .success(let s):
                x[o] = s.positionKm.x; y[o] = s.positionKm.y; z[o] = s.positionKm.z
                vx[o] = s.velocityKmPerS.x; vy[o] = s.velocityKmPerS.y; vz[o] = s.velocityKmPerS.z
                code[o] = 0
            case .failure(let e):
                x[o] = .nan; y[o] = .nan; z[o] = .nan; vx[o] = .nan; vy[o] = .nan; vz[o] = .nan
                code[o] = Int8(e.code.rawValue); value[o] = e.offendingValue; minutes[o] = e.minutesSinceEpoch
            }
        }
    }
}
