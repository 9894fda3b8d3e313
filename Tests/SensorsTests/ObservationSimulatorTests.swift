import Testing
import Foundation
import Astrodynamics
import SpaceData
@testable import Sensors

@Suite("Observation simulator and tasking")
struct ObservationSimulatorTests {
    static let start = try! Instant(utc: "2023-10-09T00:00:00Z")

    func simulate(_ options: SimulationOptions, sensors: [Sensor] = [kamisaibaraMask10()]) throws -> SimulationResult {
        let sim = ObservationSimulator(sensors: sensors, eop: .empty, options: options)
        return sim.simulate(truth: try fixtureSets("iss_2023-10-09.3le"), start: Self.start, durationSeconds: 86_400)
    }

    @Test("Without noise, bias or detection losses the measurements are the measurement model's, one tracklet per pass")
    func exact() throws {
        var o = SimulationOptions()
        o.addNoise = false; o.addBias = false; o.applyDetection = false; o.addFalseAlarms = false
        let r = try simulate(o)
        #expect(r.tracklets.count == 4)
        let sgp4 = try SGP4(try fixtureSets("iss_2023-10-09.3le")[0].meanElements)
        let model = MeasurementModel(eop: .empty)
        for t in r.tracklets {
            #expect(r.labels[t.id] == .some(25544))
            #expect(t.reportedObject == nil)
            #expect(t.id.hasPrefix("TEST-KAMISAIBARA-20231009-"))
            for m in t.measurements {
                let s = try sgp4.state(at: m.epoch)
                let p = model.predict(positionKm: s.positionKm, velocityKmPerS: s.velocityKmPerS, epoch: m.epoch,
                                      sensor: kamisaibaraMask10(), rotations: model.rotations(at: m.epoch))
                #expect(abs(m.rangeKm! - p.rangeKm!) < 1e-9)
                #expect(m.elevationRad! >= 10 * .pi / 180 - 1e-9)
                #expect(abs(m.epoch.secondsSince(Self.start).remainder(dividingBy: 10)) < 1e-6)
            }
        }
    }

    @Test("Noise has the sensor's σ (range 20 m: sample σ within 15 %) and bias shifts the mean; same seed repeats, another differs")
    func noiseAndSeed() throws {
        var o = SimulationOptions()
        o.applyDetection = false; o.addFalseAlarms = false
        var sensor = kamisaibaraMask10()
        sensor.bias = MeasurementBias(rangeKm: 0.1)
        sensor.measurementIntervalSeconds = 1
        let noisy = try simulate(o, sensors: [sensor])
        o.addNoise = false; o.addBias = false
        let clean = try simulate(o, sensors: [sensor])
        let a = noisy.tracklets.flatMap(\.measurements), b = clean.tracklets.flatMap(\.measurements)
        #expect(a.count == b.count && a.count > 500)
        let d = zip(a, b).map { $0.rangeKm! - $1.rangeKm! }
        let mean = d.reduce(0, +) / Double(d.count)
        let sd = (d.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(d.count - 1)).squareRoot()
        #expect(abs(mean - 0.1) < 0.005)
        #expect(abs(sd / 0.02 - 1) < 0.15)
        o = SimulationOptions(); o.applyDetection = false; o.addFalseAlarms = false
        let again = try simulate(o, sensors: [sensor])
        let again2 = try simulate(o, sensors: [sensor])
        #expect(again.tracklets == again2.tracklets)
        o.seed = 99
        #expect(try simulate(o, sensors: [sensor]).tracklets != again.tracklets)
    }

    @Test("Detection depends on RCS and range: a 1e-4 m² object is never seen by the Kamisaibara radar, 100 m² always")
    func detection() throws {
        let net = try SensorNetwork(contentsOf: repositoryRoot.appendingPathComponent("data/sensors.json"))
        var sensor = net.sensor(id: "JP-FPS5-SADO")!
        sensor.radar!.falseTrackletsPerHour = 0
        var o = SimulationOptions()
        o.rcs.overrides = [25544: 1e-4]
        #expect(try simulate(o, sensors: [sensor]).tracklets.isEmpty)
        o.rcs.overrides = [25544: 100]
        let seen = try simulate(o, sensors: [sensor])
        #expect(!seen.tracklets.isEmpty)
        #expect(seen.undetectedPasses == 0)
        let sim = ObservationSimulator(sensors: [sensor], eop: .empty)
        #expect(sim.probabilityOfDetection(sensor: sensor, rcsSquareMeters: 1, rangeKm: 1000)
                > sim.probabilityOfDetection(sensor: sensor, rcsSquareMeters: 1, rangeKm: 4000))
    }

    @Test("False alarms: labelled nil, inside the field of regard, count near the Poisson mean (24 h × 5 /h = 120, ±40)")
    func falseAlarms() throws {
        var sensor = kamisaibaraMask10()
        sensor.radar = RadarParameters(peakPowerW: 1e6, antennaGainDB: 45, wavelengthM: 0.23, bandwidthHz: 1e5, systemLossesDB: 5,
                                       noiseTemperatureK: 500, falseTrackletsPerHour: 5)
        let r = try simulate(SimulationOptions(), sensors: [sensor])
        let fakes = r.tracklets.filter { r.labels[$0.id] == .some(nil) }
        #expect(fakes.count == r.falseTracklets)
        #expect(abs(fakes.count - 120) < 40)
        for t in fakes { #expect(t.measurements.allSatisfy { $0.elevationRad! > 9 * .pi / 180 }) }
        #expect(Set(r.tracklets.map(\.id)).count == r.tracklets.count)
    }

    @Test("Tasking with capacity 1 never overlaps two tracks; stale objects come first; coverage counts by regime")
    func tasking() throws {
        let iss = try fixtureSets("iss_2023-10-09.3le")[0]
        var other = iss
        other.noradCatalogNumber = 99_001
        other.meanAnomalyDeg += 3      // same track, ~80 s later: overlapping passes
        var stale = other
        stale.noradCatalogNumber = 99_002
        stale.meanAnomalyDeg += 1.5
        stale.epoch = stale.epoch.advanced(bySeconds: -10 * 86_400)
        var sensor = kamisaibaraMask10()
        sensor.capacity = TrackingCapacity(simultaneousTracks: 1, tracksPerHour: 100)
        let catalog = [iss, other, stale]
        let passes = AccessWindows(sensors: [sensor], eop: .empty).compute(catalog, start: Self.start, durationSeconds: 86_400).passes
        let plan = TaskingPlan(catalog: catalog, passes: passes, sensors: [sensor], start: Self.start)
        #expect(plan.tiers[99_002] == .stale)
        #expect(plan.rejected > 0)
        for (i, a) in plan.segments.enumerated() {
            for b in plan.segments[(i + 1)...] {
                let overlapSeconds = min(a.set, b.set).secondsSince(max(a.rise, b.rise))
                #expect(overlapSeconds < 60, "\(a.catalogNumber) and \(b.catalogNumber) overlap")
            }
        }
        #expect(plan.segments.contains { $0.catalogNumber == 99_002 })
        let coverage = CoverageReport(catalog: catalog, plan: plan)
        let leo = coverage.rows.first { $0.regime == .leo }!
        #expect(leo.objects == 3)
        #expect(coverage.total.withAtLeastOne >= 1)
        let sim = ObservationSimulator(sensors: [sensor], eop: .empty)
        let r = sim.simulate(truth: catalog, start: Self.start, durationSeconds: 86_400, plan: plan)
        #expect(r.tracklets.allSatisfy { t in plan.segments.contains { $0.rise <= t.start! && t.end! <= $0.set } || r.labels[t.id] == .some(nil) })
    }
}
