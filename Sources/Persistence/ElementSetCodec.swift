import Astrodynamics
import Foundation
import SpaceData

/// How an ``ElementSet`` maps to a row of `element_sets`, both ways, losslessly.
///
/// Every value column holds the exact `Double` (both databases store IEEE 754 doubles bit for
/// bit); the epoch is kept as whole TAI seconds plus the fraction (exact), with POSIX microseconds
/// and ISO text beside it for people and indexes. Comments and extra OMM fields go to
/// `extras_json`. Sets read from a TLE keep their lines as written, and their presentation is
/// rebuilt from those lines when read back, so writing them gives the same bytes.
enum ElementSetCodec {
    /// Columns written at ingest, in bind order.
    static let insertColumns = [
        "norad_cat_id", "epoch_tai_s", "epoch_tai_frac", "epoch_unix_us", "epoch_iso", "fingerprint",
        "object_name", "object_id", "object_type", "classification",
        "mean_motion", "eccentricity", "inclination_deg", "ra_of_asc_node_deg", "arg_of_pericenter_deg", "mean_anomaly_deg",
        "ephemeris_type", "element_set_no", "rev_at_epoch", "bstar", "mean_motion_dot", "mean_motion_ddot",
        "omm_version", "center_name", "ref_frame", "time_system", "mean_element_theory", "originator", "creation_date",
        "extras_json", "tle_line0", "tle_line1", "tle_line2", "tle_format", "source", "ingested_at_us",
        "marking", "received_from",
    ]

    /// Columns read back (prefix with a table alias where joined), in ``decode(_:)`` order.
    static let selectColumns = [
        "id", "norad_cat_id", "epoch_tai_s", "epoch_tai_frac",
        "object_name", "object_id", "classification",
        "mean_motion", "eccentricity", "inclination_deg", "ra_of_asc_node_deg", "arg_of_pericenter_deg", "mean_anomaly_deg",
        "ephemeris_type", "element_set_no", "rev_at_epoch", "bstar", "mean_motion_dot", "mean_motion_ddot",
        "omm_version", "center_name", "ref_frame", "time_system", "mean_element_theory", "originator", "creation_date",
        "extras_json", "tle_line0", "tle_line1", "tle_line2", "tle_format", "source", "ingested_at_us",
        "marking", "received_from",
    ]

    static func selectList(alias: String) -> String { selectColumns.map { "\(alias).\($0)" }.joined(separator: ", ") }

    /// SHA-256 over the values that identify a set (not its presentation or OMM metadata): the same
    /// set read from a TLE and from an OMM file has the same fingerprint.
    static func fingerprint(_ s: ElementSet) -> String {
        func b(_ d: Double) -> String { String(d.bitPattern, radix: 16) }
        let text = [String(s.noradCatalogNumber), String(s.classification),
                    b(s.meanMotionRevPerDay), b(s.eccentricity), b(s.inclinationDeg), b(s.raanDeg),
                    b(s.argumentOfPericenterDeg), b(s.meanAnomalyDeg), String(s.ephemerisType), String(s.elementSetNumber),
                    String(s.revolutionNumberAtEpoch), b(s.bstar), b(s.meanMotionDot), b(s.meanMotionDDot)].joined(separator: "|")
        return SHA256.hex(text)
    }

    private struct Extras: Codable {
        var c: [String]?
        var x: [[String?]]?
    }

    static func extrasJSON(_ s: ElementSet) -> String {
        if s.comments.isEmpty && s.extraFields.isEmpty { return "{}" }
        let e = Extras(c: s.comments.isEmpty ? nil : s.comments,
                       x: s.extraFields.isEmpty ? nil : s.extraFields.map { [$0.key, $0.value] })
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(e)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }

    static func decodeExtras(_ text: String) throws(StoreError) -> ([String], [ElementSet.ExtraField]) {
        if text == "{}" { return ([], []) }
        guard let e = try? JSONDecoder().decode(Extras.self, from: Data(text.utf8)) else {
            throw StoreError(.decoding, "extras_json is not the store's JSON", underlying: String(text.prefix(80)))
        }
        var fields: [ElementSet.ExtraField] = []
        for pair in e.x ?? [] {
            guard pair.count == 2, let key = pair[0] else { throw StoreError(.decoding, "extras_json: a field is not [key, value]") }
            fields.append(ElementSet.ExtraField(key: key, value: pair[1]))
        }
        return (e.c ?? [], fields)
    }

    /// The TLE lines of a set read from a TLE (name line or `nil`, line 1, line 2), as written.
    static func tleLines(_ s: ElementSet) -> (String?, String, String)? {
        guard s.tleFormatting.hadNameLine != nil, let lines = try? TLEWriter().lines(for: s), lines.count >= 2 else { return nil }
        return (lines.count == 3 ? lines[0] : nil, lines[lines.count - 2], lines[lines.count - 1])
    }

    /// The bind values for ``insertColumns``.
    static func encode(_ s: ElementSet, source: String, provenance: Provenance, ingestedAtUs: Int64) -> [SQLValue] {
        var v: [SQLValue] = []
        v.reserveCapacity(insertColumns.count)
        v.append(SQLValue(s.noradCatalogNumber))
        StoreTime.bind(s.epoch, into: &v)
        v.append(.int(StoreTime.unixMicroseconds(s.epoch)))
        v.append(.text(s.epoch.iso8601UTC(fractionDigits: 6)))
        v.append(.text(fingerprint(s)))
        v.append(SQLValue(s.objectName))
        v.append(SQLValue(s.objectID))
        v.append(SQLValue(s.objectType?.rawValue))
        v.append(.text(String(s.classification)))
        for d in [s.meanMotionRevPerDay, s.eccentricity, s.inclinationDeg, s.raanDeg, s.argumentOfPericenterDeg, s.meanAnomalyDeg] {
            v.append(.double(d))
        }
        v.append(SQLValue(s.ephemerisType))
        v.append(SQLValue(s.elementSetNumber))
        v.append(SQLValue(s.revolutionNumberAtEpoch))
        v.append(.double(s.bstar))
        v.append(.double(s.meanMotionDot))
        v.append(.double(s.meanMotionDDot))
        v.append(SQLValue(s.ommVersion))
        v.append(.text(s.centerName))
        v.append(.text(s.referenceFrame))
        v.append(.text(s.timeSystem))
        v.append(.text(s.meanElementTheory))
        v.append(SQLValue(s.originator))
        v.append(SQLValue(s.creationDate))
        v.append(.text(extrasJSON(s)))
        if let (l0, l1, l2) = tleLines(s) {
            v.append(SQLValue(l0)); v.append(.text(l1)); v.append(.text(l2)); v.append(.text(TLEFormatCodec.encode(s.tleFormatting)))
        } else {
            v.append(.null); v.append(.null); v.append(.null); v.append(.null)
        }
        v.append(.text(source))
        v.append(.int(ingestedAtUs))
        v.append(.text(provenance.marking.description))
        v.append(SQLValue(provenance.receivedFrom))
        return v
    }

    /// A stored set from a row of ``selectColumns``.
    static func decode(_ row: [SQLValue]) throws(StoreError) -> StoredElementSet {
        var r = RowReader(row)
        let id = try r.int64()
        let norad = try r.int()
        let epoch = try r.instant()
        let name = try r.optionalText()
        let objectID = try r.optionalText()
        let cls = try r.text()
        guard let classification = cls.first, cls.count == 1 else { throw StoreError(.decoding, "classification '\(cls)'") }
        var s = ElementSet(objectName: name, objectID: objectID, noradCatalogNumber: norad, classification: classification,
                           epoch: epoch, meanMotionRevPerDay: try r.double(), eccentricity: try r.double(),
                           inclinationDeg: try r.double(), raanDeg: try r.double(), argumentOfPericenterDeg: try r.double(),
                           meanAnomalyDeg: try r.double())
        s.ephemerisType = try r.int()
        s.elementSetNumber = try r.int()
        s.revolutionNumberAtEpoch = try r.int()
        s.bstar = try r.double()
        s.meanMotionDot = try r.double()
        s.meanMotionDDot = try r.double()
        s.ommVersion = try r.optionalText()
        s.centerName = try r.text()
        s.referenceFrame = try r.text()
        s.timeSystem = try r.text()
        s.meanElementTheory = try r.text()
        s.originator = try r.optionalText()
        s.creationDate = try r.optionalText()
        (s.comments, s.extraFields) = try decodeExtras(try r.text())
        let l0 = try r.optionalText(), l1 = try r.optionalText(), l2 = try r.optionalText(), format = try r.optionalText()
        var lines: [String]? = nil
        if let l1, let l2 {
            guard let format, let f = TLEFormatCodec.decode(format) else {
                throw StoreError(.decoding, "element set \(id): TLE presentation '\(format ?? "NULL")' is not the store's encoding")
            }
            s.tleFormatting = f
            lines = (l0.map { [$0] } ?? []) + [l1, l2]
        }
        let source = try r.text()
        let ingestedAt = try r.date()
        let marking = try Releasability.stored(try r.text(), "element set \(id)")
        return StoredElementSet(id: id, elementSet: s, source: source, ingestedAt: ingestedAt, tleLines: lines,
                                marking: marking, receivedFrom: try r.optionalText())
    }
}

/// A compact text form of ``TLEFormatting`` (how a TLE wrote each field that differs from the
/// canonical text), so that reading a set back does not re-parse its lines.
///
/// `N` or `B` (name line or not), then per field: U+001E, the field's stable key, U+001F, the
/// canonical text, U+001F, the text as written. The keys are this store's own names, independent
/// of the enum's order.
enum TLEFormatCodec {
    static func key(_ f: TLEFormatting.Field) -> String {
        switch f {
        case .nameLine: "name"
        case .line1CatalogNumber: "cat1"
        case .classification: "class"
        case .internationalDesignator: "desig"
        case .epoch: "epoch"
        case .meanMotionDot: "ndot"
        case .meanMotionDDot: "nddot"
        case .bstar: "bstar"
        case .ephemerisType: "ephtype"
        case .elementSetNumber: "elset"
        case .line2CatalogNumber: "cat2"
        case .inclination: "incl"
        case .raan: "raan"
        case .eccentricity: "ecc"
        case .argumentOfPericenter: "argp"
        case .meanAnomaly: "ma"
        case .meanMotion: "n"
        case .revolutionNumber: "rev"
        case .line1: "line1"
        case .line2: "line2"
        }
    }

    static let byKey: [String: TLEFormatting.Field] = Dictionary(uniqueKeysWithValues: TLEFormatting.Field.allCases.map { (key($0), $0) })

    static func encode(_ f: TLEFormatting) -> String {
        var s = f.hadNameLine == true ? "N" : "B"
        for field in TLEFormatting.Field.allCases {
            guard let w = f.fields[field] else { continue }
            s += "\u{1E}" + key(field) + "\u{1F}" + w.canonical + "\u{1F}" + w.text
        }
        return s
    }

    static func decode(_ text: String) -> TLEFormatting? {
        var parts = text.split(separator: "\u{1E}", omittingEmptySubsequences: false)
        guard let head = parts.first, head == "N" || head == "B" else { return nil }
        parts.removeFirst()
        var f = TLEFormatting()
        f.hadNameLine = head == "N"
        for p in parts {
            let items = p.split(separator: "\u{1F}", omittingEmptySubsequences: false)
            guard items.count == 3, let field = byKey[String(items[0])] else { return nil }
            f.record(field, canonical: String(items[1]), text: String(items[2]))
        }
        return f
    }
}
