/// Why SGP4 could not produce a state, when, and the value that failed.
///
/// ``Code`` carries Vallado's error numbers (AIAA 2006-6753 companion code, `sgp4` return codes) as
/// its `rawValue`, plus two of our own for input that is not a number and for a result that is not
/// finite. SGP4 never returns NaN or infinity: such a result is reported as this error instead.
///
/// The error is small (no strings are built until ``description`` is read), so throwing it from the
/// propagation hot path costs nothing until somebody looks at it.
public struct SGP4Error: Error, CustomStringConvertible, Sendable, Hashable {
    /// Vallado's SGP4 error codes, named; `rawValue` is Vallado's number.
    public enum Code: Int, Sendable, Hashable, CaseIterable {
        /// Input not usable before any theory runs: a non-finite element, or a non-finite time.
        /// Not a Vallado code.
        case invalidInput = -1
        /// A position or velocity came out non-finite although no Vallado check fired. Not a Vallado code.
        case nonFiniteResult = -2
        /// 1: mean eccentricity out of range (e ≥ 1 or e < −0.001).
        case meanEccentricityOutOfRange = 1
        /// 2: mean motion not positive.
        case meanMotionNotPositive = 2
        /// 3: eccentricity after lunar-solar periodics out of range (e < 0 or e > 1); deep space only.
        case perturbedEccentricityOutOfRange = 3
        /// 4: semi-latus rectum negative.
        case semiLatusRectumNegative = 4
        /// 5: epoch elements sub-orbital. Vallado's code since 2008 no longer raises it (the
        /// decay check, code 6, covers it); kept so that every Vallado number has a name.
        case epochElementsSubOrbital = 5
        /// 6: the satellite has decayed (orbit radius below one Earth radius).
        case decayed = 6
    }

    /// What went wrong.
    public let code: Code
    /// Time of the failed propagation, minutes since the element epoch (0 for failures in `init`).
    public let minutesSinceEpoch: Double
    /// The offending value: the eccentricity, mean motion (rad/min), semi-latus rectum or radius
    /// (Earth radii) that failed its check, or the non-finite input.
    public let offendingValue: Double

    /// An error with its code, time and offending value.
    @inlinable
    public init(_ code: Code, minutesSinceEpoch: Double, offendingValue: Double) {
        self.code = code
        self.minutesSinceEpoch = minutesSinceEpoch
        self.offendingValue = offendingValue
    }

    /// Vallado's number for the error (`code.rawValue`).
    public var valladoCode: Int { code.rawValue }

    /// A one-line explanation with the offending value, e.g.
    /// `"SGP4 error 6 at 55.0 min: satellite has decayed (orbit radius 0.996159 Earth radii < 1)"`.
    public var message: String {
        let v = offendingValue
        switch code {
        case .invalidInput:
            return "input is not a finite number (\(v))"
        case .nonFiniteResult:
            return "position or velocity is not finite (\(v))"
        case .meanEccentricityOutOfRange:
            return "mean eccentricity \(v) not within range 0.0 <= e < 1.0"
        case .meanMotionNotPositive:
            return "mean motion \(v) rad/min is not positive"
        case .perturbedEccentricityOutOfRange:
            return "perturbed eccentricity \(v) not within range 0.0 <= e <= 1.0"
        case .semiLatusRectumNegative:
            return "semi-latus rectum \(v) Earth radii is less than zero"
        case .epochElementsSubOrbital:
            return "epoch elements are sub-orbital (perigee radius \(v) Earth radii)"
        case .decayed:
            return "satellite has decayed (orbit radius \(v) Earth radii < 1)"
        }
    }

    public var description: String {
        "SGP4 error \(code.rawValue) at \(minutesSinceEpoch) min: \(message)"
    }
}
