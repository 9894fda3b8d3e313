import Foundation
import Astrodynamics

/// One sensor detection (a plot): when, by which sensor from where, and what was measured with its
/// 1σ noise. IR measures a line-of-sight unit vector in the Earth-fixed frame (ITRF/ECEF); a radar
/// measures range, azimuth and elevation from its site (and range rate). The format on disk is
/// ``DetectionsFile`` (docs/missile-sensors.md).
public struct Detection: Sendable, Hashable {
    /// The kind of sensor that made a detection.
    public enum Kind: String, Sendable, Hashable, Codable { case ir, radar }

    /// What a detection measured.
    public enum Measurement: Sendable, Hashable {
        /// Space-based IR: unit line of sight from the sensor to the plume, ECEF; 1σ angular noise, rad
        /// (per axis perpendicular to the line of sight).
        case lineOfSight(unitECEF: SIMD3<Double>, sigmaRad: Double)
        /// Ground radar: slant range km, azimuth deg (clockwise from geodetic north), elevation deg above
        /// the site's geodetic horizon, optional range rate km/s; 1σ noises in the same units.
        case radar(rangeKm: Double, azimuthDeg: Double, elevationDeg: Double, rangeRateKmPerS: Double?,
                   sigmaRangeKm: Double, sigmaAngleDeg: Double, sigmaRangeRateKmPerS: Double?)
    }

    /// Simulation-only truth: which missile (and in which phase) or a false alarm. Never present in a real feed.
    public struct Truth: Sendable, Hashable {
        /// The missile's id in the scenario; nil for a false alarm.
        public var missile: String?
        /// Its flight phase at the time; nil for a false alarm.
        public var phase: FlightPhase?
        /// True for a false alarm.
        public var falseAlarm: Bool { missile == nil }
        public init(missile: String?, phase: FlightPhase?) { self.missile = missile; self.phase = phase }
    }

    /// Time of the measurement.
    public var time: Instant
    /// Sensor identifier.
    public var sensorID: String
    /// IR or radar (must agree with ``measurement``).
    public var kind: Kind { if case .lineOfSight = measurement { return .ir } else { return .radar } }
    /// Sensor position at ``time``, ECEF km.
    public var sensorPositionKm: SIMD3<Double>
    /// The measurement and its noise.
    public var measurement: Measurement
    /// Simulation truth, if this came from a simulation.
    public var truth: Truth?

    public init(time: Instant, sensorID: String, sensorPositionKm: SIMD3<Double>, measurement: Measurement, truth: Truth? = nil) {
        self.time = time
        self.sensorID = sensorID
        self.sensorPositionKm = sensorPositionKm
        self.measurement = measurement
        self.truth = truth
    }
}

/// The detections file: JSON Lines (one ``Detection`` per line, format `kanshi-missile-detections/1`,
/// docs/missile-sensors.md). ``read(contentsOf:)`` keeps every good line and reports each bad one with
/// its file, line number, field and value.
public enum DetectionsFile {
    /// Encodes one detection as one JSON line (no newline). Numbers are written with fixed precision
    /// (positions 1 m, angles 1e-9 rad or 1e-6 deg), so a read-back agrees within that.
    public static func line(_ d: Detection) -> String {
        func n(_ x: Double, _ digits: Int) -> String { String(format: "%.\(digits)f", x) }
        func v(_ p: SIMD3<Double>, _ digits: Int) -> String { "[\(n(p.x, digits)),\(n(p.y, digits)),\(n(p.z, digits))]" }
        var s = "{\"time\":\"\(d.time.iso8601UTC(fractionDigits: 3))\",\"sensor\":\(jsonString(d.sensorID)),\"kind\":\"\(d.kind.rawValue)\""
        s += ",\"sensor_position_km\":\(v(d.sensorPositionKm, 4))"
        switch d.measurement {
        case let .lineOfSight(u, sigma):
            s += ",\"los_ecef\":\(v(u, 10)),\"sigma_rad\":\(String(format: "%.3e", sigma))"
        case let .radar(r, az, el, rr, sr, sa, srr):
            s += ",\"range_km\":\(n(r, 4)),\"azimuth_deg\":\(n(az, 6)),\"elevation_deg\":\(n(el, 6))"
            if let rr { s += ",\"range_rate_km_s\":\(n(rr, 5))" }
            s += ",\"sigma_range_km\":\(n(sr, 4)),\"sigma_angle_deg\":\(n(sa, 6))"
            if let srr { s += ",\"sigma_range_rate_km_s\":\(n(srr, 5))" }
        }
        if let t = d.truth {
            if let m = t.missile {
                s += ",\"sim_truth\":{\"missile\":\(jsonString(m))" + (t.phase.map { ",\"phase\":\"\($0.rawValue)\"" } ?? "") + "}"
            } else {
                s += ",\"sim_truth\":{\"false_alarm\":true}"
            }
        }
        return s + "}"
    }

    /// Encodes detections as JSON Lines text (a newline after every line).
    public static func encode(_ detections: [Detection]) -> String {
        detections.map { line($0) + "\n" }.joined()
    }

    /// Reads a detections file: the good detections and an error for every bad line. Throws only if
    /// the file cannot be read.
    public static func read(contentsOf path: String) throws -> (detections: [Detection], errors: [MissileWarningError]) {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw MissileWarningError(.io, "cannot read the detections file", file: path)
        }
        return decode(text, file: path)
    }

    /// Decodes JSON Lines text; blank lines are skipped; `file` names it in errors.
    public static func decode(_ text: String, file: String? = nil) -> (detections: [Detection], errors: [MissileWarningError]) {
        var out: [Detection] = [], errors: [MissileWarningError] = []
        for (i, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let lineText = raw.trimmingCharacters(in: .whitespacesAndNewlines)
            if lineText.isEmpty { continue }
            do { out.append(try decodeLine(lineText, file: file, line: i + 1)) } catch let e as MissileWarningError {
                errors.append(e)
            } catch {
                errors.append(MissileWarningError(.badJSON, "\(error)", file: file, line: i + 1))
            }
        }
        return (out, errors)
    }

    /// Decodes one line.
    public static func decodeLine(_ text: String, file: String? = nil, line: Int? = nil) throws -> Detection {
        func fail(_ code: MissileWarningError.Code, _ msg: String, _ field: String? = nil, _ value: Any? = nil) -> MissileWarningError {
            MissileWarningError(code, msg, file: file, line: line, field: field, value: value.map { "\($0)" })
        }
        let any: Any
        do { any = try JSONSerialization.jsonObject(with: Data(text.utf8)) } catch {
            throw fail(.badJSON, "not a valid JSON line")
        }
        guard let o = any as? [String: Any] else { throw fail(.badJSON, "expected a JSON object") }
        func string(_ k: String) throws -> String {
            guard let v = o[k] else { throw fail(.missingField, "missing", k) }
            guard let s = v as? String, !s.isEmpty else { throw fail(.badField, "expected a non-empty string", k, v) }
            return s
        }
        func number(_ k: String, in obj: [String: Any]? = nil, min: Double = -.infinity, max: Double = .infinity) throws -> Double {
            guard let v = (obj ?? o)[k] else { throw fail(.missingField, "missing", k) }
            guard let x = (v as? NSNumber).map({ $0.doubleValue }), !(type(of: v) == Bool.self), x.isFinite, x >= min, x <= max else {
                throw fail(.badField, "expected a number in [\(min), \(max)]", k, v)
            }
            return x
        }
        func optionalNumber(_ k: String, min: Double = -.infinity) throws -> Double? {
            o[k] == nil || o[k] is NSNull ? nil : try number(k, min: min)
        }
        func vector(_ k: String) throws -> SIMD3<Double> {
            guard let v = o[k] else { throw fail(.missingField, "missing", k) }
            guard let a = v as? [Any], a.count == 3,
                  let xs = Optional(a.compactMap { ($0 as? NSNumber)?.doubleValue }), xs.count == 3, xs.allSatisfy(\.isFinite) else {
                throw fail(.badField, "expected an array of 3 numbers", k, v)
            }
            return SIMD3(xs[0], xs[1], xs[2])
        }
        let timeText = try string("time")
        let time: Instant
        do { time = try Instant(utc: timeText) } catch { throw fail(.badField, "expected a UTC ISO-8601 time", "time", timeText) }
        let sensor = try string("sensor")
        let kindText = try string("kind")
        guard let kind = Detection.Kind(rawValue: kindText) else { throw fail(.badField, "expected \"ir\" or \"radar\"", "kind", kindText) }
        let pos = try vector("sensor_position_km")
        let m: Detection.Measurement
        switch kind {
        case .ir:
            let u = try vector("los_ecef")
            let norm = (u * u).sum().squareRoot()
            guard abs(norm - 1) < 1e-6 else { throw fail(.badField, "expected a unit vector (norm \(norm))", "los_ecef", u) }
            m = .lineOfSight(unitECEF: u / norm, sigmaRad: try number("sigma_rad", min: 0))
        case .radar:
            m = .radar(rangeKm: try number("range_km", min: 0), azimuthDeg: try number("azimuth_deg", min: 0, max: 360),
                       elevationDeg: try number("elevation_deg", min: -90, max: 90), rangeRateKmPerS: try optionalNumber("range_rate_km_s"),
                       sigmaRangeKm: try number("sigma_range_km", min: 0), sigmaAngleDeg: try number("sigma_angle_deg", min: 0),
                       sigmaRangeRateKmPerS: try optionalNumber("sigma_range_rate_km_s", min: 0))
        }
        var truth: Detection.Truth?
        if let t = o["sim_truth"] {
            guard let tt = t as? [String: Any] else { throw fail(.badField, "expected an object", "sim_truth", t) }
            if tt["false_alarm"] as? Bool == true { truth = .init(missile: nil, phase: nil) } else {
                guard let mm = tt["missile"] as? String else { throw fail(.missingField, "missing", "sim_truth.missile") }
                var phase: FlightPhase?
                if let p = tt["phase"] {
                    guard let ps = p as? String, let ph = FlightPhase(rawValue: ps) else { throw fail(.badField, "expected boost, midcourse or reentry", "sim_truth.phase", p) }
                    phase = ph
                }
                truth = .init(missile: mm, phase: phase)
            }
        }
        return Detection(time: time, sensorID: sensor, sensorPositionKm: pos, measurement: m, truth: truth)
    }

    static func jsonString(_ s: String) -> String {
        let data = (try? JSONSerialization.data(withJSONObject: [s], options: [.withoutEscapingSlashes])) ?? Data("[\"?\"]".utf8)
        let t = String(decoding: data, as: UTF8.self)
        return String(t.dropFirst().dropLast())
    }
}
