/// A uniform spatial hash of object positions (km) for neighbour queries: the objects within one
/// cell of a point, found in the 27 cells around it rather than by scanning every object.
///
/// Cells are cubes of `cellKm`; a query returns every object whose position lies within `cellKm`
/// of the point along each axis (and some farther ones: callers apply their exact distance test).
struct PositionGrid {
    private let cellKm: Double
    private var cells: [SIMD3<Int32>: [Int32]] = [:]

    init(positions: [SIMD3<Double>], valid: [Bool], cellKm: Double) {
        self.cellKm = cellKm
        cells.reserveCapacity(positions.count / 2)
        for (k, p) in positions.enumerated() where valid[k] {
            cells[cell(of: p), default: []].append(Int32(k))
        }
    }

    private func cell(of p: SIMD3<Double>) -> SIMD3<Int32> {
        let c = (p / cellKm).rounded(.down)
        return SIMD3(Int32(clamping: Int(c.x)), Int32(clamping: Int(c.y)), Int32(clamping: Int(c.z)))
    }

    /// Indices of the objects in the 27 cells around `p`, in ascending order (replacing `result`'s contents).
    func neighbours(of p: SIMD3<Double>, into result: inout [Int]) {
        result.removeAll(keepingCapacity: true)
        guard p.x.isFinite, p.y.isFinite, p.z.isFinite else { return }
        let c = cell(of: p)
        for dx: Int32 in -1...1 {
            for dy: Int32 in -1...1 {
                for dz: Int32 in -1...1 {
                    if let list = cells[SIMD3(c.x &+ dx, c.y &+ dy, c.z &+ dz)] {
                        for k in list { result.append(Int(k)) }
                    }
                }
            }
        }
        result.sort()   // same visiting order as a full scan, so results do not depend on the hash
    }
}
