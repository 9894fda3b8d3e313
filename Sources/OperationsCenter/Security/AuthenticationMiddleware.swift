import Foundation
import Hummingbird
import Logging
import Persistence

/// A request context that carries who made the request.
public protocol AuthenticatedRequestContext: RequestContext {
    /// Set by ``AuthenticationMiddleware`` before any protected route runs.
    var principal: Principal? { get set }
    /// The peer's address, for the audit log and the per-address limit on failed attempts.
    var remote: String? { get }
}

/// Bearer-token authentication, per-token rate limits and the audit trail of every request.
///
/// - Open paths (health, the web UI's static files) pass without a token and are not audited.
/// - Every other request needs `Authorization: Bearer <secret>`. A missing, malformed, unknown,
///   expired or revoked token, or one of a disabled account, gets the same 401 (with
///   `WWW-Authenticate: Bearer`); the audit log keeps the real reason. Failed attempts are rate
///   limited per remote address, so guessing is slow.
/// - An authenticated request over its token's limits gets 429 with `Retry-After` and does not
///   reach the route; other tokens are served as usual.
/// - Each request that passed authentication is audited after it ran: user, token, method, path
///   and query, status, remote address (`read` for GET/HEAD, `write` otherwise).
public struct AuthenticationMiddleware<Context: AuthenticatedRequestContext>: RouterMiddleware {
    let accounts: any AccountStore
    /// Where audit entries go: grouped commits, or one transaction per entry.
    let recorder: AuditRecorder?
    /// Principals of recently authenticated tokens (`nil`: the store on every request).
    let cache: PrincipalCache?
    /// Per-token limiters by role (a role without one is not limited).
    let perToken: [Role: RateLimiter]
    let perRemoteFailure: RateLimiter
    /// Paths served without a token: health, and the web UI's static files (which hold no data;
    /// the UI asks for a token before it calls the API).
    let isOpen: @Sendable (String) -> Bool
    /// Seconds on a monotone clock (injectable for tests).
    let now: @Sendable () -> Double

    public init(accounts: any AccountStore, recorder: AuditRecorder? = nil, tokenCacheSeconds: Double = 0, perToken: [Role: RateLimiter],
                perRemoteFailure: RateLimiter, isOpen: @escaping @Sendable (String) -> Bool = AuthenticationMiddleware.defaultOpenPaths,
                now: @escaping @Sendable () -> Double = { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }) {
        self.accounts = accounts; self.recorder = recorder; self.perToken = perToken; self.perRemoteFailure = perRemoteFailure
        cache = tokenCacheSeconds > 0 ? PrincipalCache(ttlSeconds: tokenCacheSeconds) : nil
        self.isOpen = isOpen; self.now = now
    }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if isOpen(request.uri.path) { return try await next(request, context) }
        let remote = context.remote
        let target = request.uri.description
        let method = request.method.rawValue
        let secret = Self.bearerSecret(request.headers[.authorization])
        let result: Result<Principal, AuthenticationFailure>
        if let secret {
            let date = Date()
            let digest = cache.map { _ in TokenSecret.digest(secret) }
            if let cache, let digest, let cached = cache.principal(digest, at: date) {
                result = .success(cached)
            } else {
                result = try await accounts.authenticate(secret: secret, at: date)
                if case .success(let p) = result, let cache, let digest { cache.store(p, digest, at: date) }
            }
        } else {
            result = .failure(.malformed)
        }
        switch result {
        case .failure(let reason):
            if case .refused(let retry) = await perRemoteFailure.admit("remote " + (remote ?? "?"), at: now()) {
                await audit(NewAuditEntry(at: Date(), action: "rate_limited", method: method, target: target,
                                                               status: 429, remote: remote, detail: "authentication failures"))
                throw Self.tooMany(retry)
            }
            await audit(NewAuditEntry(at: Date(), action: "auth_failure", method: method, target: target,
                                                           status: 401, remote: remote,
                                                           detail: secret == nil ? "no bearer token" : reason.rawValue))
            var problem = Problem(.unauthorized, "send a valid API token as 'Authorization: Bearer <token>'")
            problem.extraHeaders[.wwwAuthenticate] = "Bearer realm=\"kanshi\""
            throw problem
        case .success(let principal):
            let who = principal.account.username
            if let limiter = perToken[principal.account.role],
               case .refused(let retry) = await limiter.admit("token \(principal.tokenID)", at: now()) {
                await audit(NewAuditEntry(at: Date(), accountID: principal.account.id, tokenID: principal.tokenID,
                                                               username: who, action: "rate_limited", method: method, target: target,
                                                               status: 429, remote: remote))
                throw Self.tooMany(retry)
            }
            var context = context
            context.principal = principal
            let action = request.method == .get || request.method == .head ? "read" : "write"
            do {
                let response = try await next(request, context)
                await audit(NewAuditEntry(at: Date(), accountID: principal.account.id, tokenID: principal.tokenID,
                                                               username: who, action: action, method: method, target: target,
                                                               status: Int(response.status.code), remote: remote))
                return response
            } catch {
                let status = (error as? any HTTPResponseError)?.status.code ?? 500
                await audit(NewAuditEntry(at: Date(), accountID: principal.account.id, tokenID: principal.tokenID,
                                                               username: who, action: action, method: method, target: target,
                                                               status: Int(status), remote: remote))
                throw error
            }
        }
    }

    /// Stores an audit entry. A failure is logged, not answered: the center keeps serving warnings
    /// when its audit log cannot be written (docs/security.md).
    func audit(_ entry: NewAuditEntry) async {
        do {
            if let recorder { try await recorder.record(entry) } else { try await accounts.appendAudit([entry]) }
        } catch {
            Self.logger.error("cannot write the audit log", metadata: ["error": "\(error)", "action": "\(entry.action)", "target": "\(entry.target)"])
        }
    }

    static var logger: Logger { Logger(label: "kanshi.audit") }

    /// `/api/v1/health`, `/` and `/ui/...`.
    public static func defaultOpenPaths(_ path: String) -> Bool {
        path == "/api/v1/health" || path == "/" || path.hasPrefix("/ui/")
    }

    /// The secret of `Authorization: Bearer <secret>` (scheme case-insensitive), or `nil`.
    static func bearerSecret(_ header: String?) -> String? {
        guard let header else { return nil }
        let parts = header.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        let secret = parts[1].trimmingCharacters(in: .whitespaces)
        return secret.isEmpty ? nil : secret
    }

    static func tooMany(_ retry: Double) -> Problem {
        var problem = Problem(.tooManyRequests, "rate limit reached; retry after \(Int(retry.rounded(.up))) s")
        problem.extraHeaders[.retryAfter] = "\(max(1, Int(retry.rounded(.up))))"
        return problem
    }
}
