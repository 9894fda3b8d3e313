import Foundation
import Testing
@testable import SpaceData

@Suite("Full 2023-10-09 Space-Track catalog")
struct TLECatalogTests {
    @Test("loads with 0 errors and writes back byte for byte")
    func fullCatalogRoundTrip() throws {
        let raw = try FileInput.readFile(Fixture.fullCatalog2023)
        let report = TLEReader().read(raw, file: "spacetrack_gp_full_catalog_2023-10-09.3le")
        #expect(report.errors.isEmpty, "\(report.errors.prefix(5))")
        #expect(report.warnings.isEmpty)
        #expect(report.records.count == 26_140)
        #expect(report.summary == "26140 element sets, 0 errors")
        let text = try TLEWriter.matchingLineEndings(of: raw).write(report.records)
        let written = Array(text.utf8)
        if written != raw {
            let a = TextLines.split(raw), b = TextLines.split(written)
            for (i, (x, y)) in zip(a, b).enumerated() where x != y {
                Issue.record("line \(i + 1): '\(String(decoding: x, as: UTF8.self))' written as '\(String(decoding: y, as: UTF8.self))'")
                break
            }
        }
        #expect(written == raw)
    }
}
