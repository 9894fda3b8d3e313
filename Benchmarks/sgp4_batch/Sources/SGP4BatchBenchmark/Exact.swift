import Astrodynamics
import Dispatch
import Foundation

/// `exact`: every element set of the catalog over ±`days` from its own epoch, `SGP4Batch` (every
/// instruction set this CPU supports) against the scalar ``SGP4/propagate(minutesSinceEpoch:)``.
///
/// The issue's criterion: every state within 1 mm and 1 mm/s, and the same error (code and time)
/// wherever the scalar propagator throws. Returns the process exit status: 0 when it holds for
/// every instruction set, 1 otherwise.
func runExact(_ options: Options) -> Int32 {
    let path = options.string("catalog") ?? defaultCatalogPath()
    let stepMinutes = options.double("step-minutes", 10)
    let days = options.double("days", 7)
    let threads = options.int("threads", ProcessInfo.processInfo.activeProcessorCount)
    let chunkTimes = options.int("chunk", 48)
    guard stepMinutes > 0, days >= 0, threads >= 1, chunkTimes >= 1 else { fail("bad options") }

    let t0 = monotonicSeconds()
    let catalog = LoadedCatalog(path: path)
    let propagators = catalog.propagators
    let n = propagators.count
    print("catalog \((path as NSString).lastPathComponent): \(n) element sets initialise SGP4 "
          + "(\(catalog.nearCount) near-Earth, \(n - catalog.nearCount) deep-space); "
          + "\(catalog.refused.count) refused by SGP4 init, \(catalog.readErrors) unreadable records")
    let spanMinutes = days * 1440
    let steps = Int((2 * spanMinutes / stepMinutes).rounded(.down))
    let grid = (0...steps).map { -spanMinutes + Double($0) * stepMinutes }
    let isas = SGP4Batch.InstructionSet.supportedByThisCPU()
    print("grid: \(grid.count) times from \(grid.first!) to \(grid.last!) min of each set's own epoch, every \(stepMinutes) min; "
          + "\(n * grid.count) propagations per instruction set; instruction sets: \(isas.map(\.rawValue).joined(separator: ", ")); "
          + "\(threads) threads")

    let batches = isas.map { SGP4Batch(propagators, instructionSet: $0) }
    for b in batches where !isas.contains(b.instructionSet) { fail("batch fell back to \(b.instructionSet)") }
    var states = isas.map { _ in SGP4BatchStates() }
    let reference = [Double](repeating: 0, count: n)
    let norad = catalog.sets.map(\.noradCatalogNumber)
    var totals = isas.map { _ in ExactStats() }
    var scalarErrors = 0
    var batchSeconds = isas.map { _ in 0.0 }

    var start = 0
    while start < grid.count {
        let chunk = Array(grid[start..<min(start + chunkTimes, grid.count)])
        for k in isas.indices {
            let t = monotonicSeconds()
            batches[k].propagate(gridMinutes: chunk, referenceMinutesSinceEpoch: reference, into: &states[k], threads: threads)
            batchSeconds[k] += monotonicSeconds() - t
        }
        let workers = min(threads, n)
        let partial = Shared(UnsafeMutableBufferPointer<ExactStats>.allocate(capacity: workers * isas.count))
        let errors = Shared(UnsafeMutableBufferPointer<Int>.allocate(capacity: workers))
        let frozen = states
        DispatchQueue.concurrentPerform(iterations: workers) { w in
            var stats = isas.map { _ in ExactStats() }
            var scalarFailures = 0
            for i in (n * w / workers)..<(n * (w + 1) / workers) {
                let p = propagators[i]
                for (j, minutes) in chunk.enumerated() {
                    let slot = j * n + i
                    let scalar = Result { () throws(SGP4Error) in try p.propagate(minutesSinceEpoch: minutes) }
                    if case .failure = scalar { scalarFailures += 1 }
                    for k in isas.indices {
                        stats[k].compare(scalar, frozen[k].result(slot), norad: norad[i], index: i, minutes: minutes)
                    }
                }
            }
            for k in isas.indices { (partial.value.baseAddress! + w * isas.count + k).initialize(to: stats[k]) }
            (errors.value.baseAddress! + w).initialize(to: scalarFailures)
        }
        for w in 0..<workers {
            for k in isas.indices { totals[k].merge(partial.value[w * isas.count + k]) }
            scalarErrors += errors.value[w]
        }
        partial.value.baseAddress!.deinitialize(count: workers * isas.count)
        partial.value.deallocate()
        errors.value.deallocate()
        start += chunk.count
        FileHandle.standardError.write("\r\(start * 100 / grid.count)%".data(using: .utf8)!)
    }
    FileHandle.standardError.write("\n".data(using: .utf8)!)

    print("scalar SGP4 errors on the grid: \(scalarErrors) of \(n * grid.count) propagations")
    // Conditioning of every slot whose state is off: how far a relative change of 1e-15 in the mean
    // motion or BSTAR (a few units in the last place) moves the scalar position, estimated as 1/1000
    // of the move from 1e-12. Where that is ≥ 1 mm no two exact double-precision SGP4s need agree.
    var sensitivityKm: [Int: [Double: Double]] = [:]
    for s in totals { for o in s.offSlots { sensitivityKm[o.index, default: [:]][o.minutes] = 0 } }
    for (i, times) in sensitivityKm {
        let p = propagators[i]
        var perturbed: [SGP4] = []
        for which in 0..<2 {
            var e = p.elements
            if which == 0 { e.meanMotionRadPerMin *= 1 + 1e-12 } else { e.bstarPerEarthRadius *= 1 + 1e-12 }
            if let q = try? SGP4(e) { perturbed.append(q) }
        }
        for t in times.keys {
            var worst = perturbed.count < 2 ? Double.infinity : 0
            if let r0 = try? p.propagate(minutesSinceEpoch: t).positionKm {
                for q in perturbed {
                    if let r = try? q.propagate(minutesSinceEpoch: t).positionKm {
                        let d = r - r0
                        worst = max(worst, (d * d).sum().squareRoot() / 1000)
                    } else { worst = .infinity }
                }
            }
            sensitivityKm[i]![t] = worst
        }
    }
    let strict = !options.flag("well-conditioned-only")
    var ok = true
    for (k, isa) in isas.enumerated() {
        let s = totals[k]
        let ill = s.offSlots.filter { sensitivityKm[$0.index]![$0.minutes]! >= ExactStats.toleranceKm }
        let well = s.offSlots.filter { sensitivityKm[$0.index]![$0.minutes]! < ExactStats.toleranceKm }
        let pass = strict ? s.passes : (well.isEmpty && s.errorMismatches == 0)
        ok = ok && pass
        print("""
        \(isa.rawValue)\(isa == SGP4Batch.InstructionSet.detected ? " (detected)" : ""): \(pass ? "PASS" : "FAIL")
          compared states: \(s.compared); max |Δr| \(String(format: "%.6f", s.maxDrKm * 1e6)) mm \
        (NORAD \(s.worstDr.norad) at \(s.worstDr.minutes) min); max |Δv| \(String(format: "%.6f", s.maxDvKmPerS * 1e6)) mm/s \
        (NORAD \(s.worstDv.norad) at \(s.worstDv.minutes) min)
          states ≥ 1 mm or ≥ 1 mm/s off (or NaN): \(s.statesOff); slots whose error code or time differs: \(s.errorMismatches); \
        matching errors: \(s.matchingErrors)
          batch propagation time (\(threads) threads): \(String(format: "%.2f", batchSeconds[k])) s
        """)
        let illSets = Set(ill.map(\.index)).map { norad[$0] }.sorted()
        print("  of the states off: \(ill.count) ill-conditioned (a 1e-15 relative change of mean motion or BSTAR moves the "
              + "position ≥ 1 mm there), in \(illSets.count) sets: \(illSets.prefix(40).map(String.init).joined(separator: ", "))"
              + (illSets.count > 40 ? ", …" : ""))
        print("  well-conditioned states off (the batch's own error): \(well.count)"
              + (s.offSlots.count == ExactStats.maxOffSlots ? " (off-slot list truncated at \(ExactStats.maxOffSlots))" : ""))
        for o in well.prefix(10) {
            print("    NORAD \(norad[o.index]) t=\(o.minutes) min: |Δr| \(o.drKm * 1e6) mm, |Δv| \(o.dvKmPerS * 1e6) mm/s, "
                  + "|r| \(o.radiusKm) km, sensitivity \(sensitivityKm[o.index]![o.minutes]! * 1e6) mm")
        }
        for o in ill.prefix(5) {
            print("    ill-conditioned: NORAD \(norad[o.index]) t=\(o.minutes) min: |Δr| \(o.drKm * 1e6) mm, |Δv| \(o.dvKmPerS * 1e6) mm/s, "
                  + "|r| \(o.radiusKm) km, sensitivity \(sensitivityKm[o.index]![o.minutes]! * 1e6) mm")
        }
        for line in s.offenders { print("    error differs: \(line)") }
    }
    print(String(format: "total wall time %.1f s", monotonicSeconds() - t0))
    print(ok ? (strict ? "EXACT: every instruction set within 1 mm and 1 mm/s, same errors"
                       : "EXACT on every well-conditioned state, same errors")
             : (strict ? "NOT EXACT (strict: every state)" : "NOT EXACT on well-conditioned states"))
    return ok ? 0 : 1
}

/// Differences between batch and scalar results, merged across threads.
struct ExactStats {
    var compared = 0
    var maxDrKm = 0.0, maxDvKmPerS = 0.0
    var worstDr = (norad: 0, minutes: 0.0), worstDv = (norad: 0, minutes: 0.0)
    var statesOff = 0
    var errorMismatches = 0
    var matchingErrors = 0
    /// The first slots whose error differs.
    var offenders: [String] = []
    /// Every slot whose state is off (up to ``maxOffSlots``), for the conditioning check.
    var offSlots: [(index: Int, minutes: Double, drKm: Double, dvKmPerS: Double, radiusKm: Double)] = []
    static let maxOffenders = 10
    static let maxOffSlots = 1_000_000
    static let toleranceKm = 1e-6, toleranceKmPerS = 1e-6

    var passes: Bool { statesOff == 0 && errorMismatches == 0 }

    typealias Outcome = Result<(positionKm: SIMD3<Double>, velocityKmPerS: SIMD3<Double>), SGP4Error>

    mutating func compare(_ scalar: Outcome, _ batch: Outcome, norad: Int, index: Int, minutes: Double) {
        switch (scalar, batch) {
        case let (.success(a), .success(b)):
            compared += 1
            let dr = ((a.positionKm - b.positionKm) * (a.positionKm - b.positionKm)).sum().squareRoot()
            let dv = ((a.velocityKmPerS - b.velocityKmPerS) * (a.velocityKmPerS - b.velocityKmPerS)).sum().squareRoot()
            if dr > maxDrKm || dr.isNaN { maxDrKm = dr.isNaN ? .infinity : dr; worstDr = (norad, minutes) }
            if dv > maxDvKmPerS || dv.isNaN { maxDvKmPerS = dv.isNaN ? .infinity : dv; worstDv = (norad, minutes) }
            if !(dr < ExactStats.toleranceKm && dv < ExactStats.toleranceKmPerS) {
                statesOff += 1
                if offSlots.count < ExactStats.maxOffSlots {
                    offSlots.append((index, minutes, dr, dv, (a.positionKm * a.positionKm).sum().squareRoot()))
                }
            }
        case let (.failure(a), .failure(b)):
            if a.code == b.code && a.minutesSinceEpoch == b.minutesSinceEpoch {
                matchingErrors += 1
            } else {
                errorMismatches += 1
                note("NORAD \(norad) t=\(minutes) min: scalar error \(a.code) at \(a.minutesSinceEpoch) min, batch error \(b.code) at \(b.minutesSinceEpoch) min")
            }
        case let (.failure(a), .success):
            errorMismatches += 1
            note("NORAD \(norad) t=\(minutes) min: scalar error \(a.code) at \(a.minutesSinceEpoch) min, batch gave a state")
        case let (.success, .failure(b)):
            errorMismatches += 1
            note("NORAD \(norad) t=\(minutes) min: scalar gave a state, batch error \(b.code) at \(b.minutesSinceEpoch) min")
        }
    }

    mutating func note(_ line: String) {
        if offenders.count < ExactStats.maxOffenders { offenders.append(line) }
    }

    mutating func merge(_ o: ExactStats) {
        compared += o.compared
        if o.maxDrKm > maxDrKm { maxDrKm = o.maxDrKm; worstDr = o.worstDr }
        if o.maxDvKmPerS > maxDvKmPerS { maxDvKmPerS = o.maxDvKmPerS; worstDv = o.worstDv }
        statesOff += o.statesOff
        offSlots.append(contentsOf: o.offSlots.prefix(ExactStats.maxOffSlots - offSlots.count))
        errorMismatches += o.errorMismatches
        matchingErrors += o.matchingErrors
        for line in o.offenders { note(line) }
    }
}
