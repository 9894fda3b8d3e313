import Foundation
import Astrodynamics

/// A problem in a sensor-network file: which file, which sensor, which field, and why.
public struct SensorFileError: Error, CustomStringConvertible, Sendable, Hashable {
    /// What kind of problem; compare with the static members.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        public let name: String
        public init(_ name: String) { self.name = name }
        public var description: String { name }
        /// The file cannot be read.
        public static let io = Code("io")
        /// The file is not JSON, or not a `kanshi-sensors` document.
        public static let badFormat = Code("badFormat")
        /// A required field is absent.
        public static let missingField = Code("missingField")
        /// A field has the wrong type or an impossible value.
        public static let badValue = Code("badValue")
        /// Two sensors share an id.
        public static let duplicateID = Code("duplicateID")
    }

    public var code: Code
    /// The file as given.
    public var file: String?
    /// The sensor's id (or `#index` when it has none).
    public var sensorID: String?
    /// The field path, e.g. `radar.peak_power_w`.
    public var field: String?
    public var message: String

    public init(_ code: Code, file: String?, sensorID: String? = nil, field: String? = nil, _ message: String) {
        self.code = code
        self.file = file
        self.sensorID = sensorID
        self.field = field
        self.message = message
    }

    public var description: String {
        var parts: [String] = []
        if let file { parts.append(file) }
        if let sensorID { parts.append("sensor \(sensorID)") }
        if let field { parts.append("field \(field)") }
        return (parts.isEmpty ? "" : parts.joined(separator: ": ") + ": ") + message
    }
}

/// The sensor network: every sensor of a `kanshi-sensors` file (format described in docs/sensors.md).
public struct SensorNetwork: Sendable, Hashable {
    /// The sensors, in file order.
    public var sensors: [Sensor]
    /// The file's format version.
    public var version: Int

    public init(sensors: [Sensor], version: Int = 2) {
        self.sensors = sensors
        self.version = version
    }

    /// The sensor with `id`, if any.
    public func sensor(id: String) -> Sensor? { sensors.first { $0.id == id } }

    /// Reads a `kanshi-sensors` JSON file.
    public init(contentsOf url: URL) throws {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw SensorFileError(.io, file: url.path, "cannot read: \(error.localizedDescription)")
        }
        try self.init(json: data, file: url.path)
    }

    /// Reads a `kanshi-sensors` JSON document (`file` names it in errors).
    public init(json data: Data, file: String? = nil) throws {
        let root: Any
        do { root = try JSONSerialization.jsonObject(with: data) } catch {
            throw SensorFileError(.badFormat, file: file, "not valid JSON: \(error.localizedDescription)")
        }
        guard let top = root as? [String: Any] else {
            throw SensorFileError(.badFormat, file: file, "the top level must be a JSON object")
        }
        guard (top["format"] as? String) == "kanshi-sensors" else {
            throw SensorFileError(.badFormat, file: file, field: "format", "must be \"kanshi-sensors\"")
        }
        let version = (top["version"] as? NSNumber)?.intValue ?? 1
        guard let list = top["sensors"] as? [Any] else {
            throw SensorFileError(.missingField, file: file, field: "sensors", "must be an array of sensors")
        }
        var sensors: [Sensor] = []
        var seen = Set<String>()
        for (i, item) in list.enumerated() {
            let sensor = try SensorRecord(item, index: i, file: file).sensor()
            guard seen.insert(sensor.id).inserted else {
                throw SensorFileError(.duplicateID, file: file, sensorID: sensor.id, field: "id", "appears more than once")
            }
            sensors.append(sensor)
        }
        self.init(sensors: sensors, version: version)
    }
}

/// Reads one sensor object with errors that name the field.
private struct SensorRecord {
    let object: [String: Any]
    let id: String
    let file: String?

    init(_ item: Any, index: Int, file: String?) throws {
        self.file = file
        guard let o = item as? [String: Any] else {
            throw SensorFileError(.badValue, file: file, sensorID: "#\(index)", "each sensor must be a JSON object")
        }
        object = o
        guard let id = o["id"] as? String, !id.isEmpty else {
            throw SensorFileError(.missingField, file: file, sensorID: "#\(index)", field: "id", "required, a non-empty string")
        }
        self.id = id
    }

    func error(_ code: SensorFileError.Code, _ field: String, _ why: String) -> SensorFileError {
        SensorFileError(code, file: file, sensorID: id, field: field, why)
    }

    func number(_ o: [String: Any], _ key: String, path: String, required: Bool = true,
                range: ClosedRange<Double>? = nil) throws -> Double? {
        let full = path.isEmpty ? key : path + "." + key
        guard let raw = o[key], !(raw is NSNull) else {
            if required { throw error(.missingField, full, "required number") }
            return nil
        }
        guard !(type(of: raw) is Bool.Type), let n = raw as? NSNumber, String(cString: n.objCType) != "c" else {
            throw error(.badValue, full, "must be a number, found \(raw)")
        }
        let v = n.doubleValue
        guard v.isFinite else { throw error(.badValue, full, "must be finite") }
        if let range, !range.contains(v) {
            throw error(.badValue, full, "\(v) is outside \(range.lowerBound)…\(range.upperBound)")
        }
        return v
    }

    func req(_ o: [String: Any], _ key: String, path: String = "", range: ClosedRange<Double>? = nil) throws -> Double {
        try number(o, key, path: path, required: true, range: range)!
    }

    func opt(_ o: [String: Any], _ key: String, path: String = "", range: ClosedRange<Double>? = nil) throws -> Double? {
        try number(o, key, path: path, required: false, range: range)
    }

    func section(_ key: String) throws -> [String: Any]? {
        guard let raw = object[key], !(raw is NSNull) else { return nil }
        guard let o = raw as? [String: Any] else { throw error(.badValue, key, "must be a JSON object") }
        return o
    }

    func sensor() throws -> Sensor {
        let deg = Double.pi / 180
        let name = (object["name"] as? String) ?? id
        let kindText = (object["kind"] as? String) ?? "phased-array-radar"
        // Version 1 files said "radar"; read it as a phased array.
        let kind = kindText == "radar" ? SensorKind.phasedArrayRadar : SensorKind(rawValue: kindText)
        guard kind.isRadar || kind == .optical else {
            throw error(.badValue, "kind", "'\(kindText)' is not phased-array-radar, dish-radar or optical")
        }
        let lat = try req(object, "lat_deg", range: -90...90)
        let lon = try req(object, "lon_deg", range: -180...360)
        let alt = try req(object, "alt_km", range: -1...10)
        let site = GroundSite(name: name, geodetic: Geodetic(latitudeDeg: lat, longitudeDeg: lon, altitudeKm: alt))

        var field = FieldOfRegard.hemisphere
        if let f = try section("field_of_regard") {
            let p = "field_of_regard"
            let elMin = try req(f, "el_min_deg", path: p, range: -5...90)
            let elMax = try opt(f, "el_max_deg", path: p, range: -5...90) ?? 90
            guard elMax > elMin else { throw error(.badValue, p + ".el_max_deg", "must exceed el_min_deg") }
            if let center = try opt(f, "boresight_az_deg", path: p, range: -360...360) {
                let half = try req(f, "az_half_width_deg", path: p, range: 0...180)
                field = FieldOfRegard(azimuthCenterRad: center * deg, azimuthHalfWidthRad: half * deg,
                                      minimumElevationRad: elMin * deg, maximumElevationRad: elMax * deg)
            } else if let azMin = try opt(f, "az_min_deg", path: p, range: -360...360) {
                let azMax = try req(f, "az_max_deg", path: p, range: -360...720)
                var width = azMax - azMin
                if width <= 0 { width += 360 }   // a sector through north, e.g. 300 → 60
                field = FieldOfRegard(azimuthCenterRad: (azMin + width / 2) * deg, azimuthHalfWidthRad: min(width / 2, 180) * deg,
                                      minimumElevationRad: elMin * deg, maximumElevationRad: elMax * deg)
            } else {
                field = FieldOfRegard(azimuthCenterRad: 0, azimuthHalfWidthRad: .pi,
                                      minimumElevationRad: elMin * deg, maximumElevationRad: elMax * deg)
            }
        }

        var rangeLimits = 0.0...100_000.0
        if let r = try section("range_km") {
            let lo = try opt(r, "min", path: "range_km", range: 0...1e6) ?? 0
            let hi = try req(r, "max", path: "range_km", range: 0...1e6)
            guard hi > lo else { throw error(.badValue, "range_km.max", "must exceed range_km.min") }
            rangeLimits = lo...hi
        }

        var radar: RadarParameters?
        if let r = try section("radar") {
            let p = "radar"
            let swerlingNumber = try opt(r, "swerling", path: p, range: 0...4) ?? 1
            guard let swerling = SwerlingCase(rawValue: Int(swerlingNumber)), Double(Int(swerlingNumber)) == swerlingNumber else {
                throw error(.badValue, p + ".swerling", "must be 0, 1, 2, 3 or 4")
            }
            var bandwidth = try opt(r, "bandwidth_hz", path: p, range: 1...1e11)
            if bandwidth == nil, let width = try opt(r, "pulse_width_s", path: p, range: 1e-9...1) { bandwidth = 1 / width }
            guard let bandwidth else { throw error(.missingField, p + ".bandwidth_hz", "give bandwidth_hz or pulse_width_s") }
            radar = RadarParameters(
                peakPowerW: try req(r, "peak_power_w", path: p, range: 1...1e9),
                antennaGainDB: try req(r, "gain_db", path: p, range: 0...80),
                wavelengthM: try req(r, "wavelength_m", path: p, range: 1e-3...10),
                bandwidthHz: bandwidth,
                pulsesIntegrated: try opt(r, "pulses_integrated", path: p, range: 1...1e6) ?? 1,
                systemLossesDB: try opt(r, "losses_db", path: p, range: 0...40) ?? 0,
                noiseTemperatureK: try req(r, "noise_temperature_k", path: p, range: 1...1e5),
                probabilityOfFalseAlarm: try opt(r, "pfa", path: p, range: 1e-15...0.5) ?? 1e-6,
                swerling: swerling,
                falseTrackletsPerHour: try opt(r, "false_tracklets_per_hour", path: p, range: 0...1e4) ?? 0)
        }

        var optical: OpticalParameters?
        if let o = try section("optical") {
            let p = "optical"
            let shadowText = (o["shadow"] as? String) ?? "cylindrical"
            guard let shadow = ShadowModel(rawValue: shadowText) else {
                throw error(.badValue, p + ".shadow", "'\(shadowText)' is not cylindrical or conical")
            }
            optical = OpticalParameters(
                apertureM: try req(o, "aperture_m", path: p, range: 0.01...20),
                limitingMagnitude: try req(o, "limiting_magnitude", path: p, range: 0...30),
                maximumSunElevationRad: (try opt(o, "max_sun_elevation_deg", path: p, range: -90...0) ?? -12) * deg,
                shadow: shadow,
                falseTrackletsPerHour: try opt(o, "false_tracklets_per_hour", path: p, range: 0...1e4) ?? 0)
        }
        var noise = MeasurementNoise()
        if let n = try section("noise") {
            noise = MeasurementNoise(rangeKm: (try opt(n, "range_m", path: "noise", range: 0...1e5) ?? 0) / 1000,
                                     angleRad: (try opt(n, "angle_deg", path: "noise", range: 0...10) ?? 0) * deg,
                                     rangeRateKmPerS: (try opt(n, "range_rate_m_s", path: "noise", range: 0...1e4) ?? 0) / 1000)
        }
        var bias = MeasurementBias.none
        if let b = try section("bias") {
            bias = MeasurementBias(rangeKm: (try opt(b, "range_m", path: "bias", range: -1e5...1e5) ?? 0) / 1000,
                                   azimuthRad: (try opt(b, "az_deg", path: "bias", range: -10...10) ?? 0) * deg,
                                   elevationRad: (try opt(b, "el_deg", path: "bias", range: -10...10) ?? 0) * deg,
                                   rangeRateKmPerS: (try opt(b, "range_rate_m_s", path: "bias", range: -1e4...1e4) ?? 0) / 1000)
        }
        var capacity = TrackingCapacity.unlimited
        if let c = try section("capacity") {
            let simultaneous = try opt(c, "simultaneous_tracks", path: "capacity", range: 1...1e6)
            let perHour = try opt(c, "tracks_per_hour", path: "capacity", range: 1...1e7)
            capacity = TrackingCapacity(simultaneousTracks: simultaneous.map { Int($0) } ?? .max,
                                        tracksPerHour: perHour.map { Int($0) } ?? .max)
        }
        let interval = try opt(object, "measurement_interval_s", range: 0.1...3600) ?? 10
        return Sensor(id: id, name: name, kind: kind, site: site, noise: noise, bias: bias,
                      fieldOfRegard: field, rangeLimitsKm: rangeLimits, radar: radar, optical: optical,
                      capacity: capacity, measurementIntervalSeconds: interval)
    }
}
