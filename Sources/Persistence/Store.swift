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

    /// Stores a batch of element sets in one transaction. An element set already stored (same
    /// object, same epoch, same values) is not stored again: ingest is idempotent.
    func ingest(_ batch: [ElementSet], source: String) async throws(StoreError) -> IngestReceipt

    /// Element sets matching a Space-Track-like query (object, epoch range, ordering, limit).
    func elementSets(matching query: ElementSetQuery) async throws(StoreError) -> [StoredElementSet]

    /// The newest element set (by epoch) of each object, or of the objects named.
    func latestElementSets(catalogNumbers: Set<Int>?) async throws(StoreError) -> [StoredElementSet]

    /// One object, or `nil` when the catalog has no such object.
    func object(catalogNumber: Int) async throws(StoreError) -> CatalogObject?

    /// Objects matching a search (name or designator text, catalog-number list, type), paged.
    func objects(matching query: ObjectQuery) async throws(StoreError) -> [CatalogObject]

    /// Row counts, for health, metrics and the UI.
    func counts() async throws(StoreError) -> StoreCounts

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

    /// One event, or `nil`.
    func event(id: Int64) async throws(StoreError) -> StoredConjunctionEvent?

    /// Every assessment of an event, oldest first (the Pc history).
    func assessments(eventID: Int64) async throws(StoreError) -> [EventAssessment]

    /// The CDM (KVN text) of the event's latest assessment, or `nil`.
    func cdm(eventID: Int64) async throws(StoreError) -> String?

    // MARK: Alerts

    /// Stores alerts in one transaction and returns them with their identifiers.
    func insertAlerts(_ alerts: [NewAlert]) async throws(StoreError) -> [StoredAlert]

    /// Alerts, newest first, or ranked by Pc and miss distance.
    func alerts(matching query: AlertQuery) async throws(StoreError) -> [StoredAlert]
}
