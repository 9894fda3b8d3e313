/// Reads CDM files in either notation, telling KVN from XML by content (a document whose first
/// non-blank character is `<` is XML), gzip-compressed or not.
public enum CDMReader {
    /// The notation of a CDM document.
    public enum Format: String, Sendable { case kvn, xml }

    /// The notation of `bytes` (already decompressed).
    public static func format(of bytes: [UInt8]) -> Format {
        var i = 0
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { i = 3 }
        while i < bytes.count, bytes[i] == 32 || bytes[i] == 9 || bytes[i] == 10 || bytes[i] == 13 { i += 1 }
        return i < bytes.count && bytes[i] == UInt8(ascii: "<") ? .xml : .kvn
    }

    /// Reads the CDMs in `bytes` (gzip decompressed transparently) in whichever notation they are.
    public static func read(_ bytes: [UInt8], file: String? = nil,
                            options: CDMReadOptions = .init()) -> ReadReport<ConjunctionDataMessage> {
        let data: [UInt8]
        do { data = try FileInput.decode(bytes, name: file) } catch {
            return ReadReport(errors: [error.inFile(file)], noun: "conjunction data messages")
        }
        switch format(of: data) {
        case .xml: return CDMXML.read(data, file: file, options: options)
        case .kvn: return CDMKVN.read(data, file: file, options: options)
        }
    }

    /// Reads every file, in order; a file that cannot be opened is one error and the others are read.
    public static func read(files: [String], options: CDMReadOptions = .init()) -> ReadReport<ConjunctionDataMessage> {
        var report = ReadReport<ConjunctionDataMessage>(noun: "conjunction data messages")
        for path in files {
            do { report.merge(read(try FileInput.readFile(path), file: path, options: options)) } catch {
                report.add(error)
            }
        }
        return report
    }
}
