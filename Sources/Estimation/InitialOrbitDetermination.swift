import Foundation
import Astrodynamics

/// A velocity found from three position vectors, with the geometry that says how far to trust it.
public struct ThreePositionVelocity: Sendable, Hashable {
    /// Velocity at the middle position, km/s.
    public var velocityKmPerS: SIMD3<Double>
    /// Angle between the first and second positions, rad.
    public var angle12Rad: Double
    /// Angle between the second and third positions, rad.
    public var angle23Rad: Double
    /// Angle of the first position out of the plane of the second and third, rad (0 when coplanar).
    public var coplanarityRad: Double
}

private func threePositionGeometry(_ r1: SIMD3<Double>, _ r2: SIMD3<Double>, _ r3: SIMD3<Double>,
                                   toleranceRad: Double, method: String) throws -> (Double, Double, Double) {
    for (k, r) in [r1, r2, r3].enumerated() where !(FrameMath.norm(r) > 0 && r.x.isFinite && r.y.isFinite && r.z.isFinite) {
        throw EstimationError(.invalidInput, "\(method): position \(k + 1) is zero or not finite: \(r)")
    }
    let z23 = FrameMath.cross(r2, r3)
    let z23Mag = FrameMath.norm(z23)
    guard z23Mag > 1e-12 * FrameMath.norm(r2) * FrameMath.norm(r3) else {
        throw EstimationError(.degenerateGeometry, "\(method): positions 2 and 3 are collinear")
    }
    let coplanarity = asin(max(-1, min(1, FrameMath.dot(z23, r1) / (z23Mag * FrameMath.norm(r1)))))
    guard abs(coplanarity) <= toleranceRad else {
        throw EstimationError(.degenerateGeometry,
                              "\(method): positions are \(coplanarity * 180 / .pi)° out of plane (tolerance \(toleranceRad * 180 / .pi)°)")
    }
    func angle(_ a: SIMD3<Double>, _ b: SIMD3<Double>) -> Double {
        atan2(FrameMath.norm(FrameMath.cross(a, b)), FrameMath.dot(a, b))
    }
    return (angle(r1, r2), angle(r2, r3), coplanarity)
}

/// The Gibbs method: the velocity at the middle of three coplanar position vectors of a
/// two-body orbit (Vallado 2013, Algorithm 54 "GIBBS"; Curtis, *Orbital Mechanics for
/// Engineering Students*, Algorithm 5.1). Exact for a Keplerian orbit; ill-conditioned when the
/// positions are less than a few degrees apart (use ``HerrickGibbs`` there).
public enum Gibbs {
    /// Velocity at `r2`.
    ///
    /// - Parameter coplanarityToleranceRad: largest accepted angle of `r1` out of the plane of
    ///   `r2` and `r3` (default 1°, as Vallado's implementation).
    /// - Throws: ``EstimationError`` `.invalidInput` (zero or non-finite vectors),
    ///   `.degenerateGeometry` (not coplanar, collinear, or no conic through the points).
    public static func velocity(_ r1: SIMD3<Double>, _ r2: SIMD3<Double>, _ r3: SIMD3<Double>,
                                mu: Double = earthMuKm3PerS2,
                                coplanarityToleranceRad: Double = Double.pi / 180) throws -> ThreePositionVelocity {
        let (a12, a23, cop) = try threePositionGeometry(r1, r2, r3, toleranceRad: coplanarityToleranceRad, method: "Gibbs")
        let m1 = FrameMath.norm(r1), m2 = FrameMath.norm(r2), m3 = FrameMath.norm(r3)
        let z12 = FrameMath.cross(r1, r2), z23 = FrameMath.cross(r2, r3), z31 = FrameMath.cross(r3, r1)
        let n = m1 * z23 + m2 * z31 + m3 * z12
        let d = z12 + z23 + z31
        let s = (m2 - m3) * r1 + (m3 - m1) * r2 + (m1 - m2) * r3
        let nMag = FrameMath.norm(n), dMag = FrameMath.norm(d)
        guard nMag > 0, dMag > 0, FrameMath.dot(n, d) > 0 else {
            throw EstimationError(.degenerateGeometry, "Gibbs: no conic section passes through the three positions in order")
        }
        let l = (mu / (nMag * dMag)).squareRoot()
        let v2 = (l / m2) * FrameMath.cross(d, r2) + l * s
        return ThreePositionVelocity(velocityKmPerS: v2, angle12Rad: a12, angle23Rad: a23, coplanarityRad: cop)
    }
}

/// The Herrick–Gibbs method: the velocity at the middle of three closely spaced, time-tagged
/// positions from a Taylor series of the two-body motion (Vallado 2013, Algorithm 55
/// "HERRICK-GIBBS"). Good for separations under about 5°, where Gibbs loses accuracy.
public enum HerrickGibbs {
    /// Velocity at `r2` from positions at `t1 < t2 < t3` (seconds on any common scale).
    ///
    /// - Throws: ``EstimationError`` `.invalidInput` (times not increasing, bad vectors),
    ///   `.degenerateGeometry` (not coplanar within `coplanarityToleranceRad`).
    public static func velocity(_ r1: SIMD3<Double>, _ r2: SIMD3<Double>, _ r3: SIMD3<Double>,
                                t1: Double, t2: Double, t3: Double, mu: Double = earthMuKm3PerS2,
                                coplanarityToleranceRad: Double = Double.pi / 180) throws -> ThreePositionVelocity {
        guard t1 < t2, t2 < t3, t1.isFinite, t3.isFinite else {
            throw EstimationError(.invalidInput, "Herrick–Gibbs needs increasing times, got \(t1), \(t2), \(t3)")
        }
        let (a12, a23, cop) = try threePositionGeometry(r1, r2, r3, toleranceRad: coplanarityToleranceRad,
                                                        method: "Herrick–Gibbs")
        let dt21 = t2 - t1, dt31 = t3 - t1, dt32 = t3 - t2
        let m1 = FrameMath.norm(r1), m2 = FrameMath.norm(r2), m3 = FrameMath.norm(r3)
        let k1 = -dt32 * (1 / (dt21 * dt31) + mu / (12 * m1 * m1 * m1))
        let k2 = (dt32 - dt21) * (1 / (dt21 * dt32) + mu / (12 * m2 * m2 * m2))
        let k3 = dt21 * (1 / (dt32 * dt31) + mu / (12 * m3 * m3 * m3))
        return ThreePositionVelocity(velocityKmPerS: k1 * r1 + k2 * r2 + k3 * r3,
                                     angle12Rad: a12, angle23Rad: a23, coplanarityRad: cop)
    }
}

/// Gauss's angles-only initial orbit determination: position and velocity at the middle of three
/// optical (line-of-sight) observations from known sites (Vallado 2013, Algorithm 52 "ANGLES-ONLY
/// GAUSS"; velocity by ``Gibbs`` or ``HerrickGibbs``), followed by a differential correction of
/// (r₂, v₂) with ``BatchLeastSquares`` and ``UniversalKepler`` until the two-body orbit passes
/// along the three lines of sight (the role of Vallado's and Curtis's iterative improvement,
/// Curtis 2013 Algorithm 5.6, whose fixed-point iteration converges slowly or not at all on long
/// arcs). For noise-free two-body data the result is exact; when the correction fails the plain
/// Gauss solution is returned with `improvementIterations == 0`.
///
/// All vectors are in one inertial frame (e.g. TEME or GCRF); times in seconds on one scale.
public enum GaussAnglesOnly {
    /// The orbit found.
    public struct Solution: Sendable, Hashable {
        /// Position at the middle observation time, km.
        public var positionKm: SIMD3<Double>
        /// Velocity at the middle observation time, km/s.
        public var velocityKmPerS: SIMD3<Double>
        /// Slant ranges ρ₁, ρ₂, ρ₃ to the object, km.
        public var slantRangesKm: [Double]
        /// The root r₂ of Gauss's eighth-degree polynomial (before improvement), km.
        public var gaussRootKm: Double
        /// Differential-correction iterations used (0 when not refined or the correction failed).
        public var improvementIterations: Int
    }

    /// Solves for the orbit.
    ///
    /// - Parameters:
    ///   - lineOfSight: three unit vectors from the sites to the object.
    ///   - timesSeconds: the three observation times, increasing.
    ///   - sitePositionsKm: the site positions at those times, same frame.
    ///   - refine: run the iterative improvement (default true).
    /// - Throws: ``EstimationError`` `.invalidInput` (wrong counts, times, zero vectors),
    ///   `.degenerateGeometry` (coplanar lines of sight, no positive root, negative ranges).
    public static func solve(lineOfSight: [SIMD3<Double>], timesSeconds t: [Double], sitePositionsKm site: [SIMD3<Double>],
                             mu: Double = earthMuKm3PerS2, refine: Bool = true,
                             maximumImprovementIterations: Int = 50) throws -> Solution {
        guard lineOfSight.count == 3, t.count == 3, site.count == 3 else {
            throw EstimationError(.invalidInput, "Gauss needs three observations: \(lineOfSight.count) lines of sight, \(t.count) times, \(site.count) sites")
        }
        guard t[0] < t[1], t[1] < t[2], t.allSatisfy(\.isFinite) else {
            throw EstimationError(.invalidInput, "Gauss needs increasing times, got \(t)")
        }
        let los = try lineOfSight.map { l -> SIMD3<Double> in
            let m = FrameMath.norm(l)
            guard m > 0, m.isFinite else { throw EstimationError(.invalidInput, "line of sight \(l) is zero or not finite") }
            return l / m
        }
        // L⁻¹ for L = [L₁ L₂ L₃] (columns): rows are (L₂×L₃, L₃×L₁, L₁×L₂)/det.
        let det = FrameMath.dot(los[0], FrameMath.cross(los[1], los[2]))
        guard abs(det) > 1e-14 else {
            throw EstimationError(.degenerateGeometry, "the three lines of sight are coplanar (det L = \(det))")
        }
        let lInvRows = [FrameMath.cross(los[1], los[2]) / det, FrameMath.cross(los[2], los[0]) / det, FrameMath.cross(los[0], los[1]) / det]
        // M = L⁻¹·[R₁ R₂ R₃].
        var mm = [[Double]](repeating: [0, 0, 0], count: 3)
        for i in 0..<3 { for j in 0..<3 { mm[i][j] = FrameMath.dot(lInvRows[i], site[j]) } }
        /// c₁ρ₁, c₂ρ₂, c₃ρ₃ = M·(−c₁, −c₂, −c₃) with c₂ = −1.
        func ranges(c1: Double, c3: Double) -> [Double] {
            let x = (-c1, 1.0, -c3)
            let v = (0..<3).map { mm[$0][0] * x.0 + mm[$0][1] * x.1 + mm[$0][2] * x.2 }
            return [v[0] / c1, -v[1], v[2] / c3]
        }

        let tau1 = t[0] - t[1], tau3 = t[2] - t[1], tau = tau3 - tau1
        let a1 = tau3 / tau, a3 = -tau1 / tau
        let a1u = tau3 * (tau * tau - tau3 * tau3) / (6 * tau)
        let a3u = -tau1 * (tau * tau - tau1 * tau1) / (6 * tau)
        let d1 = mm[1][0] * a1 - mm[1][1] + mm[1][2] * a3
        let d2 = mm[1][0] * a1u + mm[1][2] * a3u
        let c = FrameMath.dot(los[1], site[1])
        let siteRadius = FrameMath.norm(site[1])
        // r⁸ + p6·r⁶ + p3·r³ + p0 = 0
        let p6 = -(d1 * d1 + 2 * c * d1 + siteRadius * siteRadius)
        let p3 = -2 * mu * (c * d2 + d1 * d2)
        let p0 = -mu * mu * d2 * d2
        func poly(_ r: Double) -> Double { let r3 = r * r * r; return r3 * r3 * r * r + p6 * r3 * r3 + p3 * r3 + p0 }
        var roots: [Double] = []
        var lo = max(siteRadius * 0.5, 1), flo = poly(lo)
        let factor = 1.01
        while lo < 1e8 {
            let hi = lo * factor, fhi = poly(hi)
            if flo == 0 { roots.append(lo) } else if flo * fhi < 0 {
                var a = lo, b = hi, fa = flo
                for _ in 0..<200 {
                    let m = 0.5 * (a + b), fm = poly(m)
                    if fa * fm <= 0 { b = m } else { a = m; fa = fm }
                    if b - a < 1e-12 * b { break }
                }
                roots.append(0.5 * (a + b))
            }
            lo = hi; flo = fhi
        }
        // Prefer a root above the site giving positive ranges; else the largest.
        func positionsFor(_ r2: Double) -> [Double] {
            let u = mu / (r2 * r2 * r2)
            return ranges(c1: a1 + a1u * u, c3: a3 + a3u * u)
        }
        guard let root = roots.last(where: { r in r > siteRadius && positionsFor(r).allSatisfy { $0 > 0 } }) ?? roots.last else {
            throw EstimationError(.degenerateGeometry, "Gauss's polynomial has no positive root above the site")
        }
        var rho = positionsFor(root)
        guard rho.allSatisfy({ $0 > 0 && $0.isFinite }) else {
            throw EstimationError(.degenerateGeometry, "Gauss's solution has non-positive slant ranges \(rho)")
        }
        let r = (0..<3).map { site[$0] + rho[$0] * los[$0] }
        let maxAngle = max(atan2(FrameMath.norm(FrameMath.cross(r[0], r[1])), FrameMath.dot(r[0], r[1])), atan2(FrameMath.norm(FrameMath.cross(r[1], r[2])), FrameMath.dot(r[1], r[2])))
        let loose = Double.pi / 18  // the Gauss positions are not exactly coplanar
        var v2: SIMD3<Double>
        if maxAngle < 3 * Double.pi / 180 {
            v2 = try HerrickGibbs.velocity(r[0], r[1], r[2], t1: t[0], t2: t[1], t3: t[2], mu: mu,
                                           coplanarityToleranceRad: loose).velocityKmPerS
        } else {
            v2 = try Gibbs.velocity(r[0], r[1], r[2], mu: mu, coplanarityToleranceRad: loose).velocityKmPerS
        }
        var iterations = 0
        var position = r[1]
        if refine {
            // Differential correction of (r₂, v₂) so that two-body motion passes exactly along the
            // three lines of sight: six angle residuals, six unknowns, solved by BatchLeastSquares.
            let model = LinesOfSightModel(lineOfSight: los, timesSeconds: t, sitePositionsKm: site, mu: mu)
            var options = BatchLeastSquares.Options()
            options.editingMultiplier = nil
            options.rmsTolerance = 0
            options.stepTolerance = 1e-13
            options.maxIterations = maximumImprovementIterations
            let initial = [position.x, position.y, position.z, v2.x, v2.y, v2.z]
            if let fit = try? BatchLeastSquares(options: options).solve(model, initial: initial),
               fit.weightedRMS < 1e-6 {  // normalized by 1 µrad: below a µrad per axis
                position = SIMD3(fit.parameters[0], fit.parameters[1], fit.parameters[2])
                v2 = SIMD3(fit.parameters[3], fit.parameters[4], fit.parameters[5])
                iterations = fit.iterations
                rho = (0..<3).map { k in
                    let rk = k == 1 ? position
                        : ((try? UniversalKepler.propagate(positionKm: position, velocityKmPerS: v2,
                                                            seconds: t[k] - t[1], mu: mu).positionKm) ?? r[k])
                    return FrameMath.norm(rk - site[k])
                }
            }
        }
        return Solution(positionKm: position, velocityKmPerS: v2, slantRangesKm: rho, gaussRootKm: root,
                        improvementIterations: iterations)
    }
}

/// Residuals of a two-body orbit (r₂, v₂ at the middle time) against three lines of sight: for
/// each observation the predicted unit vector minus the observed one, projected on two axes
/// perpendicular to the observed one, in units of 1 µrad.
struct LinesOfSightModel: LeastSquaresModel {
    var lineOfSight: [SIMD3<Double>]
    var timesSeconds: [Double]
    var sitePositionsKm: [SIMD3<Double>]
    var mu: Double
    private var axes: [(SIMD3<Double>, SIMD3<Double>)]

    init(lineOfSight: [SIMD3<Double>], timesSeconds: [Double], sitePositionsKm: [SIMD3<Double>], mu: Double) {
        self.lineOfSight = lineOfSight
        self.timesSeconds = timesSeconds
        self.sitePositionsKm = sitePositionsKm
        self.mu = mu
        axes = lineOfSight.map { l in
            let helper: SIMD3<Double> = abs(l.z) < 0.9 ? SIMD3(0, 0, 1) : SIMD3(1, 0, 0)
            let e1 = FrameMath.cross(l, helper) / FrameMath.norm(FrameMath.cross(l, helper))
            return (e1, FrameMath.cross(l, e1))
        }
    }

    var parameterCount: Int { 6 }

    func normalizedResiduals(_ p: [Double]) throws -> [Double] {
        let r2 = SIMD3(p[0], p[1], p[2]), v2 = SIMD3(p[3], p[4], p[5])
        var out = [Double]()
        out.reserveCapacity(6)
        for k in 0..<3 {
            let rk = k == 1 ? r2
                : try UniversalKepler.propagate(positionKm: r2, velocityKmPerS: v2,
                                                seconds: timesSeconds[k] - timesSeconds[1], mu: mu).positionKm
            let d = rk - sitePositionsKm[k]
            let u = d / FrameMath.norm(d) - lineOfSight[k]
            out.append(FrameMath.dot(u, axes[k].0) * 1e6)
            out.append(FrameMath.dot(u, axes[k].1) * 1e6)
        }
        return out
    }
}
