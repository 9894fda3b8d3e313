import Foundation

extension Instant {
    // MARK: ISO-8601 (UTC)

    /// Reads an ISO-8601 UTC time: `2023-10-09T12:00:00.123456Z`, with or without `Z`, `T` or a
    /// space between date and time, a date alone, or a day-of-year date (`2023-282T12:00:00`, as CCSDS
    /// files write it). Any number of fraction digits is kept exactly as far as a `Double` second allows.
    public init(utc text: String, leapSeconds: LeapSecondTable = .bundled) throws {
        let parts = try Instant.parseISO8601(text)
        self.init(utcModifiedJulianDay: parts.mjd, secondsOfDay: parts.secondsOfDay, leapSeconds: leapSeconds)
    }

    /// Splits an ISO-8601 text into a modified Julian day and seconds of day, without naming a scale.
    public static func parseISO8601(_ text: String) throws -> (mjd: Int, secondsOfDay: Double) {
        let fail = { (why: String) in TimeParseError(text: text, reason: why) }
        var s = Instant.trimmedBlanks(text)
        if s.hasSuffix("Z") || s.hasSuffix("z") { s = s.dropLast() }
        guard !s.isEmpty else { throw fail("empty") }
        let dateEnd = s.firstIndex { $0 == "T" || $0 == "t" || $0 == " " } ?? s.endIndex
        let datePart = s[s.startIndex..<dateEnd]
        let timePart = dateEnd < s.endIndex ? s[s.index(after: dateEnd)...] : ""
        let dateFields = datePart.split(separator: "-", omittingEmptySubsequences: false)
        let mjd: Int
        if dateFields.count == 3 {
            guard let y = Int(dateFields[0]), dateFields[0].count == 4,
                  let m = Int(dateFields[1]), (1...12).contains(m),
                  let d = Int(dateFields[2]), d >= 1, d <= Instant.daysIn(month: m, year: y)
            else { throw fail("date is not YYYY-MM-DD") }
            mjd = CalendarDateTime.modifiedJulianDay(year: y, month: m, day: d)
        } else if dateFields.count == 2 {
            guard let y = Int(dateFields[0]), dateFields[0].count == 4,
                  let doy = Int(dateFields[1]), dateFields[1].count == 3,
                  doy >= 1, doy <= (CalendarDateTime.isLeapYear(y) ? 366 : 365)
            else { throw fail("date is not YYYY-DDD") }
            mjd = CalendarDateTime.modifiedJulianDay(year: y, month: 1, day: 1) + doy - 1
        } else {
            throw fail("date is not YYYY-MM-DD or YYYY-DDD")
        }
        guard !timePart.isEmpty else { return (mjd, 0) }
        let t = timePart.split(separator: ":", omittingEmptySubsequences: false)
        guard t.count == 3 || t.count == 2, let h = Int(t[0]), t[0].count == 2, (0...23).contains(h),
              let mi = Int(t[1]), t[1].count == 2, (0...59).contains(mi)
        else { throw fail("time is not hh:mm:ss") }
        var sec = 0.0
        if t.count == 3 {
            guard let v = Instant.parseSeconds(t[2]), v >= 0, v < 61 else { throw fail("seconds out of range") }
            sec = v
        }
        return (mjd, Double(h * 3600 + mi * 60) + sec)
    }

    /// Seconds "ss" or "ss.ffff...", digits only.
    static func parseSeconds(_ s: Substring) -> Double? {
        let pieces = s.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard let whole = pieces.first, whole.count == 2, whole.allSatisfy(\.isASCIIDigit), let w = Int(whole) else { return nil }
        guard pieces.count == 2 else { return Double(w) }
        let frac = pieces[1]
        guard !frac.isEmpty, frac.allSatisfy(\.isASCIIDigit), let f = Double("0." + frac) else { return nil }
        return Double(w) + f
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return CalendarDateTime.isLeapYear(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// ISO-8601 UTC text, `YYYY-MM-DDThh:mm:ss.ffffffZ` with `fractionDigits` digits (0 drops the point).
    public func iso8601UTC(fractionDigits: Int = 6, leapSeconds: LeapSecondTable = .bundled, zulu: Bool = true) -> String {
        let (mjd, sod) = utcDayAndSeconds(leapSeconds: leapSeconds)
        return Instant.formatISO8601(mjd: mjd, secondsOfDay: sod, fractionDigits: fractionDigits) + (zulu ? "Z" : "")
    }

    /// Formats a day and seconds of day, rounding to `fractionDigits` and carrying into the next day.
    public static func formatISO8601(mjd: Int64, secondsOfDay: Double, fractionDigits: Int) -> String {
        let scale = pow(10.0, Double(fractionDigits))
        var ticks = (secondsOfDay * scale).rounded()     // whole units of 10^-digits s
        var day = mjd
        let dayTicks = 86_400 * scale
        // Carry to the next day only when rounding (not a leap second) crossed midnight.
        if ticks >= dayTicks && secondsOfDay < 86_400 { ticks -= dayTicks; day += 1 }
        let wholeSec = Int((ticks / scale).rounded(.down))
        let fracTicks = Int(ticks - Double(wholeSec) * scale)
        let c = calendar(mjd: day, secondsOfDay: Double(wholeSec))
        let secInt = Int(c.second.rounded(.down))
        var out = pad(c.year, 4) + "-" + pad(c.month, 2) + "-" + pad(c.day, 2) + "T" + pad(c.hour, 2) + ":"
            + pad(c.minute, 2) + ":" + pad(secInt, 2)
        if fractionDigits > 0 {
            let f = String(fracTicks)
            out += "." + String(repeating: "0", count: max(0, fractionDigits - f.count)) + f
        }
        return out
    }

    // MARK: TLE epoch (UTC)

    /// Reads a TLE epoch field `YYDDD.DDDDDDDD` (columns 19–32): two-digit year (57–99 → 1900s,
    /// 00–56 → 2000s, as NORAD defines it) and day of year with fraction, day 1.0 = January 1, 0h.
    public init(tleEpoch text: Substring, leapSeconds: LeapSecondTable = .bundled) throws {
        let (mjd, sod) = try Instant.parseTLEEpoch(text)
        self.init(utcModifiedJulianDay: mjd, secondsOfDay: sod, leapSeconds: leapSeconds)
    }

    /// Splits a TLE epoch into a UTC modified Julian day and seconds of day.
    public static func parseTLEEpoch(_ text: Substring) throws -> (mjd: Int, secondsOfDay: Double) {
        let s = Instant.trimmedBlanks(text)
        let fail = { (why: String) in TimeParseError(text: String(text), reason: why) }
        let pieces = s.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        // Space-padded day numbers ("23  1.5") occur in old sets: remove inner blanks.
        let intPart = pieces[0].filter { $0 != " " }
        guard intPart.count == 5, intPart.allSatisfy(\.isASCIIDigit),
              let yy = Int(intPart.prefix(2)), let doy = Int(intPart.suffix(3)) else {
            throw fail("expected YYDDD.DDDDDDDD")
        }
        let year = yy < 57 ? 2000 + yy : 1900 + yy
        guard doy >= 1, doy <= (CalendarDateTime.isLeapYear(year) ? 366 : 365) + 1 else { throw fail("day of year \(doy) out of range") }
        var fraction = 0.0
        if pieces.count == 2, !pieces[1].isEmpty {
            guard pieces[1].allSatisfy(\.isASCIIDigit), let f = Double("0." + pieces[1]) else { throw fail("bad day fraction") }
            fraction = f
        }
        let mjd = CalendarDateTime.modifiedJulianDay(year: year, month: 1, day: 1) + doy - 1
        return (mjd, fraction * 86_400)
    }

    /// The TLE epoch field, `YYDDD.DDDDDDDD` (14 characters), rounded to 1e-8 day.
    public func tleEpoch(leapSeconds: LeapSecondTable = .bundled) -> String {
        let (mjd0, sod) = utcDayAndSeconds(leapSeconds: leapSeconds)
        var mjd = mjd0
        var ticks = (sod / 86_400 * 1e8).rounded()
        if ticks >= 1e8 { ticks -= 1e8; mjd += 1 }
        let (y, _, _) = CalendarDateTime.date(modifiedJulianDay: Int(mjd))
        let doy = Int(mjd) - CalendarDateTime.modifiedJulianDay(year: y, month: 1, day: 1) + 1
        return Instant.pad(y % 100, 2) + Instant.pad(doy, 3) + "." + Instant.pad(Int(ticks), 8)
    }

    /// `n` zero-padded to `width` digits (as `%0wd`; a minus sign counts toward the width).
    /// Used instead of `String(format:)`, which costs microseconds per call on Linux.
    static func pad(_ n: Int, _ width: Int) -> String {
        let digits = String(n.magnitude)
        let sign = n < 0 ? "-" : ""
        let zeros = max(0, width - digits.count - sign.count)
        return sign + String(repeating: "0", count: zeros) + digits
    }

    /// `text` without leading and trailing blanks and tabs (cheaper than `trimmingCharacters(in:)`).
    static func trimmedBlanks<S: StringProtocol>(_ text: S) -> Substring {
        let sub = Substring(text)
        guard let first = sub.firstIndex(where: { $0 != " " && $0 != "\t" }),
              let last = sub.lastIndex(where: { $0 != " " && $0 != "\t" }) else { return sub[sub.endIndex...] }
        return sub[first...last]
    }

    /// Two-digit TLE year rule: the four-digit year of this instant's TLE epoch.
    public func utcYear(leapSeconds: LeapSecondTable = .bundled) -> Int { utcCalendar(leapSeconds: leapSeconds).year }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
