import Astrodynamics
import Foundation

/// A small hand-written JSON encoder: the API's hot paths append to one byte buffer instead of
/// going through `Codable`, so a lookup costs a few microseconds.
struct JSONOutput {
    var bytes: [UInt8] = []

    init(capacity: Int = 256) { bytes.reserveCapacity(capacity) }

    mutating func raw(_ s: String) { bytes.append(contentsOf: s.utf8) }
    mutating func raw(_ b: UInt8) { bytes.append(b) }

    /// A JSON string literal with escapes.
    mutating func string(_ s: String) {
        bytes.append(UInt8(ascii: "\""))
        for c in s.utf8 {
            switch c {
            case UInt8(ascii: "\""): bytes.append(contentsOf: [92, 34])
            case UInt8(ascii: "\\"): bytes.append(contentsOf: [92, 92])
            case 10: bytes.append(contentsOf: [92, 110])
            case 13: bytes.append(contentsOf: [92, 114])
            case 9: bytes.append(contentsOf: [92, 116])
            case 0..<32:
                let hex = Array("0123456789abcdef".utf8)
                bytes.append(contentsOf: [92, 117, 48, 48, hex[Int(c >> 4)], hex[Int(c & 15)]])
            default: bytes.append(c)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    mutating func optionalString(_ s: String?) { if let s { string(s) } else { raw("null") } }

    /// A number; non-finite values become `null` (JSON has no NaN).
    mutating func number(_ d: Double) {
        if d.isFinite { raw(d == d.rounded() && abs(d) < 1e15 ? String(Int64(d)) : "\(d)") } else { raw("null") }
    }
    mutating func optionalNumber(_ d: Double?) { if let d { number(d) } else { raw("null") } }
    mutating func int(_ i: Int) { raw(String(i)) }
    mutating func int64(_ i: Int64) { raw(String(i)) }
    mutating func optionalInt(_ i: Int?) { if let i { int(i) } else { raw("null") } }
    mutating func bool(_ b: Bool) { raw(b ? "true" : "false") }
    mutating func time(_ t: Instant) { string(t.iso8601UTC(fractionDigits: 3)) }
    mutating func optionalTime(_ t: Instant?) { if let t { time(t) } else { raw("null") } }
    mutating func date(_ d: Date) { time(Instant(date: d)) }

    /// `"key":` with a leading comma unless `first`.
    mutating func key(_ k: String, first: Bool = false) {
        if !first { bytes.append(UInt8(ascii: ",")) }
        string(k)
        bytes.append(UInt8(ascii: ":"))
    }

    var text: String { String(decoding: bytes, as: UTF8.self) }
}

extension Instant {
    /// The instant of a Foundation `Date` (UTC, bundled leap seconds).
    init(date: Date) {
        let unix = date.timeIntervalSince1970
        let days = (unix / 86_400).rounded(.down)
        self.init(utcModifiedJulianDay: 40_587 + Int(days), secondsOfDay: unix - days * 86_400)
    }

    /// The current wall-clock time.
    static var wallClockNow: Instant { Instant(date: Date()) }
}
