import Foundation
import Astrodynamics
import SpaceData
import Sensors
import CatalogMaintenance

// The catalog-maintenance experiment. Modes:
//   history [--remove 100] [--seed 1]: truth = each object's latest element set in the week-long
//       CelesTrak group histories (../shared/data/catalog/celestrak_groups_history_2026-05-24_to_05-30,
//       LEO, Starlink excluded); catalog = the same objects' sets ≥ 2 days older ("aged"), minus
//       `remove` random objects; one day of the default network from truth; one loop run.
//   full [--limit N]: truth = the bundled 2023-10-09 catalog (26,140 objects); catalog = the same sets
//       perturbed (along-track/mean motion/node/B*); one day of the default network; one loop run, timed.
// Prints the figures (medians, counts, times). Release build only.

let args = CommandLine.arguments.dropFirst()
let mode = args.first ?? "history"
func option(_ name: String, _ def: Int) -> Int {
    if let i = args.firstIndex(of: name), args.index(after: i) < args.endIndex, let v = Int(args[args.index(after: i)]) { return v }
    return def
}
let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()
let shared = root.deletingLastPathComponent().appendingPathComponent("shared/data")
let clock = ContinuousClock()
func median(_ x: [Double]) -> Double { x.isEmpty ? .nan : x.sorted()[x.count / 2] }
func percentile(_ x: [Double], _ p: Double) -> Double { x.isEmpty ? .nan : x.sorted()[min(x.count - 1, Int(Double(x.count) * p))] }
func distanceKm(_ a: MeanElements, _ b: MeanElements, at t: Instant) -> Double? {
    guard let sa = try? SGP4(a), let sb = try? SGP4(b), let pa = try? sa.state(at: t), let pb = try? sb.state(at: t) else { return nil }
    let d = pa.positionKm - pb.positionKm
    return (d * d).sum().squareRoot()
}
struct SplitMix { var s: UInt64; mutating func next() -> UInt64 { s &+= 0x9E3779B97F4A7C15; var z = s; z = (z ^ (z >> 30)) &* 0xBF58476D1CE4E5B9; z = (z ^ (z >> 27)) &* 0x94D049BB133111EB; return z ^ (z >> 31) }
    mutating func uniform() -> Double { Double(next() >> 11) / Double(1 << 53) }
    mutating func normal() -> Double { (-2 * log(max(uniform(), 1e-300))).squareRoot() * cos(2 * .pi * uniform()) } }

let network = try SensorNetwork(contentsOf: root.appendingPathComponent("data/sensors.json"))
if mode == "fixture" {
    // Tests/Fixtures/maintenance/od_*: three real LEO sets as truth, their perturbed copies as the
    // catalog, twelve hours of the default network (no EOP, seed 5) as TDM.
    let fixtures = root.appendingPathComponent("Tests/Fixtures/maintenance")
    let all = ElementSetReader().read(files: [fixtures.appendingPathComponent("leo30_2023-10-09.3le").path]).records
    let truthSets = [all[3], all[7], all[12]]
    var r = SplitMix(s: 5)
    let aged = truthSets.map { s -> ElementSet in
        var p = s
        p.meanMotionRevPerDay *= 1 + 1e-5 * r.normal()
        p.meanAnomalyDeg = (p.meanAnomalyDeg + 0.02 * r.normal() + 360).truncatingRemainder(dividingBy: 360)
        return p
    }
    var errors: [ParseError] = []
    try TLEWriter(nameLines: .zeroPrefixed).write(aged, errors: &errors)
        .write(to: fixtures.appendingPathComponent("od_catalog.3le"), atomically: true, encoding: .utf8)
    var o = SimulationOptions(); o.seed = 5; o.addBias = false; o.addFalseAlarms = false
    let start = try Instant(utc: "2023-10-09T15:00:00Z")
    let result = ObservationSimulator(sensors: network.sensors, eop: .empty, options: o)
        .simulate(truth: truthSets, start: start, durationSeconds: 43_200)
    let doc = try TrackletTDM.document(tracklets: result.tracklets, originator: "KANSHI-TEST", creationDate: start)
    try TDMKVN.write(doc).write(to: fixtures.appendingPathComponent("od_tracklets.tdm"), atomically: true, encoding: .utf8)
    print("wrote \(result.tracklets.count) tracklets of \(truthSets.map(\.noradCatalogNumber))")
    exit(0)
}
let (eop, _) = try EarthOrientationFile.read(contentsOf: root.appendingPathComponent("data/EOP-All.csv.gz").path)
print("network: \(network.sensors.count) sensors; mode \(mode)")

var truth: [ElementSet] = []
var catalog: [ElementSet] = []
var removed = Set<Int>()
var seed = UInt64(option("--seed", 1))
var rng = SplitMix(s: seed)

if mode == "history" {
    let dir = shared.appendingPathComponent("catalog/celestrak_groups_history_2026-05-24_to_05-30")
    let files = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".3le.gz") && !$0.hasPrefix("starlink") && !$0.hasPrefix("geo") }
        .sorted().map { dir.appendingPathComponent($0).path }
    let report = ElementSetReader().read(files: files)
    var byObject: [Int: [ElementSet]] = [:]
    for s in report.records { byObject[s.noradCatalogNumber, default: []].append(s) }
    for (_, sets) in byObject.sorted(by: { $0.key < $1.key }) {
        let sorted = sets.sorted { $0.epoch < $1.epoch }
        let t = sorted.last!
        guard t.meanMotionRevPerDay > 11, t.eccentricity < 0.1 else { continue }
        guard let aged = sorted.last(where: { t.epoch.secondsSince($0.epoch) >= 2 * 86_400 }) else { continue }
        truth.append(t); catalog.append(aged)
    }
    let want = option("--remove", 100)
    var pool = truth.map(\.noradCatalogNumber)
    while removed.count < want && !pool.isEmpty { removed.insert(pool.remove(at: Int(rng.next() % UInt64(pool.count)))) }
    catalog.removeAll { removed.contains($0.noradCatalogNumber) }
    print("history: \(report.records.count) sets from \(files.count) files; \(truth.count) LEO objects with an aged set ≥ 2 d older; removed \(removed.count)")
} else {
    let report = ElementSetReader().read(files: [root.appendingPathComponent("data/spacetrack_gp_full_catalog_2023-10-09.3le.gz").path])
    truth = report.records
    let limit = option("--limit", 0)
    if limit > 0 { truth = Array(truth.prefix(limit)) }
    catalog = truth.map { s in
        var p = s
        p.meanMotionRevPerDay *= 1 + 2e-5 * rng.normal()
        p.meanAnomalyDeg = (p.meanAnomalyDeg + 0.03 * rng.normal() + 360).truncatingRemainder(dividingBy: 360)
        p.raanDeg = (p.raanDeg + 0.01 * rng.normal() + 360).truncatingRemainder(dividingBy: 360)
        p.bstar *= max(0.2, 1 + 0.3 * rng.normal())
        return p
    }
    print("full: \(truth.count) objects (truth = 2023-10-09 catalog, catalog = perturbed copies)")
}

// Simulation window: one day from the latest truth epoch (rounded up to the minute). In the full
// catalog a few decaying objects carry epochs days after the catalog date (2023-10-18 for a
// catalog of 2023-10-09), so there the 99th percentile of the epochs stands for "now".
let epochs = truth.map(\.epoch).sorted()
let latestEpoch = mode == "history" ? epochs.last! : epochs[min(epochs.count - 1, Int(Double(epochs.count) * 0.99))]
let start = Instant(taiSecondsSince2000: Int64((latestEpoch.secondsSince(Instant(taiSecondsSince2000: 0)) / 60).rounded(.up) * 60))
var simOptions = SimulationOptions()
simOptions.seed = seed
simOptions.addBias = false
let simulator = ObservationSimulator(sensors: network.sensors, eop: eop, options: simOptions)
var t0 = clock.now
let sim = simulator.simulate(truth: truth, start: start, durationSeconds: 86_400)
let simSeconds = (clock.now - t0).inSeconds
var trackCount: [Int: Int] = [:]
for (_, label) in sim.labels { if let o = label { trackCount[o, default: 0] += 1 } }
let measurementCount = sim.tracklets.reduce(0) { $0 + $1.measurements.count }
print(String(format: "simulated %d tracklets (%d measurements, %d false) of %d objects in %.1f s (start %@)", sim.tracklets.count,
             measurementCount, sim.falseTracklets, trackCount.count, simSeconds, start.iso8601UTC(fractionDigits: 0)))

// The loop.
var runOptions = CatalogMaintenanceRun.Options()
runOptions.progress = { print("  … \($0)") }
let run = CatalogMaintenanceRun(catalog: catalog, network: network.sensors, model: MeasurementModel(eop: eop), options: runOptions)
t0 = clock.now
let report = run.run(sim.tracklets)
let loopSeconds = (clock.now - t0).inSeconds
print(String(format: "loop: %.1f s total; ", loopSeconds) + report.timingsSeconds.sorted { $0.key < $1.key }
    .map { "\($0.key) \(String(format: "%.1f", $0.value)) s" }.joined(separator: ", "))
print("correlation pairs tested (full residuals): \(report.correlationPairsTested) for \(sim.tracklets.count) tracklets × \(catalog.count) objects")

// Correlation quality against the simulator's labels.
var truthByNumber: [Int: ElementSet] = [:]
for t in truth { truthByNumber[t.noradCatalogNumber] = t }
var catalogByNumber: [Int: ElementSet] = [:]
for c in catalog { catalogByNumber[c.noradCatalogNumber] = c }
var wrong = 0
var idToLabel: [String: Int?] = sim.labels
for o in report.objects { for t in o.tracklets { if let l = idToLabel[t], l != o.catalogNumber { wrong += 1 } } }
print("tracklets fitted into the wrong object: \(wrong); ambiguities reported: \(report.ambiguities.count); maneuver flags: \(report.maneuvers.count); rejected: \(report.rejected.count)")

// Accuracy at epoch and at +24 h for objects with ≥ 3 tracks.
var missedObjects: [Int] = [], epochMisses: [Int] = []
var epochErr: [Double] = [], newErr: [Double] = [], oldErr: [Double] = [], within1km = 0, considered = 0, failures = 0
for o in report.objects where !removed.contains(o.catalogNumber) && (trackCount[o.catalogNumber] ?? 0) >= 3 {
    guard let set = o.elementSet, let t = truthByNumber[o.catalogNumber], let c = catalogByNumber[o.catalogNumber] else { failures += 1; continue }
    guard t.meanMotionRevPerDay > 11 else { continue }
    let later = set.epoch.advanced(bySeconds: 86_400)
    guard let e0 = distanceKm(set.meanElements, t.meanElements, at: set.epoch),
          let e1 = distanceKm(set.meanElements, t.meanElements, at: later),
          let e2 = distanceKm(c.meanElements, t.meanElements, at: later) else { failures += 1; continue }
    considered += 1
    epochErr.append(e0); newErr.append(e1); oldErr.append(e2)
    if e1 < 1 { within1km += 1 } else { missedObjects.append(o.catalogNumber) }
    if e0 >= 0.2 { epochMisses.append(o.catalogNumber) }
    else if CommandLine.arguments.contains("--debug") {
        let wrongHere = o.tracklets.filter { idToLabel[$0].map { $0 != o.catalogNumber } ?? false }.count
        print(String(format: "debug miss %d: +24h %.2f km, epoch %.3f km, tracks %d (wrong %d), n %.2f, B* truth %.2e fit %.2e old %.2e, rms %.2f, %@",
                     o.catalogNumber, e1, e0, o.tracklets.count, wrongHere, t.meanMotionRevPerDay, t.bstar, set.bstar, c.bstar,
                     o.weightedRMS, o.dragNote))
    }
}
// Co-located objects (history mode): another truth object within 25 km at every hour of the day —
// a docked complex or a close formation, whose tracklets no sensor can attribute from aged sets.
if mode == "history" {
    let hours = (0...24).map { start.advanced(bySeconds: Double($0) * 3600) }
    let props = truth.compactMap { t -> (Int, [SIMD3<Double>])? in
        guard let s = try? SGP4(t.meanElements) else { return nil }
        let p = hours.compactMap { try? s.state(at: $0).positionKm }
        return p.count == hours.count ? (t.noradCatalogNumber, p) : nil
    }
    var colocated = Set<Int>()
    for a in props.indices { for b in props.indices where b > a {
        if zip(props[a].1, props[b].1).allSatisfy({ (($0 - $1) * ($0 - $1)).sum() < 625 }) { colocated.insert(props[a].0); colocated.insert(props[b].0) }
    } }
    let missed = Set(missedObjects)
    print("co-located objects (another truth object within 25 km all day): \(colocated.count) \(colocated.sorted()); +24 h misses among them \(missed.intersection(colocated).count), among the rest \(missed.subtracting(colocated).count) \(missed.subtracting(colocated).sorted()); at-epoch (200 m) misses among them \(Set(epochMisses).intersection(colocated).count), among the rest \(Set(epochMisses).subtracting(colocated).count) \(Set(epochMisses).subtracting(colocated).sorted())")
}
print(String(format: "LEO objects with ≥3 tracks: %d (fit failures %d); at epoch median %.3f km, 95%% %.3f km; at +24 h median %.3f km, 95%% %.3f km, within 1 km %d (%.1f%%); un-updated catalog at +24 h median %.1f km, 95%% %.1f km",
             considered, failures, median(epochErr), percentile(epochErr, 0.95), median(newErr), percentile(newErr, 0.95),
             within1km, 100 * Double(within1km) / Double(max(considered, 1)), median(oldErr), percentile(oldErr, 0.95)))

// New objects: recovered (right orbit), duplicates, false alarms.
var recovered = Set<Int>(), duplicates = 0, falsePromoted = 0, wrongOrbit = 0, duplicateKnown = 0, duplicateCreated = 0
for n in report.newObjects {
    let labels = n.tracklets.compactMap { idToLabel[$0] }
    if n.tracklets.contains(where: { idToLabel[$0] == .some(nil) }) { falsePromoted += 1 }
    var counts: [Int: Int] = [:]
    for case let l? in labels { counts[l, default: 0] += 1 }
    guard let (object, _) = counts.max(by: { $0.value < $1.value }) else { continue }
    if !removed.contains(object) {
        duplicates += 1; duplicateKnown += 1
        if CommandLine.arguments.contains("--debug") { print("debug dup-known \(n.catalogNumber): age \(catalogByNumber[object].map { String(format: "%.1f d", start.secondsSince($0.epoch) / 86_400) } ?? "-"), old set off truth at start \(catalogByNumber[object].flatMap { c in truthByNumber[object].flatMap { distanceKm(c.meanElements, $0.meanElements, at: start) } }.map { String(format: "%.0f km", $0) } ?? "-"), n \(truthByNumber[object].map { String(format: "%.2f", $0.meanMotionRevPerDay) } ?? "-") labels \(counts) removed \(counts.keys.filter { removed.contains($0) }) tracklets \(n.tracklets.count) of object \(object) which has \(trackCount[object] ?? 0); updated: \(report.objects.first { $0.catalogNumber == object }.map { "\($0.tracklets.count) tracklets, rms \(String(format: "%.1f", $0.weightedRMS))" } ?? "no")") }
        continue
    }
    if recovered.contains(object) {
        duplicates += 1; duplicateCreated += 1
        if CommandLine.arguments.contains("--debug") { print("debug dup-created \(n.catalogNumber): labels \(counts)") }
        continue
    }
    if let t = truthByNumber[object], let d = distanceKm(n.elementSet.meanElements, t.meanElements, at: n.elementSet.epoch), d < 1 {
        recovered.insert(object)
    } else { wrongOrbit += 1 }
}
let recoverable = removed.filter { (trackCount[$0] ?? 0) >= 3 }.count
let observedRemoved = removed.filter { (trackCount[$0] ?? 0) >= 1 }.count
print("removed \(removed.count): observed \(observedRemoved), with ≥3 tracklets \(recoverable); new objects \(report.newObjects.count): recovered with the right orbit (< 1 km at epoch) \(recovered.count), wrong orbit \(wrongOrbit), duplicates \(duplicates) (of known objects \(duplicateKnown), of objects already re-created \(duplicateCreated)), containing false alarms \(falsePromoted)")
print(String(format: "throughput: %d tracklets, %d objects updated, %.1f s for correlation + fits + UCTs (simulation not included)",
             sim.tracklets.count, report.objects.count, loopSeconds))

// Why tracklets were rejected (reasons with numbers stripped), most common first.
var reasons: [String: Int] = [:]
for r in report.rejected {
    let key = String(r.reason.map { $0.isNumber ? "#" : $0 }).replacingOccurrences(of: "#.#", with: "#")
    reasons[key, default: 0] += 1
}
for (k, v) in reasons.sorted(by: { $0.value > $1.value }).prefix(8) { print("  rejected \(v): \(k)") }
let uncorrelatedTruth = report.rejected.compactMap { idToLabel[$0.tracklet] ?? nil }
print("rejected tracklets of catalog objects: \(uncorrelatedTruth.filter { !removed.contains($0) }.count), of removed objects: \(uncorrelatedTruth.filter { removed.contains($0) }.count)")

if CommandLine.arguments.contains("--debug") {
    var shared: [Int: [Int: Int]] = [:]
    for a in report.ambiguities { for x in a.candidates { for y in a.candidates where y != x { shared[x, default: [:]][y, default: 0] += 1 } } }
    for o in report.objects where [31698, 36605, 53239, 65582, 66645, 69049, 69180, 48274, 54216].contains(o.catalogNumber) {
        print("debug shared \(o.catalogNumber) (\(o.tracklets.count) tracklets): \(shared[o.catalogNumber] ?? [:])")
    }
}
if CommandLine.arguments.contains("--debug") {
    let corr = Correlator(model: MeasurementModel(eop: eop))
    let cache = RotationCache(model: corr.model)
    let sensorsByID = Dictionary(uniqueKeysWithValues: network.sensors.map { ($0.id, $0) })
    var shown = 0
    let byID = Dictionary(uniqueKeysWithValues: sim.tracklets.map { ($0.id, $0) })
    for r in report.rejected {
        guard shown < 12, !r.tracklet.hasPrefix("JP-BISEI"), let l = idToLabel[r.tracklet] ?? nil, !removed.contains(l), let c = catalogByNumber[l],
              let t = byID[r.tracklet], let s = sensorsByID[t.sensorID], let sg = try? SGP4(c.meanElements) else { continue }
        let age = t.measurements[0].epoch.secondsSince(c.epoch) / 86_400
        let m = corr.miss(t, sensor: s, object: CatalogObject(catalogNumber: l, sgp4: sg), rotationCache: cache, ageDays: age)
        print("debug \(r.tracklet) sensor \(s.kind) n=\(t.measurements.count) age \(String(format: "%.2f", age)) d: chi2 \(m.map { String(format: "%.1f dof %d RTN %.2f %.2f %.2f", $0.chiSquare, $0.degreesOfFreedom, $0.missRTNKm.x, $0.missRTNKm.y, $0.missRTNKm.z) } ?? "nil")")
        shown += 1
    }
}
if CommandLine.arguments.contains("--debug") {
    let corr = Correlator(model: MeasurementModel(eop: eop))
    let cache = RotationCache(model: corr.model)
    let sensorsByID = Dictionary(uniqueKeysWithValues: network.sensors.map { ($0.id, $0) })
    let objs = catalog.compactMap { c in (try? SGP4(c.meanElements)).map { CatalogObject(catalogNumber: c.noradCatalogNumber, sgp4: $0) } }
    let res = corr.correlate(sim.tracklets, objects: objs, network: sensorsByID, rotationCache: cache)
    let withCand = res.candidates.filter { !$0.isEmpty }.count
    print("debug: \(sim.tracklets.count) tracklets, \(withCand) with candidates, \(res.assignment.count) assigned, \(res.ambiguous.count) ambiguous")
    var sizes: [Int] = []
    var bySensor: [String: [Int]] = [:]
    for i in sim.tracklets.indices where !res.candidates[i].isEmpty { bySensor[sim.tracklets[i].sensorID, default: []].append(i) }
    for (_, list) in bySensor {
        let sorted = list.sorted { sim.tracklets[$0].start! < sim.tracklets[$1].start! }
        var size = 0; var end: Instant?
        for i in sorted { let t = sim.tracklets[i]; if let e = end, t.start! <= e { size += 1; if e < t.end! { end = t.end! } } else { if size > 0 { sizes.append(size) }; size = 1; end = t.end! } }
        sizes.append(size)
    }
    print("debug: clusters \(sizes.count), largest \(sizes.max() ?? 0), sum \(sizes.reduce(0, +))")
}
