import Foundation

/// Epoch text of TDM files (CCSDS 503.0-B-2 §4.3.3: `YYYY-MM-DDThh:mm:ss[.d…][Z]` or
/// `YYYY-DDDThh:mm:ss[.d…][Z]`) in a ``TDMTimeSystem``, read and written without going through a
/// single `Double` of seconds of day, so that writing then reading gives the same ``Instant``.
enum TDMEpoch {
    struct Failure: Error { let reason: String }

    /// Reads `text` as a time in `timeSystem`.
    static func parse(_ text: String, timeSystem: TDMTimeSystem) throws(Failure) -> Instant {
        var s = Substring(text.asciiTrimmed())
        if s.hasSuffix("Z") || s.hasSuffix("z") { s = s.dropLast() }
        guard let t = s.firstIndex(where: { $0 == "T" || $0 == "t" }) else {
            throw Failure(reason: "is not YYYY-MM-DDThh:mm:ss or YYYY-DDDThh:mm:ss")
        }
        let mjd: Int
        do { mjd = try Instant.parseISO8601(String(s[..<t])).mjd } catch {
            throw Failure(reason: "has no valid date (YYYY-MM-DD or YYYY-DDD)")
        }
        let f = s[s.index(after: t)...].split(separator: ":", omittingEmptySubsequences: false)
        guard f.count == 3, f[0].count == 2, f[1].count == 2, let h = Int(f[0]), let m = Int(f[1]),
              (0...23).contains(h), (0...59).contains(m), f[0].allSatisfy(\.isTDMDigit), f[1].allSatisfy(\.isTDMDigit)
        else { throw Failure(reason: "has no valid time of day hh:mm:ss") }
        let sec = f[2].split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard sec[0].count == 2, sec[0].allSatisfy(\.isTDMDigit), let whole = Int(sec[0]), whole <= 60 else {
            throw Failure(reason: "has no valid seconds ss[.fff]")
        }
        var fraction = 0.0
        if sec.count == 2 {
            guard !sec[1].isEmpty, sec[1].allSatisfy(\.isTDMDigit), let v = Double("0." + sec[1]) else {
                throw Failure(reason: "has a bad fraction of a second")
            }
            fraction = v
        }
        let secondsOfDay = Double(h * 3600 + m * 60 + whole)
        let start: Instant
        switch timeSystem {
        case .utc:
            if whole == 60 {
                // Only inside an inserted leap second at the end of the day.
                let table = LeapSecondTable.bundled
                guard h == 23, m == 59,
                      table.taiMinusUTC(utcModifiedJulianDay: mjd + 1) > table.taiMinusUTC(utcModifiedJulianDay: mjd)
                else { throw Failure(reason: "has second 60 outside a leap second") }
            }
            start = Instant(utcModifiedJulianDay: mjd, secondsOfDay: secondsOfDay)
        case .tai:
            guard whole < 60 else { throw Failure(reason: "has second 60 in a scale without leap seconds") }
            start = Instant(taiModifiedJulianDay: Int64(mjd), secondsOfDay: secondsOfDay)
        case .gps:
            guard whole < 60 else { throw Failure(reason: "has second 60 in a scale without leap seconds") }
            start = Instant(taiModifiedJulianDay: Int64(mjd), secondsOfDay: secondsOfDay + 19)
        }
        return start.advanced(bySeconds: fraction)
    }

    /// The text of `instant` in `timeSystem`, `YYYY-MM-DDThh:mm:ss[.f…]`, with the fewest fraction
    /// digits that read back to the same instant.
    static func format(_ instant: Instant, timeSystem: TDMTimeSystem) -> String {
        // Split into a whole TAI second and the exact fraction past it.
        let (taiDay, taiSeconds) = instant.taiDayAndSeconds
        var whole = Instant(taiModifiedJulianDay: taiDay, secondsOfDay: taiSeconds.rounded(.down))
        var fraction = instant.secondsSince(whole)
        if fraction < 0 { whole = whole.advanced(bySeconds: -1); fraction = instant.secondsSince(whole) }
        let mjd: Int64, secondsOfDay: Int
        switch timeSystem {
        case .utc:
            let (d, s) = whole.utcDayAndSeconds()
            mjd = d; secondsOfDay = Int(s)
        case .tai:
            let (d, s) = whole.taiDayAndSeconds
            mjd = d; secondsOfDay = Int(s)
        case .gps:
            let (d, s) = whole.advanced(bySeconds: -19).taiDayAndSeconds
            mjd = d; secondsOfDay = Int(s)
        }
        let (y, mo, da) = CalendarDateTime.date(modifiedJulianDay: Int(mjd))
        // 86,400 and above only inside a UTC leap second: 23:59:60.
        let h = min(secondsOfDay / 3600, 23)
        let mi = min((secondsOfDay - h * 3600) / 60, 59)
        let se = secondsOfDay - h * 3600 - mi * 60
        var out = pad(y, 4) + "-" + pad(mo, 2) + "-" + pad(da, 2) + "T" + pad(h, 2) + ":" + pad(mi, 2) + ":" + pad(se, 2)
        if fraction > 0 { out += "." + fractionDigits(fraction) }
        return out
    }

    /// The shortest decimal digits `d` (after "0.") with `Double("0." + d) == fraction`, for 0 < fraction < 1.
    static func fractionDigits(_ fraction: Double) -> String {
        let shortest = "\(fraction)"   // Swift's shortest round-tripping text, when not in exponent form
        if shortest.hasPrefix("0."), !shortest.contains("e") { return String(shortest.dropFirst(2)) }
        for n in 1...80 {
            let text = String(format: "%.\(n)f", fraction)
            guard text.hasPrefix("0.") else { continue }   // rounded up to 1.0
            let digits = text.dropFirst(2)
            if Double("0." + digits) == fraction { return String(digits) }
        }
        return String(String(format: "%.80f", fraction).dropFirst(2))
    }

    static func pad(_ v: Int, _ width: Int) -> String {
        let s = String(v)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }
}

/// Numbers in TDM files: read strictly (digits, sign, point, exponent; no `nan`, `inf` or hex),
/// written as the shortest text that reads back bit-identical.
enum TDMNumber {
    static func parse(_ text: some StringProtocol) -> Double? {
        var sawDigit = false
        for c in text.utf8 {
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): sawDigit = true
            case UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E"): break
            default: return nil
            }
        }
        guard sawDigit, let v = Double(String(text)), v.isFinite else { return nil }
        return v
    }

    static func format(_ v: Double) -> String { "\(v)" }   // Swift prints the shortest round-tripping text
}

/// The keywords of CCSDS 503.0-B-2 (tables 3-2, 3-3, 3-5).
enum TDMKeywords {
    static let header: Set<String> = ["CCSDS_TDM_VERS", "COMMENT", "CREATION_DATE", "ORIGINATOR", "MESSAGE_ID"]

    private static func indexed(_ stems: [String], _ range: ClosedRange<Int> = 1...5) -> [String] {
        stems.flatMap { s in range.map { "\(s)_\($0)" } }
    }

    static let metadata: Set<String> = Set([
        "COMMENT", "TRACK_ID", "DATA_TYPES", "TIME_SYSTEM", "START_TIME", "STOP_TIME", "MODE", "PATH", "PATH_1", "PATH_2",
        "TRANSMIT_BAND", "RECEIVE_BAND", "TURNAROUND_NUMERATOR", "TURNAROUND_DENOMINATOR", "TIMETAG_REF",
        "INTEGRATION_INTERVAL", "INTEGRATION_REF", "FREQ_OFFSET", "RANGE_MODE", "RANGE_MODULUS", "RANGE_UNITS",
        "ANGLE_TYPE", "REFERENCE_FRAME", "INTERPOLATION", "INTERPOLATION_DEGREE", "DOPPLER_COUNT_BIAS",
        "DOPPLER_COUNT_SCALE", "DOPPLER_COUNT_ROLLOVER", "DATA_QUALITY",
        "CORRECTION_ANGLE_1", "CORRECTION_ANGLE_2", "CORRECTION_DOPPLER", "CORRECTION_MAG", "CORRECTION_RANGE",
        "CORRECTION_RCS", "CORRECTION_RECEIVE", "CORRECTION_TRANSMIT", "CORRECTION_ABERRATION_YEARLY",
        "CORRECTION_ABERRATION_DIURNAL", "CORRECTIONS_APPLIED",
    ] + indexed(["PARTICIPANT", "EPHEMERIS_NAME", "TRANSMIT_DELAY", "RECEIVE_DELAY"]))

    /// Metadata keywords whose value is a real number.
    static let realMetadata: Set<String> = Set([
        "INTEGRATION_INTERVAL", "FREQ_OFFSET", "RANGE_MODULUS", "DOPPLER_COUNT_BIAS", "DOPPLER_COUNT_SCALE",
        "CORRECTION_ANGLE_1", "CORRECTION_ANGLE_2", "CORRECTION_DOPPLER", "CORRECTION_MAG", "CORRECTION_RANGE",
        "CORRECTION_RCS", "CORRECTION_RECEIVE", "CORRECTION_TRANSMIT", "CORRECTION_ABERRATION_YEARLY",
        "CORRECTION_ABERRATION_DIURNAL",
    ] + indexed(["TRANSMIT_DELAY", "RECEIVE_DELAY"]))

    /// Metadata keywords whose value is an integer.
    static let integerMetadata: Set<String> = ["TURNAROUND_NUMERATOR", "TURNAROUND_DENOMINATOR", "INTERPOLATION_DEGREE"]

    /// Metadata keywords with a fixed list of values.
    static let enumerated: [String: Set<String>] = [
        "MODE": ["SEQUENTIAL", "SINGLE_DIFF"],
        "TIMETAG_REF": ["TRANSMIT", "RECEIVE"],
        "INTEGRATION_REF": ["START", "MIDDLE", "END"],
        "RANGE_MODE": ["COHERENT", "CONSTANT", "ONE_WAY"],
        "RANGE_UNITS": ["km", "s", "RU"],
        "ANGLE_TYPE": ["AZEL", "RADEC", "XEYN", "XSYE"],
        "DATA_QUALITY": ["RAW", "VALIDATED", "DEGRADED"],
        "CORRECTIONS_APPLIED": ["YES", "NO"],
        "DOPPLER_COUNT_ROLLOVER": ["YES", "NO"],
    ]

    static let data: Set<String> = Set([
        "ANGLE_1", "ANGLE_2", "CARRIER_POWER", "CLOCK_BIAS", "CLOCK_DRIFT", "DOPPLER_COUNT", "DOPPLER_INSTANTANEOUS",
        "DOPPLER_INTEGRATED", "DOR", "MAG", "PC_N0", "PR_N0", "PRESSURE", "RANGE", "RCS", "RECEIVE_FREQ", "RHUMIDITY",
        "STEC", "TEMPERATURE", "TROPO_DRY", "TROPO_WET", "VLBI_DELAY",
    ] + indexed(["RECEIVE_FREQ", "RECEIVE_PHASE_CT", "TRANSMIT_FREQ", "TRANSMIT_FREQ_RATE", "TRANSMIT_PHASE_CT"]))
}

extension Character {
    /// `0`…`9` only.
    var isTDMDigit: Bool { isASCII && isWholeNumber }
}
