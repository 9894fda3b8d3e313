import Foundation

/// Numerical building blocks shared by the probability-of-collision methods: an accurate
/// difference of error functions, adaptive Gauss–Kronrod quadrature, and Gauss–Chebyshev nodes.
enum PcNumerics {
    /// erf(a) − erf(b), taken through erfc when both arguments are beyond ±3 so that tail
    /// differences keep their relative accuracy (the same device as CARA's `erf_vec_dif.m`).
    @inlinable
    static func erfDifference(_ a: Double, _ b: Double) -> Double {
        let lo = min(a, b), hi = max(a, b)
        if lo > 3 { return erfc(b) - erfc(a) }
        if hi < -3 { return erfc(-a) - erfc(-b) }
        return erf(a) - erf(b)
    }

    // Gauss–Kronrod 7/15 nodes and weights (Piessens et al., QUADPACK, 1983; the nodes of
    // Kronrod 1965). Nodes on [0, 1]; index 0 is the centre.
    static let kronrodNodes: [Double] = [
        0.0,
        0.207784955007898467600689403773245,
        0.405845151377397166906606412076961,
        0.586087235467691130294144845693013,
        0.741531185599394439863864773280788,
        0.864864423359769072789712788640926,
        0.949107912342758524526189684047851,
        0.991455371120812639206854697526329,
    ]
    static let kronrodWeights: [Double] = [
        0.209482141084727828012999174891714,
        0.204432940075298892414161999234649,
        0.190350578064785409913256402421014,
        0.169004726639267902826583426598550,
        0.140653259715525918745189590510238,
        0.104790010322250183839876322541518,
        0.063092092629978553290700663189204,
        0.022935322010529224963732008058970,
    ]
    /// Gauss 7-point weights at Kronrod nodes 0, 2, 4, 6.
    static let gaussWeights: [Double] = [
        0.417959183673469387755102040816327,
        0.381830050505118944950369775488975,
        0.279705391489276667901467771423780,
        0.129484966168869693270611432679082,
    ]

    /// One 15-point Kronrod estimate and its difference from the embedded 7-point Gauss rule.
    static func gaussKronrod15(_ f: (Double) -> Double, _ a: Double, _ b: Double) -> (value: Double, error: Double) {
        let centre = 0.5 * (a + b), half = 0.5 * (b - a)
        let fc = f(centre)
        var kronrod = fc * kronrodWeights[0]
        var gauss = fc * gaussWeights[0]
        for j in 1...7 {
            let dx = half * kronrodNodes[j]
            let sum = f(centre - dx) + f(centre + dx)
            kronrod += kronrodWeights[j] * sum
            if j % 2 == 0 { gauss += gaussWeights[j / 2] * sum }
        }
        return (kronrod * half, abs((kronrod - gauss) * half))
    }

    /// Adaptive Gauss–Kronrod (7/15) integral of `f` over [a, b], splitting the interval with the
    /// largest error estimate until the summed estimate is below `relativeTolerance` × |integral|
    /// (pure relative accuracy, so integrals of 1e-200 are resolved as well as those of 1e-2).
    static func integrate(_ f: (Double) -> Double, from a: Double, to b: Double,
                          relativeTolerance: Double = 1e-12, maximumIntervals: Int = 2000) -> Double {
        guard b > a else { return 0 }
        var intervals: [(a: Double, b: Double, value: Double, error: Double)] = []
        let first = gaussKronrod15(f, a, b)
        intervals.append((a, b, first.value, first.error))
        var total = first.value, totalError = first.error
        while totalError > relativeTolerance * abs(total), intervals.count < maximumIntervals {
            // Split the interval with the largest error estimate.
            var worst = 0
            for i in 1..<intervals.count where intervals[i].error > intervals[worst].error { worst = i }
            let w = intervals[worst]
            let mid = 0.5 * (w.a + w.b)
            if mid <= w.a || mid >= w.b { break }  // interval exhausted at machine precision
            let left = gaussKronrod15(f, w.a, mid), right = gaussKronrod15(f, mid, w.b)
            intervals[worst] = (w.a, mid, left.value, left.error)
            intervals.append((mid, w.b, right.value, right.error))
            total = 0; totalError = 0
            for i in intervals { total += i.value; totalError += i.error }
            if total == 0 && totalError == 0 { break }
        }
        return total
    }

    /// Gauss–Chebyshev quadrature of the second kind with `order` nodes, in the form CARA's
    /// `GenGCQuad.m` uses for `PcCircle`: nodes tₖ = cos(kπ/(n+1)), their ordinates √(1−tₖ²), and
    /// weights π/(n+1)·√(1−tₖ²)/√(8π) (the 1/√(8π) of the 2D Pc integral folded in).
    static func gaussChebyshev(order: Int) -> (nodes: [Double], ordinates: [Double], weights: [Double]) {
        let c = Double.pi / Double(order + 1)
        var nodes: [Double] = [], ordinates: [Double] = [], weights: [Double] = []
        for k in stride(from: order, through: 1, by: -1) {
            let t = cos(c * Double(k))
            let y = (1 - t * t).squareRoot()
            nodes.append(t); ordinates.append(y); weights.append(c * y / (8 * Double.pi).squareRoot())
        }
        return (nodes, ordinates, weights)
    }

    static let gaussChebyshev64 = gaussChebyshev(order: 64)
}
