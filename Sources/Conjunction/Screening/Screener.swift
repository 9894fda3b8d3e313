import Astrodynamics
import Dispatch
import Foundation
import SpaceData

/// All-vs-all or primaries-vs-all conjunction screening of SGP4 element sets over a window.
///
/// A run has four stages, none of which can drop a real event:
/// 1. **Junk rule** (``Vetting``): stale, SGP4-refused (decayed), self-inconsistent and
///    absurd-speed element sets are excluded and reported in ``ScreeningResult/excluded`` before
///    anything else.
/// 2. **Apsis filter** (after Hoots, Crawford & Roehrich 1984, "An analytical method to determine
///    future close approaches between satellites", *Celestial Mechanics* 33): each object gets a
///    radius band `[min(r_p, r_min) − pad, max(r_a, r_max) + pad]` from its SGP4 mean apsides and
///    the radii seen at the vetting samples; pairs whose bands are more than the threshold apart
///    cannot meet. The pad covers the departure of SGP4's osculating radius from that band (J2
///    short-period terms, drag between samples and, in deep space, lunisolar terms), measured over
///    the 2023-10-09 catalog (objects passing the junk rule, 1-minute samples, 7 days from
///    2023-10-10; Benchmarks/ScreeningBenchmark `apsis`): near-Earth at most 7.2 km below and
///    7.0 km above, so ``ScreeningConfiguration/apsisPadKm`` is 50 km; deep space at most
///    2.8e-3 of the semi-major axis below (MMS-like orbits, e = 0.92, a = 152,000 km: 168 km) and
///    5.8e-4 above, so deep-space objects add
///    ``ScreeningConfiguration/deepSpaceApsisPadFraction`` = 0.01 of their semi-major axis.
///    (1-minute sampling can miss the extreme radius by a few km near perigee; the margins cover
///    it.) With primaries the filter also removes whole objects.
/// 3. **Grid candidate search** (``SearchWorker``): time steps propagated by ``SGP4Batch``, objects
///    sorted by cell, a per-pair bound from the pair's real speeds and accelerations; objects faster
///    than 8 km/s search a wider neighbourhood instead of widening every cell.
/// 4. **Refinement** (``TCARefinement``): every local minimum of the range in every candidate
///    interval, by Brent's method on the range rate, kept when the miss is within the threshold;
///    the search's straight-line bound skips samples and brackets whose range stays above it.
///
/// Pairs within the threshold at every search step are reported once in
/// ``ScreeningResult/coLocated`` (docked vehicles, duplicated element sets) and produce no events.
/// Events are local minima strictly inside the window (a range still falling at the window end is
/// not an event).
public struct Screener: Sendable {
    /// What to screen and how.
    public var configuration: ScreeningConfiguration

    /// A screener with its configuration.
    public init(configuration: ScreeningConfiguration) {
        self.configuration = configuration
    }

    /// Builds screening objects from element sets; sets SGP4 cannot initialise are returned as
    /// excluded (``ExcludedObject/Reason/sgp4Refused(_:)``).
    public static func objects(from elementSets: [ElementSet]) -> (objects: [ScreeningObject], excluded: [ExcludedObject]) {
        var objects: [ScreeningObject] = [], excluded: [ExcludedObject] = []
        for set in elementSets {
            do {
                objects.append(ScreeningObject(id: set.noradCatalogNumber, name: set.objectName, sgp4: try SGP4(set.meanElements)))
            } catch {
                excluded.append(ExcludedObject(id: set.noradCatalogNumber, reason: .sgp4Refused(error)))
            }
        }
        return (objects, excluded)
    }

    /// Screens `objects` over the configured window.
    ///
    /// - Parameters:
    ///   - objects: the objects; identifiers must be unique (later duplicates are excluded).
    ///   - progress: called with the fraction of the candidate search done (0...1), from a worker thread.
    public func screen(_ objects: [ScreeningObject], progress: (@Sendable (Double) -> Void)? = nil) -> ScreeningResult {
        let c = configuration
        var statistics = ScreeningStatistics()
        statistics.objects = objects.count
        var excluded: [ExcludedObject] = []

        // 1. Junk rule.
        var clock = ContinuousClock.now
        var seen = Set<Int>()
        var unique: [ScreeningObject] = []
        for o in objects {
            if seen.insert(o.id).inserted { unique.append(o) } else { excluded.append(ExcludedObject(id: o.id, reason: .duplicateIdentifier)) }
        }
        let offered = unique
        let outcomes = Vetting.vetAll(offered.map(\.sgp4), configuration: c)
        var population = Population(ids: [], sgp4: [], startMinutes: [], isPrimary: [], bandLowKm: [], bandHighKm: [], velocityErrorKmPerS: [])
        for (o, v) in zip(unique, outcomes) {
            if let reason = v.exclusion { excluded.append(ExcludedObject(id: o.id, reason: reason)); continue }
            let re = o.sgp4.gravity.radiusKm
            let pad = c.apsisPadKm + (o.sgp4.isDeepSpace ? c.deepSpaceApsisPadFraction * o.sgp4.semiMajorAxisKm : 0)
            population.ids.append(o.id)
            population.sgp4.append(o.sgp4)
            population.startMinutes.append(c.start.secondsSince(o.sgp4.epoch) / 60)
            population.isPrimary.append(c.primaries?.contains(o.id) ?? false)
            population.bandLowKm.append(min(o.sgp4.perigeeAltitudeKm + re, v.minimumRadiusKm) - pad)
            population.bandHighKm.append(max(o.sgp4.apogeeAltitudeKm + re, v.maximumRadiusKm) + pad)
            population.velocityErrorKmPerS.append(max(SearchWorker.velocityConsistencyKmPerS, 2 * v.maximumInconsistencyKmPerS))
        }
        if c.primaries != nil { population = Screener.apsisFilter(population, thresholdKm: c.thresholdKm, statistics: &statistics) }
        statistics.screenedObjects = population.count
        statistics.vettingSeconds = Screener.seconds(since: &clock)

        // 2–3. Candidate search, steps interleaved over the threads.
        let steps = Int((c.durationSeconds / c.searchStepSeconds).rounded(.up)) + 1
        statistics.steps = steps
        let blockSize = SearchWorker.stepsPerBlock
        let blocks = (steps + blockSize - 1) / blockSize
        let threads = min(c.threads, blocks)
        let batch = SGP4Batch(population.sgp4, instructionSet: c.instructionSet)
        let workers = (0..<threads).map { _ in
            SearchWorker(population: population, batch: batch, thresholdKm: c.thresholdKm, speedLimit: c.maximumSpeedKmPerS,
                         stepSeconds: c.searchStepSeconds, durationSeconds: c.durationSeconds)
        }
        DispatchQueue.concurrentPerform(iterations: threads) { w in
            var done = 0
            for block in stride(from: w, to: blocks, by: threads) {
                workers[w].run(steps: (block * blockSize)..<min(steps, (block + 1) * blockSize))
                done += 1
                if w == 0, let progress, done % 8 == 0 { progress(Double(block * blockSize) / Double(steps)) }
            }
        }
        progress?(1)
        var failedIndex = [Int: ExcludedObject.Reason]()
        var candidates: [Candidate] = []
        for w in workers {
            statistics.pairTests += w.pairTests
            statistics.fastObjectSteps += w.fastObjectSteps
            candidates += w.candidates
            for f in w.failures where failedIndex[f.index] == nil { failedIndex[f.index] = f.reason }
        }
        statistics.candidatePairSteps = candidates.count
        statistics.searchSeconds = Screener.seconds(since: &clock)

        // 4. Group by pair; co-located pairs; merge consecutive steps into intervals; refine.
        candidates.sort { ($0.pairKey, $0.step) < ($1.pairKey, $1.step) }
        let h = c.searchStepSeconds / 2, pad = TCARefinement.sampleSeconds
        var jobs: [(i: Int, j: Int, intervals: [(Double, Double)])] = []
        var coLocated: [CoLocatedPair] = []
        var g = 0
        while g < candidates.count {
            var e = g
            while e + 1 < candidates.count && candidates[e + 1].pairKey == candidates[g].pairKey { e += 1 }
            let i = Int(candidates[g].i), j = Int(candidates[g].j)
            defer { g = e + 1 }
            if failedIndex[i] != nil || failedIndex[j] != nil { continue }
            let group = candidates[g...e]
            if group.count == steps && group.allSatisfy({ Double($0.rangeKm) <= c.thresholdKm }) {
                let (id1, id2) = Screener.order(population, i, j)
                coLocated.append(CoLocatedPair(id1: id1, id2: id2,
                                               identicalElements: population.sgp4[i].elements == population.sgp4[j].elements,
                                               maximumRangeKm: Double(group.map(\.rangeKm).max() ?? 0)))
                continue
            }
            var intervals: [(Double, Double)] = []
            var runStart = Int(candidates[g].step), runEnd = runStart
            func close() {
                let t0 = SearchWorker.time(ofStep: runStart, stepSeconds: c.searchStepSeconds, durationSeconds: c.durationSeconds)
                let t1 = SearchWorker.time(ofStep: runEnd, stepSeconds: c.searchStepSeconds, durationSeconds: c.durationSeconds)
                intervals.append((max(0, t0 - h - pad), min(c.durationSeconds, t1 + h + pad)))
            }
            for m in candidates.index(after: g)..<(e + 1) {
                let s = Int(candidates[m].step)
                if s == runEnd + 1 { runEnd = s } else { close(); runStart = s; runEnd = s }
            }
            close()
            jobs.append((i, j, intervals))
        }
        statistics.candidatePairs = jobs.count + coLocated.count
        statistics.refinedIntervals = jobs.reduce(0) { $0 + $1.intervals.count }

        let (jobList, screened) = (jobs, population)
        let refined = Parallel.map(jobList.count, threads: c.threads) { n -> (events: [ConjunctionEvent], roots: Int, pruned: Int, skipped: Int, failure: (Int, SGP4Error)?) in
            let (i, j, intervals) = jobList[n]
            let r = TCARefinement(a: screened.sgp4[i], b: screened.sgp4[j],
                                  aStartMinutes: screened.startMinutes[i], bStartMinutes: screened.startMinutes[j])
            let velocityError = screened.velocityErrorKmPerS[i] + screened.velocityErrorKmPerS[j]
            var roots = 0, pruned = 0, skipped = 0
            var events: [ConjunctionEvent] = []
            for (from, to) in intervals {
                do throws(SGP4Error) {
                    for m in try r.minima(from: from, to: to, pruneAboveKm: c.thresholdKm, velocityErrorKmPerS: velocityError,
                                          roots: &roots, pruned: &pruned, skipped: &skipped) where m.rangeKm <= c.thresholdKm
                        && m.seconds > 0 && m.seconds < c.durationSeconds {
                        events.append(Screener.event(screened, i, j, m, start: c.start))
                    }
                } catch {
                    let culprit = (try? r.a.propagate(minutesSinceEpoch: error.minutesSinceEpoch)) == nil ? i : j
                    return ([], roots, pruned, skipped, (culprit, error))
                }
            }
            return (events, roots, pruned, skipped, nil)
        }
        var events: [ConjunctionEvent] = []
        for r in refined {
            statistics.rootsSolved += r.roots
            statistics.rootsPruned += r.pruned
            statistics.samplesSkipped += r.skipped
            if let (index, error) = r.failure, failedIndex[index] == nil { failedIndex[index] = .sgp4Refused(error) }
        }
        for (n, r) in refined.enumerated() where failedIndex[jobs[n].i] == nil && failedIndex[jobs[n].j] == nil {
            events += r.events
        }
        for (index, reason) in failedIndex { excluded.append(ExcludedObject(id: population.ids[index], reason: reason)) }
        (events, coLocated) = Screener.collapseCoOrbital(events, into: coLocated, population: population, configuration: c)
        events.sort { ($0.tca, $0.id1, $0.id2) < ($1.tca, $1.id1, $1.id2) }
        excluded.sort { $0.id < $1.id }
        coLocated.sort { ($0.id1, $0.id2) < ($1.id1, $1.id2) }
        statistics.refinementSeconds = Screener.seconds(since: &clock)
        return ScreeningResult(events: events, excluded: excluded, coLocated: coLocated, statistics: statistics)
    }

    /// Moves the events of co-orbital pairs (``ScreeningConfiguration/coOrbitalMinimumEvents`` or more
    /// approaches, all slower than ``ScreeningConfiguration/coOrbitalMaximumRelativeSpeedKmPerS``) into
    /// one ``CoLocatedPair`` each.
    static func collapseCoOrbital(_ events: [ConjunctionEvent], into coLocated: [CoLocatedPair],
                                  population: Population, configuration c: ScreeningConfiguration)
        -> (events: [ConjunctionEvent], coLocated: [CoLocatedPair]) {
        var byPair: [PairID: [ConjunctionEvent]] = [:]
        for e in events { byPair[PairID(id1: e.id1, id2: e.id2), default: []].append(e) }
        var kept: [ConjunctionEvent] = []
        var pairs = coLocated
        var indexOf: [Int: Int] = [:]
        for (n, id) in population.ids.enumerated() { indexOf[id] = n }
        for (pair, list) in byPair {
            if list.count >= c.coOrbitalMinimumEvents && list.allSatisfy({ $0.relativeSpeedKmPerS < c.coOrbitalMaximumRelativeSpeedKmPerS }) {
                var identical = false
                if let i = indexOf[pair.id1], let j = indexOf[pair.id2] {
                    identical = population.sgp4[i].elements == population.sgp4[j].elements
                }
                pairs.append(CoLocatedPair(id1: pair.id1, id2: pair.id2, identicalElements: identical,
                                           maximumRangeKm: list.map(\.missDistanceKm).max() ?? 0, basis: .coOrbital,
                                           collapsedEvents: list.count, closestApproachKm: list.map(\.missDistanceKm).min()))
            } else {
                kept += list
            }
        }
        return (kept, pairs)
    }

    struct PairID: Hashable { let id1: Int, id2: Int }

    /// (primary, secondary) identifiers of a pair: the primary first, else the smaller identifier.
    static func order(_ p: Population, _ i: Int, _ j: Int) -> (Int, Int) {
        if p.isPrimary[i] != p.isPrimary[j] { return p.isPrimary[i] ? (p.ids[i], p.ids[j]) : (p.ids[j], p.ids[i]) }
        return p.ids[i] < p.ids[j] ? (p.ids[i], p.ids[j]) : (p.ids[j], p.ids[i])
    }

    static func event(_ p: Population, _ i: Int, _ j: Int, _ m: TCARefinement.Approach, start: Instant) -> ConjunctionEvent {
        let tca = start.advanced(bySeconds: m.seconds)
        let (id1, _) = order(p, i, j)
        let (first, second) = id1 == p.ids[i] ? (m.a, m.b) : (m.b, m.a)
        let primary = State<TEME>(epoch: tca, positionKm: first.positionKm, velocityKmPerS: first.velocityKmPerS)
        let secondary = State<TEME>(epoch: tca, positionKm: second.positionKm, velocityKmPerS: second.velocityKmPerS)
        let dv = second.velocityKmPerS - first.velocityKmPerS
        return ConjunctionEvent(id1: id1, id2: id1 == p.ids[i] ? p.ids[j] : p.ids[i], tca: tca,
                                missDistanceKm: m.rangeKm, relativeSpeedKmPerS: (dv * dv).sum().squareRoot(),
                                missRTNKm: RTNBasis(primary).toRTN(secondary.positionKm - primary.positionKm),
                                primaryState: primary, secondaryState: secondary)
    }

    /// Primaries mode: drops objects whose radius band is more than the threshold from every primary's.
    static func apsisFilter(_ p: Population, thresholdKm d: Double, statistics: inout ScreeningStatistics) -> Population {
        var bands = (0..<p.count).filter { p.isPrimary[$0] }.map { (p.bandLowKm[$0] - d, p.bandHighKm[$0] + d) }
        bands.sort { $0.0 < $1.0 }
        var union: [(Double, Double)] = []
        for b in bands {
            if let last = union.last, b.0 <= last.1 { union[union.count - 1].1 = max(last.1, b.1) } else { union.append(b) }
        }
        var out = Population(ids: [], sgp4: [], startMinutes: [], isPrimary: [], bandLowKm: [], bandHighKm: [], velocityErrorKmPerS: [])
        for k in 0..<p.count {
            let keep = p.isPrimary[k] || union.contains { p.bandLowKm[k] <= $0.1 && p.bandHighKm[k] >= $0.0 }
            if !keep { statistics.apsisFilteredObjects += 1; continue }
            out.ids.append(p.ids[k]); out.sgp4.append(p.sgp4[k]); out.startMinutes.append(p.startMinutes[k])
            out.isPrimary.append(p.isPrimary[k]); out.bandLowKm.append(p.bandLowKm[k]); out.bandHighKm.append(p.bandHighKm[k])
            out.velocityErrorKmPerS.append(p.velocityErrorKmPerS[k])
        }
        return out
    }

    static func seconds(since clock: inout ContinuousClock.Instant) -> Double {
        let now = ContinuousClock.now
        let d = now - clock
        clock = now
        return d.inSeconds
    }
}

/// Order-preserving parallel map over `0..<count` with a fixed number of threads.
enum Parallel {
    static func map<T: Sendable>(_ count: Int, threads: Int, _ body: @Sendable (Int) -> T) -> [T] {
        let t = max(1, min(threads, count))
        let box = SlotBox<T>(t)
        DispatchQueue.concurrentPerform(iterations: t) { w in
            var local: [(Int, T)] = []
            for k in stride(from: w, to: count, by: t) { local.append((k, body(k))) }
            box.slots[w] = local
        }
        var out = [T?](repeating: nil, count: count)
        for s in box.slots { for (k, v) in s { out[k] = v } }
        return out.map { $0! }
    }
}

/// Per-thread result slots; each thread writes only its own slot.
final class SlotBox<T>: @unchecked Sendable {
    var slots: [[(Int, T)]]
    init(_ n: Int) { slots = Array(repeating: [], count: n) }
}
