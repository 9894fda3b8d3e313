import Foundation
import Testing
@testable import Persistence
import SpaceData

/// Accounts, tokens and the audit log on both stores: tokens are stored only as SHA-256, refused
/// when expired, revoked or their account is disabled, and the audit log cannot be changed.
@Suite("Accounts, tokens and audit")
struct AccountStoreTests {
    static let t0 = Date(timeIntervalSince1970: 1_700_000_000)

    @Test("accounts: the four roles, partners need an organization and a country, usernames unique", arguments: Backend.enabled)
    func accounts(_ backend: Backend) async throws {
        try await TestStores.with(backend) { store in
            let store = try #require(store as? any AccountStore)
            let usa = try #require(CountryCode("USA"))
            let admin = try await store.createAccount(NewAccount(username: "admin", role: .admin), at: Self.t0)
            _ = try await store.createAccount(NewAccount(username: "ana", role: .analyst), at: Self.t0)
            let op = try await store.createAccount(NewAccount(username: "qzss-ops", role: .operator, organization: "CAO",
                                                              operatedObjects: [42917, 37158]), at: Self.t0)
            _ = try await store.createAccount(NewAccount(username: "ussf", role: .partner, organization: "USSF 18 SDS", country: usa), at: Self.t0)
            #expect(admin.id != op.id)
            let all = try await store.accounts()
            #expect(all.map(\.username) == ["admin", "ana", "qzss-ops", "ussf"])
            #expect(all.first { $0.username == "qzss-ops" }?.operatedObjects == [42917, 37158])
            let partner = try #require(try await store.account(username: "ussf"))
            #expect(partner.role == .partner && partner.country == usa && partner.organization == "USSF 18 SDS" && !partner.disabled)
            #expect(try await store.account(username: "nobody") == nil)

            await expectStoreError(.constraint, "duplicate username") {
                _ = try await store.createAccount(NewAccount(username: "ana", role: .admin), at: Self.t0)
            }
            await expectStoreError(.constraint, "partner without country") {
                _ = try await store.createAccount(NewAccount(username: "p2", role: .partner, organization: "X"), at: Self.t0)
            }
            await expectStoreError(.constraint, "bad username") {
                _ = try await store.createAccount(NewAccount(username: "a b'; DROP TABLE accounts; --", role: .admin), at: Self.t0)
            }
            #expect(try await store.accounts().count == 4)
        }
    }

    @Test("tokens: the secret is shown once and stored as SHA-256; expired, revoked, disabled and unknown tokens are refused", arguments: Backend.enabled)
    func tokens(_ backend: Backend) async throws {
        try await TestStores.with(backend) { raw in
            let store = try #require(raw as? any AccountStore)
            _ = try await store.createAccount(NewAccount(username: "ana", role: .analyst), at: Self.t0)
            let issued = try await store.issueToken(username: "ana", label: "console", lifetimeSeconds: 3_600, at: Self.t0)
            #expect(TokenSecret.isWellFormed(issued.secret))
            #expect(issued.secret.hasPrefix(issued.token.prefix))
            // The database holds the digest, never the secret.
            let stored = try await raw.queryRaw("SELECT secret_sha256 FROM api_tokens", [])
            #expect(stored.count == 1 && stored[0][0].textValue == SHA256.hex(issued.secret))
            let everything = try await raw.queryRaw("SELECT * FROM api_tokens", []).flatMap { $0 }.compactMap(\.textValue)
            #expect(!everything.contains(issued.secret))

            let now = Self.t0.addingTimeInterval(60)
            guard case .success(let principal) = try await store.authenticate(secret: issued.secret, at: now) else {
                Issue.record("a fresh token was refused"); return
            }
            #expect(principal.account.username == "ana" && principal.tokenID == issued.token.id)
            #expect(try await store.tokens(username: "ana").first?.lastUsedAt == now)

            #expect(try await store.authenticate(secret: issued.secret, at: Self.t0.addingTimeInterval(3_600)) == .failure(.expired))
            #expect(try await store.authenticate(secret: TokenSecret.generate(), at: now) == .failure(.unknownToken))
            #expect(try await store.authenticate(secret: "Bearer x' OR '1'='1", at: now) == .failure(.malformed))
            #expect(try await store.authenticate(secret: "", at: now) == .failure(.malformed))

            #expect(try await store.setDisabled(true, username: "ana"))
            #expect(try await store.authenticate(secret: issued.secret, at: now) == .failure(.accountDisabled))
            #expect(try await store.setDisabled(false, username: "ana"))
            #expect(try await store.revokeToken(id: issued.token.id, at: now))
            #expect(try await !store.revokeToken(id: issued.token.id, at: now), "revoked twice")
            #expect(try await store.authenticate(secret: issued.secret, at: now) == .failure(.revoked))
            #expect(try await store.tokens(username: "ana").first?.revokedAt == now)
            #expect(try await !store.setDisabled(true, username: "nobody"))

            await expectStoreError(.constraint, "token for nobody") {
                _ = try await store.issueToken(username: "nobody", label: "x", lifetimeSeconds: 60, at: Self.t0)
            }
            let second = try await store.issueToken(username: "ana", label: "feed", lifetimeSeconds: 60, at: Self.t0)
            #expect(second.secret != issued.secret)
            #expect(try await store.tokens(username: nil).map(\.id) == [second.token.id, issued.token.id])
        }
    }

    @Test("audit log: appended, queried newest first by user and action, and the schema refuses updates and deletes", arguments: Backend.enabled)
    func audit(_ backend: Backend) async throws {
        try await TestStores.with(backend) { raw in
            let store = try #require(raw as? any AccountStore)
            let entries = [
                NewAuditEntry(at: Self.t0, username: "ana", action: "read", method: "GET", target: "/api/v1/events?limit=5",
                              status: 200, records: 5, remote: "127.0.0.1"),
                NewAuditEntry(at: Self.t0.addingTimeInterval(1), action: "auth_failure", method: "GET", target: "/api/v1/gp",
                              status: 401, remote: "10.0.0.9", detail: "revoked"),
                NewAuditEntry(at: Self.t0.addingTimeInterval(2), username: "ana", action: "write", method: "POST",
                              target: "/api/v1/gp", status: 200, records: 3),
            ]
            try await store.appendAudit(entries)
            let all = try await store.auditEntries(matching: AuditQuery())
            #expect(all.map(\.entry) == entries.reversed())
            #expect(try await store.auditEntries(matching: AuditQuery(username: "ana")).count == 2)
            #expect(try await store.auditEntries(matching: AuditQuery(action: "auth_failure")).first?.entry.detail == "revoked")
            #expect(try await store.auditEntries(matching: AuditQuery(since: Self.t0.addingTimeInterval(1))).count == 2)
            #expect(try await store.auditEntries(matching: AuditQuery(limit: 1)).count == 1)

            for sql in ["UPDATE audit_log SET action = 'read'", "DELETE FROM audit_log"] {
                await #expect(throws: StoreError.self, "\(sql)") { try await raw.executeRaw(sql, []) }
            }
            #expect(try await store.auditEntries(matching: AuditQuery()).map(\.entry) == entries.reversed())
        }
    }
}
