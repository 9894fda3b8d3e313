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

    @Test("TLE → OMM (KVN, XML, JSON, CSV) → TLE gives identical lines for all 26,140 sets")
    func tleThroughOMM() throws {
        let raw = try FileInput.readFile(Fixture.fullCatalog2023)
        let sets = TLEReader().read(raw).records
        #expect(sets.count == 26_140)
        let writer = TLEWriter()
        let original = try sets.map { try writer.lines(for: $0) }
        // OMM values alone determine canonical lines; 1,501 sets of this catalog are written with a
        // non-canonical presentation (B* zero as "+00000+0", "+" signs, space-padded catalog numbers).
        // With `includeTLELines` the OMM also carries TLE_LINE0/1/2 as Space-Track's does, and reading
        // them back restores the presentation: identical lines for every set.
        let canonical = try sets.map { try TLEWriter(preservePresentation: false).lines(for: $0) }
        let nonCanonical = zip(original, canonical).filter { $0 != $1 }.count
        #expect(nonCanonical == 1_501)
        let withLines = OMMFields.WriteOptions(creationDate: "2023-10-09T00:00:00", originator: "KANSHI TEST",
                                               includeTLELines: true)
        let valuesOnly = OMMFields.WriteOptions(creationDate: "2023-10-09T00:00:00", originator: "KANSHI TEST")
        let blankDesignators = sets.filter { $0.objectID == nil }.count
        let formats: [(String, String, (String) -> ReadReport<ElementSet>, [[String]])] = [
            ("KVN", OMMKVN.write(sets, options: withLines), { OMMKVN.read($0) }, original),
            ("XML", OMMXML.write(sets, options: withLines), { OMMXML.read(Array($0.utf8)) }, original),
            ("JSON (CelesTrak)", OMMJSON.write(sets, options: withLines), { OMMJSON.read(Array($0.utf8)) }, original),
            ("JSON (Space-Track)", OMMJSON.write(sets, style: .spaceTrack, options: withLines), { OMMJSON.read(Array($0.utf8)) }, original),
            ("CSV (CelesTrak)", OMMCSV.write(sets, options: withLines), { OMMCSV.read(Array($0.utf8)) }, original),
            ("CSV (Space-Track)", OMMCSV.write(sets, style: .spaceTrack, options: withLines), { OMMCSV.read(Array($0.utf8)) }, original),
            ("JSON without TLE lines", OMMJSON.write(sets, options: valuesOnly), { OMMJSON.read(Array($0.utf8)) }, canonical),
        ]
        for (name, text, read, expected) in formats {
            let back = read(text)
            #expect(back.errors.isEmpty, "\(name)")
            #expect(back.records.count == 26_140, "\(name)")
            // Blank TLE designators (analyst and "TBA" objects) become an empty OBJECT_ID, which is reported.
            #expect(back.warnings.allSatisfy { $0.field == "OBJECT_ID" }, "\(name)")
            #expect(back.warnings.count == blankDesignators, "\(name)")
            var identical = 0
            for (k, s) in back.records.enumerated() where k < sets.count {
                let lines = try writer.lines(for: s)
                if lines == expected[k] { identical += 1 } else if identical == k {
                    Issue.record("\(name): \(expected[k]) came back as \(lines)")
                }
            }
            #expect(identical == 26_140, "\(name)")
        }
    }

    @Test("OMM → TLE → OMM gives the same values (and the same OMM text) for all 26,140 sets")
    func ommThroughTLE() throws {
        let sets = TLEReader().read(try FileInput.readFile(Fixture.fullCatalog2023)).records
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
