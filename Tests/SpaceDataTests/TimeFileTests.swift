import Foundation
import Testing
@testable import SpaceData

@Suite("Leap-second and Earth orientation files")
struct TimeFileTests {
    @Test("leap-seconds.list (IERS, expires 2020-12-28) reads to the bundled table")
    func leapSeconds() throws {
        let t = try LeapSecondsFile.read(contentsOf: Fixture.path("leap-seconds.list"))
        #expect(t.entries == LeapSecondTable.bundled.entries)
        #expect(t.entries.first == .init(utcModifiedJulianDay: 41_317, taiMinusUTCSeconds: 10))
        #expect(t.entries.last == .init(utcModifiedJulianDay: 57_754, taiMinusUTCSeconds: 37))
        #expect(t.expiresModifiedJulianDay == 59_211)   // #@ 3818102400 = 2020-12-28
        #expect(t.taiMinusUTC(utcModifiedJulianDay: 60_226) == 37)
        // The #h SHA-1 is checked: a changed offset no longer matches it.
        let text = try String(contentsOfFile: Fixture.path("leap-seconds.list"), encoding: .utf8)
        let tampered = text.replacingOccurrences(of: "3692217600\t37", with: "3692217600\t38")
        #expect(tampered != text)
        do {
            _ = try LeapSecondsFile.read(tampered, file: "leap-seconds.list")
            Issue.record("tampered list accepted")
        } catch {
            #expect(error.code == .checksum)
            #expect(error.field == "#h")
        }
        do {
            _ = try LeapSecondsFile.read("2272060800\t10\n2287785600\televen\n", file: "bad.list")
            Issue.record("accepted")
        } catch {
            #expect(error.line == 2)
            #expect(error.file == "bad.list")
        }
    }

    @Test("CelesTrak EOP CSV: plain and gzip agree; arcseconds become radians")
    func earthOrientation() throws {
        let (plain, r1) = try EarthOrientationFile.read(contentsOf: Fixture.path("eop_2023-10_sample.csv"))
        let (gz, r2) = try EarthOrientationFile.read(contentsOf: Fixture.path("eop_2023-10_sample.csv.gz"))
        #expect(r1.summary == "31 EOP rows, 0 errors")
        #expect(r2.errors.isEmpty)
        #expect(plain == gz)
        #expect(plain.coverage == 60_218...60_248)
        // 2023-10-01: X 0.301410", Y 0.334326", UT1-UTC 0.0117122 s, LOD 0.5107 ms, DPSI -0.118634", DEPS -0.008774".
        let p = plain.rows[0].parameters
        let as2r = Double.pi / (180 * 3600)
        #expect(p.polarMotionXRad == 0.301410 * as2r)
        #expect(p.polarMotionYRad == 0.334326 * as2r)
        #expect(p.ut1MinusUTCSeconds == 0.0117122)
        #expect(p.lengthOfDaySeconds == 0.0005107)
        #expect(p.nutationCorrectionDPsiRad == -0.118634 * as2r)
        #expect(p.nutationCorrectionDEpsRad == -0.008774 * as2r)
        // Interpolated at the row's own midnight: within 1 ns of the row (UT1 − UTC goes through UT1 − TAI).
        let q = plain.parameters(utcModifiedJulianDay: 60_218, secondsOfDay: 0)
        #expect(abs(q.ut1MinusUTCSeconds - 0.0117122) < 1e-9)
        let bad = EarthOrientationFile.read(Array("DATE,MJD,X,Y,UT1-UTC\n2023-10-01,60218,0.3,zz,0.01\n".utf8), file: "e.csv")
        #expect(bad.report.errors.first?.line == 2)
        #expect(bad.report.errors.first?.field == "Y")
    }
}

@Suite("Format-detecting element set reader")
struct ElementSetReaderTests {
    @Test("detects TLE, KVN, XML, JSON and CSV by content, gzip or not")
    func detection() throws {
        let cases: [(String, ElementSetReader.Format, Int)] = [
            ("starlink_history_excerpt.3le", .tle, 6),
            ("SGP4-VER.TLE", .tle, 30),
            ("OMMExample1.txt", .ommKVN, 1),
            ("omm1_st.kvn", .ommKVN, 1),
            ("sample_omm.xml", .ommXML, 1),
            ("omm_combined.xml", .ommXML, 19),
            ("sample_omm.json", .ommJSON, 1),
            ("celestrak_debris_first30.json", .ommJSON, 30),
            ("sample_omm.csv", .ommCSV, 1),
            ("celestrak_active_omm_first40.csv", .ommCSV, 40),
        ]
        for (file, format, count) in cases {
            let bytes = try Fixture.bytes(file)
            #expect(ElementSetReader.detectFormat(bytes) == format, "\(file)")
            #expect(ElementSetReader().read(bytes, file: file).records.count == count, "\(file)")
        }
        let all = ElementSetReader().read(files: cases.map { Fixture.path($0.0) } + [Fixture.fullCatalog2023])
        #expect(all.records.count == cases.map(\.2).reduce(0, +) + 26_140)
        #expect(all.errors.allSatisfy { ["starlink_history_excerpt.3le", "SGP4-VER.TLE"].contains($0.file ?? "") })
        let unknown = ElementSetReader().read(Array("hello\nworld\n".utf8), file: "x.txt")
        #expect(unknown.errors.first?.code == .unknownFormat)
        let missing = ElementSetReader().read(files: ["/nonexistent/file.tle"])
        #expect(missing.errors.first?.code == .io)
    }
}
