import Foundation
import Testing
import Astrodynamics
@testable import MissileWarning

/// The tracker on single presets against the truth trajectory (default network, seed 7).
/// Tolerances are a few times the figures measured when the suite was written (docs/missile-tracker.md).
@Suite("Tracker presets")
struct TrackerPresetTests {
    static let irbm = try! TrackerHarness.runPreset("NK2017-08-29")

    @Test("2017-08-29: exactly one confirmed track, made of the missile's detections only")
    func oneTrack() throws {
        let run = Self.irbm
        #expect(run.confirmed.count == 1)
        let t = try #require(run.confirmed.first)
        #expect(t.truthLabels.keys.sorted() == ["M1"])
        // It used nearly all the missile's detections.
        let truthCount = run.detections.filter { $0.truth?.missile == "M1" }.count
        #expect(Double(t.updateCount) >= 0.9 * Double(truthCount), "\(t.updateCount) of \(truthCount)")
        #expect(t.sensorIDs.contains("GEO-130E"))
        #expect(t.deletionReason == "predicted ground contact")
        print(TrackerHarness.describe(run.tracker, truth: ["M1": run.trajectory]))
    }

    @Test("2017-08-29: first detection is the feed's first plume detection, within 12 s of the plume clearing the cloud tops")
    func firstDetection() throws {
        let run = Self.irbm, tr = run.trajectory
        let t = try #require(run.confirmed.first)
        let firstTrue = try #require(run.detections.first { $0.truth?.missile == "M1" })
        #expect(abs(t.firstDetection.secondsSince(firstTrue.time)) < 1e-6)
        let clear = TrackerHarness.cloudClearS(tr)
        let first = t.firstDetection.secondsSince(tr.launchTime)
        // GEO frames are 10 s apart (Pd 0.95) and the LEOs see the plume later: ≤ one frame plus a missed one's slack.
        #expect(first >= clear && first - clear <= 12, "first \(first) s, clear \(clear) s")
        // Confirmed within 60 s of the first detection (GEO alone needs five frames).
        let confirmed = try #require(t.confirmedAt)
        #expect(confirmed.secondsSince(t.firstDetection) <= 60)
    }

    @Test("2017-08-29: launch point within 40 km and 3σ, launch time within 40 s")
    func launch() throws {
        let run = Self.irbm, tr = run.trajectory
        let l = try #require(run.confirmed.first?.launch)
        let err = TrackerHarness.launchErrorKm(l, tr)
        #expect(err < 40, "\(err) km")
        #expect(err < 3 * l.sigmaKm, "\(err) km vs 1σ \(l.sigmaKm)")
        #expect(abs(l.time.secondsSince(tr.launchTime)) < 40)
    }

    @Test("2017-08-29: burnout within 2 s, 2 km, 0.6 km/s; position at burnout + 30 s within 5 km")
    func burnout() throws {
        let run = Self.irbm, tr = run.trajectory
        let t = try #require(run.confirmed.first)
        let b = try #require(t.burnout)
        let tb = b.time.secondsSince(tr.launchTime)
        #expect(abs(tb - tr.burnout.timeS) <= 2, "\(tb) vs \(tr.burnout.timeS)")
        let s = try #require(tr.state(atTimeS: tb))
        #expect(TrackerHarness.norm(b.positionKm - s.positionKm) < 2)
        #expect(TrackerHarness.norm(b.velocityKmPerS - s.velocityKmPerS) < 0.6)
        let later = try #require(t.estimate(nearest: b.time.advanced(bySeconds: 30)))
        #expect(abs(later.time.secondsSince(b.time) - 30) <= 2)
        let s30 = try #require(tr.state(atTimeS: later.time.secondsSince(tr.launchTime)))
        let err30 = TrackerHarness.norm(later.positionKm - s30.positionKm)
        #expect(err30 < 5, "\(err30) km")
        // Midcourse and reentry: every history estimate within 20 km of the truth, and the track ends near impact.
        for h in t.history {
            guard let st = tr.state(atTimeS: h.time.secondsSince(tr.launchTime)) else { continue }
            #expect(TrackerHarness.norm(h.positionKm - st.positionKm) < 20)
        }
        #expect(tr.impactTime.secondsSince(t.lastUpdate) < 120)
    }

    @Test("2017-11-29 lofted ICBM: one track from lift-off to reentry, burnout within 1 km and 0.1 km/s")
    func loftedICBM() throws {
        let run = try TrackerHarness.runPreset("NK2017-11-29")
        let tr = run.trajectory
        #expect(run.confirmed.count == 1)
        let t = try #require(run.confirmed.first)
        #expect(Double(t.truthLabels["M1", default: 0]) >= 0.99 * Double(t.updateCount))
        #expect(tr.impactTime.secondsSince(t.lastUpdate) < 120)
        let b = try #require(t.burnout)
        let s = try #require(tr.state(atTimeS: b.time.secondsSince(tr.launchTime)))
        #expect(TrackerHarness.norm(b.positionKm - s.positionKm) < 1)
        #expect(TrackerHarness.norm(b.velocityKmPerS - s.velocityKmPerS) < 0.1)
        let l = try #require(t.launch)
        #expect(TrackerHarness.launchErrorKm(l, tr) < 15)
        for h in t.history {
            guard let st = tr.state(atTimeS: h.time.secondsSince(tr.launchTime)) else { continue }
            #expect(TrackerHarness.norm(h.positionKm - st.positionKm) < 100)
        }
        print(TrackerHarness.describe(run.tracker, truth: ["M1": tr]))
    }

    @Test("2019-07-25 depressed SRBM: one track, burnout within 2 km and 0.6 km/s")
    func depressedSRBM() throws {
        let run = try TrackerHarness.runPreset("NK2019-07-25")
        let tr = run.trajectory
        #expect(run.confirmed.count == 1)
        let t = try #require(run.confirmed.first)
        #expect(t.truthLabels.keys.sorted() == ["M1"])
        let b = try #require(t.burnout)
        let s = try #require(tr.state(atTimeS: b.time.secondsSince(tr.launchTime)))
        #expect(TrackerHarness.norm(b.positionKm - s.positionKm) < 2)
        #expect(TrackerHarness.norm(b.velocityKmPerS - s.velocityKmPerS) < 0.6)
        let l = try #require(t.launch)
        #expect(TrackerHarness.launchErrorKm(l, tr) < 20)
        print(TrackerHarness.describe(run.tracker, truth: ["M1": tr]))
    }
}
