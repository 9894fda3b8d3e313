import ArgumentParser
import Foundation
import MissileWarning
import Hummingbird
import Logging
import OperationsCenter
import Persistence
import SpaceData
import Threats

/// `kanshi serve`: the operations center — store, live pipeline, HTTP API, WebSocket alerts, web UI.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the operations center: HTTP API, live screening pipeline, WebSocket alerts and the web UI.",
        discussion: """
        On first start with an empty store it loads the bundled catalog and screens it (progress in the log and at /api/v1/status). \
        Element sets POSTed to /api/v1/gp, or stored by `kanshi ingest` into the same database (seen within --watch-store-seconds), \
        are re-screened against the catalog. \
        The operations clock (--epoch): auto uses the wall clock when the catalog's median epoch is within 7 days of it, else the catalog's \
        median epoch advancing in real time (the bundled catalog is from 2023-10-09). \
        After every screening it re-assesses the rendezvous and proximity threats to the protected assets (--assets, default \
        data/protected-assets.json; docs/threats.md): medium and high threats are alerts on the stream, /api/v1/threats lists them. \
        Missile warning: detections POSTed to /api/v1/missile/detections, or replayed from --missile-feed, are tracked; the warnings \
        (launch, impact on land or in the EEZ, overflight, cancellation) are alerts on the stream and /api/v1/missile is the picture \
        (docs/missile-warning.md). \
        SIGINT/SIGTERM stop it gracefully.
        """)

    @Option(help: "Address to bind.")
    var host = "127.0.0.1"

    @Option(help: "Port to bind.")
    var port = 8080

    @OptionGroup var store: StoreOptions

    @Option(help: "Operations clock: auto, now, catalog, or an ISO-8601 UTC time.")
    var epoch = "auto"

    @Option(name: .customLong("screening-days"), help: "Screening window from the operations time, days.")
    var screeningDays = 2.0

    @Option(name: .customLong("threshold-km"), help: "Miss-distance threshold, km.")
    var thresholdKm = 5.0

    @Option(name: .customLong("watch-store-seconds"), help: "How often to look for element sets other processes stored (kanshi ingest), seconds; 0 never.")
    var watchStoreSeconds = 5.0

    @Option(help: "Protected assets whose threats are watched (JSON, docs/threats.md). Default: data/protected-assets.json.")
    var assets: String?

    @Option(help: "SATCAT CSV (CelesTrak or Space-Track) with objects' owners for the threat score. Default: owners inferred from names.")
    var satcat: String?

    @Option(name: .customLong("missile-feed"), help: "Detections file (JSON Lines, docs/missile-sensors.md) replayed into the missile warning at start.")
    var missileFeed: String?

    @Option(name: .customLong("missile-replay-speed"), help: "Replay pace of --missile-feed: 1 real time, 10 ten times faster, 0 all at once.")
    var missileReplaySpeed = 1.0

    @Flag(name: .customLong("no-bootstrap"), help: "Do not load the bundled catalog into an empty store.")
    var noBootstrap = false

    @Option(name: .customLong("log-format"), help: "Log format: text or json.")
    var logFormat: LogFormat = .text

    @Option(name: .customLong("log-level"), help: "Log level: trace, debug, info, notice, warning, error, critical.")
    var logLevel = "info"

    @Option(name: .customLong("rate-limit"), help: ArgumentHelp(
        "A role's limit per API token: ROLE=REQUESTS/SECONDS[,REQUESTS/SECONDS...] or ROLE=off. Repeatable. Defaults: partner and operator 30/60,300/3600 (Space-Track's); analyst and admin 600/60,20000/3600.",
        valueName: "role=limits"))
    var rateLimit: [String] = []

    @Option(name: .customLong("bundled-marking"), help: "Marking of the bundled catalog loaded at first start: PUBLIC (Space-Track's public GP data), JPN or a REL list.")
    var bundledMarking = "PUBLIC"

    @Option(name: .customLong("token-cache-seconds"), help: "How long a token that authenticated is trusted without a store lookup; revocations take effect within it. 0: every request.")
    var tokenCacheSeconds: Double = 1

    @Option(name: .customLong("audit-commit"), help: ArgumentHelp("How audit entries are committed: grouped or per-request (for measurements).", visibility: .hidden))
    var auditCommit = "grouped"

    enum LogFormat: String, ExpressibleByArgument, CaseIterable { case text, json }

    /// `ROLE=REQUESTS/SECONDS[,...]` or `ROLE=off`.
    static func parseRateLimit(_ text: String) throws -> (Role, RateLimitPolicy?) {
        let parts = text.split(separator: "=", maxSplits: 1).map(String.init)
        guard parts.count == 2, let role = Role(rawValue: parts[0]) else {
            throw ValidationError("--rate-limit \(text): expected ROLE=REQUESTS/SECONDS[,...] with ROLE admin, analyst, operator or partner")
        }
        if parts[1] == "off" { return (role, nil) }
        var windows: [RateLimitPolicy.Window] = []
        for w in parts[1].split(separator: ",") {
            let rs = w.split(separator: "/").map(String.init)
            guard rs.count == 2, let n = Int(rs[0]), n > 0, let s = Double(rs[1]), s > 0, s.isFinite else {
                throw ValidationError("--rate-limit \(text): '\(w)' is not REQUESTS/SECONDS (e.g. 30/60)")
            }
            windows.append(.init(requests: n, seconds: s))
        }
        return (role, RateLimitPolicy(windows: windows))
    }

    func validate() throws {
        if !(1...65_535).contains(port) && port != 0 { throw ValidationError("--port must be 0...65535") }
        if !(screeningDays > 0 && screeningDays <= 30) { throw ValidationError("--screening-days must be in (0, 30]") }
        if !(watchStoreSeconds >= 0 && watchStoreSeconds <= 86_400) { throw ValidationError("--watch-store-seconds must be in [0, 86400]") }
        if !(thresholdKm > 0 && thresholdKm <= 100) { throw ValidationError("--threshold-km must be in (0, 100]") }
        if Logger.Level(rawValue: logLevel) == nil { throw ValidationError("--log-level: \(logLevel) is not trace, debug, info, notice, warning, error or critical") }
        do { _ = try EpochSetting(parsing: epoch) } catch { throw ValidationError("\(error)") }
        for r in rateLimit { _ = try Self.parseRateLimit(r) }
        do { _ = try Releasability(parsing: bundledMarking) } catch { throw ValidationError("--bundled-marking: \(error.message)") }
        if AuditCommit(rawValue: auditCommit) == nil { throw ValidationError("--audit-commit: grouped or per-request") }
    }

    func run() async throws {
        let level = Logger.Level(rawValue: logLevel) ?? .info
        let format = logFormat
        LoggingSystem.bootstrap { label in
            var handler: any LogHandler = format == .json ? JSONLogHandler(label: label) : StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        let logger = Logger(label: "kanshi")
        let started = ContinuousClock.now

        let dataDirectory = try? DataDirectory.locate()
        var configuration = ServerConfiguration(
            host: host, port: port, dataDirectory: dataDirectory, bootstrap: !noBootstrap,
            epoch: try EpochSetting(parsing: epoch), screeningDays: screeningDays, thresholdKm: thresholdKm)
        configuration.storeWatchSeconds = watchStoreSeconds > 0 ? watchStoreSeconds : nil
        for r in rateLimit {
            let (role, policy) = try Self.parseRateLimit(r)
            configuration.rateLimits[role] = policy
        }
        configuration.bundledMarking = try Releasability(parsing: bundledMarking)
        configuration.auditCommit = AuditCommit(rawValue: auditCommit) ?? .grouped
        guard tokenCacheSeconds >= 0, tokenCacheSeconds <= 300 else { throw ValidationError("--token-cache-seconds must be in [0, 300]") }
        configuration.tokenCacheSeconds = tokenCacheSeconds
        if let assets {
            // Read it here so a bad file stops the start with the reader's error (file, field, why).
            _ = try ProtectedAssets.read(contentsOf: assets)
            configuration.protectedAssets = URL(fileURLWithPath: assets)
        }
        if let satcat {
            let owners = try SatcatOwnerReader.read(contentsOf: satcat)
            if !owners.errors.isEmpty { logger.warning("satcat: \(owners.errors.count) line(s) left out, first: \(owners.errors[0])") }
            configuration.satcat = URL(fileURLWithPath: satcat)
        }
        if let missileFeed {
            // Read it here so a missing or unreadable file stops the start; bad lines are logged and left out.
            let read = try DetectionsFile.read(contentsOf: missileFeed)
            if !read.errors.isEmpty { logger.warning("missile feed: \(read.errors.count) line(s) left out, first: \(read.errors[0])") }
            guard missileReplaySpeed.isFinite, missileReplaySpeed >= 0 else {
                throw ValidationError("--missile-replay-speed must be 0 (all at once) or positive, found \(missileReplaySpeed)")
            }
            configuration.missileFeed = URL(fileURLWithPath: missileFeed)
            configuration.missileReplaySpeed = missileReplaySpeed
        }
        let location = try self.store.location()
        logger.notice("store: \(location)")
        let store = try await self.store.open(logger: logger)
        if (try? await store.accounts().isEmpty) == true {
            logger.notice("no accounts yet: every request but /api/v1/health needs a token. Create one: kanshi users add NAME --role analyst; kanshi users token NAME (same --state-dir or --database)")
        }
        let center = OperationsCenter(configuration: configuration, store: store, logger: logger)
        logger.notice("kanshi serve: http://\(host):\(port)", metadata: ["data": "\(dataDirectory?.path ?? "none")"])
        var app = Application(
            router: center.router(),
            server: .http1WebSocketUpgrade(webSocketRouter: center.webSocketRouter()),
            configuration: .init(address: .hostname(host, port: port), serverName: "kanshi"),
            onServerRunning: { channel in
                let elapsed = ContinuousClock.now - started
                logger.notice("ready: listening on \(channel.localAddress?.description ?? "?") after \(elapsed)")
            },
            logger: logger)
        app.addServices(center.pipeline, CenterShutdown(center: center), MissileFeedService(center: center), center.partnerPush)
        do {
            try await app.runService(gracefulShutdownSignals: [.sigterm, .sigint])
        } catch {
            logger.error("server stopped with an error: \(error)")
            try? await store.close()
            throw ExitCode(1)
        }
        try? await store.close()
        logger.notice("stopped; store closed")
    }

}
