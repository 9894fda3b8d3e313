import Astrodynamics

/// What kind of instrument a sensor is; decides which measurements it makes and how detection works.
public struct SensorKind: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    /// An electronically steered phased-array radar (FPS-5, Cobra Dane, Space Fence, TPY-2).
    public static let phasedArrayRadar = SensorKind(rawValue: "phased-array-radar")
    /// A mechanically steered dish (tracking) radar.
    public static let dishRadar = SensorKind(rawValue: "dish-radar")
    /// A ground optical telescope: angles only, needs a sunlit object and a dark site.
    public static let optical = SensorKind(rawValue: "optical")

    /// True for radars (range, angles, range rate; detection by the radar equation).
    public var isRadar: Bool { self == .phasedArrayRadar || self == .dishRadar || rawValue.hasSuffix("radar") }
    public var description: String { rawValue }
}

/// One-sigma measurement noise of a sensor, in the units of ``Measurement``.
public struct MeasurementNoise: Sendable, Hashable {
    public var rangeKm: Double
    /// Azimuth/elevation (or right ascension/declination) noise, radians.
    public var angleRad: Double
    public var rangeRateKmPerS: Double

    public init(rangeKm: Double = 0, angleRad: Double = 0, rangeRateKmPerS: Double = 0) {
        self.rangeKm = rangeKm
        self.angleRad = angleRad
        self.rangeRateKmPerS = rangeRateKmPerS
    }
}

/// Constant measurement biases of a sensor (added to every simulated measurement), in the units of ``Measurement``.
public struct MeasurementBias: Sendable, Hashable {
    public var rangeKm: Double
    public var azimuthRad: Double
    public var elevationRad: Double
    public var rangeRateKmPerS: Double

    public init(rangeKm: Double = 0, azimuthRad: Double = 0, elevationRad: Double = 0, rangeRateKmPerS: Double = 0) {
        self.rangeKm = rangeKm
        self.azimuthRad = azimuthRad
        self.elevationRad = elevationRad
        self.rangeRateKmPerS = rangeRateKmPerS
    }

    /// No bias.
    public static let none = MeasurementBias()
}

/// A ground sensor of the network: where it is, what it measures and how well.
///
/// Detection (radar equation, optical visibility), field of regard, range limits and tracking
/// capacity are described by the properties added in the Sensors module's other files and read
/// from the sensor-network file (docs/sensors.md).
public struct Sensor: Sendable, Hashable, Identifiable {
    /// Unique identifier, used as `PARTICIPANT_1` in TDM files (e.g. `JP-KAMISAIBARA`).
    public var id: String
    /// Human-readable name.
    public var name: String
    public var kind: SensorKind
    /// Geodetic location (WGS84).
    public var site: GroundSite
    /// One-sigma measurement noise.
    public var noise: MeasurementNoise
    /// Systematic biases (used when simulating; the estimator assumes none unless told).
    public var bias: MeasurementBias
    /// Where the sensor can look (azimuth sector and elevation limits). Default: the whole sky above 0°.
    public var fieldOfRegard: FieldOfRegard = .hemisphere
    /// Slant ranges the sensor can measure, km. Default: 0…100,000 km.
    public var rangeLimitsKm: ClosedRange<Double> = 0...100_000
    /// Radar-equation parameters (radars only; nil: every object in the field of regard is detected).
    public var radar: RadarParameters?
    /// Optical detection parameters (optical sensors only; nil: needs only a dark site and a sunlit object at the defaults).
    public var optical: OpticalParameters?
    /// How many objects the sensor can track.
    public var capacity: TrackingCapacity = .unlimited
    /// Time between measurements of one object while it is tracked, seconds.
    public var measurementIntervalSeconds: Double = 10

    public init(id: String, name: String, kind: SensorKind, site: GroundSite,
                noise: MeasurementNoise, bias: MeasurementBias = .none) {
        self.id = id
        self.name = name
        self.kind = kind
        self.site = site
        self.noise = noise
        self.bias = bias
    }

    /// A sensor with every model parameter given.
    public init(id: String, name: String, kind: SensorKind, site: GroundSite,
                noise: MeasurementNoise, bias: MeasurementBias = .none,
                fieldOfRegard: FieldOfRegard, rangeLimitsKm: ClosedRange<Double>,
                radar: RadarParameters? = nil, optical: OpticalParameters? = nil,
                capacity: TrackingCapacity = .unlimited, measurementIntervalSeconds: Double = 10) {
        self.init(id: id, name: name, kind: kind, site: site, noise: noise, bias: bias)
        self.fieldOfRegard = fieldOfRegard
        self.rangeLimitsKm = rangeLimitsKm
        self.radar = radar
        self.optical = optical
        self.capacity = capacity
        self.measurementIntervalSeconds = measurementIntervalSeconds
    }
}
