import Astrodynamics
import Foundation
import Hummingbird
import HummingbirdTesting
import HummingbirdWSClient
import Logging
import NIOCore
@testable import OperationsCenter
import Persistence
import SpaceData
import Testing
@testable import Threats

/// A LEO inspector scenario (Threats' `InspectorScenario`, after Kosmos 2542 and USA 245) played
/// into a running center: the sets known before its approach burn are the bootstrap catalog, the
/// later ones arrive by POST, as a catalog update would bring them.
struct InspectorArrival {
    static let assetNumber = 99_100
    let scenario: InspectorScenario
    let directory: URL
    let catalog: URL
    let assets: URL
    /// The inspector's sets after the approach burn, up to the operations time (3LE text).
    let arrivalText: String
    let approachBurn: Instant

    init() throws {
        var asset = ElementSet(noradCatalogNumber: Self.assetNumber, epoch: OpsFixture.windowStart.advanced(bySeconds: -6 * 86_400),
                               meanMotionRevPerDay: 15.2, eccentricity: 0.0004, inclinationDeg: 51.6,
                               raanDeg: 100, argumentOfPericenterDeg: 30, meanAnomalyDeg: 0)
        asset.objectName = "TEST ASSET"
        scenario = InspectorScenario.leo(asset: asset, start: asset.epoch, days: 6, setIntervalHours: 4, inspectorNumber: 99_001)
        let burn = try #require(scenario.burns.first { $0.isApproach }).time
        approachBurn = burn
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("kanshi-threats-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let now = OpsFixture.windowStart
        let scenario = self.scenario
        let known = scenario.assetHistory.filter { $0.epoch <= now } + scenario.inspectorHistory.filter { $0.epoch < burn }
        let later = scenario.inspectorHistory.filter { $0.epoch > burn && $0.epoch <= now }
        var errors: [ParseError] = []
        let writer = TLEWriter(nameLines: .zeroPrefixed)
        let base = try String(contentsOf: OpsFixture.catalog, encoding: .utf8)
        catalog = directory.appendingPathComponent("catalog.3le")
        try (base + (base.hasSuffix("\n") ? "" : "\n") + writer.write(known, errors: &errors)).write(to: catalog, atomically: true, encoding: .utf8)
        arrivalText = writer.write(later, errors: &errors)
        #expect(errors.isEmpty)
        assets = directory.appendingPathComponent("assets.json")
        try """
        {"version": 1, "assets": [{"norad_id": \(Self.assetNumber), "name": "TEST ASSET", "owner": "USA", "regime": "LEO", "why": "test"}]}
        """.write(to: assets, atomically: true, encoding: .utf8)
    }
}

@Suite("Threat watch in the operations center", .serialized)
struct ThreatWatchTests {
    @Test("an inspector's post-burn sets arrive → threat alert on the WebSocket; /threats and the threat page data explain it")
    func inspectorArrival() async throws {
        let play = try InspectorArrival()
        let center = makeCenter(store: try await makeStore()) {
            $0.bootstrapCatalog = play.catalog
            $0.protectedAssets = play.assets
        }
        try await center.application().test(.live) { raw in
            let client = try await signedIn(raw, center)
            try await waitUntilIdle(center)
            let watch = try #require(center.threats)
            #expect(watch.status.runs >= 1, "the bootstrap screening assesses threats")
            #expect(watch.status.assetsInCatalog == 1)
            #expect(watch.record(asset: InspectorArrival.assetNumber, object: 99_001) == nil,
                    "80 km below and drifting fast before its approach burn: not an RPO")
            let port = try #require(client.port)
            let received = Received(), connected = Received()
            let before = center.pipeline.status.screenings
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    try await WebSocketClient.connect(url: "ws://127.0.0.1:\(port)/api/v1/alerts/stream?access_token=\(client.secret)", logger: Logger(label: "ws-test")) { inbound, _, _ in
                        await connected.add("open")
                        for try await message in inbound.messages(maxSize: 1 << 20) {
                            guard case .text(let text) = message else { continue }
                            await received.add(text)
                            if text.contains("\"threat.new\"") { return }
                        }
                    }
                }
                try await received.waitFor(connected, 1)
                while await center.hub.subscriberCount == 0 { try await Task.sleep(for: .milliseconds(20)) }
                let post = try await client.execute(uri: "/api/v1/gp", method: .post, body: ByteBuffer(string: play.arrivalText))
                #expect(post.status == .ok, "\(post.text)")
                try await group.next()
                group.cancelAll()
            }
            try await waitForScreenings(center, before + 1)
            let texts = await received.items
            let text = try #require(texts.first { $0.contains("\"threat.new\"") })
            let alert = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
            #expect((alert["primary"] as? [String: Any])?["norad_cat_id"] as? Int == InspectorArrival.assetNumber, "the asset is named")
            #expect((alert["secondary"] as? [String: Any])?["norad_cat_id"] as? Int == 99_001, "the inspector is named")
            #expect(alert["severity"] as? String == "critical", "a high threat: \(alert["message"] ?? "")")
            #expect((alert["message"] as? String)?.contains("Threat high") == true)

            // The list: the pair, high, with the maneuver before the approach among its reasons.
            let list = try await client.execute(uri: "/api/v1/threats?min_level=medium", method: .get)
            #expect(list.status == .ok)
            let items = try #require(try list.object()["items"] as? [[String: Any]])
            let item = try #require(items.first { $0["object_id"] as? Int == 99_001 })
            #expect(item["asset_id"] as? Int == InspectorArrival.assetNumber)
            #expect(item["level"] as? String == "high")
            let closest = try #require(item["closest_approach_km"] as? Double)
            #expect(closest > 15 && closest < 45, "holds about 30 km behind: \(closest) km")
            #expect((item["relative_speed_km_s"] as? Double ?? 1) < 0.05)
            let maneuvers = try #require(item["maneuvers"] as? [[String: Any]])
            #expect(maneuvers.contains { $0["intent"] as? String == "toward_asset" }, "the approach burn is classified toward the asset: \(maneuvers)")
            let reasons = try #require(item["reasons"] as? [String])
            #expect(reasons.contains { $0.hasPrefix("maneuvered toward the asset") }, "\(reasons)")

            // The threat page's data: RIC over time from both histories, the element histories, the maneuvers.
            let detail = try await client.execute(uri: "/api/v1/threats/\(InspectorArrival.assetNumber)/99001?history_days=6", method: .get)
            #expect(detail.status == .ok, "\(detail.text.prefix(300))")
            let d = try detail.object()
            let motion = try #require(d["relative_motion"] as? [String: Any])
            let points = try #require(motion["points"] as? [[String: Any]])
            #expect(points.count > 100)
            func range(_ p: [String: Any]) -> Double { p["range_km"] as? Double ?? .nan }
            func time(_ p: [String: Any]) throws -> Instant { try Instant(utc: p["t"] as? String ?? "") }
            // Before the approach burn the inspector drifts 80 km below; at the end it holds ~30 km away.
            let early = try points.filter { try time($0) < play.approachBurn }
            #expect(!early.isEmpty && early.allSatisfy { range($0) > 50 }, "min range before the burn \(early.map(range).min() ?? .nan) km")
            let last = try #require(points.last)
            #expect(range(last) > 15 && range(last) < 45)
            for p in points.prefix(50) {
                let r = p["r_km"] as! Double, i = p["i_km"] as! Double, c = p["c_km"] as! Double
                #expect(abs((r * r + i * i + c * c).squareRoot() - range(p)) < 1e-3, "RIC components and range agree")
            }
            let objectHistory = try #require(d["object_history"] as? [[String: Any]])
            // The history from `from` (6 days before the window start, which follows the operations clock to the minute).
            let from = try Instant(utc: try #require(motion["from"] as? String))
            #expect(objectHistory.count == play.scenario.inspectorHistory.filter { $0.epoch >= from && $0.epoch <= OpsFixture.windowStart }.count)
            #expect((objectHistory.first?["semi_major_axis_km"] as? Double ?? 0) > 6_500)
            let detected = try #require(d["detected_maneuvers"] as? [[String: Any]])
            let burnFound = try detected.contains { m in
                try Instant(utc: m["window_start"] as! String) <= play.approachBurn && Instant(utc: m["window_end"] as! String) >= play.approachBurn
            }
            #expect(burnFound, "the approach burn at \(play.approachBurn.iso8601UTC()) is in a detected window: \(detected)")

            // Both bodies as docs/openapi.yaml documents them.
            let checker = SchemaChecker(spec: try OpenAPITests.loadSpec())
            let listProblems = checker.check(try list.json(), against: ["$ref": "#/components/schemas/ThreatList"], at: "list")
            #expect(listProblems.isEmpty, "\(listProblems.prefix(5))")
            let detailProblems = checker.check(d, against: ["$ref": "#/components/schemas/ThreatDetail"], at: "detail")
            #expect(detailProblems.isEmpty, "\(detailProblems.prefix(5))")
            let alertProblems = checker.check(alert, against: ["$ref": "#/components/schemas/Alert"], at: "alert")
            #expect(alertProblems.isEmpty, "\(alertProblems.prefix(5))")

            let status = try await client.execute(uri: "/api/v1/status", method: .get)
            let threats = try #require(try status.object()["threats"] as? [String: Any])
            #expect(threats["high"] as? Int ?? 0 >= 1)
        }
    }

    @Test("threat routes: unknown pair 404, bad parameters 400, no assets file 503")
    func routes() async throws {
        let play = try InspectorArrival()
        let center = makeCenter(store: try await makeStore()) {
            $0.bootstrapCatalog = play.catalog
            $0.protectedAssets = play.assets
        }
        try await center.application().test(.router) { raw in
            let client = try await signedIn(raw, center)
            try await waitUntilIdle(center)
            try expectProblem(try await client.execute(uri: "/api/v1/threats/\(InspectorArrival.assetNumber)/12345", method: .get), status: 404,
                              detailContains: "no threat assessment")
            try expectProblem(try await client.execute(uri: "/api/v1/threats?min_level=severe", method: .get), status: 400, detailContains: "min_level")
            try expectProblem(try await client.execute(uri: "/api/v1/threats?colour=red", method: .get), status: 400, detailContains: "colour")
            try expectProblem(try await client.execute(uri: "/api/v1/threats/x/1", method: .get), status: 400, detailContains: "asset")
            let list = try await client.execute(uri: "/api/v1/threats", method: .get)
            #expect(list.status == .ok)
            #expect(try list.object()["total"] as? Int == 0, "nothing near the asset before the inspector's burn")
        }
        let off = makeCenter(store: try await makeStore()) {
            $0.dataDirectory = nil
            $0.bootstrapCatalog = play.catalog
        }
        #expect(off.threats == nil)
        try await off.application().test(.router) { raw in
            let client = try await signedIn(raw, off)
            try expectProblem(try await client.execute(uri: "/api/v1/threats", method: .get), status: 503, detailContains: "assets")
        }
    }

    @Test("threat alert policy: new at medium, level changes, cleared; scores alone are not alerts")
    func policy() throws {
        let watch = ThreatWatch(assets: ProtectedAssets(assets: [ProtectedAsset(noradCatalogNumber: 1, name: "A", owner: "JPN", regime: .leo, why: "")]))
        let t = OpsFixture.windowStart
        func record(_ object: Int, _ level: ThreatAssessment.Level, score: Double) -> ThreatWatch.Record {
            let f = ProximityFinding(assetID: 1, assetName: "A", objectID: object, objectName: nil, regime: .leo, radiusKm: 50,
                                     closestApproachKm: 20, tca: t, relativeSpeedKmPerS: 0.01, persistenceHours: 5, coLocationKm: 500, coLocatedHours: 5, maximumRangeKm: 80, maximumRangeFirstDayKm: 80,
                                     firstInsideRadius: t, planeAngleDeg: 0.1, longitudeSeparationDeg: nil, assetDriftDegPerDay: nil, objectDriftDegPerDay: nil,
                                     meanMotionDifferenceRevPerDay: 0, objectElementAgeDays: 0.5)
            return ThreatWatch.Record(assessment: ThreatAssessment(finding: f, score: score, level: level, maneuvers: [], reasons: ["r"]),
                                      windowStart: t, windowEnd: t.advanced(bySeconds: 86_400), maneuvers: [], firstSeen: Date(), updatedAt: Date())
        }
        func run(_ records: [ThreatWatch.Record], scope: Set<Int>? = nil) -> [NewAlert] {
            watch.apply(records, reanalysed: { scope?.contains($0.object) ?? true }, assetsInCatalog: 1, fastCrossings: 0, seconds: 0, names: { _ in nil })
        }
        var alerts = run([record(10, .high, score: 70), record(11, .medium, score: 40), record(12, .low, score: 20)])
        #expect(alerts.map(\.kind) == ["threat.new", "threat.new"])
        #expect(alerts.map(\.severity) == [.critical, .warning])
        alerts = run([record(10, .high, score: 80), record(11, .medium, score: 45), record(12, .low, score: 25)])
        #expect(alerts.isEmpty, "score changes within a level are not alerts")
        alerts = run([record(10, .medium, score: 50), record(12, .medium, score: 36)], scope: [10, 12])
        #expect(alerts.map(\.kind) == ["threat.changed", "threat.new"], "high → medium is a change; low → medium is new at the floor")
        #expect(watch.record(asset: 1, object: 11) != nil, "a pair outside the run's scope is kept")
        alerts = run([], scope: [11])
        #expect(alerts.map(\.kind) == ["threat.cleared"])
        #expect(watch.record(asset: 1, object: 11) == nil)
        #expect(watch.records().map(\.objectID) == [10, 12])
    }
}
