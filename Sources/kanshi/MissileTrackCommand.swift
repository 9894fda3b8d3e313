import ArgumentParser
import Astrodynamics
import Foundation
import MissileWarning

/// `kanshi missile track FILE.jsonl [--sensors FILE] [--format json|table] [--out FILE]`: runs the
/// missile-warning chain (tracker, impact prediction, classification, warnings) over a detections file.
struct MissileTrackCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "track",
        abstract: "Track missiles from a detections file: the warning timeline and each track's launch, burnout, class, apogee and impact with its ellipse and zone.",
        discussion: """
        FILE is JSON Lines (kanshi-missile-detections/1, docs/missile-sensors.md). Bad lines are reported on stderr with line, field and \
        why and left out; the rest is tracked. --format table (default) prints the warnings and the final estimates; --format json prints \
        the report (kanshi-missile-tracks/1, docs/missile-tracks.md); --out also writes the JSON report to a file (for `kanshi missile \
        evaluate`). --sensors checks every detection's sensor id and reported position against a sensors file (docs/missile-sensors.md). \
        Exit status: 0 success; 1 the file cannot be read or nothing in it is a detection; 3 done, but some lines were left out \
        (bad lines or detections from sensors the --sensors file does not know).
        """)

    @Argument(help: "Detections file (JSON Lines).")
    var file: String

    @Option(help: "Sensors file to check the detections against (docs/missile-sensors.md).")
    var sensors: String?

    @Option(help: "Output: table or json.")
    var format: OutputFormat = .table

    @Option(help: "Also write the JSON report to this file.")
    var out: String?

    @Option(help: "Directory with japan_land.geojson and japan_eez_approx.geojson; default data/geo.")
    var geo: String?

    @Option(name: .customLong("prediction-interval-s"), help: "Feed time between two impact predictions of a track, s.")
    var predictionIntervalS = 5.0

    enum OutputFormat: String, ExpressibleByArgument { case table, json }

    func validate() throws {
        guard predictionIntervalS.isFinite, predictionIntervalS > 0 else {
            throw ValidationError("--prediction-interval-s must be positive, found \(predictionIntervalS)")
        }
    }

    func run() async throws {
        let read: (detections: [Detection], errors: [MissileWarningError])
        let zones: JapanZones
        var network: MissileSensorNetwork?
        do {
            read = try DetectionsFile.read(contentsOf: file)
            zones = try JapanZones(directory: try geo ?? DataDirectory.locate().appendingPathComponent("geo").path)
            if let sensors { network = try MissileSensorNetwork.read(contentsOf: sensors) }
        } catch {
            FileHandle.standardError.write(Data("kanshi missile track: \(error)\n".utf8))
            throw ExitCode(1)
        }
        for e in read.errors.prefix(50) { FileHandle.standardError.write(Data("\(e)\n".utf8)) }
        if read.errors.count > 50 { FileHandle.standardError.write(Data("… and \(read.errors.count - 50) more bad lines\n".utf8)) }
        var detections = read.detections
        var unknown = 0
        if let network {
            let checked = SensorCheck(network: network).check(detections, file: file)
            for e in checked.errors.prefix(50) { FileHandle.standardError.write(Data("\(e)\n".utf8)) }
            unknown = checked.errors.count
            detections = checked.kept
        }
        guard !detections.isEmpty else {
            FileHandle.standardError.write(Data("kanshi missile track: \(file): no detection to track\n".utf8))
            throw ExitCode(1)
        }
        var options = MissileWarningPipeline.Options()
        options.predictionIntervalS = predictionIntervalS
        var pipeline = MissileWarningPipeline(zones: zones, options: options)
        let started = ContinuousClock.now
        _ = pipeline.ingest(detections)
        _ = pipeline.finish()
        let seconds = (ContinuousClock.now - started).inSeconds
        let report = pipeline.report(source: file)
        let span = detections.map(\.time).max()!.secondsSince(detections.map(\.time).min()!)
        FileHandle.standardError.write(Data(String(format: "%d detections (%d IR, %d radar) over %.0f s of feed processed in %.3f s (%.0f× real time); %d track(s), %d warning event(s)\n",
                                                   detections.count, pipeline.irCount, pipeline.radarCount, span, seconds,
                                                   span / max(seconds, 1e-9), report.tracks.count, report.warnings.count).utf8))
        let json = try report.encoded()
        if let out {
            do { try json.write(to: URL(fileURLWithPath: out)) } catch {
                FileHandle.standardError.write(Data("kanshi missile track: cannot write \(out): \(error.localizedDescription)\n".utf8))
                throw ExitCode(1)
            }
        }
        switch format {
        case .json: FileHandle.standardOutput.write(json + Data("\n".utf8))
        case .table: print(MissileReportTable(report).text)
        }
        if !read.errors.isEmpty || unknown > 0 { throw ExitCode(3) }
    }
}

/// Checks detections against a sensors file: the sensor id must be known and of the right kind, a
/// radar's reported position within 1 km of its site, an IR sensor's within 10 km of its orbit.
struct SensorCheck {
    let network: MissileSensorNetwork

    /// The detections that pass, and the problems: one per unknown sensor (with how many detections it
    /// made), one per detection whose reported sensor position is off.
    func check(_ detections: [Detection], file: String) -> (kept: [Detection], errors: [MissileWarningError]) {
        let radars = Dictionary(network.radars.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let ir = Dictionary(network.ir.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        var kept: [Detection] = [], errors: [MissileWarningError] = []
        var unknown: [String: (kind: Detection.Kind, count: Int, first: Instant)] = [:]
        var order: [String] = []
        for d in detections {
            let expected: SIMD3<Double>?, limitKm: Double
            switch d.kind {
            case .radar:
                guard let r = radars[d.sensorID] else {
                    if unknown[d.sensorID] == nil { order.append(d.sensorID); unknown[d.sensorID] = (.radar, 0, d.time) }
                    unknown[d.sensorID]!.count += 1
                    continue
                }
                expected = r.site.itrfPositionKm(ellipsoid: .wgs84); limitKm = 1
            case .ir:
                guard let s = ir[d.sensorID] else {
                    if unknown[d.sensorID] == nil { order.append(d.sensorID); unknown[d.sensorID] = (.ir, 0, d.time) }
                    unknown[d.sensorID]!.count += 1
                    continue
                }
                expected = s.orbit.positionKm(at: d.time); limitKm = 10
            }
            if let expected {
                let dr = d.sensorPositionKm - expected
                let km = (dr * dr).sum().squareRoot()
                if km > limitKm {
                    errors.append(MissileWarningError(.badField, String(format: "sensor position is %.1f km from where the sensors file puts %@ (limit %.0f km)", km, d.sensorID, limitKm),
                                                      file: file, field: "sensor_position_km", value: d.time.iso8601UTC(fractionDigits: 3)))
                    continue
                }
            }
            kept.append(d)
        }
        for id in order {
            let u = unknown[id]!
            errors.append(MissileWarningError(.unknownName, "\(u.count) detection(s) from \(u.kind == .radar ? "a radar" : "an IR sensor") the sensors file does not have (no \(u.kind == .radar ? "radar" : "IR sensor") of that id), the first at \(u.first.iso8601UTC(fractionDigits: 3))",
                                              file: file, field: "sensor", value: id))
        }
        return (kept, errors)
    }
}

/// The `--format table` text: the warning timeline, then one block per track.
struct MissileReportTable {
    let report: MissileTrackReport
    init(_ report: MissileTrackReport) { self.report = report }

    var text: String {
        func f(_ x: Double?, _ digits: Int) -> String { x.map { String(format: "%.\(digits)f", $0) } ?? "–" }
        func pct(_ x: Double?) -> String { x.map { String(format: "%.0f%%", 100 * $0) } ?? "–" }
        var lines: [String] = []
        let d = report.detections
        lines.append("detections: \(d.total) (\(d.ir) IR, \(d.radar) radar); used \(d.used), clutter \(d.clutter), unassociated \(d.unassociated)")
        lines.append("")
        lines.append("WARNINGS")
        if report.warnings.isEmpty { lines.append("  none") }
        for w in report.warnings {
            lines.append("  \(w.time)  \(w.track)  \(w.kind.padding(toLength: 9, withPad: " ", startingAt: 0)) \(w.level.padding(toLength: 18, withPad: " ", startingAt: 0)) \(w.area ?? "")")
            lines.append("      \(w.message)")
        }
        for t in report.tracks {
            lines.append("")
            lines.append("TRACK \(t.id)  \(t.status)\(t.status_reason.map { " (\($0))" } ?? "")  \(t.updates) updates from \(t.sensors.joined(separator: ", "))\(t.truth_missile.map { "  [truth: \($0)]" } ?? "")")
            lines.append("  first detection  \(t.first_detection)   confirmed \(t.confirmed_at ?? "–")")
            if let l = t.launch { lines.append("  launch           \(l.time)  \(f(l.lat_deg, 3))°N \(f(l.lon_deg, 3))°E  ±\(f(l.sigma_km, 1)) km ±\(f(l.sigma_s, 1)) s") }
            if let b = t.burnout { lines.append("  burnout          \(b.time)  alt \(f(b.alt_km, 1)) km  speed \(f(b.speed_km_s, 3)) km/s  flight-path angle \(f(b.flight_path_angle_deg, 1))°") }
            if let c = t.classification { lines.append("  class            \(c.class) (range capability \(f(c.range_capability_km, 0)) km), \(c.trajectory) (γ \(f(c.burnout_flight_path_angle_deg, 1))° vs optimum \(f(c.optimum_flight_path_angle_deg, 1))°)") }
            if let a = t.apogee { lines.append("  apogee           \(a.time)  \(f(a.alt_km, 1)) km") }
            if let i = t.impact {
                lines.append("  impact           \(i.time) ±\(f(i.sigma_time_s, 1)) s  \(f(i.lat_deg, 3))°N \(f(i.lon_deg, 3))°E  ellipse \(f(i.semi_major_km, 2)) × \(f(i.semi_minor_km, 2)) km (1σ) at \(f(i.major_azimuth_deg, 0))°\(i.instantaneous ? "  [instantaneous impact point]" : "")")
                lines.append("  zone             \(i.zone)\(i.land_group.map { " (\($0))" } ?? "")  P(land) \(pct(i.p_land))  P(EEZ) \(pct(i.p_eez))  P(outside) \(pct(i.p_outside))  \(f(i.distance_to_eez_boundary_km, 0)) km from the EEZ boundary")
            }
            if let r = t.ground_range_km { lines.append("  ground range     \(f(r, 0)) km") }
            for o in t.overflights { lines.append("  overflight       \(o.groups.joined(separator: ", "))  \(o.entry) – \(o.exit)") }
        }
        return lines.joined(separator: "\n")
    }
}
