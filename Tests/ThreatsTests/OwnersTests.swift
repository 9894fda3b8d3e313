import Foundation
import Testing
import Astrodynamics
@testable import Threats

/// Object owners: the SATCAT reader (Tests/Fixtures/threats/satcat_sample.csv, synthetic in CelesTrak's
/// layout), the name-prefix inference and the owner points in the threat score.
@Suite("Owners")
struct OwnersTests {
    @Test("CelesTrak SATCAT: good lines kept, each bad line kept out with its line number and field")
    func celestrak() throws {
        let path = Fixture.path("threats/satcat_sample.csv")
        let s = try SatcatOwnerReader.read(contentsOf: path)
        #expect(s.owners == [25544: "ISS", 39232: "US", 40267: "JPN", 44797: "CIS", 43874: "PRC", 99001: "CIS"])
        #expect(s.errors.count == 4)
        let byLine = Dictionary(uniqueKeysWithValues: s.errors.compactMap { e in e.line.map { ($0, e) } })
        #expect(byLine[7]?.field == "NORAD_CAT_ID" && byLine[7]?.value == "4x797")
        #expect(byLine[8]?.message.contains("expected 17 fields") == true)
        #expect(byLine[9]?.field == "OWNER")
        #expect(byLine[10]?.code == .duplicate && byLine[10]?.message.contains("line 4") == true)
        #expect(byLine[7]?.description.hasPrefix("\(path):7: NORAD_CAT_ID") == true, "\(byLine[7]!)")
    }

    @Test("Space-Track SATCAT (COUNTRY column), quoted fields, CRLF; a header without the columns is an error")
    func spaceTrack() throws {
        let text = "INTLDES,NORAD_CAT_ID,OBJECT_TYPE,SATNAME,COUNTRY\r\n2019-079A,44797,PAYLOAD,\"COSMOS 2542\",CIS\r\n2013-043A,39232,PAYLOAD,\"USA 245, KH-11\",US\r\n"
        let s = try SatcatOwnerReader.parse(text, file: "st.csv")
        #expect(s.owners == [44797: "CIS", 39232: "US"])
        #expect(s.errors.isEmpty)
        #expect(throws: ThreatsError.self) { try SatcatOwnerReader.parse("NORAD_CAT_ID,NAME\n1,X\n", file: "x.csv") }
        do {
            _ = try SatcatOwnerReader.parse("NAME,OWNER\nX,US\n", file: "y.csv")
            Issue.record("expected an error")
        } catch let e as ThreatsError {
            #expect(e.code == .missingField && e.field == "NORAD_CAT_ID" && e.line == 1)
        }
        #expect(throws: ThreatsError.self) { try SatcatOwnerReader.read(contentsOf: "/nonexistent/satcat.csv") }
    }

    @Test("Owner inferred from well-known name prefixes, marked as inferred; SATCAT wins")
    func inference() throws {
        #expect(OwnerResolver.inferred(fromName: "COSMOS 2542")?.code == "CIS")
        #expect(OwnerResolver.inferred(fromName: "KOSMOS 2576")?.code == "CIS")
        #expect(OwnerResolver.inferred(fromName: "LUCH (OLYMP-K)")?.code == "CIS")
        #expect(OwnerResolver.inferred(fromName: "OLYMP-K 2")?.code == "CIS")
        #expect(OwnerResolver.inferred(fromName: "SJ-21")?.code == "PRC")
        #expect(OwnerResolver.inferred(fromName: "SHIJIAN-29B")?.code == "PRC")
        #expect(OwnerResolver.inferred(fromName: "TJS-9")?.code == "PRC")
        #expect(OwnerResolver.inferred(fromName: "YAOGAN-30 A")?.code == "PRC")
        #expect(OwnerResolver.inferred(fromName: "TIANLIAN II-03")?.code == "PRC")
        #expect(OwnerResolver.inferred(fromName: "KMS 4")?.code == "NKOR")
        #expect(OwnerResolver.inferred(fromName: "USA 245")?.code == "US")
        #expect(OwnerResolver.inferred(fromName: "COSMOSAT 1") == nil)
        #expect(OwnerResolver.inferred(fromName: "STARLINK-1007") == nil)
        #expect(OwnerResolver.inferred(fromName: "INTELSAT 901") == nil)
        let cosmos = try #require(OwnerResolver.inferred(fromName: "COSMOS 2542"))
        #expect(cosmos.source.description == "inferred from name prefix \"COSMOS\"")
        let satcat = SatcatOwners(owners: [44797: "XYZ"], file: "/data/satcat.csv")
        let resolver = OwnerResolver(satcat: satcat)
        #expect(resolver.owner(of: 44797, name: "COSMOS 2542") == ObjectOwner(code: "XYZ", source: .satcat(file: "/data/satcat.csv")))
        #expect(resolver.owner(of: 1, name: "COSMOS 1")?.source == .inferredFromName(prefix: "COSMOS"))
        #expect(OwnerResolver(inferFromNames: false).owner(of: 1, name: "COSMOS 1") == nil)
    }

    static func finding(objectID: Int, name: String) throws -> ProximityFinding {
        let t = try Instant(utc: "2026-05-25T00:00:00Z")
        return ProximityFinding(
            assetID: 39232, assetName: "USA 245", objectID: objectID, objectName: name, regime: .leo, radiusKm: 50,
            closestApproachKm: 25, tca: t.advanced(bySeconds: 7200), relativeSpeedKmPerS: 0.05, persistenceHours: 6, coLocationKm: 500, coLocatedHours: 6,
            maximumRangeKm: 60, maximumRangeFirstDayKm: 60, firstInsideRadius: t.advanced(bySeconds: 600), planeAngleDeg: 0.5, longitudeSeparationDeg: nil, assetDriftDegPerDay: nil, objectDriftDegPerDay: nil,
            meanMotionDifferenceRevPerDay: 0.001, objectElementAgeDays: 0.2)
    }

    @Test("Score: +10 for an owner of concern with the owner and its source in the reason; friendly cap stays")
    func scoring() throws {
        let t = try Instant(utc: "2026-05-25T00:00:00Z")
        let assessor = ThreatAssessor()
        let neutral = try Self.finding(objectID: 12345, name: "OBJECT A")
        let base = assessor.assess(neutral, windowStart: t)
        #expect(!base.reasons.contains { $0.hasPrefix("owner") })
        let cosmos = assessor.assess(try Self.finding(objectID: 44797, name: "COSMOS 2542"), windowStart: t)
        #expect(abs(cosmos.score - base.score - 10) < 1e-9)
        #expect(cosmos.reasons.contains { $0.hasPrefix("owner CIS (inferred from name prefix \"COSMOS\"): on the owners-of-concern list (CIS, NKOR, PRC)") })
        let japanese = assessor.assess(neutral, windowStart: t, owner: ObjectOwner(code: "JPN", source: .satcat(file: "s.csv")))
        #expect(abs(japanese.score - base.score) < 1e-9)
        #expect(japanese.reasons.contains { $0 == "owner JPN (SATCAT s.csv): not an owner of concern" })
        var custom = assessor
        custom.ownersOfConcern = ["JPN"]
        #expect(abs(custom.assess(neutral, windowStart: t, owner: ObjectOwner(code: "JPN", source: .satcat(file: "s.csv"))).score - base.score - 10) < 1e-9)
        // A friendly object of concern's owner (it cannot be, but the cap must hold whatever the points).
        var capped = assessor
        capped.friendly = [44797]
        let friendly = capped.assess(try Self.finding(objectID: 44797, name: "COSMOS 2542"), windowStart: t)
        #expect(friendly.level == .low && friendly.reasons.first?.contains("protected asset") == true)
    }
}
