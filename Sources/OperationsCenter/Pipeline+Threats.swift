import Astrodynamics
import Foundation
import Persistence
import SpaceData
import Threats

extension ScreeningPipeline {
    /// Re-assesses the threats to the protected assets after a screening and raises their alerts.
    ///
    /// `touched == nil`: every asset against the whole catalog over the screening window (GEO
    /// assets look ``ProximityAnalyzer/Options/geoLookaheadDays`` ahead). Otherwise the assets in
    /// `touched` against everything, and every asset against the other objects in `touched`; only
    /// those pairs are replaced. The approaching objects' maneuvers come from their stored
    /// element-set histories (the last ``ScreeningPipeline/threatHistoryDays`` days).
    func assessThreats(touched: Set<Int>?) async throws {
        guard let watch = threats, !watch.assets.assets.isEmpty else { return }
        let snapshot = catalog.snapshot()
        let start = OperationsClock.toMinute(clock.now())
        let duration = configuration.screeningDays * 86_400
        let assetIDs = watch.assetIDs.filter { snapshot.entries[$0] != nil }
        let allSets = snapshot.catalogNumbers.compactMap { snapshot.entries[$0]?.elementSet }
        var jobs: [(assets: [Int], catalog: [ElementSet])] = []
        let touchedAssets = touched.map { $0.intersection(assetIDs) } ?? Set(assetIDs)
        if !touchedAssets.isEmpty { jobs.append((touchedAssets.sorted(), allSets)) }
        if let touched {
            let others = touched.subtracting(assetIDs).filter { snapshot.entries[$0] != nil }
            let rest = assetIDs.filter { !touchedAssets.contains($0) }
            if !others.isEmpty && !rest.isEmpty {
                let subset = (rest + others.sorted()).compactMap { snapshot.entries[$0]?.elementSet }
                jobs.append((rest, subset))
            }
        }
        guard !jobs.isEmpty else { return }
        let what = touched == nil ? "all \(assetIDs.count) assets" : "\(touched!.count) arrival(s)"
        setPhase(.threats, 0, "assessing threats: \(what)")
        let t0 = ContinuousClock.now
        let analyzer = watch.analyzer
        let work = jobs
        guard let reports = await ScreeningPipeline.offPool({
            work.map { analyzer.analyze(catalog: $0.catalog, assets: $0.assets, start: start, durationSeconds: duration) }
        }) else { throw CancellationError() }
        let inScope: (ThreatWatch.PairKey) -> Bool = { key in
            guard let touched else { return true }
            return touchedAssets.contains(key.asset) || touched.contains(key.object)
        }
        var findings: [ThreatWatch.PairKey: ProximityFinding] = [:]
        for report in reports {
            for f in report.findings {
                let key = ThreatWatch.PairKey(asset: f.assetID, object: f.objectID)
                if inScope(key) { findings[key] = f }
            }
        }
        let maneuvers = try await maneuvers(of: Set(findings.keys.map(\.object)), snapshot: snapshot, before: start, watch: watch)
        // Each maneuver's intent depends on the pair: toward this asset, station-keeping or other.
        let withManeuvers = Set(findings.filter { !(maneuvers[$0.key.object] ?? []).isEmpty }.flatMap { [$0.key.asset, $0.key.object] })
        let pairHistories = withManeuvers.isEmpty ? [:]
            : try await histories(of: withManeuvers.sorted(), from: start.advanced(bySeconds: -ScreeningPipeline.threatHistoryDays * 86_400))
        let windowEnd = start.advanced(bySeconds: duration)
        let classifier = ManeuverIntentClassifier()
        var records: [ThreatWatch.Record] = []
        for (_, f) in findings.sorted(by: { ($0.key.asset, $0.key.object) < ($1.key.asset, $1.key.object) }) {
            let detections = maneuvers[f.objectID] ?? []
            let end = f.regime == .geo ? start.advanced(bySeconds: max(duration, analyzer.options.geoLookaheadDays * 86_400)) : windowEnd
            let inWindow = detections.filter { $0.windowEnd <= end }
            let considered = inWindow.isEmpty ? [] : classifier.objectManeuvers(
                detections: inWindow, history: pairHistories[f.objectID] ?? [], assetHistory: pairHistories[f.assetID] ?? [],
                radiusKm: f.radiusKm)
            let assessment = watch.assessor.assess(f, maneuvers: considered, windowStart: start)
            records.append(ThreatWatch.Record(assessment: assessment, windowStart: start, windowEnd: end, maneuvers: detections,
                                              firstSeen: Date(), updatedAt: Date()))
        }
        let seconds = (ContinuousClock.now - t0).inSeconds
        let alerts = watch.apply(records, reanalysed: inScope, assetsInCatalog: assetIDs.count,
                                 fastCrossings: reports.reduce(0) { $0 + $1.fastCrossings }, seconds: seconds,
                                 names: { snapshot.entries[$0]?.elementSet.objectName })
            .map { alert in
                // a threat alert inherits the markings of both objects' histories
                var marked = alert
                if let a = alert.primary, let o = alert.secondary { marked.marking = snapshot.pairMarking(a, o) ?? .japanOnly }
                return marked
            }
        let stored = alerts.isEmpty ? [] : try await store.insertAlerts(alerts)
        if !stored.isEmpty {
            await hub.publish(stored.map { AlertHub.Message($0, names: snapshot) })
        }
        metrics.alertsRaised.increment(by: stored.count)
        let levels = records.reduce(into: [ThreatAssessment.Level: Int]()) { $0[$1.assessment.level, default: 0] += 1 }
        logger.notice("threats: \(records.count) finding(s) for \(what) (\(levels[.high] ?? 0) high, \(levels[.medium] ?? 0) medium, \(levels[.low] ?? 0) low), \(stored.count) alert(s), \(String(format: "%.1f", seconds)) s")
    }

    /// How far back an object's history is read for its maneuvers, days.
    static let threatHistoryDays = 60.0

    /// Each object's detected maneuvers from its stored history (cached per element-set count).
    func maneuvers(of ids: Set<Int>, snapshot: LiveCatalog.Snapshot, before start: Instant, watch: ThreatWatch) async throws -> [Int: [ManeuverDetection]] {
        var out: [Int: [ManeuverDetection]] = [:]
        var missing: [Int] = []
        for id in ids {
            let count = snapshot.entries[id]?.elementSetCount ?? 0
            if let cached = watch.cachedManeuvers(id, count: count) { out[id] = cached } else { missing.append(id) }
        }
        guard !missing.isEmpty else { return out }
        let history = try await histories(of: missing, from: start.advanced(bySeconds: -ScreeningPipeline.threatHistoryDays * 86_400))
        let detector = try ManeuverDetector()
        for id in missing {
            let sets = history[id] ?? []
            let found = (try? detector.detect(history: sets)) ?? []
            out[id] = found
            watch.cacheManeuvers(id, count: snapshot.entries[id]?.elementSetCount ?? 0, found)
        }
        return out
    }

    /// The stored element sets of `ids` with epochs from `from`, by object, oldest first.
    func histories(of ids: [Int], from: Instant) async throws -> [Int: [ElementSet]] {
        var out: [Int: [ElementSet]] = [:]
        for chunk in stride(from: 0, to: ids.count, by: 200).map({ Array(ids[$0..<min(ids.count, $0 + 200)]) }) {
            var offset = 0
            while true {
                let page = try await store.elementSets(matching: ElementSetQuery(catalogNumbers: chunk, epochFrom: from,
                                                                                 order: .catalogNumberAscending, limit: 5_000, offset: offset))
                for row in page { out[row.elementSet.noradCatalogNumber, default: []].append(row.elementSet) }
                if page.count < 5_000 { break }
                offset += page.count
            }
        }
        return out
    }
}
