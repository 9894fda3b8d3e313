/// OMM as CSV (RFC 4180): a header row of OMM keywords, then one set per row. CelesTrak writes its
/// 17 element-set columns; Space-Track adds header, metadata and catalog columns, kept as read.
public enum OMMCSV {
    /// Which columns are written.
    public enum Style: Sendable, Hashable {
        /// CelesTrak's 17 columns (plus any extra fields).
        case celestrak
        /// Space-Track's: header and metadata columns too (plus any extra fields).
        case spaceTrack
    }

    /// Reads a CSV file with a header row.
    public static func read(_ bytes: [UInt8], file: String? = nil,
                            leapSeconds: LeapSecondTable = .bundled) -> ReadReport<ElementSet> {
        var issues: [ParseError] = []
        let rows: [(cells: [String], line: Int)]
        do { rows = try parseRows(bytes) } catch {
            return ReadReport(errors: [error.inFile(file)], noun: "element sets")
        }
        guard let header = rows.first else {
            return ReadReport(errors: [ParseError(.badCSV, "empty file", file: file)], noun: "element sets")
        }
        let keys = header.cells.map { $0.asciiTrimmed() }
        var records: [OMMRecord] = []
        for row in rows.dropFirst() {
            if row.cells.count == 1 && row.cells[0].isEmpty { continue }
            guard row.cells.count == keys.count else {
                issues.append(ParseError(.badCSV, "row has \(row.cells.count) columns, the header \(keys.count)", line: row.line))
                continue
            }
            var r = OMMRecord(fields: [], line: row.line)
            for (k, v) in zip(keys, row.cells) { r.fields.append(.init(key: k, value: v, line: row.line)) }
            records.append(r)
        }
        return OMMFields.report(records: records, issues: issues, file: file, leapSeconds: leapSeconds, contextName: "row")
    }

    /// Splits CSV into rows of cells, with quoted cells (commas, doubled quotes, line breaks inside).
    static func parseRows(_ b: [UInt8]) throws(ParseError) -> [(cells: [String], line: Int)] {
        var rows: [(cells: [String], line: Int)] = []
        var cells: [String] = []
        var cell: [UInt8] = []
        var i = 0
        var line = 1
        var rowLine = 1
        var quoted = false
        if b.starts(with: [0xEF, 0xBB, 0xBF]) { i = 3 }   // byte-order mark
        func endCell() { cells.append(String(decoding: cell, as: UTF8.self)); cell.removeAll(keepingCapacity: true) }
        while i < b.count {
            let c = b[i]
            if quoted {
                if c == 34 {
                    if i + 1 < b.count && b[i + 1] == 34 { cell.append(34); i += 2; continue }
                    quoted = false
                } else {
                    if c == 10 { line += 1 }
                    cell.append(c)
                }
                i += 1
                continue
            }
            switch c {
            case 34 where cell.isEmpty: quoted = true
            case 44: endCell()
            case 13 where i + 1 < b.count && b[i + 1] == 10: break
            case 10, 13:
                endCell()
                rows.append((cells, rowLine))
                cells = []
                line += 1
                rowLine = line
            default: cell.append(c)
            }
            i += 1
        }
        if quoted { throw ParseError(.badCSV, "unterminated quoted cell", line: rowLine) }
        if !cell.isEmpty || !cells.isEmpty { endCell(); rows.append((cells, rowLine)) }
        return rows
    }

    static func cell(_ s: String) -> String {
        if s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) {
            return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return s
    }

    /// Writes sets with a header row; extra fields become further columns (union over all sets, in
    /// order of first appearance; empty where a set has none).
    public static func write(_ sets: [ElementSet], style: Style = .celestrak,
                             options: OMMFields.WriteOptions = .init(), lineEnding: String = "\r\n") -> String {
        var keys: [String] = style == .celestrak ? OMMFields.celestrak
            : ["CCSDS_OMM_VERS", "COMMENT", "CREATION_DATE", "ORIGINATOR"] + OMMFields.metadata + OMMFields.meanElements + OMMFields.tleParameters
        if style == .celestrak,
           sets.contains(where: { $0.centerName != "EARTH" || $0.referenceFrame != "TEME" || $0.timeSystem != "UTC" || $0.meanElementTheory != "SGP4" }) {
            keys += ["CENTER_NAME", "REF_FRAME", "TIME_SYSTEM", "MEAN_ELEMENT_THEORY"]
        }
        let extras = sets.map { OMMFields.extras(of: $0, options: options) }
        var seen = Set(keys)
        for e in extras { for x in e where !seen.contains(x.key) { seen.insert(x.key); keys.append(x.key) } }
        var out = keys.joined(separator: ",") + lineEnding
        for (s, extra) in zip(sets, extras) {
            let v = OMMFields.values(of: s, options: options)
            var row: [String] = []
            for k in keys {
                if k == "COMMENT" { row.append(cell(s.comments.joined(separator: " "))); continue }
                if let x = v[k] { row.append(cell(x)); continue }
                row.append(cell(extra.first { $0.key == k }?.value ?? ""))
            }
            out += row.joined(separator: ",") + lineEnding
        }
        return out
    }
}
