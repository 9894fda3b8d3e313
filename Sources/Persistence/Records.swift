import Astrodynamics
import Foundation
import SpaceData

// MARK: - Element sets and objects

/// What one ``Store/ingest(_:source:)`` batch did.
public struct IngestReceipt: Sendable, Hashable {
    /// Element sets stored for the first time.
    public var inserted: Int
    /// Element sets already in the store (same object, epoch and values), not stored again.
    public var duplicates: Int
    /// Catalog numbers whose history gained at least one element set.
    public var touchedCatalogNumbers: Set<Int>
    /// Catalog numbers seen for the first time.
    public var newCatalogNumbers: Set<Int>

    public init(inserted: Int = 0, duplicates: Int = 0, touchedCatalogNumbers: Set<Int> = [], newCatalogNumbers: Set<Int> = []) {
        self.inserted = inserted
        self.duplicates = duplicates
        self.touchedCatalogNumbers = touchedCatalogNumbers
        self.newCatalogNumbers = newCatalogNumbers
    }
}

/// An element set as stored: its values, its row identifier and where it came from.
public struct StoredElementSet: Sendable, Hashable {
    /// Row identifier (GP_ID in Space-Track terms).
    public var id: Int64
    /// The element set; reading it back gives the values ingested (``ElementSet/valuesOnly`` equal),
    /// and, for sets ingested as TLE, the same TLE text.
    public var elementSet: ElementSet
    /// The source named at ingest (a file name, `api`, `bundled`).
    public var source: String
    /// Wall-clock time the row was written.
    public var ingestedAt: Date
    /// For sets ingested as TLE: the lines as they were read (name line when there was one, then
    /// lines 1 and 2), byte for byte; `nil` for sets from other formats.
    public var tleLines: [String]?
    /// Who may read it (docs/security.md).
    public var marking: Releasability
    /// The partner account that sent it; `nil` for the squadron's own data.
    public var receivedFrom: String?

    public init(id: Int64, elementSet: ElementSet, source: String, ingestedAt: Date, tleLines: [String]? = nil,
                marking: Releasability = .japanOnly, receivedFrom: String? = nil) {
        self.id = id
        self.elementSet = elementSet
        self.source = source
        self.ingestedAt = ingestedAt
        self.tleLines = tleLines
        self.marking = marking
        self.receivedFrom = receivedFrom
    }
}

/// Ordering of element-set query results.
public enum ElementSetOrder: String, Sendable, Hashable, CaseIterable {
    case epochAscending = "epoch asc"
    case epochDescending = "epoch desc"
    case catalogNumberAscending = "norad_cat_id asc"
    case catalogNumberDescending = "norad_cat_id desc"
    /// Storage order (row identifier), for following what was stored since a known row.
    case idAscending = "gp_id asc"
    case idDescending = "gp_id desc"
}

/// A Space-Track-like element-set query. `nil` filters match everything.
public struct ElementSetQuery: Sendable, Hashable {
    /// Objects to include (NORAD catalog numbers).
    public var catalogNumbers: [Int]?
    /// Epochs at or after this instant.
    public var epochFrom: Instant?
    /// Epochs strictly before this instant.
    public var epochBefore: Instant?
    /// Only the newest set of each object (Space-Track's `gp` class) instead of the history (`gp_history`).
    public var latestOnly: Bool
    /// Only rows stored after this row identifier (``StoredElementSet/id`` greater), to follow
    /// what other processes (`kanshi ingest`) store.
    public var afterID: Int64?
    public var order: ElementSetOrder
    /// At most this many rows (callers bound it).
    public var limit: Int
    public var offset: Int
    /// What the reader may see (applied in the SQL).
    public var visibility: Visibility

    public init(catalogNumbers: [Int]? = nil, epochFrom: Instant? = nil, epochBefore: Instant? = nil, latestOnly: Bool = false,
                afterID: Int64? = nil, order: ElementSetOrder = .epochDescending, limit: Int = 100, offset: Int = 0,
                visibility: Visibility = .everything) {
        self.visibility = visibility
        self.afterID = afterID
        self.catalogNumbers = catalogNumbers
        self.epochFrom = epochFrom
        self.epochBefore = epochBefore
        self.latestOnly = latestOnly
        self.order = order
        self.limit = limit
        self.offset = offset
    }
}

/// A cataloged object: identity and a summary of its newest element set.
public struct CatalogObject: Sendable, Hashable {
    public var catalogNumber: Int
    public var name: String?
    /// International designator, OMM form (`1998-067A`).
    public var objectID: String?
    /// `PAYLOAD`, `ROCKET BODY`, `DEBRIS`, `UNKNOWN` when known.
    public var objectType: String?
    /// Number of stored element sets.
    public var elementSetCount: Int
    /// Epoch of the newest element set.
    public var latestEpoch: Instant
    /// Row identifier of the newest element set.
    public var latestElementSetID: Int64
    /// Mean motion (rev/day), eccentricity, inclination (deg) of the newest set, for listings.
    public var meanMotionRevPerDay: Double
    public var eccentricity: Double
    public var inclinationDeg: Double

    public init(catalogNumber: Int, name: String?, objectID: String?, objectType: String?, elementSetCount: Int,
                latestEpoch: Instant, latestElementSetID: Int64, meanMotionRevPerDay: Double, eccentricity: Double, inclinationDeg: Double) {
        self.catalogNumber = catalogNumber
        self.name = name
        self.objectID = objectID
        self.objectType = objectType
        self.elementSetCount = elementSetCount
        self.latestEpoch = latestEpoch
        self.latestElementSetID = latestElementSetID
        self.meanMotionRevPerDay = meanMotionRevPerDay
        self.eccentricity = eccentricity
        self.inclinationDeg = inclinationDeg
    }
}

/// A catalog search. Text matches the name or international designator, case-insensitively, as a substring.
public struct ObjectQuery: Sendable, Hashable {
    public var text: String?
    public var catalogNumbers: [Int]?
    public var objectType: String?
    public var limit: Int
    public var offset: Int

    public init(text: String? = nil, catalogNumbers: [Int]? = nil, objectType: String? = nil, limit: Int = 100, offset: Int = 0) {
        self.text = text
        self.catalogNumbers = catalogNumbers
        self.objectType = objectType
        self.limit = limit
        self.offset = offset
    }
}

/// Row counts of the main tables.
public struct StoreCounts: Sendable, Hashable {
    public var objects: Int
    public var elementSets: Int
    public var events: Int
    public var activeEvents: Int
    public var alerts: Int

    public init(objects: Int = 0, elementSets: Int = 0, events: Int = 0, activeEvents: Int = 0, alerts: Int = 0) {
        self.objects = objects
        self.elementSets = elementSets
        self.events = events
        self.activeEvents = activeEvents
        self.alerts = alerts
    }
}

// MARK: - Conjunctions

/// One conjunction found by a screening run, with its assessment.
public struct ConjunctionEventInput: Sendable, Hashable {
    /// The lower catalog number of the pair (or the protected object, when screening primaries).
    public var primary: Int
    public var secondary: Int
    public var tca: Instant
    public var missDistanceKm: Double
    public var relativeSpeedKmPerS: Double
    /// Miss vector in the primary's radial / in-track / cross-track frame, km.
    public var missRTNKm: SIMD3<Double>
    /// Probability of collision, or `nil` when not computed.
    public var pc: Double?
    /// The method, by its CCSDS name (`FOSTER-1992`, `ALFANOS-2005`, ...).
    public var pcMethod: String?
    /// Row identifiers of the two element sets used.
    public var primaryElementSetID: Int64
    public var secondaryElementSetID: Int64
    /// The CDM of this assessment (KVN text), or `nil`.
    public var cdmKVN: String?
    /// The most restrictive marking of the two element sets it was computed from.
    public var marking: Releasability

    public init(primary: Int, secondary: Int, tca: Instant, missDistanceKm: Double, relativeSpeedKmPerS: Double, missRTNKm: SIMD3<Double>,
                pc: Double?, pcMethod: String?, primaryElementSetID: Int64, secondaryElementSetID: Int64, cdmKVN: String?,
                marking: Releasability = .japanOnly) {
        self.marking = marking
        self.primary = primary
        self.secondary = secondary
        self.tca = tca
        self.missDistanceKm = missDistanceKm
        self.relativeSpeedKmPerS = relativeSpeedKmPerS
        self.missRTNKm = missRTNKm
        self.pc = pc
        self.pcMethod = pcMethod
        self.primaryElementSetID = primaryElementSetID
        self.secondaryElementSetID = secondaryElementSetID
        self.cdmKVN = cdmKVN
    }
}

/// A screening run to record.
public struct ScreeningRunInput: Sendable, Hashable {
    public var windowStart: Instant
    public var windowEnd: Instant
    public var thresholdKm: Double
    /// The objects screened against the catalog, or `nil` for a full all-vs-all run.
    public var screenedCatalogNumbers: Set<Int>?
    /// A found event is the same as a stored one when the pair matches and the TCAs are this close.
    public var matchToleranceSeconds: Double
    public var events: [ConjunctionEventInput]
    /// Wall-clock time the run finished.
    public var completedAt: Date

    public init(windowStart: Instant, windowEnd: Instant, thresholdKm: Double, screenedCatalogNumbers: Set<Int>?,
                matchToleranceSeconds: Double = 300, events: [ConjunctionEventInput], completedAt: Date = Date()) {
        self.windowStart = windowStart
        self.windowEnd = windowEnd
        self.thresholdKm = thresholdKm
        self.screenedCatalogNumbers = screenedCatalogNumbers
        self.matchToleranceSeconds = matchToleranceSeconds
        self.events = events
        self.completedAt = completedAt
    }
}

/// What recording a run did to one event.
public struct EventChange: Sendable, Hashable {
    /// Whether the event is new or already known.
    public enum Kind: String, Sendable, Hashable {
        /// Not seen before.
        case new
        /// Seen before; a new assessment was added.
        case updated
    }
    public var eventID: Int64
    public var kind: Kind
    /// The event's assessment before this run (for `updated`).
    public var previous: EventAssessment?
    /// The assessment this run added.
    public var current: EventAssessment

    public init(eventID: Int64, kind: Kind, previous: EventAssessment?, current: EventAssessment) {
        self.eventID = eventID
        self.kind = kind
        self.previous = previous
        self.current = current
    }
}

/// The result of ``Store/recordScreening(_:)``.
public struct ScreeningOutcome: Sendable, Hashable {
    public var runID: Int64
    /// One per input event, in input order.
    public var changes: [EventChange]
    /// Active events of screened objects inside the window that the run did not find again.
    public var clearedEventIDs: [Int64]

    public init(runID: Int64, changes: [EventChange], clearedEventIDs: [Int64]) {
        self.runID = runID
        self.changes = changes
        self.clearedEventIDs = clearedEventIDs
    }
}

/// One assessment of an event: the values one screening run found.
public struct EventAssessment: Sendable, Hashable {
    public var runID: Int64
    public var assessedAt: Date
    public var tca: Instant
    public var missDistanceKm: Double
    public var relativeSpeedKmPerS: Double
    public var missRTNKm: SIMD3<Double>
    public var pc: Double?
    public var pcMethod: String?
    public var primaryElementSetID: Int64
    public var secondaryElementSetID: Int64
    /// Inherited from the two element sets (the most restrictive of their markings).
    public var marking: Releasability

    public init(runID: Int64, assessedAt: Date, tca: Instant, missDistanceKm: Double, relativeSpeedKmPerS: Double, missRTNKm: SIMD3<Double>,
                pc: Double?, pcMethod: String?, primaryElementSetID: Int64, secondaryElementSetID: Int64,
                marking: Releasability = .japanOnly) {
        self.marking = marking
        self.runID = runID
        self.assessedAt = assessedAt
        self.tca = tca
        self.missDistanceKm = missDistanceKm
        self.relativeSpeedKmPerS = relativeSpeedKmPerS
        self.missRTNKm = missRTNKm
        self.pc = pc
        self.pcMethod = pcMethod
        self.primaryElementSetID = primaryElementSetID
        self.secondaryElementSetID = secondaryElementSetID
    }
}

/// Whether an event is still predicted.
public enum EventStatus: String, Sendable, Hashable, CaseIterable {
    case active
    /// A later run with newer element sets no longer finds it.
    case cleared
}

/// A conjunction event and its latest assessment.
public struct StoredConjunctionEvent: Sendable, Hashable {
    public var id: Int64
    public var primary: Int
    public var secondary: Int
    public var status: EventStatus
    public var firstSeenAt: Date
    public var latest: EventAssessment
    public var assessmentCount: Int
    /// The event's marking: its latest assessment's.
    public var marking: Releasability { latest.marking }

    public init(id: Int64, primary: Int, secondary: Int, status: EventStatus, firstSeenAt: Date, latest: EventAssessment, assessmentCount: Int) {
        self.id = id
        self.primary = primary
        self.secondary = secondary
        self.status = status
        self.firstSeenAt = firstSeenAt
        self.latest = latest
        self.assessmentCount = assessmentCount
    }
}

/// Event filters. An object filter matches either side of the pair.
public struct EventQuery: Sendable, Hashable {
    /// Events involving this object (as primary or secondary).
    public var catalogNumber: Int?
    /// Events whose primary is this object.
    public var primary: Int?
    public var minimumPc: Double?
    public var maximumMissKm: Double?
    public var tcaFrom: Instant?
    public var tcaBefore: Instant?
    /// `nil` for every status.
    public var status: EventStatus?
    public var limit: Int
    public var offset: Int
    /// What the reader may see (applied in the SQL).
    public var visibility: Visibility

    public init(catalogNumber: Int? = nil, primary: Int? = nil, minimumPc: Double? = nil, maximumMissKm: Double? = nil,
                tcaFrom: Instant? = nil, tcaBefore: Instant? = nil, status: EventStatus? = .active, limit: Int = 100, offset: Int = 0,
                visibility: Visibility = .everything) {
        self.visibility = visibility
        self.catalogNumber = catalogNumber
        self.primary = primary
        self.minimumPc = minimumPc
        self.maximumMissKm = maximumMissKm
        self.tcaFrom = tcaFrom
        self.tcaBefore = tcaBefore
        self.status = status
        self.limit = limit
        self.offset = offset
    }
}

// MARK: - Alerts

/// How urgent an alert is.
public enum AlertSeverity: String, Sendable, Hashable, CaseIterable, Comparable {
    case info, warning, critical

    private var rank: Int { switch self { case .info: 0; case .warning: 1; case .critical: 2 } }
    public static func < (a: AlertSeverity, b: AlertSeverity) -> Bool { a.rank < b.rank }
}

/// An alert to store.
public struct NewAlert: Sendable, Hashable {
    /// `conjunction.new`, `conjunction.changed`, ...
    public var kind: String
    public var severity: AlertSeverity
    public var eventID: Int64?
    public var primary: Int?
    public var secondary: Int?
    public var tca: Instant?
    public var missDistanceKm: Double?
    public var pc: Double?
    /// One line for people.
    public var message: String
    public var createdAt: Date
    /// Inherited from what raised it (the event, the threat's element sets, the missile track's detections).
    public var marking: Releasability

    public init(kind: String, severity: AlertSeverity, eventID: Int64?, primary: Int?, secondary: Int?, tca: Instant?,
                missDistanceKm: Double?, pc: Double?, message: String, createdAt: Date = Date(), marking: Releasability = .japanOnly) {
        self.marking = marking
        self.kind = kind
        self.severity = severity
        self.eventID = eventID
        self.primary = primary
        self.secondary = secondary
        self.tca = tca
        self.missDistanceKm = missDistanceKm
        self.pc = pc
        self.message = message
        self.createdAt = createdAt
    }
}

/// A stored alert.
public struct StoredAlert: Sendable, Hashable {
    public var id: Int64
    public var alert: NewAlert

    public init(id: Int64, alert: NewAlert) {
        self.id = id
        self.alert = alert
    }
}

/// Alert ordering: newest first, or ranked (Pc descending, then miss ascending, then newest).
public enum AlertOrder: String, Sendable, Hashable, CaseIterable {
    case newest
    case rank
}

/// Alert filters.
public struct AlertQuery: Sendable, Hashable {
    /// Alerts with an identifier greater than this (for catching up after a reconnect).
    public var afterID: Int64?
    public var minimumSeverity: AlertSeverity?
    public var catalogNumber: Int?
    public var order: AlertOrder
    public var limit: Int
    public var offset: Int
    /// What the reader may see (applied in the SQL).
    public var visibility: Visibility

    public init(afterID: Int64? = nil, minimumSeverity: AlertSeverity? = nil, catalogNumber: Int? = nil, order: AlertOrder = .newest,
                limit: Int = 100, offset: Int = 0, visibility: Visibility = .everything) {
        self.visibility = visibility
        self.afterID = afterID
        self.minimumSeverity = minimumSeverity
        self.catalogNumber = catalogNumber
        self.order = order
        self.limit = limit
        self.offset = offset
    }
}

// MARK: - Errors

/// A store failure: a code to match on, a message for people, and the underlying database error.
public struct StoreError: Error, CustomStringConvertible, Sendable {
    /// What kind of failure.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        public let rawValue: String
        public init(_ rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }
        /// The database could not be opened or reached.
        public static let connection = Code("connection")
        /// A migration failed or the schema is newer than this program.
        public static let migration = Code("migration")
        /// A constraint (key, NOT NULL, uniqueness, check) refused a write.
        public static let constraint = Code("constraint")
        /// A query failed.
        public static let query = Code("query")
        /// A stored value could not be read back (corrupt or foreign row).
        public static let decoding = Code("decoding")
        /// The configuration (URL, path) is invalid.
        public static let configuration = Code("configuration")
    }

    public let code: Code
    public let message: String
    /// The database's own error text, when there is one.
    public let underlying: String?

    public init(_ code: Code, _ message: String, underlying: String? = nil) {
        self.code = code
        self.message = message
        self.underlying = underlying
    }

    public var description: String {
        underlying.map { "store \(code): \(message) (\($0))" } ?? "store \(code): \(message)"
    }
}
