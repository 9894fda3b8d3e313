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
            let writer = TLEWriter(nameLines: noNames ? .none : .zeroPrefixed)
            var errors: [ParseError] = []
            out.write(writer.write(loaded.sets, errors: &errors))
            for e in errors { Diagnostics.print("error: \(e)") }
            failures = errors.count
            written = loaded.sets.count - failures
        case .ommKVN: out.write(OMMKVN.write(loaded.sets)); written = loaded.sets.count
        case .ommXML: out.write(OMMXML.write(loaded.sets)); written = loaded.sets.count
        case .ommJSON: out.write(OMMJSON.write(loaded.sets)); written = loaded.sets.count
        case .ommCSV: out.write(OMMCSV.write(loaded.sets)); written = loaded.sets.count
        }
        out.flush()
        Diagnostics.print("wrote \(written) element sets as \(to.rawValue)")
        if loaded.rejected + failures > 0 { throw ExitCode(1) }
    }
}

/// Output formats of `kanshi convert`.
enum ElementSetFormat: String, ExpressibleByArgument, CaseIterable {
    case tle, ommKVN = "omm-kvn", ommXML = "omm-xml", ommJSON = "omm-json", ommCSV = "omm-csv"
}
