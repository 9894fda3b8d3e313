import ArgumentParser
import Foundation
import MissileWarning

/// `kanshi missile evaluate --truth FILE.json --tracks FILE.json`: the Proof figures of a tracker run
/// against the simulation truth (``MissileEvaluation``).
struct MissileEvaluateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate",
        abstract: "Score a tracks report against the simulation truth: detection and decision times, impact error at burnout + 30 s, class and EEZ decision.",
        discussion: """
        --truth is the file `kanshi missile simulate --truth` wrote; --tracks the file `kanshi missile track --format json` wrote \
        from that simulation's detections. Japan's zones come from data/geo (or --geo). The rules (matching, stable decision, \
        the 25 km margin, the class truth) are in docs/missile-tracks.md. Exit status: 0 every scored decision correct and no false track; \
        1 a file cannot be read; 2 a class or EEZ decision is wrong, a missile has no track, or a false track exists.
        """)

    @Option(help: "Truth file (kanshi-missile-truth/1).")
    var truth: String

    @Option(help: "Tracks report (kanshi-missile-tracks/1).")
    var tracks: String

    @Option(help: "Directory with japan_land.geojson and japan_eez_approx.geojson; default data/geo.")
    var geo: String?

    @Option(help: "Output: table or json.")
    var format: OutputFormat = .table

    enum OutputFormat: String, ExpressibleByArgument { case table, json }

    func run() async throws {
        let truthFile: MissileTruthFile
        let report: MissileTrackReport
        let zones: JapanZones
        do {
            truthFile = try MissileTruthFile.read(contentsOf: truth)
            report = try MissileTrackReport.read(contentsOf: tracks)
            zones = try JapanZones(directory: try geo ?? DataDirectory.locate().appendingPathComponent("geo").path)
        } catch {
            FileHandle.standardError.write(Data("kanshi missile evaluate: \(error)\n".utf8))
            throw ExitCode(1)
        }
        let result = try MissileEvaluation(zones: zones).evaluate(truth: truthFile, report: report)
        switch format {
        case .table: print(result.table())
        case .json:
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            print(String(decoding: try encoder.encode(result), as: UTF8.self))
        }
        let wrong = result.missiles.contains { $0.track == nil || $0.class_correct == false || $0.eez_decision_correct == false }
        if wrong || !result.false_tracks.isEmpty { throw ExitCode(2) }
    }
}
