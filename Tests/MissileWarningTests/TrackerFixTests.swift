import Foundation
import Testing
import Astrodynamics
@testable import MissileWarning

/// The Proof benchmark's tracker failures, kept fixed: a lofted three-stage ICBM whose IR plume is lost for a
/// while during boost and that is unobserved for 30 min of midcourse, and the 30-min salvo of five launches.
@Suite("Tracker fixes")
struct TrackerFixTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Great-circle-free check: the chord between two ground points, km (≈ the surface distance below 100 km).
    static func groundDistanceKm(latitudeRad la: Double, longitudeRad lo: Double, _ p: SIMD3<Double>) -> Double {
        let g = Geodetic(latitudeRad: la, longitudeRad: lo, altitudeKm: 0).itrfPositionKm()
        let q = Geodetic(itrfPositionKm: p)
        return TrackerHarness.norm(g - Geodetic(latitudeRad: q.latitudeRad, longitudeRad: q.longitudeRad, altitudeKm: 0).itrfPositionKm())
    }

    @Test("NK2022-11-18 (lofted ICBM, plume gap in boost, 30-min unobserved coast): one confirmed track end to end, final impact within 5 km, no false track",
          arguments: [UInt64(1), 7])
    func loftedICBM(seed: UInt64) throws {
        let tr = try MissilePreset.named("NK2022-11-18").fly()
        let dets = MissileSensorNetwork.default.simulate([(id: "NK2022-11-18", trajectory: tr)], seed: seed)
        let tracker = TrackerHarness.run(dets, until: tr.impactTime.advanced(bySeconds: 60))
        print(TrackerHarness.describe(tracker, truth: ["NK2022-11-18": tr]))
        let confirmed = tracker.confirmedTracks
        try #require(confirmed.count == 1, "confirmed: \(confirmed.map { "\($0.id) \($0.truthLabels)" })")
        let t = confirmed[0]
        #expect(t.truthLabels.keys.sorted() == ["NK2022-11-18"], "\(t.truthLabels)")
        // End to end: first detection in boost, last update within 2 min of the impact (reacquired at reentry).
        #expect(t.firstDetection.secondsSince(tr.launchTime) < 120)
        #expect(tr.impactTime.secondsSince(t.lastUpdate) < 120, "last update \(tr.impactTime.secondsSince(t.lastUpdate)) s before impact")
        // The burnout is the true (third-stage) one, not the plume gap: within 30 s of it.
        let bo = try #require(t.burnout)
        #expect(abs(bo.time.secondsSince(tr.launchTime) - tr.burnout.timeS) < 30, "burnout at +\(bo.time.secondsSince(tr.launchTime)) s, true \(tr.burnout.timeS)")
        // After burnout the boost model stays off and the thrust state is zero.
        #expect(t.current.boostProbability == 0)
        #expect(TrackerHarness.norm(t.current.thrustAccelerationKmPerS2) == 0)
        // Final impact from the estimate at the last update, against the true impact point.
        let last = try #require(t.estimate(nearest: t.lastUpdate))
        let impact = try ImpactPredictor().predict(last)
        let err = Self.groundDistanceKm(latitudeRad: impact.nominalImpactLatitudeRad, longitudeRad: impact.nominalImpactLongitudeRad, tr.impact.positionKm)
        print("final impact error \(err) km")
        #expect(err < 5, "final impact error \(err) km")
        // The history never wanders: worst position error over the track.
        var worst = 0.0
        for h in t.history { if let s = tr.state(atTimeS: h.time.secondsSince(tr.launchTime)) { worst = max(worst, TrackerHarness.norm(h.positionKm - s.positionKm)) } }
        #expect(worst < 200, "worst history error \(worst) km")
    }

    @Test("salvo-30min (five launches in 12 min from three sites): one pure confirmed track per missile", arguments: [UInt64(1), 2])
    func salvo30(seed: UInt64) throws {
        let scenario = try MissileScenario.read(contentsOf: Self.root.appendingPathComponent("data/missile-scenarios/salvo-30min.json").path)
        let flight = BallisticFlight()
        let missiles = try scenario.launches.map { (id: $0.id, trajectory: try $0.fly(flight)) }
        let dets = MissileSensorNetwork.default.simulate(missiles, seed: seed)
        let end = missiles.map { $0.trajectory.impactTime }.max { $0.secondsSince($1) < 0 }!
        let tracker = TrackerHarness.run(dets, until: end.advanced(bySeconds: 60))
        let truth = Dictionary(uniqueKeysWithValues: missiles.map { ($0.id, $0.trajectory) })
        print(TrackerHarness.describe(tracker, truth: truth))
        var owners: [String] = []
        for t in tracker.confirmedTracks {
            let total = t.truthLabels.values.reduce(0, +)
            let (owner, n) = try #require(t.truthLabels.max { $0.value < $1.value })
            #expect(owner != "false_alarm", "\(t.id) is made of false alarms")
            #expect(Double(n) >= 0.98 * Double(total), "\(t.id) mixes missiles: \(t.truthLabels)")
            owners.append(owner)
            // The published estimate stops at the ground (the feed goes on after this missile's impact).
            let alt = Geodetic(itrfPositionKm: t.current.positionKm).altitudeKm
            #expect(alt > -1, "\(t.id) published estimate \(alt) km below ground")
        }
        #expect(owners.sorted() == missiles.map(\.id).sorted(), "\(owners)")
    }
}
