/// The time scales Kanshi reads and writes. An ``Instant`` has none of its own; a scale is named
/// whenever an instant becomes numbers.
public enum TimeScale: String, Sendable, Hashable, CaseIterable {
    /// Coordinated Universal Time: TAI less the leap seconds of a ``LeapSecondTable``.
    case utc = "UTC"
    /// International Atomic Time.
    case tai = "TAI"
    /// Terrestrial Time, TAI + 32.184 s.
    case tt = "TT"
    /// Universal Time UT1, UTC + (UT1 − UTC) from ``EarthOrientationTable``.
    case ut1 = "UT1"
}

/// A Julian date in two parts, as Vallado and SOFA carry it: `whole` holds the day (ending in .5 at
/// midnight), `fraction` the part of the day, so their sum loses nothing that matters.
public struct JulianDate: Sendable, Hashable {
    public var whole: Double
    public var fraction: Double
    public init(whole: Double, fraction: Double) { self.whole = whole; self.fraction = fraction }
    /// The date as one `Double` (about 20 µs resolution; for display and slow paths only).
    public var value: Double { whole + fraction }
    /// Julian centuries of 36,525 days since J2000.0 (JD 2451545.0) in this date's scale.
    public var centuriesSinceJ2000: Double { ((whole - 2_451_545.0) + fraction) / 36_525.0 }
}

/// A calendar date and time of day in one time scale; `second` may reach 60.x inside a UTC leap second.
public struct CalendarDateTime: Sendable, Hashable, CustomStringConvertible {
    public var year: Int, month: Int, day: Int, hour: Int, minute: Int
    public var second: Double
    public init(year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Double = 0) {
        self.year = year; self.month = month; self.day = day
        self.hour = hour; self.minute = minute; self.second = second
    }
    public var description: String { "\(year)-\(month)-\(day) \(hour):\(minute):\(second)" }

    /// Day of the year, 1 on January 1.
    public var dayOfYear: Int {
        CalendarDateTime.modifiedJulianDay(year: year, month: month, day: day)
            - CalendarDateTime.modifiedJulianDay(year: year, month: 1, day: 1) + 1
    }

    /// Modified Julian day number of a Gregorian calendar date (valid for all proleptic years).
    public static func modifiedJulianDay(year: Int, month: Int, day: Int) -> Int {
        // Fliegel & Van Flandern (1968), shifted to MJD.
        let a = (14 - month) / 12
        let y = year + 4800 - a
        let m = month + 12 * a - 3
        let jdn = day + (153 * m + 2) / 5 + 365 * y + y / 4 - y / 100 + y / 400 - 32045
        return jdn - 2_400_001
    }

    /// Gregorian calendar date of a modified Julian day number.
    public static func date(modifiedJulianDay mjd: Int) -> (year: Int, month: Int, day: Int) {
        let jdn = mjd + 2_400_001
        let a = jdn + 32044
        let b = (4 * a + 3) / 146_097
        let c = a - 146_097 * b / 4
        let d = (4 * c + 3) / 1461
        let e = c - 1461 * d / 4
        let m = (5 * e + 2) / 153
        let day = e - (153 * m + 2) / 5 + 1
        let month = m + 3 - 12 * (m / 10)
        let year = 100 * b + d - 4800 + m / 10
        return (year, month, day)
    }

    public static func isLeapYear(_ y: Int) -> Bool { (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 }
}
