import Foundation
import Testing
@testable import Estimation

/// Brute force: the largest number of pairs without a forbidden one, then the least cost.
private func bruteForce(_ c: [[Double]]) -> (count: Int, cost: Double) {
    let n = c.count, m = c.first?.count ?? 0
    var used = [Bool](repeating: false, count: m)
    var best = (count: 0, cost: 0.0)
    func visit(_ row: Int, _ count: Int, _ cost: Double) {
        if row == n {
            if count > best.count || (count == best.count && cost < best.cost) { best = (count, cost) }
            return
        }
        visit(row + 1, count, cost)  // row left unassigned
        for j in 0..<m where !used[j] && c[row][j].isFinite {
            used[j] = true
            visit(row + 1, count + 1, cost + c[row][j])
            used[j] = false
        }
    }
    visit(0, 0, 0)
    return best
}

@Suite("Linear assignment (Jonker–Volgenant 1987)")
struct AssignmentTests {
    @Test("the SciPy linear_sum_assignment documentation example: cost 5 with rows → columns 1, 0, 2")
    func textbookExample() throws {
        // scipy.optimize.linear_sum_assignment docs: cost = [[4, 1, 3], [2, 0, 5], [3, 2, 2]] → col_ind [1, 0, 2], total 5.
        let a = try JonkerVolgenant1987.solve([[4, 1, 3], [2, 0, 5], [3, 2, 2]])
        #expect(a.columnOfRow == [1, 0, 2])
        #expect(a.totalCost == 5)
        #expect(a.rowOfColumn == [1, 0, 2])
    }

    @Test("matches brute force on 600 seeded random matrices up to 6×6, rectangular both ways, 25% forbidden")
    func bruteForceComparison() throws {
        var rng = SeededGenerator(seed: 1987)
        for trial in 0..<600 {
            let n = Int.random(in: 1...6, using: &rng), m = Int.random(in: 1...6, using: &rng)
            let forbiddenShare = trial % 3 == 0 ? 0.0 : 0.25
            let costs = (0..<n).map { _ in
                (0..<m).map { _ -> Double in
                    Double.random(in: 0..<1, using: &rng) < forbiddenShare ? .infinity
                        : (Double.random(in: -50..<100, using: &rng) * 100).rounded() / 100
                }
            }
            let a = try JonkerVolgenant1987.solve(costs)
            let expected = bruteForce(costs)
            let pairs = a.pairs
            #expect(pairs.count == expected.count, "trial \(trial): \(costs)")
            #expect(abs(a.totalCost - expected.cost) < 1e-9, "trial \(trial): \(costs)")
            // The reported pairs are consistent, distinct, finite and add up to the total.
            #expect(Set(pairs.map(\.column)).count == pairs.count)
            #expect(pairs.allSatisfy { costs[$0.row][$0.column].isFinite })
            #expect(abs(pairs.reduce(0) { $0 + costs[$1.row][$1.column] } - a.totalCost) < 1e-9)
            for (row, column) in pairs { #expect(a.rowOfColumn[column] == row) }
        }
    }

    @Test("rectangular, forbidden, all-forbidden and empty problems")
    func edgeCases() throws {
        let wide = try JonkerVolgenant1987.solve([[9, 1, 8, 7], [1, 9, 8, 7]])
        #expect(wide.columnOfRow == [1, 0] && wide.totalCost == 2)
        let tall = try JonkerVolgenant1987.solve([[9, 1], [1, 9], [0.5, 0.5]])
        #expect(tall.totalCost == 1.5 && tall.pairs.count == 2)
        #expect(tall.columnOfRow[2] != nil)
        let inf = Double.infinity
        // Row 0 may only take column 0; row 1 prefers column 0 but must yield it.
        let forced = try JonkerVolgenant1987.solve([[10, inf], [1, 5]])
        #expect(forced.columnOfRow == [0, 1] && forced.totalCost == 15)
        let none = try JonkerVolgenant1987.solve([[inf, inf], [inf, inf]])
        #expect(none.pairs.isEmpty && none.totalCost == 0)
        #expect(none.columnOfRow == [nil, nil])
        let partial = try JonkerVolgenant1987.solve([[inf, inf], [3, inf]])
        #expect(partial.columnOfRow == [nil, 0] && partial.totalCost == 3)
        #expect(try JonkerVolgenant1987.solve([[Double]]()).pairs.isEmpty)
        #expect(throws: EstimationError.self) { try JonkerVolgenant1987.solve([[1, .nan]]) }
        #expect(throws: EstimationError.self) { try JonkerVolgenant1987.solve([[1, -.infinity]]) }
        #expect(throws: EstimationError.self) { try JonkerVolgenant1987.solve([[1, 2], [3]]) }
    }
}

@Suite("χ² gates and Mahalanobis distance")
struct GatingTests {
    @Test("quantiles with closed forms to 1e-9: k = 1 (normal quantile squared) and k = 2 (−2 ln(1 − p))")
    func closedForms() throws {
        // z₀.₉₇₅ = 1.959963984540054, z₀.₉₉₅ = 2.5758293035489004 (Abramowitz & Stegun Table 26.1 to 15 digits via erfinv).
        #expect(abs(try ChiSquare.quantile(probability: 0.95, degreesOfFreedom: 1) - 1.959963984540054 * 1.959963984540054) < 1e-9)
        #expect(abs(try ChiSquare.quantile(probability: 0.99, degreesOfFreedom: 1) - 2.5758293035489004 * 2.5758293035489004) < 1e-9)
        for p in [0.001, 0.1, 0.5, 0.9, 0.95, 0.99, 0.9999] {
            #expect(abs(try ChiSquare.quantile(probability: p, degreesOfFreedom: 2) + 2 * log(1 - p)) < 1e-9 * max(1, -2 * log(1 - p)))
        }
    }

    @Test("NIST/SEMATECH e-Handbook §1.3.6.7.4 critical values (3 decimals, so ±0.0005)")
    func nistTable() throws {
        // Upper-tail critical values, P(χ² ≤ x) = 0.95 and 0.99; lower-tail 0.05 for ν = 3, 10.
        let table: [(Int, Double, Double)] = [
            (1, 0.95, 3.841), (1, 0.99, 6.635), (2, 0.95, 5.991), (2, 0.99, 9.210),
            (3, 0.95, 7.815), (3, 0.99, 11.345), (4, 0.95, 9.488), (4, 0.99, 13.277),
            (5, 0.95, 11.070), (5, 0.99, 15.086), (6, 0.95, 12.592), (6, 0.99, 16.812),
            (10, 0.95, 18.307), (10, 0.99, 23.209), (20, 0.95, 31.410), (20, 0.99, 37.566),
            (30, 0.95, 43.773), (30, 0.99, 50.892), (100, 0.95, 124.342), (100, 0.99, 135.807),
            (3, 0.05, 0.352), (10, 0.05, 3.940),
        ]
        for (k, p, x) in table {
            let q = try ChiSquare.quantile(probability: p, degreesOfFreedom: k)
            #expect(abs(q - x) <= 0.0005 + 1e-9, "χ²(\(p), \(k)) = \(q), table \(x)")
        }
    }

    @Test("cdf(quantile(p)) = p to 1e-12 over p and k")
    func roundTrip() throws {
        for k in [1, 2, 3, 6, 9, 25, 200] {
            for p in [1e-6, 0.01, 0.3, 0.5, 0.7, 0.95, 0.999999] {
                let x = try ChiSquare.quantile(probability: p, degreesOfFreedom: k)
                #expect(abs(ChiSquare.cdf(x, degreesOfFreedom: k) - p) < 1e-12, "k \(k) p \(p)")
            }
        }
        #expect(throws: EstimationError.self) { try ChiSquare.quantile(probability: 1, degreesOfFreedom: 3) }
        #expect(throws: EstimationError.self) { try ChiSquare.quantile(probability: 0, degreesOfFreedom: 3) }
        #expect(throws: EstimationError.self) { try ChiSquare.quantile(probability: 0.5, degreesOfFreedom: 0) }
    }

    @Test("Mahalanobis distance equals rᵀS⁻¹r computed by hand")
    func mahalanobis() throws {
        #expect(abs(try mahalanobisSquared([1, 2], covariance: Matrix([[4, 0], [0, 9]])) - (0.25 + 4.0 / 9)) < 1e-14)
        // S = [[2, 1], [1, 2]], S⁻¹ = [[2, −1], [−1, 2]]/3: r = (1, 0) → 2/3; r = (1, 1) → 2/3.
        #expect(abs(try mahalanobisSquared([1, 0], covariance: Matrix([[2, 1], [1, 2]])) - 2.0 / 3) < 1e-14)
        #expect(abs(try mahalanobisSquared([1, 1], covariance: Matrix([[2, 1], [1, 2]])) - 2.0 / 3) < 1e-14)
        #expect(throws: EstimationError.self) { try mahalanobisSquared([1, 0], covariance: Matrix([[1, 2], [2, 1]])) }
        #expect(throws: EstimationError.self) { try mahalanobisSquared([1], covariance: Matrix([[1, 0], [0, 1]])) }
    }
}
