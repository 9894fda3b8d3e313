import Foundation
import Logging
import Testing
@testable import Persistence
import SpaceData

/// The two store implementations the shared suite runs against.
enum Backend: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite, postgres
    var testDescription: String { rawValue }

    /// `KANSHI_TEST_POSTGRES_URL`, when set.
    static let postgresURL: String? = ProcessInfo.processInfo.environment["KANSHI_TEST_POSTGRES_URL"].flatMap { $0.isEmpty ? nil : $0 }
    /// Whether the environment is CI (where a missing PostgreSQL is a failure, not a skip).
    static let isCI = ProcessInfo.processInfo.environment["CI"].map { !$0.isEmpty } ?? false
    /// The backends to run: SQLite always, PostgreSQL when a URL is configured.
    static let enabled: [Backend] = postgresURL == nil ? [.sqlite] : [.sqlite, .postgres]
    static let postgresDisabledReason = "KANSHI_TEST_POSTGRES_URL is not set: the PostgreSQL cases of the store suites are disabled (set it to e.g. postgres://kanshi:kanshi@127.0.0.1:5432/kanshi_test)"
}

enum TestStores {
    static let logger: Logger = {
        var l = Logger(label: "kanshi.store.test")
        l.logLevel = .warning
        return l
    }()

    /// Runs `body` on a fresh, migrated store of `backend`: a temporary SQLite file, or a new
    /// PostgreSQL database created for the test and dropped after it.
    static func with<T>(_ backend: Backend, _ body: (any RawSQLAccess) async throws -> T) async throws -> T {
        switch backend {
        case .sqlite:
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kanshi-store-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: dir) }
            let store = try SQLiteStore(path: dir.appendingPathComponent("test.sqlite").path, logger: logger)
            try await store.migrate()
            do {
                let result = try await body(store)
                try await store.close()
                return result
            } catch {
                try? await store.close()
                throw error
            }
        case .postgres:
            guard let base = Backend.postgresURL else { throw StoreError(.configuration, Backend.postgresDisabledReason) }
            let name = "kanshi_t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(20)
            let admin = try await PostgresStore(url: base, logger: logger, maximumConnections: 1, answerTimeout: .seconds(120))
            try await admin.executeAutocommit("CREATE DATABASE \(name)")
            try await admin.close()
            var c = URLComponents(string: base)!
            c.path = "/" + name
            let store = try await PostgresStore(url: c.string!, logger: logger, maximumConnections: 4, answerTimeout: .seconds(120))
            func drop() async {
                try? await store.close()
                if let admin = try? await PostgresStore(url: base, logger: logger, maximumConnections: 1, answerTimeout: .seconds(120)) {
                    try? await admin.executeAutocommit("DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
                    try? await admin.close()
                }
            }
            do {
                try await store.migrate()
                let result = try await body(store)
                await drop()
                return result
            } catch {
                await drop()
                throw error
            }
        }
    }
}

/// Test inputs.
enum Fixture {
    static let testsDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    static let packageRoot = testsDirectory.deletingLastPathComponent()
    static let bundledCatalog = packageRoot.appendingPathComponent("data/spacetrack_gp_full_catalog_2023-10-09.3le.gz").path

    static func path(_ name: String) -> String {
        testsDirectory.appendingPathComponent("Fixtures/spacedata").appendingPathComponent(name).path
    }

    /// Element sets of a fixture file, requiring that it reads without errors.
    static func sets(_ name: String) throws -> [ElementSet] {
        let report = ElementSetReader().read(files: [path(name)])
        #expect(report.errors.isEmpty, "\(name): \(report.errors.first.map { "\($0)" } ?? "")")
        return report.records
    }

    /// The bundled 2023-10-09 catalog (26,140 sets), read once.
    static let catalog: [ElementSet] = ElementSetReader().read(files: [bundledCatalog]).records

    /// A synthetic element set.
    static func set(_ n: Int, epochDay: Double, name: String? = nil, objectID: String? = nil, ecc: Double = 0.001,
                    meanMotion: Double = 15.5, inclination: Double = 51.6, type: String? = nil) -> ElementSet {
        let day = epochDay.rounded(.down)
        let epoch = Instant(utcModifiedJulianDay: 60_000 + Int(day), secondsOfDay: (epochDay - day) * 86_400)
        var s = ElementSet(objectName: name, objectID: objectID, noradCatalogNumber: n, epoch: epoch, meanMotionRevPerDay: meanMotion,
                           eccentricity: ecc, inclinationDeg: inclination, raanDeg: 10, argumentOfPericenterDeg: 20, meanAnomalyDeg: 30,
                           elementSetNumber: 999, revolutionNumberAtEpoch: 100, bstar: 1e-4, meanMotionDot: 1e-5, meanMotionDDot: 0)
        if let type { s.extraFields = [ElementSet.ExtraField(key: "OBJECT_TYPE", value: type)] }
        return s
    }
}

extension SQLValue {
    var intValue: Int64? { if case .int(let i) = self { i } else { nil } }
    var textValue: String? { if case .text(let s) = self { s } else { nil } }
}

extension RawSQLAccess {
    /// The single integer a query returns.
    func scalar(_ sql: String) async throws -> Int64 {
        let rows = try await queryRaw(sql, [])
        guard let v = rows.first?.first?.intValue else { throw StoreError(.decoding, "no integer from \(sql)") }
        return v
    }
}

/// Whether `body` fails with a store error of `code`.
func expectStoreError(_ code: StoreError.Code, _ what: Comment, sourceLocation: SourceLocation = #_sourceLocation,
                      _ body: () async throws -> Void) async {
    do {
        try await body()
        Issue.record("\(what): expected a \(code) error, but it succeeded", sourceLocation: sourceLocation)
    } catch let e as StoreError {
        #expect(e.code == code, "\(what): \(e)", sourceLocation: sourceLocation)
    } catch {
        Issue.record("\(what): unexpected error \(error)", sourceLocation: sourceLocation)
    }
}
