import Foundation
import Testing
@testable import SpaceData

@Suite("gzip / DEFLATE decoder")
struct GzipTests {
    @Test("decodes a file made by the system gzip -9 to the original bytes")
    func decodesSystemGzip() throws {
        let gz = try Fixture.bytes("eop_2023-10_sample.csv.gz")
        let plain = try Fixture.bytes("eop_2023-10_sample.csv")
        #expect(Gzip.isGzip(gz))
        #expect(try Gzip.decompress(gz) == plain)
        #expect(try FileInput.readFile(Fixture.path("eop_2023-10_sample.csv.gz")) == plain)
        #expect(try FileInput.readFile(Fixture.path("eop_2023-10_sample.csv")) == plain)
    }

    @Test("CRC-32 check value of \"123456789\" is CBF43926 (RFC 1952 polynomial)")
    func crcCheckValue() {
        #expect(CRC32.checksum(Array("123456789".utf8)) == 0xCBF4_3926)
    }

    @Test("a corrupted stream gives a clear error, never a crash")
    func corruptStream() throws {
        let gz = try Fixture.bytes("eop_2023-10_sample.csv.gz")
        // A flipped bit in the compressed data: either the Huffman data or the CRC-32 check fails.
        var flipped = gz
        flipped[gz.count / 2] ^= 0x10
        #expect(throws: Gzip.Failure.self) { try Gzip.decompress(flipped) }
        // A wrong CRC-32 in the trailer.
        var badCRC = gz
        badCRC[gz.count - 8] ^= 0xFF
        do {
            _ = try Gzip.decompress(badCRC)
            Issue.record("bad CRC accepted")
        } catch {
            #expect(error.message.contains("CRC-32 mismatch"))
        }
        // Truncated.
        #expect(throws: Gzip.Failure.self) { try Gzip.decompress(Array(gz.prefix(gz.count / 2))) }
        #expect(throws: Gzip.Failure.self) { try Gzip.decompress(Array(gz.prefix(12))) }
        // Through readFile the failure is a ParseError naming the file.
        do {
            _ = try FileInput.decode(flipped, name: "x.gz")
            Issue.record("corrupt stream accepted")
        } catch {
            #expect(error.code == .badCompressedData)
            #expect(error.description.hasPrefix("x.gz: "))
        }
    }

    @Test("the full 2023 catalog (1.5 MB gz) decodes to 4,145,243 bytes")
    func fullCatalog() throws {
        let gz = [UInt8](try Data(contentsOf: URL(fileURLWithPath: Fixture.fullCatalog2023)))
        let clock = ContinuousClock()
        var out: [UInt8] = []
        let t = try clock.measure { out = try Gzip.decompress(gz) }
        #expect(out.count == 4_145_243)
        print("gzip: decompressed \(gz.count) → \(out.count) bytes in \(t)")
    }
}
