import Astrodynamics
import Dispatch
import Foundation

/// One class of element sets in the speed run.
struct SpeedClass {
    let key: String          // "near", "deep", "all" (the name peers.py takes)
    let title: String
    let range: Range<Int>    // into LoadedCatalog.propagators
}

/// One side's measured rate at one thread count.
struct Measurement {
    var side: String
    var threads: Int
    var propagations: Int
    var seconds: [Double]
    /// CPU seconds of the whole process (every thread) during each timed call.
    var cpuSeconds: [Double]
    var medianSeconds: Double { median(seconds) }
    var rate: Double { Double(propagations) / medianSeconds }
    /// Propagations per CPU-second: what one core does, whatever else shares the machine.
    var cpuRate: Double { Double(propagations) / median(cpuSeconds) }
    /// Largest differences from the scalar Kanshi SGP4 on the same grid, over the well-conditioned
    /// slots (see `peers.py mask`), and `maxDrMAll` over every slot (nil when not measured).
    var maxDrM: Double?
    var maxDrMAll: Double?
    var maxDvMmPerS: Double?
    var statusMismatches: Int?
    /// Where the well-conditioned difference is largest: "NORAD n, step j".
    var worst: String?
    var note: String?
    /// Everything `peers.py` printed for this run (JSON object), kept in the JSON report.
    var peerOutput: [String: Any]?
    var json: [String: Any] {
        var d: [String: Any] = ["side": side, "threads": threads, "propagations": propagations,
                                "seconds": seconds, "median_seconds": medianSeconds, "propagations_per_second": rate,
                                "cpu_seconds": cpuSeconds, "propagations_per_cpu_second": cpuRate]
        if let maxDrM { d["max_position_difference_m"] = maxDrM }
        if let maxDrMAll { d["max_position_difference_m_all_slots"] = maxDrMAll }
        if let maxDvMmPerS { d["max_velocity_difference_mm_per_s"] = maxDvMmPerS }
        if let statusMismatches { d["error_status_mismatches"] = statusMismatches }
        if let note { d["note"] = note }
        if let worst { d["worst"] = worst }
        if let peerOutput { d["peer_output"] = peerOutput }
        return d
    }
}

/// `speed`: the issue's Proof. Kanshi `SGP4Batch` (every instruction set, 1 thread and all) against
/// python-sgp4 `SatrecArray`, heyoka `sgp4_propagator` and astroz on the same element sets and the
/// same minutes since epoch; tables per class, ratios, peer accuracy, optional JSON.
func runSpeed(_ options: Options) -> Int32 {
    let path = options.string("catalog") ?? defaultCatalogPath()
    let steps = options.int("steps", 100)
    let repeats = options.int("repeats", 5)
    let rounds = options.int("rounds", 1)
    let allThreads = options.int("threads", ProcessInfo.processInfo.activeProcessorCount)
    let python = options.string("python") ?? "python3"
    let peerList = (options.string("peers") ?? "python-sgp4,heyoka,astroz").split(separator: ",").map(String.init)
        .filter { $0 != "none" }
    guard steps >= 1, repeats >= 1, rounds >= 1, allThreads >= 1 else { fail("bad options") }
    let threadCounts = allThreads == 1 ? [1] : [1, allThreads]

    let catalog = LoadedCatalog(path: path)
    let n = catalog.propagators.count
    guard n > 0 else { fail("no element set initialises SGP4") }
    let start = catalog.medianEpochToTheMinute
    let startText = start.iso8601UTC(fractionDigits: 0)
    let grid = (0..<steps).map(Double.init)
    let reference = catalog.propagators.map { start.secondsSince($0.epoch) / 60 }
    print("catalog \((path as NSString).lastPathComponent): \(n) element sets initialise SGP4 "
          + "(\(catalog.nearCount) near-Earth, \(n - catalog.nearCount) deep-space); "
          + "\(catalog.refused.count) refused by SGP4 init, \(catalog.readErrors) unreadable records")
    print("grid: \(steps) one-minute steps from \(startText) (median epoch, to the minute); \(rounds) round(s) of every side "
          + "× \(repeats) repeats, medians; "
          + "threads 1 and \(allThreads); CPU instruction sets: "
          + SGP4Batch.InstructionSet.supportedByThisCPU().map(\.rawValue).joined(separator: ", ")
          + " (detected: \(SGP4Batch.InstructionSet.detected.rawValue))")

    // Files for the peers: the sets (byte for byte as read), each set's minutes since epoch at the
    // grid start, and the scalar Kanshi states on the grid (the accuracy reference).
    let directory: String
    if let keep = options.string("keep") {
        directory = keep
        try? FileManager.default.createDirectory(atPath: keep, withIntermediateDirectories: true)
    } else {
        directory = NSTemporaryDirectory() + "sgp4_batch_\(getpid())"
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }
    defer { if options.string("keep") == nil { try? FileManager.default.removeItem(atPath: directory) } }
    let scalarStart = monotonicSeconds()
    let scalar = scalarStates(catalog.propagators, reference: reference, grid: grid, threads: allThreads)
    log(String(format: "scalar reference states: %.1f s", monotonicSeconds() - scalarStart))
    do {
        for (key, range) in [("near", catalog.nearEarth), ("deep", catalog.deepSpace)] {
            try catalog.writeTLE(range, to: "\(directory)/\(key).tle")
            try writeBinary(Array(reference[range]), to: "\(directory)/\(key).ref.f64")
            var states: [Double] = [], codes: [Int8] = []
            states.reserveCapacity(range.count * steps * 6)
            for j in 0..<steps {
                for i in range {
                    let s = j * n + i
                    states.append(contentsOf: scalar.states[(s * 6)..<(s * 6 + 6)])
                    codes.append(scalar.codes[s])
                }
            }
            try writeBinary(states, to: "\(directory)/\(key).scalar.f64")
            try writeBinary(codes, to: "\(directory)/\(key).codes.i8")
        }
    } catch {
        fail("cannot write the peer files in \(directory): \(error)")
    }

    // Slots where python-sgp4 and the scalar Kanshi SGP4 disagree by ≥ 1 mm: ill-conditioned inputs.
    var illConditioned = [Bool](repeating: false, count: n * steps)
    var maskSummary: [String: Any] = [:]
    for (key, range) in [("near", catalog.nearEarth), ("deep", catalog.deepSpace)] where !range.isEmpty {
        guard let object = runPython(python, ["mask", "--class", key, "--steps", String(steps), "--start", startText,
                                              "--dir", directory], environment: [:]),
              object["error"] == nil,
              let data = FileManager.default.contents(atPath: "\(directory)/\(key).illcond.u8"), data.count == range.count * steps else {
            log("no ill-conditioning mask for \(key) (python-sgp4 missing?): accuracy over every slot")
            continue
        }
        let bytes = [UInt8](data)
        for j in 0..<steps { for (k, i) in range.enumerated() where bytes[j * range.count + k] != 0 { illConditioned[j * n + i] = true } }
        var summary = object
        for drop in ["peer", "class", "propagations", "steps"] { summary[drop] = nil }
        maskSummary[key] = summary
        let sets = (object["ill_conditioned_sets"] as? [[String: Any]]) ?? []
        print("\(key): \(object["ill_conditioned_slots"] ?? "?") of \(object["slots"] ?? "?") slots ill-conditioned "
              + "(a 1e-15 relative change of mean motion or BSTAR moves the position ≥ 1 mm, or python-sgp4 and scalar "
              + "Kanshi differ ≥ 1 mm), in \(sets.count) sets [NORAD (python-sgp4 − Kanshi m, sensitivity m, days past epoch)]: "
              + sets.map { s in "\(s["norad"] ?? "?") (\(formatMeters(s["python_sgp4_vs_kanshi_m"] as? Double ?? .nan)), "
                  + "\(formatMeters(s["sensitivity_m"] as? Double ?? .nan)), "
                  + String(format: "%.0f", s["days_past_epoch_at_start"] as? Double ?? .nan) + ")" }
                  .joined(separator: ", "))
    }

    let classes = [SpeedClass(key: "near", title: "near-Earth", range: catalog.nearEarth),
                   SpeedClass(key: "deep", title: "deep-space", range: catalog.deepSpace),
                   SpeedClass(key: "all", title: "whole catalog", range: 0..<n)]
    var results: [String: [Measurement]] = [:]
    /// Adds `m` to the results, or its timings to the same side's earlier round.
    func record(_ key: String, _ m: Measurement) {
        if let k = results[key]?.firstIndex(where: { $0.side == m.side && $0.threads == m.threads }) {
            results[key]![k].seconds += m.seconds
            results[key]![k].cpuSeconds += m.cpuSeconds
        } else {
            results[key, default: []].append(m)
        }
        log("\(key) \(m.side) \(m.threads) thread(s): \(String(format: "%.2f", m.rate / 1e6)) M/s, "
            + "\(String(format: "%.2f", m.cpuRate / 1e6)) M/CPU-s")
    }
    for round in 0..<rounds {
        if rounds > 1 { log("round \(round + 1) of \(rounds)") }
        for c in classes where !c.range.isEmpty {
            let props = Array(catalog.propagators[c.range])
            let ref = Array(reference[c.range])
            for isa in SGP4Batch.InstructionSet.supportedByThisCPU() {
                let batch = SGP4Batch(props, instructionSet: isa)
                var states = SGP4BatchStates()
                for t in threadCounts {
                    batch.propagate(gridMinutes: grid, referenceMinutesSinceEpoch: ref, into: &states, threads: t)   // warm-up
                    var seconds: [Double] = [], cpu: [Double] = []
                    for _ in 0..<repeats {
                        let t0 = monotonicSeconds(), c0 = processCPUSeconds()
                        batch.propagate(gridMinutes: grid, referenceMinutesSinceEpoch: ref, into: &states, threads: t)
                        seconds.append(monotonicSeconds() - t0)
                        cpu.append(processCPUSeconds() - c0)
                    }
                    var m = Measurement(side: "Kanshi SGP4Batch \(isa.rawValue)", threads: t,
                                        propagations: props.count * steps, seconds: seconds, cpuSeconds: cpu)
                    let d = compare(states, scalar: scalar, n: n, range: c.range, steps: steps, ill: illConditioned)
                    m.maxDrM = d.drKm * 1e3
                    m.maxDrMAll = d.drKmAll * 1e3
                    m.maxDvMmPerS = d.dvKmPerS * 1e6
                    m.statusMismatches = d.mismatches
                    if let w = d.worst { m.worst = "NORAD \(catalog.sets[w.index].noradCatalogNumber), step \(w.step)" }
                    record(c.key, m)
                }
            }
            for peer in peerList {
                if peer == "heyoka" && c.key != "near" { continue }   // heyoka's SGP4 has no deep-space (SDP4) terms
                let counts = peer == "python-sgp4" ? [1] : threadCounts   // SatrecArray is single-threaded
                for t in counts {
                    let m = runPeer(python: python, peer: peer, classKey: c.key, threads: t, steps: steps, repeats: repeats,
                                    start: startText, directory: directory, expected: c.range.count,
                                    accuracy: round == 0 && t == 1 && c.key != "all")
                    if let m { record(c.key, m) }
                }
            }
        }
    }

    // heyoka has no deep-space terms but does not refuse deep-space sets: how far off is it there?
    var heyokaDeep: Measurement?
    if peerList.contains("heyoka"), !catalog.deepSpace.isEmpty {
        heyokaDeep = runPeer(python: python, peer: "heyoka", classKey: "deep", threads: 1, steps: steps, repeats: 1,
                             start: startText, directory: directory, expected: catalog.deepSpace.count, accuracy: true,
                             allowDeep: true)
    }

    let report = SpeedReport(classes: classes, results: results, threads: allThreads, steps: steps)
    report.printTables()
    if let h = heyokaDeep, let dr = h.maxDrMAll {
        print("\n\(h.side) on the \(catalog.deepSpace.count) deep-space sets (it accepts them but has no SDP4 terms; not in "
              + "the tables): max |Δr| from the scalar Kanshi SDP4 \(String(format: "%.0f", dr / 1e3)) km"
              + (h.worst.map { " (\($0))" } ?? "")
              + ", median \(String(format: "%.1f", ((h.peerOutput?["accuracy"] as? [String: Any])?["median_position_difference_m"] as? Double ?? .nan) / 1e3)) km")
    }
    if let jsonPath = options.string("json") {
        var root: [String: Any] = [
            "date": ISO8601DateFormatter().string(from: Date()), "catalog": (path as NSString).lastPathComponent,
            "start_utc": startText, "steps": steps, "step_minutes": 1, "repeats": repeats, "rounds": rounds, "threads": allThreads,
            "element_sets": n, "near_earth": catalog.nearCount, "deep_space": n - catalog.nearCount,
            "refused_by_init": catalog.refused.count, "detected_instruction_set": SGP4Batch.InstructionSet.detected.rawValue,
        ]
        var byClass: [String: Any] = [:]
        for (k, ms) in results { byClass[k] = ms.map(\.json) }
        root["results"] = byClass
        root["ill_conditioned"] = maskSummary
        if let h = heyokaDeep { root["heyoka_on_deep_space_untimed"] = h.json }
        root["goals"] = report.goals.map { ["goal": $0.text, "value": $0.value, "met": $0.met] as [String: Any] }
        do {
            let data = try JSONSerialization.data(withJSONObject: root, options: [.prettyPrinted, .sortedKeys])
            try data.write(to: URL(fileURLWithPath: jsonPath))
            print("JSON written to \(jsonPath)")
        } catch {
            fail("cannot write \(jsonPath): \(error)")
        }
    }
    return 0
}

/// Scalar SGP4 states of every satellite at `reference[i] + grid[j]`, slot `j × n + i`, 6 values per
/// slot (NaN where it throws), and the error code per slot.
func scalarStates(_ propagators: [SGP4], reference: [Double], grid: [Double], threads: Int)
    -> (states: [Double], codes: [Int8])
{
    let n = propagators.count
    var states = [Double](repeating: .nan, count: n * grid.count * 6)
    var codes = [Int8](repeating: 0, count: n * grid.count)
    states.withUnsafeMutableBufferPointer { sp in
        codes.withUnsafeMutableBufferPointer { cp in
            let s = Shared(sp), c = Shared(cp)
            let workers = max(1, min(threads, n))
            DispatchQueue.concurrentPerform(iterations: workers) { w in
                for i in (n * w / workers)..<(n * (w + 1) / workers) {
                    for (j, minutes) in grid.enumerated() {
                        let slot = j * n + i
                        do throws(SGP4Error) {
                            let (r, v) = try propagators[i].propagate(minutesSinceEpoch: reference[i] + minutes)
                            for k in 0..<3 { s.value[slot * 6 + k] = r[k]; s.value[slot * 6 + 3 + k] = v[k] }
                        } catch {
                            c.value[slot] = Int8(error.code.rawValue)
                        }
                    }
                }
            }
        }
    }
    return (states, codes)
}

/// Largest batch − scalar differences over the slots of `range` (batch slot `j × range.count + k` is
/// catalog satellite `range.lowerBound + k`), and the number of slots where one failed and the other not.
func compare(_ batch: SGP4BatchStates, scalar: (states: [Double], codes: [Int8]), n: Int, range: Range<Int>, steps: Int,
             ill: [Bool]) -> (drKm: Double, dvKmPerS: Double, drKmAll: Double, mismatches: Int, worst: (index: Int, step: Int)?)
{
    var dr = 0.0, dv = 0.0, drAll = 0.0, mismatches = 0
    var worst: (index: Int, step: Int)?
    for j in 0..<steps {
        for (k, i) in range.enumerated() {
            let b = j * range.count + k, s = j * n + i
            let batchFailed = batch.errorCode[b] != 0, scalarFailed = scalar.codes[s] != 0
            if batchFailed || scalarFailed {
                if batch.errorCode[b] != scalar.codes[s] { mismatches += 1 }
                continue
            }
            let r = batch.positionKm(b) - SIMD3(scalar.states[s * 6], scalar.states[s * 6 + 1], scalar.states[s * 6 + 2])
            let v = batch.velocityKmPerS(b) - SIMD3(scalar.states[s * 6 + 3], scalar.states[s * 6 + 4], scalar.states[s * 6 + 5])
            let a = (r * r).sum().squareRoot(), c = (v * v).sum().squareRoot()
            drAll = a.isNaN ? .infinity : max(drAll, a)
            if ill[s] { continue }
            if !(a <= dr) { worst = (i, j) }
            dr = a.isNaN ? .infinity : max(dr, a)
            dv = c.isNaN ? .infinity : max(dv, c)
        }
    }
    return (dr, dv, drAll, mismatches, worst)
}

/// Runs `peers.py speed` in a process of its own (so each thread setting starts fresh); nil, with a
/// message, when the peer is not installed or fails.
func runPeer(python: String, peer: String, classKey: String, threads: Int, steps: Int, repeats: Int,
             start: String, directory: String, expected: Int, accuracy: Bool, allowDeep: Bool = false) -> Measurement? {
    var arguments = ["speed", "--peer", peer, "--class", classKey, "--threads", String(threads),
                     "--steps", String(steps), "--repeats", String(repeats), "--start", start, "--dir", directory]
    if accuracy { arguments.append("--accuracy") }
    if allowDeep { arguments.append("--allow-deep") }
    guard let object = runPython(python, arguments, environment: ["ASTROZ_THREADS": String(threads)]) else { return nil }
    if let error = object["error"] as? String {
        log("\(peer): \(error)")
        return nil
    }
    guard let satellites = object["satellites"] as? Int, satellites == expected,
          let seconds = object["seconds"] as? [Double], let cpu = object["cpu_seconds"] as? [Double],
          let propagations = object["propagations"] as? Int else {
        log("\(peer) \(classKey): unexpected result \(object)")
        return nil
    }
    let version = object["version"] as? String ?? "?"
    let name: String
    switch peer {
    case "python-sgp4": name = "python-sgp4 \(version) SatrecArray"
    case "heyoka": name = "heyoka \(version) sgp4_propagator"
    case "astroz": name = "astroz \(version)"
    default: name = peer
    }
    var m = Measurement(side: name, threads: object["threads"] as? Int ?? threads, propagations: propagations, seconds: seconds,
                        cpuSeconds: cpu)
    if let a = object["accuracy"] as? [String: Any] {
        m.maxDrM = a["max_position_difference_m"] as? Double
        m.maxDrMAll = a["max_position_difference_m_all"] as? Double
        m.maxDvMmPerS = a["max_velocity_difference_mm_per_s"] as? Double
        m.statusMismatches = a["error_status_mismatches"] as? Int
        if let w = a["worst"] as? [String: Any] { m.worst = "NORAD \(w["norad"] ?? "?"), step \(w["step"] ?? "?")" }
    }
    m.note = object["note"] as? String
    m.peerOutput = object
    return m
}

/// Runs `peers.py ARGUMENTS` in a process of its own (so each thread setting starts fresh) and returns
/// the JSON object of its last output line; nil, with a message, when it cannot run.
func runPython(_ python: String, _ arguments: [String], environment extra: [String: String]) -> [String: Any]? {
    let script = benchmarkDirectory().appendingPathComponent("peers.py").path
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = [python, script] + arguments
    process.environment = ProcessInfo.processInfo.environment.merging(extra) { _, new in new }
    let out = Pipe()
    process.standardOutput = out
    do { try process.run() } catch {
        log("cannot start \(python) \(script): \(error)")
        return nil
    }
    let data = out.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    let text = String(decoding: data, as: UTF8.self)
    guard let line = text.split(separator: "\n").last,
          let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else {
        log("peers.py \(arguments.joined(separator: " ")): no result (exit \(process.terminationStatus))")
        return nil
    }
    return object
}
