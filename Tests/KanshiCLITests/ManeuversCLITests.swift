import Foundation
import Testing

/// `kanshi maneuvers` end to end on a real history (Tests/Fixtures/threats/SOURCES.md).
@Suite("kanshi maneuvers")
struct ManeuversCLITests {
    static let history = CLITests.root.appendingPathComponent("Tests/Fixtures/threats/himawari8_history_2026-05.3le").path

    @Test("Himawari 8's week of CelesTrak sets: the north-south burn of 2026-05-25/26 (about 3 m/s, normal) in JSON, exit 0")
    func realHistoryJSON() throws {
        let r = try CLITests.run(["maneuvers", Self.history, "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let detections = try #require(json["detections"] as? [[String: Any]])
        #expect(json["objects_tested"] as? Int == 1)
        let ns = try #require(detections.first { ($0["direction"] as? String) == "normal" }, "\(detections)")
        #expect(ns["norad_id"] as? Int == 40267)
        #expect((ns["window_start"] as? String)?.hasPrefix("2026-05-25T21:31") == true)
        #expect((ns["window_end"] as? String)?.hasPrefix("2026-05-26T14:38") == true)
        let dv = try #require(ns["delta_v_m_s"] as? Double)
        #expect(dv > 2 && dv < 4)
        #expect((ns["reason"] as? String)?.contains("inclination vector moved") == true)
    }

    @Test("Table output names the object; a missing file and rejected records are exit 1; no file is usage (64)")
    func tableAndErrors() throws {
        let table = try CLITests.run(["maneuvers", Self.history, "--object", "40267"])
        #expect(table.status == 0)
        #expect(table.stdout.contains("HIMAWARI-8") && table.stdout.contains("normal"))
        let missing = try CLITests.run(["maneuvers", "/nonexistent/history.tle"])
        #expect(missing.status == 1 && missing.stderr.contains("/nonexistent/history.tle"))
        let bad = try CLITests.tempFile("bad.tle", "1 25544U 98067A   23282.5 bad\n2 25544 junk\n")
        let rejected = try CLITests.run(["maneuvers", bad])
        #expect(rejected.status == 1 && rejected.stderr.contains("bad.tle:1"))
        let absent = try CLITests.run(["maneuvers", Self.history, "--object", "99999"])
        #expect(absent.status == 1)
        #expect(try CLITests.run(["maneuvers"]).status == 64)
        #expect(try CLITests.run(["maneuvers", Self.history, "--format", "xml"]).status == 64)
    }
}
