/// Earth orientation parameters at one instant, in radians and seconds.
public struct EarthOrientationParameters: Sendable, Hashable {
    /// Polar motion x, radians.
    public var polarMotionXRad: Double
    /// Polar motion y, radians.
    public var polarMotionYRad: Double
    /// UT1 − UTC, seconds.
    public var ut1MinusUTCSeconds: Double
    /// Excess length of day, seconds.
    public var lengthOfDaySeconds: Double
    /// IAU-1980 nutation corrections δΔψ and δΔε, radians (added to the 106-term series).
    public var nutationCorrectionDPsiRad: Double
    public var nutationCorrectionDEpsRad: Double

    public init(polarMotionXRad: Double = 0, polarMotionYRad: Double = 0, ut1MinusUTCSeconds: Double = 0,
                lengthOfDaySeconds: Double = 0, nutationCorrectionDPsiRad: Double = 0,
                nutationCorrectionDEpsRad: Double = 0) {
        self.polarMotionXRad = polarMotionXRad
        self.polarMotionYRad = polarMotionYRad
        self.ut1MinusUTCSeconds = ut1MinusUTCSeconds
        self.lengthOfDaySeconds = lengthOfDaySeconds
        self.nutationCorrectionDPsiRad = nutationCorrectionDPsiRad
        self.nutationCorrectionDEpsRad = nutationCorrectionDEpsRad
    }

    /// All zero: UT1 = UTC, no polar motion, no nutation corrections (what SGP4 users assume by default).
    public static let zero = EarthOrientationParameters()

    /// Radians per arcsecond.
    public static let radiansPerArcsecond = Double.pi / (180 * 3600)
}

/// A daily table of Earth orientation parameters, linearly interpolated, passed in as a value.
///
/// Read the bundled CelesTrak table (`data/EOP-All.csv.gz`) or any other with `SpaceData`'s
/// `EarthOrientationFile`. UT1 − UTC is interpolated as UT1 − TAI so the one-second step at a leap
/// second does not smear across the day. Before the first row and after the last, the edge row holds.
public struct EarthOrientationTable: Sendable, Hashable {
    /// One daily row, at 0h UTC of `utcModifiedJulianDay`.
    public struct Row: Sendable, Hashable {
        public var utcModifiedJulianDay: Int
        public var parameters: EarthOrientationParameters
        public init(utcModifiedJulianDay: Int, parameters: EarthOrientationParameters) {
            self.utcModifiedJulianDay = utcModifiedJulianDay
            self.parameters = parameters
        }
    }

    public let rows: [Row]
    public let leapSeconds: LeapSecondTable

    /// A table from daily rows (sorted here; duplicate days keep the last).
    public init(rows: [Row], leapSeconds: LeapSecondTable = .bundled) {
        var byDay: [Int: Row] = [:]
        for r in rows { byDay[r.utcModifiedJulianDay] = r }
        self.rows = byDay.values.sorted { $0.utcModifiedJulianDay < $1.utcModifiedJulianDay }
        self.leapSeconds = leapSeconds
    }

    /// A table with no rows: every lookup gives ``EarthOrientationParameters/zero``.
    public static let empty = EarthOrientationTable(rows: [])

    /// First and last UTC days covered.
    public var coverage: ClosedRange<Int>? {
        guard let f = rows.first, let l = rows.last else { return nil }
        return f.utcModifiedJulianDay...l.utcModifiedJulianDay
    }

    /// The parameters at a UTC modified Julian day and seconds into it.
    public func parameters(utcModifiedJulianDay mjd: Int, secondsOfDay: Double) -> EarthOrientationParameters {
        guard let first = rows.first, let last = rows.last else { return .zero }
        if mjd < first.utcModifiedJulianDay { return first.parameters }
        if mjd >= last.utcModifiedJulianDay { return last.parameters }
        // Rows are daily in practice: index directly when they are, else binary search.
        var i = mjd - first.utcModifiedJulianDay
        if i >= rows.count || rows[i].utcModifiedJulianDay != mjd {
            var lo = 0, hi = rows.count - 1
            while hi - lo > 1 {
                let mid = (lo + hi) / 2
                if rows[mid].utcModifiedJulianDay <= mjd { lo = mid } else { hi = mid }
            }
            i = lo
        }
        let a = rows[i], b = rows[i + 1]
        let span = Double(b.utcModifiedJulianDay - a.utcModifiedJulianDay) * 86_400
        let t = (Double(mjd - a.utcModifiedJulianDay) * 86_400 + secondsOfDay) / span
        func lerp(_ x: Double, _ y: Double) -> Double { x + (y - x) * t }
        let datA = Double(leapSeconds.taiMinusUTC(utcModifiedJulianDay: a.utcModifiedJulianDay))
        let datB = Double(leapSeconds.taiMinusUTC(utcModifiedJulianDay: b.utcModifiedJulianDay))
        let datNow = Double(leapSeconds.taiMinusUTC(utcModifiedJulianDay: mjd))
        let ut1MinusTAI = lerp(a.parameters.ut1MinusUTCSeconds - datA, b.parameters.ut1MinusUTCSeconds - datB)
        let p = a.parameters, q = b.parameters
        return EarthOrientationParameters(
            polarMotionXRad: lerp(p.polarMotionXRad, q.polarMotionXRad),
            polarMotionYRad: lerp(p.polarMotionYRad, q.polarMotionYRad),
            ut1MinusUTCSeconds: ut1MinusTAI + datNow,
            lengthOfDaySeconds: lerp(p.lengthOfDaySeconds, q.lengthOfDaySeconds),
            nutationCorrectionDPsiRad: lerp(p.nutationCorrectionDPsiRad, q.nutationCorrectionDPsiRad),
            nutationCorrectionDEpsRad: lerp(p.nutationCorrectionDEpsRad, q.nutationCorrectionDEpsRad))
    }

    /// The parameters at an instant.
    public func parameters(at instant: Instant) -> EarthOrientationParameters {
        let (mjd, sod) = instant.utcDayAndSeconds(leapSeconds: leapSeconds)
        return parameters(utcModifiedJulianDay: Int(mjd), secondsOfDay: min(sod, 86_400))
    }
}
