import Foundation

/// The result of a linear assignment: which column each row gets, and the total cost.
public struct LinearAssignment: Sendable, Hashable {
    /// For each row, its column, or nil when the row is left unassigned (more rows than
    /// columns, or every column it could take is forbidden or taken by a better assignment).
    public var columnOfRow: [Int?]
    /// For each column, its row, or nil.
    public var rowOfColumn: [Int?]
    /// Sum of the costs of the assigned pairs.
    public var totalCost: Double

    /// The assigned (row, column) pairs in row order.
    public var pairs: [(row: Int, column: Int)] {
        columnOfRow.enumerated().compactMap { row, column in column.map { (row, $0) } }
    }
}

/// Minimum-cost linear assignment by the shortest augmenting path method of Jonker & Volgenant
/// (R. Jonker and A. Volgenant, "A shortest augmenting path algorithm for dense and sparse
/// linear assignment problems", *Computing* 38, 325–340, 1987).
///
/// The cost matrix may be rectangular and may forbid pairs with `+infinity`. The answer assigns
/// as many pairs as possible without using a forbidden one and, among those, has the least
/// total cost. This is done exactly by running the algorithm on lexicographic costs
/// (number of forbidden pairs, sum of finite costs) and dropping forbidden pairs at the end.
///
/// Implementation: the augmentation phase of JV87 — for each free row a Dijkstra-like search
/// over columns with reduced costs c(i,j) − v(j), then the column-price update
/// v(j) += d(j) − d(sink) on the scanned columns and augmentation along the path. JV87's
/// initialization heuristics (column reduction, reduction transfer, augmenting row reduction)
/// only speed the start and are omitted. O(n²·m) for n ≤ m; a wider-than-tall matrix is solved
/// as is, a taller one transposed.
public enum JonkerVolgenant1987 {
    /// Solves the assignment for `costs` (rows × columns). `+infinity` marks a forbidden pair.
    ///
    /// - Throws: ``EstimationError`` `.invalidInput` for NaN or `-infinity` costs.
    public static func solve(_ costs: Matrix) throws -> LinearAssignment {
        for (k, c) in costs.elements.enumerated() where c.isNaN || c == -.infinity {
            throw EstimationError(.invalidInput, "cost (\(k / max(costs.columns, 1)), \(k % max(costs.columns, 1))) is \(c)")
        }
        if costs.rows <= costs.columns {
            let (colOfRow, rowOfCol) = augment(costs, transposed: false)
            return finish(costs, colOfRow, rowOfCol)
        }
        let (colOfRowT, rowOfColT) = augment(costs, transposed: true)
        return finish(costs, rowOfColT, colOfRowT)
    }

    /// Convenience for a cost table given as rows.
    public static func solve(_ rows: [[Double]]) throws -> LinearAssignment {
        guard let width = rows.first?.count, rows.allSatisfy({ $0.count == width }) else {
            if rows.isEmpty { return LinearAssignment(columnOfRow: [], rowOfColumn: [], totalCost: 0) }
            throw EstimationError(.invalidInput, "cost rows of different lengths")
        }
        return try solve(Matrix(rows))
    }

    private static func finish(_ costs: Matrix, _ colOfRow: [Int], _ rowOfCol: [Int]) -> LinearAssignment {
        var columnOfRow = [Int?](repeating: nil, count: costs.rows)
        var rowOfColumn = [Int?](repeating: nil, count: costs.columns)
        var total = 0.0
        for (i, j) in colOfRow.enumerated() where j >= 0 {
            let c = costs[i, j]
            if c.isFinite {
                columnOfRow[i] = j
                rowOfColumn[j] = i
                total += c
            }
        }
        _ = rowOfCol
        return LinearAssignment(columnOfRow: columnOfRow, rowOfColumn: rowOfColumn, totalCost: total)
    }

    /// A lexicographic cost: forbidden pairs used first, then the finite cost.
    private struct Cost: Comparable {
        var forbidden: Int
        var value: Double
        static let zero = Cost(forbidden: 0, value: 0)
        static func + (a: Cost, b: Cost) -> Cost { Cost(forbidden: a.forbidden + b.forbidden, value: a.value + b.value) }
        static func - (a: Cost, b: Cost) -> Cost { Cost(forbidden: a.forbidden - b.forbidden, value: a.value - b.value) }
        static func < (a: Cost, b: Cost) -> Bool { a.forbidden != b.forbidden ? a.forbidden < b.forbidden : a.value < b.value }
    }

    /// Shortest augmenting paths for an n × m problem with n ≤ m (rows of the possibly transposed
    /// matrix). Returns column of each row and row of each column (−1 when free).
    private static func augment(_ costs: Matrix, transposed: Bool) -> ([Int], [Int]) {
        let n = transposed ? costs.columns : costs.rows
        let m = transposed ? costs.rows : costs.columns
        @inline(__always) func c(_ i: Int, _ j: Int) -> Cost {
            let x = transposed ? costs[j, i] : costs[i, j]
            return x.isFinite ? Cost(forbidden: 0, value: x) : Cost(forbidden: 1, value: 0)
        }
        var v = [Cost](repeating: .zero, count: m)          // column prices
        var colOfRow = [Int](repeating: -1, count: n)
        var rowOfCol = [Int](repeating: -1, count: m)
        var dist = [Cost](repeating: .zero, count: m)
        var pred = [Int](repeating: -1, count: m)
        var scanned = [Bool](repeating: false, count: m)
        var scannedList = [Int]()
        scannedList.reserveCapacity(m)

        for free in 0..<n {
            for j in 0..<m {
                dist[j] = c(free, j) - v[j]
                pred[j] = free
                scanned[j] = false
            }
            scannedList.removeAll(keepingCapacity: true)
            var sink = -1
            while sink < 0 {
                // The unscanned column nearest to the free row (n ≤ m, so one always exists).
                var best = -1
                for j in 0..<m where !scanned[j] && (best < 0 || dist[j] < dist[best]) { best = j }
                scanned[best] = true
                scannedList.append(best)
                let i = rowOfCol[best]
                if i < 0 { sink = best; break }
                // Extend from the row that owns `best`: reduced cost relative to its own column.
                let base = dist[best] - (c(i, best) - v[best])
                for j in 0..<m where !scanned[j] {
                    let candidate = base + (c(i, j) - v[j])
                    if candidate < dist[j] { dist[j] = candidate; pred[j] = i }
                }
            }
            // Price update on the scanned columns keeps every reduced cost non-negative.
            let dSink = dist[sink]
            for j in scannedList { v[j] = v[j] + (dist[j] - dSink) }
            // Augment along the alternating path ending at the sink.
            var j = sink
            while true {
                let i = pred[j]
                rowOfCol[j] = i
                let previous = colOfRow[i]
                colOfRow[i] = j
                if i == free { break }
                j = previous
            }
        }
        return (colOfRow, rowOfCol)
    }
}
