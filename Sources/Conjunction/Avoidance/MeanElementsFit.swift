import Astrodynamics
import Foundation

/// Why ``MeanElementsFit`` could not produce an element set.
public struct MeanElementsFitError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong.
    public enum Code: String, Sendable, Hashable {
        /// Newton's iteration ended without reaching the tolerances.
        case notConverged
        /// SGP4 refused an element set along the way (decayed, eccentricity out of range, ...).
        case sgp4Refused
        /// The Jacobian was singular (a degenerate orbit, or a state SGP4 cannot represent).
        case singularJacobian
    }
    /// What went wrong.
    public var code: Code
    /// A sentence saying what went wrong.
    public var message: String
    /// Position residual of the best iterate, km.
    public var positionResidualKm: Double
    /// Velocity residual of the best iterate, km/s.
    public var velocityResidualKmPerS: Double
    /// Newton iterations done.
    public var iterations: Int
    /// SGP4's error, for ``Code/sgp4Refused``.
    public var sgp4Error: SGP4Error?

    public var description: String {
        "\(code.rawValue): \(message) (residual \(positionResidualKm * 1e3) m, \(velocityResidualKmPerS * 1e6) mm/s after \(iterations) iterations)"
    }
}

/// Finds SGP4 mean elements whose SGP4 state at a given instant is a given TEME state: how an
/// orbit changed by an impulsive burn becomes an SGP4 element set again.
///
/// Newton's method on the six elements with a central-difference Jacobian, starting from the
/// pre-burn elements (``fit(_:start:)``) or from the state's osculating elements at a chosen
/// epoch (``fit(_:epoch:bstarPerEarthRadius:gravity:opsMode:)``). The unknowns are the equinoctial elements (Broucke & Cefola 1972, "On the
/// equinoctial orbit elements", *Celestial Mechanics* 5) n, e·cos ϖ, e·sin ϖ, tan(i/2)·cos Ω,
/// tan(i/2)·sin Ω and λ = M + ω + Ω (ϖ = ω + Ω), which stay well conditioned for the
/// near-circular and near-equatorial orbits (LEO, GEO) where e, ω, Ω and M are not. The residual
/// weighs velocity by 1/n (km/s × s), so both halves are in km along the orbit.
///
/// ``fit(_:start:)`` keeps the epoch, B* and the informational ṅ/2, n̈/6 of the starting set: the new set
/// propagates with the drag of the old one, and an along-track-growing default covariance
/// (``TLECovarianceDefaults``) keeps counting from the same epoch.
public struct MeanElementsFit: Sendable {
    /// Largest position residual accepted, km (default 1e-3: 1 m).
    public var positionToleranceKm: Double
    /// Largest velocity residual accepted, km/s (default 1e-6: 1 mm/s).
    public var velocityToleranceKmPerS: Double
    /// Newton iterations before giving up (default 25).
    public var maximumIterations: Int

    /// A fit with its tolerances (default 1 m and 1 mm/s) and iteration limit.
    public init(positionToleranceKm: Double = 1e-3, velocityToleranceKmPerS: Double = 1e-6, maximumIterations: Int = 25) {
        self.positionToleranceKm = positionToleranceKm
        self.velocityToleranceKmPerS = velocityToleranceKmPerS
        self.maximumIterations = maximumIterations
    }

    /// The outcome of a fit.
    public struct Result: Sendable {
        /// The fitted propagator (its ``SGP4/elements`` are the new mean elements).
        public var sgp4: SGP4
        /// |r_SGP4 − r_target| at the instant, km.
        public var positionResidualKm: Double
        /// |v_SGP4 − v_target| at the instant, km/s.
        public var velocityResidualKmPerS: Double
        /// Newton iterations done.
        public var iterations: Int
    }

    /// Elements, near `start`, whose SGP4 state at `target.epoch` is `target` (TEME).
    ///
    /// - Parameters:
    ///   - target: the state to reproduce (for example the pre-burn SGP4 state plus a Δv).
    ///   - start: the starting elements (the pre-burn set); their epoch, B* and gravity/opsmode
    ///     choices are kept.
    /// - Throws: ``MeanElementsFitError`` when the iteration does not reach the tolerances, SGP4
    ///   refuses an iterate, or the Jacobian is singular.
    public func fit(_ target: State<TEME>, start: SGP4) throws(MeanElementsFitError) -> Result {
        let minutes = target.epoch.secondsSince(start.epoch) / 60
        let base = start.elements
        let nRadPerS = base.meanMotionRadPerMin / 60
        let velocityWeight = 1 / nRadPerS
        var x = Self.equinoctial(base)
        var best: (sgp4: SGP4, dr: Double, dv: Double)? = nil
        var iterations = 0

        func make(_ x: [Double]) throws(SGP4Error) -> SGP4 {
            try SGP4(Self.elements(x, like: base), gravity: start.gravity, opsMode: start.opsMode)
        }
        func residual(_ x: [Double]) throws(SGP4Error) -> (SGP4, [Double]) {
            let s = try make(x)
            let (r, v) = try s.propagate(minutesSinceEpoch: minutes)
            let dr = r - target.positionKm, dv = (v - target.velocityKmPerS) * velocityWeight
            return (s, [dr.x, dr.y, dr.z, dv.x, dv.y, dv.z])
        }
        func failure(_ code: MeanElementsFitError.Code, _ message: String, _ error: SGP4Error? = nil) -> MeanElementsFitError {
            MeanElementsFitError(code: code, message: message, positionResidualKm: best?.dr ?? .infinity,
                                 velocityResidualKmPerS: best?.dv ?? .infinity, iterations: iterations, sgp4Error: error)
        }

        // Finite-difference steps: about 1e-7 of each element's scale (a 1 m, 1 mm/s effect in LEO).
        let steps = [base.meanMotionRadPerMin * 1e-7, 1e-7, 1e-7, 1e-7, 1e-7, 1e-7]
        while true {
            let (s, f): (SGP4, [Double])
            do throws(SGP4Error) { (s, f) = try residual(x) } catch {
                throw failure(.sgp4Refused, "SGP4 refused an iterate: \(error)", error)
            }
            let dr = (f[0] * f[0] + f[1] * f[1] + f[2] * f[2]).squareRoot()
            let dv = (f[3] * f[3] + f[4] * f[4] + f[5] * f[5]).squareRoot() / velocityWeight
            if best == nil || dr + dv * velocityWeight < best!.dr + best!.dv * velocityWeight { best = (s, dr, dv) }
            // Stop well inside the tolerances (1e-3 of them), or when the tolerances are met and
            // the iteration no longer improves.
            if dr <= positionToleranceKm * 1e-3 && dv <= velocityToleranceKmPerS * 1e-3 { break }
            if iterations >= maximumIterations { break }
            iterations += 1
            var jacobian = [[Double]](repeating: [Double](repeating: 0, count: 6), count: 6)
            for j in 0..<6 {
                var plus = x, minus = x
                plus[j] += steps[j]
                minus[j] -= steps[j]
                do throws(SGP4Error) {
                    let (_, fp) = try residual(plus), (_, fm) = try residual(minus)
                    for i in 0..<6 { jacobian[i][j] = (fp[i] - fm[i]) / (2 * steps[j]) }
                } catch {
                    throw failure(.sgp4Refused, "SGP4 refused a Jacobian step: \(error)", error)
                }
            }
            guard let delta = Self.solve(jacobian, f.map { -$0 }) else {
                throw failure(.singularJacobian, "the 6×6 Jacobian of the SGP4 state by the elements is singular")
            }
            let previous = dr + dv * velocityWeight
            // Damped step: halve until the residual does not grow (at most 10 halvings).
            var scale = 1.0
            var accepted = false
            for _ in 0..<10 {
                let trial = zip(x, delta).map { $0 + scale * $1 }
                if let (_, ft) = try? residual(trial) {
                    let n = (ft[0] * ft[0] + ft[1] * ft[1] + ft[2] * ft[2]).squareRoot()
                        + (ft[3] * ft[3] + ft[4] * ft[4] + ft[5] * ft[5]).squareRoot()
                    if n < previous || n <= positionToleranceKm * 1e-3 { x = trial; accepted = true; break }
                }
                scale /= 2
            }
            if !accepted { break }
        }
        guard let best, best.dr <= positionToleranceKm, best.dv <= velocityToleranceKmPerS else {
            throw failure(.notConverged, "Newton's iteration did not reproduce the state within \(positionToleranceKm * 1e3) m and \(velocityToleranceKmPerS * 1e6) mm/s")
        }
        return Result(sgp4: best.sgp4, positionResidualKm: best.dr, velocityResidualKmPerS: best.dv, iterations: iterations)
    }

    /// Elements with epoch `epoch` (default: the state's instant) and drag term `bstarPerEarthRadius`
    /// whose SGP4 state at `target.epoch` is `target`, with no prior element set: Newton's
    /// iteration starts from the two-body osculating elements of the state (Vallado, *Fundamentals
    /// of Astrodynamics and Applications*, 4th ed., algorithm 9 `RV2COE`), with the mean anomaly
    /// moved to `epoch` by two-body motion. Use it to give a maneuvered orbit a new epoch (the burn)
    /// or to make an element set from any TEME state.
    ///
    /// - Throws: ``MeanElementsFitError`` as ``fit(_:start:)``; ``MeanElementsFitError/Code/sgp4Refused``
    ///   when the state is not a bound orbit SGP4 can start from.
    public func fit(_ target: State<TEME>, epoch: Instant? = nil, bstarPerEarthRadius: Double,
                    gravity: GravityModel = .wgs72, opsMode: SGP4.OpsMode = .improved) throws(MeanElementsFitError) -> Result {
        let epoch = epoch ?? target.epoch
        let osculating = Self.osculatingElements(target, muKm3PerS2: gravity.muKm3PerS2, epoch: epoch, bstarPerEarthRadius: bstarPerEarthRadius)
        let start: SGP4
        do throws(SGP4Error) { start = try SGP4(osculating, gravity: gravity, opsMode: opsMode) } catch {
            throw MeanElementsFitError(code: .sgp4Refused, message: "SGP4 refused the osculating elements of the state: \(error)",
                                       positionResidualKm: .infinity, velocityResidualKmPerS: .infinity, iterations: 0, sgp4Error: error)
        }
        return try fit(target, start: start)
    }

    /// Two-body osculating elements of a state (Vallado's `RV2COE`) as SGP4 mean elements at `epoch`.
    static func osculatingElements(_ s: State<TEME>, muKm3PerS2 mu: Double, epoch: Instant, bstarPerEarthRadius: Double) -> MeanElements {
        func cross(_ a: SIMD3<Double>, _ b: SIMD3<Double>) -> SIMD3<Double> {
            SIMD3(a.y * b.z - a.z * b.y, a.z * b.x - a.x * b.z, a.x * b.y - a.y * b.x)
        }
        func norm(_ a: SIMD3<Double>) -> Double { (a * a).sum().squareRoot() }
        let r = s.positionKm, v = s.velocityKmPerS
        let rn = norm(r), v2 = (v * v).sum()
        let h = cross(r, v), hn = norm(h)
        let eVector = ((v2 - mu / rn) * r - (r * v).sum() * v) / mu
        let e = norm(eVector)
        let a = 1 / (2 / rn - v2 / mu)
        let i = acos(max(-1, min(1, h.z / hn)))
        let raan = (h.x * h.x + h.y * h.y) > 1e-20 * hn * hn ? atan2(h.x, -h.y) : 0
        let node = SIMD3(cos(raan), sin(raan), 0)
        let hHat = h / hn
        let u = atan2((r * cross(hHat, node)).sum(), (r * node).sum())
        let nu = e > 1e-12 ? atan2((hHat * cross(eVector, r)).sum() / (e * rn), (eVector * r).sum() / (e * rn)) : u
        let bigE = 2 * atan(((1 - e) / (1 + e)).squareRoot() * tan(nu / 2))
        let n = a > 0 ? (mu / (a * a * a)).squareRoot() : .nan
        let m = bigE - e * sin(bigE) - n * s.epoch.secondsSince(epoch)
        func wrap(_ x: Double) -> Double { let y = x.truncatingRemainder(dividingBy: 2 * .pi); return y < 0 ? y + 2 * .pi : y }
        return MeanElements(epoch: epoch, meanMotionRadPerMin: n * 60, eccentricity: e, inclinationRad: i, raanRad: wrap(raan),
                            argumentOfPerigeeRad: wrap(u - nu), meanAnomalyRad: wrap(m), bstarPerEarthRadius: bstarPerEarthRadius)
    }

    /// (n, e cos ϖ, e sin ϖ, tan(i/2) cos Ω, tan(i/2) sin Ω, λ) of mean elements.
    static func equinoctial(_ m: MeanElements) -> [Double] {
        let varpi = m.argumentOfPerigeeRad + m.raanRad
        let t = tan(m.inclinationRad / 2)
        return [m.meanMotionRadPerMin, m.eccentricity * cos(varpi), m.eccentricity * sin(varpi),
                t * cos(m.raanRad), t * sin(m.raanRad), m.meanAnomalyRad + varpi]
    }

    /// Mean elements from equinoctial `x`, with epoch, B* and derivatives of `like`.
    static func elements(_ x: [Double], like m: MeanElements) -> MeanElements {
        let e = (x[1] * x[1] + x[2] * x[2]).squareRoot()
        let t = (x[3] * x[3] + x[4] * x[4]).squareRoot()
        let raan = t > 0 ? atan2(x[4], x[3]) : m.raanRad
        let varpi = e > 0 ? atan2(x[2], x[1]) : m.argumentOfPerigeeRad + raan
        func wrap(_ a: Double) -> Double { let r = a.truncatingRemainder(dividingBy: 2 * .pi); return r < 0 ? r + 2 * .pi : r }
        return MeanElements(epoch: m.epoch, meanMotionRadPerMin: x[0], eccentricity: e, inclinationRad: 2 * atan(t),
                            raanRad: wrap(raan), argumentOfPerigeeRad: wrap(varpi - raan), meanAnomalyRad: wrap(x[5] - varpi),
                            bstarPerEarthRadius: m.bstarPerEarthRadius, meanMotionDotRadPerMin2: m.meanMotionDotRadPerMin2,
                            meanMotionDDotRadPerMin3: m.meanMotionDDotRadPerMin3)
    }

    /// Solves the 6×6 system by Gaussian elimination with partial pivoting; nil if singular.
    static func solve(_ a: [[Double]], _ b: [Double]) -> [Double]? {
        var m = a, y = b
        let n = y.count
        let scale = a.flatMap { $0 }.map(abs).max() ?? 0
        for c in 0..<n {
            var p = c
            for r in (c + 1)..<n where abs(m[r][c]) > abs(m[p][c]) { p = r }
            guard abs(m[p][c]) > scale * 1e-15, m[p][c].isFinite else { return nil }
            m.swapAt(c, p); y.swapAt(c, p)
            for r in (c + 1)..<n {
                let f = m[r][c] / m[c][c]
                for k in c..<n { m[r][k] -= f * m[c][k] }
                y[r] -= f * y[c]
            }
        }
        var x = [Double](repeating: 0, count: n)
        for r in stride(from: n - 1, through: 0, by: -1) {
            var s = y[r]
            for k in (r + 1)..<n { s -= m[r][k] * x[k] }
            x[r] = s / m[r][r]
        }
        return x
    }
}
