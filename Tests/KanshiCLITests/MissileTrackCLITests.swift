import Foundation
import Testing

/// `kanshi missile track` and `kanshi missile evaluate` end to end on the 2017-08-29 preset
/// (docs/missile-tracks.md): simulate → track → evaluate, then bad input.
@Suite("kanshi missile track / evaluate")
struct MissileTrackCLITests {
    static func temp(_ name: String) -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("kanshi-\(UUID().uuidString)-\(name)")
    }

    @Test("simulate → track → evaluate: one track, overflight of Hokkaido, landing outside the EEZ, evaluated without a wrong decision")
    func chain() throws {
        let det = Self.temp("det.jsonl"), truth = Self.temp("truth.json"), report = Self.temp("tracks.json")
        defer { for u in [det, truth, report] { try? FileManager.default.removeItem(at: u) } }
        let sim = try CLITests.run(["missile", "simulate", "--preset", "NK2017-08-29", "--out", det.path, "--truth", truth.path, "--seed", "3"])
        #expect(sim.status == 0, "\(sim.stderr)")
        let table = try CLITests.run(["missile", "track", det.path, "--out", report.path])
        #expect(table.status == 0, "\(table.stderr)")
        #expect(table.stdout.contains("WARNINGS") && table.stdout.contains("overflight") && table.stdout.contains("Hokkaido"), "\(table.stdout.prefix(2000))")
        #expect(table.stderr.contains("× real time"))
        let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: report)) as? [String: Any])
        #expect(json["format"] as? String == "kanshi-missile-tracks/1")
        let tracks = try #require(json["tracks"] as? [[String: Any]])
        let live = tracks.filter { $0["status_reason"] as? String != "duplicate" }
        #expect(live.count == 1, "\(tracks.map { "\($0["id"] ?? "") \($0["status"] ?? "") \($0["status_reason"] ?? "")" })")
        let impact = try #require(live.first?["impact"] as? [String: Any])
        #expect(impact["zone"] as? String == "outside")
        let state = try #require(live.first?["state"] as? [String: Any])
        #expect((state["covariance"] as? [Double])?.count == 36)
        let r = try #require(state["position_km"] as? [Double])
        #expect(r.count == 3 && (r.map { $0 * $0 }.reduce(0, +)).squareRoot() > 6_300, "an Earth-fixed position in km: \(r)")
        let stdoutJSON = try CLITests.run(["missile", "track", det.path, "--format", "json"])
        #expect(stdoutJSON.status == 0)
        #expect((try? JSONSerialization.jsonObject(with: Data(stdoutJSON.stdout.utf8))) is [String: Any], "--format json prints the report")

        let eval = try CLITests.run(["missile", "evaluate", "--truth", truth.path, "--tracks", report.path, "--format", "json"])
        #expect(eval.status == 0, "\(eval.stdout)\n\(eval.stderr)")
        let result = try #require(try JSONSerialization.jsonObject(with: Data(eval.stdout.utf8)) as? [String: Any])
        let m = try #require((result["missiles"] as? [[String: Any]])?.first)
        #expect(m["eez_decision_correct"] as? Bool == true)
        #expect(m["class_correct"] as? Bool == true, "\(m)")
        let error = try #require(m["impact_error_at_burnout_plus_30s_km"] as? Double)
        #expect(error < 10, "impact error at burnout + 30 s: \(error) km (goal < 10 km for an IRBM)")
        let text = try CLITests.run(["missile", "evaluate", "--truth", truth.path, "--tracks", report.path])
        #expect(text.stdout.contains("NK2017-08-29") && text.stdout.contains("false tracks"))
    }

    @Test("bad input: a bad line is named and left out (exit 3); a missing file or no detection exits 1; an unknown sensor is reported")
    func badInput() throws {
        let det = Self.temp("det.jsonl"), bad = Self.temp("bad.jsonl"), sensors = Self.temp("sensors.json")
        defer { for u in [det, bad, sensors] { try? FileManager.default.removeItem(at: u) } }
        _ = try CLITests.run(["missile", "simulate", "--preset", "NK2019-07-25", "--out", det.path])
        var lines = try String(contentsOf: det, encoding: .utf8).split(separator: "\n").map(String.init)
        lines.insert(#"{"time":"2019-07-25T00:00:00Z","sensor":"R","kind":"radar","sensor_position_km":[1,2,3],"range_km":"far"}"#, at: 2)
        try (lines.joined(separator: "\n") + "\n").write(to: bad, atomically: true, encoding: .utf8)
        let r = try CLITests.run(["missile", "track", bad.path])
        #expect(r.status == 3, "\(r.stderr)")
        #expect(r.stderr.contains(":3: ") && r.stderr.contains("range_km"), "\(r.stderr.prefix(500))")
        #expect(r.stdout.contains("TRACK "), "the good lines are still tracked")
        let missing = try CLITests.run(["missile", "track", "/nonexistent/det.jsonl"])
        #expect(missing.status == 1)
        try "not json\n".write(to: bad, atomically: true, encoding: .utf8)
        let none = try CLITests.run(["missile", "track", bad.path])
        #expect(none.status == 1 && none.stderr.contains("no detection"))
        // A sensors file without the radars: their detections are reported and left out.
        try #"{"format": "kanshi-missile-sensors/1", "ir": [{"id": "GEO-130E", "geo_longitude_deg": 130, "frame_period_s": 10, "sigma_urad": 30}], "radars": []}"#
            .write(to: sensors, atomically: true, encoding: .utf8)
        let checked = try CLITests.run(["missile", "track", det.path, "--sensors", sensors.path])
        #expect(checked.status == 3 && checked.stderr.contains("no radar of that id"), "\(checked.stderr.prefix(300))")
        let noTruth = try CLITests.run(["missile", "evaluate", "--truth", "/nonexistent.json", "--tracks", det.path])
        #expect(noTruth.status == 1)
    }
}
