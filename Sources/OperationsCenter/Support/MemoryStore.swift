import Astrodynamics
import Foundation
import Persistence
import SpaceData
import Synchronization

/// A ``Store`` held in memory, gone when the process ends: for `kanshi serve --database memory:`
/// demonstrations and for tests that do not need a database. It keeps the contract's semantics
/// (idempotent ingest, event matching by pair and TCA tolerance, clearing, alert ordering) but
/// none of its durability.
public final class MemoryStore: Store, Sendable {
    private struct Event {
        var id: Int64
        var primary: Int
        var secondary: Int
        var status: EventStatus
        var firstSeenAt: Date
        var assessments: [EventAssessment]
        var cdm: String?
    }

    private struct State {
        var sets: [StoredElementSet] = []
        var byObject: [Int: [Int]] = [:]          // catalog number → indexes into sets
        var keys: Set<ElementSet> = []
        var events: [Int64: Event] = [:]
        var nextEventID: Int64 = 1
        var nextRunID: Int64 = 1
        var alerts: [StoredAlert] = []
        var closed = false
    }

    private let state = Mutex(State())

    public init() {}

    public func migrate() async throws(StoreError) {}

    public func close() async throws(StoreError) { state.withLock { $0.closed = true } }

    private func open<T>(_ body: (inout State) throws(StoreError) -> T) throws(StoreError) -> T {
        try state.withLock { (s: inout State) throws(StoreError) -> T in
            if s.closed { throw StoreError(.connection, "the store is closed") }
            return try body(&s)
        }
    }

    private static func key(_ e: ElementSet) -> ElementSet { e.valuesOnly }

    public func ingest(_ batch: [ElementSet], source: String) async throws(StoreError) -> IngestReceipt {
        try open { s throws(StoreError) in
            var receipt = IngestReceipt()
            for e in batch {
                let k = MemoryStore.key(e)
                if s.keys.contains(k) { receipt.duplicates += 1; continue }
                s.keys.insert(k)
                let id = Int64(s.sets.count + 1)
                if s.byObject[e.noradCatalogNumber] == nil { receipt.newCatalogNumbers.insert(e.noradCatalogNumber) }
                s.byObject[e.noradCatalogNumber, default: []].append(s.sets.count)
                s.sets.append(StoredElementSet(id: id, elementSet: e, source: source, ingestedAt: Date()))
                receipt.inserted += 1
                receipt.touchedCatalogNumbers.insert(e.noradCatalogNumber)
            }
            return receipt
        }
    }

    private static func latest(_ s: State, _ id: Int) -> StoredElementSet? {
        s.byObject[id]?.map { s.sets[$0] }.max { ($0.elementSet.epoch, $0.id) < ($1.elementSet.epoch, $1.id) }
    }

    public func elementSets(matching q: ElementSetQuery) async throws(StoreError) -> [StoredElementSet] {
        try open { s throws(StoreError) in
            var rows: [StoredElementSet]
            let ids = q.catalogNumbers.map(Set.init) ?? Set(s.byObject.keys)
            if q.latestOnly { rows = ids.compactMap { MemoryStore.latest(s, $0) } }
            else { rows = ids.flatMap { (s.byObject[$0] ?? []).map { s.sets[$0] } } }
            rows = rows.filter { r in
                (q.epochFrom.map { r.elementSet.epoch >= $0 } ?? true) && (q.epochBefore.map { r.elementSet.epoch < $0 } ?? true)
                    && (q.afterID.map { r.id > $0 } ?? true)
            }
            switch q.order {
            case .epochAscending: rows.sort { ($0.elementSet.epoch, $0.id) < ($1.elementSet.epoch, $1.id) }
            case .epochDescending: rows.sort { ($0.elementSet.epoch, $0.id) > ($1.elementSet.epoch, $1.id) }
            case .catalogNumberAscending: rows.sort { ($0.elementSet.noradCatalogNumber, $0.id) < ($1.elementSet.noradCatalogNumber, $1.id) }
            case .catalogNumberDescending: rows.sort { ($0.elementSet.noradCatalogNumber, $0.id) > ($1.elementSet.noradCatalogNumber, $1.id) }
            case .idAscending: rows.sort { $0.id < $1.id }
            case .idDescending: rows.sort { $0.id > $1.id }
            }
            return Array(rows.dropFirst(q.offset).prefix(q.limit))
        }
    }

    public func latestElementSets(catalogNumbers: Set<Int>?) async throws(StoreError) -> [StoredElementSet] {
        try open { s throws(StoreError) in
            (catalogNumbers ?? Set(s.byObject.keys)).sorted().compactMap { MemoryStore.latest(s, $0) }
        }
    }

    private static func object(_ s: State, _ id: Int) -> CatalogObject? {
        guard let l = latest(s, id) else { return nil }
        let e = l.elementSet
        return CatalogObject(catalogNumber: id, name: e.objectName, objectID: e.objectID,
                             objectType: CatalogSummary.ObjectType.of(e).type.rawValue, elementSetCount: s.byObject[id]?.count ?? 0,
                             latestEpoch: e.epoch, latestElementSetID: l.id, meanMotionRevPerDay: e.meanMotionRevPerDay,
                             eccentricity: e.eccentricity, inclinationDeg: e.inclinationDeg)
    }

    public func object(catalogNumber: Int) async throws(StoreError) -> CatalogObject? {
        try open { s throws(StoreError) in MemoryStore.object(s, catalogNumber) }
    }

    public func objects(matching q: ObjectQuery) async throws(StoreError) -> [CatalogObject] {
        try open { s throws(StoreError) in
            let ids = (q.catalogNumbers.map(Set.init) ?? Set(s.byObject.keys)).sorted()
            let text = q.text?.uppercased()
            let rows = ids.compactMap { MemoryStore.object(s, $0) }.filter { o in
                (q.objectType.map { o.objectType == $0.uppercased() } ?? true)
                    && (text.map { t in (o.name?.uppercased().contains(t) ?? false) || (o.objectID?.uppercased().contains(t) ?? false) || String(o.catalogNumber) == t } ?? true)
            }
            return Array(rows.dropFirst(q.offset).prefix(q.limit))
        }
    }

    public func counts() async throws(StoreError) -> StoreCounts {
        try open { s throws(StoreError) in
            StoreCounts(objects: s.byObject.count, elementSets: s.sets.count, events: s.events.count,
                        activeEvents: s.events.values.filter { $0.status == .active }.count, alerts: s.alerts.count)
        }
    }

    public func recordScreening(_ run: ScreeningRunInput) async throws(StoreError) -> ScreeningOutcome {
        try open { s throws(StoreError) in
            let runID = s.nextRunID
            s.nextRunID += 1
            var changes: [EventChange] = []
            var seen = Set<Int64>()
            for input in run.events {
                let a = EventAssessment(runID: runID, assessedAt: run.completedAt, tca: input.tca, missDistanceKm: input.missDistanceKm,
                                        relativeSpeedKmPerS: input.relativeSpeedKmPerS, missRTNKm: input.missRTNKm, pc: input.pc,
                                        pcMethod: input.pcMethod, primaryElementSetID: input.primaryElementSetID,
                                        secondaryElementSetID: input.secondaryElementSetID)
                let match = s.events.values.filter {
                    $0.primary == input.primary && $0.secondary == input.secondary && !seen.contains($0.id)
                        && abs($0.assessments.last!.tca.secondsSince(input.tca)) <= run.matchToleranceSeconds
                }.min { abs($0.assessments.last!.tca.secondsSince(input.tca)) < abs($1.assessments.last!.tca.secondsSince(input.tca)) }
                if var e = match {
                    let previous = e.assessments.last
                    e.assessments.append(a)
                    e.status = .active
                    e.cdm = input.cdmKVN ?? e.cdm
                    s.events[e.id] = e
                    seen.insert(e.id)
                    changes.append(EventChange(eventID: e.id, kind: .updated, previous: previous, current: a))
                } else {
                    let id = s.nextEventID
                    s.nextEventID += 1
                    s.events[id] = Event(id: id, primary: input.primary, secondary: input.secondary, status: .active,
                                         firstSeenAt: run.completedAt, assessments: [a], cdm: input.cdmKVN)
                    seen.insert(id)
                    changes.append(EventChange(eventID: id, kind: .new, previous: nil, current: a))
                }
            }
            var cleared: [Int64] = []
            for (id, e) in s.events where e.status == .active && !seen.contains(id) {
                let tca = e.assessments.last!.tca
                guard tca >= run.windowStart && tca <= run.windowEnd else { continue }
                if let screened = run.screenedCatalogNumbers, !screened.contains(e.primary) && !screened.contains(e.secondary) { continue }
                s.events[id]?.status = .cleared
                cleared.append(id)
            }
            return ScreeningOutcome(runID: runID, changes: changes, clearedEventIDs: cleared.sorted())
        }
    }

    private static func stored(_ e: Event) -> StoredConjunctionEvent {
        StoredConjunctionEvent(id: e.id, primary: e.primary, secondary: e.secondary, status: e.status, firstSeenAt: e.firstSeenAt,
                               latest: e.assessments.last!, assessmentCount: e.assessments.count)
    }

    public func events(matching q: EventQuery) async throws(StoreError) -> [StoredConjunctionEvent] {
        try open { s throws(StoreError) in
            let rows = s.events.values.map(MemoryStore.stored).filter { e in
                (q.catalogNumber.map { e.primary == $0 || e.secondary == $0 } ?? true)
                    && (q.primary.map { e.primary == $0 } ?? true)
                    && (q.minimumPc.map { (e.latest.pc ?? -1) >= $0 } ?? true)
                    && (q.maximumMissKm.map { e.latest.missDistanceKm <= $0 } ?? true)
                    && (q.tcaFrom.map { e.latest.tca >= $0 } ?? true)
                    && (q.tcaBefore.map { e.latest.tca < $0 } ?? true)
                    && (q.status.map { e.status == $0 } ?? true)
            }.sorted { a, b in
                let pa = a.latest.pc ?? -1, pb = b.latest.pc ?? -1
                if pa != pb { return pa > pb }
                if a.latest.missDistanceKm != b.latest.missDistanceKm { return a.latest.missDistanceKm < b.latest.missDistanceKm }
                return a.id < b.id
            }
            return Array(rows.dropFirst(q.offset).prefix(q.limit))
        }
    }

    public func event(id: Int64) async throws(StoreError) -> StoredConjunctionEvent? {
        try open { s throws(StoreError) in s.events[id].map(MemoryStore.stored) }
    }

    public func assessments(eventID: Int64) async throws(StoreError) -> [EventAssessment] {
        try open { s throws(StoreError) in s.events[eventID]?.assessments ?? [] }
    }

    public func cdm(eventID: Int64) async throws(StoreError) -> String? {
        try open { s throws(StoreError) in s.events[eventID]?.cdm }
    }

    public func insertAlerts(_ alerts: [NewAlert]) async throws(StoreError) -> [StoredAlert] {
        try open { s throws(StoreError) in
            var out: [StoredAlert] = []
            for a in alerts {
                let stored = StoredAlert(id: Int64(s.alerts.count + 1), alert: a)
                s.alerts.append(stored)
                out.append(stored)
            }
            return out
        }
    }

    public func alerts(matching q: AlertQuery) async throws(StoreError) -> [StoredAlert] {
        try open { s throws(StoreError) in
            var rows = s.alerts.filter { a in
                (q.afterID.map { a.id > $0 } ?? true)
                    && (q.minimumSeverity.map { a.alert.severity >= $0 } ?? true)
                    && (q.catalogNumber.map { a.alert.primary == $0 || a.alert.secondary == $0 } ?? true)
            }
            switch q.order {
            case .newest: rows.sort { $0.id > $1.id }
            case .rank:
                rows.sort { a, b in
                    let pa = a.alert.pc ?? -1, pb = b.alert.pc ?? -1
                    if pa != pb { return pa > pb }
                    let ma = a.alert.missDistanceKm ?? .infinity, mb = b.alert.missDistanceKm ?? .infinity
                    if ma != mb { return ma < mb }
                    return a.id > b.id
                }
            }
            return Array(rows.dropFirst(q.offset).prefix(q.limit))
        }
    }
}
