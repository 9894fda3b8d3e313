import SpaceData
import Testing

/// Releasability markings: the text forms, who may read what, and the most restrictive
/// combination a derived record inherits.
@Suite("Releasability markings")
struct ReleasabilityTests {
    @Test("text forms read and written: PUBLIC, JPN, REL lists sorted, REL TO accepted, JPN in a list implied")
    func textForms() throws {
        #expect(try Releasability(parsing: "PUBLIC") == .public)
        #expect(try Releasability(parsing: "JPN") == .japanOnly)
        #expect(try Releasability(parsing: "REL USA").description == "REL USA")
        #expect(try Releasability(parsing: "REL USA,AUS").description == "REL AUS,USA")
        #expect(try Releasability(parsing: "REL TO USA, AUS") == Releasability(parsing: "REL AUS,USA"))
        #expect(try Releasability(parsing: "REL JPN,USA").description == "REL USA")
        #expect(try Releasability(parsing: " JPN ").description == "JPN")
        for marking in ["PUBLIC", "JPN", "REL USA", "REL AUS,GBR,USA"] {
            #expect(try Releasability(parsing: marking).description == marking)
        }
    }

    @Test("bad markings are refused with the text and a code, never read as something wider")
    func badMarkings() {
        let cases: [(String, ReleasabilityError.Code)] = [
            ("", .unknownForm), ("public", .unknownForm), ("SECRET", .unknownForm), ("REL", .unknownForm),
            ("REL usa", .badCountry), ("REL US", .badCountry), ("REL USA,", .badCountry), ("REL USA;AUS", .badCountry),
            ("REL USA,,AUS", .badCountry), ("REL JPN", .emptyRelease), ("REL TO JPN", .emptyRelease),
        ]
        for (text, code) in cases {
            #expect(throws: ReleasabilityError.self, "\(text)") { try Releasability(parsing: text) }
            do { _ = try Releasability(parsing: text) } catch { #expect(error.code == code, "\(text): \(error)"); #expect(error.text == text) }
        }
    }

    @Test("who may read: Japan everything, a partner only PUBLIC and lists naming it")
    func readers() throws {
        let usa = try #require(CountryCode("USA")), aus = try #require(CountryCode("AUS")), gbr = try #require(CountryCode("GBR"))
        let relUSA = try Releasability(parsing: "REL USA"), relBoth = try Releasability(parsing: "REL USA,AUS")
        for marking in [Releasability.public, .japanOnly, relUSA, relBoth] { #expect(marking.isReleasable(to: .japan)) }
        #expect(Releasability.public.isReleasable(to: gbr))
        #expect(!Releasability.japanOnly.isReleasable(to: usa))
        #expect(relUSA.isReleasable(to: usa) && !relUSA.isReleasable(to: aus))
        #expect(relBoth.isReleasable(to: aus) && !relBoth.isReleasable(to: gbr))
    }

    @Test("a derived record inherits the most restrictive marking: the intersection of the release lists")
    func inheritance() throws {
        let relUSA = try Releasability(parsing: "REL USA"), relBoth = try Releasability(parsing: "REL USA,AUS")
        let relAUS = try Releasability(parsing: "REL AUS")
        #expect(Releasability.public.combined(with: relBoth) == relBoth)
        #expect(relBoth.combined(with: relUSA) == relUSA)
        #expect(relUSA.combined(with: relAUS) == .japanOnly)
        #expect(relBoth.combined(with: .japanOnly) == .japanOnly)
        #expect(Releasability.mostRestrictive([]) == .public)
        #expect(Releasability.mostRestrictive([.public, relBoth, relUSA]) == relUSA)
        // Combination is commutative and never wider than either input.
        let all = [Releasability.public, .japanOnly, relUSA, relAUS, relBoth]
        let countries = [CountryCode.japan, CountryCode("USA")!, CountryCode("AUS")!, CountryCode("GBR")!]
        for a in all {
            for b in all {
                #expect(a.combined(with: b) == b.combined(with: a))
                for c in countries where a.combined(with: b).isReleasable(to: c) {
                    #expect(a.isReleasable(to: c) && b.isReleasable(to: c), "\(a) ∧ \(b) wider than an input for \(c)")
                }
            }
        }
    }
}
