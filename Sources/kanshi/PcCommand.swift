import ArgumentParser
import Conjunction
import Foundation
import SpaceData

/// `kanshi pc CDMFILE... [--method ...] [--hbr-m R] [--format json|table]`
struct PcCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pc",
        abstract: "Probability of collision of the conjunctions in CDM files (KVN or XML, gzip allowed).",
        discussion: "Each CDM's two states and RTN covariances at TCA give a short-term encounter. The hard-body radius is --hbr-m, else the CDM's HBR keywords (summed), else an 'HBR =' comment; a CDM with none is reported and skipped. ITRF states get ω × r added to their velocities. Flags name usage violations (zero relative velocity, clipped non-positive-definite covariance, long encounter) instead of a wrong number. pc_max is Alfano's (2005) maximum Pc for the miss distance and radius, as when covariance is unknown.")

    @Argument(help: "CDM files.")
    var files: [String]

    @Option(help: "Method: foster, chan, alfano, patera, montecarlo or all.")
    var method: MethodChoice = .foster

    @Option(name: .customLong("hbr-m"), help: "Combined hard-body radius, metres (overrides the CDM).")
    var hbrMeters: Double?

    @Option(help: "Monte Carlo trials.")
    var trials: Int = 1_000_000

    @Option(help: "Output format: json or table.")
    var format: Format = .table

    enum Format: String, ExpressibleByArgument, CaseIterable { case json, table }

    enum MethodChoice: String, ExpressibleByArgument, CaseIterable {
        case foster, chan, alfano, patera, montecarlo, all
        var methods: [PcMethod] {
            switch self {
            case .foster: [.foster1992]
            case .chan: [.chan1997]
            case .alfano: [.alfano2005]
            case .patera: [.patera2005]
            case .montecarlo: [.monteCarlo]
            case .all: PcMethod.allCases
            }
        }
    }

    func validate() throws {
        if let h = hbrMeters, !(h > 0) { throw ValidationError("--hbr-m must be positive") }
        if trials < 1 { throw ValidationError("--trials must be at least 1") }
    }

    func run() async throws {
        let report = CDMReader.read(files: files)
        for e in report.errors { Diagnostics.print("error: \(e)") }
        for w in report.warnings { Diagnostics.print("warning: \(w)") }
        var problems = report.rejectedCount
        var records: [String] = []
        var table = "TCA (UTC)                    object 1            object 2             miss_km  v_rel_km_s  hbr_m  method      Pc           flags\n"
        for cdm in report.records {
            let encounter: ShortTermEncounter
            do {
                encounter = try ShortTermEncounter(cdm: cdm, hardBodyRadiusKm: hbrMeters.map { $0 / 1_000 })
            } catch {
                Diagnostics.print("error: CDM \(cdm.header.messageID): \(error)")
                problems += 1
                continue
            }
            let hbrKm = try cdm.combinedHardBodyRadiusKm(override: hbrMeters.map { $0 / 1_000 })
            let results = method.methods.map { m -> CollisionProbability in
                m == .monteCarlo ? encounter.probability(using: MonteCarloPc(trials: trials)) : encounter.probability(m)
            }
            let pcMax = MaximumProbability.alfano2005(missDistanceKm: encounter.missDistanceKm, hardBodyRadiusKm: hbrKm)
            let tca = cdm.relativeMetadata.tca.iso8601UTC(fractionDigits: 3)
            let id1 = cdm.object1.metadata.objectDesignator, id2 = cdm.object2.metadata.objectDesignator
            var json = "{\"message_id\":\(JSONValue.quote(cdm.header.messageID)),\"tca\":\"\(tca)\",\"id1\":\(JSONValue.quote(id1)),\"id2\":\(JSONValue.quote(id2))"
            json += ",\"miss_km\":\(encounter.missDistanceKm),\"relative_speed_km_s\":\(encounter.relativeSpeedKmPerS),\"hbr_m\":\(hbrKm * 1_000)"
            json += ",\"pc_max\":\(pcMax.value),\"results\":["
            json += results.map { r in
                var s = "{\"method\":\"\(r.method.rawValue)\",\"pc\":" + (r.value.map { "\($0)" } ?? "null")
                s += ",\"flags\":[" + r.flags.map(\.rawValue).sorted().map { "\"\($0)\"" }.joined(separator: ",") + "]"
                if let ci = r.confidenceInterval { s += ",\"ci_low\":\(ci.lowerBound),\"ci_high\":\(ci.upperBound)" }
                return s + "}"
            }.joined(separator: ",") + "]"
            if let given = cdm.relativeMetadata.collisionProbability { json += ",\"cdm_pc\":\(given)" }
            records.append(json + "}")
            for r in results {
                let pc = r.value.map { String(format: "%.6e", $0) } ?? "none"
                let line = [tca.padding(toLength: 28, withPad: " ", startingAt: 0),
                            String(id1.prefix(19)).padding(toLength: 20, withPad: " ", startingAt: 0),
                            String(id2.prefix(19)).padding(toLength: 20, withPad: " ", startingAt: 0),
                            String(format: "%8.4f", encounter.missDistanceKm),
                            String(format: "%11.4f", encounter.relativeSpeedKmPerS),
                            String(format: "%6.1f", hbrKm * 1_000),
                            "  " + r.method.rawValue.padding(toLength: 12, withPad: " ", startingAt: 0),
                            pc.padding(toLength: 13, withPad: " ", startingAt: 0),
                            r.flags.map(\.rawValue).sorted().joined(separator: ",")]
                table += line.joined(separator: " ") + "\n"
            }
        }
        let out = OutputStream()
        out.write(format == .json ? "[" + records.joined(separator: ",\n") + "]\n" : table)
        out.flush()
        if problems > 0 { throw ExitCode(1) }
    }
}
