import ArgumentParser
import Foundation
import SpaceData

/// `kanshi catalog ...`: catalog-level reports.
struct CatalogCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "catalog", abstract: "Catalog reports.", subcommands: [Summary.self])

    /// `kanshi catalog summary FILE...`
    struct Summary: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Counts by orbit regime (LEO/MEO/GEO/HEO) and object type, epoch spread, and read errors.")

        @OptionGroup var input: ElementSetInputOptions

        @Option(help: "Output format: text or json.")
        var format: SummaryFormat = .text

        enum SummaryFormat: String, ExpressibleByArgument, CaseIterable { case text, json }

        func run() async throws {
            let loaded = try input.load()
            let summary = CatalogSummary(elementSets: loaded.sets, errorCount: loaded.errors, rejectedRecords: loaded.rejected)
            let out = OutputStream()
            out.write(format == .json ? summary.json() + "\n" : summary.text())
            out.flush()
            if loaded.rejected > 0 { throw ExitCode(1) }
        }
    }
}
