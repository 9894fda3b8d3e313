import ArgumentParser
import Foundation
import SpaceData

/// Options shared by commands that read element sets.
struct ElementSetInputOptions: ParsableArguments {
    @Argument(help: "Element-set files: TLE/3LE or OMM (KVN, XML, JSON, CSV); gzip read transparently. Default: the bundled 2023-10-09 catalog.")
    var files: [String] = []

    @Flag(help: "Accept TLE lines whose checksum is wrong (still reported on stderr).")
    var acceptBadChecksums = false

    @Option(help: "At most this many input errors are printed one per line (the summary counts all).")
    var maxErrors: Int = 20
}

/// Element sets read from the command's inputs, with the count of rejected records and of errors.
struct LoadedElementSets {
    var sets: [ElementSet]
    var rejected: Int
    var errors: Int

    /// Each catalog number's latest element set (a history file holds several per object).
    var latestByCatalogNumber: [Int: ElementSet] {
        Dictionary(sets.map { ($0.noradCatalogNumber, $0) }, uniquingKeysWith: { a, b in a.epoch >= b.epoch ? a : b })
    }
}

extension ElementSetInputOptions {
    /// Reads every file; prints each rejected record (file:line: field: reason) and a summary to stderr.
    func load() throws -> LoadedElementSets {
        let paths = files.isEmpty ? [try DataDirectory.defaultCatalog()] : files
        let reader = ElementSetReader(acceptBadChecksums: acceptBadChecksums)
        var sets: [ElementSet] = []
        var rejected = 0
        var errorCount = 0
        var printed = 0
        for path in paths {
            guard FileManager.default.isReadableFile(atPath: path) else { throw CLIError("\(path): cannot read file") }
            let report = reader.read(files: [path])
            sets.append(contentsOf: report.records)
            rejected += report.rejectedCount
            errorCount += report.errors.count
            for e in report.errors {
                if printed < maxErrors { Diagnostics.print("error: \(e)") }
                printed += 1
            }
            for w in report.warnings where printed < maxErrors {
                Diagnostics.print("warning: \(w)")
                printed += 1
            }
            Diagnostics.print("\(path): \(report.summary)")
        }
        if printed > maxErrors { Diagnostics.print("(\(printed - maxErrors) more not shown; --max-errors to see them)") }
        return LoadedElementSets(sets: sets, rejected: rejected, errors: errorCount)
    }
}

/// Earth orientation options.
struct EarthOrientationOptions: ParsableArguments {
    @Option(help: "EOP table (CelesTrak CSV, gzip allowed). Default: the bundled data/EOP-All.csv.gz.")
    var eop: String?

    @Flag(help: "Ignore Earth orientation: UT1 = UTC, no polar motion, no nutation corrections.")
    var noEop = false

    func load() throws -> EarthOrientationTable {
        if noEop { return .empty }
        let path = try eop ?? DataDirectory.locate().appendingPathComponent(DataDirectory.eopFileName).path
        do {
            let (table, report) = try EarthOrientationFile.read(contentsOf: path)
            if !report.errors.isEmpty { Diagnostics.print("\(path): \(report.summary)") }
            return table
        } catch { throw CLIError("\(path): \(error)") }
    }
}

/// Parses catalog numbers given as digits or Alpha-5 (`T0001`).
func parseCatalogNumber(_ text: String) throws -> Int {
    if let n = Int(text), n >= 0 { return n }
    if let n = TLEFields.catalogNumber(Substring(text)) { return n }
    throw ValidationError("'\(text)' is not a catalog number (digits or Alpha-5 such as T0001)")
}

/// The start of a time window: `--start` when given (ISO-8601 UTC), else the median of `epochs`
/// rounded to the whole UTC minute, so that runs on the same catalog share their instants.
func windowStart(_ text: String?, epochs: [Instant]) throws -> Instant {
    if let text {
        do { return try Instant(utc: text) } catch { throw ValidationError("--start: \(error)") }
    }
    guard !epochs.isEmpty else { throw CLIError("no element sets") }
    let (mjd, sod) = epochs.sorted()[epochs.count / 2].utcDayAndSeconds()
    return Instant(utcModifiedJulianDay: Int(mjd), secondsOfDay: (sod / 60).rounded() * 60)
}
