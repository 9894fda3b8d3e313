import Foundation

/// Chan's analytical series for the 2D Pc.
///
/// F. K. Chan, "Collision Probability Analyses for Earth Orbiting Satellites", Advances in the
/// Astronautical Sciences 96 (1997), 1033–1048; F. K. Chan, *Spacecraft Collision Probability*,
/// Aerospace Press (2008), ch. 4. The ellipse of the covariance is replaced by an equivalent
/// circle, giving a Poisson-weighted series in u = R²/(σₓσ_y) and v = xₘ²/σₓ² + yₘ²/σ_y²:
///
///     Pc = Σₖ₌₀^{M−1} e^{−v/2} (v/2)ᵏ/k! · [1 − e^{−u/2} Σⱼ₌₀ᵏ (u/2)ʲ/j!]
///
/// with Chan's recommended number of terms M: 3 if u ≤ 0.01 or v ≤ 1; 10 if u ≤ 1 or v ≤ 9;
/// 20 if u ≤ 25 or v ≤ 25; 60 otherwise (the rule Orekit's `Chan1997` also uses). The bracket is
/// summed as the Poisson tail e^{−u/2} Σⱼ₌ₖ₊₁^∞ (u/2)ʲ/j!, and every term in logarithms, so that
/// results down to 1e-300 keep their digits.
///
/// Exact for an isotropic covariance; for an elongated one with a hard body not small against the
/// minor sigma it can be badly wrong (Orekit's "Alfano case 5": 1.7e-202 against 0.0445). Results
/// where R > σ_minor or σ_major/σ_minor > 100 carry ``UsageFlag/methodApproximationDoubtful``.
public enum Chan1997 {
    /// The probability for an encounter plane.
    public static func probability(_ plane: EncounterPlane) -> Double {
        let r = plane.hardBodyRadiusKm
        if r.isInfinite { return 1 }
        if !(r > 0) { return 0 }
        let sx = plane.sigmaMinorKm, sy = plane.sigmaMajorKm
        let xm = plane.missMinorKm, ym = plane.missMajorKm
        let u = r * r / (sx * sy)
        let v = xm * xm / (sx * sx) + ym * ym / (sy * sy)
        let terms: Int
        if u <= 0.01 || v <= 1 { terms = 3 }
        else if u <= 1 || v <= 9 { terms = 10 }
        else if u <= 25 || v <= 25 { terms = 20 }
        else { terms = 60 }

        let halfU = u / 2, halfV = v / 2
        let logHalfU = log(halfU), logHalfV = log(halfV)
        var sum = 0.0
        for k in 0..<terms {
            let logPoissonV = k == 0 ? -halfV : -halfV + Double(k) * logHalfV - lgamma(Double(k + 1))
            sum += exp(logPoissonV) * poissonUpperTail(after: k, halfMean: halfU, logHalfMean: logHalfU)
        }
        return sum
    }

    /// P(N > k) for N ~ Poisson(λ), λ = `halfMean`, summed from its terms.
    static func poissonUpperTail(after k: Int, halfMean lambda: Double, logHalfMean logLambda: Double) -> Double {
        if lambda == 0 { return 0 }
        // For a mean well above k the tail is near 1: take 1 − P(N ≤ k) instead.
        if lambda > Double(k) + 1 {
            var cdf = 0.0
            for j in 0...k { cdf += exp(-lambda + Double(j) * logLambda - lgamma(Double(j + 1))) }
            return max(1 - cdf, 0)
        }
        var j = k + 1
        var term = exp(-lambda + Double(j) * logLambda - lgamma(Double(j + 1)))
        var total = term
        while term > 1e-18 * total, j < k + 2000 {
            j += 1
            term *= lambda / Double(j)
            total += term
        }
        return total
    }

    /// Heuristic: Chan's equivalent-circle approximation is doubtful when the hard body is
    /// larger than the minor sigma or the covariance ellipse is more than 100:1.
    public static func isApproximationDoubtful(_ plane: EncounterPlane) -> Bool {
        plane.hardBodyRadiusKm > plane.sigmaMinorKm || plane.sigmaMajorKm > 100 * plane.sigmaMinorKm
    }
}
