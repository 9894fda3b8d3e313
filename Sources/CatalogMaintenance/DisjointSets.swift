/// Disjoint sets over `0..<count` (union–find with path compression), for the connected
/// components of correlation's conflict graph and of the UCT assignment's gated pairs.
struct DisjointSets {
    private var parent: [Int]

    init(count: Int) { parent = Array(0..<count) }

    /// The representative of `x`'s set.
    mutating func find(_ x: Int) -> Int {
        var root = x
        while parent[root] != root { root = parent[root] }
        var y = x
        while parent[y] != root { let next = parent[y]; parent[y] = root; y = next }
        return root
    }

    /// Joins the sets of `a` and `b`.
    mutating func union(_ a: Int, _ b: Int) {
        let ra = find(a), rb = find(b)
        if ra != rb { parent[ra] = rb }
    }
}
