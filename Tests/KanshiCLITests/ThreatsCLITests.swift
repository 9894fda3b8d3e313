import Foundation
import Testing

/// `kanshi simulate inspector` and `kanshi threats` end to end: the GEO scenario against Himawari 9
/// of the bundled catalog, then its history through `threats`, which must name the asset and the
/// inspector with the JSON fields.
@Suite("kanshi threats and simulate inspector")
struct ThreatsCLITests {
    @Test("A GEO inspector against Himawari 9 is flagged by the first set after its approach burn and reported by threats")
    func inspectorThroughThreats() throws {
        let out = try CLITests.tempFile("himawari9-inspector.3le", "")
        let sim = try CLITests.run(["simulate", "inspector", "--asset", "41836", "--days", "20", "--out", out])
        #expect(sim.status == 0, "\(sim.stderr)")
        #expect(sim.stdout.contains("(approach)") && sim.stdout.contains("first alert at the set of"))
        let assets = CLITests.root.appendingPathComponent("data/protected-assets.json").path
        let r = try CLITests.run(["threats", "--history", out, "--assets", assets, "--start", "2023-10-09T12:00:00Z",
                                  "--days", "1", "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let records = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [[String: Any]])
        let alert = try #require(records.first { ($0["object_id"] as? Int) == 99_001 }, "\(records)")
        #expect(alert["asset_id"] as? Int == 41836)
        for key in ["closest_approach_km", "relative_speed_km_s", "tca", "persistence_hours", "maneuvers", "score", "level", "reasons"] {
            #expect(alert[key] != nil, "missing \(key)")
        }
        #expect((alert["closest_approach_km"] as? Double).map { $0 < 100 } == true)
        #expect(["medium", "high"].contains(alert["level"] as? String ?? ""))
    }

    @Test("Usage errors exit 64; an unreadable assets file exits 1 naming it")
    func errors() throws {
        #expect(try CLITests.run(["threats", "--days", "0"]).status == 64)
        #expect(try CLITests.run(["threats", "--minimum-level", "severe"]).status == 64)
        let missing = try CLITests.run(["threats", "--assets", "/nonexistent/assets.json"])
        #expect(missing.status == 1 && missing.stderr.contains("/nonexistent/assets.json"))
        #expect(try CLITests.run(["simulate", "inspector", "--out", "/tmp/x.3le"]).status == 64)
    }
}
