import Foundation
import Testing
import Astrodynamics
import SpaceData
@testable import Threats

/// Rendezvous and proximity findings and their scores on constructed scenes: a real LEO set
/// (Tests/Fixtures/maintenance/leo30_2023-10-09.3le, Space-Track 2023-10-09) as the protected
/// asset with an inspector in its plane a few tens of km behind, closing slowly; a GEO asset with a
/// neighbour parked 0.05° (~37 km) away, as Luch/Olymp parked beside Intelsat satellites; and
/// objects that should not be findings.
@Suite("Rendezvous and proximity")
struct ProximityTests {
    static func leoAsset() throws -> ElementSet {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/maintenance/leo30_2023-10-09.3le")
        let sets = ElementSetReader().read(files: [url.path]).records
        return try #require(sets.first { $0.meanMotionRevPerDay > 14.5 && $0.meanMotionRevPerDay < 15.3 && $0.eccentricity < 0.01 })
    }

    /// `base` renumbered, shifted along its orbit by `meanAnomalyDeg` and drifting by `relativeMeanMotion`.
    static func companion(_ base: ElementSet, number: Int, meanAnomalyDeg: Double, relativeMeanMotion: Double = 0,
                          inclinationDeg: Double = 0) -> ElementSet {
        var c = base
        c.noradCatalogNumber = number
        c.objectName = "OBJECT \(number)"
        c.meanAnomalyDeg = (c.meanAnomalyDeg + meanAnomalyDeg + 360).truncatingRemainder(dividingBy: 360)
        c.meanMotionRevPerDay *= 1 + relativeMeanMotion
        c.inclinationDeg += inclinationDeg
        return c
    }

    @Test("An inspector in the asset's plane closing slowly is a high-level finding with its reasons")
    func leoInspector() throws {
        let asset = try Self.leoAsset()
        // 0.3° behind (~36 km) and 0.001 % faster: closes ~13 km over the day, never crossing.
        let inspector = Self.companion(asset, number: 80_123, meanAnomalyDeg: -0.3, relativeMeanMotion: 1e-5)
        let far = Self.companion(asset, number: 99_002, meanAnomalyDeg: 40)
        let start = asset.epoch
        let report = ProximityAnalyzer().analyze(catalog: [asset, inspector, far], assets: [asset.noradCatalogNumber],
                                                 start: start, durationSeconds: 86_400)
        #expect(report.missingAssets.isEmpty)
        #expect(report.findings.count == 1)
        let f = try #require(report.findings.first)
        #expect(f.objectID == 80_123 && f.assetID == asset.noradCatalogNumber)
        #expect(f.regime == .leo && f.radiusKm == 50)
        #expect(f.closestApproachKm < 36 && f.closestApproachKm > 15, "closest \(f.closestApproachKm) km")
        #expect(f.relativeSpeedKmPerS < 0.05, "relative speed \(f.relativeSpeedKmPerS) km/s")
        #expect(abs(f.persistenceHours - 24) < 0.1, "inside all day: \(f.persistenceHours) h")
        #expect(f.planeAngleDeg < 0.01)
        let burn = ObjectManeuver(windowStart: start.advanced(bySeconds: -2 * 86_400), windowEnd: start.advanced(bySeconds: -86_400),
                                  deltaVMetersPerSecond: 0.4)
        let a = ThreatAssessor().assess(f, maneuvers: [burn], windowStart: start)
        #expect(a.level == .high, "score \(a.score): \(a.reasons)")
        #expect(a.reasons.contains { $0.contains("maneuvered before approaching") })
        #expect(a.reasons.contains { $0.contains("analyst object") })
        #expect(a.reasons.contains { $0.contains("orbit plane") })
        // Without the maneuver and as a catalogued object the same geometry scores lower.
        var plain = f
        plain.objectID = 99_001
        let b = ThreatAssessor().assess(plain, windowStart: start)
        #expect(b.score < a.score - 19)
    }

    @Test("A GEO neighbour parked 0.05° away is a finding with its longitude separation")
    func geoParking() throws {
        var asset = ElementSet(noradCatalogNumber: 99_100, epoch: try Instant(utc: "2023-10-09T00:00:00Z"),
                               meanMotionRevPerDay: 1.00273791, eccentricity: 0.0002, inclinationDeg: 0.05,
                               raanDeg: 80, argumentOfPericenterDeg: 10, meanAnomalyDeg: 120)
        asset.objectName = "GEO ASSET"
        let neighbour = Self.companion(asset, number: 99_101, meanAnomalyDeg: 0.05)
        let distant = Self.companion(asset, number: 99_102, meanAnomalyDeg: 2)   // ~1,500 km away
        let report = ProximityAnalyzer().analyze(catalog: [asset, neighbour, distant], assets: [99_100],
                                                 start: asset.epoch, durationSeconds: 2 * 86_400)
        #expect(report.findings.map(\.objectID) == [99_101])
        let f = try #require(report.findings.first)
        #expect(f.regime == .geo && f.radiusKm == 100)
        #expect(abs(f.closestApproachKm - 36.8) < 3, "GEO 0.05° ≈ 36.8 km: \(f.closestApproachKm)")
        let gap = try #require(f.longitudeSeparationDeg)
        #expect(abs(gap - 0.05) < 0.01)
        let a = ThreatAssessor().assess(f, windowStart: asset.epoch)
        #expect(a.level >= .medium, "score \(a.score): \(a.reasons)")
        #expect(a.reasons.contains { $0.contains("of longitude from the asset") })
    }

    @Test("A missing asset is reported, not an error; an empty catalog gives no findings")
    func missingAsset() throws {
        let asset = try Self.leoAsset()
        let report = ProximityAnalyzer().analyze(catalog: [asset], assets: [asset.noradCatalogNumber, 12],
                                                 start: asset.epoch, durationSeconds: 3600)
        #expect(report.missingAssets == [12])
        #expect(report.findings.isEmpty)
    }
}

/// The scenarios of issue 6: an inspector launched into a protected LEO satellite's plane that
/// closes in with a few burns, and a GEO one that drifts over and parks about 10 km away. Each must
/// be flagged, with the right asset named, no later than the first element set after its first
/// approach burn.
@Suite("Inspector scenarios")
struct InspectorScenarioTests {
    @Test("LEO inspector: flagged by the first set after the approach burn, against the right asset")
    func leo() throws {
        let asset = try ProximityTests.leoAsset()
        let scenario = InspectorScenario.leo(asset: asset, start: asset.epoch)
        #expect(scenario.burns.count == 2)
        let approach = try #require(scenario.firstSetAfterApproach)
        let alert = try #require(scenario.firstAlert())
        #expect(alert.epoch <= approach.epoch, "flagged at \(alert.epoch.iso8601UTC()), first set after the burn \(approach.epoch.iso8601UTC())")
        #expect(alert.assessment.finding.assetID == asset.noradCatalogNumber)
        #expect(alert.assessment.finding.objectID == scenario.inspectorNumber)
        // Before the approach burn it passes 80 km below: no finding from the first set.
        let first = try #require(scenario.inspectorHistory.first)
        #expect(first.epoch < alert.epoch, "the fast drift 80 km below is not an RPO")
        // It ends holding about 30 km behind, in the plane, slowly.
        let last = ProximityAnalyzer().analyze(catalog: [scenario.assetHistory.last!, scenario.inspectorHistory.last!],
                                               assets: [asset.noradCatalogNumber], start: scenario.inspectorHistory.last!.epoch,
                                               durationSeconds: 86_400)
        let hold = try #require(last.findings.first)
        #expect(hold.closestApproachKm > 15 && hold.closestApproachKm < 45, "holding at \(hold.closestApproachKm) km")
        #expect(hold.persistenceHours > 23)
        #expect(ThreatAssessor().assess(hold, windowStart: hold.tca).level >= .medium)
    }

    @Test("GEO inspector: flagged by the first set after the approach burn, parks about 10 km away")
    func geo() throws {
        var asset = ElementSet(noradCatalogNumber: 99_200, epoch: try Instant(utc: "2023-10-09T00:00:00Z"),
                               meanMotionRevPerDay: 1.00273791, eccentricity: 0.0002, inclinationDeg: 0.05,
                               raanDeg: 80, argumentOfPericenterDeg: 10, meanAnomalyDeg: 120)
        asset.objectName = "GEO ASSET"
        let scenario = InspectorScenario.geo(asset: asset, start: asset.epoch)
        let approach = try #require(scenario.firstSetAfterApproach)
        let alert = try #require(scenario.firstAlert())
        #expect(alert.epoch <= approach.epoch)
        #expect(alert.assessment.finding.assetID == 99_200)
        let end = try #require(scenario.inspectorHistory.last)
        let d = try positionKm(end, at: end.epoch) - positionKm(scenario.assetHistory.last!, at: end.epoch)
        let km = (d * d).sum().squareRoot()
        #expect(km > 5 && km < 20, "parked \(km) km away")
    }

    func positionKm(_ s: ElementSet, at t: Instant) throws -> SIMD3<Double> {
        try SGP4(s.meanElements).state(at: t).positionKm
    }
}
