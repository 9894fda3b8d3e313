import Foundation
import Testing

/// `kanshi threats --history … --satcat …`: maneuver intent and owner in the JSON, and a bad SATCAT line
/// reported by line with exit status 1 (the GEO inspector scenario against Himawari 9).
@Suite("kanshi threats: maneuver intent and owner")
struct ThreatsIntentCLITests {
    @Test("The GEO inspector's approach burn is toward the asset; its owner comes from the SATCAT file")
    func intentAndOwner() throws {
        let out = try CLITests.tempFile("himawari9-inspector-intent.3le", "")
        let sim = try CLITests.run(["simulate", "inspector", "--asset", "41836", "--days", "20", "--out", out])
        #expect(sim.status == 0, "\(sim.stderr)")
        let satcat = try CLITests.tempFile("satcat-intent.csv", """
            OBJECT_NAME,NORAD_CAT_ID,OWNER
            INSPECTOR,99001,CIS
            HIMAWARI-9,41836,JPN
            BROKEN,x1,PRC

            """)
        let assets = CLITests.root.appendingPathComponent("data/protected-assets.json").path
        let r = try CLITests.run(["threats", "--history", out, "--assets", assets, "--satcat", satcat,
                                  "--start", "2023-10-19T12:00:00Z", "--days", "1", "--format", "json"])
        #expect(r.status == 1, "a bad SATCAT line is a rejected record: \(r.stderr)")
        #expect(r.stderr.contains("satcat-intent.csv:4: NORAD_CAT_ID"), "\(r.stderr)")
        let records = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [[String: Any]])
        let alert = try #require(records.first { ($0["object_id"] as? Int) == 99_001 }, "\(records)")
        #expect(alert["owner"] as? String == "CIS")
        #expect((alert["owner_source"] as? String)?.hasPrefix("SATCAT") == true)
        let maneuvers = try #require(alert["maneuvers"] as? [[String: Any]])
        #expect(maneuvers.contains { $0["intent"] as? String == "toward_asset" && ($0["intent_reason"] as? String)?.isEmpty == false },
                "\(maneuvers)")
        let reasons = try #require(alert["reasons"] as? [String])
        #expect(reasons.contains { $0.hasPrefix("maneuvered toward the asset") })
        #expect(reasons.contains { $0.hasPrefix("owner CIS (SATCAT satcat-intent.csv)") })
    }
}
