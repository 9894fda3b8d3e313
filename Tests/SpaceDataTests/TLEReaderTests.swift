import Foundation
import Testing
@testable import SpaceData

@Suite("TLE/3LE reader and writer")
struct TLEReaderTests {
    // Vanguard 1 from the 2023-10-09 Space-Track catalog.
    let name = "0 VANGUARD 1"
    let l1 = "1 00005U 58002B   23282.54072583  .00000274  00000-0  37082-3 0  9997"
    let l2 = "2 00005  34.2426 102.8218 1844295  34.3480 336.3609 10.85092911336586"

    @Test("reads every field of a 3LE in file units")
    func readsFields() throws {
        let r = TLEReader().read("\(name)\r\n\(l1)\r\n\(l2)\r\n", file: "v.3le")
        #expect(r.summary == "1 element sets, 0 errors")
        let s = try #require(r.records.first)
        #expect(s.objectName == "VANGUARD 1")
        #expect(s.objectID == "1958-002B")
        #expect(s.noradCatalogNumber == 5)
        #expect(s.classification == "U")
        #expect(s.epoch.iso8601UTC(fractionDigits: 6) == "2023-10-09T12:58:38.711712Z")
        #expect(s.meanMotionDot == 0.00000274)
        #expect(s.meanMotionDDot == 0)
        #expect(s.bstar == 0.37082e-3)
        #expect(s.ephemerisType == 0)
        #expect(s.elementSetNumber == 999)
        #expect(s.inclinationDeg == 34.2426)
        #expect(s.raanDeg == 102.8218)
        #expect(s.eccentricity == 0.1844295)
        #expect(s.argumentOfPericenterDeg == 34.3480)
        #expect(s.meanAnomalyDeg == 336.3609)
        #expect(s.meanMotionRevPerDay == 10.85092911)
        #expect(s.revolutionNumberAtEpoch == 33658)
        #expect(try TLEWriter().lines(for: s) == [name, l1, l2])
        #expect(try TLEReader().parse(line1: l1, line2: l2).noradCatalogNumber == 5)
    }

    @Test("meanElements uses twoline2rv's arithmetic (Vallado et al. 2006)")
    func meanElements() throws {
        let s = try TLEReader().parse(line1: l1, line2: l2)
        let m = s.meanElements
        let xpdotp = 1440.0 / (2.0 * Double.pi)
        #expect(m.meanMotionRadPerMin == 10.85092911 / xpdotp)
        #expect(m.inclinationRad == 34.2426 * Double.pi / 180)
        #expect(m.bstarPerEarthRadius == 0.37082e-3)
        #expect(m.meanMotionDotRadPerMin2 == 0.00000274 / (xpdotp * 1440))
        #expect(m.epoch == s.epoch)
    }

    @Test("Alpha-5 catalog numbers: A0000 = 100000, letters skip I and O, Z9999 = 339999")
    func alpha5() throws {
        #expect(TLEFields.catalogNumber("A0000") == 100_000)
        #expect(TLEFields.catalogNumber("H9999") == 179_999)
        #expect(TLEFields.catalogNumber("J0000") == 180_000)
        #expect(TLEFields.catalogNumber("P0000") == 230_000)
        #expect(TLEFields.catalogNumber("T0288") == 270_288)
        #expect(TLEFields.catalogNumber("Z9999") == 339_999)
        #expect(TLEFields.catalogNumber("I0000") == nil)
        #expect(TLEFields.catalogNumber("O0000") == nil)
        #expect(TLEFields.catalogNumber("    5") == 5)
        #expect(TLEFields.catalogNumber("00005") == 5)
        #expect(try TLEFields.formatCatalogNumber(270_288) == "T0288")
        #expect(try TLEFields.formatCatalogNumber(99_999) == "99999")
        #expect(throws: ParseError.self) { try TLEFields.formatCatalogNumber(340_000) }
    }

    @Test("exponent forms: blank, + and - signs, zero mantissas, plain decimals")
    func exponentForms() throws {
        #expect(TLEFields.exponential(" 12345-3") == 0.12345e-3)
        #expect(TLEFields.exponential("+12345-3") == 0.12345e-3)
        #expect(TLEFields.exponential("-12345-3") == -0.12345e-3)
        #expect(TLEFields.exponential(" 00000-0") == 0)
        #expect(TLEFields.exponential("+00000+0") == 0)
        #expect(TLEFields.exponential("-30915-6") == -0.30915e-6)
        #expect(TLEFields.exponential(" 12030+1") == 1.203)
        #expect(TLEFields.exponential("0.000123") == 0.000123)
        #expect(TLEFields.exponential("-66000-10") == nil)
        #expect(TLEFields.exponential("  abc-1") == nil)
        #expect(try TLEFields.formatExponential(0.37082e-3, field: "BSTAR") == " 37082-3")
        #expect(try TLEFields.formatExponential(-0.30915e-6, field: "BSTAR") == "-30915-6")
        #expect(try TLEFields.formatExponential(1.203, field: "BSTAR") == " 12030+1")
        #expect(try TLEFields.formatExponential(0, field: "BSTAR") == " 00000-0")
        #expect(throws: ParseError.self) { try TLEFields.formatExponential(1e12, field: "BSTAR") }
    }

    @Test("a bad checksum names file, line and reason; accepted as a warning when asked")
    func checksum() throws {
        let bad = String(l2.dropLast()) + "0"
        let r = TLEReader().read("\(name)\n\(l1)\n\(bad)\n", file: "v.3le")
        #expect(r.records.isEmpty)
        let e = try #require(r.errors.first)
        #expect(e.code == .checksum)
        #expect(e.file == "v.3le")
        #expect(e.line == 3)
        #expect(e.context == "line 2")
        #expect(e.description == "v.3le:3: line 2: checksum digit is '0' but the line sums to 6")
        let lenient = TLEReader(acceptBadChecksums: true).read("\(name)\n\(l1)\n\(bad)\n", file: "v.3le")
        #expect(lenient.records.count == 1)
        #expect(lenient.errors.isEmpty)
        #expect(lenient.warnings.first?.code == .checksum)
        // Written back with the correct checksum.
        #expect(try TLEWriter().lines(for: lenient.records[0])[2] == l2)
    }

    @Test("each malformed record names its line and field; the good ones still load")
    func malformedRecords() throws {
        let badNumber = l1.replacingOccurrences(of: " .00000274", with: " .000X0274")
        let badLine2 = "2 00006  34.2426 102.8218 1844295  34.3480 336.3609 10.85092911336586"
        let fixedSum = { (s: String) -> String in
            let body = String(s.prefix(68))
            return body + String(TLEFields.checksum(body.utf8))
        }
        let text = [
            name, l1, l2,                              // 1-3 good
            "BAD ONE", fixedSum(badNumber), l2,        // 4-6 MEAN_MOTION_DOT
            "MISMATCH", l1, fixedSum(badLine2),        // 7-9 catalog numbers differ
            "SHORT", String(l1.prefix(40)), l2,        // 10-12 line too short
            "ORPHAN", l2,                              // 13-14 line 2 without line 1
            name, l1, l2,                              // 15-17 good
            "TRUNCATED", l1,                           // 18-19 ends inside a record
        ].joined(separator: "\n")
        let r = TLEReader().read(text, file: "mixed.3le")
        #expect(r.records.count == 2)
        let found = r.errors.map { "\($0.line ?? 0) \($0.field ?? "-") \($0.code)" }
        #expect(found.contains("5 MEAN_MOTION_DOT badNumber"))
        #expect(found.contains("9 NORAD_CAT_ID mismatchedCatalogNumber"))
        #expect(found.contains("11 - lineLength"))
        #expect(found.contains("14 - badLineNumber"))
        #expect(found.contains("19 - unexpectedEnd"))
        for e in r.errors { #expect(e.file == "mixed.3le"); #expect(e.line != nil) }
        #expect(r.errors.first { $0.field == "MEAN_MOTION_DOT" }?.description
                == "mixed.3le:5: line 1 field MEAN_MOTION_DOT: ' .000X0274' is not a decimal number")
    }

    @Test("two-line sets, bare names, CRLF and space-padded numbers round trip byte for byte")
    func presentations() throws {
        let spaced1 = "1     5U 58002B   23282.54072583 +.00000274 +00000+0 +37082-3 0  9997"
        let spaced2 = "2     5  34.2426 102.8218 1844295  34.3480 336.3609 10.85092911336586"
        let s1 = String(spaced1.prefix(68)) + String(TLEFields.checksum(spaced1.utf8))
        let s2 = String(spaced2.prefix(68)) + String(TLEFields.checksum(spaced2.utf8))
        let text = "VANGUARD 1  \r\n\(s1)\r\n\(s2)\r\n\(l1)\r\n\(l2)\r\n"
        let r = TLEReader().read(text)
        #expect(r.errors.isEmpty)
        #expect(r.records.count == 2)
        #expect(r.records[0].objectName == "VANGUARD 1")
        #expect(r.records[1].objectName == nil)
        #expect(r.records[0].valuesOnly.epoch == r.records[1].epoch)
        #expect(r.records[0].noradCatalogNumber == 5)
        #expect(r.records[0].bstar == r.records[1].bstar)
        let out = try TLEWriter.matchingLineEndings(of: Array(text.utf8)).write(r.records)
        #expect(out == text)
        // Without presentation: canonical Space-Track formatting.
        let canonical = try TLEWriter(preservePresentation: false).lines(for: r.records[0])
        #expect(canonical == [name, l1, l2])
        // A changed value drops the stale presentation of that field only.
        var changed = r.records[0]
        changed.bstar = 0.5e-4
        let lines = try TLEWriter().lines(for: changed)
        #expect(lines[1].hasPrefix("1     5U 58002B   23282.54072583 +.00000274 +00000+0  50000-4 0  999"))
    }

    @Test("values that do not fit TLE columns are refused with the field named")
    func unwritable() throws {
        var s = try TLEReader().parse(line1: l1, line2: l2)
        s.meanMotionRevPerDay = 123.4
        #expect(throws: ParseError.self) { try TLEWriter().lines(for: s) }
        do { _ = try TLEWriter().lines(for: s) } catch {
            #expect(error.code == .outOfRange)
            #expect(error.field == "MEAN_MOTION")
        }
        s = try TLEReader().parse(line1: l1, line2: l2)
        s.noradCatalogNumber = 400_000
        do { _ = try TLEWriter().lines(for: s); Issue.record("accepted") } catch { #expect(error.field == "NORAD_CAT_ID") }
        s = try TLEReader().parse(line1: l1, line2: l2)
        s.revolutionNumberAtEpoch = 123_456
        do { _ = try TLEWriter().lines(for: s); Issue.record("accepted") } catch { #expect(error.field == "REV_AT_EPOCH") }
        s = try TLEReader().parse(line1: l1, line2: l2)
        s.epoch = try Instant(utc: "2057-01-01T00:00:00Z")
        do { _ = try TLEWriter().lines(for: s); Issue.record("accepted") } catch { #expect(error.field == "EPOCH") }
        var errors: [ParseError] = []
        let partial = TLEWriter().write([s, try TLEReader().parse(line1: l1, line2: l2)], errors: &errors)
        #expect(errors.count == 1)
        #expect(partial.split(separator: "\n").count == 2)
    }

    @Test("Starlink history: NORAD 60069's BSTAR '-66000-10' is reported, its neighbours load")
    func starlinkBadRecord() throws {
        // Source: CelesTrak Starlink history 2026-05-24..30, lines 265309-265329 (see SOURCES.md).
        let r = TLEReader().read(contentsOf: Fixture.path("starlink_history_excerpt.3le"))
        #expect(r.records.count == 6)
        let bstarErrors = r.errors.filter { $0.field == "BSTAR" }
        #expect(bstarErrors.count == 1)
        let e = try #require(bstarErrors.first)
        #expect(e.file == "starlink_history_excerpt.3le")
        #expect(e.line == 11)
        #expect(e.value == "-66000-10")
        #expect(e.description == "starlink_history_excerpt.3le:11: line 1 field BSTAR: '-66000-10' is not a valid exponent form")
        #expect(!r.records.contains { $0.epoch == (try? Instant(tleEpoch: "26148.31797007")) })
    }

    @Test("Vallado's SGP4-VER.TLE: comment lines and columns after 69 tolerated; its edited error cases fail the checksum")
    func valladoFile() throws {
        // The file's deliberate error cases (33333, 33334, 33335) were edited without fixing checksums.
        let r = TLEReader().read(contentsOf: Fixture.path("SGP4-VER.TLE"))
        #expect(r.records.count == 30)
        #expect(r.errors.map(\.line) == [100, 101, 103, 106, 107])
        #expect(r.errors.allSatisfy { $0.code == .checksum })
        let lenient = TLEReader(acceptBadChecksums: true).read(contentsOf: Fixture.path("SGP4-VER.TLE"))
        #expect(lenient.errors.isEmpty)
        #expect(lenient.warnings.count == 5)
        #expect(lenient.records.count == 33)
        #expect(lenient.summary == "33 element sets, 0 errors, 5 warnings")
        #expect(lenient.records.contains { $0.noradCatalogNumber == 11801 && $0.elementSetNumber == 1 && $0.objectID == nil })
        #expect(lenient.records.contains { $0.noradCatalogNumber == 33334 && $0.meanMotionRevPerDay == 0.00001 })
    }
}
