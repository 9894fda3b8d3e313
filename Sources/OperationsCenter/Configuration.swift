import Astrodynamics
import Foundation
import Persistence
import SpaceData
import Logging

/// How the audit log is written.
public enum AuditCommit: String, Sendable, Hashable, CaseIterable {
    /// Entries arriving while a write is in flight share the next transaction; each request still
    /// waits for its own entry.
    case grouped
    /// One transaction per entry.
    case perRequest = "per-request"
}

/// Everything `kanshi serve` and the tests set about one operations center.
public struct ServerConfiguration: Sendable {
    /// Address to bind.
    public var host: String
    /// Port to bind (0: any free port).
    public var port: Int
    /// Kanshi's `data/` directory: the bundled catalog (`*.3le.gz` in it or in `catalog/`), the
    /// EOP table, `sensors.json`, `geo/*.geojson`. `nil`: none of them.
    public var dataDirectory: URL?
    /// Catalog file loaded on first start; `nil`: the `*.3le.gz` files of the data directory.
    public var bootstrapCatalog: URL?
    /// Load the bundled catalog into an empty store and screen it.
    public var bootstrap: Bool
    /// The operations clock (see ``OperationsClock``).
    public var epoch: EpochSetting
    /// Screening window length from the operations time, days.
    public var screeningDays: Double
    /// Miss-distance threshold, km.
    public var thresholdKm: Double
    /// Combined hard-body radius for Pc, km.
    public var hardBodyRadiusKm: Double
    /// Element sets older than this at the window start are left out of screening, days.
    public var maximumElementAgeDays: Double
    /// Screening worker threads (`nil`: all cores).
    public var screeningThreads: Int?
    /// Element sets per ingest transaction during bootstrap.
    public var bootstrapBatchSize: Int
    /// The alert policy.
    public var alertPolicy: AlertPolicy
    /// Request body limit for `POST /api/v1/gp`, bytes.
    public var maximumIngestBytes: Int
    /// Largest `limit` for JSON lists.
    public var maximumPageSize: Int
    /// Largest `limit` for `/gp` text formats.
    public var maximumTextPageSize: Int
    /// Largest number of points of a ground track.
    public var maximumTrackPoints: Int
    /// WebSocket clients that are too slow are dropped when this many messages wait for them.
    public var webSocketBacklog: Int
    /// How often the pipeline looks in the store for element sets another process stored
    /// (`kanshi ingest`), seconds; `nil` never.
    public var storeWatchSeconds: Double?
    /// The protected assets whose threats the center watches (`docs/threats.md`); `nil`: the data
    /// directory's `protected-assets.json` when there, else none.
    public var protectedAssets: URL?
    /// When threat assessments become alerts.
    public var threatAlertPolicy: ThreatAlertPolicy
    /// A SATCAT file (CelesTrak or Space-Track CSV) giving objects' owners for the threat score;
    /// `nil`: owners inferred from names only (docs/threats.md).
    public var satcat: URL?
    /// A detections file (JSON Lines, docs/missile-sensors.md) the center replays into its missile
    /// warning at start (`kanshi serve --missile-feed`); `nil`: detections come only from the API.
    public var missileFeed: URL?
    /// Replay pace of ``missileFeed``: 1 is real time, 10 ten times faster, 0 all at once.
    public var missileReplaySpeed: Double = 1
    /// Request limits per API token, by role. Partners' scripts get Space-Track's limits (30 per
    /// minute, 300 per hour); the squadron's own roles get ``RateLimitPolicy/console``, which an
    /// analyst's web UI (status and sky polling, page loads) stays well inside.
    public var rateLimits: [Role: RateLimitPolicy] = [.partner: .spaceTrack, .operator: .spaceTrack,
                                                      .analyst: .console, .admin: .console]
    /// The marking of the catalog loaded at first start. The bundled catalog is Space-Track's
    /// public GP data (data/SOURCES.md): `PUBLIC`. A center bootstrapped from its own catalog sets
    /// `JPN` or a release list.
    public var bundledMarking: Releasability = .public
    var bundledProvenance: Provenance { Provenance(marking: bundledMarking) }
    /// How long a token that authenticated is trusted without asking the store again, seconds
    /// (``PrincipalCache``): revocations and disabled accounts take effect within it. 0: every request asks.
    public var tokenCacheSeconds: Double = 1
    /// How audit entries are committed: grouped (the default, ``AuditRecorder``) or one
    /// transaction per request (kept to measure the difference).
    public var auditCommit: AuditCommit = .grouped
    /// How new alerts reach partners' webhooks (``PartnerPush``).
    public var partnerPush = PartnerPushPolicy()
    /// Limits on failed authentications per remote address (default 20 per minute).
    public var failedAuthenticationLimit = RateLimitPolicy(windows: [.init(requests: 20, seconds: 60)])

    public init(host: String = "127.0.0.1", port: Int = 8080, dataDirectory: URL? = nil, bootstrapCatalog: URL? = nil,
                bootstrap: Bool = true, epoch: EpochSetting = .auto, screeningDays: Double = 2, thresholdKm: Double = 5,
                hardBodyRadiusKm: Double = 0.020, maximumElementAgeDays: Double = 30, screeningThreads: Int? = nil,
                bootstrapBatchSize: Int = 5_000, alertPolicy: AlertPolicy = AlertPolicy(), maximumIngestBytes: Int = 16 << 20,
                maximumPageSize: Int = 1_000, maximumTextPageSize: Int = 10_000, maximumTrackPoints: Int = 2_000,
                webSocketBacklog: Int = 1_000, storeWatchSeconds: Double? = 5, protectedAssets: URL? = nil,
                threatAlertPolicy: ThreatAlertPolicy = ThreatAlertPolicy()) {
        self.storeWatchSeconds = storeWatchSeconds
        self.protectedAssets = protectedAssets
        self.threatAlertPolicy = threatAlertPolicy
        self.host = host
        self.port = port
        self.dataDirectory = dataDirectory
        self.bootstrapCatalog = bootstrapCatalog
        self.bootstrap = bootstrap
        self.epoch = epoch
        self.screeningDays = screeningDays
        self.thresholdKm = thresholdKm
        self.hardBodyRadiusKm = hardBodyRadiusKm
        self.maximumElementAgeDays = maximumElementAgeDays
        self.screeningThreads = screeningThreads
        self.bootstrapBatchSize = bootstrapBatchSize
        self.alertPolicy = alertPolicy
        self.maximumIngestBytes = maximumIngestBytes
        self.maximumPageSize = maximumPageSize
        self.maximumTextPageSize = maximumTextPageSize
        self.maximumTrackPoints = maximumTrackPoints
        self.webSocketBacklog = webSocketBacklog
    }

    /// The protected-assets file in use: ``protectedAssets``, else `protected-assets.json` in the
    /// data directory when it exists.
    public func protectedAssetsFile() -> URL? {
        if let protectedAssets { return protectedAssets }
        guard let dir = dataDirectory else { return nil }
        let url = dir.appendingPathComponent("protected-assets.json")
        return FileManager.default.fileExists(atPath: url.path) ? url : nil
    }

    /// The catalog files bootstrap loads: ``bootstrapCatalog``, else every `*.3le.gz` in the data
    /// directory and its `catalog/` folder, sorted by name.
    public func bootstrapFiles() -> [URL] {
        if let bootstrapCatalog { return [bootstrapCatalog] }
        guard let dir = dataDirectory else { return [] }
        var out: [URL] = []
        for folder in [dir, dir.appendingPathComponent("catalog", isDirectory: true)] {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
            out += names.filter { $0.hasSuffix(".3le.gz") || $0.hasSuffix(".tle.gz") }.sorted().map { folder.appendingPathComponent($0) }
        }
        return out
    }
}

/// How the operations clock is chosen (`--epoch`).
public enum EpochSetting: Sendable, Hashable, CustomStringConvertible {
    /// The wall clock when the catalog's median epoch is within 7 days of it, else the catalog's median epoch.
    case auto
    /// The wall clock.
    case now
    /// The median epoch of the latest element sets, advancing in real time from start.
    case catalog
    /// A fixed start, advancing in real time from start.
    case fixed(Instant)

    /// Reads `auto`, `now`, `catalog` or an ISO-8601 UTC time.
    public init(parsing text: String) throws {
        switch text.lowercased() {
        case "auto": self = .auto
        case "now": self = .now
        case "catalog": self = .catalog
        default:
            do { self = .fixed(try Instant(utc: text)) } catch {
                throw ConfigurationError(message: "--epoch: \"\(text)\" is not auto, now, catalog or an ISO-8601 UTC time (\(error))")
            }
        }
    }

    public var description: String {
        switch self {
        case .auto: "auto"
        case .now: "now"
        case .catalog: "catalog"
        case .fixed(let t): t.iso8601UTC(fractionDigits: 3)
        }
    }
}

/// A configuration that cannot be used.
public struct ConfigurationError: Error, CustomStringConvertible, Sendable {
    public let message: String
    public init(message: String) { self.message = message }
    public var description: String { message }
}
