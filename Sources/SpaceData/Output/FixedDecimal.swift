import Foundation

/// Fast fixed-point decimal text for bulk output (`String(format:)` is far slower on Linux).
///
/// Rounds half away from zero at `decimals` places, like `printf("%.*f")` does for values that are
/// not exact ties; falls back to `String(format:)` outside the Int64 range and for non-finite values.
public enum FixedDecimal {
    @usableFromInline static let powers: [Double] = (0...18).map { pow(10, Double($0)) }

    /// Appends `x` with `decimals` (0–15) digits after the point.
    @inlinable
    public static func append(_ x: Double, decimals: Int, to out: inout [UInt8]) {
        let scaled = (x.magnitude * powers[decimals]).rounded(.toNearestOrAwayFromZero)
        guard x.isFinite, scaled < 9.0e18 else {
            out.append(contentsOf: String(format: "%.\(decimals)f", x).utf8)
            return
        }
        var n = UInt64(scaled)
        if x < 0 && n != 0 { out.append(UInt8(ascii: "-")) }
        // Render into a small stack buffer, least significant first.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 24) { buf in
            var count = 0
            repeat {
                buf[count] = UInt8(truncatingIfNeeded: n % 10) &+ 48
                n /= 10
                count += 1
            } while n > 0 || count <= decimals
            var i = count - 1
            while i >= 0 {
                out.append(buf[i])
                if i == decimals && decimals > 0 { out.append(UInt8(ascii: ".")) }
                i -= 1
            }
        }
    }

    /// `x` as a string with `decimals` digits after the point.
    public static func string(_ x: Double, decimals: Int) -> String {
        var out: [UInt8] = []
        append(x, decimals: decimals, to: &out)
        return String(decoding: out, as: UTF8.self)
    }
}
