import Foundation
import Testing

/// `propagate`, `run`, `bench propagate` and `sensors access` through ``SGP4Batch`` (the default)
/// against the scalar SGP4 (`--method scalar` / `--sampling scalar`, the method before the batch):
/// the same output, to the last printed digit.
@Suite("kanshi bulk propagation: batch against scalar")
struct BulkPropagationCLITests {
    /// 267 objects of the bundled catalog (every 100th, plus five SGP4 rejects during 2023-10-09).
    static let sample = CLITests.root.appendingPathComponent("Tests/Fixtures/sensors/catalog_sample_2023-10-09.3le").path

    /// Compares two outputs line by line: lines must be equal, or differ only in numbers by at most
    /// one unit of their last printed digit (1 mm in a 6-decimal km, 1 µm/s in a 9-decimal km/s).
    /// Returns the number of lines that differ (within that rounding) and records any other difference.
    /// ``CLITests/run(_:stdin:)`` on a thread of its own: waiting for a child process on Swift's
    /// cooperative pool (one thread per core) starves the I/O-bound suites running beside it.
    static func runOffPool(_ args: [String]) async throws -> CLITests.Result {
        struct Failed: Error, CustomStringConvertible { let description: String }
        let outcome: Swift.Result<CLITests.Result, Failed> = await withCheckedContinuation { continuation in
            let thread = Thread {
                do { continuation.resume(returning: .success(try CLITests.run(args))) } catch {
                    continuation.resume(returning: .failure(Failed(description: "\(error)")))
                }
            }
            thread.start()
        }
        return try outcome.get()
    }

    static func compareNumbers(_ a: String, _ b: String, ignoring skip: (Substring) -> Bool = { _ in false },
                               sourceLocation: SourceLocation = #_sourceLocation) -> Int {
        let la = a.split(separator: "\n", omittingEmptySubsequences: false)
        let lb = b.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(la.count == lb.count, "line counts \(la.count) and \(lb.count)", sourceLocation: sourceLocation)
        var differing = 0, reported = 0
        for (x, y) in zip(la, lb) where x != y && !skip(x) {
            differing += 1
            let separators: Set<Character> = [",", " ", ":", "{", "}", "[", "]", "\""]
            let tx = x.split(whereSeparator: separators.contains), ty = y.split(whereSeparator: separators.contains)
            var same = tx.count == ty.count
            if same {
                for (u, v) in zip(tx, ty) where u != v {
                    guard let du = Double(u), let dv = Double(v) else { same = false; break }
                    let decimals = u.split(separator: ".").dropFirst().first?.count ?? 0
                    let unit = pow(10, -Double(decimals))
                    if abs(du - dv) > unit * 1.000001 { same = false; break }
                }
            }
            if !same && reported < 5 {
                reported += 1
                Issue.record("lines differ beyond the last digit:\n\(x)\n\(y)", sourceLocation: sourceLocation)
            }
        }
        return differing
    }

    @Test("propagate: batch and scalar write the same csv, json, table and OEM (TEME, GCRF, ITRF, geodetic), errors included, to the last printed digit")
    func propagateFormats() async throws {
        let cases: [(format: String, frame: String)] = [("csv", "teme"), ("json", "gcrf"), ("table", "itrf"), ("csv", "geodetic"), ("oem", "itrf")]
        for (format, frame) in cases {
            let common = ["propagate", Self.sample, "--start", "2023-10-09T00:00:00Z", "--duration", "7200", "--step", "600",
                          "--format", format, "--frame", frame, "--no-eop"]
            let batch = try await Self.runOffPool(common + ["--method", "batch", "--threads", "2"])
            let scalar = try await Self.runOffPool(common + ["--method", "scalar", "--threads", "1"])
            #expect(batch.status == scalar.status, "\(format) \(frame): \(batch.stderr)")
            #expect(batch.stdout.count > 100_000, "\(format) \(frame): \(batch.stdout.count) bytes")
            #expect(batch.stderr == scalar.stderr, "\(format) \(frame)")
            let differing = Self.compareNumbers(batch.stdout, scalar.stdout) { $0.hasPrefix("CREATION_DATE") }
            // Rounding can flip a last digit now and then; most lines are byte-identical.
            let lines = batch.stdout.split(separator: "\n").count
            #expect(differing * 100 < lines, "\(format) \(frame): \(differing) of \(lines) lines differ in a last digit")
        }
    }

    @Test("run: batch and scalar report the same state counts, first errors and lowest altitude")
    func runReport() async throws {
        let common = ["run", Self.sample, "--hours", "6", "--step", "300", "--no-eop"]
        let batch = try await Self.runOffPool(common + ["--method", "batch"])
        let scalar = try await Self.runOffPool(common + ["--method", "scalar"])
        #expect(batch.status == scalar.status, "\(batch.stderr)")
        func stable(_ text: String) -> [String] {
            text.split(separator: "\n").map { line in
                // Drop the timings: "... rejected by SGP4) in 0.01 s on ..." and "total time".
                if let r = line.range(of: ") in ") { return String(line[..<r.lowerBound]) }
                return String(line)
            }.filter { !$0.hasPrefix("total time") }
        }
        let b = stable(batch.stdout)
        #expect(b == stable(scalar.stdout))
        #expect(b.contains { $0.hasPrefix("objects with a rejected state") }, "\(batch.stdout)")
        #expect(b.contains { $0.hasPrefix("lowest altitude reached") })
    }

    @Test("bench propagate: batch and scalar count the same propagations and rejections; checksums agree to 1e-9")
    func bench() async throws {
        func once(_ method: String) async throws -> [String: Any] {
            let r = try await Self.runOffPool(["bench", "propagate", Self.sample, "--steps", "120", "--threads", "2",
                                      "--start", "2023-10-09T00:00:00Z", "--method", method])
            #expect(r.status == 0, "\(r.stderr)")
            return try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        }
        let batch = try await once("batch"), scalar = try await once("scalar")
        #expect(batch["method"] as? String == "batch" && scalar["method"] as? String == "scalar")
        #expect(batch["propagations"] as? Int == scalar["propagations"] as? Int)
        #expect(batch["rejected_states"] as? Int == scalar["rejected_states"] as? Int)
        #expect((scalar["rejected_states"] as? Int ?? 0) > 0)
        let cb = try #require(batch["checksum"] as? Double), cs = try #require(scalar["checksum"] as? Double)
        #expect(abs(cb - cs) <= 1e-9 * abs(cs), "\(cb) vs \(cs)")
    }

    @Test("sensors access: --sampling batch and scalar write the same passes of the catalog sample")
    func access() async throws {
        let common = ["sensors", "access", "--catalog", Self.sample, "--start", "2023-10-09T00:00:00Z",
                      "--duration", "10800", "--format", "csv", "--no-eop"]
        let batch = try await Self.runOffPool(common + ["--sampling", "batch", "--threads", "2"])
        let scalar = try await Self.runOffPool(common + ["--sampling", "scalar", "--threads", "1"])
        #expect(batch.status == scalar.status, "\(batch.stderr)")
        #expect(batch.stdout.split(separator: "\n").count > 50)
        #expect(batch.stdout == scalar.stdout)
    }
}
