import Foundation
import Testing
import Astrodynamics
import SpaceData
@testable import Threats

/// Maneuver intent (``ManeuverIntentClassifier``) on the issue-6 inspector scenarios, a synthetic GEO
/// station-keeper next to a real GEO asset (Himawari 8's set of 2023-10-09) and a synthetic LEO reboost
/// after decay (from a real LEO set of 2023-10-09), each run through ``ManeuverDetector`` first so the
/// sets around each burn are the ones the detector reports.
@Suite("Maneuver intent")
struct ManeuverIntentTests {
    /// The detection whose window holds `time`.
    static func detection(at time: Instant, in detections: [ManeuverDetection]) -> ManeuverDetection? {
        detections.first { $0.windowStart <= time && $0.windowEnd >= time }
    }

    static func classify(_ d: ManeuverDetection, history: [ElementSet], assetHistory: [ElementSet], radiusKm: Double) throws
        -> ManeuverIntentResult {
        let before = try #require(history.last { $0.epoch <= d.windowStart })
        let after = try #require(history.first { $0.epoch >= d.windowEnd })
        let asset = try #require(assetHistory.last { $0.epoch <= d.windowEnd } ?? assetHistory.first)
        return ManeuverIntentClassifier().classify(d, before: before, after: after, asset: asset, radiusKm: radiusKm, history: history)
    }

    @Test("LEO inspector: the approach burn is toward the asset")
    func leoInspector() throws {
        let asset = try ProximityTests.leoAsset()
        let scenario = InspectorScenario.leo(asset: asset, start: asset.epoch)
        let burn = try #require(scenario.burns.first { $0.isApproach })
        let detections = try ManeuverDetector().detect(history: scenario.inspectorHistory)
        let d = try #require(Self.detection(at: burn.time, in: detections), "approach burn not detected: \(detections.map(\.reason))")
        let r = try Self.classify(d, history: scenario.inspectorHistory, assetHistory: scenario.assetHistory, radiusKm: 50)
        #expect(r.intent == .towardAsset, "\(r.reason)")
        // It passed 80 km below before the burn and comes within a few km after it.
        #expect(r.closestApproachBeforeKm > 50 && r.closestApproachAfterKm < 20,
                "before \(r.closestApproachBeforeKm) km, after \(r.closestApproachAfterKm) km")
        // Through the convenience the same intent reaches the assessment's maneuvers.
        let ms = ManeuverIntentClassifier().objectManeuvers(detections: detections, history: scenario.inspectorHistory,
                                                            assetHistory: scenario.assetHistory, radiusKm: 50)
        #expect(ms.contains { $0.intent == .towardAsset && $0.windowStart <= burn.time && $0.windowEnd >= burn.time })
    }

    @Test("GEO inspector: the approach burn (0.5 → 0.05°/day at 1°) is toward the asset")
    func geoInspector() throws {
        var asset = ElementSet(noradCatalogNumber: 99_200, epoch: try Instant(utc: "2023-10-09T00:00:00Z"),
                               meanMotionRevPerDay: 1.00273791, eccentricity: 0.0002, inclinationDeg: 0.05,
                               raanDeg: 80, argumentOfPericenterDeg: 10, meanAnomalyDeg: 120)
        asset.objectName = "GEO ASSET"
        let scenario = InspectorScenario.geo(asset: asset, start: asset.epoch)
        let burn = try #require(scenario.burns.first { $0.isApproach })
        let detections = try ManeuverDetector().detect(history: scenario.inspectorHistory)
        let d = try #require(Self.detection(at: burn.time, in: detections), "approach burn not detected")
        let r = try Self.classify(d, history: scenario.inspectorHistory, assetHistory: scenario.assetHistory, radiusKm: 100)
        #expect(r.intent == .towardAsset, "\(r.reason)")
        #expect(r.closestApproachAfterKm < r.closestApproachBeforeKm - 10,
                "before \(r.closestApproachBeforeKm) km, after \(r.closestApproachAfterKm) km")
    }

    // MARK: GEO station-keeper

    /// Mean motion (rev/day) at which SGP4 keeps `set` at a fixed Earth longitude (no drift over two
    /// sidereal days), found by three secant-free corrections Δn = −drift/360.
    static func geostationaryMeanMotion(_ set: ElementSet) throws -> Double {
        var s = set
        for _ in 0..<3 {
            let orbit = try SGP4(s.meanElements)
            let span = 2 * ManeuverIntentClassifier.siderealDaySeconds
            let l0 = try #require(ManeuverIntentClassifier.longitudeDeg(orbit, at: s.epoch))
            let l1 = try #require(ManeuverIntentClassifier.longitudeDeg(orbit, at: s.epoch.advanced(bySeconds: span)))
            s.meanMotionRevPerDay -= ManeuverIntentClassifier.wrap180(l1 - l0) / (span / 86_400) / 360
        }
        return s.meanMotionRevPerDay
    }

    /// Sets every `stepHours` for `days` of an object on `base`'s orbit whose mean longitude is
    /// `base`'s plus `offset(d).longitudeDeg` and drifts at `offset(d).driftDegPerDay` (d in days), with
    /// seeded noise of 0.0005° in longitude and 1e-9 rev/day in mean motion.
    static func geoHistory(base: ElementSet, number: Int, name: String, days: Double, stepHours: Double, seed: UInt64,
                           offset: (Double) -> (longitudeDeg: Double, driftDegPerDay: Double)) throws -> [ElementSet] {
        let nGeo = try geostationaryMeanMotion(base)
        let lambda0 = ManeuverIntentClassifier.meanLongitudeDeg(base)
        var rng = SeededNormal(seed: seed)
        var out: [ElementSet] = []
        var k = 0
        while Double(k) * stepHours <= days * 24 {
            let d = Double(k) * stepHours / 24
            var s = base
            s.noradCatalogNumber = number
            s.objectName = name
            s.epoch = base.epoch.advanced(bySeconds: d * 86_400)
            s.elementSetNumber = k + 1
            s.bstar = 0
            s.meanMotionDot = 0
            let o = offset(d)
            s.meanMotionRevPerDay = nGeo + o.driftDegPerDay / 360 + 1e-9 * rng.normal()
            let gmst = SiderealTime.gmst1982Rad(at: s.epoch, .zero) * 180 / .pi
            var m = lambda0 + o.longitudeDeg + 0.0005 * rng.normal() + gmst - s.raanDeg - s.argumentOfPericenterDeg
            m = m.truncatingRemainder(dividingBy: 360)
            s.meanAnomalyDeg = m < 0 ? m + 360 : m
            out.append(s)
            k += 1
        }
        return out
    }

    /// East-west station-keeping every `cycleDays`: the longitude runs from −0.05° to +0.05° about the
    /// slot and back (a burn at each end reverses the drift), `slotDeg` east of the asset.
    static func keeperOffset(slotDeg: Double, cycleDays: Double = 14, halfBoxDeg: Double = 0.05) -> (Double) -> (Double, Double) {
        let rate = 2 * halfBoxDeg / cycleDays
        return { d in
            let p = d.truncatingRemainder(dividingBy: 2 * cycleDays)
            return p < cycleDays ? (slotDeg - halfBoxDeg + rate * p, rate) : (slotDeg + halfBoxDeg - rate * (p - cycleDays), -rate)
        }
    }

    @Test("GEO station-keeper 0.5° from the asset: every east-west burn is station-keeping and earns no maneuver points")
    func geoStationKeeper() throws {
        let base = try Fixture.himawari8()
        let assetHistory = try Self.geoHistory(base: base, number: 40267, name: "HIMAWARI 8", days: 56, stepHours: 12, seed: 7) { _ in (0, 0) }
        let keeper = try Self.geoHistory(base: base, number: 99_300, name: "NEIGHBOUR", days: 56, stepHours: 12, seed: 8,
                                         offset: Self.keeperOffset(slotDeg: 0.5))
        // The history keeps its box (the premise of the test).
        let longitudes = keeper.map { ManeuverIntentClassifier.wrap180(ManeuverIntentClassifier.meanLongitudeDeg($0) - ManeuverIntentClassifier.meanLongitudeDeg(base)) }
        #expect(longitudes.allSatisfy { abs($0 - 0.5) < 0.055 }, "\(longitudes.min()!)…\(longitudes.max()!)")
        let detections = try ManeuverDetector().detect(history: keeper)
        let burns = [14.0, 28, 42].map { base.epoch.advanced(bySeconds: $0 * 86_400) }
        let found = burns.compactMap { Self.detection(at: $0, in: detections) }
        #expect(found.count >= 2, "detected \(found.count) of 3 burns: \(detections.map(\.reason))")
        let classifier = ManeuverIntentClassifier()
        let maneuvers = classifier.objectManeuvers(detections: detections, history: keeper, assetHistory: assetHistory, radiusKm: 100)
        #expect(!maneuvers.isEmpty)
        for m in maneuvers {
            #expect(m.intent == .stationKeeping, "\(m.windowStart.iso8601UTC(fractionDigits: 0)): \(m.intentReason ?? "")")
        }
        // The assessment: a finding only exists with a radius wider than the slot spacing (600 km here);
        // the maneuvers, classified with the real 100 km radius, add nothing.
        var options = ProximityAnalyzer.Options()
        options.geoRadiusKm = 600
        let at = try #require(keeper.last).epoch
        let report = ProximityAnalyzer(options: options).analyze(catalog: [assetHistory.last!, keeper.last!], assets: [40267],
                                                                 start: at, durationSeconds: 86_400)
        let finding = try #require(report.findings.first)
        let assessor = ThreatAssessor()
        let with = assessor.assess(finding, maneuvers: maneuvers, windowStart: at)
        let without = assessor.assess(finding, windowStart: at)
        #expect(abs(with.score - without.score) < 1e-9, "\(with.reasons)")
        #expect(with.reasons.contains { $0.hasPrefix("station-keeping (") })
        #expect(!with.reasons.contains { $0.contains("maneuvered") })
        // The same maneuvers unclassified would have earned 15 (the rule before intents).
        let plain = maneuvers.map { ObjectManeuver(windowStart: $0.windowStart, windowEnd: $0.windowEnd, deltaVMetersPerSecond: $0.deltaVMetersPerSecond) }
        var entered = finding
        entered.firstInsideRadius = at.advanced(bySeconds: 3600)
        #expect(assessor.assess(entered, maneuvers: plain, windowStart: at).score >= assessor.assess(entered, windowStart: at).score + 15)
    }

    @Test("The same neighbour turning toward the asset at its third burn is toward the asset")
    func geoKeeperTurnsToward() throws {
        let base = try Fixture.himawari8()
        let assetHistory = try Self.geoHistory(base: base, number: 40267, name: "HIMAWARI 8", days: 56, stepHours: 12, seed: 7) { _ in (0, 0) }
        let keep = Self.keeperOffset(slotDeg: 0.5)
        let keeper = try Self.geoHistory(base: base, number: 99_300, name: "NEIGHBOUR", days: 56, stepHours: 12, seed: 8) { d in
            d < 42 ? keep(d) : (0.55 - 0.05 * (d - 42), -0.05)
        }
        let detections = try ManeuverDetector().detect(history: keeper)
        let d = try #require(Self.detection(at: base.epoch.advanced(bySeconds: 42 * 86_400), in: detections))
        let r = try Self.classify(d, history: keeper, assetHistory: assetHistory, radiusKm: 100)
        #expect(r.intent == .towardAsset, "\(r.reason)")
    }

    // MARK: LEO reboost

    @Test("LEO reboost after 10 days of decay is station-keeping, even with the asset co-orbital ahead")
    func leoReboost() throws {
        var base = try ProximityTests.leoAsset()
        base.noradCatalogNumber = 99_400
        // ṅ/2 = 1.7e-4 rev/day²: the semi-major axis falls about 1 km in 10 days.
        base.meanMotionDot = 1.7e-4
        let quiet = syntheticHistory(from: base, count: 61, stepHours: 6, noise: .leo, seed: 11)
        let burn = base.epoch.advanced(bySeconds: 10 * 86_400 + 3 * 3600)
        let n = base.meanMotionRevPerDay * 2 * .pi / 86_400
        let a = pow(GravityModel.wgs72.muKm3PerS2 / (n * n), 1.0 / 3.0)
        let dvT = (GravityModel.wgs72.muKm3PerS2 / a).squareRoot() * 1.0 / (2 * a) * 1000   // Δa = +1 km, m/s
        let history = ManeuverInjection.apply(to: quiet, at: burn, tangentialMetersPerSecond: dvT, normalMetersPerSecond: 0)
        let detections = try ManeuverDetector().detect(history: history)
        let d = try #require(Self.detection(at: burn, in: detections), "reboost not detected: \(detections.map(\.reason))")
        let after = try #require(history.first { $0.epoch >= d.windowEnd })
        // The asset flies the restored orbit 3° ahead: without the burn the decayed object would have
        // caught up with it within the 3-day horizon.
        var asset = after
        asset.noradCatalogNumber = 99_401
        asset.meanAnomalyDeg = (asset.meanAnomalyDeg + 3).truncatingRemainder(dividingBy: 360)
        let r = try Self.classify(d, history: history, assetHistory: [asset], radiusKm: 50)
        #expect(r.intent == .stationKeeping, "\(r.reason)")
        #expect(r.reason.contains("reboost"))
        // A lowering burn at the same time is not station-keeping.
        let lowered = ManeuverInjection.apply(to: quiet, at: burn, tangentialMetersPerSecond: -dvT, normalMetersPerSecond: 0)
        let dl = try #require(Self.detection(at: burn, in: try ManeuverDetector().detect(history: lowered)))
        let rl = try Self.classify(dl, history: lowered, assetHistory: [asset], radiusKm: 50)
        #expect(rl.intent != .stationKeeping, "\(rl.reason)")
    }

    @Test("LEO plane matching: a normal burn into the asset's plane is toward it; one out of it is not")
    func leoPlaneMatch() throws {
        let asset = try ProximityTests.leoAsset()
        // 10° ahead at the asset's altitude; the burn at the sets' common epoch (an impulsive plane change).
        func object(_ inclinationOffsetDeg: Double) -> ElementSet {
            ProximityTests.companion(asset, number: 99_600, meanAnomalyDeg: 10, inclinationDeg: inclinationOffsetDeg)
        }
        let before = object(0.1), into = object(0.005), outOf = object(0.3)
        func detection(_ after: ElementSet) -> ManeuverDetection {
            let plane = abs(after.inclinationDeg - before.inclinationDeg) * .pi / 180
            return ManeuverDetection(
                noradCatalogNumber: 99_600, objectName: nil, regime: .leo, windowStart: before.epoch, windowEnd: after.epoch,
                deltaVMetersPerSecond: 7600 * plane, deltaVRTNMetersPerSecond: SIMD3(0, 0, 7600 * plane), direction: .normal,
                confidence: 1, significance: 20,
                changes: ManeuverElementChanges(semiMajorAxisKm: 0, inclinationRad: after.inclinationDeg > before.inclinationDeg ? plane : -plane,
                                                nodeTimesSinInclinationRad: 0, planeChangeRad: plane, eccentricityVector: 0,
                                                longitudeDriftRateDegPerDay: 0),
                reason: "synthetic")
        }
        let c = ManeuverIntentClassifier()
        let r = c.classify(detection(into), before: before, after: into, asset: asset, radiusKm: 50, history: [before, into])
        #expect(r.intent == .towardAsset && r.reason.contains("orbit plane"), "\(r.reason)")
        let away = c.classify(detection(outOf), before: before, after: outOf, asset: asset, radiusKm: 50, history: [before, outOf])
        #expect(away.intent == .awayOrOther, "\(away.reason)")
    }

    // MARK: scoring

    @Test("Scoring: toward 15, station-keeping 0 with its reason, unknown as before, away 5")
    func scoring() throws {
        let t = try Instant(utc: "2026-05-25T00:00:00Z")
        let finding = ProximityFinding(
            assetID: 40267, assetName: "HIMAWARI 8", objectID: 99_300, objectName: "NEIGHBOUR", regime: .geo, radiusKm: 100,
            closestApproachKm: 40, tca: t.advanced(bySeconds: 7200), relativeSpeedKmPerS: 0.01, persistenceHours: 10, coLocationKm: 100, coLocatedHours: 10,
            maximumRangeKm: 90, maximumRangeFirstDayKm: 90, firstInsideRadius: t.advanced(bySeconds: 3600), planeAngleDeg: 0.01, longitudeSeparationDeg: 0.05, assetDriftDegPerDay: nil, objectDriftDegPerDay: nil,
            meanMotionDifferenceRevPerDay: 0, objectElementAgeDays: 0.5)
        func burn(_ intent: ManeuverIntent) -> ObjectManeuver {
            ObjectManeuver(windowStart: t.advanced(bySeconds: -86_400), windowEnd: t.advanced(bySeconds: -43_200),
                           deltaVMetersPerSecond: 0.1, intent: intent, intentReason: intent == .unknown ? nil : "because")
        }
        let assessor = ThreatAssessor()
        let none = assessor.assess(finding, windowStart: t).score
        let toward = assessor.assess(finding, maneuvers: [burn(.towardAsset)], windowStart: t)
        #expect(abs(toward.score - none - 15) < 1e-9)
        #expect(toward.reasons.contains { $0.hasPrefix("maneuvered toward the asset before approaching") && $0.hasSuffix("because") })
        let keeping = assessor.assess(finding, maneuvers: [burn(.stationKeeping), burn(.stationKeeping)], windowStart: t)
        #expect(abs(keeping.score - none) < 1e-9)
        #expect(keeping.reasons.contains { $0.hasPrefix("station-keeping (2 burn(s)") })
        let unknown = assessor.assess(finding, maneuvers: [burn(.unknown)], windowStart: t)
        #expect(abs(unknown.score - none - 15) < 1e-9)
        #expect(unknown.reasons.contains { $0.hasPrefix("maneuvered before approaching") })
        let away = assessor.assess(finding, maneuvers: [burn(.awayOrOther), burn(.stationKeeping)], windowStart: t)
        #expect(abs(away.score - none - 5) < 1e-9)
        // A toward burn outweighs station-keeping in the same history.
        let mixed = assessor.assess(finding, maneuvers: [burn(.stationKeeping), burn(.towardAsset)], windowStart: t)
        #expect(abs(mixed.score - none - 15) < 1e-9)
    }
}
