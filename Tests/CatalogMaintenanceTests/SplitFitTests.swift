import Foundation
import Testing
import Astrodynamics
import SpaceData
import Sensors
@testable import CatalogMaintenance

/// Two objects of one orbit a few km apart (a launch pair, a formation, a docking), whose
/// tracklets all went to one object: ``CatalogMaintenanceRun/splitFit(_:members:tracklets:dc:cache:)``
/// must give the object back its own tracklets and split off the other's, and the loop must not
/// then create the split-off object as a duplicate of a known one. Truth: a real LEO set
/// (Fixtures/maintenance) and a companion 0.05° (about 6 km) behind it with a 0.005 % slower mean
/// motion, so it falls back to about 40 km over the day and never crosses it (at a crossing
/// their tracklets are the same); 20 m / 0.02° radars (the test simulator of Support.swift).
@Suite("Splitting another object's tracklets off a fit")
struct SplitFitTests {
    struct Scene {
        let object: ElementSet
        let companion: ElementSet
        let tracklets: [Tracklet]
        let ofCompanion: Set<Int>
    }

    static func scene() throws -> Scene {
        let sets = try Fixture.leo30()
        let object = try #require(sets.first { $0.meanMotionRevPerDay > 14.5 && $0.meanMotionRevPerDay < 15.3 })
        var companion = object
        companion.noradCatalogNumber = 99_001
        companion.meanAnomalyDeg = (companion.meanAnomalyDeg - 0.05 + 360).truncatingRemainder(dividingBy: 360)
        companion.meanMotionRevPerDay *= 1 - 5e-5
        let start = try Instant(utc: "2023-10-09T15:00:00Z")
        let truths = try TestRadarSimulator(sensors: Fixture.radars).simulate([object, companion], start: start,
                                                                               durationS: 86_400, seed: 11)
        return Scene(object: object, companion: companion, tracklets: truths.map(\.tracklet),
                     ofCompanion: Set(truths.indices.filter { truths[$0].object == companion.noradCatalogNumber }))
    }

    @Test("The mixed fit is split into the object's tracklets and the companion's")
    func splitsTheCompanionOff() throws {
        let s = try Self.scene()
        #expect(s.ofCompanion.count >= 3 && s.tracklets.count - s.ofCompanion.count >= 3)
        let run = CatalogMaintenanceRun(catalog: [s.object], network: Fixture.radars, model: Fixture.model)
        let cache = RotationCache(model: Fixture.model)
        let dc = SGP4DifferentialCorrection()
        let all = Array(s.tracklets.indices)
        let mixed = try dc.fit(prior: s.object.meanElements,
                               observations: ObservationSet(tracklets: s.tracklets, network: Fixture.network, model: Fixture.model,
                                                            rotationCache: cache, maximumPerTracklet: 20))
        #expect(mixed.weightedRMS > run.options.splitRMS, "the mixed fit must look mixed: weighted RMS \(mixed.weightedRMS)")
        let parts = try run.splitFit(s.object.meanElements, members: all, tracklets: s.tracklets, dc: dc, cache: cache)
        // The seed is the tracklet nearest the object's own prior, so the object keeps its own tracklets.
        #expect(Set(parts.excluded) == s.ofCompanion, "excluded \(parts.excluded.count), companion's \(s.ofCompanion.count)")
        #expect(parts.fit.weightedRMS <= run.options.splitRMS)
        let epochKm = try positionDifferenceKm(parts.fit.elements, s.object.meanElements, at: parts.fit.elements.epoch)
        #expect(epochKm < 0.2, "kept part vs the object's truth at epoch: \(epochKm) km")
    }

    @Test("In the loop: the object is updated from its own tracklets and the companion becomes a new object")
    func loopSplitsAndCreatesTheCompanion() throws {
        let s = try Self.scene()
        let run = CatalogMaintenanceRun(catalog: [s.object], network: Fixture.radars, model: Fixture.model)
        let report = run.run(s.tracklets)
        let update = try #require(report.objects.first { $0.catalogNumber == s.object.noradCatalogNumber })
        let companionIDs = Set(s.ofCompanion.map { s.tracklets[$0].id })
        #expect(Set(update.tracklets).isDisjoint(with: companionIDs), "the object kept none of the companion's tracklets")
        let set = try #require(update.elementSet)
        let later = set.epoch.advanced(bySeconds: 86_400)
        #expect(try positionDifferenceKm(set.meanElements, s.object.meanElements, at: later) < 1.0)
        #expect(report.newObjects.count == 1)
        if let new = report.newObjects.first {
            #expect(Set(new.tracklets).isSubset(of: companionIDs))
            let d = try positionDifferenceKm(new.elementSet.meanElements, s.companion.meanElements, at: new.elementSet.epoch)
            #expect(d < 1.0, "the new object is the companion: \(d) km at epoch")
        }
    }
}
