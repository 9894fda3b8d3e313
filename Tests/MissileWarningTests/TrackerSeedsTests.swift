import Foundation
import Testing
import Astrodynamics
@testable import MissileWarning

/// The single-missile results are not a lucky seed: three presets × four more seeds.
@Suite("Tracker seeds")
struct TrackerSeedsTests {
    @Test("one confirmed, pure track per preset for seeds 1–4", arguments: ["NK2017-08-29", "NK2017-11-29", "NK2019-07-25"])
    func seeds(_ name: String) throws {
        for seed in UInt64(1)...4 {
            let run = try TrackerHarness.runPreset(name, seed: seed)
            let tr = run.trajectory
            #expect(run.confirmed.count == 1, "\(name) seed \(seed): \(run.confirmed.map { "\($0.id) \($0.truthLabels)" })")
            guard let t = run.confirmed.first else { continue }
            #expect(Double(t.truthLabels["M1", default: 0]) >= 0.99 * Double(t.updateCount), "\(name) seed \(seed) \(t.truthLabels)")
            if let b = t.burnout, let s = tr.state(atTimeS: b.time.secondsSince(tr.launchTime)) {
                let e = TrackerHarness.norm(b.positionKm - s.positionKm), ev = TrackerHarness.norm(b.velocityKmPerS - s.velocityKmPerS)
                print("SEED \(name) \(seed) burnout \(e) km \(ev) km/s launch \(t.launch.map { TrackerHarness.launchErrorKm($0, tr) } ?? .nan) km")
                #expect(e < 5 && ev < 1, "\(name) seed \(seed)")
            } else { Issue.record("\(name) seed \(seed): no burnout") }
        }
    }
}
