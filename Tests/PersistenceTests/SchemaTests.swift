import Foundation
import Testing
@testable import Persistence
import SpaceData

/// Migrations and the schema's own rules, on both backends.
@Suite("Store schema")
struct SchemaTests {
    @Test("PostgreSQL backend configured", .enabled(if: Backend.postgresURL != nil || Backend.isCI, .init(rawValue: Backend.postgresDisabledReason)))
    func postgresConfigured() {
        // Runs only when a URL is set or under CI; under CI a missing URL is a failure.
        #expect(Backend.postgresURL != nil, "CI is set but KANSHI_TEST_POSTGRES_URL is not: the PostgreSQL store cannot be tested")
    }

    @Test("migrations create every table from empty and record themselves", arguments: Backend.enabled)
    func migrationsFromEmpty(_ backend: Backend) async throws {
        try await TestStores.with(backend) { store in
            let ids = try await store.queryRaw("SELECT id, checksum FROM schema_migrations ORDER BY id", [])
            #expect(ids.compactMap { $0.first?.textValue } == Migration.all.map(\.id))
            #expect(ids.compactMap { $0.last?.textValue } == Migration.all.map { $0.checksum(store.dialect) })
            for table in ["objects", "element_sets", "screening_runs", "conjunction_events", "event_assessments", "alerts",
                          "sensors", "observations", "tracks", "accounts", "operator_objects", "api_tokens", "audit_log", "received_messages"] {
                #expect(try await store.scalar("SELECT count(*) FROM \(table)") == 0, "\(table)")
            }
        }
    }

    @Test("re-running migrations is a no-op", arguments: Backend.enabled)
    func migrateTwice(_ backend: Backend) async throws {
        try await TestStores.with(backend) { store in
            _ = try await store.ingest([Fixture.set(1, epochDay: 0.5)], source: "test")
            try await store.migrate()
            try await store.migrate()
            #expect(try await store.scalar("SELECT count(*) FROM schema_migrations") == Int64(Migration.all.count))
            #expect(try await store.counts().elementSets == 1)
        }
    }

    @Test("an edited shipped migration or a newer schema is refused", arguments: Backend.enabled)
    func editedMigrationRefused(_ backend: Backend) async throws {
        try await TestStores.with(backend) { store in
            try await store.executeRaw("UPDATE schema_migrations SET checksum = 'edited' WHERE id = '0001_initial'", [])
            do {
                try await store.migrate()
                Issue.record("migrate accepted a changed checksum")
            } catch let error as StoreError {
                #expect(error.code == .migration)
                #expect(error.message.contains("add a new migration instead"), "\(error)")
            }
            try await store.executeRaw("UPDATE schema_migrations SET checksum = ? WHERE id = '0001_initial'",
                                       [.text(Migration.all[0].checksum(store.dialect))])
            try await store.executeRaw("INSERT INTO schema_migrations (id, checksum, applied_at) VALUES ('9999_future', 'x', 'now')", [])
            await expectStoreError(.migration, "unknown migration") { try await store.migrate() }
        }
    }

    /// A copy of the stored element set with the epoch moved (so it is a new row) and `column` set to `value`.
    static func copySQL(_ column: String, _ value: String) -> String {
        let cols = ElementSetCodec.insertColumns
        let exprs = cols.map { c -> String in
            if c == column { return value }
            if c == "epoch_tai_s" && column != "epoch_tai_s" { return "epoch_tai_s + 1" }
            return c
        }
        return "INSERT INTO element_sets (\(cols.joined(separator: ", "))) SELECT \(exprs.joined(separator: ", ")) FROM element_sets WHERE norad_cat_id = 25544"
    }

    @Test("constraints refuse bad rows (NOT NULL, unique, foreign key, check)", arguments: Backend.enabled)
    func constraints(_ backend: Backend) async throws {
        try await TestStores.with(backend) { store in
            var iss = Fixture.set(25544, epochDay: 0.25, name: "ISS (ZARYA)")
            iss.objectID = "1998-067A"
            _ = try await store.ingest([iss], source: "test")
            // The control: the same copy with only the epoch moved is accepted.
            try await store.executeRaw(Self.copySQL("source", "'copy'"), [])
            #expect(try await store.counts().elementSets == 2)

            let bad: [(String, String)] = [
                ("NOT NULL mean motion", Self.copySQL("mean_motion", "NULL")),
                ("NOT NULL source", Self.copySQL("source", "NULL")),
                ("unique identity", Self.copySQL("epoch_tai_s", "epoch_tai_s")),
                ("foreign key object", Self.copySQL("norad_cat_id", "99999")),
                ("eccentricity >= 1", Self.copySQL("eccentricity", "1.0")),
                ("eccentricity < 0", Self.copySQL("eccentricity", "-0.1")),
                ("epoch fraction 1", Self.copySQL("epoch_tai_frac", "1.0")),
                ("TLE line 2 without line 1", Self.copySQL("tle_line2", "'2 25544'")),
                ("duplicate object", "INSERT INTO objects (norad_cat_id, element_set_count, first_seen_at_us, updated_at_us) VALUES (25544, 0, 0, 0)"),
                ("object without first_seen", "INSERT INTO objects (norad_cat_id, element_set_count, updated_at_us) VALUES (7, 0, 0)"),
                ("event status", "INSERT INTO screening_runs (window_start_tai_s, window_start_tai_frac, window_end_tai_s, window_end_tai_frac, threshold_km, match_tolerance_s, event_count, completed_at_us) VALUES (0, 0, -10, 0, 5, 300, 0, 0)"),
                ("alert severity", "INSERT INTO alerts (kind, severity, severity_rank, message, created_at_us) VALUES ('x', 'urgent', 2, 'm', 0)"),
                ("alert rank mismatch", "INSERT INTO alerts (kind, severity, severity_rank, message, created_at_us) VALUES ('x', 'info', 2, 'm', 0)"),
                ("alert pc > 1", "INSERT INTO alerts (kind, severity, severity_rank, pc, message, created_at_us) VALUES ('x', 'info', 0, 1.5, 'm', 0)"),
                ("alert miss < 0", "INSERT INTO alerts (kind, severity, severity_rank, miss_km, message, created_at_us) VALUES ('x', 'info', 0, -1, 'm', 0)"),
                ("alert event FK", "INSERT INTO alerts (kind, severity, severity_rank, event_id, message, created_at_us) VALUES ('x', 'info', 0, 424242, 'm', 0)"),
                ("account role", "INSERT INTO accounts (username, role, created_at_us) VALUES ('a', 'root', 0)"),
                ("partner without country", "INSERT INTO accounts (username, role, organization, created_at_us) VALUES ('p', 'partner', 'USSF', 0)"),
                ("token hash length", "INSERT INTO api_tokens (account_id, secret_sha256, prefix, label, created_at_us, expires_at_us) VALUES (1, 'x', 'ksh_', 'l', 0, 1)"),
                ("sensor latitude", "INSERT INTO sensors (id, name, kind, latitude_deg, longitude_deg, altitude_km, parameters_json) VALUES ('s', 'S', 'radar', 91, 0, 0, '{}')"),
                ("observation sensor FK", "INSERT INTO observations (sensor_id, observed_at_tai_s, observed_at_tai_frac, kind, values_json, received_at_us) VALUES ('nope', 0, 0, 'radar', '{}', 0)"),
            ]
            for (what, sql) in bad {
                await expectStoreError(.constraint, Comment(rawValue: what)) { try await store.executeRaw(sql, []) }
            }
            // Good rows of the later tables are accepted, and a second account with the same name is not.
            try await store.executeRaw("INSERT INTO accounts (username, role, created_at_us) VALUES ('a', 'analyst', 0)", [])
            await expectStoreError(.constraint, "duplicate username") {
                try await store.executeRaw("INSERT INTO accounts (username, role, created_at_us) VALUES ('a', 'admin', 0)", [])
            }
            #expect(try await store.counts().elementSets == 2)
            #expect(try await store.counts().alerts == 0)
        }
    }
}

/// Migration checksums pinned: a shipped migration is never edited.
@Suite("Migration checksums")
struct MigrationChecksumTests {
    /// SHA-256 of each shipped migration's SQL, per dialect. When this test fails because you changed
    /// a migration that has shipped: revert it, and add a new migration instead.
    static let pinned: [String: [SQLDialect: String]] = [
        "0001_initial": [
            .sqlite: "072eebc711e8b941cfeea31126f0eb15217092dd9a884220042e8fb5e54439dc",
            .postgres: "148d203496a7736956b48e1d328c3e948970895a8fbc6412380c290cb9e0da95",
        ],
        "0002_accounts": [
            .sqlite: "2ed58afa3782e4b6c22b37d1896fc5e1222f1c4694b428e7c66f2fbdd813629d",
            .postgres: "c41e515a240ba94aa1c5db81544f578b8b4d7559b892fefa98d224d48a103b29",
        ],
        "0003_markings": [
            .sqlite: "3c59e46af88f30b7db39ad0155c3033b4c628b4a47373ddd48d4df27fb889306",
            .postgres: "23b726dba94ea1f8b18557ce966046374b99e3a72ba8fddb21c31818aed19683",
        ],
    ]

    @Test("every shipped migration's SQL is unchanged")
    func checksumsPinned() {
        for m in Migration.all {
            guard let pins = Self.pinned[m.id] else {
                Issue.record("migration \(m.id) has no pinned checksum: add sqlite \(m.checksum(.sqlite)) and postgres \(m.checksum(.postgres)) to MigrationChecksumTests.pinned")
                continue
            }
            for d in SQLDialect.allCases {
                #expect(m.checksum(d) == pins[d], "migration \(m.id) (\(d.rawValue)) was edited after it shipped: revert it and add a new migration instead")
            }
        }
        #expect(Set(Migration.all.map(\.id)).count == Migration.all.count, "migration ids are unique")
        #expect(Migration.all.map(\.id) == Migration.all.map(\.id).sorted(), "migrations are in id order")
    }

    @Test("SHA-256 matches FIPS 180-4 examples")
    func sha256() {
        #expect(SHA256.hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA256.hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }
}

@Suite("Store locations")
struct StoreLocationTests {
    @Test("parsing URLs and paths")
    func parsing() throws {
        #expect(try StoreLocation(parsing: "postgres://u:p@localhost:5433/db") == .postgres(url: "postgres://u:p@localhost:5433/db"))
        #expect(try StoreLocation(parsing: "postgresql://u@h/db") == .postgres(url: "postgresql://u@h/db"))
        #expect(try StoreLocation(parsing: "sqlite:/tmp/x.sqlite") == .sqlite(path: "/tmp/x.sqlite"))
        #expect(try StoreLocation(parsing: "sqlite:///tmp/x.sqlite") == .sqlite(path: "/tmp/x.sqlite"))
        #expect(try StoreLocation(parsing: "data/k.sqlite") == .sqlite(path: "data/k.sqlite"))
        #expect(StoreLocation.postgres(url: "postgres://u:secret@h/db").description.contains("secret") == false)
        for bad in ["", "mysql://u@h/db", "postgres://", "postgres://h/db", "sqlite:", "postgres://u@h/db?sslmode=verify-full"] {
            #expect(throws: StoreError.self, "\(bad)") { try StoreLocation(parsing: bad) }
        }
    }

    @Test("default location: KANSHI_DATABASE_URL, else the state directory")
    func defaults() throws {
        #expect(try StoreLocation.defaultLocation(stateDirectory: nil, environment: ["KANSHI_DATABASE_URL": "postgres://a@b/c"]) == .postgres(url: "postgres://a@b/c"))
        #expect(try StoreLocation.defaultLocation(stateDirectory: "/s", environment: [:]) == .sqlite(path: "/s/kanshi.sqlite"))
        #expect(try StoreLocation.defaultLocation(stateDirectory: nil, environment: ["KANSHI_STATE_DIR": "/e"]) == .sqlite(path: "/e/kanshi.sqlite"))
        #expect(try StoreLocation.defaultLocation(stateDirectory: nil, environment: ["HOME": "/home/u"]) == .sqlite(path: "/home/u/.local/share/kanshi/kanshi.sqlite"))
    }

    @Test("openStore creates the state directory and migrates")
    func openCreatesDirectory() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kanshi-open-\(UUID().uuidString)/nested")
        defer { try? FileManager.default.removeItem(at: dir.deletingLastPathComponent()) }
        let store = try await openStore(.sqlite(path: dir.appendingPathComponent("kanshi.sqlite").path), logger: TestStores.logger)
        #expect(try await store.counts() == StoreCounts())
        try await store.close()
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("kanshi.sqlite").path))
    }
}
