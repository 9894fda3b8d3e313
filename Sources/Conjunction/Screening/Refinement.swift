import Astrodynamics

/// Time of closest approach by the root of the range rate.
///
/// The range `|Δr(t)|` of two objects has a local minimum where `f(t) = Δr·Δv` (range times range
/// rate) crosses zero from below. Within a candidate interval `f` is sampled every
/// ``sampleSeconds`` (two local minima of one pair are half a relative orbit apart, far more than
/// that), and each − → + bracket is solved by Brent's method (Brent 1973, *Algorithms for
/// Minimization without Derivatives*, ch. 4, `zeroin`) with SGP4 re-evaluated at every trial, to
/// ``timeToleranceSeconds``. At 16 km/s relative speed a 0.1 ms TCA error moves the range by
/// under 1 mm (the error is second order at the minimum).
struct TCARefinement {
    /// Spacing of the range-rate samples, seconds.
    static let sampleSeconds = 10.0
    /// Brent tolerance on the TCA, seconds (0.05 ms).
    static let timeToleranceSeconds = 5e-5

    let a: SGP4, b: SGP4
    let aStartMinutes: Double, bStartMinutes: Double

    struct Approach {
        var seconds: Double
        var a: (positionKm: SIMD3<Double>, velocityKmPerS: SIMD3<Double>)
        var b: (positionKm: SIMD3<Double>, velocityKmPerS: SIMD3<Double>)
        var rangeKm: Double { ((b.positionKm - a.positionKm) * (b.positionKm - a.positionKm)).sum().squareRoot() }
        /// `Δr·Δv`, km²/s: the range times the range rate.
        var rangeRateProduct: Double { ((b.positionKm - a.positionKm) * (b.velocityKmPerS - a.velocityKmPerS)).sum() }
        /// The least `|Δr + Δv τ|` over `τ ∈ [0, span]`, km.
        func lineMinimumKm(over span: Double) -> Double {
            let r = b.positionKm - a.positionKm, u = b.velocityKmPerS - a.velocityKmPerS
            let u2 = (u * u).sum()
            let tau = u2 > 0 ? min(max(-(r * u).sum() / u2, 0), span) : 0
            let m = r + u * tau
            return (m * m).sum().squareRoot()
        }
    }

    func states(at s: Double) throws(SGP4Error) -> Approach {
        let sa = try a.propagate(minutesSinceEpoch: aStartMinutes + s / 60)
        let sb = try b.propagate(minutesSinceEpoch: bStartMinutes + s / 60)
        return Approach(seconds: s, a: sa, b: sb)
    }

    func rangeRateProduct(at s: Double) throws(SGP4Error) -> Double {
        try states(at: s).rangeRateProduct
    }

    /// Bound on an object's acceleration, km/s²: 1.01 μ/ρ² at the 6,000 km radius floor of the
    /// candidate search (the 1 % covers J2 and drag).
    static let accelerationBoundKmPerS2 = SearchWorker.accelerationBoundKmPerS2(radiusKm: SearchWorker.radiusFloorKm)

    /// Every local minimum of the range in `[from, to]` (seconds since the window start).
    ///
    /// With `pruneAboveKm` set, a bracket `[t₀, t₁]` is solved only if the range can drop to
    /// `pruneAboveKm` in it: over `τ = t − t₀ ∈ [0, T]` the relative position stays within
    /// `A T² + ε T` of the straight line `Δr(t₀) + Δv(t₀) τ` (each object's acceleration at most
    /// ``accelerationBoundKmPerS2``; `ε` the sum of both objects' bounds on |SGP4 velocity −
    /// d(position)/dt|, `velocityErrorKmPerS`), the bound of the candidate search. A pruned
    /// minimum is farther than `pruneAboveKm`, so the minima within it are the same; it is counted
    /// in `pruned`, not in `roots`. By the same bound from each sample, the samples up to which the
    /// range stays above `pruneAboveKm` are not computed (counted in `skipped`); the brackets that
    /// are solved are exactly those of the full sampling.
    func minima(from: Double, to: Double, pruneAboveKm: Double = .infinity, velocityErrorKmPerS: Double = 0,
                roots: inout Int, pruned: inout Int, skipped: inout Int) throws(SGP4Error) -> [Approach] {
        let count = max(1, Int(((to - from) / TCARefinement.sampleSeconds).rounded(.up)))
        func sampleTime(_ m: Int) -> Double { m == count ? to : from + (to - from) * Double(m) / Double(count) }
        func slack(_ span: Double) -> Double { TCARefinement.accelerationBoundKmPerS2 * span * span + velocityErrorKmPerS * span }
        var found: [Approach] = []
        var t0 = from
        var x0 = try states(at: t0)
        var f0 = x0.rangeRateProduct
        var m = 0
        while m < count {
            // Samples the range provably stays above `pruneAboveKm` to are skipped: no minimum
            // before them can count. The brackets that are solved are the same as without skipping.
            var next = m + 1
            if pruneAboveKm.isFinite {
                while next <= count, x0.lineMinimumKm(over: sampleTime(next) - t0) > pruneAboveKm + slack(sampleTime(next) - t0) {
                    next += 1
                }
                if next > count {
                    skipped += count - m
                    break
                }
                if next > m + 1 {
                    skipped += next - m - 2
                    m = next - 1
                    t0 = sampleTime(m); x0 = try states(at: t0); f0 = x0.rangeRateProduct
                }
            }
            m += 1
            let t1 = sampleTime(m)
            let x1 = try states(at: t1)
            let f1 = x1.rangeRateProduct
            if f0 < 0 && f1 >= 0 {
                let span = t1 - t0
                if pruneAboveKm.isFinite && x0.lineMinimumKm(over: span) > pruneAboveKm + slack(span) {
                    pruned += 1
                } else {
                    let t = try brent(t0, f0, t1, f1)
                    roots += 1
                    found.append(try states(at: t))
                }
            }
            t0 = t1; f0 = f1; x0 = x1
        }
        return found
    }

    /// ``minima(from:to:pruneAboveKm:velocityErrorKmPerS:roots:pruned:skipped:)`` without pruning.
    func minima(from: Double, to: Double, roots: inout Int) throws(SGP4Error) -> [Approach] {
        var pruned = 0, skipped = 0
        return try minima(from: from, to: to, roots: &roots, pruned: &pruned, skipped: &skipped)
    }

    /// Brent's zeroin on `f` in `[a, b]` with `f(a) < 0 ≤ f(b)`.
    func brent(_ a0: Double, _ fa0: Double, _ b0: Double, _ fb0: Double) throws(SGP4Error) -> Double {
        var a = a0, fa = fa0, b = b0, fb = fb0
        if fb == 0 { return b }
        var c = a, fc = fa, d = b - a, e = d
        for _ in 0..<100 {
            if (fb > 0) == (fc > 0) { c = a; fc = fa; d = b - a; e = d }
            if abs(fc) < abs(fb) { a = b; b = c; c = a; fa = fb; fb = fc; fc = fa }
            let tol = 2 * Double.ulpOfOne * abs(b) + 0.5 * TCARefinement.timeToleranceSeconds
            let m = 0.5 * (c - b)
            if abs(m) <= tol || fb == 0 { return b }
            if abs(e) >= tol && abs(fa) > abs(fb) {
                let s = fb / fa
                var p: Double, q: Double
                if a == c {
                    p = 2 * m * s; q = 1 - s
                } else {
                    let qq = fa / fc, r = fb / fc
                    p = s * (2 * m * qq * (qq - r) - (b - a) * (r - 1))
                    q = (qq - 1) * (r - 1) * (s - 1)
                }
                if p > 0 { q = -q } else { p = -p }
                if 2 * p < min(3 * m * q - abs(tol * q), abs(e * q)) {
                    e = d; d = p / q
                } else {
                    d = m; e = m
                }
            } else {
                d = m; e = m
            }
            a = b; fa = fb
            b += abs(d) > tol ? d : (m > 0 ? tol : -tol)
            fb = try rangeRateProduct(at: b)
        }
        return b
    }
}
