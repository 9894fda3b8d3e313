import Astrodynamics
import Foundation
@testable import OperationsCenter
import Testing

/// The operations clock: which time the center runs on.
@Suite("Operations clock")
struct ClockTests {
    @Test("auto follows an old catalog's median epoch, advancing in real time")
    func autoOldCatalog() async throws {
        let clock = OperationsClock(.auto)
        let median = try Instant(utc: "2023-10-09T11:37:39Z")
        #expect(clock.resolve(medianEpoch: median) == .catalog)
        let t1 = clock.now()
        let w1 = Date()
        #expect(abs(t1.secondsSince(try Instant(utc: "2023-10-09T11:38:00Z"))) < 5, "the median epoch to the minute")
        try await Task.sleep(for: .milliseconds(300))
        let dt = clock.now().secondsSince(t1)
        let wall = Date().timeIntervalSince(w1)
        #expect(dt >= 0.29 && abs(dt - wall) < 0.2, "advances in real time: \(dt) s on the clock, \(wall) s on the wall")
    }

    @Test("auto follows the wall clock when the catalog is current; now and fixed ignore the catalog")
    func autoCurrentCatalog() throws {
        let wall = Instant(date: Date())
        let auto = OperationsClock(.auto)
        #expect(auto.resolve(medianEpoch: wall.advanced(bySeconds: -3 * 86_400)) == .now)
        #expect(abs(auto.now().secondsSince(wall)) < 5)
        let now = OperationsClock(.now)
        #expect(now.resolve(medianEpoch: try Instant(utc: "2023-10-09T00:00:00Z")) == .now)
        let fixedStart = try Instant(utc: "2024-01-01T00:00:00Z")
        let fixed = OperationsClock(.fixed(fixedStart))
        #expect(fixed.resolve(medianEpoch: wall) == .fixed)
        #expect(abs(fixed.now().secondsSince(fixedStart)) < 5)
    }

    @Test("--epoch parsing: words, ISO times, and a clear error")
    func parsing() throws {
        #expect(try EpochSetting(parsing: "auto") == .auto)
        #expect(try EpochSetting(parsing: "CATALOG") == .catalog)
        #expect(try EpochSetting(parsing: "2023-10-09T12:00:00Z") == .fixed(try Instant(utc: "2023-10-09T12:00:00Z")))
        #expect(throws: ConfigurationError.self) { try EpochSetting(parsing: "tomorrow") }
    }
}
