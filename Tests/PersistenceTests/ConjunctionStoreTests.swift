import Foundation
import Testing
@testable import Persistence
import SpaceData

/// Screening runs, conjunction events and their history, CDMs and alerts.
@Suite("Store conjunctions and alerts")
struct ConjunctionStoreTests {
    static let t0 = Instant(utcModifiedJulianDay: 60_010, secondsOfDay: 3_600.123456789)

    /// Objects 1...5, each with one element set; returns their element-set ids by catalog number.
    static func seed(_ store: any Store) async throws -> [Int: Int64] {
        _ = try await store.ingest((1...5).map { Fixture.set($0, epochDay: 10, name: "OBJ \($0)") }, source: "seed")
        return Dictionary(uniqueKeysWithValues: try await store.latestElementSets(catalogNumbers: nil).map { ($0.elementSet.noradCatalogNumber, $0.id) })
    }

    static func event(_ p: Int, _ s: Int, tca: Instant, miss: Double, pc: Double?, ids: [Int: Int64], cdm: String? = nil) -> ConjunctionEventInput {
        ConjunctionEventInput(primary: p, secondary: s, tca: tca, missDistanceKm: miss, relativeSpeedKmPerS: 7.5,
                              missRTNKm: SIMD3(0.1, -miss, 0.2), pc: pc, pcMethod: pc == nil ? nil : "FOSTER-1992",
                              primaryElementSetID: ids[p]!, secondaryElementSetID: ids[s]!, cdmKVN: cdm)
    }

    @Test("recording runs: new, updated within tolerance, cleared, history and CDM", arguments: Backend.enabled)
    func recordScreening(_ backend: Backend) async throws {
        try await TestStores.with(backend) { store in
            let ids = try await Self.seed(store)
            let window = (Self.t0.advanced(bySeconds: -86_400), Self.t0.advanced(bySeconds: 86_400))
            let run1 = ScreeningRunInput(windowStart: window.0, windowEnd: window.1, thresholdKm: 5, screenedCatalogNumbers: nil, events: [
                Self.event(1, 2, tca: Self.t0, miss: 0.8, pc: 1e-4, ids: ids, cdm: "CCSDS_CDM_VERS = 1.0\nrun 1"),
                Self.event(1, 3, tca: Self.t0.advanced(bySeconds: 5_000), miss: 2.0, pc: nil, ids: ids),
                Self.event(4, 5, tca: Self.t0.advanced(bySeconds: 7_000), miss: 1.0, pc: 1e-6, ids: ids),
            ], completedAt: Date(timeIntervalSince1970: 1_800_000_000.123456))
            let o1 = try await store.recordScreening(run1)
            #expect(o1.changes.map(\.kind) == [.new, .new, .new])
            #expect(o1.changes.allSatisfy { $0.previous == nil })
            #expect(o1.clearedEventIDs.isEmpty)
            #expect(o1.changes[0].current.tca == Self.t0)
            #expect(o1.changes[0].current.runID == o1.runID)
            let e12 = o1.changes[0].eventID, e13 = o1.changes[1].eventID, e45 = o1.changes[2].eventID
            #expect(Set([e12, e13, e45]).count == 3)

            // Run 2 screens object 1 only: (1,2) found again 200 s later (within 300 s) → updated;
            // (1,3) not found → cleared; (4,5) does not involve a screened object → stays active;
            // (1,2) again at +1 h is another event; (2,1) is another pair.
            let run2 = ScreeningRunInput(windowStart: window.0, windowEnd: window.1, thresholdKm: 5, screenedCatalogNumbers: [1], events: [
                Self.event(1, 2, tca: Self.t0.advanced(bySeconds: 200), miss: 0.3, pc: 5e-4, ids: ids, cdm: "CCSDS_CDM_VERS = 1.0\nrun 2"),
                Self.event(1, 2, tca: Self.t0.advanced(bySeconds: 3_600), miss: 3.0, pc: nil, ids: ids),
            ], completedAt: Date(timeIntervalSince1970: 1_800_003_600))
            let o2 = try await store.recordScreening(run2)
            #expect(o2.runID != o1.runID)
            #expect(o2.changes.map(\.kind) == [.updated, .new])
            #expect(o2.changes[0].eventID == e12)
            #expect(o2.changes[0].previous == o1.changes[0].current)
            #expect(o2.changes[0].current.missDistanceKm == 0.3)
            #expect(o2.clearedEventIDs == [e13])

            let ev12 = try #require(try await store.event(id: e12))
            #expect(ev12.status == .active)
            #expect(ev12.assessmentCount == 2)
            #expect(ev12.latest == o2.changes[0].current)
            #expect(ev12.firstSeenAt == Date(timeIntervalSince1970: 1_800_000_000.123456))
            #expect(try await store.event(id: e13)?.status == .cleared)
            #expect(try await store.event(id: e45)?.status == .active)
            #expect(try await store.event(id: 987_654) == nil)

            let history = try await store.assessments(eventID: e12)
            #expect(history == [o1.changes[0].current, o2.changes[0].current])
            #expect(history.map(\.pc) == [1e-4, 5e-4])
            #expect(try await store.cdm(eventID: e12) == "CCSDS_CDM_VERS = 1.0\nrun 2")
            #expect(try await store.cdm(eventID: e13) == nil)
            #expect(try await store.cdm(eventID: 987_654) == nil)

            // A cleared event found again becomes active, with its history.
            let run3 = ScreeningRunInput(windowStart: window.0, windowEnd: window.1, thresholdKm: 5, screenedCatalogNumbers: [3], events: [
                Self.event(1, 3, tca: Self.t0.advanced(bySeconds: 5_100), miss: 1.5, pc: nil, ids: ids),
            ])
            let o3 = try await store.recordScreening(run3)
            #expect(o3.changes.map(\.kind) == [.updated])
            #expect(o3.changes[0].eventID == e13)
            #expect(try await store.event(id: e13)?.status == .active)
            #expect(o3.clearedEventIDs.isEmpty)   // (1,2) events do not involve object 3

            // Events outside the window are not cleared.
            let later = ScreeningRunInput(windowStart: Self.t0.advanced(bySeconds: 100_000), windowEnd: Self.t0.advanced(bySeconds: 200_000),
                                          thresholdKm: 5, screenedCatalogNumbers: nil, events: [])
            #expect(try await store.recordScreening(later).clearedEventIDs.isEmpty)

            // A run referencing an unknown element set is refused whole.
            var bad = Self.event(2, 3, tca: Self.t0, miss: 1, pc: nil, ids: ids)
            bad.secondaryElementSetID = 999_999
            let before = try await store.counts()
            await expectStoreError(.constraint, "unknown element set") {
                _ = try await store.recordScreening(ScreeningRunInput(windowStart: window.0, windowEnd: window.1, thresholdKm: 5,
                                                                      screenedCatalogNumbers: nil, events: [Self.event(2, 4, tca: Self.t0, miss: 1, pc: nil, ids: ids), bad]))
            }
            #expect(try await store.counts() == before)
            #expect(before.events == 4 && before.activeEvents == 4)
        }
    }

    @Test("event queries: filters, Pc then miss ordering", arguments: Backend.enabled)
    func eventQueries(_ backend: Backend) async throws {
        try await TestStores.with(backend) { store in
            let ids = try await Self.seed(store)
            let run = ScreeningRunInput(windowStart: Self.t0.advanced(bySeconds: -10), windowEnd: Self.t0.advanced(bySeconds: 90_000),
                                        thresholdKm: 5, screenedCatalogNumbers: nil, events: [
                Self.event(1, 2, tca: Self.t0, miss: 0.8, pc: 1e-4, ids: ids),
                Self.event(1, 3, tca: Self.t0.advanced(bySeconds: 1_000), miss: 2.0, pc: nil, ids: ids),
                Self.event(2, 4, tca: Self.t0.advanced(bySeconds: 2_000), miss: 0.5, pc: 1e-4, ids: ids),
                Self.event(3, 5, tca: Self.t0.advanced(bySeconds: 3_000), miss: 4.0, pc: 1e-2, ids: ids),
                Self.event(4, 5, tca: Self.t0.advanced(bySeconds: 4_000), miss: 1.0, pc: nil, ids: ids),
            ])
            let o = try await store.recordScreening(run)
            let id = o.changes.map(\.eventID)
            func q(_ query: EventQuery) async throws -> [Int64] { try await store.events(matching: query).map(\.id) }
            // Pc descending (unknown last), then miss ascending.
            #expect(try await q(EventQuery()) == [id[3], id[2], id[0], id[4], id[1]])
            #expect(try await q(EventQuery(catalogNumber: 2)) == [id[2], id[0]])
            #expect(try await q(EventQuery(primary: 2)) == [id[2]])
            #expect(try await q(EventQuery(minimumPc: 1e-3)) == [id[3]])
            #expect(try await q(EventQuery(maximumMissKm: 1.0)) == [id[2], id[0], id[4]])
            #expect(try await q(EventQuery(tcaFrom: Self.t0.advanced(bySeconds: 1_000), tcaBefore: Self.t0.advanced(bySeconds: 3_000))) == [id[2], id[1]])
            #expect(try await q(EventQuery(limit: 2, offset: 1)) == [id[2], id[0]])
            #expect(try await q(EventQuery(status: .cleared)).isEmpty)
            let e = try #require(try await store.events(matching: EventQuery(primary: 3)).first)
            #expect(e.primary == 3 && e.secondary == 5 && e.assessmentCount == 1)
            #expect(e.latest.missRTNKm == SIMD3(0.1, -4.0, 0.2))
            #expect(e.latest.pcMethod == "FOSTER-1992")
        }
    }

    @Test("alerts: insert, after id, newest or ranked order, severity and object filters", arguments: Backend.enabled)
    func alerts(_ backend: Backend) async throws {
        try await TestStores.with(backend) { store in
            let created = Date(timeIntervalSince1970: 1_800_000_000.5)
            let inputs = [
                NewAlert(kind: "conjunction.new", severity: .warning, eventID: nil, primary: 1, secondary: 2, tca: Self.t0, missDistanceKm: 0.9,
                         pc: 1e-4, message: "1 vs 2", createdAt: created),
                NewAlert(kind: "conjunction.new", severity: .critical, eventID: nil, primary: 3, secondary: 4, tca: Self.t0, missDistanceKm: 0.2,
                         pc: 1e-3, message: "3 vs 4", createdAt: created.addingTimeInterval(1)),
                NewAlert(kind: "conjunction.changed", severity: .info, eventID: nil, primary: 1, secondary: 5, tca: nil, missDistanceKm: 3.0,
                         pc: nil, message: "1 vs 5", createdAt: created.addingTimeInterval(2)),
                NewAlert(kind: "conjunction.new", severity: .warning, eventID: nil, primary: 2, secondary: 6, tca: Self.t0, missDistanceKm: 0.4,
                         pc: 1e-4, message: "2 vs 6", createdAt: created.addingTimeInterval(3)),
            ]
            let stored = try await store.insertAlerts(inputs)
            #expect(stored.map(\.alert) == inputs)
            let ids = stored.map(\.id)
            #expect(ids == ids.sorted() && Set(ids).count == 4)
            #expect(try await store.insertAlerts([]).isEmpty)

            func q(_ query: AlertQuery) async throws -> [Int64] { try await store.alerts(matching: query).map(\.id) }
            #expect(try await q(AlertQuery()) == ids.reversed())
            #expect(try await store.alerts(matching: AlertQuery()).map(\.alert) == inputs.reversed())
            #expect(try await q(AlertQuery(afterID: ids[1])) == [ids[3], ids[2]])
            #expect(try await q(AlertQuery(order: .rank)) == [ids[1], ids[3], ids[0], ids[2]])
            #expect(try await q(AlertQuery(minimumSeverity: .warning, order: .rank)) == [ids[1], ids[3], ids[0]])
            #expect(try await q(AlertQuery(minimumSeverity: .critical)) == [ids[1]])
            #expect(try await q(AlertQuery(catalogNumber: 2)) == [ids[3], ids[0]])
            #expect(try await q(AlertQuery(limit: 1, offset: 1)) == [ids[2]])
            #expect(try await store.counts().alerts == 4)

            // A batch with a bad alert stores none of it.
            var bad = inputs[0]
            bad.pc = 2
            await expectStoreError(.constraint, "pc > 1") { _ = try await store.insertAlerts([inputs[0], bad]) }
            #expect(try await store.counts().alerts == 4)
        }
    }
}
