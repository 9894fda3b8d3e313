import Foundation

/// A 3×3 matrix stored by rows, for frame rotations.
///
/// The elementary rotations follow Vallado's `rot1`/`rot2`/`rot3` convention (Vallado,
/// *Fundamentals of Astrodynamics and Applications*, 4th ed., §3.7): they rotate the *axes* by
/// `angle` (a passive rotation), so `rotationZ(θ) * r` gives the coordinates of `r` in axes turned
/// by +θ about z.
public struct Matrix3: Sendable, Hashable {
    public var row0: SIMD3<Double>
    public var row1: SIMD3<Double>
    public var row2: SIMD3<Double>

    @inlinable
    public init(rows row0: SIMD3<Double>, _ row1: SIMD3<Double>, _ row2: SIMD3<Double>) {
        self.row0 = row0
        self.row1 = row1
        self.row2 = row2
    }

    /// The identity.
    public static let identity = Matrix3(rows: [1, 0, 0], [0, 1, 0], [0, 0, 1])

    /// Axes turned by `angle` about x (Vallado `rot1`).
    @inlinable
    public static func rotationX(_ angle: Double) -> Matrix3 {
        let c = cos(angle), s = sin(angle)
        return Matrix3(rows: [1, 0, 0], [0, c, s], [0, -s, c])
    }

    /// Axes turned by `angle` about y (Vallado `rot2`).
    @inlinable
    public static func rotationY(_ angle: Double) -> Matrix3 {
        let c = cos(angle), s = sin(angle)
        return Matrix3(rows: [c, 0, -s], [0, 1, 0], [s, 0, c])
    }

    /// Axes turned by `angle` about z (Vallado `rot3`).
    @inlinable
    public static func rotationZ(_ angle: Double) -> Matrix3 {
        let c = cos(angle), s = sin(angle)
        return Matrix3(rows: [c, s, 0], [-s, c, 0], [0, 0, 1])
    }

    /// The transpose (for a rotation, its inverse).
    @inlinable
    public var transposed: Matrix3 {
        Matrix3(rows: [row0.x, row1.x, row2.x], [row0.y, row1.y, row2.y], [row0.z, row1.z, row2.z])
    }

    @inlinable
    public static func * (m: Matrix3, v: SIMD3<Double>) -> SIMD3<Double> {
        SIMD3((m.row0 * v).sum(), (m.row1 * v).sum(), (m.row2 * v).sum())
    }

    @inlinable
    public static func * (a: Matrix3, b: Matrix3) -> Matrix3 {
        let bt = b.transposed
        return Matrix3(rows: bt * a.row0, bt * a.row1, bt * a.row2)
    }
}

/// Small 3-vector helpers shared by the frame, estimation and catalog-maintenance code (kept in a
/// namespace so they cannot clash with others).
public enum FrameMath {
    /// a × b.
    @inlinable
    public static func cross(_ a: SIMD3<Double>, _ b: SIMD3<Double>) -> SIMD3<Double> {
        SIMD3(a.y * b.z - a.z * b.y, a.z * b.x - a.x * b.z, a.x * b.y - a.y * b.x)
    }

    /// a · b.
    @inlinable
    public static func dot(_ a: SIMD3<Double>, _ b: SIMD3<Double>) -> Double { (a * b).sum() }

    /// |a|.
    @inlinable
    public static func norm(_ a: SIMD3<Double>) -> Double { (a * a).sum().squareRoot() }
}
