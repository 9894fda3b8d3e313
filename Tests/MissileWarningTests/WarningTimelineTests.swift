import Astrodynamics
import Foundation
import Testing
@testable import MissileWarning

@Suite("Warning timeline: J-Alert-style levels, areas, times, updates, cancellation")
struct WarningTimelineTests {
    /// Feeds predictions from truth states every `everyS` seconds from `startS` after lift-off until
    /// 10 s before impact, then ends the track at the impact.
    static func run(_ name: String, everyS: Double, startS: Double = 20, positionSigmaKm: Double = 0.1,
                    velocitySigmaKmPerS: Double = 0.001) throws -> (MissileWarningTimeline, Trajectory) {
        let (_, traj) = try ImpactFixtures.truth(name)
        var timeline = MissileWarningTimeline(zones: try ZonesFixtures.zones())
        let predictor = ImpactPredictor()
        let cov = ImpactFixtures.diagonal(positionKm: positionSigmaKm, velocityKmPerS: velocitySigmaKmPerS)
        var t = startS
        while t < traj.flightTimeS - 10 {
            let est = ImpactFixtures.estimate(traj, atS: t, covariance: cov, betaKgPerM2: nil)
            try timeline.update(trackId: name, prediction: try predictor.predict(est))
            t += everyS
        }
        timeline.trackEnded(trackId: name, at: traj.impactTime)
        return (timeline, traj)
    }

    /// The levels of the events with consecutive repeats removed.
    static func levels(_ events: [WarningEvent]) -> [WarningLevel] {
        var out: [WarningLevel] = []
        for e in events where out.last != e.level { out.append(e.level) }
        return out
    }

    @Test("NK2017-08-29 (truth every 5 s): launch information → overflight of Hokkaido with its times → landing outside the EEZ")
    func hwasong12OverHokkaido() throws {
        let (timeline, traj) = try Self.run("NK2017-08-29", everyS: 5)
        let events = timeline.events
        for e in events { print(e.time, e.kind, e.level, e.area, e.message) }
        #expect(Self.levels(events) == [.launchInformation, .overflight, .landingOutsideEEZ])
        #expect(events.first?.kind == .issued && events.last?.kind == .ended)
        #expect(!events.contains { $0.kind == .cancelled })
        // The truth overflight of Japanese land from the flown ground track.
        let zones = try ZonesFixtures.zones()
        let truthTrack = traj.samples.map { GroundTrackSample(instant: traj.launchTime.advanced(bySeconds: $0.timeS), geodetic: $0.geodetic) }
        let truth = try zones.overflights(of: truthTrack).filter { !$0.endsInside }
        #expect(!truth.isEmpty)
        let warning = try #require(events.first { $0.level == .overflight })
        #expect(warning.area.contains("Hokkaido"))
        let o = try #require(warning.overflights.first { $0.groups.contains("Hokkaido") })
        let tHokkaido = try #require(truth.first { $0.groups.contains("Hokkaido") })
        #expect(abs(o.entry.instant.secondsSince(tHokkaido.entry)) < 10, "\(o.entry) vs \(tHokkaido.entry)")
        #expect(abs(o.exit.instant.secondsSince(tHokkaido.exit)) < 10, "\(o.exit) vs \(tHokkaido.exit)")
        // The overflight warning precedes the overflight.
        #expect(warning.time.instant < tHokkaido.entry)
        // The landing-outside event says the overflight passed.
        let after = try #require(events.first { $0.level == .landingOutsideEEZ })
        #expect(after.overflights.count == truth.count && after.overflights.allSatisfy { $0.passed && $0.groups == ["Hokkaido"] })
        for (o, t) in zip(after.overflights, truth) {
            #expect(abs(o.entry.instant.secondsSince(t.entry)) < 10 && abs(o.exit.instant.secondsSince(t.exit)) < 10,
                    "\(o.entry)–\(o.exit) vs \(t.entry)–\(t.exit)")
        }
        #expect(after.probabilities?.outside == 1)
        // The zone decision is outside from the first post-boost prediction on.
        let stable = try #require(timeline.stableDecision(trackId: "NK2017-08-29"))
        #expect(!stable.inEEZ)
        #expect(stable.since.secondsSince(traj.launchTime) <= traj.burnout.timeS + 5)
    }

    @Test("NK2017-11-29 (lofted, truth every 20 s): launch information → landing in the EEZ, never cancelled")
    func hwasong15InEEZ() throws {
        let (timeline, traj) = try Self.run("NK2017-11-29", everyS: 20, positionSigmaKm: 0.05, velocitySigmaKmPerS: 0.0005)
        let events = timeline.events
        for e in events { print(e.time, e.kind, e.level, e.area, e.message) }
        #expect(Self.levels(events) == [.launchInformation, .landingInEEZ])
        #expect(!events.contains { $0.kind == .cancelled || $0.level == .overflight })
        let inEEZ = try #require(events.first { $0.level == .landingInEEZ })
        #expect(!inEEZ.area.isEmpty)
        #expect(try ZonesFixtures.zones().zone(latitudeRad: traj.impact.geodetic.latitudeRad, longitudeRad: traj.impact.geodetic.longitudeRad) == .eez)
        let stable = try #require(timeline.stableDecision(trackId: "NK2017-11-29"))
        #expect(stable.inEEZ)
        print("stable EEZ decision \(stable.since.secondsSince(traj.launchTime)) s after launch (burnout \(traj.burnout.timeS) s)")
    }

    /// A synthetic prediction: impact at (lat, lon) degrees with a circular σ, a two-point path.
    static func synthetic(_ t: Double, lat: Double, lon: Double, sigmaKm: Double = 5, iip: Bool = false) -> ImpactPrediction {
        let t0 = Instant(taiSecondsSince2000: 900_000_000)
        let now = t0.advanced(bySeconds: t), impact = t0.advanced(bySeconds: 600)
        let la = lat * .pi / 180, lo = lon * .pi / 180
        let ellipse = ImpactEllipse(meanLatitudeRad: la, meanLongitudeRad: lo, semiMajorAxisKm: sigmaKm, semiMinorAxisKm: sigmaKm,
                                    majorAxisAzimuthRad: 0)
        let start = PredictedPathPoint(time: now, latitudeRad: la - 0.001, longitudeRad: lo - 0.001, altitudeKm: 100)
        return ImpactPrediction(estimateTime: now, isInstantaneousImpactPoint: iip, impactTime: impact, impactTimeSigmaS: 1,
                                ellipse: ellipse, nominalImpactLatitudeRad: la, nominalImpactLongitudeRad: lo, impactSpeedKmPerS: 3,
                                apogee: PredictedApogee(time: now, altitudeKm: 100, latitudeRad: la, longitudeRad: lo, isPast: true),
                                path: [start, PredictedPathPoint(time: impact, latitudeRad: la, longitudeRad: lo, altitudeKm: 0)],
                                betaKgPerM2: 5000, betaFromEstimate: false, groundRangeKm: nil)
    }

    @Test("a synthetic impact that moves out of the EEZ → cancellation; the stable decision dates from it")
    func cancellation() throws {
        let zones = try ZonesFixtures.zones()
        // From the Sea of Japan inside the EEZ (39.6 N 135.5 E) westwards across the median line with Korea.
        let lons = [135.5, 135.3, 135.1, 134.9, 134.7, 134.5, 134.0, 133.5, 133.0, 132.5]
        #expect(zones.zone(latitudeRad: 39.6 * .pi / 180, longitudeRad: 135.5 * .pi / 180) == .eez)
        #expect(zones.zone(latitudeRad: 39.6 * .pi / 180, longitudeRad: 132.5 * .pi / 180) == .outside)
        var timeline = MissileWarningTimeline(zones: zones)
        try timeline.update(trackId: "S1", prediction: Self.synthetic(0, lat: 39.6, lon: 137, iip: true))
        for (k, lon) in lons.enumerated() {
            try timeline.update(trackId: "S1", prediction: Self.synthetic(Double(k + 1) * 10, lat: 39.6, lon: lon))
        }
        let events = timeline.events
        for e in events { print(e.time, e.kind, e.level, e.area, e.message) }
        #expect(events.map(\.kind).first == .issued)
        #expect(events.dropFirst().first?.level == .landingInEEZ && events.dropFirst().first?.kind == .updated)
        let cancel = try #require(events.first { $0.kind == .cancelled })
        #expect(cancel.level == .landingOutsideEEZ && cancel.message.contains("cancelled"))
        // After it only informational updates outside the EEZ (the impact still moves > 25 km per step).
        let later = events.drop { $0.kind != .cancelled }.dropFirst()
        #expect(later.allSatisfy { $0.kind == .updated && $0.level == .landingOutsideEEZ && $0.area.isEmpty })
        #expect(zones.zone(latitudeRad: cancel.impactLatitudeDeg! * .pi / 180, longitudeRad: cancel.impactLongitudeDeg! * .pi / 180) == .outside)
        // Decisions: one zone-less while burning, then one per prediction.
        let d = timeline.decisions
        #expect(d.count == lons.count + 1 && d[0].zone == nil && d[1].zone == .eez)
        let stable = try #require(timeline.stableDecision(trackId: "S1"))
        #expect(!stable.inEEZ && stable.since == cancel.time.instant)
        // Events are Codable: a JSON round trip gives them back.
        let data = try JSONEncoder().encode(events)
        let back = try JSONDecoder().decode([WarningEvent].self, from: data)
        #expect(back.count == events.count && back.map(\.kind) == events.map(\.kind) && back.map(\.area) == events.map(\.area))
        #expect(zip(back, events).allSatisfy { abs($0.time.instant.secondsSince($1.time.instant)) < 1e-5 })
        #expect(String(decoding: data, as: UTF8.self).contains("\"landingInEEZ\""))
    }

    @Test("a synthetic impact on Honshu → landing on land with the land group; a small move is not an update; end")
    func landingOnLand() throws {
        var timeline = MissileWarningTimeline(zones: try ZonesFixtures.zones())
        try timeline.update(trackId: "L", prediction: Self.synthetic(0, lat: 36.2, lon: 138.2, sigmaKm: 3))
        try timeline.update(trackId: "L", prediction: Self.synthetic(5, lat: 36.21, lon: 138.21, sigmaKm: 3))
        timeline.trackEnded(trackId: "L", at: Instant(taiSecondsSince2000: 900_000_600))
        let e = timeline.events
        #expect(e.map(\.kind) == [.issued, .updated, .ended])
        #expect(e[1].level == .landingOnLand && e[1].area == ["Honshu"] && e[1].probabilities?.land == 1)
        #expect(e[2].level == .landingOnLand)
        #expect { try timeline.update(trackId: "L", prediction: Self.synthetic(10, lat: 36.2, lon: 138.2)) } throws: {
            ($0 as? MissileWarningError)?.code == .badField
        }
        #expect(timeline.trackEnded(trackId: "L", at: Instant(taiSecondsSince2000: 900_000_700)).isEmpty)
    }
}
