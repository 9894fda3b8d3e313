import Foundation
import Astrodynamics
import Estimation

/// The missile tracker: turns a stream of IR and radar ``Detection``s into ``MissileTrack``s whose
/// estimates are ``MissileStateEstimate``s (docs/missile-tracker.md).
///
/// Per batch of simultaneous detections: every live track is predicted by its IMM (``MissileIMM``:
/// boost, ballistic and reentry EKFs in the Earth-fixed frame); detections are gated (chi-square at
/// ``Options/gateProbability``) and assigned per sensor by global nearest neighbour (the optimal
/// assignment of ``JonkerVolgenant1987`` on the cost NIS + ln det S); the rest start tentative tracks —
/// IR by stereo triangulation of simultaneous lines of sight from different satellites, else by a
/// monoscopic fix at an assumed plume altitude; radar by two-point initiation from a plot of the same
/// radar. A tentative track is confirmed after M detections at ≥ 3 distinct times (IR tracks must also
/// climb); tracks that coincide are merged; tracks are deleted after a phase-dependent silence or after
/// their predicted ground contact.
public struct MissileTracker: Sendable {
    /// Tuning of the tracker.
    public struct Options: Sendable, Hashable {
        /// Probability mass inside an association gate.
        public var gateProbability = 0.9999
        /// Detections needed to confirm (M of the M-of-N rule).
        public var confirmDetections = 4
        /// Window in which those detections must fall, s (N of the rule, in time).
        public var confirmWindowS = 60.0
        /// A tentative track with no update for this long is deleted, s.
        public var tentativeTimeoutS = 25.0
        /// A confirmed track still thrusting (no burnout detected) with no update for this long is deleted, s.
        public var boostTimeoutS = 60.0
        /// A coasting track is kept this long after its predicted ground contact, s.
        public var groundContactGraceS = 30.0
        /// A coasting track with no update for this long is deleted even before ground contact, s.
        public var coastTimeoutS = 3600.0
        /// An IR track whose plume has not been seen for this long has burnt out, s.
        public var plumeLossS = 15.0
        /// For this long after its last IR update, a track past burnout still gates IR detections with its
        /// boost hypothesis; one that matches revokes the burnout (a gap between stages or in IR coverage), s.
        public var burnoutRevocationS = 120.0
        /// Assumed plume altitude of a monoscopic start and its 1σ, km.
        public var monoAltitudeKm = 18.0, monoAltitudeSigmaKm = 15.0
        /// Initial velocity of an IR start: speed upward, km/s, and 1σ per axis, km/s.
        public var initialClimbKmPerS = 0.6, initialVelocitySigmaKmPerS = 1.5
        /// Initial thrust acceleration of an IR start (upward), km/s², and its 1σ per axis.
        public var initialThrustKmPerS2 = 0.03, initialThrustSigmaKmPerS2 = 0.03
        /// Initial inverse ballistic coefficient, 10⁻³ m²/kg (β = 5000 kg/m²) and its 1σ.
        public var initialInverseBeta = 0.2, initialInverseBetaSigma = 0.3
        /// Stereo: chi-square limit of the triangulation (1 degree of freedom for two rays), and altitude window, km.
        public var stereoChiSquare = 25.0, stereoMinAltitudeKm = -5.0, stereoMaxAltitudeKm = 2500.0
        /// Radar two-point initiation: largest speed, km/s, and largest gap between the plots, s.
        public var radarMaxSpeedKmPerS = 8.0, radarMaxGapS = 40.0
        /// Tracks closer than this chi-square in position (3 dof) and this speed difference are one missile.
        public var mergeChiSquare = 16.0, mergeMaxSpeedDifferenceKmPerS = 1.0
        /// Tracks closer than this (with agreeing velocities) are one missile whatever their covariances, km.
        public var mergeDistanceKm = 20.0
        /// Process noise of the motion models.
        public var noise = MissileMotionNoise()
        /// Mode switching of the IMM.
        public var switching = MissileModeSwitching()
        public init() {}
    }

    /// What happened to the detections given to the tracker.
    public struct Counters: Sendable, Hashable {
        /// Detections received.
        public var received = 0
        /// Rejected as malformed (NaN, not a unit vector, bad noise figure).
        public var invalid = 0
        /// Used by a track that was (or is still) confirmed.
        public var used = 0
        /// Used only by tracks deleted before confirmation, or that could start no track: clutter.
        public var rejectedAsClutter = 0
        /// Used by tracks that are still tentative.
        public var pendingTentative = 0
    }

    public let options: Options
    public let environment: FlightEnvironment
    let dynamics: MissileDynamics
    /// All tracks ever made, live and deleted, in order of creation.
    public private(set) var tracks: [MissileTrack] = []
    /// Counters; ``Counters/used`` and the others are settled by ``finish(at:)``.
    public private(set) var counters = Counters()
    /// Time of the latest processed detection.
    public private(set) var time: Instant?

    private var nextID = 1
    private var radarSites: [String: TrackerMeasurements.RadarSite] = [:]
    private var pendingRadar: [(detection: Detection, position: SIMD3<Double>)] = []
    private var clutterStarts = 0
    private let gate2: Double, gate3: Double, gate4: Double

    public init(options: Options = .init(), environment: FlightEnvironment = .wgs84) {
        self.options = options
        self.environment = environment
        dynamics = MissileDynamics(environment: environment, noise: options.noise)
        gate2 = (try? ChiSquare.quantile(probability: options.gateProbability, degreesOfFreedom: 2)) ?? 18.4
        gate3 = (try? ChiSquare.quantile(probability: options.gateProbability, degreesOfFreedom: 3)) ?? 21.1
        gate4 = (try? ChiSquare.quantile(probability: options.gateProbability, degreesOfFreedom: 4)) ?? 23.5
    }

    /// The confirmed tracks (live or ended), in order of creation.
    /// The confirmed tracks (live or ended, not merged into another), in order of creation: one per missile.
    public var confirmedTracks: [MissileTrack] { tracks.filter { $0.wasConfirmed && $0.mergedInto == nil } }

    // MARK: - Input

    /// Processes detections (any order within the call; calls come in time order). Detections older than
    /// the latest already processed are processed at that time. Malformed detections are counted and skipped.
    public mutating func process(_ detections: [Detection]) {
        counters.received += detections.count
        var good: [Detection] = []
        for d in detections { if Self.isValid(d) { good.append(d) } else { counters.invalid += 1 } }
        good.sort { $0.time.secondsSince($1.time) < 0 }
        var i = 0
        while i < good.count {
            var j = i + 1
            while j < good.count && good[j].time.secondsSince(good[i].time) < 1e-3 { j += 1 }
            var t = good[i].time
            if let now = time, t.secondsSince(now) < 0 { t = now }
            processBatch(Array(good[i..<j]), at: t)
            i = j
        }
    }

    /// Brings every live track to `t` (deleting those whose time has come) and settles the counters.
    public mutating func finish(at t: Instant) {
        maintain(to: t)
        if let now = time, t.secondsSince(now) > 0 { time = t }
        counters = currentCounters
    }

    /// The counters as they stand now (``counters`` is settled only by ``finish(at:)``): detections of
    /// tracks ever confirmed are used, of live tentative tracks pending, of dropped tentative ones clutter.
    public var currentCounters: Counters {
        var c = counters
        c.used = 0; c.pendingTentative = 0
        c.rejectedAsClutter = clutterStarts
        for tr in tracks {
            if tr.wasConfirmed { c.used += tr.updateCount } else if tr.isAlive { c.pendingTentative += tr.updateCount } else { c.rejectedAsClutter += tr.updateCount }
        }
        return c
    }

    static func isValid(_ d: Detection) -> Bool {
        let s = d.sensorPositionKm
        guard s.x.isFinite, s.y.isFinite, s.z.isFinite, !d.sensorID.isEmpty else { return false }
        switch d.measurement {
        case let .lineOfSight(u, sigma):
            let n = (u * u).sum()
            return n.isFinite && abs(n - 1) < 1e-6 && sigma.isFinite && sigma > 0 && sigma < 0.1
        case let .radar(r, az, el, rr, sr, sa, srr):
            guard r.isFinite, r > 0, az.isFinite, el.isFinite, abs(el) <= 90, sr.isFinite, sr > 0, sa.isFinite, sa > 0 else { return false }
            if let rr, !rr.isFinite { return false }
            if let srr, !(srr.isFinite && srr > 0) { return false }
            return (s * s).sum() > 1000 * 1000   // a site, not the origin
        }
    }

    // MARK: - One batch

    private mutating func processBatch(_ batch: [Detection], at t: Instant) {
        maintain(to: t)
        time = t
        let live = tracks.indices.filter { tracks[$0].isAlive }
        // Association per sensor (GNN).
        var unassigned: [Detection] = []
        let bySensor = Dictionary(grouping: batch, by: \.sensorID)
        // The combined estimate of each live track, once per batch (not once per sensor).
        var combinedOf: [Int: (state: TrackState, covariance: Matrix10)] = [:]
        for sensor in bySensor.keys.sorted() {
            let dets = bySensor[sensor]!
            guard !live.isEmpty else { unassigned += dets; continue }
            var costs = [[Double]](repeating: [Double](repeating: .infinity, count: dets.count), count: live.count)
            for (r, k) in live.enumerated() {
                let (xc, pc) = combinedOf[k] ?? tracks[k].filter.combined
                combinedOf[k] = (xc, pc)
                let revocable = canRevokeBurnout(k, at: t)
                for (c, d) in dets.enumerated() {
                    // IR sees plumes only: a track past burnout takes no IR detection, except shortly after its
                    // plume was lost, when its boost hypothesis (still propagated with its thrust) may find it again.
                    var (x, p) = (xc, pc)
                    if d.kind == .ir && tracks[k].burnout != nil {
                        guard revocable else { continue }
                        (x, p) = (tracks[k].filter.states[0], tracks[k].filter.covariances[0])
                    }
                    guard let z = linearise(d, about: x) else { continue }
                    guard let g = KalmanUpdate.gate(p: p, h: z.h, r: z.r, y: z.y, m: z.m) else { continue }
                    let limit = z.m == 2 ? gate2 : (z.m == 3 ? gate3 : gate4)
                    if g.nis <= limit { costs[r][c] = g.nis + g.logDetS }
                }
            }
            var taken = Set<Int>()
            if costs.contains(where: { $0.contains { $0.isFinite } }), let a = try? JonkerVolgenant1987.solve(costs) {
                for (r, c) in a.pairs where costs[r][c].isFinite {
                    if update(track: live[r], with: dets[c]) { taken.insert(c); combinedOf[live[r]] = nil }
                }
            }
            for (c, d) in dets.enumerated() where !taken.contains(c) { unassigned.append(d) }
        }
        initiate(from: unassigned, at: t)
        merge()
        for k in tracks.indices where tracks[k].isAlive { checkConfirmation(k); checkBurnout(k, at: t) }
    }

    private mutating func radarSite(_ d: Detection) -> TrackerMeasurements.RadarSite {
        if let s = radarSites[d.sensorID], s.position == d.sensorPositionKm { return s }
        let s = TrackerMeasurements.RadarSite(d.sensorPositionKm)
        radarSites[d.sensorID] = s
        return s
    }

    private func linearise(_ d: Detection, about x: TrackState) -> LinearisedMeasurement? {
        Self.linearise(d, site: radarSites[d.sensorID], about: x)
    }

    /// The measurement model of a detection about a state (`site`: the cached radar geometry, if any).
    static func linearise(_ d: Detection, site cached: TrackerMeasurements.RadarSite?, about x: TrackState) -> LinearisedMeasurement? {
        switch d.measurement {
        case let .lineOfSight(u, sigma):
            return TrackerMeasurements.lineOfSight(x, sensor: d.sensorPositionKm, unit: u, sigmaRad: sigma)
        case let .radar(r, az, el, rr, sr, sa, srr):
            let site = cached.flatMap { $0.position == d.sensorPositionKm ? $0 : nil } ?? TrackerMeasurements.RadarSite(d.sensorPositionKm)
            return TrackerMeasurements.radar(x, site: site, rangeKm: r, azimuthRad: az * .pi / 180, elevationRad: el * .pi / 180,
                                             rangeRateKmPerS: rr, sigmaRangeKm: sr, sigmaAngleRad: sa * .pi / 180, sigmaRangeRateKmPerS: srr)
        }
    }

    /// Whether a track's detected burnout may still be revoked at `t`: declared from a lost plume (an IR track)
    /// whose last IR update is at most ``Options/burnoutRevocationS`` old.
    private func canRevokeBurnout(_ k: Int, at t: Instant) -> Bool {
        guard tracks[k].burnout != nil, let lastIR = tracks[k].lastIRUpdate else { return false }
        return t.secondsSince(lastIR) <= options.burnoutRevocationS
    }

    /// The plume is seen again: the track is thrusting after all (staging gap, IR coverage gap). Its boost
    /// model comes back with the given probability; burnout will be detected again when the plume is lost.
    private mutating func revokeBurnout(_ k: Int, boostProbability: Double = 0.5) {
        tracks[k].burnout = nil
        tracks[k].burnoutDetectedAt = nil
        tracks[k].filter.boostAllowed = true
        var mu = tracks[k].filter.probabilities
        mu[0] = 0
        mu = mu.sum() > 0 ? (1 - boostProbability) * mu / mu.sum() : SIMD3(0, 0.5, 0.5) * (1 - boostProbability)
        mu[0] = boostProbability
        tracks[k].filter.probabilities = mu
        tracks[k].burnoutRevocations += 1
    }

    /// After burnout the boost model stays off whatever filter the track holds (after a merge, say).
    private mutating func enforceCoast(_ k: Int) {
        guard tracks[k].burnout != nil else { return }
        tracks[k].filter.boostAllowed = false
        var mu = tracks[k].filter.probabilities
        mu[0] = 0
        tracks[k].filter.probabilities = mu.sum() > 0 ? mu / mu.sum() : SIMD3(0, 0.5, 0.5)
    }

    /// Updates a track with one detection; false if the filter could not use it.
    private mutating func update(track k: Int, with d: Detection) -> Bool {
        let site: TrackerMeasurements.RadarSite? = d.kind == .radar ? radarSite(d) : nil
        if d.kind == .ir, tracks[k].burnout != nil {
            let saved = tracks[k]
            revokeBurnout(k)
            guard tracks[k].filter.update(floor: options.switching.floorProbability, { Self.linearise(d, site: site, about: $0) }) else {
                tracks[k] = saved
                return false
            }
            record(d, in: k)
            return true
        }
        guard tracks[k].filter.update(floor: options.switching.floorProbability, { Self.linearise(d, site: site, about: $0) }) else { return false }
        record(d, in: k)
        return true
    }

    private mutating func record(_ d: Detection, in k: Int) {
        tracks[k].updateCount += 1
        tracks[k].sensorSet.insert(d.sensorID)
        tracks[k].lastUpdate = d.time
        if tracks[k].updateTimes.last.map({ abs(d.time.secondsSince($0)) > 1e-3 }) ?? true { tracks[k].updateTimes.append(d.time) }
        if let truth = d.truth { tracks[k].truthLabels[truth.missile ?? "false_alarm", default: 0] += 1 }
        tracks[k].refreshCurrent()
        if d.kind == .ir {
            tracks[k].lastIRUpdate = d.time
            tracks[k].irSnapshot = tracks[k].current
        }
        if tracks[k].current.boostProbability > 0.5 { tracks[k].boostSeen = true }
        tracks[k].recordHistory()
        updateLaunchEstimate(k)
    }

    // MARK: - Initiation

    private mutating func newTrack(state: TrackState, covariance: Matrix10, probabilities: SIMD3<Double>, at t: Instant, ir: Bool) -> Int {
        let id = "T\(nextID)"
        nextID += 1
        tracks.append(MissileTrack(id: id, filter: MissileIMM(state: state, covariance: covariance, probabilities: probabilities, time: t), time: t, initiatedByIR: ir))
        return tracks.count - 1
    }

    private func irPrior(_ fix: RayFix) -> (TrackState, Matrix10) {
        var x = TrackState()
        x.position = fix.positionKm
        let up = fix.positionKm / (fix.positionKm * fix.positionKm).sum().squareRoot()
        x.velocity = options.initialClimbKmPerS * up
        x.thrust = options.initialThrustKmPerS2 * up
        x.inverseBeta = options.initialInverseBeta
        var p = Matrix10()
        for r in 0..<3 { for c in 0..<3 { p[r, c] = fix.covariance[r * 3 + c] } }
        let sv = options.initialVelocitySigmaKmPerS, sa = options.initialThrustSigmaKmPerS2
        for i in 3..<6 { p[i, i] = sv * sv }
        for i in 6..<9 { p[i, i] = sa * sa }
        p[9, 9] = options.initialInverseBetaSigma * options.initialInverseBetaSigma
        return (x, p)
    }

    private mutating func initiate(from dets: [Detection], at t: Instant) {
        var ir = dets.filter { $0.kind == .ir }
        let radar = dets.filter { $0.kind == .radar }
        // Stereo pairs: greedily the best-agreeing pair of rays from different sensors.
        var candidates: [(Int, Int, RayFix)] = []
        for a in ir.indices {
            for b in ir.indices where b > a && ir[a].sensorID != ir[b].sensorID {
                guard case let .lineOfSight(ua, sa) = ir[a].measurement, case let .lineOfSight(ub, sb) = ir[b].measurement,
                      let fix = LaunchInitiation.triangulate(sensorsKm: [ir[a].sensorPositionKm, ir[b].sensorPositionKm], units: [ua, ub], sigmasRad: [sa, sb]),
                      fix.chiSquare <= options.stereoChiSquare else { continue }
                let alt = Geodetic(itrfPositionKm: fix.positionKm).altitudeKm
                guard alt >= options.stereoMinAltitudeKm, alt <= options.stereoMaxAltitudeKm else { continue }
                candidates.append((a, b, fix))
            }
        }
        candidates.sort { $0.2.chiSquare < $1.2.chiSquare }
        var used = Set<Int>()
        for (a, b, fix) in candidates where !used.contains(a) && !used.contains(b) {
            used.insert(a); used.insert(b)
            var (x, p0) = irPrior(fix)
            // Stereo gives the altitude: a plume near the ground climbs slowly.
            let alt = Geodetic(itrfPositionKm: fix.positionKm).altitudeKm
            if alt > 60 { x.velocity *= 3 }
            let k = newTrack(state: x, covariance: p0, probabilities: SIMD3(0.98, 0.01, 0.01), at: t, ir: true)
            record(ir[a], in: k); record(ir[b], in: k)
        }
        ir = ir.indices.filter { !used.contains($0) }.map { ir[$0] }
        for d in ir {
            guard case let .lineOfSight(u, s) = d.measurement,
                  let fix = LaunchInitiation.monoscopic(sensorKm: d.sensorPositionKm, unit: u, sigmaRad: s, altitudeKm: options.monoAltitudeKm,
                                                        altitudeSigmaKm: options.monoAltitudeSigmaKm, ellipsoid: environment.ellipsoid) else {
                clutterStarts += 1
                continue
            }
            let (x, p) = irPrior(fix)
            let k = newTrack(state: x, covariance: p, probabilities: SIMD3(0.98, 0.01, 0.01), at: t, ir: true)
            record(d, in: k)
        }
        for d in radar { initiateRadar(d, at: t) }
    }

    private mutating func initiateRadar(_ d: Detection, at t: Instant) {
        guard case let .radar(r, az, el, _, sr, sa, _) = d.measurement else { return }
        let site = radarSite(d)
        let pos = site.position(rangeKm: r, azimuthRad: az * .pi / 180, elevationRad: el * .pi / 180)
        pendingRadar.removeAll { t.secondsSince($0.detection.time) > options.radarMaxGapS }
        var best: (Int, Double)?
        for (i, p) in pendingRadar.enumerated() where p.detection.sensorID == d.sensorID {
            let dt = t.secondsSince(p.detection.time)
            guard dt > 1e-3 else { continue }
            let speed = (((pos - p.position) * (pos - p.position)).sum()).squareRoot() / dt
            if speed <= options.radarMaxSpeedKmPerS, best.map({ speed < $0.1 }) ?? true { best = (i, speed) }
        }
        guard let (i, _) = best else { pendingRadar.append((d, pos)); return }
        let first = pendingRadar.remove(at: i)
        let dt = t.secondsSince(first.detection.time)
        var x = TrackState()
        x.position = pos
        x.velocity = (pos - first.position) / dt
        x.inverseBeta = options.initialInverseBeta
        let sp = (sr * sr + pow(r * sa * .pi / 180, 2)).squareRoot()
        var p = Matrix10()
        for i in 0..<3 {
            p[i, i] = sp * sp
            p[3 + i, 3 + i] = 2 * sp * sp / (dt * dt) + pow(0.01 * dt, 2)
            p[i, 3 + i] = sp * sp / dt; p[3 + i, i] = sp * sp / dt
            p[6 + i, 6 + i] = options.initialThrustSigmaKmPerS2 * options.initialThrustSigmaKmPerS2
        }
        p[9, 9] = options.initialInverseBetaSigma * options.initialInverseBetaSigma
        let k = newTrack(state: x, covariance: p, probabilities: SIMD3(0.2, 0.6, 0.2), at: t, ir: false)
        record(first.detection, in: k)
        record(d, in: k)
    }

    // MARK: - Life cycle

    private mutating func checkConfirmation(_ k: Int) {
        guard tracks[k].status == .tentative, let now = time else { return }
        let recent = tracks[k].updateTimes.filter { now.secondsSince($0) <= options.confirmWindowS }
        guard tracks[k].updateCount >= options.confirmDetections, recent.count >= 3 else { return }
        let c = tracks[k].current
        let g = Geodetic(itrfPositionKm: c.positionKm)
        guard g.altitudeKm > -5, g.altitudeKm < 5000, c.positionSigmaKm < 100 else { return }
        if tracks[k].initiatedByIR {
            // A rising plume: the vertical speed is positive and significant.
            let up = c.positionKm / (c.positionKm * c.positionKm).sum().squareRoot()
            guard (c.velocityKmPerS * up).sum() > 0.1 else { return }
        }
        tracks[k].status = .confirmed
        tracks[k].wasConfirmed = true
        tracks[k].confirmedAt = now
    }

    private mutating func checkBurnout(_ k: Int, at t: Instant) {
        guard tracks[k].burnout == nil, tracks[k].wasConfirmed, tracks[k].boostSeen else { return }
        if let lastIR = tracks[k].lastIRUpdate, t.secondsSince(lastIR) > options.plumeLossS, let snap = tracks[k].irSnapshot {
            tracks[k].burnout = snap
        } else if tracks[k].lastIRUpdate == nil, tracks[k].current.boostProbability < 0.2 {
            tracks[k].burnout = tracks[k].current
        } else { return }
        tracks[k].burnoutDetectedAt = t
        // The plume is gone: from now on the track coasts.
        var mu = tracks[k].filter.probabilities
        mu[0] = 0
        tracks[k].filter.probabilities = mu.sum() > 0 ? mu / mu.sum() : SIMD3(0, 0.5, 0.5)
        tracks[k].filter.boostAllowed = false
        tracks[k].refreshCurrent()
    }

    /// Predicts live tracks to `t` in steps, deleting those that time out or reach the ground.
    private mutating func maintain(to t: Instant) {
        for k in tracks.indices where tracks[k].isAlive {
            checkBurnout(k, at: t)
            if let reason = Self.step(&tracks[k], to: t, options: options, dynamics: dynamics) { delete(k, reason, at: t) }
        }
    }

    /// Deletion checks and the prediction of one live track to `t` (in place: no copy of its filter);
    /// returns the reason to delete it, if any.
    private static func step(_ tr: inout MissileTrack, to t: Instant, options: Options, dynamics: MissileDynamics) -> String? {
        do {
            let silence = t.secondsSince(tr.lastUpdate)
            if tr.status == .tentative, silence > options.tentativeTimeoutS { return "not confirmed within \(Int(options.tentativeTimeoutS)) s of its last detection" }
            let coasting = tr.burnout != nil || tr.current.boostProbability < 0.5
            if tr.status == .confirmed, !coasting, silence > options.boostTimeoutS { return "lost in boost (no update for \(Int(silence)) s)" }
            if tr.status == .confirmed, silence > options.coastTimeoutS { return "no update for \(Int(silence)) s" }
            // Step the prediction (≤ 10 s at a time) watching for ground contact.
            var reason: String?
            while t.secondsSince(tr.filter.time) > 1e-9 {
                // Deleted once both the predicted contact and the last update are a grace period old (a fresh
                // update on an "underground" prediction means the prediction was wrong, not the missile gone).
                if let contact = tr.predictedGroundContact, t.secondsSince(contact) > options.groundContactGraceS,
                   silence > options.groundContactGraceS { reason = "predicted ground contact"; break }
                let step = min(10, t.secondsSince(tr.filter.time))
                tr.filter.predict(to: tr.filter.time.advanced(bySeconds: step), dynamics: dynamics, switching: options.switching)
                let x = tr.filter.combinedState
                guard x.isFinite else { reason = "estimate diverged"; break }
                let alt = Geodetic(itrfPositionKm: x.position).altitudeKm
                if alt < 0, tr.predictedGroundContact == nil, coasting || tr.status == .tentative { tr.predictedGroundContact = tr.filter.time }
                if alt < -20 { tr.predictedGroundContact = tr.predictedGroundContact ?? tr.filter.time }
                if alt < -300 { reason = "estimate far below ground"; break }
            }
            // The published estimate of a coasting track stops at the ground: a prediction below the surface (past
            // the predicted contact, no update since) is kept for the grace period's gating, not handed on (an
            // impact predicted from an underground state is meaningless; a fresh update refreshes it).
            let underground = coasting && tr.predictedGroundContact.map { c in tr.lastUpdate.secondsSince(c) < 0 } == true
                && Geodetic(itrfPositionKm: tr.filter.combinedState.position).altitudeKm < 0
            if !underground { tr.refreshCurrent() }
            return reason
        }
    }

    private mutating func delete(_ k: Int, _ reason: String, at t: Instant) {
        tracks[k].status = .deleted
        tracks[k].deletionReason = reason
    }

    /// Merges live tracks that are one missile: the one with fewer detections is deleted and its
    /// detections, sensors and truth labels are credited to the other.
    private mutating func merge() {
        let live = tracks.indices.filter { tracks[$0].isAlive }
        guard live.count > 1 else { return }
        for (ai, a) in live.enumerated() {
            for b in live[(ai + 1)...] {
                guard tracks[a].isAlive, tracks[b].isAlive else { continue }
                let ea = tracks[a].filter.combined, eb = tracks[b].filter.combined
                let dv = ea.state.velocity - eb.state.velocity
                var sv = [Double](repeating: 0, count: 9)
                for r in 0..<3 { for c in 0..<3 { sv[r * 3 + c] = ea.covariance[3 + r, 3 + c] + eb.covariance[3 + r, 3 + c] } }
                var chiV = 0.0
                if let inv = LaunchInitiation.invert3(sv) { for r in 0..<3 { for c in 0..<3 { chiV += dv[r] * inv[r * 3 + c] * dv[c] } } } else { chiV = .infinity }
                // Velocities agree: within the fixed limit, or statistically (an uncertain monoscopic track).
                guard (dv * dv).sum() < options.mergeMaxSpeedDifferenceKmPerS * options.mergeMaxSpeedDifferenceKmPerS || chiV < options.mergeChiSquare else { continue }
                let d = ea.state.position - eb.state.position
                var s = [Double](repeating: 0, count: 9)
                for r in 0..<3 { for c in 0..<3 { s[r * 3 + c] = ea.covariance[r, c] + eb.covariance[r, c] } }
                guard let inv = LaunchInitiation.invert3(s) else { continue }
                var chi = 0.0
                for r in 0..<3 { for c in 0..<3 { chi += d[r] * inv[r * 3 + c] * d[c] } }
                // Either statistically one point, or within mergeDistanceKm whatever the covariance (an
                // overconfident track after a single precise update must still merge with its duplicate).
                guard chi < options.mergeChiSquare || (d * d).sum() < options.mergeDistanceKm * options.mergeDistanceKm else { continue }
                // The older track keeps its id (an operator has seen it) unless only the younger is confirmed;
                // it takes over the other's filter when that one is fresher (a later update; at a tie, a smaller covariance).
                let keepA = tracks[a].wasConfirmed || !tracks[b].wasConfirmed
                let (keep, drop) = keepA ? (a, b) : (b, a)
                let trace = { (p: Matrix10) in p[0, 0] + p[1, 1] + p[2, 2] }
                let dropNewer = tracks[drop].lastUpdate.secondsSince(tracks[keep].lastUpdate)
                let dropTakesOver = dropNewer > 1e-3 || (abs(dropNewer) <= 1e-3 && trace(tracks[drop].filter.combined.covariance) < trace(tracks[keep].filter.combined.covariance))
                // A younger track still seeing a plume merged into one whose burnout was declared recently: the
                // burnout was premature (staging or IR coverage gap) and is revoked.
                let dropBurning = tracks[drop].burnout == nil && tracks[drop].lastIRUpdate != nil && tracks[drop].filter.probabilities[0] > 0.5
                if dropBurning, let lastIR = tracks[drop].lastIRUpdate, canRevokeBurnout(keep, at: lastIR) { revokeBurnout(keep) }
                if dropTakesOver {
                    tracks[keep].filter = tracks[drop].filter
                    if tracks[drop].burnout != nil && tracks[keep].burnout == nil { tracks[keep].burnout = tracks[drop].burnout; tracks[keep].burnoutDetectedAt = tracks[drop].burnoutDetectedAt }
                }
                if let l = tracks[drop].lastIRUpdate, tracks[keep].lastIRUpdate.map({ l.secondsSince($0) > 0 }) ?? true {
                    tracks[keep].lastIRUpdate = l
                    tracks[keep].irSnapshot = tracks[drop].irSnapshot ?? tracks[keep].irSnapshot
                }
                if tracks[drop].boostSeen { tracks[keep].boostSeen = true }
                // Whatever filter it now holds, a track past burnout coasts: its boost model stays off.
                enforceCoast(keep)
                if tracks[drop].lastUpdate.secondsSince(tracks[keep].lastUpdate) > 0 { tracks[keep].lastUpdate = tracks[drop].lastUpdate }
                if tracks[keep].launch == nil { tracks[keep].launch = tracks[drop].launch }
                if tracks[drop].wasConfirmed && !tracks[keep].wasConfirmed {
                    tracks[keep].wasConfirmed = true; tracks[keep].status = .confirmed; tracks[keep].confirmedAt = tracks[drop].confirmedAt
                }
                tracks[drop].mergedInto = tracks[keep].id
                tracks[keep].updateCount += tracks[drop].updateCount
                tracks[keep].sensorSet.formUnion(tracks[drop].sensorSet)
                for (l, n) in tracks[drop].truthLabels { tracks[keep].truthLabels[l, default: 0] += n }
                for u in tracks[drop].updateTimes where !tracks[keep].updateTimes.contains(where: { abs($0.secondsSince(u)) < 1e-3 }) { tracks[keep].updateTimes.append(u) }
                tracks[keep].updateTimes.sort { $0.secondsSince($1) < 0 }
                if tracks[drop].firstDetection.secondsSince(tracks[keep].firstDetection) < 0 { tracks[keep].firstDetection = tracks[drop].firstDetection }
                tracks[drop].updateCount = 0
                tracks[keep].refreshCurrent()
                delete(drop, "duplicate of \(tracks[keep].id)", at: tracks[keep].lastUpdate)
            }
        }
    }

    // MARK: - Launch point

    private mutating func updateLaunchEstimate(_ k: Int) {
        let tr = tracks[k]
        let c = tr.current
        guard tr.updateCount >= 4, c.boostProbability > 0.5, c.positionSigmaKm < 30 else { return }
        let g = Geodetic(itrfPositionKm: c.positionKm)
        guard g.altitudeKm > 1, g.altitudeKm < 80 else { return }
        let la = g.latitudeRad, lo = g.longitudeRad
        let up = SIMD3(cos(la) * cos(lo), cos(la) * sin(lo), sin(la))
        let vUp = (c.velocityKmPerS * up).sum()
        guard vUp > 0.05 else { return }
        let vH = c.velocityKmPerS - vUp * up
        let elapsed = 2 * g.altitudeKm / vUp
        guard elapsed > 0, elapsed < 400 else { return }
        let groundNow = Geodetic(latitudeRad: la, longitudeRad: lo, altitudeKm: 0).itrfPositionKm()
        let site = Geodetic(itrfPositionKm: groundNow - 0.5 * elapsed * vH)
        let offsetKm = 0.5 * elapsed * ((vH * vH).sum()).squareRoot()
        // Model error: 25 % of the extrapolation in time and of the ground offset, plus the estimate's own 1σ.
        let sigmaV = c.velocitySigmaKmPerS / 3.squareRoot()
        let sigmaS = ((0.25 * elapsed) * (0.25 * elapsed) + pow(elapsed * sigmaV / vUp, 2)).squareRoot()
        let sigmaKm = (c.positionSigmaKm * c.positionSigmaKm + pow(0.5 * offsetKm + 1, 2) + pow(0.5 * elapsed * sigmaV, 2)).squareRoot()
        let est = LaunchEstimate(time: c.time.advanced(bySeconds: -elapsed), site: Geodetic(latitudeRad: site.latitudeRad, longitudeRad: site.longitudeRad, altitudeKm: 0),
                                 sigmaKm: sigmaKm, sigmaS: sigmaS)
        if let old = tr.launch, old.sigmaKm <= est.sigmaKm { return }
        tracks[k].launch = est
    }
}
