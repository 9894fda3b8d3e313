import Astrodynamics
import Foundation
import SpaceData

/// The operations center's store: objects, element-set history, conjunction events with their
/// assessments and CDMs, and alerts.
///
/// Two implementations share one contract and one test suite: ``SQLiteStore`` (GRDB, the embedded
/// default) and ``PostgresStore`` (PostgresNIO). Both create their schema with ``migrate()`` from
/// an ordered list of migrations that are never edited once shipped; the schema itself enforces
/// keys, `NOT NULL` and uniqueness, so a bug in a caller cannot store a half record.
///
/// Every write that takes a batch is one transaction: a process killed in the middle leaves every
/// committed batch whole and no part of the batch in flight.
public protocol Store: AccountStore, Sendable {
    /// Brings the schema up to date by applying the migrations not yet applied, in order.
    func migrate() async throws(StoreError)

    /// Releases connections. The store must not be used afterwards.
    func close() async throws(StoreError)

    // MARK: Element sets and objects

    /// Stores a batch of element sets in one transaction with their marking and provenance. An
    /// element set already stored (same object, same epoch, same values) is not stored again:
    /// ingest is idempotent, and the stored copy keeps the marking it was first stored with.
    func ingest(_ batch: [ElementSet], source: String, provenance: Provenance) async throws(StoreError) -> IngestReceipt

    /// Element sets matching a Space-Track-like query (object, epoch range, ordering, limit).
    func elementSets(matching query: ElementSetQuery) async throws(StoreError) -> [StoredElementSet]

    /// The newest element set (by epoch) of each object, or of the objects named.
    func latestElementSets(catalogNumbers: Set<Int>?) async throws(StoreError) -> [StoredElementSet]

    /// The newest element set of each object for each marking the object's sets have, newest
    /// first within an object: what the live catalog needs to show each reader the newest set it
    /// may see.
    func latestElementSetsByMarking(catalogNumbers: Set<Int>?) async throws(StoreError) -> [MarkedLatestElementSet]

    /// One object, or `nil` when the catalog has no such object.
    func object(catalogNumber: Int) async throws(StoreError) -> CatalogObject?

    /// Objects matching a search (name or designator text, catalog-number list, type), paged.
    func objects(matching query: ObjectQuery) async throws(StoreError) -> [CatalogObject]

    /// Row counts of the records the reader may see, for status, metrics and the UI.
    func counts(visibility: Visibility) async throws(StoreError) -> StoreCounts

    // MARK: Conjunctions

    /// Records a screening run and its events in one transaction.
    ///
    /// Each event is matched to a stored event of the same pair whose TCA is within
    /// ``ScreeningRunInput/matchToleranceSeconds``; a match gets a new assessment (its history
    /// grows, its current values are replaced), otherwise a new event is created. Stored active
    /// events in the run's window that involve a screened object and were not found again are
    /// marked cleared. Returns one change per input event, in input order, plus the cleared ids.
    func recordScreening(_ run: ScreeningRunInput) async throws(StoreError) -> ScreeningOutcome

    /// Events matching the filters, ordered by Pc (descending) then miss distance.
    func events(matching query: EventQuery) async throws(StoreError) -> [StoredConjunctionEvent]

    /// One event, or `nil` (also when the reader may not see it).
    func event(id: Int64, visibility: Visibility) async throws(StoreError) -> StoredConjunctionEvent?

    /// The assessments of an event the reader may see, oldest first (the Pc history).
    func assessments(eventID: Int64, visibility: Visibility) async throws(StoreError) -> [EventAssessment]

    /// The CDM (KVN text) of the event's latest assessment, or `nil` (also when the reader may not see it).
    func cdm(eventID: Int64, visibility: Visibility) async throws(StoreError) -> String?

    // MARK: Alerts

    /// Stores alerts in one transaction and returns them with their identifiers.
    func insertAlerts(_ alerts: [NewAlert]) async throws(StoreError) -> [StoredAlert]

    /// Alerts, newest first, or ranked by Pc and miss distance.
    func alerts(matching query: AlertQuery) async throws(StoreError) -> [StoredAlert]

    // MARK: Partner messages

    /// Stores CDMs and TDMs received from partners, as received, in one transaction.
    func insertMessages(_ messages: [NewReceivedMessage]) async throws(StoreError) -> [Int64]

    /// Received messages the reader may see, newest first.
    func messages(matching query: MessageQuery) async throws(StoreError) -> [ReceivedMessage]

    /// One received message, or `nil` (also when the reader may not see it).
    func message(id: Int64, visibility: Visibility) async throws(StoreError) -> ReceivedMessage?
}

extension Store {
    /// Stores the squadron's own element sets, marked Japan only (fail closed).
    public func ingest(_ batch: [ElementSet], source: String) async throws(StoreError) -> IngestReceipt {
        try await ingest(batch, source: source, provenance: .ownJapanOnly)
    }

    /// Every row counted (the squadron's view).
    public func counts() async throws(StoreError) -> StoreCounts { try await counts(visibility: .everything) }

    /// One event, whatever its marking (the squadron's view).
    public func event(id: Int64) async throws(StoreError) -> StoredConjunctionEvent? { try await event(id: id, visibility: .everything) }

    /// Every assessment of an event (the squadron's view).
    public func assessments(eventID: Int64) async throws(StoreError) -> [EventAssessment] {
        try await assessments(eventID: eventID, visibility: .everything)
    }

    /// One received message, whatever its marking (the squadron's view).
    public func message(id: Int64) async throws(StoreError) -> ReceivedMessage? { try await message(id: id, visibility: .everything) }

    /// The CDM of an event's latest assessment (the squadron's view).
    public func cdm(eventID: Int64) async throws(StoreError) -> String? { try await cdm(eventID: eventID, visibility: .everything) }
}
