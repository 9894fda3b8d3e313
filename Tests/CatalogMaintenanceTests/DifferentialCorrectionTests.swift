import Foundation
import Testing
import Astrodynamics
import SpaceData
import Sensors
@testable import CatalogMaintenance

@Suite("SGP4 differential correction")
struct DifferentialCorrectionTests {
    /// Truth: a real LEO element set (Fixtures/maintenance, Space-Track 2023-10-09). Prior: the same
    /// orbit perturbed (~30 km after two days). One day of radar tracklets (20 m, 0.02°).
    @Test("A day of radar tracks recovers the truth orbit within 200 m at epoch and 1 km at +24 h")
    func recoversTruth() throws {
        let truthSets = try Fixture.leo30()
        let start = try Instant(utc: "2023-10-09T15:00:00Z")
        let truth = truthSets[3]
        let sim = TestRadarSimulator(sensors: Fixture.radars)
        let tracks = try sim.simulate([truth], start: start, durationS: 86_400, seed: 7)
        #expect(tracks.count >= 3)
        let prior = perturbed(truth, relativeMeanMotion: 2e-5, meanAnomalyDeg: 0.02, raanDeg: 0.01, bstarScale: 1.3)
        let obs = try ObservationSet(tracklets: tracks.map(\.tracklet), network: Fixture.network, model: Fixture.model)
        let fit = try SGP4DifferentialCorrection().fit(prior: prior.meanElements, observations: obs)
        let atEpochKm = try positionDifferenceKm(fit.elements, truth.meanElements, at: fit.elements.epoch)
        let later = fit.elements.epoch.advanced(bySeconds: 86_400)
        let fittedKm = try positionDifferenceKm(fit.elements, truth.meanElements, at: later)
        let priorKm = try positionDifferenceKm(prior.meanElements, truth.meanElements, at: later)
        print("DC: \(tracks.count) tracklets, rms \(fit.weightedRMS), iterations \(fit.iterations), \(fit.dragNote), epoch \(atEpochKm) km, +24h \(fittedKm) km vs prior \(priorKm) km")
        #expect(fit.converged)
        #expect(fit.weightedRMS < 1.5)
        #expect(atEpochKm < 0.2)
        #expect(fittedKm < 1.0)
        #expect(priorKm > 10 * fittedKm)
    }

    @Test("Gross outliers are edited out and the fit still recovers the orbit")
    func editsOutliers() throws {
        let truth = try Fixture.leo30()[7]
        let start = try Instant(utc: "2023-10-09T15:00:00Z")
        var tracks = try TestRadarSimulator(sensors: Fixture.radars).simulate([truth], start: start, durationS: 86_400, seed: 11)
            .map(\.tracklet)
        // Corrupt one measurement in every second tracklet by 5 km in range.
        for i in stride(from: 0, to: tracks.count, by: 2) { tracks[i].measurements[2].rangeKm! += 5 }
        let prior = perturbed(truth, relativeMeanMotion: 1e-5, meanAnomalyDeg: 0.01, raanDeg: 0, bstarScale: 1)
        let obs = try ObservationSet(tracklets: tracks, network: Fixture.network, model: Fixture.model)
        let fit = try SGP4DifferentialCorrection().fit(prior: prior.meanElements, observations: obs)
        let corrupted = (tracks.count + 1) / 2
        #expect(fit.measurementsRejected >= corrupted)
        #expect(fit.measurementsRejected <= corrupted + 3)
        #expect(try positionDifferenceKm(fit.elements, truth.meanElements, at: fit.elements.epoch) < 0.2)
    }

    @Test("A single short tracklet holds B* and says why")
    func holdsDragOnShortArc() throws {
        let truth = try Fixture.leo30()[0]
        let start = try Instant(utc: "2023-10-09T15:00:00Z")
        let tracks = try TestRadarSimulator(sensors: Fixture.radars).simulate([truth], start: start, durationS: 86_400, seed: 3)
        let first = try #require(tracks.first).tracklet
        let obs = try ObservationSet(tracklets: [first], network: Fixture.network, model: Fixture.model)
        let fit = try SGP4DifferentialCorrection().fit(prior: truth.meanElements, observations: obs)
        #expect(!fit.solvedDrag)
        #expect(fit.dragNote.contains("held"))
        #expect(fit.elements.bstarPerEarthRadius == truth.meanElements.bstarPerEarthRadius)
    }

    @Test("A tracklet from a sensor outside the network is a clear error")
    func unknownSensor() throws {
        let t = Tracklet(id: "X", sensorID: "NOPE", measurements: [Sensors.Measurement(epoch: Instant(taiSecondsSince2000: 0), rangeKm: 1000)])
        #expect(throws: MaintenanceError.self) { try ObservationSet(tracklets: [t], network: Fixture.network, model: Fixture.model) }
    }
}
