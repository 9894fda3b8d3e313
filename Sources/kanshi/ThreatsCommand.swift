import ArgumentParser
import Foundation
import Astrodynamics
import SpaceData
import Threats

/// `kanshi threats (--catalog FILE | --history FILE...) [--assets FILE] [--satcat FILE] [--start T] [--days D] [--format json|table]`:
/// objects in rendezvous or proximity with protected assets, scored and explained.
struct ThreatsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "threats",
        abstract: "Rendezvous and proximity threats to protected assets: who comes close, how slowly, for how long, after which maneuvers.",
        discussion: """
        Every object that comes within an asset's RPO radius (LEO 50 km, GEO and others 100 km) at low relative speed or for at least an hour is scored 0–100 from closeness, slowness, persistence, plane, maneuvers toward the asset (with --history: each maneuver is classified as toward the asset, station-keeping or other, and station-keeping earns nothing), owner (from --satcat, else inferred from the name; CIS, PRC and NKOR are owners of concern), analyst (8xxxx) identity and imminence, with the reasons in plain words (docs/threats.md). Exit status: 0 success; 1 input records rejected or a file unreadable; 64 usage error.
        """)

    @Option(parsing: .upToNextOption, help: "A catalog: TLE/3LE or OMM files, one set per object (the latest is used). Default: the bundled catalog.")
    var catalog: [String] = []

    @Option(parsing: .upToNextOption, help: "Element-set histories (several sets per object): each object's newest set at or before the window start for the geometry, its history up to the window end for its maneuvers.")
    var history: [String] = []

    @Option(help: "Protected assets file. Default: data/protected-assets.json.")
    var assets: String?

    @Option(help: "SATCAT CSV with object owners (CelesTrak: NORAD_CAT_ID, OWNER; Space-Track: NORAD_CAT_ID, COUNTRY). Objects it does not list get an owner inferred from their name where a well-known prefix matches.")
    var satcat: String?

    @Option(help: "Window start, ISO-8601 UTC. Default: the median epoch of the input, to the minute.")
    var start: String?

    @Option(help: "Window length, days.")
    var days: Double = 1

    @Option(help: "Output format: table or json.")
    var format: Format = .table

    @Option(help: "Print only assessments at or above this level: low, medium or high.")
    var minimumLevel: String = "low"

    enum Format: String, ExpressibleByArgument, CaseIterable { case table, json }

    func validate() throws {
        guard catalog.isEmpty || history.isEmpty else { throw ValidationError("give --catalog or --history, not both") }
        guard days > 0 && days <= 30 else { throw ValidationError("--days must be in (0, 30]") }
        guard ThreatAssessment.Level(rawValue: minimumLevel) != nil else {
            throw ValidationError("--minimum-level must be low, medium or high")
        }
    }

    func run() async throws {
        let files = history.isEmpty ? catalog : history
        let loaded = try ElementSetInputOptions.parse(files).load()
        let assetFile = try assets ?? DataDirectory.locate().appendingPathComponent("protected-assets.json").path
        let list = try ProtectedAssets.read(contentsOf: assetFile)
        let newest = Array(loaded.latestByCatalogNumber.values)
        let from = try windowStart(start, epochs: newest.map(\.epoch))
        // With histories, each object's geometry comes from its newest set at or before the window
        // start (what was known then), or its first set when all are later.
        var known: [Int: ElementSet] = [:]
        for s in loaded.sets {
            guard let current = known[s.noradCatalogNumber] else { known[s.noradCatalogNumber] = s; continue }
            let sBefore = s.epoch <= from, cBefore = current.epoch <= from
            if (sBefore && (!cBefore || s.epoch > current.epoch)) || (!sBefore && !cBefore && s.epoch < current.epoch) {
                known[s.noradCatalogNumber] = s
            }
        }
        let latest = Array(known.values)
        // Detections per object up to the window end; their intent depends on the asset, so they are
        // classified per finding below.
        var detections: [Int: [ManeuverDetection]] = [:]
        let histories = Dictionary(grouping: loaded.sets, by: \.noradCatalogNumber)
        if !history.isEmpty {
            let report = try ManeuverDetector().detect(sets: loaded.sets)
            for d in report.detections where d.windowEnd <= from.advanced(bySeconds: days * 86_400) {
                detections[d.noradCatalogNumber, default: []].append(d)
            }
            Diagnostics.print("\(report.detections.count) maneuver(s) found in the histories of \(report.objectsTested) object(s)")
        }
        var rejected = loaded.rejected
        var resolver = OwnerResolver()
        if let satcat {
            let owners = try SatcatOwnerReader.read(contentsOf: satcat)
            for e in owners.errors { Diagnostics.print("\(e)") }
            rejected += owners.errors.count
            Diagnostics.print("\(owners.owners.count) owner(s) read from \(satcat)")
            resolver.satcat = owners
        }
        let ids = list.assets.map(\.noradCatalogNumber)
        let proximity = ProximityAnalyzer().analyze(catalog: latest, assets: ids, start: from, durationSeconds: days * 86_400)
        if !proximity.missingAssets.isEmpty {
            Diagnostics.print("note: \(proximity.missingAssets.count) asset(s) not in the input: \(proximity.missingAssets.map(String.init).joined(separator: ", "))")
        }
        var assessor = ThreatAssessor()
        assessor.friendly = Set(ids)
        assessor.ownerResolver = resolver
        let classifier = ManeuverIntentClassifier()
        func maneuvers(_ f: ProximityFinding) -> [ObjectManeuver] {
            guard let found = detections[f.objectID], let own = histories[f.objectID] else { return [] }
            return classifier.objectManeuvers(detections: found, history: own, assetHistory: histories[f.assetID] ?? [],
                                              radiusKm: f.radiusKm)
        }
        let floor = ThreatAssessment.Level(rawValue: minimumLevel)!
        let assessments = proximity.findings
            .map { assessor.assess($0, maneuvers: maneuvers($0), windowStart: from) }
            .filter { $0.level >= floor }
            .sorted { a, b in a.level != b.level ? a.level > b.level : (a.score, b.finding.assetID) > (b.score, a.finding.assetID) }
        Diagnostics.print("\(ids.count - proximity.missingAssets.count) asset(s) from \(from.iso8601UTC(fractionDigits: 0)) for \(days) day(s): \(proximity.findings.count) finding(s), \(proximity.fastCrossings) fast crossing(s) left to conjunction screening")
        switch format {
        case .table: printTable(assessments, assets: list)
        case .json: try printJSON(assessments, owners: resolver)
        }
        if rejected > 0 { throw InputRejected(count: rejected) }
    }

    private func printTable(_ list: [ThreatAssessment], assets: ProtectedAssets) {
        print("level   score  asset                          object                          closest_km  v_rel_m_s  inside_h  TCA (UTC)")
        for a in list {
            let f = a.finding
            let asset = "\(f.assetID) \(assets.asset(f.assetID)?.name ?? f.assetName ?? "")"
            let object = "\(f.objectID) \(f.objectName ?? "")"
            func pad(_ text: String, _ width: Int) -> String { String(text.prefix(width)).padding(toLength: width, withPad: " ", startingAt: 0) }
            print(pad(a.level.rawValue, 7) + " " + String(format: "%5.1f  ", a.score) + pad(asset, 30) + " " + pad(object, 30)
                  + String(format: " %10.1f %10.0f %9.1f  ", f.closestApproachKm, f.relativeSpeedKmPerS * 1000, f.persistenceHours)
                  + f.tca.iso8601UTC(fractionDigits: 0))
            for r in a.reasons { print("        - \(r)") }
        }
    }

    private func printJSON(_ list: [ThreatAssessment], owners: OwnerResolver) throws {
        let records: [[String: Any]] = list.map { a in
            let f = a.finding
            let owner = owners.owner(of: f.objectID, name: f.objectName)
            return [
                "owner": owner?.code ?? NSNull(), "owner_source": owner?.source.description ?? NSNull(),
                "asset_id": f.assetID, "object_id": f.objectID,
                "closest_approach_km": f.closestApproachKm, "relative_speed_km_s": f.relativeSpeedKmPerS,
                "tca": f.tca.iso8601UTC(fractionDigits: 3), "persistence_hours": f.persistenceHours,
                "co_location_km": f.coLocationKm, "co_located_hours": f.coLocatedHours,
                "maneuvers": a.maneuvers.map { ["window_start": $0.windowStart.iso8601UTC(fractionDigits: 3),
                                                "window_end": $0.windowEnd.iso8601UTC(fractionDigits: 3),
                                                "delta_v_m_s": $0.deltaVMetersPerSecond, "intent": $0.intent.rawValue,
                                                "intent_reason": $0.intentReason ?? NSNull()] as [String: Any] },
                "score": (a.score * 10).rounded() / 10, "level": a.level.rawValue, "reasons": a.reasons,
                "regime": f.regime.rawValue, "plane_angle_deg": f.planeAngleDeg, "maximum_range_km": f.maximumRangeKm,
            ]
        }
        let data = try JSONSerialization.data(withJSONObject: records, options: [.prettyPrinted, .sortedKeys])
        print(String(decoding: data, as: UTF8.self))
    }
}
