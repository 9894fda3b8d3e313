/// The mean elements of one element set as SGP4 consumes them (Kozai mean motion, TEME of epoch),
/// in the package's internal units: radians, radians per minute, per Earth radius.
///
/// File formats (TLE, OMM) carry degrees and revolutions per day; `SpaceData` converts at the edge.
/// The epoch is an ``Instant``; element sets are published in UTC.
public struct MeanElements: Sendable, Hashable {
    /// Epoch of the elements.
    public var epoch: Instant
    /// Kozai mean motion, radians per minute (TLE `n`, converted).
    public var meanMotionRadPerMin: Double
    /// Eccentricity, dimensionless.
    public var eccentricity: Double
    /// Inclination, radians.
    public var inclinationRad: Double
    /// Right ascension of the ascending node, radians.
    public var raanRad: Double
    /// Argument of perigee, radians.
    public var argumentOfPerigeeRad: Double
    /// Mean anomaly, radians.
    public var meanAnomalyRad: Double
    /// SGP4 drag term B*, per Earth radius.
    public var bstarPerEarthRadius: Double
    /// First derivative of mean motion / 2, radians per minute² (informational; SGP4 does not use it).
    public var meanMotionDotRadPerMin2: Double
    /// Second derivative of mean motion / 6, radians per minute³ (informational; SGP4 does not use it).
    public var meanMotionDDotRadPerMin3: Double

    public init(
        epoch: Instant, meanMotionRadPerMin: Double, eccentricity: Double, inclinationRad: Double,
        raanRad: Double, argumentOfPerigeeRad: Double, meanAnomalyRad: Double,
        bstarPerEarthRadius: Double, meanMotionDotRadPerMin2: Double = 0, meanMotionDDotRadPerMin3: Double = 0
    ) {
        self.epoch = epoch
        self.meanMotionRadPerMin = meanMotionRadPerMin
        self.eccentricity = eccentricity
        self.inclinationRad = inclinationRad
        self.raanRad = raanRad
        self.argumentOfPerigeeRad = argumentOfPerigeeRad
        self.meanAnomalyRad = meanAnomalyRad
        self.bstarPerEarthRadius = bstarPerEarthRadius
        self.meanMotionDotRadPerMin2 = meanMotionDotRadPerMin2
        self.meanMotionDDotRadPerMin3 = meanMotionDDotRadPerMin3
    }
}
