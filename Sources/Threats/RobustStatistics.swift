import Foundation

/// Robust location, scale and trend for short, heavy-tailed series (element-set residuals), plus the
/// normal-distribution tails the detection threshold is stated in.
///
/// The scale is the median absolute deviation times 1.4826 (consistent with σ for normal data;
/// Rousseeuw & Croux 1993); the trend is the Theil–Sen slope (Theil 1950, Sen 1968), the median of
/// all pairwise slopes, which tolerates up to ~29 % outliers.
public enum RobustStatistics {
    /// The median (mean of the middle two for an even count); `nan` for an empty array.
    public static func median(_ values: [Double]) -> Double {
        if values.isEmpty { return .nan }
        let s = values.sorted()
        let m = s.count / 2
        return s.count % 2 == 1 ? s[m] : 0.5 * (s[m - 1] + s[m])
    }

    /// 1.4826 × median |x − median(x)|: an estimate of σ that outliers hardly move; `nan` when empty.
    public static func madScale(_ values: [Double]) -> Double {
        let m = median(values)
        return 1.4826 * median(values.map { abs($0 - m) })
    }

    /// Theil–Sen slope of `values` against `times` (median of pairwise slopes over pairs with distinct
    /// times, and at most `maxLag` places apart in the series) and the intercept `median(x − slope·t)`.
    /// A single point gives slope 0. With a small `maxLag` a level shift spoils only the few pairs that
    /// straddle it (the full estimator tilts toward a shift in mid-series), so it is the local trend.
    public static func theilSen(times: [Double], values: [Double], maxLag: Int = .max) -> (slope: Double, intercept: Double) {
        precondition(times.count == values.count)
        var slopes: [Double] = []
        slopes.reserveCapacity(times.count * (times.count - 1) / 2)
        for i in 0..<times.count {
            for j in (i + 1)..<max(i + 1, min(times.count, i + 1 + min(maxLag, times.count))) where times[j] != times[i] {
                slopes.append((values[j] - values[i]) / (times[j] - times[i]))
            }
        }
        let slope = slopes.isEmpty ? 0 : median(slopes)
        let intercept = median(zip(times, values).map { $1 - slope * $0 })
        return (slope, intercept.isNaN ? 0 : intercept)
    }

    /// Variance of the median of `n` independent N(0, σ²) samples, in units of σ²: 1, 1/2, 0.4487
    /// (exact for n = 1, 2, 3) and π/(2n) beyond (the large-sample value).
    public static func medianVarianceFactor(_ n: Int) -> Double {
        switch n {
        case ...1: return 1
        case 2: return 0.5
        case 3: return 0.4487
        default: return Double.pi / (2 * Double(n))
        }
    }

    /// P(|Z| > z) for a standard normal Z.
    public static func twoSidedTail(_ z: Double) -> Double { erfc(abs(z) / 2.0.squareRoot()) }

    /// The k with P(|Z| > k) = `probability` for a standard normal Z (bisection; `probability` in (0, 1)).
    public static func twoSidedQuantile(_ probability: Double) -> Double {
        var lo = 0.0, hi = 40.0
        for _ in 0..<200 {
            let mid = 0.5 * (lo + hi)
            if twoSidedTail(mid) > probability { lo = mid } else { hi = mid }
        }
        return 0.5 * (lo + hi)
    }
}
