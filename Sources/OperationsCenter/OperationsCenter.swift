import Astrodynamics
import Foundation
import Hummingbird
import HummingbirdWebSocket
import Logging
import MissileWarning
import Persistence
import ServiceLifecycle
import SpaceData
import Threats

/// The request context of every route: Hummingbird's core context plus the WebSocket upgrade slot.
public struct CenterRequestContext: RequestContext, WebSocketRequestContext, AuthenticatedRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let webSocket: WebSocketHandlerReference<Self>
    /// Who made the request (``AuthenticationMiddleware``).
    public var principal: Principal?
    /// The peer's address as text (`[IPv4]127.0.0.1/127.0.0.1:53422`), when the server knows it.
    public let remote: String?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        webSocket = .init()
        remote = source.channel.remoteAddress?.description
    }

    /// Bodies are collected by the handlers with their own limits; this is the outer bound.
    public var maxUploadSize: Int { 17 << 20 }
}

/// The operations center: the store, the live catalog, the operations clock, the pipeline, the
/// alert hub and the HTTP/WebSocket API over them. `kanshi serve` and the tests build it the same
/// way: ``init(configuration:store:logger:)``, then ``application()`` (or ``router()`` alone for
/// `.router` tests), and run the application; closing the store is the caller's, after the run.
public final class OperationsCenter: Sendable {
    public let configuration: ServerConfiguration
    public let store: any Store
    public let catalog: LiveCatalog
    public let clock: OperationsClock
    public let hub: AlertHub
    public let pipeline: ScreeningPipeline
    /// The threat picture of the protected assets (`nil` when no assets file is configured or readable).
    public let threats: ThreatWatch?
    /// The missile warning (`nil` when Japan's zone files cannot be read from the data directory).
    public let missile: MissileWatch?
    public let metrics: CenterMetrics
    /// Pushes new releasable alerts to accounts' webhooks.
    public let partnerPush: PartnerPush
    /// Where audit entries are written (grouped commits by default).
    public let auditTrail: AuditTrail
    public let logger: Logger
    let eop: EarthOrientationTable
    let staticFiles: StaticFiles
    let sensorsJSON: [UInt8]
    let startedAt = Date()

    /// Builds the center; reads the EOP table and `sensors.json` from the data directory when there.
    public init(configuration: ServerConfiguration, store: any Store, logger: Logger = Logger(label: "kanshi")) {
        self.configuration = configuration
        self.store = store
        self.logger = logger
        catalog = LiveCatalog()
        clock = OperationsClock(configuration.epoch)
        let metrics = CenterMetrics()
        self.metrics = metrics
        hub = AlertHub(backlog: configuration.webSocketBacklog, onCountChange: { metrics.webSocketClients.record($0) })
        var eop = EarthOrientationTable.empty
        if let dir = configuration.dataDirectory {
            let path = dir.appendingPathComponent("EOP-All.csv.gz").path
            if FileManager.default.fileExists(atPath: path) {
                do { eop = try EarthOrientationFile.read(contentsOf: path).0 } catch {
                    logger.warning("cannot read the EOP table; using none", metadata: ["path": "\(path)", "error": "\(error)"])
                }
            }
        }
        self.eop = eop
        var watch: ThreatWatch?
        if let file = configuration.protectedAssetsFile() {
            do {
                let assets = try ProtectedAssets.read(contentsOf: file.path)
                var owners = OwnerResolver()
                if let satcat = configuration.satcat {
                    owners.satcat = try SatcatOwnerReader.read(contentsOf: satcat.path)
                    for e in owners.satcat?.errors.prefix(20) ?? [] { logger.warning("satcat: \(e)") }
                }
                watch = ThreatWatch(assets: assets, policy: configuration.threatAlertPolicy, owners: owners)
                logger.info("threats: watching \(assets.assets.count) protected assets", metadata: ["file": "\(file.path)"])
            } catch {
                logger.error("threats: cannot read the protected assets; threat watch off", metadata: ["file": "\(file.path)", "error": "\(error)"])
            }
        }
        threats = watch
        var missileWatch: MissileWatch?
        if let dir = configuration.dataDirectory?.appendingPathComponent("geo", isDirectory: true) {
            do {
                missileWatch = MissileWatch(zones: try JapanZones(directory: dir.path), store: store, hub: hub, logger: logger)
            } catch {
                logger.error("missile warning off: cannot read Japan's zones", metadata: ["directory": "\(dir.path)", "error": "\(error)"])
            }
        }
        missile = missileWatch
        pipeline = ScreeningPipeline(store: store, catalog: catalog, clock: clock, hub: hub, configuration: configuration,
                                     eop: eop, logger: logger, metrics: metrics, threats: watch)
        staticFiles = StaticFiles(logger: logger)
        partnerPush = PartnerPush(store: store, catalog: catalog, policy: configuration.partnerPush, logger: logger)
        auditTrail = AuditTrail(store: store, commit: configuration.auditCommit, logger: logger)
        sensorsJSON = OperationsCenter.loadSensors(configuration.dataDirectory, logger: logger)
    }

    /// The HTTP router with every API route, the problem and metrics middleware.
    public func router() -> Router<CenterRequestContext> {
        let router = Router(context: CenterRequestContext.self)
        // Middleware applies to routes added after it; the route table is filled in once they are.
        let table = RouteTableBox()
        router.middlewares.add(MetricsMiddleware(metrics: metrics))
        router.middlewares.add(ProblemMiddleware(routes: table))
        router.middlewares.add(AuthenticationMiddleware(accounts: store, trail: auditTrail, tokenCacheSeconds: configuration.tokenCacheSeconds,
                                                        perToken: configuration.rateLimits.mapValues { RateLimiter(policy: $0) },
                                                        perRemoteFailure: RateLimiter(policy: configuration.failedAuthenticationLimit)))
        addRoutes(to: router)
        table.set(RouteTable(router.routes.map { (path: $0.path.description, method: $0.method) }))
        return router
    }

    /// The router that takes WebSocket upgrades (`/api/v1/alerts/stream`).
    public func webSocketRouter() -> Router<CenterRequestContext> {
        let router = Router(context: CenterRequestContext.self)
        addWebSocketRoutes(to: router)
        return router
    }

    /// The whole application: HTTP with WebSocket upgrade, the pipeline as a service, graceful shutdown.
    public func application() -> some ApplicationProtocol {
        var app = Application(
            router: router(),
            server: .http1WebSocketUpgrade(webSocketRouter: webSocketRouter()),
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "kanshi"),
            logger: logger)
        app.addServices(pipeline, CenterShutdown(center: self), MissileFeedService(center: self), partnerPush)
        return app
    }

    static func loadSensors(_ dir: URL?, logger: Logger) -> [UInt8] {
        guard let dir else { return Array("{\"items\":[]}".utf8) }
        let path = dir.appendingPathComponent("sensors.json").path
        guard let data = FileManager.default.contents(atPath: path) else { return Array("{\"items\":[]}".utf8) }
        // Accept either `{"items": [...]}` or a bare array; anything else is logged and ignored.
        do {
            let doc = try JSONValue.parse(Array(data))
            switch doc {
            case .array: return Array("{\"items\":".utf8) + Array(data) + Array("}".utf8)
            case .object(let members) where members.contains(where: { $0.key == "items" }): return Array(data)
            case .object(let members):
                if let arr = members.first(where: { if case .array = $0.value { return true } else { return false } }) {
                    logger.info("sensors.json: using its \"\(arr.key)\" list")
                    var o = JSONOutput()
                    o.raw("{\"items\":")
                    o.raw(OperationsCenter.render(arr.value))
                    o.raw("}")
                    return o.bytes
                }
            default: break
            }
            logger.warning("sensors.json has no list of sensors; serving none")
        } catch {
            logger.warning("sensors.json cannot be read; serving none", metadata: ["error": "\(error)"])
        }
        return Array("{\"items\":[]}".utf8)
    }

    /// Writes a parsed JSON value back as text.
    static func render(_ v: JSONValue) -> String {
        switch v {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .number(let s): return s
        case .string(let s): return JSONValue.quote(s)
        case .array(let a): return "[" + a.map(render).joined(separator: ",") + "]"
        case .object(let m): return "{" + m.map { JSONValue.quote($0.key) + ":" + render($0.value) }.joined(separator: ",") + "}"
        }
    }
}

/// Replays ``ServerConfiguration/missileFeed`` into the missile watch at start, then waits for
/// shutdown; does nothing else when no feed is configured.
public struct MissileFeedService: Service {
    let center: OperationsCenter
    public init(center: OperationsCenter) { self.center = center }
    public func run() async throws {
        if let feed = center.configuration.missileFeed, let watch = center.missile {
            await cancelWhenGracefulShutdown { await watch.replay(file: feed, speed: center.configuration.missileReplaySpeed) }
        }
        try? await gracefulShutdown()
    }
}

/// Ends the center's WebSocket subscriptions when the service group shuts down (for callers that
/// build their own `Application`, as `kanshi serve` does).
public struct CenterShutdown: Service {
    let center: OperationsCenter
    public init(center: OperationsCenter) { self.center = center }
    public func run() async throws {
        try? await gracefulShutdown()
        await center.hub.finishAll()
    }
}
