import Foundation

/// Where a sensor can look: an azimuth sector (centre and half-width, wrapping through north) and
/// elevation limits. A dish or a rotating array uses the full circle (half-width π); a fixed-face
/// phased array uses its boresight azimuth and the half-width of its scan sector, and its elevation
/// limits from the face tilt and scan angle.
public struct FieldOfRegard: Sendable, Hashable {
    /// Centre of the azimuth sector, radians from north through east.
    public var azimuthCenterRad: Double
    /// Half-width of the azimuth sector, radians (π: all azimuths).
    public var azimuthHalfWidthRad: Double
    /// Lowest elevation, radians.
    public var minimumElevationRad: Double
    /// Highest elevation, radians.
    public var maximumElevationRad: Double

    public init(azimuthCenterRad: Double, azimuthHalfWidthRad: Double,
                minimumElevationRad: Double, maximumElevationRad: Double = .pi / 2) {
        self.azimuthCenterRad = azimuthCenterRad
        self.azimuthHalfWidthRad = azimuthHalfWidthRad
        self.minimumElevationRad = minimumElevationRad
        self.maximumElevationRad = maximumElevationRad
    }

    /// All azimuths, from `minimumElevationRad` up to the zenith.
    public static func allAzimuths(minimumElevationRad: Double) -> FieldOfRegard {
        FieldOfRegard(azimuthCenterRad: 0, azimuthHalfWidthRad: .pi, minimumElevationRad: minimumElevationRad)
    }

    /// The whole sky above the horizon.
    public static let hemisphere = FieldOfRegard.allAzimuths(minimumElevationRad: 0)

    /// True when azimuth `az` and elevation `el` (radians) are inside.
    @inlinable
    public func contains(azimuthRad az: Double, elevationRad el: Double) -> Bool {
        guard el >= minimumElevationRad, el <= maximumElevationRad else { return false }
        if azimuthHalfWidthRad >= .pi { return true }
        var d = (az - azimuthCenterRad).truncatingRemainder(dividingBy: 2 * .pi)
        if d > .pi { d -= 2 * .pi } else if d < -.pi { d += 2 * .pi }
        return abs(d) <= azimuthHalfWidthRad
    }
}

/// Radar Swerling target-fluctuation model (Swerling 1960): how the radar cross section varies
/// between looks. Case 0 (also called V) does not fluctuate; I and II follow a chi-square
/// distribution with 2 degrees of freedom (many equal scatterers); III and IV with 4 (one dominant
/// scatterer). I and III fluctuate scan to scan, II and IV pulse to pulse.
public enum SwerlingCase: Int, Sendable, Hashable, CaseIterable {
    case zero = 0, one = 1, two = 2, three = 3, four = 4
}

/// The parameters of the monostatic radar equation (Skolnik, *Introduction to Radar Systems*,
/// 3rd ed., 2001, eq. 2.61; Richards, *Fundamentals of Radar Signal Processing*, 2nd ed., 2014, eq. 2.43)
/// and of the detector that follows it.
public struct RadarParameters: Sendable, Hashable {
    /// Peak transmitted power, W.
    public var peakPowerW: Double
    /// Antenna gain (transmit = receive), dB.
    public var antennaGainDB: Double
    /// Wavelength, m.
    public var wavelengthM: Double
    /// Receiver noise bandwidth, Hz (about 1 / pulse width for an uncompressed pulse).
    public var bandwidthHz: Double
    /// Pulses integrated coherently in one dwell (SNR gain n).
    public var pulsesIntegrated: Double
    /// Total system losses, dB (positive).
    public var systemLossesDB: Double
    /// System noise temperature, K.
    public var noiseTemperatureK: Double
    /// Probability of false alarm per detection cell that sets the threshold.
    public var probabilityOfFalseAlarm: Double
    /// The target-fluctuation model used for the probability of detection.
    public var swerling: SwerlingCase
    /// False (noise or clutter) tracklets per hour the sensor reports (simulation only).
    public var falseTrackletsPerHour: Double

    public init(peakPowerW: Double, antennaGainDB: Double, wavelengthM: Double, bandwidthHz: Double,
                pulsesIntegrated: Double = 1, systemLossesDB: Double, noiseTemperatureK: Double,
                probabilityOfFalseAlarm: Double = 1e-6, swerling: SwerlingCase = .one,
                falseTrackletsPerHour: Double = 0) {
        self.peakPowerW = peakPowerW
        self.antennaGainDB = antennaGainDB
        self.wavelengthM = wavelengthM
        self.bandwidthHz = bandwidthHz
        self.pulsesIntegrated = pulsesIntegrated
        self.systemLossesDB = systemLossesDB
        self.noiseTemperatureK = noiseTemperatureK
        self.probabilityOfFalseAlarm = probabilityOfFalseAlarm
        self.swerling = swerling
        self.falseTrackletsPerHour = falseTrackletsPerHour
    }
}

/// The Earth-shadow model that decides whether an object is sunlit.
public enum ShadowModel: String, Sendable, Hashable, CaseIterable {
    /// A cylinder of the Earth's equatorial radius behind the Earth (Vallado 2013, Algorithm 34 `shadow`, cylindrical case).
    case cylindrical
    /// The umbra cone of a spherical Earth and Sun (Vallado 2013, §5.3, conical case: umbra only).
    case conical
}

/// What an optical telescope needs to see an object: a dark site, a sunlit object, and the
/// object brighter than the limiting magnitude.
public struct OpticalParameters: Sendable, Hashable {
    /// Clear aperture, m (informational; the limiting magnitude carries its effect).
    public var apertureM: Double
    /// Faintest visual magnitude detected in one exposure.
    public var limitingMagnitude: Double
    /// The site is dark when the Sun is below this elevation, radians (−12°: nautical twilight).
    public var maximumSunElevationRad: Double
    /// Earth shadow model.
    public var shadow: ShadowModel
    /// False tracklets per hour (stars, noise) reported (simulation only).
    public var falseTrackletsPerHour: Double

    public init(apertureM: Double, limitingMagnitude: Double, maximumSunElevationRad: Double = -12 * .pi / 180,
                shadow: ShadowModel = .cylindrical, falseTrackletsPerHour: Double = 0) {
        self.apertureM = apertureM
        self.limitingMagnitude = limitingMagnitude
        self.maximumSunElevationRad = maximumSunElevationRad
        self.shadow = shadow
        self.falseTrackletsPerHour = falseTrackletsPerHour
    }
}

/// How many objects a sensor can follow: at once, and per hour.
public struct TrackingCapacity: Sendable, Hashable {
    /// Objects tracked at the same time.
    public var simultaneousTracks: Int
    /// Tracks (passes) started per hour.
    public var tracksPerHour: Int

    public init(simultaneousTracks: Int, tracksPerHour: Int) {
        self.simultaneousTracks = simultaneousTracks
        self.tracksPerHour = tracksPerHour
    }

    /// No limit.
    public static let unlimited = TrackingCapacity(simultaneousTracks: .max, tracksPerHour: .max)
}
