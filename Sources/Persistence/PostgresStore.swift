import Foundation
import Logging
import PostgresNIO
import SpaceData

/// The server store: PostgreSQL through PostgresNIO's `PostgresClient` and its connection pool.
///
/// The store owns the task that runs the client (``close()`` ends it). It runs the same SQL as
/// ``SQLiteStore`` (see `Queries`), with `$n` placeholders; every method that writes is one
/// transaction, and ``migrate()`` holds an advisory lock so that two processes starting at once
/// do not both migrate.
public final class PostgresStore: Store, SQLReadingStore {
    let client: PostgresClient
    let runTask: Task<Void, Never>
    let logger: Logger
    /// The URL with its password hidden, for messages.
    public let location: String

    /// Connects to `url` (`postgres://user:password@host:port/database`) and checks the connection.
    ///
    /// - Parameter answerTimeout: how long the first `SELECT 1` may take before the store gives up
    ///   (15 s by default; the test suites allow more on a loaded CI machine).
    public init(url: String, logger: Logger = Logger(label: "kanshi.store.postgres"), maximumConnections: Int = 10,
                answerTimeout: Duration = .seconds(15)) async throws(StoreError) {
        let parsed = try PostgresURL(url)
        var config = PostgresClient.Configuration(host: parsed.host, port: parsed.port, username: parsed.username,
                                                  password: parsed.password, database: parsed.database, tls: .disable)
        config.options.maximumConnections = max(1, maximumConnections)
        config.options.connectTimeout = .seconds(10)
        let client = PostgresClient(configuration: config, backgroundLogger: logger)
        self.client = client
        self.logger = logger
        self.location = parsed.redacted
        self.runTask = Task { await client.run() }
        do {
            try await withThrowingTaskGroup(of: Bool.self) { group in
                group.addTask {
                    for try await _ in try await client.query("SELECT 1", logger: logger) {}
                    return true
                }
                group.addTask {
                    try await Task.sleep(for: answerTimeout)
                    return false
                }
                let ok = try await group.next() ?? false
                group.cancelAll()
                if !ok { throw StoreError(.connection, "no answer from PostgreSQL at \(parsed.redacted) within \(answerTimeout)") }
            }
        } catch {
            runTask.cancel()
            await runTask.value
            throw PostgresStore.map(error, "cannot connect to PostgreSQL at \(parsed.redacted)", connecting: true)
        }
    }

    // MARK: Plumbing

    static func map(_ error: any Error, _ what: String, connecting: Bool = false) -> StoreError {
        if let e = error as? StoreError { return e }
        if let t = error as? PostgresTransactionError {
            // The closure's own error is the cause; BEGIN or COMMIT failures otherwise.
            if let inner = t.closureError ?? t.beginError ?? t.commitError ?? t.rollbackError {
                return map(inner, what, connecting: connecting)
            }
        }
        if let e = error as? PSQLError {
            if let state = e.serverInfo?[.sqlState] {
                let code: StoreError.Code = state.hasPrefix("23") ? .constraint
                    : (state.hasPrefix("08") || state.hasPrefix("28") || state.hasPrefix("3D") || state.hasPrefix("57")) ? .connection : .query
                let message = e.serverInfo?[.message] ?? ""
                let detail = e.serverInfo?[.detail].map { "; \($0)" } ?? ""
                return StoreError(code, what, underlying: "\(message)\(detail) [SQLSTATE \(state)]")
            }
            return StoreError(.connection, what, underlying: String(reflecting: e))
        }
        return StoreError(connecting ? .connection : .query, what, underlying: String(reflecting: error))
    }

    static func query(_ st: SQLStatement) -> PostgresQuery {
        var binds = PostgresBindings(capacity: st.args.count)
        for a in st.args {
            switch a {
            case .null: binds.appendNull()
            case .int(let i): binds.append(i)
            case .double(let d): binds.append(d)
            case .text(let s): binds.append(s)
            }
        }
        return PostgresQuery(unsafeSQL: st.numbered, binds: binds)
    }

    static func value(_ cell: PostgresCell) throws -> SQLValue {
        guard cell.bytes != nil else { return .null }
        switch cell.dataType {
        case .int2, .int4, .int8: return .int(try cell.decode(Int64.self))
        case .float4, .float8: return .double(try cell.decode(Double.self))
        case .bool: return .int(try cell.decode(Bool.self) ? 1 : 0)
        default: return .text(try cell.decode(String.self))
        }
    }

    static func rows(_ conn: PostgresConnection, _ st: SQLStatement, _ logger: Logger) async throws -> [[SQLValue]] {
        var out: [[SQLValue]] = []
        for try await row in try await conn.query(query(st), logger: logger) {
            var values: [SQLValue] = []
            for cell in row { values.append(try value(cell)) }
            out.append(values)
        }
        return out
    }

    static func run(_ conn: PostgresConnection, _ st: SQLStatement, _ logger: Logger) async throws {
        for try await _ in try await conn.query(query(st), logger: logger) {}
    }

    func transaction<T: Sendable>(_ what: String, _ body: (PostgresConnection) async throws -> T) async throws(StoreError) -> T {
        do {
            return try await client.withTransaction(logger: logger) { conn in try await body(conn) }
        } catch {
            throw PostgresStore.map(error, what)
        }
    }

    func query(_ what: String, _ st: SQLStatement) async throws(StoreError) -> [[SQLValue]] {
        do {
            let logger = self.logger
            return try await client.withConnection { conn in try await PostgresStore.rows(conn, st, logger) }
        } catch {
            throw PostgresStore.map(error, what)
        }
    }

    // MARK: Store

    public func migrate() async throws(StoreError) {
        let logger = self.logger
        let applied: [String] = try await transaction("migrate") { conn in
            try await PostgresStore.run(conn, SQLStatement("SELECT pg_advisory_xact_lock(4242001)"), logger)
            try await PostgresStore.run(conn, SQLStatement(Queries.createMigrationsTable), logger)
            let pending = try Queries.pending(applied: try await PostgresStore.rows(conn, Queries.appliedMigrations, logger), dialect: .postgres)
            for m in pending {
                for statement in m.postgres { try await PostgresStore.run(conn, SQLStatement(statement), logger) }
                try await PostgresStore.run(conn, Queries.recordMigration(m, .postgres), logger)
            }
            return pending.map(\.id)
        }
        for id in applied { logger.info("applied migration \(id)", metadata: ["database": "\(location)"]) }
    }

    public func close() async throws(StoreError) {
        runTask.cancel()
        await runTask.value
    }

    public func ingest(_ batch: [ElementSet], source: String, provenance: Provenance) async throws(StoreError) -> IngestReceipt {
        if batch.isEmpty { return IngestReceipt() }
        try Queries.validate(batch)
        let logger = self.logger
        return try await transaction("ingest") { conn in
            let now = StoreTime.microseconds(Date())
            var receipt = IngestReceipt()
            var seen = Set<Int>()
            let objects = batch.map(\.noradCatalogNumber).filter { seen.insert($0).inserted }
            for chunk in objects.chunks(Queries.insertChunkRows) {
                for row in try await PostgresStore.rows(conn, Queries.insertObjects(Array(chunk), nowUs: now), logger) {
                    var r = RowReader(row)
                    receipt.newCatalogNumbers.insert(try r.int())
                }
            }
            for chunk in batch.chunks(Queries.insertChunkRows) {
                let rows = try await PostgresStore.rows(conn, Queries.insertElementSets(chunk, source: source, provenance: provenance, nowUs: now), logger)
                receipt.inserted += rows.count
                for row in rows {
                    var r = RowReader(row)
                    receipt.touchedCatalogNumbers.insert(try r.int())
                }
            }
            receipt.duplicates = batch.count - receipt.inserted
            for chunk in receipt.touchedCatalogNumbers.sorted().chunks(Queries.inListChunk) {
                for st in Queries.refreshObjects(Array(chunk), nowUs: now) { try await PostgresStore.run(conn, st, logger) }
            }
            return receipt
        }
    }

    public func recordScreening(_ run: ScreeningRunInput) async throws(StoreError) -> ScreeningOutcome {
        try Queries.validate(run)
        let logger = self.logger
        return try await transaction("record screening") { conn in
            let now = StoreTime.microseconds(run.completedAt)
            var rr = RowReader(try await PostgresStore.rows(conn, Queries.insertRun(run), logger).first ?? [])
            let runID = try rr.int64()
            var matched = Set<Int64>()
            var changes: [EventChange] = []
            for e in run.events {
                var candidates: [Queries.Candidate] = []
                for row in try await PostgresStore.rows(conn, Queries.candidates(primary: e.primary, secondary: e.secondary, tca: e.tca,
                                                                                  toleranceSeconds: run.matchToleranceSeconds), logger) {
                    candidates.append(try Queries.decodeCandidate(row))
                }
                let current = Queries.assessment(e, runID: runID, assessedAtUs: now)
                if let hit = Queries.nearest(candidates, to: e.tca, tolerance: run.matchToleranceSeconds, excluding: matched) {
                    var previous: EventAssessment? = nil
                    if let id = hit.latestAssessmentID, let row = try await PostgresStore.rows(conn, Queries.assessment(id: id), logger).first {
                        previous = try Queries.decodeAssessment(row)
                    }
                    var ar = RowReader(try await PostgresStore.rows(conn, Queries.insertAssessment(e, eventID: hit.id, runID: runID, assessedAtUs: now), logger).first ?? [])
                    try await PostgresStore.run(conn, Queries.updateEvent(hit.id, assessmentID: try ar.int64(), e, nowUs: now), logger)
                    matched.insert(hit.id)
                    changes.append(EventChange(eventID: hit.id, kind: .updated, previous: previous, current: current))
                } else {
                    var er = RowReader(try await PostgresStore.rows(conn, Queries.insertEvent(e, runID: runID, nowUs: now), logger).first ?? [])
                    let eventID = try er.int64()
                    var ar = RowReader(try await PostgresStore.rows(conn, Queries.insertAssessment(e, eventID: eventID, runID: runID, assessedAtUs: now), logger).first ?? [])
                    try await PostgresStore.run(conn, Queries.updateEvent(eventID, assessmentID: try ar.int64(), e, nowUs: now), logger)
                    matched.insert(eventID)
                    changes.append(EventChange(eventID: eventID, kind: .new, previous: nil, current: current))
                }
            }
            let cleared = try Queries.toClear(try await PostgresStore.rows(conn, Queries.activeInWindow(run), logger), matched: matched,
                                              screened: run.screenedCatalogNumbers)
            for chunk in cleared.chunks(Queries.inListChunk) { try await PostgresStore.run(conn, Queries.clear(Array(chunk), nowUs: now), logger) }
            return ScreeningOutcome(runID: runID, changes: changes, clearedEventIDs: cleared)
        }
    }

    public func insertAlerts(_ alerts: [NewAlert]) async throws(StoreError) -> [StoredAlert] {
        if alerts.isEmpty { return [] }
        try Queries.validate(alerts)
        let logger = self.logger
        return try await transaction("insert alerts") { conn in
            var out: [StoredAlert] = []
            for a in alerts {
                var r = RowReader(try await PostgresStore.rows(conn, Queries.insertAlert(a), logger).first ?? [])
                var stored = a
                stored.createdAt = StoreTime.normalized(a.createdAt)
                out.append(StoredAlert(id: try r.int64(), alert: stored))
            }
            return out
        }
    }

    // MARK: Raw access (tests, diagnostics)

    func executeRaw(_ sql: String, _ args: [SQLValue] = []) async throws(StoreError) {
        let logger = self.logger
        try await transaction("raw statement") { conn in try await PostgresStore.run(conn, SQLStatement(sql, args), logger) }
    }

    func queryRaw(_ sql: String, _ args: [SQLValue] = []) async throws(StoreError) -> [[SQLValue]] {
        try await query("raw query", SQLStatement(sql, args))
    }
}
