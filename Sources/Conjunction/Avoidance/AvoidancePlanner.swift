import Astrodynamics
import Foundation

/// Direction of an impulsive avoidance burn in the primary's RTN axes at the burn.
public enum AvoidanceDirection: String, Sendable, Hashable, CaseIterable {
    /// Along-track (T of ``RTNBasis``): the cheap, usual choice; the miss grows as about 3·Δv·t.
    case alongTrack
    /// Radial (R of ``RTNBasis``): the displacement oscillates with the orbit (2·Δv/n at most).
    case radial

    /// Unit RTN vector of the direction.
    var unitRTN: SIMD3<Double> { self == .alongTrack ? SIMD3(0, 1, 0) : SIMD3(1, 0, 0) }
}

/// The default-covariance model both objects' Pc is computed with, before and after a burn.
///
/// Each object's 6×6 RTN covariance is ``TLECovarianceDefaults/rtnCovarianceDiagonalSquareMeters(secondsFromEpoch:)``
/// at TCA, from its element epoch (a fitted primary keeps its original epoch, so its covariance
/// is the same model), with every σ multiplied by ``sigmaScale``.
public struct AvoidanceCovarianceModel: Sendable, Hashable {
    /// The primary's defaults.
    public var primary: TLECovarianceDefaults
    /// The secondary's defaults.
    public var secondary: TLECovarianceDefaults
    /// Factor on every σ (1: the stated defaults).
    public var sigmaScale: Double

    /// A model from the two objects' defaults and a σ factor.
    public init(primary: TLECovarianceDefaults, secondary: TLECovarianceDefaults, sigmaScale: Double = 1) {
        self.primary = primary
        self.secondary = secondary
        self.sigmaScale = sigmaScale
    }

    /// The encounter object of a state with `defaults`, `secondsFromEpoch` from its element epoch.
    func object(_ state: State<TEME>, _ defaults: TLECovarianceDefaults, secondsFromEpoch: Double) -> EncounterObject {
        let diagonal = defaults.rtnCovarianceDiagonalSquareMeters(secondsFromEpoch: secondsFromEpoch)
        var rows = [[Double]](repeating: [Double](repeating: 0, count: 6), count: 6)
        for i in 0..<6 { rows[i][i] = diagonal[i] * sigmaScale * sigmaScale }
        return EncounterObject(state: state, covarianceRTNSquareMeters: Matrix6(rows: rows))
    }
}

/// What the planner aims for and how it searches.
public struct AvoidanceConfiguration: Sendable {
    /// Pc at or above which an event needs a burn, and below which a burn is good (default 1e-4,
    /// NASA CARA's red threshold: NASA-HBK-1001, *NASA Spacecraft Conjunction Assessment and
    /// Collision Avoidance Best Practices Handbook*, 2020).
    public var pcThreshold: Double
    /// If set, a miss below this needs a burn, and a burn must bring the miss above it, km.
    public var minimumMissKm: Double?
    /// Burn lead time before TCA in orbits of the primary (default 1; any positive real number).
    public var leadOrbits: Double
    /// Burn directions tried, each with both signs (default along-track only).
    public var directions: [AvoidanceDirection]
    /// Combined hard-body radius, km (default 0.02).
    public var hardBodyRadiusKm: Double
    /// The covariance model of the Pc.
    public var covariance: AvoidanceCovarianceModel
    /// Largest |Δv| tried, cm/s (default 100).
    public var maximumDeltaVCentimetersPerS: Double
    /// First |Δv| tried, cm/s (default 0.1); doubled until the goal is met, then bisected.
    public var initialDeltaVCentimetersPerS: Double
    /// The bisection stops when the bracket is narrower than this, cm/s (default 0.01).
    public var resolutionCentimetersPerS: Double
    /// The new TCA is searched within ± this many seconds of the old one (default 300).
    public var tcaWindowSeconds: Double
    /// The element fit after the burn.
    public var fit: MeanElementsFit

    /// A configuration; every parameter but the covariance model has a default.
    public init(covariance: AvoidanceCovarianceModel, pcThreshold: Double = 1e-4, minimumMissKm: Double? = nil,
                leadOrbits: Double = 1, directions: [AvoidanceDirection] = [.alongTrack], hardBodyRadiusKm: Double = 0.02,
                maximumDeltaVCentimetersPerS: Double = 100, initialDeltaVCentimetersPerS: Double = 0.1,
                resolutionCentimetersPerS: Double = 0.01, tcaWindowSeconds: Double = 300, fit: MeanElementsFit = MeanElementsFit()) {
        self.covariance = covariance
        self.pcThreshold = pcThreshold
        self.minimumMissKm = minimumMissKm
        self.leadOrbits = leadOrbits
        self.directions = directions
        self.hardBodyRadiusKm = hardBodyRadiusKm
        self.maximumDeltaVCentimetersPerS = maximumDeltaVCentimetersPerS
        self.initialDeltaVCentimetersPerS = initialDeltaVCentimetersPerS
        self.resolutionCentimetersPerS = resolutionCentimetersPerS
        self.tcaWindowSeconds = tcaWindowSeconds
        self.fit = fit
    }
}

/// Why the planner could not evaluate or plan.
public struct AvoidanceError: Error, Sendable, CustomStringConvertible {
    /// What went wrong.
    public enum Code: String, Sendable, Hashable {
        /// SGP4 refused one of the objects at the burn or near TCA.
        case sgp4Refused
        /// The maneuvered orbit could not be fitted with SGP4 elements.
        case fitFailed
        /// No local minimum of the range within the TCA window.
        case noClosestApproach
        /// No burn up to the maximum Δv reaches the goal (and passes verification, if asked).
        case noSolution
        /// Invalid configuration (lead time not positive, no directions, ...).
        case invalidConfiguration
    }
    /// What went wrong.
    public var code: Code
    /// A sentence saying what went wrong.
    public var message: String

    public var description: String { "\(code.rawValue): \(message)" }
}

/// One burn and the encounter it leads to.
public struct AvoidanceManeuver: Sendable {
    /// The burn instant (``AvoidanceConfiguration/leadOrbits`` primary orbits before the old TCA).
    public var burnInstant: Instant
    /// Δv in the primary's RTN axes at the burn, cm/s.
    public var deltaVRTNCentimetersPerS: SIMD3<Double>
    /// |Δv|, cm/s.
    public var deltaVCentimetersPerS: Double { (deltaVRTNCentimetersPerS * deltaVRTNCentimetersPerS).sum().squareRoot() }
    /// The primary's SGP4 after the burn (fitted elements, epoch and B* of the original set; valid from the burn on).
    public var maneuveredSGP4: SGP4
    /// Residuals of the element fit at the burn: km and km/s.
    public var fitResidual: (positionKm: Double, velocityKmPerS: Double)
    /// The new time of closest approach.
    public var tca: Instant
    /// The new miss distance, km.
    public var missDistanceKm: Double
    /// The new miss (secondary − primary) in the primary's RTN axes at the new TCA, km.
    public var missRTNKm: SIMD3<Double>
    /// The new Pc (Foster 1992, the configured covariance model); nil when it cannot be computed.
    public var collisionProbability: Double?
}

/// A re-screen of the maneuvered primary against a catalog.
public struct AvoidanceVerification: Sendable {
    /// Start of the re-screen: the later of the window start and the burn (before the burn the
    /// primary is unchanged, so earlier events are those of the original screen).
    public var start: Instant
    /// Events of the maneuvered primary, with their Pc (same covariance model, the configured
    /// secondary defaults for every other object).
    public var events: [(event: ConjunctionEvent, collisionProbability: Double?)]
    /// Events at or above the Pc threshold (or inside the minimum miss) that the unmaneuvered
    /// primary did not have: conjunctions the burn would create. Empty for an acceptable burn.
    public var createdEvents: [ConjunctionEvent]
    /// Whether the burn creates no conjunction.
    public var isAcceptable: Bool { createdEvents.isEmpty }
}

/// The result of planning for one event.
public struct AvoidancePlan: Sendable {
    /// The event before any burn: TCA, miss (km) and Pc.
    public var original: (tca: Instant, missDistanceKm: Double, collisionProbability: Double?)
    /// Whether the event needed a burn (Pc ≥ threshold, or miss inside the minimum miss).
    public var isManeuverNeeded: Bool
    /// The chosen burn: the smallest candidate that reaches the goal (and passes verification,
    /// when verified). Nil when none is needed.
    public var maneuver: AvoidanceManeuver?
    /// The smallest goal-reaching burn in each direction and sign tried, smallest first.
    public var candidates: [AvoidanceManeuver]
    /// The re-screen of the chosen burn, when a catalog was given.
    public var verification: AvoidanceVerification?
    /// Candidates rejected by verification, with the events they would create.
    public var rejected: [(maneuver: AvoidanceManeuver, createdEvents: [ConjunctionEvent])]
}

/// Plans the smallest impulsive burn of the primary, a chosen number of orbits before TCA, that
/// brings a conjunction's Pc below a threshold (and its miss above a distance, if one is given).
///
/// For a trial Δv the primary's SGP4 state at the burn gets the Δv (RTN axes of that state),
/// ``MeanElementsFit`` turns the new state into SGP4 elements, the new closest approach is found
/// within ± ``AvoidanceConfiguration/tcaWindowSeconds`` of the old TCA (range-rate root by
/// bisection), and the Pc is Foster 1992 with the configured covariance model. For each direction
/// and sign, |Δv| starts at ``AvoidanceConfiguration/initialDeltaVCentimetersPerS`` and doubles
/// until the goal is met, then is bisected down to ``AvoidanceConfiguration/resolutionCentimetersPerS``;
/// this finds the smallest |Δv| if the goal, once met, stays met for larger burns up to the bracket
/// (true for the monotonic along-track drift over a few orbits).
///
/// With a catalog, ``plan(primaryID:primary:secondaryID:secondary:tca:catalog:screening:)`` re-screens the
/// chosen burn and moves to the next candidate (the other sign or direction), then to larger
/// burns (×1.5 steps), until one creates no new conjunction.
public struct AvoidancePlanner: Sendable {
    /// Goal and search settings.
    public var configuration: AvoidanceConfiguration

    /// A planner with its configuration.
    public init(configuration: AvoidanceConfiguration) {
        self.configuration = configuration
    }

    /// The burn instant for an event at `tca`: ``AvoidanceConfiguration/leadOrbits`` orbits of `primary` earlier.
    public func burnInstant(primary: SGP4, tca: Instant) -> Instant {
        tca.advanced(bySeconds: -configuration.leadOrbits * primary.periodMinutes * 60)
    }

    /// The Pc of two states at TCA with the configured covariance model and hard-body radius.
    public func collisionProbability(primary: State<TEME>, primaryEpoch: Instant,
                                     secondary: State<TEME>, secondaryEpoch: Instant) -> Double? {
        let c = configuration.covariance
        let encounter = ShortTermEncounter(
            primary: c.object(primary, c.primary, secondsFromEpoch: primary.epoch.secondsSince(primaryEpoch)),
            secondary: c.object(secondary, c.secondary, secondsFromEpoch: secondary.epoch.secondsSince(secondaryEpoch)),
            hardBodyRadiusKm: configuration.hardBodyRadiusKm)
        return encounter.probability(.foster1992).value
    }

    /// The closest approach of two propagators within ± `windowSeconds` of `near`: the local
    /// minimum of the range with the smallest range (range-rate sign change found on a 2 s grid,
    /// then bisected to 1 µs).
    public static func closestApproach(_ a: SGP4, _ b: SGP4, near: Instant, windowSeconds: Double) throws(AvoidanceError)
        -> (tca: Instant, primary: State<TEME>, secondary: State<TEME>, missKm: Double)
    {
        func states(_ t: Double) throws(AvoidanceError) -> (State<TEME>, State<TEME>) {
            let instant = near.advanced(bySeconds: t)
            do throws(SGP4Error) { return (try a.state(at: instant), try b.state(at: instant)) } catch {
                throw AvoidanceError(code: .sgp4Refused, message: "SGP4 refused near TCA: \(error)")
            }
        }
        func rangeRate(_ t: Double) throws(AvoidanceError) -> Double {
            let (p, s) = try states(t)
            return ((s.positionKm - p.positionKm) * (s.velocityKmPerS - p.velocityKmPerS)).sum()
        }
        let step = 2.0
        let n = max(1, Int((windowSeconds / step).rounded(.up)))
        var best: (Double, State<TEME>, State<TEME>, Double)? = nil
        var tPrevious = -Double(n) * step
        var fPrevious = try rangeRate(tPrevious)
        for k in (-n + 1)...n {
            let t = Double(k) * step
            let f = try rangeRate(t)
            if fPrevious < 0 && f >= 0 {
                var lo = tPrevious, hi = t
                while hi - lo > 1e-6 {
                    let mid = (lo + hi) / 2
                    if try rangeRate(mid) < 0 { lo = mid } else { hi = mid }
                }
                let tca = (lo + hi) / 2
                let (p, s) = try states(tca)
                let d = s.positionKm - p.positionKm
                let miss = (d * d).sum().squareRoot()
                if best == nil || miss < best!.3 { best = (tca, p, s, miss) }
            }
            tPrevious = t
            fPrevious = f
        }
        guard let best else {
            throw AvoidanceError(code: .noClosestApproach, message: "no closest approach within ±\(windowSeconds) s of \(near.iso8601UTC(fractionDigits: 3))")
        }
        return (near.advanced(bySeconds: best.0), best.1, best.2, best.3)
    }

    /// The encounter after a burn of `deltaVRTNCentimetersPerS` (primary RTN axes at the burn) at
    /// `burnInstant`, for the event of `primary` and `secondary` near `tca`.
    public func outcome(deltaVRTNCentimetersPerS dv: SIMD3<Double>, burnInstant: Instant,
                        primary: SGP4, secondary: SGP4, tca: Instant) throws(AvoidanceError) -> AvoidanceManeuver {
        let before: State<TEME>
        do throws(SGP4Error) { before = try primary.state(at: burnInstant) } catch {
            throw AvoidanceError(code: .sgp4Refused, message: "SGP4 refused the primary at the burn: \(error)")
        }
        let basis = RTNBasis(before)
        let after = State<TEME>(epoch: burnInstant, positionKm: before.positionKm,
                                velocityKmPerS: before.velocityKmPerS + basis.fromRTN(dv * 1e-5))
        let fitted: MeanElementsFit.Result
        do throws(MeanElementsFitError) { fitted = try configuration.fit.fit(after, start: primary) } catch {
            throw AvoidanceError(code: .fitFailed, message: "element fit after the burn failed: \(error)")
        }
        let approach = try Self.closestApproach(fitted.sgp4, secondary, near: tca, windowSeconds: configuration.tcaWindowSeconds)
        let pc = collisionProbability(primary: approach.primary, primaryEpoch: fitted.sgp4.epoch,
                                      secondary: approach.secondary, secondaryEpoch: secondary.epoch)
        return AvoidanceManeuver(burnInstant: burnInstant, deltaVRTNCentimetersPerS: dv, maneuveredSGP4: fitted.sgp4,
                                 fitResidual: (fitted.positionResidualKm, fitted.velocityResidualKmPerS),
                                 tca: approach.tca, missDistanceKm: approach.missKm,
                                 missRTNKm: RTNBasis(approach.primary).toRTN(approach.secondary.positionKm - approach.primary.positionKm),
                                 collisionProbability: pc)
    }

    /// Whether an encounter meets the goal (Pc below the threshold, miss above the minimum miss).
    public func meetsGoal(missDistanceKm: Double, collisionProbability: Double?) -> Bool {
        guard let pc = collisionProbability else { return false }
        if let minimum = configuration.minimumMissKm, missDistanceKm <= minimum { return false }
        return pc < configuration.pcThreshold
    }

    /// The smallest burn along `unitRTN` (unit vector, any sign) that meets the goal, at least
    /// `atLeastCentimetersPerS`; nil if none up to the maximum Δv.
    public func smallestBurn(along unitRTN: SIMD3<Double>, atLeastCentimetersPerS minimum: Double = 0, burnInstant: Instant,
                             primary: SGP4, secondary: SGP4, tca: Instant) throws(AvoidanceError) -> AvoidanceManeuver? {
        let c = configuration
        func trial(_ m: Double) throws(AvoidanceError) -> AvoidanceManeuver {
            try outcome(deltaVRTNCentimetersPerS: unitRTN * m, burnInstant: burnInstant, primary: primary, secondary: secondary, tca: tca)
        }
        func good(_ o: AvoidanceManeuver) -> Bool { meetsGoal(missDistanceKm: o.missDistanceKm, collisionProbability: o.collisionProbability) }
        var lo = minimum
        var hi = max(c.initialDeltaVCentimetersPerS, minimum)
        var found: AvoidanceManeuver? = nil
        while hi <= c.maximumDeltaVCentimetersPerS * (1 + 1e-12) {
            let o = try trial(hi)
            if good(o) { found = o; break }
            lo = hi
            hi = min(hi * 2, hi < c.maximumDeltaVCentimetersPerS ? c.maximumDeltaVCentimetersPerS : .infinity)
        }
        guard var best = found else { return nil }
        while hi - lo > c.resolutionCentimetersPerS {
            let mid = (lo + hi) / 2
            let o = try trial(mid)
            if good(o) { hi = mid; best = o } else { lo = mid }
        }
        return best
    }

    /// Plans a burn for the event of `primary` and `secondary` near `tca`.
    ///
    /// - Parameters:
    ///   - primaryID: the primary's identifier in `catalog`.
    ///   - primary: the primary's SGP4 (the object that burns).
    ///   - secondaryID: the secondary's identifier in `catalog` (so verification checks the treated event too).
    ///   - secondary: the secondary's SGP4.
    ///   - tca: the event's TCA (from the screen or a CDM); re-found within the TCA window.
    ///   - catalog: objects to re-screen a candidate against (the primary's entry is replaced by
    ///     the maneuvered one); nil skips verification.
    ///   - screening: the original screen's configuration (its window, distance threshold and
    ///     search settings are reused; its primaries are replaced by `primaryID`).
    public func plan(primaryID: Int, primary: SGP4, secondaryID: Int? = nil, secondary: SGP4, tca: Instant,
                     catalog: [ScreeningObject]? = nil, screening: ScreeningConfiguration? = nil) throws(AvoidanceError) -> AvoidancePlan {
        let c = configuration
        guard c.leadOrbits > 0, !c.directions.isEmpty, c.maximumDeltaVCentimetersPerS > 0, c.initialDeltaVCentimetersPerS > 0,
              c.resolutionCentimetersPerS > 0 else {
            throw AvoidanceError(code: .invalidConfiguration, message: "lead orbits, Δv limits and resolution must be positive and at least one direction given")
        }
        let approach = try Self.closestApproach(primary, secondary, near: tca, windowSeconds: c.tcaWindowSeconds)
        let pc0 = collisionProbability(primary: approach.primary, primaryEpoch: primary.epoch,
                                       secondary: approach.secondary, secondaryEpoch: secondary.epoch)
        var plan = AvoidancePlan(original: (approach.tca, approach.missKm, pc0),
                                 isManeuverNeeded: !meetsGoal(missDistanceKm: approach.missKm, collisionProbability: pc0),
                                 maneuver: nil, candidates: [], verification: nil, rejected: [])
        guard plan.isManeuverNeeded else { return plan }
        let burn = burnInstant(primary: primary, tca: approach.tca)
        var axes: [SIMD3<Double>] = []
        for d in c.directions { axes += [d.unitRTN, -d.unitRTN] }
        for axis in axes {
            if let m = try smallestBurn(along: axis, burnInstant: burn, primary: primary, secondary: secondary, tca: approach.tca) {
                plan.candidates.append(m)
            }
        }
        plan.candidates.sort { $0.deltaVCentimetersPerS < $1.deltaVCentimetersPerS }
        guard !plan.candidates.isEmpty else {
            throw AvoidanceError(code: .noSolution, message: "no burn up to \(c.maximumDeltaVCentimetersPerS) cm/s brings the Pc below \(c.pcThreshold)")
        }
        guard let catalog, let screening else {
            plan.maneuver = plan.candidates.first
            return plan
        }
        // Verification: each candidate, then ever larger burns along the candidates' axes.
        let rescreen = Rescreen(planner: self, primaryID: primaryID, catalog: catalog, screening: screening, from: burn)
        let before = rescreen.rated(primary)
        var queue = plan.candidates
        var growth = 1.5
        while !queue.isEmpty {
            for m in queue {
                let v = rescreen.verify(m, secondaryID: secondaryID, before: before)
                if v.isAcceptable {
                    plan.maneuver = m
                    plan.verification = v
                    return plan
                }
                plan.rejected.append((m, v.createdEvents))
            }
            queue = []
            for m in plan.candidates {
                let unit = m.deltaVRTNCentimetersPerS / m.deltaVCentimetersPerS
                let magnitude = m.deltaVCentimetersPerS * growth
                guard magnitude <= c.maximumDeltaVCentimetersPerS else { continue }
                if let larger = try smallestBurn(along: unit, atLeastCentimetersPerS: magnitude, burnInstant: burn,
                                                 primary: primary, secondary: secondary, tca: approach.tca) {
                    queue.append(larger)
                }
            }
            growth *= 1.5
        }
        throw AvoidanceError(code: .noSolution, message: "every burn that lowers the Pc below \(c.pcThreshold) up to \(c.maximumDeltaVCentimetersPerS) cm/s creates a new conjunction")
    }

    /// Plans a burn for a screened event, `event.id1` burning, with both objects looked up in
    /// `catalog` by identifier; the same catalog is re-screened when `screening` is given.
    ///
    /// - Throws: ``AvoidanceError`` (``AvoidanceError/Code/invalidConfiguration`` when an object
    ///   of the event is not in the catalog) or as ``plan(primaryID:primary:secondaryID:secondary:tca:catalog:screening:)``.
    public func plan(_ event: ConjunctionEvent, catalog: [ScreeningObject], screening: ScreeningConfiguration? = nil)
        throws(AvoidanceError) -> AvoidancePlan
    {
        guard let primary = catalog.first(where: { $0.id == event.id1 }), let secondary = catalog.first(where: { $0.id == event.id2 }) else {
            throw AvoidanceError(code: .invalidConfiguration, message: "objects \(event.id1) and \(event.id2) of the event must both be in the catalog")
        }
        return try plan(primaryID: event.id1, primary: primary.sgp4, secondaryID: event.id2, secondary: secondary.sgp4,
                        tca: event.tca, catalog: screening == nil ? nil : catalog, screening: screening)
    }

    /// Re-screens the primary after `maneuver` against `catalog` from the burn (or the window
    /// start, if later) to the end of `screening`'s window, and the unmaneuvered primary over the
    /// same span; an event of the maneuvered primary at or above the Pc threshold (or inside the
    /// minimum miss) is *created* unless the unmaneuvered primary had one with the same object
    /// within a quarter orbit of it that was already at or above the threshold. The treated event
    /// (with `secondaryID`, within a quarter orbit of the maneuver's TCA) is never excused that way.
    ///
    /// Events get the configured covariance model, with the secondary's defaults for every other object.
    public func verify(_ maneuver: AvoidanceManeuver, primaryID: Int, secondaryID: Int? = nil, original: SGP4,
                       catalog: [ScreeningObject], screening: ScreeningConfiguration) -> AvoidanceVerification {
        let s = Rescreen(planner: self, primaryID: primaryID, catalog: catalog, screening: screening, from: maneuver.burnInstant)
        return s.verify(maneuver, secondaryID: secondaryID, before: s.rated(original))
    }

    /// One re-screen set-up: the span after a burn, the catalog without the primary.
    struct Rescreen {
        let planner: AvoidancePlanner
        let primaryID: Int
        let others: [ScreeningObject]
        let epochs: [Int: Instant]
        let configuration: ScreeningConfiguration

        init(planner: AvoidancePlanner, primaryID: Int, catalog: [ScreeningObject], screening: ScreeningConfiguration, from burn: Instant) {
            self.planner = planner
            self.primaryID = primaryID
            let end = screening.start.advanced(bySeconds: screening.durationSeconds)
            let start = max(screening.start, burn)
            var configuration = screening
            configuration.start = start
            configuration.durationSeconds = max(0, end.secondsSince(start))
            configuration.primaries = [primaryID]
            self.configuration = configuration
            others = catalog.filter { $0.id != primaryID }
            epochs = Dictionary(others.map { ($0.id, $0.sgp4.epoch) }, uniquingKeysWith: { a, _ in a })
        }

        func rated(_ sgp4: SGP4) -> [(event: ConjunctionEvent, collisionProbability: Double?)] {
            let objects = [ScreeningObject(id: primaryID, sgp4: sgp4)] + others
            return Screener(configuration: configuration).screen(objects).events.filter { $0.id1 == primaryID }.map { e in
                (e, planner.collisionProbability(primary: e.primaryState, primaryEpoch: sgp4.epoch,
                                                 secondary: e.secondaryState, secondaryEpoch: epochs[e.id2] ?? e.tca))
            }
        }

        func verify(_ maneuver: AvoidanceManeuver, secondaryID: Int?,
                    before: [(event: ConjunctionEvent, collisionProbability: Double?)]) -> AvoidanceVerification {
            let after = rated(maneuver.maneuveredSGP4)
            let quarterOrbitSeconds = maneuver.maneuveredSGP4.periodMinutes * 15
            var created: [ConjunctionEvent] = []
            for (e, pc) in after where !planner.meetsGoal(missDistanceKm: e.missDistanceKm, collisionProbability: pc) {
                let treated = e.id2 == secondaryID && abs(e.tca.secondsSince(maneuver.tca)) < quarterOrbitSeconds
                let existed = !treated && before.contains { b in
                    b.event.id2 == e.id2 && abs(b.event.tca.secondsSince(e.tca)) < quarterOrbitSeconds
                        && !planner.meetsGoal(missDistanceKm: b.event.missDistanceKm, collisionProbability: b.collisionProbability)
                }
                if !existed { created.append(e) }
            }
            return AvoidanceVerification(start: configuration.start, events: after, createdEvents: created)
        }
    }
}
