/// An error from an estimator, an orbit determination method or an assignment: what went wrong,
/// in words, with the offending values.
///
/// Compare with the static codes: `error.code == .singularNormalMatrix`.
public struct EstimationError: Error, CustomStringConvertible, Sendable, Hashable {
    /// What kind of problem this is.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        /// A short lower-case name, stable across releases.
        public let name: String
        public init(_ name: String) { self.name = name }
        public var description: String { name }

        /// The normal (information) matrix is singular: some parameter is not observable from the data.
        public static let singularNormalMatrix = Code("singularNormalMatrix")
        /// The model threw (or returned non-finite values) where a value was required.
        public static let modelFailed = Code("modelFailed")
        /// The iteration limit was reached before the convergence test passed.
        public static let didNotConverge = Code("didNotConverge")
        /// Fewer scalar measurements than unknowns.
        public static let tooFewObservations = Code("tooFewObservations")
        /// Inputs of inconsistent sizes, or values that are not finite.
        public static let invalidInput = Code("invalidInput")
        /// The geometry does not determine an answer (coplanar or collinear vectors, no real root).
        public static let degenerateGeometry = Code("degenerateGeometry")
    }

    /// What kind of problem.
    public var code: Code
    /// What is wrong, in words, with the offending values.
    public var message: String
    /// The error the model threw, if the problem came from a model (its description).
    public var underlying: String?

    public init(_ code: Code, _ message: String, underlying: String? = nil) {
        self.code = code
        self.message = message
        self.underlying = underlying
    }

    public var description: String {
        var s = "\(code): \(message)"
        if let underlying { s += " (\(underlying))" }
        return s
    }
}
