import Foundation

/// Monte Carlo estimate of the 2D Pc: relative positions are drawn from the encounter-plane
/// Gaussian and those inside the hard-body circle are counted.
///
/// This samples exactly the density ``Foster1992`` integrates, so it checks the 2D methods and
/// gives a confidence interval; it does not capture non-linear relative motion (for that, a Monte
/// Carlo from epoch with propagation, as CARA's `Pc_SDMC`, is needed).
///
/// Deterministic: a given seed gives the same draws on every platform — xoshiro256** (Blackman
/// and Vigna, "Scrambled Linear Pseudorandom Number Generators", ACM TOMS 47(4), 2021) seeded by
/// SplitMix64 (Steele, Lea and Flood, OOPSLA 2014), normal deviates by the Box–Muller transform
/// (Box and Muller, Annals of Mathematical Statistics 29(2), 1958). The interval is the exact
/// binomial one of Clopper and Pearson (Biometrika 26(4), 1934).
public struct MonteCarloPc: Sendable {
    /// Number of trials.
    public var trials: Int
    /// Seed of the random stream.
    public var seed: UInt64
    /// Confidence level of the interval, e.g. 0.95.
    public var confidenceLevel: Double

    /// A Monte Carlo estimator (defaults: 1,000,000 trials, seed 1, 95 %).
    public init(trials: Int = 1_000_000, seed: UInt64 = 1, confidenceLevel: Double = 0.95) {
        self.trials = max(trials, 1)
        self.seed = seed
        self.confidenceLevel = confidenceLevel
    }

    /// The estimate for an encounter plane, with hits, trials and the Clopper–Pearson interval.
    public func probability(_ plane: EncounterPlane) -> CollisionProbability {
        var rng = Xoshiro256StarStar(seed: seed)
        let r2 = plane.hardBodyRadiusKm * plane.hardBodyRadiusKm
        let xm = plane.missMajorKm, zm = plane.missMinorKm
        let sx = plane.sigmaMajorKm, sz = plane.sigmaMinorKm
        let trials = max(self.trials, 1)
        var hits = 0
        for _ in 0..<trials {
            let (g1, g2) = rng.nextNormalPair()
            let dx = sx * g1 - xm, dz = sz * g2 - zm
            if dx * dx + dz * dz <= r2 { hits += 1 }
        }
        let interval = ClopperPearson.interval(hits: hits, trials: trials, confidenceLevel: confidenceLevel)
        return CollisionProbability(value: Double(hits) / Double(trials), method: .monteCarlo, flags: [],
                                    confidenceInterval: interval, confidenceLevel: confidenceLevel,
                                    hits: hits, trials: trials)
    }
}

/// xoshiro256** seeded through SplitMix64 (Blackman and Vigna 2021): a small, fast, reproducible
/// generator for Monte Carlo work.
public struct Xoshiro256StarStar: RandomNumberGenerator, Sendable {
    private var s: (UInt64, UInt64, UInt64, UInt64)

    /// A generator whose state is four SplitMix64 outputs from `seed`.
    public init(seed: UInt64) {
        var z = seed
        func splitMix() -> UInt64 {
            z &+= 0x9E37_79B9_7F4A_7C15
            var x = z
            x = (x ^ (x >> 30)) &* 0xBF58_476D_1CE4_E5B9
            x = (x ^ (x >> 27)) &* 0x94D0_49BB_1331_11EB
            return x ^ (x >> 31)
        }
        s = (splitMix(), splitMix(), splitMix(), splitMix())
    }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        let result = rotl(s.1 &* 5, 7) &* 9
        let t = s.1 << 17
        s.2 ^= s.0; s.3 ^= s.1; s.1 ^= s.2; s.0 ^= s.3
        s.2 ^= t
        s.3 = rotl(s.3, 45)
        return result
    }

    @inline(__always)
    private func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }

    /// A uniform deviate in (0, 1): 53 random bits, never 0.
    @inline(__always)
    public mutating func nextOpenUnit() -> Double {
        (Double(next() >> 11) + 0.5) * 0x1.0p-53
    }

    /// Two independent standard normal deviates (Box–Muller).
    @inline(__always)
    public mutating func nextNormalPair() -> (Double, Double) {
        let u1 = nextOpenUnit(), u2 = nextOpenUnit()
        let radius = (-2 * log(u1)).squareRoot()
        let angle = 2 * Double.pi * u2
        return (radius * cos(angle), radius * sin(angle))
    }
}

/// The Clopper–Pearson ("exact") binomial confidence interval (Clopper and Pearson, Biometrika
/// 26(4), 404–413, 1934): the quantiles of Beta(k, n−k+1) and Beta(k+1, n−k).
public enum ClopperPearson {
    /// The two-sided interval for `hits` successes in `trials`, at `confidenceLevel` (e.g. 0.95).
    public static func interval(hits k: Int, trials n: Int, confidenceLevel: Double) -> ClosedRange<Double> {
        let alpha = 1 - confidenceLevel
        let lower = k == 0 ? 0 : inverseRegularizedBeta(alpha / 2, a: Double(k), b: Double(n - k + 1))
        let upper = k == n ? 1 : inverseRegularizedBeta(1 - alpha / 2, a: Double(k + 1), b: Double(n - k))
        return lower...max(lower, upper)
    }

    /// The regularized incomplete beta function I_x(a, b), by its continued fraction (modified
    /// Lentz evaluation; Abramowitz and Stegun 26.5.8), using the symmetry I_x(a,b) = 1 − I_{1−x}(b,a)
    /// where the fraction converges faster.
    public static func regularizedBeta(_ x: Double, a: Double, b: Double) -> Double {
        if x <= 0 { return 0 }
        if x >= 1 { return 1 }
        let logFront = lgamma(a + b) - lgamma(a) - lgamma(b) + a * log(x) + b * log1p(-x)
        if x < (a + 1) / (a + b + 2) {
            return exp(logFront) * continuedFraction(x, a: a, b: b) / a
        }
        let logFrontSwapped = lgamma(a + b) - lgamma(a) - lgamma(b) + b * log1p(-x) + a * log(x)
        return 1 - exp(logFrontSwapped) * continuedFraction(1 - x, a: b, b: a) / b
    }

    private static func continuedFraction(_ x: Double, a: Double, b: Double) -> Double {
        let tiny = 1e-300
        var c = 1.0
        var d = 1 - (a + b) * x / (a + 1)
        if abs(d) < tiny { d = tiny }
        d = 1 / d
        var h = d
        for m in 1...100_000 {
            let md = Double(m)
            // Even step.
            var num = md * (b - md) * x / ((a + 2 * md - 1) * (a + 2 * md))
            d = 1 + num * d; if abs(d) < tiny { d = tiny }
            c = 1 + num / c; if abs(c) < tiny { c = tiny }
            d = 1 / d; h *= d * c
            // Odd step.
            num = -(a + md) * (a + b + md) * x / ((a + 2 * md) * (a + 2 * md + 1))
            d = 1 + num * d; if abs(d) < tiny { d = tiny }
            c = 1 + num / c; if abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = d * c
            h *= delta
            if abs(delta - 1) < 1e-15 { break }
        }
        return h
    }

    /// The x with I_x(a, b) = p, by bisection (monotone in x; 200 halvings reach machine precision).
    public static func inverseRegularizedBeta(_ p: Double, a: Double, b: Double) -> Double {
        var lo = 0.0, hi = 1.0
        for _ in 0..<200 {
            let mid = 0.5 * (lo + hi)
            if mid <= lo || mid >= hi { break }
            if regularizedBeta(mid, a: a, b: b) < p { lo = mid } else { hi = mid }
        }
        return 0.5 * (lo + hi)
    }
}
