/// CDM in Keyword = Value Notation (CCSDS 508.0-B-1 §3, §6.3).
///
/// Reads both the standard's layout (`KEY = value [unit]`) and CSpOC's padded one
/// (`KEY      =value      [unit]`, trailing blanks), LF or CRLF line ends, several messages in one
/// file (each starting at `CCSDS_CDM_VERS`). Units in brackets are checked against the standard's
/// where it fixes one. `COMMENT` lines are kept; CSpOC's `COMMENT =text` reads as `text`.
public enum CDMKVN {
    /// Reads every CDM in `bytes` (gzip already removed, see ``FileInput``).
    public static func read(_ bytes: [UInt8], file: String? = nil,
                            options: CDMReadOptions = .init()) -> ReadReport<ConjunctionDataMessage> {
        let (records, issues) = records(bytes)
        return CDMFields.report(records: records, issues: issues, file: file, options: options)
    }

    /// Reads every CDM in `text`.
    public static func read(_ text: String, file: String? = nil,
                            options: CDMReadOptions = .init()) -> ReadReport<ConjunctionDataMessage> {
        read(Array(text.utf8), file: file, options: options)
    }

    /// Splits KVN text into records (one per `CCSDS_CDM_VERS`, a segment per `OBJECT`), reporting lines
    /// that are not `KEY = value`.
    public static func records(_ bytes: [UInt8]) -> ([CDMRecord], [ParseError]) {
        var records: [CDMRecord] = []
        var issues: [ParseError] = []
        var current: CDMRecord? = nil
        var pendingComments: [CDMRecord.Field] = []   // before the first keyword of a message
        func append(_ f: CDMRecord.Field) {
            let n = current!.segments.count
            if n == 0 { current!.fields.append(f) } else { current!.segments[n - 1].fields.append(f) }
        }
        for (i, raw) in TextLines.split(bytes).enumerated() {
            let lineNo = i + 1
            var line = String(decoding: raw, as: UTF8.self).asciiTrimmed()
            if lineNo == 1, line.hasPrefix("\u{FEFF}") { line = String(line.dropFirst()).asciiTrimmed() }
            if line.isEmpty { continue }
            if line == "COMMENT" || line.hasPrefix("COMMENT ") || line.hasPrefix("COMMENT\t") || line.hasPrefix("COMMENT=") {
                var text = line.dropFirst(7).asciiTrimmed()
                if text.hasPrefix("=") { text = text.dropFirst().asciiTrimmed() }   // CSpOC: "COMMENT   =text"
                let c = CDMRecord.Field(key: "COMMENT", value: text, line: lineNo)
                if current == nil { pendingComments.append(c) } else { append(c) }
                continue
            }
            guard let eq = line.firstIndex(of: "=") else {
                issues.append(ParseError(.badKVN, "'\(line)' is not KEYWORD = value", line: lineNo, value: line))
                continue
            }
            let key = line[..<eq].asciiTrimmed()
            var value = line[line.index(after: eq)...].asciiTrimmed()
            var unit: String? = nil
            if value.hasSuffix("]"), let open = value.lastIndex(of: "["),
               open == value.startIndex || value[value.index(before: open)] == " " || value[value.index(before: open)] == "\t" {
                unit = String(value[value.index(after: open)..<value.index(before: value.endIndex)]).asciiTrimmed()
                value = value[..<open].asciiTrimmed()
            }
            guard !key.isEmpty, key.utf8.allSatisfy({ ($0 >= 65 && $0 <= 90) || ($0 >= 48 && $0 <= 57) || $0 == 95 }) else {
                issues.append(ParseError(.badKVN, "'\(key)' is not a keyword (upper-case letters, digits, '_')",
                                         line: lineNo, field: key, value: value))
                continue
            }
            let field = CDMRecord.Field(key: key, value: value, unit: unit, line: lineNo)
            if key == "CCSDS_CDM_VERS" {
                if let c = current { records.append(c) }
                current = CDMRecord(fields: pendingComments + [field], line: lineNo)
                pendingComments = []
                continue
            }
            if current == nil {
                current = CDMRecord(fields: pendingComments, line: lineNo)
                pendingComments = []
                issues.append(ParseError(.missingField, "the message does not start with CCSDS_CDM_VERS",
                                         line: lineNo, field: "CCSDS_CDM_VERS"))
            }
            if key == "OBJECT" {
                // Comments just before OBJECT belong to the new segment's metadata.
                var moved: [CDMRecord.Field] = []
                if current!.segments.isEmpty {
                    while let last = current!.fields.last, last.key == "COMMENT" { moved.insert(current!.fields.removeLast(), at: 0) }
                } else {
                    let s = current!.segments.count - 1
                    while let last = current!.segments[s].fields.last, last.key == "COMMENT" {
                        moved.insert(current!.segments[s].fields.removeLast(), at: 0)
                    }
                }
                current!.segments.append(CDMRecord.Segment(fields: moved + [field], line: lineNo))
                continue
            }
            append(field)
        }
        if let c = current { records.append(c) }
        if records.isEmpty {
            issues.append(ParseError(.unknownFormat, "no CDM (no CCSDS_CDM_VERS line)", field: "CCSDS_CDM_VERS"))
        }
        return (records, issues)
    }

    /// Writes a message in the standard's layout: keywords padded to one column, `= value`, and the
    /// unit in brackets where the standard fixes one. Comments open their block; extra fields follow
    /// the block's keywords.
    public static func write(_ cdm: ConjunctionDataMessage, leapSeconds: LeapSecondTable = .bundled) -> String {
        var out = ""
        func kv(_ key: String, _ value: String, _ unit: String?) {
            out += key
            out += String(repeating: " ", count: max(1, 36 - key.utf8.count))
            out += "= " + value
            if let unit {
                out += String(repeating: " ", count: max(1, 24 - value.count)) + "[" + unit + "]"
            }
            out += "\n"
        }
        func comment(_ c: String) { out += c.isEmpty ? "COMMENT\n" : "COMMENT " + c + "\n" }
        func block(_ comments: [String], _ entries: [CDMFields.Entry], _ extras: [CDMField]) {
            for c in comments { comment(c) }
            for e in entries { kv(e.key, e.value, e.unit) }
            for x in extras { if x.key == "COMMENT" { comment(x.value) } else { kv(x.key, x.value, x.unit) } }
        }
        let h = cdm.header
        let he = CDMFields.entries(h, leapSeconds: leapSeconds)
        kv(he[0].key, he[0].value, nil)
        for c in h.comments { comment(c) }
        for e in he.dropFirst() { kv(e.key, e.value, e.unit) }
        block([], [], h.extraFields)
        let r = cdm.relativeMetadata
        block(r.comments, CDMFields.entries(r, leapSeconds: leapSeconds), r.extraFields)
        for s in cdm.objects {
            for b in CDMFields.blocks(s, leapSeconds: leapSeconds) { block(b.comments, b.entries, b.extras) }
        }
        return out
    }
}
