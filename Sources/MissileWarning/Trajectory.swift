import Foundation
import Astrodynamics

/// The part of a ballistic missile's flight a state belongs to.
public enum FlightPhase: String, Sendable, Hashable, Codable {
    /// Engines burning.
    case boost
    /// After the last burnout, outside the sensible atmosphere (or still climbing).
    case midcourse
    /// After the last burnout, descending below ``Trajectory/reentryAltitudeKm``.
    case reentry
}

/// One state of a flown trajectory, in the Earth-fixed (ITRF, rotating) frame.
public struct FlightSample: Sendable, Hashable {
    /// Time since lift-off, s.
    public var timeS: Double
    /// Earth-fixed position, km.
    public var positionKm: SIMD3<Double>
    /// Earth-relative velocity, km/s.
    public var velocityKmPerS: SIMD3<Double>
    /// Geodetic coordinates of the position.
    public var geodetic: Geodetic
    /// Boost, midcourse or reentry.
    public var phase: FlightPhase
    /// The burning stage (0-based) in boost; nil after the last burnout.
    public var stage: Int?

    /// Speed relative to the Earth, km/s.
    public var speedKmPerS: Double { (velocityKmPerS * velocityKmPerS).sum().squareRoot() }
}

/// A flown missile trajectory from lift-off to impact on the ellipsoid, with its summary figures.
public struct Trajectory: Sendable {
    /// The altitude below which a descending post-boost missile is in the reentry phase, km.
    public static let reentryAltitudeKm = 100.0

    /// Lift-off time.
    public var launchTime: Instant
    /// Launch point.
    public var launchSite: Geodetic
    /// Launch azimuth, rad clockwise from north (the direction of the pitch-over).
    public var launchAzimuthRad: Double
    /// Every integration step, lift-off to impact (the last sample is the impact).
    public var samples: [FlightSample]
    /// Burnout times of the stages, s after lift-off.
    public var stageBurnoutTimesS: [Double]
    /// Index in ``samples`` of the last burnout (the sample at the end of the boost).
    public var burnoutIndex: Int
    /// Index in ``samples`` of the highest point.
    public var apogeeIndex: Int
    /// The ellipsoid of the flight (for ``groundRangeKm``).
    public var ellipsoid: Ellipsoid
    /// The integrator's fixed step, s.
    public var stepS: Double

    /// State at the last burnout.
    public var burnout: FlightSample { samples[burnoutIndex] }
    /// Highest point of the flight.
    public var apogee: FlightSample { samples[apogeeIndex] }
    /// Impact point on the ellipsoid (altitude 0).
    public var impact: FlightSample { samples[samples.count - 1] }
    /// Flight time, lift-off to impact, s.
    public var flightTimeS: Double { impact.timeS }
    /// Apogee altitude above the ellipsoid, km.
    public var apogeeAltitudeKm: Double { apogee.geodetic.altitudeKm }
    /// Impact time.
    public var impactTime: Instant { launchTime.advanced(bySeconds: flightTimeS) }

    /// Ground range: the geodesic on the ellipsoid from the launch point to the impact point
    /// (``Vincenty1975``), km; NaN only if Vincenty's iteration fails (nearly antipodal points, which
    /// no ballistic missile reaches).
    public var groundRangeKm: Double {
        (try? Vincenty1975.inverse(from: launchSite, to: impact.geodetic, ellipsoid: ellipsoid).distanceKm) ?? .nan
    }

    /// Azimuth of that geodesic at the launch point, rad.
    public var impactBearingRad: Double {
        (try? Vincenty1975.inverse(from: launchSite, to: impact.geodetic, ellipsoid: ellipsoid).initialAzimuthRad) ?? .nan
    }

    /// The Earth-fixed state at a sample.
    public func itrfState(_ sample: FlightSample) -> State<ITRF> {
        State<ITRF>(epoch: launchTime.advanced(bySeconds: sample.timeS), positionKm: sample.positionKm,
                    velocityKmPerS: sample.velocityKmPerS)
    }

    /// The Earth-fixed state at any time of the flight (seconds after lift-off), by cubic Hermite
    /// interpolation between the integration steps (position and velocity both matched at the ends
    /// of the step); nil outside [0, flight time].
    public func state(atTimeS t: Double) -> (positionKm: SIMD3<Double>, velocityKmPerS: SIMD3<Double>, phase: FlightPhase)? {
        guard t >= 0, t <= flightTimeS, !samples.isEmpty else { return nil }
        var lo = 0, hi = samples.count - 1
        while hi - lo > 1 {
            let mid = (lo + hi) / 2
            if samples[mid].timeS <= t { lo = mid } else { hi = mid }
        }
        let a = samples[lo], b = samples[hi]
        let h = b.timeS - a.timeS
        if h <= 0 { return (a.positionKm, a.velocityKmPerS, a.phase) }
        let s = (t - a.timeS) / h
        let h00 = 2 * s * s * s - 3 * s * s + 1, h10 = s * s * s - 2 * s * s + s
        let h01 = -2 * s * s * s + 3 * s * s, h11 = s * s * s - s * s
        let p = h00 * a.positionKm + (h10 * h) * a.velocityKmPerS + h01 * b.positionKm + (h11 * h) * b.velocityKmPerS
        let d00 = (6 * s * s - 6 * s) / h, d10 = 3 * s * s - 4 * s + 1
        let d01 = (-6 * s * s + 6 * s) / h, d11 = 3 * s * s - 2 * s
        let v = d00 * a.positionKm + d10 * a.velocityKmPerS + d01 * b.positionKm + d11 * b.velocityKmPerS
        return (p, v, s < 1 ? a.phase : b.phase)
    }
}
