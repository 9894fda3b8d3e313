import Foundation
import Testing
import SpaceData

/// `kanshi sensors …` and `kanshi simulate observations`, run as a user runs them.
@Suite("kanshi sensors and simulate")
struct SensorsCLITests {
    static let iss = "Tests/Fixtures/sensors/iss_2023-10-09.3le"

    @Test("sensors list shows every sensor of data/sensors.json")
    func list() throws {
        let r = try CLITests.run(["sensors", "list"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("JP-KAMISAIBARA") && r.stdout.contains("JP-BISEI") && r.stdout.contains("US-COBRA-DANE"))
    }

    @Test("sensors access --format csv: the ISS's passes over the network with a timed summary")
    func accessCSV() throws {
        let r = try CLITests.run(["sensors", "access", "--catalog", Self.iss, "--start", "2023-10-09T00:00:00Z",
                                  "--duration", "86400", "--format", "csv", "--no-eop"])
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.stdout.split(separator: "\n")
        #expect(lines.first?.hasPrefix("sensor,object,rise_utc") == true)
        #expect(lines.count > 10)
        #expect(lines.dropFirst().allSatisfy { $0.split(separator: ",")[1] == "25544" })
        #expect(r.stderr.contains("computed in"))
    }

    @Test("sensors access --format json parses and carries the pass fields")
    func accessJSON() throws {
        let r = try CLITests.run(["sensors", "access", "--catalog", Self.iss, "--start", "2023-10-09T00:00:00Z",
                                  "--duration", "21600", "--format", "json", "--no-eop", "--sensor", "JP-FPS5-SADO"])
        #expect(r.status == 0, "\(r.stderr)")
        let root = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let passes = try #require(root["passes"] as? [[String: Any]])
        for p in passes {
            #expect(p["sensor"] as? String == "JP-FPS5-SADO")
            #expect((p["max_elevation_deg"] as? Double ?? -1) >= 3)
        }
    }

    @Test("bad input: exit 64 for usage, 1 for a bad sensor file naming file, sensor and field")
    func errors() throws {
        let usage = try CLITests.run(["sensors", "access", "--duration", "-5"])
        #expect(usage.status == 64)
        let noOut = try CLITests.run(["simulate", "observations", "--catalog", Self.iss])
        #expect(noOut.status == 64)
        let bad = try CLITests.tempFile("net.json", #"{"format":"kanshi-sensors","version":2,"sensors":[{"id":"X","lat_deg":1,"lon_deg":2}]}"#)
        let r = try CLITests.run(["sensors", "access", "--sensors", bad, "--catalog", Self.iss, "--start", "2023-10-09T00:00:00Z", "--duration", "60", "--no-eop"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("net.json") && r.stderr.contains("sensor X") && r.stderr.contains("alt_km"))
        let unknown = try CLITests.run(["sensors", "access", "--sensor", "NOPE", "--catalog", Self.iss, "--duration", "60", "--no-eop"])
        #expect(unknown.status == 1 && unknown.stderr.contains("NOPE"))
    }

    @Test("simulate observations writes truth labels: every tracklet id is <sensor>-<yyyymmdd>-<seq>, objects or blank for false alarms")
    func simulateLabels() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kanshi-sim-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let labels = dir.appendingPathComponent("labels.csv").path
        let r = try CLITests.run(["simulate", "observations", "--catalog", Self.iss, "--start", "2023-10-09T00:00:00Z",
                                  "--duration", "43200", "--out", dir.appendingPathComponent("obs.tdm").path,
                                  "--labels", labels, "--seed", "7", "--no-eop"])
        #expect(r.status == 0, "\(r.stderr)")
        let text = try String(contentsOfFile: labels, encoding: .utf8)
        // The TDM holds one segment per labelled tracklet, TRACK_ID = tracklet id, PARTICIPANT_1 = sensor.
        let tdm = TDMKVN.read(try String(contentsOfFile: dir.appendingPathComponent("obs.tdm").path, encoding: .utf8))
        #expect(tdm.errors.isEmpty)
        let segments = try #require(tdm.document?.segments)
        let ids = Set(text.split(separator: "\n").dropFirst().map { String($0.split(separator: ",", omittingEmptySubsequences: false)[0]) })
        #expect(segments.count == ids.count && !ids.isEmpty)
        for seg in segments {
            let id = try #require(seg.metadata["TRACK_ID"])
            #expect(ids.contains(id))
            #expect(id.hasPrefix(try #require(seg.metadata["PARTICIPANT_1"]) + "-"))
        }
        // XML: same tracklets; the same seed repeats the file byte for byte.
        let xml = dir.appendingPathComponent("obs.xml").path
        let r2 = try CLITests.run(["simulate", "observations", "--catalog", Self.iss, "--start", "2023-10-09T00:00:00Z",
                                   "--duration", "43200", "--out", xml, "--format", "xml", "--seed", "7", "--no-eop"])
        #expect(r2.status == 0, "\(r2.stderr)")
        let back = TDMXML.read(try String(contentsOfFile: xml, encoding: .utf8))
        #expect(back.errors.isEmpty && back.document?.segments == segments)
        let rows = text.split(separator: "\n").dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false) }
        #expect(rows.contains { $0[1] == "25544" })
        for row in rows {
            #expect(row[0].contains("-20231009-") || row[0].contains("-20231010-"))
            #expect(row[1] == "25544" || row[1].isEmpty)
        }
    }
}
