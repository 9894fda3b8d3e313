import ArgumentParser
import Foundation
import Logging
import Persistence

/// Where the store is: `--database URL` or `--state-dir DIR`, shared by `ingest` and `serve`.
///
/// Resolution: `--database` (a `postgres://` URL, `sqlite:PATH` or a file path); else
/// `KANSHI_DATABASE_URL`; else `<state dir>/kanshi.sqlite`, the state dir being `--state-dir`,
/// else `KANSHI_STATE_DIR`, else `~/.local/share/kanshi` (created if missing).
struct StoreOptions: ParsableArguments {
    @Option(name: .customLong("database"), help: ArgumentHelp(
        "The store: a postgres:// URL, sqlite:PATH or a SQLite file path. Default: $KANSHI_DATABASE_URL, else <state dir>/kanshi.sqlite.",
        valueName: "URL"))
    var database: String?

    @Option(name: .customLong("state-dir"), help: ArgumentHelp(
        "Directory for the default SQLite store. Default: $KANSHI_STATE_DIR, else ~/.local/share/kanshi.", valueName: "DIR"))
    var stateDirectory: String?

    func validate() throws {
        if let database {
            do { _ = try StoreLocation(parsing: database) } catch { throw ValidationError("--database: \(error)") }
        }
        if let stateDirectory, stateDirectory.isEmpty { throw ValidationError("--state-dir: empty path") }
    }

    /// The location these options name.
    func location(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> StoreLocation {
        do {
            if let database { return try StoreLocation(parsing: database) }
            return try StoreLocation.defaultLocation(stateDirectory: stateDirectory, environment: environment)
        } catch {
            throw ValidationError("\(error)")
        }
    }

    /// Opens and migrates the store; a failure is a plain error naming the location.
    func open(logger: Logger) async throws -> any Store {
        let location = try location()
        do {
            return try await openStore(location, logger: logger)
        } catch {
            throw CLIError("\(location): \(error)")
        }
    }
}
