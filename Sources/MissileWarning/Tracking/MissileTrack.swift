import Foundation
import Astrodynamics

/// The tracker's estimate of where and when a missile was launched: the boost state at the first good
/// estimate extrapolated back to the ground under constant acceleration from rest (t = 2h/v_up, ground
/// offset ½·v_horizontal·t), with 1σ figures that add the extrapolation's model error.
public struct LaunchEstimate: Sendable, Hashable {
    /// Estimated lift-off time.
    public var time: Instant
    /// Estimated launch point (altitude 0).
    public var site: Geodetic
    /// 1σ horizontal uncertainty of the launch point, km.
    public var sigmaKm: Double
    /// 1σ uncertainty of the launch time, s.
    public var sigmaS: Double
}

/// The IMM model probabilities of a track.
public struct ModelProbabilities: Sendable, Hashable {
    /// Thrusting.
    public var boost: Double
    /// Coasting in vacuum.
    public var ballistic: Double
    /// Coasting with drag.
    public var reentry: Double
}

/// One track of the ``MissileTracker``: its life cycle, its current estimate and its history.
public struct MissileTrack: Sendable {
    /// A track's life-cycle state.
    public enum Status: String, Sendable, Hashable {
        /// Started, not yet confirmed (M of N).
        case tentative
        /// Confirmed: a missile.
        case confirmed
        /// Ended; see ``MissileTrack/deletionReason``.
        case deleted
    }

    /// "T1", "T2", … in order of creation.
    public internal(set) var id: String
    /// Life-cycle state.
    public internal(set) var status: Status
    /// Why the track was deleted (nil while alive).
    public internal(set) var deletionReason: String?
    /// Whether the track was ever confirmed (a deleted track keeps this).
    public internal(set) var wasConfirmed: Bool
    /// The track this one was merged into (a duplicate of one missile), if it was.
    public internal(set) var mergedInto: String?
    /// Time of the first detection of the track.
    public internal(set) var firstDetection: Instant
    /// When the track was confirmed.
    public internal(set) var confirmedAt: Instant?
    /// Time of the last measurement update.
    public internal(set) var lastUpdate: Instant
    /// The sensors whose detections the track used, sorted.
    public var sensorIDs: [String] { sensorSet.sorted() }
    /// Number of detections used (including those of its initiation).
    public internal(set) var updateCount: Int
    /// The estimate at ``lastUpdate`` (or at the last prediction, for a coasting track).
    public internal(set) var current: MissileStateEstimate
    /// Estimates at most one per second of track time, oldest first.
    public internal(set) var history: [MissileStateEstimate]
    /// Launch time and place, once the track has a boost estimate low enough to extrapolate.
    public internal(set) var launch: LaunchEstimate?
    /// The estimate at the detected end of thrust.
    public internal(set) var burnout: MissileStateEstimate?
    /// When burnout was detected (not the burnout time itself: see ``burnout``).
    public internal(set) var burnoutDetectedAt: Instant?
    /// The current IMM model probabilities.
    public internal(set) var modelProbabilities: ModelProbabilities
    /// Counts of the simulation-truth missile ids (`sim_truth`) of the detections used; "false_alarm" for false
    /// alarms. For evaluation only: never read by the tracker.
    public internal(set) var truthLabels: [String: Int]

    var sensorSet: Set<String> = []
    var filter: MissileIMM
    var updateTimes: [Instant] = []
    var lastIRUpdate: Instant?
    var irSnapshot: MissileStateEstimate?
    var boostSeen = false
    /// How many times a declared burnout was revoked (the plume seen again).
    var burnoutRevocations = 0
    var initiatedByIR: Bool
    var predictedGroundContact: Instant?

    init(id: String, filter: MissileIMM, time: Instant, initiatedByIR: Bool) {
        self.id = id
        status = .tentative
        wasConfirmed = false
        firstDetection = time
        lastUpdate = time
        updateCount = 0
        self.filter = filter
        self.initiatedByIR = initiatedByIR
        history = []
        truthLabels = [:]
        modelProbabilities = ModelProbabilities(boost: filter.probabilities[0], ballistic: filter.probabilities[1], reentry: filter.probabilities[2])
        current = MissileStateEstimate(time: time, positionKm: .zero, velocityKmPerS: .zero, covariance: [Double](repeating: 0, count: 36))
        refreshCurrent()
    }

    var isAlive: Bool { status != .deleted }

    /// Recomputes ``current`` and ``modelProbabilities`` from the filter.
    mutating func refreshCurrent() {
        let (x, p) = filter.combined
        let mu = filter.probabilities
        modelProbabilities = ModelProbabilities(boost: mu[0], ballistic: mu[1], reentry: mu[2])
        var beta: Double?, betaSigma: Double?
        let xb = filter.states[2].inverseBeta, sb = filter.covariances[2][9, 9].squareRoot()
        if mu[2] > 0.3, xb > 0, sb < 0.5 * xb {
            beta = 1000 / xb
            betaSigma = beta! * sb / xb
        }
        current = MissileStateEstimate(time: filter.time, positionKm: x.position, velocityKmPerS: x.velocity,
                                       covariance: p.positionVelocityBlock, thrustAccelerationKmPerS2: x.thrust,
                                       boostProbability: mu[0], ballisticCoefficientKgPerM2: beta, ballisticCoefficientSigmaKgPerM2: betaSigma)
    }

    /// Appends ``current`` to the history when a second or more has passed since the last entry.
    mutating func recordHistory() {
        if let last = history.last, current.time.secondsSince(last.time) < 1 - 1e-9 { return }
        history.append(current)
    }

    /// The history estimate nearest to `t`.
    public func estimate(nearest t: Instant) -> MissileStateEstimate? {
        history.min { abs($0.time.secondsSince(t)) < abs($1.time.secondsSince(t)) }
    }
}
