import Foundation
import Testing
@testable import Persistence
import SpaceData

/// Ingest (idempotent, atomic per batch), lossless read-back, and the element-set and object queries.
@Suite("Store element sets")
struct ElementSetStoreTests {
    @Test("ingest is idempotent: the same batch twice is all duplicates", arguments: Backend.enabled)
    func idempotent(_ backend: Backend) async throws {
        try await TestStores.with(backend) { store in
            // The fixture's fourth record is malformed on purpose; the six good ones are used.
            let sets = ElementSetReader().read(files: [Fixture.path("starlink_history_excerpt.3le")]).records
            #expect(sets.count == 6)
            let first = try await store.ingest(sets, source: "starlink.3le")
            #expect(first.inserted == sets.count)
            #expect(first.duplicates == 0)
            #expect(first.newCatalogNumbers == Set(sets.map(\.noradCatalogNumber)))
            #expect(first.touchedCatalogNumbers == Set(sets.map(\.noradCatalogNumber)))
            let before = try await store.counts()
            let second = try await store.ingest(sets, source: "starlink.3le")
            #expect(second == IngestReceipt(inserted: 0, duplicates: sets.count, touchedCatalogNumbers: [], newCatalogNumbers: []))
            #expect(try await store.counts() == before)
            // A duplicate inside one batch is stored once.
            let extra = Fixture.set(1, epochDay: 1)
            let third = try await store.ingest([extra, extra], source: "t")
            #expect(third.inserted == 1 && third.duplicates == 1)
            // The same values read from OMM instead of TLE are the same set.
            var asOMM = sets[0].valuesOnly
            asOMM.ommVersion = "3.0"
            asOMM.comments = ["from OMM"]
            #expect(try await store.ingest([asOMM], source: "omm").duplicates == 1)
        }
    }

    @Test("rows stored after a known row come back in storage order (the server's store watch)", arguments: Backend.enabled)
    func afterID(_ backend: Backend) async throws {
        try await TestStores.with(backend) { store in
            _ = try await store.ingest((1...5).map { Fixture.set($0, epochDay: 1) }, source: "first")
            let newest = try #require(try await store.elementSets(matching: ElementSetQuery(order: .idDescending, limit: 1)).first)
            // A later batch, with an older epoch for object 1 (backfill) and a newer one for object 2.
            _ = try await store.ingest([Fixture.set(2, epochDay: 2), Fixture.set(1, epochDay: 0.5)], source: "second")
            let after = try await store.elementSets(matching: ElementSetQuery(afterID: newest.id, order: .idAscending, limit: 10))
            #expect(after.map(\.elementSet.noradCatalogNumber) == [2, 1])
            #expect(after.map(\.id) == after.map(\.id).sorted() && after.allSatisfy { $0.id > newest.id })
            #expect(after.map(\.source) == ["second", "second"])
            let none = try await store.elementSets(matching: ElementSetQuery(afterID: after.last!.id, order: .idAscending))
            #expect(none.isEmpty)
        }
    }

    @Test("a batch that fails midway stores nothing of it", arguments: Backend.enabled)
    func batchAtomicity(_ backend: Backend) async throws {
        try await TestStores.with(backend) { store in
            var batch = (1...50).map { Fixture.set($0, epochDay: Double($0) / 10) }
            batch[30].eccentricity = 1.2   // refused by CHECK (eccentricity < 1), after 30 good sets
            await expectStoreError(.constraint, "batch with a hyperbolic set") { _ = try await store.ingest(batch, source: "bad") }
            #expect(try await store.counts() == StoreCounts())
            #expect(try await store.scalar("SELECT count(*) FROM objects") == 0)
            batch[30].eccentricity = 0.2
            batch[40].bstar = .nan   // refused alike by both backends
            await expectStoreError(.constraint, "batch with a NaN") { _ = try await store.ingest(batch, source: "bad") }
            #expect(try await store.counts() == StoreCounts())
            batch[40].bstar = 0
            let r = try await store.ingest(batch, source: "good")
            #expect(r.inserted == 50)
            #expect(try await store.counts().objects == 50)
        }
    }

    @Test("sets read back equal to what was ingested, TLE lines byte for byte", arguments: Backend.enabled)
    func lossless(_ backend: Backend) async throws {
        try await TestStores.with(backend) { store in
            var inputs: [ElementSet] = []
            for name in ["starlink_history_excerpt.3le", "SGP4-VER.TLE", "sample_omm.xml", "sample_omm.json", "sample_omm.csv",
                         "omm_combined.xml", "OMMExample1.txt", "omm1_st.json", "celestrak_debris_first30.json"] {
                let report = ElementSetReader(acceptBadChecksums: true).read(files: [Fixture.path(name)])
                inputs += report.records
            }
            // Keep the first of each identity (fixtures repeat some sets).
            var seen = Set<String>()
            inputs = inputs.filter { seen.insert("\($0.noradCatalogNumber) \($0.epoch) \(ElementSetCodec.fingerprint($0))").inserted }
            #expect(inputs.count > 50)
            _ = try await store.ingest(inputs, source: "fixtures")
            let back = try await store.elementSets(matching: ElementSetQuery(limit: 10_000))
            try Self.expectSameSets(inputs, back)
        }
    }

    /// Every input set is stored and reads back equal (values, metadata, extra fields, epoch to the
    /// bit), and TLE sets write the same lines.
    static func expectSameSets(_ inputs: [ElementSet], _ back: [StoredElementSet]) throws {
        #expect(back.count == inputs.count)
        var byKey: [String: StoredElementSet] = [:]
        for b in back { byKey["\(b.elementSet.noradCatalogNumber) \(b.elementSet.epoch)"] = b }
        var mismatches = 0
        for s in inputs {
            guard let b = byKey["\(s.noradCatalogNumber) \(s.epoch)"] else {
                Issue.record("set \(s.noradCatalogNumber) at \(s.epoch.iso8601UTC()) not read back")
                mismatches += 1
                continue
            }
            if b.elementSet.valuesOnly != s.valuesOnly {
                if mismatches < 3 { Issue.record("set \(s.noradCatalogNumber) reads back different:\n\(b.elementSet.valuesOnly)\n\(s.valuesOnly)") }
                mismatches += 1
            }
            if s.tleFormatting.hadNameLine != nil {
                let original = try TLEWriter().lines(for: s)
                let rewritten = try TLEWriter().lines(for: b.elementSet)
                if b.tleLines != original || rewritten != original {
                    if mismatches < 3 { Issue.record("set \(s.noradCatalogNumber): TLE lines \(b.tleLines ?? []) != \(original)") }
                    mismatches += 1
                }
            } else {
                #expect(b.tleLines == nil)
            }
            if mismatches > 20 { break }
        }
        #expect(mismatches == 0)
    }

    /// Three objects with histories, for the query tests.
    static let history: [ElementSet] = [
        Fixture.set(25544, epochDay: 0.10, name: "ISS (ZARYA)", objectID: "1998-067A", type: "PAYLOAD"),
        Fixture.set(25544, epochDay: 1.10, name: "ISS (ZARYA)", objectID: "1998-067A", type: "PAYLOAD"),
        Fixture.set(25544, epochDay: 2.10, name: "ISS (ZARYA)", objectID: "1998-067A", ecc: 0.0005, type: "PAYLOAD"),
        Fixture.set(20580, epochDay: 0.50, name: "HST", objectID: "1990-037B", meanMotion: 15.1, type: "PAYLOAD"),
        Fixture.set(20580, epochDay: 1.50, name: "HST", objectID: "1990-037B", meanMotion: 15.1, type: "PAYLOAD"),
        Fixture.set(48275, epochDay: 0.75, name: "CZ-5B R/B", objectID: "2021-035B", meanMotion: 16.0, inclination: 41.5, type: "ROCKET BODY"),
    ]

    @Test("element-set queries: objects, epoch range, ordering, paging, latest only", arguments: Backend.enabled)
    func queries(_ backend: Backend) async throws {
        try await TestStores.with(backend) { store in
            _ = try await store.ingest(Self.history, source: "synthetic")
            func numbers(_ q: ElementSetQuery) async throws -> [Int] { try await store.elementSets(matching: q).map(\.elementSet.noradCatalogNumber) }
            func days(_ q: ElementSetQuery) async throws -> [Double] {
                try await store.elementSets(matching: q).map {
                    let (mjd, sod) = $0.elementSet.epoch.utcDayAndSeconds()
                    return ((Double(mjd - 60_000) + sod / 86_400) * 100).rounded() / 100
                }
            }
            #expect(try await store.elementSets(matching: ElementSetQuery(limit: 100)).count == 6)
            #expect(try await numbers(ElementSetQuery(catalogNumbers: [25544], limit: 100)) == [25544, 25544, 25544])
            #expect(try await days(ElementSetQuery(catalogNumbers: [25544], order: .epochAscending, limit: 100)) == [0.10, 1.10, 2.10])
            #expect(try await days(ElementSetQuery(catalogNumbers: [25544], order: .epochDescending, limit: 100)) == [2.10, 1.10, 0.10])
            let day1 = Instant(utcModifiedJulianDay: 60_001, secondsOfDay: 0), day2 = Instant(utcModifiedJulianDay: 60_002, secondsOfDay: 0)
            #expect(try await days(ElementSetQuery(epochFrom: day1, epochBefore: day2, order: .epochAscending, limit: 100)) == [1.10, 1.50])
            // epochFrom is inclusive, epochBefore exclusive, to the exact instant.
            let exact = Self.history[1].epoch
            #expect(try await store.elementSets(matching: ElementSetQuery(epochFrom: exact, epochBefore: exact.advanced(bySeconds: 1e-6), limit: 10)).count == 1)
            #expect(try await store.elementSets(matching: ElementSetQuery(epochFrom: exact.advanced(bySeconds: 1e-6), epochBefore: day2, limit: 10)).count == 1)
            #expect(try await numbers(ElementSetQuery(order: .catalogNumberAscending, limit: 100)) == [20580, 20580, 25544, 25544, 25544, 48275])
            #expect(try await numbers(ElementSetQuery(order: .catalogNumberDescending, limit: 2, offset: 1)) == [25544, 25544])
            #expect(try await days(ElementSetQuery(order: .epochAscending, limit: 2, offset: 2)) == [0.75, 1.10])
            let latest = try await store.elementSets(matching: ElementSetQuery(latestOnly: true, order: .catalogNumberAscending, limit: 100))
            #expect(latest.map(\.elementSet.noradCatalogNumber) == [20580, 25544, 48275])
            #expect(latest[1].elementSet.eccentricity == 0.0005)
            await expectStoreError(.query, "negative limit") { _ = try await store.elementSets(matching: ElementSetQuery(limit: -1)) }

            let all = try await store.latestElementSets(catalogNumbers: nil)
            #expect(all.map(\.elementSet.noradCatalogNumber) == [20580, 25544, 48275])
            #expect(all.map(\.elementSet.valuesOnly) == [Self.history[4], Self.history[2], Self.history[5]])
            #expect(try await store.latestElementSets(catalogNumbers: [48275, 1]).map(\.elementSet.noradCatalogNumber) == [48275])
            #expect(try await store.latestElementSets(catalogNumbers: []).isEmpty)
        }
    }

    @Test("objects: one, search by name or designator, type, paging", arguments: Backend.enabled)
    func objects(_ backend: Backend) async throws {
        try await TestStores.with(backend) { store in
            _ = try await store.ingest(Self.history, source: "synthetic")
            let iss = try #require(try await store.object(catalogNumber: 25544))
            #expect(iss.name == "ISS (ZARYA)")
            #expect(iss.objectID == "1998-067A")
            #expect(iss.objectType == "PAYLOAD")
            #expect(iss.elementSetCount == 3)
            #expect(iss.latestEpoch == Self.history[2].epoch)
            #expect(iss.eccentricity == 0.0005)
            let latestID = try await store.latestElementSets(catalogNumbers: [25544])[0].id
            #expect(iss.latestElementSetID == latestID)
            #expect(try await store.object(catalogNumber: 1) == nil)

            func found(_ q: ObjectQuery) async throws -> [Int] { try await store.objects(matching: q).map(\.catalogNumber) }
            #expect(try await found(ObjectQuery(text: "zarya")) == [25544])
            #expect(try await found(ObjectQuery(text: "1990-037")) == [20580])
            #expect(try await found(ObjectQuery(text: "R/B")) == [48275])
            #expect(try await found(ObjectQuery(text: "%")) == [])          // a wildcard is text, not a pattern
            #expect(try await found(ObjectQuery(text: "_")) == [])
            #expect(try await found(ObjectQuery(objectType: "payload")) == [20580, 25544])
            #expect(try await found(ObjectQuery(catalogNumbers: [48275, 20580, 5])) == [20580, 48275])
            #expect(try await found(ObjectQuery(limit: 1, offset: 1)) == [25544])
            #expect(try await found(ObjectQuery()) == [20580, 25544, 48275])
            // A newer set with a new name renames the object.
            _ = try await store.ingest([Fixture.set(20580, epochDay: 3, name: "HUBBLE", objectID: "1990-037B")], source: "t")
            #expect(try await store.object(catalogNumber: 20580)?.name == "HUBBLE")
            // An older set does not change the latest.
            _ = try await store.ingest([Fixture.set(20580, epochDay: -3, name: "OLD", objectID: "1990-037B")], source: "t")
            #expect(try await store.object(catalogNumber: 20580)?.name == "HUBBLE")
            #expect(try await store.object(catalogNumber: 20580)?.elementSetCount == 4)
        }
    }

    @Test("the bundled catalog round-trips exactly, and ingest and latest are fast", arguments: Backend.enabled)
    func bundledCatalog(_ backend: Backend) async throws {
        let catalog = Fixture.catalog
        #expect(catalog.count == 26_140)
        try await TestStores.with(backend) { store in
            let clock = ContinuousClock()
            var inserted = 0
            let ingestTime = try await clock.measure {
                var start = 0
                while start < catalog.count {
                    let end = min(start + 1000, catalog.count)
                    inserted += try await store.ingest(Array(catalog[start..<end]), source: "bundled").inserted
                    start = end
                }
            }
            #expect(inserted == 26_140)
            var latest: [StoredElementSet] = []
            let latestTime = try await clock.measure { latest = try await store.latestElementSets(catalogNumbers: nil) }
            let decodeTime = try await clock.measure { _ = try await store.queryRaw(Queries.latestElementSets(nil).sql, []) }
            print("[\(backend)] raw latest query without decoding: \(decodeTime)")
            print("[\(backend)] ingest of \(catalog.count) sets in batches of 1000: \(ingestTime); latestElementSets(nil): \(latestTime) for \(latest.count) sets")
            #expect(latest.count == Set(catalog.map(\.noradCatalogNumber)).count)
            try Self.expectSameSets(catalog, latest)
            #expect(try await store.counts().elementSets == 26_140)
        }
    }
}
