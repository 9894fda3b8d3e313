import Foundation
import Testing
@testable import SpaceData

/// Fixtures under `Tests/Fixtures/cdm/` (origins in its SOURCES.md).
enum CDMFixture {
    static func path(_ name: String) -> String {
        Fixture.testsDirectory.appendingPathComponent("Fixtures/cdm").appendingPathComponent(name).path
    }
    static func bytes(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: URL(fileURLWithPath: path(name))))
    }
    static func read(_ name: String, options: CDMReadOptions = .init()) throws -> ReadReport<ConjunctionDataMessage> {
        CDMReader.read(try bytes(name), file: name, options: options)
    }
    /// Every example that must read without error.
    static let good = [
        "CDMExample1.txt", "CDMExample1.xml", "CDMExample2.txt", "CDMExample3.txt", "CDMExample4.txt", "CDMExample5.txt",
        "CDMExample_issue942.txt", "CDMExample_issue942.xml", "CDMExample_issue988.txt", "CDMExample_issue988.xml",
        "CDMExample_issue988_2.txt", "CDMExample_issue988_2.xml", "CDMExample_issue988_3.txt", "CDMExample_issue988_3.xml",
        "CDMExample_issue_940.txt", "CDMExample_issue_940.xml", "CDMExample_issue_944.xml", "CDMExample_issue1319.xml",
        "CDMExample_issue1458.xml", "CDM-frame-mapper.txt", "CDM-no-orbit-center-defined-obj1.txt",
        "ION_SCV8_vs_STARLINK_1233.txt", "cdm_example_section4.kvn", "cdm_example_section4.xml",
        "AlfanoTestCase01.cdm", "AlfanoTestCase02.cdm", "AlfanoTestCase03.cdm", "AlfanoTestCase04.cdm",
        "AlfanoTestCase05.cdm", "AlfanoTestCase06.cdm", "AlfanoTestCase07.cdm", "AlfanoTestCase08.cdm",
        "AlfanoTestCase09.cdm", "AlfanoTestCase11.cdm",
    ]
}

@Suite("CDM (CCSDS 508.0-B-1): reading")
struct CDMReadingTests {
    @Test("CDMExample1 (the Blue Book's §3.6.2 example): header, TCA, miss distance, states, covariance terms")
    func example1() throws {
        let r = try CDMFixture.read("CDMExample1.txt")
        #expect(r.summary == "1 conjunction data messages, 0 errors")
        let m = try #require(r.records.first)
        #expect(m.header.version == "1.0")
        #expect(m.header.creationDate == (try Instant(utc: "2010-03-12T22:31:12.000")))
        #expect(m.header.originator == "JSPOC")
        #expect(m.header.messageID == "201113719185")
        #expect(m.relativeMetadata.tca == (try Instant(utc: "2010-03-13T22:37:52.618")))
        #expect(m.relativeMetadata.missDistanceMeters == 715)
        let o1 = m.object1, o2 = m.object2
        #expect(o1.metadata.object == .object1 && o2.metadata.object == .object2)
        #expect(o1.metadata.objectDesignator == "12345")
        #expect(o1.metadata.internationalDesignator == "1997−030E")   // the file's U+2212 minus, kept
        #expect(o1.metadata.maneuverable == "YES" && o2.metadata.maneuverable == "NO")
        #expect(o1.metadata.referenceFrame == "EME2000" && o2.metadata.referenceFrame == "EME2000")
        #expect(o1.metadata.effectiveOrbitCenter == "EARTH" && o1.metadata.orbitCenter == nil)
        #expect(o2.metadata.objectName == "FENGYUN 1C DEB")
        #expect(o1.stateVector.positionKm == SIMD3(2570.097065, 2244.654904, 6281.497978))
        #expect(o1.stateVector.velocityKmPerS == SIMD3(4.418769571, 4.833547743, -3.526774282))
        #expect(o2.stateVector.velocityKmPerS.x == -2.888612500)
        let c1 = o1.covariance
        #expect(c1.dimension == 6)
        #expect(c1.term("CR_R") == 4.142e1)
        #expect(c1.term("CT_R") == -8.579)
        #expect(c1.term("CRDOT_T") == -5.476)
        #expect(c1.term("CNDOT_NDOT") == 5.529e-5)
        #expect(c1[3, 0] == 2.520e-3 && c1[0, 3] == 2.520e-3)
        let p = c1.positionVelocity6x6
        #expect(p.count == 6 && p.allSatisfy { $0.count == 6 })
        for i in 0..<6 { for j in 0..<6 { #expect(p[i][j] == p[j][i]) } }
        #expect(p[1][1] == 2.533e3 && p[5][4] == -1.091e-6)
        #expect(o2.covariance.term("CN_T") == -7.5888e2)
        #expect(o2.covariance.term("CDRG_R") == nil)
        #expect(o1.odParameters.isEmpty && o1.additionalParameters.isEmpty)
    }

    @Test("CDMExample2: relative state, screening volume, Pc, OD and additional parameters, 8×8 covariance, comments")
    func example2() throws {
        let m = try #require(try CDMFixture.read("CDMExample2.txt").records.first)
        let r = m.relativeMetadata
        #expect(m.header.messageFor == "SATELLITE A")
        #expect(r.comments == ["Relative Metadata/Data"])
        #expect(r.relativeSpeedMetersPerSecond == 14762)
        #expect(r.relativePositionRTNMeters == SIMD3(27.4, -70.2, 711.8))
        #expect(r.relativeVelocityRTNMetersPerSecond == SIMD3(-7.2, -14692.0, -1437.2))
        #expect(r.startScreenPeriod == (try Instant(utc: "2010-03-12T18:29:32.212")))
        #expect(r.screenVolumeFrame == "RTN" && r.screenVolumeShape == "ELLIPSOID")
        #expect(r.screenVolumeXMeters == 200 && r.screenVolumeYMeters == 1000 && r.screenVolumeZMeters == 1000)
        #expect(r.collisionProbability == 4.835e-5 && r.collisionProbabilityMethod == "FOSTER-1992")
        let o1 = m.object1
        #expect(o1.metadata.comments == ["Object1 Metadata"])
        #expect(o1.odParameters.observationsAvailable == 592 && o1.odParameters.observationsUsed == 579)
        #expect(o1.odParameters.recommendedODSpanDays == 7.88)
        #expect(o1.odParameters.residualsAcceptedPercent == 97.8)
        #expect(o1.additionalParameters.massKg == 251.6)
        #expect(o1.additionalParameters.areaPCSquareMeters == 5.2)
        #expect(o1.covariance.dimension == 8)
        #expect(o1.covariance.term("CSRP_SRP") == 1.593e-2)
        #expect(m.object2.additionalParameters.comments
                == ["Object2 Additional Parameters", "Apogee Altitude=786 km", "Perigee Altitude=414 km", "Inclination=98.9 deg"])
    }

    @Test("CSpOC's padded layout (ION SCV-008 vs STARLINK-1233): 'KEY   =value', trailing blanks, COMMENT =text, ITRF")
    func cspocLayout() throws {
        let r = try CDMFixture.read("ION_SCV8_vs_STARLINK_1233.txt")
        #expect(r.summary == "1 conjunction data messages, 0 errors")
        let m = try #require(r.records.first)
        #expect(m.header.comments == ["CDM_ID:519959713", "MEETS EMERGENCY CRITERIA"])
        #expect(m.header.originator == "CSpOC")
        #expect(m.header.creationDate == (try Instant(utc: "2023-07-05T14:13:59")))
        #expect(m.relativeMetadata.tca == (try Instant(utc: "2023-07-05T20:31:15.893")))
        #expect(m.relativeMetadata.missDistanceMeters == 55)
        #expect(m.relativeMetadata.collisionProbability == 0.004450713)
        #expect(m.relativeMetadata.collisionProbabilityMethod == "FOSTER-1992")
        #expect(m.object1.metadata.comments == ["Screening Option = Covariance"])
        #expect(m.object1.metadata.referenceFrame == "ITRF" && m.object2.metadata.referenceFrame == "ITRF")
        #expect(m.object1.metadata.maneuverable == "N/A")
        #expect(m.object1.metadata.gravityModel == "EGM-96: 36D 36O")
        #expect(m.object1.stateVector.positionKm.x == -5719.153201)
        #expect(m.object1.covariance.term("CR_R") == 127.5401258877026)
        #expect(m.object1.covariance.term("CT_T") == 9738.762752029239)
        #expect(m.object1.covariance.term("CNDOT_NDOT") == 0.00009287778622823746)
        #expect(m.object1.additionalParameters.sedrWattsPerKg == 0.000710568)
        #expect(m.object1.odParameters.comments.first == "Covariance Scale Factor = 1.000000")
    }

    @Test("CRLF line ends read like LF")
    func crlf() throws {
        let text = String(decoding: try CDMFixture.bytes("CDMExample2.txt"), as: UTF8.self)
        let crlf = text.replacingOccurrences(of: "\n", with: "\r\n")
        #expect(CDMKVN.read(crlf).records == CDMKVN.read(text).records)
        #expect(CDMKVN.read(crlf).records.count == 1)
    }

    @Test("XML: standalone <cdm> values; the same message inside <ndm>; nil=\"true\" is absent")
    func xml() throws {
        let r = try CDMFixture.read("CDMExample_issue988.xml")
        #expect(r.isClean)
        let m = try #require(r.records.first)
        #expect(m.header.comments == ["Sample CDM - XML version"])
        #expect(m.relativeMetadata.tca == (try Instant(utc: "2010-03-13T22:37:52.618")))
        #expect(m.relativeMetadata.relativePositionNMeters == 711.8)
        #expect(m.object1.metadata.operatorEmail == "JOHN.DOE@SOMEWHERE>NET")
        #expect(m.object1.additionalParameters.sedrWattsPerKg == 4.54570e-5)
        #expect(m.object1.covariance.term("CT_T") == 2.533e3)
        let wrapped = "<?xml version=\"1.0\"?>\n<ndm>\n" + CDMXML.write(m).split(separator: "\n").dropFirst().joined(separator: "\n") + "\n</ndm>\n"
        #expect(CDMXML.read(wrapped).records == [m])
        #expect(CDMXML.read(CDMXML.write(m, wrapInNDM: true)).records == [m])
        let nils = try #require(try CDMFixture.read("CDMExample_issue1319.xml").records.first)
        #expect(nils.relativeMetadata.collisionProbability == nil && nils.relativeMetadata.startScreenPeriod == nil)
        #expect(nils.object1.metadata.orbitCenter == nil)
        #expect(nils.object1.covariance.dimension == 8)   // the thrust row is all nil
    }

    @Test("KVN and XML versions of the same examples read to the same values")
    func kvnMatchesXML() throws {
        for stem in ["CDMExample_issue942", "CDMExample_issue988_2"] {
            let k = try #require(try CDMFixture.read(stem + ".txt").records.first)
            let x = try #require(try CDMFixture.read(stem + ".xml").records.first)
            #expect(k.relativeMetadata.tca == x.relativeMetadata.tca, "\(stem)")
            #expect(k.object1.stateVector == x.object1.stateVector || k.object1.stateVector.positionKm == x.object1.stateVector.positionKm, "\(stem)")
            #expect(k.object2.covariance.lowerTriangle == x.object2.covariance.lowerTriangle, "\(stem)")
            #expect(k.object1.metadata.referenceFrame == x.object1.metadata.referenceFrame, "\(stem)")
        }
        let k = try #require(try CDMFixture.read("cdm_example_section4.kvn").records.first)
        let x = try #require(try CDMFixture.read("cdm_example_section4.xml").records.first)
        #expect(k.relativeMetadata == x.relativeMetadata || k.relativeMetadata.tca == x.relativeMetadata.tca)
        #expect(k.object1.covariance.lowerTriangle == x.object1.covariance.lowerTriangle)
    }

    @Test("CDM 2.0 keywords, HBR and USER_DEFINED are kept (issue 940)")
    func draft2() throws {
        let r = try CDMFixture.read("CDMExample_issue_940.txt")
        #expect(r.summary == "1 conjunction data messages, 0 errors")
        let m = try #require(r.records.first)
        #expect(m.header.version == "2.0")
        #expect(m.relativeMetadata.extraFields.first { $0.key == "CONJUNCTION_ID" }?.value == "20220708T10hz SATELLITEA SATELLITEB")
        #expect(m.object1.additionalParameters.hardBodyRadiusMeters == 2.5)
        #expect(m.object1.covariance.dimension == 6)   // CDRG_DRG etc. after CX_X belong to the XYZ covariance
        #expect(m.object1.covariance.extraFields.contains(CDMField(key: "CDRG_DRG", value: "0.004", unit: "m**4/kg**2", section: "covarianceMatrix")))
        #expect(m.object2.covariance.extraFields.last?.key == "USER_DEFINED_OBJ1_TIME_LASTOB_START")
        #expect(m.object2.covariance.extraFields.last?.section == "userDefinedParameters")
    }

    @Test("Alfano (2009) test CDMs: HBR from the 'COMMENT HBR' line matches the expected-Pc table")
    func alfanoHBR() throws {
        let csv = String(decoding: try CDMFixture.bytes("AlfanoTestCases_expected_Pc.csv"), as: UTF8.self)
        var n = 0
        for line in csv.split(separator: "\n") where line.hasPrefix("AlfanoTestCase") {
            let cols = line.split(separator: ",")
            let m = try #require(try CDMFixture.read(String(cols[0])).records.first)
            #expect(m.hardBodyRadiusMetersFromComments == Double(cols[1]), "\(cols[0])")
            n += 1
        }
        #expect(n == 10)
    }
}

@Suite("CDM: malformed input")
struct CDMMalformedTests {
    @Test("every malformed example gives one error naming file, line and keyword", arguments: [
        ("CDM-covariance-wrong-entry-format.txt", ParseError.Code.badNumber, "CRDOT_T", 65),
        ("CDM-missing-TCA.txt", .missingField, "TCA", 5),
        ("CDM-missing-object1-covariance-block.xml", .missingField, "CR_R", 41),
        ("CDM-missing-object2-state-vector.txt", .missingField, "X", 52),
        ("CDMExample1InvalidTca.txt", .badEpoch, "TCA", 5),
        ("CDMExample_issue1319_mandatory_empty_value.xml", .missingField, "X", 88),
    ])
    func malformed(file: String, code: ParseError.Code, field: String, line: Int) throws {
        let r = try CDMFixture.read(file)
        #expect(r.records.isEmpty)
        #expect(r.errors.count == 1)
        let e = try #require(r.errors.first)
        #expect(e.code == code)
        #expect(e.field == field)
        #expect(e.line == line)
        #expect(e.file == file)
        #expect(e.description.hasPrefix("\(file):\(line): field \(field): "))
    }

    @Test("an unknown keyword is kept with a warning, or rejects the message when unknownKeywords is .error")
    func wrongKeyword() throws {
        let r = try CDMFixture.read("CDM-wrong-key-word.txt")
        #expect(r.summary == "1 conjunction data messages, 0 errors, 1 warning")
        let w = try #require(r.warnings.first)
        #expect(w.code == .unknownKeyword && w.field == "WRONG_KEYWORD" && w.line == 6)
        let m = try #require(r.records.first)
        #expect(m.header.extraFields == [CDMField(key: "WRONG_KEYWORD", value: "123", section: "header")])
        let strict = try CDMFixture.read("CDM-wrong-key-word.txt", options: .init(unknownKeywords: .error))
        #expect(strict.records.isEmpty)
        #expect(strict.errors.map(\.field) == ["WRONG_KEYWORD"] && strict.errors.first?.line == 6)
    }

    @Test("a unit that conflicts with the standard's is an error; the standard's own units pass")
    func units() throws {
        let text = String(decoding: try CDMFixture.bytes("CDMExample1.txt"), as: UTF8.self)
        let km = text.replacingOccurrences(of: "= 715                                  [m]", with: "= 0.715 [km]")
        #expect(km != text)
        let r = CDMKVN.read(km, file: "km.txt")
        #expect(r.records.isEmpty)
        #expect(r.errors.map(\.code) == [.badUnit])
        #expect(r.errors.first?.field == "MISS_DISTANCE" && r.errors.first?.line == 6)
    }

    @Test("garbage, a missing segment, a bad OBJECT and a duplicate keyword are errors, never crashes")
    func garbage() throws {
        #expect(!CDMKVN.read("hello").isClean)
        #expect(!CDMXML.read("<cdm><header>").isClean)
        #expect(!CDMXML.read("<omm/>").isClean)
        let text = String(decoding: try CDMFixture.bytes("CDMExample1.txt"), as: UTF8.self)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let oneObject = lines.prefix(42).joined(separator: "\n")
        let r1 = CDMKVN.read(oneObject)
        #expect(r1.records.isEmpty && r1.errors.contains { $0.field == "OBJECT" && $0.message.contains("OBJECT2") })
        let bad = CDMKVN.read(text.replacingOccurrences(of: "= OBJECT2", with: "= OBJECT3"))
        #expect(bad.errors.contains { $0.field == "OBJECT" && $0.line == 43 })
        var dup = lines
        dup.insert("MISS_DISTANCE = 716 [m]", at: 6)
        let d = CDMKVN.read(dup.joined(separator: "\n"))
        #expect(d.records.isEmpty && d.errors.first?.field == "MISS_DISTANCE" && d.errors.first?.line == 7)
    }
}

@Suite("CDM: round trips")
struct CDMRoundTripTests {
    @Test("read → write KVN → read, read → write XML → read, KVN → XML → KVN give equal messages", arguments: CDMFixture.good)
    func roundTrip(file: String) throws {
        let r = try CDMFixture.read(file)
        #expect(r.isClean, "\(r.errors)")
        let m = try #require(r.records.first)
        let kvn = CDMKVN.write(m)
        let xml = CDMXML.write(m)
        #expect(CDMKVN.read(kvn).records == [m])
        #expect(CDMXML.read(xml).records == [m])
        let viaXML = try #require(CDMXML.read(xml).records.first)
        #expect(CDMKVN.read(CDMKVN.write(viaXML)).records == [m])
        let viaKVN = try #require(CDMKVN.read(kvn).records.first)
        #expect(CDMXML.read(CDMXML.write(viaKVN)).records == [m])
        #expect(CDMReader.format(of: Array(kvn.utf8)) == .kvn && CDMReader.format(of: Array(xml.utf8)) == .xml)
    }

    @Test("numbers and times are written so they read back exactly")
    func exactText() {
        for v in [715.0, 4.142e1, -7.5888e2, 0.1 + 0.2, 1e-300, 9.287778622823746e-05, 2492000] {
            #expect(OMMFields.parseNumber(CDMFields.text(v)) == v)
        }
        #expect(CDMFields.text(1e-300) == "1.0e-300" && CDMFields.text(4.835e-05) == "4.835e-05")
        #expect(CDMFields.text(715) == "715" && CDMFields.text(-7.5888e2) == "-758.88")
        let t = try! Instant(utc: "2023-07-05T14:13:59.123456789")
        let s = CDMFields.text(t, leapSeconds: .bundled)
        #expect((try? Instant(utc: s)) == t)
    }

    @Test("CDMReader reads a list of files of both notations, and reports an unreadable one")
    func readerFiles() {
        let r = CDMReader.read(files: [CDMFixture.path("CDMExample1.txt"), CDMFixture.path("CDMExample1.xml"),
                                       CDMFixture.path("no-such-file.txt")])
        #expect(r.records.count == 2)
        #expect(r.errors.map(\.code) == [.io])
        let gz = CDMReader.read(files: [CDMFixture.path("CDMExample_issue988.xml.gz")])
        #expect(gz.summary == "1 conjunction data messages, 0 errors")
        #expect(gz.records == (try? CDMFixture.read("CDMExample_issue988.xml").records))
    }
}

@Suite("CDM: layout and structure")
struct CDMStructureTests {
    @Test("the KVN writer uses the standard's layout: padded keyword, '= value', unit in brackets")
    func kvnLayout() throws {
        let m = try #require(try CDMFixture.read("CDMExample2.txt").records.first)
        let lines = CDMKVN.write(m).split(separator: "\n").map(String.init)
        #expect(lines.first == "CCSDS_CDM_VERS                      = 1.0")
        #expect(lines.contains("MISS_DISTANCE                       = 715                     [m]"))
        #expect(lines.contains("TCA                                 = 2010-03-13T22:37:52.618"))
        #expect(lines.contains("COMMENT Relative Metadata/Data"))
        let xml = CDMXML.write(m)
        #expect(xml.contains("<MISS_DISTANCE units=\"m\">715</MISS_DISTANCE>"))
        #expect(xml.contains("<relativeStateVector>\n"))
        #expect(xml.contains("id=\"CCSDS_CDM_VERS\" version=\"1.0\""))
    }

    @Test("several messages in one KVN file are read one by one, each error placed in its message")
    func severalMessages() throws {
        let a = String(decoding: try CDMFixture.bytes("CDMExample1.txt"), as: UTF8.self)
        let b = String(decoding: try CDMFixture.bytes("CDM-missing-TCA.txt"), as: UTF8.self)
        let r = CDMKVN.read(a + "\n" + b + "\n" + a, file: "three.txt")
        #expect(r.records.count == 2)
        #expect(r.errors.count == 1)
        #expect(r.errors.first?.context == "CDM 2" && r.errors.first?.field == "TCA")
        #expect(r.errors.first?.line == 78 + 5)
    }

    @Test("objects in reverse order are placed by OBJECT with a warning; differing REF_FRAMEs warn")
    func objectOrderAndFrames() throws {
        let text = String(decoding: try CDMFixture.bytes("CDMExample1.txt"), as: UTF8.self)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let swapped = (lines[0..<6] + lines[42...] + ["\n"] + lines[6..<42]).joined(separator: "\n")
        let r = CDMKVN.read(swapped)
        let m = try #require(r.records.first)
        #expect(m.object1.metadata.objectDesignator == "12345" && m.object2.metadata.objectDesignator == "30337")
        #expect(r.warnings.map(\.field) == ["OBJECT"])
        let frames = CDMKVN.read(text.replacingOccurrences(of: "REF_FRAME                     = EME2000\nX                             = 2569",
                                                          with: "REF_FRAME                     = ITRF\nX                             = 2569"))
        #expect(frames.records.count == 1 && frames.warnings.map(\.field) == ["REF_FRAME"])
    }

    @Test("a relative-metadata keyword inside an object segment is an error at its line")
    func misplacedKeyword() throws {
        var lines = String(decoding: try CDMFixture.bytes("CDMExample1.txt"), as: UTF8.self)
            .split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        lines.insert("RELATIVE_SPEED = 14762 [m/s]", at: 10)
        let r = CDMKVN.read(lines.joined(separator: "\n"))
        #expect(r.records.isEmpty)
        #expect(r.errors.count == 1 && r.errors.first?.field == "RELATIVE_SPEED" && r.errors.first?.line == 11)
    }

    @Test("XML with namespace prefixes and an NDM wrapper reads like the bare document")
    func namespaced() throws {
        let m = try #require(try CDMFixture.read("CDMExample1.xml").records.first)
        var text = CDMXML.write(m)
        text = text.replacingOccurrences(of: "</", with: "</ndm:").replacingOccurrences(of: "<([A-Za-z])", with: "<ndm:$1",
                                                                                          options: .regularExpression)
        text = text.replacingOccurrences(of: "<ndm:cdm ", with: "<ndm:cdm xmlns:ndm=\"urn:ccsds:schema:ndmxml\" ")
        #expect(text.contains("<ndm:TCA>"))
        #expect(CDMXML.read(text).records == [m])
    }
}
