/// The gzip file format (RFC 1952) over ``Inflate``: header fields skipped, CRC-32 and length checked,
/// concatenated members decoded one after another.
public enum Gzip {
    /// A gzip stream that cannot be decoded.
    public struct Failure: Error, CustomStringConvertible, Sendable, Hashable {
        /// What is wrong.
        public let message: String
        public var description: String { "corrupt gzip data: \(message)" }
    }

    /// True when `bytes` start with the gzip magic number 1F 8B.
    public static func isGzip(_ bytes: [UInt8]) -> Bool {
        bytes.count >= 2 && bytes[0] == 0x1F && bytes[1] == 0x8B
    }

    /// Decompresses every member of a gzip stream, checking each member's CRC-32 and length.
    public static func decompress(_ bytes: [UInt8]) throws(Failure) -> [UInt8] {
        var out: [UInt8] = []
        var pos = 0
        var member = 0
        while pos < bytes.count {
            // Trailing zero padding after the last member is tolerated (some tools write it).
            if member > 0 && bytes[pos...].allSatisfy({ $0 == 0 }) { break }
            guard bytes.count - pos >= 18 else { throw Failure(message: "truncated header at byte \(pos)") }
            guard bytes[pos] == 0x1F, bytes[pos + 1] == 0x8B else {
                throw Failure(message: "bad magic number at byte \(pos)")
            }
            guard bytes[pos + 2] == 8 else { throw Failure(message: "compression method \(bytes[pos + 2]) is not DEFLATE") }
            let flags = bytes[pos + 3]
            var p = pos + 10
            func need(_ n: Int) throws(Failure) { if p + n > bytes.count { throw Failure(message: "truncated header") } }
            if flags & 0x04 != 0 {   // FEXTRA
                try need(2)
                let xlen = Int(bytes[p]) | Int(bytes[p + 1]) << 8
                p += 2 + xlen
            }
            if flags & 0x08 != 0 {   // FNAME
                while p < bytes.count && bytes[p] != 0 { p += 1 }
                p += 1
            }
            if flags & 0x10 != 0 {   // FCOMMENT
                while p < bytes.count && bytes[p] != 0 { p += 1 }
                p += 1
            }
            if flags & 0x02 != 0 { p += 2 }   // FHCRC
            try need(0)
            // ISIZE of a single-member file is a good capacity hint.
            let hint = member == 0 ? Int(readLE32(bytes, bytes.count - 4)) : 0
            let result: (output: [UInt8], end: Int)
            do {
                result = try Inflate.decompress(bytes, from: p, expectedSize: hint)
            } catch {
                throw Failure(message: error.description)
            }
            let end = result.end
            guard end + 8 <= bytes.count else { throw Failure(message: "truncated trailer (missing CRC-32 and length)") }
            let crc = readLE32(bytes, end)
            let size = readLE32(bytes, end + 4)
            let actual = CRC32.checksum(result.output)
            guard crc == actual else {
                throw Failure(message: "CRC-32 mismatch: stored \(hex(crc)), computed \(hex(actual))")
            }
            guard size == UInt32(truncatingIfNeeded: result.output.count) else {
                throw Failure(message: "length mismatch: stored \(size), decoded \(result.output.count)")
            }
            if out.isEmpty { out = result.output } else { out += result.output }
            pos = end + 8
            member += 1
        }
        if member == 0 { throw Failure(message: "empty input") }
        return out
    }

    static func readLE32(_ b: [UInt8], _ i: Int) -> UInt32 {
        guard i >= 0, i + 4 <= b.count else { return 0 }
        return UInt32(b[i]) | UInt32(b[i + 1]) << 8 | UInt32(b[i + 2]) << 16 | UInt32(b[i + 3]) << 24
    }

    static func hex(_ v: UInt32) -> String {
        let s = String(v, radix: 16)
        return String(repeating: "0", count: 8 - s.count) + s
    }
}

/// CRC-32 (IEEE 802.3, reflected polynomial 0xEDB88320), as gzip uses it.
public enum CRC32 {
    static let table: [UInt32] = (0..<256).map { n -> UInt32 in
        var c = UInt32(n)
        for _ in 0..<8 { c = c & 1 != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
        return c
    }

    /// The CRC-32 of `bytes`, continuing from `crc` (0 to start).
    public static func checksum(_ bytes: [UInt8], continuing crc: UInt32 = 0) -> UInt32 {
        var c = ~crc
        table.withUnsafeBufferPointer { t in
            bytes.withUnsafeBufferPointer { b in
                for x in b { c = t[Int((c ^ UInt32(x)) & 0xFF)] ^ (c >> 8) }
            }
        }
        return ~c
    }
}
