import Foundation
import Astrodynamics

/// A tracker's estimate of one missile at one instant, in the Earth-fixed frame (ITRF/ECEF, WGS84):
/// the hand-off from tracking to impact prediction, classification and warning.
///
/// The covariance is that of (position km, velocity km/s) only: 36 values, row-major. Thrust
/// acceleration and the ballistic coefficient are carried as point estimates with their own 1σ,
/// because impact prediction treats them as model parameters rather than states.
public struct MissileStateEstimate: Sendable, Hashable {
    /// When the estimate holds.
    public var time: Instant
    /// Position, ECEF km.
    public var positionKm: SIMD3<Double>
    /// Velocity relative to the rotating Earth, ECEF km/s.
    public var velocityKmPerS: SIMD3<Double>
    /// Covariance of (x, y, z km, vx, vy, vz km/s), 6×6 row-major (36 values).
    public var covariance: [Double]
    /// Estimated thrust (non-gravitational, non-drag) acceleration, ECEF km/s²; zero when coasting.
    public var thrustAccelerationKmPerS2: SIMD3<Double>
    /// Probability that the missile is still burning (the boost model's weight in an IMM, or 0/1).
    public var boostProbability: Double
    /// Estimated ballistic coefficient m/(C_D A), kg/m², once drag has made it observable; nil before.
    public var ballisticCoefficientKgPerM2: Double?
    /// 1σ of ``ballisticCoefficientKgPerM2``, kg/m², when it is estimated.
    public var ballisticCoefficientSigmaKgPerM2: Double?

    public init(time: Instant, positionKm: SIMD3<Double>, velocityKmPerS: SIMD3<Double>, covariance: [Double],
                thrustAccelerationKmPerS2: SIMD3<Double> = .zero, boostProbability: Double = 0,
                ballisticCoefficientKgPerM2: Double? = nil, ballisticCoefficientSigmaKgPerM2: Double? = nil) {
        precondition(covariance.count == 36, "a 6×6 covariance has 36 values")
        self.time = time
        self.positionKm = positionKm
        self.velocityKmPerS = velocityKmPerS
        self.covariance = covariance
        self.thrustAccelerationKmPerS2 = thrustAccelerationKmPerS2
        self.boostProbability = boostProbability
        self.ballisticCoefficientKgPerM2 = ballisticCoefficientKgPerM2
        self.ballisticCoefficientSigmaKgPerM2 = ballisticCoefficientSigmaKgPerM2
    }

    /// Element (i, j) of the 6×6 covariance.
    public func covariance(_ i: Int, _ j: Int) -> Double { covariance[i * 6 + j] }

    /// 1σ position uncertainty, km: the square root of the covariance's position trace.
    public var positionSigmaKm: Double { (covariance[0] + covariance[7] + covariance[14]).squareRoot() }
    /// 1σ velocity uncertainty, km/s: the square root of the covariance's velocity trace.
    public var velocitySigmaKmPerS: Double { (covariance[21] + covariance[28] + covariance[35]).squareRoot() }
}
