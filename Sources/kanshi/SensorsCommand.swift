import ArgumentParser
import Foundation
import SpaceData
import Sensors

/// `kanshi sensors …`: the sensor network.
struct SensorsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sensors",
        abstract: "The sensor network: list sensors, find access windows (passes).",
        subcommands: [SensorsListCommand.self, SensorsAccessCommand.self])
}

/// Options naming the sensor-network file and the catalog.
struct SensorNetworkOptions: ParsableArguments {
    @Option(help: "Sensor-network file (kanshi-sensors JSON). Default: data/sensors.json.")
    var sensors: String?

    @Option(name: .customLong("sensor"), help: "Only these sensor ids (repeatable).")
    var only: [String] = []

    func load() throws -> [Sensor] {
        let path = try sensors ?? DataDirectory.locate().appendingPathComponent("sensors.json").path
        let network: SensorNetwork
        do { network = try SensorNetwork(contentsOf: URL(fileURLWithPath: path)) } catch { throw CLIError("\(error)") }
        if only.isEmpty { return network.sensors }
        return try only.map { id in
            guard let s = network.sensor(id: id) else {
                throw CLIError("\(path): no sensor '\(id)' (have: \(network.sensors.map(\.id).joined(separator: ", ")))")
            }
            return s
        }
    }
}

/// Reads element-set files the way every command does (errors per record on stderr), keeping each object's latest set.
func loadCatalog(_ paths: [String], label: String) throws -> (sets: [ElementSet], rejected: Int) {
    let files = paths.isEmpty ? [try DataDirectory.defaultCatalog()] : paths
    let reader = ElementSetReader()
    var sets: [ElementSet] = []
    var rejected = 0
    for path in files {
        guard FileManager.default.isReadableFile(atPath: path) else { throw CLIError("\(label) \(path): cannot read file") }
        let report = reader.read(files: [path])
        for e in report.errors.prefix(20) { Diagnostics.print("error: \(e)") }
        if report.errors.count > 20 { Diagnostics.print("(\(report.errors.count - 20) more errors not shown)") }
        rejected += report.rejectedCount
        sets += report.records
        Diagnostics.print("\(path): \(report.summary)")
    }
    let latest = Dictionary(sets.map { ($0.noradCatalogNumber, $0) }, uniquingKeysWith: { a, b in a.epoch >= b.epoch ? a : b })
    return (latest.values.sorted { $0.noradCatalogNumber < $1.noradCatalogNumber }, rejected)
}

/// `kanshi sensors list`
struct SensorsListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the sensors of a network file.")
    @OptionGroup var network: SensorNetworkOptions

    func run() async throws {
        let deg = 180 / Double.pi
        print(pad("id", 22) + " " + pad("kind", 18) + "  lat_deg   lon_deg  el_min     range_km  noise_m  noise_deg  tracks  interval_s")
        for s in try network.load() {
            let cap = s.capacity.simultaneousTracks == .max ? "unlim" : String(s.capacity.simultaneousTracks)
            print(pad(s.id, 22) + " " + pad(s.kind.rawValue, 18) + " "
                  + String(format: "%8.3f %9.3f %7.1f %6.0f-%-6.0f %8.1f %10.4f ", s.site.geodetic.latitudeRad * deg, s.site.geodetic.longitudeRad * deg,
                           s.fieldOfRegard.minimumElevationRad * deg, s.rangeLimitsKm.lowerBound, s.rangeLimitsKm.upperBound,
                           s.noise.rangeKm * 1000, s.noise.angleRad * deg)
                  + pad(cap, 7, right: true) + String(format: " %11.0f", s.measurementIntervalSeconds))
        }
    }
}

/// `kanshi sensors access --sensors FILE --catalog FILE --start T --duration S [--format table|csv|json]`
struct SensorsAccessCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "access",
        abstract: "Every pass (rise, culmination, set) of every object over every sensor in a time window.",
        discussion: """
        A pass is a continuous stay in the sensor's field of regard (azimuth sector, elevation and range limits; optical sensors also need a dark site and a sunlit object). Times are ISO-8601 UTC, elevations degrees, ranges km. The summary (stderr) gives the count and the time taken.
        """)

    @OptionGroup var network: SensorNetworkOptions

    @Option(help: "Element-set file (TLE/3LE/OMM, gzip allowed; repeatable). Default: the bundled 2023-10-09 catalog.")
    var catalog: [String] = []

    @Option(help: "Window start, ISO-8601 UTC. Default: the catalog's median epoch, to the minute.")
    var start: String?

    @Option(help: "Window length, seconds.")
    var duration: Double = 86_400

    @Option(help: "Output format: table, csv, json.")
    var format: Format = .table

    @Option(help: "Grid step for near-Earth objects, seconds (passes shorter than this can be missed at the field's edge).")
    var step: Double = 30

    @Option(help: "Worker threads (default: all cores).")
    var threads: Int = ProcessInfo.processInfo.activeProcessorCount

    @Option(help: "Coarse sampling: batch (SGP4Batch, default) or scalar (SGP4 object by object, the reference).")
    var sampling: AccessSampling = .batch

    @OptionGroup var earth: EarthOrientationOptions

    enum Format: String, ExpressibleByArgument, CaseIterable { case table, csv, json }

    func validate() throws {
        if !(duration > 0) { throw ValidationError("--duration must be positive") }
        if !(step > 0) { throw ValidationError("--step must be positive") }
        if threads < 1 { throw ValidationError("--threads must be at least 1") }
    }

    func run() async throws {
        let sensors = try network.load()
        let (sets, rejected) = try loadCatalog(catalog, label: "--catalog")
        let startInstant = try windowStart(start, epochs: sets.map(\.epoch))
        let eop = try earth.load()
        var aw = AccessWindows(sensors: sensors, eop: eop, leapSeconds: eop.leapSeconds)
        aw.nearEarthStepSeconds = step
        aw.threads = threads
        aw.sampling = sampling
        let report = aw.compute(sets, start: startInstant, durationSeconds: duration)
        let names = Dictionary(sets.map { ($0.noradCatalogNumber, $0.objectName ?? "") }, uniquingKeysWith: { a, _ in a })
        let deg = 180 / Double.pi
        let out = OutputStream()
        func time(_ i: Instant) -> String { i.iso8601UTC(fractionDigits: 1, leapSeconds: eop.leapSeconds) }
        switch format {
        case .table:
            out.write(pad("sensor", 22) + " " + pad("object", 7, right: true) + "  " + pad("name", 24) + " " + pad("rise", 22) + " "
                      + pad("culmination", 22) + " " + pad("set", 22) + " " + pad("max_el", 7, right: true) + " "
                      + pad("min_range", 9, right: true) + " " + pad("dur_s", 7, right: true) + "\n")
            for p in report.passes {
                out.write(pad(p.sensorID, 22) + " " + pad(String(p.catalogNumber), 7, right: true) + "  "
                          + pad(String((names[p.catalogNumber] ?? "").prefix(24)), 24) + " " + pad(time(p.rise), 22) + " "
                          + pad(time(p.culmination), 22) + " " + pad(time(p.set), 22) + " "
                          + String(format: "%7.2f %9.1f %7.0f\n", p.maximumElevationRad * deg, p.minimumRangeKm, p.durationSeconds))
            }
        case .csv:
            out.write("sensor,object,rise_utc,culmination_utc,set_utc,max_elevation_deg,min_range_km,duration_s,begins_before_window,ends_after_window\n")
            for p in report.passes {
                out.write("\(p.sensorID),\(p.catalogNumber),\(time(p.rise)),\(time(p.culmination)),\(time(p.set)),\(String(format: "%.4f", p.maximumElevationRad * deg)),\(String(format: "%.3f", p.minimumRangeKm)),\(String(format: "%.1f", p.durationSeconds)),\(p.beginsBeforeWindow),\(p.endsAfterWindow)\n")
            }
        case .json:
            out.write("{\"start\":\"\(time(startInstant))\",\"duration_s\":\(duration),\"objects\":\(report.objectCount),\"elapsed_s\":\(String(format: "%.3f", report.elapsedSeconds)),\"passes\":[")
            for (i, p) in report.passes.enumerated() {
                out.write((i == 0 ? "\n" : ",\n") + "{\"sensor\":\"\(p.sensorID)\",\"object\":\(p.catalogNumber),\"rise\":\"\(time(p.rise))\",\"culmination\":\"\(time(p.culmination))\",\"set\":\"\(time(p.set))\",\"max_elevation_deg\":\(String(format: "%.4f", p.maximumElevationRad * deg)),\"min_range_km\":\(String(format: "%.3f", p.minimumRangeKm)),\"duration_s\":\(String(format: "%.1f", p.durationSeconds))}")
            }
            out.write("\n]}\n")
        }
        out.flush()
        let perSensor = Dictionary(grouping: report.passes, by: \.sensorID)
        for s in sensors {
            let ps = perSensor[s.id] ?? []
            Diagnostics.print("\(s.id): \(ps.count) passes of \(Set(ps.map(\.catalogNumber)).count) objects")
        }
        Diagnostics.print("\(report.passes.count) passes of \(report.objectCount) objects over \(sensors.count) sensors in \(String(format: "%.0f", duration)) s from \(time(startInstant)); \(report.failures.count) objects SGP4 could not propagate; computed in \(String(format: "%.2f", report.elapsedSeconds)) s")
        if rejected > 0 { throw ExitCode(1) }
    }
}

/// `text` padded with spaces to `width` (left-aligned unless `right`).
func pad(_ text: String, _ width: Int, right: Bool = false) -> String {
    let n = text.count
    guard n < width else { return text }
    let fill = String(repeating: " ", count: width - n)
    return right ? fill + text : text + fill
}

extension AccessSampling: ExpressibleByArgument {}
