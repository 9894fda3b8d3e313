import ArgumentParser
import Foundation
import Logging
import Persistence
import SpaceData

/// `kanshi users ...`: accounts and API tokens, on the store directly (the administrator's tool;
/// the server has no endpoint that creates accounts). Every change is written to the audit log as
/// action `admin`, by `cli:<operating-system user>`.
struct UsersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "users",
        abstract: "Manage accounts and API tokens (admin, analyst, operator, partner).",
        discussion: """
        Tokens are shown once, when issued, and stored only as their SHA-256. A partner account needs an \
        organization and a country (three capital letters, as in releasability markings: USA, AUS, GBR).
        """,
        subcommands: [Add.self, List.self, Disable.self, Enable.self, Token.self, Tokens.self, Revoke.self, Webhook.self])

    /// Opens the store as an ``AccountStore``.
    static func open(_ options: StoreOptions) async throws -> any Store & AccountStore {
        var logger = Logger(label: "kanshi.users")
        logger.logLevel = .warning
        let store = try await options.open(logger: logger)
        guard let accounts = store as? any Store & AccountStore else { throw CLIError("this store does not keep accounts") }
        return accounts
    }

    /// Records an administrative change.
    static func audit(_ store: any AccountStore, _ target: String, _ detail: String? = nil) async throws {
        let user = ProcessInfo.processInfo.environment["USER"] ?? NSUserName()
        try await store.appendAudit([NewAuditEntry(at: Date(), username: "cli:\(user)", action: "admin", target: target, detail: detail)])
    }

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create an account.")
        @Argument(help: "Username (letters, digits, . _ - @; at most 64).") var username: String
        @Option(help: "admin, analyst, operator or partner.") var role: String
        @Option(help: "The organization (required for partners).") var organization: String?
        @Option(help: "The partner's country code (required for partners), e.g. USA.") var country: String?
        @Option(help: "An operator's satellites: comma-separated NORAD catalog numbers.") var operates: String?
        @OptionGroup var store: StoreOptions

        func run() async throws {
            guard let role = Role(rawValue: role) else {
                throw ValidationError("--role \(role): one of \(Role.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            var country: CountryCode?
            if let text = self.country {
                guard let code = CountryCode(text) else { throw ValidationError("--country \(text): three capital letters (USA)") }
                country = code
            }
            var objects: Set<Int> = []
            for part in (operates ?? "").split(separator: ",") {
                guard let n = Int(part.trimmingCharacters(in: .whitespaces)), n >= 0 else {
                    throw ValidationError("--operates: '\(part)' is not a catalog number")
                }
                objects.insert(n)
            }
            let db = try await UsersCommand.open(store)
            let account = try await db.createAccount(
                NewAccount(username: username, role: role, organization: organization, country: country, operatedObjects: objects), at: Date())
            try await UsersCommand.audit(db, "account \(account.username)", "created, role \(role.rawValue)")
            print("created \(account.username) (\(role.rawValue), id \(account.id))")
            try await db.close()
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List accounts (tab-separated).")
        @OptionGroup var store: StoreOptions

        func run() async throws {
            let db = try await UsersCommand.open(store)
            print(["username", "role", "organization", "country", "operates", "disabled"].joined(separator: "\t"))
            for a in try await db.accounts() {
                print([a.username, a.role.rawValue, a.organization ?? "", a.country?.rawValue ?? "",
                       a.operatedObjects.sorted().map(String.init).joined(separator: ","), a.disabled ? "yes" : "no"].joined(separator: "\t"))
            }
            try await db.close()
        }
    }

    struct Disable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Disable an account: its tokens are refused.")
        @Argument var username: String
        @OptionGroup var store: StoreOptions
        func run() async throws { try await UsersCommand.setDisabled(true, username, store) }
    }

    struct Enable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Enable a disabled account.")
        @Argument var username: String
        @OptionGroup var store: StoreOptions
        func run() async throws { try await UsersCommand.setDisabled(false, username, store) }
    }

    static func setDisabled(_ disabled: Bool, _ username: String, _ options: StoreOptions) async throws {
        try await change(options, target: "account \(username)", detail: disabled ? "disabled" : "enabled", missing: "no account \(username)",
                         done: "\(username) \(disabled ? "disabled" : "enabled")") { db in try await db.setDisabled(disabled, username: username) }
    }

    /// One audited change: `body` returns `false` when its target does not exist (exit 1 with
    /// `missing`); otherwise the change is audited and `done` printed. The store is closed either way.
    static func change(_ options: StoreOptions, target: String, detail: String, missing: String, done: String,
                       _ body: (any Store & AccountStore) async throws -> Bool) async throws {
        let db = try await open(options)
        do {
            guard try await body(db) else { throw CLIError(missing) }
            try await audit(db, target, detail)
        } catch {
            try await db.close()
            throw error
        }
        print(done)
        try await db.close()
    }

    struct Token: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Issue an API token; prints the secret once on stdout.",
            discussion: "Send it as `Authorization: Bearer <secret>`. It cannot be shown again: issue a new one if it is lost.")
        @Argument var username: String
        @Option(help: "What the token is for.") var label: String = "api"
        @Option(help: "Days until it expires.") var days: Double = 90

        @OptionGroup var store: StoreOptions

        func validate() throws {
            guard days > 0, days <= 3_650 else { throw ValidationError("--days: between 0 and 3650") }
        }

        func run() async throws {
            let db = try await UsersCommand.open(store)
            let issued = try await db.issueToken(username: username, label: label, lifetimeSeconds: days * 86_400, at: Date())
            try await UsersCommand.audit(db, "token \(issued.token.id) of \(username)", "issued, label \(label)")
            Diagnostics.print("token \(issued.token.id) for \(username), expires \(ISO8601DateFormatter().string(from: issued.token.expiresAt))")
            print(issued.secret)
            try await db.close()
        }
    }

    struct Tokens: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List tokens (never their secrets), newest first.")
        @Argument(help: "Only this account's tokens.") var username: String?
        @OptionGroup var store: StoreOptions

        func run() async throws {
            let db = try await UsersCommand.open(store)
            let names = Dictionary(uniqueKeysWithValues: try await db.accounts().map { ($0.id, $0.username) })
            let iso = ISO8601DateFormatter()
            print(["id", "username", "label", "prefix", "created", "expires", "revoked", "last_used"].joined(separator: "\t"))
            for t in try await db.tokens(username: username) {
                print(["\(t.id)", names[t.accountID] ?? "?", t.label, t.prefix, iso.string(from: t.createdAt), iso.string(from: t.expiresAt),
                       t.revokedAt.map(iso.string(from:)) ?? "", t.lastUsedAt.map(iso.string(from:)) ?? ""].joined(separator: "\t"))
            }
            try await db.close()
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke a token by id (see `kanshi users tokens`).")
        @Argument var id: Int64
        @OptionGroup var store: StoreOptions

        func run() async throws {
            try await UsersCommand.change(store, target: "token \(id)", detail: "revoked", missing: "no unrevoked token \(id)",
                                          done: "token \(id) revoked") { db in try await db.revokeToken(id: id, at: Date()) }
        }
    }

    struct Webhook: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Set the URL new alerts releasable to an account are pushed to (POST, JSON), or remove it.",
            discussion: "The running center reads it on its next round (every 2 s); deliveries and failures are in the audit log.")
        @Argument var username: String
        @Argument(help: "An http(s) URL; omit with --remove.") var url: String?
        @Flag(help: "Remove the account's webhook.") var remove = false
        @OptionGroup var store: StoreOptions

        func validate() throws {
            if remove == (url != nil) { throw ValidationError("give a URL, or --remove") }
        }

        func run() async throws {
            let url = remove ? nil : self.url
            try await UsersCommand.change(store, target: "account \(username)", detail: url.map { "webhook \($0)" } ?? "webhook removed",
                                          missing: "no account \(username)",
                                          done: url.map { "\(username): alerts releasable to it are pushed to \($0)" } ?? "\(username): webhook removed") { db in
                try await db.setWebhook(url, username: username)
            }
        }
    }
}
