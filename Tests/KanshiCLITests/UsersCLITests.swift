import Foundation
import Persistence
import Testing

/// `kanshi users`: accounts and tokens from the command line, on a fresh SQLite store. The
/// token's secret is printed once on stdout and authenticates against the same store; bad input
/// exits non-zero with the reason on stderr; every change is in the audit log.
@Suite("kanshi users")
struct UsersCLITests {
    typealias CLI = CLITests

    @Test("add, list, token, authenticate, revoke, disable; refusals exit 1 with the reason")
    func lifecycle() async throws {
        let state = FileManager.default.temporaryDirectory.appendingPathComponent("kanshi-users-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: state) }
        func users(_ args: String...) throws -> CLITests.Result { try CLI.run(["users"] + args + ["--state-dir", state]) }

        let add = try users("add", "ussf", "--role", "partner", "--organization", "USSF 18 SDS", "--country", "USA")
        #expect(add.status == 0, "\(add.stderr)")
        #expect(try users("add", "ops", "--role", "operator", "--operates", "42917, 37158").status == 0)
        let partnerless = try users("add", "p", "--role", "partner")
        #expect(partnerless.status != 0 && partnerless.stderr.contains("organization and a country"), "\(partnerless.stderr)")
        let badRole = try users("add", "x", "--role", "root")
        #expect(badRole.status != 0 && badRole.stderr.contains("--role root"), "\(badRole.stderr)")
        let badCountry = try users("add", "y", "--role", "partner", "--organization", "o", "--country", "usa")
        #expect(badCountry.status != 0 && badCountry.stderr.contains("--country usa"), "\(badCountry.stderr)")
        let duplicate = try users("add", "ussf", "--role", "analyst")
        #expect(duplicate.status != 0 && duplicate.stderr.contains("constraint"), "\(duplicate.stderr)")

        let list = try users("list")
        #expect(list.stdout.split(separator: "\n").map(String.init) == [
            "username\trole\torganization\tcountry\toperates\tdisabled",
            "ops\toperator\t\t\t37158,42917\tno",
            "ussf\tpartner\tUSSF 18 SDS\tUSA\t\tno",
        ])

        let token = try users("token", "ussf", "--label", "feed", "--days", "30")
        #expect(token.status == 0, "\(token.stderr)")
        let secret = token.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(TokenSecret.isWellFormed(secret), "stdout holds exactly the secret: \(token.stdout)")
        let tokens = try users("tokens", "ussf")
        #expect(!tokens.stdout.contains(secret), "listings never show the secret")
        #expect(tokens.stdout.contains("\tussf\tfeed\t"))

        // The secret authenticates against the store the CLI wrote.
        let store = try SQLiteStore(path: state + "/kanshi.sqlite")
        try await store.migrate()
        guard case .success(let who) = try await store.authenticate(secret: secret, at: Date()) else {
            Issue.record("the issued token does not authenticate"); return
        }
        #expect(who.account.username == "ussf" && who.account.role == .partner)

        #expect(try users("revoke", "\(who.tokenID)").status == 0)
        let again = try users("revoke", "\(who.tokenID)")
        #expect(again.status != 0 && again.stderr.contains("no unrevoked token"))
        #expect(try await store.authenticate(secret: secret, at: Date()) == .failure(.revoked))
        #expect(try users("disable", "ops").status == 0)
        #expect(try users("disable", "nobody").status != 0)
        #expect(try await store.account(username: "ops")?.disabled == true)

        // webhooks: set, refused when not http(s), removed
        #expect(try users("webhook", "ussf", "https://partner.example/kanshi").status == 0)
        #expect(try await store.account(username: "ussf")?.webhookURL == "https://partner.example/kanshi")
        let badHook = try users("webhook", "ussf", "ftp://x")
        #expect(badHook.status != 0 && badHook.stderr.contains("http(s)"), "\(badHook.stderr)")
        #expect(try users("webhook", "nobody", "https://x").status != 0)
        #expect(try users("webhook", "ussf").status != 0, "a URL or --remove")
        #expect(try users("webhook", "ussf", "--remove").status == 0)
        #expect(try await store.account(username: "ussf")?.webhookURL == nil)

        let audit = try await store.auditEntries(matching: AuditQuery(action: "admin"))
        #expect(audit.count == 7, "\(audit.map(\.entry.target))")
        #expect(audit.allSatisfy { $0.entry.username?.hasPrefix("cli:") == true })
        try await store.close()
    }
}
