import ArgumentParser
import Foundation
import SpaceData

/// `kanshi run`: the main job on the bundled defaults — read the catalog, summarise it, propagate
/// every object over a day in TEME, GCRF and ITRF with the bundled EOP, and report what happened.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Main job: catalog summary plus a full-catalog propagation report (bundled data by default).")

    @OptionGroup var input: ElementSetInputOptions

    @Option(help: "Hours to propagate from the catalog's median epoch.")
    var hours: Double = 24

    @Option(help: "Step in seconds.")
    var step: Double = 60

    @Option(help: "Worker threads (default: all cores).")
    var threads: Int = ProcessInfo.processInfo.activeProcessorCount

    @Option(help: "Propagator: batch (SGP4Batch, default) or scalar (SGP4 object by object, the reference).")
    var method: PropagationMethod = .batch

    @OptionGroup var earth: EarthOrientationOptions

    func validate() throws {
        if threads < 1 { throw ValidationError("--threads must be at least 1") }
        if !(step > 0) { throw ValidationError("--step must be positive") }
    }

    func run() async throws {
        let clock = ContinuousClock()
        let t0 = clock.now
        let loaded = try input.load()
        let summary = CatalogSummary(elementSets: loaded.sets, errorCount: loaded.errors, rejectedRecords: loaded.rejected)
        let out = OutputStream()
        out.write("== Catalog\n" + summary.text())
        out.flush()
        let eop = try earth.load()
        let start = try windowStart(nil, epochs: summary.medianEpoch.map { [$0] } ?? [])
        let grid = TimeGrid(start: start, end: start.advanced(bySeconds: hours * 3600), stepSeconds: step)

        var refused: [(ElementSet, SGP4Error)] = []
        var jobs: [(ElementSet, SGP4)] = []
        for set in loaded.sets {
            do { jobs.append((set, try SGP4(set.meanElements))) } catch { refused.append((set, error)) }
        }
        let progress = ProgressBar(total: jobs.count, label: "propagating")
        let tp = clock.now
        let rotations = EphemerisPlan(grid: grid, frame: .itrf, eop: eop, leapSeconds: eop.leapSeconds).rotations
        var results: [(good: Int, firstError: SGP4Error?, minAltitudeKm: Double)] = []
        var done = 0
        // Blocks of objects through SGP4Batch over the whole grid, then the frame conversions
        // object by object in parallel (or object by object through the scalar SGP4).
        let chunk = method == .batch ? BatchEphemeris.objectsPerBatch(gridCount: grid.count) : 512
        let minutes = (0..<grid.count).map { Double($0) * grid.stepSeconds / 60 }
        var batchStates = SGP4BatchStates()
        while done < jobs.count {
            let slice = Array(jobs[done..<min(done + chunk, jobs.count)].map(\.1))
            let block: SGP4BatchStates
            if method == .batch {
                let batch = SGP4Batch(slice)
                batch.propagate(gridMinutes: minutes, referenceMinutesSinceEpoch: batch.minutesSinceEpoch(at: grid.start),
                                into: &batchStates, threads: threads)
                block = batchStates
            } else {
                block = SGP4BatchStates()
            }
            let n = slice.count, method = self.method
            results += ParallelMap.run(count: n, threads: threads) { i in
                var good = 0
                var firstError: SGP4Error? = nil
                var minAlt = Double.infinity
                for k in 0..<grid.count {
                    let r: SIMD3<Double>, v: SIMD3<Double>
                    if method == .batch {
                        let slot = k * n + i
                        if let error = block.error(slot) {
                            if firstError == nil { firstError = error }
                            continue
                        }
                        r = block.positionKm(slot); v = block.velocityKmPerS(slot)
                    } else {
                        let sgp4 = slice[i]
                        do throws(SGP4Error) {
                            (r, v) = try sgp4.propagate(minutesSinceEpoch: grid[k].secondsSince(sgp4.epoch) / 60)
                        } catch {
                            if firstError == nil { firstError = error }
                            continue
                        }
                    }
                    let gcrf = rotations[k].gcrf(positionKm: r, velocityKmPerS: v)
                    let itrf = rotations[k].itrf(positionKm: r, velocityKmPerS: v)
                    guard gcrf.positionKm.x.isFinite else { continue }
                    minAlt = min(minAlt, Geodetic(itrfPositionKm: itrf.positionKm).altitudeKm)
                    good += 1
                }
                return (good, firstError, minAlt)
            }
            done += n
            progress.update(done)
        }
        progress.finish()
        let propagationSeconds = (clock.now - tp).inSeconds
        let states = jobs.count * grid.count
        let good = results.reduce(0) { $0 + $1.good }
        var byCode: [Int: Int] = [:]
        for r in results { if let e = r.firstError { byCode[e.code.rawValue, default: 0] += 1 } }
        var report = "\n== Propagation (SGP4/SDP4, WGS72, opsmode i; TEME, GCRF and ITRF/geodetic with bundled EOP)\n"
        report += "window: \(grid.start.iso8601UTC(fractionDigits: 0)) + \(hours) h, step \(step) s, \(grid.count) instants\n"
        report += "objects: \(jobs.count) propagated, \(refused.count) refused at initialisation\n"
        report += "states: \(states) (\(good) good, \(states - good) rejected by SGP4) in \(String(format: "%.2f", propagationSeconds)) s on \(threads) thread(s), \(method.rawValue): \(String(format: "%.0f", Double(states) / max(propagationSeconds, 1e-9))) states/s with frame conversions\n"
        if !byCode.isEmpty {
            report += "objects with a rejected state, by first error: " + byCode.sorted { $0.key < $1.key }
                .map { "code \($0.key) (\(SGP4Error.Code(rawValue: $0.key).map { "\($0)" } ?? "?")): \($0.value)" }.joined(separator: ", ") + "\n"
        }
        for (set, e) in refused.prefix(10) { report += "  refused \(set.noradCatalogNumber) \(set.objectName ?? ""): \(e)\n" }
        let lowest = zip(jobs, results).filter { $0.1.minAltitudeKm.isFinite }.min { $0.1.minAltitudeKm < $1.1.minAltitudeKm }
        if let (job, r) = lowest {
            report += "lowest altitude reached: \(String(format: "%.1f", r.minAltitudeKm)) km (\(job.0.noradCatalogNumber) \(job.0.objectName ?? ""))\n"
        }
        report += "total time \(String(format: "%.2f", (clock.now - t0).inSeconds)) s\n"
        out.write(report)
        out.flush()
        if loaded.rejected > 0 { throw ExitCode(1) }
    }
}
