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
    /// Where audit entries go.
    let trail: AuditTrail
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

    public init(accounts: any AccountStore, trail: AuditTrail? = nil, tokenCacheSeconds: Double = 0, perToken: [Role: RateLimiter],
                perRemoteFailure: RateLimiter, isOpen: @escaping @Sendable (String) -> Bool = AuthenticationMiddleware.defaultOpenPaths,
                now: @escaping @Sendable () -> Double = { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }) {
        self.accounts = accounts; self.perToken = perToken; self.perRemoteFailure = perRemoteFailure
        self.trail = trail ?? AuditTrail(store: accounts, commit: .perRequest)
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
                await trail.record(NewAuditEntry(at: Date(), action: "rate_limited", method: method, target: target,
                                                               status: 429, remote: remote, detail: "authentication failures"))
                throw Self.tooMany(retry)
            }
            await trail.record(NewAuditEntry(at: Date(), action: "auth_failure", method: method, target: target,
                                                           status: 401, remote: remote,
                                                           detail: secret == nil ? "no bearer token" : reason.rawValue))
            var problem = Problem(.unauthorized, "send a valid API token as 'Authorization: Bearer <token>'")
            problem.extraHeaders[.wwwAuthenticate] = "Bearer realm=\"kanshi\""
            throw problem
        case .success(let principal):
            func entry(_ action: String, status: Int) -> NewAuditEntry {
                NewAuditEntry(at: Date(), accountID: principal.account.id, tokenID: principal.tokenID, username: principal.account.username,
                              action: action, method: method, target: target, status: status, remote: remote)
            }
            if let limiter = perToken[principal.account.role],
               case .refused(let retry) = await limiter.admit("token \(principal.tokenID)", at: now()) {
                await trail.record(entry("rate_limited", status: 429))
                throw Self.tooMany(retry)
            }
            var context = context
            context.principal = principal
            let action = request.method == .get || request.method == .head ? "read" : "write"
            do {
                let response = try await next(request, context)
                await trail.record(entry(action, status: Int(response.status.code)))
                return response
            } catch {
                await trail.record(entry(action, status: Int((error as? any HTTPResponseError)?.status.code ?? 500)))
                throw error
            }
        }
    }

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
