import Foundation
import Astrodynamics
import Estimation
import Sensors

/// Batch least-squares differential correction of SGP4 mean elements (and B*) to sensor
/// tracklets, the way an element-set producer makes the next element set of an object —
/// Vallado, *Fundamentals of Astrodynamics and Applications*, 4th ed. (2013), §10.4 (nonlinear
/// least squares, finite-difference partials), and Vallado & Crawford, "SGP4 Orbit
/// Determination", AIAA 2008-6770 (SGP4 as the dynamical model, equinoctial elements to keep
/// near-circular and near-equatorial orbits well conditioned, B* solved only when drag is
/// observable).
///
/// Parameters (at the new epoch): Kozai mean motion n (rad/min), the equinoctial
/// aƒ = e·cos(ω+Ω), a_g = e·sin(ω+Ω), χ = tan(i/2)·sin Ω, ψ = tan(i/2)·cos Ω, the mean longitude
/// λ = M+ω+Ω, and optionally B*. Partials are one-sided finite differences of the normalized
/// residuals (every column re-initializes SGP4). Steps are Gauss–Newton with Levenberg–Marquardt
/// damping (Marquardt's diagonal scaling, so the parameters' units do not matter). Measurements
/// whose RMS normalized residual exceeds `editSigma`·max(1, weighted RMS) are edited out after
/// `iterationsBeforeEditing` iterations, and may come back if later iterations bring them in.
///
/// B* rule (``Options/drag``, `.auto`): solved when the arc spans at least
/// ``Options/minimumDragArcHours`` and the observations alone would give
/// σ(B*) ≤ ``Options/dragObservability`` × max(|B*|, 1e-4 /ER) (the floor is a typical LEO B*, so
/// a near-zero prior does not forbid solving); otherwise held at the prior value and
/// ``SGP4Fit/dragNote`` says why. Optionally (``Options/dragPriorFraction``, off by default) the
/// prior B* enters as an a-priori pseudo-measurement with σ = fraction × max(|B*|, 1e-4); off
/// because a stale catalog B* can be wrong by a factor of several and would bias the fit.
public struct SGP4DifferentialCorrection: Sendable {
    /// How B* is treated.
    public enum DragMode: String, Sendable, Hashable { case auto, solve, hold }

    /// Iteration, editing and drag options.
    public struct Options: Sendable, Hashable {
        public var maximumIterations = 15
        /// Converged when the weighted RMS changes by less than this fraction between iterations.
        public var relativeTolerance = 1e-3
        public var editSigma = 4.0
        public var iterationsBeforeEditing = 2
        public var drag: DragMode = .auto
        public var minimumDragArcHours = 8.0
        public var dragObservability = 2.0
        public var dragPriorFraction: Double? = nil
        public var initialDamping = 1e-3
        public init() {}
    }

    public var options: Options
    public var gravity: GravityModel

    public init(options: Options = Options(), gravity: GravityModel = .wgs72) {
        self.options = options
        self.gravity = gravity
    }

    /// Fits elements at `epoch` (default: the last observation, rounded to the second) starting
    /// from `prior` (any epoch; it is advanced by its secular J2 rates first).
    /// - Throws: ``MaintenanceError`` (`.tooFewObservations`, `.singular`, `.propagation`, `.notConverged`).
    public func fit(prior: MeanElements, observations: ObservationSet, epoch: Instant? = nil) throws(MaintenanceError) -> SGP4Fit {
        guard let span = observations.span else {
            throw MaintenanceError(.tooFewObservations, "no measurements")
        }
        let newEpoch = epoch ?? Instant(taiSecondsSince2000: Int64(span.last.secondsSince(Instant(taiSecondsSince2000: 0)).rounded()))
        let start = advance(prior, to: newEpoch)
        let arcHours = span.last.secondsSince(span.first) / 3600

        var solveDrag: Bool
        var note: String
        switch options.drag {
        case .solve: solveDrag = true; note = "B* solved (forced)"
        case .hold: solveDrag = false; note = "B* held at prior (forced)"
        case .auto:
            if arcHours < options.minimumDragArcHours {
                solveDrag = false
                note = String(format: "B* held: arc %.1f h < %.1f h", arcHours, options.minimumDragArcHours)
            } else { solveDrag = true; note = "" }
        }
        var params = SGP4DifferentialCorrection.equinoctial(start)
        // The probe's residuals and Jacobian at the prior are the fit's first ones (without a
        // B* prior residual): kept so the first iteration does not compute them again.
        var probed: (residuals: [Double], jacobian: [Double])?
        if options.drag == .auto && solveDrag {
            let n = observations.residualCount
            // Observability of B*: its marginal σ from the information at the prior.
            let probe = Problem(observations: observations, template: start, gravity: gravity, solveDrag: true, dragPrior: nil)
            var r0 = [Double](repeating: 0, count: n)
            if (try? probe.residuals(params, into: &r0)) != nil,
               let j = try? probe.jacobian(params, base: r0),
               let chol = CholeskyFactorization(SGP4DifferentialCorrection.normal(j, rows: n, mask: nil)) {
                probed = (r0, j)
                let cov = chol.inverse
                let sigma = cov[6, 6].squareRoot()
                let limit = options.dragObservability * max(abs(start.bstarPerEarthRadius), 1e-4)
                if sigma > limit {
                    solveDrag = false
                    note = String(format: "B* held: σ(B*) %.1e > %.1e from this arc", sigma, limit)
                } else {
                    note = String(format: "B* solved (σ %.1e from the data)", sigma)
                }
            } else {
                solveDrag = false
                note = "B* held: not observable from this arc"
            }
        }
        let dragPrior: (value: Double, sigma: Double)? = solveDrag && options.dragPriorFraction != nil
            ? (start.bstarPerEarthRadius, options.dragPriorFraction! * max(abs(start.bstarPerEarthRadius), 1e-4)) : nil
        let problem = Problem(observations: observations, template: start, gravity: gravity, solveDrag: solveDrag,
                              dragPrior: dragPrior)
        if !solveDrag { params.removeLast() }
        let entryCount = observations.entries.count
        let measured = observations.residualCount
        let n = measured + (dragPrior == nil ? 0 : 1)
        let owner = observations.observationOfResidual + (dragPrior == nil ? [] : [entryCount])
        let p = params.count
        guard measured > p else {
            throw MaintenanceError(.tooFewObservations, "\(n) scalar measurements for \(p) parameters")
        }

        var residuals = [Double](repeating: 0, count: n)
        var firstJacobian: [Double]?
        if let probed, dragPrior == nil {
            residuals = probed.residuals
            // The probe solved 7 parameters; holding B* keeps its first 6 columns.
            firstJacobian = p == 7 ? probed.jacobian : (0..<n).flatMap { i in probed.jacobian[(i * 7)..<(i * 7 + p)] }
        } else {
            do { try problem.residuals(params, into: &residuals) } catch {
                throw MaintenanceError(.propagation, "prior elements do not propagate over the arc: \(error)")
            }
        }
        var rejected = [Bool](repeating: false, count: entryCount + 1)
        var cost = SGP4DifferentialCorrection.cost(residuals, owner, rejected)
        var lambda = options.initialDamping
        var iterations = 0
        var converged = false
        var lastJ: [Double] = []
        while iterations < options.maximumIterations {
            iterations += 1
            let j: [Double]
            if let first = firstJacobian { j = first; firstJacobian = nil }
            else { do { j = try problem.jacobian(params, base: residuals) } catch {
                throw MaintenanceError(.propagation, "partials failed: \(error)")
            } }
            lastJ = j
            let a = SGP4DifferentialCorrection.normal(j, rows: n, mask: (owner, rejected))
            var g = [Double](repeating: 0, count: p)
            for i in 0..<n where !rejected[owner[i]] {
                let ri = residuals[i]
                for c in 0..<p { g[c] += j[i * p + c] * ri }
            }
            var accepted = false
            for _ in 0..<12 {
                var damped = a
                for c in 0..<p { damped[c, c] = a[c, c] * (1 + lambda) + 1e-30 }
                guard let chol = CholeskyFactorization(damped) else { lambda *= 10; continue }
                let delta = chol.solve(g)   // J δ ≈ r (residual = observed − predicted)
                var trial = params
                for c in 0..<p { trial[c] += delta[c] }
                var trialResiduals = residuals
                if (try? problem.residuals(trial, into: &trialResiduals)) == nil { lambda *= 10; continue }
                let trialCost = SGP4DifferentialCorrection.cost(trialResiduals, owner, rejected)
                if trialCost.isFinite && trialCost <= cost {
                    params = trial
                    residuals = trialResiduals
                    let change = (cost - trialCost) / max(trialCost, 1e-300)
                    cost = trialCost
                    lambda = max(lambda / 10, 1e-9)
                    accepted = true
                    if change < options.relativeTolerance { converged = true }
                    break
                }
                lambda *= 10
            }
            if !accepted { converged = true }   // no downhill step: at the minimum within damping
            // Outlier editing by measurement.
            var changed = false
            if iterations >= options.iterationsBeforeEditing {
                let rms = SGP4DifferentialCorrection.rms(residuals, owner, rejected)
                let limit = options.editSigma * max(1, rms)
                var perEntry = [Double](repeating: 0, count: entryCount + 1)
                for i in 0..<n { perEntry[owner[i]] += residuals[i] * residuals[i] }
                for e in 0..<entryCount {
                    let v = (perEntry[e] / Double(observations.entries[e].residualCount)).squareRoot()
                    let r = v > limit
                    if r != rejected[e] { rejected[e] = r; changed = true }
                }
                if changed { cost = SGP4DifferentialCorrection.cost(residuals, owner, rejected) }
            }
            if converged && !changed { break }
            if changed { converged = false }
        }
        let rejectedCount = rejected.filter { $0 }.count
        guard entryCount - rejectedCount >= 2, n - rejectedCount > p else {
            throw MaintenanceError(.tooFewObservations, "\(rejectedCount) of \(entryCount) measurements edited out")
        }
        let normal = SGP4DifferentialCorrection.normal(lastJ, rows: n, mask: (owner, rejected))
        guard let chol = CholeskyFactorization(normal) else {
            throw MaintenanceError(.singular, "normal matrix not positive definite")
        }
        var elements = problem.elements(params)
        elements.meanMotionDotRadPerMin2 = prior.meanMotionDotRadPerMin2
        elements.meanMotionDDotRadPerMin3 = prior.meanMotionDDotRadPerMin3
        let rms = SGP4DifferentialCorrection.rms(Array(residuals[0..<measured]), owner, rejected)
        return SGP4Fit(elements: elements, covariance: chol.inverse, solvedDrag: solveDrag, dragNote: note,
                       weightedRMS: rms, iterations: iterations, converged: converged,
                       measurementsUsed: entryCount - rejectedCount, measurementsRejected: rejectedCount,
                       rejectedMeasurements: Array(rejected[0..<entryCount]), residuals: Array(residuals[0..<measured]))
    }

    // MARK: parameterization

    /// [n, aƒ, a_g, χ, ψ, λ, B*] of `m`.
    static func equinoctial(_ m: MeanElements) -> [Double] {
        let lonPeri = m.argumentOfPerigeeRad + m.raanRad
        let t = tan(m.inclinationRad / 2)
        return [m.meanMotionRadPerMin, m.eccentricity * cos(lonPeri), m.eccentricity * sin(lonPeri),
                t * sin(m.raanRad), t * cos(m.raanRad), m.meanAnomalyRad + lonPeri, m.bstarPerEarthRadius]
    }

    static func normalized(_ x: Double) -> Double {
        let y = x.truncatingRemainder(dividingBy: 2 * .pi)
        return y < 0 ? y + 2 * .pi : y
    }

    /// `m` advanced to `epoch` by the first-order J2 secular rates (Vallado 2013 Eq. 9-41), B* kept:
    /// the starting point of the correction.
    public func advance(_ m: MeanElements, to epoch: Instant) -> MeanElements {
        let dtMin = epoch.secondsSince(m.epoch) / 60
        let nRadPerS = m.meanMotionRadPerMin / 60
        let a = pow(gravity.muKm3PerS2 / (nRadPerS * nRadPerS), 1.0 / 3.0)
        let e = m.eccentricity
        let pSemi = a * (1 - e * e)
        let k = 1.5 * gravity.j2 * pow(gravity.radiusKm / pSemi, 2) * m.meanMotionRadPerMin
        let s2 = pow(sin(m.inclinationRad), 2)
        var out = m
        out.epoch = epoch
        out.raanRad = SGP4DifferentialCorrection.normalized(m.raanRad - k * cos(m.inclinationRad) * dtMin)
        out.argumentOfPerigeeRad = SGP4DifferentialCorrection.normalized(m.argumentOfPerigeeRad + 0.5 * k * (4 - 5 * s2) * dtMin)
        out.meanAnomalyRad = SGP4DifferentialCorrection.normalized(
            m.meanAnomalyRad + (m.meanMotionRadPerMin + 0.5 * k * (1 - e * e).squareRoot() * (2 - 3 * s2)) * dtMin)
        return out
    }

    // MARK: normal equations

    /// JᵀJ over the rows not masked out (the upper triangle accumulated in a flat buffer, then mirrored).
    static func normal(_ j: [Double], rows n: Int, mask: ([Int], [Bool])?) -> Matrix {
        let p = j.count / max(n, 1)
        var sums = [Double](repeating: 0, count: p * p)
        j.withUnsafeBufferPointer { jb in
            sums.withUnsafeMutableBufferPointer { a in
                for i in 0..<n {
                    if let (owner, rejected) = mask, rejected[owner[i]] { continue }
                    let row = i * p
                    for r in 0..<p {
                        let jr = jb[row + r]
                        if jr == 0 { continue }
                        for c in r..<p { a[r * p + c] += jr * jb[row + c] }
                    }
                }
            }
        }
        var a = Matrix(rows: p, columns: p)
        for r in 0..<p { for c in r..<p { a[r, c] = sums[r * p + c]; a[c, r] = sums[r * p + c] } }
        return a
    }

    static func cost(_ r: [Double], _ owner: [Int], _ rejected: [Bool]) -> Double {
        var s = 0.0
        for i in r.indices where !rejected[owner[i]] { s += r[i] * r[i] }
        return s
    }

    static func rms(_ r: [Double], _ owner: [Int], _ rejected: [Bool]) -> Double {
        var s = 0.0
        var k = 0
        for i in r.indices where !rejected[owner[i]] { s += r[i] * r[i]; k += 1 }
        return k > 0 ? (s / Double(k)).squareRoot() : .infinity
    }

    /// Mean elements from the parameter vector [n, aƒ, a_g, χ, ψ, λ(, B*)] with the other fields of `template`.
    static func elements(_ x: [Double], template: MeanElements, solveDrag: Bool) -> MeanElements {
            var m = template
            m.meanMotionRadPerMin = x[0]
            let e = (x[1] * x[1] + x[2] * x[2]).squareRoot()
            let lonPeri = atan2(x[2], x[1])
            let raan = atan2(x[3], x[4])
            m.eccentricity = e
            m.inclinationRad = 2 * atan((x[3] * x[3] + x[4] * x[4]).squareRoot())
            m.raanRad = SGP4DifferentialCorrection.normalized(raan)
            m.argumentOfPerigeeRad = SGP4DifferentialCorrection.normalized(lonPeri - raan)
            m.meanAnomalyRad = SGP4DifferentialCorrection.normalized(x[5] - lonPeri)
            if solveDrag && x.count > 6 { m.bstarPerEarthRadius = x[6] }
            return m
    }

    /// The residual function of the fit.
    struct Problem {
        let observations: ObservationSet
        let template: MeanElements
        let gravity: GravityModel
        let solveDrag: Bool
        /// A-priori B* and its σ, appended as one more normalized residual.
        let dragPrior: (value: Double, sigma: Double)?

        func elements(_ x: [Double]) -> MeanElements {
            SGP4DifferentialCorrection.elements(x, template: template, solveDrag: solveDrag)
        }


        func residuals(_ x: [Double], into out: inout [Double]) throws {
            let m = elements(x)
            guard m.eccentricity < 0.98, m.meanMotionRadPerMin > 0 else {
                throw MaintenanceError(.propagation, "trial elements out of range")
            }
            let sgp4 = try SGP4(m, gravity: gravity)
            try observations.normalizedResiduals(sgp4, into: &out)
            if let prior = dragPrior { out[observations.residualCount] = (prior.value - m.bstarPerEarthRadius) / prior.sigma }
        }

        /// Forward-difference Jacobian, row-major n × p, of the *predicted* (so of −residual),
        /// i.e. J such that residual(x + δ) ≈ residual(x) − J δ.
        func jacobian(_ x: [Double], base: [Double]) throws -> [Double] {
            let p = x.count
            let n = base.count
            var j = [Double](repeating: 0, count: n * p)
            var col = base
            for c in 0..<p {
                var h = step(c, x[c])
                var xp = x
                xp[c] += h
                do { try residuals(xp, into: &col) } catch {
                    h = -h
                    xp[c] = x[c] + h
                    try residuals(xp, into: &col)
                }
                for i in 0..<n { j[i * p + c] = (base[i] - col[i]) / h }
            }
            return j
        }

        func step(_ c: Int, _ v: Double) -> Double {
            switch c {
            case 0: return max(abs(v) * 1e-7, 1e-10)
            case 1, 2: return 1e-6
            case 3, 4: return 1e-6
            case 5: return 1e-6
            default: return max(abs(v) * 0.05, 2e-6)
            }
        }
    }
}

/// The result of an SGP4 differential correction.
public struct SGP4Fit: Sendable {
    /// The fitted mean elements at the new epoch.
    public var elements: MeanElements
    /// Covariance of the solved parameters [n (rad/min), aƒ, a_g, χ, ψ, λ (rad)(, B* (1/ER))],
    /// from (JᵀJ)⁻¹ of the normalized residuals of accepted measurements.
    public var covariance: Matrix
    /// Whether B* was solved (otherwise held at the prior).
    public var solvedDrag: Bool
    /// Why B* was solved or held.
    public var dragNote: String
    /// RMS of the normalized residuals of accepted measurements (≈ 1 for a fit at the noise level).
    public var weightedRMS: Double
    public var iterations: Int
    public var converged: Bool
    public var measurementsUsed: Int
    public var measurementsRejected: Int
    /// Per prepared measurement: edited out or not.
    public var rejectedMeasurements: [Bool]
    /// Final normalized residuals (all measurements, edited ones included).
    public var residuals: [Double]
}
