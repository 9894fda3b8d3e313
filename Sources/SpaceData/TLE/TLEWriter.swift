import Foundation

/// Writes element sets as TLE/3LE lines.
///
/// Sets read from a TLE are written back byte for byte (their ``TLEFormatting`` is applied while the
/// values are unchanged); other sets get Space-Track's canonical formatting: zero-padded (or Alpha-5)
/// catalog numbers, ` 00000-0` for a zero exponent field, blank for positive signs. Values that do
/// not fit the columns throw ``ParseError/Code/outOfRange``.
public struct TLEWriter: Sendable {
    /// How the name line is written for sets that did not come from a TLE (or when not preserving).
    public enum NameLineStyle: Sendable, Hashable {
        /// `0 NAME`, as Space-Track's 3LE.
        case zeroPrefixed
        /// `NAME`, as CelesTrak's TLE files.
        case bare
        /// No name line: two-line element sets.
        case none
    }

    /// Name-line style for sets whose own presentation does not decide it.
    public var nameLines: NameLineStyle
    /// Appended after every line, `"\n"` or `"\r\n"`.
    public var lineEnding: String
    /// Whether the last line gets a line ending too (the default) or the text ends right after it.
    public var endsWithLineEnding: Bool
    /// When true (the default), presentation details recorded at reading are reproduced.
    public var preservePresentation: Bool
    /// Leap seconds for turning epochs into UTC day numbers.
    public var leapSeconds: LeapSecondTable

    public init(nameLines: NameLineStyle = .zeroPrefixed, lineEnding: String = "\n", endsWithLineEnding: Bool = true,
                preservePresentation: Bool = true, leapSeconds: LeapSecondTable = .bundled) {
        self.nameLines = nameLines
        self.lineEnding = lineEnding
        self.endsWithLineEnding = endsWithLineEnding
        self.preservePresentation = preservePresentation
        self.leapSeconds = leapSeconds
    }

    /// The lines of one set (name line when there is one, then lines 1 and 2), without line endings.
    public func lines(for set: ElementSet) throws(ParseError) -> [String] {
        let f = preservePresentation ? set.tleFormatting : TLEFormatting()
        let (c1, c2) = try TLEWriter.canonicalFields(set, leapSeconds: leapSeconds)
        let l1 = TLEWriter.assemble(lineNumber: "1", fields: TLEFormatting.Field.line1Fields, canonical: c1,
                                    whole: .line1, formatting: f)
        let l2 = TLEWriter.assemble(lineNumber: "2", fields: TLEFormatting.Field.line2Fields, canonical: c2,
                                    whole: .line2, formatting: f)
        var out: [String] = []
        if let name = set.objectName {
            let include: Bool
            if let had = f.hadNameLine { include = had } else { include = nameLines != .none }
            if include {
                let style = nameLines == .bare ? name : "0 " + name
                out.append(f.text(for: .nameLine, canonical: style))
            }
        }
        out.append(l1)
        out.append(l2)
        return out
    }

    /// A writer whose line endings match `text`'s: CRLF or LF, and whether its last line has one.
    public static func matchingLineEndings(of text: [UInt8]) -> TLEWriter {
        let crlf = text.firstIndex(of: 10).map { $0 > 0 && text[$0 - 1] == 13 } ?? false
        let last = text.last.map { $0 == 10 || $0 == 13 } ?? true
        return TLEWriter(lineEnding: crlf ? "\r\n" : "\n", endsWithLineEnding: last)
    }

    /// All sets as one text; throws the error of the first set that cannot be written.
    public func write(_ sets: [ElementSet]) throws(ParseError) -> String {
        var errors: [ParseError] = []
        let text = write(sets, errors: &errors)
        if let first = errors.first { throw first }
        return text
    }

    /// All sets that can be written, and an error for each one that cannot.
    public func write(_ sets: [ElementSet], errors: inout [ParseError]) -> String {
        var s = ""
        s.reserveCapacity(sets.count * 160)
        for (i, set) in sets.enumerated() {
            do {
                for l in try lines(for: set) { s += l; s += lineEnding }
            } catch {
                var e = error
                e.context = "element set \(i + 1) (NORAD \(set.noradCatalogNumber))"
                errors.append(e)
            }
        }
        if !endsWithLineEnding && s.hasSuffix(lineEnding) { s.removeLast(lineEnding.count == 2 && lineEnding != "\r\n" ? 2 : 1) }
        return s
    }

    // MARK: Canonical fields

    /// Canonical texts of the line 1 and line 2 fields, in the order of `Field.line1Fields`/`line2Fields`.
    static func canonicalFields(_ s: ElementSet, leapSeconds: LeapSecondTable) throws(ParseError) -> ([String], [String]) {
        let cat = try TLEFields.formatCatalogNumber(s.noradCatalogNumber)
        guard s.classification.isASCII, s.classification != "\n", s.classification != "\r" else {
            throw ParseError(.outOfRange, "classification '\(s.classification)' is not one ASCII character",
                             field: "CLASSIFICATION_TYPE")
        }
        guard let desig = ElementSet.tleDesignator(fromObjectID: s.objectID) else {
            throw ParseError(.outOfRange, "international designator '\(s.objectID ?? "")' does not fit 8 columns",
                             field: "OBJECT_ID", value: s.objectID)
        }
        let year = s.epoch.utcYear(leapSeconds: leapSeconds)
        guard (1957...2056).contains(year) else {
            throw ParseError(.outOfRange, "epoch year \(year) is outside 1957–2056, which a two-digit TLE year covers",
                             field: "EPOCH")
        }
        let epoch = s.epoch.tleEpoch(leapSeconds: leapSeconds)
        guard epoch.utf8.count == 14 else {
            throw ParseError(.outOfRange, "epoch \(epoch) does not fit 14 columns", field: "EPOCH")
        }
        let line1 = [
            cat, String(s.classification), desig, epoch,
            try TLEFields.formatMeanMotionDot(s.meanMotionDot),
            try TLEFields.formatExponential(s.meanMotionDDot, field: "MEAN_MOTION_DDOT"),
            try TLEFields.formatExponential(s.bstar, field: "BSTAR"),
            try TLEFields.formatInteger(s.ephemerisType, width: 1, range: 0...9, field: "EPHEMERIS_TYPE"),
            try TLEFields.formatInteger(s.elementSetNumber, width: 4, range: 0...9999, field: "ELEMENT_SET_NO"),
        ]
        let line2 = [
            cat,
            try angle(s.inclinationDeg, "INCLINATION"),
            try angle(s.raanDeg, "RA_OF_ASC_NODE"),
            try TLEFields.formatEccentricity(s.eccentricity),
            try angle(s.argumentOfPericenterDeg, "ARG_OF_PERICENTER"),
            try angle(s.meanAnomalyDeg, "MEAN_ANOMALY"),
            try meanMotion(s.meanMotionRevPerDay),
            try TLEFields.formatInteger(s.revolutionNumberAtEpoch, width: 5, range: 0...99_999, field: "REV_AT_EPOCH"),
        ]
        return (line1, line2)
    }

    static func angle(_ v: Double, _ field: String) throws(ParseError) -> String {
        try TLEFields.fixed(v, width: 8, decimals: 4, field: field)
    }

    static func meanMotion(_ v: Double) throws(ParseError) -> String {
        guard v >= 0 else {
            throw ParseError(.outOfRange, "mean motion \(v) rev/day is negative", field: "MEAN_MOTION", value: "\(v)")
        }
        return try TLEFields.fixed(v, width: 11, decimals: 8, field: "MEAN_MOTION")
    }

    /// Builds a line from field texts (canonical, or as written while still valid) and appends the checksum.
    static func assemble(lineNumber: Character, fields: [TLEFormatting.Field], canonical: [String],
                         whole: TLEFormatting.Field, formatting f: TLEFormatting) -> String {
        var bytes = [UInt8](repeating: 32, count: 68)
        bytes[0] = UInt8(lineNumber.asciiValue!)
        for (k, field) in fields.enumerated() {
            let r = field.columns
            var i = r.lowerBound
            for b in canonical[k].utf8 { bytes[i] = b; i += 1 }
        }
        let canonicalLine = String(decoding: bytes, as: UTF8.self)
        var line: String
        if !f.fields.isEmpty {
            if let w = f.fields[whole], w.canonical == canonicalLine {
                line = w.text
            } else {
                for (k, field) in fields.enumerated() {
                    let text = f.text(for: field, canonical: canonical[k])
                    var i = field.columns.lowerBound
                    for b in text.utf8.prefix(field.columns.count) { bytes[i] = b; i += 1 }
                }
                line = String(decoding: bytes, as: UTF8.self)
            }
        } else {
            line = canonicalLine
        }
        line.append(Character(String(TLEFields.checksum(line.utf8))))
        return line
    }
}
