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

    @Test("bad input: an unknown preset or a bad scenario exits 1 naming the field; --sensors without --out is a usage error; a bad sensors file exits 1 naming the field")
    func errors() throws {
        let unknown = try CLITests.run(["missile", "simulate", "--preset", "NK1900-01-01"])
        #expect(unknown.status == 1 && unknown.stderr.contains("no such preset"))
        let scenario = FileManager.default.temporaryDirectory.appendingPathComponent("kanshi-missile-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: scenario) }
        try Data(#"{"missiles": [{"launch": {"lat_deg": 39}}]}"#.utf8).write(to: scenario)
        let bad = try CLITests.run(["missile", "simulate", "--scenario", scenario.path])
        #expect(bad.status == 1 && bad.stderr.contains("missiles[0].launch.lon_deg: missing"))
        let noOut = try CLITests.run(["missile", "simulate", "--preset", "NK2017-11-29", "--sensors", "x.json"])
        #expect(noOut.status == 64 && noOut.stderr.contains("--sensors needs --out"))
        try Data(#"{"radars": [{"id": "R", "latitude_deg": 95, "longitude_deg": 130}]}"#.utf8).write(to: scenario)
        let badSensors = try CLITests.run(["missile", "simulate", "--preset", "NK2017-08-29", "--sensors", scenario.path, "--out", "/tmp/unused.jsonl"])
        #expect(badSensors.status == 1 && badSensors.stderr.contains("radars[0].latitude_deg"))
    }

    @Test("simulate --out writes JSON Lines detections (IR and radar); the same seed gives the same file, another seed another")
    func simulateDetections() throws {
        let dir = FileManager.default.temporaryDirectory
        let a = dir.appendingPathComponent("kanshi-det-\(UUID().uuidString).jsonl"), b = dir.appendingPathComponent("kanshi-det-\(UUID().uuidString).jsonl")
        let c = dir.appendingPathComponent("kanshi-det-\(UUID().uuidString).jsonl")
        defer { for u in [a, b, c] { try? FileManager.default.removeItem(at: u) } }
        let r1 = try CLITests.run(["missile", "simulate", "--preset", "NK2017-08-29", "--out", a.path, "--seed", "7"])
        #expect(r1.status == 0, "\(r1.stderr)")
        #expect(r1.stdout.contains("detections: "))
        _ = try CLITests.run(["missile", "simulate", "--preset", "NK2017-08-29", "--out", b.path, "--seed", "7"])
        _ = try CLITests.run(["missile", "simulate", "--preset", "NK2017-08-29", "--out", c.path, "--seed", "8"])
        let ta = try String(contentsOf: a, encoding: .utf8), tb = try String(contentsOf: b, encoding: .utf8), tc = try String(contentsOf: c, encoding: .utf8)
        #expect(ta == tb && ta != tc)
        let lines = ta.split(separator: "\n")
        #expect(lines.contains { $0.contains("\"kind\":\"ir\"") } && lines.contains { $0.contains("\"kind\":\"radar\"") })
        for line in lines { #expect((try? JSONSerialization.jsonObject(with: Data(line.utf8))) is [String: Any]) }
    }

    @Test("presets lists every preset with its target and model figures")
    func presets() throws {
        let r = try CLITests.run(["missile", "presets"])
        #expect(r.status == 0, "\(r.stderr)")
        for name in ["NK2017-07-28", "NK2017-08-29", "NK2017-11-29", "NK2019-07-25", "NK2022-10-04"] { #expect(r.stdout.contains(name)) }
    }
}
