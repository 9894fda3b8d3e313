import Astrodynamics
import Foundation

/// Scores a tracks report against the simulation truth: the issue's Proof figures per missile.
///
/// - **Matching**: a missile's track is the one whose detections were mostly that missile's
///   (`truth_missile`, from `sim_truth`); when labels are absent, the track whose launch point is
///   nearest the true one within ``Options/matchRadiusKm``. Confirmed tracks of no missile are false tracks.
/// - **Times** are from the true launch: to the track's first detection, to its first impact estimate
///   (after burnout, not the instantaneous impact point), and to a **stable EEZ decision** — the first
///   prediction after which the decision (inside the EEZ, land included, or outside) never changes again.
/// - **Impact error at burnout + 30 s**: geodesic distance between the true impact and the first
///   prediction made from an estimate at or after the true burnout + 30 s.
/// - **Decisions**: the class against the class of the modelled vehicle's longest flight (the flight model
///   over kick angles, ``MissilePreset/maximumRangeKm(step:)``: what the simulated missile can do, which may
///   differ from the public label of its type, reported as `public_class`), the trajectory type against the
///   preset's (the issue's public test), and the
///   final EEZ decision against the true impact's zone; a decision is *counted* only where the true impact is
///   more than ``Options/decisionMarginKm`` (25 km) from the EEZ boundary.
public struct MissileEvaluation: Sendable {
    /// Evaluation settings.
    public struct Options: Sendable, Hashable {
        /// Launch-point distance within which an unlabelled track matches a missile, km.
        public var matchRadiusKm = 100.0
        /// True impacts nearer the EEZ boundary than this are not scored for the EEZ decision, km.
        public var decisionMarginKm = 25.0
        /// Delay after the true burnout at which the impact error is scored, s.
        public var afterBurnoutS = 30.0
        public init() {}
    }

    /// The figures for one missile.
    public struct MissileResult: Sendable, Hashable, Codable {
        public var missile: String
        public var preset: String?
        public var track: String?
        /// The class of the modelled vehicle's longest flight (``MissilePreset/maximumRangeKm(step:)``).
        public var true_class: String?
        /// That longest flight, km.
        public var true_range_capability_km: Double?
        /// The public label of the missile type (nk_tests.csv), for reference.
        public var public_class: String?
        public var true_trajectory: String?
        public var true_zone: String
        public var true_distance_to_eez_boundary_km: Double
        public var detection_s: Double?
        public var first_impact_estimate_s: Double?
        public var stable_eez_decision_s: Double?
        public var impact_error_at_burnout_plus_30s_km: Double?
        public var final_impact_error_km: Double?
        public var launch_point_error_km: Double?
        public var launch_time_error_s: Double?
        public var estimated_class: String?
        public var estimated_trajectory: String?
        public var class_correct: Bool?
        public var trajectory_correct: Bool?
        public var eez_decision: String?
        /// Nil when the decision is not scored (true impact within the margin of the boundary, or no decision).
        public var eez_decision_correct: Bool?
    }

    /// The whole evaluation.
    public struct Result: Sendable, Codable {
        public var format = "kanshi-missile-evaluation/1"
        public var missiles: [MissileResult]
        /// Confirmed tracks that match no missile.
        public var false_tracks: [String]
    }

    public var options: Options
    public var zones: JapanZones
    public var ellipsoid: Ellipsoid

    public init(zones: JapanZones, options: Options = Options(), ellipsoid: Ellipsoid = .wgs84) {
        self.zones = zones
        self.options = options
        self.ellipsoid = ellipsoid
    }

    /// Scores `report` against `truth`.
    public func evaluate(truth: MissileTruthFile, report: MissileTrackReport) throws -> Result {
        var used = Set<String>()
        var results: [MissileResult] = []
        var capabilities: [String: Double?] = [:]
        let confirmed = report.tracks.filter { $0.confirmed_at != nil }
        for m in truth.missiles {
            let launchTime = try Self.instant(m.launch.time_utc, field: "missiles[\(m.id)].launch.time_utc")
            let labelled = confirmed.filter { $0.truth_missile == m.id && !used.contains($0.id) }
                .max { $0.updates < $1.updates }
            let track = labelled ?? confirmed.filter { !used.contains($0.id) && $0.truth_missile == nil }
                .compactMap { t -> (MissileTrackReport.Track, Double)? in
                    guard let l = t.launch else { return nil }
                    let d = distanceKm(l.lat_deg, l.lon_deg, m.launch.lat_deg, m.launch.lon_deg)
                    return d <= options.matchRadiusKm ? (t, d) : nil
                }.min { $0.1 < $1.1 }?.0
            if let track { used.insert(track.id) }
            let trueZone = try zones.classify(latitudeRad: m.impact.lat_deg * .pi / 180, longitudeRad: m.impact.lon_deg * .pi / 180)
            let preset = m.preset.flatMap { try? MissilePreset.named($0) }
            var capability: Double?
            if let preset {
                if let known = capabilities[preset.name] { capability = known } else {
                    capability = try? preset.maximumRangeKm().rangeKm
                    capabilities[preset.name] = capability
                }
            }
            var r = MissileResult(missile: m.id, preset: m.preset, track: track?.id,
                                  true_class: capability.map { MissileRangeClass(rangeCapabilityKm: $0).rawValue },
                                  true_range_capability_km: capability, public_class: preset?.missileClass,
                                  true_trajectory: preset?.loft.rawValue, true_zone: trueZone.zone.rawValue,
                                  true_distance_to_eez_boundary_km: trueZone.distanceToEEZBoundaryKm)
            guard let track else { results.append(r); continue }
            let since = { (iso: String) -> Double? in (try? Self.instant(iso, field: "time")).map { $0.secondsSince(launchTime) } }
            r.detection_s = since(track.first_detection)
            let ballistic = track.impact_history.filter { !$0.instantaneous }
            r.first_impact_estimate_s = ballistic.first.flatMap { since($0.time) }
            let decisions = ballistic.map { $0.zone == ZoneClass.outside.rawValue ? "outside" : "inside" }
            if let final = decisions.last {
                var k = decisions.count - 1
                while k > 0 && decisions[k - 1] == final { k -= 1 }
                r.stable_eez_decision_s = since(ballistic[k].time)
                r.eez_decision = final
                if trueZone.distanceToEEZBoundaryKm > options.decisionMarginKm {
                    r.eez_decision_correct = (final == "inside") == trueZone.isInEEZIncludingLand
                }
            }
            let scoreTime = launchTime.advanced(bySeconds: m.burnout.t_s + options.afterBurnoutS)
            if let entry = ballistic.first(where: { (try? Self.instant($0.time, field: "time")).map { $0 >= scoreTime } ?? false }) {
                r.impact_error_at_burnout_plus_30s_km = distanceKm(entry.lat_deg, entry.lon_deg, m.impact.lat_deg, m.impact.lon_deg)
            }
            if let last = ballistic.last {
                r.final_impact_error_km = distanceKm(last.lat_deg, last.lon_deg, m.impact.lat_deg, m.impact.lon_deg)
            }
            if let l = track.launch {
                r.launch_point_error_km = distanceKm(l.lat_deg, l.lon_deg, m.launch.lat_deg, m.launch.lon_deg)
                r.launch_time_error_s = since(l.time)
            }
            if let c = track.classification {
                r.estimated_class = c.class
                r.estimated_trajectory = c.trajectory
                if let p = preset {
                    r.class_correct = r.true_class.map { c.class == $0 }
                    r.trajectory_correct = c.trajectory == p.loft.rawValue
                }
            }
            results.append(r)
        }
        let falseTracks = confirmed.filter { !used.contains($0.id) }.map(\.id)
        return Result(missiles: results, false_tracks: falseTracks)
    }

    private func distanceKm(_ lat1: Double, _ lon1: Double, _ lat2: Double, _ lon2: Double) -> Double {
        Vincenty1975.distanceKm(latitude1Rad: lat1 * .pi / 180, longitude1Rad: lon1 * .pi / 180,
                                latitude2Rad: lat2 * .pi / 180, longitude2Rad: lon2 * .pi / 180, ellipsoid: ellipsoid)
    }

    static func instant(_ text: String, field: String) throws -> Instant {
        do { return try Instant(utc: text) } catch {
            throw MissileWarningError(.badField, "expected an ISO-8601 UTC time", field: field, value: text)
        }
    }
}

extension MissileEvaluation.Result {
    /// A fixed-width text table, one row per missile, then the false tracks.
    public func table() -> String {
        func f(_ x: Double?, _ digits: Int = 1) -> String { x.map { String(format: "%.\(digits)f", $0) } ?? "–" }
        func b(_ x: Bool?) -> String { x.map { $0 ? "yes" : "NO" } ?? "–" }
        var lines = ["missile           track   detect s  1st impact s  stable EEZ s  err@BO+30 km  final err km  class (true)         traj (true)              EEZ decision (true, km to boundary)"]
        for m in missiles {
            let cls = "\(m.estimated_class ?? "–") (\(m.true_class ?? "?")) \(b(m.class_correct))"
            let traj = "\(m.estimated_trajectory ?? "–") (\(m.true_trajectory ?? "?")) \(b(m.trajectory_correct))"
            let eez = "\(m.eez_decision ?? "–") (\(m.true_zone), \(f(m.true_distance_to_eez_boundary_km, 0))) \(b(m.eez_decision_correct))"
            func pad(_ s: String, _ n: Int, right: Bool = false) -> String {
                s.count >= n ? s : (right ? String(repeating: " ", count: n - s.count) + s : s + String(repeating: " ", count: n - s.count))
            }
            lines.append([pad(m.missile, 16), pad(m.track ?? "none", 6), pad(f(m.detection_s), 8, right: true),
                          pad(f(m.first_impact_estimate_s), 12, right: true), pad(f(m.stable_eez_decision_s), 12, right: true),
                          pad(f(m.impact_error_at_burnout_plus_30s_km, 2), 12, right: true), pad(f(m.final_impact_error_km, 2), 12, right: true),
                          pad(cls, 19), pad(traj, 23), eez].joined(separator: "  "))
        }
        lines.append("false tracks: \(false_tracks.isEmpty ? "none" : false_tracks.joined(separator: ", "))")
        return lines.joined(separator: "\n")
    }
}
