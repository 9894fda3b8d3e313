import Foundation

/// Reads two-line and three-line element sets (TLE/3LE).
///
/// Tolerates what real files contain: CRLF line ends, `0 NAME` or bare name lines (or none),
/// Alpha-5 catalog numbers, zero- or space-padded numbers, two-digit years, both exponent forms
/// (` 12345-3`, `+12345-3`, `-12345-3`) and plain decimals in exponent fields, and lines longer than
/// 69 columns (Vallado's `SGP4-VER.TLE` has notes after column 69; they are ignored) and `#` comment
/// lines. Each malformed
/// record is reported with file, line, field and reason; every good record still loads.
/// The checksum is verified; with ``acceptBadChecksums`` a bad one is a warning instead of an error.
public struct TLEReader: Sendable {
    /// Load sets whose checksum is wrong (reported as warnings) instead of rejecting them.
    public var acceptBadChecksums: Bool
    /// Leap seconds for turning UTC epochs into instants.
    public var leapSeconds: LeapSecondTable

    public init(acceptBadChecksums: Bool = false, leapSeconds: LeapSecondTable = .bundled) {
        self.acceptBadChecksums = acceptBadChecksums
        self.leapSeconds = leapSeconds
    }

    /// Reads the file at `path` (gzip decompressed transparently).
    public func read(contentsOf path: String) -> ReadReport<ElementSet> {
        do {
            let bytes = try FileInput.readFile(path)
            return read(bytes, file: (path as NSString).lastPathComponent)
        } catch {
            return ReadReport(errors: [error], noun: "element sets")
        }
    }

    /// Reads TLE text.
    public func read(_ text: String, file: String? = nil) -> ReadReport<ElementSet> {
        read(Array(text.utf8), file: file)
    }

    /// Reads TLE text given as UTF-8 bytes.
    public func read(_ bytes: [UInt8], file: String? = nil) -> ReadReport<ElementSet> {
        var report = ReadReport<ElementSet>(noun: "element sets")
        let lines = TextLines.split(bytes)
        var pendingName: (text: ArraySlice<UInt8>, line: Int)? = nil
        var i = 0
        while i < lines.count {
            let l = lines[i]
            let lineNo = i + 1
            // Blank lines, and `#` comment lines as in Vallado's SGP4-VER.TLE, are skipped.
            if l.allSatisfy({ $0 == 32 || $0 == 9 }) || l.first == 35 { i += 1; continue }
            if TLEReader.isElementLine(l, "1") {
                guard i + 1 < lines.count else {
                    report.add(ParseError(.unexpectedEnd, "line 1 is not followed by line 2", file: file, line: lineNo))
                    break
                }
                let l2 = lines[i + 1]
                guard TLEReader.isElementLine(l2, "2") else {
                    report.add(ParseError(.badLineNumber, "expected line 2 after line 1 (line \(lineNo))",
                                          file: file, line: lineNo + 1, context: "line 2",
                                          value: String(decoding: l2.prefix(20), as: UTF8.self)))
                    pendingName = nil
                    i += 1
                    continue
                }
                let (set, issues) = parseRecord(name: pendingName, line1: l, line1Number: lineNo,
                                                line2: l2, line2Number: lineNo + 1, file: file)
                for e in issues { report.add(e) }
                if let set { report.records.append(set) }
                pendingName = nil
                i += 2
                continue
            }
            if TLEReader.isElementLine(l, "2") {
                report.add(ParseError(.badLineNumber, "line 2 without a line 1 before it", file: file, line: lineNo,
                                      context: "line 2"))
                pendingName = nil
                i += 1
                continue
            }
            if let p = pendingName {
                report.add(ParseError(.unexpectedEnd, "name line '\(TLEReader.nameText(p.text))' is not followed by element lines",
                                      file: file, line: p.line, field: "OBJECT_NAME"))
            }
            pendingName = (l, lineNo)
            i += 1
        }
        if let p = pendingName {
            report.add(ParseError(.unexpectedEnd, "name line '\(TLEReader.nameText(p.text))' is not followed by element lines",
                                  file: file, line: p.line, field: "OBJECT_NAME"))
        }
        return report
    }

    /// Parses one set from its lines; throws the first problem (checksum problems too unless accepted).
    public func parse(name: String? = nil, line1: String, line2: String) throws(ParseError) -> ElementSet {
        let (set, issues) = parseRecord(name: name.map { (ArraySlice(Array($0.utf8)), 0) },
                                        line1: ArraySlice(Array(line1.utf8)), line1Number: nil,
                                        line2: ArraySlice(Array(line2.utf8)), line2Number: nil, file: nil)
        if let e = issues.first(where: { $0.severity == .error }) { throw e }
        guard let set else { throw ParseError(.missingField, "no element set") }
        return set
    }

    // MARK: Internals

    static func isElementLine(_ l: ArraySlice<UInt8>, _ n: Character) -> Bool {
        guard let f = l.first, f == n.asciiValue! else { return false }
        return l.count == 1 || l[l.startIndex + 1] == 32
    }

    static func nameText(_ l: ArraySlice<UInt8>) -> String {
        var s = String(decoding: l, as: UTF8.self)
        if s.hasPrefix("0 ") { s.removeFirst(2) } else if s == "0" { s = "" }
        return s.asciiTrimmed()
    }

    func parseRecord(name: (text: ArraySlice<UInt8>, line: Int)?, line1 l1: ArraySlice<UInt8>, line1Number n1: Int?,
                     line2 l2: ArraySlice<UInt8>, line2Number n2: Int?, file: String?) -> (ElementSet?, [ParseError]) {
        var issues: [ParseError] = []
        var failed = false
        let a1 = Array(l1), a2 = Array(l2)
        func fail(_ code: ParseError.Code, _ msg: String, line: Int, field: String?, value: String? = nil) {
            issues.append(ParseError(code, msg, file: file, line: line == 1 ? n1 : n2, context: "line \(line)",
                                     field: field, value: value))
            failed = true
        }
        // Length and checksum.
        for (k, a) in [(1, a1), (2, a2)] {
            if a.count < 68 {
                fail(.lineLength, "line is \(a.count) characters, a TLE line needs 69", line: k, field: nil)
            } else if a.count == 68 {
                issues.append(ParseError(.checksum, "no checksum digit (line is 68 characters)", severity: .warning,
                                         file: file, line: k == 1 ? n1 : n2, context: "line \(k)"))
            }
        }
        if failed { return (nil, issues) }
        func text(_ a: [UInt8], _ r: Range<Int>) -> Substring {
            Substring(String(decoding: a[r], as: UTF8.self))
        }
        func show(_ s: Substring) -> String { "'\(s)'" }

        // Line 1.
        let cat1Text = text(a1, 2..<7)
        let cat1 = TLEFields.catalogNumber(cat1Text)
        if cat1 == nil {
            fail(.badNumber, "\(show(cat1Text)) is not a catalog number (digits, or Alpha-5 A0000–Z9999)",
                 line: 1, field: "NORAD_CAT_ID", value: String(cat1Text))
        }
        let classification = Character(UnicodeScalar(a1[7]))
        let designatorText = text(a1, 9..<17)
        let epochText = text(a1, 18..<32)
        var epoch: Instant? = nil
        do {
            epoch = try Instant(tleEpoch: epochText, leapSeconds: leapSeconds)
        } catch {
            fail(.badEpoch, "\(show(epochText)) is not a TLE epoch YYDDD.DDDDDDDD: \((error as? TimeParseError)?.reason ?? "\(error)")",
                 line: 1, field: "EPOCH", value: String(epochText))
        }
        let ndotText = text(a1, 33..<43)
        let ndot = TLEFields.decimal(ndotText)
        if ndot == nil {
            fail(.badNumber, "\(show(ndotText)) is not a decimal number", line: 1, field: "MEAN_MOTION_DOT",
                 value: String(ndotText))
        }
        func exponentField(_ r: Range<Int>, _ field: String) -> Double? {
            var t = text(a1, r)
            // A value that runs past its columns into the separator (e.g. "-66000-10") is read whole,
            // so the message shows what was written.
            if r.upperBound < a1.count, a1[r.upperBound] != 32 {
                var e = r.upperBound
                while e < a1.count, a1[e] != 32 { e += 1 }
                t = text(a1, r.lowerBound..<e)
                fail(.badNumber, "\(show(t.asciiTrimmed()[...])) is not a valid exponent form",
                     line: 1, field: field, value: t.asciiTrimmed())
                return nil
            }
            guard let v = TLEFields.exponential(t) else {
                fail(.badNumber, "\(show(t.asciiTrimmed()[...])) is not a valid exponent form",
                     line: 1, field: field, value: t.asciiTrimmed())
                return nil
            }
            return v
        }
        let nddot = exponentField(44..<52, "MEAN_MOTION_DDOT")
        let bstar = exponentField(53..<61, "BSTAR")
        let ephText = text(a1, 62..<63)
        let eph = TLEFields.integer(ephText, blankValue: 0)
        if eph == nil { fail(.badNumber, "\(show(ephText)) is not a digit", line: 1, field: "EPHEMERIS_TYPE", value: String(ephText)) }
        let elsetText = text(a1, 64..<68)
        let elset = TLEFields.integer(elsetText, blankValue: 0)
        if elset == nil {
            fail(.badNumber, "\(show(elsetText)) is not a whole number", line: 1, field: "ELEMENT_SET_NO", value: String(elsetText))
        }

        // Line 2.
        let cat2Text = text(a2, 2..<7)
        let cat2 = TLEFields.catalogNumber(cat2Text)
        if cat2 == nil {
            fail(.badNumber, "\(show(cat2Text)) is not a catalog number (digits, or Alpha-5 A0000–Z9999)",
                 line: 2, field: "NORAD_CAT_ID", value: String(cat2Text))
        } else if let c1 = cat1, let c2 = cat2, c1 != c2 {
            fail(.mismatchedCatalogNumber, "catalog number \(c2) differs from line 1's \(c1)", line: 2,
                 field: "NORAD_CAT_ID", value: String(cat2Text))
        }
        func decimalField(_ r: Range<Int>, _ field: String, _ range: ClosedRange<Double>? = nil) -> Double? {
            let t = text(a2, r)
            guard let v = TLEFields.decimal(t) else {
                fail(.badNumber, "\(show(t)) is not a decimal number", line: 2, field: field, value: String(t))
                return nil
            }
            if let range, !range.contains(v) {
                fail(.outOfRange, "\(v) is outside \(range.lowerBound)...\(range.upperBound)", line: 2, field: field,
                     value: String(t))
                return nil
            }
            return v
        }
        let incl = decimalField(8..<16, "INCLINATION", 0...180)
        let raan = decimalField(17..<25, "RA_OF_ASC_NODE")
        let eccText = text(a2, 26..<33)
        let ecc = TLEFields.impliedDecimal(eccText)
        if ecc == nil {
            fail(.badNumber, "\(show(eccText)) is not an implied-decimal eccentricity", line: 2, field: "ECCENTRICITY",
                 value: String(eccText))
        }
        let argp = decimalField(34..<42, "ARG_OF_PERICENTER")
        let ma = decimalField(43..<51, "MEAN_ANOMALY")
        let n = decimalField(52..<63, "MEAN_MOTION", 0...100)
        let revText = text(a2, 63..<68)
        let rev = TLEFields.integer(revText, blankValue: 0)
        if rev == nil {
            fail(.badNumber, "\(show(revText)) is not a whole number", line: 2, field: "REV_AT_EPOCH", value: String(revText))
        }

        // Checksums (after the fields, so a shifted field is named before its consequence).
        for (k, a) in [(1, a1), (2, a2)] where a.count >= 69 {
            let stated = a[68]
            let computed = TLEFields.checksum(a)
            if stated < 48 || stated > 57 || Int(stated - 48) != computed {
                let msg = "checksum digit is '\(String(UnicodeScalar(stated)))' but the line sums to \(computed)"
                let e = ParseError(.checksum, msg, severity: acceptBadChecksums ? .warning : .error, file: file,
                                   line: k == 1 ? n1 : n2, context: "line \(k)", value: String(UnicodeScalar(stated)))
                issues.append(e)
                if !acceptBadChecksums { failed = true }
            }
        }
        if failed { return (nil, issues) }
        guard let cat1, let epoch, let ndot, let nddot, let bstar, let eph, let elset,
              let incl, let raan, let ecc, let argp, let ma, let n, let rev else { return (nil, issues) }

        var set = ElementSet(
            objectName: name.map { TLEReader.nameText($0.text) },
            objectID: ElementSet.objectID(fromTLEDesignator: designatorText),
            noradCatalogNumber: cat1, classification: classification, epoch: epoch,
            meanMotionRevPerDay: n, eccentricity: ecc, inclinationDeg: incl, raanDeg: raan,
            argumentOfPericenterDeg: argp, meanAnomalyDeg: ma, ephemerisType: eph, elementSetNumber: elset,
            revolutionNumberAtEpoch: rev, bstar: bstar, meanMotionDot: ndot, meanMotionDDot: nddot)
        set.tleFormatting = presentation(of: set, a1, a2, name: name?.text)
        return (set, issues)
    }

    /// What differs between the lines as written and the canonical lines of `set`.
    func presentation(of set: ElementSet, _ a1: [UInt8], _ a2: [UInt8], name: ArraySlice<UInt8>?) -> TLEFormatting {
        var f = TLEFormatting()
        f.hadNameLine = name != nil
        if let name, let objectName = set.objectName {
            let written = String(decoding: name, as: UTF8.self)
            f.record(.nameLine, canonical: "0 " + objectName, text: written)
        }
        guard let (c1, c2) = try? TLEWriter.canonicalFields(set, leapSeconds: leapSeconds) else { return f }
        for (fields, canonical, raw, whole, lineNumber) in [
            (TLEFormatting.Field.line1Fields, c1, a1, TLEFormatting.Field.line1, Character("1")),
            (TLEFormatting.Field.line2Fields, c2, a2, TLEFormatting.Field.line2, Character("2")),
        ] {
            let raw68 = raw.prefix(68)
            let canonicalLine = TLEWriter.assemble(lineNumber: lineNumber, fields: fields, canonical: canonical,
                                                   whole: whole, formatting: TLEFormatting())
            if canonicalLine.utf8.prefix(68).elementsEqual(raw68) { continue }
            for (k, field) in fields.enumerated() {
                let r = field.columns
                f.record(field, canonical: canonical[k], text: String(decoding: raw[r], as: UTF8.self))
            }
            // Anything the fields do not explain (a non-blank separator) keeps the whole line.
            let rebuilt = TLEWriter.assemble(lineNumber: lineNumber, fields: fields, canonical: canonical,
                                             whole: whole, formatting: f)
            if !rebuilt.utf8.prefix(68).elementsEqual(raw68) {
                f.record(whole, canonical: String(canonicalLine.prefix(68)), text: String(decoding: raw68, as: UTF8.self))
            }
        }
        return f
    }
}

/// Splitting bytes into lines: LF or CRLF (a lone CR too), the last line with or without an ending.
enum TextLines {
    static func split(_ bytes: [UInt8]) -> [ArraySlice<UInt8>] {
        var lines: [ArraySlice<UInt8>] = []
        lines.reserveCapacity(bytes.count / 40)
        var start = 0
        var i = 0
        let n = bytes.count
        while i < n {
            let b = bytes[i]
            if b == 10 || b == 13 {
                lines.append(bytes[start..<i])
                if b == 13 && i + 1 < n && bytes[i + 1] == 10 { i += 1 }
                start = i + 1
            }
            i += 1
        }
        if start < n { lines.append(bytes[start..<n]) }
        return lines
    }
}
