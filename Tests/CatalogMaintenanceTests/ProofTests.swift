import Foundation
import Testing
import Astrodynamics
import SpaceData
import Sensors
@testable import CatalogMaintenance

/// The proof in miniature (the full experiment is Benchmarks/catalog_maintenance): 30 real LEO
/// element sets (Space-Track, 2023-10-09; Fixtures/maintenance/SOURCES.md) are the truth; the
/// catalog holds perturbed ("aged") copies of 25 of them and lacks 5; one day of five radars of
/// the default network (20 m, 0.02°) plus false alarms is simulated from truth; one run of the loop.
@Suite("Catalog maintenance proof (small)", .serialized)
struct ProofTests {
    struct Outcome {
        let truth: [Int: ElementSet]
        let catalog: [Int: ElementSet]
        let removed: Set<Int>
        let report: MaintenanceReport
        let trackCount: [Int: Int]
        let falseAlarms: Set<String>
    }

    static let outcome: Result<Outcome, Error> = Result {
        let truthSets = try Fixture.leo30()
        let start = try Instant(utc: "2023-10-09T15:00:00Z")
        let truths = try TestRadarSimulator(sensors: Fixture.radars).simulate(truthSets, start: start, durationS: 86_400, seed: 2026)
        let removed = Set(truthSets.enumerated().filter { $0.offset % 6 == 5 }.map(\.element.noradCatalogNumber))
        var rng = SeededNormal(seed: 99)
        let catalog = truthSets.filter { !removed.contains($0.noradCatalogNumber) }.map {
            perturbed($0, relativeMeanMotion: 2e-5 * rng.next(), meanAnomalyDeg: 0.03 * rng.next(),
                      raanDeg: 0.01 * rng.next(), bstarScale: 1 + 0.3 * rng.next())
        }
        // False alarms: 12 tracklets of 6 unrelated random detections over one minute.
        var falseAlarms: [Tracklet] = []
        for k in 0..<12 {
            let sensor = Fixture.radars[k % Fixture.radars.count]
            let t0 = start.advanced(bySeconds: 3000 + 7000 * Double(k))
            let ms = (0..<6).map { j in
                Sensors.Measurement(epoch: t0.advanced(bySeconds: 10 * Double(j)), rangeKm: 600 + 2000 * rng.uniform(),
                                    azimuthRad: 2 * .pi * rng.uniform(), elevationRad: (10 + 70 * rng.uniform()) * .pi / 180,
                                    rangeRateKmPerS: 6 * (rng.uniform() - 0.5))
            }
            falseAlarms.append(Tracklet(id: "FA-\(k)", sensorID: sensor.id, measurements: ms))
        }
        let tracklets = truths.map(\.tracklet) + falseAlarms
        var count: [Int: Int] = [:]
        for t in truths { count[t.object, default: 0] += 1 }
        let run = CatalogMaintenanceRun(catalog: catalog, network: Fixture.radars, model: Fixture.model)
        let report = run.run(tracklets)
        return Outcome(truth: Dictionary(uniqueKeysWithValues: truthSets.map { ($0.noradCatalogNumber, $0) }),
                       catalog: Dictionary(uniqueKeysWithValues: catalog.map { ($0.noradCatalogNumber, $0) }),
                       removed: removed, report: report, trackCount: count, falseAlarms: Set(falseAlarms.map(\.id)))
    }

    @Test("Objects with ≥3 tracks: within 200 m at epoch, within 1 km at +24 h, far better than the old catalog")
    func accuracy() throws {
        let o = try Self.outcome.get()
        var updated: [Double] = [], old: [Double] = []
        for u in o.report.objects where (o.trackCount[u.catalogNumber] ?? 0) >= 3 && !o.removed.contains(u.catalogNumber) {
            let set = try #require(u.elementSet, "object \(u.catalogNumber): \(u.error ?? "")")
            let truth = o.truth[u.catalogNumber]!.meanElements
            let epochKm = try positionDifferenceKm(set.meanElements, truth, at: set.epoch)
            let later = set.epoch.advanced(bySeconds: 86_400)
            let newKm = try positionDifferenceKm(set.meanElements, truth, at: later)
            let oldKm = try positionDifferenceKm(o.catalog[u.catalogNumber]!.meanElements, truth, at: later)
            #expect(epochKm < 0.2, "object \(u.catalogNumber) at epoch: \(epochKm) km")
            #expect(newKm < 1.0, "object \(u.catalogNumber) at +24 h: \(newKm) km (rms \(u.weightedRMS), \(u.dragNote))")
            #expect(set.elementSetNumber == o.catalog[u.catalogNumber]!.elementSetNumber % 9999 + 1)
            updated.append(newKm); old.append(oldKm)
        }
        #expect(updated.count >= 20)
        let med = { (x: [Double]) in x.sorted()[x.count / 2] }
        print("proof: \(updated.count) objects, median +24 h error \(med(updated)) km updated vs \(med(old)) km old catalog")
        #expect(med(old) > 10 * med(updated))
    }

    @Test("Removed objects come back as 80000-series objects with the right orbit, no duplicates, no false alarms promoted")
    func newObjects() throws {
        let o = try Self.outcome.get()
        var matched = Set<Int>()
        for n in o.report.newObjects {
            #expect(n.catalogNumber >= 80_000 && n.catalogNumber < 90_000)
            #expect(n.tracklets.allSatisfy { !o.falseAlarms.contains($0) }, "false alarm promoted in \(n.catalogNumber)")
            let set = n.elementSet
            let best = try o.truth.values.map { (t: ElementSet) in
                (t.noradCatalogNumber, try positionDifferenceKm(set.meanElements, t.meanElements, at: set.epoch))
            }.min { $0.1 < $1.1 }!
            #expect(o.removed.contains(best.0), "new object \(n.catalogNumber) duplicates known object \(best.0)")
            #expect(best.1 < 1.0, "new object \(n.catalogNumber) is \(best.1) km from \(best.0)")
            #expect(!matched.contains(best.0), "object \(best.0) created twice")
            matched.insert(best.0)
        }
        let recoverable = o.removed.filter { (o.trackCount[$0] ?? 0) >= 3 }
        print("proof: removed \(o.removed.sorted()), recoverable \(recoverable.count), recovered \(matched.count); rejected \(o.report.rejected.count), timings \(o.report.timingsSeconds)")
        #expect(matched.count == recoverable.count)
        let promotedFalse = o.report.newObjects.flatMap(\.tracklets).filter { o.falseAlarms.contains($0) }
        #expect(promotedFalse.isEmpty)
        #expect(o.falseAlarms.allSatisfy { fa in o.report.rejected.contains { $0.tracklet == fa } })
    }
}
