import Foundation
import Testing

/// `kanshi missile simulate` and `kanshi missile presets` end to end (docs/missile-flight.md).
@Suite("kanshi missile")
struct MissileCLITests {
    @Test("simulate --preset writes a truth file with the summary and sampled states")
    func simulatePreset() throws {
        let truth = FileManager.default.temporaryDirectory.appendingPathComponent("kanshi-missile-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: truth) }
        let r = try CLITests.run(["missile", "simulate", "--preset", "NK2017-11-29", "--truth", truth.path, "--sample-interval-s", "10"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("apogee 4475.0 km") && r.stdout.contains("range 950.0 km"))
        let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: truth)) as? [String: Any])
        #expect(json["format"] as? String == "kanshi-missile-truth/1")
        let missile = try #require((json["missiles"] as? [[String: Any]])?.first)
        let samples = try #require(missile["samples"] as? [[String: Any]])
        #expect(samples.count > 320 && samples.count < 340)                 // 54 min every 10 s, plus events
        #expect(samples.first?["phase"] as? String == "boost" && samples.last?["phase"] as? String == "reentry")
        let apogee = try #require(missile["apogee"] as? [String: Any])
        #expect(abs((apogee["alt_km"] as? Double ?? 0) - 4475) < 1)
    }

    @Test("bad input: an unknown preset or a bad scenario exits 1 naming the field; --out is refused as not yet available")
    func errors() throws {
        let unknown = try CLITests.run(["missile", "simulate", "--preset", "NK1900-01-01"])
        #expect(unknown.status == 1 && unknown.stderr.contains("no such preset"))
        let scenario = FileManager.default.temporaryDirectory.appendingPathComponent("kanshi-missile-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: scenario) }
        try Data(#"{"missiles": [{"launch": {"lat_deg": 39}}]}"#.utf8).write(to: scenario)
        let bad = try CLITests.run(["missile", "simulate", "--scenario", scenario.path])
        #expect(bad.status == 1 && bad.stderr.contains("missiles[0].launch.lon_deg: missing"))
        let out = try CLITests.run(["missile", "simulate", "--preset", "NK2017-11-29", "--out", "x.jsonl"])
        #expect(out.status == 64 && out.stderr.contains("not yet"))
    }

    @Test("presets lists every preset with its target and model figures")
    func presets() throws {
        let r = try CLITests.run(["missile", "presets"])
        #expect(r.status == 0, "\(r.stderr)")
        for name in ["NK2017-07-28", "NK2017-08-29", "NK2017-11-29", "NK2019-07-25", "NK2022-10-04"] { #expect(r.stdout.contains(name)) }
    }
}
