import Astrodynamics

/// One observation of an object by a sensor at one instant: whichever of range, look angles,
/// range rate or topocentric right ascension/declination the sensor measures.
///
/// A radar gives range, azimuth, elevation and usually range rate; an optical telescope gives
/// angles only (right ascension and declination in GCRF, or azimuth/elevation). Angles are radians
/// inside, degrees only in files (TDM) and on the command line.
public struct Measurement: Sendable, Hashable {
    /// When the measurement applies (at the object, light time ignored: a few ms at LEO ranges).
    public var epoch: Instant
    /// Slant range from the site, km.
    public var rangeKm: Double?
    /// Azimuth from north through east, radians in [0, 2π).
    public var azimuthRad: Double?
    /// Elevation above the local horizontal (ellipsoid normal), radians.
    public var elevationRad: Double?
    /// Range rate, km/s, positive receding.
    public var rangeRateKmPerS: Double?
    /// Topocentric right ascension in GCRF, radians in [0, 2π).
    public var rightAscensionRad: Double?
    /// Topocentric declination in GCRF, radians.
    public var declinationRad: Double?

    public init(epoch: Instant, rangeKm: Double? = nil, azimuthRad: Double? = nil, elevationRad: Double? = nil,
                rangeRateKmPerS: Double? = nil, rightAscensionRad: Double? = nil, declinationRad: Double? = nil) {
        self.epoch = epoch
        self.rangeKm = rangeKm
        self.azimuthRad = azimuthRad
        self.elevationRad = elevationRad
        self.rangeRateKmPerS = rangeRateKmPerS
        self.rightAscensionRad = rightAscensionRad
        self.declinationRad = declinationRad
    }
}

/// A tracklet: the time-ordered measurements one sensor made of one (unknown) object during one
/// continuous segment of a pass.
///
/// The identifier is the sensor's own; which catalog object it belongs to is for correlation to
/// decide (``reportedObject`` carries a sensor-side guess when a source provides one).
public struct Tracklet: Sendable, Hashable, Identifiable {
    /// Unique tracklet identifier, e.g. `JP-KAMISAIBARA-20231009-000123`.
    public var id: String
    /// Identifier of the sensor (``Sensor/id``) that made the measurements.
    public var sensorID: String
    /// The measurements, in time order.
    public var measurements: [Measurement]
    /// The catalog number the source associated with this tracklet, if any (nil: uncorrelated).
    public var reportedObject: Int?
    /// Free-text comments carried with the tracklet (TDM `COMMENT` lines).
    public var comments: [String]

    public init(id: String, sensorID: String, measurements: [Measurement], reportedObject: Int? = nil,
                comments: [String] = []) {
        self.id = id
        self.sensorID = sensorID
        self.measurements = measurements
        self.reportedObject = reportedObject
        self.comments = comments
    }

    /// First measurement epoch (nil for an empty tracklet).
    public var start: Instant? { measurements.first?.epoch }
    /// Last measurement epoch (nil for an empty tracklet).
    public var end: Instant? { measurements.last?.epoch }
}
