#if canImport(Darwin)
import Darwin
#else
import Glibc
#endif
import Dispatch
import SGP4Kernel
import SGP4KernelAVX2
import SGP4KernelAVX512

/// Many SGP4 element sets propagated together: structure-of-arrays constants, eight satellites per
/// SIMD vector, all cores through a parallel loop, no allocation per step.
///
/// Built from verified scalar ``SGP4`` values (their `init` has already rejected bad elements), it
/// gives every state within a millimetre and a millimetre per second of
/// ``SGP4/propagate(minutesSinceEpoch:)``, and the same ``SGP4Error`` (code, time, value) where
/// the scalar throws (`SGP4BatchTests` on a catalog sample; the whole catalog over ±7 days in
/// `Benchmarks/sgp4_batch`).
///
/// - Near-Earth satellites (period < 225 min) run in the SIMD kernel of module `SGP4Kernel`
///   (``InstructionSet`` picks the AVX-512, AVX2 or portable build of it at run time).
/// - Deep-space satellites (SDP4: lunar-solar terms and the 12 h / 24 h resonance integrator) run in
///   a SIMD kernel of their own, grouped by branch class, in the same parallel loop
///   (`SGP4Batch+DeepSpace.swift`).
/// - Near-Earth lanes whose state is ill-conditioned (runaway drag polynomials, Kepler unconverged,
///   a rounding bound over 0.5 mm) are recomputed by the scalar propagator, so the batch equals it
///   on every state.
///
/// ```swift
/// let batch = SGP4Batch(propagators)
/// var states = SGP4BatchStates()
/// batch.propagate(to: instant, into: &states, threads: 2)        // every satellite at one instant
/// batch.propagate(gridMinutes: steps, referenceMinutesSinceEpoch: offsets, into: &states)
/// if let error = states.error(i) { … } else { let r = states.positionKm(i) }
/// ```
public struct SGP4Batch: Sendable {
    /// The scalar propagators, in the caller's order (slot `i` of every output is `propagators[i]`).
    public let propagators: [SGP4]
    /// Indices of the near-Earth satellites (SIMD kernel).
    public let nearEarthIndices: [Int]
    /// Indices of the deep-space satellites.
    public let deepSpaceIndices: [Int]
    /// The kernel variant in use.
    public let instructionSet: InstructionSet
    let storage: Storage
    /// The deep-space kernel's constants (see `SGP4Batch+DeepSpace.swift`).
    let deepStorage: DeepSpaceStorage

    /// Number of satellites.
    public var count: Int { propagators.count }

    /// Lays out the constants of `propagators` for the SIMD kernel.
    ///
    /// - Parameter instructionSet: the kernel variant; ``InstructionSet/detected`` by default. A
    ///   variant the CPU cannot run is replaced by the detected one.
    public init(_ propagators: [SGP4], instructionSet: InstructionSet = .detected) {
        self.propagators = propagators
        let supported = InstructionSet.supportedByThisCPU()
        self.instructionSet = supported.contains(instructionSet) ? instructionSet : InstructionSet.detected
        var near: [Int] = [], deep: [Int] = []
        for (i, p) in propagators.enumerated() {
            if p.deepSpace { deep.append(i) } else { near.append(i) }
        }
        nearEarthIndices = near
        deepSpaceIndices = deep
        storage = Storage(propagators, nearEarth: near)
        deepStorage = DeepSpaceStorage(propagators, deepSpace: deep)
    }

    /// Minutes since each satellite's epoch at `instant` (elapsed SI time, as
    /// ``SGP4/state(at:)``).
    public func minutesSinceEpoch(at instant: Instant) -> [Double] {
        propagators.map { instant.secondsSince($0.epoch) / 60.0 }
    }

    /// Every satellite at `instant`.
    public func propagate(to instant: Instant, into states: inout SGP4BatchStates, threads: Int = 1) {
        propagate(minutesSinceEpoch: minutesSinceEpoch(at: instant), into: &states, threads: threads)
    }

    /// Satellite `i` at `minutesSinceEpoch[i]`, into slot `i` of `states`.
    public func propagate(minutesSinceEpoch: [Double], into states: inout SGP4BatchStates, threads: Int = 1) {
        precondition(minutesSinceEpoch.count == count, "one time per satellite")
        propagate(gridMinutes: [0], referenceMinutesSinceEpoch: minutesSinceEpoch, into: &states, threads: threads)
    }

    /// Every satellite at every time of a grid: satellite `i` at
    /// `referenceMinutesSinceEpoch[i] + gridMinutes[j]`, into slot `j × count + i`.
    ///
    /// `referenceMinutesSinceEpoch[i]` is the grid's reference instant in satellite `i`'s minutes
    /// since epoch (see ``minutesSinceEpoch(at:)``). Work is split by satellite across `threads`
    /// threads; each thread takes a chunk of satellites through every time, so the chunk's
    /// constants stay in cache.
    public func propagate(gridMinutes: [Double], referenceMinutesSinceEpoch: [Double],
                          into states: inout SGP4BatchStates, threads: Int = 1) {
        precondition(referenceMinutesSinceEpoch.count == count, "one reference time per satellite")
        states.resize(gridMinutes.count * count)
        guard count > 0, !gridMinutes.isEmpty else { return }
        let chunkBlocks = 32
        let nearChunks = (storage.blockCount + chunkBlocks - 1) / chunkBlocks
        let deepChunkSize = 64
        let deepChunks = (deepSpaceIndices.count + deepChunkSize - 1) / deepChunkSize
        let totalChunks = nearChunks + deepChunks
        let isa = instructionSet
        let count = self.count
        states.withPointers { out in
            referenceMinutesSinceEpoch.withUnsafeBufferPointer { reference in
                gridMinutes.withUnsafeBufferPointer { grid in
                    let ref = UnsafeSendable(reference.baseAddress!)
                    let times = UnsafeSendable(grid)
                    let work: @Sendable (Int) -> Void = { chunk in
                        if chunk < nearChunks {
                            let blocks = (chunk * chunkBlocks)..<min((chunk + 1) * chunkBlocks, storage.blockCount)
                            var needsScalar = false
                            for (j, minutes) in times.value.enumerated() {
                                withUnsafeMutablePointer(to: &needsScalar) { flag in
                                    var job = SGP4BlockJob(
                                        constants: storage.constants, satelliteIndex: storage.laneSatellite,
                                        minutesSinceEpoch: ref.value, addedMinutes: minutes, outputOffset: j * count,
                                        x: out.x, y: out.y, z: out.z, vx: out.vx, vy: out.vy, vz: out.vz,
                                        errorCode: out.code, errorValue: out.value, errorMinutes: out.minutes)
                                    job.needsScalar = flag
                                    SGP4Batch.run(isa, job, blocks)
                                }
                                if needsScalar {
                                    recomputeMarkedLanes(blocks, reference: ref.value, minutes: minutes, offset: j * count, out)
                                    needsScalar = false
                                }
                            }
                        } else {
                            let d = chunk - nearChunks
                            let range = (d * deepChunkSize)..<min((d + 1) * deepChunkSize, deepSpaceIndices.count)
                            propagateDeepSpace(range, reference: ref.value, grid: times.value, out)
                        }
                    }
                    SGP4Batch.parallelFor(totalChunks, threads: threads, work)
                }
            }
        }
    }

    /// Lanes the kernel marked ``SGP4BlockJob/scalarFallbackCode`` (ill-conditioned: its rounding
    /// bound reached 0.1 mm) get the scalar propagator's result.
    func recomputeMarkedLanes(_ blocks: Range<Int>, reference: UnsafePointer<Double>, minutes: Double,
                              offset: Int, _ out: SGP4BatchStates.Pointers) {
        for k in (blocks.lowerBound * 8)..<(blocks.upperBound * 8) {
            let i = Int(storage.laneSatellite[k])
            guard i >= 0, out.code[offset + i] == SGP4BlockJob.scalarFallbackCode else { continue }
            let t = reference[i] + minutes
            out.store(offset + i, Result { () throws(SGP4Error) in try propagators[i].propagate(minutesSinceEpoch: t) })
        }
    }

    @inline(__always)
    static func run(_ isa: InstructionSet, _ job: SGP4BlockJob, _ blocks: Range<Int>) {
        switch isa {
        case .avx512: propagateSGP4BlocksAVX512(job, blocks: blocks)
        case .avx2: propagateSGP4BlocksAVX2(job, blocks: blocks)
        case .portable: propagateSGP4BlocksPortable(job, blocks: blocks)
        }
    }

    /// Runs `body(0..<iterations)` on up to `threads` threads (inline for one), each thread taking
    /// every `threads`-th iteration.
    static func parallelFor(_ iterations: Int, threads: Int, _ body: @Sendable (Int) -> Void) {
        let workers = max(1, min(threads, iterations))
        if workers == 1 {
            for k in 0..<iterations { body(k) }
            return
        }
        DispatchQueue.concurrentPerform(iterations: workers) { w in
            var k = w
            while k < iterations { body(k); k += workers }
        }
    }
}

/// A pointer handed to worker threads that only read it, or write disjoint slots.
struct UnsafeSendable<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}

extension SGP4Batch {
    /// Satellites' constants in blocks of eight lanes, allocated once: value `f` of lane `l` of
    /// block `b` at `b·stride + f·8 + l`, and the satellite of each lane (−1 for padding). Padding
    /// lanes of the last block repeat its first satellite, so they compute finite numbers.
    class LaneBlocks: @unchecked Sendable {
        let constants: UnsafeMutablePointer<Double>
        let laneSatellite: UnsafeMutablePointer<Int32>
        let blockCount: Int

        /// `order`: the satellites (indices into `propagators`) lane by lane; `fields`: one
        /// satellite's `stride / 8` values.
        init(_ propagators: [SGP4], order: [Int], stride: Int, fields: (SGP4) -> [Double]) {
            blockCount = (order.count + 7) / 8
            constants = .allocate(capacity: max(1, blockCount * stride))
            constants.initialize(repeating: 0, count: max(1, blockCount * stride))
            laneSatellite = .allocate(capacity: max(1, blockCount * 8))
            laneSatellite.initialize(repeating: -1, count: max(1, blockCount * 8))
            for b in 0..<blockCount {
                for l in 0..<8 {
                    let k = b * 8 + l
                    let i = k < order.count ? order[k] : order[b * 8]
                    if k < order.count { laneSatellite[k] = Int32(i) }
                    for (f, v) in fields(propagators[i]).enumerated() {
                        constants[b * stride + f * 8 + l] = v
                    }
                }
            }
        }

        deinit {
            constants.deallocate()
            laneSatellite.deallocate()
        }
    }

    /// The near-Earth kernel's constants (``NearEarthField`` layout) and lane map.
    final class Storage: LaneBlocks, @unchecked Sendable {
        init(_ propagators: [SGP4], nearEarth: [Int]) {
            super.init(propagators, order: nearEarth, stride: NearEarthField.blockStride, fields: Storage.fields)
        }

        /// One satellite's values in ``NearEarthField`` order. Simplified-drag satellites get zero
        /// for every coefficient of the full drag branch, so the kernel's unconditional branch adds
        /// exact zeros.
        static func fields(_ p: SGP4) -> [Double] {
            let full = !p.isimp
            var v = [Double](repeating: 0, count: NearEarthField.allCases.count)
            func set(_ f: NearEarthField, _ x: Double) { v[f.rawValue] = x }
            set(.mo, p.mo); set(.mdot, p.mdot); set(.argpo, p.argpo); set(.argpdot, p.argpdot)
            set(.nodeo, p.nodeo); set(.nodedot, p.nodedot); set(.nodecf, p.nodecf); set(.cc1, p.cc1)
            set(.bstarTimesCC4, p.bstar * p.cc4); set(.t2cof, p.t2cof)
            set(.omgcof, full ? p.omgcof : 0); set(.eta, p.eta); set(.xmcof, full ? p.xmcof : 0)
            set(.delmo, p.delmo); set(.d2, p.d2); set(.d3, p.d3); set(.d4, p.d4)
            set(.bstarTimesCC5, full ? p.bstar * p.cc5 : 0); set(.sinmao, p.sinmao)
            set(.t3cof, p.t3cof); set(.t4cof, p.t4cof); set(.t5cof, p.t5cof)
            set(.noUnkozai, p.noUnkozai); set(.aoBeforeDrag, p.aoBeforeDrag); set(.xke, p.xke)
            set(.aycof, p.aycof); set(.xlcof, p.xlcof); set(.con41, p.con41); set(.x1mth2, p.x1mth2)
            set(.x7thm1, p.x7thm1); set(.sinio, sin(p.inclo)); set(.cosio, cos(p.inclo));
            set(.ecco, p.ecco); set(.j2, p.j2); set(.radiusEarthKm, p.radiusearthkm)
            set(.velocityKmPerSPerUnit, p.vkmpersec)
            return v
        }
    }
}
