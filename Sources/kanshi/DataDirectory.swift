import Foundation

/// Finds Kanshi's `data/` directory: `$KANSHI_DATA`, else the first `data/SOURCES.md` found walking
/// up from the working directory, then from the executable's location (so `swift run` works from
/// anywhere inside the checkout and an installed binary works next to its data).
enum DataDirectory {
    static let catalogFileName = "spacetrack_gp_full_catalog_2023-10-09.3le.gz"
    static let eopFileName = "EOP-All.csv.gz"

    static func locate() throws -> URL {
        let fm = FileManager.default
        if let env = ProcessInfo.processInfo.environment["KANSHI_DATA"], !env.isEmpty {
            return URL(fileURLWithPath: env, isDirectory: true)
        }
        var starts = [URL(fileURLWithPath: fm.currentDirectoryPath, isDirectory: true)]
        starts.append(URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent())
        for start in starts {
            var dir = start.standardizedFileURL
            while true {
                let candidate = dir.appendingPathComponent("data", isDirectory: true)
                if fm.fileExists(atPath: candidate.appendingPathComponent("SOURCES.md").path) { return candidate }
                let parent = dir.deletingLastPathComponent()
                if parent.path == dir.path { break }
                dir = parent
            }
        }
        throw CLIError("cannot find Kanshi's data/ directory: set KANSHI_DATA or run inside the checkout")
    }

    static func defaultCatalog() throws -> String {
        try locate().appendingPathComponent(catalogFileName).path
    }
}

/// A fatal command-line error with a plain message (printed to stderr by ArgumentParser).
struct CLIError: Error, CustomStringConvertible {
    let description: String
    init(_ message: String) { description = message }
}
