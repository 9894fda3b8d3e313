import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
@testable import OperationsCenter
@testable import Persistence
import SpaceData
import Testing

/// The stores the security suite runs against: SQLite always, PostgreSQL when
/// `KANSHI_TEST_POSTGRES_URL` is set (CI sets it, and a missing one fails the schema suite there).
enum SecurityBackend: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite, postgres
    var testDescription: String { rawValue }

    static let postgresURL: String? = ProcessInfo.processInfo.environment["KANSHI_TEST_POSTGRES_URL"].flatMap { $0.isEmpty ? nil : $0 }
    static let enabled: [SecurityBackend] = postgresURL == nil ? [.sqlite] : [.sqlite, .postgres]

    /// Runs `body` on a fresh migrated store: a temporary SQLite file, or a PostgreSQL database
    /// created for the test and dropped after it.
    func with<T>(_ body: (any Store) async throws -> T) async throws -> T {
        var logger = Logger(label: "kanshi-security-test")
        logger.logLevel = .warning
        switch self {
        case .sqlite:
            let store = try await makeStore()
            do { let r = try await body(store); try await store.close(); return r } catch { try? await store.close(); throw error }
        case .postgres:
            let base = try #require(Self.postgresURL)
            let name = "kanshi_sec_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(16)
            let admin = try await PostgresStore(url: base, logger: logger, maximumConnections: 1)
            try await admin.executeAutocommit("CREATE DATABASE \(name)")
            try await admin.close()
            var c = URLComponents(string: base)!
            c.path = "/" + name
            let store = try await PostgresStore(url: c.string!, logger: logger, maximumConnections: 6)
            func drop() async {
                try? await store.close()
                if let admin = try? await PostgresStore(url: base, logger: logger, maximumConnections: 1) {
                    try? await admin.executeAutocommit("DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
                    try? await admin.close()
                }
            }
            do {
                try await store.migrate()
                let r = try await body(store)
                await drop()
                return r
            } catch {
                await drop()
                throw error
            }
        }
    }
}

/// Accounts and tokens of the attacker suite.
struct SecurityCast {
    let analyst: BearerClient
    let admin: BearerClient
    let partnerUSA: BearerClient
    let partnerAUS: BearerClient
    let partnerUSAName: String
    let `operator`: BearerClient

    static func make(_ client: some TestClientProtocol, _ center: OperationsCenter, operates: Set<Int> = []) async throws -> SecurityCast {
        let store = center.store
        func account(_ role: Role, _ name: String, country: String? = nil, objects: Set<Int> = []) async throws -> BearerClient {
            _ = try await store.createAccount(NewAccount(username: name, role: role, organization: role == .partner ? "org-\(name)" : nil,
                                                         country: country.flatMap { CountryCode($0) }, operatedObjects: objects), at: Date())
            let issued = try await store.issueToken(username: name, label: "test", lifetimeSeconds: 86_400, at: Date())
            return BearerClient(base: client, secret: issued.secret)
        }
        return SecurityCast(analyst: try await account(.analyst, "ana"), admin: try await account(.admin, "root"),
                            partnerUSA: try await account(.partner, "usspace", country: "USA"),
                            partnerAUS: try await account(.partner, "auspace", country: "AUS"), partnerUSAName: "usspace",
                            operator: try await account(.operator, "opsat", objects: operates))
    }
}

/// Test element sets as OMM JSON, made from a fixture set with another number, name and epoch.
enum SecurityData {
    static func catalogSet(_ number: Int) throws -> ElementSet {
        try #require(ElementSetReader().read(files: [OpsFixture.catalog.path]).records.first { $0.noradCatalogNumber == number })
    }

    static func omm(from base: ElementSet, number: Int, name: String, epochShiftDays: Double = 0, meanAnomalyShiftDeg: Double = 0) -> String {
        var s = base
        s.noradCatalogNumber = number
        s.objectName = name
        s.objectID = "2099-\(number % 1000)A"
        s.epoch = s.epoch.advanced(bySeconds: epochShiftDays * 86_400)
        s.meanAnomalyDeg = (s.meanAnomalyDeg + meanAnomalyShiftDeg).truncatingRemainder(dividingBy: 360)
        s.tleFormatting = TLEFormatting()
        return OMMJSON.write([s])
    }

    /// Problem bodies compared without the identifier they name.
    static func shape(_ r: TestResponse) throws -> String {
        var o = try r.object()
        if let d = o["detail"] as? String {
            o["detail"] = d.replacingOccurrences(of: "[0-9]+", with: "N", options: .regularExpression)
        }
        o["instance"] = nil
        return "\(r.status.code) " + String(decoding: try JSONSerialization.data(withJSONObject: o, options: [.sortedKeys]), as: UTF8.self)
    }
}

extension BearerClient {
    func get(_ uri: String) async throws -> TestResponse { try await execute(uri: uri, method: .get) }
    func post(_ uri: String, _ body: String) async throws -> TestResponse {
        try await execute(uri: uri, method: .post, body: ByteBuffer(string: body))
    }
}
