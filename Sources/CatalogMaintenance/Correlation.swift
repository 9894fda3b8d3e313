import Foundation
import Astrodynamics
import Estimation
import Sensors

/// How uncertain a catalog element set is as it ages: 1-σ position errors in the radial,
/// along-track and cross-track directions as functions of the time since its epoch. Along-track
/// error grows fastest (mean-motion and drag errors integrate into a quadratic drift); the
/// defaults are deliberately generous for public GP element sets (a few km at epoch, ~10 km
/// after a day, ~40 km after three days), so a day-old catalog still correlates.
public struct CatalogUncertainty: Sendable, Hashable {
    public var radialKm = 0.5
    public var radialKmPerDay = 0.5
    public var crossTrackKm = 0.5
    public var crossTrackKmPerDay = 0.5
    public var alongTrackKm = 2.0
    public var alongTrackKmPerDay = 5.0
    public var alongTrackKmPerDay2 = 3.0
    /// 1-σ range-rate error, km/s, and its growth per day (the part an along-track error causes
    /// through the changing line of sight is added by the correlator from the geometry).
    public var rangeRateKmPerS = 0.002
    public var rangeRateKmPerSPerDay = 0.002
    public init() {}

    /// 1-σ (radial, along-track, cross-track) position error, km, `ageDays` from epoch.
    public func sigmasKm(ageDays: Double) -> SIMD3<Double> {
        let t = abs(ageDays)
        return SIMD3(radialKm + radialKmPerDay * t,
                     alongTrackKm + alongTrackKmPerDay * t + alongTrackKmPerDay2 * t * t,
                     crossTrackKm + crossTrackKmPerDay * t)
    }
}

/// One catalog object as correlation sees it.
public struct CatalogObject: Sendable {
    public let catalogNumber: Int
    public let sgp4: SGP4
    public init(catalogNumber: Int, sgp4: SGP4) {
        self.catalogNumber = catalogNumber
        self.sgp4 = sgp4
    }
}

/// The normalized miss of a tracklet against one object's prediction.
public struct TrackletMiss: Sendable, Hashable {
    public let catalogNumber: Int
    /// Squared Mahalanobis distance of the tracklet's mean residual (position RTN + range rate for
    /// radars; right ascension/declination for optical) with measurement noise and catalog
    /// uncertainty combined.
    public let chiSquare: Double
    public let degreesOfFreedom: Int
    /// Mean position miss (observed − predicted) in the object's radial/along/cross frame, km
    /// (radars only; zero for optical).
    public let missRTNKm: SIMD3<Double>
    /// Mean angular miss for optical tracklets, radians.
    public let missAngleRad: Double
}

/// Tracklet-to-object correlation: a coarse spatial prefilter, then a gate on normalized
/// residuals, then assignment.
///
/// 1. Prefilter: tracklets are binned by the epoch of their middle measurement
///    (``Options/binSeconds``). Per bin every object is propagated once to the bin centre and
///    extrapolated linearly to each tracklet's reference epoch; only objects within
///    ``Options/prefilterRadiusKm`` (plus 5 σ of the object's along-track uncertainty) of the
///    tracklet's measured position (radar) or line of sight (optical) go on. Cost:
///    bins × objects SGP4 calls plus tracklets × objects distance checks — never tracklets ×
///    objects full residuals.
/// 2. Gate: the mean residual over the tracklet (at most ``Options/gateMeasurements`` of its
///    measurements; radar: position in the object's RTN frame and range rate, 4 dof; optical:
///    RA/Dec, 2 dof) is normalized by measurement noise/√n and the
///    object's ``CatalogUncertainty`` at its age; pairs with χ² above the
///    ``Options/gateProbability`` quantile are rejected.
/// 3. Assignment: tracklets of one sensor whose time spans overlap and that share a gated
///    candidate are linked; each connected group is a cluster. With the gated χ² as cost, the
///    cluster's tracklets are assigned to distinct objects by
///    ``JonkerVolgenant1987``. A tracklet with a second gated candidate within
///    ``Options/ambiguityMargin`` of its best is reported as ambiguous.
public struct Correlator: Sendable {
    public struct Options: Sendable, Hashable {
        public var binSeconds = 60.0
        public var prefilterRadiusKm = 100.0
        /// Upper bound of the prefilter radius, km (old element sets would otherwise make it span the orbit).
        public var maximumPrefilterRadiusKm = 500.0
        /// Gate probability: χ² quantile with the pair's degrees of freedom.
        public var gateProbability = 0.9999
        /// Two gated candidates whose χ² differ by less than this are reported as ambiguous.
        public var ambiguityMargin = 9.0
        /// A tracklet whose cross-track and radial misses are within this many σ of an object while
        /// its along-track miss (or total χ²) is outside the gate is a possible maneuver of that object.
        public var maneuverPlaneSigma = 5.0
        /// Search radius for maneuver candidates, km.
        public var maneuverSearchRadiusKm = 500.0
        /// A long tracklet enters the gate through this many evenly spaced measurements (first and
        /// last kept): the gate is dominated by the catalog's uncertainty, which more measurements
        /// of one pass do not reduce, while each costs an SGP4 evaluation per candidate.
        public var gateMeasurements = 8
        public var uncertainty = CatalogUncertainty()
        public init() {}
    }

    /// The correlation of a batch of tracklets.
    public struct Result: Sendable {
        /// Tracklet index → assigned object's catalog number.
        public var assignment: [Int: Int]
        /// Per tracklet, the gated candidates (best first).
        public var candidates: [[TrackletMiss]]
        /// Tracklets that had more than one gated candidate within the ambiguity margin.
        public var ambiguous: [Int]
        /// Uncorrelated tracklets that lie in some object's plane far off its predicted position.
        public var maneuverCandidates: [Int: TrackletMiss]
        /// Number of (tracklet, object) pairs that reached the full residual test.
        public var pairsTested: Int
    }

    public var options: Options
    public let model: MeasurementModel
    public init(options: Options = Options(), model: MeasurementModel) {
        self.options = options
        self.model = model
    }

    /// Correlates `tracklets` (measured by `network`) against `objects`.
    public func correlate(_ tracklets: [Tracklet], objects: [CatalogObject], network: [String: Sensor],
                          rotationCache: RotationCache) -> Result {
        var candidates = [[TrackletMiss]](repeating: [], count: tracklets.count)
        var maneuver: [Int: TrackletMiss] = [:]
        var pairs = 0
        // Bin tracklets by reference (middle) epoch.
        var bins: [Int64: [Int]] = [:]
        let origin = Instant(taiSecondsSince2000: 0)
        for (i, t) in tracklets.enumerated() where !t.measurements.isEmpty && network[t.sensorID] != nil {
            let ref = t.measurements[t.measurements.count / 2].epoch
            let key = Int64((ref.secondsSince(origin) / options.binSeconds).rounded(.down))
            bins[key, default: []].append(i)
        }
        let keys = bins.keys.sorted()
        let gates = (0...4).map { $0 == 0 ? 0 : Correlator.gate(dof: $0, probability: options.gateProbability) }
        let binList = keys.map { bins[$0]! }
        let perBin = parallelMap(keys.count) { b -> ([(Int, [TrackletMiss])], [(Int, TrackletMiss)], Int) in
            var localCandidates: [(Int, [TrackletMiss])] = []
            var localManeuver: [(Int, TrackletMiss)] = []
            var localPairs = 0
            var positions = [SIMD3<Double>](repeating: .zero, count: objects.count)
            var velocities = [SIMD3<Double>](repeating: .zero, count: objects.count)
            var valid = [Bool](repeating: false, count: objects.count)
            do {
                let key = keys[b]
                let centre = origin.advanced(bySeconds: (Double(key) + 0.5) * options.binSeconds)
                for (k, o) in objects.enumerated() {
                    if let s = try? o.sgp4.state(at: centre) {
                        positions[k] = s.positionKm; velocities[k] = s.velocityKmPerS; valid[k] = true
                    } else { valid[k] = false }
                }
                // A uniform grid over the bin-centre positions: a radar tracklet's candidates are
                // the objects in its cell and the 26 around it, not the whole catalog. A cell spans the
                // largest search radius plus how far an object moves in half a bin, so every object
                // whose extrapolated position is within the radius lies in those 27 cells.
                let searchKm = max(options.maximumPrefilterRadiusKm, options.maneuverSearchRadiusKm)
                let grid = PositionGrid(positions: positions, valid: valid,
                                        cellKm: searchKm + Correlator.maximumSpeedKmPerS * options.binSeconds / 2)
                var nearby: [Int] = []
                nearby.reserveCapacity(512)
                for ti in binList[b] {
                    let t = tracklets[ti]
                    let sensor = network[t.sensorID]!
                    let ref = t.measurements[t.measurements.count / 2]
                    let rot = rotationCache.rotations(at: ref.epoch)
                    guard let look = Correlator.observedGeometry(ref, sensor: sensor, rotations: rot) else { continue }
                    let dt = ref.epoch.secondsSince(centre)
                    var found: [TrackletMiss] = []
                    var nearMiss: TrackletMiss?
                    if let pos = look.positionKm {
                        grid.neighbours(of: pos, into: &nearby)
                    } else {
                        nearby = objects.indices.filter { valid[$0] }   // angles only: no range to search around
                    }
                    for k in nearby {
                        let p = positions[k] + velocities[k] * dt
                        let dist: Double
                        if let pos = look.positionKm {
                            let d = p - pos
                            dist = (d * d).sum().squareRoot()
                        } else {
                            let d = p - look.siteKm
                            let along = (d * look.direction).sum()
                            if along <= 0 { continue }
                            let perp = d - along * look.direction
                            dist = (perp * perp).sum().squareRoot()
                        }
                        let age = ref.epoch.secondsSince(objects[k].sgp4.epoch) / 86_400
                        let sig = options.uncertainty.sigmasKm(ageDays: age)
                        let radius = min(options.prefilterRadiusKm + 5 * sig.y, options.maximumPrefilterRadiusKm)
                        if dist > max(radius, options.maneuverSearchRadiusKm) { continue }
                        guard let miss = self.miss(t, sensor: sensor, object: objects[k], rotationCache: rotationCache,
                                                   ageDays: age, quick: dist > radius) else { continue }
                        if dist <= radius { localPairs += 1 }
                        if miss.chiSquare.isFinite && miss.chiSquare <= gates[min(miss.degreesOfFreedom, 4)] {
                            found.append(miss)
                        } else if look.positionKm != nil {
                            let s = miss.missRTNKm
                            if abs(s.x) <= options.maneuverPlaneSigma * (sig.x + 1) && abs(s.z) <= options.maneuverPlaneSigma * (sig.z + 1),
                               nearMiss == nil || abs(s.y) < abs(nearMiss!.missRTNKm.y) {
                                nearMiss = miss
                            }
                        }
                    }
                    found.sort { $0.chiSquare < $1.chiSquare }
                    localCandidates.append((ti, found))
                    if found.isEmpty, let m = nearMiss { localManeuver.append((ti, m)) }
                }
            }
            return (localCandidates, localManeuver, localPairs)
        }
        for (c, m, p) in perBin {
            for (i, x) in c { candidates[i] = x }
            for (i, x) in m { maneuver[i] = x }
            pairs += p
        }
        // Assignment in clusters of one sensor's time-overlapping tracklets.
        var assignment: [Int: Int] = [:]
        var ambiguous: [Int] = []
        var bySensor: [String: [Int]] = [:]
        for i in tracklets.indices where !candidates[i].isEmpty { bySensor[tracklets[i].sensorID, default: []].append(i) }
        // Conflict graph: two tracklets of one sensor conflict when their time spans overlap and
        // they share a gated candidate (one object cannot be in two places for one sensor at once).
        // Its connected components (union–find) are the assignment clusters; most have one member.
        var components = DisjointSets(count: tracklets.count)
        for (_, list) in bySensor {
            let sorted = list.sorted { tracklets[$0].start! < tracklets[$1].start! }
            var active: [Int] = []
            for i in sorted {
                let t = tracklets[i]
                active.removeAll { tracklets[$0].end! < t.start! }
                let mine = Set(candidates[i].map(\.catalogNumber))
                for j in active where candidates[j].contains(where: { mine.contains($0.catalogNumber) }) {
                    components.union(i, j)
                }
                active.append(i)
            }
        }
        var clusters: [Int: [Int]] = [:]
        for (_, list) in bySensor { for i in list { clusters[components.find(i), default: []].append(i) } }
        for (_, cluster) in clusters.sorted(by: { $0.key < $1.key }) {
            assign(cluster, candidates: candidates, into: &assignment, ambiguous: &ambiguous)
        }
        return Result(assignment: assignment, candidates: candidates, ambiguous: ambiguous.sorted(),
                      maneuverCandidates: maneuver, pairsTested: pairs)
    }

    private func assign(_ cluster: [Int], candidates: [[TrackletMiss]], into assignment: inout [Int: Int], ambiguous: inout [Int]) {
        for i in cluster {
            let c = candidates[i]
            if c.count > 1 && c[1].chiSquare - c[0].chiSquare < options.ambiguityMargin { ambiguous.append(i) }
        }
        if cluster.count == 1 {
            assignment[cluster[0]] = candidates[cluster[0]][0].catalogNumber
            return
        }
        var objects: [Int] = []
        var column: [Int: Int] = [:]
        for i in cluster { for m in candidates[i] where column[m.catalogNumber] == nil {
            column[m.catalogNumber] = objects.count
            objects.append(m.catalogNumber)
        } }
        var cost = [[Double]](repeating: [Double](repeating: .infinity, count: objects.count), count: cluster.count)
        for (r, i) in cluster.enumerated() { for m in candidates[i] { cost[r][column[m.catalogNumber]!] = m.chiSquare } }
        guard let solution = try? JonkerVolgenant1987.solve(Matrix(cost)) else { return }
        for (r, i) in cluster.enumerated() { if let c = solution.columnOfRow[r] { assignment[i] = objects[c] } }
    }

    /// The measured position (radar with range) or line of sight (angles only) of one measurement, TEME.
    struct Look { var positionKm: SIMD3<Double>?; var siteKm: SIMD3<Double>; var direction: SIMD3<Double> }

    static func observedGeometry(_ m: Sensors.Measurement, sensor: Sensor, rotations: TEMERotations) -> Look? {
        let toPEF = rotations.pefToITRF.transposed
        let toTEME = rotations.temeToPEF.transposed
        let siteTEME = toTEME * (toPEF * sensor.site.itrfPositionKm)
        if let az = m.azimuthRad, let el = m.elevationRad {
            let enu = SIMD3(cos(el) * sin(az), cos(el) * cos(az), sin(el))
            let dirITRF = sensor.site.enuFromITRF.transposed * enu
            let dir = toTEME * (toPEF * dirITRF)
            let pos = m.rangeKm.map { siteTEME + $0 * dir }
            return Look(positionKm: pos, siteKm: siteTEME, direction: dir)
        }
        if let ra = m.rightAscensionRad, let dec = m.declinationRad {
            let gcrf = SIMD3(cos(dec) * cos(ra), cos(dec) * sin(ra), sin(dec))
            let dir = rotations.temeToGCRF.transposed * gcrf
            return Look(positionKm: nil, siteKm: siteTEME, direction: dir)
        }
        return nil
    }

    /// The normalized mean miss of tracklet `t` against `object` (nil if it cannot be computed).
    /// `quick` uses only the middle measurement (for maneuver screening outside the prefilter radius);
    /// otherwise at most ``Options/gateMeasurements`` of them.
    public func miss(_ t: Tracklet, sensor: Sensor, object: CatalogObject, rotationCache: RotationCache,
              ageDays: Double, quick: Bool = false) -> TrackletMiss? {
        let sig = options.uncertainty.sigmasKm(ageDays: ageDays)
        let all = t.measurements
        let picks = quick ? 1 : min(all.count, max(options.gateMeasurements, 1))
        var sumRTN = SIMD3<Double>.zero
        var sumRR = 0.0, nRR = 0, sumRRSensitivity = 0.0
        var sumRA = 0.0, sumDec = 0.0, nAng = 0
        var n = 0
        var rangeSum = 0.0
        for q in 0..<picks {
            let m = all[picks == 1 ? all.count / 2 : Int((Double(q) * Double(all.count - 1) / Double(picks - 1)).rounded())]
            guard let st = try? object.sgp4.state(at: m.epoch) else { return nil }
            let rot = rotationCache.rotations(at: m.epoch)
            if m.rangeKm != nil, let look = Correlator.observedGeometry(m, sensor: sensor, rotations: rot), let pos = look.positionKm {
                let r = st.positionKm, v = st.velocityKmPerS
                let rHat = r / (r * r).sum().squareRoot()
                let h = FrameMath.cross(r, v)
                let cHat = h / (h * h).sum().squareRoot()
                let tHat = FrameMath.cross(cHat, rHat)
                let d = pos - r
                sumRTN += SIMD3((d * rHat).sum(), (d * tHat).sum(), (d * cHat).sum())
                rangeSum += m.rangeKm!
                n += 1
                if let rr = m.rangeRateKmPerS {
                    let topo = model.topocentric(positionKm: r, velocityKmPerS: v, from: sensor.site, rotations: rot)
                    sumRR += rr - topo.rangeRateKmPerS
                    nRR += 1
                    // Range rate moves with an along-track error: d(ρ̇)/dδ_T = (v·t̂ − ρ̇ (ρ̂·t̂)) / ρ.
                    let rho = pos - look.siteKm
                    let rhoMag = (rho * rho).sum().squareRoot()
                    let rhoHat = rho / rhoMag
                    sumRRSensitivity += abs(((v * tHat).sum() - topo.rangeRateKmPerS * (rhoHat * tHat).sum()) / rhoMag)
                }
            } else if let ra = m.rightAscensionRad, let dec = m.declinationRad {
                let p = model.rightAscensionDeclination(positionKm: st.positionKm, from: sensor.site, rotations: rot)
                sumRA += wrapPi(ra - p.rightAscensionRad) * cos(dec)
                sumDec += dec - p.declinationRad
                let d = st.positionKm - Correlator.observedGeometry(m, sensor: sensor, rotations: rot)!.siteKm
                rangeSum += (d * d).sum().squareRoot()
                nAng += 1
            }
        }
        if n > 0 {
            let mean = sumRTN / Double(n)
            let range = rangeSum / Double(n)
            let measSigma = max(sensor.noise.rangeKm, range * sensor.noise.angleRad, 0.001)
            let meas2 = measSigma * measSigma / Double(n)
            let varRTN = sig * sig + SIMD3(repeating: meas2)
            var chi = (mean * mean / varRTN).sum()
            var dof = 3
            if nRR > 0 {
                let rrBase = options.uncertainty.rangeRateKmPerS + options.uncertainty.rangeRateKmPerSPerDay * abs(ageDays)
                let rrAlong = sumRRSensitivity / Double(nRR) * sig.y
                let rrSigCat = (rrBase * rrBase + rrAlong * rrAlong).squareRoot()
                let rrNoise = max(sensor.noise.rangeRateKmPerS, 1e-4)
                let meanRR = sumRR / Double(nRR)
                chi += meanRR * meanRR / (rrSigCat * rrSigCat + rrNoise * rrNoise / Double(nRR))
                dof = 4
            }
            return TrackletMiss(catalogNumber: object.catalogNumber, chiSquare: chi, degreesOfFreedom: dof,
                                missRTNKm: mean, missAngleRad: 0)
        }
        if nAng > 0 {
            let range = rangeSum / Double(nAng)
            let catAngle = max(sig.y, sig.z) / range
            let noise = max(sensor.noise.angleRad, 1e-7)
            let v = catAngle * catAngle + noise * noise / Double(nAng)
            let a = sumRA / Double(nAng), d = sumDec / Double(nAng)
            return TrackletMiss(catalogNumber: object.catalogNumber, chiSquare: (a * a + d * d) / v, degreesOfFreedom: 2,
                                missRTNKm: .zero, missAngleRad: (a * a + d * d).squareRoot())
        }
        return nil
    }

    /// An upper bound on the speed of an Earth-orbiting object in the catalog, km/s (perigee of a
    /// highly eccentric orbit at 100 km altitude is below 11 km/s).
    static let maximumSpeedKmPerS = 11.0

    /// χ² gate for `dof` degrees of freedom at `probability` (``ChiSquare/quantile(probability:degreesOfFreedom:)``).
    static func gate(dof: Int, probability: Double) -> Double {
        (try? ChiSquare.quantile(probability: probability, degreesOfFreedom: dof)) ?? .infinity
    }
}

