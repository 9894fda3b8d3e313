import Foundation

/// Probability of collision as the integral of the 2D Gaussian miss-vector density over the
/// hard-body circle in the encounter plane.
///
/// J. L. Foster and H. S. Estes, "A Parametric Analysis of Orbital Debris Collision Probability
/// and Maneuver Rate for Space Vehicles", NASA JSC-25898 (1992). The one-dimensional form used
/// here — one axis done analytically with error functions, the other numerically — is
/// S. Alfano, "A Numerical Implementation of Spherical Object Collision Probability", Journal of
/// the Astronautical Sciences 53(1), 103–109 (2005), as in NASA CARA's `PcCircle.m`:
///
///     Pc = 1/(σₓ√(8π)) ∫ exp(−x²/2σₓ²) [erf((z_m + ρ(x))/√2σ_z) − erf((z_m − ρ(x))/√2σ_z)] dx,
///
/// x over [x_m − R, x_m + R], ρ(x) = √(R² − (x − x_m)²), x along the major principal axis.
///
/// Two quadratures:
/// - ``Quadrature/adaptive(relativeTolerance:)`` (default, 1e-12): adaptive Gauss–Kronrod 7/15
///   (Piessens et al., QUADPACK, 1983) in the angle θ with x = x_m − R cos θ, which removes the
///   square-root end points; the interval is pre-split where the Gaussian factors peak so that
///   narrow peaks (large HBR, tiny covariance, Pc of 1e-200) are found. Accurate to about
///   1e-10 relative or better.
/// - ``Quadrature/caraPcCircle(order:)``: CARA `PcCircle.m`'s default, `EstimationMode = 64`:
///   Gauss–Chebyshev quadrature of the second kind (`GenGCQuad.m`) when CARA judges it accurate
///   (x_m − R > −4σₓ and x_m + R < max(x_m − R, 0) + 4σₓ), otherwise the adaptive integral over
///   limits clipped to ±5σₓ. Use it to reproduce CARA's numbers to 1e-10; for HBR ≥ 1 km with a
///   small covariance it differs from the exact integral by 1e-4 to 7e-4 relative.
public struct Foster1992: Sendable {
    /// How the remaining 1D integral is evaluated.
    public enum Quadrature: Sendable, Hashable {
        /// Adaptive Gauss–Kronrod to the given relative tolerance.
        case adaptive(relativeTolerance: Double)
        /// CARA `PcCircle.m` with `EstimationMode = order` (64 by default in CARA).
        case caraPcCircle(order: Int)
        /// CARA `PcCircle.m` `EstimationMode = -1`: the square circumscribing the circle (half-width
        /// R, sides along the principal axes), in closed form — an upper bound, 4/π times the
        /// circle's Pc for a small hard body. Alfano (2005), square integration with error functions.
        case circumscribingSquare
        /// CARA `PcCircle.m` `EstimationMode = 0`: the square of the circle's area (half-width
        /// R√π/2), in closed form.
        case equalAreaSquare
    }

    /// The quadrature used.
    public var quadrature: Quadrature

    /// Foster's method with `quadrature` (default: adaptive, 1e-12 relative).
    public init(quadrature: Quadrature = .adaptive(relativeTolerance: 1e-12)) {
        self.quadrature = quadrature
    }

    /// The probability for an encounter plane. An infinite radius gives 1, a zero radius 0.
    public func probability(_ plane: EncounterPlane) -> Double {
        let r = plane.hardBodyRadiusKm
        if r.isInfinite { return 1 }
        if !(r > 0) { return 0 }
        let xm = abs(plane.missMajorKm), zm = abs(plane.missMinorKm)
        let sx = plane.sigmaMajorKm, sz = plane.sigmaMinorKm
        switch quadrature {
        case .circumscribingSquare, .equalAreaSquare:
            let half = quadrature == .circumscribingSquare ? r : (Double.pi / 4).squareRoot() * r
            let dx = 2.0.squareRoot() * sx, dz = 2.0.squareRoot() * sz
            return PcNumerics.erfDifference((xm + half) / dx, (xm - half) / dx)
                * PcNumerics.erfDifference((zm + half) / dz, (zm - half) / dz) / 4
        case .adaptive(let tolerance):
            return Self.adaptive(xm: xm, zm: zm, sx: sx, sz: sz, r: r, tolerance: tolerance)
        case .caraPcCircle(let order):
            let xlo = xm - r, xhi = xm + r
            if order > 1, xlo > -4 * sx, xhi < max(xlo, 0) + 4 * sx {
                let gc = order == 64 ? PcNumerics.gaussChebyshev64 : PcNumerics.gaussChebyshev(order: order)
                let dx = 2.0.squareRoot() * sx, dz = 2.0.squareRoot() * sz
                var sum = 0.0
                for k in gc.nodes.indices {
                    let x = (xm + r * gc.nodes[k]) / dx
                    let h = r * gc.ordinates[k]
                    sum += gc.weights[k] * exp(-x * x) * PcNumerics.erfDifference((zm + h) / dz, (zm - h) / dz)
                }
                return r / sx * sum
            }
            // CARA's fallback: MATLAB `integral` over limits clipped to ±5σₓ when x_m − R < 0.
            var lo = xlo, hi = xhi
            if lo < 0 { lo = max(lo, -5 * sx); hi = min(hi, 5 * sx) }
            return Self.integrateInX(xm: xm, zm: zm, sx: sx, sz: sz, r: r, from: lo, to: hi, tolerance: 1e-12)
        }
    }

    /// Adaptive integral in θ over the whole circle.
    static func adaptive(xm: Double, zm: Double, sx: Double, sz: Double, r: Double, tolerance: Double) -> Double {
        let dx = 2.0.squareRoot() * sx, dz = 2.0.squareRoot() * sz
        // x = xm − R cos θ, dx = R sin θ dθ, ρ = R sin θ.
        let f: (Double) -> Double = { theta in
            let s = sin(theta)
            let x = (xm - r * cos(theta)) / dx
            let h = r * s
            return s * exp(-x * x) * PcNumerics.erfDifference((zm + h) / dz, (zm - h) / dz)
        }
        var breaks: [Double] = [0, Double.pi]
        for k in [-8.0, -4, -2, -1, 0, 1, 2, 4, 8] {
            // x-Gaussian factor peaks where xm − R cos θ = 0; mark ±kσₓ around it.
            let c = (xm - k * sx) / r
            if abs(c) < 1 { breaks.append(acos(c)) }
            // erf factor changes fastest where R sin θ = zm ± kσ_z.
            let s = (zm + k * sz) / r
            if s > 0, s < 1 { let a = asin(s); breaks.append(a); breaks.append(Double.pi - a) }
        }
        breaks.sort()
        var total = 0.0
        for i in 0..<(breaks.count - 1) where breaks[i + 1] > breaks[i] {
            total += PcNumerics.integrate(f, from: breaks[i], to: breaks[i + 1], relativeTolerance: tolerance * 0.1)
        }
        return r * total / (sx * (8 * Double.pi).squareRoot())
    }

    /// Adaptive integral in x over [lo, hi] (CARA's non-GC branch).
    static func integrateInX(xm: Double, zm: Double, sx: Double, sz: Double, r: Double,
                             from lo: Double, to hi: Double, tolerance: Double) -> Double {
        guard hi > lo else { return 0 }
        let dx = 2.0.squareRoot() * sx, dz = 2.0.squareRoot() * sz
        let r2 = r * r
        // Substitute x = c − w cos θ over [lo, hi] to smooth the square-root end points of ρ(x).
        let c = 0.5 * (lo + hi), w = 0.5 * (hi - lo)
        let f: (Double) -> Double = { theta in
            let x = c - w * cos(theta)
            let rho = max(r2 - (x - xm) * (x - xm), 0).squareRoot()
            let u = x / dx
            return w * sin(theta) * exp(-u * u) * PcNumerics.erfDifference((zm + rho) / dz, (zm - rho) / dz)
        }
        var breaks: [Double] = [0, Double.pi]
        for k in [-8.0, -4, -2, -1, 0, 1, 2, 4, 8] {
            let t = (c - k * sx) / w
            if abs(t) < 1 { breaks.append(acos(t)) }
        }
        breaks.sort()
        var total = 0.0
        for i in 0..<(breaks.count - 1) where breaks[i + 1] > breaks[i] {
            total += PcNumerics.integrate(f, from: breaks[i], to: breaks[i + 1], relativeTolerance: tolerance * 0.1)
        }
        return total / (sx * (8 * Double.pi).squareRoot())
    }
}
