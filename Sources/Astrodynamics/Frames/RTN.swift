import Foundation

/// The radial / transverse / normal (RTN, also RSW or RIC) basis of an orbiting state, in its frame `F`.
///
/// R = r/|r|, N = (r × v)/|r × v|, T = N × R (along-track, equal to the velocity direction for a
/// circular orbit). Vallado, *Fundamentals of Astrodynamics and Applications*, 4th ed., §3.3.3 (RSW);
/// CCSDS CDM "RTN" covariance axes.
public struct RTNBasis<F: ReferenceFrame>: Sendable, Hashable {
    /// Radial unit vector, in `F`.
    public let radial: SIMD3<Double>
    /// Transverse (along-track) unit vector, in `F`.
    public let transverse: SIMD3<Double>
    /// Orbit-normal unit vector, in `F`.
    public let normal: SIMD3<Double>
    /// Angular velocity of the RTN axes, rad/s, in `F`: (r × v)/|r|², the orbital rate about N.
    ///
    /// This neglects the axes' rotation about R, which needs the out-of-plane acceleration (zero for
    /// a Keplerian orbit; about 1e-9 rad/s from J2 at LEO).
    public let angularVelocityRadPerS: SIMD3<Double>
    /// The reference state the basis was built from.
    public let reference: State<F>

    /// The basis of `state`. The state must have non-parallel, non-zero position and velocity.
    public init(_ state: State<F>) {
        let r = state.positionKm, v = state.velocityKmPerS
        let h = FrameMath.cross(r, v)
        let rNorm = FrameMath.norm(r)
        radial = r / rNorm
        normal = h / FrameMath.norm(h)
        transverse = FrameMath.cross(normal, radial)
        angularVelocityRadPerS = h / (rNorm * rNorm)
        reference = state
    }

    /// Rows R, T, N: `rtnFromFrame * v` gives v's RTN components.
    public var rtnFromFrame: Matrix3 { Matrix3(rows: radial, transverse, normal) }

    /// A vector of `F` (position offset, velocity, force) in RTN components; no rotation-rate terms.
    public func toRTN(_ vector: SIMD3<Double>) -> SIMD3<Double> { rtnFromFrame * vector }

    /// A vector given in RTN components, back in `F`.
    public func fromRTN(_ rtn: SIMD3<Double>) -> SIMD3<Double> {
        radial * rtn.x + transverse * rtn.y + normal * rtn.z
    }

    /// Another object's state relative to the reference, in RTN: position offset (km) and velocity
    /// as seen in the rotating RTN axes (km/s), ρ̇_RTN = M (Δv − ω × Δr).
    public func relativeState(of other: State<F>) -> (positionKm: SIMD3<Double>, velocityKmPerS: SIMD3<Double>) {
        let dr = other.positionKm - reference.positionKm
        let dv = other.velocityKmPerS - reference.velocityKmPerS
        return (toRTN(dr), toRTN(dv - FrameMath.cross(angularVelocityRadPerS, dr)))
    }

    /// The state whose RTN position offset and rotating-axes velocity from the reference are given
    /// (inverse of ``relativeState(of:)``), at the reference epoch.
    public func state(relativePositionKm: SIMD3<Double>, relativeVelocityKmPerS: SIMD3<Double>) -> State<F> {
        let dr = fromRTN(relativePositionKm)
        let dv = fromRTN(relativeVelocityKmPerS) + FrameMath.cross(angularVelocityRadPerS, dr)
        return State(epoch: reference.epoch, positionKm: reference.positionKm + dr,
                     velocityKmPerS: reference.velocityKmPerS + dv)
    }
}
