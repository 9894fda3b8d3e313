import Astrodynamics
import Foundation
import Testing
@testable import MissileWarning

/// `MissileEvaluation` on a hand-made report against a flown preset's truth: every figure is
/// checked against what the report says, so a wrong rule (matching, stable decision, scoring time)
/// changes a number here.
@Suite struct EvaluationTests {
    static func truth() throws -> MissileTruthFile {
        let preset = try MissilePreset.named("NK2017-11-29")
        return MissileTruthFile(scenario: "t", trajectories: [(preset.name, preset.name, try preset.fly())], sampleIntervalS: 10)
    }

    static func time(_ truth: MissileTruthFile, _ s: Double) throws -> String {
        try Instant(utc: truth.missiles[0].launch.time_utc).advanced(bySeconds: s).iso8601UTC(fractionDigits: 3)
    }

    static func entry(_ truth: MissileTruthFile, at s: Double, dLatDeg: Double, zone: String, instantaneous: Bool = false) throws
        -> MissileTrackReport.ImpactHistoryEntry {
        let m = truth.missiles[0]
        return .init(time: try time(truth, s), lat_deg: m.impact.lat_deg + dLatDeg, lon_deg: m.impact.lon_deg,
                     impact_time: m.impact.time_utc, semi_major_km: 5, semi_minor_km: 2, zone: zone, p_land: 0,
                     p_eez: zone == "outside" ? 0 : 1, instantaneous: instantaneous)
    }

    static func track(_ id: String, truth: MissileTruthFile, label: String?, history: [MissileTrackReport.ImpactHistoryEntry],
                      launchOffsetDeg: Double = 0.1) throws -> MissileTrackReport.Track {
        let m = truth.missiles[0]
        return .init(id: id, status: "deleted", status_reason: "impacted", first_detection: try time(truth, 42),
                     confirmed_at: try time(truth, 45), last_update: try time(truth, 3000), sensors: ["LEO-1"], updates: 100,
                     truth_missile: label,
                     launch: .init(time: try time(truth, 3), lat_deg: m.launch.lat_deg + launchOffsetDeg, lon_deg: m.launch.lon_deg,
                                   sigma_km: 2, sigma_s: 2),
                     burnout: nil,
                     classification: .init(class: "ICBM", range_capability_km: 13_000, trajectory: "lofted",
                                           burnout_flight_path_angle_deg: 70, optimum_flight_path_angle_deg: 43),
                     apogee: nil, impact: nil, ground_range_km: nil, overflights: [], trajectory: [], predicted_path: [],
                     impact_history: history)
    }

    @Test func figuresFollowTheRules() throws {
        let truth = try Self.truth()
        let zones = try ZonesFixtures.zones()
        let bo = truth.missiles[0].burnout.t_s
        // An IIP during boost (ignored), an "outside" decision, then "eez" from bo+20 s on; the first entry at or
        // after bo+30 s is 0.05° (5.6 km) north of the truth, the last 0.01° (1.1 km).
        let history = [try Self.entry(truth, at: bo - 10, dLatDeg: 3, zone: "outside", instantaneous: true),
                       try Self.entry(truth, at: bo + 5, dLatDeg: 1, zone: "outside"),
                       try Self.entry(truth, at: bo + 20, dLatDeg: 0.2, zone: "eez"),
                       try Self.entry(truth, at: bo + 31, dLatDeg: 0.05, zone: "eez"),
                       try Self.entry(truth, at: bo + 60, dLatDeg: 0.01, zone: "eez")]
        let report = MissileTrackReport(source: nil, detections: .init(total: 0, ir: 0, radar: 0, used: 0, clutter: 0, unassociated: 0),
                                        tracks: [try Self.track("T1", truth: truth, label: nil, history: history),
                                                 try Self.track("T2", truth: truth, label: nil, history: [], launchOffsetDeg: 5)],
                                        warnings: [])
        let result = try MissileEvaluation(zones: zones).evaluate(truth: truth, report: report)
        let m = try #require(result.missiles.first)
        #expect(m.track == "T1")                        // nearest launch point, unlabelled
        #expect(result.false_tracks == ["T2"])          // 5° away: beyond the 100 km match radius
        #expect(abs(try #require(m.detection_s) - 42) < 1e-3)
        #expect(abs(try #require(m.first_impact_estimate_s) - (bo + 5)) < 1e-3)
        #expect(abs(try #require(m.stable_eez_decision_s) - (bo + 20)) < 1e-3)
        #expect(abs(try #require(m.impact_error_at_burnout_plus_30s_km) - 5.56) < 0.05)
        #expect(abs(try #require(m.final_impact_error_km) - 1.11) < 0.02)
        #expect(abs(try #require(m.launch_point_error_km) - 11.1) < 0.1)
        #expect(m.class_correct == true && m.trajectory_correct == true)
        // the 2017-11-29 preset lands in the EEZ, well inside it
        #expect(m.true_zone == "eez" && m.true_distance_to_eez_boundary_km > 25)
        #expect(m.eez_decision == "inside" && m.eez_decision_correct == true)
        #expect(result.table().contains("NK2017-11-29"))
    }

    @Test func labelsWinOverDistanceAndAWrongDecisionIsScored() throws {
        let truth = try Self.truth()
        let bo = truth.missiles[0].burnout.t_s
        let report = MissileTrackReport(source: nil, detections: .init(total: 0, ir: 0, radar: 0, used: 0, clutter: 0, unassociated: 0),
                                        tracks: [try Self.track("T1", truth: truth, label: "other", history: []),
                                                 try Self.track("T2", truth: truth, label: "NK2017-11-29",
                                                                history: [try Self.entry(truth, at: bo + 40, dLatDeg: 0, zone: "outside")],
                                                                launchOffsetDeg: 3)],
                                        warnings: [])
        let result = try MissileEvaluation(zones: try ZonesFixtures.zones()).evaluate(truth: truth, report: report)
        #expect(result.missiles[0].track == "T2")
        #expect(result.missiles[0].eez_decision_correct == false)
        #expect(result.false_tracks == ["T1"])
    }

    @Test func aBadTracksFileNamesTheField() throws {
        let text = #"{"format":"kanshi-missile-tracks/1","detections":{"total":1,"ir":1,"radar":0,"used":0,"clutter":1,"unassociated":0},"tracks":[{"id":"T1"}],"warnings":[]}"#
        #expect {
            try MissileTrackReport.decode(Data(text.utf8), file: "r.json")
        } throws: { error in
            let e = error as? MissileWarningError
            return e?.code == .missingField && e?.file == "r.json" && (e?.field ?? "").hasPrefix("tracks[0].")
        }
    }
}
