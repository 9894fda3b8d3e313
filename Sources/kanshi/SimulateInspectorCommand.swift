import ArgumentParser
import Foundation
import Astrodynamics
import SpaceData
import Threats

/// `kanshi simulate inspector --asset N [--catalog FILE] [--start T] [--days D] --out FILE`:
/// element-set histories of an inspector closing in on a protected asset (docs/threats.md).
struct SimulateInspectorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspector",
        abstract: "Simulate a \"killer satellite\": element-set histories of an inspector that closes in on an asset with a few burns.",
        discussion: """
        LEO assets: the inspector starts in the asset's plane 80 km lower and 90° behind, an approach burn raises it to 5 km below when 15° remain, a last burn matches the period ~30 km behind. GEO assets: it drifts in at 0.5°/day from 5° away, slows to 0.05°/day at 1° (the approach burn) and parks ~10 km away. Writes the asset's and the inspector's sets (3LE) to --out, prints the burns and, replaying the sets as they would arrive, the first threat alert. Exit status: 0 success; 1 bad input; 64 usage error.
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

    func validate() throws {
        _ = try parseCatalogNumber(asset)
        if let days { guard days > 0 && days <= 120 else { throw ValidationError("--days must be in (0, 120]") } }
        if let intervalHours { guard intervalHours >= 0.5 && intervalHours <= 72 else { throw ValidationError("--interval-hours must be in [0.5, 72]") } }
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
            scenario = .leo(asset: set, start: from, days: days ?? 8, setIntervalHours: intervalHours ?? 8, inspectorNumber: inspector)
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
        if !errors.isEmpty { throw InputRejected(count: errors.count) }
    }
}
