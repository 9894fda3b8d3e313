import Foundation

/// A CCSDS Tracking Data Message (CCSDS 503.0-B-2, "Tracking Data Message", Blue Book issue 2 with
/// its 2022 technical corrigendum): a header and one or more segments of metadata and time-tagged
/// tracking observations.
///
/// Read with ``TDMReader``; write with ``TDMKVN/write(_:)`` or ``TDMXML/write(_:)``. Writing and
/// reading back gives an identical document (`==`): epochs are written with as many fraction digits
/// as needed for the same ``Instant``, values with the shortest text that reads back bit-identical.
public struct TDMDocument: Sendable, Hashable {
    /// `CCSDS_TDM_VERS` (the XML `version` attribute), e.g. `"2.0"`.
    public var version: String
    /// Header `COMMENT` lines, in order, without the keyword.
    public var comments: [String]
    /// `CREATION_DATE` (UTC).
    public var creationDate: Instant
    /// `ORIGINATOR`.
    public var originator: String
    /// `MESSAGE_ID`, when present (version 2.0).
    public var messageID: String?
    /// The segments, in file order.
    public var segments: [TDMSegment]

    public init(version: String = "2.0", comments: [String] = [], creationDate: Instant, originator: String,
                messageID: String? = nil, segments: [TDMSegment] = []) {
        self.version = version
        self.comments = comments
        self.creationDate = creationDate
        self.originator = originator
        self.messageID = messageID
        self.segments = segments
    }
}

/// One TDM segment: a metadata section and the data section it describes.
public struct TDMSegment: Sendable, Hashable {
    public var metadata: TDMMetadata
    /// `COMMENT` lines of the data section.
    public var dataComments: [String]
    /// The tracking data lines, in file order.
    public var observations: [TDMObservation]
    /// 1-based line of `META_START` (or `<segment>`) when read; not part of equality.
    public var line: Int?

    public init(metadata: TDMMetadata, dataComments: [String] = [], observations: [TDMObservation] = [], line: Int? = nil) {
        self.metadata = metadata
        self.dataComments = dataComments
        self.observations = observations
        self.line = line
    }

    public static func == (a: TDMSegment, b: TDMSegment) -> Bool {
        a.metadata == b.metadata && a.dataComments == b.dataComments && a.observations == b.observations
    }
    public func hash(into h: inout Hasher) { h.combine(metadata); h.combine(dataComments); h.combine(observations) }
}

/// One tracking data line: `KEYWORD = epoch value` (KVN) or an `<observation>` (XML).
public struct TDMObservation: Sendable, Hashable {
    /// The data keyword, e.g. `RANGE`, `ANGLE_1`, `RECEIVE_FREQ_2`.
    public var keyword: String
    /// The time tag, read in the segment's `TIME_SYSTEM`.
    public var epoch: Instant
    /// The value, in the keyword's unit of CCSDS 503.0-B-2 table 3-5 (RANGE in `RANGE_UNITS`, angles in degrees,
    /// DOPPLER_INSTANTANEOUS in km/s, frequencies in Hz, ...).
    public var value: Double
    /// 1-based line in the source when read (not part of equality).
    public var line: Int?
    /// The value's text as read, or as set by a converter that needs more digits than a `Double` keeps
    /// (Kanshi's angles: degrees that convert back to the exact radians). The writers write it verbatim when it
    /// reads as ``value``, else the shortest text of ``value``. Not part of equality.
    public var valueText: String?

    public init(keyword: String, epoch: Instant, value: Double, line: Int? = nil, valueText: String? = nil) {
        self.keyword = keyword
        self.epoch = epoch
        self.value = value
        self.line = line
        self.valueText = valueText
    }

    public static func == (a: TDMObservation, b: TDMObservation) -> Bool {
        a.keyword == b.keyword && a.epoch == b.epoch && a.value.bitPattern == b.value.bitPattern
    }
    public func hash(into h: inout Hasher) { h.combine(keyword); h.combine(epoch); h.combine(value.bitPattern) }
}

/// The metadata section of a segment: its comments and its `KEYWORD = value` entries in file order,
/// with the values' text exactly as written; typed accessors read the common keywords.
public struct TDMMetadata: Sendable, Hashable {
    /// One `KEYWORD = value` entry.
    public struct Entry: Sendable, Hashable {
        public var keyword: String
        public var value: String
        public init(_ keyword: String, _ value: String) { self.keyword = keyword; self.value = value }
    }

    /// `COMMENT` lines of the metadata section.
    public var comments: [String]
    /// The entries in order.
    public var entries: [Entry]

    public init(comments: [String] = [], entries: [Entry] = []) {
        self.comments = comments
        self.entries = entries
    }

    /// The value text of `keyword`, if present (the first one).
    public subscript(keyword: String) -> String? {
        get { entries.first { $0.keyword == keyword }?.value }
        set {
            if let i = entries.firstIndex(where: { $0.keyword == keyword }) {
                if let newValue { entries[i].value = newValue } else { entries.remove(at: i) }
            } else if let newValue {
                entries.append(Entry(keyword, newValue))
            }
        }
    }

    /// `TIME_SYSTEM` as a supported scale (nil when absent or not supported).
    public var timeSystem: TDMTimeSystem? { self["TIME_SYSTEM"].flatMap(TDMTimeSystem.init(rawValue:)) }
    /// `PARTICIPANT_n`, n = 1...5.
    public func participant(_ n: Int) -> String? { self["PARTICIPANT_\(n)"] }
    /// `MODE` (`SEQUENTIAL`, `SINGLE_DIFF`).
    public var mode: String? { self["MODE"] }
    /// `PATH` as participant indices (`"1,2,1"` → `[1, 2, 1]`); nil when absent or malformed.
    public var path: [Int]? { self["PATH"].flatMap(TDMMetadata.parsePath) }
    /// `ANGLE_TYPE` (`AZEL`, `RADEC`, `XEYN`, `XSYE`).
    public var angleType: String? { self["ANGLE_TYPE"] }
    /// `REFERENCE_FRAME` of RADEC angles (e.g. `EME2000`).
    public var referenceFrame: String? { self["REFERENCE_FRAME"] }
    /// `RANGE_UNITS` (`km`, `s`, `RU`); the standard's default is `km`.
    public var rangeUnits: String? { self["RANGE_UNITS"] }
    /// `TRACK_ID`.
    public var trackID: String? { self["TRACK_ID"] }
    /// `START_TIME` read in the segment's time system.
    public var startTime: Instant? { time("START_TIME") }
    /// `STOP_TIME` read in the segment's time system.
    public var stopTime: Instant? { time("STOP_TIME") }
    /// `DATA_TYPES` as a list of data keywords.
    public var dataTypes: [String]? {
        self["DATA_TYPES"].map { $0.split(separator: ",").map { $0.asciiTrimmed() } }
    }

    func time(_ keyword: String) -> Instant? {
        guard let ts = timeSystem, let text = self[keyword] else { return nil }
        return try? TDMEpoch.parse(text, timeSystem: ts)
    }

    static func parsePath(_ text: String) -> [Int]? {
        let parts = text.split(separator: ",", omittingEmptySubsequences: false).map { $0.asciiTrimmed() }
        guard parts.count >= 2 else { return nil }
        var out: [Int] = []
        for p in parts {
            guard let n = Int(p), (1...5).contains(n) else { return nil }
            out.append(n)
        }
        return out
    }
}

/// The `TIME_SYSTEM` values Kanshi reads and writes. Others of CCSDS 502.0 annex A (TT, TCG, TDB, UT1,
/// GMST, MET, ...) are rejected with ``ParseError/Code/unsupported``: they need models (TT−TAI is not a
/// whole number of seconds, so an epoch would not read back exactly) or mission data Kanshi does not have.
public enum TDMTimeSystem: String, Sendable, Hashable, CaseIterable {
    /// Coordinated Universal Time (with leap seconds).
    case utc = "UTC"
    /// International Atomic Time.
    case tai = "TAI"
    /// GPS time, TAI − 19 s.
    case gps = "GPS"
}

extension TDMTimeSystem {
    /// `instant` as TDM epoch text in this time system (`YYYY-MM-DDThh:mm:ss[.f…]`), with the fewest
    /// fraction digits that read back to the same instant.
    public func text(_ instant: Instant) -> String { TDMEpoch.format(instant, timeSystem: self) }

    /// Reads TDM epoch text (`YYYY-MM-DDThh:mm:ss[.f…]` or `YYYY-DDDThh:mm:ss[.f…]`) in this time system.
    public func instant(_ text: String) throws(ParseError) -> Instant {
        do { return try TDMEpoch.parse(text, timeSystem: self) } catch {
            throw ParseError(.badEpoch, "'\(text)' \(error.reason)", value: text)
        }
    }
}

extension ParseError.Code {
    /// Valid by the standard but not supported by this reader (a time system, a unit, a data type).
    public static let unsupported = ParseError.Code("unsupported")
}
