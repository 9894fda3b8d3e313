import Foundation

/// Reading files from disk, gzip-compressed or not.
public enum FileInput {
    /// The bytes of the file at `path`, decompressed when they start with the gzip magic number.
    public static func readFile(_ path: String) throws(ParseError) -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ParseError(.io, "cannot read file", file: path)
        }
        return try decode([UInt8](data), name: path)
    }

    /// `bytes`, decompressed when they start with the gzip magic number.
    public static func decode(_ bytes: [UInt8], name: String? = nil) throws(ParseError) -> [UInt8] {
        guard Gzip.isGzip(bytes) else { return bytes }
        do {
            return try Gzip.decompress(bytes)
        } catch {
            throw ParseError(.badCompressedData, error.description, file: name)
        }
    }

    /// The file at `path` as UTF-8 text (gzip decompressed transparently; invalid UTF-8 repaired).
    public static func readText(_ path: String) throws(ParseError) -> String {
        let bytes = try readFile(path)
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// The bytes of the file at `path`, decompressed when they start with the gzip magic number.
public func readFile(_ path: String) throws(ParseError) -> [UInt8] {
    try FileInput.readFile(path)
}
