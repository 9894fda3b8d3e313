import Foundation
import Hummingbird
import HummingbirdTesting
import MissileWarning
import NIOCore
@testable import OperationsCenter
import Persistence
import SpaceData
import Testing

/// The in-memory reads (objects, sky, tracks, threats, the missile picture) filter by marking as
/// the store's do.
@Suite("Security: the live catalog's views and the missile picture by marking")
struct CatalogViewTests {
    static let usa = CountryCode("USA")!, aus = CountryCode("AUS")!

    static func stored(_ id: Int64, _ n: Int, day: Double, _ marking: Releasability) throws -> StoredElementSet {
        var s = try SecurityData.catalogSet(829)
        s.noradCatalogNumber = n
        s.epoch = s.epoch.advanced(bySeconds: day * 86_400)
        return StoredElementSet(id: id, elementSet: s, source: "t", ingestedAt: Date(), marking: marking)
    }

    @Test("a reader's view holds each object's newest set it may see, counted over the sets it may see")
    func views() throws {
        let catalog = LiveCatalog()
        catalog.replace(latest: [
            MarkedLatestElementSet(stored: try Self.stored(1, 100, day: 0, .public), elementSetCount: 3),
            MarkedLatestElementSet(stored: try Self.stored(2, 100, day: 2, .japanOnly), elementSetCount: 1),
            MarkedLatestElementSet(stored: try Self.stored(3, 100, day: 1, .releasable(to: [Self.usa])), elementSetCount: 2),
            MarkedLatestElementSet(stored: try Self.stored(4, 200, day: 0, .japanOnly), elementSetCount: 4),
            MarkedLatestElementSet(stored: try Self.stored(5, 300, day: 0, .releasable(to: [Self.usa, Self.aus])), elementSetCount: 1),
        ])
        let national = catalog.snapshot()
        #expect(national.entries[100]?.stored.id == 2 && national.entries[100]?.elementSetCount == 6)
        #expect(national.view(for: .everything) === national)
        let usa = national.view(for: Visibility(country: Self.usa))
        #expect(usa.catalogNumbers == [100, 300])
        #expect(usa.entries[100]?.stored.id == 3 && usa.entries[100]?.elementSetCount == 5)
        #expect(usa.skyIDs == [100, 300])
        #expect(national.view(for: Visibility(country: Self.usa)) === usa, "built once per country")
        let aus = national.view(for: Visibility(country: Self.aus))
        #expect(aus.entries[100]?.stored.id == 1 && aus.entries[100]?.elementSetCount == 3)
        #expect(aus.catalogNumbers == [100, 300])
        // a threat from 100's history inherits its JPN set: most restrictive of every marking
        #expect(national.historyMarking(100) == .japanOnly)
        #expect(national.pairMarking(300, 300) == .releasable(to: [Self.usa, Self.aus]))
        #expect(national.pairMarking(300, 999) == nil)
        // an update replaces the object's sets of every marking
        catalog.update(latest: [MarkedLatestElementSet(stored: try Self.stored(6, 100, day: 3, .public), elementSetCount: 4)])
        #expect(catalog.snapshot().view(for: Visibility(country: Self.aus)).entries[100]?.stored.id == 6)
        #expect(catalog.snapshot().historyMarking(100) == .public)
    }

    @Test("a missile track inherits its sensors' markings: detections sent as JPN are not shown to a partner; a partner's own are")
    func missileTracks() async throws {
        for (sender, marking) in [("analyst", "JPN"), ("partner", nil as String?)] {
            let center = makeCenter(store: try await makeStore(), bootstrap: false)
            try await center.application().test(.router) { raw in
                let cast = try await SecurityCast.make(raw, center)
                let client = sender == "analyst" ? cast.analyst : cast.partnerUSA
                for body in MissileFeedFixture.batches() {
                    let r = try await client.post("/api/v1/missile/detections" + (marking.map { "?marking=\($0)" } ?? ""), body)
                    #expect(r.status == .ok, "\(r.text.prefix(200))")
                }
                func tracks(_ c: BearerClient) async throws -> Int { (try await c.get("/api/v1/missile").object()["tracks"] as? [Any])?.count ?? -1 }
                func missileAlerts(_ c: BearerClient) async throws -> [[String: Any]] {
                    (try await c.get("/api/v1/alerts?limit=1000").object()["items"] as? [[String: Any]] ?? [])
                        .filter { ($0["kind"] as? String)?.hasPrefix("missile.") == true }
                }
                let all = try await tracks(cast.analyst)
                #expect(all >= 1)
                #expect(try await missileAlerts(cast.analyst).count >= 2)
                if sender == "analyst" {
                    #expect(try await tracks(cast.partnerUSA) == 0)
                    #expect(try await missileAlerts(cast.partnerUSA).isEmpty)
                    let status = try await cast.partnerUSA.get("/api/v1/status").object()["missile"] as? [String: Any]
                    #expect(status?["tracks"] as? Int == 0 && status?["detections"] as? Int == 0)
                } else {
                    #expect(try await tracks(cast.partnerUSA) == all)
                    #expect(try await missileAlerts(cast.partnerUSA).allSatisfy { $0["marking"] as? String == "REL USA" })
                    #expect(try await tracks(cast.partnerAUS) == 0)
                    #expect(try await missileAlerts(cast.partnerAUS).isEmpty)
                }
                #expect(try await tracks(cast.operator) == 0, "operators: their satellites' events only")
            }
        }
    }
}
