import ArgumentParser
import Foundation
import Logging
import Persistence
import SpaceData

/// `kanshi ingest FILE...`: stores element sets, batch by batch, each batch one transaction.
struct IngestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest",
        abstract: "Store element sets (TLE/3LE, OMM; gzip) in the catalog store.",
        discussion: """
        Each batch is one transaction: a killed ingest leaves every committed batch whole and no half batch. \
        Ingest is idempotent: a set already stored (same object, epoch and values) is counted as a duplicate and \
        not stored again. Rejected records are reported on stderr (file:line: field: reason) and the exit status is 1.
        """)

    @OptionGroup var input: ElementSetInputOptions
    @OptionGroup var store: StoreOptions

    @Option(help: "Element sets per transaction.")
    var batchSize: Int = 1000

    @Option(help: ArgumentHelp("Who may read the sets: PUBLIC, JPN or REL with country codes ('REL USA,AUS'). Default: JPN, or PUBLIC for the bundled catalog (Space-Track's public GP data).", valueName: "marking"))
    var marking: String?

    @Option(help: ArgumentHelp("The partner account the sets came from (their provenance).", valueName: "username"))
    var receivedFrom: String?

    @Flag(help: "Print a line on stderr after each committed batch (`committed N of M element sets`).")
    var progress = false

    @Flag(help: ArgumentHelp("After ingesting, time reading the newest set of every object (for benchmarks).", visibility: .hidden))
    var timeLatest = false

    func validate() throws {
        guard batchSize >= 1 else { throw ValidationError("--batch-size must be at least 1") }
        if let marking {
            do { _ = try Releasability(parsing: marking) } catch { throw ValidationError("--marking: \(error.message)") }
        }
    }

    func run() async throws {
        var logger = Logger(label: "kanshi.ingest")
        logger.logLevel = .warning
        let paths = input.files.isEmpty ? [try DataDirectory.defaultCatalog()] : input.files
        let reader = ElementSetReader(acceptBadChecksums: input.acceptBadChecksums)
        // Read every file first, so that a missing file fails before anything is stored.
        var perFile: [(source: String, sets: [ElementSet])] = []
        var rejected = 0
        var printed = 0
        for path in paths {
            guard FileManager.default.isReadableFile(atPath: path) else { throw ValidationError("\(path): cannot read file") }
            let report = reader.read(files: [path])
            rejected += report.rejectedCount
            for e in report.errors {
                if printed < input.maxErrors { Diagnostics.print("error: \(e)") }
                printed += 1
            }
            for w in report.warnings where printed < input.maxErrors {
                Diagnostics.print("warning: \(w)")
                printed += 1
            }
            if printed > input.maxErrors { Diagnostics.print("(\(printed - input.maxErrors) more not shown; --max-errors to see them)") }
            Diagnostics.print("\(path): \(report.summary)")
            perFile.append(((path as NSString).lastPathComponent, report.records))
        }

        let marked = try marking.map { try Releasability(parsing: $0) } ?? (input.files.isEmpty ? .public : .japanOnly)
        let provenance = Provenance(marking: marked, receivedFrom: receivedFrom)
        let db = try await store.open(logger: logger)
        var total = IngestReceipt()
        let started = Date()
        let all = perFile.reduce(0) { $0 + $1.sets.count }
        var committed = 0
        do {
            for (source, sets) in perFile {
                var start = 0
                while start < sets.count {
                    let end = min(start + batchSize, sets.count)
                    let r = try await db.ingest(Array(sets[start..<end]), source: source, provenance: provenance)
                    total.inserted += r.inserted
                    total.duplicates += r.duplicates
                    total.touchedCatalogNumbers.formUnion(r.touchedCatalogNumbers)
                    total.newCatalogNumbers.formUnion(r.newCatalogNumbers)
                    committed += end - start
                    if progress { Diagnostics.print("committed \(committed) of \(all) element sets") }
                    start = end
                }
            }
        } catch {
            try? await db.close()
            throw CLIError("ingest failed (batches before this one are stored): \(error)")
        }
        let seconds = Date().timeIntervalSince(started)
        if timeLatest {
            let t0 = Date()
            let n = (try? await db.latestElementSets(catalogNumbers: nil).count) ?? -1
            Diagnostics.print(String(format: "latestElementSets(nil): %d sets in %.3f s", n, Date().timeIntervalSince(t0)))
        }
        try? await db.close()
        print("inserted \(total.inserted), duplicates \(total.duplicates), rejected \(rejected)")
        print("objects touched \(total.touchedCatalogNumbers.count) (new \(total.newCatalogNumbers.count))" + Self.sample(total.touchedCatalogNumbers))
        Diagnostics.print(String(format: "stored in %.2f s (batches of %d)", seconds, batchSize))
        if rejected > 0 { throw InputRejected(count: rejected) }
    }

    /// A few of the catalog numbers, for the summary line.
    static func sample(_ numbers: Set<Int>) -> String {
        if numbers.isEmpty { return "" }
        let sorted = numbers.sorted()
        let head = sorted.prefix(10).map(String.init).joined(separator: " ")
        return ": " + head + (sorted.count > 10 ? " …" : "")
    }
}
