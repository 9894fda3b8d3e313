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
/// the object stays inside the asset's radius (persistence), the range and relative speed at the
/// closest sample, the angle between the two orbit planes and, for GEO, the longitude separation.
/// A pair is an RPO finding when it comes inside the radius and either its relative speed at the
/// closest approach is at most ``Options/maximumRelativeSpeedKmPerS`` or it stays inside for at least
/// ``Options/minimumPersistenceHours``; fast crossings are counted and left to conjunction screening.
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
        public init() {}
    }

    public var options: Options
    public init(options: Options = Options()) { self.options = options }

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
        func screen(_ assets: Set<Int>, _ candidates: [ScreeningObject], seconds: Double) {
            guard !assets.isEmpty else { return }
            let largest = max(options.leoRadiusKm, options.geoRadiusKm, options.otherRadiusKm)
            var config = ScreeningConfiguration(start: start, durationSeconds: seconds, thresholdKm: largest, primaries: assets)
            config.maximumElementAgeDays = .infinity
            let screening = Screener(configuration: config).screen(candidates)
            func add(_ a: Int, _ b: Int) {
                if assets.contains(a) { pairs.insert(Pair(asset: a, object: b)) }
                if assets.contains(b) { pairs.insert(Pair(asset: b, object: a)) }
            }
            for e in screening.events { add(e.id1, e.id2) }
            for c in screening.coLocated { add(c.id1, c.id2) }
            for a in assets { windowOf[a] = seconds }
        }
        screen(otherAssets, objects, seconds: durationSeconds)
        let geoBand = objects.filter { o in sets[o.id].map { $0.meanMotionRevPerDay > 0.9 && $0.meanMotionRevPerDay < 1.1 } ?? false }
        screen(geoAssets, geoBand, seconds: max(durationSeconds, options.geoLookaheadDays * 86_400))
        let byID = Dictionary(uniqueKeysWithValues: objects.map { ($0.id, $0) })
        let ordered = pairs.sorted { ($0.asset, $0.object) < ($1.asset, $1.object) }
        for pair in ordered {
            guard let a = byID[pair.asset], let o = byID[pair.object], let aSet = sets[pair.asset], let oSet = sets[pair.object] else { continue }
            let r = regime(aSet)
            guard let finding = measure(asset: a, object: o, assetSet: aSet, objectSet: oSet, regime: r,
                                        start: start, durationSeconds: windowOf[pair.asset] ?? durationSeconds) else { continue }
            if finding.closestApproachKm > radiusKm(r) { continue }
            if finding.relativeSpeedKmPerS <= options.maximumRelativeSpeedKmPerS
                || finding.persistenceHours >= options.minimumPersistenceHours {
                report.findings.append(finding)
            } else {
                report.fastCrossings += 1
            }
        }
        return report
    }

    struct Pair: Hashable { let asset: Int; let object: Int }

    /// Samples one pair over the window.
    func measure(asset: ScreeningObject, object: ScreeningObject, assetSet: ElementSet, objectSet: ElementSet,
                 regime: OrbitRegime, start: Instant, durationSeconds: Double) -> ProximityFinding? {
        let radius = radiusKm(regime)
        let steps = Int((durationSeconds / options.sampleSeconds).rounded(.down))
        var closest: (range: Double, t: Double, speed: Double)?
        var farthest = 0.0
        var inside = 0
        var firstInside: Double?
        var longitudeGapDeg = 0.0
        for k in 0...steps {
            let t = Double(k) * options.sampleSeconds
            let at = start.advanced(bySeconds: t)
            guard let sa = try? asset.sgp4.state(at: at), let so = try? object.sgp4.state(at: at) else { continue }
            let d = so.positionKm - sa.positionKm
            let range = FrameMath.norm(d)
            let speed = FrameMath.norm(so.velocityKmPerS - sa.velocityKmPerS)
            if range <= radius { inside += 1; if firstInside == nil { firstInside = t } }
            if closest == nil || range < closest!.range { closest = (range, t, speed) }
            farthest = max(farthest, range)
            if regime == .geo && k == 0 {
                // TEME right ascension difference equals the longitude difference (same instant).
                longitudeGapDeg = abs(wrapDegrees(atan2(so.positionKm.y, so.positionKm.x) - atan2(sa.positionKm.y, sa.positionKm.x)))
            }
        }
        guard let closest, let sa = try? asset.sgp4.state(at: start), let so = try? object.sgp4.state(at: start) else { return nil }
        let hA = FrameMath.cross(sa.positionKm, sa.velocityKmPerS), hO = FrameMath.cross(so.positionKm, so.velocityKmPerS)
        let planeDeg = acos(min(1, max(-1, FrameMath.dot(hA, hO) / (FrameMath.norm(hA) * FrameMath.norm(hO))))) * 180 / .pi
        return ProximityFinding(
            assetID: asset.id, assetName: assetSet.objectName, objectID: object.id, objectName: objectSet.objectName,
            regime: regime, radiusKm: radius, closestApproachKm: closest.range,
            tca: start.advanced(bySeconds: closest.t), relativeSpeedKmPerS: closest.speed,
            persistenceHours: Double(inside) * options.sampleSeconds / 3600,
            maximumRangeKm: farthest,
            firstInsideRadius: firstInside.map { start.advanced(bySeconds: $0) },
            planeAngleDeg: planeDeg,
            longitudeSeparationDeg: regime == .geo ? longitudeGapDeg : nil,
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
    /// Relative speed at ``tca``, km/s.
    public var relativeSpeedKmPerS: Double
    /// Time inside the radius over the window, hours.
    public var persistenceHours: Double
    /// Largest sampled range over the window, km (a docked object stays within a few km).
    public var maximumRangeKm: Double
    /// First sample inside the radius (nil if never, which a finding never is).
    public var firstInsideRadius: Instant?
    /// Angle between the orbit planes at the window start, degrees.
    public var planeAngleDeg: Double
    /// GEO only: the longitude separation at the window start, degrees.
    public var longitudeSeparationDeg: Double?
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
