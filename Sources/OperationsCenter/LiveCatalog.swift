import Astrodynamics
import Foundation
import Persistence
import SpaceData
import Synchronization

/// The catalog in memory: the newest element set of every object with its SGP4 state, replaced
/// wholesale on load and per object on ingest. Readers take an immutable ``Snapshot`` (one lock
/// acquisition, no copy), so lookups and `/sky` never wait for the store.
public final class LiveCatalog: Sendable {
    /// One object as the center knows it.
    public struct Entry: Sendable {
        public var stored: StoredElementSet
        /// `nil` when SGP4 refuses the set.
        public var sgp4: SGP4?
        /// Number of stored element sets of the object.
        public var elementSetCount: Int
        public var regime: OrbitRegime
        /// The object's type text (`PAYLOAD`, `ROCKET BODY`, `DEBRIS`, `UNKNOWN`).
        public var objectType: String
        /// The newest set in GP JSON, encoded once (lookups send these bytes as they are).
        public var gpJSON: String

        init(stored: StoredElementSet, elementSetCount: Int) {
            self.stored = stored
            let set = stored.elementSet
            sgp4 = try? SGP4(set.meanElements)
            self.elementSetCount = elementSetCount
            regime = OrbitRegime(meanMotionRevPerDay: set.meanMotionRevPerDay, eccentricity: set.eccentricity)
            objectType = CatalogSummary.ObjectType.of(set).type.rawValue
            gpJSON = Encoders.gpJSON(stored)
        }

        public var elementSet: ElementSet { stored.elementSet }
        public var catalogNumber: Int { stored.elementSet.noradCatalogNumber }
    }

    /// An immutable view of the catalog.
    public final class Snapshot: Sendable {
        public let entries: [Int: Entry]
        /// Catalog numbers, ascending.
        public let catalogNumbers: [Int]
        /// Column arrays for `/sky`, in ``catalogNumbers`` order, of the objects SGP4 accepts.
        let skyIDs: [Int]
        let skySGP4: [SGP4]
        let skyRegimes: [OrbitRegime]

        init(entries: [Int: Entry]) {
            self.entries = entries
            catalogNumbers = entries.keys.sorted()
            var ids: [Int] = [], sgp4: [SGP4] = [], regimes: [OrbitRegime] = []
            ids.reserveCapacity(entries.count); sgp4.reserveCapacity(entries.count); regimes.reserveCapacity(entries.count)
            for id in catalogNumbers {
                guard let e = entries[id], let s = e.sgp4 else { continue }
                ids.append(id); sgp4.append(s); regimes.append(e.regime)
            }
            skyIDs = ids; skySGP4 = sgp4; skyRegimes = regimes
        }

        public var count: Int { entries.count }

        /// The median epoch of the latest element sets.
        public var medianEpoch: Instant? { OperationsClock.median(entries.values.map(\.stored.elementSet.epoch)) }
    }

    private let current = Mutex(Snapshot(entries: [:]))

    public init() {}

    /// The current snapshot.
    public func snapshot() -> Snapshot { current.withLock { $0 } }

    /// Replaces the catalog (`counts`: element sets per object; missing ones count 1).
    public func replace(latest: [StoredElementSet], counts: [Int: Int]) {
        var entries: [Int: Entry] = [:]
        entries.reserveCapacity(latest.count)
        for s in latest {
            let id = s.elementSet.noradCatalogNumber
            entries[id] = Entry(stored: s, elementSetCount: counts[id] ?? 1)
        }
        let snap = Snapshot(entries: entries)
        current.withLock { $0 = snap }
    }

    /// Applies newer element sets (and new counts) for some objects; older sets than the one held are ignored.
    public func update(latest: [StoredElementSet], counts: [Int: Int]) {
        let built = latest.map { s in Entry(stored: s, elementSetCount: counts[s.elementSet.noradCatalogNumber] ?? 1) }
        current.withLock { snap in
            var entries = snap.entries
            for e in built {
                if let old = entries[e.catalogNumber], old.stored.elementSet.epoch > e.stored.elementSet.epoch {
                    entries[e.catalogNumber]?.elementSetCount = e.elementSetCount
                    continue
                }
                entries[e.catalogNumber] = e
            }
            snap = Snapshot(entries: entries)
        }
    }
}
