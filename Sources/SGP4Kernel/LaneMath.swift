#if canImport(Darwin)
import Darwin
#else
import Glibc
#endif

/// Eight double-precision lanes: one SGP4 satellite per lane.
public typealias Lanes = SIMD8<Double>

/// How a kernel forms `a·b + c`: fused (one rounding, one instruction where the CPU has FMA) or as a
/// separate multiply and add (for CPUs without FMA, where a fused operation would be a slow library
/// call). The two differ by at most one rounding of `a·b`.
///
/// Kernels are generic over this so each instruction-set variant of ``propagateSGP4Blocks(_:blocks:arithmetic:)``
/// is specialised with the right one at compile time; nothing is decided per call.
public protocol LaneArithmetic {
    /// `a·b + c`.
    static func multiplyAdd(_ a: Lanes, _ b: Lanes, _ c: Lanes) -> Lanes
}

/// `a·b + c` with one rounding (`addingProduct`): for CPUs with FMA (AVX2 and AVX-512 variants).
public enum FusedLaneArithmetic: LaneArithmetic {
    @inlinable @inline(__always)
    public static func multiplyAdd(_ a: Lanes, _ b: Lanes, _ c: Lanes) -> Lanes { c.addingProduct(a, b) }
}

/// `a·b + c` as a multiply then an add: the portable variant.
public enum SeparateLaneArithmetic: LaneArithmetic {
    @inlinable @inline(__always)
    public static func multiplyAdd(_ a: Lanes, _ b: Lanes, _ c: Lanes) -> Lanes { a * b + c }
}

extension SIMD8 where Scalar == Double {
    /// |x| per lane (one mask operation; the standard library's generic `pointwiseMax(x, -x)` is not
    /// vectorised).
    @inlinable @inline(__always)
    public var laneMagnitude: Lanes { replacing(with: -self, where: self .< 0) }

    /// The larger of each pair of lanes; `other` where `self` is NaN.
    @inlinable @inline(__always)
    public func laneMax(_ other: Lanes) -> Lanes { replacing(with: other, where: .!(self .>= other)) }

    /// The smaller of each pair of lanes; `other` where `self` is NaN.
    @inlinable @inline(__always)
    public func laneMin(_ other: Lanes) -> Lanes { replacing(with: other, where: .!(self .<= other)) }
}

/// Vectorised sine, cosine and remainder for ``Lanes``, with stated error bounds.
///
/// **Sine and cosine** (``sinCos(_:_:)``): Cody & Waite (1980, *Software Manual for the Elementary
/// Functions*, ch. 8) argument reduction by π/2 in three parts, then the Taylor series on
/// |r| ≤ π/4 (+ rounding):
/// - sin r = r − r³/3! + … − r¹⁷/17!: truncation ≤ (π/4)¹⁹/19! = 8.3e-20;
/// - cos r = 1 − r²/2! + … + r¹⁶/16!: truncation ≤ (π/4)¹⁸/18! = 2.0e-18.
///
/// π/2 is split as `c1 + c2 + c3`: `c1` and `c2` carry 33 significant bits, so `k·c1` and `k·c2` are
/// exact for quadrant numbers |k| < 2²⁰ even without FMA, and the split's own error (~1e-37) is
/// negligible. The reduced argument is therefore within about 1 ulp, and each result within a few
/// ulp (~4e-16 absolute) of the true value, for |x| ≤ ``sinCosReductionLimit`` (1.6e6 rad; SGP4's
/// angles over ±7 days stay below 1e4). Lanes beyond the limit, infinite or NaN fall back to the C
/// library's `sin`/`cos`, so the result is never less accurate than the scalar propagator's.
public enum LaneMath {
    /// |x| up to which the vector reduction is used: 2²⁰ quadrants of π/2.
    public static let sinCosReductionLimit = 1_647_099.0

    @usableFromInline static let twoOverPi = 0.6366197723675814
    @usableFromInline static let halfPi1 = 1.5707963267341256      // 33 bits
    @usableFromInline static let halfPi2 = 6.077100506303966e-11   // 33 bits
    @usableFromInline static let halfPi3 = 2.0222662487959506e-21

    /// sin x and cos x for each lane.
    @_transparent
    public static func sinCos<A: LaneArithmetic>(_ x: Lanes, _: A.Type) -> (sin: Lanes, cos: Lanes) {
        let k = (x * twoOverPi).rounded(.toNearestOrEven)
        var r = A.multiplyAdd(k, Lanes(repeating: -halfPi1), x)
        r = A.multiplyAdd(k, Lanes(repeating: -halfPi2), r)
        r = A.multiplyAdd(k, Lanes(repeating: -halfPi3), r)
        let z = r * r
        // sin r = r + r·z·(S1 + z(S2 + …)), Sn = (−1)ⁿ/(2n+1)!
        var ps = Lanes(repeating: 1.0 / 355_687_428_096_000.0)                 // 1/17!
        ps = A.multiplyAdd(ps, z, Lanes(repeating: -1.0 / 1_307_674_368_000.0)) // −1/15!
        ps = A.multiplyAdd(ps, z, Lanes(repeating: 1.0 / 6_227_020_800.0))      // 1/13!
        ps = A.multiplyAdd(ps, z, Lanes(repeating: -1.0 / 39_916_800.0))        // −1/11!
        ps = A.multiplyAdd(ps, z, Lanes(repeating: 1.0 / 362_880.0))            // 1/9!
        ps = A.multiplyAdd(ps, z, Lanes(repeating: -1.0 / 5_040.0))             // −1/7!
        ps = A.multiplyAdd(ps, z, Lanes(repeating: 1.0 / 120.0))                // 1/5!
        ps = A.multiplyAdd(ps, z, Lanes(repeating: -1.0 / 6.0))                 // −1/3!
        let s = A.multiplyAdd(r * z, ps, r)
        // cos r = 1 + z·(C1 + z(C2 + …)), Cn = (−1)ⁿ/(2n)!
        var pc = Lanes(repeating: 1.0 / 20_922_789_888_000.0)                  // 1/16!
        pc = A.multiplyAdd(pc, z, Lanes(repeating: -1.0 / 87_178_291_200.0))    // −1/14!
        pc = A.multiplyAdd(pc, z, Lanes(repeating: 1.0 / 479_001_600.0))        // 1/12!
        pc = A.multiplyAdd(pc, z, Lanes(repeating: -1.0 / 3_628_800.0))         // −1/10!
        pc = A.multiplyAdd(pc, z, Lanes(repeating: 1.0 / 40_320.0))             // 1/8!
        pc = A.multiplyAdd(pc, z, Lanes(repeating: -1.0 / 720.0))               // −1/6!
        pc = A.multiplyAdd(pc, z, Lanes(repeating: 1.0 / 24.0))                 // 1/4!
        pc = A.multiplyAdd(pc, z, Lanes(repeating: -0.5))                       // −1/2!
        let c = A.multiplyAdd(z, pc, Lanes(repeating: 1.0))
        // Quadrant q = k mod 4 selects and signs: (sin, cos) = (s, c), (c, −s), (−s, −c), (−c, s).
        let q = k - 4 * (k * 0.25).rounded(.down)
        let odd = (q .== 1) .| (q .== 3)
        var sine = s.replacing(with: c, where: odd)
        var cosine = c.replacing(with: s, where: odd)
        sine.replace(with: -sine, where: q .>= 2)
        cosine.replace(with: -cosine, where: (q .== 1) .| (q .== 2))
        let outOfRange = .!(x.laneMagnitude .<= sinCosReductionLimit)   // true for NaN
        if _slowPath(any(outOfRange)) {
            libraryFallback(x, outOfRange, &sine, &cosine)
        }
        return (sine, cosine)
    }

    /// |x| up to which ``sinCosSmall(_:_:)`` uses its short series.
    public static let smallAngleLimit = 0.125

    /// sin x and cos x for angles that are usually small (SGP4's short-period corrections, ~1e-3 rad):
    /// Taylor series to x⁹ and x¹⁰, truncation ≤ 0.125¹¹/11! = 2.9e-18 and 0.125¹²/12! = 1.4e-20 for
    /// |x| ≤ ``smallAngleLimit``. If any lane is larger (or NaN), all lanes take ``sinCos(_:_:)``.
    @_transparent
    public static func sinCosSmall<A: LaneArithmetic>(_ x: Lanes, _ a: A.Type) -> (sin: Lanes, cos: Lanes) {
        if _slowPath(any(.!(x.laneMagnitude .<= smallAngleLimit))) {
            return sinCos(x, A.self)
        }
        let z = x * x
        var ps = Lanes(repeating: 1.0 / 362_880.0)                              // 1/9!
        ps = A.multiplyAdd(ps, z, Lanes(repeating: -1.0 / 5_040.0))             // −1/7!
        ps = A.multiplyAdd(ps, z, Lanes(repeating: 1.0 / 120.0))                // 1/5!
        ps = A.multiplyAdd(ps, z, Lanes(repeating: -1.0 / 6.0))                 // −1/3!
        var pc = Lanes(repeating: -1.0 / 3_628_800.0)                           // −1/10!
        pc = A.multiplyAdd(pc, z, Lanes(repeating: 1.0 / 40_320.0))             // 1/8!
        pc = A.multiplyAdd(pc, z, Lanes(repeating: -1.0 / 720.0))               // −1/6!
        pc = A.multiplyAdd(pc, z, Lanes(repeating: 1.0 / 24.0))                 // 1/4!
        pc = A.multiplyAdd(pc, z, Lanes(repeating: -0.5))                       // −1/2!
        return (A.multiplyAdd(x * z, ps, x), A.multiplyAdd(z, pc, Lanes(repeating: 1.0)))
    }

    /// The C library's sin and cos for the lanes the vector reduction does not cover.
    @inline(never) @usableFromInline
    static func libraryFallback(_ x: Lanes, _ lanes: SIMDMask<SIMD8<Int64>>, _ sine: inout Lanes, _ cosine: inout Lanes) {
        for lane in 0..<8 where lanes[lane] {
            sine[lane] = sin(x[lane])
            cosine[lane] = cos(x[lane])
        }
    }

    /// The C library's `fmod(x, 2π)` for each lane: x − n·2π with n = trunc(x / 2π), the sign of x.
    ///
    /// n is estimated with a multiplication by 1/(2π) and corrected by one where that estimate is
    /// off, so the result lies in the same half-open range as `fmod`'s (|result| < 2π, the sign of x).
    /// With FMA the subtraction is exact, as `fmod`'s is; without, it is within one rounding of
    /// n·2π (≤ 1e-12 rad for |x| ≤ 1e4 rad).
    @_transparent
    public static func remainderTwoPi<A: LaneArithmetic>(_ x: Lanes, _: A.Type) -> Lanes {
        let twoPi = 2.0 * Double.pi
        let n = (x * (1.0 / twoPi)).rounded(.towardZero)
        var r = A.multiplyAdd(n, Lanes(repeating: -twoPi), x)
        // 2π with the sign of x. n one too large: r has the other sign. One too small: |r| ≥ 2π.
        let positive = x .>= 0
        let signedTwoPi = Lanes(repeating: -twoPi).replacing(with: twoPi, where: positive)
        let crossed = ((r .< 0) .& positive) .| ((r .> 0) .& .!positive)
        r.replace(with: r + signedTwoPi, where: crossed)
        r.replace(with: r - signedTwoPi, where: r.laneMagnitude .>= twoPi)
        return r
    }
}
