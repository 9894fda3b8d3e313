import Foundation
import Testing
import Conjunction

/// Alfano (2009) cases as distributed by NASA CARA (see Tests/Fixtures/conjunction/SOURCES.md).
@Suite("Alfano 2009 test cases")
struct Alfano2009Tests {
    static func encounter(_ c: [String: Any]) throws -> ShortTermEncounter {
        let tca = try c.object("at_tca")
        func object(_ n: String) throws -> EncounterObject {
            EncounterObject(positionKm: try tca.vector("r\(n)_m") * 1e-3,
                            velocityKmPerS: try tca.vector("v\(n)_mps") * 1e-3,
                            positionCovarianceSquareMeters: matrix3(try tca.matrix("C\(n)_eci_m_s")))
        }
        return ShortTermEncounter(primary: try object("1"), secondary: try object("2"),
                                  hardBodyRadiusKm: try c.double("HBR_m") * 1e-3)
    }

    @Test("Alfano 2009 cases 1–11: Foster1992 within 1e-3 relative of CARA PcCircle (and within 1e-8), and of Alfano’s linear Pc (1e-3, as CARA’s unit test)")
    func cases1to11() throws {
        let cases = try ConjunctionFixtures.json("alfano2009_cases.json").objects("cases")
        var worst = 0.0
        for c in cases where (c["case"] as? Int ?? 0) <= 11 {
            let expected = try c.object("expected").double("cara_Pc2D_PcCircle")
            let pc = try #require(try Self.encounter(c).probability(.foster1992).value)
            let error = relativeError(pc, expected)
            worst = max(worst, error)
            #expect(error <= 1e-3, "case \(c["case"]!): \(pc) vs \(expected)")
            #expect(error <= 1e-8, "case \(c["case"]!): \(pc) vs \(expected)")
            // CARA's PcCircle_UnitTest: against Alfano's own linear Pc at RelTol 1e-3.
            let alfanoLinear = try c.object("expected").double("alfano2009_Pc_linear")
            #expect(relativeError(pc, alfanoLinear) <= 1e-3, "case \(c["case"]!): \(pc) vs Alfano \(alfanoLinear)")
        }
        print("Alfano 2009 cases 1–11, Foster1992 vs CARA PcCircle: worst relative error \(worst)")
    }

    @Test("Alfano 2009 case 12 (identical orbits): zero relative velocity flagged, no 2D Pc by any method")
    func case12() throws {
        let cases = try ConjunctionFixtures.json("alfano2009_cases.json").objects("cases")
        let c = try #require(cases.first { ($0["case"] as? Int) == 12 })
        let e = try Self.encounter(c)
        #expect(e.plane == nil)
        for method in PcMethod.allCases {
            let pc = e.probability(method)
            #expect(pc.value == nil, "\(method)")
            #expect(pc.flags.contains(.zeroRelativeVelocity), "\(method)")
        }
    }

    @Test("Alfano 2009 case 11 (leader-follower, 0.08 m/s relative speed): long encounter duration flagged")
    func case11LongEncounter() throws {
        let cases = try ConjunctionFixtures.json("alfano2009_cases.json").objects("cases")
        let c = try #require(cases.first { ($0["case"] as? Int) == 11 })
        #expect(try Self.encounter(c).flags.contains(.longEncounterDuration))
    }
}
