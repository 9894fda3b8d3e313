import Foundation

/// The IERS/IETF `leap-seconds.list` (as distributed by IERS and in tzdata): lines of NTP seconds
/// (since 1900-01-01) and TAI − UTC, `#` comments, `#$` the last update and `#@` the expiry in NTP
/// seconds, `#h` the SHA-1 of the data (checked when present).
public enum LeapSecondsFile {
    /// Reads the list into a table; throws on any malformed data line or a hash that does not match.
    public static func read(_ text: String, file: String? = nil) throws(ParseError) -> LeapSecondTable {
        var entries: [LeapSecondTable.Entry] = []
        var expires: Int? = nil
        var hashed = ""          // what the #h hash covers: #$, #@ and data values without blanks
        var statedHash: (String, Int)? = nil
        for (i, raw) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
            let line = raw.asciiTrimmed()
            if line.isEmpty { continue }
            if line.hasPrefix("#$") {
                hashed += line.dropFirst(2).asciiTrimmed()
                continue
            }
            if line.hasPrefix("#h") {
                statedHash = (String(line.dropFirst(2).filter { !$0.isWhitespace }).lowercased(), i + 1)
                continue
            }
            if line.hasPrefix("#@") {
                let t = line.dropFirst(2).asciiTrimmed()
                hashed += t
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
            hashed += data[0] + data[1]
        }
        if let (stated, line) = statedHash {
            let computed = SHA1.hex(Array(hashed.utf8))
            guard computed == stated else {
                throw ParseError(.checksum, "SHA-1 of the data is \(computed), the file states \(stated)",
                                 file: file, line: line, field: "#h", value: stated)
            }
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
