import Foundation
import Astrodynamics

/// The true trajectories of a scenario as `kanshi missile simulate --truth` writes them (format
/// `kanshi-missile-truth/1`, documented in docs/missile-flight.md). Codable both ways, so the
/// evaluation side can read what the simulation wrote.
public struct MissileTruthFile: Codable, Sendable {
    /// A point of the flight with its geodetic coordinates.
    public struct Point: Codable, Sendable, Hashable {
        public var t_s: Double
        public var time_utc: String
        public var lat_deg: Double
        public var lon_deg: Double
        public var alt_km: Double
    }
    /// A sampled state.
    public struct Sample: Codable, Sendable, Hashable {
        public var t_s: Double
        public var time_utc: String
        public var lat_deg: Double
        public var lon_deg: Double
        public var alt_km: Double
        /// Earth-fixed (ITRF) position, km.
        public var r_itrf_km: [Double]
        /// Earth-fixed (Earth-relative) velocity, km/s.
        public var v_itrf_km_s: [Double]
        public var phase: FlightPhase
        /// Burning stage (0-based), absent after the last burnout.
        public var stage: Int?
    }
    /// One missile's flight.
    public struct Missile: Codable, Sendable {
        public var id: String
        public var preset: String?
        public var launch: Point
        public var launch_azimuth_deg: Double
        public var stage_burnout_t_s: [Double]
        public var burnout: Point
        public var burnout_speed_km_s: Double
        public var apogee: Point
        public var impact: Point
        public var impact_speed_km_s: Double
        public var ground_range_km: Double
        public var flight_time_s: Double
        public var samples: [Sample]
    }

    public var format: String
    public var scenario: String
    /// RK4 step of the flights, s.
    public var step_s: Double
    /// Spacing of the samples, s (plus the burnouts, the apogee and the impact).
    public var sample_interval_s: Double
    public var missiles: [Missile]

    /// The file for flown trajectories; samples every `sampleIntervalS` (≥ the step) plus every
    /// stage burnout, the apogee and the impact.
    public init(scenario: String, trajectories: [(id: String, preset: String?, trajectory: Trajectory)], sampleIntervalS: Double) {
        format = "kanshi-missile-truth/1"
        self.scenario = scenario
        step_s = trajectories.first?.trajectory.stepS ?? 0
        sample_interval_s = sampleIntervalS
        missiles = trajectories.map { item in
            let tr = item.trajectory
            func point(_ s: FlightSample) -> Point {
                Point(t_s: s.timeS, time_utc: tr.launchTime.advanced(bySeconds: s.timeS).iso8601UTC(fractionDigits: 3),
                      lat_deg: s.geodetic.latitudeDeg, lon_deg: s.geodetic.longitudeDeg, alt_km: s.geodetic.altitudeKm)
            }
            var keep: [FlightSample] = []
            let burnouts = Set(tr.stageBurnoutTimesS)
            for (i, s) in tr.samples.enumerated() {
                let special = i == 0 || i == tr.apogeeIndex || i == tr.samples.count - 1 || burnouts.contains(s.timeS)
                let crossed = i > 0 && ((s.timeS + 1e-9) / sampleIntervalS).rounded(.down)
                    != ((tr.samples[i - 1].timeS + 1e-9) / sampleIntervalS).rounded(.down)
                if special || crossed { keep.append(s) }
            }
            let samples = keep.map { s in
                Sample(t_s: s.timeS, time_utc: tr.launchTime.advanced(bySeconds: s.timeS).iso8601UTC(fractionDigits: 3),
                       lat_deg: s.geodetic.latitudeDeg, lon_deg: s.geodetic.longitudeDeg, alt_km: s.geodetic.altitudeKm,
                       r_itrf_km: [s.positionKm.x, s.positionKm.y, s.positionKm.z],
                       v_itrf_km_s: [s.velocityKmPerS.x, s.velocityKmPerS.y, s.velocityKmPerS.z], phase: s.phase, stage: s.stage)
            }
            return Missile(id: item.id, preset: item.preset, launch: point(tr.samples[0]),
                           launch_azimuth_deg: tr.launchAzimuthRad * 180 / .pi, stage_burnout_t_s: tr.stageBurnoutTimesS,
                           burnout: point(tr.burnout), burnout_speed_km_s: tr.burnout.speedKmPerS,
                           apogee: point(tr.apogee), impact: point(tr.impact), impact_speed_km_s: tr.impact.speedKmPerS,
                           ground_range_km: tr.groundRangeKm, flight_time_s: tr.flightTimeS, samples: samples)
        }
    }

    /// JSON text, keys sorted, pretty-printed.
    public func encoded() throws -> Data {
        let e = JSONEncoder()
        e.outputFormatting = [.prettyPrinted, .sortedKeys]
        return try e.encode(self)
    }

    /// Reads a truth file, naming the file and the field on error.
    public static func read(contentsOf path: String) throws -> MissileTruthFile {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw MissileWarningError(.io, "cannot read the truth file: \(error.localizedDescription)", file: path)
        }
        let truth: MissileTruthFile
        do { truth = try JSONDecoder().decode(MissileTruthFile.self, from: data) } catch let DecodingError.keyNotFound(key, context) {
            throw MissileWarningError(.missingField, "missing", file: path, field: MissileTrackReport.path(context.codingPath + [key]))
        } catch let DecodingError.typeMismatch(_, context) {
            throw MissileWarningError(.badField, context.debugDescription, file: path, field: MissileTrackReport.path(context.codingPath))
        } catch {
            throw MissileWarningError(.badJSON, "not a truth file: \(error.localizedDescription)", file: path)
        }
        guard truth.format == "kanshi-missile-truth/1" else {
            throw MissileWarningError(.badField, "expected kanshi-missile-truth/1", file: path, field: "format", value: truth.format)
        }
        return truth
    }
}
