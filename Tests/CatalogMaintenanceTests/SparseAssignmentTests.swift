import Foundation
import Testing
import Estimation
@testable import CatalogMaintenance

/// ``UncorrelatedTrackProcessor/sparseAssignment(_:)`` solves each connected component of the
/// finite entries apart; the answer must be as good as ``JonkerVolgenant1987`` on the whole
/// matrix (same number of pairs, same total cost), never use a forbidden pair, and give each
/// column at most once.
@Suite("Sparse assignment by components")
struct SparseAssignmentTests {
    @Test("Matches the dense Jonker–Volgenant optimum on 300 seeded sparse matrices")
    func matchesDense() throws {
        var rng = SeededNormal(seed: 7)
        for trial in 0..<300 {
            let rows = 1 + Int(rng.uniform() * 12), columns = 1 + Int(rng.uniform() * 30)
            let density = 0.02 + 0.3 * rng.uniform()
            var cost = Matrix(rows: rows, columns: columns, repeating: .infinity)
            for r in 0..<rows { for c in 0..<columns where rng.uniform() < density { cost[r, c] = 20 * rng.uniform() } }
            let sparse = UncorrelatedTrackProcessor.sparseAssignment(cost)
            let dense = try JonkerVolgenant1987.solve(cost).columnOfRow
            func summary(_ a: [Int?]) -> (pairs: Int, total: Double) {
                var pairs = 0, total = 0.0
                for (r, c) in a.enumerated() { if let c, cost[r, c].isFinite { pairs += 1; total += cost[r, c] } }
                return (pairs, total)
            }
            let s = summary(sparse), d = summary(dense)
            #expect(s.pairs == d.pairs, "trial \(trial)")
            #expect(abs(s.total - d.total) < 1e-9, "trial \(trial): \(s.total) vs \(d.total)")
            for (r, c) in sparse.enumerated() { if let c { #expect(cost[r, c].isFinite, "trial \(trial): forbidden pair used") } }
            let used = sparse.compactMap { $0 }
            #expect(Set(used).count == used.count, "trial \(trial): a column assigned twice")
        }
    }

    @Test("All forbidden: nothing assigned")
    func allForbidden() {
        let cost = Matrix(rows: 3, columns: 500, repeating: .infinity)
        #expect(UncorrelatedTrackProcessor.sparseAssignment(cost).allSatisfy { $0 == nil })
    }
}
