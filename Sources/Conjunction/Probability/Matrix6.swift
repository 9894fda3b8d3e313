import Foundation

/// A 6×6 matrix stored by rows, for position–velocity covariances (rows and columns ordered
/// x, y, z, ẋ, ẏ, ż or R, T, N, Ṙ, Ṫ, Ṅ). Units are those of the covariance it holds; the names of
/// the properties and initialisers that produce one say which.
public struct Matrix6: Sendable, Hashable {
    /// The 36 entries, row by row.
    public private(set) var elements: [Double]

    /// A matrix from its 36 entries, row by row. Traps if `rowMajor` does not hold 36 entries.
    public init(rowMajor: [Double]) {
        precondition(rowMajor.count == 36, "Matrix6 needs 36 entries, got \(rowMajor.count)")
        elements = rowMajor
    }

    /// A matrix from 6 rows of 6.
    public init(rows: [[Double]]) {
        precondition(rows.count == 6 && rows.allSatisfy { $0.count == 6 }, "Matrix6 needs 6 rows of 6")
        elements = rows.flatMap { $0 }
    }

    /// The zero matrix.
    public static let zero = Matrix6(rowMajor: Array(repeating: 0, count: 36))

    /// A symmetric matrix from the 21 terms of its lower triangle, row by row:
    /// (1,1), (2,1), (2,2), (3,1), (3,2), (3,3), … (6,6) — the order of a CCSDS CDM's
    /// `CR_R, CT_R, CT_T, CN_R, CN_T, CN_N, CRDOT_R, …, CNDOT_NDOT`.
    public init(lowerTriangle terms: [Double]) {
        precondition(terms.count == 21, "a 6×6 lower triangle has 21 terms, got \(terms.count)")
        var e = Array(repeating: 0.0, count: 36)
        var k = 0
        for i in 0..<6 {
            for j in 0...i {
                e[i * 6 + j] = terms[k]; e[j * 6 + i] = terms[k]
                k += 1
            }
        }
        elements = e
    }

    /// The entry at row `i`, column `j` (0-based).
    public subscript(i: Int, j: Int) -> Double {
        get { elements[i * 6 + j] }
        set { elements[i * 6 + j] = newValue }
    }

    /// The upper-left 3×3 block (the position block of a state covariance).
    public var positionBlock: Matrix3 {
        Matrix3(rows: SIMD3(self[0, 0], self[0, 1], self[0, 2]),
                SIMD3(self[1, 0], self[1, 1], self[1, 2]),
                SIMD3(self[2, 0], self[2, 1], self[2, 2]))
    }

    /// Every entry multiplied by `factor` (e.g. 1e-6 to turn m², m²/s, m²/s² into km², km²/s, km²/s²).
    public func scaled(by factor: Double) -> Matrix6 {
        Matrix6(rowMajor: elements.map { $0 * factor })
    }

    /// B · self · Bᵀ for the block-diagonal rotation B = diag(m, m): the covariance in axes whose
    /// rows, in the present axes, are the rows of `m` — applied to the position and velocity halves alike.
    public func rotated(by m: Matrix3) -> Matrix6 {
        let r = [m.row0, m.row1, m.row2]
        var b = Array(repeating: 0.0, count: 36)
        for i in 0..<3 {
            for j in 0..<3 {
                let v = r[i][j]
                b[i * 6 + j] = v; b[(i + 3) * 6 + (j + 3)] = v
            }
        }
        return Matrix6.product(Matrix6.product(b, elements), Matrix6.transpose(b)).asMatrix6
    }

    private static func product(_ a: [Double], _ b: [Double]) -> [Double] {
        var c = Array(repeating: 0.0, count: 36)
        for i in 0..<6 {
            for k in 0..<6 {
                let aik = a[i * 6 + k]
                if aik == 0 { continue }
                for j in 0..<6 { c[i * 6 + j] += aik * b[k * 6 + j] }
            }
        }
        return c
    }

    private static func transpose(_ a: [Double]) -> [Double] {
        var t = Array(repeating: 0.0, count: 36)
        for i in 0..<6 { for j in 0..<6 { t[j * 6 + i] = a[i * 6 + j] } }
        return t
    }
}

private extension Array where Element == Double {
    var asMatrix6: Matrix6 { Matrix6(rowMajor: self) }
}

extension Matrix3 {
    /// m · self · mᵀ: a covariance in axes whose rows, in the present axes, are the rows of `m`.
    func congruence(_ m: Matrix3) -> Matrix3 { m * self * m.transposed }

    static func + (a: Matrix3, b: Matrix3) -> Matrix3 {
        Matrix3(rows: a.row0 + b.row0, a.row1 + b.row1, a.row2 + b.row2)
    }

    func scaled(by factor: Double) -> Matrix3 {
        Matrix3(rows: row0 * factor, row1 * factor, row2 * factor)
    }

    /// uᵀ · self · w.
    func bilinear(_ u: SIMD3<Double>, _ w: SIMD3<Double>) -> Double {
        (u * (self * w)).sum()
    }
}
