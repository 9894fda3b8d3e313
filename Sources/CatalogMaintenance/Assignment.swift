/// Tracklet-to-object assignment over a cost matrix with forbidden pairs (`.infinity`).
enum Assignment {
    /// Row → column (nil: unassigned), minimizing the total cost of assigned pairs, every row and
    /// column used at most once, as many rows assigned as the allowed pairs permit.
    static func solve(_ cost: [[Double]]) -> [Int?] {
        let rows = cost.count
        let cols = cost.first?.count ?? 0
        var best: [Int?] = Array(repeating: nil, count: rows)
        var bestCount = -1
        var bestCost = Double.infinity
        var current: [Int?] = Array(repeating: nil, count: rows)
        var used = [Bool](repeating: false, count: cols)
        func search(_ r: Int, _ count: Int, _ total: Double) {
            if r == rows {
                if count > bestCount || (count == bestCount && total < bestCost) {
                    bestCount = count; bestCost = total; best = current
                }
                return
            }
            for c in 0..<cols where !used[c] && cost[r][c].isFinite {
                used[c] = true; current[r] = c
                search(r + 1, count + 1, total + cost[r][c])
                used[c] = false; current[r] = nil
            }
            search(r + 1, count, total)
        }
        search(0, 0, 0)
        return best
    }
}
