/// An error from the Threats module: what went wrong, where (file, record, field) and the offending value.
///
///     data/protected-assets.json: assets[3].norad_id: expected a positive integer, found "abc"
public struct ThreatsError: Error, CustomStringConvertible, Sendable, Hashable {
    /// What kind of problem this is; compare with the static members (`error.code == .badField`).
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        /// A short lower-case name, stable across releases.
        public let name: String
        public init(_ name: String) { self.name = name }
        public var description: String { name }

        /// A file cannot be opened or read.
        public static let io = Code("io")
        /// The text is not valid JSON.
        public static let badJSON = Code("badJSON")
        /// A required field is absent.
        public static let missingField = Code("missingField")
        /// A field has the wrong type or a value outside its allowed set.
        public static let badField = Code("badField")
        /// Two records claim the same key (e.g. a NORAD number listed twice).
        public static let duplicate = Code("duplicate")
        /// A history handed to the per-object detector mixes catalog numbers.
        public static let mixedObjects = Code("mixedObjects")
        /// Element values that cannot describe an Earth orbit (mean motion ≤ 0, eccentricity outside [0, 1)).
        public static let badElements = Code("badElements")
        /// A configuration value outside its allowed range.
        public static let badConfiguration = Code("badConfiguration")
    }

    /// What kind of problem.
    public var code: Code
    /// The file, if any.
    public var file: String?
    /// The line in the file (1-based), for line-oriented files (SATCAT CSV).
    public var line: Int?
    /// The field path, e.g. `assets[3].norad_id`.
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
        parts.append(message)
        return parts.joined(separator: ": ")
    }
}
