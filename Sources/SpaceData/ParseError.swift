/// An error (or warning) found while reading a file: what went wrong, where, and the offending text.
///
/// Readers never stop at the first bad record: they keep the good records and collect one
/// `ParseError` per problem in a ``ReadReport``. The description reads like a compiler message:
///
///     starlink.3le:1234: line 1 field BSTAR: '-66000-10' is not a valid exponent form
public struct ParseError: Error, CustomStringConvertible, Sendable, Hashable {
    /// What kind of problem this is; compare with the static members (`error.code == .checksum`).
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        /// A short lower-case name, stable across releases.
        public let name: String
        public init(_ name: String) { self.name = name }
        public var description: String { name }

        /// A TLE line's modulo-10 checksum does not match its last column.
        public static let checksum = Code("checksum")
        /// A field is not a number of the expected form.
        public static let badNumber = Code("badNumber")
        /// A required field or keyword is absent or empty.
        public static let missingField = Code("missingField")
        /// A TLE line is too short.
        public static let lineLength = Code("lineLength")
        /// A TLE line does not start with the expected line number, or lines come out of order.
        public static let badLineNumber = Code("badLineNumber")
        /// The catalog numbers of TLE lines 1 and 2 differ.
        public static let mismatchedCatalogNumber = Code("mismatchedCatalogNumber")
        /// The input ends inside a record.
        public static let unexpectedEnd = Code("unexpectedEnd")
        /// Malformed XML.
        public static let badXML = Code("badXML")
        /// Malformed JSON.
        public static let badJSON = Code("badJSON")
        /// Malformed CSV (wrong number of columns, unterminated quote).
        public static let badCSV = Code("badCSV")
        /// Malformed KVN line (no `=`, unknown keyword).
        public static let badKVN = Code("badKVN")
        /// An epoch or date that cannot be read.
        public static let badEpoch = Code("badEpoch")
        /// A value outside its allowed range, or too large for the columns it must be written in.
        public static let outOfRange = Code("outOfRange")
        /// A keyword this reader does not know (kept, but reported).
        public static let unknownKeyword = Code("unknownKeyword")
        /// A compressed stream that is corrupt or truncated.
        public static let badCompressedData = Code("badCompressedData")
        /// The content is not in any format the reader knows.
        public static let unknownFormat = Code("unknownFormat")
        /// A file cannot be opened or read.
        public static let io = Code("io")
    }

    /// Whether the problem rejected the record (`error`) or was tolerated (`warning`).
    public enum Severity: String, Sendable, Hashable { case error, warning }

    /// What kind of problem.
    public var code: Code
    /// Whether the record was rejected.
    public var severity: Severity
    /// The file (its name as given to the reader), if known.
    public var file: String?
    /// The 1-based line number in the file, if known.
    public var line: Int?
    /// Where inside the record, e.g. `"line 1"` of a TLE, `"record 3"` of a JSON array.
    public var context: String?
    /// The field or keyword, e.g. `"BSTAR"`.
    public var field: String?
    /// The offending text, if any.
    public var value: String?
    /// What is wrong, in words.
    public var message: String

    public init(_ code: Code, _ message: String, severity: Severity = .error, file: String? = nil,
                line: Int? = nil, context: String? = nil, field: String? = nil, value: String? = nil) {
        self.code = code
        self.severity = severity
        self.file = file
        self.line = line
        self.context = context
        self.field = field
        self.value = value
        self.message = message
    }

    public var description: String {
        var s = ""
        if let file { s += file + ":" }
        if let line { s += "\(line):" }
        if !s.isEmpty { s += " " }
        if severity == .warning { s += "warning: " }
        var place: [String] = []
        if let context { place.append(context) }
        if let field { place.append("field \(field)") }
        if !place.isEmpty { s += place.joined(separator: " ") + ": " }
        return s + message
    }

    /// The same error attributed to `file` (readers working on text fill this in last).
    public func inFile(_ name: String?) -> ParseError {
        var e = self
        if e.file == nil { e.file = name }
        return e
    }
}

/// The outcome of reading: every good record, plus every problem found (errors rejected a record,
/// warnings did not).
public struct ReadReport<Record> {
    /// The records read successfully, in file order.
    public var records: [Record]
    /// Problems that rejected a record or a whole file.
    public var errors: [ParseError]
    /// Problems that were tolerated (e.g. bad checksums when accepted, unknown keywords).
    public var warnings: [ParseError]
    /// What a record is called in ``summary``, plural ("element sets").
    public var noun: String

    public init(records: [Record] = [], errors: [ParseError] = [], warnings: [ParseError] = [],
                noun: String = "records") {
        self.records = records
        self.errors = errors
        self.warnings = warnings
        self.noun = noun
    }

    /// Adds a problem to ``errors`` or ``warnings`` according to its severity.
    public mutating func add(_ issue: ParseError) {
        if issue.severity == .error { errors.append(issue) } else { warnings.append(issue) }
    }

    /// Appends another report's records and problems.
    public mutating func merge(_ other: ReadReport<Record>) {
        records += other.records
        errors += other.errors
        warnings += other.warnings
    }

    /// `true` when nothing was rejected.
    public var isClean: Bool { errors.isEmpty }

    /// How many records (or files) the errors rejected: several errors on the same file and line
    /// reject one record.
    public var rejectedCount: Int {
        var seen = Set<String>()
        var unplaced = 0
        for e in errors {
            if let line = e.line { seen.insert("\(e.file ?? "")\u{0}\(line)") } else { unplaced += 1 }
        }
        return seen.count + unplaced
    }

    /// One line: "26140 element sets, 0 errors" (and ", N warnings" when there are any); when several
    /// errors fall on one record, "183262 element sets, 2 errors (1 record rejected)".
    public var summary: String {
        var s = "\(records.count) \(noun), \(errors.count) error\(errors.count == 1 ? "" : "s")"
        let rejected = rejectedCount
        if rejected != errors.count { s += " (\(rejected) record\(rejected == 1 ? "" : "s") rejected)" }
        if !warnings.isEmpty { s += ", \(warnings.count) warning\(warnings.count == 1 ? "" : "s")" }
        return s
    }
}

extension ReadReport: Sendable where Record: Sendable {}
