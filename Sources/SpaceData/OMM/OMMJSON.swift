/// OMM as JSON: an array of flat objects keyed by OMM keyword (a single object is accepted too).
/// CelesTrak writes numbers as JSON numbers; Space-Track writes every value as a string and adds
/// fields (`OBJECT_TYPE`, `DECAY_DATE`, `TLE_LINE1`, …), kept as extra fields.
public enum OMMJSON {
    /// How values are written.
    public enum Style: Sendable, Hashable {
        /// CelesTrak: the 17 element-set members, numbers unquoted (and any extra fields).
        case celestrak
        /// Space-Track: header and metadata members too, every value a string.
        case spaceTrack
    }

    /// Reads every object in the document.
    public static func read(_ bytes: [UInt8], file: String? = nil,
                            leapSeconds: LeapSecondTable = .bundled) -> ReadReport<ElementSet> {
        let doc: JSONValue
        do { doc = try JSONValue.parse(bytes) } catch {
            return ReadReport(errors: [error.inFile(file)], noun: "element sets")
        }
        var records: [OMMRecord] = []
        var issues: [ParseError] = []
        let items: [JSONValue]
        switch doc {
        case .array(let a): items = a
        case .object: items = [doc]
        default:
            return ReadReport(errors: [ParseError(.badJSON, "expected an array of OMM objects", file: file, line: 1)],
                              noun: "element sets")
        }
        for (k, item) in items.enumerated() {
            guard case .object(let members) = item else {
                issues.append(ParseError(.badJSON, "element \(k + 1) of the array is not an object", context: "record \(k + 1)"))
                continue
            }
            var r = OMMRecord(fields: [], line: members.first?.line)
            for m in members {
                let value: String?
                switch m.value {
                case .string(let s): value = s
                case .number(let s): value = s
                case .bool(let b): value = b ? "true" : "false"
                case .null: value = nil
                case .object, .array:
                    issues.append(ParseError(.badJSON, "nested value is not an OMM field (ignored)", severity: .warning,
                                             line: m.line, context: "record \(k + 1)", field: m.key))
                    continue
                }
                r.fields.append(.init(key: m.key, value: value, line: m.line))
            }
            records.append(r)
        }
        return OMMFields.report(records: records, issues: issues, file: file, leapSeconds: leapSeconds, contextName: "record")
    }

    /// Writes sets as a JSON array, one object per line.
    public static func write(_ sets: [ElementSet], style: Style = .celestrak,
                             options: OMMFields.WriteOptions = .init()) -> String {
        var out = "["
        for (k, s) in sets.enumerated() {
            let v = OMMFields.values(of: s, options: options)
            var members: [String] = []
            func add(_ key: String, _ value: String?, numeric: Bool) {
                let text: String
                if let value { text = numeric ? value : JSONValue.quote(value) } else { text = "null" }
                members.append(JSONValue.quote(key) + ":" + text)
            }
            if style == .spaceTrack {
                add("CCSDS_OMM_VERS", v["CCSDS_OMM_VERS"], numeric: false)
                for c in s.comments { add("COMMENT", c, numeric: false) }
                add("CREATION_DATE", v["CREATION_DATE"], numeric: false)
                add("ORIGINATOR", v["ORIGINATOR"], numeric: false)
                for key in OMMFields.metadata + OMMFields.meanElements + OMMFields.tleParameters {
                    add(key, v[key], numeric: false)
                }
            } else {
                for key in OMMFields.celestrak { add(key, v[key], numeric: OMMFields.numericKeys.contains(key)) }
                if s.centerName != "EARTH" || s.referenceFrame != "TEME" || s.timeSystem != "UTC" || s.meanElementTheory != "SGP4" {
                    for key in ["CENTER_NAME", "REF_FRAME", "TIME_SYSTEM", "MEAN_ELEMENT_THEORY"] { add(key, v[key], numeric: false) }
                }
            }
            for x in OMMFields.extras(of: s, options: options) { add(x.key, x.value, numeric: false) }
            out += (k == 0 ? "" : ",\n") + "{" + members.joined(separator: ",") + "}"
        }
        return out + "]\n"
    }
}
