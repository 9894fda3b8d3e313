import Foundation

/// Alfano's Simpson-rule evaluation of the 2D Pc.
///
/// S. Alfano, "A Numerical Implementation of Spherical Object Collision Probability", Journal of
/// the Astronautical Sciences 53(1), 103–109 (2005). The integral over the minor axis x is done
/// with Simpson's rule on [−R, 0], folding the two halves of the circle together; the major axis
/// is done with error functions:
///
///     g(x) = [erf((ρ(x) − yₘ)/√2σ_y) − erf((−ρ(x) − yₘ)/√2σ_y)] · [e^{−(x−xₘ)²/2σₓ²} + e^{−(x+xₘ)²/2σₓ²}],
///     ρ(x) = √(R² − x²), step h = R/(2M), first node offset to 0.015h − R,
///     Pc = h/(3σₓ√(8π)) · [2g(x₀) + 2Σᵢ₌₁^{M−1} g(2ih − R) + g(0) + 4Σᵢ₌₁^{M} g((2i−1)h − R)],
///
/// with M = ⌊5R/min(σₓ, σ_y, |miss|)⌋ kept within [10, 100000] — the paper's choice, also
/// Orekit's `Alfano2005`. x is the minor principal axis.
///
/// One departure from a literal transcription: the error-function differences are taken through
/// erfc in the tails (see ``Foster1992``). With plain erf, cases far out along the major axis lose
/// every digit to cancellation — Orekit's "CDM test case 2" returns 2.1652e-20 where the integral
/// is 2.2796e-20; this implementation gives the latter.
public enum Alfano2005 {
    /// The probability for an encounter plane.
    public static func probability(_ plane: EncounterPlane) -> Double {
        let r = plane.hardBodyRadiusKm
        if r.isInfinite { return 1 }
        if !(r > 0) { return 0 }
        let sx = plane.sigmaMinorKm, sy = plane.sigmaMajorKm
        let xm = plane.missMinorKm, ym = plane.missMajorKm
        let miss = (xm * xm + ym * ym).squareRoot()
        let rawOrder = 5 * r / min(sx, sy, miss)
        let m = rawOrder.isFinite ? min(max(Int(min(rawOrder, 1e9)), 10), 100_000) : 100_000
        let h = r / (2 * Double(m))
        let dy = 2.0.squareRoot() * sy
        let twoSx2 = 2 * sx * sx

        func g(_ x: Double) -> Double {
            let rho = max(r * r - x * x, 0).squareRoot()
            let a = x - xm, b = x + xm
            return PcNumerics.erfDifference((rho - ym) / dy, (-rho - ym) / dy)
                * (exp(-a * a / twoSx2) + exp(-b * b / twoSx2))
        }

        let first = 2 * g(0.015 * h - r)
        var even = 0.0
        for i in 1..<m { even += g(2 * Double(i) * h - r) }
        let centre = exp(-xm * xm / twoSx2) * PcNumerics.erfDifference((r - ym) / dy, (-r - ym) / dy)
        var odd = 0.0
        for i in 1...m { odd += g((2 * Double(i) - 1) * h - r) }
        return h / (3 * sx * (8 * Double.pi).squareRoot()) * (first + 2 * (even + centre) + 4 * odd)
    }
}
