import Foundation
import Testing
@testable import SpaceData

@Suite("Robustness: damaged input gives reports, never a crash")
struct RobustnessTests {
    /// A small deterministic generator (SplitMix64), so failures reproduce.
    struct SplitMix: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    @Test("randomly damaged fixtures in every format", arguments: [
        "starlink_history_excerpt.3le", "SGP4-VER.TLE", "OMMExample1.txt", "omm1_st.kvn", "omm_g8.kvn",
        "sample_omm.xml", "OMMExample2.xml", "omm_g10.xml", "omm1_st.json", "celestrak_debris_first30.json",
        "sample_omm.csv", "celestrak_active_omm_first40.csv", "eop_2023-10_sample.csv.gz",
    ])
    func damaged(file: String) throws {
        let original = try Fixture.bytes(file)
        var rng = SplitMix(state: file.utf8.reduce(UInt64(1)) { $0 &* 31 &+ UInt64($1) })
        let alphabet = Array("0123456789 .+-=<>/\"',:{}[]\nEeAZ#".utf8)
        for _ in 0..<150 {
            var b = original
            let edits = Int.random(in: 1...4, using: &rng)
            for _ in 0..<edits {
                guard !b.isEmpty else { break }
                let at = Int.random(in: 0..<b.count, using: &rng)
                switch Int.random(in: 0..<4, using: &rng) {
                case 0: b[at] = alphabet.randomElement(using: &rng)!
                case 1: b.remove(at: at)
                case 2: b.insert(alphabet.randomElement(using: &rng)!, at: at)
                default: b = Array(b.prefix(at))
                }
            }
            let r = ElementSetReader().read(b, file: file)
            // Every problem is located in the file.
            for e in r.errors + r.warnings { #expect(e.file == file, "\(e)") }
        }
    }

    @Test("other CCSDS messages and damaged gzip are reported as such")
    func notElementSets() {
        let opm = ElementSetReader().read(Array("CCSDS_OPM_VERS = 2.0\nCREATION_DATE = 2020-01-01\n".utf8), file: "x.opm")
        #expect(opm.errors.first?.code == .unknownFormat)
        let gz: [UInt8] = [0x1F, 0x8B, 8, 0, 0, 0, 0, 0, 0, 3, 0xFF, 0xFF, 0xFF, 0, 0, 0, 0, 0, 0, 0]
        let r = ElementSetReader().read(gz, file: "x.gz")
        #expect(r.errors.first?.code == .badCompressedData)
    }

    @Test("XML with units attributes and comments inside sections (Orekit)")
    func xmlUnits() throws {
        let r = OMMXML.read(try Fixture.bytes("OMM-with-units.xml"), file: "OMM-with-units.xml")
        #expect(r.errors.isEmpty, "\(r.errors)")
        let s = try #require(r.records.first)
        #expect(s.meanMotionRevPerDay == 1.00273272)
        #expect(s.inclinationDeg == 3.0539)
        #expect(s.comments.contains("mean Elements"))
        #expect(s.ommVersion == "3.0")
        let e4 = OMMXML.read(try Fixture.bytes("OMMExample4.xml"), file: "OMMExample4.xml")
        #expect(e4.errors.isEmpty, "\(e4.errors)")
        #expect(e4.records.count == 1)
    }
}
