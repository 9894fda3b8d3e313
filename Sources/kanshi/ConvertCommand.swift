import ArgumentParser
import Foundation
import SpaceData

/// `kanshi convert FILE... --to FORMAT`
struct ConvertCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "convert",
        abstract: "Convert element sets between TLE/3LE and OMM (KVN, XML, JSON, CSV).",
        discussion: "Writes to stdout. TLE output includes the name line (3LE) when the input had a name; --no-names writes plain two-line sets.")

    @OptionGroup var input: ElementSetInputOptions

    @Option(help: "Output format: tle, omm-kvn, omm-xml, omm-json, omm-csv.")
    var to: ElementSetFormat

    @Flag(help: "TLE output without name lines.")
    var noNames = false

    func run() async throws {
        let loaded = try input.load()
        let out = OutputStream()
        var written = 0
        var failures = 0
        switch to {
        case .tle:
            for set in loaded.sets {
                do {
                    out.write(try TLEWriter.lines(for: set, includeName: !noNames).joined(separator: "\n") + "\n")
                    written += 1
                } catch {
                    Diagnostics.print("error: \(set.noradCatalogNumber): \(error)")
                    failures += 1
                }
            }
        default:
            do {
                out.write(try OMMWriter.write(loaded.sets, format: to))
                written = loaded.sets.count
            } catch {
                throw CLIError("\(error)")
            }
        }
        out.flush()
        Diagnostics.print("wrote \(written) element sets as \(to.rawValue)")
        if loaded.rejected + failures > 0 { throw ExitCode(1) }
    }
}

extension ElementSetFormat: ExpressibleByArgument {}
