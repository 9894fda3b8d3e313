import ArgumentParser
import Foundation
import SpaceData
import Sensors

/// `kanshi simulate …`: simulated sensor data.
struct SimulateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Simulate sensor observations from truth orbits, and inspector scenarios.",
        subcommands: [SimulateObservationsCommand.self, SimulateInspectorCommand.self])
}

/// `kanshi simulate observations --catalog FILE [--truth FILE] --sensors FILE --start T --duration S --out FILE.tdm`
struct SimulateObservationsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "observations",
        abstract: "Simulate the network's tracklets (CCSDS TDM) for a time window.",
        discussion: """
        The sensors are tasked from --catalog (stale, poorly known, protected/high-interest objects first, within each sensor's capacity); what they measure comes from --truth (default: the catalog itself), so a truth file with newer or different element sets gives observations the catalog does not predict exactly. Measurements carry each sensor's noise and bias, detection follows the radar equation (RCS by object type, seeded per catalog number) or the optical limiting magnitude, and false tracklets are added at each sensor's rate. The same --seed gives the same output. --labels writes the truth: one line per tracklet id with its catalog number (empty for a false alarm). The TDM CREATION_DATE is the window start, so the same inputs and seed give the same file byte for byte.
        """)

    @Option(help: "Catalog the sensors are tasked from (repeatable). Default: the bundled 2023-10-09 catalog.")
    var catalog: [String] = []

    @Option(help: "Truth element sets the observations are made of (repeatable). Default: the catalog.")
    var truth: [String] = []

    @OptionGroup var network: SensorNetworkOptions

    @Option(help: "Window start, ISO-8601 UTC. Default: the catalog's median epoch, to the minute.")
    var start: String?

    @Option(help: "Window length, seconds.")
    var duration: Double = 86_400

    @Option(help: "Output TDM file.")
    var out: String

    @Option(help: "TDM encoding: kvn or xml.")
    var format: TDMEncoding = .kvn

    @Option(help: "Random seed (xoshiro256**); the same seed repeats the run.")
    var seed: UInt64 = 1

    @Option(help: "Write the truth labels here (CSV: tracklet_id,catalog_number).")
    var labels: String?

    @Option(name: .customLong("protected"), help: "Protected catalog numbers, tasked before routine objects (repeatable).")
    var protectedIDs: [String] = []

    @Option(name: .customLong("high-interest"), help: "High-interest catalog numbers (repeatable).")
    var highInterestIDs: [String] = []

    @Option(help: "Element sets older than this many days at the start are stale (tasked first).")
    var staleDays: Double = 3

    @Flag(help: "Ignore sensor capacity: observe every pass.")
    var noTasking = false

    @Flag(help: "No false tracklets.")
    var noFalseAlarms = false

    @OptionGroup var earth: EarthOrientationOptions

    enum TDMEncoding: String, ExpressibleByArgument, CaseIterable { case kvn, xml }

    func validate() throws {
        if !(duration > 0) { throw ValidationError("--duration must be positive") }
        if !(staleDays >= 0) { throw ValidationError("--stale-days must not be negative") }
    }

    func run() async throws {
        let sensors = try network.load()
        let (catalogSets, rejectedCatalog) = try loadCatalog(catalog, label: "--catalog")
        let truthSets: [ElementSet]
        var rejected = rejectedCatalog
        if truth.isEmpty { truthSets = catalogSets } else {
            let t = try loadCatalog(truth, label: "--truth")
            truthSets = t.sets
            rejected += t.rejected
        }
        let startInstant = try windowStart(start, epochs: catalogSets.map(\.epoch))
        let eop = try earth.load()
        var options = SimulationOptions()
        options.seed = seed
        options.addFalseAlarms = !noFalseAlarms
        let simulator = ObservationSimulator(sensors: sensors, eop: eop, leapSeconds: eop.leapSeconds, options: options)

        var plan: TaskingPlan?
        if !noTasking {
            let priorities = TaskingPriorities(staleAfterDays: staleDays, protectedObjects: Set(try protectedIDs.map(parseCatalogNumber)),
                                               highInterest: Set(try highInterestIDs.map(parseCatalogNumber)))
            let predicted = simulator.access.compute(catalogSets, start: startInstant, durationSeconds: duration)
            let p = TaskingPlan(catalog: catalogSets, passes: predicted.passes, sensors: sensors, start: startInstant, priorities: priorities)
            Diagnostics.print("tasking: \(predicted.passes.count) predicted passes, \(p.segments.count) track segments granted, \(p.rejected) refused for capacity (\(String(format: "%.1f", predicted.elapsedSeconds)) s)")
            plan = p
        }
        let result = simulator.simulate(truth: truthSets, start: startInstant, durationSeconds: duration, plan: plan)

        let coverage = CoverageReport(catalog: truthSets, labels: result.labels)
        for (name, row) in coverage.rows.map({ ($0.regime.rawValue, $0) }) + [("all", coverage.total)] {
            Diagnostics.print("coverage \(name): \(row.objects) objects, \(row.withAtLeastOne) with ≥1 tracklet, \(row.withAtLeastThree) with ≥3")
        }
        let measurements = result.tracklets.reduce(0) { $0 + $1.measurements.count }
        Diagnostics.print("\(result.tracklets.count) tracklets (\(result.falseTracklets) false), \(measurements) measurements from \(result.passes.count) passes (\(result.undetectedPasses) not detected); \(result.failures.count) truth objects SGP4 could not propagate; \(String(format: "%.2f", result.elapsedSeconds)) s")

        if let labels {
            var text = "tracklet_id,catalog_number\n"
            for t in result.tracklets { text += "\(t.id),\((result.labels[t.id] ?? nil).map(String.init) ?? "")\n" }
            do { try text.write(toFile: labels, atomically: true, encoding: .utf8) } catch { throw CLIError("--labels \(labels): cannot write: \(error.localizedDescription)") }
        }
        try writeTDM(result.tracklets, to: out, encoding: format, created: startInstant)
        if rejected > 0 { throw ExitCode(1) }
    }

    /// Writes the tracklets as CCSDS TDM (503.0-B-2), one segment per tracklet (``TrackletTDM``).
    func writeTDM(_ tracklets: [Tracklet], to path: String, encoding: TDMEncoding, created: Instant) throws {
        let text: String
        do {
            let doc = try TrackletTDM.document(tracklets: tracklets, originator: "KANSHI-SIM", creationDate: created)
            text = encoding == .kvn ? try TDMKVN.write(doc) : try TDMXML.write(doc)
        } catch { throw CLIError("TDM: \(error)") }
        do { try text.write(toFile: path, atomically: true, encoding: .utf8) } catch {
            throw CLIError("--out \(path): cannot write: \(error.localizedDescription)")
        }
        Diagnostics.print("\(path): \(tracklets.count) tracklets as TDM \(encoding.rawValue.uppercased())")
    }
}
