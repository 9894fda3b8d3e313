import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where the browser tests find chromium and chromedriver, where they put screenshots, and
/// whether they run at all: without the browser they are disabled with the reason, except when
/// `CI` is set, where a missing browser is a failure (`.ci/run` installs Debian's chromium and
/// chromium-driver).
enum BrowserEnvironment {
    static let environment = ProcessInfo.processInfo.environment

    /// `KANSHI_CHROMEDRIVER`, else `chromedriver` on PATH.
    static let chromedriver: String? = environment["KANSHI_CHROMEDRIVER"] ?? findOnPath(["chromedriver"])
    /// `KANSHI_CHROMIUM`, else chromium / chromium-browser / google-chrome on PATH.
    static let chromium: String? = environment["KANSHI_CHROMIUM"]
        ?? findOnPath(["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"])

    static var isCI: Bool { !(environment["CI"] ?? "").isEmpty }
    static var browserAvailable: Bool { chromedriver != nil && chromium != nil }
    static var missingReason: String {
        var missing: [String] = []
        if chromium == nil { missing.append("chromium") }
        if chromedriver == nil { missing.append("chromedriver") }
        return "browser tests need \(missing.joined(separator: " and ")) (Debian: apt-get install chromium chromium-driver)"
    }
    /// Enabled when the browser is there, and always under CI (where its absence fails the test).
    static var enabled: Bool { browserAvailable || isCI }

    /// The package root, from this file's path (Tests/OperationsCenterTests/Browser/…).
    static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// `KANSHI_SCREENSHOT_DIR`, else `.build/screenshots/` in the package; created on demand.
    static func screenshotDirectory() throws -> URL {
        let url = environment["KANSHI_SCREENSHOT_DIR"].map { URL(fileURLWithPath: $0, isDirectory: true) }
            ?? packageRoot.appendingPathComponent(".build/screenshots", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static func findOnPath(_ names: [String]) -> String? {
        let dirs = (environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":").map(String.init)
        for name in names {
            for dir in dirs {
                let path = (dir as NSString).appendingPathComponent(name)
                if FileManager.default.isExecutableFile(atPath: path) { return path }
            }
        }
        return nil
    }

    /// A TCP port on 127.0.0.1 that was free a moment ago (bind to port 0, read it, close).
    static func freePort() throws -> Int {
        #if canImport(Glibc)
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
        let fd = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard fd >= 0 else { throw WebDriverError(code: .launch, message: "socket() failed", command: "freePort") }
        defer { close(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = 0
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0 else { throw WebDriverError(code: .launch, message: "bind() failed", command: "freePort") }
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        let named = withUnsafeMutablePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) }
        }
        guard named == 0 else { throw WebDriverError(code: .launch, message: "getsockname() failed", command: "freePort") }
        return Int(UInt16(bigEndian: addr.sin_port))
    }

    /// The chromium capabilities: headless, no sandbox (containers), WebGL through SwiftShader
    /// (ANGLE's CPU renderer: there is no GPU here). Chromium 156 still falls back to it alone but
    /// logs that the automatic fallback is deprecated; `--enable-unsafe-swiftshader` opts in
    /// explicitly and keeps the console clean. Browser console at level ALL.
    static func capabilities(width: Int = 1500, height: Int = 950) -> [String: Any] {
        var options: [String: Any] = [
            "args": [
                "--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=\(width),\(height)",
                "--use-angle=swiftshader", "--enable-unsafe-swiftshader", "--ignore-gpu-blocklist",
                "--hide-scrollbars", "--force-device-scale-factor=1", "--no-first-run", "--disable-extensions",
            ],
        ]
        if let chromium { options["binary"] = chromium }
        return [
            "browserName": "chrome",
            "goog:chromeOptions": options,
            "goog:loggingPrefs": ["browser": "ALL"],
            // W3C timeouts in ms; chromium's 30 s script default is too short on a loaded 2-core machine.
            "timeouts": ["script": 150_000, "pageLoad": 300_000],
        ]
    }
}
