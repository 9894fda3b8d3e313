import Astrodynamics
import Foundation

/// The dominant direction of an estimated burn in the object's RTN (radial, transverse, normal) frame.
public enum ManeuverDirection: String, Sendable, Hashable, Codable, CaseIterable {
    /// Mostly radial (seen through a change of the eccentricity vector without a matching Δa; GEO only).
    case radial
    /// Mostly along the velocity (seen through the semi-major axis).
    case tangential
    /// Mostly out of plane (seen through inclination and node).
    case normal
    /// No component carries three quarters of |Δv|².
    case mixed
}

/// Element changes across a detected maneuver: the step between the robust level of the element
/// sets before and after the window, after the natural-motion model and the object's own trend are
/// removed (so they are the part natural motion does not explain).
public struct ManeuverElementChanges: Sendable, Hashable, Codable {
    /// Semi-major axis step, km (from Kozai mean motion, beyond the drag trend).
    public var semiMajorAxisKm: Double
    /// Inclination step, rad (LEO/MEO/HEO; for GEO the inclination-vector step is in ``planeChangeRad``).
    public var inclinationRad: Double
    /// Node step beyond J2 drift, times sin i: the out-of-plane rotation it means, rad (LEO/MEO/HEO).
    public var nodeTimesSinInclinationRad: Double
    /// Magnitude of the rotation of the orbit plane, rad (from the significant plane channels).
    public var planeChangeRad: Double
    /// Magnitude of the eccentricity-vector step (GEO only; 0 otherwise).
    public var eccentricityVector: Double
    /// GEO longitude drift-rate step, deg/day (−1.5·n·Δa/a); 0 outside GEO.
    public var longitudeDriftRateDegPerDay: Double
}

/// One detected maneuver of one object.
public struct ManeuverDetection: Sendable, Hashable {
    /// NORAD catalog number.
    public var noradCatalogNumber: Int
    /// Object name from the element sets, when they carry one.
    public var objectName: String?
    /// Regime the detector treated the object as.
    public var regime: OrbitRegime
    /// Epoch of the last element set before the maneuver: the maneuver happened after this instant.
    public var windowStart: Instant
    /// Epoch of the first element set after the maneuver: the maneuver happened before this instant.
    public var windowEnd: Instant
    /// Estimated Δv magnitude, m/s (Gauss variational equations for a near-circular orbit).
    public var deltaVMetersPerSecond: Double
    /// Estimated Δv components in RTN, m/s: R and N are magnitudes (their sign depends on where on the
    /// orbit the burn was, which element sets do not resolve); T carries its sign (+ raises the orbit).
    public var deltaVRTNMetersPerSecond: SIMD3<Double>
    /// Dominant direction of ``deltaVRTNMetersPerSecond``.
    public var direction: ManeuverDirection
    /// 0–1: 0.5 at the detection threshold, rising to 1 with the exceedance (1 − ½·(k/z)⁴).
    public var confidence: Double
    /// Largest normalized step over the channels (robust z: step / its robust standard deviation).
    public var significance: Double
    /// The element changes behind the estimate.
    public var changes: ManeuverElementChanges
    /// The evidence in plain words.
    public var reason: String
}

/// How the detector decides; every threshold is stated as a probability.
public struct ManeuverDetectorConfiguration: Sendable, Hashable {
    /// Probability that one set pair of a quiet object (Gaussian residuals at the robust scale) raises a
    /// detection. Split evenly over the channels (Bonferroni): 3 channels (a, i, Ω) outside GEO, 5 in GEO
    /// (a, inclination vector, eccentricity vector). Default 1e-5, i.e. |z| > 4.6 per channel in LEO.
    public var falseAlarmProbabilityPerPair: Double = 1e-5
    /// How many element sets on each side of a boundary form the before/after levels (their medians).
    public var setsEachSide: Int = 3
    /// Fewest sets on each side for a boundary to be tested: with 3, a maneuver is reported once three
    /// sets after it are in (the median of three is not moved far by one outlying set; with 2, a
    /// single bad set next to the end of a history could raise a detection).
    public var minimumSetsEachSide: Int = 3
    /// Detections whose estimated Δv is below this are dropped, m/s: element steps that small are at the
    /// level of natural motion the model leaves out (GEO lunisolar and radiation-pressure periodic
    /// terms in element sets whose per-set scatter is only a few metres).
    public var minimumDeltaVMetersPerSecond: Double = 0.02
    /// A channel adds to the Δv estimate when its own |z| reaches this.
    public var componentSignificance: Double = 3
    /// Smallest per-set noise assumed, so quantized or repeated sets do not give a zero scale:
    /// semi-major axis, km.
    public var semiMajorAxisFloorKm: Double = 0.002
    /// Smallest per-set noise of angles (inclination, node·sin i, inclination vector), rad.
    public var angleFloorRad: Double = 2e-6
    /// Smallest per-set noise of eccentricity-vector components.
    public var eccentricityFloor: Double = 2e-6
    /// Sets whose epochs differ by less than this are duplicates; the first read is kept.
    public var duplicateEpochToleranceSeconds: Double = 0.001
    /// Gravity model for a(n) and the J2 node rate (WGS72, how element sets are made).
    public var gravity: GravityModel = .wgs72

    public init() {}

    /// Checks ranges; throws ``ThreatsError`` with code `badConfiguration`.
    public func validate() throws {
        guard falseAlarmProbabilityPerPair > 0 && falseAlarmProbabilityPerPair < 0.5 else {
            throw ThreatsError(.badConfiguration, "must be in (0, 0.5)", field: "falseAlarmProbabilityPerPair",
                               value: "\(falseAlarmProbabilityPerPair)")
        }
        guard minimumSetsEachSide >= 1 && setsEachSide >= minimumSetsEachSide else {
            throw ThreatsError(.badConfiguration, "need 1 ≤ minimumSetsEachSide ≤ setsEachSide", field: "setsEachSide",
                               value: "\(minimumSetsEachSide)/\(setsEachSide)")
        }
        guard semiMajorAxisFloorKm > 0 && angleFloorRad > 0 && eccentricityFloor > 0 && componentSignificance > 0,
              minimumDeltaVMetersPerSecond >= 0 else {
            throw ThreatsError(.badConfiguration, "floors and componentSignificance must be positive", field: "floors")
        }
    }

    /// Per-channel threshold |z| for `channels` channels.
    public func threshold(channels: Int) -> Double {
        RobustStatistics.twoSidedQuantile(falseAlarmProbabilityPerPair / Double(max(channels, 1)))
    }
}

/// What a run over many objects found, and what it could not use.
public struct ManeuverDetectionReport: Sendable {
    /// Detections of every object, by object then window.
    public var detections: [ManeuverDetection]
    /// Objects with enough sets to be tested.
    public var objectsTested: Int
    /// Objects with too few distinct epochs (fewer than 2 × ``ManeuverDetectorConfiguration/minimumSetsEachSide``).
    public var objectsTooShort: Int
    /// Element sets removed as duplicates of an epoch already seen.
    public var duplicatesRemoved: Int
    /// Objects whose sets could not be used, with the reason.
    public var rejected: [ThreatsError]
}
