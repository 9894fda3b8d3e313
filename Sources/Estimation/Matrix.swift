import Foundation

/// A small dense matrix of `Double`, row-major, sized at run time.
///
/// Estimation works on systems of a handful to a few dozen unknowns (6 orbital elements plus
/// B*, a tracker's 9 states), so this is a plain contiguous buffer with the few operations
/// the estimators need — no BLAS, no existentials, value semantics.
public struct Matrix: Sendable, Hashable, CustomStringConvertible {
    /// Number of rows.
    public let rows: Int
    /// Number of columns.
    public let columns: Int
    /// Entries in row-major order: element (i, j) is `elements[i * columns + j]`.
    public var elements: ContiguousArray<Double>

    /// A `rows × columns` matrix filled with `value`.
    public init(rows: Int, columns: Int, repeating value: Double = 0) {
        precondition(rows >= 0 && columns >= 0, "matrix dimensions must be non-negative")
        self.rows = rows
        self.columns = columns
        elements = ContiguousArray(repeating: value, count: rows * columns)
    }

    /// A matrix from its rows; every row must have the same length.
    public init(_ rowArrays: [[Double]]) {
        let r = rowArrays.count
        let c = rowArrays.first?.count ?? 0
        precondition(rowArrays.allSatisfy { $0.count == c }, "rows of different lengths")
        rows = r
        columns = c
        elements = ContiguousArray(rowArrays.joined())
    }

    /// The `n × n` identity.
    public static func identity(_ n: Int) -> Matrix {
        var m = Matrix(rows: n, columns: n)
        for i in 0..<n { m[i, i] = 1 }
        return m
    }

    /// A square matrix with `diagonal` on its diagonal.
    public static func diagonal(_ diagonal: [Double]) -> Matrix {
        var m = Matrix(rows: diagonal.count, columns: diagonal.count)
        for (i, d) in diagonal.enumerated() { m[i, i] = d }
        return m
    }

    @inlinable
    public subscript(row: Int, column: Int) -> Double {
        get { elements[row * columns + column] }
        set { elements[row * columns + column] = newValue }
    }

    /// The transpose.
    public var transposed: Matrix {
        var t = Matrix(rows: columns, columns: rows)
        for i in 0..<rows { for j in 0..<columns { t[j, i] = self[i, j] } }
        return t
    }

    /// The diagonal entries.
    public var diagonalEntries: [Double] { (0..<min(rows, columns)).map { self[$0, $0] } }

    public static func * (a: Matrix, b: Matrix) -> Matrix {
        precondition(a.columns == b.rows, "matrix product \(a.rows)×\(a.columns) · \(b.rows)×\(b.columns)")
        var c = Matrix(rows: a.rows, columns: b.columns)
        for i in 0..<a.rows {
            for k in 0..<a.columns {
                let aik = a[i, k]
                if aik == 0 { continue }
                for j in 0..<b.columns { c[i, j] += aik * b[k, j] }
            }
        }
        return c
    }

    /// Matrix times vector.
    public static func * (a: Matrix, x: [Double]) -> [Double] {
        precondition(a.columns == x.count, "matrix-vector product \(a.rows)×\(a.columns) · \(x.count)")
        var y = [Double](repeating: 0, count: a.rows)
        for i in 0..<a.rows {
            var s = 0.0
            for j in 0..<a.columns { s += a[i, j] * x[j] }
            y[i] = s
        }
        return y
    }

    public static func + (a: Matrix, b: Matrix) -> Matrix {
        precondition(a.rows == b.rows && a.columns == b.columns, "matrix sum of different shapes")
        var c = a
        for i in c.elements.indices { c.elements[i] += b.elements[i] }
        return c
    }

    public static func - (a: Matrix, b: Matrix) -> Matrix {
        precondition(a.rows == b.rows && a.columns == b.columns, "matrix difference of different shapes")
        var c = a
        for i in c.elements.indices { c.elements[i] -= b.elements[i] }
        return c
    }

    public static func * (s: Double, a: Matrix) -> Matrix {
        var c = a
        for i in c.elements.indices { c.elements[i] *= s }
        return c
    }

    public var description: String {
        (0..<rows).map { i in (0..<columns).map { String(format: "%12.5e", self[i, $0]) }.joined(separator: " ") }
            .joined(separator: "\n")
    }
}

/// The Cholesky factorization A = L·Lᵀ of a symmetric positive-definite matrix, for solving
/// normal equations and inverting information matrices (Golub & Van Loan, *Matrix
/// Computations*, 4th ed., Algorithm 4.2.1).
public struct CholeskyFactorization: Sendable {
    /// The lower-triangular factor L.
    public let lower: Matrix

    /// Factors `a`, or returns nil when it is not (numerically) positive definite.
    public init?(_ a: Matrix) {
        precondition(a.rows == a.columns, "Cholesky needs a square matrix")
        let n = a.rows
        var l = Matrix(rows: n, columns: n)
        for j in 0..<n {
            var d = a[j, j]
            for k in 0..<j { d -= l[j, k] * l[j, k] }
            guard d > 0, d.isFinite else { return nil }
            let ljj = d.squareRoot()
            l[j, j] = ljj
            for i in (j + 1)..<max(n, j + 1) {
                var s = a[i, j]
                for k in 0..<j { s -= l[i, k] * l[j, k] }
                l[i, j] = s / ljj
            }
        }
        lower = l
    }

    /// Solves A·x = b.
    public func solve(_ b: [Double]) -> [Double] {
        let n = lower.rows
        precondition(b.count == n, "right-hand side of length \(b.count) for a \(n)×\(n) system")
        var y = b
        for i in 0..<n {
            var s = y[i]
            for k in 0..<i { s -= lower[i, k] * y[k] }
            y[i] = s / lower[i, i]
        }
        var x = y
        for i in stride(from: n - 1, through: 0, by: -1) {
            var s = x[i]
            for k in (i + 1)..<max(n, i + 1) { s -= lower[k, i] * x[k] }
            x[i] = s / lower[i, i]
        }
        return x
    }

    /// A⁻¹ (for a covariance from an information matrix).
    public var inverse: Matrix {
        let n = lower.rows
        var inv = Matrix(rows: n, columns: n)
        for j in 0..<n {
            var e = [Double](repeating: 0, count: n)
            e[j] = 1
            let col = solve(e)
            for i in 0..<n { inv[i, j] = col[i] }
        }
        return inv
    }

    /// log det A, useful for Gaussian likelihoods.
    public var logDeterminant: Double {
        (0..<lower.rows).reduce(0) { $0 + 2 * log(lower[$1, $1]) }
    }
}
