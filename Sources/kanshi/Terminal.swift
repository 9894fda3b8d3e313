import Foundation

/// Writes to stdout through a buffer (`print` flushes far too often for millions of lines).
final class OutputStream: @unchecked Sendable {
    private var buffer: [UInt8] = []
    private let handle: Int32
    init(fd: Int32 = 1) { handle = fd; buffer.reserveCapacity(1 << 20) }
    func write(_ s: String) { buffer.append(contentsOf: s.utf8); if buffer.count >= 1 << 20 { flush() } }
    func write(bytes: [UInt8]) { buffer.append(contentsOf: bytes); if buffer.count >= 1 << 20 { flush() } }
    func flush() {
        var offset = 0
        while offset < buffer.count {
            let n = buffer.withUnsafeBytes { Foundation.write(handle, $0.baseAddress! + offset, $0.count - offset) }
            if n <= 0 { break }
            offset += n
        }
        buffer.removeAll(keepingCapacity: true)
    }
    deinit { flush() }
}

/// Diagnostics on stderr.
enum Diagnostics {
    static func print(_ s: String) {
        FileHandle.standardError.write((s + "\n").data(using: .utf8)!)
    }
}

/// A one-line progress bar on stderr, shown only when stderr is a terminal.
final class ProgressBar {
    private let total: Int
    private let label: String
    private let enabled: Bool
    private var lastDrawn = -1
    init(total: Int, label: String) {
        self.total = max(total, 1)
        self.label = label
        enabled = isatty(2) != 0 && total > 0
    }
    func update(_ done: Int) {
        guard enabled else { return }
        let percent = done * 100 / total
        guard percent != lastDrawn else { return }
        lastDrawn = percent
        let width = 30, filled = width * percent / 100
        let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
        FileHandle.standardError.write("\r\(label) \(bar) \(percent)% (\(done)/\(total))".data(using: .utf8)!)
    }
    func finish() {
        guard enabled else { return }
        FileHandle.standardError.write("\r\u{1B}[2K".data(using: .utf8)!)
    }
}
