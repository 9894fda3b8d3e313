import Foundation
import Testing
import Astrodynamics
@testable import MissileWarning

/// Shared helpers of the tracker suites: fly presets, simulate the default network, run the tracker.
enum TrackerHarness {
    static func norm(_ a: SIMD3<Double>) -> Double { (a * a).sum().squareRoot() }

    /// A preset flown once, its default-network detections (seed 7) and the tracker run over them.
    struct PresetRun {
        var trajectory: Trajectory
        var detections: [Detection]
        var tracker: MissileTracker
        var confirmed: [MissileTrack] { tracker.confirmedTracks }
    }

    static func runPreset(_ name: String, seed: UInt64 = 7) throws -> PresetRun {
        let tr = try MissilePreset.named(name).fly()
        let dets = MissileSensorNetwork.default.simulate([(id: "M1", trajectory: tr)], seed: seed)
        let tracker = run(dets, until: tr.impactTime.advanced(bySeconds: 60))
        return PresetRun(trajectory: tr, detections: dets, tracker: tracker)
    }

    /// Distance between a launch estimate and the true pad, km.
    static func launchErrorKm(_ l: LaunchEstimate, _ tr: Trajectory) -> Double {
        let pad = Geodetic(latitudeRad: tr.launchSite.latitudeRad, longitudeRad: tr.launchSite.longitudeRad, altitudeKm: 0).itrfPositionKm()
        return norm(l.site.itrfPositionKm() - pad)
    }

    /// Runs the tracker over detections in 1 s batches (as a live feed would), then finishes after the last impact.
    static func run(_ detections: [Detection], until end: Instant, options: MissileTracker.Options = .init()) -> MissileTracker {
        var tracker = MissileTracker(options: options)
        var batch: [Detection] = []
        var batchEnd: Instant?
        for d in detections {
            if let e = batchEnd, d.time.secondsSince(e) >= 0 {
                tracker.process(batch); batch = []; batchEnd = nil
            }
            if batchEnd == nil { batchEnd = d.time.advanced(bySeconds: 1) }
            batch.append(d)
        }
        tracker.process(batch)
        tracker.finish(at: end)
        return tracker
    }

    /// The first time (s after launch) the plume is above `cloudTopKm`.
    static func cloudClearS(_ tr: Trajectory, cloudTopKm: Double = 10) -> Double {
        var t = 0.0
        while t < tr.flightTimeS {
            if let s = tr.state(atTimeS: t), Geodetic(itrfPositionKm: s.positionKm).altitudeKm >= cloudTopKm { return t }
            t += 0.1
        }
        return .nan
    }

    /// Summary lines of a tracker run against truth (printed by the tests for the record).
    static func describe(_ tracker: MissileTracker, truth: [String: Trajectory]) -> String {
        var out = "counters \(tracker.counters)\n"
        for t in tracker.tracks where t.wasConfirmed || t.updateCount > 3 {
            out += "\(t.id) \(t.status) \(t.deletionReason ?? "") conf=\(t.wasConfirmed) n=\(t.updateCount) sensors=\(t.sensorIDs) labels=\(t.truthLabels)\n"
            if let m = t.truthLabels.max(by: { $0.value < $1.value })?.key, let tr = truth[m] {
                out += "  first det +\(t.firstDetection.secondsSince(tr.launchTime)) s, confirmed +\(t.confirmedAt.map { $0.secondsSince(tr.launchTime) } ?? .nan) s, cloud clear +\(cloudClearS(tr))\n"
                if let l = t.launch {
                    let lp = l.site.itrfPositionKm(), tp = Geodetic(latitudeRad: tr.launchSite.latitudeRad, longitudeRad: tr.launchSite.longitudeRad, altitudeKm: 0).itrfPositionKm()
                    out += "  launch err \(norm(lp - tp)) km (1σ \(l.sigmaKm)), time err \(l.time.secondsSince(tr.launchTime)) s (1σ \(l.sigmaS))\n"
                }
                if let b = t.burnout, let s = tr.state(atTimeS: b.time.secondsSince(tr.launchTime)) {
                    out += "  burnout est at +\(b.time.secondsSince(tr.launchTime)) (true \(tr.burnout.timeS)): pos err \(norm(b.positionKm - s.positionKm)) km σ \(b.positionSigmaKm), vel err \(norm(b.velocityKmPerS - s.velocityKmPerS)) km/s σ \(b.velocitySigmaKmPerS)\n"
                }
                var worst = 0.0, count = 0
                for h in t.history {
                    guard let s = tr.state(atTimeS: h.time.secondsSince(tr.launchTime)) else { continue }
                    worst = max(worst, norm(h.positionKm - s.positionKm)); count += 1
                }
                out += "  history \(t.history.count) worst pos err \(worst) km; last update +\(t.lastUpdate.secondsSince(tr.launchTime)) flight \(tr.flightTimeS)\n"
            }
        }
        return out
    }
}
