import Foundation

/// OMM in Keyword = Value Notation (CCSDS 502.0-B-3 §4, §7): one or more messages, each starting at
/// `CCSDS_OMM_VERS`; `COMMENT` lines; units in square brackets after values are ignored.
public enum OMMKVN {
    /// Reads every OMM in `text`. Unknown keywords are kept as extra fields and reported as warnings.
    public static func read(_ text: String, file: String? = nil,
                            leapSeconds: LeapSecondTable = .bundled) -> ReadReport<ElementSet> {
        let (records, issues) = records(Array(text.utf8))
        return OMMFields.report(records: records, issues: issues, file: file, leapSeconds: leapSeconds, contextName: "OMM")
    }

    /// Splits KVN text into records (one per `CCSDS_OMM_VERS`), reporting lines that are not `KEY = value`.
    public static func records(_ bytes: [UInt8]) -> ([OMMRecord], [ParseError]) {
        var records: [OMMRecord] = []
        var issues: [ParseError] = []
        var current: OMMRecord? = nil
        var pendingComments: [OMMRecord.Field] = []
        for (i, raw) in TextLines.split(bytes).enumerated() {
            let lineNo = i + 1
            let line = String(decoding: raw, as: UTF8.self).asciiTrimmed()
            if line.isEmpty { continue }
            if line == "COMMENT" || line.hasPrefix("COMMENT ") || line.hasPrefix("COMMENT\t") {
                let c = OMMRecord.Field(key: "COMMENT", value: String(line.dropFirst(7)).asciiTrimmed(),
                                        line: lineNo)
                if current == nil { pendingComments.append(c) } else { current!.fields.append(c) }
                continue
            }
            guard let eq = line.firstIndex(of: "=") else {
                issues.append(ParseError(.badKVN, "'\(line)' is not KEYWORD = value", line: lineNo))
                continue
            }
            let key = line[..<eq].asciiTrimmed()
            var value = line[line.index(after: eq)...].asciiTrimmed()
            if value.hasSuffix("]"), let open = value.lastIndex(of: "[") {   // units: "3.0539 [deg]"
                value = value[..<open].asciiTrimmed()
            }
            guard !key.isEmpty, key.utf8.allSatisfy({ ($0 >= 65 && $0 <= 90) || ($0 >= 48 && $0 <= 57) || $0 == 95 }) else {
                issues.append(ParseError(.badKVN, "'\(key)' is not a keyword", line: lineNo, value: key))
                continue
            }
            if key == "CCSDS_OMM_VERS" {
                if let c = current { records.append(c) }
                current = OMMRecord(fields: [], line: lineNo)
                current!.fields.append(.init(key: key, value: value, line: lineNo))
                current!.fields += pendingComments
                pendingComments = []
                continue
            }
            if current == nil {
                current = OMMRecord(fields: pendingComments, line: lineNo)
                pendingComments = []
                issues.append(ParseError(.missingField, "the message does not start with CCSDS_OMM_VERS", severity: .warning,
                                         line: lineNo, field: "CCSDS_OMM_VERS"))
            }
            if !OMMFields.isCCSDSKeyword(key) {
                issues.append(ParseError(.unknownKeyword, "'\(key)' is not an OMM keyword (kept as an extra field)",
                                         severity: .warning, line: lineNo, field: key))
            }
            current!.fields.append(.init(key: key, value: value, line: lineNo))
        }
        if let c = current { records.append(c) }
        return (records, issues)
    }

    /// Writes sets as KVN OMMs, one message per set separated by a blank line. Extra fields that are
    /// not CCSDS keywords are written as `USER_DEFINED_<KEY>` (e.g. `USER_DEFINED_OBJECT_TYPE`).
    public static func write(_ sets: [ElementSet], options: OMMFields.WriteOptions = .init()) -> String {
        var out = ""
        for (k, s) in sets.enumerated() {
            if k > 0 { out += "\n" }
            let v = OMMFields.values(of: s, options: options)
            let extras = OMMFields.extras(of: s, options: options)
            func kv(_ key: String, _ value: String) {
                out += key
                if key.utf8.count < 19 { out += String(repeating: " ", count: 19 - key.utf8.count) }
                out += " = " + value + "\n"
            }
            kv("CCSDS_OMM_VERS", v["CCSDS_OMM_VERS"]!)
            for c in s.comments { out += "COMMENT " + c + "\n" }
            for key in ["CREATION_DATE", "ORIGINATOR"] { kv(key, v[key]!) }
            out += "\n"
            for key in OMMFields.metadata { kv(key, v[key]!) }
            out += "\n"
            for key in OMMFields.meanElements { kv(key, v[key]!) }
            for x in extras where OMMFields.otherCCSDS[x.key] == "meanElements" { kv(x.key, x.value ?? "") }
            out += "\n"
            for key in OMMFields.tleParameters { kv(key, v[key]!) }
            var first = true
            for x in extras where OMMFields.otherCCSDS[x.key] != "meanElements" {
                if first { out += "\n"; first = false }
                kv(OMMFields.isCCSDSKeyword(x.key) ? x.key : "USER_DEFINED_" + x.key, x.value ?? "")
            }
        }
        return out
    }
}
