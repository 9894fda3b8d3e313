import Foundation

/// Householder orthogonal triangularization for small dense least-squares problems
/// (Golub & Van Loan, *Matrix Computations*, 4th ed., Algorithm 5.3.2 and §5.3.3).
///
/// Solving min ‖A·x − b‖ through QR instead of the normal equations AᵀA·x = Aᵀb keeps the
/// condition number at κ(A) rather than κ(A)², which is what lets the batch solver reach the
/// certified digits of the NIST StRD problems.
enum HouseholderQR {
    /// Overwrites the `rows × columns` matrix `a` (rows ≥ columns) with R in its top `columns`
    /// rows (zeros below) and `b` with Qᵀ·b. A zero column is left as is (R then has a zero
    /// diagonal entry, which ``backSubstitute(_:_:)`` reports).
    static func reduce(_ a: inout Matrix, _ b: inout [Double]) {
        let m = a.rows, n = a.columns
        precondition(b.count == m, "right-hand side of length \(b.count) for \(m) rows")
        var v = [Double](repeating: 0, count: m)
        for k in 0..<min(n, m) {
            var scale = 0.0
            for i in k..<m { scale = max(scale, abs(a[i, k])) }
            if scale == 0 { continue }
            var norm2 = 0.0
            for i in k..<m { let x = a[i, k] / scale; norm2 += x * x }
            let norm = scale * norm2.squareRoot()
            let alpha = a[k, k] > 0 ? -norm : norm
            v[k] = a[k, k] - alpha
            var vNorm2 = v[k] * v[k]
            for i in (k + 1)..<max(m, k + 1) { v[i] = a[i, k]; vNorm2 += v[i] * v[i] }
            if vNorm2 == 0 { continue }
            a[k, k] = alpha
            for i in (k + 1)..<max(m, k + 1) { a[i, k] = 0 }
            for j in (k + 1)..<max(n, k + 1) {
                var s = 0.0
                for i in k..<m { s += v[i] * a[i, j] }
                let f = 2 * s / vNorm2
                if f == 0 { continue }
                for i in k..<m { a[i, j] -= f * v[i] }
            }
            var s = 0.0
            for i in k..<m { s += v[i] * b[i] }
            let f = 2 * s / vNorm2
            for i in k..<m { b[i] -= f * v[i] }
        }
    }

    /// Solves R·x = c for the upper-triangular top `n × n` block of `r` (n = r.columns), or nil
    /// when a diagonal entry is below `relativeTolerance` times the largest (rank deficient).
    static func backSubstitute(_ r: Matrix, _ c: [Double], relativeTolerance: Double = 1e-14) -> [Double]? {
        let n = r.columns
        var largest = 0.0
        for i in 0..<n { largest = max(largest, abs(r[i, i])) }
        guard largest > 0, largest.isFinite else { return nil }
        var x = [Double](repeating: 0, count: n)
        for i in stride(from: n - 1, through: 0, by: -1) {
            let d = r[i, i]
            guard abs(d) > relativeTolerance * largest else { return nil }
            var s = c[i]
            for k in (i + 1)..<max(n, i + 1) { s -= r[i, k] * x[k] }
            x[i] = s / d
        }
        return x
    }

    /// (RᵀR)⁻¹ = R⁻¹·R⁻ᵀ from the upper-triangular top `n × n` block of `r`, or nil when R is
    /// rank deficient.
    static func inverseOfNormalMatrix(_ r: Matrix, relativeTolerance: Double = 1e-14) -> Matrix? {
        let n = r.columns
        var largest = 0.0
        for i in 0..<n { largest = max(largest, abs(r[i, i])) }
        guard largest > 0, largest.isFinite else { return nil }
        for i in 0..<n where !(abs(r[i, i]) > relativeTolerance * largest) { return nil }
        // R⁻¹ column by column (upper triangular).
        var rInv = Matrix(rows: n, columns: n)
        for j in 0..<n {
            rInv[j, j] = 1 / r[j, j]
            for i in stride(from: j - 1, through: 0, by: -1) {
                var s = 0.0
                for k in (i + 1)...j { s += r[i, k] * rInv[k, j] }
                rInv[i, j] = -s / r[i, i]
            }
        }
        var c = Matrix(rows: n, columns: n)
        for i in 0..<n {
            for j in i..<n {
                var s = 0.0
                for k in j..<n { s += rInv[i, k] * rInv[j, k] }
                c[i, j] = s
                c[j, i] = s
            }
        }
        return c
    }
}
