import Foundation
import Astrodynamics
import Sensors

/// Fits for the hard cases: a prior too far off for one fit, and tracklets of two objects in one
/// fit.
extension CatalogMaintenanceRun {
    /// The fit when the prior is too far off for one fit over the whole arc (an aged set of a
    /// high-drag object can be hundreds of km along-track off, and the fit then stalls in a local
    /// minimum): the newest tracklets alone first (a short arc around the new epoch, where the
    /// along-track error is nearly a pure phase shift, B* held), then twice as many, each stage
    /// starting from the last, until all are in (B* by the usual rule at the last stage).
    /// Continuation in arc length, as element-set producers do for lost objects.
    func expandingArcFit(_ prior: MeanElements, members: [Int], tracklets: [Tracklet],
                         dc: SGP4DifferentialCorrection, cache: RotationCache) throws -> SGP4Fit {
        let ordered = members.sorted { tracklets[$0].end! > tracklets[$1].end! }
        var count = min(3, ordered.count)
        // Start from the newest tracklet's own orbit (IOD and a fit to it alone, as for UCTs), with
        // the prior's B*; the prior shifted in phase when no tracklet gives one.
        let iod = UncorrelatedTrackProcessor(options: options.uncorrelated, correction: dc)
        var current: MeanElements
        if let own = ordered.prefix(3).lazy
            .compactMap({ try? iod.initialOrbit(tracklets[$0], network: self.network, model: self.model, rotationCache: cache) }).first {
            current = own.elements
            current.bstarPerEarthRadius = prior.bstarPerEarthRadius
        } else {
            current = rephased(prior, to: ordered.map { tracklets[$0] })
        }
        var last: SGP4Fit?
        while true {
            // The last stage takes `members` in their own order, so its residuals line up with the caller's set.
            let part = count == ordered.count ? members : Array(ordered.prefix(count))
            let obs = try observations(part, of: tracklets, cache: cache)
            var stage = dc
            if count < ordered.count { stage.options.drag = .hold }
            stage.options.maximumIterations = max(stage.options.maximumIterations, 20)
            let fit = try stage.fit(prior: current, observations: obs)
            current = fit.elements
            last = fit
            if count == ordered.count { break }
            count = min(ordered.count, count * 2)
        }
        return last!
    }

    /// The measurements of the tracklets at `indices`, prepared for a fit (thinned to
    /// ``Options/maximumMeasurementsPerTracklet`` each).
    func observations(_ indices: [Int], of tracklets: [Tracklet], cache: RotationCache) throws(MaintenanceError) -> ObservationSet {
        try ObservationSet(tracklets: indices.map { tracklets[$0] }, network: network, model: model,
                           rotationCache: cache, maximumPerTracklet: options.maximumMeasurementsPerTracklet)
    }

    /// `prior` with its mean anomaly shifted so that it passes through the measured position of the
    /// first radar tracklet of `newestFirst` (its middle measurement): the along-track error of an
    /// aged set is mostly a phase error, which this removes before any fit. Unchanged when no
    /// tracklet has range.
    func rephased(_ prior: MeanElements, to newestFirst: [Tracklet]) -> MeanElements {
        for t in newestFirst {
            let m = t.measurements[t.measurements.count / 2]
            guard let sensor = network[t.sensorID], m.rangeKm != nil,
                  let look = Correlator.observedGeometry(m, sensor: sensor, rotations: model.rotations(at: m.epoch)),
                  let measured = look.positionKm else { continue }
            var out = prior
            for _ in 0..<3 {   // the shift changes the short-period terms a little: repeat
                guard let sgp4 = try? SGP4(out), let st = try? sgp4.state(at: m.epoch) else { return prior }
                let du = angleAheadRad(from: st.positionKm, to: measured,
                                       normal: FrameMath.cross(st.positionKm, st.velocityKmPerS))
                out.meanAnomalyRad = SGP4DifferentialCorrection.normalized(out.meanAnomalyRad + du)
                if abs(du) < 1e-6 { break }
            }
            return out
        }
        return prior
    }

    /// Separates another object's tracklets from an object's fit — two objects of one launch, a
    /// formation pair or a docking, whose aged sets both gate each other's tracklets, so that the
    /// assignment mixes them and the fit is a compromise (weighted RMS above
    /// ``Options/splitRMS``). Track-splitting by sequential trial refits: starting from the
    /// tracklet that fits the object's own prior best (the object's identity), tracklets are
    /// taken nearest in time first, and each one stays only if the refit keeps the weighted RMS
    /// at or below ``Options/splitRMS`` without editing out half of the new tracklet's measurements;
    /// at 20 m and 0.02° noise a tracklet of an object a few hundred metres away does not fit.
    /// Tracklets the final fit edits out leave too. Returns the kept tracklets and their fit, and
    /// the excluded ones.
    func splitFit(_ prior: MeanElements, members: [Int], tracklets: [Tracklet], dc: SGP4DifferentialCorrection,
                  cache: RotationCache) throws -> (kept: [Int], excluded: [Int], fit: SGP4Fit) {
        let iod = UncorrelatedTrackProcessor(options: options.uncorrelated, correction: dc)
        let priorSGP4 = try? SGP4(prior)
        // Seed: the tracklet whose own orbit is nearest the prior's prediction at its epoch.
        var seed: (index: Int, fit: SGP4Fit, distance: Double)?
        for i in members {
            guard let own = try? iod.initialOrbit(tracklets[i], network: network, model: model, rotationCache: cache),
                  let mine = try? SGP4(own.elements), let a = try? mine.state(at: own.elements.epoch),
                  let b = try? priorSGP4?.state(at: own.elements.epoch) else { continue }
            let d = FrameMath.norm(a.positionKm - b.positionKm)
            if seed == nil || d < seed!.distance { seed = (i, own, d) }
        }
        guard let seed else { throw MaintenanceError(.initialOrbit, "no tracklet gives an initial orbit") }
        var kept = [seed.index]
        var excluded: [Int] = []
        var current = seed.fit.elements
        current.bstarPerEarthRadius = prior.bstarPerEarthRadius
        var fit = seed.fit
        let seedTime = tracklets[seed.index].start!
        let rest = members.filter { $0 != seed.index }
            .sorted { abs(tracklets[$0].start!.secondsSince(seedTime)) < abs(tracklets[$1].start!.secondsSince(seedTime)) }
        for i in rest {
            let trial = (kept + [i]).sorted()
            // The new tracklet stays only if the refit holds (weighted RMS) without editing it out:
            // editing would otherwise hide another object's tracklet inside the fit.
            guard let obs = try? observations(trial, of: tracklets, cache: cache),
                  let refit = try? dc.fit(prior: current, observations: obs),
                  refit.weightedRMS <= options.splitRMS,
                  obs.mostlyEditedTracklets(refit.rejectedMeasurements)[trial.firstIndex(of: i)!] == nil else {
                excluded.append(i)
                continue
            }
            kept = trial
            current = refit.elements
            fit = refit
        }
        // A tracklet taken early, while the arc was short enough to bend around it, may be edited out
        // of the final fit: it goes too, and the rest is fitted once more.
        if let obs = try? observations(kept, of: tracklets, cache: cache) {
            let late = Set(obs.mostlyEditedTracklets(fit.rejectedMeasurements).keys)
            if !late.isEmpty && kept.count - late.count >= options.minimumTrackletsAfterSplit {
                let remaining = kept.enumerated().filter { !late.contains($0.offset) }.map(\.element)
                if let obs2 = try? observations(remaining, of: tracklets, cache: cache),
                   let refit = try? dc.fit(prior: current, observations: obs2), refit.weightedRMS <= options.splitRMS {
                    excluded += kept.enumerated().filter { late.contains($0.offset) }.map(\.element)
                    kept = remaining
                    fit = refit
                }
            }
        }
        return (kept, excluded.sorted(), fit)
    }

    /// Whether a split stands, and which part is the object. The split-off part is fitted on its
    /// own: if its orbit is within ``UncorrelatedTrackProcessor/Options/updatedMatchKm`` of the kept
    /// part's, the two are one object the fit could not hold together (a high-drag object on a
    /// short arc, say) and the split is refused (nil). If it is a distinct orbit whose mean motion is
    /// nearer the prior's than the kept part's, it is the object and the parts swap: the seed was
    /// the tracklet nearest the prior's *position*, but a maneuvered object's old elements can sit
    /// nearer a neighbour. A split-off part too small or too scattered to fit alone is another
    /// object's stray tracklets only if it is at most a quarter of them.
    func splitDecision(_ parts: (kept: [Int], excluded: [Int], fit: SGP4Fit), prior: MeanElements, tracklets: [Tracklet],
                       dc: SGP4DifferentialCorrection, cache: RotationCache) -> (object: [Int], other: [Int], fit: SGP4Fit)? {
        let total = parts.kept.count + parts.excluded.count
        guard parts.excluded.count >= options.minimumTrackletsAfterSplit,
              let obs = try? observations(parts.excluded, of: tracklets, cache: cache),
              let other = (try? dc.fit(prior: prior, observations: obs)).flatMap({ $0.weightedRMS <= options.splitRMS ? $0 : nil })
                  ?? (try? expandingArcFit(prior, members: parts.excluded, tracklets: tracklets, dc: dc, cache: cache)),
              other.weightedRMS <= options.splitRMS else {
            return parts.excluded.count * 4 <= total ? (parts.kept, parts.excluded, parts.fit) : nil
        }
        guard let a = try? SGP4(parts.fit.elements), let b = try? SGP4(other.elements),
              let sa = try? a.state(at: parts.fit.elements.epoch), let sb = try? b.state(at: parts.fit.elements.epoch),
              FrameMath.norm(sa.positionKm - sb.positionKm) > options.uncorrelated.updatedMatchKm else { return nil }
        let n0 = prior.meanMotionRadPerMin
        if abs(other.elements.meanMotionRadPerMin - n0) < abs(parts.fit.elements.meanMotionRadPerMin - n0) {
            return (parts.excluded, parts.kept, other)
        }
        return (parts.kept, parts.excluded, parts.fit)
    }
}
