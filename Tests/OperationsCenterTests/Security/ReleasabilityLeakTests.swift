import Foundation
import Hummingbird
import HummingbirdTesting
import HummingbirdWebSocket
import HummingbirdWSClient
import Logging
import NIOCore
@testable import OperationsCenter
import Persistence
import SpaceData
import Testing

/// A partner's token against records marked for Japan only: by id, by query, by count, by export,
/// by CDM and on the stream (issue 9). The fixture catalog is `PUBLIC`; the test adds
///
/// - `99903` SECRETJPN, marked `JPN`, and `99902` RELUSA, marked `REL USA`;
/// - a newer set of catalog object 829 marked `JPN` (its older `PUBLIC` set stays visible);
/// - the fixture's arrival marked `JPN`, whose conjunction (an event, its CDM and its alert) inherits `JPN`;
/// - a partner CDM (`REL USA`, the partner's default) and one marked `JPN` by an analyst.
@Suite("Releasability: a partner sees nothing marked for Japan only, on both stores", .serialized)
struct ReleasabilityLeakTests {
    static let secretName = "SECRETJPN", secretNumber = 99_903, relUSANumber = 99_902

    @Test("by id, query, count, export, CDM and stream, partners see only PUBLIC and their releases", arguments: SecurityBackend.enabled)
    func partnerSeesOnlyReleases(backend: SecurityBackend) async throws {
        try await backend.with { store in
            let center = SecurityTests.center(store)
            try await center.application().test(.live) { raw in
                try await waitForScreenings(center, 1)
                let cast = try await SecurityCast.make(raw, center, operates: [OpsFixture.pair.0])
                let usa = cast.partnerUSA, aus = cast.partnerAUS, analyst = cast.analyst
                let port = try #require(raw.port)

                // The streams of an analyst and of the US partner, open before anything is marked.
                let analystSaw = Received(), partnerSaw = Received(), opened = Received()
                let streams = Task {
                    try await withThrowingTaskGroup(of: Void.self) { group in
                        for (client, sink) in [(analyst, analystSaw), (usa, partnerSaw)] {
                            group.addTask {
                                try await WebSocketClient.connect(url: "ws://127.0.0.1:\(port)/api/v1/alerts/stream?access_token=\(client.secret)",
                                                                  logger: Logger(label: "ws")) { inbound, _, _ in
                                    await opened.add("open")
                                    for try await m in inbound.messages(maxSize: 1 << 20) {
                                        if case .text(let t) = m { await sink.add(t) }
                                    }
                                }
                            }
                        }
                        try await group.waitForAll()
                    }
                }
                defer { streams.cancel() }
                try await opened.waitFor(opened, 2)
                while await center.hub.subscriberCount < 2 { try await Task.sleep(for: .milliseconds(20)) }

                // Plant the marked records.
                let base = try SecurityData.catalogSet(829)
                let secret = SecurityData.omm(from: base, number: Self.secretNumber, name: Self.secretName, meanAnomalyShiftDeg: 90)
                let rel = SecurityData.omm(from: base, number: Self.relUSANumber, name: "RELUSA", meanAnomalyShiftDeg: 180)
                let newer829 = SecurityData.omm(from: base, number: 829, name: base.objectName ?? "ELEKTRON 3", epochShiftDays: 0.25)
                for (body, marking) in [(secret, "JPN"), (rel, "REL%20USA"), (newer829, "JPN")] {
                    let r = try await analyst.post("/api/v1/gp?marking=\(marking)", body)
                    #expect(r.status == .ok, "\(r.text)")
                }
                let arrival = try await analyst.post("/api/v1/gp?marking=JPN", OpsFixture.arrivalText)
                #expect(arrival.status == .ok, "\(arrival.text)")
                // the arrival's screening records its conjunction (the posts before it are screened too)
                let deadline = Date().addingTimeInterval(120)
                while Date() < deadline {
                    let items = try await analyst.get("/api/v1/events?status=all&limit=1000").object()["items"] as? [[String: Any]] ?? []
                    if items.contains(where: { ($0["marking"] as? String) == "JPN" }) { break }
                    try await Task.sleep(for: .milliseconds(100))
                }
                try await waitUntilIdle(center)
                let cdm = try String(contentsOf: OpsFixture.directory.deletingLastPathComponent().appendingPathComponent("cdm/CDMExample1.txt"),
                                     encoding: .utf8)
                let partnerCDM = try await usa.post("/api/v1/cdm", cdm)
                #expect(partnerCDM.status == .ok, "\(partnerCDM.text)")
                #expect(try partnerCDM.object()["marking"] as? String == "REL USA")
                let jpnCDM = try await analyst.post("/api/v1/cdm?marking=JPN", cdm)
                let jpnCDMID = try #require((try jpnCDM.object()["ids"] as? [Int])?.first)

                // The analyst sees the JPN event of the arrival, its CDM and its alert.
                let events = try await analyst.get("/api/v1/events?status=all&limit=1000").object()["items"] as? [[String: Any]] ?? []
                let jpnEvent = try #require(events.first { ($0["marking"] as? String) == "JPN" }, "no JPN event among \(events.count)")
                let jpnEventID = try #require(jpnEvent["id"] as? Int)
                let publicEvents = events.filter { ($0["marking"] as? String) == "PUBLIC" }
                let analystAlerts = try await analyst.get("/api/v1/alerts?limit=1000").object()["items"] as? [[String: Any]] ?? []
                let jpnAlertIDs = Set(analystAlerts.filter { ($0["marking"] as? String) == "JPN" }.compactMap { $0["id"] as? Int })
                #expect(!jpnAlertIDs.isEmpty, "the arrival's conjunction raised no JPN alert")
                #expect(try await analyst.get("/api/v1/events/\(jpnEventID)/cdm").status == .ok)

                // Everything the partner reads, by id, query, count and export.
                var partnerBodies: [(String, String)] = []
                func read(_ uri: String, as client: BearerClient = usa) async throws -> TestResponse {
                    let r = try await client.get(uri)
                    if client.secret == usa.secret { partnerBodies.append((uri, r.text)) }
                    return r
                }
                // by id: indistinguishable from what does not exist
                for (hidden, missing) in [("/api/v1/objects/\(Self.secretNumber)", "/api/v1/objects/99999"),
                                          ("/api/v1/objects/\(Self.secretNumber)/elements", "/api/v1/objects/99999/elements"),
                                          ("/api/v1/objects/\(Self.secretNumber)/track", "/api/v1/objects/99999/track"),
                                          ("/api/v1/events/\(jpnEventID)", "/api/v1/events/999999"),
                                          ("/api/v1/events/\(jpnEventID)/history", "/api/v1/events/999999/history"),
                                          ("/api/v1/events/\(jpnEventID)/cdm", "/api/v1/events/999999/cdm"),
                                          ("/api/v1/events/\(jpnEventID)/cdm?format=xml", "/api/v1/events/999999/cdm?format=xml"),
                                          ("/api/v1/events/\(jpnEventID)/approach", "/api/v1/events/999999/approach"),
                                          ("/api/v1/messages/\(jpnCDMID)", "/api/v1/messages/999999"),
                                          ("/api/v1/feeds/oem?norad_cat_id=\(Self.secretNumber)", "/api/v1/feeds/oem?norad_cat_id=99999")] {
                    let h = try await read(hidden), m = try await read(missing)
                    #expect(h.status == .notFound, "\(hidden): \(h.status)")
                    #expect(try SecurityData.shape(h) == SecurityData.shape(m), "\(hidden) differs from \(missing)")
                }
                // the newest set the partner may see: 829's PUBLIC one, one set in its history
                let o829 = try await read("/api/v1/objects/829").object()
                #expect(o829["marking"] as? String == "PUBLIC")
                #expect(o829["element_sets"] as? Int == 1)
                #expect((try await analyst.get("/api/v1/objects/829").object())["element_sets"] as? Int == 2)
                let h829 = try await read("/api/v1/gp?norad_cat_id=829&history=true").json() as? [[String: Any]] ?? []
                #expect(h829.count == 1)
                // the REL USA object: the US partner sees it, the Australian one does not
                #expect(try await read("/api/v1/objects/\(Self.relUSANumber)").status == .ok)
                #expect(try await aus.get("/api/v1/objects/\(Self.relUSANumber)").status == .notFound)
                // by query
                let found = try await read("/api/v1/objects?q=SECRET").object()["items"] as? [Any]
                #expect(found?.isEmpty == true)
                let gp = try await read("/api/v1/gp?norad_cat_id=\(Self.secretNumber),\(Self.relUSANumber)&history=true").json() as? [[String: Any]]
                #expect(gp?.compactMap { ($0["NORAD_CAT_ID"] as? String).flatMap { Int($0) } } == [Self.relUSANumber])
                let partnerEvents = try await read("/api/v1/events?status=all&limit=1000").object()["items"] as? [[String: Any]] ?? []
                #expect(Set(partnerEvents.compactMap { $0["id"] as? Int }) == Set(publicEvents.compactMap { $0["id"] as? Int }))
                let byObject = try await read("/api/v1/events?status=all&norad_cat_id=\(OpsFixture.arrivalCatalogNumber)").object()["items"] as? [Any]
                #expect(byObject?.isEmpty == true)
                let partnerAlerts = try await read("/api/v1/alerts?limit=1000").object()["items"] as? [[String: Any]] ?? []
                #expect(Set(partnerAlerts.compactMap { $0["id"] as? Int }).isDisjoint(with: jpnAlertIDs))
                #expect(partnerAlerts.allSatisfy { ["PUBLIC", "REL USA"].contains($0["marking"] as? String ?? "") })
                let messages = try await read("/api/v1/messages").object()["items"] as? [[String: Any]] ?? []
                #expect(messages.count == 1 && messages.first?["received_from"] as? String == cast.partnerUSAName)
                #expect((try await aus.get("/api/v1/messages").object()["items"] as? [Any])?.isEmpty == true)
                // by count
                let total = try await analyst.get("/api/v1/status").object(), seen = try await read("/api/v1/status").object()
                #expect((total["element_sets"] as? Int ?? 0) - (seen["element_sets"] as? Int ?? 0) == 3, "JPN sets: secret, newer 829, arrival")
                #expect((total["objects"] as? Int ?? 0) - (seen["objects"] as? Int ?? 0) == 2, "JPN-only objects: secret, arrival")
                #expect((total["events"] as? Int ?? 0) - (seen["events"] as? Int ?? 0) == events.count - publicEvents.count)
                #expect((total["alerts"] as? Int ?? 0) - (seen["alerts"] as? Int ?? 0) == jpnAlertIDs.count)
                #expect(seen["live_objects"] as? Int == (total["live_objects"] as? Int ?? 0) - 2)
                // by export
                for uri in ["/api/v1/gp?format=tle&limit=10000", "/api/v1/gp?format=3le&limit=10000", "/api/v1/gp?format=omm-xml&limit=10000",
                            "/api/v1/gp?format=omm-kvn&limit=10000", "/api/v1/gp?format=csv&limit=10000", "/api/v1/gp?limit=1000",
                            "/api/v1/feeds/omm", "/api/v1/feeds/omm?format=xml", "/api/v1/feeds/cdm?limit=1000", "/api/v1/sky",
                            "/api/v1/objects?limit=1000", "/api/v1/missile"] {
                    let r = try await read(uri)
                    #expect(r.status == .ok, "\(uri): \(r.status)")
                }
                let feed = try await read("/api/v1/feeds/omm").text
                #expect(feed.contains("COMMENT RELEASABILITY REL USA") && feed.contains("COMMENT RELEASABILITY PUBLIC"))
                let sky = try await read("/api/v1/sky").object()
                #expect((sky["norad_cat_id"] as? [Int])?.contains(Self.secretNumber) == false)
                #expect((sky["norad_cat_id"] as? [Int])?.contains(Self.relUSANumber) == true)
                let cdmFeed = try await read("/api/v1/feeds/cdm?limit=1000").text
                #expect(cdmFeed.components(separatedBy: "<cdm").count - 1 == publicEvents.filter { ($0["status"] as? String) == "active" }.count)

                // The stream: the analyst got the JPN alerts, the partner none of them. A PUBLIC
                // alert pushed afterwards reaches both, so the partner's stream was alive.
                let pushed = try await store.insertAlerts([NewAlert(kind: "test.public", severity: .info, eventID: nil, primary: nil,
                                                                    secondary: nil, tca: nil, missDistanceKm: nil, pc: nil,
                                                                    message: "releasable to all", marking: .public)])
                await center.hub.publish(pushed.map { AlertHub.Message($0, names: center.catalog.snapshot()) })
                try await analystSaw.waitFor(analystSaw, jpnAlertIDs.count + 1)
                try await partnerSaw.waitFor(partnerSaw, 1)
                let partnerStream = await partnerSaw.items
                #expect(partnerStream.allSatisfy { !$0.contains("\"marking\":\"JPN\"") }, "\(partnerStream)")
                #expect(partnerStream.contains { $0.contains("test.public") })
                #expect(await analystSaw.items.filter { $0.contains("\"marking\":\"JPN\"") }.count == jpnAlertIDs.count)

                // Every GET route of the router, its identifiers pointing at the JPN records.
                let routes = center.router().routes.filter { $0.method == .get }.map { $0.path.description }
                for path in routes where !path.contains("**") {
                    let uri = (path.hasPrefix("/") ? path : "/" + path)
                        .replacingOccurrences(of: "{norad_cat_id}", with: String(Self.secretNumber))
                        .replacingOccurrences(of: "{asset}", with: String(Self.secretNumber))
                        .replacingOccurrences(of: "{object}", with: String(OpsFixture.pair.0))
                        .replacingOccurrences(of: "{id}", with: uriID(path, event: jpnEventID, message: jpnCDMID))
                    let r = try await read(uri + (uri.hasSuffix("feeds/oem") ? "?norad_cat_id=\(Self.secretNumber)" : ""))
                    #expect([200, 403, 404, 426, 503].contains(Int(r.status.code)), "\(uri): \(r.status)")
                    if path.contains("{") { #expect(r.status != .ok, "\(uri) answered 200 for a hidden record") }
                }

                // Nothing the partner received names the secret object, its number, or a JPN marking.
                for (uri, body) in partnerBodies {
                    // the number as a number (not inside a coordinate like 1.999034), unless the caller named it
                    let namesNumber = body.range(of: "(?<![0-9.])\(Self.secretNumber)(?![0-9])", options: .regularExpression) != nil
                    #expect(!body.contains(Self.secretName) && (!namesNumber || uri.contains(String(Self.secretNumber))),
                            "\(uri) leaks the secret object")
                    #expect(!body.contains("\"marking\":\"JPN\"") && !body.contains("RELEASABILITY JPN"), "\(uri) leaks a JPN record")
                }

                // An operator sees only its satellite's events and no missile or threat picture.
                let opEvents = try await cast.operator.get("/api/v1/events?status=all&limit=1000").object()["items"] as? [[String: Any]] ?? []
                #expect(opEvents.allSatisfy { e in
                    [(e["primary"] as? [String: Any])?["norad_cat_id"] as? Int, (e["secondary"] as? [String: Any])?["norad_cat_id"] as? Int]
                        .contains(OpsFixture.pair.0)
                })
                #expect(opEvents.count == events.filter { e in
                    [(e["primary"] as? [String: Any])?["norad_cat_id"] as? Int, (e["secondary"] as? [String: Any])?["norad_cat_id"] as? Int]
                        .contains(OpsFixture.pair.0)
                }.count)

                // The reads are audited with who and from where.
                let audit = try await store.auditEntries(matching: AuditQuery(username: cast.partnerUSAName, limit: 10_000))
                #expect(audit.count >= partnerBodies.count)
                #expect(audit.allSatisfy { $0.entry.remote != nil })
            }
        }
    }
}

/// The JPN record a route's `{id}` names: an event for `/events/{id}`, a message for `/messages/{id}`.
private func uriID(_ path: String, event: Int, message: Int) -> String {
    path.contains("messages") ? String(message) : String(event)
}
