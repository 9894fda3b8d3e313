import Foundation

/// What reading a TDM gives: the document with every good segment, and every problem found.
///
/// A segment with any error is left out (and named by line in ``errors``); the others are kept.
/// ``document`` is nil only when the header cannot be read or the input is not a TDM at all.
public struct TDMReadResult: Sendable {
    /// The document, holding only the segments read without error.
    public var document: TDMDocument?
    /// Problems that rejected a segment or the whole file.
    public var errors: [ParseError]
    /// Problems that were tolerated.
    public var warnings: [ParseError]

    /// The good segments as a ``ReadReport`` (for summaries).
    public var report: ReadReport<TDMSegment> {
        ReadReport(records: document?.segments ?? [], errors: errors, warnings: warnings, noun: "segments")
    }
}

/// Reads CCSDS TDM (503.0-B-2) in KVN or XML, telling them apart by content.
///
/// Errors follow the other SpaceData readers: a ``ParseError`` naming file, line, keyword and
/// why. Checked: the header keywords; metadata keywords (unknown ones are errors, as the standard
/// has no user-defined metadata), numeric and enumerated values, `PATH`, `DATA_TYPES`, the
/// presence of `TIME_SYSTEM` and `PARTICIPANT_1`; time systems other than UTC, TAI and GPS
/// (``ParseError/Code/unsupported``); each data line's keyword, epoch and value.
public enum TDMReader {
    /// The two encodings of CCSDS 503.0-B-2.
    public enum Format: String, Sendable, Hashable { case kvn, xml }

    /// `xml` when the first non-blank character is `<`, `kvn` otherwise.
    public static func detectFormat(_ bytes: [UInt8]) -> Format {
        var i = 0
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { i = 3 }
        while i < bytes.count, bytes[i] == 32 || bytes[i] == 9 || bytes[i] == 10 || bytes[i] == 13 { i += 1 }
        return i < bytes.count && bytes[i] == UInt8(ascii: "<") ? .xml : .kvn
    }

    /// Reads `bytes` (KVN or XML, detected).
    public static func read(_ bytes: [UInt8], file: String? = nil) -> TDMReadResult {
        let raw: TDMRaw
        switch detectFormat(bytes) {
        case .kvn: raw = TDMKVN.raw(bytes)
        case .xml: raw = TDMXML.raw(bytes)
        }
        var result = build(raw)
        result.errors = result.errors.map { $0.inFile(file) }
        result.warnings = result.warnings.map { $0.inFile(file) }
        return result
    }

    /// Reads `text` (KVN or XML, detected).
    public static func read(_ text: String, file: String? = nil) -> TDMReadResult {
        read(Array(text.utf8), file: file)
    }

    /// Reads the file at `path`.
    public static func read(file path: String) -> TDMReadResult {
        guard let data = FileManager.default.contents(atPath: path) else {
            return TDMReadResult(document: nil, errors: [ParseError(.io, "cannot read the file", file: path)], warnings: [])
        }
        return read([UInt8](data), file: path)
    }

    /// Every CCSDS time system (CCSDS 502.0-B-3 annex A), supported or not.
    static let ccsdsTimeSystems: Set<String> = ["GMST", "GPS", "MET", "MRT", "SCLK", "TAI", "TCB", "TDB", "TCG", "TT", "UT1", "UTC"]

    /// Checks a split document and builds the model.
    static func build(_ raw: TDMRaw) -> TDMReadResult {
        var errors = raw.errors
        var header: (version: String, creation: Instant?, originator: String?)? = nil
        if let v = raw.version {
            if v.value != "1.0" && v.value != "2.0" {
                errors.append(ParseError(.unsupported, "version '\(v.value)' is not 1.0 or 2.0", line: v.line,
                                         field: "CCSDS_TDM_VERS", value: v.value))
            }
            header = (v.value, nil, nil)
        } else if raw.isTDM {
            errors.append(ParseError(.missingField, "the message does not start with CCSDS_TDM_VERS", line: raw.firstLine,
                                     field: "CCSDS_TDM_VERS"))
        }
        var comments: [String] = []
        var messageID: String? = nil
        for f in raw.header {
            switch f.key {
            case "COMMENT": comments.append(f.value)
            case "CREATION_DATE":
                do { header?.creation = try TDMEpoch.parse(f.value, timeSystem: .utc) } catch {
                    errors.append(ParseError(.badEpoch, "'\(f.value)' \(error.reason)", line: f.line, field: f.key, value: f.value))
                }
            case "ORIGINATOR": header?.originator = f.value
            case "MESSAGE_ID": messageID = f.value
            default:
                errors.append(ParseError(.unknownKeyword, "'\(f.key)' is not a TDM header keyword", line: f.line, field: f.key))
            }
        }
        if header != nil {
            if header?.creation == nil && !raw.header.contains(where: { $0.key == "CREATION_DATE" }) {
                errors.append(ParseError(.missingField, "the header has no CREATION_DATE", line: raw.version?.line, field: "CREATION_DATE"))
            }
            if header?.originator == nil {
                errors.append(ParseError(.missingField, "the header has no ORIGINATOR", line: raw.version?.line, field: "ORIGINATOR"))
            }
        }
        var segments: [TDMSegment] = []
        for s in raw.segments {
            let (segment, problems) = build(s)
            errors += problems
            if let segment, problems.isEmpty { segments.append(segment) }
        }
        if raw.isTDM && raw.segments.isEmpty && errors.isEmpty {
            errors.append(ParseError(.missingField, "the message has no segment (META_START … DATA_STOP)", line: raw.firstLine))
        }
        var document: TDMDocument? = nil
        if let h = header, let creation = h.creation, let originator = h.originator {
            document = TDMDocument(version: h.version, comments: comments, creationDate: creation, originator: originator,
                                   messageID: messageID, segments: segments)
        }
        return TDMReadResult(document: document, errors: errors, warnings: raw.warnings)
    }

    static func build(_ s: TDMRaw.Segment) -> (TDMSegment?, [ParseError]) {
        var errors = s.errors
        var metadata = TDMMetadata()
        var seen = Set<String>()
        for f in s.metadata {
            if f.key == "COMMENT" { metadata.comments.append(f.value); continue }
            metadata.entries.append(.init(f.key, f.value))
            func fail(_ code: ParseError.Code, _ why: String) {
                errors.append(ParseError(code, why, line: f.line, context: "metadata", field: f.key, value: f.value))
            }
            guard TDMKeywords.metadata.contains(f.key) else {
                fail(.unknownKeyword, "'\(f.key)' is not a TDM metadata keyword"); continue
            }
            if !seen.insert(f.key).inserted { fail(.badKVN, "\(f.key) appears twice in one metadata section") }
            if TDMKeywords.realMetadata.contains(f.key), TDMNumber.parse(f.value) == nil {
                fail(.badNumber, "'\(f.value)' is not a number")
            } else if TDMKeywords.integerMetadata.contains(f.key), Int(f.value) == nil {
                fail(.badNumber, "'\(f.value)' is not an integer")
            } else if let allowed = TDMKeywords.enumerated[f.key], !allowed.contains(f.value) {
                fail(.outOfRange, "'\(f.value)' is not one of \(allowed.sorted().joined(separator: ", "))")
            } else if f.key.hasPrefix("PATH"), TDMMetadata.parsePath(f.value) == nil {
                fail(.outOfRange, "'\(f.value)' is not a list of participant numbers 1-5 such as 1,2,1")
            } else if f.key == "DATA_TYPES" {
                for t in metadata.dataTypes ?? [] where !TDMKeywords.data.contains(t) {
                    fail(.unknownKeyword, "'\(t)' is not a TDM data keyword")
                }
            } else if f.key == "TIME_SYSTEM", TDMTimeSystem(rawValue: f.value) == nil {
                fail(.unsupported, ccsdsTimeSystems.contains(f.value)
                     ? "time system \(f.value) is not supported (UTC, TAI and GPS are)"
                     : "'\(f.value)' is not a CCSDS time system")
            }
        }
        let timeSystem = metadata.timeSystem
        if metadata["TIME_SYSTEM"] == nil {
            errors.append(ParseError(.missingField, "the metadata has no TIME_SYSTEM", line: s.line, context: "metadata",
                                     field: "TIME_SYSTEM"))
        }
        if metadata["PARTICIPANT_1"] == nil {
            errors.append(ParseError(.missingField, "the metadata has no PARTICIPANT_1", line: s.line, context: "metadata",
                                     field: "PARTICIPANT_1"))
        }
        if let ts = timeSystem {
            for f in s.metadata where f.key == "START_TIME" || f.key == "STOP_TIME" {
                do { _ = try TDMEpoch.parse(f.value, timeSystem: ts) } catch {
                    errors.append(ParseError(.badEpoch, "'\(f.value)' \(error.reason)", line: f.line, context: "metadata",
                                             field: f.key, value: f.value))
                }
            }
        }
        var observations: [TDMObservation] = []
        observations.reserveCapacity(s.data.count)
        var lastEpoch: (text: String, instant: Instant)? = nil
        for d in s.data {
            func fail(_ code: ParseError.Code, _ why: String, _ value: String) {
                errors.append(ParseError(code, why, line: d.line, context: "data", field: d.key, value: value))
            }
            guard TDMKeywords.data.contains(d.key) else { fail(.unknownKeyword, "'\(d.key)' is not a TDM data keyword", d.key); continue }
            guard let value = TDMNumber.parse(d.value) else { fail(.badNumber, "'\(d.value)' is not a number", d.value); continue }
            guard let ts = timeSystem else { continue }
            do {
                // Consecutive lines often share an epoch (one line per value): read it once.
                let epoch: Instant
                if let last = lastEpoch, last.text == d.epoch { epoch = last.instant } else {
                    epoch = try TDMEpoch.parse(d.epoch, timeSystem: ts)
                    lastEpoch = (d.epoch, epoch)
                }
                observations.append(TDMObservation(keyword: d.key, epoch: epoch, value: value, line: d.line, valueText: d.value))
            } catch {
                fail(.badEpoch, "epoch '\(d.epoch)' \(error.reason)", d.epoch)
            }
        }
        if !s.closed {
            errors.append(ParseError(.unexpectedEnd, "the segment is not closed by DATA_STOP", line: s.line))
        }
        guard errors.isEmpty else { return (nil, errors) }
        return (TDMSegment(metadata: metadata, dataComments: s.dataComments, observations: observations, line: s.line), [])
    }
}

/// A TDM split into keywords and lines, before any value is checked: what the KVN and XML readers share.
struct TDMRaw {
    struct Field { var key: String; var value: String; var line: Int }
    struct Data { var key: String; var epoch: String; var value: String; var line: Int }
    struct Segment {
        var line: Int
        var metadata: [Field] = []
        var dataComments: [String] = []
        var data: [Data] = []
        var closed = false
        var errors: [ParseError] = []
    }
    /// False when the input is not a TDM at all (then `errors` says why).
    var isTDM = true
    var firstLine = 1
    var version: Field?
    var header: [Field] = []
    var segments: [Segment] = []
    var errors: [ParseError] = []
    var warnings: [ParseError] = []
}
