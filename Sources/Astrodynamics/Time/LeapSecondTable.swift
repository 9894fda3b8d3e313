/// TAI − UTC from 1972 on: the leap-second table, passed in as a value.
///
/// ``bundled`` is compiled from the IERS/IETF `leap-seconds.list` shipped in `data/` (see
/// `data/SOURCES.md`). That list's own expiry is 2020-12-28 (Bulletin C59); the DAT column of the
/// bundled CelesTrak EOP table confirms TAI − UTC = 37 s through 2026-08-23 (MJD 61275), which is the
/// expiry recorded here. A newer list is read with `SpaceData`'s
/// `LeapSecondsFile` and passed in wherever a UTC conversion happens. Before 1972 (the "rubber
/// second" era) UTC is taken as TAI − 10 s: Kanshi does not model the pre-1972 offsets.
public struct LeapSecondTable: Sendable, Hashable {
    /// Each entry: the UTC modified Julian day from whose midnight `taiMinusUTCSeconds` holds.
    public struct Entry: Sendable, Hashable {
        public var utcModifiedJulianDay: Int
        public var taiMinusUTCSeconds: Int
        public init(utcModifiedJulianDay: Int, taiMinusUTCSeconds: Int) {
            self.utcModifiedJulianDay = utcModifiedJulianDay
            self.taiMinusUTCSeconds = taiMinusUTCSeconds
        }
    }

    /// Entries sorted by day, first at 1972-01-01.
    public let entries: [Entry]
    /// The UTC day after which the table is no longer known to be complete, if stated.
    public let expiresModifiedJulianDay: Int?

    /// A table from entries (sorted here); an empty list means TAI − UTC = 10 s throughout.
    public init(entries: [Entry], expiresModifiedJulianDay: Int? = nil) {
        self.entries = entries.sorted { $0.utcModifiedJulianDay < $1.utcModifiedJulianDay }
        self.expiresModifiedJulianDay = expiresModifiedJulianDay
    }

    /// TAI − UTC in seconds on the given UTC day.
    @inlinable
    public func taiMinusUTC(utcModifiedJulianDay mjd: Int) -> Int {
        var result = 10
        for e in entries {
            if e.utcModifiedJulianDay <= mjd { result = e.taiMinusUTCSeconds } else { break }
        }
        return result
    }

    /// The table compiled into Kanshi (IERS `leap-seconds.list`, last leap second 2017-01-01, TAI − UTC = 37 s).
    public static let bundled = LeapSecondTable(entries: bundledEntries.map {
        Entry(utcModifiedJulianDay: $0.0, taiMinusUTCSeconds: $0.1)
    }, expiresModifiedJulianDay: 61_275)

    static let bundledEntries: [(Int, Int)] = [
        (41317, 10),
        (41499, 11),
        (41683, 12),
        (42048, 13),
        (42413, 14),
        (42778, 15),
        (43144, 16),
        (43509, 17),
        (43874, 18),
        (44239, 19),
        (44786, 20),
        (45151, 21),
        (45516, 22),
        (46247, 23),
        (47161, 24),
        (47892, 25),
        (48257, 26),
        (48804, 27),
        (49169, 28),
        (49534, 29),
        (50083, 30),
        (50630, 31),
        (51179, 32),
        (53736, 33),
        (54832, 34),
        (56109, 35),
        (57204, 36),
        (57754, 37),
    ]
}
