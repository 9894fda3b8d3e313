#if canImport(Darwin)
import Darwin
#else
import Glibc
#endif

/// The C library's `atan2` for the given lanes (named apart from ``DeepSpaceLaneMath/atan2(_:_:_:)``).
@inline(never) @usableFromInline
func libraryAtan2(_ y: Lanes, _ x: Lanes, _ lanes: SIMDMask<SIMD8<Int64>>, _ r: inout Lanes) {
    for lane in 0..<8 where lanes[lane] {
        r[lane] = atan2(y[lane], x[lane])
    }
}

/// Vector functions the deep-space kernel needs beyond ``LaneMath``: a four-quadrant arctangent and
/// the power x^(2/3), each with a stated error bound.
public enum DeepSpaceLaneMath {
    @usableFromInline static let tanPiOver8 = 0.41421356237309503
    @usableFromInline static let piOver4 = 0.7853981633974483
    @usableFromInline static let piOver2 = 1.5707963267948966

    /// `atan2(y, x)` for each lane, rad in [−π, π].
    ///
    /// Method (ours): with a = min(|x|, |y|) / max(|x|, |y|) ∈ [0, 1], reduce once more to
    /// |z| ≤ tan(π/8) by atan a = π/4 + atan((a − 1)/(a + 1)) when a > tan(π/8), then the Taylor
    /// series atan z = z − z³/3 + z⁵/5 − … to z⁴¹/41. Truncation: |z|⁴³/43 ≤ tan(π/8)⁴³/43 < 1e-18
    /// relative to z. The quadrant is restored with π/2 − r, π − r and the sign of y.
    ///
    /// Error bound: the quotient and the reduction round at most three times (≤ 1.5 ulp of a), the
    /// series evaluated by Horner in z² (alternating, |z²| < 0.172) adds ≤ 1 ulp, and each of the up
    /// to three additions of π/4, π/2, π (themselves within 0.5 ulp) rounds once: the result is
    /// within 1e-15 rad of the true angle (`SGP4BatchDeepSpaceTests` measures the worst case
    /// against the C library's `atan2` over 10⁶ arguments). Lanes where x and y are both zero,
    /// or either is infinite or NaN, are given the C library's `atan2` (so signed zeros and
    /// infinities follow C); elsewhere a y of −0 is treated as +0.
    @_transparent
    public static func atan2<A: LaneArithmetic>(_ y: Lanes, _ x: Lanes, _: A.Type) -> Lanes {
        let ax = x.laneMagnitude, ay = y.laneMagnitude
        let swap = ay .> ax
        let numerator = ay.replacing(with: ax, where: swap)
        let denominator = ax.replacing(with: ay, where: swap)
        let a = numerator / denominator
        let reduce = a .> tanPiOver8
        let one = Lanes(repeating: 1)
        let z = a.replacing(with: (a - one) / (a + one), where: reduce)
        let z2 = z * z
        // Coefficients (−1)^k / (2k + 1), k = 20 down to 1.
        var p = Lanes(repeating: 1.0 / 41.0)
        p = A.multiplyAdd(p, z2, Lanes(repeating: -1.0 / 39.0))
        p = A.multiplyAdd(p, z2, Lanes(repeating: 1.0 / 37.0))
        p = A.multiplyAdd(p, z2, Lanes(repeating: -1.0 / 35.0))
        p = A.multiplyAdd(p, z2, Lanes(repeating: 1.0 / 33.0))
        p = A.multiplyAdd(p, z2, Lanes(repeating: -1.0 / 31.0))
        p = A.multiplyAdd(p, z2, Lanes(repeating: 1.0 / 29.0))
        p = A.multiplyAdd(p, z2, Lanes(repeating: -1.0 / 27.0))
        p = A.multiplyAdd(p, z2, Lanes(repeating: 1.0 / 25.0))
        p = A.multiplyAdd(p, z2, Lanes(repeating: -1.0 / 23.0))
        p = A.multiplyAdd(p, z2, Lanes(repeating: 1.0 / 21.0))
        p = A.multiplyAdd(p, z2, Lanes(repeating: -1.0 / 19.0))
        p = A.multiplyAdd(p, z2, Lanes(repeating: 1.0 / 17.0))
        p = A.multiplyAdd(p, z2, Lanes(repeating: -1.0 / 15.0))
        p = A.multiplyAdd(p, z2, Lanes(repeating: 1.0 / 13.0))
        p = A.multiplyAdd(p, z2, Lanes(repeating: -1.0 / 11.0))
        p = A.multiplyAdd(p, z2, Lanes(repeating: 1.0 / 9.0))
        p = A.multiplyAdd(p, z2, Lanes(repeating: -1.0 / 7.0))
        p = A.multiplyAdd(p, z2, Lanes(repeating: 1.0 / 5.0))
        p = A.multiplyAdd(p, z2, Lanes(repeating: -1.0 / 3.0))
        var r = A.multiplyAdd(z * z2, p, z)
        r.replace(with: r + piOver4, where: reduce)
        r.replace(with: piOver2 - r, where: swap)
        r.replace(with: Double.pi - r, where: x .< 0)
        r.replace(with: -r, where: y .< 0)
        // Both zero (0/0), or an infinity or NaN anywhere: the C library, lane by lane.
        let big = Lanes(repeating: .greatestFiniteMagnitude)
        let ordinary = (denominator .> 0) .& (denominator .<= big) .& (numerator .<= big)
        if _slowPath(!laneAll(ordinary)) {
            libraryAtan2(y, x, .!ordinary, &r)
        }
        return r
    }

    /// x^(2/3) for positive x, starting from `guess` with the guess's relative error ε:
    /// three Newton steps y ← (2y + x²/y²)/3 on y³ = x², each taking ε to about ε² (from
    /// ε ≤ 1e-2: 1e-4, 1e-8, 1e-16), so the result is within a few ulp (≤ 1e-15 relative) of the
    /// true power when the guess is within 1 %. The deep-space kernel uses it for Vallado's
    /// `pow(xke / nm, 2/3)` once the resonance has moved nm, with the first-order guess
    /// a₀·(1 + (2/3)(n₀/nm − 1)) from the epoch values (nm moves by far less than 1 %).
    @_transparent
    public static func twoThirdsPower(_ x: Lanes, guess: Lanes) -> Lanes {
        let xx = x * x
        var y = guess
        for _ in 0..<3 {
            y = (y + y + xx / (y * y)) * (1.0 / 3.0)
        }
        return y
    }
}

/// Whether any lane of `mask` is set, from its eight lanes directly. The standard library's generic
/// `any(_:)` is not always inlined: its specialisation is then a weak symbol that the AVX2, AVX-512
/// and portable builds would share (the linker keeps one copy), and a call in the hot loop.
@_transparent @usableFromInline
func laneAny(_ mask: SIMDMask<SIMD8<Int64>>) -> Bool {
    let s = mask._storage
    return (s[0] | s[1] | s[2] | s[3] | s[4] | s[5] | s[6] | s[7]) != 0
}

/// Whether every lane of `mask` is set (see ``laneAny(_:)`` for why not the standard library's `all`).
@_transparent @usableFromInline
func laneAll(_ mask: SIMDMask<SIMD8<Int64>>) -> Bool {
    let s = mask._storage
    return (s[0] & s[1] & s[2] & s[3] & s[4] & s[5] & s[6] & s[7]) != 0
}
