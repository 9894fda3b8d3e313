import Foundation

/// CARA's rectilinear usage-violation indicators for the 2D Pc: how long the encounter lasts, and
/// how far its centre lies from the given states' time, as fractions of the shorter orbital period.
///
/// The rectilinear part of NASA CARA's `UsageViolationPc2D.m` (D. Hall, 2023–2025; method in
/// D. T. Hall, "Expected Collision Rates for Tracked Satellites", JSR 58(4), 2021, and
/// D. T. Hall et al., "Implementation Recommendations and Usage Boundaries for the Two-Dimensional
/// Probability of Collision Calculation", AAS 19-632, 2019): with A the combined position
/// covariance (eigenvalues clipped at (1e-4·HBR)²), r and v the relative position and velocity,
///
///     T = −rᵀA⁻¹v / vᵀA⁻¹v,   σ_T = 1/√(vᵀA⁻¹v),   Δτ = σ_T·√2·erfc⁻¹(γ), γ = 1e-16,
///     extended = min(1, 2Δτ/P_min),   offset = min(1, max|T ∓ Δτ| / P_min),
///
/// P_min the shorter Keplerian period. CARA calls extended > 0.02 (cut-off 0.01–0.05) and
/// offset > 0.01 unacceptable. CARA's full analysis also follows curvilinear motion (its
/// "inaccurate" indicator); that part is not implemented here.
public struct RectilinearUsage: Sendable, Hashable {
    /// Time of the rectilinear Mahalanobis-distance minimum from the given states, s.
    public var centreOffsetS: Double
    /// Half-width of the encounter in time, Δτ, s.
    public var halfDurationS: Double
    /// The shorter of the two Keplerian orbital periods, s.
    public var shorterPeriodS: Double
    /// CARA's "Extended" indicator, 2Δτ/P_min capped at 1.
    public var extended: Double { min(1, 2 * halfDurationS / shorterPeriodS) }
    /// CARA's "Offset" indicator, max|T ∓ Δτ|/P_min capped at 1.
    public var offset: Double { min(1, max(abs(centreOffsetS - halfDurationS), abs(centreOffsetS + halfDurationS)) / shorterPeriodS) }

    /// √2·erfc⁻¹(1e-16), CARA's `ConjDurationGamma` default.
    static let sqrt2ErfcinvGamma = 8.304785425194114

    /// The indicators for relative position `r` (km), velocity `v` (km/s), combined position
    /// covariance (km²) and the two objects (for their periods); nil if the relative velocity is zero.
    init?(relativePositionKm r: SIMD3<Double>, relativeVelocityKmPerS v: SIMD3<Double>,
          combinedCovarianceKm2 a: Matrix3, hardBodyRadiusKm hbr: Double, periodsS: (Double, Double)) {
        let eigen = SymmetricEigen3(a)
        let clip = (1e-4 * hbr) * (1e-4 * hbr)
        let values = eigen.values.replacing(with: SIMD3(repeating: clip), where: eigen.values .< SIMD3(repeating: clip))
        guard values.min() > 0 else { return nil }
        // A⁻¹x = V diag(1/λ) Vᵀ x with V's columns the eigenvectors.
        func inverseTimes(_ x: SIMD3<Double>) -> SIMD3<Double> {
            let c = SIMD3((eigen.vectors.0 * x).sum(), (eigen.vectors.1 * x).sum(), (eigen.vectors.2 * x).sum()) / values
            return eigen.vectors.0 * c.x + eigen.vectors.1 * c.y + eigen.vectors.2 * c.z
        }
        let aiv = inverseTimes(v)
        let vAv = (v * aiv).sum()
        guard vAv > 0, vAv.isFinite else { return nil }
        let rAv = (r * aiv).sum()
        centreOffsetS = rAv == 0 ? 0 : -rAv / vAv
        halfDurationS = Self.sqrt2ErfcinvGamma / vAv.squareRoot()
        shorterPeriodS = min(periodsS.0, periodsS.1)
    }
}

/// Eigen-decomposition of a symmetric 3×3 matrix by cyclic Jacobi rotations (Jacobi 1846;
/// Golub and Van Loan, *Matrix Computations*, 4th ed., §8.5).
struct SymmetricEigen3 {
    /// Eigenvalues.
    let values: SIMD3<Double>
    /// Unit eigenvectors, matching ``values``.
    let vectors: (SIMD3<Double>, SIMD3<Double>, SIMD3<Double>)

    init(_ m: Matrix3) {
        var a = [[m.row0.x, m.row0.y, m.row0.z], [m.row1.x, m.row1.y, m.row1.z], [m.row2.x, m.row2.y, m.row2.z]]
        // Symmetrise against rounding in the input.
        for i in 0..<3 { for j in (i + 1)..<3 { let s = 0.5 * (a[i][j] + a[j][i]); a[i][j] = s; a[j][i] = s } }
        var v = [[1.0, 0, 0], [0, 1.0, 0], [0, 0, 1.0]]
        for _ in 0..<50 {
            let off = a[0][1] * a[0][1] + a[0][2] * a[0][2] + a[1][2] * a[1][2]
            let diag = a[0][0] * a[0][0] + a[1][1] * a[1][1] + a[2][2] * a[2][2]
            if off <= 1e-34 * diag || off == 0 { break }
            for (p, q) in [(0, 1), (0, 2), (1, 2)] where a[p][q] != 0 {
                let theta = (a[q][q] - a[p][p]) / (2 * a[p][q])
                let t = (theta >= 0 ? 1.0 : -1.0) / (abs(theta) + (theta * theta + 1).squareRoot())
                let c = 1 / (t * t + 1).squareRoot(), s = t * c
                for k in 0..<3 {
                    let akp = a[k][p], akq = a[k][q]
                    a[k][p] = c * akp - s * akq; a[k][q] = s * akp + c * akq
                }
                for k in 0..<3 {
                    let apk = a[p][k], aqk = a[q][k]
                    a[p][k] = c * apk - s * aqk; a[q][k] = s * apk + c * aqk
                }
                for k in 0..<3 {
                    let vkp = v[k][p], vkq = v[k][q]
                    v[k][p] = c * vkp - s * vkq; v[k][q] = s * vkp + c * vkq
                }
            }
        }
        values = SIMD3(a[0][0], a[1][1], a[2][2])
        vectors = (SIMD3(v[0][0], v[1][0], v[2][0]), SIMD3(v[0][1], v[1][1], v[2][1]), SIMD3(v[0][2], v[1][2], v[2][2]))
    }
}
