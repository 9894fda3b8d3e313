import Foundation
import Logging
@testable import OperationsCenter
import Persistence
import HummingbirdTesting
import Testing
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The real operations center on an ephemeral port (a temporary SQLite store bootstrapped from the
/// fixture catalog `Tests/Fixtures/browser/catalog.3le`: 300 real objects of 2023-10-09 and a crafted
/// pair that meets over the ascending node at 2023-10-09T18:00Z), chromedriver on another free
/// port and one headless chromium session.
final class BrowserHarness: Sendable {
    static let fixture = BrowserEnvironment.packageRoot
        .appendingPathComponent("Tests/Fixtures/browser/catalog.3le")
    /// The operations time: the fixture's epoch, six hours before the crafted encounter.
    static let operationsEpoch = "2023-10-09T12:00:00Z"

    let center: OperationsCenter
    let store: SQLiteStore
    let baseURL: String
    let session: WebDriverSession
    let screenshots: URL
    /// The analyst's API token the page signs in with.
    let token: String

    private init(center: OperationsCenter, store: SQLiteStore, baseURL: String, session: WebDriverSession, screenshots: URL, token: String) {
        self.center = center; self.store = store; self.baseURL = baseURL; self.session = session; self.screenshots = screenshots
        self.token = token
    }

    /// Starts everything, runs `body`, and stops everything whatever `body` does. The center runs
    /// under HummingbirdTesting's `.live` framework (a real socket on an ephemeral port, the
    /// pipeline service with it, shut down gracefully at the end).
    /// - Parameters:
    ///   - catalog, epoch: the bootstrap catalog and the operations time (default: the browser fixture).
    ///   - adjust: further configuration (the threat page test sets its protected assets).
    /// Browser sessions take turns (``BrowserTurns``).
    static func run(catalog: URL = fixture, epoch: String = operationsEpoch, adjust: @escaping @Sendable (inout ServerConfiguration) -> Void = { _ in },
                    _ body: @escaping @Sendable (BrowserHarness) async throws -> Void) async throws {
        try await BrowserTurns.shared.run {
            try await runAlone(catalog: catalog, epoch: epoch, adjust: adjust, body)
        }
    }

    private static func runAlone(catalog: URL, epoch: String, adjust: (inout ServerConfiguration) -> Void,
                                 _ body: @escaping @Sendable (BrowserHarness) async throws -> Void) async throws {
        guard let chromedriver = BrowserEnvironment.chromedriver, BrowserEnvironment.chromium != nil else {
            Issue.record(Comment(rawValue: "CI is set but \(BrowserEnvironment.missingReason)"))
            return
        }
        let temporary = FileManager.default.temporaryDirectory.appendingPathComponent("kanshi-browser-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: temporary, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: temporary) }
        let screenshots = try BrowserEnvironment.screenshotDirectory()

        let store = try SQLiteStore(path: temporary.appendingPathComponent("kanshi.sqlite").path)
        try await store.migrate()
        var configuration = ServerConfiguration(
            host: "127.0.0.1", port: 0,
            dataDirectory: BrowserEnvironment.packageRoot.appendingPathComponent("data", isDirectory: true),
            bootstrapCatalog: catalog, bootstrap: true, epoch: try EpochSetting(parsing: epoch),
            screeningDays: 1, thresholdKm: 5, screeningThreads: 2)
        adjust(&configuration)
        var logger = Logger(label: "kanshi.browser-test")
        logger.logLevel = .warning
        let center = OperationsCenter(configuration: configuration, store: store, logger: logger)

        let driver = try ChromeDriverProcess(executable: chromedriver, port: try BrowserEnvironment.freePort(), logDirectory: temporary)
        defer { driver.stop() }
        do {
            try await driver.waitUntilReady()
            try await center.application().test(.live) { client in
                guard let port = client.port else {
                    throw WebDriverError(code: .launch, message: "the live test server has no port", command: "start")
                }
                let baseURL = "http://127.0.0.1:\(port)"
                _ = try await store.createAccount(NewAccount(username: "browser-analyst", role: .analyst), at: Date())
                let token = try await store.issueToken(username: "browser-analyst", label: "browser test", lifetimeSeconds: 86_400, at: Date()).secret
                try await waitForServer(baseURL, token: token)
                let session = try await driver.client.newSession(capabilities: BrowserEnvironment.capabilities())
                do {
                    // Sign in the way an analyst does: the token in this tab's sessionStorage.
                    try await session.navigate(to: baseURL + "/")
                    _ = try await session.execute("sessionStorage.setItem('kanshi.token', arguments[0]); return true;", [token])
                    // A full load with the token (a hash change alone would not restart the app).
                    try await session.navigate(to: baseURL + "/?signed-in")
                    try await body(BrowserHarness(center: center, store: store, baseURL: baseURL, session: session, screenshots: screenshots,
                                                  token: token))
                } catch {
                    await session.delete()
                    throw error
                }
                await session.delete()
            }
        } catch {
            try? await store.close()
            throw error
        }
        try? await store.close()
    }

    /// Waits until `/api/v1/health` answers and the bootstrap screening is done (status idle with a
    /// last screening), at most `timeout` seconds.
    static func waitForServer(_ baseURL: String, token: String, timeout: TimeInterval = 240) async throws {
        let deadline = Date().addingTimeInterval(timeout)
        var last = "no answer"
        while Date() < deadline {
            if let status = try? await getJSON(baseURL + "/api/v1/status", token: token) as? [String: Any],
               let pipeline = status["pipeline"] as? [String: Any] {
                last = "\(pipeline)"
                if pipeline["phase"] as? String == "idle", !(pipeline["last_screening"] is NSNull), pipeline["last_screening"] != nil {
                    return
                }
            }
            try await Task.sleep(nanoseconds: 250_000_000)
        }
        throw WebDriverError(code: .timeout, message: "the center did not finish its bootstrap in \(timeout) s: \(last)", command: "GET /api/v1/status")
    }

    static func getJSON(_ url: String, token: String) async throws -> Any {
        var request = URLRequest(url: URL(string: url)!)
        request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        let (data, response) = try await URLSession.shared.data(for: request)
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        guard status == 200 else {
            throw WebDriverError(code: .http, message: "HTTP \(status): \(String(decoding: data.prefix(300), as: UTF8.self))", command: "GET \(url)")
        }
        return try JSONSerialization.jsonObject(with: data)
    }

    func api(_ path: String) async throws -> Any { try await Self.getJSON(baseURL + "/api/v1" + path, token: token) }

    /// Opens `#hash` and waits until the page says it is ready (`kanshi.pageReady`).
    func open(_ hash: String, timeout: TimeInterval = 30) async throws {
        try await session.navigate(to: baseURL + "/" + hash)
        let literal = String(decoding: try JSONSerialization.data(withJSONObject: [hash]), as: UTF8.self)
        try await session.waitFor("page \(hash) ready", timeout: timeout,
                                  "return !!(window.kanshi && window.kanshi.pageReady && window.kanshi.route === \(literal)[0]);")
    }

    /// Saves a screenshot as `<name>.png` in the screenshot folder and returns its URL.
    @discardableResult
    func screenshot(_ name: String) async throws -> URL {
        let url = screenshots.appendingPathComponent("\(name).png")
        try await session.screenshotPNG().write(to: url)
        return url
    }

    /// Console entries at level SEVERE (errors) since the last read.
    func consoleErrors() async throws -> [String] {
        try await session.browserLog().filter { $0.level == "SEVERE" }.map(\.message)
    }
}
