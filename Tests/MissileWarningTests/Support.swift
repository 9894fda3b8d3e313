import Foundation
import Testing
@testable import MissileWarning

enum MissileFixtures {
    static let testsDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    static func path(_ relative: String) -> String {
        testsDirectory.appendingPathComponent("Fixtures/missile").appendingPathComponent(relative).path
    }

    /// A row of nk_tests.csv: the figures a preset must reproduce.
    struct Row {
        var id: String
        var apogeeKm: Double
        var rangeKm: Double
        var flightTimeS: Double?
    }

    /// Reads nk_tests.csv (no quoted fields; the test checks every row has the header's field count).
    /// Apogee and range: the `_other` columns (the flight's owner, ROK JCS or CNS — the precise figures).
    /// Flight time: `flight_time_s_other` when it is a plain number, else Japan's `flight_time_min_japan` (its
    /// leading number after "~", minutes).
    static func rows() throws -> [String: Row] {
        let text = try String(contentsOfFile: path("nk_tests.csv"), encoding: .utf8)
        let lines = text.split(whereSeparator: \.isNewline).map(String.init)
        let header = lines[0].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        var out: [String: Row] = [:]
        for line in lines.dropFirst() {
            let f = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            #expect(f.count == header.count, "\(line)")
            var d: [String: String] = [:]
            for (k, v) in zip(header, f) { d[k] = v }
            guard let apogee = Double(d["apogee_km_other"] ?? ""), let range = Double(d["range_km_other"] ?? "") else { continue }
            var time = Double(d["flight_time_s_other"] ?? "")
            if time == nil, let japan = d["flight_time_min_japan"], japan.hasPrefix("~") {
                let digits = japan.dropFirst().prefix { $0.isNumber || $0 == "." }
                time = Double(digits).map { $0 * 60 }
            }
            out[d["id"]!] = Row(id: d["id"]!, apogeeKm: apogee, rangeKm: range, flightTimeS: time)
        }
        return out
    }
}
