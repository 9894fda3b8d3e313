import Conjunction
import Foundation
import SpaceData
#if canImport(Glibc)
import Glibc
#endif

// Usage: ScreeningBenchmark MODE [options]
//   full         [--days 7] [--threshold 5] [--step 30] [--threads N] [--events FILE]   full-catalog screen;
//                --events writes one line per event (id1 id2 TCA-seconds-from-start miss-km speed-km/s)
//                (compare two such files with Benchmarks/ScreeningBenchmark/compare_events.py OLD NEW)
//   brute        [--count 2000] [--days 1] [--fine 10] [--step 30]       screener vs brute force
//   apsis        [--days 7]       departure of SGP4 radius from the apsis band (1-minute samples)
//   consistency  [--days 1]       |SGP4 velocity − d(position)/dt| over the catalog
//   pick         [--days 1]       list event pairs of the first day (to choose test objects)
let arguments = CommandLine.arguments
let mode = arguments.count > 1 ? arguments[1] : "full"
func option(_ name: String, _ fallback: Double) -> Double {
    if let i = arguments.firstIndex(of: "--" + name), i + 1 < arguments.count, let v = Double(arguments[i + 1]) { return v }
    return fallback
}
let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
let catalogPath = root.appendingPathComponent("data/spacetrack_gp_full_catalog_2023-10-09.3le.gz").path
let start = try Instant(utc: "2023-10-10T00:00:00Z")

func peakMemoryMB() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_maxrss) / 1024   // Linux: kilobytes
}
func now() -> Double { Date().timeIntervalSince1970 }

let t0 = now()
let report = ElementSetReader().read(files: [catalogPath])
let (allObjects, initExcluded) = Screener.objects(from: report.records)
print("read \(report.records.count) element sets, \(allObjects.count) initialise, \(initExcluded.count) refused by SGP4 init (\(String(format: "%.1f", now() - t0)) s)")
for e in initExcluded { print("  init-excluded \(e.id): \(e.reason)") }
let threads = Int(option("threads", Double(ProcessInfo.processInfo.activeProcessorCount)))

func summarize(_ r: ScreeningResult) {
    var reasons: [String: Int] = [:]
    for e in r.excluded {
        let key: String
        switch e.reason {
        case .tooOld: key = "too old"
        case .absurdSpeed: key = "absurd speed"
        case .sgp4Refused(let err): key = "SGP4 refused (code \(err.valladoCode))"
        case .duplicateIdentifier: key = "duplicate id"
        case .inconsistentVelocity: key = "inconsistent velocity"
        }
        reasons[key, default: 0] += 1
    }
    print("excluded: \(r.excluded.count) \(reasons.sorted { $0.key < $1.key })")
    for e in r.excluded { switch e.reason { case .absurdSpeed, .inconsistentVelocity: print("  \(e.id): \(e.reason)"); default: break } }
    print("co-located pairs: \(r.coLocated.count) (identical elements: \(r.coLocated.filter(\.identicalElements).count))")
    print("events: \(r.events.count); max relative speed \(r.events.map(\.relativeSpeedKmPerS).max() ?? 0) km/s")
    print("statistics: \(r.statistics)")
}

switch mode {
case "full":
    let config = ScreeningConfiguration(start: start, durationSeconds: option("days", 7) * 86_400,
                                        thresholdKm: option("threshold", 5), threads: threads,
                                        maximumElementAgeDays: option("age", 30),
                                        searchStepSeconds: option("step", 60))
    let t = now()
    let result = Screener(configuration: config).screen(allObjects) { p in
        FileHandle.standardError.write("\r\(Int(p * 100))%".data(using: .utf8)!)
    }
    let wall = now() - t
    print("\nfull catalog: \(allObjects.count) objects, \(option("days", 7)) days, \(option("threshold", 5)) km, step \(option("step", 60)) s, \(threads) threads")
    summarize(result)
    let below1 = result.events.filter { $0.missDistanceKm < 1 }.count
    print("events < 1 km: \(below1)")
    var perPair: [[Int]: Int] = [:]
    for e in result.events { perPair[[e.id1, e.id2], default: 0] += 1 }
    let streams = perPair.filter { $0.value >= 50 }
    print("pairs with events: \(perPair.count); pairs with ≥ 50 events (repeating every orbit): \(streams.count), holding \(streams.values.reduce(0, +)) events")
    for (p, n) in streams.sorted(by: { $0.value > $1.value }).prefix(12) { print("  stream \(p[0])-\(p[1]): \(n) events") }
    print("events with 25544: \(result.events.filter { $0.id1 == 25544 || $0.id2 == 25544 }.count)")
    print(String(format: "screen wall time %.1f s; peak RSS %.0f MB", wall, peakMemoryMB()))
    if let i = arguments.firstIndex(of: "--events"), i + 1 < arguments.count {
        var text = ""
        for e in result.events {
            text += "\(e.id1) \(e.id2) \(String(format: "%.6f", e.tca.secondsSince(start))) \(String(format: "%.9f", e.missDistanceKm)) \(String(format: "%.6f", e.relativeSpeedKmPerS))\n"
        }
        for p in result.coLocated { text += "colocated \(p.id1) \(p.id2) \(p.basis.rawValue) \(p.collapsedEvents)\n" }
        for x in result.excluded { text += "excluded \(x.id) \(x.reason)\n" }
        try text.write(toFile: arguments[i + 1], atomically: true, encoding: .utf8)
        print("wrote \(result.events.count) events to \(arguments[i + 1])")
    }

case "brute":
    let count = Int(option("count", 2000))
    // Densest regime subset: objects sorted by perigee altitude around the 550 km and 780 km shells,
    // plus GEO and HEO, taken evenly.
    let leo = allObjects.filter { (500...900).contains($0.sgp4.perigeeAltitudeKm) && $0.sgp4.apogeeAltitudeKm < 1000 }
    let geo = allObjects.filter { abs($0.sgp4.periodMinutes - 1436) < 30 }
    let heo = allObjects.filter { $0.sgp4.perigeeAltitudeKm < 2000 && $0.sgp4.apogeeAltitudeKm > 20_000 }
    func take(_ a: [ScreeningObject], _ n: Int) -> [ScreeningObject] {
        a.count <= n ? a : stride(from: 0, to: a.count, by: max(1, a.count / n)).prefix(n).map { a[$0] }
    }
    let chosen = take(leo, count * 6 / 10) + take(geo, count * 2 / 10) + take(heo, count * 2 / 10)
    let config = ScreeningConfiguration(start: start, durationSeconds: option("days", 1) * 86_400, threads: threads,
                                        searchStepSeconds: option("step", 60))
    var t = now()
    let fast = Screener(configuration: config).screen(chosen)
    let fastTime = now() - t
    t = now()
    let slow = BruteForceScreening(configuration: config, stepSeconds: option("fine", 10)).screen(chosen)
    let slowTime = now() - t
    print("brute-force comparison: \(chosen.count) objects, \(option("days", 1)) days; screener \(String(format: "%.1f", fastTime)) s, brute force \(String(format: "%.1f", slowTime)) s")
    summarize(fast)
    print("brute force: events \(slow.events.count), co-located \(slow.coLocated.count), excluded \(slow.excluded.count)")
    var unmatched = slow.events
    var extra: [ConjunctionEvent] = []
    var worstT = 0.0, worstMiss = 0.0
    for e in fast.events {
        if let k = unmatched.firstIndex(where: { $0.id1 == e.id1 && $0.id2 == e.id2 && abs($0.tca.secondsSince(e.tca)) < 1 }) {
            worstT = max(worstT, abs(unmatched[k].tca.secondsSince(e.tca)))
            worstMiss = max(worstMiss, abs(unmatched[k].missDistanceKm - e.missDistanceKm))
            unmatched.remove(at: k)
        } else { extra.append(e) }
    }
    print("matched \(fast.events.count - extra.count); screener-only \(extra.count); brute-only \(unmatched.count); worst ΔTCA \(worstT * 1000) ms; worst Δmiss \(worstMiss * 1000) m")
    for e in extra { print("  screener-only \(e.id1)-\(e.id2) \(e.tca.iso8601UTC()) \(e.missDistanceKm) km") }
    for e in unmatched { print("  brute-only \(e.id1)-\(e.id2) \(e.tca.iso8601UTC()) \(e.missDistanceKm) km") }
    print("co-located agree: \(Set(fast.coLocated.map { [$0.id1, $0.id2] }) == Set(slow.coLocated.map { [$0.id1, $0.id2] }))")

case "apsis":
    // Largest departure of SGP4's radius from the band [min(r_p, r_min), max(r_a, r_max)] (mean apsides
    // and the vetting samples every 600 s), at 60 s resolution over the window.
    let days = option("days", 7)
    final class Worst: @unchecked Sendable { var below = [Double](repeating: 0, count: 64); var above = [Double](repeating: 0, count: 64); var ids = [(Int, Int)](repeating: (0, 0), count: 64) }
    let worst = Worst()
    let objects = allObjects
    DispatchQueue.concurrentPerform(iterations: threads) { w in
        for n in stride(from: w, to: objects.count, by: threads) {
            let s = objects[n].sgp4
            let t0 = start.secondsSince(s.epoch) / 60
            var minR = Double.infinity, maxR = 0.0, ok = true
            for k in 0...Int(days * 86_400 / 600) {
                guard let (r, v) = try? s.propagate(minutesSinceEpoch: t0 + Double(k) * 10),
                      let (r1, _) = try? s.propagate(minutesSinceEpoch: t0 + Double(k) * 10 + 1.0 / 60) else { ok = false; break }
                if (v * v).sum().squareRoot() > 12 { ok = false; break }
                let e = (r1 - r) - v
                if (e * e).sum().squareRoot() > 0.1 { ok = false; break }   // the junk rule's consistency check
                let radius = (r * r).sum().squareRoot()
                minR = min(minR, radius); maxR = max(maxR, radius)
            }
            if !ok || start.secondsSince(s.epoch) > 30 * 86_400 { continue }
            let low = min(s.perigeeAltitudeKm + s.gravity.radiusKm, minR), high = max(s.apogeeAltitudeKm + s.gravity.radiusKm, maxR)
            for k in 0...Int(days * 1440) {
                guard let (r, _) = try? s.propagate(minutesSinceEpoch: t0 + Double(k)) else { break }
                let radius = (r * r).sum().squareRoot()
                // Near-Earth: km. Deep space: in units of the semi-major axis (×1e6), slots 32+.
                let scale = s.isDeepSpace ? 1e6 / s.semiMajorAxisKm : 1
                let slot = s.isDeepSpace ? w + 32 : w
                if (low - radius) * scale > worst.below[slot] { worst.below[slot] = (low - radius) * scale; worst.ids[slot].0 = objects[n].id }
                if (radius - high) * scale > worst.above[slot] { worst.above[slot] = (radius - high) * scale; worst.ids[slot].1 = objects[n].id }
            }
        }
    }
    for (label, base) in [("near-Earth, km", 0), ("deep space, 1e-6 of the semi-major axis", 32)] {
        let wb = (base..<base + threads).max { worst.below[$0] < worst.below[$1] }!
        let wa = (base..<base + threads).max { worst.above[$0] < worst.above[$1] }!
        print("apsis band departure over \(days) days (\(label)): below \(worst.below[wb]) (object \(worst.ids[wb].0)), above \(worst.above[wa]) (object \(worst.ids[wa].1))")
    }

case "consistency":
    // |SGP4 velocity − central difference of SGP4 position (±0.5 s)| at 10-minute samples, over the
    // objects that pass the junk rule (screened with a 1-second window to apply it).
    let days = option("days", 1)
    let vetted = Screener(configuration: ScreeningConfiguration(start: start, durationSeconds: days * 86_400, threads: threads))
    let excludedIDs = Set(vetted.screen(allObjects.map { $0 }).excluded.map(\.id))
    var worst: [(Double, Int, Double)] = []
    for o in allObjects where !excludedIDs.contains(o.id) {
        let t0 = start.secondsSince(o.sgp4.epoch) / 60
        var e = 0.0, at = 0.0
        for k in 0...Int(days * 144) {
            let t = t0 + Double(k) * 10
            guard let (r1, _) = try? o.sgp4.propagate(minutesSinceEpoch: t - 0.5 / 60),
                  let (r2, _) = try? o.sgp4.propagate(minutesSinceEpoch: t + 0.5 / 60),
                  let (_, v) = try? o.sgp4.propagate(minutesSinceEpoch: t) else { break }
            let dv = (r2 - r1) - v
            let x = (dv * dv).sum().squareRoot()
            if x > e { e = x; at = Double(k) * 10 }
        }
        worst.append((e, o.id, at))
    }
    worst.sort { $0.0 > $1.0 }
    for w in worst.prefix(8) { print("velocity consistency: \(w.0 * 1000) m/s (object \(w.1), \(w.2) min into the window)") }
    let sortedErrors = worst.map(\.0).sorted()
    print("median \(sortedErrors[sortedErrors.count / 2] * 1000) m/s, 99.9 % \(sortedErrors[sortedErrors.count * 999 / 1000] * 1000) m/s")

case "pick":
    let config = ScreeningConfiguration(start: start, durationSeconds: option("days", 1) * 86_400, threads: threads)
    let r = Screener(configuration: config).screen(allObjects)
    summarize(r)
    let byID = Dictionary(allObjects.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
    for e in r.events {
        let a = byID[e.id1]!.sgp4, b = byID[e.id2]!.sgp4
        print("event \(e.id1) \(e.id2) \(e.tca.iso8601UTC()) miss \(e.missDistanceKm) v \(e.relativeSpeedKmPerS) perigees \(Int(a.perigeeAltitudeKm)) \(Int(b.perigeeAltitudeKm)) apogees \(Int(a.apogeeAltitudeKm)) \(Int(b.apogeeAltitudeKm))")
    }
    for p in r.coLocated { print("colocated \(p.id1) \(p.id2) identical \(p.identicalElements) max \(p.maximumRangeKm)") }

case "fast":
    // Objects whose SGP4 speed exceeds 12 km/s at their epoch or within a day of it.
    for o in allObjects {
        for m in stride(from: 0.0, through: 1440, by: 10) {
            if let (r, v) = try? o.sgp4.propagate(minutesSinceEpoch: m), (v * v).sum().squareRoot() > 12 {
                print("\(o.id) \(o.name ?? "") epoch \(o.sgp4.epoch.iso8601UTC()) t \(m) min speed \((v * v).sum().squareRoot()) km/s radius \((r * r).sum().squareRoot()) km")
                break
            }
        }
    }

case "rate":
    print("SGP4 size \(MemoryLayout<SGP4>.size) bytes")
    let sgp = allObjects.map(\.sgp4)
    let t = now()
    var sum = 0.0, count = 0
    for k in 0..<50 {
        for s in sgp {
            if let (r, _) = try? s.propagate(minutesSinceEpoch: start.secondsSince(s.epoch) / 60 + Double(k)) { sum += r.x; count += 1 }
        }
    }
    print("propagations/s single thread: \(Double(count) / (now() - t)) (\(sum))")

default:
    print("unknown mode \(mode)")
}
