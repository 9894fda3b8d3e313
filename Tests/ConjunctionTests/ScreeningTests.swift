import Conjunction
import Foundation
import SpaceData
import Testing

/// The bundled catalog (2023-10-09), read once for the suite.
enum BundledCatalog {
    static let objects: [ScreeningObject] = {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let path = root.appendingPathComponent("data/spacetrack_gp_full_catalog_2023-10-09.3le.gz").path
        return Screener.objects(from: ElementSetReader().read(files: [path]).records).objects
    }()
    static let byID = Dictionary(objects.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
    static let windowStart = try! Instant(utc: "2023-10-10T00:00:00Z")

    /// Objects of the brute-force check: both members of events found on 2023-10-10 (GEO pairs
    /// 32729/40333 and 26477/41194, 12 LEO–HEO pairs, about 60 pairs in the 700–900 km shell), the
    /// ISS and a docked vehicle (25544, 49044), filled with every 40th object of the 700–900 km shell
    /// and every 8th GEO object.
    static let bruteForceSample: [ScreeningObject] = {
        let eventIDs = [417, 4216, 4953, 5745, 5986, 11079, 11605, 12740, 13574, 13579, 13897, 14506, 15772, 16681, 16952,
                        18637, 20301, 21015, 21527, 21529, 21576, 21777, 23538, 25279, 25398, 25415, 25544, 25736, 25940,
                        25981, 25986, 26477, 27387, 28334, 28904, 29088, 29780, 29963, 29979, 29993, 30289, 30389, 30630,
                        30633, 30655, 30675, 30746, 30886, 30998, 31218, 31241, 31264, 31389, 31406, 31562, 31734, 31743,
                        32160, 32729, 33766, 33913, 33934, 34065, 34678, 34682, 34818, 35480, 35705, 36049, 36204, 36923,
                        37460, 37470, 37640, 37663, 37719, 38289, 38474, 38479, 38571, 38665, 38673, 38725, 38750, 39654,
                        39670, 39672, 40333, 40407, 40520, 40525, 40568, 40869, 41094, 41152, 41194, 41214, 41307, 41348,
                        41711, 41917, 42178, 42292, 42300, 42308, 42364, 42416, 42545, 42680, 42960, 42963, 42969, 43344,
                        44023, 44077, 45075, 46940, 47018, 48166, 48705, 48741, 49044, 49476, 49484, 52735, 54234, 54416,
                        54555, 54669, 54960, 54989, 55073, 55150, 56639, 56676, 56976, 57537, 82617, 87239, 87416, 87650,
                        270063, 270170]
        var ids = Set(eventIDs)
        let sorted = objects.sorted { $0.id < $1.id }
        let shell = sorted.filter { (700...900).contains($0.sgp4.perigeeAltitudeKm) && $0.sgp4.apogeeAltitudeKm < 900 }
        let geo = sorted.filter { abs($0.sgp4.periodMinutes - 1436) < 20 && $0.sgp4.elements.eccentricity < 0.01 }
        for k in stride(from: 0, to: shell.count, by: 40) { ids.insert(shell[k].id) }
        for k in stride(from: 0, to: geo.count, by: 8) { ids.insert(geo[k].id) }
        return ids.sorted().compactMap { byID[$0] }
    }()
}

@Suite("Screening")
struct ScreeningTests {
    @Test("Screener equals brute force (every pair every 30 s) on 380 catalog objects over 1 day: same events, TCA ≤ 10 ms, miss ≤ 1 m")
    func bruteForceAgreement() throws {
        let sample = BundledCatalog.bruteForceSample
        #expect(sample.count >= 200)
        let configuration = ScreeningConfiguration(start: BundledCatalog.windowStart, durationSeconds: 86_400)
        let fast = Screener(configuration: configuration).screen(sample)
        let slow = BruteForceScreening(configuration: configuration, stepSeconds: 30).screen(sample)
        #expect(fast.events.count >= 60)
        print("brute-force agreement: \(sample.count) objects, screener \(fast.events.count) events, brute force \(slow.events.count), co-located \(fast.coLocated.count)/\(slow.coLocated.count)")
        #expect(fast.events.count == slow.events.count)
        var unmatched = slow.events
        var worstTCA = 0.0, worstMiss = 0.0
        for e in fast.events {
            let k = unmatched.firstIndex { $0.id1 == e.id1 && $0.id2 == e.id2 && abs($0.tca.secondsSince(e.tca)) < 1 }
            #expect(k != nil, "screener event \(e.id1)-\(e.id2) at \(e.tca.iso8601UTC()) not found by brute force")
            guard let k else { continue }
            worstTCA = max(worstTCA, abs(unmatched[k].tca.secondsSince(e.tca)))
            worstMiss = max(worstMiss, abs(unmatched[k].missDistanceKm - e.missDistanceKm))
            #expect(abs(unmatched[k].tca.secondsSince(e.tca)) <= 0.010)
            #expect(abs(unmatched[k].missDistanceKm - e.missDistanceKm) <= 0.001)
            unmatched.remove(at: k)
        }
        print("worst ΔTCA \(worstTCA * 1000) ms, worst Δmiss \(worstMiss * 1000) m")
        #expect(unmatched.isEmpty, "brute-force events missed: \(unmatched.map { "\($0.id1)-\($0.id2) \($0.tca.iso8601UTC())" })")
        #expect(fast.coLocated.map { [$0.id1, $0.id2] } == slow.coLocated.map { [$0.id1, $0.id2] })
        #expect(fast.coLocated.contains { $0.id1 == 25544 && $0.id2 == 49044 })
        // GEO and HEO encounters are among them.
        #expect(fast.events.contains { Set([$0.id1, $0.id2]) == [32729, 40333] })
        #expect(fast.events.contains { Set([$0.id1, $0.id2]) == [26477, 41194] })
        #expect(fast.events.contains { Set([$0.id1, $0.id2]) == [11079, 29993] && $0.relativeSpeedKmPerS > 14 })
    }

    @Test("Event geometry: RTN miss has the miss's length, miss ⟂ relative velocity at TCA")
    func eventGeometry() throws {
        let ids = [11079, 29993]
        let objects = ids.compactMap { BundledCatalog.byID[$0] }
        let r = Screener(configuration: ScreeningConfiguration(start: BundledCatalog.windowStart, durationSeconds: 86_400))
            .screen(objects)
        let e = try #require(r.events.first { Set([$0.id1, $0.id2]) == Set(ids) })
        #expect(e.id1 == 11079)
        let dr = e.secondaryState.positionKm - e.primaryState.positionKm
        #expect(abs((dr * dr).sum().squareRoot() - e.missDistanceKm) < 1e-9)
        #expect(abs((e.missRTNKm * e.missRTNKm).sum().squareRoot() - e.missDistanceKm) < 1e-9)
        let dv = e.secondaryState.velocityKmPerS - e.primaryState.velocityKmPerS
        #expect(abs((dr * dv).sum()) / (e.missDistanceKm * e.relativeSpeedKmPerS) < 1e-4)
    }

    @Test("Primaries vs all: exactly the all-vs-all events that involve the primary, primary first")
    func primariesVersusAll() throws {
        let sample = BundledCatalog.bruteForceSample
        let start = BundledCatalog.windowStart
        let all = Screener(configuration: ScreeningConfiguration(start: start, durationSeconds: 86_400)).screen(sample)
        let primary = 41194
        let only = Screener(configuration: ScreeningConfiguration(start: start, durationSeconds: 86_400, primaries: [primary]))
            .screen(sample)
        let expected = all.events.filter { $0.id1 == primary || $0.id2 == primary }
        #expect(!expected.isEmpty)
        #expect(only.events.count == expected.count)
        #expect(only.events.allSatisfy { $0.id1 == primary })
        for (a, b) in zip(only.events, expected) {
            #expect(Set([a.id1, a.id2]) == Set([b.id1, b.id2]))
            #expect(abs(a.tca.secondsSince(b.tca)) < 1e-3)
        }
        #expect(only.statistics.apsisFilteredObjects > 0)
    }
}
