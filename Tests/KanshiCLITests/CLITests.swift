import Foundation
import SpaceData
import Testing

/// End-to-end tests of the `kanshi` executable: the binary `swift test` built beside the test bundle,
/// run as a user runs it (arguments, stdout, stderr, exit status).
@Suite("kanshi command line")
struct CLITests {
    struct Result { var status: Int32; var stdout: String; var stderr: String }

    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func binary() throws -> URL {
        // The test bundle lives in the build products directory, next to the executable.
        var dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = dir.appendingPathComponent("kanshi")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        for config in ["debug", "release"] {
            let candidate = root.appendingPathComponent(".build/\(config)/kanshi")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        throw CLIError("kanshi executable not found next to \(CommandLine.arguments[0])")
    }

    struct CLIError: Error, CustomStringConvertible { let description: String; init(_ s: String) { description = s } }

    static func run(_ args: [String], stdin: String? = nil) throws -> Result {
        let p = Process()
        p.executableURL = try binary()
        p.arguments = args
        p.currentDirectoryURL = root
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        // Read both pipes while the process runs so a full pipe cannot block it.
        nonisolated(unsafe) var errData = Data()
        let errThread = Thread { errData = err.fileHandleForReading.readDataToEndOfFile() }
        errThread.start()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        while errThread.isExecuting || !errThread.isFinished { usleep(1000) }
        return Result(status: p.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                      stderr: String(decoding: errData, as: UTF8.self))
    }

    static func tempFile(_ name: String, _ text: String) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kanshi-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let url = dir.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    // ISS (ZARYA) from the bundled catalog, and Vallado's SGP4-VER case 28872 (decays after ~50 min).
    static let iss = """
    0 ISS (ZARYA)
    1 25544U 98067A   23282.71486326  .00020100  00000-0  35938-3 0  9998
    2 25544  51.6410 121.2575 0005123  92.3190 358.8196 15.49983917419557
    """
    static let decaying = """
    1 28872U 05037B   05333.02012661  .25992681  00000-0  24476-3 0  1534
    2 28872  96.4736 157.9986 0303955 244.0492 110.6523 16.46015938 10708
    """

    @Test("catalog summary of the bundled catalog: 26,140 objects, 0 errors, exit 0")
    func summaryOfBundledCatalog() throws {
        let r = try Self.run(["catalog", "summary", "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        #expect(json["objects"] as? Int == 26_140)
        #expect(json["errors"] as? Int == 0)
        let regimes = try #require(json["by_regime"] as? [String: Int])
        #expect(regimes.values.reduce(0, +) == 26_140)
        #expect((regimes["LEO"] ?? 0) > 20_000 && (regimes["GEO"] ?? 0) > 500)
    }

    @Test("propagate --format json: one object per state with id, epoch, x…vz; the grid includes both ends")
    func propagateJSON() throws {
        let file = try Self.tempFile("iss.3le", Self.iss)
        let r = try Self.run(["propagate", file, "--start", "2023-10-09T12:00:00Z", "--duration", "600",
                              "--step", "60", "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let states = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [[String: Any]])
        #expect(states.count == 11)
        let first = try #require(states.first)
        #expect(first["id"] as? Int == 25_544)
        #expect(first["epoch"] as? String == "2023-10-09T12:00:00.000000Z")
        let x = try #require(first["x"] as? Double), y = try #require(first["y"] as? Double), z = try #require(first["z"] as? Double)
        let radius = (x * x + y * y + z * z).squareRoot()
        #expect(radius > 6_700 && radius < 6_850, "ISS radius \(radius) km")
        #expect(states.last?["epoch"] as? String == "2023-10-09T12:10:00.000000Z")
    }

    @Test("propagate --frame geodetic: latitude within the ISS inclination (+0.2° geodetic vs geocentric), altitude 400–445 km")
    func propagateGeodetic() throws {
        let file = try Self.tempFile("iss.3le", Self.iss)
        let r = try Self.run(["propagate", file, "--start", "2023-10-09T12:00:00Z", "--duration", "5400",
                              "--step", "300", "--frame", "geodetic", "--format", "csv"])
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.stdout.split(separator: "\n")
        #expect(lines.first == "id,epoch,lat_deg,lon_deg,alt_km,error")
        #expect(lines.count == 1 + 19)
        for line in lines.dropFirst() {
            let f = line.split(separator: ",", omittingEmptySubsequences: false)
            let lat = try #require(Double(f[2])), alt = try #require(Double(f[4]))
            #expect(abs(lat) <= 51.641 + 0.2 && alt > 400 && alt < 445, "\(line)")
        }
    }

    @Test("a state SGP4 rejects is an error record with Vallado's code, not a crash (28872 decays)")
    func decayedObjectReportsError() throws {
        let file = try Self.tempFile("decay.tle", Self.decaying)
        let r = try Self.run(["propagate", file, "--start", "2005-11-29T00:28:58Z", "--duration", "7200",
                              "--step", "600", "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let states = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [[String: Any]])
        #expect(states.count == 13)
        #expect(states.first?["x"] != nil)
        // Each state is evaluated as SGP4 evaluates it: at 60 min the radius is below one Earth radius
        // (error 6, python-sgp4 2.27 agrees); the states before it are good.
        #expect(states[6]["error_code"] as? Int == 6, "\(states[6])")
        #expect(states[0..<6].allSatisfy { $0["x"] != nil })
        #expect(states.allSatisfy { $0["x"] != nil || $0["error"] != nil })
    }

    @Test("bad records are reported with file, line and field; good records still processed; exit 1")
    func badInputKeepsGoodRecords() throws {
        var lines = Self.iss.split(separator: "\n").map(String.init)
        let bad = ["1 00005U 58002B   23282.54072583  .00000274  00000-0  37082-3 0  9990",   // checksum 7 expected
                   "2 00005  34.2426 102.8218 1844295  34.3480 336.3609 10.85092911336586"]
        lines += bad
        let file = try Self.tempFile("mixed.tle", lines.joined(separator: "\n") + "\n")
        let r = try Self.run(["catalog", "summary", file, "--format", "json"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("mixed.tle:4"), "\(r.stderr)")
        #expect(r.stderr.lowercased().contains("checksum"))
        let json = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        #expect(json["objects"] as? Int == 1)
        #expect(json["errors"] as? Int == 1)
        let accepted = try Self.run(["catalog", "summary", file, "--format", "json", "--accept-bad-checksums"])
        #expect(accepted.stdout.contains("\"objects\":2"), "\(accepted.stdout)")
    }

    @Test("usage errors exit 64 with a message on stderr")
    func usageErrors() throws {
        let both = try Self.run(["propagate", "--start", "2023-10-09T12:00:00Z"])
        #expect(both.status == 64)
        #expect(both.stderr.contains("--end") && both.stderr.contains("--duration"))
        let oemGeodetic = try Self.run(["propagate", "--start", "2023-10-09T12:00:00Z", "--duration", "60",
                                        "--frame", "geodetic", "--format", "oem"])
        #expect(oemGeodetic.status == 64)
        let badTime = try Self.run(["propagate", "--start", "2023-13-09", "--duration", "60"])
        #expect(badTime.status == 64)
        #expect(badTime.stderr.contains("2023-13-09"))
    }

    @Test("propagate --format oem writes CCSDS OEM with one segment per object")
    func propagateOEM() throws {
        let file = try Self.tempFile("two.tle", Self.iss + "\n" + Self.decaying + "\n")
        let r = try Self.run(["propagate", file, "--start", "2005-11-29T00:28:58Z", "--duration", "7200",
                              "--step", "600", "--format", "oem", "--frame", "gcrf"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.hasPrefix("CCSDS_OEM_VERS = 3.0"))
        #expect(r.stdout.components(separatedBy: "META_START").count - 1 == 2)
        #expect(r.stdout.contains("REF_FRAME = GCRF"))
        #expect(r.stdout.contains("SGP4 error 6"))
    }

    @Test("convert to TLE reproduces the bundled catalog's lines byte for byte (less CRLF)")
    func convertRoundTrip() throws {
        let r = try Self.run(["convert", "--to", "tle"])
        #expect(r.status == 0, "\(r.stderr)")
        let bytes = try readFile(Self.root.appendingPathComponent("data/spacetrack_gp_full_catalog_2023-10-09.3le.gz").path)
        let original = String(decoding: bytes, as: UTF8.self)
        let want = original.split(separator: "\r\n").map(String.init)
        let got = r.stdout.split(separator: "\n").map(String.init)
        #expect(got.count == want.count)
        #expect(got == want)
    }

    @Test("pc on an ITRF CDM: Foster1992 Pc within 1e-4 of Orekit's 0.0034965; a CDM without HBR is reported, exit 1")
    func pcFromCDM() throws {
        let ion = Self.root.appendingPathComponent("Tests/Fixtures/cdm/ION_SCV8_vs_STARLINK_1233.txt").path
        let r = try Self.run(["pc", ion, "--hbr-m", "10", "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let records = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [[String: Any]])
        let results = try #require(records.first?["results"] as? [[String: Any]])
        let pc = try #require(results.first?["pc"] as? Double)
        #expect(abs(pc - 0.0034965) / 0.0034965 < 1e-4)
        let noRadius = Self.root.appendingPathComponent("Tests/Fixtures/cdm/CDMExample1.txt").path
        let bad = try Self.run(["pc", noRadius])
        #expect(bad.status == 1)
        #expect(bad.stderr.contains("hard-body radius"))
    }

    static let pair = """
    0 OPS 5644
    1 10033U 77044A   23282.54234056  .00000948  00000-0  38226-3 0  9990
    2 10033  99.1495 262.8243 0038267 187.4784 172.5831 14.30151981227773
    0 COSMOS 1741
    1 16681U 86030A   23282.61631338  .00000485  00000-0  18522-3 0  9995
    2 16681  74.0251  44.1271 0019350 204.8194 155.2028 14.33292998958586
    """

    @Test("screen --format json: the OPS 5644 × COSMOS 1741 event with its fields; --cdm-dir writes a CDM pc reads back")
    func screenJSONAndCDM() throws {
        let file = try Self.tempFile("pair.3le", Self.pair)
        let cdmDir = (file as NSString).deletingLastPathComponent + "/cdm"
        let r = try Self.run(["screen", file, "--start", "2023-10-09T11:38:00Z", "--days", "0.5", "--format", "json",
                              "--cdm-dir", cdmDir, "--threads", "1"])
        #expect(r.status == 0, "\(r.stderr)")
        let events = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [[String: Any]])
        let event = try #require(events.first { ($0["tca"] as? String)?.hasPrefix("2023-10-09T16:51:41.9") == true }, "\(events)")
        #expect(event["id1"] as? Int == 10033 && event["id2"] as? Int == 16681)
        #expect(abs((event["miss_km"] as? Double ?? 0) - 4.904) < 0.001)
        #expect((event["miss_rtn_km"] as? [Double])?.count == 3)
        #expect((event["pc_max"] as? Double ?? 0) > 0)
        #expect(event["pc_method"] as? String == "foster1992 (default TLE covariance)")
        let cdms = try FileManager.default.contentsOfDirectory(atPath: cdmDir).filter { $0.hasSuffix(".cdm") }
        #expect(cdms.count == events.count)
        let pc = try Self.run(["pc", cdmDir + "/" + cdms[0], "--format", "json"])
        #expect(pc.status == 0, "\(pc.stderr)")
        // The same CDM drives avoidance planning (positional CDM, told from the catalog by content).
        let cdm = try #require(cdms.first { $0.contains("T165141") }, "\(cdms)")
        let avoid = try Self.run(["avoid", cdmDir + "/" + cdm, file, "--start", "2023-10-09T11:38:00Z", "--days", "0.5",
                                  "--hbr-m", "100", "--sigma-scale", "8", "--format", "json"])
        #expect(avoid.status == 0, "\(avoid.stderr)")
        #expect(avoid.stdout.contains("\"maneuver\":{"), "\(avoid.stdout)")
    }

    @Test("avoid --event: the smallest along-track burn one orbit before TCA brings Pc below 1e-4, verified by re-screening")
    func avoidEvent() throws {
        let file = try Self.tempFile("pair.3le", Self.pair)
        // Inflated covariance (σ × 8) and a 100 m radius put this 4.9 km event above CARA's 1e-4 line.
        let r = try Self.run(["avoid", file, "--event", "10033,16681", "--start", "2023-10-09T11:38:00Z", "--days", "0.5",
                              "--hbr-m", "100", "--sigma-scale", "8", "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let plan = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        #expect((plan["pc"] as? Double ?? 0) > 1e-4)
        let maneuver = try #require(plan["maneuver"] as? [String: Any])
        let dv = try #require(maneuver["delta_v_cm_s"] as? Double)
        #expect(dv > 5 && dv < 50, "Δv \(dv) cm/s")
        #expect((maneuver["pc"] as? Double ?? 1) < 1e-4)
        #expect(plan["verified"] as? Bool == true)
    }
}
