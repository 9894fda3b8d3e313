/// How the fields of one element set were written in the TLE it was read from, where that differs
/// from Kanshi's canonical (Space-Track) formatting.
///
/// TLE files carry equal values in different presentations: B* zero as ` 00000-0`, ` 00000+0` or
/// `+00000+0`; explicit `+` signs; space- instead of zero-padded catalog numbers; a bare name line
/// instead of `0 NAME`. The reader records, for each field whose text differs from what the writer
/// would produce, the canonical text and the text as written. The writer uses the written text
/// only while the field's canonical text is still the same — so a set whose values were changed is
/// written canonically, and an unchanged set is written back byte for byte.
///
/// Sets that did not come from a TLE have an empty formatting and are written canonically.
public struct TLEFormatting: Sendable, Hashable {
    /// A field of a TLE whose presentation can differ from canonical.
    public enum Field: Int, Sendable, Hashable, CaseIterable, CustomStringConvertible {
        case nameLine
        case line1CatalogNumber, classification, internationalDesignator, epoch
        case meanMotionDot, meanMotionDDot, bstar, ephemerisType, elementSetNumber
        case line2CatalogNumber, inclination, raan, eccentricity, argumentOfPericenter, meanAnomaly
        case meanMotion, revolutionNumber
        /// A whole line (columns 1–68), when it differs in a way no single field explains
        /// (e.g. a non-blank separator column).
        case line1, line2

        /// The TLE field name used in messages (OMM keyword where one exists).
        public var description: String {
            switch self {
            case .nameLine: "OBJECT_NAME"
            case .line1CatalogNumber, .line2CatalogNumber: "NORAD_CAT_ID"
            case .classification: "CLASSIFICATION_TYPE"
            case .internationalDesignator: "OBJECT_ID"
            case .epoch: "EPOCH"
            case .meanMotionDot: "MEAN_MOTION_DOT"
            case .meanMotionDDot: "MEAN_MOTION_DDOT"
            case .bstar: "BSTAR"
            case .ephemerisType: "EPHEMERIS_TYPE"
            case .elementSetNumber: "ELEMENT_SET_NO"
            case .inclination: "INCLINATION"
            case .raan: "RA_OF_ASC_NODE"
            case .eccentricity: "ECCENTRICITY"
            case .argumentOfPericenter: "ARG_OF_PERICENTER"
            case .meanAnomaly: "MEAN_ANOMALY"
            case .meanMotion: "MEAN_MOTION"
            case .revolutionNumber: "REV_AT_EPOCH"
            case .line1: "line 1"
            case .line2: "line 2"
            }
        }

        /// 0-based byte range of the field in its line (the name line and whole lines: all columns).
        var columns: Range<Int> {
            switch self {
            case .nameLine: 0..<0
            case .line1CatalogNumber, .line2CatalogNumber: 2..<7
            case .classification: 7..<8
            case .internationalDesignator: 9..<17
            case .epoch: 18..<32
            case .meanMotionDot: 33..<43
            case .meanMotionDDot: 44..<52
            case .bstar: 53..<61
            case .ephemerisType: 62..<63
            case .elementSetNumber: 64..<68
            case .inclination: 8..<16
            case .raan: 17..<25
            case .eccentricity: 26..<33
            case .argumentOfPericenter: 34..<42
            case .meanAnomaly: 43..<51
            case .meanMotion: 52..<63
            case .revolutionNumber: 63..<68
            case .line1, .line2: 0..<68
            }
        }

        static let line1Fields: [Field] = [.line1CatalogNumber, .classification, .internationalDesignator, .epoch,
                                           .meanMotionDot, .meanMotionDDot, .bstar, .ephemerisType, .elementSetNumber]
        static let line2Fields: [Field] = [.line2CatalogNumber, .inclination, .raan, .eccentricity,
                                           .argumentOfPericenter, .meanAnomaly, .meanMotion, .revolutionNumber]
    }

    /// A field as written, valid while the value's canonical text is `canonical`.
    public struct Written: Sendable, Hashable {
        /// The canonical text of the value when it was read.
        public var canonical: String
        /// The text as it was written in the file.
        public var text: String
    }

    /// The fields whose written text differs from canonical.
    public private(set) var fields: [Field: Written] = [:]

    /// Whether the set was read with a name line (`0 NAME` or a bare name); `nil` if not read from a TLE.
    public var hadNameLine: Bool? = nil

    public init() {}

    /// True when the set carries no presentation details (it is written canonically).
    public var isEmpty: Bool { fields.isEmpty && hadNameLine == nil }

    /// Records that `field`, canonically `canonical`, was written `text`.
    public mutating func record(_ field: Field, canonical: String, text: String) {
        if canonical == text { fields[field] = nil } else { fields[field] = Written(canonical: canonical, text: text) }
    }

    /// The same formatting without the name line's presentation.
    static func dropName(_ f: TLEFormatting) -> TLEFormatting {
        var g = f
        g.fields[.nameLine] = nil
        return g
    }

    /// The text to write for `field` given its current canonical text.
    public func text(for field: Field, canonical: String) -> String {
        if let w = fields[field], w.canonical == canonical { return w.text }
        return canonical
    }
}
