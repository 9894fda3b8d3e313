import Astrodynamics
import Foundation
import Hummingbird
import HummingbirdTesting
import HummingbirdWSClient
import Logging
import MissileWarning
import NIOCore
@testable import OperationsCenter
import Persistence
import Testing

/// The 2017-08-29 launch (Hwasong-12 over Hokkaido, MissileWarning's preset) seen by the default
/// sensor network, as the detections a feed would push, in 30-s batches of feed time.
enum MissileFeedFixture {
    static let preset = "NK2017-08-29"
    static let detections: [Detection] = {
        let p = try! MissilePreset.named(preset)
        return MissileSensorNetwork.default.simulate([(preset, try! p.fly())], seed: 1)
    }()

    /// JSON Lines bodies, one per 30 s of feed time.
    static func batches(seconds: Double = 30) -> [String] {
        guard let t0 = detections.first?.time else { return [] }
        let groups = Dictionary(grouping: detections) { Int($0.time.secondsSince(t0) / seconds) }
        return groups.keys.sorted().map { DetectionsFile.encode(groups[$0]!) }
    }
}

@Suite("Missile warning in the operations center", .serialized)
struct MissileCenterTests {
    @Test("a launch fed by POST: launch information then the overflight of Hokkaido on the WebSocket; /missile has the track")
    func launchOverHokkaido() async throws {
        let center = makeCenter(store: try await makeStore(), bootstrap: false)
        try await center.application().test(.live) { raw in
            let client = try await signedIn(raw, center)
            let port = try #require(client.port)
            let received = Received(), connected = Received()
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    try await WebSocketClient.connect(url: "ws://127.0.0.1:\(port)/api/v1/alerts/stream?access_token=\(client.secret)", logger: Logger(label: "ws-test")) { inbound, _, _ in
                        await connected.add("open")
                        for try await message in inbound.messages(maxSize: 1 << 20) {
                            guard case .text(let text) = message else { continue }
                            await received.add(text)
                            if text.contains("Hokkaido") && text.contains("\"missile.") { return }
                        }
                    }
                }
                try await received.waitFor(connected, 1)
                while await center.hub.subscriberCount == 0 { try await Task.sleep(for: .milliseconds(20)) }
                for body in MissileFeedFixture.batches() {
                    let post = try await client.execute(uri: "/api/v1/missile/detections", method: .post, body: ByteBuffer(string: body))
                    #expect(post.status == .ok, "\(post.text.prefix(300))")
                    #expect(try post.object()["rejected"] as? Int == 0)
                }
                try await group.next()
                group.cancelAll()
            }
            let alerts = try await received.items.map { try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]) }
                .filter { ($0["kind"] as? String ?? "").hasPrefix("missile.") }
            let first = try #require(alerts.first)
            #expect(first["kind"] as? String == "missile.issued")
            #expect(first["severity"] as? String == "info", "launch information: \(first)")
            let overflight = try #require(alerts.first { ($0["message"] as? String ?? "").contains("Hokkaido") })
            #expect(overflight["severity"] as? String == "critical", "overflight of Japanese land: \(overflight)")
            #expect(overflight["tca"] as? String != nil, "the predicted impact time rides in tca")

            // The picture: one missile, its track labelled by the simulation, landing outside the EEZ.
            let r = try await client.execute(uri: "/api/v1/missile", method: .get)
            #expect(r.status == .ok)
            let report = try MissileTrackReport.decode(Data(r.text.utf8))
            let tracks = report.tracks.filter { $0.status != "deleted" || $0.status_reason == "impacted" }
            #expect(tracks.count == 1, "\(report.tracks.map { "\($0.id) \($0.status) \($0.status_reason ?? "")" })")
            let t = try #require(tracks.first)
            #expect(t.truth_missile == MissileFeedFixture.preset)
            let impact = try #require(t.impact)
            #expect(impact.zone == "outside" && impact.lon_deg > 150, "lands in the Pacific ~1,180 km east of Cape Erimo: \(impact)")
            #expect(t.overflights.contains { $0.groups.contains("Hokkaido") })
            #expect(report.detections.total == MissileFeedFixture.detections.count)

            // Bodies as docs/openapi.yaml documents them.
            let checker = SchemaChecker(spec: try OpenAPITests.loadSpec())
            let problems = checker.check(try r.json(), against: ["$ref": "#/components/schemas/MissileReport"], at: "missile")
            #expect(problems.isEmpty, "\(problems.prefix(5))")
            for a in alerts.prefix(3) {
                let p = checker.check(a, against: ["$ref": "#/components/schemas/Alert"], at: "alert")
                #expect(p.isEmpty, "\(p.prefix(5))")
            }
            let stored = try await client.execute(uri: "/api/v1/alerts?limit=500", method: .get)
            let items = try #require(try stored.object()["items"] as? [[String: Any]])
            #expect(items.filter { ($0["kind"] as? String ?? "").hasPrefix("missile.") }.count >= alerts.count, "stored as well as streamed")
            let status = try await client.execute(uri: "/api/v1/status", method: .get)
            let m = try #require(try status.object()["missile"] as? [String: Any])
            #expect(m["detections"] as? Int == MissileFeedFixture.detections.count)
            #expect(m["tracks"] as? Int ?? 0 >= 1)
        }
    }

    @Test("bad detections: lines named and left out, an all-bad body is a 400, old detections are late")
    func badAndLateDetections() async throws {
        let center = makeCenter(store: try await makeStore(), bootstrap: false)
        try await center.application().test(.router) { raw in
            let client = try await signedIn(raw, center)
            let lines = DetectionsFile.encode(Array(MissileFeedFixture.detections.prefix(40))).split(separator: "\n").map(String.init)
            var mixed = lines
            mixed.insert(#"{"time":"2017-08-28T21:00:00Z","sensor":"X","kind":"optical"}"#, at: 3)
            let post = try await client.execute(uri: "/api/v1/missile/detections", method: .post,
                                                body: ByteBuffer(string: mixed.joined(separator: "\n")))
            #expect(post.status == .ok, "\(post.text.prefix(300))")
            let o = try post.object()
            #expect(o["accepted"] as? Int == 40)
            #expect(o["rejected"] as? Int == 1)
            let errors = try #require(o["errors"] as? [[String: Any]])
            #expect(errors.first?["line"] as? Int == 4, "\(errors)")
            // The same lines again are older than what was processed: late, left out.
            let again = try await client.execute(uri: "/api/v1/missile/detections", method: .post,
                                                 body: ByteBuffer(string: lines.prefix(10).joined(separator: "\n")))
            #expect(try again.object()["late"] as? Int == 10)
            try expectProblem(try await client.execute(uri: "/api/v1/missile/detections", method: .post, body: ByteBuffer(string: "not json\n")),
                              status: 400, detailContains: "no detection")
            try expectProblem(try await client.execute(uri: "/api/v1/missile?x=1", method: .get), status: 400, detailContains: "x")
            let land = try await client.execute(uri: "/api/v1/geo/japan-eez", method: .get)
            #expect(land.status == .ok && land.text.contains("FeatureCollection"))
        }
    }

    @Test("--missile-feed replays a detections file into the watch at start")
    func replayedFeed() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kanshi-missile-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let feed = dir.appendingPathComponent("feed.jsonl")
        try DetectionsFile.encode(MissileFeedFixture.detections).write(to: feed, atomically: true, encoding: .utf8)
        let center = makeCenter(store: try await makeStore(), bootstrap: false) {
            $0.missileFeed = feed
            $0.missileReplaySpeed = 0
        }
        try await center.application().test(.router) { raw in
            let client = try await signedIn(raw, center)
            let watch = try #require(center.missile)
            let deadline = Date().addingTimeInterval(60)
            while await watch.status().received < MissileFeedFixture.detections.count, Date() < deadline {
                try await Task.sleep(for: .milliseconds(50))
            }
            #expect(await watch.status().received == MissileFeedFixture.detections.count)
            let report = await watch.report()
            #expect(report.source == "feed.jsonl")
            #expect(report.tracks.contains { $0.truth_missile == MissileFeedFixture.preset && $0.impact != nil })
            #expect(!report.warnings.isEmpty)
        }
    }
}
