import Foundation
import GRDB
import Logging
import SpaceData

/// The embedded store: one SQLite file, opened with GRDB as a `DatabasePool` in WAL mode (many
/// readers, one writer; readers see only committed transactions, so another process can watch a
/// file while it is being written).
///
/// Every method that writes runs in one transaction: a batch is stored whole or not at all, even
/// when the process is killed in the middle.
public final class SQLiteStore: Store, SQLReadingStore {
    /// The database file.
    public let path: String
    let pool: DatabasePool
    let logger: Logger

    /// Opens (or creates) the database file. Call ``migrate()`` before use (``openStore(_:logger:)`` does).
    public init(path: String, logger: Logger = Logger(label: "kanshi.store.sqlite")) throws(StoreError) {
        self.path = path
        self.logger = logger
        var config = Configuration()
        config.foreignKeysEnabled = true
        config.busyMode = .timeout(30)
        config.label = "kanshi"
        do {
            pool = try DatabasePool(path: path, configuration: config)
        } catch {
            throw StoreError(.connection, "cannot open SQLite database \(path)", underlying: "\(error)")
        }
    }

    // MARK: Plumbing

    static func map(_ error: any Error, _ what: String) -> StoreError {
        if let e = error as? StoreError { return e }
        if let e = error as? DatabaseError {
            let code: StoreError.Code = switch e.resultCode {
            case .SQLITE_CONSTRAINT: .constraint
            case .SQLITE_CANTOPEN, .SQLITE_NOTADB, .SQLITE_BUSY, .SQLITE_LOCKED, .SQLITE_READONLY: .connection
            default: .query
            }
            return StoreError(code, what, underlying: e.message ?? "\(e)")
        }
        return StoreError(.query, what, underlying: "\(error)")
    }

    static func rows(_ db: Database, _ st: SQLStatement) throws -> [[SQLValue]] {
        let statement = try db.cachedStatement(sql: st.sql)
        try statement.setArguments(StatementArguments(st.args.map(\.databaseValue)))
        let cursor = try Row.fetchCursor(statement)
        var out: [[SQLValue]] = []
        while let row = try cursor.next() {
            var values: [SQLValue] = []
            values.reserveCapacity(row.count)
            for i in 0..<row.count { values.append(SQLValue(row[i] as DatabaseValue)) }
            out.append(values)
        }
        return out
    }

    static func run(_ db: Database, _ st: SQLStatement) throws {
        let statement = try db.cachedStatement(sql: st.sql)
        try statement.setArguments(StatementArguments(st.args.map(\.databaseValue)))
        try statement.execute()
    }

    func read<T: Sendable>(_ what: String, _ body: @escaping @Sendable (Database) throws -> T) async throws(StoreError) -> T {
        do { return try await pool.read(body) } catch { throw SQLiteStore.map(error, what) }
    }

    func write<T: Sendable>(_ what: String, _ body: @escaping @Sendable (Database) throws -> T) async throws(StoreError) -> T {
        do { return try await pool.write(body) } catch { throw SQLiteStore.map(error, what) }
    }

    func query(_ what: String, _ st: SQLStatement) async throws(StoreError) -> [[SQLValue]] {
        try await read(what) { db in try SQLiteStore.rows(db, st) }
    }

    // MARK: Store

    public func migrate() async throws(StoreError) {
        let applied: [String] = try await write("migrate") { db in
            try db.execute(sql: Queries.createMigrationsTable)
            let pending = try Queries.pending(applied: try SQLiteStore.rows(db, Queries.appliedMigrations), dialect: .sqlite)
            for m in pending {
                for statement in m.sqlite { try db.execute(sql: statement) }
                try SQLiteStore.run(db, Queries.recordMigration(m, .sqlite))
            }
            return pending.map(\.id)
        }
        for id in applied { logger.info("applied migration \(id)", metadata: ["database": "\(path)"]) }
    }

    public func close() async throws(StoreError) {
        do { try pool.close() } catch { throw SQLiteStore.map(error, "close") }
    }

    public func ingest(_ batch: [ElementSet], source: String, provenance: Provenance) async throws(StoreError) -> IngestReceipt {
        if batch.isEmpty { return IngestReceipt() }
        try Queries.validate(batch)
        return try await write("ingest") { db in
            let now = StoreTime.microseconds(Date())
            var receipt = IngestReceipt()
            var seen = Set<Int>()
            let objects = batch.map(\.noradCatalogNumber).filter { seen.insert($0).inserted }
            for chunk in objects.chunks(Queries.insertChunkRows) {
                for row in try SQLiteStore.rows(db, Queries.insertObjects(Array(chunk), nowUs: now)) {
                    var r = RowReader(row)
                    receipt.newCatalogNumbers.insert(try r.int())
                }
            }
            for chunk in batch.chunks(Queries.insertChunkRows) {
                let rows = try SQLiteStore.rows(db, Queries.insertElementSets(chunk, source: source, provenance: provenance, nowUs: now))
                receipt.inserted += rows.count
                for row in rows {
                    var r = RowReader(row)
                    receipt.touchedCatalogNumbers.insert(try r.int())
                }
            }
            receipt.duplicates = batch.count - receipt.inserted
            for chunk in receipt.touchedCatalogNumbers.sorted().chunks(Queries.inListChunk) {
                for st in Queries.refreshObjects(Array(chunk), nowUs: now) { try SQLiteStore.run(db, st) }
            }
            return receipt
        }
    }

    public func recordScreening(_ run: ScreeningRunInput) async throws(StoreError) -> ScreeningOutcome {
        try Queries.validate(run)
        return try await write("record screening") { db in
            let now = StoreTime.microseconds(run.completedAt)
            guard let runRow = try SQLiteStore.rows(db, Queries.insertRun(run)).first else {
                throw StoreError(.query, "screening run insert returned no id")
            }
            var rr = RowReader(runRow)
            let runID = try rr.int64()
            var matched = Set<Int64>()
            var changes: [EventChange] = []
            for e in run.events {
                let candidates = try SQLiteStore.rows(db, Queries.candidates(primary: e.primary, secondary: e.secondary, tca: e.tca,
                                                                             toleranceSeconds: run.matchToleranceSeconds))
                    .map { row throws(StoreError) in try Queries.decodeCandidate(row) }
                let current = Queries.assessment(e, runID: runID, assessedAtUs: now)
                if let hit = Queries.nearest(candidates, to: e.tca, tolerance: run.matchToleranceSeconds, excluding: matched) {
                    let previous = try hit.latestAssessmentID.flatMap { id in
                        try SQLiteStore.rows(db, Queries.assessment(id: id)).first.map { row throws(StoreError) in try Queries.decodeAssessment(row) }
                    }
                    let aRow = try SQLiteStore.rows(db, Queries.insertAssessment(e, eventID: hit.id, runID: runID, assessedAtUs: now))
                    var ar = RowReader(aRow.first ?? [])
                    try SQLiteStore.run(db, Queries.updateEvent(hit.id, assessmentID: try ar.int64(), e, nowUs: now))
                    matched.insert(hit.id)
                    changes.append(EventChange(eventID: hit.id, kind: .updated, previous: previous, current: current))
                } else {
                    var er = RowReader(try SQLiteStore.rows(db, Queries.insertEvent(e, runID: runID, nowUs: now)).first ?? [])
                    let eventID = try er.int64()
                    var ar = RowReader(try SQLiteStore.rows(db, Queries.insertAssessment(e, eventID: eventID, runID: runID, assessedAtUs: now)).first ?? [])
                    try SQLiteStore.run(db, Queries.updateEvent(eventID, assessmentID: try ar.int64(), e, nowUs: now))
                    matched.insert(eventID)
                    changes.append(EventChange(eventID: eventID, kind: .new, previous: nil, current: current))
                }
            }
            let cleared = try Queries.toClear(try SQLiteStore.rows(db, Queries.activeInWindow(run)), matched: matched,
                                              screened: run.screenedCatalogNumbers)
            for chunk in cleared.chunks(Queries.inListChunk) { try SQLiteStore.run(db, Queries.clear(Array(chunk), nowUs: now)) }
            return ScreeningOutcome(runID: runID, changes: changes, clearedEventIDs: cleared)
        }
    }

    public func insertAlerts(_ alerts: [NewAlert]) async throws(StoreError) -> [StoredAlert] {
        if alerts.isEmpty { return [] }
        try Queries.validate(alerts)
        return try await write("insert alerts") { db in
            var out: [StoredAlert] = []
            for a in alerts {
                var r = RowReader(try SQLiteStore.rows(db, Queries.insertAlert(a)).first ?? [])
                var stored = a
                stored.createdAt = StoreTime.normalized(a.createdAt)
                out.append(StoredAlert(id: try r.int64(), alert: stored))
            }
            return out
        }
    }

    // MARK: Raw access (tests, diagnostics)

    /// Runs statements in one transaction (tests use it to try rows the API would never write).
    func executeRaw(_ sql: String, _ args: [SQLValue] = []) async throws(StoreError) {
        let st = SQLStatement(sql, args)
        _ = try await write("raw statement") { db in try SQLiteStore.run(db, st) }
    }

    /// Rows of a raw query.
    func queryRaw(_ sql: String, _ args: [SQLValue] = []) async throws(StoreError) -> [[SQLValue]] {
        try await query("raw query", SQLStatement(sql, args))
    }
}

extension SQLValue {
    init(_ v: DatabaseValue) {
        switch v.storage {
        case .null: self = .null
        case .int64(let i): self = .int(i)
        case .double(let d): self = .double(d)
        case .string(let s): self = .text(s)
        case .blob(let d): self = .text(String(decoding: d, as: UTF8.self))
        }
    }

    var databaseValue: DatabaseValue {
        switch self {
        case .null: .null
        case .int(let i): i.databaseValue
        case .double(let d): d.databaseValue
        case .text(let s): s.databaseValue
        }
    }
}

extension Collection {
    /// Consecutive slices of at most `size` elements.
    func chunks(_ size: Int) -> [SubSequence] {
        var out: [SubSequence] = []
        var start = startIndex
        while start != endIndex {
            let end = index(start, offsetBy: size, limitedBy: endIndex) ?? endIndex
            out.append(self[start..<end])
            start = end
        }
        return out
    }
}
