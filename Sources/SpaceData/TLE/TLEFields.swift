import Foundation

/// Reading and writing the individual fields of a TLE: catalog numbers (Alpha-5), implied-decimal
/// and exponent ("` 12345-3`" = 0.12345e-3) forms, fixed-point columns, and the modulo-10 checksum.
///
/// Writers produce Space-Track's canonical formatting and throw `.outOfRange` for values that do
/// not fit the columns.
public enum TLEFields {
    // MARK: Checksum

    /// The TLE checksum of `line`'s first 68 bytes: digits count their value, `-` counts 1, all else 0.
    public static func checksum<C: Collection>(_ line: C) -> Int where C.Element == UInt8 {
        var sum = 0
        for b in line.prefix(68) {
            if b >= 48 && b <= 57 { sum += Int(b - 48) } else if b == 45 { sum += 1 }
        }
        return sum % 10
    }

    // MARK: Alpha-5 catalog numbers

    /// Alpha-5 letters: A–Z without I and O, A = 10 … Z = 33.
    static let alpha5Letters: [UInt8] = Array("ABCDEFGHJKLMNPQRSTUVWXYZ".utf8)

    /// Reads a 5-column catalog number: digits (zero- or space-padded) or Alpha-5 (`A0000` = 100000).
    public static func catalogNumber(_ field: Substring) -> Int? {
        let t = field.asciiTrimmed()
        let u = Array(t.utf8)
        guard !u.isEmpty, u.count <= 5 else { return nil }
        if let first = u.first, first >= 65, first <= 90 {
            guard u.count == 5, let k = alpha5Letters.firstIndex(of: first),
                  u[1...].allSatisfy({ $0 >= 48 && $0 <= 57 }), let rest = Int(String(decoding: u[1...], as: UTF8.self))
            else { return nil }
            return (k + 10) * 10_000 + rest
        }
        guard u.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return nil }
        return Int(t)
    }

    /// The canonical 5-column catalog number: zero-padded below 100000, Alpha-5 up to 339999.
    public static func formatCatalogNumber(_ n: Int) throws(ParseError) -> String {
        guard n >= 0, n <= 339_999 else {
            throw ParseError(.outOfRange, "catalog number \(n) does not fit 5 columns (Alpha-5 ends at Z9999 = 339999)",
                             field: "NORAD_CAT_ID", value: String(n))
        }
        if n < 100_000 { return zeroPadded(n, 5) }
        let letter = alpha5Letters[n / 10_000 - 10]
        return String(UnicodeScalar(letter)) + zeroPadded(n % 10_000, 4)
    }

    // MARK: Numbers

    /// Reads a plain decimal (`34.2426`, ` .00000274`, `+.00000274`, `-0.5`), allowing surrounding blanks.
    public static func decimal(_ field: Substring) -> Double? {
        let t = field.asciiTrimmed()
        guard !t.isEmpty, t.utf8.allSatisfy({ ($0 >= 48 && $0 <= 57) || $0 == 46 || $0 == 43 || $0 == 45 || $0 == 69 || $0 == 101 }),
              t.utf8.contains(where: { $0 >= 48 && $0 <= 57 }) else { return nil }
        var s = t
        if s.hasPrefix("+") { s.removeFirst() }
        if s.hasPrefix(".") { s = "0" + s } else if s.hasPrefix("-.") { s = "-0" + s.dropFirst() }
        return Double(s)
    }

    /// Reads an integer field, blanks around it allowed; an all-blank field is `blankValue`.
    public static func integer(_ field: Substring, blankValue: Int? = nil) -> Int? {
        let t = field.asciiTrimmed()
        if t.isEmpty { return blankValue }
        guard t.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return nil }
        return Int(t)
    }

    /// Reads the implied-decimal eccentricity (`1844295` = 0.1844295); leading blanks read as zeros,
    /// trailing blanks are ignored, and an explicit point (`.1844295`) is tolerated.
    public static func impliedDecimal(_ field: Substring) -> Double? {
        let t = field.asciiTrimmed()
        if t.hasPrefix(".") || t.hasPrefix("0.") { return decimal(field) }
        var u = Array(field.utf8)
        while let last = u.last, last == 32 { u.removeLast() }
        guard !u.isEmpty else { return nil }
        for i in u.indices { if u[i] == 32 { u[i] = 48 } else { break } }
        guard u.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return nil }
        return Double("0." + String(decoding: u, as: UTF8.self))
    }

    /// Reads the exponent form `±MMMMM±E` (value ±0.MMMMM × 10^±E), with an optional leading sign,
    /// blank or `+`; a plain decimal (`0.00012`, `1.2e-4`) is accepted too, as some writers emit it.
    public static func exponential(_ field: Substring) -> Double? {
        let t = field.asciiTrimmed()
        let u = Array(t.utf8)
        guard !u.isEmpty else { return nil }
        if u.contains(46) || u.contains(69) || u.contains(101) { return decimal(field) }
        var i = 0
        var negative = false
        if u[0] == 43 || u[0] == 45 { negative = u[0] == 45; i = 1 }
        // Mantissa digits, then a signed one-digit exponent.
        guard u.count - i >= 3 else { return nil }
        let expSign = u[u.count - 2], expDigit = u[u.count - 1]
        guard expSign == 43 || expSign == 45, expDigit >= 48, expDigit <= 57 else { return nil }
        let mantissa = u[i..<(u.count - 2)]
        guard !mantissa.isEmpty, mantissa.count <= 6, mantissa.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return nil }
        let text = (negative ? "-0." : "0.") + String(decoding: mantissa, as: UTF8.self)
            + "e" + (expSign == 45 ? "-" : "") + String(UnicodeScalar(expDigit))
        return Double(text)
    }

    // MARK: Canonical writing

    static func zeroPadded(_ n: Int, _ width: Int) -> String {
        let s = String(n)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }

    static func leftPadded(_ s: String, _ width: Int) -> String {
        s.count >= width ? s : String(repeating: " ", count: width - s.count) + s
    }

    /// `value` with `decimals` digits after the point, right-aligned in `width` columns (`%w.df`).
    public static func fixed(_ value: Double, width: Int, decimals: Int, field: String) throws(ParseError) -> String {
        let scale = pow(10.0, Double(decimals))
        let scaled = (abs(value) * scale).rounded()
        guard value.isFinite, scaled < 1e17 else {
            throw ParseError(.outOfRange, "\(value) does not fit \(width) columns", field: field, value: "\(value)")
        }
        let n = Int(scaled)
        let digits = zeroPadded(n, decimals + 1)
        let intPart = digits.dropLast(decimals)
        let frac = digits.suffix(decimals)
        let s = (value < 0 && n != 0 ? "-" : "") + intPart + "." + frac
        guard s.count <= width else {
            throw ParseError(.outOfRange, "\(value) does not fit \(width) columns with \(decimals) decimals",
                             field: field, value: "\(value)")
        }
        return leftPadded(s, width)
    }

    /// First derivative column (34–43): sign (blank or `-`), point, 8 digits: ` .00000274`.
    public static func formatMeanMotionDot(_ v: Double) throws(ParseError) -> String {
        let n = (abs(v) * 1e8).rounded()
        guard v.isFinite, n < 1e8 else {
            throw ParseError(.outOfRange, "|\(v)| rev/day² must be below 1 to fit columns 34–43",
                             field: "MEAN_MOTION_DOT", value: "\(v)")
        }
        return (v < 0 && n != 0 ? "-" : " ") + "." + zeroPadded(Int(n), 8)
    }

    /// Exponent form in 8 columns (` 12345-3`); zero is ` 00000-0` as Space-Track writes it.
    public static func formatExponential(_ v: Double, field: String) throws(ParseError) -> String {
        guard v.isFinite else { throw ParseError(.outOfRange, "\(v) is not finite", field: field, value: "\(v)") }
        let sign = v < 0 ? "-" : " "
        let a = abs(v)
        if a == 0 { return " 00000-0" }
        var e = Int(log10(a).rounded(.down)) + 1
        var m = (a * pow(10.0, Double(5 - e))).rounded()
        if m >= 100_000 { m = (m / 10).rounded(); e += 1 }
        if m < 10_000 {   // log10 rounding put us one decade high
            e -= 1
            m = (a * pow(10.0, Double(5 - e))).rounded()
        }
        if e < -9 {   // below 0.00001e-9: rounds to zero in five digits
            return " 00000-0"
        }
        guard e <= 9 else {
            throw ParseError(.outOfRange, "\(v) needs exponent \(e), but the column holds one digit", field: field, value: "\(v)")
        }
        return sign + zeroPadded(Int(m), 5) + (e < 0 ? "-" : "+") + String(abs(e))
    }

    /// Eccentricity as 7 implied-decimal digits (`0.1844295` → `1844295`).
    public static func formatEccentricity(_ e: Double) throws(ParseError) -> String {
        let n = (e * 1e7).rounded()
        guard e.isFinite, e >= 0, n < 1e7 else {
            throw ParseError(.outOfRange, "eccentricity \(e) must be in [0, 1) for a TLE", field: "ECCENTRICITY", value: "\(e)")
        }
        return zeroPadded(Int(n), 7)
    }

    /// An integer right-aligned in `width` columns, checked against `range`.
    public static func formatInteger(_ n: Int, width: Int, range: ClosedRange<Int>, field: String) throws(ParseError) -> String {
        guard range.contains(n) else {
            throw ParseError(.outOfRange, "\(n) is outside \(range.lowerBound)...\(range.upperBound) and does not fit \(width) column\(width == 1 ? "" : "s")",
                             field: field, value: String(n))
        }
        return leftPadded(String(n), width)
    }
}
