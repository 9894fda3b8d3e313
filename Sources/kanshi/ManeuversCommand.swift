import ArgumentParser
import Foundation
import SpaceData
import Threats

/// `kanshi maneuvers HISTORY... [--format json|table] [--object N]`: maneuvers found in element-set histories.
struct ManeuversCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "maneuvers",
        abstract: "Detect maneuvers in element-set histories (several sets per object), with window, Δv, direction and confidence.",
        discussion: """
        Per object, steps in semi-major axis beyond the drag trend, in inclination and node beyond J2 drift, and (GEO) in the inclination and eccentricity vectors, judged against the object's own robust noise level (see docs/threats.md). Exit status: 0 success; 1 input records rejected, a file unreadable or --object not found; 64 usage error.
        """)

    @Argument(help: "Element-set history files: TLE/3LE or OMM (KVN, XML, JSON, CSV); gzip read transparently.")
    var files: [String]

    @Option(help: "Output format: table or json.")
    var format: Format = .table

    @Option(help: "Only this object (NORAD catalog number, digits or Alpha-5).")
    var object: String?

    @Option(help: "False-alarm probability per element-set pair of a quiet object (sets the threshold).")
    var falseAlarmProbability: Double = 1e-5

    @Flag(help: "Accept TLE lines whose checksum is wrong (still reported on stderr).")
    var acceptBadChecksums = false

    enum Format: String, ExpressibleByArgument, CaseIterable { case table, json }

    func validate() throws {
        guard falseAlarmProbability > 0 && falseAlarmProbability < 0.5 else {
            throw ValidationError("--false-alarm-probability must be in (0, 0.5)")
        }
        if let object { _ = try parseCatalogNumber(object) }
    }

    func run() async throws {
        let options = try ElementSetInputOptions.parse(files + (acceptBadChecksums ? ["--accept-bad-checksums"] : []))
        let loaded = try options.load()
        var sets = loaded.sets
        if let object {
            let id = try parseCatalogNumber(object)
            sets = sets.filter { $0.noradCatalogNumber == id }
            if sets.isEmpty { throw CLIError("object \(object) is not in \(files.joined(separator: ", "))") }
        }
        var config = ManeuverDetectorConfiguration()
        config.falseAlarmProbabilityPerPair = falseAlarmProbability
        let detector = try ManeuverDetector(configuration: config)
        let report = detector.detect(sets: sets)
        for error in report.rejected { Diagnostics.print("error: \(error)") }
        Diagnostics.print("\(report.objectsTested) object(s) tested, \(report.objectsTooShort) with too few sets, \(report.duplicatesRemoved) duplicate set(s) removed, \(report.detections.count) maneuver(s)")
        switch format {
        case .table: printTable(report.detections)
        case .json: printJSON(report)
        }
        if loaded.rejected > 0 { throw InputRejected(count: loaded.rejected) }
        if !report.rejected.isEmpty { throw InputRejected(count: report.rejected.count) }
    }

    func printTable(_ detections: [ManeuverDetection]) {
        func pad(_ s: String, _ n: Int) -> String { s.count >= n ? s : s + String(repeating: " ", count: n - s.count) }
        print([pad("NORAD", 7), pad("NAME", 24), pad("REGIME", 6), pad("AFTER (UTC)", 20), pad("BEFORE (UTC)", 20),
               pad("DV_M_S", 8), pad("R", 6), pad("T", 7), pad("N", 6), pad("DIRECTION", 10), "CONF"].joined(separator: " "))
        for d in detections {
            let rtn = d.deltaVRTNMetersPerSecond
            print([pad("\(d.noradCatalogNumber)", 7), pad(String((d.objectName ?? "").prefix(24)), 24), pad(d.regime.rawValue, 6),
                   pad(d.windowStart.iso8601UTC(fractionDigits: 0), 20), pad(d.windowEnd.iso8601UTC(fractionDigits: 0), 20),
                   pad(String(format: "%.3f", d.deltaVMetersPerSecond), 8), pad(String(format: "%.2f", rtn.x), 6),
                   pad(String(format: "%+.3f", rtn.y), 7), pad(String(format: "%.2f", rtn.z), 6), pad(d.direction.rawValue, 10),
                   String(format: "%.2f", d.confidence)].joined(separator: " "))
            print("        \(d.reason)")
        }
    }

    func printJSON(_ report: ManeuverDetectionReport) {
        let detections: [[String: Any]] = report.detections.map { d in
            [
                "norad_id": d.noradCatalogNumber,
                "object_name": d.objectName ?? NSNull(),
                "regime": d.regime.rawValue,
                "window_start": d.windowStart.iso8601UTC(fractionDigits: 6),
                "window_end": d.windowEnd.iso8601UTC(fractionDigits: 6),
                "delta_v_m_s": d.deltaVMetersPerSecond,
                "delta_v_rtn_m_s": [d.deltaVRTNMetersPerSecond.x, d.deltaVRTNMetersPerSecond.y, d.deltaVRTNMetersPerSecond.z],
                "direction": d.direction.rawValue,
                "confidence": d.confidence,
                "significance": d.significance,
                "delta_semi_major_axis_km": d.changes.semiMajorAxisKm,
                "delta_inclination_deg": d.changes.inclinationRad * 180 / .pi,
                "plane_change_deg": d.changes.planeChangeRad * 180 / .pi,
                "delta_eccentricity_vector": d.changes.eccentricityVector,
                "delta_longitude_drift_deg_per_day": d.changes.longitudeDriftRateDegPerDay,
                "reason": d.reason,
            ]
        }
        let root: [String: Any] = [
            "objects_tested": report.objectsTested,
            "objects_too_short": report.objectsTooShort,
            "duplicates_removed": report.duplicatesRemoved,
            "false_alarm_probability_per_pair": falseAlarmProbability,
            "detections": detections,
        ]
        let data = (try? JSONSerialization.data(withJSONObject: root, options: [.prettyPrinted, .sortedKeys])) ?? Data("{}".utf8)
        print(String(decoding: data, as: UTF8.self))
    }
}
