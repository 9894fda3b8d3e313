import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A failure talking to chromedriver: the W3C error code (`no such element`, `javascript error`,
/// ...) or our own (`http`, `timeout`, `launch`), the message and the command that failed.
struct WebDriverError: Error, CustomStringConvertible {
    enum Code: String, Sendable { case launch, http, protocolError = "protocol", timeout, webdriver }
    let code: Code
    let message: String
    let command: String
    var description: String { "WebDriver \(code.rawValue) in \(command): \(message)" }
}

/// A small W3C WebDriver client: just the commands the browser tests use (new session, navigate,
/// execute script, screenshot, browser log, delete session), JSON over ``LoopbackHTTP`` (URLSession
/// on Linux cannot read chromedriver's header lines; see there).
/// The JSON wire format is https://www.w3.org/TR/webdriver2/ ; the browser log is chromedriver's
/// `/se/log` extension, which answers in W3C mode as well.
struct WebDriverClient: Sendable {
    /// chromedriver's port on 127.0.0.1.
    let port: Int

    /// Sends one command; returns the answer's `value` (W3C wraps every answer in `{"value": ...}`).
    @discardableResult
    func send(_ method: String, _ path: String, _ body: [String: Any]? = nil, timeout: TimeInterval = 180) async throws -> Any {
        let command = "\(method) /\(path)"
        let data: Data
        let status: Int
        do {
            let response = try await LoopbackHTTP.request(port: port, method: method, path: "/" + path,
                                                          body: try body.map { try JSONSerialization.data(withJSONObject: $0) },
                                                          timeout: timeout)
            data = response.body
            status = response.status
        } catch let error as WebDriverError {
            throw error
        } catch {
            throw WebDriverError(code: .http, message: "\(error)", command: command)
        }
        let json = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
        let value = (json as? [String: Any])?["value"]
        if status != 200 {
            if let v = value as? [String: Any], let error = v["error"] as? String {
                throw WebDriverError(code: .webdriver, message: "\(error): \(v["message"] as? String ?? "")", command: command)
            }
            throw WebDriverError(code: .http, message: "HTTP \(status): \(String(decoding: data.prefix(500), as: UTF8.self))", command: command)
        }
        guard let json else {
            throw WebDriverError(code: .protocolError, message: "answer is not JSON", command: command)
        }
        return value ?? json
    }

    /// `GET /status` answers `ready: true`.
    func isReady() async -> Bool {
        guard let v = try? await send("GET", "status", timeout: 2) as? [String: Any] else { return false }
        return v["ready"] as? Bool ?? false
    }

    /// Opens a browser session with the given capabilities (`alwaysMatch`).
    func newSession(capabilities: [String: Any]) async throws -> WebDriverSession {
        let value = try await send("POST", "session", ["capabilities": ["alwaysMatch": capabilities]], timeout: 120)
        guard let v = value as? [String: Any], let id = v["sessionId"] as? String else {
            throw WebDriverError(code: .protocolError, message: "no sessionId in \(value)", command: "POST session")
        }
        return WebDriverSession(client: self, id: id)
    }
}

/// One browser session.
struct WebDriverSession: Sendable {
    let client: WebDriverClient
    let id: String

    func navigate(to url: String) async throws {
        try await client.send("POST", "session/\(id)/url", ["url": url], timeout: 120)
    }

    /// Runs a synchronous script (`return ...;`) and returns its value (JSON types).
    func execute(_ script: String, _ args: [Any] = []) async throws -> Any {
        try await client.send("POST", "session/\(id)/execute/sync", ["script": script, "args": args])
    }

    /// Runs an asynchronous script: it ends by calling `arguments[arguments.length - 1](value)`.
    func executeAsync(_ script: String, _ args: [Any] = [], timeout: TimeInterval = 180) async throws -> Any {
        try await client.send("POST", "session/\(id)/execute/async", ["script": script, "args": args], timeout: timeout)
    }

    /// Polls `script` until it returns a truthy value, every 200 ms, for at most `timeout` seconds.
    @discardableResult
    func waitFor(_ what: String, timeout: TimeInterval, _ script: String) async throws -> Any {
        let deadline = Date().addingTimeInterval(timeout)
        var last: Any = NSNull()
        while Date() < deadline {
            last = try await execute(script)
            if WebDriverSession.truthy(last) { return last }
            try await Task.sleep(nanoseconds: 200_000_000)
        }
        throw WebDriverError(code: .timeout, message: "\(what) not seen within \(timeout) s (last value: \(last))", command: script)
    }

    static func truthy(_ v: Any) -> Bool {
        switch v {
        case is NSNull: return false
        case let b as Bool: return b
        case let n as NSNumber: return n.doubleValue != 0
        case let s as String: return !s.isEmpty
        default: return true
        }
    }

    /// The viewport as PNG bytes (W3C Take Screenshot).
    func screenshotPNG() async throws -> Data {
        guard let b64 = try await client.send("GET", "session/\(id)/screenshot") as? String,
              let data = Data(base64Encoded: b64) else {
            throw WebDriverError(code: .protocolError, message: "screenshot is not base64", command: "GET screenshot")
        }
        return data
    }

    /// Browser console entries since the last call (`level`, `message`), chromedriver's log endpoint.
    func browserLog() async throws -> [(level: String, message: String)] {
        let value = try await client.send("POST", "session/\(id)/se/log", ["type": "browser"])
        return (value as? [[String: Any]] ?? []).map { ($0["level"] as? String ?? "?", $0["message"] as? String ?? "") }
    }

    /// A mouse click at a viewport point (W3C Perform Actions: move, press, release).
    func click(x: Double, y: Double) async throws {
        let pointer: [String: Any] = [
            "type": "pointer", "id": "mouse", "parameters": ["pointerType": "mouse"],
            "actions": [
                ["type": "pointerMove", "duration": 0, "origin": "viewport", "x": Int(x.rounded()), "y": Int(y.rounded())],
                ["type": "pointerDown", "button": 0],
                ["type": "pointerUp", "button": 0],
            ],
        ]
        try await client.send("POST", "session/\(id)/actions", ["actions": [pointer]])
        try await client.send("DELETE", "session/\(id)/actions")
    }

    func setWindowRect(width: Int, height: Int) async throws {
        try await client.send("POST", "session/\(id)/window/rect", ["width": width, "height": height])
    }

    func delete() async {
        _ = try? await client.send("DELETE", "session/\(id)", timeout: 30)
    }
}

/// A chromedriver child process on a port of its own; `stop()` ends it (also on deinit).
final class ChromeDriverProcess: @unchecked Sendable {
    let process = Process()
    let client: WebDriverClient
    let logURL: URL

    init(executable: String, port: Int, logDirectory: URL) throws {
        process.executableURL = URL(fileURLWithPath: executable)
        logURL = logDirectory.appendingPathComponent("chromedriver-\(port).log")
        process.arguments = ["--port=\(port)", "--log-path=\(logURL.path)"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        client = WebDriverClient(port: port)
        do { try process.run() } catch {
            throw WebDriverError(code: .launch, message: "\(executable): \(error)", command: "launch")
        }
    }

    /// Waits until chromedriver answers `/status` with ready, at most `timeout` seconds.
    func waitUntilReady(timeout: TimeInterval = 20) async throws {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if !process.isRunning {
                throw WebDriverError(code: .launch, message: "chromedriver exited with \(process.terminationStatus)", command: "launch")
            }
            if await client.isReady() { return }
            try await Task.sleep(nanoseconds: 100_000_000)
        }
        throw WebDriverError(code: .timeout, message: "chromedriver not ready in \(timeout) s", command: "GET status")
    }

    /// Ends chromedriver: its own `/shutdown` command first (it closes the browsers it started),
    /// then SIGTERM, then SIGKILL, waiting at most a few seconds in all (chromedriver 156 may
    /// ignore SIGTERM, and `Process.waitUntilExit` would then wait forever).
    func stop() {
        guard process.isRunning else { return }
        _ = try? LoopbackHTTP.blockingRequest(port: client.port, method: "GET", path: "/shutdown", body: nil, timeout: 3)
        if waitForExit(seconds: 3) { return }
        process.terminate()
        if waitForExit(seconds: 2) { return }
        kill(process.processIdentifier, SIGKILL)
        _ = waitForExit(seconds: 2)
    }

    private func waitForExit(seconds: Double) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while process.isRunning && Date() < deadline { usleep(50_000) }
        return !process.isRunning
    }

    deinit { stop() }
}
