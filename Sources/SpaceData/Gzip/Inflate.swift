/// A DEFLATE decoder (RFC 1951): stored, fixed-Huffman and dynamic-Huffman blocks.
///
/// Written for Kanshi so gzip-compressed catalogs read with Foundation alone. Huffman codes are
/// decoded through one lookup table per code indexed by the next `maxBits` input bits (bit-reversed
/// as DEFLATE packs them), so each symbol costs one table read.
public enum Inflate {
    /// A corrupt or truncated DEFLATE stream.
    public struct Failure: Error, CustomStringConvertible, Sendable, Hashable {
        /// What is wrong.
        public let message: String
        /// Byte offset in the compressed input near which the problem was found.
        public let offset: Int
        public var description: String { "corrupt DEFLATE data near byte \(offset): \(message)" }
    }

    /// Decompresses a raw DEFLATE stream starting at `start` in `input`.
    /// - Returns: the decompressed bytes and the index just past the end of the stream.
    public static func decompress(_ input: [UInt8], from start: Int = 0,
                                  expectedSize: Int = 0) throws(Failure) -> (output: [UInt8], end: Int) {
        var output: [UInt8] = []
        output.reserveCapacity(max(expectedSize, input.count * 3))
        let end = try input.withUnsafeBufferPointer { (buf) throws(Failure) -> Int in
            var reader = BitReader(buf, position: start)
            try inflate(&reader, into: &output)
            return reader.bytePositionAfterAlign()
        }
        return (output, end)
    }

    // MARK: Internals

    struct BitReader {
        let bytes: UnsafeBufferPointer<UInt8>
        var pos: Int
        var bitBuf: UInt64 = 0
        var bitCount: Int = 0

        init(_ bytes: UnsafeBufferPointer<UInt8>, position: Int) {
            self.bytes = bytes
            self.pos = position
        }

        @inline(__always) mutating func refill() {
            while bitCount <= 56 {
                if pos < bytes.count {
                    bitBuf |= UInt64(bytes[pos]) << UInt64(bitCount)
                    pos += 1
                } else if pos < bytes.count + 8 {
                    // Zero padding past the end; reading it is caught by `overrun`.
                    pos += 1
                } else {
                    return
                }
                bitCount += 8
            }
        }

        /// True when more bits were consumed than the input holds.
        var overrun: Bool { pos - bitCount / 8 > bytes.count }

        @inline(__always) mutating func bits(_ n: Int) throws(Failure) -> Int {
            if bitCount < n { refill() }
            if bitCount < n { throw Failure(message: "unexpected end of data", offset: bytes.count) }
            let v = Int(bitBuf & ((1 << UInt64(n)) - 1))
            bitBuf >>= UInt64(n)
            bitCount -= n
            return v
        }

        @inline(__always) mutating func peek(_ n: Int) -> Int {
            if bitCount < n { refill() }
            return Int(bitBuf & ((1 << UInt64(n)) - 1))
        }

        @inline(__always) mutating func drop(_ n: Int) {
            bitBuf >>= UInt64(n)
            bitCount -= n
        }

        mutating func alignToByte() {
            let r = bitCount % 8
            drop(r)
        }

        /// Byte index just past the bits consumed, after discarding the partial byte.
        mutating func bytePositionAfterAlign() -> Int {
            alignToByte()
            return pos - bitCount / 8
        }

        var offset: Int { max(0, min(bytes.count, pos - bitCount / 8)) }
    }

    /// A canonical Huffman code as a lookup table of `1 << maxBits` entries: `symbol << 4 | length`.
    struct Huffman {
        var table: [UInt32]
        var maxBits: Int

        init(lengths: ArraySlice<UInt8>, offset: Int) throws(Failure) {
            var count = [Int](repeating: 0, count: 16)
            for l in lengths { count[Int(l)] += 1 }
            count[0] = 0
            var maxBits = 0
            for b in 1..<16 where count[b] > 0 { maxBits = b }
            // Over-subscribed codes are corrupt; incomplete codes are allowed (single-code distance trees).
            var left = 1
            for b in 1..<16 {
                left <<= 1
                left -= count[b]
                if left < 0 { throw Failure(message: "over-subscribed Huffman code", offset: offset) }
            }
            self.maxBits = max(maxBits, 1)
            // First code of each length (RFC 1951 §3.2.2).
            var next = [Int](repeating: 0, count: 16)
            var code = 0
            for b in 1..<16 {
                next[b] = code
                code = (code + count[b]) << 1
            }
            let size = 1 << self.maxBits
            var table = [UInt32](repeating: 0, count: size)
            var symbol = 0
            for l in lengths {
                let len = Int(l)
                if len > 0 {
                    let c = next[len]
                    next[len] += 1
                    // Reverse the code's bits: DEFLATE sends Huffman codes most-significant bit first.
                    var rev = 0
                    var x = c
                    for _ in 0..<len { rev = (rev << 1) | (x & 1); x >>= 1 }
                    let entry = UInt32(symbol) << 4 | UInt32(len)
                    var i = rev
                    while i < size { table[i] = entry; i += 1 << len }
                }
                symbol += 1
            }
            self.table = table
        }

        @inline(__always) func decode(_ r: inout BitReader) throws(Failure) -> Int {
            let e = table[r.peek(maxBits)]
            let len = Int(e & 15)
            if len == 0 || len > r.bitCount {
                throw Failure(message: len == 0 ? "invalid Huffman code" : "unexpected end of data", offset: r.offset)
            }
            r.drop(len)
            return Int(e >> 4)
        }
    }

    static let lengthBase: [Int] = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31,
                                    35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258]
    static let lengthExtra: [Int] = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2,
                                     3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0]
    static let distBase: [Int] = [1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385,
                                  513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577]
    static let distExtra: [Int] = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7,
                                   8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13]
    static let codeLengthOrder: [Int] = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15]

    static let fixedTables: (Huffman, Huffman) = {
        var l = [UInt8](repeating: 8, count: 288)
        for i in 144..<256 { l[i] = 9 }
        for i in 256..<280 { l[i] = 7 }
        let d = [UInt8](repeating: 5, count: 30)
        // These fixed codes are valid by construction.
        return (try! Huffman(lengths: l[...], offset: 0), try! Huffman(lengths: d[...], offset: 0))
    }()

    static func inflate(_ r: inout BitReader, into out: inout [UInt8]) throws(Failure) {
        var final = false
        while !final {
            final = try r.bits(1) == 1
            let type = try r.bits(2)
            switch type {
            case 0:
                r.alignToByte()
                let len = try r.bits(16)
                let nlen = try r.bits(16)
                guard len == (~nlen & 0xFFFF) else {
                    throw Failure(message: "stored block length check failed", offset: r.offset)
                }
                for _ in 0..<len { out.append(UInt8(try r.bits(8))) }
            case 1:
                let (lit, dist) = fixedTables
                try inflateBlock(&r, &out, lit, dist)
            case 2:
                let (lit, dist) = try readDynamicTables(&r)
                try inflateBlock(&r, &out, lit, dist)
            default:
                throw Failure(message: "reserved block type 3", offset: r.offset)
            }
            if r.overrun { throw Failure(message: "unexpected end of data", offset: r.offset) }
        }
    }

    static func readDynamicTables(_ r: inout BitReader) throws(Failure) -> (Huffman, Huffman) {
        let hlit = try r.bits(5) + 257
        let hdist = try r.bits(5) + 1
        let hclen = try r.bits(4) + 4
        guard hlit <= 286, hdist <= 30 else { throw Failure(message: "too many length or distance codes", offset: r.offset) }
        var clen = [UInt8](repeating: 0, count: 19)
        for i in 0..<hclen { clen[codeLengthOrder[i]] = UInt8(try r.bits(3)) }
        let clHuff = try Huffman(lengths: clen[...], offset: r.offset)
        var lengths = [UInt8](repeating: 0, count: hlit + hdist)
        var i = 0
        while i < hlit + hdist {
            let sym = try clHuff.decode(&r)
            switch sym {
            case 0..<16:
                lengths[i] = UInt8(sym); i += 1
            case 16:
                guard i > 0 else { throw Failure(message: "repeat with no previous length", offset: r.offset) }
                let prev = lengths[i - 1]
                let n = 3 + (try r.bits(2))
                guard i + n <= lengths.count else { throw Failure(message: "code lengths overflow", offset: r.offset) }
                for _ in 0..<n { lengths[i] = prev; i += 1 }
            case 17, 18:
                let n = sym == 17 ? 3 + (try r.bits(3)) : 11 + (try r.bits(7))
                guard i + n <= lengths.count else { throw Failure(message: "code lengths overflow", offset: r.offset) }
                i += n   // already zero
            default:
                throw Failure(message: "bad code-length symbol", offset: r.offset)
            }
        }
        guard lengths[256] != 0 else { throw Failure(message: "no end-of-block code", offset: r.offset) }
        return (try Huffman(lengths: lengths[0..<hlit], offset: r.offset),
                try Huffman(lengths: lengths[hlit...], offset: r.offset))
    }

    static func inflateBlock(_ r: inout BitReader, _ out: inout [UInt8], _ lit: Huffman, _ dist: Huffman) throws(Failure) {
        while true {
            let sym = try lit.decode(&r)
            if sym < 256 {
                out.append(UInt8(truncatingIfNeeded: sym))
                continue
            }
            if sym == 256 { return }
            let li = sym - 257
            guard li < 29 else { throw Failure(message: "bad length symbol \(sym)", offset: r.offset) }
            let length = lengthBase[li] + (try r.bits(lengthExtra[li]))
            let ds = try dist.decode(&r)
            guard ds < 30 else { throw Failure(message: "bad distance symbol \(ds)", offset: r.offset) }
            let distance = distBase[ds] + (try r.bits(distExtra[ds]))
            guard distance <= out.count else {
                throw Failure(message: "distance \(distance) reaches before the start of the output", offset: r.offset)
            }
            // Copy byte by byte: the source may overlap what is being written (distance < length),
            // and slicing `out` while appending to it would copy the whole buffer.
            var from = out.count - distance
            for _ in 0..<length { out.append(out[from]); from += 1 }
        }
    }
}
