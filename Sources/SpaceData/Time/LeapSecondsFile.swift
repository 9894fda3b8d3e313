import Foundation

/// The IERS/IETF `leap-seconds.list` (as distributed by IERS and in tzdata): lines of NTP seconds
/// (since 1900-01-01) and TAI − UTC, `#` comments, `#@` the expiry in NTP seconds.
public enum LeapSecondsFile {
    /// Reads the list into a table; throws on any malformed data line.
    public static func read(_ text: String, file: String? = nil) throws(ParseError) -> LeapSecondTable {
        var entries: [LeapSecondTable.Entry] = []
        var expires: Int? = nil
        for (i, raw) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
            let line = raw.asciiTrimmed()
            if line.isEmpty { continue }
            if line.hasPrefix("#@") {
                let t = line.dropFirst(2).asciiTrimmed()
                guard let ntp = Int(t) else {
                    throw ParseError(.badNumber, "'\(t)' is not an NTP time", file: file, line: i + 1, field: "expires", value: t)
                }
                expires = mjd(ntp: ntp)
                continue
            }
            if line.hasPrefix("#") { continue }
            let data = line.split(separator: "#", maxSplits: 1)[0].split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard data.count >= 2, let ntp = Int(data[0]), let dat = Int(data[1]) else {
                throw ParseError(.badNumber, "'\(line)' is not 'NTP-seconds TAI-UTC'", file: file, line: i + 1, value: line)
            }
            guard ntp % 86_400 == 0 else {
                throw ParseError(.outOfRange, "\(ntp) is not a midnight", file: file, line: i + 1, value: String(ntp))
            }
            entries.append(.init(utcModifiedJulianDay: mjd(ntp: ntp), taiMinusUTCSeconds: dat))
        }
        guard !entries.isEmpty else { throw ParseError(.missingField, "no leap-second entries", file: file) }
        return LeapSecondTable(entries: entries, expiresModifiedJulianDay: expires)
    }

    /// Reads the file at `path` (gzip decompressed transparently).
    public static func read(contentsOf path: String) throws(ParseError) -> LeapSecondTable {
        try read(FileInput.readText(path), file: (path as NSString).lastPathComponent)
    }

    /// MJD of an NTP timestamp at midnight: NTP day 0 is 1900-01-01 = MJD 15020.
    static func mjd(ntp: Int) -> Int { 15_020 + ntp / 86_400 }
}
