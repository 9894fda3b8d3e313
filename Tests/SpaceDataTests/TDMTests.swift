import Foundation
import Testing
import Astrodynamics
@testable import SpaceData

/// TDM fixtures: Orekit's test resources and the CCSDS 503.0-B-2 annex E examples (Tests/Fixtures/tdm/SOURCES.md).
enum TDMFixture {
    static let directory = Fixture.testsDirectory.appendingPathComponent("Fixtures/tdm")
    static func path(_ name: String) -> String { directory.appendingPathComponent(name).path }
    static func read(_ name: String) -> TDMReadResult { TDMReader.read(file: path(name)) }
    static func text(_ name: String) throws -> String { try String(contentsOfFile: path(name), encoding: .utf8) }

    /// Every valid example with its observation count per segment (counted from the files' data lines).
    static let valid: [(String, [Int])] = [
        ("orekit/TDM-Custom-Frame.txt", [47]),
        ("orekit/TDMExample15.txt", [7, 7, 7]), ("orekit/TDMExample15.xml", [7, 7, 7]),
        ("orekit/TDMExample2.txt", [7]), ("orekit/TDMExample2.xml", [7]),
        ("orekit/TDMExample4.txt", [20]), ("orekit/TDMExample4.xml", [20]),
        ("orekit/TDMExample6.txt", [20]), ("orekit/TDMExample6.xml", [20]),
        ("orekit/TDMExample8.txt", [9, 12]), ("orekit/TDMExample8.xml", [9, 12]),
        ("orekit/TDMExampleAllKeywordsSequential.txt", [47]), ("orekit/TDMExampleAllKeywordsSequential.xml", [47]),
        ("orekit/TDMExampleAllKeywordsSequentialWithRollover.txt", [47]),
        ("orekit/TDMExampleAllKeywordsSingleDiff.txt", [47]), ("orekit/TDMExampleAllKeywordsSingleDiff.xml", [47]),
        ("ndm-rs/tdm_e1.kvn", [31]), ("ndm-rs/tdm_e2.kvn", [42]), ("ndm-rs/tdm_e3.kvn", [50]), ("ndm-rs/tdm_e4.kvn", [43]),
        ("ndm-rs/tdm_e5.kvn", [41]), ("ndm-rs/tdm_e6.kvn", [40]), ("ndm-rs/tdm_e7.kvn", [2, 2, 2]),
        ("ndm-rs/tdm_e8.kvn", [15, 16]), ("ndm-rs/tdm_e9.kvn", [41]), ("ndm-rs/tdm_e10.kvn", [20]),
        ("ndm-rs/tdm_e11.kvn", [3, 2, 1]), ("ndm-rs/tdm_e12.kvn", [14]), ("ndm-rs/tdm_e13.kvn", [14, 10]),
        ("ndm-rs/tdm_e14.kvn", [39]), ("ndm-rs/tdm_e15.kvn", [7, 7, 7]), ("ndm-rs/tdm_e16.kvn", [9, 9]),
        ("ndm-rs/tdm_e17.kvn", [15]), ("ndm-rs/tdm_e18.kvn", [10, 10]), ("ndm-rs/tdm_e19.kvn", [16]),
        ("ndm-rs/tdm_e20.kvn", [16]), ("ndm-rs/tdm_e21.xml", [8]), ("ndm-rs/tdm_e22.kvn", [9]), ("ndm-rs/tdm_e23.xml", [6]),
    ]

    /// Every malformed example: the expected code, line and keyword of its (first) error, and how many
    /// segments survive. Lines are those of the offending text in the file.
    static let malformed: [(String, ParseError.Code, Int, String?, Int)] = [
        ("orekit/TDM-data-inconsistent-block.xml", .missingField, 31, "EPOCH", 0),   // <observation> without <EPOCH>
        ("orekit/TDM-data-inconsistent-line.txt", .badKVN, 25, "RECEIVE_FREQ_1", 0),   // "... -333.0551 this-should-not-be-here"
        ("orekit/TDM-issue963.txt", .badKVN, 25, "RECEIVE_FREQ_1", 0),
        ("orekit/TDM-data-number-format-error.txt", .badNumber, 26, "RECEIVE_FREQ_1", 0),
        ("orekit/TDM-data-number-format-error.xml", .badNumber, 47, "RECEIVE_FREQ_1", 0),
        ("orekit/TDM-data-wrong-keyword.txt", .unknownKeyword, 26, "WRONG_KEYWORD", 0),
        ("orekit/TDM-data-wrong-keyword.xml", .unknownKeyword, 47, "WRONG_KEYWORD", 0),
        ("orekit/TDM-external-doctype.xml", .unknownFormat, 3, nil, 0),   // DOCTYPE never loaded; root <foo>
        ("orekit/TDM-inconsistent-time-systems.txt", .unsupported, 29, "TIME_SYSTEM", 2),   // TCG segment rejected
        ("orekit/TDM-inconsistent-time-systems.xml", .unsupported, 57, "TIME_SYSTEM", 2),
        ("orekit/TDM-metadata-number-format-error.txt", .badNumber, 17, "TRANSMIT_DELAY_1", 0),
        ("orekit/TDM-metadata-number-format-error.xml", .badNumber, 24, "TRANSMIT_DELAY_1", 0),
        ("orekit/TDM-metadata-timesystem-not-implemented.txt", .unsupported, 7, "TIME_SYSTEM", 0),
        ("orekit/TDM-metadata-timesystem-not-implemented.xml", .unsupported, 14, "TIME_SYSTEM", 0),
        ("orekit/TDM-metadata-wrong-keyword.txt", .unknownKeyword, 16, "WRONG_KEYWORD", 0),
        ("orekit/TDM-metadata-wrong-keyword.xml", .unknownKeyword, 23, "WRONG_KEYWORD", 0),
        ("orekit/TDM-missing-participants.xml", .missingField, 10, "PARTICIPANT_1", 0),   // line of <segment>
        ("orekit/TDM-missing-timesystem.xml", .missingField, 15, "TIME_SYSTEM", 1),
    ]
}

@Suite struct TDMReadTests {
    @Test func everyValidExampleReads() throws {
        var files = 0
        for (name, counts) in TDMFixture.valid {
            let r = TDMFixture.read(name)
            #expect(r.errors.isEmpty, "\(name): \(r.errors)")
            #expect(r.document?.segments.map(\.observations.count) == counts, "\(name)")
            files += 1
        }
        // Every non-malformed fixture is in the list above.
        let all = try FileManager.default.subpathsOfDirectory(atPath: TDMFixture.directory.path)
            .filter { $0.hasSuffix(".txt") || $0.hasSuffix(".xml") || $0.hasSuffix(".kvn") }
        #expect(all.count == files + TDMFixture.malformed.count)
    }

    @Test func malformedExamplesGiveTheRightError() {
        for (name, code, line, field, kept) in TDMFixture.malformed {
            let r = TDMFixture.read(name)
            let e = r.errors.first
            #expect(e?.code == code, "\(name): \(r.errors)")
            #expect(e?.line == line, "\(name): \(r.errors)")
            #expect(e?.field == field, "\(name): \(r.errors)")
            #expect(e?.file == TDMFixture.path(name))
            #expect((r.document?.segments.count ?? 0) == kept, "\(name)")
        }
    }

    /// Values checked against the text of TDMExample2 (Orekit), lines 3-6, 23-25 of the KVN and 32-33 of the XML.
    @Test func example2ValuesMatchTheFileText() throws {
        let kvn = try #require(TDMFixture.read("orekit/TDMExample2.txt").document)
        let xml = try #require(TDMFixture.read("orekit/TDMExample2.xml").document)
        #expect(kvn.version == "1.0")
        #expect(kvn.originator == "NASA/JPL")
        #expect(kvn.comments == ["TDM example created by yyyyy-nnnA Nav Team (NASA/JPL)", "StarTrek 1-way data, Ka band down"])
        #expect(kvn.creationDate == (try Instant(utc: "2005-06-09T20:15:00")))   // 2005-160 = June 9
        let s = kvn.segments[0]
        #expect(s.metadata.participant(1) == "DSS-25")
        #expect(s.metadata.path == [2, 1])
        #expect(s.metadata.timeSystem == .utc)
        #expect(s.metadata.startTime == (try Instant(utc: "2005-06-08T17:41:00")))
        #expect(s.dataComments == ["This is a data comment"])
        #expect(s.observations[0].keyword == "TRANSMIT_FREQ_2")
        #expect(s.observations[0].value == 32023442781.733)
        #expect(s.observations[0].line == 24)
        #expect(s.observations[1].value == -409.2735)
        #expect(s.observations[2].epoch.secondsSince(s.observations[1].epoch) == 1)
        // The XML twin holds the same observations (epochs as calendar dates, values in E notation).
        #expect(xml.segments[0].observations == s.observations)
        #expect(xml.segments[0].observations[0].line == 33)
    }

    /// CCSDS 503.0-B-2 figure E-6 (tdm_e6.kvn lines 19-24): angles and range of a two-way pass.
    @Test func annexAnglesAndRange() throws {
        let d = try #require(TDMFixture.read("ndm-rs/tdm_e6.kvn").document)
        let s = d.segments[0]
        #expect(s.metadata.angleType == "AZEL")
        let o = s.observations
        #expect(o[0].keyword == "RANGE" && o[0].value == 80452.7542 && o[0].line == 22)
        #expect(o[1].keyword == "ANGLE_1" && o[1].value == 256.64002393)
        #expect(o[2].keyword == "ANGLE_2" && o[2].value == 13.38100016)
        #expect(o[0].epoch == (try Instant(utc: "1998-06-10T00:57:37")))
    }

    @Test func timeSystemsTAIAndGPS() throws {
        let utc = try Instant(utc: "2023-10-09T12:00:00.25")
        #expect(try TDMTimeSystem.tai.instant("2023-10-09T12:00:37.25") == utc)   // TAI − UTC = 37 s since 2017
        #expect(try TDMTimeSystem.gps.instant("2023-10-09T12:00:18.25") == utc)   // GPS = TAI − 19 s
        #expect(TDMTimeSystem.gps.text(utc) == "2023-10-09T12:00:18.25")
        // A UTC leap second reads and writes as 23:59:60 (2016-12-31, IERS Bulletin C 52).
        let leap = try TDMTimeSystem.utc.instant("2016-12-31T23:59:60.5")
        #expect(leap.secondsSince(try Instant(utc: "2017-01-01T00:00:00")) == -0.5)
        #expect(TDMTimeSystem.utc.text(leap) == "2016-12-31T23:59:60.5")
        #expect(throws: ParseError.self) { try TDMTimeSystem.utc.instant("2016-12-30T23:59:60") }
    }
}

@Suite struct TDMRoundTripTests {
    static func roundTrip(_ d: TDMDocument) throws {
        let kvn = try TDMKVN.write(d)
        let xml = try TDMXML.write(d)
        let fromKVN = TDMReader.read(kvn)
        let fromXML = TDMReader.read(xml)
        #expect(fromKVN.errors.isEmpty && fromXML.errors.isEmpty, "\(fromKVN.errors) \(fromXML.errors)")
        #expect(fromKVN.document == d)
        #expect(fromXML.document == d)
        // Cross: KVN → model → XML → model, and back.
        let cross = try TDMXML.write(try #require(fromKVN.document))
        #expect(TDMReader.read(cross).document == d)
        #expect(TDMReader.read(try TDMKVN.write(try #require(fromXML.document))).document == d)
    }

    @Test func everyValidExampleRoundTrips() throws {
        for (name, _) in TDMFixture.valid {
            let d = try #require(TDMFixture.read(name).document, "\(name)")
            try Self.roundTrip(d)
        }
    }

    @Test func arbitraryEpochsAndValuesAreExact() throws {
        var rng = SystemRandomNumberGenerator()
        var obs: [TDMObservation] = []
        let t0 = try Instant(utc: "2023-10-09T00:00:00")
        for k in 0..<2000 {
            let epoch = t0.advanced(bySeconds: Double.random(in: 0..<86_400 * 3, using: &rng))
                .advanced(bySeconds: Double.random(in: 0..<1e-6, using: &rng))
            let value = Double(bitPattern: UInt64.random(in: 0...UInt64.max, using: &rng))
            obs.append(TDMObservation(keyword: k % 2 == 0 ? "RANGE" : "CLOCK_BIAS", epoch: epoch,
                                      value: value.isFinite ? value : Double(k) * 1e-300))
        }
        for ts in TDMTimeSystem.allCases {
            var md = TDMMetadata(comments: ["random", ""], entries: [.init("TIME_SYSTEM", ts.rawValue), .init("PARTICIPANT_1", "X")])
            md["RANGE_UNITS"] = "km"
            let d = TDMDocument(comments: ["a & b <c>"], creationDate: t0.advanced(bySeconds: 0.123456789),
                                originator: "KANSHI", messageID: "M-1",
                                segments: [TDMSegment(metadata: md, dataComments: ["d"], observations: obs)])
            try Self.roundTrip(d)
        }
    }

    @Test func writerRejectsWhatItCannotWrite() {
        let t = Instant(taiSecondsSince2000: 0)
        var d = TDMDocument(creationDate: t, originator: "K", segments: [
            TDMSegment(metadata: TDMMetadata(entries: [.init("TIME_SYSTEM", "UTC"), .init("PARTICIPANT_1", "A")]),
                       observations: [TDMObservation(keyword: "RANGE", epoch: t, value: .nan)])])
        #expect { try TDMKVN.write(d) } throws: { ($0 as? ParseError)?.code == .outOfRange }
        d.segments[0].observations = []
        d.segments[0].metadata["TIME_SYSTEM"] = "TT"
        #expect { try TDMXML.write(d) } throws: { ($0 as? ParseError)?.code == .unsupported }
    }
}

@Suite struct TDMRobustnessTests {
    /// Every prefix and many garbled copies of real files: no crash, and anything accepted is a TDM.
    @Test func truncatedAndGarbledInputNeverCrashes() throws {
        var rng = SystemRandomNumberGenerator()
        for name in ["orekit/TDMExample8.txt", "orekit/TDMExample8.xml", "ndm-rs/tdm_e6.kvn"] {
            let bytes = Array(try TDMFixture.text(name).utf8)
            // A prefix that stops before the last DATA_STOP (KVN) or </tdm> (XML) must be reported, never accepted whole.
            let closing = Array((name.hasSuffix(".xml") ? "</tdm>" : "DATA_STOP").utf8)
            let lastClose = (0...(bytes.count - closing.count)).last { Array(bytes[$0..<($0 + closing.count)]) == closing }!
            let segments = TDMReader.read(bytes).document!.segments.count
            for cut in stride(from: 0, to: lastClose, by: 5) {
                let r = TDMReader.read(Array(bytes[..<cut]))
                #expect(!r.errors.isEmpty || (r.document?.segments.count ?? 0) < segments, "\(name) cut at \(cut)")
                #expect(r.errors.isEmpty || !r.errors.contains { $0.line == nil && $0.code != .unknownFormat })
            }
            for _ in 0..<300 {
                var b = bytes
                for _ in 0..<Int.random(in: 1...8, using: &rng) {
                    let i = Int.random(in: 0..<b.count, using: &rng)
                    switch Int.random(in: 0..<3, using: &rng) {
                    case 0: b[i] = UInt8.random(in: 0...255, using: &rng)
                    case 1: b.remove(at: i)
                    default: b.insert(UInt8(ascii: ["=", "<", ">", " ", "\n", "9", "T", ":"].randomElement(using: &rng)!), at: i)
                    }
                }
                _ = TDMReader.read(b)
            }
        }
        #expect(TDMReader.read("").errors.first?.code == .unknownFormat)
        #expect(TDMReader.read("<").errors.first?.code == .badXML)
    }

    @Test func structuralErrorsNameTheLine() {
        let text = """
        CCSDS_TDM_VERS = 2.0
        CREATION_DATE = 2023-282T00:00:00
        ORIGINATOR = KANSHI
        META_START
        TIME_SYSTEM = UTC
        PARTICIPANT_1 = A
        PATH = 1,7
        META_STOP
        DATA_START
        RANGE = 2023-10-09T00:00:00 1.5
        RANGE = 2023-10-09T25:00:00 1.5
        DATA_STOP
        META_START
        TIME_SYSTEM = UTC
        PARTICIPANT_1 = A
        META_STOP
        DATA_START
        RANGE = 2023-10-09T00:00:01 2.5
        """
        let r = TDMReader.read(text, file: "t.tdm")
        #expect(r.errors.map(\.line) == [7, 11, 13])
        #expect(r.errors.map(\.code) == [.outOfRange, .badEpoch, .unexpectedEnd])
        #expect(r.errors[1].description.hasPrefix("t.tdm:11: data field RANGE:"))
        #expect(r.document?.segments.isEmpty == true)
    }
}
