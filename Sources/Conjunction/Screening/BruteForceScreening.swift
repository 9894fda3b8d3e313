import Astrodynamics

/// The reference the ``Screener`` is checked against: every pair at every fine step, no filters.
///
/// Objects pass the same junk rule (``Vetting``). Then every object is propagated at every
/// `stepSeconds` across the window, and for every pair the range-rate product `f = Δr·Δv` is
/// followed step by step: each − → + sign change whose range at either end is within the threshold
/// plus `(|v₁|+|v₂|)·step + 1 km` (the most the range can fall inside one step) is solved by the same
/// Brent root (``TCARefinement``) and kept if the miss is within the threshold. A pair within the
/// threshold at every fine step is co-located. Cost is N²/2 × steps pair evaluations: for
/// verification only (a few hundred objects in tests, a few thousand in Benchmarks/).
public struct BruteForceScreening: Sendable {
    /// The window, threshold, primaries and junk-rule limits (the search step is not used).
    public var configuration: ScreeningConfiguration
    /// The fine step, seconds; it must be shorter than the time between two local minima of any
    /// pair's range (half a relative orbit) — 10–20 s is far below that.
    public var stepSeconds: Double

    /// A brute-force screen with its configuration and step.
    public init(configuration: ScreeningConfiguration, stepSeconds: Double = 10) {
        self.configuration = configuration
        self.stepSeconds = stepSeconds
    }

    /// The events, exclusions and co-located pairs of `objects`, by exhaustive search.
    public func screen(_ objects: [ScreeningObject]) -> ScreeningResult {
        let c = configuration
        var excluded: [ExcludedObject] = []
        var kept: [ScreeningObject] = []
        var seen = Set<Int>()
        for o in objects {
            if !seen.insert(o.id).inserted {
                excluded.append(ExcludedObject(id: o.id, reason: .duplicateIdentifier))
            } else if let reason = Vetting.vet(o.sgp4, configuration: c).exclusion {
                excluded.append(ExcludedObject(id: o.id, reason: reason))
            } else {
                kept.append(o)
            }
        }
        let steps = Int((c.durationSeconds / stepSeconds).rounded(.up)) + 1
        let times = (0..<steps).map { min(Double($0) * stepSeconds, c.durationSeconds) }
        let starts = kept.map { c.start.secondsSince($0.sgp4.epoch) / 60 }
        let all = kept
        // Positions and velocities of every object at every step (object-major), or nil where SGP4 fails.
        let propagated = Parallel.map(all.count, threads: c.threads) { i -> (track: [Double]?, error: SGP4Error?) in
            var out = [Double](repeating: 0, count: steps * 6)
            for (k, t) in times.enumerated() {
                do throws(SGP4Error) {
                    let (r, v) = try all[i].sgp4.propagate(minutesSinceEpoch: starts[i] + t / 60)
                    out[6 * k] = r.x; out[6 * k + 1] = r.y; out[6 * k + 2] = r.z
                    out[6 * k + 3] = v.x; out[6 * k + 4] = v.y; out[6 * k + 5] = v.z
                } catch {
                    return (nil, error)
                }
            }
            return (out, nil)
        }
        let tracks = propagated.map(\.track)
        for (i, p) in propagated.enumerated() { if let e = p.error { excluded.append(ExcludedObject(id: all[i].id, reason: .sgp4Refused(e))) } }
        let live = (0..<all.count).filter { tracks[$0] != nil }
        let primaries = c.primaries
        let d = c.thresholdKm
        let rows = Parallel.map(live.count, threads: c.threads) { a -> (events: [ConjunctionEvent], coLocated: [CoLocatedPair]) in
            let i = live[a]
            let ti = tracks[i]!
            var events: [ConjunctionEvent] = [], coLocated: [CoLocatedPair] = []
            for b in (a + 1)..<live.count {
                let j = live[b]
                if let p = primaries, !p.contains(all[i].id), !p.contains(all[j].id) { continue }
                let tj = tracks[j]!
                func pair() -> Population { Population(ids: [all[i].id, all[j].id], sgp4: [all[i].sgp4, all[j].sgp4],
                                            startMinutes: [starts[i], starts[j]],
                                            isPrimary: [primaries?.contains(all[i].id) ?? false, primaries?.contains(all[j].id) ?? false],
                                            bandLowKm: [0, 0], bandHighKm: [0, 0], velocityErrorKmPerS: [0, 0]) }
                let refine = TCARefinement(a: all[i].sgp4, b: all[j].sgp4, aStartMinutes: starts[i], bStartMinutes: starts[j])
                var previousF = 0.0, previousRange = 0.0, maximumRange = 0.0, previousSpeeds = 0.0
                for k in 0..<steps {
                    let o = 6 * k
                    let rx = tj[o] - ti[o], ry = tj[o + 1] - ti[o + 1], rz = tj[o + 2] - ti[o + 2]
                    let ux = tj[o + 3] - ti[o + 3], uy = tj[o + 4] - ti[o + 4], uz = tj[o + 5] - ti[o + 5]
                    let f = rx * ux + ry * uy + rz * uz
                    let range = (rx * rx + ry * ry + rz * rz).squareRoot()
                    let speeds = (ti[o + 3] * ti[o + 3] + ti[o + 4] * ti[o + 4] + ti[o + 5] * ti[o + 5]).squareRoot()
                        + (tj[o + 3] * tj[o + 3] + tj[o + 4] * tj[o + 4] + tj[o + 5] * tj[o + 5]).squareRoot()
                    maximumRange = max(maximumRange, range)
                    if k > 0 && previousF < 0 && f >= 0
                        && min(range, previousRange) <= d + max(speeds, previousSpeeds) * (times[k] - times[k - 1]) + 1 {
                        if let t = try? refine.brent(times[k - 1], previousF, times[k], f),
                           let m = try? refine.states(at: t), m.rangeKm <= d, t > 0, t < c.durationSeconds {
                            events.append(Screener.event(pair(), 0, 1, m, start: c.start))
                        }
                    }
                    previousF = f; previousRange = range; previousSpeeds = speeds
                }
                if maximumRange <= d {
                    let (id1, id2) = Screener.order(pair(), 0, 1)
                    coLocated.append(CoLocatedPair(id1: id1, id2: id2, identicalElements: all[i].sgp4.elements == all[j].sgp4.elements,
                                                   maximumRangeKm: maximumRange))
                    events.removeAll { Set([$0.id1, $0.id2]) == Set([id1, id2]) }
                }
            }
            return (events, coLocated)
        }
        var result = ScreeningResult(events: rows.flatMap(\.events), excluded: excluded.sorted { $0.id < $1.id },
                                     coLocated: rows.flatMap(\.coLocated).sorted { ($0.id1, $0.id2) < ($1.id1, $1.id2) },
                                     statistics: ScreeningStatistics())
        result.events.sort { ($0.tca, $0.id1, $0.id2) < ($1.tca, $1.id1, $1.id2) }
        result.statistics.objects = objects.count
        result.statistics.screenedObjects = live.count
        result.statistics.steps = steps
        return result
    }
}
