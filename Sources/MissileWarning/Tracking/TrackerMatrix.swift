import Foundation

/// The tracker's state vector: position (km), velocity (km/s), thrust acceleration (km/s²) in the
/// Earth-fixed frame and the inverse ballistic coefficient (10⁻³ m²/kg). Fixed size, on the stack.
struct TrackState: Sendable {
    static let n = 10
    var e = InlineArray<10, Double>(repeating: 0)
    @inline(__always) subscript(_ i: Int) -> Double { get { e[i] } set { e[i] = newValue } }
    var position: SIMD3<Double> {
        get { SIMD3(e[0], e[1], e[2]) }
        set { e[0] = newValue.x; e[1] = newValue.y; e[2] = newValue.z }
    }
    var velocity: SIMD3<Double> {
        get { SIMD3(e[3], e[4], e[5]) }
        set { e[3] = newValue.x; e[4] = newValue.y; e[5] = newValue.z }
    }
    var thrust: SIMD3<Double> {
        get { SIMD3(e[6], e[7], e[8]) }
        set { e[6] = newValue.x; e[7] = newValue.y; e[8] = newValue.z }
    }
    /// Inverse ballistic coefficient, 10⁻³ m²/kg.
    var inverseBeta: Double { get { e[9] } set { e[9] = newValue } }
    var isFinite: Bool { for i in 0..<10 where !e[i].isFinite { return false }; return true }
    static func + (a: TrackState, b: TrackState) -> TrackState { var r = a; for i in 0..<10 { r.e[i] += b.e[i] }; return r }
    static func - (a: TrackState, b: TrackState) -> TrackState { var r = a; for i in 0..<10 { r.e[i] -= b.e[i] }; return r }
    static func * (k: Double, a: TrackState) -> TrackState { var r = a; for i in 0..<10 { r.e[i] *= k }; return r }
}

/// A 10×10 matrix (row-major, on the stack) for the tracker's covariance and transition matrices.
struct Matrix10: Sendable {
    var e = InlineArray<100, Double>(repeating: 0)
    @inline(__always) subscript(_ i: Int, _ j: Int) -> Double { get { e[i * 10 + j] } set { e[i * 10 + j] = newValue } }
    static var identity: Matrix10 { var m = Matrix10(); for i in 0..<10 { m[i, i] = 1 }; return m }
    static func diagonal(_ d: [Double]) -> Matrix10 { var m = Matrix10(); for i in 0..<10 { m[i, i] = d[i] }; return m }

    static func * (a: Matrix10, b: Matrix10) -> Matrix10 {
        var r = Matrix10()
        for i in 0..<10 {
            for k in 0..<10 {
                let aik = a.e[i * 10 + k]
                if aik == 0 { continue }
                for j in 0..<10 { r.e[i * 10 + j] += aik * b.e[k * 10 + j] }
            }
        }
        return r
    }
    static func + (a: Matrix10, b: Matrix10) -> Matrix10 { var r = a; for i in 0..<100 { r.e[i] += b.e[i] }; return r }
    static func * (k: Double, a: Matrix10) -> Matrix10 { var r = a; for i in 0..<100 { r.e[i] *= k }; return r }
    var transposed: Matrix10 { var r = Matrix10(); for i in 0..<10 { for j in 0..<10 { r.e[j * 10 + i] = e[i * 10 + j] } }; return r }
    /// A · self · Aᵀ.
    func congruence(_ a: Matrix10) -> Matrix10 { a * self * a.transposed }
    /// self ← A · self · Aᵀ + Q in place, with one temporary and no copies of whole matrices (the tracker's
    /// covariance prediction; skips the zeros of a sparse A).
    @inline(__always) mutating func transform(_ a: borrowing Matrix10, adding q: borrowing Matrix10) {
        var t = InlineArray<100, Double>(repeating: 0)
        // Through spans, so that no element access copies a whole matrix.
        let av = a.e.span, qv = q.e.span
        var tv = t.mutableSpan
        do {
            let sv = e.span
            for i in 0..<10 {
                for k in 0..<10 {
                    let aik = av[i * 10 + k]
                    if aik == 0 { continue }
                    for j in 0..<10 { tv[i * 10 + j] += aik * sv[k * 10 + j] }
                }
            }
        }
        var out = e.mutableSpan
        for i in 0..<10 {
            for j in 0..<10 {
                var sum = qv[i * 10 + j]
                for k in 0..<10 { let ajk = av[j * 10 + k]; if ajk != 0 { sum += tv[i * 10 + k] * ajk } }
                out[i * 10 + j] = sum
            }
        }
    }
    /// (self + selfᵀ)/2.
    var symmetrized: Matrix10 {
        var r = self
        for i in 0..<10 { for j in (i + 1)..<10 { let m = 0.5 * (e[i * 10 + j] + e[j * 10 + i]); r.e[i * 10 + j] = m; r.e[j * 10 + i] = m } }
        return r
    }
    static func * (a: Matrix10, x: TrackState) -> TrackState {
        var r = TrackState()
        for i in 0..<10 { var s = 0.0; for j in 0..<10 { s += a.e[i * 10 + j] * x.e[j] }; r.e[i] = s }
        return r
    }
    var isFinite: Bool { for i in 0..<100 where !e[i].isFinite { return false }; return true }
    /// The position–velocity 6×6 block, row-major (36 values).
    var positionVelocityBlock: [Double] { var out = [Double](repeating: 0, count: 36); for i in 0..<6 { for j in 0..<6 { out[i * 6 + j] = self[i, j] } }; return out }
}

/// Solves the measurement update of a Kalman filter for a measurement of dimension m ≤ 4 with a
/// linearised model H (m×10, row-major in a 40-element array): gain, updated state and covariance
/// (Joseph form), the normalised innovation squared and log det S. Returns nil when S is not
/// positive definite.
struct KalmanUpdate {
    var state: TrackState
    var covariance: Matrix10
    var nis: Double
    var logDetS: Double

    /// S = H P Hᵀ + R, with R diagonal (`r`).
    static func innovationCovariance(p: Matrix10, h: InlineArray<40, Double>, r: InlineArray<4, Double>, m: Int) -> (ph: InlineArray<40, Double>, s: InlineArray<16, Double>) {
        var ph = InlineArray<40, Double>(repeating: 0)   // P Hᵀ, 10×m stored as [i*4+k]
        let pv = p.e.span
        for i in 0..<10 { for k in 0..<m { var s = 0.0; for j in 0..<10 { s += pv[i * 10 + j] * h[k * 10 + j] }; ph[i * 4 + k] = s } }
        var s = InlineArray<16, Double>(repeating: 0)
        for a in 0..<m { for b in 0..<m { var t = 0.0; for j in 0..<10 { t += h[a * 10 + j] * ph[j * 4 + b] }; s[a * 4 + b] = t } }
        for a in 0..<m { s[a * 4 + a] += r[a] }
        return (ph, s)
    }

    /// Cholesky factor (lower) of an m×m SPD matrix; nil if not positive definite.
    static func cholesky(_ s: InlineArray<16, Double>, m: Int) -> InlineArray<16, Double>? {
        var l = InlineArray<16, Double>(repeating: 0)
        for i in 0..<m {
            for j in 0...i {
                var sum = s[i * 4 + j]
                for k in 0..<j { sum -= l[i * 4 + k] * l[j * 4 + k] }
                if i == j {
                    guard sum > 0, sum.isFinite else { return nil }
                    l[i * 4 + i] = sum.squareRoot()
                } else { l[i * 4 + j] = sum / l[j * 4 + j] }
            }
        }
        return l
    }

    /// Solves L Lᵀ x = b.
    static func solve(_ l: InlineArray<16, Double>, _ b: InlineArray<4, Double>, m: Int) -> InlineArray<4, Double> {
        var y = InlineArray<4, Double>(repeating: 0)
        for i in 0..<m { var s = b[i]; for k in 0..<i { s -= l[i * 4 + k] * y[k] }; y[i] = s / l[i * 4 + i] }
        var x = InlineArray<4, Double>(repeating: 0)
        for i in stride(from: m - 1, through: 0, by: -1) { var s = y[i]; for k in (i + 1)..<max(m, i + 1) { s -= l[k * 4 + i] * x[k] }; x[i] = s / l[i * 4 + i] }
        return x
    }

    /// NIS and log det S of residual `y` (no update).
    static func gate(p: Matrix10, h: InlineArray<40, Double>, r: InlineArray<4, Double>, y: InlineArray<4, Double>, m: Int) -> (nis: Double, logDetS: Double)? {
        let (_, s) = innovationCovariance(p: p, h: h, r: r, m: m)
        guard let l = cholesky(s, m: m) else { return nil }
        let w = solve(l, y, m: m)
        var nis = 0.0, ld = 0.0
        for i in 0..<m { nis += y[i] * w[i]; ld += 2 * log(l[i * 4 + i]) }
        return (nis, ld)
    }

    init?(x: TrackState, p: Matrix10, h: InlineArray<40, Double>, r: InlineArray<4, Double>, y: InlineArray<4, Double>, m: Int) {
        let (ph, s) = Self.innovationCovariance(p: p, h: h, r: r, m: m)
        guard let l = Self.cholesky(s, m: m) else { return nil }
        let w = Self.solve(l, y, m: m)
        var nis = 0.0, ld = 0.0
        for i in 0..<m { nis += y[i] * w[i]; ld += 2 * log(l[i * 4 + i]) }
        // K = P Hᵀ S⁻¹ (10×m): solve S kᵢᵀ = (P Hᵀ)ᵢᵀ row by row.
        var k = InlineArray<40, Double>(repeating: 0)
        for i in 0..<10 {
            var b = InlineArray<4, Double>(repeating: 0)
            for a in 0..<m { b[a] = ph[i * 4 + a] }
            let ki = Self.solve(l, b, m: m)
            for a in 0..<m { k[i * 4 + a] = ki[a] }
        }
        var xn = x
        for i in 0..<10 { var d = 0.0; for a in 0..<m { d += k[i * 4 + a] * y[a] }; xn.e[i] += d }
        // Joseph form (I − K H) P (I − K H)ᵀ + K R Kᵀ, expanded as P − K(PHᵀ)ᵀ − (PHᵀ)Kᵀ + K S Kᵀ: the same
        // value for any gain, in O(10²·m) instead of two 10×10 products.
        var ks = InlineArray<40, Double>(repeating: 0)   // K S, 10×m
        for i in 0..<10 { for b in 0..<m { var t = 0.0; for a in 0..<m { t += k[i * 4 + a] * s[a * 4 + b] }; ks[i * 4 + b] = t } }
        var pn = p
        var pv = pn.e.mutableSpan   // element writes through a span: no copy of the matrix per write
        for i in 0..<10 {
            for j in i..<10 {
                var t = 0.0
                for a in 0..<m { t += -k[i * 4 + a] * ph[j * 4 + a] - ph[i * 4 + a] * k[j * 4 + a] + ks[i * 4 + a] * k[j * 4 + a] }
                pv[i * 10 + j] += t
                if j != i { pv[j * 10 + i] = pv[i * 10 + j] }
            }
        }
        state = xn
        covariance = pn
        self.nis = nis
        logDetS = ld
    }
}
