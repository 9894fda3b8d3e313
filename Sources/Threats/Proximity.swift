import Foundation
import Astrodynamics
import SpaceData
import Conjunction

/// Rendezvous and proximity operations (RPO) around protected assets: every object that comes
/// within an RPO radius of an asset during a window at low relative speed (co-orbital, not a
/// high-speed crossing), or that stays with it (co-located), with the geometry an analyst reads.
///
/// Method: the conjunction ``Screener`` with the assets as primaries and the largest RPO radius as
/// threshold finds every approach (and the pairs it reports once as co-located); GEO assets are
/// screened against GEO-band objects over at least ``Options/geoLookaheadDays``. Each (asset,
/// object) pair is then sampled over the window every ``Options/sampleSeconds`` to measure how long
/// the object stays inside the asset's radius (persistence), the range and relative speed (in the
/// asset's rotating RIC frame) at the
/// closest sample, the angle between the two orbit planes and, for GEO, the longitude separation.
/// A pair is an RPO finding when it comes inside the radius and either its relative speed at the
/// closest approach is at most ``Options/maximumRelativeSpeedKmPerS`` or it stays inside for at least
/// ``Options/minimumPersistenceHours``; fast crossings are counted and left to conjunction screening.
/// A pair is also a finding when it is **co-located**: co-planar (``Options/coPlanarDeg``) and within
/// the co-location distance (LEO 500 km, GEO 370 km ≈ 0.5° of longitude) for at least a day, even if
/// it never enters the radius — the screens cannot see those, so co-planar objects of nearly the same
/// semi-major axis are added as candidates.
///
/// Radii (defaults LEO 50 km, GEO 100 km) follow the scale of public RPO cases: Kosmos 2542 held
/// 150–300 km from USA 245 and passed within ~40 km (2020); Luch/Olymp parked ~10 km from Intelsat
/// satellites in GEO.
public struct ProximityAnalyzer: Sendable {
    /// Radii, speeds and sampling.
    public struct Options: Sendable, Hashable {
        public var leoRadiusKm = 50.0
        public var geoRadiusKm = 100.0
        /// Radius for assets that are neither LEO nor GEO (MEO, HEO), km. Regimes are
        /// ``OrbitRegime``'s (Astrodynamics).
        public var otherRadiusKm = 100.0
        /// An approach at or below this relative speed is co-orbital, km/s (a crossing in LEO is
        /// several km/s; an inspector closes at metres to tens of metres per second).
        public var maximumRelativeSpeedKmPerS = 0.5
        /// A pair inside the radius for at least this long is an RPO finding whatever its speed, hours.
        public var minimumPersistenceHours = 1.0
        /// Sampling step for persistence and closest approach, seconds.
        public var sampleSeconds = 60.0
        /// GEO assets are screened over at least this many days (against GEO-band objects only):
        /// a GEO inspector drifts in at tenths of a degree per day, so the approach that matters can
        /// be weeks after its burn.
        public var geoLookaheadDays = 30.0
        /// Search step of the GEO-band screening, seconds. GEO objects move slowly relative to each
        /// other, so the screener's linear pair bound stays tight over long steps, and propagation
        /// (deep-space SGP4, 30 days) is the cost. With it, the LEO screens at 50 km and the
        /// coarse-to-fine pair sampling, the 35 assets against the bundled catalog over 2 days
        /// (release, 2 shared cores) went from 428 s to 110 s with the same 99 findings
        /// (docs/threats.md).
        public var geoSearchStepSeconds = 600.0
        /// Coarse steps of the per-pair sampling, as multiples of ``sampleSeconds`` (GEO, others):
        /// intervals whose range cannot come within the radius are not sampled finely (see
        /// ``ProximityAnalyzer/measure``).
        public var geoCoarseSampling = 10
        public var coarseSampling = 5
        /// Co-location (an object that stays with the asset for days without entering its RPO
        /// radius, as Kosmos 2542 held 150–300 km from USA 245 in its plane): a co-planar object
        /// (orbit planes within ``coPlanarDeg``) that stays within ``leoCoLocationKm`` (LEO) or
        /// ``geoCoLocationKm`` (others) for at least ``minimumCoLocationHours`` (or 90 % of a shorter
        /// window) is a finding too. In GEO the default is the RPO radius itself (100 km ≈ 0.14° of
        /// longitude, already a co-location box whose persistence is scored): GEO slots hold
        /// commercial neighbours 0.1–0.5° apart as a matter of course, and a wider box would flood the
        /// analyst with them (370 km ≈ 0.5° is the setting that reaches them).
        public var coPlanarDeg = 1.0
        public var leoCoLocationKm = 500.0
        public var geoCoLocationKm = 100.0
        public var minimumCoLocationHours = 24.0
        public init() {}
    }

    public var options: Options
    public init(options: Options = Options()) { self.options = options }

    /// The co-location distance of an asset in `regime`, km.
    public func coLocationKm(_ regime: OrbitRegime) -> Double { regime == .leo ? options.leoCoLocationKm : options.geoCoLocationKm }

    /// The RPO radius of an asset in `regime`, km.
    public func radiusKm(_ regime: OrbitRegime) -> Double {
        switch regime {
        case .leo: options.leoRadiusKm
        case .geo: options.geoRadiusKm
        case .meo, .heo: options.otherRadiusKm
        }
    }

    /// Findings for `assets` (catalog numbers) among `catalog` over `[start, start + durationSeconds]`.
    /// Assets missing from the catalog are returned in ``ProximityReport/missingAssets``.
    public func analyze(catalog: [ElementSet], assets: [Int], start: Instant, durationSeconds: Double) -> ProximityReport {
        var sets: [Int: ElementSet] = [:]
        for s in catalog where sets[s.noradCatalogNumber].map({ $0.epoch < s.epoch }) ?? true { sets[s.noradCatalogNumber] = s }
        let present = assets.filter { sets[$0] != nil }
        var report = ProximityReport(start: start, durationSeconds: durationSeconds)
        report.missingAssets = assets.filter { sets[$0] == nil }
        guard !present.isEmpty else { return report }
        var objects: [ScreeningObject] = []
        for (id, s) in sets.sorted(by: { $0.key < $1.key }) {
            guard let sgp4 = try? SGP4(s.meanElements) else { continue }
            objects.append(ScreeningObject(id: id, name: s.objectName, sgp4: sgp4))
        }
        func regime(_ s: ElementSet) -> OrbitRegime { OrbitRegime(meanMotionRevPerDay: s.meanMotionRevPerDay, eccentricity: s.eccentricity) }
        let geoAssets = Set(present.filter { regime(sets[$0]!) == .geo })
        let otherAssets = Set(present).subtracting(geoAssets)
        // Pairs (asset, object) that came within the largest radius.
        var pairs = Set<Pair>()
        var windowOf: [Int: Double] = [:]
        func screen(_ assets: Set<Int>, _ candidates: [ScreeningObject], seconds: Double, thresholdKm: Double, stepSeconds: Double = 60) {
            guard !assets.isEmpty else { return }
            var config = ScreeningConfiguration(start: start, durationSeconds: seconds, thresholdKm: thresholdKm, primaries: assets)
            config.maximumElementAgeDays = .infinity
            config.searchStepSeconds = stepSeconds
            let screening = Screener(configuration: config).screen(candidates)
            func add(_ a: Int, _ b: Int) {
                if assets.contains(a) { pairs.insert(Pair(asset: a, object: b)) }
                if assets.contains(b) { pairs.insert(Pair(asset: b, object: a)) }
            }
            for e in screening.events { add(e.id1, e.id2) }
            for c in screening.coLocated { add(c.id1, c.id2) }
            for a in assets { windowOf[a] = seconds }
        }
        // Each regime at its own radius: a LEO screen at 50 km has far fewer candidates than at 100.
        let leoAssets = Set(otherAssets.filter { regime(sets[$0]!) == .leo })
        screen(leoAssets, objects, seconds: durationSeconds, thresholdKm: options.leoRadiusKm)
        screen(otherAssets.subtracting(leoAssets), objects, seconds: durationSeconds, thresholdKm: options.otherRadiusKm)
        let geoBand = objects.filter { o in sets[o.id].map { $0.meanMotionRevPerDay > 0.9 && $0.meanMotionRevPerDay < 1.1 } ?? false }
        screen(geoAssets, geoBand, seconds: max(durationSeconds, options.geoLookaheadDays * 86_400), thresholdKm: options.geoRadiusKm,
               stepSeconds: options.geoSearchStepSeconds)
        // Co-location candidates the screens cannot see (they stay outside the radius): co-planar
        // objects whose mean semi-major axis is within a fifth of the co-location distance.
        for a in present {
            guard let aSet = sets[a] else { continue }
            let aKm = semiMajorAxisKm(aSet), reach = coLocationKm(regime(aSet)) / 5
            for (id, s) in sets where id != a && abs(semiMajorAxisKm(s) - aKm) <= reach && s.eccentricity < 0.05 {
                if planeAngleDeg(aSet, s) <= options.coPlanarDeg { pairs.insert(Pair(asset: a, object: id)) }
            }
        }
        let byID = Dictionary(uniqueKeysWithValues: objects.map { ($0.id, $0) })
        let ordered = pairs.sorted { ($0.asset, $0.object) < ($1.asset, $1.object) }
        for pair in ordered {
            guard let a = byID[pair.asset], let o = byID[pair.object], let aSet = sets[pair.asset], let oSet = sets[pair.object] else { continue }
            let r = regime(aSet)
            guard let finding = measure(asset: a, object: o, assetSet: aSet, objectSet: oSet, regime: r,
                                        start: start, durationSeconds: windowOf[pair.asset] ?? durationSeconds) else { continue }
            let window = windowOf[pair.asset] ?? durationSeconds
            let coLocated = finding.planeAngleDeg <= options.coPlanarDeg
                && finding.coLocatedHours >= min(options.minimumCoLocationHours, 0.9 * window / 3600)
            if finding.closestApproachKm > radiusKm(r) {
                if coLocated { report.findings.append(finding) }
                continue
            }
            if coLocated || finding.relativeSpeedKmPerS <= options.maximumRelativeSpeedKmPerS
                || finding.persistenceHours >= options.minimumPersistenceHours {
                report.findings.append(finding)
            } else {
                report.fastCrossings += 1
            }
        }
        return report
    }

    struct Pair: Hashable { let asset: Int; let object: Int }

    /// Drift in longitude relative to the rotating Earth, degrees/day: (n − n_sidereal)·360, with the
    /// sidereal rate 1.00273791 rev/day (east positive).
    static func geoDriftDegPerDay(_ s: ElementSet) -> Double { (s.meanMotionRevPerDay - 1.002_737_91) * 360 }

    func semiMajorAxisKm(_ s: ElementSet) -> Double {
        let n = s.meanMotionRevPerDay * 2 * .pi / 86_400
        return n > 0 ? pow(GravityModel.wgs72.muKm3PerS2 / (n * n), 1.0 / 3.0) : .infinity
    }

    /// Angle between the mean orbit planes, degrees: cos θ = cos i₁ cos i₂ + sin i₁ sin i₂ cos ΔΩ.
    func planeAngleDeg(_ a: ElementSet, _ b: ElementSet) -> Double {
        let d = Double.pi / 180
        let c = cos(a.inclinationDeg * d) * cos(b.inclinationDeg * d)
            + sin(a.inclinationDeg * d) * sin(b.inclinationDeg * d) * cos((a.raanDeg - b.raanDeg) * d)
        return acos(min(1, max(-1, c))) / d
    }

    /// Samples one pair over the window on the grid of ``Options/sampleSeconds``, coarse to fine.
    ///
    /// The pair is first sampled every `m` grid steps (``Options/coarseSampling``, GEO
    /// ``Options/geoCoarseSampling``). A coarse interval of length `H` is then sampled on the full
    /// grid only if the range could come within the radius (or the co-location distance) inside it: with the ranges `r₀`, `r₁`
    /// and relative speeds `v₀`, `v₁` at its ends, the range inside is at least
    /// `(r₀ + r₁ − v̂·H)/2` for any relative speed bound `v̂`; we take `v̂ = 2·max(v₀, v₁) + 0.1 km/s`
    /// (the relative velocity of two near-circular orbits turns at the orbital rate, by at most
    /// 20° in a LEO coarse interval of 5 min and 2.5° in a GEO one of 10 min, and its size changes
    /// far less than twofold). So closest approach, TCA, persistence and first entry are those of
    /// the full grid; only ``ProximityFinding/maximumRangeKm`` is the largest over the samples
    /// taken (the coarse grid far from the asset).
    func measure(asset: ScreeningObject, object: ScreeningObject, assetSet: ElementSet, objectSet: ElementSet,
                 regime: OrbitRegime, start: Instant, durationSeconds: Double) -> ProximityFinding? {
        let radius = radiusKm(regime)
        let coLocation = max(radius, coLocationKm(regime))
        let steps = Int((durationSeconds / options.sampleSeconds).rounded(.down))
        let m = max(1, regime == .geo ? options.geoCoarseSampling : options.coarseSampling)
        var closest: (range: Double, t: Double, speed: Double)?
        var farthest = 0.0, farthestFirstDay = 0.0
        var inside = 0, together = 0
        var firstInside: Double?
        func sample(_ k: Int) -> (range: Double, speed: Double)? {
            let at = start.advanced(bySeconds: Double(k) * options.sampleSeconds)
            guard let sa = try? asset.sgp4.state(at: at), let so = try? object.sgp4.state(at: at) else { return nil }
            let rel = RTNBasis(sa).relativeState(of: so)
            return (FrameMath.norm(rel.positionKm), FrameMath.norm(rel.velocityKmPerS))
        }
        func take(_ k: Int, _ s: (range: Double, speed: Double)) {
            let t = Double(k) * options.sampleSeconds
            if s.range <= radius { inside += 1; if firstInside == nil || t < firstInside! { firstInside = t } }
            if s.range <= coLocation { together += 1 }
            if closest == nil || s.range < closest!.range || (s.range == closest!.range && t < closest!.t) { closest = (s.range, t, s.speed) }
            farthest = max(farthest, s.range)
            if t <= 86_400 { farthestFirstDay = max(farthestFirstDay, s.range) }
        }
        var coarse: [(k: Int, s: (range: Double, speed: Double)?)] = []
        var k = 0
        while k <= steps { coarse.append((k, sample(k))); k += m }
        if coarse.last!.k != steps { coarse.append((steps, sample(steps))) }
        for c in coarse { if let s = c.s { take(c.k, s) } }
        for j in 0..<(coarse.count - 1) {
            let a = coarse[j], b = coarse[j + 1]
            guard b.k - a.k > 1 else { continue }
            if let sa = a.s, let sb = b.s {
                let h = Double(b.k - a.k) * options.sampleSeconds
                let bound = 2 * max(sa.speed, sb.speed) + 0.1
                if (sa.range + sb.range - bound * h) / 2 > coLocation { continue }
            }
            for i in (a.k + 1)..<b.k { if let s = sample(i) { take(i, s) } }
        }
        var longitudeGapDeg = 0.0
        guard let closest, let sa = try? asset.sgp4.state(at: start), let so = try? object.sgp4.state(at: start) else { return nil }
        if regime == .geo {
            // TEME right ascension difference equals the longitude difference (same instant).
            longitudeGapDeg = abs(wrapDegrees(atan2(so.positionKm.y, so.positionKm.x) - atan2(sa.positionKm.y, sa.positionKm.x)))
        }
        let hA = FrameMath.cross(sa.positionKm, sa.velocityKmPerS), hO = FrameMath.cross(so.positionKm, so.velocityKmPerS)
        let planeDeg = acos(min(1, max(-1, FrameMath.dot(hA, hO) / (FrameMath.norm(hA) * FrameMath.norm(hO))))) * 180 / .pi
        return ProximityFinding(
            assetID: asset.id, assetName: assetSet.objectName, objectID: object.id, objectName: objectSet.objectName,
            regime: regime, radiusKm: radius, closestApproachKm: closest.range,
            tca: start.advanced(bySeconds: closest.t), relativeSpeedKmPerS: closest.speed,
            persistenceHours: Double(inside) * options.sampleSeconds / 3600,
            coLocationKm: coLocation,
            coLocatedHours: Double(together) * options.sampleSeconds / 3600,
            maximumRangeKm: farthest,
            maximumRangeFirstDayKm: farthestFirstDay,
            firstInsideRadius: firstInside.map { start.advanced(bySeconds: $0) },
            planeAngleDeg: planeDeg,
            longitudeSeparationDeg: regime == .geo ? longitudeGapDeg : nil,
            assetDriftDegPerDay: regime == .geo ? Self.geoDriftDegPerDay(assetSet) : nil,
            objectDriftDegPerDay: regime == .geo ? Self.geoDriftDegPerDay(objectSet) : nil,
            meanMotionDifferenceRevPerDay: objectSet.meanMotionRevPerDay - assetSet.meanMotionRevPerDay,
            objectElementAgeDays: start.secondsSince(objectSet.epoch) / 86_400)
    }

    private func wrapDegrees(_ rad: Double) -> Double {
        var d = rad * 180 / .pi
        while d > 180 { d -= 360 }
        while d <= -180 { d += 360 }
        return d
    }
}

/// One object near one protected asset over the window.
public struct ProximityFinding: Sendable, Hashable {
    public var assetID: Int
    public var assetName: String?
    public var objectID: Int
    public var objectName: String?
    public var regime: OrbitRegime
    /// The asset's RPO radius, km.
    public var radiusKm: Double
    /// Smallest sampled range, km, and when.
    public var closestApproachKm: Double
    public var tca: Instant
    /// Relative speed at ``tca`` as seen from the asset, in its rotating RIC frame (|Δv − ω × Δr|),
    /// km/s: what an inspector's closing speed is. (The inertial difference adds ω × Δr, 7.6 km/s ×
    /// Δr/r in LEO — 0.26 km/s for an object holding 240 km behind in the same orbit.)
    public var relativeSpeedKmPerS: Double
    /// Time inside the radius over the window, hours.
    public var persistenceHours: Double
    /// The co-location distance (``ProximityAnalyzer/Options/leoCoLocationKm``,
    /// ``ProximityAnalyzer/Options/geoCoLocationKm``), km, and the time within it over the window, hours.
    public var coLocationKm: Double
    public var coLocatedHours: Double
    /// Largest sampled range over the window, km (a docked object stays within a few km).
    public var maximumRangeKm: Double
    /// Largest sampled range over the window's first day, km: a docked vehicle's own element set
    /// agrees with its station's at epoch, and prediction error alone spreads them by about a km a
    /// day after that, so the docked test reads the first day.
    public var maximumRangeFirstDayKm: Double
    /// First sample inside the radius (nil if never, which a finding never is).
    public var firstInsideRadius: Instant?
    /// Angle between the orbit planes at the window start, degrees.
    public var planeAngleDeg: Double
    /// GEO only: the longitude separation at the window start, degrees.
    public var longitudeSeparationDeg: Double?
    /// GEO only: the asset's and the object's drift in longitude relative to the Earth, degrees/day
    /// (who moves: a station-kept object approached by a drifting asset is the asset's own doing).
    public var assetDriftDegPerDay: Double?
    public var objectDriftDegPerDay: Double?
    /// Object's mean motion minus the asset's, rev/day (drift toward or away in the same plane).
    public var meanMotionDifferenceRevPerDay: Double
    /// Age of the object's element set at the window start, days.
    public var objectElementAgeDays: Double
}

/// The result of ``ProximityAnalyzer/analyze(catalog:assets:start:durationSeconds:)``.
public struct ProximityReport: Sendable {
    public var start: Instant
    public var durationSeconds: Double
    public var findings: [ProximityFinding] = []
    /// Approaches inside a radius that were fast, short crossings (conjunction screening's business).
    public var fastCrossings = 0
    /// Assets not in the catalog.
    public var missingAssets: [Int] = []
}
