import ArgumentParser

/// The `kanshi` command line: thin commands over the Kanshi libraries.
@main
struct Kanshi: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kanshi",
        abstract: "Kanshi (監視): space surveillance — the operations center, catalogs and their store, SGP4/SDP4, conjunctions, CCSDS formats.",
        discussion: """
        Element-set files may be TLE/3LE or OMM (KVN, XML, JSON, CSV), gzip read transparently. With no FILE, commands read the bundled 2023-10-09 catalog from the data directory (found from $KANSHI_DATA, the working directory or the executable's location). Output goes to stdout, diagnostics to stderr. Exit status: 0 success; 1 some input records were rejected (the rest were processed) or a requested object was not found; 64 usage error.
        """,
        subcommands: [RunCommand.self, CatalogCommand.self, PropagateCommand.self, ConvertCommand.self, ScreenCommand.self, ServeCommand.self, PcCommand.self, AvoidCommand.self, BenchCommand.self, IngestCommand.self,
                      SensorsCommand.self,
                      SimulateCommand.self,
                      ODCommand.self, ManeuversCommand.self, ThreatsCommand.self, MissileCommand.self, UsersCommand.self]
    )
}

/// Exit status 1: the command finished, but some input was rejected and the user must notice.
struct InputRejected: Error, CustomStringConvertible {
    let count: Int
    var description: String { "\(count) input record(s) rejected (see above)" }
}
