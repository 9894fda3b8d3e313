import Foundation
import Testing
@testable import Astrodynamics

@Suite("Time scales and Instant")
struct TimeTests {
    /// Vallado, "Fundamentals of Astrodynamics and Applications", 4th ed., Example 3-7:
    /// 2004-05-14 16:43:00 UTC, ΔUT1 = −0.463326 s, ΔAT = 32 s gives UT1 16:42:59.536674,
    /// TAI 16:43:32, TT 16:44:04.184, JD(TT) = 2453140.197270649, T(TT) = 0.043674121031 centuries.
    @Test("Vallado Example 3-7: UTC to UT1, TAI, TT and Julian centuries")
    func valladoExample3_7() throws {
        let t = try Instant(utc: "2004-05-14T16:43:00Z")
        let tt = t.julianDate(.tt)
        #expect(abs((tt.whole - 2_453_140.5) + tt.fraction - (2_453_140.197270649 - 2_453_140.5)) * 86_400 < 1e-4,
                "JD(TT) within 0.1 ms")
        #expect(abs(tt.centuriesSinceJ2000 - 0.043674121031) < 1e-11)
        let tai = t.julianDate(.tai)
        #expect(abs(tai.fraction * 86_400 - (16 * 3600 + 43 * 60 + 32)) < 1e-6)
        let eop = EarthOrientationTable(rows: [
            .init(utcModifiedJulianDay: 53_139, parameters: .init(ut1MinusUTCSeconds: -0.463326)),
            .init(utcModifiedJulianDay: 53_140, parameters: .init(ut1MinusUTCSeconds: -0.463326)),
        ])
        let ut1 = t.julianDate(.ut1, earthOrientation: eop)
        #expect(abs(ut1.fraction * 86_400 - (16 * 3600 + 42 * 60 + 59.536674)) < 1e-6)
    }

    /// J2000.0 is JD 2451545.0 TT = 2000-01-01T11:58:55.816 UTC (IERS Conventions; TAI − UTC = 32 s).
    @Test("J2000.0 epoch: 2000-01-01T11:58:55.816 UTC is JD 2451545.0 TT")
    func j2000() throws {
        let t = try Instant(utc: "2000-01-01T11:58:55.816Z")
        let jd = t.julianDate(.tt)
        #expect(abs((jd.whole - 2_451_545.0) + jd.fraction) * 86_400 < 1e-6)
        #expect(Instant(julianDate: JulianDate(whole: 2_451_545.0, fraction: 0), scale: .tt).secondsSince(t).magnitude < 1e-6)
    }

    @Test("A leap second is a real second: 2016-12-31T23:59:60.5Z reads, writes and counts")
    func leapSecond() throws {
        let before = try Instant(utc: "2016-12-31T23:59:59Z")
        let inside = try Instant(utc: "2016-12-31T23:59:60.5Z")
        let after = try Instant(utc: "2017-01-01T00:00:00Z")
        #expect(after.secondsSince(before) == 2, "two SI seconds span the inserted second")
        #expect(inside.iso8601UTC(fractionDigits: 3) == "2016-12-31T23:59:60.500Z")
        #expect(after.iso8601UTC(fractionDigits: 0) == "2017-01-01T00:00:00Z")
        #expect(LeapSecondTable.bundled.taiMinusUTC(utcModifiedJulianDay: 57_753) == 36)
        #expect(LeapSecondTable.bundled.taiMinusUTC(utcModifiedJulianDay: 57_754) == 37)
    }

    @Test("ISO-8601 forms and round trips to the microsecond")
    func iso8601() throws {
        let a = try Instant(utc: "2023-10-09T12:34:56.123456Z")
        #expect(a.iso8601UTC() == "2023-10-09T12:34:56.123456Z")
        #expect(try Instant(utc: "2023-282T12:34:56.123456") == a, "CCSDS day-of-year form")
        #expect(try Instant(utc: "2023-10-09 12:34:56.123456") == a)
        #expect(try Instant(utc: "2023-10-09").iso8601UTC(fractionDigits: 0) == "2023-10-09T00:00:00Z")
        // Rounding carries into the next day.
        #expect(try Instant(utc: "2023-12-31T23:59:59.9999996Z").iso8601UTC() == "2024-01-01T00:00:00.000000Z")
        for bad in ["2023-13-01", "2023-02-30T00:00:00", "2023-10-09T24:00:00", "2023-10-09T12:3:00", "yesterday", ""] {
            #expect(throws: TimeParseError.self, "\(bad)") { try Instant(utc: bad) }
        }
    }

    /// TLE epoch: NORAD's two-digit year rule (57–99 → 19xx) and day-of-year with fraction,
    /// day 1.0 = Jan 1 0h. 00179.78495062 is the epoch of Vallado's first verification case
    /// (SGP4-VER.TLE, sat 5): 0.78495062 d = 18:50:19.733568.
    @Test("TLE epoch fields read and write back to the character")
    func tleEpoch() throws {
        let e = try Instant(tleEpoch: "00179.78495062")
        #expect(e.iso8601UTC() == "2000-06-27T18:50:19.733568Z")
        #expect(e.tleEpoch() == "00179.78495062")
        #expect(try Instant(tleEpoch: "80230.29629788").utcCalendar().year == 1980)
        #expect(try Instant(tleEpoch: "56001.00000000").utcCalendar().year == 2056)
        for text in ["23282.54072583", "57001.00000000", "99365.99999999", "24366.50000000"] {
            #expect(try Instant(tleEpoch: Substring(text)).tleEpoch() == text)
        }
        #expect(throws: TimeParseError.self) { try Instant(tleEpoch: "23400.00000000") }
        #expect(throws: TimeParseError.self) { try Instant(tleEpoch: "2328x.5") }
    }

    @Test("Spans: Instant − Instant is a Duration, Instant + Duration an Instant, exact across decades")
    func spans() throws {
        let a = try Instant(utc: "1980-01-01T00:00:00.000001Z")
        let b = a + .seconds(40 * 365 * 86_400) + .microseconds(1)
        #expect((b - a) == .seconds(40 * 365 * 86_400) + .microseconds(1))
        // The Duration path is exact; the Double path keeps a Double's resolution at 1.26e9 s (~2.4e-7 s).
        #expect(abs(b.secondsSince(a) - Double(40 * 365 * 86_400) - 1e-6) < 2.5e-7)
        let c = a.advanced(bySeconds: 5_400.25)
        #expect(c.secondsSince(a) == 5_400.25 && abs(c.advanced(bySeconds: -5_400.25).secondsSince(a)) < 1e-15)
        #expect(a < b)
    }

    @Test("EOP interpolation keeps UT1 continuous across the 2017 leap second")
    func eopAcrossLeapSecond() throws {
        // UT1 − UTC jumps by +1 s at the leap second (0.4 → −0.6 + 1 ... shown here as +0.59 → −0.41).
        let eop = EarthOrientationTable(rows: [
            .init(utcModifiedJulianDay: 57_753, parameters: .init(polarMotionXRad: 1e-6, ut1MinusUTCSeconds: -0.41)),
            .init(utcModifiedJulianDay: 57_754, parameters: .init(polarMotionXRad: 3e-6, ut1MinusUTCSeconds: 0.59)),
        ])
        let mid = eop.parameters(utcModifiedJulianDay: 57_753, secondsOfDay: 43_200)
        #expect(abs(mid.ut1MinusUTCSeconds - (-0.41)) < 1e-12, "UT1 − TAI is flat, so UT1 − UTC stays −0.41 before the leap")
        #expect(abs(mid.polarMotionXRad - 2e-6) < 1e-18)
        let edge = eop.parameters(utcModifiedJulianDay: 60_000, secondsOfDay: 0)
        #expect(edge.ut1MinusUTCSeconds == 0.59, "after the last row the edge value holds")
        #expect(EarthOrientationTable.empty.parameters(utcModifiedJulianDay: 60_000, secondsOfDay: 0) == .zero)
    }

    @Test("The compiled-in leap-second table equals data/leap-seconds.list")
    func bundledLeapSecondsMatchFile() throws {
        let url = Fixtures.repositoryRoot.appendingPathComponent("data/leap-seconds.list")
        let text = try String(contentsOf: url, encoding: .utf8)
        var fromFile: [LeapSecondTable.Entry] = []
        for line in text.split(whereSeparator: \.isNewline) where !line.hasPrefix("#") {
            let f = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard f.count >= 2, let ntp = Int(f[0]), let dat = Int(f[1]) else { continue }
            fromFile.append(.init(utcModifiedJulianDay: 15_020 + ntp / 86_400, taiMinusUTCSeconds: dat))
        }
        #expect(fromFile.count == 28)
        #expect(fromFile == LeapSecondTable.bundled.entries)
    }
}

extension Fixtures {
    /// The package root, found from this source file's path.
    static var repositoryRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }
}
