import Foundation
import Astrodynamics
import Estimation
import Sensors

/// Uncorrelated tracklets (UCTs) turned into new objects: initial orbit determination per
/// tracklet, association across passes, a joint SGP4 fit, confirmation, and a duplicate check
/// against the catalog.
///
/// 1. IOD per tracklet: radar tracklets give positions (range/azimuth/elevation → TEME); the
///    velocity at the middle one comes from ``HerrickGibbs`` (Vallado 2013 Algorithm 55) on the
///    first, middle and last positions. Angles-only tracklets use ``GaussAnglesOnly`` (Algorithm 52).
///    The state becomes classical elements (``ClassicalElements``, Algorithm 9), then SGP4 mean
///    elements by a differential correction to that tracklet alone (B* held at 0).
/// 2. Association (track initiation by global nearest neighbour): UCTs are taken in time order
///    in clusters of overlapping tracklets; each tentative track predicts its position at each
///    tracklet's middle epoch with the fit covariance mapped to position (finite differences),
///    the Mahalanobis distance to the measured position (radar) is gated at
///    χ²₃(``Options/gateProbability``), and the cluster's tracklets are assigned to tracks by
///    ``JonkerVolgenant1987``. An assignment stands only if the joint refit keeps a weighted RMS
///    ≤ ``Options/maximumFitRMS``; otherwise the tracklet starts a new tentative track.
/// 3. Confirmation rule: a track is confirmed when it holds at least ``Options/minimumTracklets``
///    tracklets (default 3) from at least ``Options/minimumPasses`` passes (default 2; passes are
///    tracklets more than ``Options/passSeparationSeconds`` apart), and its final fit (B* by the
///    usual rule) has weighted RMS ≤ ``Options/maximumFitRMS``. A false alarm cannot meet it: its
///    points do not fit an orbit that other passes confirm.
/// 4. Before a confirmed track becomes a new object its orbit is compared with the catalog: an
///    object seen in its own right in this run is matched by its freshly *updated* orbit (within
///    ``Options/updatedMatchKm``: tracklets that missed its gate); an unseen object of similar mean
///    motion and inclination by its old elements (within ``Options/duplicatePositionKm``: stale
///    elements); an unseen object whose plane the track shares and whose offset along the orbit
///    one small burn since its epoch explains (``maneuverExplains(track:object:)``: it
///    maneuvered). A match hands the track's tracklets to that object instead, so a
///    formation or train neighbour is never taken for another object and no object is created twice.
public struct UncorrelatedTrackProcessor: Sendable {
    public struct Options: Sendable, Hashable {
        public var minimumTracklets = 3
        public var minimumPasses = 2
        public var passSeparationSeconds = 1800.0
        public var maximumFitRMS = 3.0
        public var gateProbability = 0.9999
        /// Added to every predicted-position covariance (km, 1-σ, isotropic) for model error and nonlinearity.
        public var predictionFloorKm = 5.0
        public var duplicatePositionKm = 300.0
        /// Distance within which a track is an object seen in this run, by its updated orbit, km.
        public var updatedMatchKm = 20.0
        /// Maneuver match (an unseen known object that moved off its element set): largest angle
        /// between the track's orbit normal and the object's, degrees.
        public var maneuverMatchPlaneDeg = 0.1
        /// Maneuver match: largest relative mean-motion change (0.5 % ≈ 13 m/s in LEO).
        public var maneuverMatchMeanMotionFraction = 0.005
        /// How uncertain an element set is as it ages: the along-track slack of the maneuver match
        /// is the larger of ``duplicatePositionKm`` and ``staleSlackSigma`` σ along-track at the
        /// set's age, so a set weeks old (σ spanning the orbit) is matched by plane and size.
        public var catalogUncertainty = CatalogUncertainty()
        public var staleSlackSigma = 3.0
        /// Long tracklets are thinned to this many measurements for the fits.
        public var maximumMeasurementsPerTracklet = 20
        public init() {}
    }

    /// A tentative or confirmed track of UCTs.
    public struct Track: Sendable {
        public var tracklets: [Int]
        public var fit: SGP4Fit { didSet { sgp4 = try? SGP4(fit.elements) } }
        public var passes: Int
        /// The propagator of ``fit``'s elements.
        public private(set) var sgp4: SGP4?
        public init(tracklets: [Int], fit: SGP4Fit, passes: Int) {
            self.tracklets = tracklets
            self.fit = fit
            self.passes = passes
            sgp4 = try? SGP4(fit.elements)
        }
    }

    /// The outcome.
    public struct Result: Sendable {
        /// Confirmed tracks not matching a catalog object.
        public var confirmed: [Track]
        /// Confirmed tracks that turned out to be a known object: (catalog number, tracklets).
        public var knownObjects: [(catalogNumber: Int, tracklets: [Int])]
        /// Tentative tracks that did not meet the confirmation rule.
        public var unconfirmed: [Track]
        /// Tracklets whose initial orbit failed, with the reason.
        public var rejected: [(tracklet: Int, reason: String)]
    }

    public var options: Options
    public var correction: SGP4DifferentialCorrection
    public init(options: Options = Options(), correction: SGP4DifferentialCorrection = SGP4DifferentialCorrection()) {
        self.options = options
        self.correction = correction
    }

    /// Processes the tracklets at `indices` of `tracklets`.
    /// `seen`: catalog objects that correlated tracklets of their own in this run; a track is never
    /// taken for one of them (it is a different object close to it).
    public func process(_ indices: [Int], of tracklets: [Tracklet], network: [String: Sensor], model: MeasurementModel,
                        rotationCache: RotationCache, catalog: [CatalogObject], seen: Set<Int> = [],
                        updated: [Int: SGP4] = [:], progress: (@Sendable (String) -> Void)? = nil) -> Result {
        let clock = ContinuousClock()
        var stepStart = clock.now
        func step(_ what: String) {
            progress?(String(format: "  UCT %@ %.1f s", what, (clock.now - stepStart).inSeconds))
            stepStart = clock.now
        }
        var rejected: [(Int, String)] = []
        // 1. Initial orbits.
        var initial: [Int: SGP4Fit] = [:]
        let outcomes = parallelMap(indices.count) { k -> Swift.Result<SGP4Fit, MaintenanceError> in
            do { return .success(try initialOrbit(tracklets[indices[k]], network: network, model: model, rotationCache: rotationCache)) }
            catch let e as MaintenanceError { return .failure(e) }
            catch { return .failure(MaintenanceError(.initialOrbit, "\(error)")) }
        }
        for (k, r) in outcomes.enumerated() {
            switch r {
            case .success(let f): initial[indices[k]] = f
            case .failure(let e): rejected.append((indices[k], "initial orbit: \(e.message)"))
            }
        }
        step("initial orbits: \(initial.count) of \(indices.count)")
        // 2. Association in time order.
        // Clusters: tracklets of one sensor with overlapping time spans (a track takes at most one of
        // them), processed in time order; most clusters have one member.
        let ordered = initial.keys.sorted { (tracklets[$0].start!, $0) < (tracklets[$1].start!, $1) }
        var clusterList: [[Int]] = []
        var open: [String: (index: Int, end: Instant)] = [:]
        for ti in ordered {
            let t = tracklets[ti]
            if let o = open[t.sensorID], t.start! <= o.end {
                clusterList[o.index].append(ti)
                open[t.sensorID] = (o.index, max(o.end, t.end!))
            } else {
                open[t.sensorID] = (clusterList.count, t.end!)
                clusterList.append([ti])
            }
        }
        var tracks: [Track] = []
        // Tracks binned by their orbit, so each tracklet is screened against its neighbourhood only
        // (bins a little wider than the screen of ``roughlyCoplanar``).
        var bins = OrbitBins.coplanarScreen()
        for cluster in clusterList {
            let own = cluster.map { initial[$0]!.elements }
            var columnSet = Set<Int>()
            for e in own { columnSet.formUnion(bins.candidates(near: e)) }
            let candidates = columnSet.sorted()
            var cost = Matrix(rows: cluster.count, columns: max(candidates.count, 1), repeating: .infinity)
            if !candidates.isEmpty {
                let current = candidates.map { tracks[$0] }
                let column: @Sendable (Int) -> [Double?] = { k in
                    cluster.enumerated().map { r, ti in
                        // Cheap element-space screen first (the tracklet's own orbit vs the track's).
                        roughlyCoplanar(current[k].fit.elements, own[r])
                            ? associationCost(current[k], tracklet: tracklets[ti], network: network, rotationCache: rotationCache)
                            : nil
                    }
                }
                let columns = current.count * cluster.count >= 16 ? parallelMap(current.count, column) : current.indices.map(column)
                for (k, column) in columns.enumerated() { for (r, d2) in column.enumerated() { if let d2 { cost[r, k] = d2 } } }
            }
            let assignedTrack = UncorrelatedTrackProcessor.sparseAssignment(cost)
            for (r, ti) in cluster.enumerated() {
                if let c = assignedTrack[r], cost[r, c].isFinite, case let k = candidates[c],
                   let refit = try? joint(tracks[k].tracklets + [ti], prior: tracks[k].fit.elements, of: tracklets,
                                          network: network, model: model, rotationCache: rotationCache, drag: .hold),
                   refit.weightedRMS <= options.maximumFitRMS {
                    tracks[k].tracklets.append(ti)
                    tracks[k].fit = refit
                    tracks[k].passes = passes(tracks[k].tracklets, tracklets)
                    bins.set(k, refit.elements)
                } else {
                    bins.set(tracks.count, initial[ti]!.elements)
                    tracks.append(Track(tracklets: [ti], fit: initial[ti]!, passes: 1))
                }
            }
        }
        step("association: \(clusterList.count) clusters, \(tracks.count) tracks")
        // 3. Confirmation and the final fit (B* by the usual rule).
        var confirmed: [Track] = []
        var unconfirmed: [Track] = []
        for var track in tracks {
            guard track.tracklets.count >= options.minimumTracklets, track.passes >= options.minimumPasses else {
                unconfirmed.append(track); continue
            }
            if let final = try? joint(track.tracklets, prior: track.fit.elements, of: tracklets, network: network,
                                      model: model, rotationCache: rotationCache, drag: correction.options.drag) {
                track.fit = final
            }
            if track.fit.weightedRMS <= options.maximumFitRMS { confirmed.append(track) } else { unconfirmed.append(track) }
        }
        // Merge confirmed tracks of one object (association split it), largest first.
        confirmed.sort { $0.tracklets.count > $1.tracklets.count }
        var merged: [Track] = []
        for track in confirmed {
            // Candidates in the same plane, nearest first; the joint fit decides.
            let near = merged.indices.filter { samePlane(merged[$0].fit.elements, track.fit.elements) }
                .compactMap { k -> (Int, Double)? in
                    guard let a = merged[k].sgp4, let b = track.sgp4, let pa = try? a.state(at: track.fit.elements.epoch),
                          let pb = try? b.state(at: track.fit.elements.epoch) else { return nil }
                    let d = pa.positionKm - pb.positionKm
                    return (k, (d * d).sum().squareRoot())
                }
                .filter { $0.1 < 2000 }
                .sorted { $0.1 < $1.1 }
            var done = false
            for (k, _) in near.prefix(3) {
                guard let fit = try? joint(merged[k].tracklets + track.tracklets, prior: merged[k].fit.elements, of: tracklets,
                                           network: network, model: model, rotationCache: rotationCache, drag: correction.options.drag),
                      fit.weightedRMS <= options.maximumFitRMS else { continue }
                merged[k].tracklets += track.tracklets
                merged[k].fit = fit
                merged[k].passes = passes(merged[k].tracklets, tracklets)
                done = true
                break
            }
            if !done { merged.append(track) }
        }
        step("confirmation and merge: \(merged.count) confirmed, \(unconfirmed.count) tentative")
        // Tracklets of unconfirmed tracks that a confirmed orbit now explains join it.
        var stillUnconfirmed: [Track] = []
        var mergedBins = OrbitBins.coplanarScreen()
        for k in merged.indices { mergedBins.set(k, merged[k].fit.elements) }
        for var track in unconfirmed {
            var left: [Int] = []
            for ti in track.tracklets {
                var joined = false
                let own = initial[ti]!.elements
                for k in mergedBins.candidates(near: own) where roughlyCoplanar(merged[k].fit.elements, own) {
                    guard associationCost(merged[k], tracklet: tracklets[ti], network: network, rotationCache: rotationCache) != nil,
                          let fit = try? joint(merged[k].tracklets + [ti], prior: merged[k].fit.elements, of: tracklets,
                                               network: network, model: model, rotationCache: rotationCache,
                                               drag: correction.options.drag),
                          fit.weightedRMS <= options.maximumFitRMS else { continue }
                    merged[k].tracklets.append(ti)
                    merged[k].fit = fit
                    mergedBins.set(k, fit.elements)
                    merged[k].passes = passes(merged[k].tracklets, tracklets)
                    joined = true
                    break
                }
                if !joined { left.append(ti) }
            }
            if !left.isEmpty { track.tracklets = left; stillUnconfirmed.append(track) }
        }
        step("late joins: \(stillUnconfirmed.count) tentative left")
        // 4. Known objects are not created again.
        var finalTracks: [Track] = []
        var known: [(Int, [Int])] = []
        for track in merged {
            if let object = duplicate(of: track.fit.elements, in: catalog, excluding: seen, updated: updated) { known.append((object, track.tracklets)) }
            else { finalTracks.append(track) }
        }
        step("duplicate check: \(known.count) known")
        let confirmedOut = finalTracks
        unconfirmed = stillUnconfirmed
        return Result(confirmed: confirmedOut, knownObjects: known, unconfirmed: unconfirmed,
                      rejected: rejected.sorted { $0.0 < $1.0 })
    }

    /// The least-cost assignment of rows to columns of `cost` (`+infinity` forbids a pair), solved
    /// per connected component of the finite entries: a cluster of a busy sensor can hold hundreds
    /// of tracklets against thousands of candidate tracks, nearly all forbidden, and
    /// ``JonkerVolgenant1987`` on the whole matrix would cost rows × columns² for nothing.
    static func sparseAssignment(_ cost: Matrix) -> [Int?] {
        var out = [Int?](repeating: nil, count: cost.rows)
        // Components over rows and columns (columns offset by the row count).
        var sets = DisjointSets(count: cost.rows + cost.columns)
        var finite: [(Int, Int)] = []
        for r in 0..<cost.rows {
            for c in 0..<cost.columns where cost[r, c].isFinite {
                finite.append((r, c))
                sets.union(r, cost.rows + c)
            }
        }
        var rowsOf: [Int: Set<Int>] = [:], columnsOf: [Int: Set<Int>] = [:]
        for (r, c) in finite {
            let k = sets.find(r)
            rowsOf[k, default: []].insert(r)
            columnsOf[k, default: []].insert(c)
        }
        for k in rowsOf.keys.sorted() {
            let part = (rows: rowsOf[k]!.sorted(), columns: columnsOf[k]!.sorted())
            var sub = Matrix(rows: part.rows.count, columns: part.columns.count, repeating: .infinity)
            for (i, r) in part.rows.enumerated() { for (j, c) in part.columns.enumerated() { sub[i, j] = cost[r, c] } }
            guard let a = try? JonkerVolgenant1987.solve(sub) else { continue }
            for (i, r) in part.rows.enumerated() { if let j = a.columnOfRow[i] { out[r] = part.columns[j] } }
        }
        return out
    }

    /// Number of passes among `members` (tracklets more than the pass separation apart).
    func passes(_ members: [Int], _ tracklets: [Tracklet]) -> Int {
        let starts = members.map { tracklets[$0].start! }.sorted()
        var count = 0
        var last: Instant?
        for s in starts {
            if let l = last, s.secondsSince(l) <= options.passSeparationSeconds { continue }
            count += 1
            last = s
        }
        return count
    }

    /// The initial orbit of one tracklet: IOD, then an SGP4 fit to that tracklet alone.
    func initialOrbit(_ t: Tracklet, network: [String: Sensor], model: MeasurementModel,
                      rotationCache: RotationCache) throws -> SGP4Fit {
        guard let sensor = network[t.sensorID] else {
            throw MaintenanceError(.unknownSensor, "sensor \(t.sensorID) is not in the network", tracklet: t.id)
        }
        let ms = t.measurements
        guard ms.count >= 3 else { throw MaintenanceError(.initialOrbit, "\(ms.count) measurements, IOD needs 3", tracklet: t.id) }
        let picks = [ms[0], ms[ms.count / 2], ms[ms.count - 1]]
        let looks = picks.compactMap { Correlator.observedGeometry($0, sensor: sensor, rotations: rotationCache.rotations(at: $0.epoch)) }
        guard looks.count == 3 else { throw MaintenanceError(.initialOrbit, "measurements lack angles", tracklet: t.id) }
        let t0 = picks[1].epoch
        let times = picks.map { $0.epoch.secondsSince(t0) }
        let r: SIMD3<Double>, v: SIMD3<Double>
        if let p1 = looks[0].positionKm, let p2 = looks[1].positionKm, let p3 = looks[2].positionKm {
            let hg = try HerrickGibbs.velocity(p1, p2, p3, t1: times[0], t2: times[1], t3: times[2],
                                               coplanarityToleranceRad: 5 * .pi / 180)
            r = p2; v = hg.velocityKmPerS
        } else {
            let g = try GaussAnglesOnly.solve(lineOfSight: looks.map(\.direction), timesSeconds: times,
                                              sitePositionsKm: looks.map(\.siteKm))
            r = g.positionKm; v = g.velocityKmPerS
        }
        let guess = try UncorrelatedTrackProcessor.meanElementsGuess(positionKm: r, velocityKmPerS: v, epoch: t0)
        var dc = correction
        dc.options.drag = .hold
        dc.options.editSigma = 6
        let obs = try ObservationSet(tracklets: [t], network: network, model: model, rotationCache: rotationCache,
                                     maximumPerTracklet: options.maximumMeasurementsPerTracklet)
        let fit = try dc.fit(prior: guess, observations: obs, epoch: t0)
        guard fit.weightedRMS <= options.maximumFitRMS else {
            throw MaintenanceError(.initialOrbit, String(format: "tracklet does not fit an orbit (weighted RMS %.1f)", fit.weightedRMS),
                                   tracklet: t.id)
        }
        return fit
    }

    /// Osculating classical elements of a TEME state taken as the first guess of SGP4 mean elements.
    static func meanElementsGuess(positionKm r: SIMD3<Double>, velocityKmPerS v: SIMD3<Double>, epoch: Instant) throws -> MeanElements {
        let coe = try ClassicalElements(positionKm: r, velocityKmPerS: v, mu: GravityModel.wgs72.muKm3PerS2)
        guard coe.eccentricity < 0.95, coe.semiMajorAxisKm > 6400 else {
            throw MaintenanceError(.initialOrbit, String(format: "IOD gives a non-orbit (a %.0f km, e %.3f)",
                                                        coe.semiMajorAxisKm, coe.eccentricity))
        }
        let e = coe.eccentricity
        let raan = coe.raanRad.isNaN ? 0 : coe.raanRad
        var argp = coe.argumentOfPerigeeRad
        var nu = coe.trueAnomalyRad
        if argp.isNaN || nu.isNaN {
            argp = 0
            nu = coe.argumentOfLatitudeRad.isNaN ? (coe.trueLongitudeRad.isNaN ? 0 : coe.trueLongitudeRad - raan) : coe.argumentOfLatitudeRad
        }
        let ecc = 2 * atan(((1 - e) / (1 + e)).squareRoot() * tan(nu / 2))
        let m = ecc - e * sin(ecc)
        let nRadPerS = (GravityModel.wgs72.muKm3PerS2 / pow(coe.semiMajorAxisKm, 3)).squareRoot()
        return MeanElements(epoch: epoch, meanMotionRadPerMin: nRadPerS * 60, eccentricity: max(e, 1e-5),
                            inclinationRad: coe.inclinationRad, raanRad: raan, argumentOfPerigeeRad: argp,
                            meanAnomalyRad: SGP4DifferentialCorrection.normalized(m), bstarPerEarthRadius: 0)
    }

    func joint(_ members: [Int], prior: MeanElements, of tracklets: [Tracklet], network: [String: Sensor],
               model: MeasurementModel, rotationCache: RotationCache, drag: SGP4DifferentialCorrection.DragMode) throws -> SGP4Fit {
        var dc = correction
        dc.options.drag = drag
        let obs = try ObservationSet(tracklets: members.map { tracklets[$0] }, network: network, model: model,
                                     rotationCache: rotationCache, maximumPerTracklet: options.maximumMeasurementsPerTracklet)
        return try dc.fit(prior: prior, observations: obs)
    }

    /// Squared Mahalanobis distance of the tracklet's middle position from the track's prediction,
    /// or nil when outside the gate (or angles-only, where the angle residual is used instead).
    func associationCost(_ track: Track, tracklet t: Tracklet, network: [String: Sensor], rotationCache: RotationCache) -> Double? {
        guard let sensor = network[t.sensorID] else { return nil }
        let m = t.measurements[t.measurements.count / 2]
        guard let look = Correlator.observedGeometry(m, sensor: sensor, rotations: rotationCache.rotations(at: m.epoch)),
              let sgp4 = track.sgp4, let st = try? sgp4.state(at: m.epoch) else { return nil }
        let pred = st.positionKm
        // Cheap plane test first.
        let h = FrameMath.cross(st.positionKm, st.velocityKmPerS)
        let hHat = h / (h * h).sum().squareRoot()
        let obsPoint = look.positionKm ?? (look.siteKm + (((pred - look.siteKm) * look.direction).sum()) * look.direction)
        if abs((obsPoint * hHat).sum()) > 300 { return nil }
        // Position covariance by finite differences of the fitted parameters.
        let base = SGP4DifferentialCorrection.equinoctial(track.fit.elements)
        let p = track.fit.covariance.rows
        var jac = [SIMD3<Double>](repeating: .zero, count: p)
        for c in 0..<p {
            var x = base
            let step = [1e-7 * base[0], 1e-6, 1e-6, 1e-6, 1e-6, 1e-6, max(abs(base[6]) * 0.05, 2e-6)][c]
            x[c] += step
            guard let el = UncorrelatedTrackProcessor.elements(x, template: track.fit.elements, solveDrag: p == 7),
                  let s = try? SGP4(el), let sp = try? s.state(at: m.epoch) else { return nil }
            jac[c] = (sp.positionKm - pred) / step
        }
        let floor = options.predictionFloorKm
        var cov = [[Double]](repeating: [0, 0, 0], count: 3)
        for a in 0..<3 { for b in 0..<3 {
            var s = 0.0
            for i in 0..<p { for j in 0..<p { s += jac[i][a] * track.fit.covariance[i, j] * jac[j][b] } }
            cov[a][b] = s + (a == b ? floor * floor : 0)
        } }
        var d = obsPoint - pred
        if look.positionKm == nil {
            // Angles only: remove the unmeasured line-of-sight component.
            d -= (d * look.direction).sum() * look.direction
            for a in 0..<3 { cov[a][a] += 1e6 * look.direction[a] * look.direction[a] }
        }
        let mat = Matrix(cov)
        guard let chol = CholeskyFactorization(mat) else { return nil }
        let x = chol.solve([d.x, d.y, d.z])
        let d2 = d.x * x[0] + d.y * x[1] + d.z * x[2]
        let gate = (try? ChiSquare.quantile(probability: options.gateProbability, degreesOfFreedom: 3)) ?? 21.1
        return d2 <= gate ? d2 : nil
    }

    static func elements(_ x: [Double], template: MeanElements, solveDrag: Bool) -> MeanElements? {
        let m = SGP4DifferentialCorrection.elements(x, template: template, solveDrag: solveDrag)
        return m.eccentricity < 0.98 && m.meanMotionRadPerMin > 0 ? m : nil
    }

    /// A loose screen before the association gate: mean motion within 3 %, inclination within 2°, node
    /// within 3° after J2 regression (single-tracklet orbits are rough; the gate decides).
    func roughlyCoplanar(_ a: MeanElements, _ b: MeanElements) -> Bool {
        guard abs(a.meanMotionRadPerMin - b.meanMotionRadPerMin) < 0.03 * a.meanMotionRadPerMin,
              abs(a.inclinationRad - b.inclinationRad) < 2 * .pi / 180 else { return false }
        if a.inclinationRad < 0.05 || a.inclinationRad > .pi - 0.05 { return true }   // node undefined near equatorial
        let bAtA = correction.advance(b, to: a.epoch)
        return abs(wrapPi(bAtA.raanRad - a.raanRad)) < 3 * .pi / 180
    }

    /// Whether two element sets share a plane and size (mean motion within 0.5 %, inclination within
    /// 0.2°, node within 0.5° after J2 regression to a common epoch): the cheap test before a joint fit.
    func samePlane(_ a: MeanElements, _ b: MeanElements) -> Bool {
        guard abs(a.meanMotionRadPerMin - b.meanMotionRadPerMin) < 0.005 * a.meanMotionRadPerMin,
              abs(a.inclinationRad - b.inclinationRad) < 0.2 * .pi / 180 else { return false }
        let bAtA = correction.advance(b, to: a.epoch)
        return abs(wrapPi(bAtA.raanRad - a.raanRad)) < 0.5 * .pi / 180
    }

    /// Whether two element sets describe one orbit: positions within `toleranceKm` at both epochs.
    func sameOrbit(_ a: MeanElements, _ b: MeanElements, toleranceKm: Double) -> Bool {
        guard let sa = try? SGP4(a), let sb = try? SGP4(b) else { return false }
        for t in [a.epoch, b.epoch] {
            guard let pa = try? sa.state(at: t), let pb = try? sb.state(at: t) else { return false }
            let d = pa.positionKm - pb.positionKm
            if (d * d).sum().squareRoot() > toleranceKm { return false }
        }
        return true
    }

    /// The known object a confirmed track is, if any:
    /// - a seen object whose orbit *as updated in this run* is within ``Options/updatedMatchKm`` of
    ///   the track at its epoch;
    /// - an unseen object of similar mean motion and inclination within
    ///   ``Options/duplicatePositionKm`` (old elements);
    /// - an unseen object that maneuvered (``maneuverExplains(track:object:)``).
    /// The nearest match wins; a maneuver match counts only when no position match exists.
    func duplicate(of elements: MeanElements, in catalog: [CatalogObject], excluding seen: Set<Int>,
                   updated: [Int: SGP4]) -> Int? {
        guard let mine = try? SGP4(elements), let st = try? mine.state(at: elements.epoch) else { return nil }
        var best: (Int, Double)?
        var maneuvered: (Int, Double)?
        for o in catalog {
            let e = o.sgp4.elements
            guard abs(e.meanMotionRadPerMin - elements.meanMotionRadPerMin) < 0.02 * elements.meanMotionRadPerMin,
                  abs(e.inclinationRad - elements.inclinationRad) < 0.02 else { continue }
            let propagator: SGP4
            let tolerance: Double
            if seen.contains(o.catalogNumber) {
                guard let u = updated[o.catalogNumber] else { continue }
                propagator = u
                tolerance = options.updatedMatchKm
            } else {
                propagator = o.sgp4
                tolerance = options.duplicatePositionKm
            }
            guard let s = try? propagator.state(at: elements.epoch) else { continue }
            let d = s.positionKm - st.positionKm
            let dist = (d * d).sum().squareRoot()
            if dist < tolerance, best == nil || dist < best!.1 { best = (o.catalogNumber, dist) }
            if !seen.contains(o.catalogNumber), dist >= tolerance,
               let dv = maneuverExplains(track: (elements, st), object: (e, s)),
               maneuvered == nil || dv < maneuvered!.1 {
                maneuvered = (o.catalogNumber, dv)
            }
        }
        return best?.0 ?? maneuvered?.0
    }

    /// Whether one burn between the object's epoch and the track's explains the track: the orbit
    /// normals within ``Options/maneuverMatchPlaneDeg``, the mean motion changed by at most
    /// ``Options/maneuverMatchMeanMotionFraction``, and the along-track offset consistent with
    /// that change. After a burn at time t_b the object runs ahead of its old elements by
    /// Δu = Δn·(t − t_b), so the offset at the track's epoch must lie between 0 and Δn·(t − t₀)
    /// (t₀ the element set's epoch), within a slack for the old set's own error (at least
    /// ``Options/duplicatePositionKm``; ``Options/staleSlackSigma`` σ along-track at its age). A different object of the same plane and size does not pass: its offset
    /// is unrelated to the mean-motion difference. Returns the burn's Δv estimate (km/s).
    func maneuverExplains(track: (elements: MeanElements, state: State<TEME>), object: (elements: MeanElements, state: State<TEME>)) -> Double? {
        let nT = track.elements.meanMotionRadPerMin, nO = object.elements.meanMotionRadPerMin
        let dn = nT - nO
        guard abs(dn) <= options.maneuverMatchMeanMotionFraction * nO else { return nil }
        // Planes from the mean elements at the track's epoch (osculating normals carry J2
        // short-period terms that differ between two points of one orbit).
        func normal(_ m: MeanElements) -> SIMD3<Double> {
            SIMD3(sin(m.inclinationRad) * sin(m.raanRad), -sin(m.inclinationRad) * cos(m.raanRad), cos(m.inclinationRad))
        }
        let cosPlane = FrameMath.dot(normal(track.elements), normal(correction.advance(object.elements, to: track.elements.epoch)))
        guard cosPlane >= cos(options.maneuverMatchPlaneDeg * .pi / 180) else { return nil }
        // Signed along-track angle of the track ahead of the object, about the object's normal.
        let rO = object.state.positionKm
        let du = angleAheadRad(from: rO, to: track.state.positionKm, normal: FrameMath.cross(rO, object.state.velocityKmPerS))
        let ageMinutes = track.elements.epoch.secondsSince(object.elements.epoch) / 60
        guard ageMinutes > 0 else { return nil }
        let reach = dn * ageMinutes
        let sigmaAlongKm = options.catalogUncertainty.sigmasKm(ageDays: ageMinutes / 1440).y
        let slack = min(.pi, max(options.duplicatePositionKm, options.staleSlackSigma * sigmaAlongKm) / FrameMath.norm(rO))
        guard du >= min(0, reach) - slack, du <= max(0, reach) + slack else { return nil }
        // Δv of a tangential burn: Δa/a = −(2/3)Δn/n and Δv ≈ (v/2)·Δa/a.
        let v = FrameMath.norm(object.state.velocityKmPerS)
        let planeChange = acos(min(1, cosPlane)) * v
        let inPlane = v / 3 * abs(dn) / nO
        return (inPlane * inPlane + planeChange * planeChange).squareRoot()
    }
}
