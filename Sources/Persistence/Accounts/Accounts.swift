import Foundation
import SpaceData

/// What an account may do. See docs/security.md for the full model.
public enum Role: String, Sendable, Hashable, CaseIterable, Codable {
    /// Manages accounts and tokens, reads the audit log, reads and writes everything.
    case admin
    /// The squadron's analyst: reads and writes everything, releases records to partners.
    case analyst
    /// A satellite operator: reads the catalog and the events, CDMs and alerts of its own satellites.
    case `operator`
    /// An allied organization: reads only records releasable to its country, sends its own data.
    case partner
}

/// A user of the operations center (a person, or a partner's system).
public struct Account: Sendable, Hashable {
    public var id: Int64
    /// Unique, chosen by the admin.
    public var username: String
    public var role: Role
    /// The partner's or operator's organization (required for partners).
    public var organization: String?
    /// The partner's country, which releasability markings name (required for partners).
    public var country: CountryCode?
    /// An operator's satellites (NORAD catalog numbers); empty for other roles.
    public var operatedObjects: Set<Int>
    public var createdAt: Date
    /// A disabled account's tokens are refused.
    public var disabled: Bool
    /// Where new alerts releasable to the account are pushed (`POST`, JSON), if anywhere.
    public var webhookURL: String? = nil

    /// What the account may read: partners their country's releases, operators (national) the
    /// events and alerts of their own satellites, the squadron's analysts and admins everything.
    public var visibility: Visibility {
        switch role {
        case .admin, .analyst: .everything
        case .operator: Visibility(country: country, objects: operatedObjects)
        case .partner: Visibility(country: country ?? CountryCode("XXX")!)
        }
    }
}

/// An account to create.
public struct NewAccount: Sendable, Hashable {
    public var username: String
    public var role: Role
    public var organization: String?
    public var country: CountryCode?
    public var operatedObjects: Set<Int>

    public init(username: String, role: Role, organization: String? = nil, country: CountryCode? = nil, operatedObjects: Set<Int> = []) {
        self.username = username; self.role = role; self.organization = organization
        self.country = country; self.operatedObjects = operatedObjects
    }
}

/// An API token as stored: never the secret, only its SHA-256.
public struct APIToken: Sendable, Hashable {
    public var id: Int64
    public var accountID: Int64
    /// What the token is for ("partner feed", "ops console").
    public var label: String
    /// The secret's first characters (`ksh_AbCd`), to tell tokens apart in listings.
    public var prefix: String
    public var createdAt: Date
    public var expiresAt: Date
    public var revokedAt: Date?
    public var lastUsedAt: Date?

    /// Whether the token authenticates at `date`.
    public func isValid(at date: Date) -> Bool { revokedAt == nil && date < expiresAt }
}

/// A token just issued: its secret is shown once and never stored.
public struct IssuedToken: Sendable {
    public var token: APIToken
    /// `ksh_` and 43 characters of base64url (256 random bits).
    public var secret: String
}

/// Who made a request, once its token checked out.
public struct Principal: Sendable, Hashable {
    public var account: Account
    public var tokenID: Int64
    /// When the token stops authenticating.
    public var tokenExpiresAt: Date = .distantFuture
}

/// Why a presented token was refused. The server answers every case the same way (401), so a
/// caller cannot tell a revoked token from one that never existed; the audit log keeps the reason.
public enum AuthenticationFailure: String, Error, Sendable, Hashable {
    case unknownToken = "unknown_token"
    case expired
    case revoked
    case accountDisabled = "account_disabled"
    case malformed
}

/// One entry of the append-only audit log.
public struct NewAuditEntry: Sendable, Hashable {
    public var at: Date
    /// The account and token, when the request authenticated.
    public var accountID: Int64?
    public var tokenID: Int64?
    /// The username, kept as text so the entry reads the same after the account changes.
    public var username: String?
    /// `read`, `write`, `denied`, `auth_failure`, `admin`, `rate_limited`.
    public var action: String
    /// HTTP method, when the entry is a request.
    public var method: String?
    /// Path and query, or the administrative target (`account alice`).
    public var target: String
    /// HTTP status.
    public var status: Int?
    /// Records returned or written.
    public var records: Int?
    /// Remote address.
    public var remote: String?
    /// Anything else (the refusal reason).
    public var detail: String?

    public init(at: Date, accountID: Int64? = nil, tokenID: Int64? = nil, username: String? = nil, action: String,
                method: String? = nil, target: String, status: Int? = nil, records: Int? = nil, remote: String? = nil,
                detail: String? = nil) {
        self.at = at; self.accountID = accountID; self.tokenID = tokenID; self.username = username; self.action = action
        self.method = method; self.target = target; self.status = status; self.records = records; self.remote = remote
        self.detail = detail
    }
}

/// A stored audit entry.
public struct AuditEntry: Sendable, Hashable {
    public var id: Int64
    public var entry: NewAuditEntry
}

/// Audit log filters, newest first.
public struct AuditQuery: Sendable, Hashable {
    public var username: String?
    public var action: String?
    public var since: Date?
    public var limit: Int

    public init(username: String? = nil, action: String? = nil, since: Date? = nil, limit: Int = 100) {
        self.username = username; self.action = action; self.since = since; self.limit = limit
    }
}
