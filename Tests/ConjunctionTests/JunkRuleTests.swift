import Conjunction
import Foundation
import SpaceData
import Testing

@Suite("Screening junk rule and co-location")
struct JunkRuleTests {
    let start = BundledCatalog.windowStart
    var iss: ScreeningObject { BundledCatalog.byID[25544]! }

    /// A copy of `base` with changed elements and identifier.
    func variant(of base: ScreeningObject, id: Int, _ change: (inout MeanElements) -> Void) throws -> ScreeningObject {
        var e = base.sgp4.elements
        change(&e)
        return ScreeningObject(id: id, name: "variant", sgp4: try SGP4(e))
    }

    @Test("A decaying set (160 km, heavy drag) is excluded as SGP4-refused; the other object screens")
    func decayed() throws {
        let decaying = try variant(of: iss, id: 900_001) {
            $0.meanMotionRadPerMin = 16.45 * 2 * .pi / 1440   // about 160 km altitude
            $0.eccentricity = 0.0005
            $0.bstarPerEarthRadius = 0.05
        }
        let r = Screener(configuration: ScreeningConfiguration(start: start, durationSeconds: 7 * 86_400)).screen([iss, decaying])
        #expect(r.excluded.count == 1)
        let x = try #require(r.excluded.first)
        #expect(x.id == 900_001)
        guard case .sgp4Refused = x.reason else { Issue.record("reason \(x.reason)"); return }
        #expect(r.statistics.screenedObjects == 1)
    }

    @Test("A set 45 days older than the window start is excluded as too old (limit 30 days)")
    func tooOld() throws {
        let old = try variant(of: iss, id: 900_002) { $0.epoch = start.advanced(bySeconds: -45 * 86_400) }
        let r = Screener(configuration: ScreeningConfiguration(start: start, durationSeconds: 86_400)).screen([iss, old])
        let x = try #require(r.excluded.first)
        #expect(x.id == 900_002)
        guard case .tooOld(let days) = x.reason else { Issue.record("reason \(x.reason)"); return }
        #expect(abs(days - 45) < 1e-6)
    }

    @Test("A set faster than the speed limit is excluded (limit lowered to 9 km/s for a ~10 km/s HEO perigee)")
    func absurdSpeed() throws {
        // No set of the 2023-10-09 catalog exceeds 12 km/s in this window (Benchmarks/README.md), so the
        // rule is exercised with a lowered limit on a real Molniya-type object.
        let heo = try #require(BundledCatalog.objects.first {
            $0.sgp4.perigeeAltitudeKm < 1000 && $0.sgp4.apogeeAltitudeKm > 35_000 && $0.sgp4.epoch.secondsSince(start) > -10 * 86_400
        })
        let r = Screener(configuration: ScreeningConfiguration(start: start, durationSeconds: 86_400, maximumSpeedKmPerS: 9))
            .screen([iss, heo])
        let x = try #require(r.excluded.first)
        #expect(x.id == heo.id)
        guard case .absurdSpeed(let v) = x.reason else { Issue.record("reason \(x.reason)"); return }
        #expect(v > 9 && v < 12)
    }

    @Test("Two identical element sets: one co-located report, no events")
    func identicalSets() throws {
        let twin = ScreeningObject(id: 900_003, name: "twin", sgp4: iss.sgp4)
        let r = Screener(configuration: ScreeningConfiguration(start: start, durationSeconds: 86_400)).screen([iss, twin])
        #expect(r.events.isEmpty)
        #expect(r.coLocated.count == 1)
        #expect(r.coLocated.first?.identicalElements == true)
        #expect(r.coLocated.first?.maximumRangeKm == 0)
    }

    @Test("Docked at the ISS (catalog sets of 25544 and 49044): co-located once, no events")
    func docked() throws {
        let docked = try #require(BundledCatalog.byID[49044])
        let r = Screener(configuration: ScreeningConfiguration(start: start, durationSeconds: 2 * 86_400)).screen([iss, docked])
        #expect(r.events.isEmpty)
        #expect(r.coLocated.count == 1)
        #expect(r.coLocated.first?.identicalElements == false)
    }

    @Test("Duplicate identifiers are excluded, not screened twice")
    func duplicateIdentifier() throws {
        let r = Screener(configuration: ScreeningConfiguration(start: start, durationSeconds: 3_600)).screen([iss, iss])
        #expect(r.excluded.map(\.id) == [25544])
        #expect(r.excluded.first?.reason == .duplicateIdentifier)
    }
}
