import Foundation

/// What `kanshi missile track` writes and `GET /api/v1/missile` returns: every track with its final
/// estimates (launch, burnout, classification, apogee, impact with its ellipse and zone probabilities,
/// overflights), the estimated and predicted paths, how the impact estimate evolved, and the warning
/// timeline. Format `kanshi-missile-tracks/1`, documented field by field in docs/missile-tracks.md.
///
/// Property names are the JSON keys (snake_case), as in ``MissileTruthFile``. Times are UTC ISO-8601
/// strings with milliseconds; angles are degrees, distances km, speeds km/s.
public struct MissileTrackReport: Codable, Sendable {
    /// The format name written in ``format``.
    public static let formatName = "kanshi-missile-tracks/1"

    /// Detection counts over the whole feed.
    public struct DetectionCounts: Codable, Sendable, Hashable {
        /// Detections read.
        public var total: Int
        /// IR detections read.
        public var ir: Int
        /// Radar detections read.
        public var radar: Int
        /// Detections that updated or started a track that was confirmed.
        public var used: Int
        /// IR detections judged clutter (never part of a consistent launch sequence).
        public var clutter: Int
        /// Detections that were neither used nor judged clutter.
        public var unassociated: Int
        public init(total: Int, ir: Int, radar: Int, used: Int, clutter: Int, unassociated: Int) {
            self.total = total; self.ir = ir; self.radar = radar; self.used = used; self.clutter = clutter; self.unassociated = unassociated
        }
    }

    /// A point on a path.
    public struct PathPoint: Codable, Sendable, Hashable {
        public var time: String
        public var lat_deg: Double
        public var lon_deg: Double
        public var alt_km: Double
        public init(time: String, lat_deg: Double, lon_deg: Double, alt_km: Double) {
            self.time = time; self.lat_deg = lat_deg; self.lon_deg = lon_deg; self.alt_km = alt_km
        }
    }

    /// The estimated launch point and time.
    public struct Launch: Codable, Sendable, Hashable {
        public var time: String
        public var lat_deg: Double
        public var lon_deg: Double
        /// 1σ horizontal uncertainty of the launch point, km.
        public var sigma_km: Double
        /// 1σ uncertainty of the launch time, s.
        public var sigma_s: Double
        public init(time: String, lat_deg: Double, lon_deg: Double, sigma_km: Double, sigma_s: Double) {
            self.time = time; self.lat_deg = lat_deg; self.lon_deg = lon_deg; self.sigma_km = sigma_km; self.sigma_s = sigma_s
        }
    }

    /// The estimated state at the end of thrust.
    public struct Burnout: Codable, Sendable, Hashable {
        public var time: String
        public var lat_deg: Double
        public var lon_deg: Double
        public var alt_km: Double
        /// Speed relative to the rotating Earth, km/s.
        public var speed_km_s: Double
        /// Flight-path angle above the local horizontal, degrees.
        public var flight_path_angle_deg: Double
        public init(time: String, lat_deg: Double, lon_deg: Double, alt_km: Double, speed_km_s: Double, flight_path_angle_deg: Double) {
            self.time = time; self.lat_deg = lat_deg; self.lon_deg = lon_deg; self.alt_km = alt_km
            self.speed_km_s = speed_km_s; self.flight_path_angle_deg = flight_path_angle_deg
        }
    }

    /// Range class and trajectory type from the burnout state.
    public struct Classification: Codable, Sendable, Hashable {
        /// `SRBM`, `MRBM`, `IRBM` or `ICBM`.
        public var `class`: String
        /// Maximum ground range reachable with the burnout energy, km.
        public var range_capability_km: Double
        /// `lofted`, `standard` or `depressed`.
        public var trajectory: String
        public var burnout_flight_path_angle_deg: Double
        /// The flight-path angle that would give the actual range with the least energy, degrees (absent
        /// before an impact is predicted).
        public var optimum_flight_path_angle_deg: Double?
        public init(class: String, range_capability_km: Double, trajectory: String, burnout_flight_path_angle_deg: Double,
                    optimum_flight_path_angle_deg: Double?) {
            self.class = `class`; self.range_capability_km = range_capability_km; self.trajectory = trajectory
            self.burnout_flight_path_angle_deg = burnout_flight_path_angle_deg
            self.optimum_flight_path_angle_deg = optimum_flight_path_angle_deg
        }
    }

    /// The predicted (or, past it, the estimated) apogee.
    public struct Apogee: Codable, Sendable, Hashable {
        public var time: String
        public var lat_deg: Double
        public var lon_deg: Double
        public var alt_km: Double
        public init(time: String, lat_deg: Double, lon_deg: Double, alt_km: Double) {
            self.time = time; self.lat_deg = lat_deg; self.lon_deg = lon_deg; self.alt_km = alt_km
        }
    }

    /// The predicted impact with its uncertainty and zone.
    public struct Impact: Codable, Sendable, Hashable {
        /// Predicted time of ground contact.
        public var time: String
        /// 1σ of the impact time, s.
        public var sigma_time_s: Double
        public var lat_deg: Double
        public var lon_deg: Double
        /// 1σ semi-major axis of the impact ellipse, km.
        public var semi_major_km: Double
        /// 1σ semi-minor axis, km.
        public var semi_minor_km: Double
        /// Azimuth of the major axis, degrees clockwise from north, [0, 180).
        public var major_azimuth_deg: Double
        /// `land`, `eez` or `outside`: the zone of the mean impact point.
        public var zone: String
        /// The land group (`Hokkaido`, …) when the mean point is on Japanese land.
        public var land_group: String?
        /// Probability of impact on Japanese land.
        public var p_land: Double
        /// Probability of impact inside the EEZ, land included.
        public var p_eez: Double
        /// Probability of impact outside the EEZ.
        public var p_outside: Double
        /// Distance from the mean point to the EEZ boundary, km (absent when it cannot be computed).
        public var distance_to_eez_boundary_km: Double?
        /// True while the missile is burning: the point where it would land if thrust stopped now.
        public var instantaneous: Bool
        /// The time of the estimate this prediction was made from.
        public var from_estimate_at: String
        public init(time: String, sigma_time_s: Double, lat_deg: Double, lon_deg: Double, semi_major_km: Double, semi_minor_km: Double,
                    major_azimuth_deg: Double, zone: String, land_group: String?, p_land: Double, p_eez: Double, p_outside: Double,
                    distance_to_eez_boundary_km: Double?, instantaneous: Bool, from_estimate_at: String) {
            self.time = time; self.sigma_time_s = sigma_time_s; self.lat_deg = lat_deg; self.lon_deg = lon_deg
            self.semi_major_km = semi_major_km; self.semi_minor_km = semi_minor_km; self.major_azimuth_deg = major_azimuth_deg
            self.zone = zone; self.land_group = land_group; self.p_land = p_land; self.p_eez = p_eez; self.p_outside = p_outside
            self.distance_to_eez_boundary_km = distance_to_eez_boundary_km; self.instantaneous = instantaneous
            self.from_estimate_at = from_estimate_at
        }
    }

    /// A predicted overflight of Japanese land.
    public struct Overflight: Codable, Sendable, Hashable {
        public var entry: String
        public var exit: String
        /// The land groups overflown.
        public var groups: [String]
        public init(entry: String, exit: String, groups: [String]) { self.entry = entry; self.exit = exit; self.groups = groups }
    }

    /// A track's current state estimate, Earth-fixed (ITRF/ECEF, WGS84).
    public struct State: Codable, Sendable, Hashable {
        public var time: String
        /// Position, km.
        public var position_km: [Double]
        /// Velocity relative to the rotating Earth, km/s.
        public var velocity_km_s: [Double]
        /// Covariance of (x, y, z km, vx, vy, vz km/s), 6×6 row-major (36 values).
        public var covariance: [Double]
        /// IMM probability of the boost model.
        public var boost_probability: Double
        /// Estimated ballistic coefficient m/(C_D·A), kg/m², once drag made it observable.
        public var ballistic_coefficient_kg_m2: Double?
        public init(time: String, position_km: [Double], velocity_km_s: [Double], covariance: [Double], boost_probability: Double,
                    ballistic_coefficient_kg_m2: Double?) {
            self.time = time; self.position_km = position_km; self.velocity_km_s = velocity_km_s; self.covariance = covariance
            self.boost_probability = boost_probability; self.ballistic_coefficient_kg_m2 = ballistic_coefficient_kg_m2
        }
    }

    /// One impact prediction in the sequence made for a track.
    public struct ImpactHistoryEntry: Codable, Sendable, Hashable {
        /// The time of the estimate the prediction was made from.
        public var time: String
        public var lat_deg: Double
        public var lon_deg: Double
        public var impact_time: String
        public var semi_major_km: Double
        public var semi_minor_km: Double
        /// Zone decision at that time: `land`, `eez` or `outside` (see docs/missile-warnings.md).
        public var zone: String
        public var p_land: Double
        public var p_eez: Double
        public var instantaneous: Bool
        public init(time: String, lat_deg: Double, lon_deg: Double, impact_time: String, semi_major_km: Double, semi_minor_km: Double,
                    zone: String, p_land: Double, p_eez: Double, instantaneous: Bool) {
            self.time = time; self.lat_deg = lat_deg; self.lon_deg = lon_deg; self.impact_time = impact_time
            self.semi_major_km = semi_major_km; self.semi_minor_km = semi_minor_km; self.zone = zone
            self.p_land = p_land; self.p_eez = p_eez; self.instantaneous = instantaneous
        }
    }

    /// One track.
    public struct Track: Codable, Sendable {
        public var id: String
        /// `tentative`, `confirmed` or `deleted`.
        public var status: String
        /// Why a track was deleted (`impacted`, `lost`, `duplicate`, …).
        public var status_reason: String?
        public var first_detection: String
        public var confirmed_at: String?
        public var last_update: String
        /// Sensors whose detections updated the track.
        public var sensors: [String]
        /// Measurement updates.
        public var updates: Int
        /// Simulation only: the missile most of the track's detections came from (`sim_truth`).
        public var truth_missile: String?
        /// The newest state estimate with its covariance.
        public var state: State?
        public var launch: Launch?
        public var burnout: Burnout?
        public var classification: Classification?
        public var apogee: Apogee?
        public var impact: Impact?
        /// Ground range from the estimated launch point to the predicted impact, km.
        public var ground_range_km: Double?
        public var overflights: [Overflight]
        /// The estimated trajectory (at most one point per second, thinned for output).
        public var trajectory: [PathPoint]
        /// The path predicted from the last estimate to impact.
        public var predicted_path: [PathPoint]
        public var impact_history: [ImpactHistoryEntry]
        public init(id: String, status: String, status_reason: String?, first_detection: String, confirmed_at: String?, last_update: String,
                    sensors: [String], updates: Int, truth_missile: String?, launch: Launch?, burnout: Burnout?,
                    classification: Classification?, apogee: Apogee?, impact: Impact?, ground_range_km: Double?,
                    overflights: [Overflight], trajectory: [PathPoint], predicted_path: [PathPoint], impact_history: [ImpactHistoryEntry]) {
            self.id = id; self.status = status; self.status_reason = status_reason; self.first_detection = first_detection
            self.confirmed_at = confirmed_at; self.last_update = last_update; self.sensors = sensors; self.updates = updates
            self.truth_missile = truth_missile; self.launch = launch; self.burnout = burnout; self.classification = classification
            self.apogee = apogee; self.impact = impact; self.ground_range_km = ground_range_km; self.overflights = overflights
            self.trajectory = trajectory; self.predicted_path = predicted_path; self.impact_history = impact_history
        }
    }

    /// One entry of the warning timeline.
    public struct Warning: Codable, Sendable, Hashable {
        public var time: String
        public var track: String
        /// `issued`, `updated`, `cancelled`, … (docs/missile-warnings.md).
        public var kind: String
        /// The warning level (docs/missile-warnings.md).
        public var level: String
        /// The area warned (land groups, `EEZ`, …).
        public var area: String?
        public var message: String
        public var impact_time: String?
        public var impact_lat_deg: Double?
        public var impact_lon_deg: Double?
        public var p_land: Double?
        public var p_eez: Double?
        public var overflights: [Overflight]
        public init(time: String, track: String, kind: String, level: String, area: String?, message: String, impact_time: String?,
                    impact_lat_deg: Double?, impact_lon_deg: Double?, p_land: Double?, p_eez: Double?, overflights: [Overflight]) {
            self.time = time; self.track = track; self.kind = kind; self.level = level; self.area = area; self.message = message
            self.impact_time = impact_time; self.impact_lat_deg = impact_lat_deg; self.impact_lon_deg = impact_lon_deg
            self.p_land = p_land; self.p_eez = p_eez; self.overflights = overflights
        }
    }

    public var format: String
    /// The detections file (or feed) the report was made from.
    public var source: String?
    public var detections: DetectionCounts
    public var tracks: [Track]
    public var warnings: [Warning]

    public init(source: String?, detections: DetectionCounts, tracks: [Track], warnings: [Warning]) {
        format = Self.formatName
        self.source = source
        self.detections = detections
        self.tracks = tracks
        self.warnings = warnings
    }

    /// Pretty-printed JSON with sorted keys.
    public func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }

    /// Reads a report, naming the file and the field on error.
    public static func read(contentsOf path: String) throws -> MissileTrackReport {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw MissileWarningError(.io, "cannot read the tracks file: \(error.localizedDescription)", file: path)
        }
        return try decode(data, file: path)
    }

    /// Decodes a report.
    public static func decode(_ data: Data, file: String? = nil) throws -> MissileTrackReport {
        let report: MissileTrackReport
        do { report = try JSONDecoder().decode(MissileTrackReport.self, from: data) } catch let DecodingError.keyNotFound(key, context) {
            throw MissileWarningError(.missingField, "missing", file: file, field: Self.path(context.codingPath + [key]))
        } catch let DecodingError.typeMismatch(_, context) {
            throw MissileWarningError(.badField, context.debugDescription, file: file, field: Self.path(context.codingPath))
        } catch let DecodingError.valueNotFound(_, context) {
            throw MissileWarningError(.badField, context.debugDescription, file: file, field: Self.path(context.codingPath))
        } catch {
            throw MissileWarningError(.badJSON, "not a tracks file: \(error.localizedDescription)", file: file)
        }
        guard report.format == formatName else {
            throw MissileWarningError(.badField, "expected \(formatName)", file: file, field: "format", value: report.format)
        }
        return report
    }

    static func path(_ keys: [any CodingKey]) -> String {
        var out = ""
        for k in keys {
            if let i = k.intValue { out += "[\(i)]" } else { out += out.isEmpty ? k.stringValue : ".\(k.stringValue)" }
        }
        return out
    }
}
