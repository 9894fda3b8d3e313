import Foundation
import Astrodynamics
import SpaceData
import Sensors

/// One pass of the catalog-maintenance loop: tracklets in; correlation, orbit updates, UCTs,
/// new objects and maneuver flags out, with the reasons and timings.
///
/// Steps: (1) drop tracklets that cannot be used (no measurements, unknown sensor) with the
/// reason; (2) correlate (``Correlator``); (3) per object, fit its correlated tracklets with
/// ``SGP4DifferentialCorrection`` starting from its current element set, and make the next
/// element set (element-set number + 1, same identity); (4) process the rest as UCTs
/// (``UncorrelatedTrackProcessor``): confirmed tracks become analyst objects numbered from
/// 80000 upward (above any 8xxxx already in the catalog), tracks that turn out to be known
/// objects are fitted into those objects; (5) maneuver flags.
///
/// Maneuver rule (documented in docs/catalog-maintenance.md): a tracklet is a *possible
/// maneuver* of object X when either (a) it correlates with no object and is not explained by a
/// confirmed new object, yet lies in X's orbital plane (radial and cross-track misses within
/// ``Correlator/Options/maneuverPlaneSigma`` σ) while missing X's predicted position beyond the
/// gate — the miss (RTN, km) is reported; or (b) it correlated with X but X's fit edits out at
/// least half of its measurements or leaves a weighted RMS above ``Options/poorFitRMS``.
public struct CatalogMaintenanceRun: Sendable {
    public struct Options: Sendable {
        public var correlation = Correlator.Options()
        public var correction = SGP4DifferentialCorrection.Options()
        public var uncorrelated = UncorrelatedTrackProcessor.Options()
        /// A fit with a weighted RMS above this flags the object (possible maneuver or bad data).
        public var poorFitRMS = 3.0
        /// A fit with a weighted RMS above this is checked for another object's tracklets
        /// (``CatalogMaintenanceRun/splitFit(_:members:tracklets:dc:cache:)``); a tracklet joins
        /// the split fit only if the refit keeps its weighted RMS at or below it.
        public var splitRMS = 1.5
        /// A split is kept only if at least this many tracklets remain with the object.
        public var minimumTrackletsAfterSplit = 3
        /// Long tracklets are thinned to this many evenly spaced measurements for the orbit fits
        /// (``ObservationSet/init(tracklets:network:model:rotationCache:maximumPerTracklet:)``).
        public var maximumMeasurementsPerTracklet = 20
        /// First number of the analyst-object series.
        public var analystSeriesStart = 80_000
        /// Called as each phase ends with a one-line summary (phase, seconds, counts); for long runs.
        public var progress: (@Sendable (String) -> Void)?
        public init() {}
    }

    public let catalog: [ElementSet]
    public let network: [String: Sensor]
    public let model: MeasurementModel
    public var options: Options

    public init(catalog: [ElementSet], network: [Sensor], model: MeasurementModel, options: Options = Options()) {
        self.catalog = catalog
        self.network = Dictionary(network.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        self.model = model
        self.options = options
    }

    /// Runs the loop over `tracklets`.
    public func run(_ tracklets: [Tracklet]) -> MaintenanceReport {
        let clock = ContinuousClock()
        var timings: [String: Double] = [:]
        var report = MaintenanceReport()
        report.trackletsIn = tracklets.count

        // Catalog objects.
        var t0 = clock.now
        var objects: [CatalogObject] = []
        var setOf: [Int: ElementSet] = [:]
        for set in catalog {
            guard setOf[set.noradCatalogNumber] == nil else { continue }
            if let s = try? SGP4(set.meanElements) {
                objects.append(CatalogObject(catalogNumber: set.noradCatalogNumber, sgp4: s))
                setOf[set.noradCatalogNumber] = set
            } else {
                report.catalogProblems.append("\(set.noradCatalogNumber): element set does not initialize SGP4")
            }
        }
        // Usable tracklets.
        var usable: [Int] = []
        for (i, t) in tracklets.enumerated() {
            if t.measurements.isEmpty { report.rejected.append(.init(tracklet: t.id, reason: "no measurements")); continue }
            if network[t.sensorID] == nil { report.rejected.append(.init(tracklet: t.id, reason: "unknown sensor \(t.sensorID)")); continue }
            usable.append(i)
        }
        let cache = RotationCache(model: model)
        timings["setup"] = (clock.now - t0).inSeconds

        // Correlation.
        t0 = clock.now
        let inputs = usable.map { tracklets[$0] }
        let correlator = Correlator(options: options.correlation, model: model)
        let corr = correlator.correlate(inputs, objects: objects, network: network, rotationCache: cache)
        timings["correlation"] = (clock.now - t0).inSeconds
        options.progress?(String(format: "correlation %.1f s: %d of %d tracklets assigned to %d objects",
                                 timings["correlation"]!, corr.assignment.count, inputs.count, Set(corr.assignment.values).count))
        report.correlationPairsTested = corr.pairsTested
        for i in corr.ambiguous {
            let c = corr.candidates[i]
            report.ambiguities.append(.init(tracklet: inputs[i].id, candidates: c.prefix(4).map(\.catalogNumber),
                                            chiSquares: c.prefix(4).map(\.chiSquare), assigned: corr.assignment[i]))
        }
        var byObject: [Int: [Int]] = [:]
        for (i, o) in corr.assignment { byObject[o, default: []].append(i) }

        // Orbit updates of correlated objects, in parallel over objects.
        t0 = clock.now
        let dc = SGP4DifferentialCorrection(options: options.correction)
        let sets = setOf
        let firstMembers = byObject
        let firstNumbers = firstMembers.keys.sorted()
        let firstResults = parallelMap(firstNumbers.count) { k in
            update(firstNumbers[k], set: sets[firstNumbers[k]]!, members: firstMembers[firstNumbers[k]]!.sorted(),
                   tracklets: inputs, corr: corr, dc: dc, cache: cache, split: true)
        }
        var updates = firstResults.map(\.update)
        // Tracklets split off an object's fit are another object's: they join the UCTs.
        let splitOff = Set(firstResults.flatMap(\.splitOff))
        for (k, r) in firstResults.enumerated() where !r.splitOff.isEmpty {
            byObject[firstNumbers[k]]!.removeAll { splitOff.contains($0) }
        }
        timings["fits"] = (clock.now - t0).inSeconds
        options.progress?(String(format: "fits %.1f s: %d objects", timings["fits"]!, updates.count))
        var updatedOrbits: [Int: SGP4] = [:]
        for u in updates { if let e = u.elementSet, let s = try? SGP4(e.meanElements) { updatedOrbits[u.catalogNumber] = s } }

        // UCTs.
        t0 = clock.now
        let uncorrelated = inputs.indices.filter { corr.assignment[$0] == nil || splitOff.contains($0) }
        // Objects seen in their own right: updated from at least as many tracklets as a new object
        // needs, with a fit that holds. A weaker update (a stale set that caught a few stray
        // tracklets of other objects) does not stop a confirmed track from being matched to the
        // object by its old elements.
        let strong = Set(updates.filter { $0.elementSet != nil && $0.tracklets.count >= options.uncorrelated.minimumTracklets
                                          && $0.weightedRMS <= options.poorFitRMS }.map(\.catalogNumber))
        var uctOptions = options.correction
        uctOptions.maximumIterations = max(uctOptions.maximumIterations, 10)
        var uncorrelatedOptions = options.uncorrelated
        uncorrelatedOptions.catalogUncertainty = options.correlation.uncertainty
        let uct = UncorrelatedTrackProcessor(options: uncorrelatedOptions,
                                             correction: SGP4DifferentialCorrection(options: uctOptions))
        let uctResult = uct.process(uncorrelated, of: inputs, network: network, model: model, rotationCache: cache,
                                    catalog: objects, seen: strong, updated: updatedOrbits,
                                    progress: options.progress)
        timings["uncorrelated"] = (clock.now - t0).inSeconds
        options.progress?(String(format: "uncorrelated %.1f s: %d UCTs, %d confirmed, %d matched to known objects, %d tentative",
                                 timings["uncorrelated"]!, uncorrelated.count, uctResult.confirmed.count,
                                 uctResult.knownObjects.count, uctResult.unconfirmed.count))

        // Objects that UCT tracks turned out to be: refit with everything.
        t0 = clock.now
        var extra: [Int: [Int]] = [:]
        for (number, members) in uctResult.knownObjects { extra[number, default: []].append(contentsOf: members) }
        let extraMembers = extra
        let keptMembers = byObject
        let extraNumbers = extraMembers.keys.sorted()
        let refits = parallelMap(extraNumbers.count) { k in
            let n = extraNumbers[k]
            return update(n, set: sets[n]!, members: ((keptMembers[n] ?? []) + extraMembers[n]!).sorted(),
                          tracklets: inputs, corr: corr, dc: dc, cache: cache).update
        }
        var index: [Int: Int] = [:]
        for (i, u) in updates.enumerated() { index[u.catalogNumber] = i }
        for u in refits {
            if let i = index[u.catalogNumber] { updates[i] = u } else { updates.append(u) }
        }
        report.objects = updates.sorted { $0.catalogNumber < $1.catalogNumber }
        timings["refits"] = (clock.now - t0).inSeconds

        // New objects.
        let existingAnalyst = catalog.map(\.noradCatalogNumber).filter { $0 >= options.analystSeriesStart && $0 < options.analystSeriesStart + 10_000 }
        var next = max(options.analystSeriesStart, (existingAnalyst.max() ?? (options.analystSeriesStart - 1)) + 1)
        let confirmed = uctResult.confirmed.sorted { inputs[$0.tracklets[0]].start! < inputs[$1.tracklets[0]].start! }
        var explained = Set<Int>()
        for track in confirmed {
            let set = CatalogMaintenanceRun.elementSet(track.fit.elements, number: next, name: "ANALYST \(next)",
                                                       setNumber: 1, revolution: 0, template: nil)
            let obs = try? ObservationSet(tracklets: track.tracklets.map { inputs[$0] }, network: network, model: model, rotationCache: cache,
                                          maximumPerTracklet: options.uncorrelated.maximumMeasurementsPerTracklet)
            let phys = obs?.physicalRMS(track.fit.residuals, rejected: track.fit.rejectedMeasurements)
            report.newObjects.append(.init(catalogNumber: next, tracklets: track.tracklets.map { inputs[$0].id },
                                           passes: track.passes, weightedRMS: track.fit.weightedRMS,
                                           rangeRMSMeters: (phys?.rangeKm ?? .nan) * 1000,
                                           angleRMSDegrees: (phys?.angleRad ?? .nan) * 180 / .pi,
                                           dragNote: track.fit.dragNote, elementSet: set,
                                           rule: "≥\(options.uncorrelated.minimumTracklets) tracklets from ≥\(options.uncorrelated.minimumPasses) passes, weighted RMS ≤ \(options.uncorrelated.maximumFitRMS)",
                                           fitCovariance: track.fit.covariance))
            explained.formUnion(track.tracklets)
            next += 1
        }
        for (number, members) in uctResult.knownObjects {
            report.uctsMatchedToKnownObjects.append(.init(catalogNumber: number, tracklets: members.map { inputs[$0].id }))
            explained.formUnion(members)
        }
        // Leftovers: rejected UCTs, unconfirmed tracks, maneuver flags.
        for (i, reason) in uctResult.rejected where !explained.contains(i) {
            report.rejected.append(.init(tracklet: inputs[i].id, reason: "uncorrelated; \(reason)"))
        }
        for track in uctResult.unconfirmed {
            for i in track.tracklets where !explained.contains(i) {
                report.rejected.append(.init(tracklet: inputs[i].id,
                    reason: "uncorrelated; tentative track of \(track.tracklets.count) tracklet(s) over \(track.passes) pass(es), not confirmed"))
            }
        }
        for (i, miss) in corr.maneuverCandidates where corr.assignment[i] == nil && !explained.contains(i) {
            report.maneuvers.append(.init(catalogNumber: miss.catalogNumber, tracklet: inputs[i].id,
                                          missRadialKm: miss.missRTNKm.x, missAlongTrackKm: miss.missRTNKm.y,
                                          missCrossTrackKm: miss.missRTNKm.z, reason: "in the object's plane, beyond the correlation gate"))
        }
        for u in report.objects { report.maneuvers.append(contentsOf: u.maneuverFlags) }
        report.rejected.sort { $0.tracklet < $1.tracklet }
        report.maneuvers.sort { ($0.catalogNumber, $0.tracklet) < ($1.catalogNumber, $1.tracklet) }
        report.timingsSeconds = timings
        return report
    }

    /// The update of one object from its correlated tracklets, and the tracklets its fit split
    /// off as another object's (``splitFit(_:members:tracklets:dc:cache:)``).
    private func update(_ number: Int, set: ElementSet, members allMembers: [Int], tracklets: [Tracklet],
                        corr: Correlator.Result, dc: SGP4DifferentialCorrection, cache: RotationCache,
                        split: Bool = false) -> (update: ObjectUpdate, splitOff: [Int]) {
        var u = ObjectUpdate(catalogNumber: number, tracklets: allMembers.map { tracklets[$0].id })
        var members = allMembers
        var splitOff: [Int] = []
        do {
            var obs = try observations(members, of: tracklets, cache: cache)
            // One fit from the prior; when it fails or ends poor, the expanding arc, if it does better.
            let direct = Result { () throws(MaintenanceError) in try dc.fit(prior: set.meanElements, observations: obs) }
            var fit: SGP4Fit
            if case .success(let f) = direct, f.weightedRMS <= options.poorFitRMS {
                fit = f
            } else if let arc = try? expandingArcFit(set.meanElements, members: members, tracklets: tracklets, dc: dc, cache: cache),
                      arc.weightedRMS < ((try? direct.get())?.weightedRMS ?? .infinity) {
                fit = arc
                u.flags.append("prior too far off for one fit: refitted over an expanding arc")
            } else {
                fit = try direct.get()
            }
            if split, fit.weightedRMS > options.splitRMS, members.count > options.minimumTrackletsAfterSplit,
               let parts = try? splitFit(set.meanElements, members: members, tracklets: tracklets, dc: dc, cache: cache),
               !parts.excluded.isEmpty, parts.kept.count >= options.minimumTrackletsAfterSplit,
               parts.fit.weightedRMS < fit.weightedRMS,
               let decision = splitDecision(parts, prior: set.meanElements, tracklets: tracklets, dc: dc, cache: cache) {
                members = decision.object
                splitOff = decision.other
                fit = decision.fit
                obs = try observations(members, of: tracklets, cache: cache)
                u.tracklets = members.map { tracklets[$0].id }
                u.flags.append("\(splitOff.count) tracklet(s) of another object split off the fit")
            }
            let phys = obs.physicalRMS(fit.residuals, rejected: fit.rejectedMeasurements)
            u.measurementsUsed = fit.measurementsUsed
            u.measurementsRejected = fit.measurementsRejected
            u.weightedRMS = fit.weightedRMS
            u.rangeRMSMeters = phys.rangeKm * 1000
            u.angleRMSDegrees = phys.angleRad * 180 / .pi
            u.rangeRateRMSMetersPerSecond = phys.rangeRateKmPerS * 1000
            u.dragNote = fit.dragNote
            u.converged = fit.converged
            u.fitCovariance = fit.covariance
            let revs = fit.elements.epoch.secondsSince(set.epoch) / 86_400 * set.meanMotionRevPerDay
            u.elementSet = CatalogMaintenanceRun.elementSet(fit.elements, number: number, name: set.objectName,
                                                            setNumber: set.elementSetNumber % 9999 + 1,
                                                            revolution: set.revolutionNumberAtEpoch + Int(revs.rounded(.down)),
                                                            template: set)
            // Maneuver rule (b).
            for (ti, c) in obs.mostlyEditedTracklets(fit.rejectedMeasurements) {
                let global = members[ti]
                let miss = corr.candidates[global].first { $0.catalogNumber == number }?.missRTNKm ?? .zero
                u.maneuverFlags.append(.init(catalogNumber: number, tracklet: tracklets[global].id, missRadialKm: miss.x,
                                             missAlongTrackKm: miss.y, missCrossTrackKm: miss.z,
                                             reason: "\(c.edited) of \(c.measurements) measurements edited out of the fit"))
            }
            if fit.weightedRMS > options.poorFitRMS {
                u.flags.append(String(format: "poor fit (weighted RMS %.1f): possible maneuver", fit.weightedRMS))
            }
            if !fit.converged { u.flags.append("fit did not converge") }
        } catch {
            u.error = "\(error)"
        }
        if !u.maneuverFlags.isEmpty { u.flags.append("possible maneuver") }
        return (u, splitOff)
    }

    /// An element set (TLE/OMM-able) from fitted mean elements, keeping the identity of `template`.
    static func elementSet(_ m: MeanElements, number: Int, name: String?, setNumber: Int, revolution: Int,
                           template: ElementSet?) -> ElementSet {
        let rad2deg = 180 / Double.pi
        let xpdotp = 1440.0 / (2.0 * Double.pi)
        var s = template ?? ElementSet(noradCatalogNumber: number, epoch: m.epoch, meanMotionRevPerDay: 0, eccentricity: 0,
                                       inclinationDeg: 0, raanDeg: 0, argumentOfPericenterDeg: 0, meanAnomalyDeg: 0)
        s.objectName = name
        s.noradCatalogNumber = number
        s.epoch = m.epoch
        s.meanMotionRevPerDay = m.meanMotionRadPerMin * xpdotp
        s.eccentricity = m.eccentricity
        s.inclinationDeg = m.inclinationRad * rad2deg
        s.raanDeg = m.raanRad * rad2deg
        s.argumentOfPericenterDeg = m.argumentOfPerigeeRad * rad2deg
        s.meanAnomalyDeg = m.meanAnomalyRad * rad2deg
        s.bstar = m.bstarPerEarthRadius
        s.elementSetNumber = setNumber
        s.revolutionNumberAtEpoch = max(0, revolution) % 100_000
        s.originator = "KANSHI"
        s.tleFormatting = TLEFormatting()
        if template == nil {
            s.meanMotionDot = 0
            s.meanMotionDDot = 0
            s.classification = "U"
        }
        return s
    }
}
