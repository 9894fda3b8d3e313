import Astrodynamics
import Foundation
import SpaceData

/// A database value in the few types the schema uses, shared by both backends so that the row
/// codecs and SQL are written once.
enum SQLValue: Sendable, Hashable {
    case null
    case int(Int64)
    case double(Double)
    case text(String)

    init(_ v: Int) { self = .int(Int64(v)) }
    init(_ v: Int64?) { self = v.map { .int($0) } ?? .null }
    init(_ v: Double?) { self = v.map { .double($0) } ?? .null }
    init(_ v: String?) { self = v.map { .text($0) } ?? .null }

    var isNull: Bool { self == .null }
}

/// Reads the columns of one result row in order, with typed accessors that fail with a
/// ``StoreError/Code/decoding`` error naming the column.
struct RowReader {
    let values: [SQLValue]
    var index = 0

    init(_ values: [SQLValue]) { self.values = values }

    private mutating func next() -> SQLValue {
        defer { index += 1 }
        return index < values.count ? values[index] : .null
    }

    mutating func int64() throws(StoreError) -> Int64 {
        let v = next()
        switch v {
        case .int(let i): return i
        case .double(let d) where d == d.rounded() && abs(d) < 9e15: return Int64(d)
        default: throw StoreError(.decoding, "column \(index - 1): expected an integer, found \(v)")
        }
    }
    mutating func int() throws(StoreError) -> Int { Int(try int64()) }
    mutating func optionalInt64() throws(StoreError) -> Int64? {
        if index < values.count, values[index].isNull { index += 1; return nil }
        return try int64()
    }
    mutating func optionalInt() throws(StoreError) -> Int? { try optionalInt64().map { Int($0) } }
    mutating func double() throws(StoreError) -> Double {
        let v = next()
        switch v {
        case .double(let d): return d
        case .int(let i): return Double(i)
        default: throw StoreError(.decoding, "column \(index - 1): expected a number, found \(v)")
        }
    }
    mutating func optionalDouble() throws(StoreError) -> Double? {
        if index < values.count, values[index].isNull { index += 1; return nil }
        return try double()
    }
    mutating func text() throws(StoreError) -> String {
        let v = next()
        guard case .text(let s) = v else { throw StoreError(.decoding, "column \(index - 1): expected text, found \(v)") }
        return s
    }
    mutating func optionalText() throws(StoreError) -> String? {
        if index < values.count, values[index].isNull { index += 1; return nil }
        return try text()
    }
    mutating func instant() throws(StoreError) -> Instant {
        let s = try int64()
        let f = try double()
        guard f >= 0, f < 1 else { throw StoreError(.decoding, "column \(index - 1): TAI fraction \(f) outside [0, 1)") }
        return Instant(taiSecondsSince2000: s, plus: f)
    }
    mutating func optionalInstant() throws(StoreError) -> Instant? {
        let s = try optionalInt64()
        let f = try optionalDouble()
        guard let s, let f else { return nil }
        return Instant(taiSecondsSince2000: s, plus: f)
    }
    mutating func date() throws(StoreError) -> Date { StoreTime.date(microseconds: try int64()) }
}

/// Conversions between the store's time columns and Kanshi's types.
enum StoreTime {
    static let taiOrigin = Instant(taiSecondsSince2000: 0)

    /// The two exact parts of an instant: whole TAI seconds since 2000 and the fraction in [0, 1).
    /// `Instant(taiSecondsSince2000: s, plus: f)` gives back an equal instant.
    static func parts(_ t: Instant) -> (seconds: Int64, fraction: Double) {
        var whole = Int64(t.secondsSince(taiOrigin).rounded(.down))
        for _ in 0..<4 {
            let f = t.secondsSince(Instant(taiSecondsSince2000: whole))
            if f < 0 { whole -= 1 } else if f >= 1 { whole += 1 } else { return (whole, f) }
        }
        return (whole, max(0, min(t.secondsSince(Instant(taiSecondsSince2000: whole)), 1.0.nextDown)))
    }

    /// POSIX time in microseconds (UTC, leap seconds not counted), for indexing and display.
    static func unixMicroseconds(_ t: Instant) -> Int64 {
        let (mjd, sod) = t.utcDayAndSeconds()
        return (mjd - 40_587) * 86_400_000_000 + Int64((sod * 1e6).rounded())
    }

    /// Wall-clock time to whole microseconds since 1970 (the precision timestamps are stored with).
    static func microseconds(_ d: Date) -> Int64 { Int64((d.timeIntervalSince1970 * 1e6).rounded()) }
    static func date(microseconds us: Int64) -> Date { Date(timeIntervalSince1970: Double(us) / 1e6) }
    /// `d` as it reads back from the store.
    static func normalized(_ d: Date) -> Date { date(microseconds: microseconds(d)) }

    static func bind(_ t: Instant, into args: inout [SQLValue]) {
        let p = parts(t)
        args.append(.int(p.seconds))
        args.append(.double(p.fraction))
    }
}
