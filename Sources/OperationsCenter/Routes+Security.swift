import Foundation
import Hummingbird
import Persistence
import SpaceData

extension CenterRequestContext {
    /// What the caller may read. A request without a principal (none reaches a route: the
    /// authentication middleware answers 401 first) would see only `PUBLIC` records.
    public var visibility: Visibility {
        principal?.account.visibility ?? Visibility(country: CountryCode("ZZZ")!, objects: [])
    }
}

extension OperationsCenter {
    func addSecurityRoutes(to api: RouterGroup<CenterRequestContext>) {
        api.get("audit") { request, context in try await self.auditLog(request, context: context) }
    }

    /// Refuses the request unless the caller has one of `roles` (403: an operation, not a record).
    func require(_ roles: Set<Role>, _ context: CenterRequestContext, for what: String) throws(Problem) -> Principal {
        guard let principal = context.principal else { throw Problem(.unauthorized, "send a valid API token") }
        guard roles.contains(principal.account.role) else {
            throw Problem(.forbidden, "\(what) is for \(roles.map(\.rawValue).sorted().joined(separator: " and ")) accounts")
        }
        return principal
    }

    /// `GET /audit` (admins): the audit log, newest first, by user, action and time.
    func auditLog(_ request: Request, context: CenterRequestContext) async throws -> Response {
        _ = try require([.admin], context, for: "the audit log")
        let q = try QueryParameters(request, allowed: ["username", "action", "since", "limit"])
        let limit = try q.int("limit", default: 100, in: 1...configuration.maximumPageSize)
        var since: Date?
        if let text = q["since"] {
            guard let date = ISO8601DateFormatter().date(from: text) else {
                throw Problem.badParameter("since", "cannot read time \"\(text)\" (ISO-8601 UTC, e.g. 2026-11-28T00:00:00Z)")
            }
            since = date
        }
        let entries = try await store.auditEntries(matching: AuditQuery(username: q["username"], action: q["action"], since: since, limit: limit))
        var o = JSONOutput(capacity: 256 * entries.count + 64)
        o.raw("{\"items\":[")
        for (k, a) in entries.enumerated() {
            if k > 0 { o.raw(",") }
            let e = a.entry
            o.raw("{\"id\":"); o.int64(a.id)
            o.raw(",\"at\":"); o.date(e.at)
            o.raw(",\"username\":"); o.optionalString(e.username)
            o.raw(",\"action\":"); o.string(e.action)
            o.raw(",\"method\":"); o.optionalString(e.method)
            o.raw(",\"target\":"); o.string(e.target)
            o.raw(",\"status\":"); o.optionalInt(e.status)
            o.raw(",\"records\":"); o.optionalInt(e.records)
            o.raw(",\"remote\":"); o.optionalString(e.remote)
            o.raw(",\"detail\":"); o.optionalString(e.detail)
            o.raw("}")
        }
        o.raw("],\"limit\":\(limit)}")
        return Responses.json(o)
    }
}
