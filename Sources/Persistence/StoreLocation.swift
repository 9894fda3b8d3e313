import Foundation
import Logging

/// Where a store lives: a SQLite file or a PostgreSQL database.
public enum StoreLocation: Sendable, Hashable, CustomStringConvertible {
    /// A SQLite database file (created with its directory if missing).
    case sqlite(path: String)
    /// A PostgreSQL database, as a `postgres://user:password@host:port/database` URL.
    case postgres(url: String)

    /// The file name of the default SQLite database inside the state directory.
    public static let defaultFileName = "kanshi.sqlite"

    /// Parses `postgres://…` or `postgresql://…` (PostgreSQL), `sqlite:PATH` or a plain path (SQLite).
    public init(parsing text: String) throws(StoreError) {
        let t = text.trimmingCharacters(in: .whitespaces)
        guard !t.isEmpty else { throw StoreError(.configuration, "empty database location") }
        let lower = t.lowercased()
        if lower.hasPrefix("postgres://") || lower.hasPrefix("postgresql://") {
            _ = try PostgresURL(t)   // validates
            self = .postgres(url: t)
        } else if lower.hasPrefix("sqlite:") {
            var path = String(t.dropFirst("sqlite:".count))
            if path.hasPrefix("//") { path.removeFirst(2) }   // sqlite:///abs/path
            guard !path.isEmpty else { throw StoreError(.configuration, "sqlite: needs a path (sqlite:/var/lib/kanshi/kanshi.sqlite)") }
            self = .sqlite(path: path)
        } else if let colon = t.firstIndex(of: ":"), t[..<colon].allSatisfy({ $0.isLetter }), t[..<colon].count > 1,
                  t[colon...].hasPrefix("://") {
            throw StoreError(.configuration, "unsupported database URL scheme '\(t[..<colon])': use postgres://, sqlite:PATH or a file path")
        } else {
            self = .sqlite(path: t)
        }
    }

    /// The location used when none is given: `KANSHI_DATABASE_URL` if set, else
    /// `<state dir>/kanshi.sqlite`, the state dir being `stateDirectory`, else `KANSHI_STATE_DIR`,
    /// else `~/.local/share/kanshi`.
    public static func defaultLocation(stateDirectory: String? = nil,
                                       environment: [String: String] = ProcessInfo.processInfo.environment) throws(StoreError) -> StoreLocation {
        if let url = environment["KANSHI_DATABASE_URL"], !url.isEmpty { return try StoreLocation(parsing: url) }
        return .sqlite(path: (self.stateDirectory(stateDirectory, environment: environment) as NSString)
                        .appendingPathComponent(defaultFileName))
    }

    /// The state directory: the one given, else `KANSHI_STATE_DIR`, else `~/.local/share/kanshi`.
    public static func stateDirectory(_ given: String? = nil, environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let given, !given.isEmpty { return given }
        if let env = environment["KANSHI_STATE_DIR"], !env.isEmpty { return env }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return (home as NSString).appendingPathComponent(".local/share/kanshi")
    }

    /// The location for messages, with any password hidden.
    public var description: String {
        switch self {
        case .sqlite(let path): "sqlite:\(path)"
        case .postgres(let url): (try? PostgresURL(url).redacted) ?? "postgres://…"
        }
    }
}

/// The parts of a `postgres://` URL.
struct PostgresURL: Sendable, Hashable {
    var host: String
    var port: Int
    var username: String
    var password: String?
    var database: String?
    var sslMode: String

    init(_ text: String) throws(StoreError) {
        guard let c = URLComponents(string: text), let scheme = c.scheme?.lowercased(), scheme == "postgres" || scheme == "postgresql" else {
            throw StoreError(.configuration, "not a postgres:// URL")
        }
        guard let host = c.host, !host.isEmpty else { throw StoreError(.configuration, "postgres URL has no host") }
        guard let user = c.user, !user.isEmpty else { throw StoreError(.configuration, "postgres URL has no user name (postgres://USER:PASSWORD@HOST/DB)") }
        self.host = host
        self.port = c.port ?? 5432
        self.username = user.removingPercentEncoding ?? user
        self.password = c.password.map { $0.removingPercentEncoding ?? $0 }
        let db = String(c.path.drop(while: { $0 == "/" }))
        self.database = db.isEmpty ? nil : db
        self.sslMode = c.queryItems?.first(where: { $0.name == "sslmode" })?.value ?? "disable"
        guard ["disable", "allow", "prefer"].contains(sslMode) else {
            throw StoreError(.configuration, "sslmode=\(sslMode) is not supported yet (TLS to PostgreSQL): use sslmode=disable on a trusted network")
        }
    }

    var redacted: String {
        "postgres://\(username)\(password == nil ? "" : ":***")@\(host):\(port)/\(database ?? "")"
    }
}

/// Opens the store at `location` and brings its schema up to date.
public func openStore(_ location: StoreLocation, logger: Logger) async throws(StoreError) -> any Store {
    let store: any Store
    switch location {
    case .sqlite(let path):
        let dir = (path as NSString).deletingLastPathComponent
        if !dir.isEmpty && !FileManager.default.fileExists(atPath: dir) {
            do { try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true) } catch {
                throw StoreError(.configuration, "cannot create directory \(dir)", underlying: "\(error)")
            }
        }
        store = try SQLiteStore(path: path, logger: logger)
    case .postgres(let url):
        store = try await PostgresStore(url: url, logger: logger)
    }
    do {
        try await store.migrate()
    } catch {
        try? await store.close()
        throw error
    }
    logger.debug("store open", metadata: ["location": "\(location)"])
    return store
}
