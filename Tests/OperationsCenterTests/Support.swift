import Astrodynamics
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
@testable import OperationsCenter
import Persistence
import SpaceData
import Testing

/// The small operations fixture (Tests/Fixtures/ops, see its SOURCES.md).
enum OpsFixture {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/ops", isDirectory: true)
    /// The catalog loaded at bootstrap (without the arrival's object).
    static let catalog = directory.appendingPathComponent("catalog.3le")
    /// One element set whose object has a conjunction with a catalog object inside the window.
    static let arrival = directory.appendingPathComponent("arrival.3le")
    /// The screening window start used for the fixture (the operations clock is fixed here).
    static let windowStart = try! Instant(utc: String(contentsOf: directory.appendingPathComponent("window-start.txt"), encoding: .utf8)
        .trimmingCharacters(in: .whitespacesAndNewlines))
    /// The pair the arrival makes (lower catalog number first).
    static let pair: (Int, Int) = {
        let text = try! String(contentsOf: directory.appendingPathComponent("pair.txt"), encoding: .utf8)
        let n = text.split(whereSeparator: { !$0.isNumber }).compactMap { Int($0) }
        return (min(n[0], n[1]), max(n[0], n[1]))
    }()
    static var arrivalText: String { try! String(contentsOf: arrival, encoding: .utf8) }
    static var arrivalCatalogNumber: Int {
        ElementSetReader().read(Array(arrivalText.utf8)).records[0].noradCatalogNumber
    }
    /// The repository's data directory (EOP table, and whatever the web UI helper added).
    static let dataDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("data", isDirectory: true)
}

/// A new empty SQLite store in a fresh temporary directory, for one test.
func makeStore() async throws -> any Store {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kanshi-ops-\(UUID().uuidString)", isDirectory: true)
    var logger = Logger(label: "kanshi-test-store")
    logger.logLevel = .warning
    return try await openStore(.sqlite(path: dir.appendingPathComponent("kanshi.sqlite").path), logger: logger)
}

/// A center on the fixture: fixed operations clock at the fixture's window start, bootstrap from the fixture catalog.
func makeCenter(store: any Store, bootstrap: Bool = true, port: Int = 0, adjust: (inout ServerConfiguration) -> Void = { _ in }) -> OperationsCenter {
    var c = ServerConfiguration(host: "127.0.0.1", port: port, dataDirectory: OpsFixture.dataDirectory, bootstrapCatalog: OpsFixture.catalog,
                                bootstrap: bootstrap, epoch: .fixed(OpsFixture.windowStart), screeningDays: 2, thresholdKm: 5,
                                screeningThreads: 2)
    // The API tests poll and page far faster than an analyst; the limits are tested on their own
    // (AuthenticationTests, SecurityTests).
    c.rateLimits = [:]
    adjust(&c)
    var logger = Logger(label: "kanshi-test")
    logger.logLevel = .warning
    return OperationsCenter(configuration: c, store: store, logger: logger)
}

/// Waits until the pipeline has finished `count` screenings (and is idle), or fails after `seconds`.
func waitForScreenings(_ center: OperationsCenter, _ count: Int, seconds: Double = 120) async throws {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
        let s = center.pipeline.status
        if s.screenings >= count && s.phase == .idle { return }
        try await Task.sleep(for: .milliseconds(50))
    }
    Issue.record("timed out waiting for \(count) screenings; status \(center.pipeline.status)")
    throw CancellationError()
}

/// Waits until the pipeline is idle after start (bootstrap and first screening).
func waitUntilIdle(_ center: OperationsCenter, seconds: Double = 120) async throws {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
        if center.pipeline.status.phase == .idle { return }
        try await Task.sleep(for: .milliseconds(50))
    }
    Issue.record("timed out waiting for the pipeline; status \(center.pipeline.status)")
    throw CancellationError()
}

extension TestResponse {
    var text: String { String(buffer: body) }
    /// The body as a JSON object or array.
    func json() throws -> Any { try JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed]) }
    func object() throws -> [String: Any] {
        guard let o = try json() as? [String: Any] else { throw TestFailure("not a JSON object: \(text.prefix(200))") }
        return o
    }
}

struct TestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ d: String) { description = d }
}

/// Checks a problem response: status, content type, and the RFC 9457 members.
func expectProblem(_ r: TestResponse, status: Int, detailContains: String? = nil, sourceLocation: SourceLocation = #_sourceLocation) throws {
    #expect(Int(r.status.code) == status, "status \(r.status.code): \(r.text)", sourceLocation: sourceLocation)
    #expect(r.headers[.contentType] == "application/problem+json", sourceLocation: sourceLocation)
    let o = try r.object()
    #expect(o["status"] as? Int == status, sourceLocation: sourceLocation)
    #expect((o["type"] as? String)?.hasPrefix("https://kanshi.dev/problems/") == true, sourceLocation: sourceLocation)
    #expect(o["title"] is String, sourceLocation: sourceLocation)
    if let detailContains {
        #expect((o["detail"] as? String)?.contains(detailContains) == true, "detail: \(o["detail"] ?? "none")", sourceLocation: sourceLocation)
    }
}

/// A test client that sends an API token with every request (unless the request brings its own
/// `Authorization`), as an authenticated user of the center would.
struct BearerClient: TestClientProtocol {
    let base: any TestClientProtocol
    let secret: String

    func executeRequest(uri: String, method: HTTPRequest.Method, headers: HTTPFields, body: ByteBuffer?) async throws -> TestResponse {
        var headers = headers
        if headers[.authorization] == nil { headers[.authorization] = "Bearer \(secret)" }
        return try await base.executeRequest(uri: uri, method: method, headers: headers, body: body)
    }

    var port: Int? { base.port }
}

/// Creates an account of `role` on the center's store (an analyst by default, who may read and
/// write everything) and returns `client` signed in with a new token of it.
func signedIn(_ client: some TestClientProtocol, _ center: OperationsCenter, role: Role = .analyst,
              country: CountryCode? = nil) async throws -> BearerClient {
    let username = "\(role.rawValue)-\(UUID().uuidString.prefix(8))"
    _ = try await center.store.createAccount(NewAccount(username: username, role: role, organization: role == .partner ? "partner" : nil,
                                                        country: country), at: Date())
    let issued = try await center.store.issueToken(username: username, label: "test", lifetimeSeconds: 86_400, at: Date())
    return BearerClient(base: client, secret: issued.secret)
}
