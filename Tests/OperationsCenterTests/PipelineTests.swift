import Astrodynamics
import Conjunction
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

/// The live pipeline: bootstrap, incremental screening after an arrival, alerts, CDMs, the WebSocket.
@Suite("Live pipeline", .serialized)
struct PipelineTests {
    @Test("element sets another process stores (kanshi ingest) are seen by the store watch and screened")
    func storeWatchPicksUpIngest() async throws {
        let store = try await makeStore()
        let center = makeCenter(store: store) { $0.storeWatchSeconds = 0.2 }
        try await center.application().test(.router) { raw in
            let client = try await signedIn(raw, center)
            try await waitUntilIdle(center)
            let before = center.pipeline.status.screenings
            // What `kanshi ingest` does: one transaction straight into the store, no HTTP.
            let sets = ElementSetReader().read(Array(OpsFixture.arrivalText.utf8), file: "arrival.3le").records
            let receipt = try await store.ingest(sets, source: "arrival.3le")
            #expect(receipt.inserted == 1)
            try await waitForScreenings(center, before + 1, seconds: 60)
            #expect(center.pipeline.status.lastScreening?.full == false, "the watched arrival is screened incrementally")
            #expect(center.catalog.snapshot().entries[OpsFixture.arrivalCatalogNumber] != nil, "the live catalog has the new object")
            let (p, s) = OpsFixture.pair
            let events = try await client.execute(uri: "/api/v1/events?primary=\(p)", method: .get)
            let items = try #require(try events.object()["items"] as? [[String: Any]])
            #expect(items.contains { ($0["secondary"] as? [String: Any])?["norad_cat_id"] as? Int == s }, "the arrival's conjunction is found")
            // Nothing new stored: no further screening.
            try await Task.sleep(for: .seconds(1))
            #expect(center.pipeline.status.screenings == before + 1)
        }
    }

    @Test("POSTed element set → incremental screening → event, alert, CDM")
    func arrivalMakesEventAndAlert() async throws {
        let center = makeCenter(store: try await makeStore())
        try await center.application().test(.router) { raw in
            let client = try await signedIn(raw, center)
            try await waitUntilIdle(center)
            let before = center.pipeline.status.screenings
            let (p, s) = OpsFixture.pair
            let none = try await client.execute(uri: "/api/v1/events?norad_cat_id=\(OpsFixture.arrivalCatalogNumber)", method: .get)
            #expect((try none.object()["items"] as? [Any])?.isEmpty == true, "the arrival's object is not in the catalog yet")

            let post = try await client.execute(uri: "/api/v1/gp", method: .post, body: ByteBuffer(string: OpsFixture.arrivalText))
            #expect(post.status == .ok, "\(post.text)")
            let receipt = try post.object()
            #expect(receipt["inserted"] as? Int == 1)
            #expect(receipt["touched"] as? [Int] == [OpsFixture.arrivalCatalogNumber])
            try await waitForScreenings(center, before + 1)
            #expect(center.pipeline.status.lastScreening?.full == false, "the arrival is screened incrementally")

            let events = try await client.execute(uri: "/api/v1/events?primary=\(p)", method: .get)
            let items = try #require(try events.object()["items"] as? [[String: Any]])
            let event = try #require(items.first { ($0["secondary"] as? [String: Any])?["norad_cat_id"] as? Int == s })
            let id = try #require(event["id"] as? Int)
            let miss = try #require(event["miss_km"] as? Double)
            #expect(miss < 5)
            let tca = try Instant(utc: try #require(event["tca"] as? String))
            #expect(tca >= OpsFixture.windowStart && tca <= OpsFixture.windowStart.advanced(bySeconds: 2 * 86_400))

            let alerts = try await client.execute(uri: "/api/v1/alerts", method: .get)
            let alertItems = try #require(try alerts.object()["items"] as? [[String: Any]])
            let alert = try #require(alertItems.first { $0["event_id"] as? Int == id })
            #expect(alert["kind"] as? String == "conjunction.new")
            #expect(["info", "warning", "critical"].contains(alert["severity"] as? String ?? ""))

            // Re-posting the same set is a duplicate and changes nothing.
            let again = try await client.execute(uri: "/api/v1/gp", method: .post, body: ByteBuffer(string: OpsFixture.arrivalText))
            #expect(try again.object()["duplicates"] as? Int == 1)
            #expect(try again.object()["inserted"] as? Int == 0)

            let kvn = try await client.execute(uri: "/api/v1/events/\(id)/cdm", method: .get)
            #expect(kvn.status == .ok)
            #expect(kvn.headers[.contentDisposition]?.contains("attachment") == true)
            let cdm = try #require(CDMKVN.read(kvn.text).records.first)
            #expect(abs(cdm.relativeMetadata.missDistanceMeters - miss * 1_000) < 1)
            let xml = try await client.execute(uri: "/api/v1/events/\(id)/cdm?format=xml", method: .get)
            #expect(xml.headers[.contentType]?.hasPrefix("application/xml") == true)
            #expect(CDMXML.read(Array(xml.text.utf8)).records.count == 1)

            let history = try await client.execute(uri: "/api/v1/events/\(id)/history", method: .get)
            #expect((try history.object()["items"] as? [Any])?.count == 1)
            let approach = try await client.execute(uri: "/api/v1/events/\(id)/approach?minutes=2&step_s=1", method: .get)
            let points = try #require(try approach.object()["points"] as? [[String: Double]])
            #expect(points.count == 241)
            let closest = points.map { (($0["r_km"]! * $0["r_km"]! + $0["i_km"]! * $0["i_km"]! + $0["c_km"]! * $0["c_km"]!).squareRoot()) }.min()!
            #expect(abs(closest - miss) < 0.5, "closest sampled range \(closest) km vs miss \(miss) km")
        }
    }

    @Test("several arrivals during a screening are coalesced into one run")
    func coalescing() async throws {
        let center = makeCenter(store: try await makeStore())
        try await center.application().test(.router) { raw in
            let client = try await signedIn(raw, center)
            try await waitUntilIdle(center)
            let before = center.pipeline.status.screenings
            let sets = ElementSetReader().read(files: [OpsFixture.catalog.path]).records.prefix(3)
            // Touch three objects at once through the notification path, quicker than a screening.
            for s in sets { center.pipeline.notify(touched: [s.noradCatalogNumber]) }
            try await waitForScreenings(center, before + 1)
            try await Task.sleep(for: .milliseconds(300))
            #expect(center.pipeline.status.screenings <= before + 2, "three notifications made at most two runs")
        }
    }

    @Test("the radius-band prefilter of incremental runs finds the same events as screening everything")
    func prefilterKeepsEvents() throws {
        let sets = ElementSetReader().read(files: [OpsFixture.catalog.path, OpsFixture.arrival.path]).records
        let (objects, _) = Screener.objects(from: sets)
        let primaries: Set<Int> = [OpsFixture.arrivalCatalogNumber, 25544]
        let config = ScreeningConfiguration(start: OpsFixture.windowStart, durationSeconds: 2 * 86_400, thresholdKm: 5, primaries: primaries, threads: 2)
        let all = Screener(configuration: config).screen(objects).events
        let kept = ScreeningPipeline.radiusBandCandidates(objects, primaries: primaries, thresholdKm: 5)
        #expect(kept.count < objects.count, "the prefilter removes objects (\(kept.count) of \(objects.count) kept)")
        let filtered = Screener(configuration: config).screen(kept).events
        #expect(!all.isEmpty)
        #expect(filtered.map { "\($0.id1)-\($0.id2)-\($0.tca.iso8601UTC(fractionDigits: 3))" } == all.map { "\($0.id1)-\($0.id2)-\($0.tca.iso8601UTC(fractionDigits: 3))" })
    }

    @Test("alert policy: severities, bootstrap floor, change rule")
    func policy() {
        let policy = AlertPolicy()
        let now = OpsFixture.windowStart
        #expect(policy.severity(pc: 2e-4, missKm: 3, tca: now, now: now) == .critical)
        #expect(policy.severity(pc: nil, missKm: 0.1, tca: now, now: now) == .critical)
        #expect(policy.severity(pc: 2e-5, missKm: 3, tca: now, now: now) == .warning)
        #expect(policy.severity(pc: 1e-9, missKm: 0.5, tca: now.advanced(bySeconds: 86_400), now: now) == .warning)
        #expect(policy.severity(pc: 1e-9, missKm: 0.5, tca: now.advanced(bySeconds: 4 * 86_400), now: now) == .info)
        #expect(policy.severity(pc: 1e-9, missKm: 3, tca: now, now: now) == .info)
        #expect(policy.pcChanged(from: 1e-6, to: 1e-5))
        #expect(!policy.pcChanged(from: 1e-6, to: 5e-6))
        // The bootstrap run keeps only the highest-ranked alerts.
        let many = (0..<250).map { k in
            EventChange(eventID: Int64(k), kind: .new, previous: nil, current: EventAssessment(
                runID: 1, assessedAt: Date(), tca: now, missDistanceKm: 0.5, relativeSpeedKmPerS: 10, missRTNKm: .zero,
                pc: Double(k) * 1e-6, pcMethod: nil, primaryElementSetID: 1, secondaryElementSetID: 2))
        }
        let capped = policy.alerts(for: many, primaries: Array(repeating: 1, count: 250), secondaries: Array(repeating: 2, count: 250),
                                   names: { _ in nil }, now: now, bootstrap: true)
        #expect(capped.count == policy.bootstrapAlertLimit)
        #expect(Set(capped.compactMap(\.eventID)) == Set((150..<250).map(Int64.init)), "the 100 highest Pc")
        let a = EventAssessment(runID: 1, assessedAt: Date(), tca: now, missDistanceKm: 4, relativeSpeedKmPerS: 10, missRTNKm: .zero,
                                pc: 1e-9, pcMethod: nil, primaryElementSetID: 1, secondaryElementSetID: 2)
        let change = EventChange(eventID: 1, kind: .new, previous: nil, current: a)
        let far = policy.alerts(for: [change], primaries: [1], secondaries: [2], names: { _ in nil },
                                now: now.advanced(bySeconds: -5 * 86_400), bootstrap: true)
        #expect(far.isEmpty, "an info-level event in the bootstrap run raises no alert")
        let incremental = policy.alerts(for: [change], primaries: [1], secondaries: [2], names: { _ in nil },
                                        now: now.advanced(bySeconds: -5 * 86_400), bootstrap: false)
        #expect(incremental.count == 1 && incremental[0].severity == .info)
    }
}

/// The alert stream over a real socket.
@Suite("WebSocket alerts", .serialized)
struct WebSocketTests {
    @Test("a connected client receives the alert of an arrival; after_id replays stored alerts")
    func streamAndReplay() async throws {
        let center = makeCenter(store: try await makeStore())
        try await center.application().test(.live) { raw in
            let client = try await signedIn(raw, center)
            try await waitUntilIdle(center)
            let port = try #require(client.port)
            let logger = Logger(label: "ws-test")
            let received = Received()
            let connected = Received()
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    try await WebSocketClient.connect(url: "ws://127.0.0.1:\(port)/api/v1/alerts/stream?access_token=\(client.secret)", logger: logger) { inbound, _, _ in
                        await connected.add("open")
                        for try await message in inbound.messages(maxSize: 1 << 20) {
                            if case .text(let text) = message { await received.add(text); return }
                        }
                    }
                }
                try await received.waitFor(connected, 1)
                while await center.hub.subscriberCount == 0 { try await Task.sleep(for: .milliseconds(20)) }
                let post = try await client.execute(uri: "/api/v1/gp", method: .post, body: ByteBuffer(string: OpsFixture.arrivalText))
                #expect(post.status == .ok)
                try await group.next()
                group.cancelAll()
            }
            let texts = await received.items
            let first = try #require(texts.first)
            let alert = try #require(try JSONSerialization.jsonObject(with: Data(first.utf8)) as? [String: Any])
            #expect(alert["kind"] as? String == "conjunction.new")
            let ids = [(alert["primary"] as? [String: Any])?["norad_cat_id"] as? Int, (alert["secondary"] as? [String: Any])?["norad_cat_id"] as? Int]
            #expect(ids.contains(OpsFixture.arrivalCatalogNumber))
            let alertID = try #require(alert["id"] as? Int)

            // Replay: a client connecting with after_id = id - 1 gets that alert first.
            let replayed = Received()
            try await WebSocketClient.connect(url: "ws://127.0.0.1:\(port)/api/v1/alerts/stream?access_token=\(client.secret)&after_id=\(alertID - 1)", logger: logger) { inbound, _, _ in
                for try await message in inbound.messages(maxSize: 1 << 20) {
                    if case .text(let text) = message { await replayed.add(text); return }
                }
            }
            let again = try #require(await replayed.items.first)
            #expect((try JSONSerialization.jsonObject(with: Data(again.utf8)) as? [String: Any])?["id"] as? Int == alertID)
        }
    }

    @Test("the hub encodes once and fans out to many subscribers")
    func fanOut() async throws {
        let hub = AlertHub(backlog: 10)
        var streams: [AsyncStream<AlertHub.Message>] = []
        for _ in 0..<1_000 { streams.append(await hub.subscribe().1) }
        let t0 = ContinuousClock.now
        await hub.publish([AlertHub.Message(id: 7, text: "{\"id\":7}", marking: .public, primary: nil, secondary: nil)])
        var got = 0
        for s in streams {
            var it = s.makeAsyncIterator()
            if let m = await it.next(), m.id == 7 { got += 1 }
        }
        #expect(got == 1_000)
        #expect(ContinuousClock.now - t0 < .seconds(1))
        await hub.finishAll()
        #expect(await hub.subscriberCount == 0)
    }
}

/// Collects strings across tasks.
actor Received {
    private(set) var items: [String] = []
    func add(_ s: String) { items.append(s) }
    nonisolated func waitFor(_ other: Received, _ count: Int, seconds: Double = 30) async throws {
        let deadline = Date().addingTimeInterval(seconds)
        while await other.items.count < count {
            if Date() > deadline { throw TestFailure("timed out") }
            try await Task.sleep(for: .milliseconds(20))
        }
    }
}
