import Foundation

/// Patera's contour-integral form of the 2D Pc.
///
/// R. P. Patera, "Calculating Collision Probability for Arbitrary Space Vehicle Shapes via
/// Numerical Quadrature", Journal of Guidance, Control, and Dynamics 28(6), 1326–1328 (2005).
/// The minor axis is stretched by s = σ_major/σ_minor so the density becomes isotropic with
/// σ = σ_major; the hard-body circle becomes an ellipse, and with φ the polar angle about the
/// density's centre of a point at distance ρ on that contour,
///
///     Pc = (1/2π) ∮ (1 − e^{−ρ²/2σ²}) dφ
///        = −(1/2π) ∮ e^{−ρ²/2σ²} dφ       (centre outside the contour, ∮dφ = 0)
///        = 1 − (1/2π) ∮ e^{−ρ²/2σ²} dφ    (centre inside, ∮dφ = 2π).
///
/// The contour is parametrised by the circle's angle θ: with the miss (xₘ, yₘ) and the point
/// (xₘ + R cos θ, yₘ + R sin θ), dφ/dθ = s R (xₘ cos θ + yₘ sin θ + R)/ρ². The second form is used
/// when the miss exceeds R by more than 1e-3 R (it keeps tiny Pc exact), the first otherwise
/// (its integrand (1 − e^{−q})/ρ² has no singularity when the centre lies on the contour).
/// The θ integral is adaptive Gauss–Kronrod (``Foster1992``'s), split where the contour passes
/// nearest the centre.
public struct Patera2005: Sendable {
    /// Relative tolerance of the contour quadrature.
    public var relativeTolerance: Double

    /// Patera's method with a quadrature tolerance (default 1e-10 relative).
    public init(relativeTolerance: Double = 1e-10) {
        self.relativeTolerance = relativeTolerance
    }

    /// The probability for an encounter plane.
    public func probability(_ plane: EncounterPlane) -> Double {
        let r = plane.hardBodyRadiusKm
        if r.isInfinite { return 1 }
        if !(r > 0) { return 0 }
        // x: minor axis (stretched), y: major axis.
        let s = plane.sigmaMajorKm / plane.sigmaMinorKm
        let sigma = plane.sigmaMajorKm
        let xm = plane.missMinorKm, ym = plane.missMajorKm
        let twoSigma2 = 2 * sigma * sigma
        let miss = plane.missDistanceKm
        let outside = miss > r * (1 + 1e-3)

        let f: (Double) -> Double = { theta in
            let c = cos(theta), sn = sin(theta)
            let xp = s * (xm + r * c), yp = ym + r * sn
            let rho2 = xp * xp + yp * yp
            let numerator = s * r * (xm * c + ym * sn + r)
            if outside {
                return -exp(-rho2 / twoSigma2) * numerator / rho2
            }
            // (1 − e^{−q})/ρ² with q = ρ²/2σ², finite at ρ = 0.
            let q = rho2 / twoSigma2
            let ratio = q < 1e-8 ? (1 - 0.5 * q) / twoSigma2 : -expm1(-q) / rho2
            return ratio * numerator
        }
        // Break points: the contour point nearest the density centre, and the quarter points.
        let nearest = atan2(-ym, -xm)
        var breaks: [Double] = [0, 2 * Double.pi]
        for k in 0..<8 { breaks.append(Double(k) * Double.pi / 4) }
        for d in [-0.1, -0.01, 0, 0.01, 0.1] {
            var t = (nearest + d).truncatingRemainder(dividingBy: 2 * Double.pi)
            if t < 0 { t += 2 * Double.pi }
            breaks.append(t)
        }
        breaks.sort()
        var total = 0.0
        for i in 0..<(breaks.count - 1) where breaks[i + 1] > breaks[i] {
            total += PcNumerics.integrate(f, from: breaks[i], to: breaks[i + 1],
                                          relativeTolerance: relativeTolerance * 0.1)
        }
        return total / (2 * Double.pi)
    }
}
