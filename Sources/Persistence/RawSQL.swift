/// Direct SQL on a store, for tests and diagnostics: statements the public API would never run
/// (rows that break the schema's rules, counts of raw tables). Not part of ``Store``.
protocol RawSQLAccess: Store {
    /// The store's dialect.
    var dialect: SQLDialect { get }
    /// Runs one statement in its own transaction.
    func executeRaw(_ sql: String, _ args: [SQLValue]) async throws(StoreError)
    /// The rows of one query.
    func queryRaw(_ sql: String, _ args: [SQLValue]) async throws(StoreError) -> [[SQLValue]]
}

extension SQLiteStore: RawSQLAccess {
    var dialect: SQLDialect { .sqlite }
}

extension PostgresStore: RawSQLAccess {
    var dialect: SQLDialect { .postgres }

    /// Runs a statement outside any transaction (`CREATE DATABASE`, `DROP DATABASE`).
    func executeAutocommit(_ sql: String) async throws(StoreError) {
        do {
            for try await _ in try await client.query(PostgresStore.query(SQLStatement(sql)), logger: logger) {}
        } catch {
            throw PostgresStore.map(error, "autocommit statement")
        }
    }
}
