/// An error from the MissileWarning module: what went wrong, where (file, line, field) and the
/// offending value.
///
///     scenario.json: stages[1].burn_time_s: expected a positive number, found -3
///     detections.jsonl:17: measurement.azimuth_deg: missing
public struct MissileWarningError: Error, CustomStringConvertible, Sendable, Hashable {
    /// What kind of problem this is; compare with the static members (`error.code == .badField`).
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        /// A short lower-case name, stable across releases.
        public let name: String
        public init(_ name: String) { self.name = name }
        public var description: String { name }

        /// A file cannot be opened or read.
        public static let io = Code("io")
        /// The text is not valid JSON (or a JSON Lines record is not).
        public static let badJSON = Code("badJSON")
        /// A required field is absent.
        public static let missingField = Code("missingField")
        /// A field has the wrong type or a value outside its allowed set or range.
        public static let badField = Code("badField")
        /// A named thing (a preset, a sensor, a zone) does not exist.
        public static let unknownName = Code("unknownName")
        /// Geometry that cannot be used (an empty or open polygon ring, a point off the Earth).
        public static let badGeometry = Code("badGeometry")
        /// A flight that cannot be flown as given (it never leaves the ground, never lands in the time allowed).
        public static let badFlight = Code("badFlight")
    }

    /// What kind of problem.
    public var code: Code
    /// The file, if any.
    public var file: String?
    /// The line in the file (1-based), for line-oriented files (JSON Lines).
    public var line: Int?
    /// The field path, e.g. `stages[1].burn_time_s`.
    public var field: String?
    /// The offending value as text, if any.
    public var value: String?
    /// What is wrong, in words.
    public var message: String

    public init(_ code: Code, _ message: String, file: String? = nil, line: Int? = nil, field: String? = nil, value: String? = nil) {
        self.code = code
        self.file = file
        self.line = line
        self.field = field
        self.value = value
        self.message = message
    }

    public var description: String {
        var parts: [String] = []
        if let file { parts.append(line.map { "\(file):\($0)" } ?? file) } else if let line { parts.append("line \(line)") }
        if let field { parts.append(field) }
        var text = message
        if let value { text += ", found \(value)" }
        parts.append(text)
        return parts.joined(separator: ": ")
    }
}
