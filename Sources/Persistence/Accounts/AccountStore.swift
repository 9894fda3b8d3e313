import Foundation
import SpaceData

/// Accounts, API tokens and the audit log. Both stores implement it with the same statements
/// (written once below over ``SQLWritingStore``) and pass one shared test suite.
public protocol AccountStore: Sendable {
    /// Creates an account. A username already taken is a ``StoreError/Code/constraint`` error.
    func createAccount(_ account: NewAccount, at date: Date) async throws(StoreError) -> Account
    /// Every account, by username.
    func accounts() async throws(StoreError) -> [Account]
    /// One account, or `nil`.
    func account(username: String) async throws(StoreError) -> Account?
    /// Sets (or with `nil` removes) the URL new releasable alerts are pushed to; `false` when there
    /// is no such account.
    func setWebhook(_ url: String?, username: String) async throws(StoreError) -> Bool
    /// Disables or re-enables an account; `false` when there is no such account.
    func setDisabled(_ disabled: Bool, username: String) async throws(StoreError) -> Bool
    /// Issues a token for the account, valid for `lifetimeSeconds` from `date`. The secret is in
    /// the result only; the store keeps its SHA-256.
    func issueToken(username: String, label: String, lifetimeSeconds: Double, at date: Date) async throws(StoreError) -> IssuedToken
    /// Tokens of one account (or all), newest first.
    func tokens(username: String?) async throws(StoreError) -> [APIToken]
    /// Revokes a token; `false` when there is no such token or it was already revoked.
    func revokeToken(id: Int64, at date: Date) async throws(StoreError) -> Bool
    /// The principal a presented secret stands for at `date`, or why it is refused. Records the use
    /// (to the minute).
    func authenticate(secret: String, at date: Date) async throws(StoreError) -> Result<Principal, AuthenticationFailure>
    /// Appends entries to the audit log (one transaction). The log has no update or delete path,
    /// and the schema refuses both.
    func appendAudit(_ entries: [NewAuditEntry]) async throws(StoreError)
    /// Audit entries, newest first.
    func auditEntries(matching query: AuditQuery) async throws(StoreError) -> [AuditEntry]
}

/// A store that runs a list of statements in one transaction and returns each one's rows: what
/// the account statements need from a backend.
protocol SQLWritingStore: SQLReadingStore {
    func transaction(_ what: String, _ statements: [SQLStatement]) async throws(StoreError) -> [[[SQLValue]]]
}

/// API token secrets: `ksh_` and 256 random bits in base64url (43 characters).
public enum TokenSecret {
    public static let prefix = "ksh_"

    /// A new secret from the system's cryptographic generator.
    public static func generate() -> String {
        var generator = SystemRandomNumberGenerator()
        var bytes: [UInt8] = []
        for _ in 0..<4 { withUnsafeBytes(of: generator.next() as UInt64) { bytes += $0 } }
        let base64 = Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
        return prefix + base64
    }

    /// Whether `text` has the form of a secret (so a malformed header never reaches the store).
    public static func isWellFormed(_ text: String) -> Bool {
        guard text.hasPrefix(prefix), text.utf8.count == prefix.utf8.count + 43 else { return false }
        return text.utf8.dropFirst(prefix.utf8.count).allSatisfy { c in
            (c >= UInt8(ascii: "A") && c <= UInt8(ascii: "Z")) || (c >= UInt8(ascii: "a") && c <= UInt8(ascii: "z"))
                || (c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9")) || c == UInt8(ascii: "-") || c == UInt8(ascii: "_")
        }
    }

    /// The stored form: SHA-256 of the secret, hex.
    public static func digest(_ secret: String) -> String { SHA256.hex(secret) }
}

extension SQLWritingStore {
    private static var accountColumns: String {
        "a.id, a.username, a.role, a.organization, a.country, a.created_at_us, a.disabled, a.webhook_url"
    }

    private func decodeAccount(_ row: [SQLValue], objects: Set<Int>) throws(StoreError) -> Account {
        var r = RowReader(row)
        let id = try r.int64(), username = try r.text(), roleText = try r.text()
        guard let role = Role(rawValue: roleText) else { throw StoreError(.decoding, "account \(username): unknown role \(roleText)") }
        let organization = try r.optionalText()
        let country = try r.optionalText().flatMap { CountryCode($0) }
        let created = StoreTime.date(microseconds: try r.int64())
        let disabled = try r.int64() != 0
        return Account(id: id, username: username, role: role, organization: organization, country: country,
                       operatedObjects: objects, createdAt: created, disabled: disabled, webhookURL: try r.optionalText())
    }

    private func operatedObjects(accountID: Int64) async throws(StoreError) -> Set<Int> {
        let rows = try await query("operated objects", SQLStatement(
            "SELECT norad_cat_id FROM operator_objects WHERE account_id = ? ORDER BY norad_cat_id", [.int(accountID)]))
        var out: Set<Int> = []
        for row in rows { var r = RowReader(row); out.insert(try r.int()) }
        return out
    }

    public func createAccount(_ account: NewAccount, at date: Date) async throws(StoreError) -> Account {
        guard !account.username.isEmpty, account.username.count <= 64,
              account.username.allSatisfy({ $0.isLetter || $0.isNumber || "._-@".contains($0) }) else {
            throw StoreError(.constraint, "username '\(account.username)': 1–64 letters, digits or . _ - @")
        }
        if account.role == .partner && (account.organization == nil || account.country == nil) {
            throw StoreError(.constraint, "partner account \(account.username) needs an organization and a country")
        }
        let created = StoreTime.microseconds(date)
        var statements = [SQLStatement(
            "INSERT INTO accounts (username, role, organization, country, created_at_us, disabled) VALUES (?, ?, ?, ?, ?, 0) RETURNING id",
            [.text(account.username), .text(account.role.rawValue), SQLValue(account.organization),
             SQLValue(account.country?.rawValue), .int(created)])]
        for object in account.operatedObjects.sorted() {
            statements.append(SQLStatement(
                "INSERT INTO operator_objects (account_id, norad_cat_id) SELECT id, ? FROM accounts WHERE username = ?",
                [.int(Int64(object)), .text(account.username)]))
        }
        let results = try await transaction("create account \(account.username)", statements)
        var r = RowReader(results.first?.first ?? [])
        return Account(id: try r.int64(), username: account.username, role: account.role, organization: account.organization,
                       country: account.country, operatedObjects: account.operatedObjects,
                       createdAt: StoreTime.date(microseconds: created), disabled: false)
    }

    public func accounts() async throws(StoreError) -> [Account] {
        let rows = try await query("accounts", SQLStatement("SELECT \(Self.accountColumns) FROM accounts a ORDER BY a.username"))
        var out: [Account] = []
        for row in rows {
            var r = RowReader(row)
            let id = try r.int64()
            out.append(try decodeAccount(row, objects: try await operatedObjects(accountID: id)))
        }
        return out
    }

    public func account(username: String) async throws(StoreError) -> Account? {
        guard let row = try await query("account", SQLStatement(
            "SELECT \(Self.accountColumns) FROM accounts a WHERE a.username = ?", [.text(username)])).first else { return nil }
        var r = RowReader(row)
        return try decodeAccount(row, objects: try await operatedObjects(accountID: try r.int64()))
    }

    public func setWebhook(_ url: String?, username: String) async throws(StoreError) -> Bool {
        if let url, !(url.hasPrefix("http://") || url.hasPrefix("https://")) || url.count > 2_048 {
            throw StoreError(.constraint, "webhook '\(url.prefix(80))' is not an http(s) URL of at most 2048 characters")
        }
        let rows = try await transaction("set webhook", [SQLStatement(
            "UPDATE accounts SET webhook_url = ? WHERE username = ? RETURNING id", [SQLValue(url), .text(username)])])
        return !(rows.first ?? []).isEmpty
    }

    public func setDisabled(_ disabled: Bool, username: String) async throws(StoreError) -> Bool {
        let rows = try await transaction("disable account", [SQLStatement(
            "UPDATE accounts SET disabled = ? WHERE username = ? RETURNING id", [.int(disabled ? 1 : 0), .text(username)])])
        return !(rows.first ?? []).isEmpty
    }

    public func issueToken(username: String, label: String, lifetimeSeconds: Double, at date: Date) async throws(StoreError) -> IssuedToken {
        guard lifetimeSeconds > 0, lifetimeSeconds.isFinite else {
            throw StoreError(.constraint, "token lifetime \(lifetimeSeconds) s: must be positive")
        }
        guard let account = try await account(username: username) else {
            throw StoreError(.constraint, "no account \(username)")
        }
        let secret = TokenSecret.generate()
        let created = StoreTime.microseconds(date), expires = StoreTime.microseconds(date.addingTimeInterval(lifetimeSeconds))
        let prefix = String(secret.prefix(TokenSecret.prefix.count + 4))
        let rows = try await transaction("issue token", [SQLStatement(
            "INSERT INTO api_tokens (account_id, secret_sha256, prefix, label, created_at_us, expires_at_us) VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
            [.int(account.id), .text(TokenSecret.digest(secret)), .text(prefix), .text(label), .int(created), .int(expires)])])
        var r = RowReader(rows.first?.first ?? [])
        let token = APIToken(id: try r.int64(), accountID: account.id, label: label, prefix: prefix,
                             createdAt: StoreTime.date(microseconds: created), expiresAt: StoreTime.date(microseconds: expires))
        return IssuedToken(token: token, secret: secret)
    }

    private static var tokenColumns: String {
        "t.id, t.account_id, t.label, t.prefix, t.created_at_us, t.expires_at_us, t.revoked_at_us, t.last_used_at_us"
    }

    private func decodeToken(_ r: inout RowReader) throws(StoreError) -> APIToken {
        APIToken(id: try r.int64(), accountID: try r.int64(), label: try r.text(), prefix: try r.text(),
                 createdAt: StoreTime.date(microseconds: try r.int64()), expiresAt: StoreTime.date(microseconds: try r.int64()),
                 revokedAt: try r.optionalInt64().map { StoreTime.date(microseconds: $0) },
                 lastUsedAt: try r.optionalInt64().map { StoreTime.date(microseconds: $0) })
    }

    public func tokens(username: String?) async throws(StoreError) -> [APIToken] {
        let st = username.map {
            SQLStatement("SELECT \(Self.tokenColumns) FROM api_tokens t JOIN accounts a ON a.id = t.account_id WHERE a.username = ? ORDER BY t.id DESC", [.text($0)])
        } ?? SQLStatement("SELECT \(Self.tokenColumns) FROM api_tokens t ORDER BY t.id DESC")
        var out: [APIToken] = []
        for row in try await query("tokens", st) { var r = RowReader(row); out.append(try decodeToken(&r)) }
        return out
    }

    public func revokeToken(id: Int64, at date: Date) async throws(StoreError) -> Bool {
        let rows = try await transaction("revoke token", [SQLStatement(
            "UPDATE api_tokens SET revoked_at_us = ? WHERE id = ? AND revoked_at_us IS NULL RETURNING id",
            [.int(StoreTime.microseconds(date)), .int(id)])])
        return !(rows.first ?? []).isEmpty
    }

    public func authenticate(secret: String, at date: Date) async throws(StoreError) -> Result<Principal, AuthenticationFailure> {
        guard TokenSecret.isWellFormed(secret) else { return .failure(.malformed) }
        guard let row = try await query("authenticate", SQLStatement(
            "SELECT \(Self.tokenColumns), \(Self.accountColumns) FROM api_tokens t JOIN accounts a ON a.id = t.account_id WHERE t.secret_sha256 = ?",
            [.text(TokenSecret.digest(secret))])).first else { return .failure(.unknownToken) }
        var r = RowReader(row)
        let token = try decodeToken(&r)
        let accountRow = Array(row.dropFirst(8))
        if token.revokedAt != nil { return .failure(.revoked) }
        if !(date < token.expiresAt) { return .failure(.expired) }
        var account = try decodeAccount(accountRow, objects: [])
        if account.disabled { return .failure(.accountDisabled) }
        if account.role == .operator { account.operatedObjects = try await operatedObjects(accountID: token.accountID) }
        // The last use is kept to the minute: no write on every request.
        if token.lastUsedAt.map({ date.timeIntervalSince($0) >= 60 }) ?? true {
            _ = try await transaction("token use", [SQLStatement(
                "UPDATE api_tokens SET last_used_at_us = ? WHERE id = ?", [.int(StoreTime.microseconds(date)), .int(token.id)])])
        }
        return .success(Principal(account: account, tokenID: token.id, tokenExpiresAt: token.expiresAt))
    }

    public func appendAudit(_ entries: [NewAuditEntry]) async throws(StoreError) {
        if entries.isEmpty { return }
        // multi-row INSERTs (100 rows, 1,100 parameters each): a grouped commit is a few statements
        let statements = entries.chunks(100).map { chunk in
            var args: [SQLValue] = []
            args.reserveCapacity(chunk.count * 11)
            for e in chunk {
                args += [.int(StoreTime.microseconds(e.at)), SQLValue(e.accountID), SQLValue(e.tokenID), SQLValue(e.username),
                         .text(e.action), SQLValue(e.method), .text(e.target), SQLValue(e.status.map(Int64.init)),
                         SQLValue(e.records.map(Int64.init)), SQLValue(e.remote), SQLValue(e.detail)]
            }
            return SQLStatement("INSERT INTO audit_log (at_us, account_id, token_id, username, action, method, target, status, records, remote, detail) VALUES "
                                + Array(repeating: "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", count: chunk.count).joined(separator: ", "), args)
        }
        _ = try await transaction("append audit", statements)
    }

    public func auditEntries(matching q: AuditQuery) async throws(StoreError) -> [AuditEntry] {
        var sql = "SELECT id, at_us, account_id, token_id, username, action, method, target, status, records, remote, detail FROM audit_log"
        var conditions: [String] = [], args: [SQLValue] = []
        if let u = q.username { conditions.append("username = ?"); args.append(.text(u)) }
        if let a = q.action { conditions.append("action = ?"); args.append(.text(a)) }
        if let s = q.since { conditions.append("at_us >= ?"); args.append(.int(StoreTime.microseconds(s))) }
        if !conditions.isEmpty { sql += " WHERE " + conditions.joined(separator: " AND ") }
        sql += " ORDER BY id DESC LIMIT ?"
        args.append(.int(Int64(max(0, min(q.limit, 10_000)))))
        var out: [AuditEntry] = []
        for row in try await query("audit", SQLStatement(sql, args)) {
            var r = RowReader(row)
            let id = try r.int64()
            let entry = NewAuditEntry(at: StoreTime.date(microseconds: try r.int64()), accountID: try r.optionalInt64(),
                                      tokenID: try r.optionalInt64(), username: try r.optionalText(), action: try r.text(),
                                      method: try r.optionalText(), target: try r.text(), status: try r.optionalInt(),
                                      records: try r.optionalInt(), remote: try r.optionalText(), detail: try r.optionalText())
            out.append(AuditEntry(id: id, entry: entry))
        }
        return out
    }
}

extension SQLiteStore: SQLWritingStore {
    func transaction(_ what: String, _ statements: [SQLStatement]) async throws(StoreError) -> [[[SQLValue]]] {
        try await write(what) { db in try statements.map { try SQLiteStore.rows(db, $0) } }
    }
}

extension PostgresStore: SQLWritingStore {
    func transaction(_ what: String, _ statements: [SQLStatement]) async throws(StoreError) -> [[[SQLValue]]] {
        let logger = self.logger
        return try await transaction(what) { conn in
            var out: [[[SQLValue]]] = []
            for st in statements { out.append(try await PostgresStore.rows(conn, st, logger)) }
            return out
        }
    }
}
