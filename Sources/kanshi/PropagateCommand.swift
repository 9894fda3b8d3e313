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
        let chunkSize = max(threads * 16, 64)
        var chunkStart = 0
        while chunkStart < jobs.count {
            let chunk = Array(jobs[chunkStart..<min(chunkStart + chunkSize, jobs.count)])
            let results = ParallelMap.run(count: chunk.count, threads: threads) { i -> (bytes: [UInt8], errors: Int) in
                let job = chunk[i]
                let samples = job.sgp4.ephemeris(plan)
                return writer.render(set: job.set, samples: samples)
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
