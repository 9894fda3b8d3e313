import Foundation

/// Reads element sets from files in any format Kanshi knows — TLE/3LE, OMM KVN, XML, JSON, CSV —
/// gzip-compressed or not, detecting the format from the content.
public struct ElementSetReader: Sendable {
    /// The formats element sets come in.
    public enum Format: String, Sendable, Hashable, CaseIterable {
        case tle, ommKVN, ommXML, ommJSON, ommCSV
    }

    /// The reader used for TLE/3LE content (its checksum policy applies).
    public var tleReader: TLEReader
    /// Leap seconds for reading OMM epochs.
    public var leapSeconds: LeapSecondTable

    public init(acceptBadChecksums: Bool = false, leapSeconds: LeapSecondTable = .bundled) {
        self.tleReader = TLEReader(acceptBadChecksums: acceptBadChecksums, leapSeconds: leapSeconds)
        self.leapSeconds = leapSeconds
    }

    /// The format of (decompressed) content, from its first non-blank characters; `nil` if unknown.
    public static func detectFormat(_ bytes: [UInt8]) -> Format? {
        var i = 0
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { i = 3 }
        while i < bytes.count, bytes[i] == 32 || bytes[i] == 9 || bytes[i] == 10 || bytes[i] == 13 { i += 1 }
        guard i < bytes.count else { return nil }
        let head = String(decoding: bytes[i..<min(bytes.count, i + 65_536)], as: UTF8.self)
        if head.hasPrefix("<") { return .ommXML }
        if head.hasPrefix("[") || head.hasPrefix("{") { return .ommJSON }
        let firstLine = head.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).first.map(String.init) ?? ""
        if firstLine.hasPrefix("CCSDS_OMM_VERS") || firstLine.hasPrefix("COMMENT") { return .ommKVN }
        if firstLine.hasPrefix("CCSDS_") { return nil }   // another CCSDS message (OPM, OEM, CDM, ...)
        let kvnLike = firstLine.range(of: #"^[A-Z_]+\s*="#, options: .regularExpression) != nil
        if kvnLike { return .ommKVN }
        if firstLine.contains(","), firstLine.uppercased().contains("NORAD_CAT_ID") || firstLine.uppercased().contains("EPOCH") {
            return .ommCSV
        }
        // TLE: a "1 " line followed by a "2 " line somewhere near the start (`#` comments skipped).
        let lines = head.split(whereSeparator: \.isNewline).filter { !$0.hasPrefix("#") }
        for (a, b) in zip(lines, lines.dropFirst()) where a.hasPrefix("1 ") && b.hasPrefix("2 ") { return .tle }
        return nil
    }

    /// Reads content (compressed or not) in whatever format it is.
    public func read(_ bytes: [UInt8], file: String? = nil) -> ReadReport<ElementSet> {
        let data: [UInt8]
        do { data = try FileInput.decode(bytes, name: file) } catch {
            return ReadReport(errors: [error], noun: "element sets")
        }
        guard let format = ElementSetReader.detectFormat(data) else {
            if data.allSatisfy({ $0 == 32 || $0 == 9 || $0 == 10 || $0 == 13 }) { return ReadReport(noun: "element sets") }
            return ReadReport(errors: [ParseError(.unknownFormat, "not TLE, OMM KVN, XML, JSON or CSV", file: file, line: 1)],
                              noun: "element sets")
        }
        return read(data, format: format, file: file)
    }

    /// Reads (decompressed) content in a known format.
    public func read(_ data: [UInt8], format: Format, file: String? = nil) -> ReadReport<ElementSet> {
        switch format {
        case .tle: return tleReader.read(data, file: file)
        case .ommKVN: return OMMKVN.read(String(decoding: data, as: UTF8.self), file: file, leapSeconds: leapSeconds)
        case .ommXML: return OMMXML.read(data, file: file, leapSeconds: leapSeconds)
        case .ommJSON: return OMMJSON.read(data, file: file, leapSeconds: leapSeconds)
        case .ommCSV: return OMMCSV.read(data, file: file, leapSeconds: leapSeconds)
        }
    }

    /// Reads files (each gzip or not, any format); messages name each file by its last path component.
    public func read(files paths: [String]) -> ReadReport<ElementSet> {
        var report = ReadReport<ElementSet>(noun: "element sets")
        for path in paths {
            let name = (path as NSString).lastPathComponent
            guard let d = FileManager.default.contents(atPath: path) else {
                report.add(ParseError(.io, "cannot read file", file: name))
                continue
            }
            report.merge(read([UInt8](d), file: name))
        }
        return report
    }
}
