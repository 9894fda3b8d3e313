import Foundation

/// TDM in Keyword = Value Notation (CCSDS 503.0-B-2 §3, §4): a header, then segments of
/// `META_START … META_STOP` and `DATA_START … DATA_STOP`; data lines are `KEYWORD = epoch value`.
public enum TDMKVN {
    /// Reads a KVN TDM (see ``TDMReader`` for what is checked).
    public static func read(_ text: String, file: String? = nil) -> TDMReadResult {
        var r = TDMReader.build(raw(Array(text.utf8)))
        r.errors = r.errors.map { $0.inFile(file) }
        r.warnings = r.warnings.map { $0.inFile(file) }
        return r
    }

    private enum Section { case header, meta, betweenMetaAndData, data, afterData }

    /// Splits KVN into header fields and segments, reporting lines that do not fit the layout.
    static func raw(_ bytes: [UInt8]) -> TDMRaw {
        var raw = TDMRaw()
        var section = Section.header
        var segment: TDMRaw.Segment? = nil
        var sawContent = false
        func finish() { if let s = segment { raw.segments.append(s) }; segment = nil }
        func problem(_ e: ParseError) {
            if segment != nil { segment!.errors.append(e) } else { raw.errors.append(e) }
        }
        for (i, rawLine) in TextLines.split(bytes).enumerated() {
            let lineNo = i + 1
            let line = String(decoding: rawLine, as: UTF8.self).asciiTrimmed()
            if line.isEmpty { continue }
            if !sawContent {
                sawContent = true
                raw.firstLine = lineNo
                if !line.hasPrefix("CCSDS_TDM_VERS") {
                    raw.isTDM = false
                    raw.errors.append(ParseError(.unknownFormat, "not a TDM: the first line is not CCSDS_TDM_VERS = …", line: lineNo))
                    return raw
                }
            }
            if line == "COMMENT" || line.hasPrefix("COMMENT ") || line.hasPrefix("COMMENT\t") {
                let text = String(line.dropFirst(7)).asciiTrimmed()
                switch section {
                case .header: raw.header.append(.init(key: "COMMENT", value: text, line: lineNo))
                case .meta: segment?.metadata.append(.init(key: "COMMENT", value: text, line: lineNo))
                case .data: segment?.dataComments.append(text)
                case .betweenMetaAndData, .afterData:
                    problem(ParseError(.badKVN, "COMMENT outside the header, metadata or data section", line: lineNo))
                }
                continue
            }
            switch line {
            case "META_START":
                if section == .header || section == .afterData {
                    finish()
                    segment = TDMRaw.Segment(line: lineNo)
                    section = .meta
                } else {
                    problem(ParseError(.badKVN, "META_START inside a segment (DATA_STOP missing?)", line: lineNo))
                    finish()
                    segment = TDMRaw.Segment(line: lineNo)
                    section = .meta
                }
                continue
            case "META_STOP":
                if section == .meta { section = .betweenMetaAndData } else {
                    problem(ParseError(.badKVN, "META_STOP without META_START", line: lineNo))
                }
                continue
            case "DATA_START":
                if section == .betweenMetaAndData { section = .data } else {
                    problem(ParseError(.badKVN, "DATA_START not after META_STOP", line: lineNo))
                }
                continue
            case "DATA_STOP":
                if section == .data { segment?.closed = true; section = .afterData } else {
                    problem(ParseError(.badKVN, "DATA_STOP without DATA_START", line: lineNo))
                }
                continue
            default: break
            }
            guard let eq = line.firstIndex(of: "=") else {
                problem(ParseError(.badKVN, "'\(line)' is not KEYWORD = value", line: lineNo))
                continue
            }
            let key = line[..<eq].asciiTrimmed()
            let value = line[line.index(after: eq)...].asciiTrimmed()
            guard !key.isEmpty, key.utf8.allSatisfy({ ($0 >= 65 && $0 <= 90) || ($0 >= 48 && $0 <= 57) || $0 == 95 }) else {
                problem(ParseError(.badKVN, "'\(key)' is not a keyword", line: lineNo, value: key))
                continue
            }
            switch section {
            case .header:
                if key == "CCSDS_TDM_VERS" {
                    if raw.version == nil { raw.version = .init(key: key, value: value, line: lineNo) } else {
                        raw.errors.append(ParseError(.badKVN, "a second CCSDS_TDM_VERS: one message per file", line: lineNo, field: key))
                    }
                } else {
                    raw.header.append(.init(key: key, value: value, line: lineNo))
                }
            case .meta:
                segment?.metadata.append(.init(key: key, value: value, line: lineNo))
            case .data:
                let parts = value.split(whereSeparator: { $0 == " " || $0 == "\t" })
                guard parts.count == 2 else {
                    problem(ParseError(.badKVN, "a data line needs exactly an epoch and a value after '=', found \(parts.count) item\(parts.count == 1 ? "" : "s")",
                                       line: lineNo, context: "data", field: key, value: value))
                    continue
                }
                segment?.data.append(.init(key: key, epoch: String(parts[0]), value: String(parts[1]), line: lineNo))
            case .betweenMetaAndData, .afterData:
                problem(ParseError(.badKVN, "\(key) outside a metadata or data section", line: lineNo, field: key))
            }
        }
        if !sawContent {
            raw.isTDM = false
            raw.errors.append(ParseError(.unknownFormat, "empty input: not a TDM"))
        }
        finish()
        return raw
    }

    /// Writes `document` as KVN. Throws ``ParseError/Code/outOfRange`` for a value that is not finite
    /// and ``ParseError/Code/unsupported`` for a segment whose TIME_SYSTEM Kanshi cannot write.
    public static func write(_ document: TDMDocument) throws(ParseError) -> String {
        var out = "CCSDS_TDM_VERS = \(document.version)\n"
        for c in document.comments { out += comment(c) }
        out += "CREATION_DATE = \(TDMEpoch.format(document.creationDate, timeSystem: .utc))\n"
        out += "ORIGINATOR = \(document.originator)\n"
        if let id = document.messageID { out += "MESSAGE_ID = \(id)\n" }
        for s in document.segments {
            let ts = try TDMWriting.timeSystem(of: s)
            out += "\nMETA_START\n"
            for c in s.metadata.comments { out += comment(c) }
            for e in s.metadata.entries { out += "\(e.keyword) = \(e.value)\n" }
            out += "META_STOP\n\nDATA_START\n"
            for c in s.dataComments { out += comment(c) }
            var last: (epoch: Instant, text: String)? = nil
            for o in s.observations {
                if last?.epoch != o.epoch { last = (o.epoch, TDMEpoch.format(o.epoch, timeSystem: ts)) }
                out += o.keyword + " = " + last!.text + " " + (try TDMWriting.value(o)) + "\n"
            }
            out += "DATA_STOP\n"
        }
        return out
    }

    static func comment(_ c: String) -> String { c.isEmpty ? "COMMENT\n" : "COMMENT \(c)\n" }
}

/// Checks shared by the KVN and XML writers.
enum TDMWriting {
    static func timeSystem(of s: TDMSegment) throws(ParseError) -> TDMTimeSystem {
        guard let ts = s.metadata.timeSystem else {
            throw ParseError(.unsupported, "a segment's TIME_SYSTEM must be UTC, TAI or GPS to be written",
                             field: "TIME_SYSTEM", value: s.metadata["TIME_SYSTEM"])
        }
        return ts
    }

    static func value(_ o: TDMObservation) throws(ParseError) -> String {
        guard o.value.isFinite else {
            throw ParseError(.outOfRange, "\(o.keyword) value \(o.value) is not finite", field: o.keyword)
        }
        if let t = o.valueText, let v = TDMNumber.parse(t), v.bitPattern == o.value.bitPattern { return t }
        return TDMNumber.format(o.value)
    }
}
