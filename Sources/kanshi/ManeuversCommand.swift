import ArgumentParser
import Foundation
import Astrodynamics
import SpaceData
import Sensors
import CatalogMaintenance
import Threats

/// `kanshi maneuvers HISTORY... [--format json|table] [--object N]`: maneuvers found in element-set histories.
/// `kanshi maneuvers --tdm TDM... --catalog FILE [--od-hours H] [--od-out FILE]`: the histories are made
/// first, by orbit determination (catalog maintenance) batch by batch over the tracklets.
struct ManeuversCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "maneuvers",
        abstract: "Detect maneuvers in element-set histories (several sets per object), with window, Δv, direction and confidence.",
        discussion: """
        Per object, steps in semi-major axis beyond the drag trend, in inclination and node beyond J2 drift, and (GEO) in the inclination and eccentricity vectors, judged against the object's own robust noise level (see docs/threats.md). Orbit-determination output works as input: `kanshi od --out` sets (TLE or OMM), or — with --tdm — tracklets that this command fits itself, --od-hours at a time (default a day), starting from each --catalog object's latest set at or before the first tracklet; an object lost to a large burn and found again as a new object keeps its number (custody rule in docs/threats.md). Sets that carry their fit noise (OMM user-defined FIT_SIGMA_* parameters, as --od-out writes them) use it as a floor under the history's robust noise. Exit status: 0 success; 1 input records rejected, a file unreadable or --object not found; 64 usage error.
        """)

    @Argument(help: "Element-set history files: TLE/3LE or OMM (KVN, XML, JSON, CSV), gzip read transparently; with --tdm, tracklet files.")
    var files: [String] = []

    @Flag(help: "The files are tracklets (CCSDS TDM, KVN or XML): make the histories from them by orbit determination first.")
    var tdm = false

    @Option(help: "With --tdm: the starting catalog (TLE/3LE/OMM; repeatable).")
    var catalog: [String] = []

    @Option(help: "With --tdm: hours of tracklets per orbit-determination run.")
    var odHours: Double = 24

    @Option(help: "With --tdm: write every fitted set, with its fit noise, here (OMM KVN).")
    var odOut: String?

    @OptionGroup var network: SensorNetworkOptions

    @OptionGroup var earth: EarthOrientationOptions

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
        if files.isEmpty { throw ValidationError(tdm ? "give TDM tracklet files" : "give element-set history files") }
        if tdm && catalog.isEmpty { throw ValidationError("--tdm needs --catalog (the starting element sets)") }
        guard odHours >= 1 && odHours <= 240 else { throw ValidationError("--od-hours must be in [1, 240]") }
        if odOut != nil && !tdm { throw ValidationError("--od-out needs --tdm") }
        if !catalog.isEmpty && !tdm { throw ValidationError("--catalog needs --tdm") }
    }

    func run() async throws {
        var sets: [ElementSet]
        var rejectedInput = 0
        if !tdm {
            let options = try ElementSetInputOptions.parse(files + (acceptBadChecksums ? ["--accept-bad-checksums"] : []))
            let loaded = try options.load()
            sets = loaded.sets
            rejectedInput = loaded.rejected
        } else {
            sets = try orbitDetermination()
        }
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
        if rejectedInput > 0 { throw InputRejected(count: rejectedInput) }
        if !report.rejected.isEmpty { throw InputRejected(count: report.rejected.count) }
    }

    /// Reads the tracklets and the starting catalog, runs catalog maintenance batch by batch
    /// (``OrbitDeterminationHistory``) and returns the fitted sets.
    func orbitDetermination() throws -> [ElementSet] {
        var tracklets: [Tracklet] = []
        var errors = 0
        for path in files {
            guard let bytes = try? FileInput.readFile(path) else { throw CLIError("\(path): cannot read file") }
            let r = TrackletTDM.read(bytes, file: path)
            for e in r.errors { Diagnostics.print("error: \(e)") }
            errors += r.errors.count
            tracklets += r.records
        }
        if errors > 0 { throw InputRejected(count: errors) }
        guard let first = tracklets.compactMap(\.start).min(), let last = tracklets.compactMap(\.start).max() else {
            throw CLIError("no tracklets in \(files.joined(separator: ", "))")
        }
        let loaded = try ElementSetInputOptions.parse(catalog + (acceptBadChecksums ? ["--accept-bad-checksums"] : [])).load()
        if loaded.rejected > 0 { throw InputRejected(count: loaded.rejected) }
        // Each object's latest set at or before the first tracklet (else its earliest).
        var start: [Int: ElementSet] = [:]
        for (id, group) in Dictionary(grouping: loaded.sets, by: \.noradCatalogNumber) {
            let sorted = group.sorted { $0.epoch < $1.epoch }
            start[id] = sorted.last { $0.epoch <= first } ?? sorted[0]
        }
        var od = OrbitDeterminationHistory(catalog: Array(start.values), network: try network.load(),
                                           model: MeasurementModel(eop: try earth.load()))
        var from = first
        var runs = 0
        while from <= last {
            let to = from.advanced(bySeconds: odHours * 3600)
            let batch = tracklets.filter { t in t.start.map { $0 >= from && $0 < to } ?? false }
            if !batch.isEmpty {
                let r = od.run(batch)
                runs += 1
                Diagnostics.print("od \(from.iso8601UTC(fractionDigits: 0)): \(batch.count) tracklets, \(r.objects.count) objects updated, \(r.newObjects.count) new")
            }
            from = to
        }
        for t in od.custodyTransfers {
            Diagnostics.print("custody: new object \(t.newNumber) continues \(t.catalogNumber) (last seen \(t.lastSeen.iso8601UTC(fractionDigits: 0)), found again \(t.reacquired.iso8601UTC(fractionDigits: 0)))")
        }
        Diagnostics.print("\(runs) orbit-determination run(s), \(od.history.count) fitted sets")
        if let odOut {
            do { try OMMKVN.write(od.history).write(toFile: odOut, atomically: true, encoding: .utf8) } catch {
                throw CLIError("--od-out \(odOut): cannot write: \(error.localizedDescription)")
            }
        }
        return od.history
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
