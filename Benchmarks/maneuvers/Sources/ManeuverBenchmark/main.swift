import Astrodynamics
import Foundation
import SpaceData
import Sensors
import Threats

// Precision and recall of ManeuverDetector on the real CelesTrak Starlink and GEO histories of
// 2026-05-24..30 with synthetic burns injected (ManeuverInjection), plus what it finds in the
// histories as they are. Prints markdown tables (docs/threats.md holds a copy).

/// Uniform in [0, 1) from Sensors' SplitMix64 (the same generator and seed as before, so the
/// benchmark draws the same objects and burn times).
extension SplitMix64 {
    mutating func uniform() -> Double { Double(next() >> 11) / Double(1 << 53) }
}

let directory = CommandLine.arguments.count > 1 ? CommandLine.arguments[1]
    : "/work/shared/data/catalog/celestrak_groups_history_2026-05-24_to_05-30"
let perCell = CommandLine.arguments.count > 2 ? Int(CommandLine.arguments[2]) ?? 300 : 300
let detector = try ManeuverDetector()
let clock = ContinuousClock()

func load(_ name: String) -> [Int: [ElementSet]] {
    let report = ElementSetReader().read(files: ["\(directory)/\(name)"])
    print("\(name): \(report.summary)")
    var out: [Int: [ElementSet]] = [:]
    for (id, sets) in Dictionary(grouping: report.records, by: \.noradCatalogNumber) {
        var unique: [ElementSet] = []
        for s in sets.sorted(by: { $0.epoch < $1.epoch }) where unique.last.map({ s.epoch.secondsSince($0.epoch) >= 0.001 }) ?? true {
            unique.append(s)
        }
        out[id] = unique
    }
    return out
}

let groups: [(label: String, file: String, regime: OrbitRegime)] = [
    ("Starlink", "starlink_history.3le.gz", .leo), ("GEO", "geo_history.3le.gz", .geo),
]
let dvs: [Double] = [0.05, 0.1, 0.2, 0.5, 1, 2, 5]
var rng = SplitMix64(seed: 20_260_530)

for group in groups {
    let histories = load(group.file)
    let t0 = clock.now
    let baseline = detector.detect(sets: histories.values.flatMap { $0 })
    let elapsed = clock.now - t0
    let baselineByObject = Dictionary(grouping: baseline.detections, by: \.noradCatalogNumber)
    let eligible = histories.keys.sorted().filter { id in
        let h = histories[id]!
        let mid = h[h.count / 2]
        return h.count >= 8 && OrbitRegime(meanMotionRevPerDay: mid.meanMotionRevPerDay, eccentricity: mid.eccentricity) == group.regime
    }
    var firstEpoch = histories.values.first![0].epoch, lastEpoch = firstEpoch
    for h in histories.values {
        if h[0].epoch < firstEpoch { firstEpoch = h[0].epoch }
        if h[h.count - 1].epoch > lastEpoch { lastEpoch = h[h.count - 1].epoch }
    }
    let days: Double = lastEpoch.secondsSince(firstEpoch) / 86_400
    let setCount: Int = histories.values.reduce(0) { $0 + $1.count }
    print("\n## \(group.label): unaltered history")
    print("\(histories.count) objects, \(setCount) distinct sets over \(String(format: "%.1f", days)) days; "
          + "\(baseline.objectsTested) tested, \(baseline.objectsTooShort) too short, detection took \(elapsed)")
    print("\(baseline.detections.count) detections (\(String(format: "%.1f", Double(baseline.detections.count) / days)) per day) on \(baselineByObject.count) objects")
    var byDirection: [ManeuverDirection: Int] = [:]
    for d in baseline.detections { byDirection[d.direction, default: 0] += 1 }
    print("by direction: " + ManeuverDirection.allCases.map { "\($0.rawValue) \(byDirection[$0] ?? 0)" }.joined(separator: ", "))
    var perDay: [String: Int] = [:]
    for d in baseline.detections { perDay[String(d.windowEnd.iso8601UTC(fractionDigits: 0).prefix(10)), default: 0] += 1 }
    print("per day (by window end): " + perDay.keys.sorted().map { "\($0) \(perDay[$0]!)" }.joined(separator: ", "))
    let sizes = baseline.detections.map(\.deltaVMetersPerSecond).sorted()
    if !sizes.isEmpty {
        print(String(format: "Δv of detections: median %.3f m/s, 10th pct %.3f, 90th pct %.3f", sizes[sizes.count / 2],
                     sizes[sizes.count / 10], sizes[sizes.count * 9 / 10]))
    }
    let strongest: [ManeuverDetection] = Array(baseline.detections.sorted { $0.confidence > $1.confidence }.prefix(3))
    let weakest: [ManeuverDetection] = Array(baseline.detections.filter { $0.confidence < 0.7 }.prefix(2))
    for d in strongest + weakest {
        print("- \(d.noradCatalogNumber) \(d.objectName ?? ""): \(d.reason)")
    }

    print("\n## \(group.label): injected burns (\(eligible.count) eligible objects, \(perCell) per cell, seeded)")
    print("| regime | burn | Δv m/s | injected | recall | precision | median Δv est/true | direction right |")
    print("|---|---|---|---|---|---|---|---|")
    for (dirName, tangential) in [("tangential", true), ("normal", false)] {
        for dv in dvs {
            var found = 0, newDetections = 0, matchedNew = 0, directionRight = 0
            var ratios: [Double] = []
            for _ in 0..<perCell {
                let id = eligible[Int(rng.uniform() * Double(eligible.count))]
                let h = histories[id]!
                // Burn between sets 2 and count-3, uniformly in time; random sign for the tangential burn.
                let lo = h[2].epoch, span = h[h.count - 3].epoch.secondsSince(lo)
                let burn = lo.advanced(bySeconds: rng.uniform() * span)
                let sign: Double = rng.uniform() < 0.5 ? -1 : 1
                let dvT: Double = tangential ? sign * dv : 0
                let dvN: Double = tangential ? 0 : dv
                let altered = ManeuverInjection.apply(to: h, at: burn, tangentialMetersPerSecond: dvT, normalMetersPerSecond: dvN)
                let found_ = (try? detector.detect(history: altered)) ?? []
                let before = baselineByObject[id] ?? []
                // New: overlapping no detection of the unaltered history (its own maneuvers are not false alarms).
                let fresh = found_.filter { d in !before.contains { $0.windowStart <= d.windowEnd && d.windowStart <= $0.windowEnd } }
                newDetections += fresh.count
                let hits = found_.filter { $0.windowStart <= burn && burn <= $0.windowEnd }
                matchedNew += fresh.filter { $0.windowStart <= burn && burn <= $0.windowEnd }.count
                if let hit = hits.first {
                    found += 1
                    ratios.append(hit.deltaVMetersPerSecond / dv)
                    let expected: ManeuverDirection = tangential ? .tangential : .normal
                    if hit.direction == expected { directionRight += 1 }
                }
            }
            ratios.sort()
            let precision: Double = newDetections == 0 ? Double.nan : Double(matchedNew) / Double(newDetections)
            let recall: Double = Double(found) / Double(perCell)
            let ratioText: String = ratios.isEmpty ? "–" : String(format: "%.2f", ratios[ratios.count / 2])
            let directionText: String = found == 0 ? "–" : String(format: "%.2f", Double(directionRight) / Double(found))
            var row = "| \(group.regime.rawValue) | \(dirName) | \(dv) | \(perCell) | "
            row += String(format: "%.2f | %.2f | ", recall, precision)
            row += "\(ratioText) | \(directionText) |"
            print(row)
        }
    }
}
