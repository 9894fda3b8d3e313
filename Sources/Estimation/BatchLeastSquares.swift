import Foundation

/// A measurement model for ``BatchLeastSquares``: residuals as a function of the parameters.
///
/// Residuals are *normalized*: each is (observed − computed) divided by its 1-σ noise, so all
/// weights are 1 and the weighted RMS of a good fit is about 1. The solver minimizes the sum of
/// their squares.
public protocol LeastSquaresModel {
    /// Number of unknowns.
    var parameterCount: Int { get }
    /// Residuals already divided by their 1-σ, one per scalar measurement. The count must not
    /// change with the parameters. Throw when the model cannot be evaluated (e.g. an orbit that
    /// decays); the solver then shortens the step.
    func normalizedResiduals(_ parameters: [Double]) throws -> [Double]
    /// The observation each residual belongs to (an observation, e.g. a range/az/el triple, is
    /// accepted or rejected as a whole). Empty (the default) means every residual is its own
    /// observation.
    var observationOfResidual: [Int] { get }
    /// The Jacobian ∂(normalizedResiduals)/∂(parameters), residuals × parameters. The default
    /// uses central differences with ``finiteDifferenceSteps``.
    func jacobian(_ parameters: [Double]) throws -> Matrix
    /// Step per parameter for the default central-difference Jacobian. Empty (the default) means
    /// h = ∛ε·|pⱼ| (∛ε·1 for a zero parameter), ε the `Double` machine epsilon.
    var finiteDifferenceSteps: [Double] { get }
}

extension LeastSquaresModel {
    public var observationOfResidual: [Int] { [] }
    public var finiteDifferenceSteps: [Double] { [] }

    public func jacobian(_ parameters: [Double]) throws -> Matrix {
        try centralDifferenceJacobian(parameters)
    }

    /// ∂(normalizedResiduals)/∂(parameters) by central differences, (r(p + hⱼeⱼ) − r(p − hⱼeⱼ)) / 2hⱼ,
    /// with hⱼ from ``finiteDifferenceSteps``.
    public func centralDifferenceJacobian(_ parameters: [Double]) throws -> Matrix {
        let n = parameters.count
        let steps = finiteDifferenceSteps
        let cbrtEpsilon = Foundation.cbrt(Double.ulpOfOne)
        var j: Matrix?
        var p = parameters
        for col in 0..<n {
            let h: Double
            if steps.count == n {
                h = steps[col]
            } else {
                h = parameters[col] == 0 ? cbrtEpsilon : cbrtEpsilon * abs(parameters[col])
            }
            p[col] = parameters[col] + h
            let plus = try normalizedResiduals(p)
            p[col] = parameters[col] - h
            let minus = try normalizedResiduals(p)
            p[col] = parameters[col]
            if j == nil { j = Matrix(rows: plus.count, columns: n) }
            let denominator = (parameters[col] + h) - (parameters[col] - h)
            for i in 0..<plus.count { j![i, col] = (plus[i] - minus[i]) / denominator }
        }
        return j ?? Matrix(rows: 0, columns: 0)
    }
}

/// Weighted nonlinear batch least squares: Gauss–Newton iterations with Levenberg–Marquardt
/// damping, data editing of outlying observations, and the covariance of the estimate.
///
/// Sources: Vallado, *Fundamentals of Astrodynamics and Applications*, 4th ed. (2013), §10.4
/// (nonlinear least squares, data editing by a multiple of the RMS); Montenbruck & Gill,
/// *Satellite Orbits* (2000), §8.1 (Gauss–Newton, covariance (AᵀWA)⁻¹); Tapley, Schutz & Born,
/// *Statistical Orbit Determination* (2004), ch. 4; Marquardt, "An algorithm for least-squares
/// estimation of nonlinear parameters", SIAM J. Appl. Math. 11 (1963) for the damping with the
/// scaling D = diag(‖Jⱼ‖).
///
/// Each iteration factors the Jacobian of the accepted residuals by Householder QR and solves
/// the damped step min ‖J·δ + r‖² + λ‖D·δ‖² without forming JᵀJ. A step that raises the cost, or
/// at which the model throws, is rejected and λ grows by a factor ν that doubles on each
/// successive rejection; an accepted step scales λ by max(1/3, 1 − (2ρ − 1)³) with ρ the ratio of
/// actual to predicted decrease (H. B. Nielsen, "Damping parameter in Marquardt's method",
/// IMM-REP-1999-05, DTU; Madsen, Nielsen & Tingleff 2004, §3.2).
///
/// Convergence (tested at each new point, independent of the damping): the decrease of the sum
/// of squares a full Gauss–Newton step would give, as a relative change of weighted RMS, is below
/// ``Options/rmsTolerance``, or that step's largest relative parameter change is below
/// ``Options/stepTolerance``; or no damped step lowers the cost (a minimum to working
/// precision). In each case a final editing pass must leave the edited set unchanged.
///
/// Data editing (Vallado 2013 §10.4): from iteration ``Options/minimumIterationsBeforeEditing``
/// on, an observation is rejected when the RMS of its normalized residuals exceeds
/// k·max(weighted RMS, floor) with k = ``Options/editingMultiplier`` and floor =
/// ``Options/editingFloor``; the set is recomputed from all observations each time, so an
/// observation can come back.
public struct BatchLeastSquares: Sendable {
    /// Settings of the solver.
    public struct Options: Sendable, Hashable {
        /// Largest number of Jacobian evaluations (outer iterations).
        public var maxIterations: Int = 50
        /// Converged when a Gauss–Newton step would change the weighted RMS by less than this, relatively.
        public var rmsTolerance: Double = 1e-10
        /// Converged when the Gauss–Newton step has maxⱼ |δⱼ| / |pⱼ| below this.
        public var stepTolerance: Double = 1e-10
        /// k in the editing test; `nil` turns editing off.
        public var editingMultiplier: Double? = 3
        /// Lower bound on the RMS used in the editing test (1 = never reject inside k·σ).
        public var editingFloor: Double = 1
        /// Iterations before the first editing pass (the first fits are far from the truth).
        public var minimumIterationsBeforeEditing: Int = 2
        /// Initial Levenberg–Marquardt λ (relative to the Marquardt scaling D²). 0 starts as pure Gauss–Newton.
        public var initialDamping: Double = 1e-3
        /// λ beyond which no step is found and the current point is taken as the minimum.
        public var maximumDamping: Double = 1e12
        /// Throw `.didNotConverge` instead of returning a solution with `converged == false`.
        public var requireConvergence: Bool = false

        public init() {}
    }

    /// The solver's settings.
    public var options: Options

    public init(options: Options = Options()) { self.options = options }

    /// Fits `model` starting from `initial`.
    ///
    /// - Throws: ``EstimationError`` `.invalidInput` (wrong sizes, non-finite start),
    ///   `.modelFailed` (the model throws at the start or for the Jacobian), `.tooFewObservations`
    ///   (fewer accepted residuals than parameters), `.singularNormalMatrix` (a parameter not
    ///   determined by the data), `.didNotConverge` (only with ``Options/requireConvergence``).
    public func solve<M: LeastSquaresModel>(_ model: M, initial: [Double]) throws -> LeastSquaresSolution {
        let n = model.parameterCount
        guard n > 0, initial.count == n else {
            throw EstimationError(.invalidInput, "\(initial.count) initial values for \(n) parameters")
        }
        guard initial.allSatisfy(\.isFinite) else {
            throw EstimationError(.invalidInput, "initial parameters are not finite: \(initial)")
        }
        var p = initial
        var r = try evaluate(model, p, what: "residuals at the initial parameters")
        let m = r.count
        let observationMap = model.observationOfResidual
        guard observationMap.isEmpty || observationMap.count == m else {
            throw EstimationError(.invalidInput, "observationOfResidual has \(observationMap.count) entries for \(m) residuals")
        }
        let observationOf: (Int) -> Int = observationMap.isEmpty ? { $0 } : { observationMap[$0] }
        guard m >= n else {
            throw EstimationError(.tooFewObservations, "\(m) residuals for \(n) parameters")
        }

        var rejected = Set<Int>()
        var accepted = [Bool](repeating: true, count: m)
        var cost = Self.cost(r, accepted)
        var lambda = options.initialDamping
        var growth = 2.0
        var iterations = 0
        var converged = false
        var finalR: Matrix?  // QR of the accepted Jacobian at the converged point, for the covariance

        outer: while iterations < options.maxIterations {
            iterations += 1
            let acceptedRows = accepted.indices.filter { accepted[$0] }
            guard acceptedRows.count >= n else {
                throw EstimationError(.tooFewObservations, "\(acceptedRows.count) accepted residuals for \(n) parameters")
            }
            let j = try jacobianChecked(model, p, rows: m, columns: n)
            // QR of the accepted rows: ‖J·δ + r‖² = ‖R·δ − c‖² + const, c = (Qᵀ(−r))[0..<n].
            var a = Matrix(rows: acceptedRows.count, columns: n)
            var b = [Double](repeating: 0, count: acceptedRows.count)
            var columnNorm = [Double](repeating: 0, count: n)
            for (row, i) in acceptedRows.enumerated() {
                for col in 0..<n {
                    let x = j[i, col]
                    a[row, col] = x
                    columnNorm[col] += x * x
                }
                b[row] = -r[i]
            }
            for col in 0..<n { columnNorm[col] = columnNorm[col].squareRoot() }
            if let zero = columnNorm.firstIndex(where: { !($0 > 0) }) {
                throw EstimationError(.singularNormalMatrix, "parameter \(zero) does not affect any accepted residual")
            }
            HouseholderQR.reduce(&a, &b)

            // Convergence: the Gauss–Newton step would lower the cost by ‖b₁..ₙ‖² (b = Qᵀ(−r));
            // stop when that, as a relative change of RMS, or the step itself is below tolerance.
            var gaussNewtonDecrease = 0.0
            for i in 0..<n { gaussNewtonDecrease += b[i] * b[i] }
            let gaussNewtonStep = HouseholderQR.backSubstitute(a, b)
            if gaussNewtonDecrease <= 2 * options.rmsTolerance * cost
                || gaussNewtonStep.map({ Self.largestRelativeStep($0, p) <= options.stepTolerance }) == true {
                if try !edit(r, force: true) { converged = true; finalR = a; break outer }
                continue outer
            }

            // Damped steps until the cost drops.
            var trial: [Double] = []
            var trialResiduals: [Double] = []
            var trialCost = cost
            while true {
                var small = Matrix(rows: 2 * n, columns: n)
                var rhs = [Double](repeating: 0, count: 2 * n)
                for i in 0..<n {
                    for k in i..<n { small[i, k] = a[i, k] }
                    rhs[i] = b[i]
                    small[n + i, i] = lambda.squareRoot() * columnNorm[i]
                }
                HouseholderQR.reduce(&small, &rhs)
                if let delta = HouseholderQR.backSubstitute(small, rhs) {
                    trial = zip(p, delta).map(+)
                    if trial.allSatisfy(\.isFinite),
                       let rt = try? model.normalizedResiduals(trial), rt.count == m, rt.allSatisfy(\.isFinite) {
                        let c = Self.cost(rt, accepted)
                        // Ties within a few ulps count as no increase, so that at the minimum
                        // rounding noise does not keep the damping up.
                        if c <= cost * (1 + 1e-15) {
                            trialResiduals = rt
                            trialCost = c
                            // Gain ratio ρ = actual / predicted decrease; predicted from the QR
                            // model ‖J·δ + r‖² = ‖R·δ − b‖² + const (Nielsen 1999 update).
                            var predicted = 0.0
                            for i in 0..<n {
                                var rowValue = 0.0
                                for k in i..<n { rowValue += a[i, k] * delta[k] }
                                predicted += b[i] * b[i] - (rowValue - b[i]) * (rowValue - b[i])
                            }
                            let rho = predicted > 0 ? (cost - c) / predicted : 0
                            let t = 2 * rho - 1
                            lambda = max(lambda * max(1.0 / 3, 1 - t * t * t), 1e-15)
                            growth = 2
                            break
                        }
                    }
                } else if lambda == 0 {
                    // Pure Gauss–Newton on a rank-deficient J: start damping.
                    lambda = 1e-3
                    continue
                }
                lambda = lambda == 0 ? 1e-3 : lambda * growth
                growth *= 2
                if lambda > options.maximumDamping {
                    // No damped step lowers the cost: a minimum to working precision.
                    if try !edit(r, force: true) { converged = true; finalR = a; break outer }
                    continue outer
                }
            }

            p = trial
            r = trialResiduals
            cost = trialCost
            _ = try edit(r, force: false)
        }

        /// Recomputes the edited set from residuals `res`; true when it changed (cost is then updated).
        func edit(_ res: [Double], force: Bool) throws -> Bool {
            guard let k = options.editingMultiplier, force || iterations >= options.minimumIterationsBeforeEditing else {
                return false
            }
            let acceptedCount = accepted.reduce(0) { $0 + ($1 ? 1 : 0) }
            let rms = (Self.cost(res, accepted) / Double(max(acceptedCount, 1))).squareRoot()
            let threshold = k * max(rms, options.editingFloor)
            var sum: [Int: (Double, Int)] = [:]
            for i in 0..<m {
                let o = observationOf(i)
                let (s, c) = sum[o] ?? (0, 0)
                sum[o] = (s + res[i] * res[i], c + 1)
            }
            var newRejected = Set<Int>()
            for (o, (s, c)) in sum where (s / Double(c)).squareRoot() > threshold { newRejected.insert(o) }
            guard newRejected != rejected else { return false }
            var newAccepted = accepted
            for i in 0..<m { newAccepted[i] = !newRejected.contains(observationOf(i)) }
            // Never edit below the number of unknowns.
            guard newAccepted.reduce(0, { $0 + ($1 ? 1 : 0) }) >= n else { return false }
            rejected = newRejected
            accepted = newAccepted
            cost = Self.cost(res, accepted)
            lambda = max(lambda, options.initialDamping)
            return true
        }

        if !converged && options.requireConvergence {
            throw EstimationError(.didNotConverge, "no convergence in \(options.maxIterations) iterations (weighted RMS \(Self.rms(r, accepted)))")
        }
        // Covariance (JᵀJ)⁻¹ of the accepted residuals at the solution (R from the last QR when
        // the loop converged there, else a fresh Jacobian).
        let acceptedRows = accepted.indices.filter { accepted[$0] }
        let r1: Matrix
        if let finalR {
            r1 = finalR
        } else {
            let j = try jacobianChecked(model, p, rows: m, columns: n)
            var a = Matrix(rows: acceptedRows.count, columns: n)
            var b = [Double](repeating: 0, count: acceptedRows.count)
            for (row, i) in acceptedRows.enumerated() {
                for col in 0..<n { a[row, col] = j[i, col] }
            }
            HouseholderQR.reduce(&a, &b)
            r1 = a
        }
        guard let covariance = HouseholderQR.inverseOfNormalMatrix(r1) else {
            throw EstimationError(.singularNormalMatrix, "the normal matrix at the solution is singular: some parameter is not determined by the accepted data")
        }
        return LeastSquaresSolution(parameters: p, covariance: covariance, weightedRMS: Self.rms(r, accepted),
                                    iterations: iterations, converged: converged, rejectedObservations: rejected,
                                    residuals: r, acceptedResidualCount: acceptedRows.count)
    }

    private func evaluate<M: LeastSquaresModel>(_ model: M, _ p: [Double], what: String) throws -> [Double] {
        let r: [Double]
        do { r = try model.normalizedResiduals(p) } catch {
            throw EstimationError(.modelFailed, "the model failed computing \(what)", underlying: "\(error)")
        }
        guard r.allSatisfy(\.isFinite) else {
            throw EstimationError(.modelFailed, "non-finite \(what)")
        }
        return r
    }

    private func jacobianChecked<M: LeastSquaresModel>(_ model: M, _ p: [Double], rows: Int, columns: Int) throws -> Matrix {
        let j: Matrix
        do { j = try model.jacobian(p) } catch {
            throw EstimationError(.modelFailed, "the model failed computing the Jacobian at \(p)", underlying: "\(error)")
        }
        guard j.rows == rows, j.columns == columns else {
            throw EstimationError(.invalidInput, "Jacobian is \(j.rows)×\(j.columns), expected \(rows)×\(columns)")
        }
        guard j.elements.allSatisfy(\.isFinite) else {
            throw EstimationError(.modelFailed, "non-finite Jacobian at \(p)")
        }
        return j
    }

    private static func largestRelativeStep(_ step: [Double], _ p: [Double]) -> Double {
        var largest = 0.0
        for i in step.indices { largest = max(largest, abs(step[i]) / max(abs(p[i]), 1e-300)) }
        return largest
    }

    private static func cost(_ r: [Double], _ accepted: [Bool]) -> Double {
        var s = 0.0
        for i in r.indices where accepted[i] { s += r[i] * r[i] }
        return s
    }

    private static func rms(_ r: [Double], _ accepted: [Bool]) -> Double {
        let count = accepted.reduce(0) { $0 + ($1 ? 1 : 0) }
        return count == 0 ? 0 : (cost(r, accepted) / Double(count)).squareRoot()
    }
}

/// The outcome of ``BatchLeastSquares/solve(_:initial:)``.
public struct LeastSquaresSolution: Sendable, Hashable {
    /// The estimated parameters.
    public var parameters: [Double]
    /// (JᵀJ)⁻¹ over the accepted normalized residuals at ``parameters``: the formal covariance
    /// when the 1-σ used to normalize are right. Multiply by ``weightedRMS``² (times m/(m−n)) for
    /// the covariance scaled by the observed scatter.
    public var covariance: Matrix
    /// √(Σr²/m) over the accepted normalized residuals (about 1 for a good fit with honest σ).
    public var weightedRMS: Double
    /// Outer (Jacobian) iterations used.
    public var iterations: Int
    /// Whether the convergence test passed (otherwise the iteration limit was hit).
    public var converged: Bool
    /// Observations (indices as in ``LeastSquaresModel/observationOfResidual``) edited out.
    public var rejectedObservations: Set<Int>
    /// All normalized residuals at the solution, rejected ones included.
    public var residuals: [Double]
    /// Number of residuals that entered the fit.
    public var acceptedResidualCount: Int

    /// ``covariance`` scaled by the observed scatter, s²·(JᵀJ)⁻¹ with s² = Σr²/(m − n) over the
    /// accepted residuals (the usual regression covariance when the σ used to normalize are only
    /// relative weights; equal to ``covariance`` when they are honest and s ≈ 1).
    public var covarianceScaledByFit: Matrix {
        let n = parameters.count
        guard acceptedResidualCount > n else { return covariance }
        let s2 = weightedRMS * weightedRMS * Double(acceptedResidualCount) / Double(acceptedResidualCount - n)
        return s2 * covariance
    }

    public init(parameters: [Double], covariance: Matrix, weightedRMS: Double, iterations: Int, converged: Bool,
                rejectedObservations: Set<Int>, residuals: [Double], acceptedResidualCount: Int) {
        self.parameters = parameters
        self.covariance = covariance
        self.weightedRMS = weightedRMS
        self.iterations = iterations
        self.converged = converged
        self.rejectedObservations = rejectedObservations
        self.residuals = residuals
        self.acceptedResidualCount = acceptedResidualCount
    }
}
