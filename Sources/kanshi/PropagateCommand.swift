import ArgumentParser
import Dispatch
import Foundation
import SpaceData

/// `kanshi propagate FILE... --start T (--end T | --duration S) --step S --frame F --format F`
struct PropagateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "propagate",
        abstract: "Propagate element sets with SGP4/SDP4 over a time grid.",
        discussion: """
        Times are ISO-8601 UTC. States are in km and km/s; geodetic output is WGS84 latitude and longitude in degrees and altitude in km. A state SGP4 rejects (e.g. a decayed orbit) is written as an error record (json, csv, table) or ends the object's OEM segment with a COMMENT.
        """)

    @OptionGroup var input: ElementSetInputOptions

    @Option(name: .customLong("id"), help: "Only these catalog numbers (repeatable; digits or Alpha-5).")
    var ids: [String] = []

    @Option(help: "First instant, ISO-8601 UTC (e.g. 2023-10-09T12:00:00Z).")
    var start: String

    @Option(help: "Last instant, ISO-8601 UTC (inclusive).")
    var end: String?

    @Option(help: "Span in seconds from --start (inclusive).")
    var duration: Double?

    @Option(help: "Step in seconds.")
    var step: Double = 60

    @Option(help: "Output frame: teme, gcrf, itrf, geodetic.")
    var frame: EphemerisFrame = .teme

    @Option(help: "Output format: table, csv, json, oem.")
    var format: StateFormat = .table

    @Option(help: "Worker threads (default: all cores).")
    var threads: Int = ProcessInfo.processInfo.activeProcessorCount

    @Option(help: "Propagator: batch (SGP4Batch, default) or scalar (SGP4 object by object, the reference).")
    var method: PropagationMethod = .batch

    @Option(help: "Gravity model: wgs72 (default, as element sets are made), wgs72old, wgs84.")
    var gravity: GravityChoice = .wgs72

    @Option(help: "SGP4 operation mode: i (improved, default) or a (AFSPC).")
    var opsmode: OpsModeChoice = .i

    @OptionGroup var earth: EarthOrientationOptions

    func validate() throws {
        if (end == nil) == (duration == nil) { throw ValidationError("give exactly one of --end and --duration") }
        if !(step > 0) { throw ValidationError("--step must be positive") }
        if let d = duration, !(d >= 0) { throw ValidationError("--duration must not be negative") }
        if threads < 1 { throw ValidationError("--threads must be at least 1") }
        if format == .oem && frame == .geodetic { throw ValidationError("OEM holds Cartesian states: use --frame teme, gcrf or itrf") }
    }

    func run() async throws {
        let startInstant: Instant
        do { startInstant = try Instant(utc: start) } catch { throw ValidationError("--start: \(error)") }
        var endInstant = startInstant.advanced(bySeconds: duration ?? 0)
        if let end {
            do { endInstant = try Instant(utc: end) } catch { throw ValidationError("--end: \(error)") }
            if endInstant < startInstant { throw ValidationError("--end is before --start") }
        }
        let grid = TimeGrid(start: startInstant, end: endInstant, stepSeconds: step)
        let wanted = try Set(ids.map(parseCatalogNumber))

        let loaded = try input.load()
        var sets = loaded.sets
        var problems = loaded.rejected
        if !wanted.isEmpty {
            sets = sets.filter { wanted.contains($0.noradCatalogNumber) }
            let found = Set(sets.map(\.noradCatalogNumber))
            for missing in wanted.subtracting(found).sorted() {
                Diagnostics.print("error: catalog number \(missing) is not in the input")
                problems += 1
            }
        }
        let eop = try earth.load()

        // Initialise SGP4 for every set; report the ones it refuses.
        var jobs: [(set: ElementSet, sgp4: SGP4)] = []
        jobs.reserveCapacity(sets.count)
        for set in sets {
            do {
                jobs.append((set, try SGP4(set.meanElements, gravity: gravity.model, opsMode: opsmode.mode)))
            } catch {
                Diagnostics.print("error: \(set.noradCatalogNumber) \(set.objectName ?? ""): SGP4 refuses the element set: \(error)")
                problems += 1
            }
        }

        let plan = EphemerisPlan(grid: grid, frame: frame, eop: eop, leapSeconds: eop.leapSeconds)
        let writer = StateWriter(format: format, frame: frame)
        let out = OutputStream()
        out.write(writer.preamble())
        let progress = ProgressBar(total: jobs.count, label: "propagating")
        var stateErrors = 0
        var first = true
        // Blocks of objects through SGP4Batch (all their grid times in one call, ~2^20 states at
        // most), then frame conversion and rendering object by object in parallel.
        let chunkSize = BatchEphemeris.objectsPerBatch(gridCount: grid.count)
        var chunkStart = 0
        var states = SGP4BatchStates()
        while chunkStart < jobs.count {
            let chunk = Array(jobs[chunkStart..<min(chunkStart + chunkSize, jobs.count)])
            let results: [(bytes: [UInt8], errors: Int)]
            switch method {
            case .batch:
                let batch = SGP4Batch(chunk.map(\.sgp4))
                let ephemeris = BatchEphemeris(plan: plan, batch: batch, states: &states, threads: threads)
                results = ParallelMap.run(count: chunk.count, threads: threads) { i in
                    writer.render(set: chunk[i].set, samples: ephemeris.samples(of: i))
                }
            case .scalar:
                results = ParallelMap.run(count: chunk.count, threads: threads) { i in
                    writer.render(set: chunk[i].set, samples: chunk[i].sgp4.ephemeris(plan))
                }
            }
            for r in results {
                if first && !r.bytes.isEmpty {
                    out.write(bytes: Array(r.bytes.dropFirst(writer.leadingSeparatorLength)))
                    first = false
                } else {
                    out.write(bytes: r.bytes)
                }
                stateErrors += r.errors
            }
            chunkStart += chunk.count
            progress.update(chunkStart)
        }
        progress.finish()
        out.write(writer.epilogue())
        out.flush()
        Diagnostics.print("\(jobs.count) objects × \(grid.count) instants in \(frame.rawValue); \(stateErrors) states rejected by SGP4")
        if problems > 0 { throw ExitCode(1) }
    }
}

enum GravityChoice: String, ExpressibleByArgument, CaseIterable {
    case wgs72, wgs72old, wgs84
    var model: GravityModel {
        switch self { case .wgs72: .wgs72; case .wgs72old: .wgs72old; case .wgs84: .wgs84 }
    }
}

enum OpsModeChoice: String, ExpressibleByArgument, CaseIterable {
    case i, a
    var mode: SGP4.OpsMode { self == .i ? .improved : .afspc }
}

extension EphemerisFrame: ExpressibleByArgument {}

/// How the CLI's bulk commands propagate: ``SGP4Batch`` (SIMD kernel over blocks of objects) or
/// the scalar ``SGP4`` object by object (the reference the batch is checked against).
enum PropagationMethod: String, ExpressibleByArgument, CaseIterable { case batch, scalar }

/// The states of a block of objects on an ``EphemerisPlan``'s grid, propagated together by
/// ``SGP4Batch`` (slot `k × count + i` is object `i` at grid instant `k`), read back object by object
/// as the samples ``SGP4/ephemeris(_:)`` gives (same frames and rotations; states within a
/// millimetre and a millimetre per second of the scalar propagator). Where the batch reports an
/// error, the scalar propagator is run again at that instant, so the error record is its own to the
/// last digit of the offending value (the batch's agrees to about 1e-15; errors are rare).
struct BatchEphemeris: Sendable {
    let plan: EphemerisPlan
    let states: SGP4BatchStates
    let propagators: [SGP4]
    let count: Int

    /// Objects per batch so that one batch holds about 2^20 states (at least 64 objects).
    static func objectsPerBatch(gridCount: Int) -> Int {
        max(64, (1 << 20) / max(1, gridCount) / 8 * 8)
    }

    /// Propagates every object of `batch` to every instant of `plan` (`threads` threads), reusing
    /// `states`' storage.
    init(plan: EphemerisPlan, batch: SGP4Batch, states: inout SGP4BatchStates, threads: Int) {
        // grid[k] = start + k·step: minutes since epoch are the start's plus k·step/60.
        let minutes = (0..<plan.grid.count).map { Double($0) * plan.grid.stepSeconds / 60 }
        batch.propagate(gridMinutes: minutes, referenceMinutesSinceEpoch: batch.minutesSinceEpoch(at: plan.grid.start),
                        into: &states, threads: threads)
        self.plan = plan
        self.states = states
        self.propagators = batch.propagators
        self.count = batch.count
    }

    /// Object `i`'s samples, one per grid instant, in the plan's frame.
    func samples(of i: Int) -> [EphemerisSample] {
        var out: [EphemerisSample] = []
        out.reserveCapacity(plan.grid.count)
        for k in 0..<plan.grid.count {
            let t = plan.grid[k]
            let slot = k * count + i
            var r = states.positionKm(slot), v = states.velocityKmPerS(slot)
            if states.errorCode[slot] != 0 {
                let sgp4 = propagators[i]
                do { (r, v) = try sgp4.propagate(minutesSinceEpoch: t.secondsSince(sgp4.epoch) / 60) } catch {
                    out.append(.failure(epoch: t, error))
                    continue
                }
            }
            switch plan.frame {
            case .teme:
                out.append(.cartesian(epoch: t, positionKm: r, velocityKmPerS: v))
            case .gcrf:
                let s = plan.rotations[k].gcrf(positionKm: r, velocityKmPerS: v)
                out.append(.cartesian(epoch: t, positionKm: s.positionKm, velocityKmPerS: s.velocityKmPerS))
            case .itrf:
                let s = plan.rotations[k].itrf(positionKm: r, velocityKmPerS: v)
                out.append(.cartesian(epoch: t, positionKm: s.positionKm, velocityKmPerS: s.velocityKmPerS))
            case .geodetic:
                let s = plan.rotations[k].itrf(positionKm: r, velocityKmPerS: v)
                out.append(.geodetic(epoch: t, Geodetic(itrfPositionKm: s.positionKm, ellipsoid: .wgs84)))
            }
        }
        return out
    }
}

/// Runs `count` independent jobs on up to `threads` threads and returns results in order.
enum ParallelMap {
    static func run<T: Sendable>(count: Int, threads: Int, _ body: @Sendable (Int) -> T) -> [T] {
        guard count > 0 else { return [] }
        let workers = max(1, min(threads, count))
        if workers == 1 { return (0..<count).map(body) }
        let box = ResultBox<T>(count: count)
        DispatchQueue.concurrentPerform(iterations: workers) { w in
            var i = w
            while i < count { box.set(i, body(i)); i += workers }
        }
        return box.values()
    }

    /// Slots written by distinct workers at distinct indices, read after all have finished.
    private final class ResultBox<T>: @unchecked Sendable {
        private var slots: [T?]
        init(count: Int) { slots = Array(repeating: nil, count: count) }
        func set(_ i: Int, _ v: T) { slots.withUnsafeMutableBufferPointer { $0[i] = v } }
        func values() -> [T] { slots.map { $0! } }
    }
}
