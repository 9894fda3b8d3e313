import Foundation
import Testing
@testable import Persistence
import SpaceData

/// Releasability markings in the store (issue 9, docs/security.md): every record carries one,
/// derived records inherit the most restrictive of their inputs, and every read applies the
/// reader's ``Visibility`` in the SQL, so counts and pages never include what it may not see.
@Suite("Store markings and visibility")
struct MarkingStoreTests {
    static let usa = CountryCode("USA")!, aus = CountryCode("AUS")!
    static let partnerUSA = Visibility(country: usa), partnerAUS = Visibility(country: aus)
    static let t0 = Instant(utcModifiedJulianDay: 60_010, secondsOfDay: 3_600)

    /// Objects 1 (PUBLIC), 2 (REL USA), 3 (JPN); object 1 also has a newer JPN set and an older REL USA,AUS one.
    static func seed(_ store: any Store) async throws {
        _ = try await store.ingest([Fixture.set(1, epochDay: 10, name: "PUB")], source: "t", provenance: Provenance(marking: .public))
        _ = try await store.ingest([Fixture.set(2, epochDay: 10, name: "RELUSA")], source: "t",
                                   provenance: Provenance(marking: .releasable(to: [usa]), receivedFrom: "usspace"))
        _ = try await store.ingest([Fixture.set(3, epochDay: 10, name: "SECRET")], source: "t")
        _ = try await store.ingest([Fixture.set(1, epochDay: 11, name: "PUB")], source: "t", provenance: .ownJapanOnly)
        _ = try await store.ingest([Fixture.set(1, epochDay: 9, name: "PUB")], source: "t", provenance: Provenance(marking: .releasable(to: [usa, aus])))
    }

    @Test("element sets: marking and provenance stored; history, latest-only and counts filtered in the query", arguments: Backend.enabled)
    func elementSets(_ backend: Backend) async throws {
        try await TestStores.with(backend) { store in
            try await Self.seed(store)
            let all = try await store.elementSets(matching: ElementSetQuery(limit: 100))
            #expect(all.count == 5)
            let rel = try #require(all.first { $0.elementSet.noradCatalogNumber == 2 })
            #expect(rel.marking == .releasable(to: [Self.usa]) && rel.receivedFrom == "usspace")
            #expect(all.first { $0.elementSet.noradCatalogNumber == 3 }?.marking == .japanOnly, "no marking given: JPN")

            let usaSets = try await store.elementSets(matching: ElementSetQuery(order: .idAscending, limit: 100, visibility: Self.partnerUSA))
            #expect(usaSets.map(\.elementSet.noradCatalogNumber) == [1, 2, 1])
            let ausSets = try await store.elementSets(matching: ElementSetQuery(order: .idAscending, limit: 100, visibility: Self.partnerAUS))
            #expect(ausSets.map(\.elementSet.noradCatalogNumber) == [1, 1])
            // paging counts only visible rows: the second page of one is the second visible set
            let page2 = try await store.elementSets(matching: ElementSetQuery(order: .idAscending, limit: 1, offset: 1, visibility: Self.partnerUSA))
            #expect(page2.map(\.elementSet.noradCatalogNumber) == [2])
            // latest only: the newest set the reader may see (object 1: day 10 PUBLIC, not day 11 JPN)
            let latest = try await store.elementSets(matching: ElementSetQuery(latestOnly: true, order: .catalogNumberAscending, visibility: Self.partnerUSA))
            #expect(latest.map(\.elementSet.noradCatalogNumber) == [1, 2])
            #expect(latest.first?.marking == .public)
            let nationalLatest = try await store.elementSets(matching: ElementSetQuery(latestOnly: true, order: .catalogNumberAscending))
            #expect(nationalLatest.first?.marking == .japanOnly)

            // the newest set per object and marking, with counts per marking
            let byMarking = try await store.latestElementSetsByMarking(catalogNumbers: [1])
            #expect(Set(byMarking.map(\.stored.marking)) == [.public, .japanOnly, .releasable(to: [Self.usa, Self.aus])])
            #expect(byMarking.allSatisfy { $0.elementSetCount == 1 })

            let usaCounts = try await store.counts(visibility: Self.partnerUSA)
            #expect(usaCounts.objects == 2 && usaCounts.elementSets == 3)
            let ausCounts = try await store.counts(visibility: Self.partnerAUS)
            #expect(ausCounts.objects == 1 && ausCounts.elementSets == 2)
            #expect(try await store.counts().elementSets == 5)
        }
    }

    @Test("events, assessments, CDMs and alerts: inherited markings, partner and operator visibility", arguments: Backend.enabled)
    func events(_ backend: Backend) async throws {
        try await TestStores.with(backend) { store in
            try await Self.seed(store)
            let ids = Dictionary(uniqueKeysWithValues: try await store.latestElementSets(catalogNumbers: nil).map { ($0.elementSet.noradCatalogNumber, $0.id) })
            func event(_ p: Int, _ s: Int, _ marking: Releasability, dt: Double) -> ConjunctionEventInput {
                ConjunctionEventInput(primary: p, secondary: s, tca: Self.t0.advanced(bySeconds: dt), missDistanceKm: 1, relativeSpeedKmPerS: 7,
                                      missRTNKm: SIMD3(0, 1, 0), pc: 1e-5, pcMethod: "t", primaryElementSetID: ids[p]!,
                                      secondaryElementSetID: ids[s]!, cdmKVN: "CCSDS_CDM_VERS = 1.0\n\(p)-\(s)", marking: marking)
            }
            let pub = Releasability.public, relUSA = Releasability.releasable(to: [Self.usa])
            let run = ScreeningRunInput(windowStart: Self.t0.advanced(bySeconds: -86_400), windowEnd: Self.t0.advanced(bySeconds: 86_400),
                                        thresholdKm: 5, screenedCatalogNumbers: nil, events: [
                                            event(1, 2, pub.combined(with: relUSA), dt: 0), event(1, 3, .japanOnly, dt: 100),
                                            event(2, 3, .japanOnly, dt: 200)])
            let outcome = try await store.recordScreening(run)
            let (e12, e13) = (outcome.changes[0].eventID, outcome.changes[1].eventID)
            #expect(try await store.event(id: e12)?.marking == relUSA)

            let usaEvents = try await store.events(matching: EventQuery(visibility: Self.partnerUSA))
            #expect(usaEvents.map(\.id) == [e12])
            #expect(try await store.events(matching: EventQuery(visibility: Self.partnerAUS)).isEmpty)
            #expect(try await store.event(id: e13, visibility: Self.partnerUSA) == nil)
            #expect(try await store.event(id: e12, visibility: Self.partnerUSA) != nil)
            #expect(try await store.cdm(eventID: e13, visibility: Self.partnerUSA) == nil)
            #expect(try await store.cdm(eventID: e12, visibility: Self.partnerUSA) != nil)
            #expect(try await store.assessments(eventID: e13, visibility: Self.partnerUSA).isEmpty)
            #expect(try await store.assessments(eventID: e13).count == 1)

            // A re-assessment from a JPN set makes the event JPN: the partner loses it, and the
            // history shows only the assessments it may see.
            let again = ScreeningRunInput(windowStart: run.windowStart, windowEnd: run.windowEnd, thresholdKm: 5, screenedCatalogNumbers: [1],
                                          events: [event(1, 2, .japanOnly, dt: 10)])
            _ = try await store.recordScreening(again)
            #expect(try await store.event(id: e12, visibility: Self.partnerUSA) == nil)
            #expect(try await store.assessments(eventID: e12, visibility: Self.partnerUSA).isEmpty, "the event is hidden: so is its history")
            #expect(try await store.assessments(eventID: e12).map(\.marking) == [relUSA, .japanOnly])

            // operators: the events of their objects only, whatever the marking
            let op = Visibility(objects: [3])
            #expect(Set(try await store.events(matching: EventQuery(status: nil, visibility: op)).map(\.primary)) == [1, 2])
            #expect(try await store.event(id: e12, visibility: op) == nil)
            #expect(try await store.counts(visibility: op).events == 2)

            // alerts
            _ = try await store.insertAlerts([
                NewAlert(kind: "a", severity: .info, eventID: e12, primary: 1, secondary: 2, tca: nil, missDistanceKm: 1, pc: nil, message: "a", marking: relUSA),
                NewAlert(kind: "b", severity: .info, eventID: e13, primary: 1, secondary: 3, tca: nil, missDistanceKm: 1, pc: nil, message: "b"),
                NewAlert(kind: "c", severity: .critical, eventID: nil, primary: nil, secondary: nil, tca: nil, missDistanceKm: nil, pc: nil,
                         message: "missile", marking: .public),
            ])
            #expect(try await store.alerts(matching: AlertQuery(visibility: Self.partnerUSA)).map(\.alert.kind).sorted() == ["a", "c"])
            #expect(try await store.alerts(matching: AlertQuery(visibility: Self.partnerAUS)).map(\.alert.kind) == ["c"])
            #expect(try await store.alerts(matching: AlertQuery(visibility: op)).map(\.alert.kind) == ["b"], "no object: not an operator's")
            #expect(try await store.alerts(matching: AlertQuery()).first { $0.alert.kind == "b" }?.alert.marking == .japanOnly)
            #expect(try await store.counts(visibility: Self.partnerUSA).alerts == 2)
        }
    }

    @Test("partner messages: stored with sender and marking, filtered by marking and object", arguments: Backend.enabled)
    func messages(_ backend: Backend) async throws {
        try await TestStores.with(backend) { store in
            let cdm = NewReceivedMessage(kind: .cdm, provenance: Provenance(marking: .releasable(to: [Self.usa]), receivedFrom: "usspace"),
                                         originator: "JSPOC", messageID: "m1", object1: 1, object2: 2, tca: Self.t0, missDistanceKm: 0.5,
                                         pc: 1e-4, body: "CCSDS_CDM_VERS = 1.0")
            var secret = cdm
            secret.provenance = Provenance(marking: .japanOnly, receivedFrom: "ana")
            secret.object1 = 7
            secret.object2 = 8
            let tdm = NewReceivedMessage(kind: .tdm, provenance: Provenance(marking: .public, receivedFrom: "auspace"), originator: "AUS",
                                         messageID: nil, observationCount: 12, body: "CCSDS_TDM_VERS = 2.0")
            let ids = try await store.insertMessages([cdm, secret, tdm])
            #expect(ids.count == 3)
            #expect(try await store.message(id: ids[0])?.message == cdm.normalized)
            #expect(try await store.messages(matching: MessageQuery(visibility: Self.partnerUSA)).map(\.id) == [ids[2], ids[0]])
            #expect(try await store.messages(matching: MessageQuery(visibility: Self.partnerAUS)).map(\.id) == [ids[2]])
            #expect(try await store.message(id: ids[1], visibility: Self.partnerUSA) == nil)
            #expect(try await store.messages(matching: MessageQuery(kind: .cdm, catalogNumber: 7)).map(\.id) == [ids[1]])
            #expect(try await store.messages(matching: MessageQuery(visibility: Visibility(objects: [2]))).map(\.id) == [ids[0]])
            await expectStoreError(.constraint, "a message without a sender") {
                var anonymous = tdm
                anonymous.provenance.receivedFrom = nil
                _ = try await store.insertMessages([anonymous])
            }
            // the schema refuses a marking the program would not write
            await expectStoreError(.constraint, "a bad marking") {
                try await store.executeRaw("INSERT INTO received_messages (kind, marking, received_from, received_at_us, body) VALUES ('cdm', 'TOP SECRET', 'x', 0, 'x')", [])
            }
        }
    }

    @Test("rows stored before markings existed become JPN (fail closed)", arguments: Backend.enabled)
    func migrationDefault(_ backend: Backend) async throws {
        try await TestStores.with(backend) { store in
            try await store.executeRaw("INSERT INTO alerts (kind, severity, severity_rank, message, created_at_us) VALUES ('old', 'info', 0, 'old', 0)", [])
            #expect(try await store.alerts(matching: AlertQuery()).first?.alert.marking == .japanOnly)
            #expect(try await store.alerts(matching: AlertQuery(visibility: Self.partnerUSA)).isEmpty)
        }
    }
}

extension NewReceivedMessage {
    /// As it reads back (times at microseconds).
    var normalized: NewReceivedMessage {
        var m = self
        m.receivedAt = StoreTime.normalized(receivedAt)
        return m
    }
}
