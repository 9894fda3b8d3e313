import Foundation
import Testing

/// `kanshi simulate inspector --observations` → `kanshi od` / `kanshi maneuvers --tdm` end to end: the LEO
/// inspector against the ISS (bundled 2023-10-09 set, Tests/Fixtures/threats/iss_2023-10-09.3le), its
/// tracklets simulated per day from the true trajectories, fitted day by day, and the approach burn found
/// in the fitted sets — also after a round trip through the OMM file that carries the fit noise.
@Suite("kanshi simulate inspector --observations and maneuvers --tdm")
struct InspectorObservationsCLITests {
    static let iss = CLITests.root.appendingPathComponent("Tests/Fixtures/threats/iss_2023-10-09.3le").path

    @Test("Daily TDMs of the truth → daily OD → the approach burn (≈ 42 m/s tangential) in the window that holds it")
    func chain() throws {
        let scenario = try CLITests.tempFile("inspector.3le", "")
        let dir = URL(fileURLWithPath: scenario).deletingLastPathComponent()
        let tdm = dir.appendingPathComponent("obs.tdm").path
        let sim = try CLITests.run(["simulate", "inspector", "--asset", "25544", "--catalog", Self.iss, "--start", "2023-10-10T00:00:00Z",
                                    "--interval-hours", "24", "--leo-initial-gap-deg", "323", "--out", scenario,
                                    "--observations", tdm, "--split-days", "--no-false-alarms", "--no-eop", "--seed", "7"])
        #expect(sim.status == 0, "\(sim.stderr)")
        let burnLine = try #require(sim.stdout.split(separator: "\n").first { $0.contains("(approach)") }, "\(sim.stdout)")
        let burnText = try #require(burnLine.split(separator: " ").dropFirst(2).first).replacingOccurrences(of: "(approach):", with: "")
        #expect(sim.stdout.contains("0 false"))
        let days = (0..<8).map { dir.appendingPathComponent("obs-day\($0).tdm").path }
        for d in days {
            let text = try String(contentsOfFile: d, encoding: .utf8)
            #expect(text.contains("CCSDS_TDM_VERS") && text.contains("DATA_START"), "\(d)")
        }
        // One day through `kanshi od`: its TLE output is a history `kanshi maneuvers` reads.
        let od0 = dir.appendingPathComponent("od-day0.tle").path
        let od = try CLITests.run(["od", days[0], "--catalog", scenario, "--out", od0, "--no-eop"])
        #expect(od.status == 0, "\(od.stderr)")
        let one = try CLITests.run(["maneuvers", od0])
        #expect(one.status == 0 && one.stderr.contains("too few sets"), "\(one.stderr)")

        let hist = dir.appendingPathComponent("od-history.omm").path
        let m = try CLITests.run(["maneuvers", "--tdm"] + days + ["--catalog", scenario, "--od-out", hist, "--no-eop", "--format", "json"])
        #expect(m.status == 0, "\(m.stderr)")
        #expect(m.stderr.contains("custody: new object 80000 continues 99001"), "\(m.stderr)")
        for output in [m.stdout, try CLITests.run(["maneuvers", hist, "--format", "json"]).stdout] {
            let json = try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any])
            let detections = try #require(json["detections"] as? [[String: Any]])
            let d = try #require(detections.first { ($0["norad_id"] as? Int) == 99_001 }, "\(detections)")
            let start = try #require(d["window_start"] as? String), end = try #require(d["window_end"] as? String)
            #expect(start < burnText && burnText < end, "window \(start) – \(end), burn \(burnText)")
            let dv = try #require(d["delta_v_m_s"] as? Double)
            #expect(dv > 40 && dv < 44, "Δv \(dv) m/s (scenario: 42.0 m/s)")
            #expect(d["direction"] as? String == "tangential")
            #expect(!detections.contains { ($0["norad_id"] as? Int) == 25544 })
        }
        #expect(try String(contentsOfFile: hist, encoding: .utf8).contains("USER_DEFINED_FIT_SIGMA_SMA_KM"))
    }

    @Test("Usage errors: --split-days without --observations, --tdm without --catalog, --od-out without --tdm (64)")
    func usage() throws {
        #expect(try CLITests.run(["simulate", "inspector", "--asset", "25544", "--out", "/tmp/x.3le", "--split-days"]).status == 64)
        #expect(try CLITests.run(["maneuvers", "--tdm", "/tmp/x.tdm"]).status == 64)
        #expect(try CLITests.run(["maneuvers", Self.iss, "--od-out", "/tmp/x.omm"]).status == 64)
        let missing = try CLITests.run(["maneuvers", "--tdm", "/nonexistent/x.tdm", "--catalog", Self.iss])
        #expect(missing.status == 1 && missing.stderr.contains("/nonexistent/x.tdm"))
    }
}
