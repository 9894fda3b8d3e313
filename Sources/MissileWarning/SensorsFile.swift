import Foundation
import Astrodynamics
import SpaceData

extension MissileSensorNetwork {
    /// The built-in default network (the same as data/missile-sensors.json):
    ///
    /// - IR: one geostationary sensor over 130°E (0.1 Hz, 30 µrad, Pd 0.95) and four LEO sensors on
    ///   1100 km, 63.4° circular orbits in four planes (1 Hz, 40 µrad, Pd 0.9, range limit 6000 km).
    ///   Illustrative, not the real SBIRS/STSS orbits.
    /// - Radars: the JASDF J/FPS-5 sites Shimo-Koshiki, Sado, Yozadake and Ominato, and the US AN/TPY-2
    ///   sites Shariki and Kyogamisaki (fixed faces: ±60° about 270° and 300°, pointed at North Korea). Coordinates are public approximate positions (to ~0.05°, from the
    ///   sites' Wikipedia/Google-Maps locations), not survey data; reference and maximum ranges are
    ///   assumptions of this model (docs/missile-sensors.md).
    public static let `default`: MissileSensorNetwork = {
        let epoch = (try? Instant(utc: "2017-01-01T00:00:00Z")) ?? Instant(taiSecondsSince2000: 0)
        var ir = [IRSensor(id: "GEO-130E", orbit: .geostationary(longitudeDeg: 130), framePeriodS: 10, sigmaRad: 30e-6, pd: 0.95,
                           maxRangeKm: 45_000, falseAlarmsPerFrame: 0.05)]
        for k in 0..<4 {
            ir.append(IRSensor(id: "LEO-\(k + 1)", orbit: .circular(altitudeKm: 1100, inclinationDeg: 63.4, nodeLongitudeDeg: Double(k) * 90,
                                                                    argumentOfLatitudeDeg: Double(k) * 90, epoch: epoch),
                               framePeriodS: 1, sigmaRad: 40e-6, pd: 0.9, maxRangeKm: 6000, falseAlarmsPerFrame: 0.01))
        }
        func fps5(_ id: String, _ lat: Double, _ lon: Double, _ alt: Double) -> RadarSensor {
            RadarSensor(id: id, site: Geodetic(latitudeDeg: lat, longitudeDeg: lon, altitudeKm: alt), referenceRangeKm: 1500, maxRangeKm: 3000,
                        revisitS: 5, sigmaRangeKm: 0.1, sigmaAngleDeg: 0.1, sigmaRangeRateKmPerS: 0.01)
        }
        func tpy2(_ id: String, _ lat: Double, _ lon: Double, _ alt: Double, _ boresightDeg: Double) -> RadarSensor {
            RadarSensor(id: id, site: Geodetic(latitudeDeg: lat, longitudeDeg: lon, altitudeKm: alt), referenceRangeKm: 1000, maxRangeKm: 2000,
                        revisitS: 1, sigmaRangeKm: 0.02, sigmaAngleDeg: 0.03, sigmaRangeRateKmPerS: 0.005, sector: (boresightDeg, 60))
        }
        return MissileSensorNetwork(ir: ir, radars: [
            fps5("FPS5-ShimoKoshiki", 31.67, 129.73, 0.5), fps5("FPS5-Sado", 38.08, 138.40, 1.0),
            fps5("FPS5-Yozadake", 26.14, 127.71, 0.2), fps5("FPS5-Ominato", 41.28, 141.14, 0.8),
            tpy2("TPY2-Shariki", 40.90, 140.33, 0.1, 270), tpy2("TPY2-Kyogamisaki", 35.76, 135.21, 0.1, 300),
        ])
    }()

    /// Reads a sensors file (format `kanshi-missile-sensors/1`, docs/missile-sensors.md).
    public static func read(contentsOf path: String) throws -> MissileSensorNetwork {
        guard let data = FileManager.default.contents(atPath: path) else { throw MissileWarningError(.io, "cannot read the sensors file", file: path) }
        return try decode(data, file: path)
    }

    /// Decodes a sensors file; errors name the file, the field path and the value.
    public static func decode(_ data: Data, file: String? = nil) throws -> MissileSensorNetwork {
        func fail(_ code: MissileWarningError.Code, _ msg: String, _ field: String, _ value: Any? = nil) -> MissileWarningError {
            MissileWarningError(code, msg, file: file, field: field, value: value.map { "\($0)" })
        }
        let root: Any
        do { root = try JSONSerialization.jsonObject(with: data) } catch { throw MissileWarningError(.badJSON, "not valid JSON", file: file) }
        guard let o = root as? [String: Any] else { throw fail(.badField, "expected an object", "$") }
        func num(_ o: [String: Any], _ k: String, _ path: String, default d: Double? = nil, min: Double = -.infinity, max: Double = .infinity, open: Bool = false) throws -> Double {
            guard let v = o[k], !(v is NSNull) else {
                if let d { return d }
                throw fail(.missingField, "missing", "\(path)\(k)")
            }
            guard !(type(of: v) == Bool.self), let x = (v as? NSNumber)?.doubleValue, x.isFinite, open ? x > min : x >= min, x <= max else {
                throw fail(.badField, "expected a number \(open ? ">" : ">=") \(min)" + (max.isFinite ? " and <= \(max)" : ""), "\(path)\(k)", v)
            }
            return x
        }
        func str(_ o: [String: Any], _ k: String, _ path: String) throws -> String {
            guard let v = o[k] else { throw fail(.missingField, "missing", "\(path)\(k)") }
            guard let s = v as? String, !s.isEmpty else { throw fail(.badField, "expected a non-empty string", "\(path)\(k)", v) }
            return s
        }
        if let f = o["format"], f as? String != "kanshi-missile-sensors/1" { throw fail(.badField, "expected \"kanshi-missile-sensors/1\"", "format", f) }
        var ids = Set<String>()
        var ir: [IRSensor] = []
        for (i, any) in ((o["ir"] as? [Any]) ?? []).enumerated() {
            let p = "ir[\(i)]."
            guard let s = any as? [String: Any] else { throw fail(.badField, "expected an object", "ir[\(i)]", any) }
            let id = try str(s, "id", p)
            guard ids.insert(id).inserted else { throw fail(.badField, "duplicate sensor id", "\(p)id", id) }
            let orbit: IROrbit
            if s["geo_longitude_deg"] != nil {
                orbit = .geostationary(longitudeDeg: try num(s, "geo_longitude_deg", p, min: -180, max: 360))
            } else if let c = s["circular"] as? [String: Any] {
                let cp = "\(p)circular."
                let epochText = try str(c, "epoch", cp)
                guard let epoch = try? Instant(utc: epochText) else { throw fail(.badField, "expected a UTC ISO-8601 time", "\(cp)epoch", epochText) }
                orbit = .circular(altitudeKm: try num(c, "altitude_km", cp, min: 100, max: 100_000), inclinationDeg: try num(c, "inclination_deg", cp, min: 0, max: 180),
                                  nodeLongitudeDeg: try num(c, "node_longitude_deg", cp), argumentOfLatitudeDeg: try num(c, "argument_of_latitude_deg", cp), epoch: epoch)
            } else if let t = s["tle"] {
                guard let lines = t as? [String], lines.count == 2 else { throw fail(.badField, "expected [line 1, line 2]", "\(p)tle", t) }
                let report = TLEReader().read(lines[0] + "\n" + lines[1] + "\n")
                guard let set = report.records.first, (try? SGP4(set.meanElements)) != nil else {
                    throw fail(.badField, "not a usable two-line element set" + (report.errors.first.map { " (\($0))" } ?? ""), "\(p)tle", lines[0])
                }
                orbit = .tle(line1: lines[0], line2: lines[1])
            } else {
                throw fail(.missingField, "give geo_longitude_deg, circular or tle", "\(p)geo_longitude_deg")
            }
            ir.append(IRSensor(id: id, orbit: orbit, framePeriodS: try num(s, "frame_period_s", p, min: 0, open: true),
                               sigmaRad: try num(s, "sigma_urad", p, min: 0) / 1e6, pd: try num(s, "pd", p, default: 0.9, min: 0, max: 1),
                               maxRangeKm: try num(s, "max_range_km", p, default: 50_000, min: 0, open: true),
                               falseAlarmsPerFrame: try num(s, "false_alarms_per_frame", p, default: 0, min: 0, max: 100)))
        }
        var radars: [RadarSensor] = []
        for (i, any) in ((o["radars"] as? [Any]) ?? []).enumerated() {
            let p = "radars[\(i)]."
            guard let s = any as? [String: Any] else { throw fail(.badField, "expected an object", "radars[\(i)]", any) }
            let id = try str(s, "id", p)
            guard ids.insert(id).inserted else { throw fail(.badField, "duplicate sensor id", "\(p)id", id) }
            let site = Geodetic(latitudeDeg: try num(s, "latitude_deg", p, min: -90, max: 90), longitudeDeg: try num(s, "longitude_deg", p, min: -180, max: 360),
                                altitudeKm: try num(s, "altitude_km", p, default: 0, min: -1, max: 10))
            radars.append(RadarSensor(id: id, site: site, referenceRangeKm: try num(s, "reference_range_km", p, min: 0, open: true),
                                      maxRangeKm: try num(s, "max_range_km", p, min: 0, open: true),
                                      minElevationDeg: try num(s, "min_elevation_deg", p, default: 0.5, min: -5, max: 90),
                                      revisitS: try num(s, "revisit_s", p, min: 0, open: true), pfa: try num(s, "pfa", p, default: 1e-6, min: 0, max: 0.5, open: true),
                                      sigmaRangeKm: try num(s, "sigma_range_km", p, min: 0), sigmaAngleDeg: try num(s, "sigma_angle_deg", p, min: 0),
                                      sigmaRangeRateKmPerS: try num(s, "sigma_range_rate_km_s", p, default: 0.01, min: 0),
                                      sector: s["boresight_azimuth_deg"] == nil ? nil
                                          : (try num(s, "boresight_azimuth_deg", p, min: 0, max: 360), try num(s, "half_sector_deg", p, min: 0, max: 180, open: true))))
        }
        if ir.isEmpty && radars.isEmpty { throw fail(.missingField, "no sensors: give ir and/or radars", "ir") }
        return MissileSensorNetwork(ir: ir, radars: radars, cloudTopKm: try num(o, "cloud_top_km", "", default: 10, min: 0, max: 100),
                                    targetRCSM2: try num(o, "target_rcs_m2", "", default: 1, min: 0, open: true))
    }
}
