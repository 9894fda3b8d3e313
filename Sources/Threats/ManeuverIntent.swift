import Foundation
import Astrodynamics
import SpaceData

/// What one maneuver of an object did with respect to one protected asset.
public enum ManeuverIntent: String, Sendable, Hashable, Codable, CaseIterable {
    /// The burn brought the object's orbit closer to the asset (or into its RPO radius), or turned its
    /// drift or plane toward it.
    case towardAsset = "toward_asset"
    /// The burn restored the object's own orbit (GEO: its longitude box; LEO: its usual altitude) and
    /// did not bring it closer to the asset.
    case stationKeeping = "station_keeping"
    /// Neither: the burn took the object away from the asset, or did something unrelated to it.
    case awayOrOther = "away_or_other"
    /// Not classified (no sets around the burn, no asset set, or an orbit SGP4 cannot propagate).
    case unknown
}

/// The intent of one maneuver with the sentence that explains it and the figures behind it.
public struct ManeuverIntentResult: Sendable, Hashable {
    public var intent: ManeuverIntent
    /// One sentence, in plain words.
    public var reason: String
    /// Closest approach to the asset over the horizon with the pre-burn set, km.
    public var closestApproachBeforeKm: Double
    /// The same with the post-burn set, km.
    public var closestApproachAfterKm: Double
    /// Rate at which the along-track (GEO: longitude) gap to the asset closes, deg/day, before and after
    /// the burn (positive: closing).
    public var closingRateBeforeDegPerDay: Double
    public var closingRateAfterDegPerDay: Double
}

/// Classifies a detected maneuver as a move toward a protected asset, station-keeping, or neither.
///
/// Method, for a ``ManeuverDetection`` with the object's sets just before (`before`) and just after
/// (`after`) its window and the asset's set:
/// 1. **Geometry.** Both object sets and the asset set are propagated with SGP4 from the end of the
///    window over ``Options/leoHorizonSeconds`` (3 days) or, for GEO, ``Options/geoHorizonSeconds``
///    (30 days), sampled every ``Options/leoSampleSeconds`` / ``Options/geoSampleSeconds`` with each
///    local minimum of range refined by golden-section search. This gives the closest approach the
///    object would have made without the burn and the one it makes with it. The horizons: an LEO
///    phasing burn of a few metres per second changes the along-track drift by degrees per day, so
///    three days (about 45 revolutions) show where it leads while SGP4 prediction error stays at
///    kilometres; a GEO inspector drifts in at hundredths to tenths of a degree per day, so the
///    approach a burn sets up can be weeks later (the same 30 days as
///    ``ProximityAnalyzer/Options/geoLookaheadDays``).
/// 2. **Toward the asset**, first: the post-burn orbit enters the RPO radius where the pre-burn one did
///    not.
/// 3. **Station-keeping**: the burn restores the object's own orbit and does not bring it closer inside
///    the radius (post-burn closest approach inside the radius and smaller by the margin). GEO: the
///    object's mean Earth-fixed longitude stays within ±``Options/geoBoxHalfWidthDeg`` of its history's mean
///    longitude (every set of the history up to the burn and the post-burn set), and the burn reverses
///    or reduces its longitude drift there, or leaves the drift alone (a north-south or eccentricity
///    trim: no semi-major-axis step in the detection, or a drift change below
///    ``Options/geoDriftQuietDegPerDay``). LEO: a raise that brings the semi-major axis back toward the running median of the
///    history before the burn (over ``Options/leoMedianWindowDays``) from below it, overshooting by no
///    more than the decay it makes good (a reboost after decay).
/// 4. **Toward the asset** otherwise when the post-burn closest approach is smaller by the margin
///    (at least ``Options/closerFraction`` of the pre-burn one and ``Options/closerMinimumKm``) at a
///    co-orbital relative speed (≤ ``Options/coOrbitalSpeedKmPerS``) and within ``Options/approachRadii``
///    RPO radii, or (only when the detector saw the semi-major axis step, the one way a burn changes
///    the drift) the burn turns the drift toward
///    the asset: the along-track gap (GEO: longitude) closes faster by ``Options/geoDriftMarginDegPerDay``
///    (LEO ``Options/leoDriftMarginDegPerDay``) with the asset within ``Options/driftZoneDeg`` of
///    along-track angle, or the burn cuts a closing drift to at most half within
///    ``Options/brakingZoneDeg`` with the post-burn orbit inside the radius (stopping next to it), or (LEO) it reduces the angle between the orbit
///    planes by ``Options/planeMarginDeg`` to within 1° (the first step of an inspector, Kosmos 2542).
/// 5. **Away or other** otherwise.
///
/// The box is tested on mean longitudes Ω + ω + M − GMST of the sets (IAU 1982 GMST with UT1 = UTC:
/// a 0.004° error at most, far below the box), so the daily libration of an eccentric orbit (±2e rad)
/// does not widen it. Drift rates are measured from SGP4 positions two sidereal days apart, so the daily
/// libration of an eccentric or inclined GEO orbit cancels and no mean-motion convention enters (they
/// keep SDP4's lunisolar periodic terms, a few thousandths of a degree per day, common to both sets).
public struct ManeuverIntentClassifier: Sendable {
    /// Horizons, margins and boxes; every default is stated with its reason in the type's comment.
    public struct Options: Sendable, Hashable {
        public var leoHorizonSeconds = 3 * 86_400.0
        public var geoHorizonSeconds = 30 * 86_400.0
        public var leoSampleSeconds = 60.0
        public var geoSampleSeconds = 600.0
        /// The post-burn closest approach must be smaller by this fraction of the pre-burn one…
        public var closerFraction = 0.25
        /// …and by at least this much, km (a few times the per-set position scatter).
        public var closerMinimumKm = 1.0
        /// A closer approach counts only at or below this relative speed, km/s (as
        /// ``ProximityAnalyzer/Options/maximumRelativeSpeedKmPerS``: a fast crossing's miss distance
        /// changes with every small burn and means nothing).
        public var coOrbitalSpeedKmPerS = 0.5
        /// A closer approach counts only within this many RPO radii (LEO 150 km, GEO 300 km by default):
        /// farther out a change of the miss distance is not an approach.
        public var approachRadii = 3.0
        /// GEO box half-width around the history's mean longitude, degrees: slots are commonly kept to
        /// ±0.05°; 0.1° allows for element-set scatter and the daily libration seen in single positions.
        public var geoBoxHalfWidthDeg = 0.1
        /// A GEO burn whose drift change is below this leaves the drift alone, deg/day.
        public var geoDriftQuietDegPerDay = 0.001
        /// LEO: history before the burn over which the running median of the semi-major axis is taken, days.
        public var leoMedianWindowDays = 30.0
        /// LEO: semi-major axis tolerance for "below the median" and overshoot, km (element-set scatter).
        public var leoAltitudeToleranceKm = 0.1
        /// Increase of the closing rate that counts as turning toward the asset, deg/day.
        public var geoDriftMarginDegPerDay = 0.01
        public var leoDriftMarginDegPerDay = 0.5
        /// Along-track angle within which a drift change toward the asset counts, degrees.
        public var driftZoneDeg = 5.0
        /// Along-track angle within which slowing a closing drift counts as stopping next to it, degrees.
        public var brakingZoneDeg = 2.0
        /// Reduction of the plane angle that counts as matching the asset's plane (LEO), degrees.
        public var planeMarginDeg = 0.02
        public init() {}
    }

    public var options: Options
    public init(options: Options = Options()) { self.options = options }

    /// The intent of `detection` given the object's sets just before and after its window, the asset's
    /// set, the asset's RPO radius (km) and the object's history (any order; sets after the window are
    /// ignored except `after`).
    public func classify(_ detection: ManeuverDetection, before: ElementSet, after: ElementSet, asset: ElementSet,
                         radiusKm: Double, history: [ElementSet]) -> ManeuverIntentResult {
        func unknown(_ why: String) -> ManeuverIntentResult {
            ManeuverIntentResult(intent: .unknown, reason: why, closestApproachBeforeKm: .nan, closestApproachAfterKm: .nan,
                                 closingRateBeforeDegPerDay: .nan, closingRateAfterDegPerDay: .nan)
        }
        guard let pre = try? SGP4(before.meanElements), let post = try? SGP4(after.meanElements),
              let target = try? SGP4(asset.meanElements) else {
            return unknown("intent not classified: SGP4 cannot propagate the sets around the burn or the asset's set")
        }
        let isGEO = detection.regime == .geo || (after.meanMotionRevPerDay > 0.9 && after.meanMotionRevPerDay < 1.1)
        let t0 = detection.windowEnd
        let horizon = isGEO ? options.geoHorizonSeconds : options.leoHorizonSeconds
        let step = isGEO ? options.geoSampleSeconds : options.leoSampleSeconds
        guard let cPre = Self.closestApproach(pre, target, from: t0, seconds: horizon, step: step),
              let cPost = Self.closestApproach(post, target, from: t0, seconds: horizon, step: step),
              let gapPre = alongTrack(pre, target, at: t0), let gapPost = alongTrack(post, target, at: t0) else {
            return unknown("intent not classified: SGP4 failed over the horizon")
        }
        let days = horizon / 86_400
        var result = ManeuverIntentResult(intent: .awayOrOther, reason: "", closestApproachBeforeKm: cPre.rangeKm,
                                          closestApproachAfterKm: cPost.rangeKm,
                                          closingRateBeforeDegPerDay: gapPre.closingDegPerDay,
                                          closingRateAfterDegPerDay: gapPost.closingDegPerDay)
        let geometry = String(format: "closest approach over %.0f days %.1f km after the burn, %.1f km without it", days,
                              cPost.rangeKm, cPre.rangeKm)
        let margin = max(options.closerMinimumKm, options.closerFraction * cPre.rangeKm)
        let closer = cPost.rangeKm <= cPre.rangeKm - margin
        // 2. Into the radius.
        if cPost.rangeKm <= radiusKm && cPre.rangeKm > radiusKm {
            result.intent = .towardAsset
            result.reason = String(format: "the burn puts it inside the %.0f km RPO radius (%@ at %.0f m/s)", radiusKm, geometry,
                                   cPost.speedKmPerS * 1000)
            return result
        }
        // 3. Station-keeping.
        let closerInside = closer && cPost.rangeKm <= radiusKm
        if !closerInside, let kept = isGEO ? geoStationKeeping(detection, pre: pre, post: post, after: after, history: history)
                                           : leoStationKeeping(detection, before: before, after: after, history: history) {
            result.intent = .stationKeeping
            result.reason = "\(kept); not closer to the asset (\(geometry))"
            return result
        }
        // 4. Toward: closer at co-orbital speed, drift, plane.
        if closer && cPost.speedKmPerS <= options.coOrbitalSpeedKmPerS && cPost.rangeKm <= options.approachRadii * radiusKm {
            result.intent = .towardAsset
            result.reason = String(format: "the burn brings it closer: %@ (relative speed %.0f m/s there)", geometry,
                                   cPost.speedKmPerS * 1000)
            return result
        }
        let gap = abs(gapPost.gapDeg)
        let driftMargin = isGEO ? options.geoDriftMarginDegPerDay : options.leoDriftMarginDegPerDay
        let coPlanar = gapPost.planeDeg < 1
        // The drift changes only through the semi-major axis: the detector's a channel must have stepped.
        let driftChanged = detection.changes.semiMajorAxisKm != 0
        if driftChanged && coPlanar && gap <= options.driftZoneDeg && gapPost.closingDegPerDay > 0
            && gapPost.closingDegPerDay >= gapPre.closingDegPerDay + driftMargin {
            result.intent = .towardAsset
            result.reason = String(format: "the burn turns its drift toward the asset: %.2f° %@ it, now closing at %.3f°/day (%.3f°/day before); %@",
                                   gap, isGEO ? "of longitude from" : "along track from", gapPost.closingDegPerDay,
                                   gapPre.closingDegPerDay, geometry)
            return result
        }
        if driftChanged && coPlanar && gap <= options.brakingZoneDeg && cPost.rangeKm <= radiusKm && gapPre.closingDegPerDay > 0
            && abs(gapPost.closingDegPerDay) <= 0.5 * gapPre.closingDegPerDay {
            result.intent = .towardAsset
            result.reason = String(format: "the burn slows its drift to stop near the asset: %.2f° from it, closing at %.3f°/day after, %.3f°/day before; %@",
                                   gap, gapPost.closingDegPerDay, gapPre.closingDegPerDay, geometry)
            return result
        }
        if !isGEO && gapPost.planeDeg < 1 && gapPost.planeDeg <= gapPre.planeDeg - options.planeMarginDeg {
            result.intent = .towardAsset
            result.reason = String(format: "the burn moves it into the asset's orbit plane (%.3f° apart after, %.3f° before); %@",
                                   gapPost.planeDeg, gapPre.planeDeg, geometry)
            return result
        }
        result.reason = cPost.rangeKm > cPre.rangeKm + margin
            ? "the burn takes it away from the asset: \(geometry)"
            : String(format: "neither toward the asset nor a return to its own orbit: %@; closing at %.3f°/day after, %.3f°/day before",
                     geometry, gapPost.closingDegPerDay, gapPre.closingDegPerDay)
        return result
    }

    // MARK: geometry

    /// Smallest range between two SGP4 orbits over `[from, from + seconds]`: sampled every `step`, each
    /// local minimum refined by golden-section search over the two neighbouring steps.
    static func closestApproach(_ a: SGP4, _ b: SGP4, from: Instant, seconds: Double, step: Double)
        -> (rangeKm: Double, speedKmPerS: Double, at: Instant)? {
        func range(_ t: Double) -> Double? {
            let at = from.advanced(bySeconds: t)
            guard let sa = try? a.state(at: at), let sb = try? b.state(at: at) else { return nil }
            return FrameMath.norm(sa.positionKm - sb.positionKm)
        }
        let n = max(2, Int((seconds / step).rounded(.up)))
        var samples: [Double] = []
        samples.reserveCapacity(n + 1)
        for k in 0...n {
            guard let r = range(min(seconds, Double(k) * step)) else { return nil }
            samples.append(r)
        }
        var best = (r: samples[0], t: 0.0)
        for k in 0...n {
            let left = k > 0 ? samples[k - 1] : .infinity, right = k < n ? samples[k + 1] : .infinity
            guard samples[k] <= left && samples[k] <= right else { continue }
            var lo = max(0, Double(k - 1) * step), hi = min(seconds, Double(k + 1) * step)
            let g = (5.0.squareRoot() - 1) / 2
            for _ in 0..<40 where hi - lo > 0.01 {
                let x1 = hi - g * (hi - lo), x2 = lo + g * (hi - lo)
                guard let r1 = range(x1), let r2 = range(x2) else { break }
                if r1 < r2 { hi = x2 } else { lo = x1 }
            }
            let t = 0.5 * (lo + hi)
            if let r = range(t), r < best.r { best = (r, t) }
            if samples[k] < best.r { best = (samples[k], Double(k) * step) }
        }
        let at = from.advanced(bySeconds: best.t)
        guard let sa = try? a.state(at: at), let sb = try? b.state(at: at) else { return nil }
        return (best.r, FrameMath.norm(sa.velocityKmPerS - sb.velocityKmPerS), at)
    }

    /// One sidereal day, s.
    static let siderealDaySeconds = 86_164.0905

    /// The signed along-track angle of the object from the asset, measured in the asset's orbit plane
    /// (positive: ahead; for GEO the longitude difference), its closing rate over two sidereal days
    /// (positive: the gap shrinks) and the angle between the planes.
    func alongTrack(_ object: SGP4, _ asset: SGP4, at t: Instant) -> (gapDeg: Double, closingDegPerDay: Double, planeDeg: Double)? {
        func gap(at time: Instant) -> (Double, Double)? {
            guard let so = try? object.state(at: time), let sa = try? asset.state(at: time) else { return nil }
            let h = FrameMath.cross(sa.positionKm, sa.velocityKmPerS)
            let hHat = h / FrameMath.norm(h)
            let angle = atan2(FrameMath.dot(FrameMath.cross(sa.positionKm, so.positionKm), hHat), FrameMath.dot(sa.positionKm, so.positionKm))
            let ho = FrameMath.cross(so.positionKm, so.velocityKmPerS)
            let plane = acos(min(1, max(-1, FrameMath.dot(hHat, ho / FrameMath.norm(ho)))))
            return (angle * 180 / .pi, plane * 180 / .pi)
        }
        let span = 2 * Self.siderealDaySeconds
        guard let g0 = gap(at: t), let g1 = gap(at: t.advanced(bySeconds: span)) else { return nil }
        var change = g1.0 - g0.0
        // The gap of an LEO pair can wrap over two days; its rate is then taken from the mean motions.
        let nObject = 86_400 / (object.periodMinutes * 60) * 360, nAsset = 86_400 / (asset.periodMinutes * 60) * 360
        let rateDegPerDay: Double
        if abs(nObject - nAsset) * span / 86_400 < 90 {
            while change > 180 { change -= 360 }
            while change < -180 { change += 360 }
            rateDegPerDay = change / (span / 86_400)
        } else {
            rateDegPerDay = nObject - nAsset
        }
        let closing = g0.0 >= 0 ? -rateDegPerDay : rateDegPerDay
        return (g0.0, closing, g0.1)
    }

    /// Earth-fixed longitude of an orbit at an instant, degrees in (−180, 180].
    static func longitudeDeg(_ orbit: SGP4, at t: Instant) -> Double? {
        guard let s = try? orbit.state(at: t) else { return nil }
        let gmst = SiderealTime.gmst1982Rad(at: t, .zero)
        return wrap180((atan2(s.positionKm.y, s.positionKm.x) - gmst) * 180 / .pi)
    }

    /// Mean Earth-fixed longitude of a near-geostationary set at its epoch, Ω + ω + M − GMST, degrees in
    /// (−180, 180] (mean elements: no daily libration).
    static func meanLongitudeDeg(_ s: ElementSet) -> Double {
        let gmst = SiderealTime.gmst1982Rad(at: s.epoch, .zero) * 180 / .pi
        return wrap180(s.raanDeg + s.argumentOfPericenterDeg + s.meanAnomalyDeg - gmst)
    }

    static func wrap180(_ d: Double) -> Double {
        var x = d.truncatingRemainder(dividingBy: 360)
        if x > 180 { x -= 360 }
        if x <= -180 { x += 360 }
        return x
    }

    // MARK: station-keeping

    /// GEO: the sentence when the object keeps a box and the burn reverses, reduces or leaves its drift;
    /// nil otherwise.
    func geoStationKeeping(_ d: ManeuverDetection, pre: SGP4, post: SGP4, after: ElementSet, history: [ElementSet]) -> String? {
        let past = history.filter { $0.epoch <= d.windowStart } + [after]
        let longitudes = past.map(Self.meanLongitudeDeg)
        guard longitudes.count >= 3 else { return nil }
        // Circular mean.
        let mean = atan2(longitudes.map { sin($0 * .pi / 180) }.reduce(0, +), longitudes.map { cos($0 * .pi / 180) }.reduce(0, +)) * 180 / .pi
        let spread = longitudes.map { abs(Self.wrap180($0 - mean)) }.max() ?? .infinity
        guard spread <= options.geoBoxHalfWidthDeg else { return nil }
        let t0 = d.windowEnd, span = 2 * Self.siderealDaySeconds
        guard let a0 = Self.longitudeDeg(pre, at: t0), let a1 = Self.longitudeDeg(pre, at: t0.advanced(bySeconds: span)),
              let b0 = Self.longitudeDeg(post, at: t0), let b1 = Self.longitudeDeg(post, at: t0.advanced(bySeconds: span)) else { return nil }
        let days = span / 86_400
        let driftPre = Self.wrap180(a1 - a0) / days, driftPost = Self.wrap180(b1 - b0) / days
        let offset = Self.wrap180(Self.meanLongitudeDeg(after) - mean)
        let box = String(format: "station-keeping: it stays within ±%.2f° of its mean longitude %.3f° (%d sets, %.3f° at the burn)",
                         options.geoBoxHalfWidthDeg, mean, longitudes.count, offset)
        if d.changes.semiMajorAxisKm == 0 || abs(driftPost - driftPre) < options.geoDriftQuietDegPerDay {
            return box + String(format: ", and the burn leaves its drift alone (%+.4f°/day): a north-south or eccentricity trim", driftPost)
        }
        let reverses = driftPre * driftPost < 0
        let reduces = abs(driftPost) < abs(driftPre)
        // After the burn the drift must not carry it out of the box from where it is: heading back to the
        // centre, or slower than before.
        let headsBack = driftPost * offset <= 0
        guard reverses || reduces, headsBack || reduces else { return nil }
        return box + String(format: ", and the burn %@ its drift (%+.4f → %+.4f°/day)", reverses ? "reverses" : "reduces",
                            driftPre, driftPost)
    }

    /// LEO: the sentence when the burn raises a decayed orbit back toward its running median; nil otherwise.
    func leoStationKeeping(_ d: ManeuverDetection, before: ElementSet, after: ElementSet, history: [ElementSet]) -> String? {
        func a(_ s: ElementSet) -> Double {
            let n = s.meanMotionRevPerDay * 2 * .pi / 86_400
            return pow(GravityModel.wgs72.muKm3PerS2 / (n * n), 1.0 / 3.0)
        }
        let from = d.windowStart.advanced(bySeconds: -options.leoMedianWindowDays * 86_400)
        let past = history.filter { $0.epoch <= d.windowStart && $0.epoch >= from }
        guard past.count >= 3 else { return nil }
        let median = RobustStatistics.median(past.map(a))
        let aBefore = a(before), aAfter = a(after)
        let tol = options.leoAltitudeToleranceKm
        let decay = median - aBefore
        guard decay > tol, aAfter > aBefore, aAfter - median <= decay + tol else { return nil }
        guard d.changes.planeChangeRad * 180 / .pi < options.planeMarginDeg else { return nil }
        return String(format: "station-keeping: a reboost after decay, semi-major axis %.3f km below its %.0f-day running median (%d sets) before the burn, %+.3f km from it after",
                      decay, options.leoMedianWindowDays, past.count, aAfter - median)
    }
}

extension ManeuverIntentClassifier {
    /// The object's maneuvers with their intent toward one asset: `detections` are the object's (from
    /// ``ManeuverDetector`` on `history`); for each, the object's sets at the window's ends come from
    /// `history`, and the asset's set is its newest in `assetHistory` at or before the window end (its
    /// first when all are later). Detections of other objects are ignored; a maneuver whose sets cannot
    /// be found keeps intent ``ManeuverIntent/unknown``.
    public func objectManeuvers(detections: [ManeuverDetection], history: [ElementSet], assetHistory: [ElementSet],
                                radiusKm: Double) -> [ObjectManeuver] {
        guard let id = history.first?.noradCatalogNumber else { return [] }
        let own = history.filter { $0.noradCatalogNumber == id }.sorted { $0.epoch < $1.epoch }
        let assetSets = assetHistory.sorted { $0.epoch < $1.epoch }
        return detections.filter { $0.noradCatalogNumber == id }.sorted { $0.windowEnd < $1.windowEnd }.map { d in
            var m = ObjectManeuver(windowStart: d.windowStart, windowEnd: d.windowEnd, deltaVMetersPerSecond: d.deltaVMetersPerSecond)
            let before = own.last { $0.epoch <= d.windowStart }
            let after = own.first { $0.epoch >= d.windowEnd }
            let asset = assetSets.last { $0.epoch <= d.windowEnd } ?? assetSets.first
            guard let before, let after, let asset else {
                m.intentReason = "intent not classified: no element set of the object around the burn or of the asset"
                return m
            }
            let r = classify(d, before: before, after: after, asset: asset, radiusKm: radiusKm, history: own)
            m.intent = r.intent
            m.intentReason = r.reason
            return m
        }
    }

    /// As ``objectManeuvers(detections:history:assetHistory:radiusKm:)``, running `detector` on the
    /// object's `history` first. Throws what ``ManeuverDetector/detect(history:)`` throws.
    public func objectManeuvers(history: [ElementSet], assetHistory: [ElementSet], radiusKm: Double,
                                detector: ManeuverDetector) throws -> [ObjectManeuver] {
        try objectManeuvers(detections: detector.detect(history: history), history: history, assetHistory: assetHistory,
                            radiusKm: radiusKm)
    }
}
