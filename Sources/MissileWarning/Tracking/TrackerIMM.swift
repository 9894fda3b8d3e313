import Foundation
import Astrodynamics

/// Mode-switch rates of the IMM's Markov chain, 1/s: the probability of switching from model i to
/// model j in dt seconds is 1 − exp(−rate·dt) (split among the targets of i).
public struct MissileModeSwitching: Sendable, Hashable {
    /// Leaving boost (burnout, staging), 1/s.
    public var boostExitRate: Double = 1.0 / 100
    /// Share of boost exits that go to reentry rather than ballistic (short-range, in-atmosphere burnout).
    public var boostToReentryShare: Double = 0.2
    /// Ballistic → boost (a later stage lighting), 1/s.
    public var ballisticToBoostRate: Double = 1.0 / 2000
    /// Ballistic ↔ reentry, 1/s.
    public var ballisticReentryRate: Double = 1.0 / 200
    /// Smallest model probability kept (no model is ever locked out).
    public var floorProbability: Double = 1e-4
    public init() {}
}

/// The interacting multiple model estimator (Blom & Bar-Shalom, "The interacting multiple model algorithm
/// for systems with Markovian switching coefficients", IEEE TAC 33(8), 1988; Bar-Shalom, Li & Kirubarajan,
/// *Estimation with Applications to Tracking and Navigation*, 2001, §11.6.6) over the three
/// ``MissileMotionModel``s, each an extended Kalman filter on the same augmented state, so that mixing is exact.
struct MissileIMM: Sendable {
    var states: [TrackState]
    var covariances: [Matrix10]
    var probabilities: SIMD3<Double>
    var time: Instant
    /// False once burnout has been detected: a ballistic missile does not relight, so the boost model gets
    /// probability zero and no transitions into it (otherwise a long unobserved coast lets it creep back).
    var boostAllowed = true

    init(state: TrackState, covariance: Matrix10, probabilities: SIMD3<Double>, time: Instant) {
        states = [state, state, state]
        covariances = [covariance, covariance, covariance]
        self.probabilities = probabilities / probabilities.sum()
        self.time = time
    }

    /// The Markov transition matrix π[i][j] for a step of dt seconds.
    static func transition(_ dt: Double, _ s: MissileModeSwitching) -> [[Double]] {
        let pb = 1 - exp(-s.boostExitRate * dt)
        let pbb = 1 - exp(-s.ballisticToBoostRate * dt), pbr = 1 - exp(-s.ballisticReentryRate * dt)
        return [[1 - pb, pb * (1 - s.boostToReentryShare), pb * s.boostToReentryShare],
                [pbb, 1 - pbb - pbr, pbr],
                [pbb * 0.1, pbr, 1 - pbb * 0.1 - pbr]]
    }

    /// Mixing and model-conditioned prediction to `t` (no mixing when t is the current time).
    mutating func predict(to t: Instant, dynamics: MissileDynamics, switching: MissileModeSwitching) {
        let dt = t.secondsSince(time)
        guard dt > 1e-9 else { return }
        var pi = Self.transition(dt, switching)
        if !boostAllowed {
            for i in 0..<3 { pi[i][0] = 0 }
            pi[0] = [0, 1, 0]
            probabilities[0] = 0
            probabilities /= probabilities.sum()
        }
        var c = SIMD3<Double>(repeating: 0)
        for j in 0..<3 { for i in 0..<3 { c[j] += pi[i][j] * probabilities[i] } }
        // Mixing (in place; a model whose mixed prior is its own estimate is left as it is), then prediction.
        let oldStates = states, oldCovariances = covariances
        for j in 0..<3 {
            var w = SIMD3<Double>(repeating: 0)
            for i in 0..<3 { w[i] = c[j] > 0 ? pi[i][j] * probabilities[i] / c[j] : (i == j ? 1 : 0) }
            if w[j] == 1 { continue }
            var x = TrackState()
            for i in 0..<3 where w[i] > 0 { x = x + w[i] * oldStates[i] }
            var p = Matrix10()
            for i in 0..<3 where w[i] > 0 { Self.accumulate(&p, weight: w[i], oldCovariances[i], spread: oldStates[i] - x) }
            states[j] = x; covariances[j] = p
        }
        for j in 0..<3 {
            dynamics.propagate(&states[j], &covariances[j], by: dt, model: MissileMotionModel(rawValue: j)!)
        }
        probabilities = c / c.sum()
        time = t
    }

    /// The moment-matched combination of the model estimates.
    var combined: (state: TrackState, covariance: Matrix10) {
        var x = TrackState()
        for i in 0..<3 { x = x + probabilities[i] * states[i] }
        var p = Matrix10()
        for i in 0..<3 where probabilities[i] > 0 { Self.accumulate(&p, weight: probabilities[i], covariances[i], spread: states[i] - x) }
        return (x, p)
    }

    /// The moment-matched mean alone (no covariance).
    var combinedState: TrackState {
        var x = TrackState()
        for i in 0..<3 { x = x + probabilities[i] * states[i] }
        return x
    }

    /// p += w (P + d dᵀ), in place.
    @inline(__always) static func accumulate(_ p: inout Matrix10, weight w: Double, _ c: borrowing Matrix10, spread d: TrackState) {
        // Through spans: element-wise `p.e[i] += …` made the optimiser copy the 800-byte matrix per row.
        var out = p.e.mutableSpan
        let src = c.e.span
        for a in 0..<10 {
            let wd = w * d[a]
            for b in 0..<10 { out[a * 10 + b] += w * src[a * 10 + b] + wd * d[b] }
        }
    }

    /// Updates every model with a measurement linearised about its own state; the model probabilities by their
    /// Gaussian likelihoods. Returns false (nothing changed) if no model could be updated.
    mutating func update(floor: Double, _ linearise: (TrackState) -> LinearisedMeasurement?) -> Bool {
        var logL = SIMD3<Double>(repeating: -.infinity)
        var newX = states, newP = covariances
        for j in 0..<3 {
            guard let z = linearise(states[j]),
                  let u = KalmanUpdate(x: states[j], p: covariances[j], h: z.h, r: z.r, y: z.y, m: z.m),
                  u.state.isFinite, u.covariance.isFinite else { continue }
            if j != 0 { var s = u.state; s.thrust = .zero; newX[j] = s } else { newX[j] = u.state }
            newP[j] = u.covariance
            logL[j] = -0.5 * u.nis - 0.5 * u.logDetS - 0.5 * Double(z.m) * log(2 * .pi)
        }
        let best = max(logL[0], max(logL[1], logL[2]))
        guard best.isFinite else { return false }
        var p = SIMD3<Double>(repeating: 0)
        for j in 0..<3 { p[j] = logL[j].isFinite ? probabilities[j] * exp(logL[j] - best) : 0 }
        guard p.sum() > 0 else { return false }
        p /= p.sum()
        for j in 0..<3 where boostAllowed || j != 0 { p[j] = max(p[j], floor) }
        probabilities = p / p.sum()
        states = newX; covariances = newP
        return true
    }
}
