import Foundation
import Testing

/// `kanshi od` end to end. Fixtures (Tests/Fixtures/maintenance/SOURCES.md): `od_catalog.3le` holds three
/// real LEO element sets perturbed ("aged"); `od_tracklets.tdm` twelve hours of the default network's
/// simulated tracklets of the unperturbed sets, written by
/// `Benchmarks/catalog_maintenance … CatalogMaintenanceBenchmark fixture`.
@Suite("kanshi od")
struct ODCLITests {
    static let fixtures = CLITests.root.appendingPathComponent("Tests/Fixtures/maintenance")
    static func fixture(_ name: String) -> String { fixtures.appendingPathComponent(name).path }

    @Test("Fits the catalog's objects from a TDM: JSON report, new element sets with set number + 1")
    func fitsObjects() throws {
        let out = try CLITests.tempFile("next.tle", "")
        let r = try CLITests.run(["od", Self.fixture("od_tracklets.tdm"), "--catalog", Self.fixture("od_catalog.3le"),
                                  "--out", out, "--report", "json", "--no-eop"])
        #expect(r.status == 0, "\(r.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let objects = try #require(json["objects"] as? [[String: Any]])
        #expect(objects.count == 3)
        for o in objects {
            #expect((o["weighted_rms"] as? Double ?? 99) < 2, "\(o)")
            #expect(o["elements"] is [String: Any])
            #expect((o["tracklets"] as? [String])?.isEmpty == false)
        }
        #expect((json["new_objects"] as? [Any])?.isEmpty == true)
        let written = try String(contentsOfFile: out, encoding: .utf8)
        let catalog = try String(contentsOfFile: Self.fixture("od_catalog.3le"), encoding: .utf8)
        // Element-set number (TLE line 1, columns 65–68) is one more than the catalog's.
        func setNumbers(_ text: String) -> [Int] {
            text.split(separator: "\n").filter { $0.hasPrefix("1 ") }.map { Int(String(Array($0)[64..<68]).trimmingCharacters(in: .whitespaces))! }
        }
        #expect(setNumbers(written) == setNumbers(catalog).map { $0 % 9999 + 1 })
    }

    @Test("The table report names each object and the timings")
    func table() throws {
        let out = try CLITests.tempFile("next.omm", "")
        let r = try CLITests.run(["od", Self.fixture("od_tracklets.tdm"), "--catalog", Self.fixture("od_catalog.3le"),
                                  "--out", out, "--format", "omm-kvn", "--no-eop"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("OBJECT   TRACKS"))
        #expect(r.stdout.contains("TIMINGS"))
        let omm = try String(contentsOfFile: out, encoding: .utf8)
        #expect(omm.contains("MEAN_MOTION"))
        // Each fitted set carries its fit noise for the maneuver detector (docs/threats.md, OD histories).
        #expect(omm.contains("USER_DEFINED_FIT_SIGMA_SMA_KM"), "the OMM carries the fit σ")
    }

    @Test("A malformed TDM is exit 1 naming the file and line; a missing file is exit 1; no TDM is usage (64)")
    func badInput() throws {
        let bad = try CLITests.tempFile("bad.tdm", "CCSDS_TDM_VERS = 2.0\nCREATION_DATE = 2023-10-09T00:00:00\nORIGINATOR = X\nMETA_START\nTIME_SYSTEM = UTC\nPARTICIPANT_1 = A\nMETA_STOP\nDATA_START\nRANGE = not-a-time 12.0\nDATA_STOP\n")
        let out = try CLITests.tempFile("x.tle", "")
        let r = try CLITests.run(["od", bad, "--catalog", Self.fixture("od_catalog.3le"), "--out", out, "--no-eop"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("bad.tdm:"), "\(r.stderr)")
        let missing = try CLITests.run(["od", "/nonexistent.tdm", "--catalog", Self.fixture("od_catalog.3le"), "--out", out])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("/nonexistent.tdm"))
        let usage = try CLITests.run(["od", "--catalog", Self.fixture("od_catalog.3le"), "--out", out])
        #expect(usage.status == 64)
    }
}
