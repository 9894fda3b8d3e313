import Foundation

/// The χ² distribution: its CDF through the regularized incomplete gamma function and its
/// quantile, for validation gates (a measurement is inside the gate when its squared
/// Mahalanobis distance is below χ²(p, k)).
///
/// Sources: the regularized lower incomplete gamma P(a, x) by its power series for x < a + 1 and
/// by the Legendre continued fraction for Q = 1 − P otherwise, evaluated with the modified Lentz
/// method (Abramowitz & Stegun 6.5.29 and 6.5.31; Press et al., *Numerical Recipes*, 3rd ed., §6.2);
/// χ²_k CDF(x) = P(k/2, x/2) (A&S 26.4.19).
public enum ChiSquare {
    /// The regularized lower incomplete gamma function P(a, x) = γ(a, x)/Γ(a), a > 0, x ≥ 0.
    public static func regularizedLowerGamma(_ a: Double, _ x: Double) -> Double {
        precondition(a > 0, "P(a, x) needs a > 0")
        if x <= 0 { return 0 }
        if x.isInfinite { return 1 }
        let logPrefix = a * log(x) - x - lgamma(a)
        if x < a + 1 {
            // γ(a,x) = e^{−x} x^a Σ xⁿ / (a(a+1)…(a+n))
            var term = 1 / a, sum = term, ap = a
            for _ in 0..<10_000 {
                ap += 1
                term *= x / ap
                sum += term
                if abs(term) < abs(sum) * 1e-16 { break }
            }
            return min(1, sum * exp(logPrefix))
        }
        // Q(a,x) = e^{−x} x^a · 1/(x+1−a− 1·(1−a)/(x+3−a− 2·(2−a)/(x+5−a− …)))
        let tiny = 1e-300
        var b = x + 1 - a
        var c = 1 / tiny
        var d = 1 / b
        var h = d
        for i in 1..<10_000 {
            let an = -Double(i) * (Double(i) - a)
            b += 2
            d = an * d + b
            if abs(d) < tiny { d = tiny }
            c = b + an / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = d * c
            h *= delta
            if abs(delta - 1) < 1e-16 { break }
        }
        return max(0, 1 - exp(logPrefix) * h)
    }

    /// The CDF of χ² with `degreesOfFreedom` at `x`.
    public static func cdf(_ x: Double, degreesOfFreedom k: Int) -> Double {
        precondition(k > 0, "χ² needs at least one degree of freedom")
        return regularizedLowerGamma(Double(k) / 2, x / 2)
    }

    /// The value x with P(χ²_k ≤ x) = `probability`: bracketing, then Newton steps on the CDF kept
    /// inside the bracket (bisection when a step leaves it), to 1e-12 relative.
    ///
    /// - Throws: ``EstimationError`` `.invalidInput` for a probability outside (0, 1) or k < 1.
    public static func quantile(probability p: Double, degreesOfFreedom k: Int) throws -> Double {
        guard p > 0, p < 1, k >= 1 else {
            throw EstimationError(.invalidInput, "χ² quantile needs 0 < p < 1 and k ≥ 1, got p = \(p), k = \(k)")
        }
        let a = Double(k) / 2
        var lo = 0.0, hi = max(1.0, Double(k))
        while cdf(hi, degreesOfFreedom: k) < p { lo = hi; hi *= 2 }
        var x = 0.5 * (lo + hi)
        for _ in 0..<200 {
            let f = cdf(x, degreesOfFreedom: k) - p
            if f < 0 { lo = x } else { hi = x }
            // pdf of χ²_k: x^{a−1} e^{−x/2} / (2^a Γ(a))
            let logPdf: Double = (a - 1) * log(x) - x / 2 - a * log(2.0) - lgamma(a)
            let pdf = exp(logPdf)
            var next = x - f / pdf
            if !(next > lo && next < hi) || !next.isFinite { next = 0.5 * (lo + hi) }
            if abs(next - x) <= 1e-12 * x || hi - lo <= 1e-12 * hi { return next }
            x = next
        }
        return x
    }
}

/// The squared Mahalanobis distance rᵀ·S⁻¹·r of a residual `r` with covariance `S` (symmetric
/// positive definite), by Cholesky: with S = L·Lᵀ it is ‖L⁻¹r‖².
///
/// - Throws: ``EstimationError`` `.invalidInput` for mismatched sizes,
///   `.singularNormalMatrix` when S is not positive definite.
public func mahalanobisSquared(_ r: [Double], covariance s: Matrix) throws -> Double {
    guard s.rows == s.columns, s.rows == r.count else {
        throw EstimationError(.invalidInput, "residual of \(r.count) with a \(s.rows)×\(s.columns) covariance")
    }
    guard let chol = CholeskyFactorization(s) else {
        throw EstimationError(.singularNormalMatrix, "the covariance is not positive definite")
    }
    let l = chol.lower
    var y = r
    var sum = 0.0
    for i in 0..<r.count {
        var t = y[i]
        for k in 0..<i { t -= l[i, k] * y[k] }
        y[i] = t / l[i, i]
        sum += y[i] * y[i]
    }
    return sum
}
