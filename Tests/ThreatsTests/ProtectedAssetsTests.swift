import Foundation
import Testing
import SpaceData
import Astrodynamics
@testable import Threats

@Suite("Protected assets")
struct ProtectedAssetsTests {
    @Test("data/protected-assets.json parses, and every NORAD number is in the bundled 2023-10-09 catalog")
    func bundledFileIsInCatalog() throws {
        let file = Fixture.repository.appendingPathComponent("data/protected-assets.json").path
        let assets = try ProtectedAssets.read(contentsOf: file)
        #expect(assets.assets.count >= 20)
        #expect(Set(assets.assets.map(\.owner)) == ["JPN", "USA"])
        let catalog = ElementSetReader().read(files: [Fixture.repository.appendingPathComponent("data/spacetrack_gp_full_catalog_2023-10-09.3le.gz").path])
        let byID = Dictionary(catalog.records.map { ($0.noradCatalogNumber, $0) }, uniquingKeysWith: { a, _ in a })
        for asset in assets.assets {
            let set = try #require(byID[asset.noradCatalogNumber], "NORAD \(asset.noradCatalogNumber) \(asset.name) not in the catalog")
            #expect(set.objectName == asset.name, "NORAD \(asset.noradCatalogNumber)")
            // The stated regime is the catalog rule's, except near-geosynchronous orbits (0.9–1.1 rev/day) the rule
            // calls MEO: drifting GSSAP USA 253, MUOS 5 left inclined, QZSS's eccentric IGSO — listed GEO or HEO.
            let regime = OrbitRegime(meanMotionRevPerDay: set.meanMotionRevPerDay, eccentricity: set.eccentricity)
            let nearGeosynchronous = (0.9...1.1).contains(set.meanMotionRevPerDay)
            #expect(regime == asset.regime || (nearGeosynchronous && [.geo, .heo].contains(asset.regime)),
                    "NORAD \(asset.noradCatalogNumber) \(asset.name): file says \(asset.regime), orbit is \(regime)")
        }
    }

    @Test("Bad files give errors naming the file and the field")
    func badFiles() throws {
        func error(_ json: String) -> ThreatsError? {
            do { _ = try ProtectedAssets.parse(Data(json.utf8), file: "assets.json"); return nil } catch { return error as? ThreatsError }
        }
        let ok = #"{"norad_id": 25544, "name": "ISS (ZARYA)", "owner": "USA", "regime": "LEO", "why": "crewed"}"#
        let e1 = try #require(error(#"{"assets": [\#(ok), {"norad_id": "x", "name": "A", "owner": "USA", "regime": "LEO", "why": "w"}]}"#))
        #expect(e1.code == .badField && e1.field == "assets[1].norad_id" && e1.file == "assets.json")
        #expect(e1.description.hasPrefix("assets.json: assets[1].norad_id: "))
        let e2 = try #require(error(#"{"assets": [{"norad_id": 1, "name": "A", "owner": "USA", "why": "w"}]}"#))
        #expect(e2.code == .missingField && e2.field == "assets[0].regime")
        let e3 = try #require(error(#"{"assets": [{"norad_id": 1, "name": "A", "owner": "USA", "regime": "LOW", "why": "w"}]}"#))
        #expect(e3.code == .badField && e3.field == "assets[0].regime" && e3.value == "LOW")
        let e4 = try #require(error(#"{"assets": [\#(ok), \#(ok)]}"#))
        #expect(e4.code == .duplicate && e4.field == "assets[1].norad_id")
        let e5 = try #require(error(#"{"assets": [{"norad_id": 1, "name": "A", "owner": "FRA", "regime": "LEO", "why": "w"}]}"#))
        #expect(e5.field == "assets[0].owner")
        #expect(error("{not json")?.code == .badJSON)
        #expect(error(#"{"list": []}"#)?.field == "assets")
        #expect(throws: ThreatsError.self) { try ProtectedAssets.read(contentsOf: "/nonexistent/assets.json") }
    }
}
