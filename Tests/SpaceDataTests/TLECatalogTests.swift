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

    /// The catalog read once for the tests below (they run in parallel).
    enum Catalog {
        static let raw: [UInt8] = (try? FileInput.readFile(Fixture.fullCatalog2023)) ?? []
        static let sets: [ElementSet] = TLEReader().read(raw).records
        static let original: [[String]] = sets.map { (try? TLEWriter().lines(for: $0)) ?? [] }
        static let canonical: [[String]] = sets.map { (try? TLEWriter(preservePresentation: false).lines(for: $0)) ?? [] }
    }

    enum OMMForm: String, CaseIterable, Sendable {
        case kvn, xml, celestrakJSON, spaceTrackJSON, celestrakCSV, spaceTrackCSV, jsonWithoutTLELines

        func write(_ sets: [ElementSet], _ o: OMMFields.WriteOptions) -> String {
            switch self {
            case .kvn: OMMKVN.write(sets, options: o)
            case .xml: OMMXML.write(sets, options: o)
            case .celestrakJSON, .jsonWithoutTLELines: OMMJSON.write(sets, options: o)
            case .spaceTrackJSON: OMMJSON.write(sets, style: .spaceTrack, options: o)
            case .celestrakCSV: OMMCSV.write(sets, options: o)
            case .spaceTrackCSV: OMMCSV.write(sets, style: .spaceTrack, options: o)
            }
        }

        func read(_ text: String) -> ReadReport<ElementSet> {
            switch self {
            case .kvn: OMMKVN.read(text)
            case .xml: OMMXML.read(Array(text.utf8))
            case .celestrakJSON, .spaceTrackJSON, .jsonWithoutTLELines: OMMJSON.read(Array(text.utf8))
            case .celestrakCSV, .spaceTrackCSV: OMMCSV.read(Array(text.utf8))
            }
        }
    }

    @Test("TLE sets carrying a non-canonical presentation: 1,501 of 26,140")
    func presentationCount() {
        // B* zero as "+00000+0" or " 00000+0", explicit "+" signs, space-padded catalog numbers.
        #expect(Catalog.sets.count == 26_140)
        #expect(zip(Catalog.original, Catalog.canonical).filter { $0 != $1 }.count == 1_501)
    }

    /// OMM values alone determine canonical lines. With `includeTLELines` the OMM also carries
    /// TLE_LINE0/1/2 as Space-Track's does, and reading them back restores the presentation: the
    /// lines come back identical to the input for every set.
    @Test("TLE → OMM → TLE gives identical lines for all 26,140 sets", arguments: OMMForm.allCases)
    func tleThroughOMM(form: OMMForm) throws {
        let sets = Catalog.sets
        #expect(sets.count == 26_140)
        let options = OMMFields.WriteOptions(creationDate: "2023-10-09T00:00:00", originator: "KANSHI TEST",
                                             includeTLELines: form != .jsonWithoutTLELines)
        let expected = form == .jsonWithoutTLELines ? Catalog.canonical : Catalog.original
        let back = form.read(form.write(sets, options))
        #expect(back.errors.isEmpty)
        #expect(back.records.count == 26_140)
        // Blank TLE designators (analyst and "TBA" objects) become an empty OBJECT_ID, which is reported.
        #expect(back.warnings.allSatisfy { $0.field == "OBJECT_ID" })
        #expect(back.warnings.count == sets.filter { $0.objectID == nil }.count)
        var identical = 0
        let writer = TLEWriter()
        for (k, s) in back.records.enumerated() where k < sets.count {
            let lines = try writer.lines(for: s)
            if lines == expected[k] { identical += 1 } else if identical == k {
                Issue.record("\(expected[k]) came back as \(lines)")
            }
        }
        #expect(identical == 26_140)
    }

    @Test("OMM → TLE → OMM gives the same values (and the same OMM text) for all 26,140 sets")
    func ommThroughTLE() throws {
        let sets = Catalog.sets
        let options = OMMFields.WriteOptions(creationDate: "2023-10-09T00:00:00", originator: "KANSHI TEST")
        let kvn = OMMKVN.write(sets, options: options)
        let omm = OMMKVN.read(kvn).records
        #expect(omm.count == 26_140)
        let tle = try TLEWriter().write(omm)
        let again = TLEReader().read(tle).records
        #expect(again.count == 26_140)
        // OMM epochs are written to the microsecond, TLE epochs are multiples of 1e-8 day (0.864 ms):
        // the epoch read back from the TLE is the exact TLE epoch, within 0.5 µs of the OMM text.
        var same = 0
        for (a, b) in zip(omm, again) {
            var x = a.valuesOnly, y = b.valuesOnly
            x.ommVersion = nil; x.originator = nil; x.creationDate = nil
            #expect(abs(b.epoch.secondsSince(a.epoch)) <= 0.5e-6)
            y.epoch = x.epoch
            if x == y { same += 1 } else if same < 3 { Issue.record("\(x) != \(y)") }
        }
        #expect(same == 26_140)
        #expect(OMMKVN.write(again, options: options) == kvn)
        #expect(OMMJSON.write(again, style: .spaceTrack, options: options) == OMMJSON.write(omm, style: .spaceTrack, options: options))
    }
}
