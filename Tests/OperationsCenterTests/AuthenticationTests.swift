import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
@testable import OperationsCenter
import Persistence
import SpaceData
import Testing

/// ``AuthenticationMiddleware`` on a two-route router over a real SQLite store: every way a token
/// can be wrong gets the same 401, the audit log records the real reason, and a flood from one
/// token gets 429 while another token is still served.
@Suite("Authentication and rate limits")
struct AuthenticationTests {
    struct Setup {
        let store: any Store & AccountStore
        let analyst: String, partner: String, expired: String, revoked: String, disabled: String
        var clock: ManualClock
    }

    final class ManualClock: @unchecked Sendable {
        private let lock = NSLock()
        private var seconds = 0.0
        func advance(_ s: Double) { lock.withLock { seconds += s } }
        var now: Double { lock.withLock { seconds } }
    }

    static func setUp() async throws -> Setup {
        let store = try #require(try await makeStore() as? any Store & AccountStore)
        let now = Date()
        _ = try await store.createAccount(NewAccount(username: "ana", role: .analyst), at: now)
        _ = try await store.createAccount(NewAccount(username: "ussf", role: .partner, organization: "USSF", country: CountryCode("USA")), at: now)
        _ = try await store.createAccount(NewAccount(username: "gone", role: .analyst), at: now)
        let analyst = try await store.issueToken(username: "ana", label: "t", lifetimeSeconds: 3_600, at: now).secret
        let partner = try await store.issueToken(username: "ussf", label: "t", lifetimeSeconds: 3_600, at: now).secret
        let expired = try await store.issueToken(username: "ana", label: "old", lifetimeSeconds: 1, at: now.addingTimeInterval(-10)).secret
        let revokedToken = try await store.issueToken(username: "ana", label: "r", lifetimeSeconds: 3_600, at: now)
        _ = try await store.revokeToken(id: revokedToken.token.id, at: now)
        let disabled = try await store.issueToken(username: "gone", label: "d", lifetimeSeconds: 3_600, at: now).secret
        _ = try await store.setDisabled(true, username: "gone")
        return Setup(store: store, analyst: analyst, partner: partner, expired: expired, revoked: revokedToken.secret,
                     disabled: disabled, clock: ManualClock())
    }

    static func router(_ s: Setup, policy: RateLimitPolicy = .spaceTrack) -> Router<CenterRequestContext> {
        let router = Router(context: CenterRequestContext.self)
        router.middlewares.add(ProblemMiddleware(routes: RouteTableBox()))
        let clock = s.clock
        router.middlewares.add(AuthenticationMiddleware(
            accounts: s.store, perToken: [.analyst: RateLimiter(policy: policy), .partner: RateLimiter(policy: policy)],
            perRemoteFailure: RateLimiter(policy: RateLimitPolicy(windows: [.init(requests: 10, seconds: 60)])),
            now: { clock.now }))
        router.get("api/v1/health") { _, _ in "ok" }
        router.get("api/v1/whoami") { _, context in context.principal?.account.username ?? "nobody" }
        return router
    }

    static func bearer(_ secret: String) -> HTTPFields { [.authorization: "Bearer \(secret)"] }

    @Test("health is open; no token, malformed, unknown, expired, revoked and disabled-account tokens all get the same 401")
    func refusals() async throws {
        let s = try await Self.setUp()
        try await Application(router: Self.router(s)).test(.router) { client in
            #expect(try await client.execute(uri: "/api/v1/health", method: .get).status == .ok)
            let ok = try await client.execute(uri: "/api/v1/whoami", method: .get, headers: Self.bearer(s.analyst))
            #expect(ok.status == .ok && String(buffer: ok.body) == "ana")

            let attempts: [(String, HTTPFields)] = [
                ("no header", [:]), ("basic scheme", [.authorization: "Basic YWxhZGRpbjpvcGVuc2VzYW1l"]),
                ("empty bearer", [.authorization: "Bearer "]), ("malformed", Self.bearer("' OR 1=1 --")),
                ("unknown", Self.bearer(TokenSecret.generate())), ("expired", Self.bearer(s.expired)),
                ("revoked", Self.bearer(s.revoked)), ("disabled account", Self.bearer(s.disabled)),
            ]
            var bodies: Set<String> = []
            for (what, headers) in attempts {
                let r = try await client.execute(uri: "/api/v1/whoami", method: .get, headers: headers)
                #expect(r.status == .unauthorized, "\(what)")
                #expect(r.headers[.wwwAuthenticate]?.hasPrefix("Bearer") == true, "\(what)")
                bodies.insert(String(buffer: r.body))
            }
            #expect(bodies.count == 1, "the 401 bodies differ: \(bodies)")
        }
        let failures = try await s.store.auditEntries(matching: AuditQuery(action: "auth_failure"))
        #expect(Set(failures.compactMap(\.entry.detail)) == ["no bearer token", "malformed", "unknown_token", "expired", "revoked", "account_disabled"])
        let reads = try await s.store.auditEntries(matching: AuditQuery(username: "ana", action: "read"))
        #expect(reads.count == 1 && reads[0].entry.target == "/api/v1/whoami" && reads[0].entry.status == 200)
        try await s.store.close()
    }

    @Test("a flood from one token gets 429 with Retry-After; another token is still served; failed attempts are limited too")
    func flood() async throws {
        let s = try await Self.setUp()
        try await Application(router: Self.router(s)).test(.router) { client in
            for n in 0..<30 {
                #expect(try await client.execute(uri: "/api/v1/whoami", method: .get, headers: Self.bearer(s.analyst)).status == .ok, "\(n)")
            }
            let refused = try await client.execute(uri: "/api/v1/whoami", method: .get, headers: Self.bearer(s.analyst))
            #expect(refused.status == .tooManyRequests)
            #expect(refused.headers[.retryAfter] == "60")
            #expect(try await client.execute(uri: "/api/v1/whoami", method: .get, headers: Self.bearer(s.partner)).status == .ok)
            s.clock.advance(60)
            #expect(try await client.execute(uri: "/api/v1/whoami", method: .get, headers: Self.bearer(s.analyst)).status == .ok)

            for _ in 0..<10 { _ = try await client.execute(uri: "/api/v1/whoami", method: .get, headers: Self.bearer(TokenSecret.generate())) }
            let guessing = try await client.execute(uri: "/api/v1/whoami", method: .get, headers: Self.bearer(TokenSecret.generate()))
            #expect(guessing.status == .tooManyRequests)
            #expect(try await client.execute(uri: "/api/v1/whoami", method: .get, headers: Self.bearer(s.partner)).status == .ok)
        }
        #expect(try await s.store.auditEntries(matching: AuditQuery(action: "rate_limited")).count == 2)
        try await s.store.close()
    }
}

/// Role rules on the real center: the audit log is for admins; the requests that reach it are in it.
@Suite("Roles on the center")
struct RoleTests {
    @Test("GET /audit: 403 for analysts and partners, the log for admins, with the 403s in it")
    func auditIsForAdmins() async throws {
        let store = try await makeStore()
        let center = makeCenter(store: store, bootstrap: false)
        try await center.application().test(.router) { raw in
            let analyst = try await signedIn(raw, center)
            let partner = try await signedIn(raw, center, role: .partner, country: CountryCode("USA"))
            let admin = try await signedIn(raw, center, role: .admin)
            for client in [analyst, partner] {
                let r = try await client.execute(uri: "/api/v1/audit", method: .get)
                #expect(r.status == .forbidden, "\(String(buffer: r.body))")
            }
            let log = try await admin.execute(uri: "/api/v1/audit?action=read&limit=10", method: .get)
            #expect(log.status == .ok)
            let items = try #require(try log.object()["items"] as? [[String: Any]])
            let forbidden = items.filter { $0["target"] as? String == "/api/v1/audit" && $0["status"] as? Int == 403 }
            #expect(forbidden.count == 2, "\(items)")
            let bad = try await admin.execute(uri: "/api/v1/audit?since=yesterday", method: .get)
            #expect(bad.status == .badRequest)
        }
        try await store.close()
    }
}
