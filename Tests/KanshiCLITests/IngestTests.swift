import Foundation
import Logging
@testable import Persistence
import SpaceData
import Testing

/// `kanshi ingest`: summary and exit status, idempotence, and the kill test (SIGKILL mid-ingest
/// leaves whole batches only; a second run completes the catalog exactly).
@Suite("kanshi ingest", .serialized)
struct IngestTests {
    typealias CLI = CLITests

    static let postgresURL = ProcessInfo.processInfo.environment["KANSHI_TEST_POSTGRES_URL"].flatMap { $0.isEmpty ? nil : $0 }
    static let catalogPath = CLI.root.appendingPathComponent("data/spacetrack_gp_full_catalog_2023-10-09.3le.gz").path
    static let logger: Logger = { var l = Logger(label: "kanshi.test.ingest"); l.logLevel = .warning; return l }()

    static func tempDirectory() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kanshi-ingest-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    @Test("ingest reports inserted, duplicates and rejected; a second run is all duplicates")
    func summaryAndIdempotence() throws {
        let dir = try Self.tempDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let bad = CLI.iss.replacingOccurrences(of: "2 25544  51.6410", with: "2 25544  5X.6410")
        let good = try CLI.tempFile("good.3le", CLI.iss)
        let mixed = try CLI.tempFile("mixed.3le", bad)
        let db = "sqlite:" + dir.appendingPathComponent("k.sqlite").path

        let first = try CLI.run(["ingest", good, "--database", db, "--batch-size", "1"])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("inserted 1, duplicates 0, rejected 0"), "\(first.stdout)")
        #expect(first.stdout.contains("objects touched 1 (new 1): 25544"), "\(first.stdout)")
        let again = try CLI.run(["ingest", good, "--database", db])
        #expect(again.status == 0)
        #expect(again.stdout.contains("inserted 0, duplicates 1, rejected 0"), "\(again.stdout)")

        let rejected = try CLI.run(["ingest", mixed, "--database", db])
        #expect(rejected.status == 1)
        #expect(rejected.stderr.contains("mixed.3le:3"), "\(rejected.stderr)")
        #expect(rejected.stdout.contains("rejected 1"), "\(rejected.stdout)")

        let usage = try CLI.run(["ingest", good, "--database", db, "--batch-size", "0"])
        #expect(usage.status == 64)
        let badURL = try CLI.run(["ingest", good, "--database", "mysql://x@y/z"])
        #expect(badURL.status == 64, "\(badURL.stderr)")
        // The state directory is created and used when no --database is given.
        let state = dir.appendingPathComponent("state").path
        let viaState = try CLI.run(["ingest", good, "--state-dir", state])
        #expect(viaState.status == 0, "\(viaState.stderr)")
        #expect(FileManager.default.fileExists(atPath: state + "/kanshi.sqlite"))
    }

    @Test("ingest --marking stores the releasability (default JPN) and --received-from the provenance; a bad marking exits 64")
    func markings() async throws {
        let dir = try Self.tempDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let good = try CLI.tempFile("good.3le", CLI.iss)
        let path = dir.appendingPathComponent("k.sqlite").path
        #expect(try CLI.run(["ingest", good, "--database", "sqlite:" + path]).status == 0)
        let bad = try CLI.run(["ingest", good, "--database", "sqlite:" + path, "--marking", "REL usa"])
        #expect(bad.status == 64 && bad.stderr.contains("--marking"), "\(bad.stderr)")
        let store = try SQLiteStore(path: path)
        let first = try #require(try await store.elementSets(matching: ElementSetQuery()).first)
        #expect(first.marking == .japanOnly && first.receivedFrom == nil)
        try await store.close()
        let dir2 = try Self.tempDirectory()
        defer { try? FileManager.default.removeItem(at: dir2) }
        let path2 = dir2.appendingPathComponent("k.sqlite").path
        let rel = try CLI.run(["ingest", good, "--database", "sqlite:" + path2, "--marking", "REL TO USA, AUS", "--received-from", "ussf"])
        #expect(rel.status == 0, "\(rel.stderr)")
        let store2 = try SQLiteStore(path: path2)
        let second = try #require(try await store2.elementSets(matching: ElementSetQuery()).first)
        #expect(second.marking == .releasable(to: [CountryCode("USA")!, CountryCode("AUS")!]) && second.receivedFrom == "ussf")
        try await store2.close()
    }

    /// Identity of a set as the kill test compares it: catalog number and exact epoch parts.
    struct Key: Hashable { var norad: Int64; var seconds: Int64; var fraction: Double }

    static func inputKeys() -> [Key] {
        let report = ElementSetReader().read(files: [catalogPath])
        return report.records.map {
            let p = StoreTime.parts($0.epoch)
            return Key(norad: Int64($0.noradCatalogNumber), seconds: p.seconds, fraction: p.fraction)
        }
    }

    static func storedKeys(_ store: any RawSQLAccess) async throws -> [Key] {
        try await store.queryRaw("SELECT norad_cat_id, epoch_tai_s, epoch_tai_frac FROM element_sets ORDER BY id", []).map { row in
            var r = RowReader(row)
            return Key(norad: try r.int64(), seconds: try r.int64(), fraction: try r.double())
        }
    }

    static func count(_ store: any RawSQLAccess, _ table: String) async throws -> Int {
        guard case .int(let n)? = try await store.queryRaw("SELECT count(*) FROM \(table)", []).first?.first else { return -1 }
        return Int(n)
    }

    /// Runs `kanshi ingest` on the bundled catalog, kills it with SIGKILL once some batches are
    /// committed, checks that only whole batches are stored, then completes the ingest.
    func killAndResume(database: String, open: () async throws -> any RawSQLAccess) async throws {
        let batch = 250
        let keys = Self.inputKeys()
        #expect(keys.count == 26_140)

        // The ingest reports each committed batch on stderr (--progress); the kill follows the second report.
        // Polling the database instead lost the race on a loaded machine: a fast ingest finished unseen.
        let p = Process()
        p.executableURL = try CLI.binary()
        p.arguments = ["ingest", Self.catalogPath, "--database", database, "--batch-size", String(batch), "--progress"]
        p.standardOutput = FileHandle.nullDevice
        let pipe = Pipe()
        p.standardError = pipe
        try p.run()
        var seen = 0
        var pending = Data()
        let reader = pipe.fileHandleForReading
        reading: while true {
            let chunk = reader.availableData
            if chunk.isEmpty { break }   // end of file: the ingest has exited
            pending.append(chunk)
            while let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
                let line = String(decoding: pending[pending.startIndex..<newline], as: UTF8.self)
                pending.removeSubrange(pending.startIndex...newline)
                if line.hasPrefix("committed "), let n = Int(line.split(separator: " ")[1]), n >= 2 * batch {
                    kill(p.processIdentifier, SIGKILL)
                    seen = n
                    break reading
                }
            }
        }
        p.waitUntilExit()
        #expect(p.terminationReason == .uncaughtSignal, "ingest finished before it could be killed (saw \(seen) rows); the test proves nothing")
        #expect(seen >= 2 * batch)

        let store = try await open()
        let stored = try await Self.storedKeys(store)
        print("kill test (\(database.hasPrefix("postgres") ? "postgres" : "sqlite")): killed with \(stored.count) of \(keys.count) sets stored")
        #expect(stored.count % batch == 0, "a partial batch was committed: \(stored.count) rows, batch \(batch)")
        #expect(stored.count < keys.count)
        #expect(stored == Array(keys.prefix(stored.count)), "the stored sets are not the first \(stored.count) of the input, in order")
        // The schema and the derived object rows are intact.
        #expect(try await Self.count(store, "schema_migrations") == Migration.all.count)
        #expect(try await Self.count(store, "objects") == Set(stored.map(\.norad)).count)
        let orphans = try await store.queryRaw("SELECT count(*) FROM objects o LEFT JOIN element_sets e ON e.id = o.latest_element_set_id WHERE e.id IS NULL", [])
        #expect(orphans.first?.first == .int(0))
        if store.dialect == .sqlite {
            #expect(try await store.queryRaw("PRAGMA integrity_check", []).first?.first == .text("ok"))
            #expect(try await store.queryRaw("PRAGMA foreign_key_check", []).isEmpty)
        }
        try await store.close()

        // Resume: the rest is inserted, the committed part is duplicates; the total is exact.
        let resumed = try CLI.run(["ingest", Self.catalogPath, "--database", database, "--batch-size", "1000"])
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(resumed.stdout.contains("inserted \(keys.count - stored.count), duplicates \(stored.count), rejected 0"), "\(resumed.stdout)")
        let final = try await open()
        #expect(try await Self.count(final, "element_sets") == 26_140)
        #expect(Set(try await Self.storedKeys(final)) == Set(keys))
        try await final.close()
    }

    @Test("SIGKILL mid-ingest leaves whole batches only (SQLite); resuming completes the catalog exactly")
    func killTestSQLite() async throws {
        let dir = try Self.tempDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("kill.sqlite").path
        // Created and migrated first, so the poller opens it at once (see killAndResume).
        let prepared = try SQLiteStore(path: path, logger: Self.logger)
        try await prepared.migrate()
        try await prepared.close()
        try await killAndResume(database: "sqlite:" + path) {
            guard FileManager.default.fileExists(atPath: path) else { throw StoreError(.connection, "not yet created") }
            return try SQLiteStore(path: path, logger: Self.logger)
        }
    }

    @Test("SIGKILL mid-ingest leaves whole batches only (PostgreSQL)",
          .enabled(if: postgresURL != nil, "KANSHI_TEST_POSTGRES_URL is not set: the PostgreSQL kill test is disabled"))
    func killTestPostgres() async throws {
        let base = try #require(Self.postgresURL)
        let name = "kanshi_kill_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(16)
        let admin = try await PostgresStore(url: base, logger: Self.logger, maximumConnections: 1, answerTimeout: .seconds(120))
        try await admin.executeAutocommit("CREATE DATABASE \(name)")
        var c = URLComponents(string: base)!
        c.path = "/" + name
        let url = c.string!
        do {
            try await killAndResume(database: url) { try await PostgresStore(url: url, logger: Self.logger, maximumConnections: 2, answerTimeout: .seconds(120)) }
        } catch {
            try? await admin.executeAutocommit("DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
            try? await admin.close()
            throw error
        }
        try? await admin.executeAutocommit("DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
        try? await admin.close()
    }
}
