import Foundation
import Testing
import Astrodynamics
import SpaceData
@testable import Threats

/// The coarse-to-fine sampling of `ProximityAnalyzer.measure` must give what sampling every
/// `sampleSeconds` gives: the same closest approach, TCA, relative speed there, persistence and
/// first entry, for co-orbital holds, slow drifts, plane-offset passes and fast crossings, in LEO
/// and GEO.
@Suite("Proximity sampling: coarse to fine equals the full grid")
struct ProximitySamplingTests {
    static func fullGrid() -> ProximityAnalyzer {
        var o = ProximityAnalyzer.Options()
        o.coarseSampling = 1
        o.geoCoarseSampling = 1
        return ProximityAnalyzer(options: o)
    }

    func compare(_ catalog: [ElementSet], assets: [Int], start: Instant, days: Double, sourceLocation: SourceLocation = #_sourceLocation) -> Int {
        let fast = ProximityAnalyzer().analyze(catalog: catalog, assets: assets, start: start, durationSeconds: days * 86_400)
        let full = Self.fullGrid().analyze(catalog: catalog, assets: assets, start: start, durationSeconds: days * 86_400)
        #expect(fast.findings.count == full.findings.count, sourceLocation: sourceLocation)
        #expect(fast.fastCrossings == full.fastCrossings, sourceLocation: sourceLocation)
        for (a, b) in zip(fast.findings, full.findings) {
            #expect(a.objectID == b.objectID, sourceLocation: sourceLocation)
            #expect(a.closestApproachKm == b.closestApproachKm, "\(a.objectID): \(a.closestApproachKm) vs \(b.closestApproachKm) km", sourceLocation: sourceLocation)
            #expect(a.tca == b.tca, sourceLocation: sourceLocation)
            #expect(a.relativeSpeedKmPerS == b.relativeSpeedKmPerS, sourceLocation: sourceLocation)
            #expect(a.persistenceHours == b.persistenceHours, "\(a.objectID): \(a.persistenceHours) vs \(b.persistenceHours) h", sourceLocation: sourceLocation)
            #expect(a.firstInsideRadius == b.firstInsideRadius, sourceLocation: sourceLocation)
            #expect(a.maximumRangeKm <= b.maximumRangeKm, sourceLocation: sourceLocation)
        }
        return full.findings.count
    }

    @Test("LEO: a hold 30 km behind, slow drifts through the radius, a plane-offset companion")
    func leo() throws {
        let asset = try ProximityTests.leoAsset()
        var catalog = [asset]
        // Holding, drifting slowly through (about 0.5°/day and 3°/day), and in a plane 0.3° off.
        catalog.append(ProximityTests.companion(asset, number: 99_011, meanAnomalyDeg: -0.25))
        catalog.append(ProximityTests.companion(asset, number: 99_012, meanAnomalyDeg: -0.6, relativeMeanMotion: 1e-4))
        catalog.append(ProximityTests.companion(asset, number: 99_013, meanAnomalyDeg: -2, relativeMeanMotion: 6e-4))
        catalog.append(ProximityTests.companion(asset, number: 99_014, meanAnomalyDeg: 0.1, inclinationDeg: 0.3))
        let scenario = InspectorScenario.leo(asset: asset, start: asset.epoch)
        catalog.append(scenario.inspectorHistory[scenario.inspectorHistory.count / 2])
        let found = compare(catalog, assets: [asset.noradCatalogNumber], start: asset.epoch, days: 2)
        #expect(found >= 4)
    }

    @Test("GEO: Himawari 8 with a parked neighbour, a drifting one and an inclined one, over the 30-day lookahead")
    func geo() throws {
        let asset = try Fixture.himawari8()
        var catalog = [asset]
        catalog.append(ProximityTests.companion(asset, number: 99_021, meanAnomalyDeg: 0.0136))
        catalog.append(ProximityTests.companion(asset, number: 99_022, meanAnomalyDeg: -1, relativeMeanMotion: 1.4e-3))
        catalog.append(ProximityTests.companion(asset, number: 99_023, meanAnomalyDeg: 0.05, inclinationDeg: 1.5))
        let found = compare(catalog, assets: [asset.noradCatalogNumber], start: asset.epoch, days: 1)
        #expect(found >= 3)
    }
}

/// Co-location: objects that stay with an asset for days without entering its RPO radius, as
/// Kosmos 2542 held 150–300 km from USA 245 in its plane (2020), are findings; drifting or
/// off-plane neighbours are not.
@Suite("Co-location outside the RPO radius")
struct CoLocationTests {
    @Test("LEO: a co-planar object holding about 240 km behind is found; a fast drifter and an off-plane one are not")
    func leo() throws {
        let asset = try ProximityTests.leoAsset()
        let holding = ProximityTests.companion(asset, number: 99_031, meanAnomalyDeg: -2)          // ~240 km behind, same period
        let drifting = ProximityTests.companion(asset, number: 99_032, meanAnomalyDeg: -2, relativeMeanMotion: 2e-2)  // ~90 km lower, ~110°/day
        let offPlane = ProximityTests.companion(asset, number: 99_033, meanAnomalyDeg: -1, inclinationDeg: 3)
        let report = ProximityAnalyzer().analyze(catalog: [asset, holding, drifting, offPlane], assets: [asset.noradCatalogNumber],
                                                 start: asset.epoch, durationSeconds: 2 * 86_400)
        #expect(report.findings.map(\.objectID) == [99_031], "\(report.findings.map { ($0.objectID, $0.coLocatedHours, $0.closestApproachKm) })")
        let f = try #require(report.findings.first)
        #expect(f.closestApproachKm > 150 && f.closestApproachKm < 350, "\(f.closestApproachKm) km")
        #expect(f.persistenceHours == 0, "never inside the 50 km radius")
        #expect(f.coLocatedHours > 47, "with the asset the whole window: \(f.coLocatedHours) h")
        #expect(f.coLocationKm == 500)
    }

    @Test("GEO with a 0.5° box (370 km): a neighbour parked 0.3° away is co-located; one 1° away is not; the default box is the radius")
    func geo() throws {
        let asset = try Fixture.himawari8()
        let near = ProximityTests.companion(asset, number: 99_041, meanAnomalyDeg: 0.3)
        let far = ProximityTests.companion(asset, number: 99_042, meanAnomalyDeg: 1)
        let byDefault = ProximityAnalyzer().analyze(catalog: [asset, near, far], assets: [asset.noradCatalogNumber],
                                                    start: asset.epoch, durationSeconds: 86_400)
        #expect(byDefault.findings.isEmpty, "slot neighbours 0.3° away are not findings by default")
        var options = ProximityAnalyzer.Options()
        options.geoCoLocationKm = 370
        let report = ProximityAnalyzer(options: options).analyze(catalog: [asset, near, far], assets: [asset.noradCatalogNumber],
                                                 start: asset.epoch, durationSeconds: 86_400)
        #expect(report.findings.map(\.objectID) == [99_041])
        let f = try #require(report.findings.first)
        #expect(f.closestApproachKm > 150 && f.closestApproachKm < 300, "0.3° of GEO is about 220 km: \(f.closestApproachKm) km")
        #expect(f.coLocatedHours > 24 * 20, "held over the 30-day GEO lookahead: \(f.coLocatedHours) h")
    }
}

@Suite("Scoring co-location and friendly owners")
struct CoLocationScoringTests {
    @Test("a co-planar shadow at 240 km for two days earns the co-location points; a US-owned one is capped at low")
    func shadow() throws {
        let asset = try ProximityTests.leoAsset()
        var holding = ProximityTests.companion(asset, number: 99_031, meanAnomalyDeg: -2)
        holding.objectName = "COSMOS 9999"
        let f = try #require(ProximityAnalyzer().analyze(catalog: [asset, holding], assets: [asset.noradCatalogNumber],
                                                         start: asset.epoch, durationSeconds: 2 * 86_400).findings.first)
        let a = ThreatAssessor().assess(f, windowStart: asset.epoch)
        #expect(a.reasons.contains { $0.hasPrefix("stayed within 500 km of the asset outside its RPO radius") }, "\(a.reasons)")
        // co-planar 10 + co-location 10 + slow 15 + owner CIS (from the name) 10
        #expect(a.score >= 44 && a.score <= 46, "score \(a.score): \(a.reasons)")
        #expect(a.level == .medium)
        var friendlyObject = f
        friendlyObject.objectName = "USA 999"
        let b = ThreatAssessor().assess(friendlyObject, windowStart: asset.epoch)
        #expect(b.level == .low)
        #expect(b.reasons.first?.contains("is friendly") == true, "\(b.reasons)")
    }
}

@Suite("Docked vehicles and drifting assets")
struct DockedAndDriftTests {
    @Test("a vehicle whose set agrees with its station's at epoch but spreads 1–3 km by day two is docked (low)")
    func docked() throws {
        let asset = try ProximityTests.leoAsset()
        // 0.2 km behind, separating at ~1.4 km/day: under 2 km all of day one, over it by day two.
        let vehicle = ProximityTests.companion(asset, number: 99_051, meanAnomalyDeg: -0.0017, relativeMeanMotion: -1e-7)
        let f = try #require(ProximityAnalyzer().analyze(catalog: [asset, vehicle], assets: [asset.noradCatalogNumber],
                                                         start: asset.epoch, durationSeconds: 2 * 86_400).findings.first)
        #expect(f.maximumRangeFirstDayKm <= 2, "\(f.maximumRangeFirstDayKm) km")
        #expect(f.maximumRangeKm > f.maximumRangeFirstDayKm)
        let a = ThreatAssessor().assess(f, windowStart: asset.epoch)
        #expect(a.level == .low)
        #expect(a.reasons.first?.contains("docked or attached") == true, "\(a.reasons)")
    }

    @Test("GEO: a drifting asset passing a station-kept object loses 10 points, with the reason")
    func assetDrift() throws {
        let asset = try Fixture.himawari8()
        var drifting = asset
        drifting.meanMotionRevPerDay = 1.002_737_91 + 0.3 / 360  // the asset drifts 0.3°/day east
        var station = ProximityTests.companion(asset, number: 99_061, meanAnomalyDeg: 0.2)
        station.meanMotionRevPerDay = 1.002_737_91
        let f = try #require(ProximityAnalyzer().analyze(catalog: [drifting, station], assets: [asset.noradCatalogNumber],
                                                         start: asset.epoch, durationSeconds: 86_400).findings.first)
        let a = ThreatAssessor().assess(f, windowStart: asset.epoch)
        #expect(a.reasons.contains { $0.contains("the approach is the asset's own motion") }, "\(a.reasons)")
        var still = f
        still.assetDriftDegPerDay = 0.001
        let b = ThreatAssessor().assess(still, windowStart: asset.epoch)
        #expect(abs(b.score - a.score - 10) < 1e-9 || a.score == 0)
    }
}
