import Foundation
import Testing
import Astrodynamics
@testable import MissileWarning

/// The tracker with several missiles, with clutter only, and with bad input.
@Suite("Tracker scenarios")
struct TrackerScenarioTests {
    /// Three launches seconds apart from three sites: Sunan (IRBM), Hodo (SRBM), Mupyong-ni (IRBM).
    static func salvo() throws -> [(id: String, trajectory: Trajectory)] {
        let t0 = try Instant(utc: "2024-03-01T03:00:00Z")
        var out: [(id: String, trajectory: Trajectory)] = []
        for (k, name) in ["NK2017-08-29", "NK2019-07-25", "NK2022-10-04"].enumerated() {
            var launch = MissileScenario(preset: try MissilePreset.named(name)).launches[0]
            launch.launchTime = t0.advanced(bySeconds: Double(k) * 7)
            launch.id = "M\(k + 1)"
            out.append((launch.id, try launch.fly(BallisticFlight())))
        }
        return out
    }

    @Test("a salvo of three: one confirmed track per missile, none made of false alarms", arguments: [UInt64(21), 22, 23])
    func salvoTracks(seed: UInt64) throws {
        let missiles = try Self.salvo()
        let dets = MissileSensorNetwork.default.simulate(missiles, seed: seed)
        let end = missiles.map { $0.trajectory.impactTime }.max { $0.secondsSince($1) < 0 }!
        let tracker = TrackerHarness.run(dets, until: end.advanced(bySeconds: 60))
        let truth = Dictionary(uniqueKeysWithValues: missiles.map { ($0.id, $0.trajectory) })
        print(TrackerHarness.describe(tracker, truth: truth))
        let confirmed = tracker.confirmedTracks
        var owners: [String] = []
        for t in confirmed {
            let total = t.truthLabels.values.reduce(0, +)
            let (owner, n) = try #require(t.truthLabels.max { $0.value < $1.value })
            #expect(owner != "false_alarm", "\(t.id) is made of false alarms")
            #expect(Double(n) >= 0.95 * Double(total), "\(t.id) mixes missiles: \(t.truthLabels)")
            owners.append(owner)
        }
        #expect(owners.sorted() == ["M1", "M2", "M3"], "\(owners)")
        for t in confirmed {
            guard let owner = t.truthLabels.max(by: { $0.value < $1.value })?.key, let tr = truth[owner], let l = t.launch else { continue }
            #expect(TrackerHarness.launchErrorKm(l, tr) < 40, "\(t.id) launch")
        }
    }

    @Test("a clutter-only feed (false alarms at 10× the default rate) makes no confirmed track")
    func clutterOnly() throws {
        let tr = try MissilePreset.named("NK2017-08-29").fly()
        var network = MissileSensorNetwork.default
        for i in network.ir.indices { network.ir[i].falseAlarmsPerFrame *= 10 }
        let dets = network.simulate([(id: "M1", trajectory: tr)], seed: 5).filter { $0.truth?.falseAlarm == true }
        #expect(dets.count > 150)
        let tracker = TrackerHarness.run(dets, until: tr.impactTime)
        #expect(tracker.confirmedTracks.isEmpty)
        #expect(tracker.counters.used == 0)
        #expect(tracker.counters.rejectedAsClutter + tracker.counters.pendingTentative == dets.count)
    }

    @Test("bad and odd input is counted and skipped, never a crash")
    func badInput() throws {
        let t = try Instant(utc: "2024-03-01T03:00:00Z")
        let geo = SIMD3(42_164.0, 0, 0)
        let site = Geodetic(latitudeDeg: 38, longitudeDeg: 139, altitudeKm: 0).itrfPositionKm()
        let nan = Double.nan
        let bad: [Detection] = [
            Detection(time: t, sensorID: "GEO", sensorPositionKm: geo, measurement: .lineOfSight(unitECEF: SIMD3(nan, 0, 0), sigmaRad: 3e-5)),
            Detection(time: t, sensorID: "GEO", sensorPositionKm: geo, measurement: .lineOfSight(unitECEF: SIMD3(-2, 0, 0), sigmaRad: 3e-5)),
            Detection(time: t, sensorID: "GEO", sensorPositionKm: geo, measurement: .lineOfSight(unitECEF: SIMD3(-1, 0, 0), sigmaRad: 0)),
            Detection(time: t, sensorID: "GEO", sensorPositionKm: SIMD3(nan, 0, 0), measurement: .lineOfSight(unitECEF: SIMD3(-1, 0, 0), sigmaRad: 3e-5)),
            Detection(time: t, sensorID: "R", sensorPositionKm: site, measurement: .radar(rangeKm: nan, azimuthDeg: 10, elevationDeg: 5, rangeRateKmPerS: nil, sigmaRangeKm: 0.1, sigmaAngleDeg: 0.1, sigmaRangeRateKmPerS: nil)),
            Detection(time: t, sensorID: "R", sensorPositionKm: site, measurement: .radar(rangeKm: 500, azimuthDeg: 10, elevationDeg: 5, rangeRateKmPerS: .infinity, sigmaRangeKm: 0.1, sigmaAngleDeg: 0.1, sigmaRangeRateKmPerS: 0.01)),
            Detection(time: t, sensorID: "", sensorPositionKm: geo, measurement: .lineOfSight(unitECEF: SIMD3(-1, 0, 0), sigmaRad: 3e-5)),
            Detection(time: t, sensorID: "R", sensorPositionKm: .zero, measurement: .radar(rangeKm: 500, azimuthDeg: 10, elevationDeg: 5, rangeRateKmPerS: nil, sigmaRangeKm: 0.1, sigmaAngleDeg: 0.1, sigmaRangeRateKmPerS: nil)),
        ]
        // Odd but valid: the same sensor id as IR and as radar, a line of sight that misses the Earth, a radar
        // plot straight up, detections out of order within a call and an older call after a newer one.
        let odd: [Detection] = [
            Detection(time: t.advanced(bySeconds: 2), sensorID: "X", sensorPositionKm: geo, measurement: .lineOfSight(unitECEF: SIMD3(0, 0, 1), sigmaRad: 3e-5)),
            Detection(time: t.advanced(bySeconds: 1), sensorID: "X", sensorPositionKm: site, measurement: .radar(rangeKm: 300, azimuthDeg: 0, elevationDeg: 90, rangeRateKmPerS: 1, sigmaRangeKm: 0.1, sigmaAngleDeg: 0.1, sigmaRangeRateKmPerS: 0.01)),
            Detection(time: t.advanced(bySeconds: 3), sensorID: "X", sensorPositionKm: site, measurement: .radar(rangeKm: 301, azimuthDeg: 359.99, elevationDeg: 89.9, rangeRateKmPerS: 1, sigmaRangeKm: 0.1, sigmaAngleDeg: 0.1, sigmaRangeRateKmPerS: 0.01)),
        ]
        var tracker = MissileTracker()
        tracker.process([])
        tracker.process(bad + odd)
        tracker.process([odd[1]])
        tracker.process([Detection(time: t.advanced(bySeconds: 4), sensorID: "X", sensorPositionKm: site,
                                   measurement: .radar(rangeKm: 302, azimuthDeg: 0, elevationDeg: 89.8, rangeRateKmPerS: 1, sigmaRangeKm: 0.1, sigmaAngleDeg: 0.1, sigmaRangeRateKmPerS: 0.01))])
        tracker.finish(at: t.advanced(bySeconds: 1000))
        #expect(tracker.counters.invalid == bad.count)
        #expect(tracker.counters.received == bad.count + odd.count + 2)
        for tr in tracker.tracks {
            #expect(tr.current.positionKm.x.isFinite || tr.status == .deleted)
        }
        #expect(tracker.tracks.allSatisfy { $0.status == .deleted })
    }

    @Test("stereo triangulation recovers a point within its 3σ and rejects parallel rays")
    func triangulation() throws {
        let p = Geodetic(latitudeDeg: 39.2, longitudeDeg: 125.7, altitudeKm: 30).itrfPositionKm()
        let s1 = Geodetic(latitudeDeg: 0, longitudeDeg: 130, altitudeKm: 35_786).itrfPositionKm()
        let s2 = Geodetic(latitudeDeg: 50, longitudeDeg: 110, altitudeKm: 1100).itrfPositionKm()
        func unit(_ v: SIMD3<Double>) -> SIMD3<Double> { v / TrackerHarness.norm(v) }
        let fix = try #require(LaunchInitiation.triangulate(sensorsKm: [s1, s2], units: [unit(p - s1), unit(p - s2)], sigmasRad: [30e-6, 40e-6]))
        #expect(TrackerHarness.norm(fix.positionKm - p) < 1e-3)
        #expect(fix.covariance[0] > 0 && fix.covariance[0] < 10)
        #expect(LaunchInitiation.triangulate(sensorsKm: [s1, s1 + SIMD3(1, 0, 0)], units: [unit(p - s1), unit(p - s1)], sigmasRad: [30e-6, 30e-6]) == nil)
        let mono = try #require(LaunchInitiation.monoscopic(sensorKm: s2, unit: unit(p - s2), sigmaRad: 40e-6, altitudeKm: 30, altitudeSigmaKm: 10))
        #expect(TrackerHarness.norm(mono.positionKm - p) < 0.1)
        // A ray that misses the Earth gives no monoscopic fix.
        #expect(LaunchInitiation.monoscopic(sensorKm: s2, unit: unit(s2), sigmaRad: 40e-6, altitudeKm: 30, altitudeSigmaKm: 10) == nil)
    }

    @Test("filter cost (debug build figure, printed; the release figure is in docs/missile-tracker.md)")
    func cost() {
        let r = MissileTrackerBenchmark.run(iterations: 300)
        print("IMM update \(r.updateMicroseconds) µs, IMM cycle \(r.cycleMicroseconds) µs (debug)")
        #expect(r.updateMicroseconds > 0 && r.updateMicroseconds.isFinite)
    }
}
