import Foundation
import Logging
import Synchronization

/// One JSON object per log line on stderr: `{"ts","level","label","message", ...metadata}`, for log
/// collectors (`kanshi serve --log-format json`).
public struct JSONLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level = .info
    let label: String
    private static let lock = Mutex(())

    public init(label: String) { self.label = label }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var o = JSONOutput(capacity: 256)
        o.raw("{")
        o.key("ts", first: true); o.date(Date())
        o.key("level"); o.string(event.level.rawValue)
        o.key("label"); o.string(label)
        o.key("message"); o.string(event.message.description)
        let merged = metadata.merging(event.metadata ?? [:]) { $1 }
        for (k, v) in merged.sorted(by: { $0.key < $1.key }) where !["ts", "level", "label", "message"].contains(k) {
            o.key(k); o.string("\(v)")
        }
        o.key("source"); o.string("\(event.source)")
        o.raw("}\n")
        let bytes = o.bytes
        JSONLogHandler.lock.withLock { _ in
            FileHandle.standardError.write(Data(bytes))
        }
    }
}
