import ArgumentParser
import Dispatch
import Foundation
import SpaceData

/// `kanshi bench ...`: measured speed, printed as JSON.
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench", abstract: "Benchmarks (build with -c release).", subcommands: [Propagate.self])

    /// `kanshi bench propagate [FILE] --steps N [--threads K]`
    struct Propagate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Propagate every object of a catalog over N one-minute steps; print JSON with the rate.",
            discussion: """
            Every element set that SGP4 accepts is propagated to the same instants (--start, then every minute); states SGP4 rejects count as propagations, as python-sgp4's SatrecArray counts them. Only propagation is timed (not reading or initialisation, nor laying out the batch). --method batch (default) runs SGP4Batch (SIMD kernel, all objects a chunk of steps at a time, objects split across threads); --method scalar runs the scalar SGP4 object by object, objects split into equal contiguous blocks, one per thread.
            """)

        @Argument(help: "Catalog file (default: the bundled 2023-10-09 catalog).")
        var file: String?

        @Option(help: "One-minute steps per object.")
        var steps: Int = 1440

        @Option(help: "Threads (default: all cores).")
        var threads: Int = ProcessInfo.processInfo.activeProcessorCount

        @Option(help: "First instant, ISO-8601 UTC (default: the catalog's median epoch, to the minute).")
        var start: String?

        @Option(help: "Which objects: all, near-earth (period < 225 min) or deep-space.")
        var subset: Subset = .all

        @Option(help: "Propagator: batch (SGP4Batch, default) or scalar (SGP4 object by object).")
        var method: Method = .batch

        enum Subset: String, ExpressibleByArgument, CaseIterable { case all, nearEarth = "near-earth", deepSpace = "deep-space" }
        enum Method: String, ExpressibleByArgument, CaseIterable { case batch, scalar }

        func validate() throws {
            if steps < 1 { throw ValidationError("--steps must be at least 1") }
            if threads < 1 { throw ValidationError("--threads must be at least 1") }
        }

        func run() async throws {
            let path = try file ?? DataDirectory.defaultCatalog()
            let report = ElementSetReader().read(files: [path])
            var sgp4s: [SGP4] = []
            sgp4s.reserveCapacity(report.records.count)
            for set in report.records {
                guard let s = try? SGP4(set.meanElements) else { continue }
                switch subset {
                case .all: sgp4s.append(s)
                case .nearEarth: if !s.isDeepSpace { sgp4s.append(s) }
                case .deepSpace: if s.isDeepSpace { sgp4s.append(s) }
                }
            }
            guard !sgp4s.isEmpty else { throw CLIError("no element sets to propagate") }
            let startInstant = try windowStart(start, epochs: sgp4s.map(\.epoch))
            // Minutes since each object's epoch for step 0; later steps add whole minutes.
            let offsets = sgp4s.map { startInstant.secondsSince($0.epoch) / 60 }
            let workers = min(threads, sgp4s.count)
            let steps = self.steps
            let result: (elapsed: Duration, sum: Double, failures: Int, instructionSet: String)
            switch method {
            case .scalar:
                let r = Self.scalar(sgp4s, offsets: offsets, steps: steps, workers: workers)
                result = (r.elapsed, r.sum, r.failures, "scalar")
            case .batch:
                let batch = SGP4Batch(sgp4s)
                let r = Self.batch(batch, offsets: offsets, steps: steps, threads: workers)
                result = (r.elapsed, r.sum, r.failures, batch.instructionSet.rawValue)
            }
            let elapsed = result.elapsed
            let seconds = elapsed.inSeconds
            let propagations = sgp4s.count * steps
            let json = """
            {"propagations":\(propagations),"seconds":\(seconds),"propagations_per_second":\(Double(propagations) / seconds),\
            "threads":\(workers),"objects":\(sgp4s.count),"steps":\(steps),"subset":"\(subset.rawValue)",\
            "start":"\(startInstant.iso8601UTC(fractionDigits: 0))","rejected_states":\(result.failures),"checksum":\(result.sum),\
            "method":"\(method.rawValue)","instruction_set":"\(result.instructionSet)"}
            """
            print(json)
        }

        /// Scalar SGP4, objects in equal contiguous blocks, one per thread.
        static func scalar(_ sats: [SGP4], offsets: [Double], steps: Int, workers: Int) -> (elapsed: Duration, sum: Double, failures: Int) {
            let blocks = (0..<workers).map { w in (sats.count * w / workers)..<(sats.count * (w + 1) / workers) }
            let sums = SumBox(count: workers)
            let elapsed = ContinuousClock().measure {
                DispatchQueue.concurrentPerform(iterations: workers) { w in
                    var sum = 0.0, failures = 0
                    for i in blocks[w] {
                        let sat = sats[i]
                        let t0 = offsets[i]
                        for k in 0..<steps {
                            do {
                                let (r, v) = try sat.propagate(minutesSinceEpoch: t0 + Double(k))
                                sum += r.x + v.x
                            } catch {
                                failures += 1
                            }
                        }
                    }
                    sums.set(w, sum, failures)
                }
            }
            return (elapsed, sums.total, sums.failures)
        }

        /// ``SGP4Batch`` over every object, `stepsPerCall` steps per call (bounded memory), then the
        /// same checksum over the states (inside the timing, as the scalar loop sums as it goes).
        static func batch(_ batch: SGP4Batch, offsets: [Double], steps: Int, threads: Int) -> (elapsed: Duration, sum: Double, failures: Int) {
            let stepsPerCall = max(1, min(steps, (1 << 18) / max(1, batch.count)))
            var states = SGP4BatchStates()
            var sum = 0.0, failures = 0
            let elapsed = ContinuousClock().measure {
                var k = 0
                while k < steps {
                    let minutes = (k..<min(k + stepsPerCall, steps)).map(Double.init)
                    batch.propagate(gridMinutes: minutes, referenceMinutesSinceEpoch: offsets, into: &states, threads: threads)
                    for s in 0..<states.count {
                        if states.errorCode[s] == 0 { sum += states.xKm[s] + states.vxKmPerS[s] } else { failures += 1 }
                    }
                    k += minutes.count
                }
            }
            return (elapsed, sum, failures)
        }
    }
}

/// Per-worker results, written once each by distinct workers.
private final class SumBox: @unchecked Sendable {
    private var sums: [Double]
    private var fails: [Int]
    init(count: Int) { sums = Array(repeating: 0, count: count); fails = Array(repeating: 0, count: count) }
    func set(_ w: Int, _ s: Double, _ f: Int) {
        sums.withUnsafeMutableBufferPointer { $0[w] = s }
        fails.withUnsafeMutableBufferPointer { $0[w] = f }
    }
    var total: Double { sums.reduce(0, +) }
    var failures: Int { fails.reduce(0, +) }
}
