import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
@testable import OperationsCenter
import Persistence
import SpaceData
import Testing

/// Roles, injection, oversized bodies and floods (issue 9): each is refused, nothing leaks or is
/// written, and the server keeps serving everyone else.
@Suite("Security: roles, injection, oversized bodies, floods and partner push, on both stores", .serialized)
struct AbuseTests {
    @Test("roles: partners send their own data and read it back; operators and partners cannot do an analyst's or admin's work",
          arguments: SecurityBackend.enabled)
    func roles(backend: SecurityBackend) async throws {
        try await backend.with { store in
            let center = SecurityTests.center(store, bootstrap: false)
            try await center.application().test(.router) { raw in
                let cast = try await SecurityCast.make(raw, center, operates: [829])
                let base = try SecurityData.catalogSet(829)
                let set = SecurityData.omm(from: base, number: 829, name: "ELEKTRON 3")
                // operators read only
                try expectProblem(try await cast.operator.post("/api/v1/gp", set), status: 403)
                try expectProblem(try await cast.operator.post("/api/v1/cdm", "x"), status: 403)
                try expectProblem(try await cast.operator.post("/api/v1/missile/detections", "{}"), status: 403)
                // only admins read the audit log
                for client in [cast.operator, cast.partnerUSA, cast.analyst] {
                    try expectProblem(try await client.get("/api/v1/audit"), status: 403)
                }
                #expect(try await cast.admin.get("/api/v1/audit").status == .ok)
                // metrics count every record: the squadron's only
                for client in [cast.operator, cast.partnerUSA] { try expectProblem(try await client.get("/metrics"), status: 403) }
                #expect(try await cast.analyst.get("/metrics").status == .ok)
                // a partner's data is stored with its provenance and, by default, released to its country
                let post = try await cast.partnerUSA.post("/api/v1/gp", set)
                #expect(post.status == .ok, "\(post.text)")
                let stored = try #require(try await store.elementSets(matching: ElementSetQuery(catalogNumbers: [829])).first)
                #expect(stored.marking == .releasable(to: [CountryCode("USA")!]))
                #expect(stored.receivedFrom == cast.partnerUSAName)
                #expect(try await cast.partnerUSA.get("/api/v1/objects/829").status == .ok)
                let detail = try await cast.analyst.get("/api/v1/objects/829").object()
                #expect(detail["received_from"] as? String == cast.partnerUSAName && detail["marking"] as? String == "REL USA")
                try expectProblem(try await cast.partnerAUS.get("/api/v1/objects/829"), status: 404)
                // a bad marking is a 400 that names the parameter, and nothing is stored
                try expectProblem(try await cast.analyst.post("/api/v1/gp?marking=SECRET", set), status: 400, detailContains: "marking")
                try expectProblem(try await cast.analyst.post("/api/v1/gp?marking=REL%20usa", set), status: 400, detailContains: "marking")
                #expect(try await store.counts().elementSets == 1)
            }
        }
    }

    @Test("partner CDMs and TDMs: stored as received (gzip decompressed), several CDMs per body, bad ones named", arguments: SecurityBackend.enabled)
    func partnerMessages(backend: SecurityBackend) async throws {
        try await backend.with { store in
            let center = SecurityTests.center(store, bootstrap: false)
            try await center.application().test(.router) { raw in
                let cast = try await SecurityCast.make(raw, center)
                let fixtures = OpsFixture.directory.deletingLastPathComponent()
                let cdm = try String(contentsOf: fixtures.appendingPathComponent("cdm/CDMExample1.txt"), encoding: .utf8)
                // gzip, as a partner's script may send it
                let gzip = Process()
                gzip.executableURL = URL(fileURLWithPath: "/usr/bin/env")
                gzip.arguments = ["gzip", "-c"]
                let input = Pipe(), output = Pipe()
                gzip.standardInput = input; gzip.standardOutput = output
                try gzip.run()
                input.fileHandleForWriting.write(Data(cdm.utf8)); try input.fileHandleForWriting.close()
                let compressed = output.fileHandleForReading.readDataToEndOfFile()
                gzip.waitUntilExit()
                let r = try await cast.partnerUSA.execute(uri: "/api/v1/cdm", method: .post, body: ByteBuffer(bytes: Array(compressed)))
                #expect(r.status == .ok, "\(r.text)")
                let id = try #require((try r.object()["ids"] as? [Int])?.first)
                let back = try await cast.partnerUSA.get("/api/v1/messages/\(id)")
                #expect(back.text == cdm, "the CDM as received, decompressed")
                // two CDMs in one body: each stored, re-written in KVN
                let two = try await cast.partnerUSA.post("/api/v1/cdm", cdm + "\n" + cdm)
                #expect((try two.object()["stored"] as? Int) == 2, "\(two.text)")
                let listed = try await cast.partnerUSA.get("/api/v1/messages?kind=cdm").object()["items"] as? [[String: Any]] ?? []
                #expect(listed.count == 3 && listed.allSatisfy { $0["received_from"] as? String == cast.partnerUSAName })
                // a TDM
                let tdmFile = "tdm/ndm-rs/tdm_e1.kvn"  // CCSDS 503.0-B-2 annex example (Tests/Fixtures/tdm/SOURCES.md)
                let tdm = try String(contentsOf: fixtures.appendingPathComponent(tdmFile), encoding: .utf8)
                let t = try await cast.partnerUSA.post("/api/v1/tdm", tdm)
                #expect(t.status == .ok, "\(tdmFile): \(t.text.prefix(300))")
                let tdms = try await cast.partnerUSA.get("/api/v1/messages?kind=tdm").object()["items"] as? [[String: Any]] ?? []
                #expect(tdms.count == 1 && (tdms.first?["observations"] as? Int ?? 0) > 0)
                // nothing readable: 400 naming the problem, nothing stored
                try expectProblem(try await cast.partnerUSA.post("/api/v1/cdm", "CCSDS_CDM_VERS = 1.0\nCREATION_DATE = yesterday\n"), status: 400)
                try expectProblem(try await cast.partnerUSA.post("/api/v1/tdm", "not a TDM"), status: 400)
                #expect(try await store.messages(matching: MessageQuery()).count == 4)
            }
        }
    }

    @Test("query-parameter injection is refused or matched literally, on every list and filter", arguments: SecurityBackend.enabled)
    func injection(backend: SecurityBackend) async throws {
        try await backend.with { store in
            let center = SecurityTests.center(store)
            try await center.application().test(.router) { raw in
                try await waitUntilIdle(center)
                let cast = try await SecurityCast.make(raw, center)
                _ = try await cast.analyst.post("/api/v1/gp?marking=JPN",
                                                SecurityData.omm(from: try SecurityData.catalogSet(829), number: 99_903, name: "SECRETJPN"))
                let payloads = ["'", "' OR '1'='1", "1 OR 1=1", "1) OR (1=1", "1; DROP TABLE element_sets; --", "%", "_", "\\",
                                "99903' --", "PUBLIC' OR marking LIKE '%", "%00", "1e999", "-1", "99999999999999999999"]
                let parameters = ["/api/v1/gp?norad_cat_id=", "/api/v1/gp?epoch=", "/api/v1/gp?orderby=", "/api/v1/gp?limit=",
                                  "/api/v1/objects?q=", "/api/v1/objects?type=", "/api/v1/events?norad_cat_id=", "/api/v1/events?min_pc=",
                                  "/api/v1/events?status=", "/api/v1/alerts?after_id=", "/api/v1/alerts?min_severity=",
                                  "/api/v1/messages?kind=", "/api/v1/messages?norad_cat_id=", "/api/v1/feeds/omm?norad_cat_id=",
                                  "/api/v1/sky?at=", "/api/v1/audit?username=", "/api/v1/gp?marking=", "/api/v1/objects/"]
                for prefix in parameters {
                    for payload in payloads {
                        let encoded = payload.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
                        let r = try await cast.partnerUSA.get(prefix + encoded)
                        #expect([200, 400, 403, 404].contains(Int(r.status.code)), "\(prefix)\(payload): \(r.status)")
                        #expect(!r.text.contains("SECRETJPN") && !r.text.contains("99903\""), "\(prefix)\(payload) leaks")
                        // SQL and LIKE metacharacters are matched literally (no name holds them)
                        if r.status == .ok, prefix.hasPrefix("/api/v1/objects?q="), payload.contains(where: { "'%_\\;".contains($0) }) {
                            #expect((try r.object()["items"] as? [Any])?.isEmpty == true, "\(payload) matched objects")
                        }
                    }
                }
                // unknown parameters are refused (no silent widening of a query)
                try expectProblem(try await cast.partnerUSA.get("/api/v1/gp?visibility=all"), status: 400)
                try expectProblem(try await cast.partnerUSA.get("/api/v1/events?marking=JPN"), status: 400)
                // the store is whole and the analyst still sees the secret
                #expect(try await store.counts().elementSets > 200)
                #expect(try await cast.analyst.get("/api/v1/objects/99903").status == .ok)
            }
        }
    }

    @Test("oversized bodies get 413 and store nothing; the server keeps serving", arguments: SecurityBackend.enabled)
    func oversized(backend: SecurityBackend) async throws {
        try await backend.with { store in
            let center = SecurityTests.center(store, bootstrap: false)
            try await center.application().test(.router) { raw in
                let cast = try await SecurityCast.make(raw, center)
                let huge = String(repeating: "0 X\n", count: (center.configuration.maximumIngestBytes / 4) + 10)
                for uri in ["/api/v1/gp", "/api/v1/cdm", "/api/v1/tdm", "/api/v1/missile/detections"] {
                    for client in [cast.analyst, cast.partnerUSA] {
                        try expectProblem(try await client.post(uri, huge), status: 413)
                    }
                }
                #expect(try await store.counts().elementSets == 0)
                #expect(try await store.messages(matching: MessageQuery()).isEmpty)
                #expect(try await cast.analyst.get("/api/v1/status").status == .ok)
            }
        }
    }

    @Test("a flood past a token's limit gets 429 with Retry-After while other tokens are served", arguments: SecurityBackend.enabled)
    func flood(backend: SecurityBackend) async throws {
        try await backend.with { store in
            let center = SecurityTests.center(store, bootstrap: false) { c in
                c.rateLimits = [.partner: .spaceTrack, .operator: .spaceTrack]
                c.failedAuthenticationLimit = RateLimitPolicy(windows: [.init(requests: 20, seconds: 60)])
            }
            try await center.application().test(.router) { raw in
                let cast = try await SecurityCast.make(raw, center)
                var statuses: [Int] = []
                for _ in 0..<40 { statuses.append(Int(try await cast.partnerUSA.get("/api/v1/status").status.code)) }
                #expect(statuses.prefix(30).allSatisfy { $0 == 200 }, "Space-Track's 30 per minute")
                #expect(statuses.suffix(10).allSatisfy { $0 == 429 })
                let limited = try await cast.partnerUSA.get("/api/v1/objects")
                try expectProblem(limited, status: 429)
                #expect(Int(limited.headers[.retryAfter] ?? "") ?? 0 >= 1)
                // others are served: another partner, and the analyst (console limits)
                #expect(try await cast.partnerAUS.get("/api/v1/status").status == .ok)
                for _ in 0..<50 { #expect(try await cast.analyst.get("/api/v1/status").status == .ok) }
                // guessing tokens: after 20 failures per minute, 429; valid tokens are still served
                var guesses: [Int] = []
                for _ in 0..<25 {
                    guesses.append(Int(try await raw.execute(uri: "/api/v1/status", method: .get,
                                                             headers: [.authorization: "Bearer \(TokenSecret.generate())"]).status.code))
                }
                #expect(guesses.prefix(20).allSatisfy { $0 == 401 } && guesses.suffix(5).allSatisfy { $0 == 429 }, "\(guesses)")
                #expect(try await cast.analyst.get("/api/v1/status").status == .ok)
                let limitedEntries = try await store.auditEntries(matching: AuditQuery(action: "rate_limited", limit: 1_000))
                #expect(limitedEntries.count >= 15)
            }
        }
    }

    @Test("new alerts are pushed to a partner's webhook: only releasable ones, retried after a failure, nothing skipped",
          arguments: SecurityBackend.enabled)
    func webhookPush(backend: SecurityBackend) async throws {
        try await backend.with { store in
            // the partner's webhook: fails the first delivery, then records bodies
            let hook = Hook()
            let receiver = Router()
            receiver.post("hook") { request, _ -> Response in
                let body = String(buffer: try await request.body.collect(upTo: 1 << 20))
                return await hook.receive(body) ? Response(status: .ok) : Response(status: .internalServerError)
            }
            try await Application(router: receiver).test(.live) { hookClient in
                let port = try #require(hookClient.port)
                var policy = PartnerPushPolicy()
                policy.initialBackoffSeconds = 0
                let center = SecurityTests.center(store, bootstrap: false) { $0.partnerPush = policy }
                _ = try await store.createAccount(NewAccount(username: "uspush", role: .partner, organization: "US", country: CountryCode("USA")), at: Date())
                #expect(try await store.setWebhook("http://127.0.0.1:\(port)/hook", username: "uspush"))
                let push = center.partnerPush
                #expect(await push.deliverOnce() == 0, "nothing before the first alerts")
                func alert(_ kind: String, _ marking: Releasability) -> NewAlert {
                    NewAlert(kind: kind, severity: .warning, eventID: nil, primary: 829, secondary: 42809, tca: nil, missDistanceKm: 1,
                             pc: nil, message: kind, marking: marking)
                }
                _ = try await store.insertAlerts([alert("a.public", .public), alert("b.jpn", .japanOnly),
                                                  alert("c.rel-usa", .releasable(to: [CountryCode("USA")!])),
                                                  alert("d.rel-aus", .releasable(to: [CountryCode("AUS")!]))])
                #expect(await push.deliverOnce() == 0, "the webhook failed: not delivered")
                #expect(await push.deliverOnce() == 2)
                #expect(await push.deliverOnce() == 0, "nothing new")
                let bodies = await hook.bodies
                #expect(bodies.count == 2)
                let delivered = try #require(bodies.last)
                #expect(delivered.contains("a.public") && delivered.contains("c.rel-usa"))
                #expect(!delivered.contains("b.jpn") && !delivered.contains("d.rel-aus"))
                let audit = try await store.auditEntries(matching: AuditQuery(username: "uspush", limit: 100))
                #expect(audit.map(\.entry.action).sorted() == ["push", "push_failure"])
            }
        }
    }
}

/// A webhook that refuses its first delivery.
actor Hook {
    private(set) var bodies: [String] = []
    func receive(_ body: String) -> Bool {
        bodies.append(body)
        return bodies.count > 1
    }
}
