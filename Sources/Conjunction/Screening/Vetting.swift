import Astrodynamics

/// The junk rule, applied before any screening (one pass on ``SGP4Batch``, ``vetAll(_:configuration:)``;
/// ``vet(_:configuration:)`` is the scalar reference the brute force uses).
///
/// An element set is excluded, and reported in ``ScreeningResult/excluded`` with its reason, when
/// 1. its epoch is more than ``ScreeningConfiguration/maximumElementAgeDays`` before the window
///    start (a stale set is kilometres to hundreds of kilometres wrong: drag and unmodelled
///    manoeuvres, Vallado 2006 §10);
/// 2. SGP4 refuses it at the window start or at any vetting sample in the window (every
///    ``sampleSeconds``, and the window end): decayed (radius < 1 Earth radius), eccentricity
///    driven out of range, non-finite result — the set cannot be propagated through the window;
/// 3. at any sample SGP4's velocity differs from the rate of its own position (difference over
///    1 s) by more than ``maximumVelocityInconsistencyKmPerS`` (100 m/s). Over the 2023-10-09
///    catalog the median is 0.04 m/s and the 99.9th percentile 5 m/s over a day, and 25 healthy
///    sets reach 10–30 m/s over 7 days; the 7 sets far beyond (6e4 to 1e13 m/s: SGP4 positions that
///    jump by thousands of kilometres within a second, the catalog's absurd-speed junk) are in
///    their final decay. The largest value seen for each kept object, doubled and at least
///    ``SearchWorker/velocityConsistencyKmPerS``, enters its pair bound;
/// 4. its speed at any sample exceeds ``ScreeningConfiguration/maximumSpeedKmPerS`` (12 km/s by
///    default: escape speed at the surface is 11.2 km/s, so no bound orbit near Earth reaches it;
///    the 2023-10-09 catalog has a set reporting 110,000 km/s). Such objects are removed, so they
///    cannot inflate the search radius of anyone else.
///
/// An object that SGP4 refuses between vetting samples (it decays in the last minutes) is found by
/// the search itself, excluded with the same reason, and its events are dropped.
///
/// The pass also measures each object's radius range over the samples, used by the apsis filter.
struct Vetting {
    /// Spacing of the vetting samples, seconds.
    static let sampleSeconds = 600.0
    /// Largest accepted |SGP4 velocity − d(position)/dt| at a vetting sample, km/s.
    static let maximumVelocityInconsistencyKmPerS = 0.100

    struct Outcome {
        var exclusion: ExcludedObject.Reason?
        var minimumRadiusKm = Double.infinity
        var maximumRadiusKm = 0.0
        var maximumSpeedKmPerS = 0.0
        var maximumInconsistencyKmPerS = 0.0
    }

    static func vet(_ sgp4: SGP4, configuration c: ScreeningConfiguration) -> Outcome {
        var o = Outcome()
        let ageDays = c.start.secondsSince(sgp4.epoch) / 86_400
        if ageDays > c.maximumElementAgeDays {
            o.exclusion = .tooOld(ageDays: ageDays)
            return o
        }
        let t0 = c.start.secondsSince(sgp4.epoch) / 60
        let n = Int((c.durationSeconds / sampleSeconds).rounded(.up))
        for k in 0...n {
            let s = min(Double(k) * sampleSeconds, c.durationSeconds)
            do throws(SGP4Error) {
                let (r, v) = try sgp4.propagate(minutesSinceEpoch: t0 + s / 60)
                let speed = (v * v).sum().squareRoot()
                let radius = (r * r).sum().squareRoot()
                if !(speed <= c.maximumSpeedKmPerS) {
                    o.exclusion = .absurdSpeed(kmPerS: speed)
                    return o
                }
                let m = t0 + s / 60
                // Forward difference over 1 s; its own error is ½|a|·1 s < 5 mm/s.
                let (r1, _) = try sgp4.propagate(minutesSinceEpoch: m + 1.0 / 60)
                let e = (r1 - r) - v
                let inconsistency = (e * e).sum().squareRoot()
                if !(inconsistency <= maximumVelocityInconsistencyKmPerS) {
                    o.exclusion = .inconsistentVelocity(kmPerS: inconsistency)
                    return o
                }
                o.maximumInconsistencyKmPerS = max(o.maximumInconsistencyKmPerS, inconsistency)
                o.maximumSpeedKmPerS = max(o.maximumSpeedKmPerS, speed)
                o.minimumRadiusKm = min(o.minimumRadiusKm, radius)
                o.maximumRadiusKm = max(o.maximumRadiusKm, radius)
            } catch {
                o.exclusion = .sgp4Refused(error)
                return o
            }
        }
        return o
    }

    /// Samples per ``SGP4Batch`` call in ``vetAll(_:configuration:)`` (each sample is two times:
    /// `t` and `t + 1 s`).
    static let samplesPerBatch = 16

    /// ``vet(_:configuration:)`` for many objects at once: the same samples, in the same order, with
    /// the same early stop, propagated by ``SGP4Batch`` across `configuration.threads` threads.
    /// Its states are within 1 mm and 1 mm/s of the scalar propagator's and its errors the same, so
    /// the outcomes are the scalar ones except for a radius or inconsistency that differs by that much
    /// (a set within 3 mm/s of the 100 m/s limit could be judged differently).
    static func vetAll(_ sgp4: [SGP4], configuration c: ScreeningConfiguration) -> [Outcome] {
        var outcomes = [Outcome](repeating: Outcome(), count: sgp4.count)
        var open: [Int] = []
        for (i, p) in sgp4.enumerated() {
            let ageDays = c.start.secondsSince(p.epoch) / 86_400
            if ageDays > c.maximumElementAgeDays { outcomes[i].exclusion = .tooOld(ageDays: ageDays) } else { open.append(i) }
        }
        guard !open.isEmpty else { return outcomes }
        let batch = SGP4Batch(open.map { sgp4[$0] })
        let reference = batch.minutesSinceEpoch(at: c.start)
        let n = Int((c.durationSeconds / sampleSeconds).rounded(.up))
        var done = [Bool](repeating: false, count: open.count)
        var states = SGP4BatchStates()
        var grid: [Double] = []
        var first = 0
        while first <= n {
            let last = min(n, first + samplesPerBatch - 1)
            let samples = last - first + 1
            grid.removeAll(keepingCapacity: true)
            for k in first...last { grid.append(min(Double(k) * sampleSeconds, c.durationSeconds) / 60) }
            for k in first...last { grid.append(min(Double(k) * sampleSeconds, c.durationSeconds) / 60 + 1.0 / 60) }
            batch.propagate(gridMinutes: grid, referenceMinutesSinceEpoch: reference, into: &states, threads: c.threads)
            let count = open.count
            for m in 0..<count where !done[m] {
                var o = outcomes[open[m]]
                for j in 0..<samples {
                    let at = j * count + m, later = (samples + j) * count + m
                    if let error = states.error(at) { o.exclusion = .sgp4Refused(error); break }
                    let r = states.positionKm(at), v = states.velocityKmPerS(at)
                    let speed = (v * v).sum().squareRoot()
                    if !(speed <= c.maximumSpeedKmPerS) { o.exclusion = .absurdSpeed(kmPerS: speed); break }
                    if let error = states.error(later) { o.exclusion = .sgp4Refused(error); break }
                    let e = (states.positionKm(later) - r) - v
                    let inconsistency = (e * e).sum().squareRoot()
                    if !(inconsistency <= maximumVelocityInconsistencyKmPerS) {
                        o.exclusion = .inconsistentVelocity(kmPerS: inconsistency)
                        break
                    }
                    let radius = (r * r).sum().squareRoot()
                    o.maximumInconsistencyKmPerS = max(o.maximumInconsistencyKmPerS, inconsistency)
                    o.maximumSpeedKmPerS = max(o.maximumSpeedKmPerS, speed)
                    o.minimumRadiusKm = min(o.minimumRadiusKm, radius)
                    o.maximumRadiusKm = max(o.maximumRadiusKm, radius)
                }
                if o.exclusion != nil { done[m] = true }
                outcomes[open[m]] = o
            }
            first = last + 1
        }
        return outcomes
    }
}
