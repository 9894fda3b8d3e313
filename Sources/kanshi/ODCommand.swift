import ArgumentParser
import Foundation
import Astrodynamics
import SpaceData
import Sensors
import CatalogMaintenance
import Threats

/// `kanshi od TDM... --catalog FILE --out FILE [--report json]`
struct ODCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "od",
        abstract: "Catalog maintenance: correlate TDM tracklets with the catalog, fit new element sets, find new objects.",
        discussion: """
        Reads tracklets from CCSDS TDM files (KVN or XML), correlates them with the catalog's objects, fits each \
        correlated object's SGP4 mean elements and B* to its tracklets (the next element set: epoch near the last \
        observation, element-set number + 1), turns confirmed uncorrelated tracks into analyst objects numbered \
        from 80000, and flags possible maneuvers. Writes the new element sets to --out and prints the report \
        (a table, or JSON with --report json) to stdout. Exit status: 0 success; 1 bad input (an unreadable or \
        malformed TDM, catalog or sensor file; the error names the file and line); 64 usage error.
        """)

    @Argument(help: "TDM files (KVN or XML).")
    var tdm: [String]

    @Option(help: "Catalog element sets (TLE/3LE or OMM; gzip allowed).")
    var catalog: String

    @Option(help: "Sensor network (kanshi-sensors JSON). Default: data/sensors.json.")
    var sensors: String?

    @Option(help: "Where to write the new element sets.")
    var out: String

    @Option(help: "Element-set format of --out: tle, omm-kvn, omm-xml, omm-json, omm-csv.")
    var format: ElementSetFormat = .tle

    @Option(help: "Report format: table or json.")
    var report: ODReportFormat = .table

    @OptionGroup var earthOrientation: EarthOrientationOptions

    func validate() throws {
        if tdm.isEmpty { throw ValidationError("give at least one TDM file") }
    }

    func run() async throws {
        // Inputs: bad input is exit 1 with the file (and line) named.
        var tracklets: [Tracklet] = []
        var inputErrors = 0
        for path in tdm {
            guard let bytes = try? FileInput.readFile(path) else {
                Diagnostics.print("error: \(path): cannot read file")
                throw ExitCode(1)
            }
            let r = TrackletTDM.read(bytes, file: path)
            for e in r.errors { Diagnostics.print("error: \(e)") }
            inputErrors += r.errors.count
            tracklets += r.records
        }
        if inputErrors > 0 {
            Diagnostics.print("\(inputErrors) TDM error(s); nothing processed")
            throw ExitCode(1)
        }
        guard FileManager.default.isReadableFile(atPath: catalog) else {
            Diagnostics.print("error: \(catalog): cannot read file")
            throw ExitCode(1)
        }
        let catalogReport = ElementSetReader().read(files: [catalog])
        for e in catalogReport.errors.prefix(20) { Diagnostics.print("error: \(e)") }
        if !catalogReport.errors.isEmpty { throw ExitCode(1) }
        let latest = Dictionary(catalogReport.records.map { ($0.noradCatalogNumber, $0) },
                                uniquingKeysWith: { a, b in a.epoch >= b.epoch ? a : b })
        let sensorPath: String
        do { sensorPath = try sensors ?? DataDirectory.locate().appendingPathComponent("sensors.json").path }
        catch { Diagnostics.print("error: \(error)"); throw ExitCode(1) }
        let network: SensorNetwork
        do { network = try SensorNetwork(contentsOf: URL(fileURLWithPath: sensorPath)) }
        catch { Diagnostics.print("error: \(error)"); throw ExitCode(1) }
        let eop: EarthOrientationTable
        do { eop = try earthOrientation.load() } catch { Diagnostics.print("error: \(error)"); throw ExitCode(1) }

        let run = CatalogMaintenanceRun(catalog: latest.values.sorted { $0.noradCatalogNumber < $1.noradCatalogNumber },
                                        network: network.sensors, model: MeasurementModel(eop: eop))
        let result = run.run(tracklets)

        // Element sets out; OMM formats carry each fit's 1σ as user-defined parameters (FitUncertainty),
        // which `kanshi maneuvers` uses as the noise floor of the OD history.
        let sets = OrbitDeterminationHistory.elementSets(of: result)
        let text: String
        switch format {
        case .tle:
            var errors: [ParseError] = []
            text = TLEWriter(nameLines: .zeroPrefixed).write(sets, errors: &errors)
            for e in errors { Diagnostics.print("error: \(e)") }
        case .ommKVN: text = OMMKVN.write(sets)
        case .ommXML: text = OMMXML.write(sets)
        case .ommJSON: text = OMMJSON.write(sets)
        case .ommCSV: text = OMMCSV.write(sets)
        }
        do { try text.write(toFile: out, atomically: true, encoding: .utf8) }
        catch { Diagnostics.print("error: \(out): cannot write: \(error.localizedDescription)"); throw ExitCode(1) }

        let stdout = OutputStream()
        stdout.write(report == .json ? ODReportWriter.json(result) : ODReportWriter.table(result))
        stdout.flush()
        Diagnostics.print("\(tracklets.count) tracklets; \(result.objects.count) objects updated, \(result.newObjects.count) new; wrote \(sets.count) element sets to \(out)")
    }
}

/// Report formats of `kanshi od`.
enum ODReportFormat: String, ExpressibleByArgument, CaseIterable { case table, json }

/// Renders a ``MaintenanceReport`` for the terminal or as JSON.
enum ODReportWriter {
    static func table(_ r: MaintenanceReport) -> String {
        var s = "OBJECT   TRACKS  USED  EDIT  WRMS   RANGE_M  ANGLE_DEG  EPOCH                      SET  FLAGS\n"
        func f(_ x: Double, _ d: Int) -> String { x.isFinite ? String(format: "%.\(d)f", x) : "-" }
        func pad(_ x: String, _ n: Int) -> String { x.count >= n ? x : x + String(repeating: " ", count: n - x.count) }
        for o in r.objects {
            let epoch = o.elementSet.map { $0.epoch.iso8601UTC(fractionDigits: 3) } ?? "-"
            let flags = (o.flags + (o.error.map { ["error: \($0)"] } ?? [])).joined(separator: "; ")
            s += pad("\(o.catalogNumber)", 9) + pad("\(o.tracklets.count)", 8) + pad("\(o.measurementsUsed)", 6)
                + pad("\(o.measurementsRejected)", 6) + pad(f(o.weightedRMS, 2), 7) + pad(f(o.rangeRMSMeters, 1), 9)
                + pad(f(o.angleRMSDegrees, 4), 11) + pad(epoch, 27) + pad(o.elementSet.map { "\($0.elementSetNumber)" } ?? "-", 5)
                + flags + "\n"
        }
        s += "\nNEW OBJECTS (\(r.newObjects.count))\n"
        for n in r.newObjects {
            s += "\(n.catalogNumber)  \(n.tracklets.count) tracklets over \(n.passes) passes  WRMS \(f(n.weightedRMS, 2))  "
                + String(format: "n %.6f rev/d  e %.5f  i %.3f°", n.elementSet.meanMotionRevPerDay, n.elementSet.eccentricity,
                         n.elementSet.inclinationDeg) + "  \(n.dragNote)\n"
        }
        if !r.uctsMatchedToKnownObjects.isEmpty {
            s += "\nUNCORRELATED TRACKS THAT ARE KNOWN OBJECTS\n"
            for k in r.uctsMatchedToKnownObjects { s += "\(k.catalogNumber): \(k.tracklets.joined(separator: ", "))\n" }
        }
        s += "\nPOSSIBLE MANEUVERS (\(r.maneuvers.count))\n"
        for m in r.maneuvers {
            s += "\(m.catalogNumber)  \(m.tracklet)  miss R \(f(m.missRadialKm, 1)) T \(f(m.missAlongTrackKm, 1)) N \(f(m.missCrossTrackKm, 1)) km  \(m.reason)\n"
        }
        s += "\nAMBIGUOUS (\(r.ambiguities.count))\n"
        for a in r.ambiguities { s += "\(a.tracklet): candidates \(a.candidates), assigned \(a.assigned.map(String.init) ?? "none")\n" }
        s += "\nREJECTED (\(r.rejected.count))\n"
        for x in r.rejected { s += "\(x.tracklet): \(x.reason)\n" }
        s += "\nTIMINGS " + r.timingsSeconds.sorted { $0.key < $1.key }.map { "\($0.key) \(String(format: "%.2f", $0.value)) s" }.joined(separator: ", ") + "\n"
        return s
    }

    static func json(_ r: MaintenanceReport) -> String {
        func num(_ x: Double) -> Any { x.isFinite ? x : NSNull() }
        func set(_ e: ElementSet?) -> Any {
            guard let e else { return NSNull() }
            return ["NORAD_CAT_ID": e.noradCatalogNumber, "OBJECT_NAME": e.objectName ?? NSNull(),
                    "EPOCH": e.epoch.iso8601UTC(fractionDigits: 6), "MEAN_MOTION": e.meanMotionRevPerDay,
                    "ECCENTRICITY": e.eccentricity, "INCLINATION": e.inclinationDeg, "RA_OF_ASC_NODE": e.raanDeg,
                    "ARG_OF_PERICENTER": e.argumentOfPericenterDeg, "MEAN_ANOMALY": e.meanAnomalyDeg,
                    "BSTAR": e.bstar, "ELEMENT_SET_NO": e.elementSetNumber] as [String: Any]
        }
        func maneuver(_ m: ManeuverFlag) -> [String: Any] {
            ["object": m.catalogNumber, "tracklet": m.tracklet, "miss_radial_km": num(m.missRadialKm),
             "miss_along_track_km": num(m.missAlongTrackKm), "miss_cross_track_km": num(m.missCrossTrackKm), "reason": m.reason]
        }
        let root: [String: Any] = [
            "tracklets_in": r.trackletsIn,
            "objects": r.objects.map { o -> [String: Any] in
                ["object": o.catalogNumber, "tracklets": o.tracklets, "measurements_used": o.measurementsUsed,
                 "measurements_rejected": o.measurementsRejected, "weighted_rms": num(o.weightedRMS),
                 "range_rms_m": num(o.rangeRMSMeters), "angle_rms_deg": num(o.angleRMSDegrees),
                 "range_rate_rms_m_s": num(o.rangeRateRMSMetersPerSecond), "drag": o.dragNote, "converged": o.converged,
                 "elements": set(o.elementSet), "flags": o.flags, "error": o.error ?? NSNull()]
            },
            "new_objects": r.newObjects.map { n -> [String: Any] in
                ["object": n.catalogNumber, "tracklets": n.tracklets, "passes": n.passes, "weighted_rms": num(n.weightedRMS),
                 "range_rms_m": num(n.rangeRMSMeters), "angle_rms_deg": num(n.angleRMSDegrees), "drag": n.dragNote,
                 "rule": n.rule, "elements": set(n.elementSet)]
            },
            "ucts_matched_to_known_objects": r.uctsMatchedToKnownObjects.map { ["object": $0.catalogNumber, "tracklets": $0.tracklets] },
            "maneuvers": r.maneuvers.map(maneuver),
            "ambiguities": r.ambiguities.map { ["tracklet": $0.tracklet, "candidates": $0.candidates,
                                                "chi_squares": $0.chiSquares, "assigned": $0.assigned ?? NSNull()] as [String: Any] },
            "rejected": r.rejected.map { ["tracklet": $0.tracklet, "reason": $0.reason] },
            "catalog_problems": r.catalogProblems,
            "correlation_pairs_tested": r.correlationPairsTested,
            "timings_s": r.timingsSeconds,
        ]
        let data = (try? JSONSerialization.data(withJSONObject: root, options: [.prettyPrinted, .sortedKeys])) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}
