import Astrodynamics
import Foundation
import MissileWarning

// The issue-7 Proof table, release build: for every preset modeled on a public test (and the
// 30-minute salvo of data/missile-scenarios/salvo-30min.json) it flies the truth, simulates the
// default sensor network's detections with several seeds, runs the whole chain
// (MissileWarningPipeline) and scores it (MissileEvaluation). It also times the tracker alone per
// detection and the chain over the salvo against real time. Medians over the seeds / repetitions.
// `MissileWarningBenchmark impact` times impact prediction and the warning timeline alone (ImpactTiming.swift).

let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()
let data = root.appendingPathComponent("data")
var seeds = 5
if CommandLine.arguments.dropFirst().first == "impact" {
    try impactTiming(geoDirectory: data.appendingPathComponent("geo").path)
    exit(0)
}
var arguments = CommandLine.arguments.dropFirst().makeIterator()
while let a = arguments.next() {
    if a == "--seeds", let n = arguments.next().flatMap(Int.init), n > 0 { seeds = n }
}

func median(_ xs: [Double]) -> Double? {
    let s = xs.filter(\.isFinite).sorted()
    guard !s.isEmpty else { return nil }
    return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
}
func f(_ x: Double?, _ d: Int = 1) -> String { x.map { String(format: "%.\(d)f", $0) } ?? "–" }
func pad(_ s: String, _ n: Int) -> String { s.count >= n ? s : s + String(repeating: " ", count: n - s.count) }
func seconds(_ d: Duration) -> Double { Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18 }

let zones = try JapanZones(directory: data.appendingPathComponent("geo").path)
let network = try MissileSensorNetwork.read(contentsOf: data.appendingPathComponent("missile-sensors.json").path)
let salvo = try MissileScenario.read(contentsOf: data.appendingPathComponent("missile-scenarios/salvo-30min.json").path)
var scenarios: [MissileScenario] = MissilePreset.all.map { MissileScenario(preset: $0) }
scenarios.append(salvo)

struct Row { var results: [MissileEvaluation.MissileResult] = []; var falseTracks = 0; var runs = 0 }
var rows: [String: Row] = [:]
var order: [String] = []
var trackerPerDetectionUs: [Double] = []
var salvoRatios: [Double] = []
var salvoSeconds: [Double] = []

print("Kanshi missile warning Proof — \(seeds) seed(s) per scenario, default sensor network (data/missile-sensors.json), release build")
for scenario in scenarios {
    let flight = BallisticFlight(stepS: scenario.stepS)
    let flown = try scenario.launches.map { (id: $0.id, preset: $0.presetName, trajectory: try $0.fly(flight)) }
    let truth = MissileTruthFile(scenario: scenario.name, trajectories: flown, sampleIntervalS: 10)
    for seed in 1...seeds {
        let detections = network.simulate(flown.map { ($0.id, $0.trajectory) }, seed: UInt64(seed))
        // the chain
        var pipeline = MissileWarningPipeline(zones: zones)
        let t0 = ContinuousClock.now
        _ = pipeline.ingest(detections)
        _ = pipeline.finish()
        let elapsed = seconds(ContinuousClock.now - t0)
        let report = pipeline.report(source: scenario.name)
        let result = try MissileEvaluation(zones: zones).evaluate(truth: truth, report: report)
        for m in result.missiles {
            let key = scenario.launches.count > 1 ? "\(scenario.name)/\(m.missile)" : m.missile
            if rows[key] == nil { order.append(key) }
            rows[key, default: Row()].results.append(m)
        }
        let key = scenario.launches.count > 1 ? "\(scenario.name)/\(result.missiles.first?.missile ?? "")" : result.missiles.first?.missile ?? ""
        rows[key, default: Row()].falseTracks += result.false_tracks.count
        rows[key, default: Row()].runs += 1
        // the tracker alone, per detection
        var frames: [[Detection]] = []
        for d in detections.sorted(by: { $0.time < $1.time }) {
            if let last = frames.last?.last, last.time == d.time { frames[frames.count - 1].append(d) } else { frames.append([d]) }
        }
        var tracker = MissileTracker()
        let t1 = ContinuousClock.now
        for frame in frames { tracker.process(frame) }
        let trackerS = seconds(ContinuousClock.now - t1)
        trackerPerDetectionUs.append(trackerS / Double(max(1, detections.count)) * 1e6)
        if scenario.name == salvo.name {
            let span = detections.last!.time.secondsSince(detections.first!.time)
            salvoRatios.append(span / elapsed)
            salvoSeconds.append(elapsed)
        }
    }
}

print("")
print("Per missile (median over seeds; decisions: correct / scored):")
print([pad("missile", 30), pad("detect s", 9), pad("1st impact s", 13), pad("stable EEZ s", 13), pad("err@BO+30 km", 13),
       pad("final err km", 13), pad("class ok", 9), pad("traj ok", 8), pad("EEZ ok", 7), "false tracks"].joined())
for key in order {
    let row = rows[key]!
    let r = row.results
    func ok(_ k: KeyPath<MissileEvaluation.MissileResult, Bool?>) -> String {
        let scored = r.compactMap { $0[keyPath: k] }
        return "\(scored.filter { $0 }.count)/\(scored.count)"
    }
    let tracked = r.filter { $0.track != nil }.count
    print([pad(key + (tracked < r.count ? " (\(r.count - tracked) untracked)" : ""), 30),
           pad(f(median(r.compactMap(\.detection_s))), 9), pad(f(median(r.compactMap(\.first_impact_estimate_s))), 13),
           pad(f(median(r.compactMap(\.stable_eez_decision_s))), 13), pad(f(median(r.compactMap(\.impact_error_at_burnout_plus_30s_km)), 2), 13),
           pad(f(median(r.compactMap(\.final_impact_error_km)), 2), 13), pad(ok(\.class_correct), 9), pad(ok(\.trajectory_correct), 8),
           pad(ok(\.eez_decision_correct), 7), row.runs > 0 ? "\(row.falseTracks) in \(row.runs) runs" : ""].joined())
}
print("")
var updates: [Double] = [], cycles: [Double] = []
for _ in 0..<5 {
    let r = MissileTrackerBenchmark.run(iterations: 20_000)
    updates.append(r.updateMicroseconds); cycles.append(r.cycleMicroseconds)
}
print("IMM measurement update (three EKF updates + model probabilities, IR line of sight): median \(f(median(updates), 1)) µs over 5 × 20,000 (goal < 50 µs); with mixing and three 1–50 s predictions: \(f(median(cycles), 1)) µs")
print("tracker cost per detection (gating, association, filter update, track management): median \(f(median(trackerPerDetectionUs), 2)) µs over \(trackerPerDetectionUs.count) runs (goal < 50 µs)")
print("30-minute salvo (\(salvo.launches.count) launches), whole chain: median \(f(median(salvoSeconds), 3)) s → \(f(median(salvoRatios), 0))× faster than real time (goal ≥ 1000×)")
