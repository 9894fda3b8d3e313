import Testing
import Foundation
import Astrodynamics
import SpaceData
@testable import Sensors
import TestSupport

@Suite("Access windows: batched sampling")
struct AccessWindowsBatchTests {
    /// 267 objects of the bundled 2023-10-09 catalog (every 100th, plus three that SGP4 rejects part
    /// way through 2023-10-09 and two it rejects from the start), over the default network for 12 h.
    static func sampleReports() async throws -> (batch: AccessReport, scalar: AccessReport, sets: [ElementSet]) {
        let sets = try fixtureSets("catalog_sample_2023-10-09.3le")
        let net = try SensorNetwork(contentsOf: repositoryRoot.appendingPathComponent("data/sensors.json"))
        let start = try Instant(utc: "2023-10-09T00:00:00Z")
        let aw = AccessWindows(sensors: net.sensors, eop: .empty)
        // Off the cooperative pool: long synchronous work there starves I/O-bound suites (PostgreSQL).
        let (batch, scalar) = await offCooperativePool {
            var a = aw
            a.sampling = .batch
            let batch = a.compute(sets, start: start, durationSeconds: 43_200)
            a.sampling = .scalar
            return (batch, a.compute(sets, start: start, durationSeconds: 43_200))
        }
        return (batch, scalar, sets)
    }

    @Test("SGP4Batch sampling finds the passes of the scalar sampling on a catalog sample: same objects and sensors, rise/set/culmination within 1 ms, elevation within 1e-9 rad, range within 1 mm; the same failures")
    func batchMatchesScalar() async throws {
        let (batch, scalar, sets) = try await Self.sampleReports()
        #expect(batch.objectCount == sets.count)
        #expect(scalar.passes.count > 500, "the sample has many passes (\(scalar.passes.count))")
        #expect(batch.passes.count == scalar.passes.count)
        for (b, s) in zip(batch.passes, scalar.passes) {
            #expect(b.sensorID == s.sensorID && b.catalogNumber == s.catalogNumber, "\(b.catalogNumber) \(b.sensorID) vs \(s.catalogNumber) \(s.sensorID)")
            #expect(abs(b.rise.secondsSince(s.rise)) < 1e-3, "rise of \(s.catalogNumber) over \(s.sensorID)")
            #expect(abs(b.set.secondsSince(s.set)) < 1e-3, "set of \(s.catalogNumber) over \(s.sensorID)")
            #expect(abs(b.culmination.secondsSince(s.culmination)) < 1e-3, "culmination of \(s.catalogNumber) over \(s.sensorID)")
            #expect(abs(b.maximumElevationRad - s.maximumElevationRad) < 1e-9)
            #expect(abs(b.minimumRangeKm - s.minimumRangeKm) < 1e-6)
            #expect(b.beginsBeforeWindow == s.beginsBeforeWindow && b.endsAfterWindow == s.endsAfterWindow)
        }
        // Objects rejected at initialisation and the ones that fail during the window.
        #expect(batch.failures.map(\.catalogNumber) == scalar.failures.map(\.catalogNumber))
        #expect(batch.failures.map(\.error.code) == scalar.failures.map(\.error.code))
        for (b, s) in zip(batch.failures, scalar.failures) {
            #expect(abs(b.error.minutesSinceEpoch - s.error.minutesSinceEpoch) < 1e-9, "\(b.catalogNumber)")
        }
        // python-sgp4 rejects 46829 (after 6 min), 51082 (400 min) and 52518 (25 min) part way through
        // the window, 9674 and 10305 from its start.
        #expect(Set(batch.failures.map(\.catalogNumber)).isSuperset(of: [46829, 51082, 52518, 9674, 10305]))
        #expect(batch.passes.contains { $0.catalogNumber == 51082 }, "a pass before the failure is kept")
        // Deep-space objects (sampled every 300 s) are covered too.
        let deep = Set(sets.filter { 1440 / $0.meanMotionRevPerDay >= 225 }.map(\.noradCatalogNumber))
        #expect(scalar.passes.contains { deep.contains($0.catalogNumber) })
    }

    @Test("The batched sampling gives the same passes on 1 and 2 threads and with one-object blocks (block and chunk edges change nothing)")
    func threadsAndBlocks() async throws {
        let sets = Array(try fixtureSets("catalog_sample_2023-10-09.3le").prefix(60))
        let net = try SensorNetwork(contentsOf: repositoryRoot.appendingPathComponent("data/sensors.json"))
        let start = try Instant(utc: "2023-10-09T00:00:00Z")
        let aw = AccessWindows(sensors: net.sensors, eop: .empty)
        let (one, two, single) = await offCooperativePool {
            var a = aw
            a.threads = 1
            let one = a.compute(sets, start: start, durationSeconds: 21_600)
            a.threads = 2
            let two = a.compute(sets, start: start, durationSeconds: 21_600)
            // Object by object through separate batches.
            let single = sets.flatMap { a.compute([$0], start: start, durationSeconds: 21_600).passes }
                .sorted { ($0.rise, $0.sensorID, $0.catalogNumber) < ($1.rise, $1.sensorID, $1.catalogNumber) }
            return (one, two, single)
        }
        #expect(one.passes == two.passes)
        #expect(one.failures.map(\.catalogNumber) == two.failures.map(\.catalogNumber))
        #expect(single == one.passes)
    }
}
