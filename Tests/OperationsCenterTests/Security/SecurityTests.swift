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

/// The attacker's suite (issue 9, docs/security.md). For each route of the center and for the
/// WebSocket it tries what an attacker would — no token, an expired, revoked or disabled account's
/// token, a partner's token against records marked for Japan only (by id, by query, by count, by
/// export, by CDM and on the stream), injection in query parameters, oversized bodies and floods —
/// and checks that nothing leaks and the server keeps serving others. It runs on SQLite and on
/// PostgreSQL.
@Suite("Security: every route and the stream, tried as an attacker, on both stores", .serialized)
struct SecurityTests {
    /// The center for the suite: the fixture catalog (`PUBLIC`), generous limits except where a
    /// test sets its own.
    static func center(_ store: any Store, bootstrap: Bool = true, adjust: (inout ServerConfiguration) -> Void = { _ in }) -> OperationsCenter {
        makeCenter(store: store, bootstrap: bootstrap) { c in
            c.failedAuthenticationLimit = RateLimitPolicy(windows: [.init(requests: 10_000, seconds: 60)])
            c.maximumIngestBytes = 256 << 10
            adjust(&c)
        }
    }

    /// A concrete request for every route of the router (path parameters filled in).
    static func concreteRoutes(_ center: OperationsCenter) -> [(method: HTTPRequest.Method, uri: String)] {
        center.router().routes.map { r in
            let path = r.path.description
                .replacingOccurrences(of: "{norad_cat_id}", with: "829").replacingOccurrences(of: "{asset}", with: "829")
                .replacingOccurrences(of: "{object}", with: "42809").replacingOccurrences(of: "{id}", with: "1")
                .replacingOccurrences(of: "**", with: "index.html")
            return (r.method, path.hasPrefix("/") ? path : "/" + path)
        }
    }

    @Test("every route but health and the UI's files answers one identical 401 to no, malformed, unknown, expired, revoked and disabled tokens", arguments: SecurityBackend.enabled)
    func everyRouteRefusesBadTokens(backend: SecurityBackend) async throws {
        try await backend.with { store in
            let center = Self.center(store, bootstrap: false)
            let now = Date()
            _ = try await store.createAccount(NewAccount(username: "victim", role: .analyst), at: now)
            let expired = try await store.issueToken(username: "victim", label: "old", lifetimeSeconds: 60, at: now.addingTimeInterval(-3_600))
            let revoked = try await store.issueToken(username: "victim", label: "leaked", lifetimeSeconds: 86_400, at: now)
            #expect(try await store.revokeToken(id: revoked.token.id, at: now))
            _ = try await store.createAccount(NewAccount(username: "gone", role: .admin), at: now)
            let disabled = try await store.issueToken(username: "gone", label: "x", lifetimeSeconds: 86_400, at: now)
            #expect(try await store.setDisabled(true, username: "gone"))
            let unknown = TokenSecret.generate()
            let attempts: [(String, String?)] = [
                ("no token", nil), ("not bearer", "Basic dmljdGltOnB3"), ("malformed", "Bearer ' OR 1=1 --"),
                ("unknown", "Bearer \(unknown)"), ("expired", "Bearer \(expired.secret)"), ("revoked", "Bearer \(revoked.secret)"),
                ("disabled account", "Bearer \(disabled.secret)"),
            ]
            let routes = Self.concreteRoutes(center)
            #expect(routes.count >= 30, "the route table: \(routes.map(\.uri))")
            try await center.application().test(.router) { client in
                var reference: String?
                for route in routes {
                    let open = route.uri == "/api/v1/health" || route.uri == "/" || route.uri.hasPrefix("/ui/")
                    for (what, header) in attempts {
                        var headers = HTTPFields()
                        if let header { headers[.authorization] = header }
                        let r = try await client.execute(uri: route.uri, method: route.method, headers: headers,
                                                         body: route.method == .post ? ByteBuffer(string: "x") : nil)
                        if open {
                            #expect(r.status != .unauthorized, "\(route.uri) is open but answered 401 to \(what)")
                            continue
                        }
                        try expectProblem(r, status: 401)
                        #expect(r.headers[.wwwAuthenticate] == "Bearer realm=\"kanshi\"", "\(route.method) \(route.uri), \(what)")
                        // the same answer whatever the reason: nothing tells a revoked token from an unknown one
                        var o = try r.object()
                        o["instance"] = nil
                        let text = String(decoding: try JSONSerialization.data(withJSONObject: o, options: [.sortedKeys]), as: UTF8.self)
                        if reference == nil { reference = text }
                        #expect(text == reference, "\(route.method) \(route.uri), \(what): \(text)")
                    }
                }
            }
            // every refusal is in the audit log with its real reason; nothing was written
            let failures = try await store.auditEntries(matching: AuditQuery(action: "auth_failure", limit: 10_000))
            let reasons = Set(failures.compactMap(\.entry.detail))
            #expect(reasons.isSuperset(of: ["no bearer token", "unknown_token", "expired", "revoked", "account_disabled"]), "\(reasons)")
            #expect(try await store.counts().elementSets == 0)
            #expect(try await store.messages(matching: MessageQuery()).isEmpty)
        }
    }

    @Test("revoking a token or disabling its account takes effect within the token cache's time (immediately with none)",
          arguments: SecurityBackend.enabled)
    func revocationTakesEffect(backend: SecurityBackend) async throws {
        try await backend.with { store in
            for ttl in [0.0, 0.5] {
                let center = Self.center(store, bootstrap: false) { $0.tokenCacheSeconds = ttl }
                try await center.application().test(.router) { raw in
                    let name = "rev-\(Int(ttl * 10))"
                    _ = try await store.createAccount(NewAccount(username: name, role: .analyst), at: Date())
                    let a = try await store.issueToken(username: name, label: "a", lifetimeSeconds: 3_600, at: Date())
                    let b = try await store.issueToken(username: name, label: "b", lifetimeSeconds: 3_600, at: Date())
                    let clientA = BearerClient(base: raw, secret: a.secret), clientB = BearerClient(base: raw, secret: b.secret)
                    #expect(try await clientA.get("/api/v1/status").status == .ok)
                    #expect(try await clientB.get("/api/v1/status").status == .ok)
                    #expect(try await store.revokeToken(id: a.token.id, at: Date()))
                    if ttl == 0 { try expectProblem(try await clientA.get("/api/v1/status"), status: 401) }
                    try await Task.sleep(for: .milliseconds(Int(ttl * 1000) + 100))
                    try expectProblem(try await clientA.get("/api/v1/status"), status: 401)
                    #expect(try await clientB.get("/api/v1/status").status == .ok)
                    #expect(try await store.setDisabled(true, username: name))
                    try await Task.sleep(for: .milliseconds(Int(ttl * 1000) + 100))
                    try expectProblem(try await clientB.get("/api/v1/status"), status: 401)
                }
            }
        }
    }

    @Test("the WebSocket does not upgrade without a valid token", arguments: SecurityBackend.enabled)
    func webSocketRefusesBadTokens(backend: SecurityBackend) async throws {
        try await backend.with { store in
            let center = Self.center(store, bootstrap: false)
            let revoked = try await {
                _ = try await store.createAccount(NewAccount(username: "w", role: .analyst), at: Date())
                let t = try await store.issueToken(username: "w", label: "x", lifetimeSeconds: 86_400, at: Date())
                _ = try await store.revokeToken(id: t.token.id, at: Date())
                return t.secret
            }()
            try await center.application().test(.live) { raw in
                let port = try #require(raw.port)
                for query in ["", "?access_token=\(TokenSecret.generate())", "?access_token=\(revoked)", "?access_token=%27%20OR%201%3D1"] {
                    await #expect(throws: (any Error).self, "upgraded with \(query)") {
                        try await WebSocketClient.connect(url: "ws://127.0.0.1:\(port)/api/v1/alerts/stream\(query)",
                                                          logger: Logger(label: "ws-attacker")) { _, _, _ in }
                    }
                }
                // and the center still serves a valid token
                let ok = try await signedIn(raw, center)
                #expect(try await ok.get("/api/v1/status").status == .ok)
            }
        }
    }
}
