import ArgumentParser
import Conjunction
import Foundation
import SpaceData

/// `kanshi screen FILE... [--primary ID ...] [--days D] [--threshold-km K] [--start T] [--format F] [--cdm-dir DIR]`
struct ScreenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "screen",
        abstract: "Screen element sets for close approaches (all-vs-all, or primaries against all).",
        discussion: "Every event below the threshold in the window, with its TCA, miss distance, relative speed, the miss vector in the primary's RTN frame, the maximum Pc (Alfano 2005) for the hard-body radius, and a Pc (Foster 1992) from Kanshi's default TLE covariance by regime and object type (pc_method says so). Junk element sets (decayed, older than --max-age-days, absurd speed) are excluded and counted on stderr; objects that stay together (docked, duplicated sets) are reported once as co-located.")

    @OptionGroup var input: ElementSetInputOptions

    @Option(name: .customLong("primary"), help: "Primary catalog numbers (repeatable). Default: all-vs-all.")
    var primaries: [String] = []

    @Option(help: "Window length, days.")
    var days: Double = 7

    @Option(name: .customLong("threshold-km"), help: "Miss-distance threshold, km.")
    var thresholdKm: Double = 5

    @Option(help: "Window start, ISO-8601 UTC (default: the catalog's median epoch, to the minute).")
    var start: String?

    @Option(help: "Output format: json, csv or table.")
    var format: Format = .table

    @Option(help: "Also write each event as a CCSDS CDM (KVN) into this directory.")
    var cdmDir: String?

    @Option(name: .customLong("hbr-m"), help: "Combined hard-body radius for pc and pc_max, metres.")
    var hbrMeters: Double = 20

    @Option(help: "Exclude element sets older than this at the window start, days.")
    var maxAgeDays: Double = 30

    @Option(help: "Worker threads (default: all cores).")
    var threads: Int = ProcessInfo.processInfo.activeProcessorCount

    @OptionGroup var earth: EarthOrientationOptions

    enum Format: String, ExpressibleByArgument, CaseIterable { case json, csv, table }

    func validate() throws {
        if !(days > 0) { throw ValidationError("--days must be positive") }
        if !(thresholdKm > 0) { throw ValidationError("--threshold-km must be positive") }
        if !(hbrMeters > 0) { throw ValidationError("--hbr-m must be positive") }
        if threads < 1 { throw ValidationError("--threads must be at least 1") }
    }

    func run() async throws {
        let wanted = try Set(primaries.map(parseCatalogNumber))
        let loaded = try input.load()
        var problems = loaded.rejected
        let sets = loaded.latestByCatalogNumber
        for missing in wanted.subtracting(sets.keys).sorted() {
            Diagnostics.print("error: primary \(missing) is not in the input")
            problems += 1
        }
        let startInstant = try windowStart(start, epochs: loaded.sets.map(\.epoch))
        let eop = try earth.load()
        let (objects, refused) = Screener.objects(from: loaded.sets)
        let configuration = ScreeningConfiguration(
            start: startInstant, durationSeconds: days * 86_400, thresholdKm: thresholdKm,
            primaries: wanted.isEmpty ? nil : wanted, threads: threads, maximumElementAgeDays: maxAgeDays)
        let bar = LockedProgress(ProgressBar(total: 1000, label: "screening"))
        let clock = ContinuousClock()
        let t0 = clock.now
        let result = Screener(configuration: configuration).screen(objects) { bar.update(Int($0 * 1000)) }
        bar.finish()
        let seconds = (clock.now - t0).inSeconds

        let hbrKm = hbrMeters / 1_000
        var rows: [EventRow] = []
        for event in result.events {
            guard let s1 = sets[event.id1], let s2 = sets[event.id2] else { continue }
            rows.append(EventRow(event: event, primary: s1, secondary: s2, hardBodyRadiusKm: hbrKm))
        }
        let out = OutputStream()
        switch format {
        case .json: out.write("[" + rows.map(\.json).joined(separator: ",\n") + "]\n")
        case .csv:
            out.write("id1,id2,tca,miss_km,relative_speed_km_s,miss_r_km,miss_t_km,miss_n_km,pc_max,pc,pc_method\n")
            for r in rows { out.write(r.csv + "\n") }
        case .table:
            out.write("    id1     id2  TCA (UTC)                 miss_km  v_rel_km_s   R_km      T_km      N_km     pc_max      pc          names\n")
            for r in rows { out.write(r.table + "\n") }
        }
        out.flush()

        if let dir = cdmDir {
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            let now = Instant.now()
            for r in rows {
                let cdm = r.assessed.conjunctionDataMessage(
                    eop: eop, creationDate: now, screenPeriod: startInstant...startInstant.advanced(bySeconds: days * 86_400))
                let path = (dir as NSString).appendingPathComponent("\(r.event.id1)_\(r.event.id2)_\(r.assessed.tcaFileStamp).cdm")
                try CDMKVN.write(cdm).write(toFile: path, atomically: true, encoding: .utf8)
            }
            Diagnostics.print("wrote \(rows.count) CDMs to \(dir)")
        }

        var byReason: [String: Int] = [:]
        for e in refused + result.excluded {
            let key: String
            switch e.reason {
            case .sgp4Refused(let err): key = "SGP4 error \(err.code.rawValue)"
            case .tooOld: key = "older than \(maxAgeDays) days"
            case .absurdSpeed: key = "speed > 12 km/s"
            case .duplicateIdentifier: key = "duplicate catalog number"
            case .inconsistentVelocity: key = "SGP4 velocity inconsistent with its positions"
            }
            byReason[key, default: 0] += 1
        }
        let st = result.statistics
        Diagnostics.print("screened \(st.screenedObjects) of \(objects.count + refused.count) objects, \(days) days from \(startInstant.iso8601UTC(fractionDigits: 0)), threshold \(thresholdKm) km: \(result.events.count) events, \(result.coLocated.count) co-located pairs, in \(String(format: "%.1f", seconds)) s")
        if !byReason.isEmpty {
            Diagnostics.print("excluded: " + byReason.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", "))
        }
        for c in result.coLocated {
            let names = "\(c.id1) \(sets[c.id1]?.objectName ?? "") and \(c.id2) \(sets[c.id2]?.objectName ?? "")\(c.identicalElements ? " (identical elements)" : "")"
            switch c.basis {
            case .withinThresholdThroughout:
                Diagnostics.print("co-located: \(names), within \(String(format: "%.3f", c.maximumRangeKm)) km all window")
            case .coOrbital:
                Diagnostics.print("co-orbital: \(names), \(c.collapsedEvents) slow approaches (< 100 m/s), closest \(String(format: "%.3f", c.closestApproachKm ?? 0)) km")
            }
        }
        if problems > 0 { throw ExitCode(1) }
    }
}

/// One assessed event rendered for output (the assessment itself is Conjunction's ``EventAssessor``).
struct EventRow {
    let assessed: AssessedConjunction
    var event: ConjunctionEvent { assessed.event }
    var primary: ElementSet { assessed.primary }
    var secondary: ElementSet { assessed.secondary }
    var pcMax: Double { assessed.pcMax }
    var pc: CollisionProbability { assessed.pc }

    init(event: ConjunctionEvent, primary: ElementSet, secondary: ElementSet, hardBodyRadiusKm: Double) {
        assessed = EventAssessor(hardBodyRadiusKm: hardBodyRadiusKm).assess(event, primary: primary, secondary: secondary)
    }

    var pcText: String { pc.value.map { String(format: "%.3e", $0) } ?? "none" }
    var pcMethod: String { EventAssessor.pcMethodDescription }

    var json: String {
        let m = event.missRTNKm
        return "{\"id1\":\(event.id1),\"id2\":\(event.id2),\"name1\":\(JSONValue.quote(primary.objectName ?? "")),\"name2\":\(JSONValue.quote(secondary.objectName ?? ""))"
            + ",\"tca\":\"\(event.tca.iso8601UTC(fractionDigits: 3))\",\"miss_km\":\(event.missDistanceKm),\"relative_speed_km_s\":\(event.relativeSpeedKmPerS)"
            + ",\"miss_rtn_km\":[\(m.x),\(m.y),\(m.z)],\"pc_max\":\(pcMax),\"pc\":" + (pc.value.map { "\($0)" } ?? "null")
            + ",\"pc_method\":\"\(pcMethod)\",\"pc_flags\":[" + pc.flags.map { "\"\($0.rawValue)\"" }.sorted().joined(separator: ",") + "]}"
    }

    var csv: String {
        let m = event.missRTNKm
        return "\(event.id1),\(event.id2),\(event.tca.iso8601UTC(fractionDigits: 3)),\(event.missDistanceKm),\(event.relativeSpeedKmPerS),\(m.x),\(m.y),\(m.z),\(pcMax),\(pc.value.map { "\($0)" } ?? ""),\(pcMethod)"
    }

    var table: String {
        let m = event.missRTNKm
        return String(format: "%7d %7d  %@  %7.3f  %10.3f  %8.3f  %8.3f  %8.3f  %.3e  %@  %@ / %@",
                      event.id1, event.id2, event.tca.iso8601UTC(fractionDigits: 3), event.missDistanceKm,
                      event.relativeSpeedKmPerS, m.x, m.y, m.z, pcMax, pcText.padding(toLength: 10, withPad: " ", startingAt: 0),
                      primary.objectName ?? "", secondary.objectName ?? "")
    }
}

/// A progress bar updated from worker threads.
final class LockedProgress: @unchecked Sendable {
    private let bar: ProgressBar
    private let lock = NSLock()
    init(_ bar: ProgressBar) { self.bar = bar }
    func update(_ done: Int) { lock.lock(); bar.update(done); lock.unlock() }
    func finish() { lock.lock(); bar.finish(); lock.unlock() }
}
