import Testing
import Foundation
import Astrodynamics
@testable import Sensors

/// The repository root (this file is Tests/SensorsTests/…).
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
let sensorFixtures = repositoryRoot.appendingPathComponent("Tests/Fixtures/sensors")

@Suite("Sensor network file")
struct SensorNetworkTests {
    @Test("data/sensors.json loads: Japanese sites and partner radars, each with its model parameters")
    func defaultNetwork() throws {
        let net = try SensorNetwork(contentsOf: repositoryRoot.appendingPathComponent("data/sensors.json"))
        #expect(net.version == 2)
        #expect(net.sensors.count == 11)
        for id in ["JP-SANYO-ONODA-DSR", "JP-KAMISAIBARA", "JP-BISEI", "JP-FPS5-SHIMOKOSHIKI", "JP-FPS5-SADO",
                   "JP-FPS5-YOZADAKE", "JP-FPS5-OKINOERABU", "US-COBRA-DANE", "US-SPACE-FENCE", "US-TPY2-SHARIKI"] {
            #expect(net.sensor(id: id) != nil, "\(id)")
        }
        for s in net.sensors {
            if s.kind.isRadar {
                #expect(s.radar != nil, "\(s.id) has radar parameters")
                #expect(s.noise.rangeKm > 0 && s.noise.angleRad > 0, "\(s.id) noise")
            } else {
                #expect(s.kind == .optical && s.optical != nil, "\(s.id)")
            }
            #expect(s.capacity.simultaneousTracks >= 1)
        }
        let bisei = try #require(net.sensor(id: "JP-BISEI"))
        #expect(abs(bisei.optical!.maximumSunElevationRad - (-12 * .pi / 180)) < 1e-12)
        let cobra = try #require(net.sensor(id: "US-COBRA-DANE"))
        #expect(cobra.fieldOfRegard.contains(azimuthRad: 319 * .pi / 180, elevationRad: 0.1))
        #expect(!cobra.fieldOfRegard.contains(azimuthRad: 100 * .pi / 180, elevationRad: 0.1))
        #expect(abs(cobra.site.geodetic.latitudeRad - 52.74 * .pi / 180) < 1e-12)
        #expect(net.sensor(id: "NOPE") == nil)
    }

    @Test("Radar detection ranges match the file's stated design points (SNR 13 dB)")
    func designPoints() throws {
        let net = try SensorNetwork(contentsOf: repositoryRoot.appendingPathComponent("data/sensors.json"))
        let snr13 = pow(10, 1.3)
        // Kamisaibara: 0.1 m² at about 650 km; FPS-5: 1 m² at about 3,000 km; Sanyo-Onoda: 1 m² near GEO range.
        let k = RadarEquationSkolnik2001.range(net.sensor(id: "JP-KAMISAIBARA")!.radar!, rcsSquareMeters: 0.1, snr: snr13)
        #expect(k > 550 && k < 800)
        let f = RadarEquationSkolnik2001.range(net.sensor(id: "JP-FPS5-SADO")!.radar!, rcsSquareMeters: 1, snr: snr13)
        #expect(f > 2500 && f < 3600)
        let d = RadarEquationSkolnik2001.range(net.sensor(id: "JP-SANYO-ONODA-DSR")!.radar!, rcsSquareMeters: 1, snr: snr13)
        #expect(d > 36_000 && d < 50_000)
    }

    static func load(_ json: String) -> SensorFileError? {
        do { _ = try SensorNetwork(json: Data(json.utf8), file: "net.json"); return nil } catch let e as SensorFileError { return e } catch { return nil }
    }

    @Test("Errors name the file, the sensor, the field and why")
    func errors() throws {
        let head = #"{"format":"kanshi-sensors","version":2,"sensors":["#
        let missing = try #require(Self.load(head + #"{"id":"A","lat_deg":1,"lon_deg":2}]}"#))
        #expect(missing.code == .missingField && missing.sensorID == "A" && missing.field == "alt_km")
        #expect(missing.description.contains("net.json") && missing.description.contains("alt_km"))
        let bad = try #require(Self.load(head + #"{"id":"B","lat_deg":1,"lon_deg":2,"alt_km":0,"radar":{"peak_power_w":"big","gain_db":40,"wavelength_m":0.2,"bandwidth_hz":1e6,"noise_temperature_k":500}}]}"#))
        #expect(bad.code == .badValue && bad.field == "radar.peak_power_w")
        let range = try #require(Self.load(head + #"{"id":"C","lat_deg":100,"lon_deg":2,"alt_km":0}]}"#))
        #expect(range.code == .badValue && range.field == "lat_deg")
        let dup = try #require(Self.load(head + #"{"id":"D","lat_deg":1,"lon_deg":2,"alt_km":0},{"id":"D","lat_deg":1,"lon_deg":2,"alt_km":0}]}"#))
        #expect(dup.code == .duplicateID)
        let kind = try #require(Self.load(head + #"{"id":"E","kind":"sonar","lat_deg":1,"lon_deg":2,"alt_km":0}]}"#))
        #expect(kind.field == "kind")
        #expect(try #require(Self.load("{nope")).code == .badFormat)
        #expect(try #require(Self.load(#"{"format":"other"}"#)).field == "format")
        #expect(try #require(Self.load(head + #"{"id":"F","lat_deg":true,"lon_deg":2,"alt_km":0}]}"#)).field == "lat_deg")
        do {
            _ = try SensorNetwork(contentsOf: URL(fileURLWithPath: "/nonexistent/sensors.json"))
            Issue.record("expected an error")
        } catch let e as SensorFileError { #expect(e.code == .io && e.description.contains("/nonexistent/sensors.json")) }
    }

    @Test("Field of regard: azimuth sector through north (300°→60°) and elevation limits")
    func fieldOfRegard() throws {
        let head = #"{"format":"kanshi-sensors","version":2,"sensors":[{"id":"A","lat_deg":1,"lon_deg":2,"alt_km":0,"#
        let net = try SensorNetwork(json: Data((head + #""field_of_regard":{"az_min_deg":300,"az_max_deg":60,"el_min_deg":5,"el_max_deg":80}}]}"#).utf8))
        let f = net.sensors[0].fieldOfRegard
        let deg = Double.pi / 180
        #expect(f.contains(azimuthRad: 0, elevationRad: 10 * deg))
        #expect(f.contains(azimuthRad: 310 * deg, elevationRad: 10 * deg))
        #expect(f.contains(azimuthRad: 59 * deg, elevationRad: 10 * deg))
        #expect(!f.contains(azimuthRad: 180 * deg, elevationRad: 10 * deg))
        #expect(!f.contains(azimuthRad: 0, elevationRad: 4 * deg))
        #expect(!f.contains(azimuthRad: 0, elevationRad: 85 * deg))
    }
}
