import Foundation

/// The encounter (B-) plane of a short-term encounter, in the principal axes of the combined
/// position covariance projected onto it: the miss vector, the two standard deviations and the
/// combined hard-body radius. Every 2D Pc method reads only these five numbers.
///
/// "Major" is the axis of the larger standard deviation. Miss components may have either sign
/// (the Pc depends only on their magnitudes).
public struct EncounterPlane: Sendable, Hashable {
    /// Miss-vector component along the major principal axis, km.
    public var missMajorKm: Double
    /// Miss-vector component along the minor principal axis, km.
    public var missMinorKm: Double
    /// Standard deviation along the major principal axis, km (≥ ``sigmaMinorKm``).
    public var sigmaMajorKm: Double
    /// Standard deviation along the minor principal axis, km.
    public var sigmaMinorKm: Double
    /// Combined hard-body radius, km.
    public var hardBodyRadiusKm: Double

    /// A plane given in principal axes, in any order: component 0 of `missKm` goes with component
    /// 0 of `sigmaKm`. (Orekit's plane form (xm, ym, σx, σy, R) is `missKm: [xm, ym]`,
    /// `sigmaKm: [σx, σy]`.) The axes are sorted so that major is the larger sigma.
    public init(principalMissKm missKm: SIMD2<Double>, principalSigmaKm sigmaKm: SIMD2<Double>,
                hardBodyRadiusKm: Double) {
        if sigmaKm.x >= sigmaKm.y {
            missMajorKm = missKm.x; missMinorKm = missKm.y
            sigmaMajorKm = sigmaKm.x; sigmaMinorKm = sigmaKm.y
        } else {
            missMajorKm = missKm.y; missMinorKm = missKm.x
            sigmaMajorKm = sigmaKm.y; sigmaMinorKm = sigmaKm.x
        }
        self.hardBodyRadiusKm = hardBodyRadiusKm
    }

    /// The miss distance in the plane, km.
    public var missDistanceKm: Double { (missMajorKm * missMajorKm + missMinorKm * missMinorKm).squareRoot() }

    /// The Mahalanobis distance of the miss vector, √(xₘ²/σ²ₘₐⱼ + zₘ²/σ²ₘᵢₙ) (dimensionless).
    public var mahalanobisDistance: Double {
        let a = missMajorKm / sigmaMajorKm, b = missMinorKm / sigmaMinorKm
        return (a * a + b * b).squareRoot()
    }
}

/// The symmetric 2×2 eigen-decomposition used to find the principal axes of the projected
/// covariance (a stable form of the closed-form solution CARA's `eig2x2.m` uses).
struct SymmetricEigen2 {
    /// Larger and smaller eigenvalue.
    let largest: Double, smallest: Double
    /// Unit eigenvector of the largest eigenvalue.
    let majorVector: SIMD2<Double>

    init(xx a: Double, xz b: Double, zz d: Double) {
        let mean = 0.5 * (a + d)
        let radius = (0.25 * (a - d) * (a - d) + b * b).squareRoot()
        let l1 = mean + radius
        let det = a * d - b * b
        largest = l1
        // det / l1 keeps the small eigenvalue's relative accuracy for a very elongated matrix.
        smallest = l1 > 0 && det > 0 ? det / l1 : mean - radius
        if b == 0 {
            majorVector = a >= d ? SIMD2(1, 0) : SIMD2(0, 1)
        } else {
            let v = a >= d ? SIMD2(l1 - d, b) : SIMD2(b, l1 - a)
            majorVector = v / (v * v).sum().squareRoot()
        }
    }
}
