import Foundation
import Sensors
import Testing
@testable import MissileWarning

/// Cost of the zone queries. The bounds are loose (debug builds, shared machine); the measured figures
/// (release and debug) are in docs/missile-zones.md.
@Suite("Warning zones: speed")
struct ZonesSpeedTests {
    static func microseconds(_ count: Int, _ body: () -> Void) -> Double {
        let clock = ContinuousClock()
        let t = clock.measure(body)
        return (Double(t.components.seconds) + Double(t.components.attoseconds) * 1e-18) * 1e6 / Double(count)
    }

    @Test("classifying a point against 2,203 land polygons and the EEZ: well under 50 µs")
    func classifySpeed() throws {
        let z = try ZonesFixtures.zones()
        var rng = Xoshiro256StarStar(seed: 3)
        // Random points over the zones' box (122–158 E, 17–46 N) and over Japan's main islands (130–146 E, 31–45 N).
        let wide = (0 ..< 20_000).map { _ in (ZonesFixtures.rad(17 + 29 * rng.nextUnit()), ZonesFixtures.rad(122 + 36 * rng.nextUnit())) }
        let near = (0 ..< 20_000).map { _ in (ZonesFixtures.rad(31 + 14 * rng.nextUnit()), ZonesFixtures.rad(130 + 16 * rng.nextUnit())) }
        var counts = [ZoneClass: Int]()
        let usWide = Self.microseconds(wide.count) { for (la, lo) in wide { counts[z.zone(latitudeRad: la, longitudeRad: lo), default: 0] += 1 } }
        let usNear = Self.microseconds(near.count) { for (la, lo) in near { counts[z.zone(latitudeRad: la, longitudeRad: lo), default: 0] += 1 } }
        let sample = Array(near.prefix(200))
        let usDistance = Self.microseconds(sample.count) {
            for (la, lo) in sample { _ = z.land.distanceToBoundary(latitudeRad: la, longitudeRad: lo) }
        }
        print("zones speed: zone() \(usWide) µs/point (wide box), \(usNear) µs/point (main islands); land distance \(usDistance) µs/point; \(counts)")
        #expect(counts[.land, default: 0] > 1000 && counts[.eez, default: 0] > 1000 && counts[.outside, default: 0] > 1000)
        #expect(usNear < 50 && usWide < 50)   // debug build; release is several times faster
    }
}
