import Astrodynamics
import Foundation

/// The speed run's tables (one per class), ratios against the headline Kanshi variant, and goals.
struct SpeedReport {
    let classes: [SpeedClass]
    let results: [String: [Measurement]]
    let threads: Int
    let steps: Int

    /// The headline side: Kanshi with the instruction set this CPU's detection picks.
    static var headline: String { "Kanshi SGP4Batch \(SGP4Batch.InstructionSet.detected.rawValue)" }

    func rate(_ key: String, side: String, threads t: Int) -> Double? {
        results[key]?.first { $0.side == side && $0.threads == t }?.rate
    }

    /// Propagations per CPU-second at `t` threads.
    func cpuRate(_ key: String, side: String, threads t: Int) -> Double? {
        results[key]?.first { $0.side == side && $0.threads == t }?.cpuRate
    }

    func printTables() {
        let many = threads
        for c in classes {
            guard let ms = results[c.key], !ms.isEmpty else { continue }
            print("")
            print("\(c.title): \(c.range.count) element sets × \(steps) steps = "
                  + String(format: "%.2f", Double(c.range.count * steps) / 1e6) + " M propagations per run")
            let header = [pad("side", 36), pad("1 thread", 10, right: true), pad("\(many) threads", 10, right: true),
                          pad("1t /CPU-s", 10, right: true),
                          pad("Kanshi/side 1t", 15, right: true), pad("Kanshi/side \(many)t", 15, right: true),
                          pad("K/side CPU", 11, right: true),
                          pad("|Δr| m all", 11, right: true), pad("|Δr| m well", 12, right: true),
                          pad("|Δv| mm/s well", 15, right: true), "  errors≠"]
            print(header.joined(separator: " "))
            var sides: [String] = []
            for m in ms where !sides.contains(m.side) { sides.append(m.side) }
            let k1 = rate(c.key, side: SpeedReport.headline, threads: 1)
            let kn = rate(c.key, side: SpeedReport.headline, threads: many)
            let kc = cpuRate(c.key, side: SpeedReport.headline, threads: 1)
            for side in sides {
                let one = rate(c.key, side: side, threads: 1)
                let all = many == 1 ? nil : rate(c.key, side: side, threads: many)
                let cpu = cpuRate(c.key, side: side, threads: 1)
                let singleThreaded = side.hasPrefix("python-sgp4")
                let accuracy = ms.first { $0.side == side && $0.maxDrM != nil }
                let name = side == SpeedReport.headline ? side + " *" : side
                let row = [
                    pad(name, 36),
                    pad(one.map { String(format: "%.2f", $0 / 1e6) } ?? "—", 10, right: true),
                    pad(all.map { String(format: "%.2f", $0 / 1e6) } ?? (singleThreaded ? "(1 only)" : "—"), 10, right: true),
                    pad(cpu.map { String(format: "%.2f", $0 / 1e6) } ?? "—", 10, right: true),
                    pad(ratio(k1, one), 15, right: true),
                    pad(ratio(kn, all ?? (singleThreaded ? one : nil)) + (singleThreaded && many > 1 ? "†" : ""), 15, right: true),
                    pad(ratio(kc, cpu), 11, right: true),
                    pad(accuracy?.maxDrMAll.map { formatMeters($0) } ?? "—", 11, right: true),
                    pad(accuracy?.maxDrM.map { formatMeters($0) } ?? "—", 12, right: true),
                    pad(accuracy?.maxDvMmPerS.map { String(format: "%.3g", $0) } ?? "—", 15, right: true),
                    "  " + (accuracy?.statusMismatches.map(String.init) ?? "—"),
                ]
                print(row.joined(separator: " "))
            }
            for side in sides {
                if let m = ms.first(where: { $0.side == side && $0.maxDrM != nil }), let w = m.worst, (m.maxDrM ?? 0) >= 1e-3 {
                    print("  \(side): largest well-conditioned |Δr| at \(w)")
                }
            }
        }
        print("")
        print("M propagations per wall second (1 thread, \(many) threads) and per CPU-second of the process at 1 thread "
              + "(1t /CPU-s: what one core does whatever else shares the machine), medians; K/side CPU = ratio of those.")
        print("M propagations/s, median of the repeats; * = headline (detected instruction set); ratios = headline Kanshi ÷ side "
              + "at the same thread count († python-sgp4 SatrecArray is single-threaded: Kanshi \(many) threads ÷ its 1 thread).")
        print("|Δr|, |Δv|: largest difference from the scalar Kanshi SGP4 at the same minutes since epoch, over every grid slot "
              + "where both succeed (all) and over the well-conditioned ones (well: see the ill-conditioned slots listed above); errors≠: slots where one side failed and the other did not (or the code differs, for Kanshi).")
        print("")
        for g in goals {
            print("goal \(g.met ? "MET" : "NOT MET"): \(g.text): \(String(format: "%.2f", g.value))")
        }
    }

    /// The issue's goals, measured with the headline variant. "Per core" is judged on propagations per
    /// CPU-second at one thread (equal to the wall rate on an idle machine, and still fair on a loaded one);
    /// the wall rate is shown beside it.
    var goals: [(text: String, value: Double, met: Bool)] {
        var out: [(String, Double, Bool)] = []
        func wall(_ key: String) -> String {
            rate(key, side: SpeedReport.headline, threads: 1).map { String(format: "%.2f", $0 / 1e6) } ?? "?"
        }
        if let r = cpuRate("near", side: SpeedReport.headline, threads: 1) {
            out.append(("near-Earth ≥ 25 M propagations/s per core (1 thread, M per CPU-second; wall \(wall("near")) M/s)", r / 1e6, r >= 25e6))
        }
        if let r = cpuRate("deep", side: SpeedReport.headline, threads: 1) {
            out.append(("deep-space ≥ 4 M propagations/s per core (1 thread, M per CPU-second; wall \(wall("deep")) M/s)", r / 1e6, r >= 4e6))
        }
        let python = results["all"]?.first { $0.side.hasPrefix("python-sgp4") }
        if let python, let k = cpuRate("all", side: SpeedReport.headline, threads: 1) {
            out.append(("whole catalog ≥ 10× python-sgp4 SatrecArray, both 1 thread, per CPU-second (ratio)", k / python.cpuRate, k >= 10 * python.cpuRate))
        }
        if let python, let k = rate("all", side: SpeedReport.headline, threads: 1) {
            out.append(("whole catalog ≥ 10× python-sgp4 SatrecArray, both 1 thread, wall (ratio)", k / python.rate, k >= 10 * python.rate))
        }
        if let python, threads > 1, let k = rate("all", side: SpeedReport.headline, threads: threads) {
            out.append(("whole catalog ≥ 10× python-sgp4 SatrecArray, Kanshi \(threads) threads vs its 1, wall (ratio)", k / python.rate, k >= 10 * python.rate))
        }
        return out
    }
}

func ratio(_ a: Double?, _ b: Double?) -> String {
    guard let a, let b, b > 0 else { return "—" }
    return String(format: "%.2f×", a / b)
}

func formatMeters(_ m: Double) -> String {
    m < 1e-3 ? String(format: "%.1e", m) : String(format: "%.4g", m)
}

func pad(_ s: String, _ width: Int, right: Bool = false) -> String {
    let n = s.count
    guard n < width else { return s }
    let fill = String(repeating: " ", count: width - n)
    return right ? fill + s : s + fill
}
