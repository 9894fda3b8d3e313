import Foundation
import Testing
@testable import Estimation

/// y = a + b·x with a common 1-σ; residuals normalized by σ.
private struct StraightLine: LeastSquaresModel {
    var x: [Double]
    var y: [Double]
    var sigma: Double
    var parameterCount: Int { 2 }
    func normalizedResiduals(_ p: [Double]) throws -> [Double] {
        zip(x, y).map { ($1 - (p[0] + p[1] * $0)) / sigma }
    }
    /// Exact Jacobian (central differences would add ~1e-10 of rounding noise).
    func jacobian(_ p: [Double]) throws -> Matrix {
        var j = Matrix(rows: x.count, columns: 2)
        for (i, xi) in x.enumerated() { j[i, 0] = -1 / sigma; j[i, 1] = -xi / sigma }
        return j
    }
}

/// NIST StRD Misra1a: y = b1·(1 − exp(−b2·x)), unit weights.
private struct Misra1a: LeastSquaresModel {
    var x: [Double]
    var y: [Double]
    var analytic: Bool
    var parameterCount: Int { 2 }
    func normalizedResiduals(_ p: [Double]) throws -> [Double] {
        zip(x, y).map { $1 - p[0] * (1 - exp(-p[1] * $0)) }
    }
    func jacobian(_ p: [Double]) throws -> Matrix {
        guard analytic else { return try centralDifferenceJacobian(p) }
        var j = Matrix(rows: x.count, columns: 2)
        for (i, xi) in x.enumerated() {
            let e = exp(-p[1] * xi)
            j[i, 0] = -(1 - e)
            j[i, 1] = -p[0] * xi * e
        }
        return j
    }

    static func load(analytic: Bool) throws -> Misra1a {
        var x: [Double] = [], y: [Double] = []
        for line in try Fixtures.text("estimation/Misra1a.dat").split(separator: "\n") where !line.hasPrefix("#") {
            let f = line.split(separator: " ").compactMap { Double($0) }
            guard f.count == 2 else { continue }
            y.append(f[0]); x.append(f[1])
        }
        return Misra1a(x: x, y: y, analytic: analytic)
    }
}

/// r = ln p − ln target: undefined (throws) for p ≤ 0, where a full Gauss–Newton step from a
/// large p lands.
private struct LogModel: LeastSquaresModel {
    struct Undefined: Error {}
    var parameterCount: Int { 1 }
    func normalizedResiduals(_ p: [Double]) throws -> [Double] {
        guard p[0] > 0 else { throw Undefined() }
        return [log(p[0]) - log(2), 2 * (log(p[0]) - log(2))]
    }
}

/// Records an issue unless `body` throws an ``EstimationError`` with `code`.
private func expectCode(_ code: EstimationError.Code, sourceLocation: SourceLocation = #_sourceLocation,
                        _ body: () throws -> Void) {
    do {
        try body()
        Issue.record("no error thrown, expected \(code)", sourceLocation: sourceLocation)
    } catch let e as EstimationError {
        #expect(e.code == code, sourceLocation: sourceLocation)
    } catch {
        Issue.record("unexpected error \(error)", sourceLocation: sourceLocation)
    }
}

@Suite("Batch least squares (Gauss–Newton / Levenberg–Marquardt)")
struct BatchLeastSquaresTests {
    @Test("straight line: estimate and covariance equal the closed-form weighted regression to 1e-10")
    func straightLineClosedForm() throws {
        var rng = SeededGenerator(seed: 7)
        let sigma = 0.5
        let x = (0..<40).map { Double($0) * 0.25 }
        let y = x.map { 3 - 1.5 * $0 + sigma * rng.gaussian() }
        var options = BatchLeastSquares.Options()
        options.rmsTolerance = 0  // iterate to the exact minimum (step test only) to compare at 1e-10
        options.stepTolerance = 1e-13
        let solution = try BatchLeastSquares(options: options).solve(StraightLine(x: x, y: y, sigma: sigma), initial: [0, 0])
        // Closed form (e.g. Press et al., Numerical Recipes 3rd ed., §15.2):
        // Δ = S·Sxx − Sx², a = (Sxx·Sy − Sx·Sxy)/Δ, b = (S·Sxy − Sx·Sy)/Δ,
        // var a = Sxx/Δ, var b = S/Δ, cov ab = −Sx/Δ with every sum weighted by 1/σ².
        let w = 1 / (sigma * sigma)
        let s = w * Double(x.count)
        let sx = w * x.reduce(0, +), sy = w * y.reduce(0, +)
        let sxx = w * x.reduce(0) { $0 + $1 * $1 }
        let sxy = w * zip(x, y).reduce(0) { $0 + $1.0 * $1.1 }
        let delta = s * sxx - sx * sx
        let a = (sxx * sy - sx * sxy) / delta, b = (s * sxy - sx * sy) / delta
        #expect(solution.converged)
        #expect(abs(solution.parameters[0] - a) < 1e-10)
        #expect(abs(solution.parameters[1] - b) < 1e-10)
        #expect(abs(solution.covariance[0, 0] - sxx / delta) < 1e-12)
        #expect(abs(solution.covariance[1, 1] - s / delta) < 1e-12)
        #expect(abs(solution.covariance[0, 1] + sx / delta) < 1e-12)
        #expect(abs(solution.covariance[1, 0] + sx / delta) < 1e-12)
        #expect(solution.rejectedObservations.isEmpty)
        #expect(abs(solution.weightedRMS - 1) < 0.3)
    }

    @Test("NIST StRD Misra1a from both certified starts: parameters to 1e-9, std errors to 1e-6, RSS to 1e-9 (relative)",
          arguments: [([500.0, 1e-4], true), ([250.0, 5e-4], true), ([500.0, 1e-4], false), ([250.0, 5e-4], false)])
    func misra1a(start: [Double], analyticJacobian: Bool) throws {
        // Certified values: https://www.itl.nist.gov/div898/strd/nls/data/misra1a.shtml (fixture Misra1a.dat).
        let model = try Misra1a.load(analytic: analyticJacobian)
        #expect(model.x.count == 14)
        var options = BatchLeastSquares.Options()
        options.editingMultiplier = nil
        options.rmsTolerance = 1e-15
        options.stepTolerance = 1e-10
        options.maxIterations = 200
        let solution = try BatchLeastSquares(options: options).solve(model, initial: start)
        #expect(solution.converged, "iterations \(solution.iterations)")
        let rss = solution.residuals.reduce(0) { $0 + $1 * $1 }
        let s2 = rss / 12
        func rel(_ a: Double, _ b: Double) -> Double { abs(a - b) / abs(b) }
        #expect(rel(solution.parameters[0], 2.3894212918E+02) < 1e-9)
        #expect(rel(solution.parameters[1], 5.5015643181E-04) < 1e-9)
        #expect(rel(rss, 1.2455138894E-01) < 1e-9)
        #expect(rel((solution.covariance[0, 0] * s2).squareRoot(), 2.7070075241E+00) < 1e-6)
        #expect(rel(solution.covarianceScaledByFit[1, 1].squareRoot(), 7.2668688436E-06) < 1e-6)
        #expect(rel((solution.covariance[1, 1] * s2).squareRoot(), 7.2668688436E-06) < 1e-6)
    }

    @Test("5% gross outliers (20σ) are edited out and the fit lands within 3σ of the truth")
    func outlierRejection() throws {
        var rng = SeededGenerator(seed: 2026)
        let sigma = 0.1
        let x = (0..<200).map { Double($0) * 0.05 }
        var y = x.map { 3 - 1.5 * $0 + sigma * rng.gaussian() }
        let outliers = Set((0..<10).map { $0 * 20 + 3 })
        for i in outliers { y[i] += (i % 2 == 0 ? 1 : -1) * 20 * sigma }
        let model = StraightLine(x: x, y: y, sigma: sigma)

        var noEditing = BatchLeastSquares.Options()
        noEditing.editingMultiplier = nil
        let contaminated = try BatchLeastSquares(options: noEditing).solve(model, initial: [0, 0])
        #expect(contaminated.weightedRMS > 3)  // the outliers do spoil an unedited fit

        let solution = try BatchLeastSquares().solve(model, initial: [0, 0])
        #expect(solution.converged)
        #expect(outliers.isSubset(of: solution.rejectedObservations))
        #expect(solution.rejectedObservations.count <= outliers.count + 3)  // ~0.3% of good points exceed 3σ
        let sa = solution.covariance[0, 0].squareRoot(), sb = solution.covariance[1, 1].squareRoot()
        #expect(abs(solution.parameters[0] - 3) < 3 * sa)
        #expect(abs(solution.parameters[1] + 1.5) < 3 * sb)
        #expect(abs(solution.weightedRMS - 1) < 0.15)
        #expect(solution.acceptedResidualCount == 200 - solution.rejectedObservations.count)
    }

    @Test("observations edited as a whole: one bad component rejects its whole observation")
    func editingByObservation() throws {
        struct Pairs: LeastSquaresModel {
            var y: [Double]
            var parameterCount: Int { 1 }
            var observationOfResidual: [Int] { y.indices.map { $0 / 2 } }
            func normalizedResiduals(_ p: [Double]) throws -> [Double] { y.map { $0 - p[0] } }
        }
        var rng = SeededGenerator(seed: 11)
        var y = (0..<60).map { _ in 5 + rng.gaussian() }
        y[21] += 40  // observation 10, second component
        let solution = try BatchLeastSquares().solve(Pairs(y: y), initial: [0])
        #expect(solution.rejectedObservations.contains(10))
        #expect(solution.acceptedResidualCount <= 58)
        #expect(abs(solution.parameters[0] - 5) < 3 / 58.0.squareRoot())
    }

    @Test("a model that throws for a trial step makes the solver damp, not abort")
    func throwingTrialStep() throws {
        var options = BatchLeastSquares.Options()
        options.initialDamping = 0  // start as pure Gauss–Newton, whose first step goes to p < 0
        let solution = try BatchLeastSquares(options: options).solve(LogModel(), initial: [100])
        #expect(solution.converged)
        #expect(abs(solution.parameters[0] - 2) < 1e-9)
    }

    @Test("bad inputs give coded errors")
    func errors() throws {
        let line = StraightLine(x: [1], y: [2], sigma: 1)
        #expect(throws: EstimationError.self) { try BatchLeastSquares().solve(line, initial: [0, 0]) }
        expectCode(.tooFewObservations) { _ = try BatchLeastSquares().solve(line, initial: [0, 0]) }
        expectCode(.invalidInput) { _ = try BatchLeastSquares().solve(line, initial: [0]) }
        expectCode(.modelFailed) { _ = try BatchLeastSquares().solve(LogModel(), initial: [-1]) }
        struct BadMap: LeastSquaresModel {
            var parameterCount: Int { 1 }
            var observationOfResidual: [Int] { [0] }
            func normalizedResiduals(_ p: [Double]) throws -> [Double] { [p[0], p[0] - 1] }
        }
        expectCode(.invalidInput) { _ = try BatchLeastSquares().solve(BadMap(), initial: [0]) }
        // All x equal: intercept and slope cannot be told apart.
        let flat = StraightLine(x: [2, 2, 2, 2], y: [1, 2, 3, 4], sigma: 1)
        do {
            _ = try BatchLeastSquares().solve(flat, initial: [0, 0])
            Issue.record("a singular problem was solved")
        } catch let e as EstimationError {
            #expect(e.code == .singularNormalMatrix)
        }
        var options = BatchLeastSquares.Options()
        options.maxIterations = 1
        options.requireConvergence = true
        options.rmsTolerance = 0
        options.stepTolerance = 0
        do {
            _ = try BatchLeastSquares(options: options).solve(try Misra1a.load(analytic: true), initial: [500, 1e-4])
            Issue.record("one iteration converged")
        } catch let e as EstimationError {
            #expect(e.code == .didNotConverge)
        }
    }
}
