import ArgumentParser
import Conjunction
import Foundation
import SpaceData

/// `kanshi avoid (CDMFILE | --event ID1,ID2 [--tca T]) [CATALOG...] [--lead-orbits N] [--pc-threshold P]`
struct AvoidCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "avoid",
        abstract: "Plan the smallest avoidance burn for a conjunction and verify it against the catalog.",
        discussion: "Positional files may be CDMs (recognised by content) and element-set catalogs (default: the bundled catalog). The event comes from a CDM (its TCA and the two objects' catalog numbers, whose element sets are taken from the catalog) or from --event ID1,ID2 (the closest approach of the pair in the window, or the one nearest --tca). The first object maneuvers: an impulse --lead-orbits of its orbits before TCA, along-track (and radial with --radial), the smallest that brings the Pc (Foster 1992, Kanshi's default TLE covariance × --sigma-scale) below --pc-threshold and the miss above --min-miss-km. The maneuvered orbit is fitted as a new SGP4 element set and re-screened against the whole catalog from the burn to the end of the window; a burn that creates a new conjunction is rejected for the next candidate.")

    @OptionGroup var input: ElementSetInputOptions

    @Option(help: "CDM file giving the event (TCA and catalog numbers).")
    var cdm: String?

    @Option(help: "The event's two catalog numbers, primary first: ID1,ID2.")
    var event: String?

    @Option(help: "TCA of the event, ISO-8601 UTC (with --event; default: the pair's closest approach in the window).")
    var tca: String?

    @Option(help: "Burn lead time before TCA, in orbits of the primary.")
    var leadOrbits: Double = 1

    @Option(help: "Pc threshold (CARA's red line by default).")
    var pcThreshold: Double = 1e-4

    @Option(name: .customLong("min-miss-km"), help: "Also require at least this miss distance after the burn, km.")
    var minMissKm: Double?

    @Option(name: .customLong("hbr-m"), help: "Combined hard-body radius, metres.")
    var hbrMeters: Double = 20

    @Option(help: "Scale on the default TLE covariance sigmas.")
    var sigmaScale: Double = 1

    @Flag(help: "Also try radial burns.")
    var radial = false

    @Option(help: "Re-screening window from the window start, days.")
    var days: Double = 7

    @Option(help: "Window start, ISO-8601 UTC (default: the catalog's median epoch, to the minute).")
    var start: String?

    @Option(name: .customLong("threshold-km"), help: "Re-screening distance threshold, km.")
    var thresholdKm: Double = 5

    @Flag(help: "Skip the re-screen of the maneuvered orbit against the catalog.")
    var noVerify = false

    @Option(help: "Output format: json or text.")
    var format: Format = .text

    enum Format: String, ExpressibleByArgument, CaseIterable { case json, text }

    func validate() throws {
        if cdm != nil && event != nil { throw ValidationError("give a CDM or --event, not both") }
        if !(leadOrbits > 0) { throw ValidationError("--lead-orbits must be positive") }
        if !(pcThreshold > 0 && pcThreshold < 1) { throw ValidationError("--pc-threshold must be in (0, 1)") }
        if !(sigmaScale > 0) || !(hbrMeters > 0) { throw ValidationError("--sigma-scale and --hbr-m must be positive") }
    }

    func run() async throws {
        // Positional CDMs are told from element-set files by their content.
        var input = self.input
        var cdmFiles = cdm.map { [$0] } ?? []
        input.files = input.files.filter { path in
            let head = (try? readFile(path).prefix(4096)).map { String(decoding: $0, as: UTF8.self) } ?? ""
            if head.contains("CCSDS_CDM_VERS") || head.contains("<cdm") { cdmFiles.append(path); return false }
            return true
        }
        guard cdmFiles.count <= 1 else { throw ValidationError("give one CDM at a time") }
        guard (cdmFiles.first == nil) != (event == nil) else { throw ValidationError("give a CDM or --event ID1,ID2") }
        let cdm = cdmFiles.first
        let loaded = try input.load()
        let sets = loaded.latestByCatalogNumber
        let screening = ScreeningConfiguration(start: try windowStart(start, epochs: loaded.sets.map(\.epoch)), durationSeconds: days * 86_400, thresholdKm: thresholdKm)

        // The pair and the TCA.
        var ids: (Int, Int)
        var eventTCA: Instant?
        if let cdm {
            let report = CDMReader.read(files: [cdm])
            for e in report.errors { Diagnostics.print("error: \(e)") }
            guard let message = report.records.first else { throw CLIError("\(cdm): no readable CDM") }
            guard let a = Int(message.object1.metadata.objectDesignator), let b = Int(message.object2.metadata.objectDesignator) else {
                throw CLIError("\(cdm): OBJECT_DESIGNATOR values are not catalog numbers")
            }
            ids = (a, b)
            eventTCA = message.relativeMetadata.tca
        } else {
            let parts = event!.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2 else { throw ValidationError("--event takes ID1,ID2") }
            ids = (try parseCatalogNumber(parts[0]), try parseCatalogNumber(parts[1]))
            if let tca { do { eventTCA = try Instant(utc: tca) } catch { throw ValidationError("--tca: \(error)") } }
        }
        guard let set1 = sets[ids.0], let set2 = sets[ids.1] else {
            throw CLIError("catalog numbers \(ids.0) and \(ids.1) must both be in the input element sets")
        }
        let (catalog, _) = Screener.objects(from: Array(sets.values))
        guard let primary = catalog.first(where: { $0.id == ids.0 })?.sgp4, let secondary = catalog.first(where: { $0.id == ids.1 })?.sgp4 else {
            throw CLIError("SGP4 refuses the element set of \(ids.0) or \(ids.1)")
        }
        // Without a TCA, screen the pair and take its closest approach.
        let tcaInstant: Instant
        if let t = eventTCA {
            tcaInstant = t
        } else {
            let pair = catalog.filter { $0.id == ids.0 || $0.id == ids.1 }
            var config = screening
            config.primaries = [ids.0]
            let events = Screener(configuration: config).screen(pair).events
            guard let closest = events.min(by: { $0.missDistanceKm < $1.missDistanceKm }) else {
                throw CLIError("\(ids.0) and \(ids.1) do not come within \(thresholdKm) km in the window; give --tca")
            }
            tcaInstant = closest.tca
        }

        let model = AvoidanceCovarianceModel(primary: EventAssessor.covarianceDefaults(for: set1), secondary: EventAssessor.covarianceDefaults(for: set2), sigmaScale: sigmaScale)
        let planner = AvoidancePlanner(configuration: AvoidanceConfiguration(
            covariance: model, pcThreshold: pcThreshold, minimumMissKm: minMissKm, leadOrbits: leadOrbits,
            directions: radial ? [.alongTrack, .radial] : [.alongTrack], hardBodyRadiusKm: hbrMeters / 1_000))
        let plan: AvoidancePlan
        do {
            plan = try planner.plan(primaryID: ids.0, primary: primary, secondaryID: ids.1, secondary: secondary, tca: tcaInstant,
                                    catalog: noVerify ? nil : catalog, screening: noVerify ? nil : screening)
        } catch {
            throw CLIError("\(error)")
        }
        let out = OutputStream()
        out.write(format == .json ? json(plan, ids) + "\n" : text(plan, ids, set1, set2))
        out.flush()
        if plan.isManeuverNeeded && plan.maneuver == nil { throw ExitCode(1) }
        if loaded.rejected > 0 { throw ExitCode(1) }
    }

    private func pcText(_ p: Double?) -> String { p.map { String(format: "%.3e", $0) } ?? "none" }

    private func text(_ plan: AvoidancePlan, _ ids: (Int, Int), _ s1: ElementSet, _ s2: ElementSet) -> String {
        var s = "event: \(ids.0) \(s1.objectName ?? "") × \(ids.1) \(s2.objectName ?? "")\n"
        s += "  TCA \(plan.original.tca.iso8601UTC(fractionDigits: 3))  miss \(String(format: "%.3f", plan.original.missDistanceKm)) km  Pc \(pcText(plan.original.collisionProbability))\n"
        guard plan.isManeuverNeeded else { return s + "no maneuver needed (Pc below \(pcThreshold)\(minMissKm.map { " and miss above \($0) km" } ?? ""))\n" }
        for (m, created) in plan.rejected {
            s += "rejected: \(String(format: "%.2f", m.deltaVCentimetersPerS)) cm/s creates \(created.count) new conjunction(s): " + created.prefix(3).map { "\($0.id1 == ids.0 ? $0.id2 : $0.id1) at \($0.tca.iso8601UTC(fractionDigits: 0)) (\(String(format: "%.2f", $0.missDistanceKm)) km)" }.joined(separator: ", ") + "\n"
        }
        guard let m = plan.maneuver else { return s + "no burn up to the limit meets the goal\n" }
        let dv = m.deltaVRTNCentimetersPerS
        s += "burn: \(m.burnInstant.iso8601UTC(fractionDigits: 3))  Δv \(String(format: "%.2f", m.deltaVCentimetersPerS)) cm/s  RTN (\(String(format: "%.2f, %.2f, %.2f", dv.x, dv.y, dv.z))) cm/s\n"
        s += "after: TCA \(m.tca.iso8601UTC(fractionDigits: 3))  miss \(String(format: "%.3f", m.missDistanceKm)) km  Pc \(pcText(m.collisionProbability))\n"
        if let v = plan.verification {
            s += "verified against \(v.events.count) close approach(es) from the burn to the window end: \(v.isAcceptable ? "no new conjunction" : "\(v.createdEvents.count) new conjunction(s)")\n"
        } else {
            s += "not re-screened (--no-verify)\n"
        }
        return s
    }

    private func json(_ plan: AvoidancePlan, _ ids: (Int, Int)) -> String {
        var s = "{\"id1\":\(ids.0),\"id2\":\(ids.1),\"tca\":\"\(plan.original.tca.iso8601UTC(fractionDigits: 3))\",\"miss_km\":\(plan.original.missDistanceKm)"
        s += ",\"pc\":" + (plan.original.collisionProbability.map { "\($0)" } ?? "null") + ",\"maneuver_needed\":\(plan.isManeuverNeeded)"
        if let m = plan.maneuver {
            let dv = m.deltaVRTNCentimetersPerS
            s += ",\"maneuver\":{\"burn\":\"\(m.burnInstant.iso8601UTC(fractionDigits: 3))\",\"delta_v_cm_s\":\(m.deltaVCentimetersPerS),\"delta_v_rtn_cm_s\":[\(dv.x),\(dv.y),\(dv.z)]"
            s += ",\"tca\":\"\(m.tca.iso8601UTC(fractionDigits: 3))\",\"miss_km\":\(m.missDistanceKm),\"pc\":" + (m.collisionProbability.map { "\($0)" } ?? "null") + "}"
        }
        if let v = plan.verification { s += ",\"verified\":\(v.isAcceptable),\"created_events\":\(v.createdEvents.count)" }
        s += ",\"rejected_burns_cm_s\":[" + plan.rejected.map { "\($0.maneuver.deltaVCentimetersPerS)" }.joined(separator: ",") + "]}"
        return s
    }
}
