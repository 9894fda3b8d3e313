/// One CDM as its keywords in file order, before interpretation: what the KVN and XML readers
/// produce and ``CDMFields`` turns into a ``ConjunctionDataMessage``.
public struct CDMRecord: Sendable, Hashable {
    /// One keyword, its value and unit as written, and where it was read.
    public struct Field: Sendable, Hashable {
        /// The keyword (`"COMMENT"` for comments).
        public var key: String
        /// The value, blanks at either end removed; `nil` for an XML element marked `nil="true"`.
        public var value: String?
        /// The unit written with the value (KVN `[m]`, XML `units="m"`), without brackets.
        public var unit: String?
        /// The 1-based line it was read from.
        public var line: Int?
        /// The XML element holding it (`nil` in KVN).
        public var section: String?

        public init(key: String, value: String?, unit: String? = nil, line: Int? = nil, section: String? = nil) {
            self.key = key
            self.value = value
            self.unit = unit
            self.line = line
            self.section = section
        }
    }

    /// One object segment: its fields from `OBJECT` (KVN) or `<segment>` (XML) on.
    public struct Segment: Sendable, Hashable {
        /// The segment's fields in file order.
        public var fields: [Field]
        /// The line where the segment starts.
        public var line: Int?
        public init(fields: [Field] = [], line: Int? = nil) { self.fields = fields; self.line = line }
    }

    /// The header and relative metadata fields (before the first segment).
    public var fields: [Field]
    /// The object segments, in file order.
    public var segments: [Segment]
    /// The line where the message starts.
    public var line: Int?

    public init(fields: [Field] = [], segments: [Segment] = [], line: Int? = nil) {
        self.fields = fields
        self.segments = segments
        self.line = line
    }
}

/// Options for the CDM readers.
public struct CDMReadOptions: Sendable {
    /// How a keyword that neither CDM 1.0 nor the CDM 2.0 keywords kept as extra fields define is
    /// reported: as a `.warning` (default; the keyword is kept as an extra field) or as an `.error`
    /// (the message is rejected, as 508.0-B-1 §6.3.1.3 allows only the table keywords).
    public var unknownKeywords: ParseError.Severity
    /// Leap seconds for reading UTC times.
    public var leapSeconds: LeapSecondTable

    public init(unknownKeywords: ParseError.Severity = .warning, leapSeconds: LeapSecondTable = .bundled) {
        self.unknownKeywords = unknownKeywords
        self.leapSeconds = leapSeconds
    }
}
