import Foundation
import Astrodynamics

/// A point fixed from lines of sight, with its 3×3 covariance (row-major, km²).
public struct RayFix: Sendable, Hashable {
    /// Earth-fixed position, km.
    public var positionKm: SIMD3<Double>
    /// Covariance of the position, 3×3 row-major, km².
    public var covariance: [Double]
    /// Weighted sum of squared miss distances (chi-square with 2n − 3 degrees of freedom for n rays).
    public var chiSquare: Double
}

/// Track initiation geometry from IR lines of sight.
///
/// - Stereo: the weighted least-squares intersection of n ≥ 2 rays sᵢ + t uᵢ, minimising
///   Σ |(I − uᵢuᵢᵀ)(x − sᵢ)|² / (σᵢ ρᵢ)², whose normal matrix A = Σ (I − uᵢuᵢᵀ)/(σᵢρᵢ)² is the
///   inverse covariance (the standard multi-view triangulation, Hartley & Zisserman, *Multiple View
///   Geometry*, 2nd ed., §12.2, in its linear "midpoint" form; ρᵢ the range, iterated twice).
/// - Monoscopic: the ray's intersection with the shell at an assumed plume altitude above the ellipsoid,
///   with a covariance that is long along the ray (the altitude uncertainty over the cosine of the
///   ray's angle to the vertical) and narrow across it.
public enum LaunchInitiation {
    /// Stereo triangulation of rays (sensor positions km, unit directions, 1σ rad). Nil if the rays are
    /// (nearly) parallel or the solution lies behind a sensor.
    public static func triangulate(sensorsKm: [SIMD3<Double>], units: [SIMD3<Double>], sigmasRad: [Double], floorKm: Double = 0.2) -> RayFix? {
        guard sensorsKm.count >= 2, sensorsKm.count == units.count, units.count == sigmasRad.count else { return nil }
        var ranges = [Double](repeating: 1, count: units.count)
        // Unweighted first pass (ranges unknown), then weighted with ranges from the previous solution.
        var x = SIMD3<Double>(repeating: 0)
        var a = [Double](repeating: 0, count: 9)
        for pass in 0..<3 {
            a = [Double](repeating: 0, count: 9)
            var b = SIMD3<Double>(repeating: 0)
            for i in units.indices {
                let u = units[i]
                let sig = pass == 0 ? 1 : max(sigmasRad[i] * ranges[i], floorKm)
                let w = 1 / (sig * sig)
                for r in 0..<3 { for c in 0..<3 { a[r * 3 + c] += w * ((r == c ? 1 : 0) - u[r] * u[c]) } }
                let s = sensorsKm[i]
                let ps = s - (u * s).sum() * u
                b += w * ps
            }
            guard let inv = invert3(a) else { return nil }
            x = SIMD3(inv[0] * b.x + inv[1] * b.y + inv[2] * b.z, inv[3] * b.x + inv[4] * b.y + inv[5] * b.z,
                      inv[6] * b.x + inv[7] * b.y + inv[8] * b.z)
            for i in units.indices {
                let t = ((x - sensorsKm[i]) * units[i]).sum()
                guard t > 0 else { return nil }
                ranges[i] = t
            }
        }
        guard let cov = invert3(a), x.x.isFinite, x.y.isFinite, x.z.isFinite else { return nil }
        var chi = 0.0
        for i in units.indices {
            let d = x - sensorsKm[i], perp = d - (d * units[i]).sum() * units[i]
            let sig = max(sigmasRad[i] * ranges[i], floorKm)
            chi += (perp * perp).sum() / (sig * sig)
        }
        return RayFix(positionKm: x, covariance: cov, chiSquare: chi)
    }

    /// The monoscopic fix: where the ray crosses `altitudeKm` above the ellipsoid (the near crossing),
    /// with 1σ `altitudeSigmaKm` turned into an along-ray uncertainty (capped at `maxAlongSigmaKm`).
    public static func monoscopic(sensorKm s: SIMD3<Double>, unit u: SIMD3<Double>, sigmaRad: Double, altitudeKm h0: Double,
                                  altitudeSigmaKm: Double, maxAlongSigmaKm: Double = 400, ellipsoid: Ellipsoid = .wgs84) -> RayFix? {
        var radius = ellipsoid.equatorialRadiusKm + h0
        var x = SIMD3<Double>(repeating: .nan)
        for _ in 0..<4 {
            let bq = (s * u).sum(), cq = (s * s).sum() - radius * radius
            let disc = bq * bq - cq
            guard disc >= 0 else { return nil }
            let t = -bq - disc.squareRoot()
            guard t > 0 else { return nil }
            x = s + t * u
            let alt = Geodetic(itrfPositionKm: x).altitudeKm
            radius += h0 - alt
        }
        let rho = ((x - s) * (x - s)).sum().squareRoot()
        let up = x / (x * x).sum().squareRoot()
        let cosZ = abs((u * up).sum())
        let along = min(maxAlongSigmaKm, altitudeSigmaKm / max(cosZ, 1e-3))
        let cross = rho * sigmaRad + 0.5
        var cov = [Double](repeating: 0, count: 9)
        for r in 0..<3 { for c in 0..<3 { cov[r * 3 + c] = (r == c ? cross * cross : 0) + (along * along - cross * cross) * u[r] * u[c] } }
        return RayFix(positionKm: x, covariance: cov, chiSquare: 0)
    }

    static func invert3(_ m: [Double]) -> [Double]? {
        let a = m[0], b = m[1], c = m[2], d = m[3], e = m[4], f = m[5], g = m[6], h = m[7], i = m[8]
        let A = e * i - f * h, B = -(d * i - f * g), C = d * h - e * g
        let det = a * A + b * B + c * C
        guard det.isFinite, abs(det) > 1e-300 else { return nil }
        let inv = [A, -(b * i - c * h), b * f - c * e,
                   B, a * i - c * g, -(a * f - c * d),
                   C, -(a * h - b * g), a * e - b * d]
        let out = inv.map { $0 / det }
        // Reject an ill-conditioned (near-parallel) geometry: a negative or non-finite variance.
        guard out[0] > 0, out[4] > 0, out[8] > 0, out.allSatisfy(\.isFinite) else { return nil }
        return out
    }
}
