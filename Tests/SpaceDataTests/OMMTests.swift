import Foundation
import Testing
@testable import SpaceData

@Suite("OMM: KVN, XML, JSON, CSV")
struct OMMTests {
    let fixed = OMMFields.WriteOptions(creationDate: "2026-11-27T00:00:00", originator: "KANSHI TEST")

    @Test("CelesTrak's CSV and XML samples of Vanguard 1 read to the same values")
    func celestrakSamples() throws {
        let csv = OMMCSV.read(try Fixture.bytes("sample_omm.csv"), file: "sample_omm.csv")
        let xml = OMMXML.read(try Fixture.bytes("sample_omm.xml"), file: "sample_omm.xml")
        let json = OMMJSON.read(try Fixture.bytes("sample_omm.json"), file: "sample_omm.json")
        for r in [csv, xml, json] { #expect(r.summary == "1 element sets, 0 errors") }
        let a = try #require(csv.records.first), b = try #require(xml.records.first), c = try #require(json.records.first)
        // CSV carries no header/metadata keywords; XML carries them empty or at their defaults.
        var bNoVersion = b
        bNoVersion.ommVersion = nil
        #expect(a == bNoVersion)
        #expect(a.objectName == "VANGUARD 1")
        #expect(a.objectID == "1958-002B")
        #expect(a.noradCatalogNumber == 5)
        #expect(a.epoch == (try Instant(utc: "2020-10-13T04:52:48.472320")))
        #expect(a.bstar == -0.22483e-4)
        #expect(a.meanMotionDot == -1.6e-7)
        #expect(a.eccentricity == 0.1845686)
        #expect(b.ommVersion == "2.0")
        // The JSON sample is a later set of the same object.
        #expect(c.noradCatalogNumber == 5)
        #expect(c.epoch == (try Instant(utc: "2025-02-14T14:36:48.662784")))
        #expect(c.bstar == 0.00035436)
        #expect(c.meanMotionDot == 2.64e-6)
    }

    @Test("Space-Track JSON: every value a string, extra fields kept in order, objectType")
    func spaceTrackJSON() throws {
        let r = OMMJSON.read(try Fixture.bytes("omm1_st.json"), file: "omm1_st.json")
        #expect(r.summary == "1 element sets, 0 errors")
        let s = try #require(r.records.first)
        #expect(s.objectType == .payload)
        #expect(s.comments == ["GENERATED VIA SPACE-TRACK.ORG API"])
        #expect(s.originator == "18 SPCS")
        #expect(s.creationDate == "2020-12-29T06:26:10")
        #expect(s.extraFields.map(\.key) == ["SEMIMAJOR_AXIS", "PERIOD", "APOAPSIS", "PERIAPSIS", "OBJECT_TYPE", "RCS_SIZE",
                                              "COUNTRY_CODE", "LAUNCH_DATE", "SITE", "DECAY_DATE", "FILE", "GP_ID",
                                              "TLE_LINE0", "TLE_LINE1", "TLE_LINE2"])
        #expect(s.extraField("DECAY_DATE") == nil)
        #expect(s.extraFields.first { $0.key == "DECAY_DATE" }?.value == nil)
        #expect(s.bstar == 0.000084553)
        // The TLE lines Space-Track attached agree with the OMM values.
        let lines = try TLEWriter().lines(for: s)
        #expect(lines == [try #require(s.extraField("TLE_LINE0")), try #require(s.extraField("TLE_LINE1")),
                          try #require(s.extraField("TLE_LINE2"))])
        // And CelesTrak's JSON of the same set has the same values.
        let ct = try #require(OMMJSON.read(try Fixture.bytes("omm1_ct.json")).records.first)
        var stValues = s.valuesOnly
        stValues.extraFields = []; stValues.comments = []; stValues.originator = nil; stValues.creationDate = nil
        stValues.ommVersion = nil
        #expect(ct == stValues)
    }

    @Test("CCSDS KVN and XML examples (Orekit, ccsds-ndm-py, ccsds-ndm-rs)")
    func ccsdsExamples() throws {
        let e1 = OMMKVN.read(try String(contentsOfFile: Fixture.path("OMMExample1.txt"), encoding: .utf8), file: "OMMExample1.txt")
        #expect(e1.summary == "1 element sets, 0 errors")
        let s = try #require(e1.records.first)
        #expect(s.objectName == "GOES 9")
        #expect(s.ommVersion == "3.0")
        #expect(s.meanElementTheory == "SGP/SGP4")
        #expect(s.epoch == (try Instant(utc: "2007-064T10:34:41.4264")))
        #expect(s.elementSetNumber == 925)
        #expect(s.extraField("GM") == "398600.8")
        // The XML version of the same example.
        let x2 = OMMXML.read(try Fixture.bytes("OMMExample2.xml"), file: "OMMExample2.xml")
        #expect(x2.errors.isEmpty, "\(x2.errors)")
        #expect(x2.records.first?.noradCatalogNumber == 23581)
        let ndm = OMMXML.read(try Fixture.bytes("ndmxml-1.0-omm-2.0.xml"))
        #expect(ndm.errors.isEmpty, "\(ndm.errors)")
        #expect(ndm.records.first?.comments.first == "THIS EXAMPLE CONFORMS TO FIGURE 4-2 IN 502.0-B-2")
        let combined = OMMXML.read(try Fixture.bytes("omm_combined.xml"))
        #expect(combined.summary == "19 element sets, 0 errors")
        let g7 = OMMKVN.read(try String(contentsOfFile: Fixture.path("omm_g7.kvn"), encoding: .utf8))
        #expect(g7.summary == "1 element sets, 0 errors")
        #expect(g7.records.first?.extraField("MESSAGE_ID") == "OMM 202013719185")
        let kvn = OMMKVN.read(try String(contentsOfFile: Fixture.path("omm1_st.kvn"), encoding: .utf8))
        #expect(kvn.errors.isEmpty, "\(kvn.errors)")
        #expect(kvn.records.count == 1)
    }

    @Test("malformed OMMs name their line and field")
    func malformed() throws {
        let bad = OMMKVN.read(try String(contentsOfFile: Fixture.path("OMM-number-format-error.txt"), encoding: .utf8),
                              file: "OMM-number-format-error.txt")
        #expect(bad.records.isEmpty)
        let e = try #require(bad.errors.first)
        #expect(e.code == .badNumber)
        #expect(e.line == 15)
        #expect(e.field == "ARG_OF_PERICENTER")
        #expect(e.description == "OMM-number-format-error.txt:15: OMM 1 field ARG_OF_PERICENTER: 'this-is-not-a-number' is not a number")

        let wrong = OMMKVN.read(try String(contentsOfFile: Fixture.path("OMM-wrong-keyword.txt"), encoding: .utf8),
                                file: "OMM-wrong-keyword.txt")
        #expect(wrong.records.count == 1)
        #expect(wrong.warnings.contains { $0.code == .unknownKeyword && $0.field == "WRONG_KEYWORD" && $0.line == 9 })

        let empty = OMMKVN.read(try String(contentsOfFile: Fixture.path("OMM-empty-object-id.txt"), encoding: .utf8))
        #expect(empty.warnings.contains { $0.field == "OBJECT_ID" && $0.line == 6 })
        #expect(empty.records.first?.objectID == nil)

        // Example 3 gives SEMI_MAJOR_AXIS, TOD and TIME_SYSTEM MRT: not an SGP4 element set.
        let e3 = OMMKVN.read(try String(contentsOfFile: Fixture.path("OMMExample3.txt"), encoding: .utf8), file: "OMMExample3.txt")
        #expect(e3.records.isEmpty)
        #expect(e3.errors.contains { $0.field == "MEAN_MOTION" && $0.code == .missingField })
        #expect(e3.errors.contains { $0.field == "TIME_SYSTEM" })

        let badXML = OMMXML.read(Array("<ndm><omm><header></omm></ndm>".utf8), file: "bad.xml")
        #expect(badXML.errors.first?.code == .badXML)
        #expect(badXML.errors.first?.line == 1)
        let badJSON = OMMJSON.read(Array("[{\"NORAD_CAT_ID\": 5,\n \"EPOCH\": }]".utf8), file: "bad.json")
        #expect(badJSON.errors.first?.code == .badJSON)
        #expect(badJSON.errors.first?.line == 2)
        let missing = OMMJSON.read(Array("[{\"NORAD_CAT_ID\": 5}]".utf8), file: "m.json")
        #expect(missing.errors.contains { $0.field == "EPOCH" && $0.code == .missingField })
        let badCSV = OMMCSV.read(Array("NORAD_CAT_ID,EPOCH\n5,2020-01-01,extra\n".utf8), file: "b.csv")
        #expect(badCSV.errors.first?.code == .badCSV)
        #expect(badCSV.errors.first?.line == 2)
        let badEpoch = OMMCSV.read(Array("NORAD_CAT_ID,EPOCH,MEAN_MOTION,ECCENTRICITY,INCLINATION,RA_OF_ASC_NODE,ARG_OF_PERICENTER,MEAN_ANOMALY\n5,2020-13-01,1,0,0,0,0,0\n".utf8))
        #expect(badEpoch.errors.first { $0.field == "EPOCH" }?.code == .badEpoch)
    }

    @Test("CelesTrak bulk CSV and JSON samples load, and agree after writing in every format")
    func bulkSamples() throws {
        let csv = OMMCSV.read(try Fixture.bytes("celestrak_active_omm_first40.csv"))
        #expect(csv.summary == "40 element sets, 0 errors")
        let json = OMMJSON.read(try Fixture.bytes("celestrak_debris_first30.json"))
        #expect(json.summary == "30 element sets, 0 errors")
        for sets in [csv.records, json.records] {
            try checkAllFormats(sets)
        }
    }

    /// Writes `sets` in every OMM format and style and checks each reads back to the same values.
    func checkAllFormats(_ sets: [ElementSet]) throws {
        let bare = sets.map { s -> ElementSet in var t = s.valuesOnly; t.comments = []; return t }
        let texts: [(String, [UInt8], (([UInt8]) -> ReadReport<ElementSet>))] = [
            ("KVN", Array(OMMKVN.write(sets, options: fixed).utf8), { OMMKVN.read(String(decoding: $0, as: UTF8.self)) }),
            ("XML", Array(OMMXML.write(sets, options: fixed).utf8), { OMMXML.read($0) }),
            ("JSON", Array(OMMJSON.write(sets, options: fixed).utf8), { OMMJSON.read($0) }),
            ("JSON-ST", Array(OMMJSON.write(sets, style: .spaceTrack, options: fixed).utf8), { OMMJSON.read($0) }),
            ("CSV", Array(OMMCSV.write(sets, options: fixed).utf8), { OMMCSV.read($0) }),
            ("CSV-ST", Array(OMMCSV.write(sets, style: .spaceTrack, options: fixed).utf8), { OMMCSV.read($0) }),
        ]
        for (name, bytes, read) in texts {
            let r = read(bytes)
            #expect(r.errors.isEmpty, "\(name): \(r.errors.prefix(3))")
            #expect(r.records.count == sets.count, "\(name)")
            #expect(ElementSetReader.detectFormat(bytes) != nil, "\(name) not detected")
            for (a, b) in zip(bare, r.records) {
                // Compare element values; header fields and extra-field naming depend on the format.
                var x = b; x.comments = []
                x.ommVersion = a.ommVersion; x.originator = a.originator; x.creationDate = a.creationDate
                x.extraFields = a.extraFields
                #expect(x == a, "\(name): NORAD \(a.noradCatalogNumber)")
            }
        }
    }
}
