import Astrodynamics
import Foundation
import SpaceData
#if canImport(Glibc)
import Glibc
#endif

/// The element sets of a catalog file that initialise SGP4, with their propagators, split into
/// near-Earth and deep-space (``SGP4/isDeepSpace``, period ≥ 225 min).
struct LoadedCatalog {
    /// Near-Earth sets then deep-space sets, in file order within each class.
    var sets: [ElementSet]
    var propagators: [SGP4]
    /// Number of leading entries that are near-Earth.
    var nearCount: Int
    /// Records the reader rejected.
    var readErrors: Int
    /// Sets SGP4's initialisation refused: NORAD number and reason.
    var refused: [(norad: Int, reason: String)]

    var nearEarth: Range<Int> { 0..<nearCount }
    var deepSpace: Range<Int> { nearCount..<sets.count }

    init(path: String) {
        let report = ElementSetReader().read(files: [path])
        var near: [(ElementSet, SGP4)] = [], deep: [(ElementSet, SGP4)] = []
        var refused: [(norad: Int, reason: String)] = []
        for set in report.records {
            do {
                let p = try SGP4(set.meanElements)
                if p.isDeepSpace { deep.append((set, p)) } else { near.append((set, p)) }
            } catch {
                refused.append((set.noradCatalogNumber, "\(error)"))
            }
        }
        sets = near.map(\.0) + deep.map(\.0)
        propagators = near.map(\.1) + deep.map(\.1)
        nearCount = near.count
        readErrors = report.errors.count
        self.refused = refused
    }

    /// The median epoch of every set, rounded to the whole UTC minute (as `kanshi bench propagate`).
    var medianEpochToTheMinute: Instant {
        let (mjd, sod) = propagators.map(\.epoch).sorted()[propagators.count / 2].utcDayAndSeconds()
        return Instant(utcModifiedJulianDay: Int(mjd), secondsOfDay: (sod / 60).rounded() * 60)
    }

    /// Writes `sets[range]` as 3LE text, byte for byte as read (``TLEWriter`` preserves the input).
    func writeTLE(_ range: Range<Int>, to path: String) throws {
        let text = try TLEWriter().write(Array(sets[range]))
        try text.write(toFile: path, atomically: true, encoding: .utf8)
    }
}

/// The bundled full 2023 catalog, found from this source file's location.
func defaultCatalogPath() -> String {
    benchmarkDirectory().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("data/spacetrack_gp_full_catalog_2023-10-09.3le.gz").path
}

/// `Benchmarks/sgp4_batch`, where `peers.py` lives.
func benchmarkDirectory() -> URL {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
}

/// Writes the raw bytes of `values` (little-endian on every platform this runs on).
func writeBinary<T>(_ values: [T], to path: String) throws {
    let data = values.withUnsafeBufferPointer { Data(buffer: $0) }
    try data.write(to: URL(fileURLWithPath: path))
}

/// CPU seconds used by this process so far, every thread (`CLOCK_PROCESS_CPUTIME_ID`).
func processCPUSeconds() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
}

/// Seconds of a monotonic clock.
func monotonicSeconds() -> Double {
    Double(DispatchTime.now().uptimeNanoseconds) * 1e-9
}

func median(_ xs: [Double]) -> Double {
    let s = xs.sorted()
    guard !s.isEmpty else { return .nan }
    return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
}

/// Command-line options of the form `--name value`.
struct Options {
    let arguments: [String]
    func string(_ name: String) -> String? {
        guard let i = arguments.firstIndex(of: "--" + name), i + 1 < arguments.count else { return nil }
        return arguments[i + 1]
    }
    func int(_ name: String, _ fallback: Int) -> Int { string(name).flatMap { Int($0) } ?? fallback }
    func double(_ name: String, _ fallback: Double) -> Double { string(name).flatMap { Double($0) } ?? fallback }
    func flag(_ name: String) -> Bool { arguments.contains("--" + name) }
}

/// A value handed to worker threads that write disjoint parts of it.
struct Shared<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}

func fail(_ message: String) -> Never {
    FileHandle.standardError.write((message + "\n").data(using: .utf8)!)
    exit(2)
}

func log(_ message: String) {
    FileHandle.standardError.write((message + "\n").data(using: .utf8)!)
}
