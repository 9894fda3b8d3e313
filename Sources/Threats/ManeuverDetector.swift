import Astrodynamics
import Foundation
import SpaceData

/// Maneuver detection on element-set histories, per object, with robust statistics.
///
/// For each object the time-ordered history (duplicate epochs removed) becomes channel series with
/// natural motion removed:
/// - **a**: semi-major axis from Kozai mean motion, a = (μ/n²)^⅓, minus the cumulative drag change the
///   sets' own ṅ predicts (Δa = −⅔·a·Δn/n, Δn = ṅ·Δt; the Kepler relation a ∝ n^(−2/3));
/// - outside GEO, **i** and **Ω·sin i**, the node after removing the J2 secular rate
///   Ω̇ = −(3/2)·n·J2·(R/p)²·cos i (Vallado 2013 Eq. 9-41);
/// - in GEO, the **inclination vector** i·(cos Ω, sin Ω) and the **eccentricity vector**
///   e·(cos ϖ, sin ϖ), ϖ = Ω + ω (their slow lunisolar and radiation-pressure motion is left to the trend).
///
/// Each series then loses its own robust local trend (Theil–Sen line over the history), and its noise
/// σ is the MAD scale of consecutive differences / √2 (so steps and outliers barely move it; for
/// orbit-determination histories whose sets carry their fit covariance, the median fit σ is a floor
/// under it, ``fitNoiseFloor(_:)``). At each
/// boundary between sets k and k+1 the step is median(after) − median(before) over up to
/// ``ManeuverDetectorConfiguration/setsEachSide`` sets, normalized by its standard deviation
/// σ·√(v(n_before) + v(n_after)) (v: variance factor of a median). A boundary whose |z| on any channel
/// passes the threshold for the configured false-alarm probability is a candidate (the standard
/// deviation is raised to the robust spread of the object's own steps over all boundaries where that is
/// larger: heavy-tailed element-set noise then raises the bar for that object only); adjacent candidates
/// form one event, located at the boundary with the largest single-pair jump, widened over neighbours
/// whose jumps have the same sign and at least half its size (a ramp of several pairs, as
/// low-thrust raising gives, becomes one window over them).
///
/// Δv from the steps, Gauss variational equations for near-circular orbits (Vallado 2013, Fundamentals of Astrodynamics and Applications, 4th ed., ch. 9, Gauss's form of the variational equations;
/// Montenbruck & Gill 2000, Satellite Orbits): T = v·Δa/(2a); N = v·Δθ (plane rotation from Δi and sin i·ΔΩ, or the
/// inclination vector); in GEO the eccentricity-vector step not explained by T (|Δe| = 2T/v) is radial,
/// R = v·|Δe|. Only channels with |z| ≥ ``ManeuverDetectorConfiguration/componentSignificance`` count.
public struct ManeuverDetector: Sendable {
    /// The thresholds and models.
    public let configuration: ManeuverDetectorConfiguration

    /// A detector; throws ``ThreatsError`` (`badConfiguration`) for out-of-range settings.
    public init(configuration: ManeuverDetectorConfiguration = ManeuverDetectorConfiguration()) throws {
        try configuration.validate()
        self.configuration = configuration
    }

    /// Detections in many objects' sets (any order, any mix of objects). Objects with bad elements are
    /// skipped and listed in ``ManeuverDetectionReport/rejected``.
    public func detect(sets: [ElementSet]) -> ManeuverDetectionReport {
        let byObject = Dictionary(grouping: sets, by: \.noradCatalogNumber)
        var report = ManeuverDetectionReport(detections: [], objectsTested: 0, objectsTooShort: 0, duplicatesRemoved: 0, rejected: [])
        for id in byObject.keys.sorted() {
            do {
                let history = deduplicated(byObject[id]!)
                report.duplicatesRemoved += byObject[id]!.count - history.count
                if history.count < 2 * configuration.minimumSetsEachSide { report.objectsTooShort += 1; continue }
                report.objectsTested += 1
                report.detections += try detectSorted(history)
            } catch let error as ThreatsError {
                report.rejected.append(error)
            } catch {
                report.rejected.append(ThreatsError(.badElements, "\(error)", field: "NORAD \(id)"))
            }
        }
        return report
    }

    /// Detections in one object's history (any order; duplicate epochs are removed). Throws
    /// ``ThreatsError`` `mixedObjects` if the sets are of several objects, `badElements` for
    /// non-orbits. Fewer than 2 × ``ManeuverDetectorConfiguration/minimumSetsEachSide`` distinct
    /// epochs give no detection.
    public func detect(history: [ElementSet]) throws -> [ManeuverDetection] {
        guard let first = history.first else { return [] }
        if let other = history.first(where: { $0.noradCatalogNumber != first.noradCatalogNumber }) {
            throw ThreatsError(.mixedObjects, "one history must hold one object", field: "NORAD_CAT_ID",
                               value: "\(first.noradCatalogNumber) and \(other.noradCatalogNumber)")
        }
        return try detectSorted(deduplicated(history))
    }

    /// Sorted by epoch, keeping the first set read of each epoch.
    func deduplicated(_ sets: [ElementSet]) -> [ElementSet] {
        let ordered = sets.enumerated().sorted { a, b in
            a.element.epoch != b.element.epoch ? a.element.epoch < b.element.epoch : a.offset < b.offset
        }.map(\.element)
        var out: [ElementSet] = []
        for set in ordered {
            if let last = out.last, abs(set.epoch.secondsSince(last.epoch)) < configuration.duplicateEpochToleranceSeconds { continue }
            out.append(set)
        }
        return out
    }

    // MARK: the detector

    /// One residual series with its noise scale and the step statistics at every boundary.
    struct Channel {
        var name: String
        var values: [Double]
        var sigma: Double
        var step: [Double]   // per boundary, .nan when untested
        var z: [Double]      // per boundary, 0 when untested
        var jump: [Double]   // single-pair difference / σ per boundary
    }

    func detectSorted(_ h: [ElementSet]) throws -> [ManeuverDetection] {
        let g = configuration.gravity
        for set in h {
            guard set.meanMotionRevPerDay > 0, set.meanMotionRevPerDay.isFinite,
                  set.eccentricity >= 0, set.eccentricity < 1,
                  set.inclinationDeg.isFinite, set.raanDeg.isFinite, set.argumentOfPericenterDeg.isFinite else {
                throw ThreatsError(.badElements, "element set at \(set.epoch.iso8601UTC(fractionDigits: 3)) is not an Earth orbit",
                                   field: "NORAD \(set.noradCatalogNumber)",
                                   value: "n=\(set.meanMotionRevPerDay) rev/day e=\(set.eccentricity)")
            }
        }
        let m = h.count
        guard m >= 2 * configuration.minimumSetsEachSide else { return [] }
        let mid = h[m / 2]
        let regime = OrbitRegime(meanMotionRevPerDay: mid.meanMotionRevPerDay, eccentricity: mid.eccentricity)
        // Inclination- and eccentricity-vector channels wherever the node is ill-defined or the orbit geosynchronous.
        let isGEO = regime == .geo || (mid.meanMotionRevPerDay > 0.9 && mid.meanMotionRevPerDay < 1.1 && mid.eccentricity < 0.05)
            || RobustStatistics.median(h.map(\.inclinationDeg)) < 1
        let t0 = h[0].epoch
        let tDays = h.map { $0.epoch.secondsSince(t0) / 86_400 }
        let radPerDay = 2 * Double.pi
        let nRadPerS = h.map { $0.meanMotionRevPerDay * radPerDay / 86_400 }
        let a = nRadPerS.map { pow(g.muKm3PerS2 / ($0 * $0), 1.0 / 3.0) }
        let inc = h.map { $0.inclinationDeg * .pi / 180 }
        let raan = h.map { $0.raanDeg * .pi / 180 }
        let argp = h.map { $0.argumentOfPericenterDeg * .pi / 180 }
        let ecc = h.map(\.eccentricity)

        // Natural motion, accumulated pair by pair with the average of the two sets' rates.
        var aNatural = [Double](repeating: 0, count: m)
        var raanNatural = [Double](repeating: 0, count: m)
        var raanUnwrapped = raan
        for k in 1..<m {
            let dtDays = tDays[k] - tDays[k - 1]
            // ṅ (rev/day²) is twice the TLE's MEAN_MOTION_DOT field.
            let nDot = h[k].meanMotionDot + h[k - 1].meanMotionDot   // mean of 2·field₁ and 2·field₂, rev/day²
            let dn = nDot * dtDays                                            // rev/day
            let nMean = 0.5 * (h[k].meanMotionRevPerDay + h[k - 1].meanMotionRevPerDay)
            let aMean = 0.5 * (a[k] + a[k - 1])
            aNatural[k] = aNatural[k - 1] - 2.0 / 3.0 * aMean * dn / nMean
            let rate = 0.5 * (nodeRate(nRadPerS[k], a[k], ecc[k], inc[k]) + nodeRate(nRadPerS[k - 1], a[k - 1], ecc[k - 1], inc[k - 1]))
            raanNatural[k] = raanNatural[k - 1] + rate * dtDays * 86_400
            var d = raan[k] - raan[k - 1]
            d = atan2(sin(d), cos(d))
            raanUnwrapped[k] = raanUnwrapped[k - 1] + d
        }

        var channels: [Channel] = []
        // Orbit-determination fits that carry their covariance (``ElementSet/fitUncertainty``): the
        // median fit σ of the history is a floor under the MAD scale (see ``fitNoiseFloor``).
        let fitNoise = fitNoiseFloor(h)
        func add(_ name: String, _ values: [Double], floor: Double) {
            let fit = RobustStatistics.theilSen(times: tDays, values: values, maxLag: 3)
            let r = zip(tDays, values).map { $1 - (fit.intercept + fit.slope * $0) }
            let diffs = (1..<m).map { r[$0] - r[$0 - 1] }
            let sigma = max(floor, fitNoise[name] ?? 0, RobustStatistics.madScale(diffs) / 2.0.squareRoot())
            channels.append(Channel(name: name, values: r, sigma: sigma, step: [], z: [], jump: []))
        }
        add("a", (0..<m).map { a[$0] - aNatural[$0] }, floor: configuration.semiMajorAxisFloorKm)
        if isGEO {
            add("ix", (0..<m).map { inc[$0] * cos(raan[$0]) }, floor: configuration.angleFloorRad)
            add("iy", (0..<m).map { inc[$0] * sin(raan[$0]) }, floor: configuration.angleFloorRad)
            add("ex", (0..<m).map { ecc[$0] * cos(raan[$0] + argp[$0]) }, floor: configuration.eccentricityFloor)
            add("ey", (0..<m).map { ecc[$0] * sin(raan[$0] + argp[$0]) }, floor: configuration.eccentricityFloor)
        } else {
            add("i", inc, floor: configuration.angleFloorRad)
            let sinI = sin(RobustStatistics.median(inc))
            add("node", (0..<m).map { (raanUnwrapped[$0] - raanNatural[$0]) * sinI }, floor: configuration.angleFloorRad)
        }

        // Step statistics at every boundary k (between sets k and k+1).
        let w = configuration.setsEachSide, wMin = configuration.minimumSetsEachSide
        for c in channels.indices {
            var step = [Double](repeating: .nan, count: m - 1)
            var z = [Double](repeating: 0, count: m - 1)
            var jump = [Double](repeating: 0, count: m - 1)
            let r = channels[c].values, sigma = channels[c].sigma
            for k in 0..<(m - 1) {
                jump[k] = (r[k + 1] - r[k]) / sigma
                let before = Array(r[max(0, k - w + 1)...k])
                let after = Array(r[(k + 1)...min(m - 1, k + w)])
                guard before.count >= wMin, after.count >= wMin else { continue }
                let s = RobustStatistics.median(after) - RobustStatistics.median(before)
                step[k] = s
                z[k] = s / (sigma * (RobustStatistics.medianVarianceFactor(before.count) + RobustStatistics.medianVarianceFactor(after.count)).squareRoot())
            }
            // Heavy tails: where the object's own steps scatter more than the Gaussian model says (two bad
            // sets in one window), their robust spread over all boundaries sets the scale instead.
            let tested = step.filter { !$0.isNaN }
            let empirical = tested.count >= 5 ? RobustStatistics.madScale(tested) : 0
            for k in 0..<(m - 1) where !step[k].isNaN {
                let model = step[k] / z[k]
                if empirical > model { z[k] = step[k] / empirical }
            }
            channels[c].step = step
            channels[c].z = z
            channels[c].jump = jump
        }

        let threshold = configuration.threshold(channels: channels.count)
        let score = (0..<(m - 1)).map { k in channels.map { abs($0.z[k]) }.max() ?? 0 }
        var detections: [ManeuverDetection] = []
        var k = 0
        while k < m - 1 {
            guard score[k] >= threshold else { k += 1; continue }
            var end = k
            while end + 1 < m - 1 && score[end + 1] >= threshold { end += 1 }
            let group = Array(k...end)
            // Channels significant anywhere in the group locate the window by their single-pair jumps.
            let significant = channels.indices.filter { c in group.contains { abs(channels[c].z[$0]) >= threshold } }
            let jumpScore = group.map { b in significant.map { abs(channels[$0].jump[b]) }.max() ?? 0 }
            let best = group[jumpScore.indices.max { jumpScore[$0] < jumpScore[$1] }!]
            // A ramp: neighbours whose own jump has the same sign, at least k/2 (the jump of one pair has
            // standard deviation √2 in units of σ) and half the largest.
            let big = group.filter { b in
                significant.contains { c in
                    let j = channels[c].jump[b], top = channels[c].jump[best]
                    return j * top > 0 && abs(j) / 2.0.squareRoot() >= 0.5 * threshold && abs(j) >= 0.5 * abs(top)
                }
            }
            let first = big.min() ?? best, last = big.max() ?? best
            let detection = makeDetection(h: h, channels: channels, first: first, last: last, a: a, nRadPerS: nRadPerS,
                                             inc: inc, regime: regime, vectorChannels: isGEO, threshold: threshold,
                                             peak: group.map { score[$0] }.max() ?? 0)
            if detection.deltaVMetersPerSecond >= configuration.minimumDeltaVMetersPerSecond { detections.append(detection) }
            k = end + 1
        }
        return detections
    }

    /// Per-channel noise floor from orbit-determination fits: when at least half of the history's sets
    /// carry ``ElementSet/fitUncertainty`` (sets made by ``OrbitDeterminationHistory`` or read back from
    /// its OMM output), the median of their fit σ on each channel. It is a *floor under* the MAD scale,
    /// not a replacement: the fit covariance knows the measurement noise but not SGP4's model error
    /// or a mis-modelled drag, which the scatter of the history shows, while a short history of
    /// fits that happen to agree can give a MAD far below what the data support. Histories without
    /// fit noise (TLEs, public catalogs) get no floor beyond the configuration's.
    func fitNoiseFloor(_ h: [ElementSet]) -> [String: Double] {
        let fits = h.compactMap(\.fitUncertainty)
        guard !fits.isEmpty, 2 * fits.count >= h.count else { return [:] }
        let a = RobustStatistics.median(fits.map(\.semiMajorAxisKm))
        let i = RobustStatistics.median(fits.map(\.inclinationRad))
        let node = RobustStatistics.median(fits.map(\.nodeTimesSinInclinationRad))
        let e = RobustStatistics.median(fits.map(\.eccentricityVector))
        return ["a": a, "i": i, "node": node, "ix": max(i, node), "iy": max(i, node), "ex": e, "ey": e]
    }

    /// J2 secular node rate, rad/s (Vallado 2013 Eq. 9-41).
    func nodeRate(_ n: Double, _ a: Double, _ e: Double, _ i: Double) -> Double {
        let p = a * (1 - e * e)
        let g = configuration.gravity
        return -1.5 * n * g.j2 * (g.radiusKm / p) * (g.radiusKm / p) * cos(i)
    }

    func makeDetection(h: [ElementSet], channels: [Channel], first: Int, last: Int, a: [Double], nRadPerS: [Double],
                       inc: [Double], regime: OrbitRegime, vectorChannels: Bool, threshold: Double, peak: Double) -> ManeuverDetection {
        let m = h.count, w = configuration.setsEachSide
        // Step over the whole window: level after `last` minus level up to `first`.
        func levels(_ c: Channel) -> (step: Double, z: Double) {
            let before = Array(c.values[max(0, first - w + 1)...first])
            let after = Array(c.values[(last + 1)...min(m - 1, last + w)])
            let s = RobustStatistics.median(after) - RobustStatistics.median(before)
            let sd = c.sigma * (RobustStatistics.medianVarianceFactor(before.count) + RobustStatistics.medianVarianceFactor(after.count)).squareRoot()
            return (s, s / sd)
        }
        let named = Dictionary(uniqueKeysWithValues: channels.map { ($0.name, levels($0)) })
        let sigmaOf = Dictionary(uniqueKeysWithValues: channels.map { ($0.name, $0.sigma) })
        let minSig = configuration.componentSignificance
        let aRef = a[first], vKmPerS = (configuration.gravity.muKm3PerS2 / aRef).squareRoot()
        let da = named["a"]!
        let useA = abs(da.z) >= minSig
        let tKmPerS = useA ? vKmPerS * da.step / (2 * aRef) : 0
        var planeRad = 0.0, di = 0.0, dnode = 0.0, de = 0.0, rKmPerS = 0.0
        if vectorChannels {
            let ix = named["ix"]!, iy = named["iy"]!, ex = named["ex"]!, ey = named["ey"]!
            if max(abs(ix.z), abs(iy.z)) >= minSig { planeRad = (ix.step * ix.step + iy.step * iy.step).squareRoot() }
            if max(abs(ex.z), abs(ey.z)) >= minSig {
                de = (ex.step * ex.step + ey.step * ey.step).squareRoot()
                rKmPerS = vKmPerS * max(0, de - 2 * abs(tKmPerS) / vKmPerS)
            }
        } else {
            let i = named["i"]!, node = named["node"]!
            if abs(i.z) >= minSig { di = i.step }
            if abs(node.z) >= minSig { dnode = node.step }
            planeRad = (di * di + dnode * dnode).squareRoot()
        }
        let nKmPerS = vKmPerS * planeRad
        let rtn = SIMD3(rKmPerS, tKmPerS, nKmPerS) * 1000
        let total = (rtn * rtn).sum().squareRoot()
        var direction = ManeuverDirection.mixed
        if total > 0 {
            let shares = rtn * rtn / (total * total)
            if shares.x >= 0.75 { direction = .radial } else if shares.y >= 0.75 { direction = .tangential } else if shares.z >= 0.75 { direction = .normal }
        }
        let geosynchronous = h[first].meanMotionRevPerDay > 0.9 && h[first].meanMotionRevPerDay < 1.1
        let driftDegPerDay = geosynchronous ? -1.5 * nRadPerS[first] * da.step / aRef * 86_400 * 180 / .pi : 0
        let confidence = min(1, max(0, 1 - 0.5 * pow(threshold / max(peak, 1e-12), 4)))

        // Plain words.
        let start = h[first].epoch, end = h[last + 1].epoch
        var evidence: [String] = []
        if useA {
            evidence.append(String(format: "semi-major axis %@ %.3f km beyond the drag trend (%.1fσ, σ = %.0f m per set)",
                                   da.step > 0 ? "rose" : "fell", abs(da.step), abs(da.z), sigmaOf["a"]! * 1000))
        }
        if vectorChannels {
            if driftDegPerDay != 0 && useA { evidence.append(String(format: "longitude drift changed %+.4f deg/day", driftDegPerDay)) }
            if planeRad > 0 { evidence.append(String(format: "inclination vector moved %.4f deg", planeRad * 180 / .pi)) }
            if de > 0 { evidence.append(String(format: "eccentricity vector moved %.2e", de)) }
        } else {
            if di != 0 { evidence.append(String(format: "inclination changed %+.4f deg (%.1fσ)", di * 180 / .pi, abs(named["i"]!.z))) }
            if dnode != 0 {
                evidence.append(String(format: "node moved %+.4f deg beyond J2 drift (%.1fσ)",
                                       dnode / max(sin(inc[first]), 1e-6) * 180 / .pi, abs(named["node"]!.z)))
            }
        }
        if evidence.isEmpty { evidence.append(String(format: "element levels stepped (peak %.1fσ) but no single element change is firm", peak)) }
        let windowText = "between \(start.iso8601UTC(fractionDigits: 0)) and \(end.iso8601UTC(fractionDigits: 0))"
        let reason = "\(evidence.joined(separator: "; ")) \(windowText): \(direction.rawValue) burn of about "
            + String(format: "%.2f m/s (threshold %.1fσ for a false-alarm probability of %.0e per set pair)",
                     total, threshold, configuration.falseAlarmProbabilityPerPair)
        return ManeuverDetection(
            noradCatalogNumber: h[first].noradCatalogNumber, objectName: h[first].objectName, regime: regime,
            windowStart: start, windowEnd: end, deltaVMetersPerSecond: total, deltaVRTNMetersPerSecond: rtn,
            direction: direction, confidence: confidence, significance: peak,
            changes: ManeuverElementChanges(semiMajorAxisKm: useA ? da.step : 0, inclinationRad: di,
                                            nodeTimesSinInclinationRad: dnode, planeChangeRad: planeRad,
                                            eccentricityVector: de, longitudeDriftRateDegPerDay: useA ? driftDegPerDay : 0),
            reason: reason)
    }
}
