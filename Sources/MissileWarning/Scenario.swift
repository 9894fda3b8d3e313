import Foundation
import Astrodynamics

/// A missile scenario: one or more launches (a salvo), each from a preset or fully specified.
/// The JSON format is documented in docs/missile-flight.md; ``read(contentsOf:)`` and
/// ``decode(_:file:)`` name the file, field and value of anything wrong.
public struct MissileScenario: Sendable {
    /// One launch of the scenario.
    public struct Launch: Sendable {
        /// Identifier of the missile in outputs (unique in the scenario).
        public var id: String
        /// The preset it came from, if any.
        public var presetName: String?
        public var site: Geodetic
        public var launchTime: Instant
        public var azimuthRad: Double
        public var vehicle: Vehicle
        public var pitch: PitchProgram

        /// Flies this launch.
        public func fly(_ flight: BallisticFlight) throws -> Trajectory {
            try flight.fly(vehicle: vehicle, pitch: pitch, site: site, azimuthRad: azimuthRad, launchTime: launchTime)
        }
    }

    /// The scenario's name.
    public var name: String
    /// RK4 step of the flights, s.
    public var stepS: Double
    /// The launches.
    public var launches: [Launch]

    public init(name: String, stepS: Double = 0.5, launches: [Launch]) {
        self.name = name
        self.stepS = stepS
        self.launches = launches
    }

    /// The one-launch scenario of a preset.
    public init(preset: MissilePreset) {
        self.init(name: preset.name, launches: [Launch(id: preset.name, presetName: preset.name, site: preset.site,
                                                       launchTime: preset.launchTime, azimuthRad: preset.azimuthRad,
                                                       vehicle: preset.flownVehicle, pitch: preset.pitch)])
    }

    /// Reads a scenario file.
    public static func read(contentsOf path: String) throws -> MissileScenario {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw MissileWarningError(.io, "cannot read the scenario file", file: path)
        }
        return try decode(data, file: path)
    }

    /// Decodes a scenario from JSON text; `file` names it in errors.
    public static func decode(_ data: Data, file: String? = nil) throws -> MissileScenario {
        let root: Any
        do { root = try JSONSerialization.jsonObject(with: data) } catch {
            throw MissileWarningError(.badJSON, "not valid JSON (\(error.localizedDescription))", file: file)
        }
        let r = Fields(file: file)
        let top = try r.object(root, "(top level)")
        let name = try r.optionalString(top, "name", "name") ?? (file.map { ($0 as NSString).lastPathComponent } ?? "scenario")
        let step = try r.optionalNumber(top, "step_s", "step_s") ?? 0.5
        guard step > 0, step <= 10 else { throw MissileWarningError(.badField, "expected a step in (0, 10] s", file: file, field: "step_s", value: "\(step)") }
        guard let list = top["missiles"] else { throw MissileWarningError(.missingField, "missing", file: file, field: "missiles") }
        guard let missiles = list as? [Any], !missiles.isEmpty else {
            throw MissileWarningError(.badField, "expected a non-empty array of missiles", file: file, field: "missiles", value: "\(list)")
        }
        var launches: [Launch] = []
        for (i, m) in missiles.enumerated() {
            let path = "missiles[\(i)]"
            let o = try r.object(m, path)
            let id = try r.optionalString(o, "id", "\(path).id") ?? "M\(i + 1)"
            guard !launches.contains(where: { $0.id == id }) else {
                throw MissileWarningError(.badField, "duplicate missile id", file: file, field: "\(path).id", value: id)
            }
            var launch: Launch
            if let presetName = try r.optionalString(o, "preset", "\(path).preset") {
                let preset: MissilePreset
                do { preset = try MissilePreset.named(presetName) } catch var e as MissileWarningError {
                    e.file = file; e.field = "\(path).preset"; throw e
                }
                launch = MissileScenario(preset: preset).launches[0]
                launch.id = id
                if let t = try r.optionalString(o, "launch_time_utc", "\(path).launch_time_utc") {
                    launch.launchTime = try r.instant(t, "\(path).launch_time_utc")
                }
            } else {
                let l = try r.object(try r.required(o, "launch", path), "\(path).launch")
                let lat = try r.number(l, "lat_deg", "\(path).launch")
                let lon = try r.number(l, "lon_deg", "\(path).launch")
                let alt = try r.optionalNumber(l, "alt_km", "\(path).launch.alt_km") ?? 0
                guard (-90...90).contains(lat) else { throw MissileWarningError(.badField, "expected a latitude in [-90, 90]", file: file, field: "\(path).launch.lat_deg", value: "\(lat)") }
                guard (-180...360).contains(lon) else { throw MissileWarningError(.badField, "expected a longitude in [-180, 360]", file: file, field: "\(path).launch.lon_deg", value: "\(lon)") }
                guard (-0.5...10).contains(alt) else { throw MissileWarningError(.badField, "expected a pad altitude in [-0.5, 10] km", file: file, field: "\(path).launch.alt_km", value: "\(alt)") }
                let time = try r.instant(try r.string(l, "time_utc", "\(path).launch"), "\(path).launch.time_utc")
                let az = try r.number(l, "azimuth_deg", "\(path).launch")
                let v = try r.object(try r.required(o, "vehicle", path), "\(path).vehicle")
                guard let stageList = v["stages"] as? [Any], !stageList.isEmpty else {
                    throw MissileWarningError(v["stages"] == nil ? .missingField : .badField, "expected a non-empty array of stages",
                                              file: file, field: "\(path).vehicle.stages", value: v["stages"].map { "\($0)" })
                }
                var stages: [Stage] = []
                for (j, s) in stageList.enumerated() {
                    let sp = "\(path).vehicle.stages[\(j)]"
                    let so = try r.object(s, sp)
                    let thrust = try r.number(so, "thrust_n", sp)
                    let burn = try r.number(so, "burn_time_s", sp)
                    let dry = try r.number(so, "dry_mass_kg", sp)
                    if let flow = try r.optionalNumber(so, "mass_flow_kg_s", "\(sp).mass_flow_kg_s") {
                        stages.append(Stage(thrustN: thrust, massFlowKgPerS: flow, burnTimeS: burn, dryMassKg: dry))
                    } else if let isp = try r.optionalNumber(so, "isp_s", "\(sp).isp_s") {
                        guard isp > 0 else { throw MissileWarningError(.badField, "expected a positive specific impulse", file: file, field: "\(sp).isp_s", value: "\(isp)") }
                        stages.append(Stage(thrustN: thrust, ispS: isp, burnTimeS: burn, dryMassKg: dry))
                    } else {
                        throw MissileWarningError(.missingField, "missing: give mass_flow_kg_s or isp_s", file: file, field: "\(sp).mass_flow_kg_s")
                    }
                }
                let payload = try r.number(v, "payload_mass_kg", "\(path).vehicle")
                let dragArea = try r.optionalNumber(v, "boost_drag_area_m2", "\(path).vehicle.boost_drag_area_m2") ?? 0
                let reentry = try r.object(try r.required(o, "reentry", path), "\(path).reentry")
                let beta = try r.number(reentry, "beta_kg_m2", "\(path).reentry")
                let vehicle = Vehicle(stages: stages, payloadMassKg: payload, boostDragAreaM2: dragArea, reentryBetaKgPerM2: beta)
                do { try vehicle.validate(file: file, field: "\(path).vehicle") } catch var e as MissileWarningError {
                    if e.field == "\(path).vehicle.reentry_beta_kg_m2" { e.field = "\(path).reentry.beta_kg_m2" }
                    throw e
                }
                let p = try r.object(try r.required(o, "pitch", path), "\(path).pitch")
                var pitch: PitchProgram
                if let loftName = try r.optionalString(p, "loft", "\(path).pitch.loft") {
                    guard let loft = PitchProgram.Loft(rawValue: loftName) else {
                        throw MissileWarningError(.badField, "expected lofted, standard or depressed", file: file, field: "\(path).pitch.loft", value: loftName)
                    }
                    pitch = PitchProgram(loft: loft)
                } else {
                    pitch = PitchProgram(kickAngleRad: try r.number(p, "kick_deg", "\(path).pitch") * .pi / 180)
                }
                if let k = try r.optionalNumber(p, "kick_deg", "\(path).pitch.kick_deg") { pitch.kickAngleRad = k * .pi / 180 }
                if let x = try r.optionalNumber(p, "vertical_rise_s", "\(path).pitch.vertical_rise_s") { pitch.verticalRiseS = x }
                if let x = try r.optionalNumber(p, "kick_duration_s", "\(path).pitch.kick_duration_s") { pitch.kickDurationS = x }
                try pitch.validate(file: file, field: "\(path).pitch")
                launch = Launch(id: id, presetName: nil, site: Geodetic(latitudeDeg: lat, longitudeDeg: lon, altitudeKm: alt),
                                launchTime: time, azimuthRad: az * .pi / 180, vehicle: vehicle, pitch: pitch)
            }
            if let delay = try r.optionalNumber(o, "launch_delay_s", "\(path).launch_delay_s") {
                guard abs(delay) <= 86_400 else { throw MissileWarningError(.badField, "expected a delay within a day", file: file, field: "\(path).launch_delay_s", value: "\(delay)") }
                launch.launchTime = launch.launchTime.advanced(bySeconds: delay)
            }
            launches.append(launch)
        }
        return MissileScenario(name: name, stepS: step, launches: launches)
    }

    /// Field access with errors that name file, field and value.
    private struct Fields {
        let file: String?
        func object(_ any: Any, _ path: String) throws -> [String: Any] {
            guard let o = any as? [String: Any] else { throw MissileWarningError(.badField, "expected an object", file: file, field: path, value: "\(any)") }
            return o
        }
        func required(_ o: [String: Any], _ key: String, _ parent: String) throws -> Any {
            guard let v = o[key], !(v is NSNull) else { throw MissileWarningError(.missingField, "missing", file: file, field: "\(parent).\(key)") }
            return v
        }
        func number(_ o: [String: Any], _ key: String, _ parent: String) throws -> Double {
            let v = try required(o, key, parent)
            return try asNumber(v, "\(parent).\(key)")
        }
        func optionalNumber(_ o: [String: Any], _ key: String, _ path: String) throws -> Double? {
            guard let v = o[key], !(v is NSNull) else { return nil }
            return try asNumber(v, path)
        }
        func asNumber(_ v: Any, _ path: String) throws -> Double {
            guard !(type(of: v) == Bool.self), let n = v as? NSNumber, !(v is String), n.doubleValue.isFinite else {
                throw MissileWarningError(.badField, "expected a number", file: file, field: path, value: "\(v)")
            }
            return n.doubleValue
        }
        func string(_ o: [String: Any], _ key: String, _ parent: String) throws -> String {
            let v = try required(o, key, parent)
            guard let s = v as? String else { throw MissileWarningError(.badField, "expected a string", file: file, field: "\(parent).\(key)", value: "\(v)") }
            return s
        }
        func optionalString(_ o: [String: Any], _ key: String, _ path: String) throws -> String? {
            guard let v = o[key], !(v is NSNull) else { return nil }
            guard let s = v as? String else { throw MissileWarningError(.badField, "expected a string", file: file, field: path, value: "\(v)") }
            return s
        }
        func instant(_ text: String, _ path: String) throws -> Instant {
            do { return try Instant(utc: text) } catch {
                throw MissileWarningError(.badField, "expected an ISO-8601 UTC time", file: file, field: path, value: text)
            }
        }
    }
}
