import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import Synchronization

/// An RFC 9457 problem: every error the API answers is one of these, as
/// `application/problem+json` `{"type", "title", "status", "detail", "instance"}`.
public struct Problem: Error, HTTPResponseError, CustomStringConvertible, Sendable {
    /// A problem kind: its status, its URI slug and its title.
    public struct Kind: Sendable, Hashable {
        public let status: HTTPResponse.Status
        public let slug: String
        public let title: String

        /// 400: a query parameter or body that cannot be read.
        public static let badQuery = Kind(status: .badRequest, slug: "bad-query", title: "Bad query")
        /// 400: a request body that holds nothing usable.
        public static let badBody = Kind(status: .badRequest, slug: "bad-body", title: "Bad request body")
        /// 401: no token, or one that is unknown, expired, revoked or of a disabled account (one
        /// answer for all, so a caller cannot probe which).
        public static let unauthorized = Kind(status: .unauthorized, slug: "unauthorized", title: "Authentication required")
        /// 403: authenticated, but the role may not do this (an operation, never a record: a record
        /// the caller may not see is a 404).
        public static let forbidden = Kind(status: .forbidden, slug: "forbidden", title: "Forbidden")
        /// 429: over the caller's rate limit; `Retry-After` says when to come back.
        public static let tooManyRequests = Kind(status: .tooManyRequests, slug: "too-many-requests", title: "Too many requests")
        /// 404: no such resource.
        public static let notFound = Kind(status: .notFound, slug: "not-found", title: "Not found")
        /// 405: the path exists, the method does not.
        public static let methodNotAllowed = Kind(status: .methodNotAllowed, slug: "method-not-allowed", title: "Method not allowed")
        /// 413: a body over the limit.
        public static let tooLarge = Kind(status: .contentTooLarge, slug: "too-large", title: "Request body too large")
        /// 426: a plain HTTP request to the WebSocket endpoint.
        public static let upgradeRequired = Kind(status: .init(code: 426), slug: "upgrade-required", title: "Upgrade required")
        /// 503: the center is not ready (still loading).
        public static let unavailable = Kind(status: .serviceUnavailable, slug: "unavailable", title: "Service unavailable")
        /// 500: anything else; the detail never shows internals.
        public static let `internal` = Kind(status: .internalServerError, slug: "internal", title: "Internal error")
    }

    public let kind: Kind
    /// What went wrong, for people (for 400: the parameter and the reason).
    public let detail: String
    /// The request path, filled in by the error middleware.
    public var instance: String?
    /// Extra headers (e.g. `Allow` for 405).
    public var extraHeaders: HTTPFields = [:]

    public init(_ kind: Kind, _ detail: String, instance: String? = nil) {
        self.kind = kind
        self.detail = detail
        self.instance = instance
    }

    /// A bad query parameter: `name: reason`.
    static func badParameter(_ name: String, _ reason: String) -> Problem { Problem(.badQuery, "\(name): \(reason)") }

    public var description: String { "\(kind.status.code) \(kind.title): \(detail)" }

    public var status: HTTPResponse.Status { kind.status }
    public var headers: HTTPFields { extraHeaders }

    /// The problem JSON body.
    var json: String {
        var o = JSONOutput()
        o.raw("{")
        o.key("type", first: true); o.string("https://kanshi.dev/problems/\(kind.slug)")
        o.key("title"); o.string(kind.title)
        o.key("status"); o.int(kind.status.code)
        o.key("detail"); o.string(detail)
        if let instance { o.key("instance"); o.string(instance) }
        o.raw("}")
        return o.text
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        var p = self
        if p.instance == nil { p.instance = request.uri.path }
        var headers = extraHeaders
        headers[.contentType] = "application/problem+json"
        return Response(status: kind.status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: p.json)))
    }
}

/// Turns every error into a problem response: `Problem`s as they are, Hummingbird's `HTTPError`s
/// by their status, anything else a 500 whose detail hides the internals (logged instead).
/// Unmatched routes become 404, or 405 with `Allow` when the path exists for another method.
struct ProblemMiddleware<Context: RequestContext>: RouterMiddleware {
    let routes: RouteTableBox

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch var problem as Problem {
            problem.instance = problem.instance ?? request.uri.path
            return try problem.response(from: request, context: context)
        } catch let error as HTTPError {
            let problem: Problem
            switch error.status {
            case .notFound:
                let allowed = routes.table.methods(forPath: request.uri.path)
                if !allowed.isEmpty, !allowed.contains(request.method) {
                    var p = Problem(.methodNotAllowed, "\(request.method.rawValue) is not allowed on \(request.uri.path); allowed: \(allowed.map(\.rawValue).sorted().joined(separator: ", "))")
                    p.extraHeaders[.allow] = allowed.map(\.rawValue).sorted().joined(separator: ", ")
                    problem = p
                } else {
                    problem = Problem(.notFound, error.body ?? "no resource at \(request.uri.path)")
                }
            case .contentTooLarge:
                problem = Problem(.tooLarge, error.body ?? "the request body is over the limit")
            case .methodNotAllowed:
                problem = Problem(.methodNotAllowed, error.body ?? "method not allowed")
            case .badRequest:
                problem = Problem(.badQuery, error.body ?? "bad request")
            default:
                if error.status.code >= 500 {
                    context.logger.error("request failed", metadata: ["path": "\(request.uri.path)", "error": "\(error)"])
                    problem = Problem(.internal, "the server could not answer this request")
                } else {
                    problem = Problem(Problem.Kind(status: error.status, slug: "http-\(error.status.code)", title: error.status.reasonPhrase),
                                      error.body ?? error.status.reasonPhrase)
                }
            }
            return try problem.response(from: request, context: context)
        } catch {
            context.logger.error("request failed", metadata: ["path": "\(request.uri.path)", "error": "\(error)"])
            return try Problem(.internal, "the server could not answer this request").response(from: request, context: context)
        }
    }
}

/// Holds the route table, filled in after the routes are added.
final class RouteTableBox: Sendable {
    private let value = Mutex(RouteTable([]))
    func set(_ t: RouteTable) { value.withLock { $0 = t } }
    var table: RouteTable { value.withLock { $0 } }
}

/// The router's routes as path templates, to tell 404 from 405.
struct RouteTable: Sendable {
    struct Entry: Sendable { let components: [String]; let method: HTTPRequest.Method }
    let entries: [Entry]

    init(_ routes: [(path: String, method: HTTPRequest.Method)]) {
        entries = routes.map { Entry(components: RouteTable.split($0.path), method: $0.method) }
    }

    static func split(_ path: String) -> [String] { path.split(separator: "/").map(String.init) }

    /// The methods any route template matching `path` answers.
    func methods(forPath path: String) -> Set<HTTPRequest.Method> {
        let parts = RouteTable.split(path)
        var out = Set<HTTPRequest.Method>()
        for e in entries where e.components.count == parts.count {
            if zip(e.components, parts).allSatisfy({ $0.hasPrefix("{") || $0.hasPrefix(":") || $0 == "*" || $0 == $1 }) { out.insert(e.method) }
        }
        return out
    }
}
