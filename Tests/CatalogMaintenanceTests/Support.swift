import Foundation
import Testing
import Astrodynamics
import SpaceData
import Sensors
@testable import CatalogMaintenance

/// Test inputs.
enum Fixture {
    static let testsDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()

    static func path(_ name: String) -> String {
        testsDirectory.appendingPathComponent("Fixtures/maintenance").appendingPathComponent(name).path
    }

    /// 30 real LEO element sets of 2023-10-09 (see Fixtures/maintenance/SOURCES.md).
    static func leo30() throws -> [ElementSet] {
        let report = ElementSetReader().read(files: [path("leo30_2023-10-09.3le")])
        #expect(report.errors.isEmpty)
        return report.records
    }

    static let model = MeasurementModel(eop: .empty)

    /// Five radars of the default network (positions from data/sensors.json), 20 m range,
    /// 0.02° angle and 5 m/s range-rate noise, no bias.
    static let radars: [Sensor] = [
        ("JP-KAMISAIBARA", 35.31, 133.94, 0.55), ("JP-FPS5-SADO", 38.08, 138.4, 0.9),
        ("US-COBRA-DANE", 52.74, 174.09, 0.07), ("US-SPACE-FENCE", 8.72, 167.73, 0.01),
        ("US-TPY2-SHARIKI", 40.89, 140.34, 0.03),
    ].map { id, lat, lon, alt in
        Sensor(id: id, name: id, kind: .phasedArrayRadar,
               site: GroundSite(name: id, geodetic: Geodetic(latitudeDeg: lat, longitudeDeg: lon, altitudeKm: alt)),
               noise: MeasurementNoise(rangeKm: 0.020, angleRad: 0.02 * .pi / 180, rangeRateKmPerS: 0.005))
    }

    static var network: [String: Sensor] { Dictionary(uniqueKeysWithValues: radars.map { ($0.id, $0) }) }
}

/// A deterministic normal generator (SplitMix64 + Box–Muller) so tests are reproducible.
struct SeededNormal {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func uniform() -> Double {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        z ^= z >> 31
        return (Double(z >> 11) + 0.5) / Double(1 << 53)
    }
    mutating func next() -> Double {
        (-2 * log(uniform())).squareRoot() * cos(2 * .pi * uniform())
    }
}

/// A small radar simulator for the tests (independent of the Sensors module's simulator): every
/// pass above 10° elevation and within 3,000 km gives one tracklet of the pass's middle two
/// minutes, one measurement every 10 s, with Gaussian noise at each sensor's σ.
struct TestRadarSimulator {
    var sensors: [Sensor]
    var model = Fixture.model
    var minimumElevationRad = 10 * Double.pi / 180
    var maximumRangeKm = 3000.0

    struct Truth { let tracklet: Tracklet; let object: Int }

    func simulate(_ sets: [ElementSet], start: Instant, durationS: Double, seed: UInt64) throws -> [Truth] {
        var rng = SeededNormal(seed: seed)
        let cache = RotationCache(model: model)
        var out: [Truth] = []
        for set in sets {
            let sgp4 = try SGP4(set.meanElements)
            for sensor in sensors {
                var visible: [Double] = []
                var t = 0.0
                while t <= durationS {
                    let at = start.advanced(bySeconds: t)
                    let st = try sgp4.state(at: at)
                    let topo = model.topocentric(positionKm: st.positionKm, velocityKmPerS: st.velocityKmPerS,
                                                 from: sensor.site, rotations: cache.rotations(at: at))
                    if topo.elevationRad >= minimumElevationRad && topo.rangeKm <= maximumRangeKm { visible.append(t) }
                    t += 10
                }
                // Group into passes (gaps > 60 s).
                var passes: [[Double]] = []
                for v in visible {
                    if let last = passes.last?.last, v - last <= 60 { passes[passes.count - 1].append(v) } else { passes.append([v]) }
                }
                for (pi, pass) in passes.enumerated() where pass.count >= 4 {
                    let mid = pass.count / 2
                    let lo = max(0, mid - 6), hi = min(pass.count - 1, mid + 6)
                    var ms: [Sensors.Measurement] = []
                    for k in lo...hi {
                        let at = start.advanced(bySeconds: pass[k])
                        let st = try sgp4.state(at: at)
                        let p = model.predict(positionKm: st.positionKm, velocityKmPerS: st.velocityKmPerS, epoch: at,
                                              sensor: sensor, rotations: cache.rotations(at: at))
                        let n = sensor.noise
                        var az = p.azimuthRad! + n.angleRad * rng.next()
                        az = az < 0 ? az + 2 * .pi : (az >= 2 * .pi ? az - 2 * .pi : az)
                        ms.append(Sensors.Measurement(epoch: at, rangeKm: p.rangeKm! + n.rangeKm * rng.next(), azimuthRad: az,
                                                      elevationRad: p.elevationRad! + n.angleRad * rng.next(),
                                                      rangeRateKmPerS: p.rangeRateKmPerS! + n.rangeRateKmPerS * rng.next()))
                    }
                    let id = "\(sensor.id)-\(set.noradCatalogNumber)-\(pi)"
                    out.append(Truth(tracklet: Tracklet(id: id, sensorID: sensor.id, measurements: ms), object: set.noradCatalogNumber))
                }
            }
        }
        return out.sorted { ($0.tracklet.start!, $0.tracklet.id) < ($1.tracklet.start!, $1.tracklet.id) }
    }
}

/// Position difference of two element sets' SGP4 states at `instant`, km.
func positionDifferenceKm(_ a: MeanElements, _ b: MeanElements, at instant: Instant) throws -> Double {
    let ra = try SGP4(a).state(at: instant).positionKm
    let rb = try SGP4(b).state(at: instant).positionKm
    let d = ra - rb
    return (d * d).sum().squareRoot()
}

/// The set with its orbit perturbed as an aged catalog entry would be: mean motion off by
/// `relativeMeanMotion`, mean anomaly by `meanAnomalyDeg`, node by `raanDeg`, B* scaled.
func perturbed(_ s: ElementSet, relativeMeanMotion: Double, meanAnomalyDeg: Double, raanDeg: Double, bstarScale: Double) -> ElementSet {
    var p = s
    p.meanMotionRevPerDay *= 1 + relativeMeanMotion
    p.meanAnomalyDeg = (p.meanAnomalyDeg + meanAnomalyDeg).truncatingRemainder(dividingBy: 360)
    if p.meanAnomalyDeg < 0 { p.meanAnomalyDeg += 360 }
    p.raanDeg = (p.raanDeg + raanDeg + 360).truncatingRemainder(dividingBy: 360)
    p.bstar *= bstarScale
    return p
}
