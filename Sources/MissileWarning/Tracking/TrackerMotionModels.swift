import Foundation

/// The three motion models of the tracker's IMM, all on the same 10-element state (``TrackState``) so that
/// mixing is exact: Earth-fixed position and velocity, thrust acceleration and inverse ballistic coefficient.
///
/// Equations of motion in the rotating Earth-fixed frame (Vallado 2013 §3.7; Zarchan, *Tactical and Strategic
/// Missile Guidance*, ch. 10 for the drag form): r̈ = g(r) − 2Ω×ṙ − Ω×(Ω×r) + a_thrust + a_drag, with g the
/// point-mass + J2 gravity of ``FlightEnvironment/gravityKmPerS2(_:)`` and
/// a_drag = −½ ρ(h) |v| v / β (ρ from ``Atmosphere``).
///
/// - boost: thrust acceleration is a state driven by white jerk noise (Singer-like constant-acceleration model,
///   Bar-Shalom, Li & Kirubarajan 2001 §6.3.3); no drag (it is absorbed in the thrust estimate).
/// - ballistic: no thrust (the thrust components are held at zero), no drag, small acceleration noise.
/// - reentry: no thrust, drag with the inverse ballistic coefficient a random-walk state.
public enum MissileMotionModel: Int, Sendable, CaseIterable {
    case boost = 0, ballistic = 1, reentry = 2
}

/// Process-noise and propagation parameters of the motion models.
public struct MissileMotionNoise: Sendable, Hashable {
    /// Boost: power spectral density of the thrust-acceleration jerk, km²/s⁵.
    public var boostJerkPSD: Double = 4e-6
    /// Boost: extra white acceleration PSD on velocity, km²/s³.
    public var boostAccelerationPSD: Double = 1e-6
    /// Ballistic: white acceleration PSD (gravity-model error), km²/s³.
    public var ballisticAccelerationPSD: Double = 1e-10
    /// Reentry: white acceleration PSD, km²/s³.
    public var reentryAccelerationPSD: Double = 1e-7
    /// Reentry: random-walk PSD of the inverse ballistic coefficient, (10⁻³ m²/kg)²/s.
    public var inverseBetaPSD: Double = 1e-4
    /// Longest integration sub-step, s (halved below 150 km altitude and in boost).
    public var maxStepS: Double = 4
    public init() {}
}

struct MissileDynamics: Sendable {
    let environment: FlightEnvironment
    let noise: MissileMotionNoise

    @inline(__always) func density(_ r: SIMD3<Double>) -> Double {
        if environment.atmosphere.isVacuum { return 0 }
        let rn = (r * r).sum().squareRoot()
        // Geocentric radius minus the local ellipsoid radius: within ~1 % of the geodetic altitude, ample for density.
        let sinLat2 = r.z * r.z / (rn * rn)
        let a = environment.ellipsoid.equatorialRadiusKm, f = environment.ellipsoid.flattening
        let localR = a * (1 - f * sinLat2)
        let h = rn - localR
        return h > 400 ? 0 : environment.atmosphere.densityKgPerM3(altitudeKm: h)
    }

    /// The time derivative of the state under a model.
    func derivative(_ x: TrackState, _ model: MissileMotionModel) -> TrackState {
        let r = x.position, v = x.velocity, w = environment.rotationRateRadPerS
        var acc = environment.gravityKmPerS2(r) + SIMD3(2 * w * v.y + w * w * r.x, -2 * w * v.x + w * w * r.y, 0)
        switch model {
        case .boost: acc += x.thrust
        case .ballistic: break
        case .reentry:
            let rho = density(r)
            if rho > 0 { acc -= 0.5 * rho * max(x.inverseBeta, 0) * (v * v).sum().squareRoot() * v }
        }
        var d = TrackState()
        d.position = v
        d.velocity = acc
        return d
    }

    /// The Jacobian ∂ẋ/∂x under a model (gravity gradient of the point mass; J2's gradient is neglected).
    func jacobian(_ x: TrackState, _ model: MissileMotionModel) -> Matrix10 {
        var f = Matrix10()
        let r = x.position, w = environment.rotationRateRadPerS
        for i in 0..<3 { f[i, i + 3] = 1 }
        let r2 = (r * r).sum(), rn = r2.squareRoot(), mu = environment.muKm3PerS2
        let k = mu / (r2 * rn)
        let rv = [r.x, r.y, r.z]
        for i in 0..<3 { for j in 0..<3 { f[3 + i, j] = k * (3 * rv[i] * rv[j] / r2 - (i == j ? 1 : 0)) } }
        f[3, 0] += w * w; f[4, 1] += w * w
        f[3, 4] = 2 * w; f[4, 3] = -2 * w
        switch model {
        case .boost: for i in 0..<3 { f[3 + i, 6 + i] = 1 }
        case .ballistic: break
        case .reentry:
            let rho = density(r)
            if rho > 0 {
                let v = x.velocity, s = (v * v).sum().squareRoot(), b = max(x.inverseBeta, 0)
                let vv = [v.x, v.y, v.z]
                for i in 0..<3 {
                    for j in 0..<3 { f[3 + i, 3 + j] -= 0.5 * rho * b * ((i == j ? s : 0) + (s > 0 ? vv[i] * vv[j] / s : 0)) }
                    f[3 + i, 9] = -0.5 * rho * s * vv[i]
                }
            }
        }
        return f
    }

    /// The transition matrix Φ = I + F h + F²h²/2 of one covariance step (F from ``jacobian(_:_:)``), built
    /// in place: F has at most 4 non-zeros per row, so F² is formed skipping zeros.
    func transition(_ x: TrackState, _ model: MissileMotionModel, _ h: Double) -> Matrix10 {
        let f = jacobian(x, model)
        var phi = Matrix10.identity
        let hh = 0.5 * h * h
        let fv = f.e.span
        var out = phi.e.mutableSpan
        for i in 0..<10 {
            for k in 0..<10 {
                let fik = fv[i * 10 + k]
                if fik == 0 { continue }
                out[i * 10 + k] += h * fik
                for j in 0..<10 { let fkj = fv[k * 10 + j]; if fkj != 0 { out[i * 10 + j] += hh * fik * fkj } }
            }
        }
        return phi
    }

    /// Propagates a state and covariance by `dt` seconds under a model: RK4 for the state, Φ = I + F h + F²h²/2
    /// per sub-step for the covariance, plus the model's process noise.
    func propagate(_ x0: TrackState, _ p0: Matrix10, by dt: Double, model: MissileMotionModel) -> (TrackState, Matrix10) {
        var x = x0, p = p0
        propagate(&x, &p, by: dt, model: model)
        return (x, p)
    }

    /// ``propagate(_:_:by:model:)`` in place.
    func propagate(_ x: inout TrackState, _ p: inout Matrix10, by dt: Double, model: MissileMotionModel) {
        if model != .boost {
            // No thrust in this model: hold the thrust components at exactly zero.
            x.thrust = .zero
            for i in 6..<9 { for j in 0..<10 { p[i, j] = 0; p[j, i] = 0 }; p[i, i] = 1e-12 }
        }
        guard dt > 0 else { return }
        let alt = (x.position * x.position).sum().squareRoot() - environment.ellipsoid.equatorialRadiusKm
        // The state takes RK4 sub-steps of ≤ 1 s (≤ maxStepS for a ballistic model above 150 km); the covariance,
        // whose transition I + Fh + F²h²/2 is exact for the position–velocity–thrust chain and whose other terms
        // (gravity gradient ~10⁻⁶ s⁻², Coriolis ~10⁻⁴ s⁻¹) are tiny, takes steps of up to maxStepS, shorter only
        // where drag makes ‖F‖h large (‖∂a_drag/∂v‖ ≈ ρ b |v|, kept below 0.05 per step).
        let stateStep = (model == .ballistic && alt > 150) ? noise.maxStepS : min(noise.maxStepS, 1)
        var remaining = dt
        while remaining > 1e-12 {
            var covStep = min(noise.maxStepS, remaining)
            if model == .reentry {
                let rho = density(x.position)
                let stiffness = rho * max(x.inverseBeta, 0) * (x.velocity * x.velocity).sum().squareRoot()
                if stiffness > 0 { covStep = min(covStep, max(0.05 / stiffness, min(stateStep, remaining))) }
            }
            let phi = transition(x, model, covStep)
            let n = max(1, Int((covStep / stateStep - 1e-9).rounded(.up)))
            let h = covStep / Double(n)
            for _ in 0..<n {
                let k1 = derivative(x, model)
                let k2 = derivative(x + (0.5 * h) * k1, model)
                let k3 = derivative(x + (0.5 * h) * k2, model)
                let k4 = derivative(x + h * k3, model)
                x = x + (h / 6) * (k1 + (2 * k2) + (2 * k3) + k4)
            }
            p.transform(phi, adding: processNoise(covStep, model))
            remaining -= covStep
        }
        p = p.symmetrized
    }

    /// Discrete process noise of one sub-step h (continuous white noise integrated exactly for the
    /// position–velocity–acceleration chain, Bar-Shalom, Li & Kirubarajan 2001 §6.2–6.3).
    func processNoise(_ h: Double, _ model: MissileMotionModel) -> Matrix10 {
        var q = Matrix10()
        let qa: Double
        switch model {
        case .boost: qa = noise.boostAccelerationPSD
        case .ballistic: qa = noise.ballisticAccelerationPSD
        case .reentry: qa = noise.reentryAccelerationPSD
        }
        for i in 0..<3 {
            q[i, i] += qa * h * h * h / 3; q[i, 3 + i] += qa * h * h / 2; q[3 + i, i] += qa * h * h / 2; q[3 + i, 3 + i] += qa * h
        }
        if model == .boost {
            let j = noise.boostJerkPSD
            let h2 = h * h, h3 = h2 * h, h4 = h3 * h, h5 = h4 * h
            for i in 0..<3 {
                q[i, i] += j * h5 / 20; q[i, 3 + i] += j * h4 / 8; q[i, 6 + i] += j * h3 / 6
                q[3 + i, i] += j * h4 / 8; q[3 + i, 3 + i] += j * h3 / 3; q[3 + i, 6 + i] += j * h2 / 2
                q[6 + i, i] += j * h3 / 6; q[6 + i, 3 + i] += j * h2 / 2; q[6 + i, 6 + i] += j * h
            }
        }
        if model == .reentry { q[9, 9] += noise.inverseBetaPSD * h }
        return q
    }
}
