import Foundation

/// An error reading a time.
public struct TimeParseError: Error, CustomStringConvertible, Sendable, Hashable {
    public let text: String
    public let reason: String
    public init(text: String, reason: String) { self.text = text; self.reason = reason }
    public var description: String { "cannot read time \"\(text)\": \(reason)" }
}

extension Instant {
    // MARK: UTC

    /// An instant from a UTC modified Julian day and seconds into that day (up to 86,401 on a leap-second day).
    public init(utcModifiedJulianDay mjd: Int, secondsOfDay: Double, leapSeconds: LeapSecondTable = .bundled) {
        let dat = leapSeconds.taiMinusUTC(utcModifiedJulianDay: mjd)
        self.init(taiWholeSeconds: (Int64(mjd) - Instant.originMJD) * 86_400 + Int64(dat), fraction: secondsOfDay)
    }

    /// An instant from a UTC calendar date and time.
    public init(utc c: CalendarDateTime, leapSeconds: LeapSecondTable = .bundled) {
        let mjd = CalendarDateTime.modifiedJulianDay(year: c.year, month: c.month, day: c.day)
        self.init(utcModifiedJulianDay: mjd, secondsOfDay: Double(c.hour * 3600 + c.minute * 60) + c.second,
                  leapSeconds: leapSeconds)
    }

    /// UTC modified Julian day and seconds into it; inside a leap second the seconds run past 86,400.
    public func utcDayAndSeconds(leapSeconds: LeapSecondTable = .bundled) -> (mjd: Int64, secondsOfDay: Double) {
        // Find the offset in force: the last entry whose start (as a TAI instant) is not after self.
        var dat = 10
        var nextStartDay: Int? = nil
        for e in leapSeconds.entries {
            let startTAI = (Int64(e.utcModifiedJulianDay) - Instant.originMJD) * 86_400 + Int64(e.taiMinusUTCSeconds)
            if startTAI <= taiWholeSeconds { dat = e.taiMinusUTCSeconds } else { nextStartDay = e.utcModifiedJulianDay; break }
        }
        let utcWhole = taiWholeSeconds - Int64(dat)
        var (days, rest) = utcWhole.quotientAndRemainderFloored(dividingBy: 86_400)
        var mjd = Instant.originMJD + days
        if let next = nextStartDay, mjd >= Int64(next) {
            // Inside the inserted second(s) before `next`: still the previous day, 23:59:60.x.
            mjd = Int64(next) - 1
            rest += 86_400 * (days + Instant.originMJD - mjd)
            days = mjd - Instant.originMJD
        }
        return (mjd, Double(rest) + taiFractionSeconds)
    }

    /// UTC calendar date and time (second 60.x inside a leap second).
    public func utcCalendar(leapSeconds: LeapSecondTable = .bundled) -> CalendarDateTime {
        let (mjd, sod) = utcDayAndSeconds(leapSeconds: leapSeconds)
        return Instant.calendar(mjd: mjd, secondsOfDay: sod)
    }

    static func calendar(mjd: Int64, secondsOfDay sod: Double) -> CalendarDateTime {
        let (y, m, d) = CalendarDateTime.date(modifiedJulianDay: Int(mjd))
        let wholeSec = Int(sod.rounded(.down))
        let hour = min(wholeSec / 3600, 23)
        let minute = min((wholeSec - hour * 3600) / 60, 59)
        return CalendarDateTime(year: y, month: m, day: d, hour: hour, minute: minute,
                                second: sod - Double(hour * 3600 + minute * 60))
    }

    // MARK: Julian dates in any scale

    /// The Julian date of this instant in `scale`, in two parts (`whole` at midnight, ending .5).
    ///
    /// UT1 needs Earth orientation; without a table UT1 = UTC.
    public func julianDate(_ scale: TimeScale, leapSeconds: LeapSecondTable = .bundled,
                           earthOrientation: EarthOrientationTable? = nil) -> JulianDate {
        switch scale {
        case .tai:
            let (mjd, sod) = taiDayAndSeconds
            return JulianDate(whole: 2_400_000.5 + Double(mjd), fraction: sod / 86_400)
        case .tt:
            let (mjd, sod) = advanced(bySeconds: 32.184).taiDayAndSeconds
            return JulianDate(whole: 2_400_000.5 + Double(mjd), fraction: sod / 86_400)
        case .utc:
            let (mjd, sod) = utcDayAndSeconds(leapSeconds: leapSeconds)
            return JulianDate(whole: 2_400_000.5 + Double(mjd), fraction: sod / 86_400)
        case .ut1:
            let (mjd, sod) = utcDayAndSeconds(leapSeconds: leapSeconds)
            let dut1 = earthOrientation?.parameters(utcModifiedJulianDay: Int(mjd), secondsOfDay: sod).ut1MinusUTCSeconds ?? 0
            return JulianDate(whole: 2_400_000.5 + Double(mjd), fraction: (sod + dut1) / 86_400)
        }
    }

    /// An instant from a two-part Julian date in `scale` (UT1 is not accepted: it needs EOP the
    /// other way round; convert from UTC instead).
    public init(julianDate jd: JulianDate, scale: TimeScale, leapSeconds: LeapSecondTable = .bundled) {
        // Move the .5 into the fraction so the whole part is an MJD.
        let mjdWhole = (jd.whole - 2_400_000.5).rounded(.down)
        let frac = (jd.whole - 2_400_000.5 - mjdWhole) + jd.fraction
        let dayCarry = frac.rounded(.down)
        let mjd = Int64(mjdWhole + dayCarry)
        let sod = (frac - dayCarry) * 86_400
        switch scale {
        case .tai:
            self.init(taiModifiedJulianDay: mjd, secondsOfDay: sod)
        case .tt:
            self = Instant(taiModifiedJulianDay: mjd, secondsOfDay: sod).advanced(bySeconds: -32.184)
        case .utc, .ut1:
            self.init(utcModifiedJulianDay: Int(mjd), secondsOfDay: sod, leapSeconds: leapSeconds)
        }
    }
}
