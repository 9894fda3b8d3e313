import Foundation
import SpaceData
import Testing
@testable import Conjunction

/// Docked vehicles must be reported once, not as one event per orbit (issue 3). Over 7 days the ISS
/// (25544) and ISS (NAUKA) (49044), whose sets are fitted separately, drift more than 5 km apart after
/// 2–3 days and then meet once per orbit at m/s speeds: 69 events in a plain screen.
@Suite("Co-orbital pairs are reported once")
struct CoOrbitalTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test("ISS × its docked module over 7 days: one co-located report (slow repeated approaches), no events")
    func dockedStationOverAWeek() throws {
        let report = ElementSetReader().read(files: [Self.root.appendingPathComponent("data/spacetrack_gp_full_catalog_2023-10-09.3le.gz").path])
        let sets = report.records.filter { [25544, 49044].contains($0.noradCatalogNumber) }
        let (objects, _) = Screener.objects(from: sets)
        let start = try Instant(utc: "2023-10-10T00:00:00Z")
        var config = ScreeningConfiguration(start: start, durationSeconds: 7 * 86_400, threads: 1)
        let result = Screener(configuration: config).screen(objects)
        #expect(result.events.isEmpty, "\(result.events.count) events")
        let pair = try #require(result.coLocated.first)
        #expect(pair.id1 == 25544 && pair.id2 == 49044)
        if pair.basis == .coOrbital {
            #expect(pair.collapsedEvents >= 3)
            #expect((pair.closestApproachKm ?? 99) < 5)
        }
        // With the collapse switched off, the same window gives the stream of slow approaches.
        config.coOrbitalMinimumEvents = .max
        let plain = Screener(configuration: config).screen(objects)
        #expect(plain.events.count >= 3 || plain.coLocated.first?.basis == .withinThresholdThroughout)
        #expect(plain.events.allSatisfy { $0.relativeSpeedKmPerS < 0.1 })
    }
}
