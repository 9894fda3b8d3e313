import Astrodynamics

/// An error from catalog maintenance: a code to match on, a readable message and the object or
/// tracklet it concerns.
public struct MaintenanceError: Error, CustomStringConvertible, Sendable, Hashable {
    /// What went wrong; compare with the static members.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        /// A short lower-case name, stable across releases.
        public let name: String
        public init(_ name: String) { self.name = name }
        public var description: String { name }

        /// Fewer scalar measurements than parameters to solve.
        public static let tooFewObservations = Code("tooFewObservations")
        /// The normal matrix is not positive definite (the observations do not determine the orbit).
        public static let singular = Code("singular")
        /// SGP4 could not propagate the elements (decay, eccentricity out of range, ...).
        public static let propagation = Code("propagation")
        /// The iteration did not reach a solution within its iteration limit.
        public static let notConverged = Code("notConverged")
        /// A tracklet names a sensor the network does not have.
        public static let unknownSensor = Code("unknownSensor")
        /// Initial orbit determination failed (geometry, too few measurements).
        public static let initialOrbit = Code("initialOrbit")
    }

    public var code: Code
    public var message: String
    /// The catalog number concerned, if any.
    public var object: Int?
    /// The tracklet concerned, if any.
    public var tracklet: String?

    public init(_ code: Code, _ message: String, object: Int? = nil, tracklet: String? = nil) {
        self.code = code
        self.message = message
        self.object = object
        self.tracklet = tracklet
    }

    public var description: String {
        var s = "\(code): \(message)"
        if let object { s += " (object \(object))" }
        if let tracklet { s += " (tracklet \(tracklet))" }
        return s
    }
}
