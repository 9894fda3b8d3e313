import ArgumentParser
import Foundation
import Astrodynamics
import SpaceData
import Sensors
import Threats

/// `kanshi simulate inspector --asset N [--catalog FILE] [--start T] [--days D] --out FILE
/// [--observations FILE.tdm [--split-days] [--sensors FILE] [--seed S]]`: element-set histories of an
/// inspector closing in on a protected asset and, optionally, the radar tracklets of both from their
/// true trajectories (docs/threats.md).
struct SimulateInspectorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspector",
        abstract: "Simulate a \"killer satellite\": element-set histories of an inspector that closes in on an asset with a few burns.",
        discussion: """
        LEO assets: the inspector starts in the asset's plane 80 km lower and 90° behind, an approach burn raises it to 5 km below when 15° remain, a last burn matches the period ~30 km behind. GEO assets: it drifts in at 0.5°/day from 5° away, slows to 0.05°/day at 1° (the approach burn) and parks ~10 km away. Writes the asset's and the inspector's sets (3LE) to --out, prints the burns and, replaying the sets as they would arrive, the first threat alert. With --observations, also simulates the sensor network's tracklets (CCSDS TDM, as `kanshi simulate observations` writes them) of the asset and the inspector over the scenario from their true trajectories — the inspector's legs between burns, not the noisy sets — with each sensor's noise, bias and detection; --split-days writes one TDM per UTC day instead (FILE-day0.tdm, FILE-day1.tdm, …), ready for daily `kanshi od` or `kanshi maneuvers --tdm`. Exit status: 0 success; 1 bad input; 64 usage error.
        """)

    @Option(help: "The protected asset (NORAD catalog number) the inspector goes after.")
    var asset: String

    @Option(help: "Catalog holding the asset (TLE/3LE/OMM). Default: the bundled catalog.")
    var catalog: [String] = []

    @Option(help: "Scenario start, ISO-8601 UTC. Default: the asset's epoch.")
    var start: String?

    @Option(help: "Scenario length, days. Default: 8 (LEO) or 40 (GEO).")
    var days: Double?

    @Option(help: "Hours between element sets.")
    var intervalHours: Double?

    @Option(help: "Catalog number of the inspector (80000–89999 makes it an analyst object of unknown identity).")
    var inspector: Int = 99_001

    @Option(help: "Output file for both histories (3LE).")
    var out: String

    @Option(help: "LEO only: how far below the asset the inspector starts, km (its approach burn raises it to 5 km below).")
    var leoAltitudeOffsetKm: Double = 80

    @Option(help: "LEO only: how far behind the asset the inspector starts, degrees of mean anomaly (larger: later approach burn).")
    var leoInitialGapDeg: Double = 90

    @Option(help: "Also write the tracklets of asset and inspector, from their true trajectories, to this TDM file.")
    var observations: String?

    @Flag(help: "With --observations: one TDM per UTC day of the scenario (FILE-day0.tdm, …) instead of one file.")
    var splitDays = false

    @OptionGroup var network: SensorNetworkOptions

    @Option(help: "Random seed of the observation simulation (xoshiro256**).")
    var seed: UInt64 = 1

    @Flag(help: "With --observations: no false tracklets.")
    var noFalseAlarms = false

    @OptionGroup var earth: EarthOrientationOptions

    func validate() throws {
        _ = try parseCatalogNumber(asset)
        if let days { guard days > 0 && days <= 120 else { throw ValidationError("--days must be in (0, 120]") } }
        if let intervalHours { guard intervalHours >= 0.5 && intervalHours <= 72 else { throw ValidationError("--interval-hours must be in [0.5, 72]") } }
        guard leoAltitudeOffsetKm > 5 && leoAltitudeOffsetKm <= 500 else { throw ValidationError("--leo-altitude-offset-km must be in (5, 500]") }
        guard leoInitialGapDeg > 15 && leoInitialGapDeg < 720 else { throw ValidationError("--leo-initial-gap-deg must be in (15, 720)") }
        if splitDays && observations == nil { throw ValidationError("--split-days needs --observations") }
    }

    func run() async throws {
        let id = try parseCatalogNumber(asset)
        let loaded = try ElementSetInputOptions.parse(catalog).load()
        guard let set = loaded.latestByCatalogNumber[id] else { throw CLIError("asset \(asset) is not in the catalog") }
        let from: Instant
        if let start { do { from = try Instant(utc: start) } catch { throw ValidationError("--start: \(error)") } } else { from = set.epoch }
        let regime = OrbitRegime(meanMotionRevPerDay: set.meanMotionRevPerDay, eccentricity: set.eccentricity)
        let scenario: InspectorScenario
        switch regime {
        case .leo:
            scenario = .leo(asset: set, start: from, days: days ?? 8, setIntervalHours: intervalHours ?? 8, inspectorNumber: inspector,
                            initialAltitudeOffsetKm: leoAltitudeOffsetKm, initialGapDeg: leoInitialGapDeg)
        case .geo:
            scenario = .geo(asset: set, start: from, days: days ?? 40, setIntervalHours: intervalHours ?? 12, inspectorNumber: inspector)
        case .meo, .heo:
            throw CLIError("asset \(asset) is \(regime.rawValue): the scenarios are LEO and GEO")
        }
        var errors: [ParseError] = []
        let text = TLEWriter(nameLines: .zeroPrefixed).write(
            (scenario.assetHistory + scenario.inspectorHistory).sorted { ($0.epoch, $0.noradCatalogNumber) < ($1.epoch, $1.noradCatalogNumber) },
            errors: &errors)
        for e in errors { Diagnostics.print("error: \(e)") }
        do { try text.write(toFile: out, atomically: true, encoding: .utf8) } catch { throw CLIError("cannot write \(out): \(error.localizedDescription)") }
        print("\(regime.rawValue) inspector \(inspector) against \(id) \(set.objectName ?? ""): \(scenario.inspectorHistory.count) sets each, written to \(out)")
        for b in scenario.burns {
            print("burn at \(b.time.iso8601UTC(fractionDigits: 0))\(b.isApproach ? " (approach)" : ""): mean motion \(String(format: "%+.5f", b.relativeMeanMotionAfter * 100)) % relative to the asset after")
        }
        if let first = scenario.firstSetAfterApproach { print("first set after the approach burn: \(first.epoch.iso8601UTC(fractionDigits: 0))") }
        if let alert = scenario.firstAlert() {
            let a = alert.assessment
            print("first alert at the set of \(alert.epoch.iso8601UTC(fractionDigits: 0)): \(a.level.rawValue), score \(String(format: "%.1f", a.score))")
            for r in a.reasons { print("  - \(r)") }
        } else {
            print("no alert raised")
        }
        if let observations { try writeObservations(scenario, to: observations) }
        if !errors.isEmpty { throw InputRejected(count: errors.count) }
    }

    /// Simulates the tracklets of the scenario's truth (``InspectorObservations``) and writes them as TDM KVN.
    func writeObservations(_ scenario: InspectorScenario, to path: String) throws {
        let sensors = try network.load()
        var options = SimulationOptions()
        options.seed = seed
        options.addFalseAlarms = !noFalseAlarms
        let simulator = ObservationSimulator(sensors: sensors, eop: try earth.load(), options: options)
        let result: InspectorObservations
        do { result = try InspectorObservations.simulate(scenario, simulator: simulator) } catch { throw CLIError("observations: \(error)") }
        let start = scenario.truth.asset.epoch
        let end = scenario.inspectorHistory.last?.epoch ?? start
        var files: [(path: String, tracklets: [Tracklet], created: Instant)] = []
        if splitDays {
            let stem = path.hasSuffix(".tdm") ? String(path.dropLast(4)) : path
            var day = 0
            while start.advanced(bySeconds: Double(day) * 86_400) < end {
                let from = start.advanced(bySeconds: Double(day) * 86_400)
                files.append(("\(stem)-day\(day).tdm", result.tracklets(from: from, to: from.advanced(bySeconds: 86_400)), from))
                day += 1
            }
        } else {
            files.append((path, result.tracklets, start))
        }
        for f in files {
            let text: String
            do {
                text = try TDMKVN.write(try TrackletTDM.document(tracklets: f.tracklets, originator: "KANSHI-SIM", creationDate: f.created))
            } catch { throw CLIError("TDM: \(error)") }
            do { try text.write(toFile: f.path, atomically: true, encoding: .utf8) } catch {
                throw CLIError("--observations \(f.path): cannot write: \(error.localizedDescription)")
            }
        }
        let own = result.labels.values.compactMap { $0 }
        print("observations: \(result.tracklets.count) tracklets (\(own.filter { $0 == scenario.asset.noradCatalogNumber }.count) of the asset, \(own.filter { $0 == scenario.inspectorNumber }.count) of the inspector, \(result.tracklets.count - own.count) false) written to \(files.count == 1 ? files[0].path : "\(files.count) daily files \(files[0].path) …")")
    }
}
