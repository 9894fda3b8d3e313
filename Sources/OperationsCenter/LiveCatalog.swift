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
    ///
    /// ``entries`` holds each object's newest set whatever its marking (the squadron's view). An
    /// object whose sets carry several markings also keeps the newest set of each in
    /// ``alternatives``, so that ``view(for:)`` can give a partner the newest set released to it.
    public final class Snapshot: Sendable {
        public let entries: [Int: Entry]
        /// Catalog numbers, ascending.
        public let catalogNumbers: [Int]
        /// Column arrays for `/sky`, in ``catalogNumbers`` order, of the objects SGP4 accepts.
        let skyIDs: [Int]
        let skySGP4: [SGP4]
        let skyRegimes: [OrbitRegime]
        /// Objects with more than one marking: the newest set of each marking, newest first, with
        /// the count of the object's sets of that marking in `elementSetCount`.
        let alternatives: [Int: [Entry]]
        private let views = Mutex<[CountryCode: Snapshot]>([:])

        init(entries: [Int: Entry], alternatives: [Int: [Entry]] = [:]) {
            self.entries = entries
            self.alternatives = alternatives
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

        /// The catalog as a reader sees it: each object's newest set the reader may see, counted over
        /// the sets it may see; objects with none are absent. Built once per country and snapshot.
        public func view(for visibility: Visibility) -> Snapshot {
            guard let country = visibility.country else { return self }
            if let cached = views.withLock({ $0[country] }) { return cached }
            var out: [Int: Entry] = [:]
            out.reserveCapacity(entries.count)
            for (id, e) in entries {
                if let alts = alternatives[id] {
                    let visible = alts.filter { visibility.allows($0.stored.marking) }
                    guard var newest = visible.first else { continue }
                    newest.elementSetCount = visible.reduce(0) { $0 + $1.elementSetCount }
                    out[id] = newest
                } else if visibility.allows(e.stored.marking) {
                    out[id] = e
                }
            }
            let view = Snapshot(entries: out)
            views.withLock { $0[country] = view }
            return view
        }

        /// The most restrictive marking of all the object's stored sets (`nil`: no such object):
        /// what a record derived from its history (a threat assessment) inherits.
        public func historyMarking(_ id: Int) -> Releasability? {
            if let alts = alternatives[id] { return Releasability.mostRestrictive(alts.map(\.stored.marking)) }
            return entries[id]?.stored.marking
        }

        /// The marking of a record derived from two objects' histories (`nil` when one is unknown).
        public func pairMarking(_ a: Int, _ b: Int) -> Releasability? {
            guard let ma = historyMarking(a), let mb = historyMarking(b) else { return nil }
            return ma.combined(with: mb)
        }

        /// The entry holding the object's newest set of this marking.
        func entry(_ id: Int, marking: Releasability) -> Entry? {
            if let alts = alternatives[id] { return alts.first { $0.stored.marking == marking } }
            return entries[id].flatMap { $0.stored.marking == marking ? $0 : nil }
        }
    }

    private let current = Mutex(Snapshot(entries: [:]))

    public init() {}

    /// The current snapshot.
    public func snapshot() -> Snapshot { current.withLock { $0 } }

    /// Per object: the national entry (newest set, all sets counted) and, with several markings,
    /// the newest set of each.
    private static func group(_ latest: [MarkedLatestElementSet]) -> [Int: (entry: Entry, alternatives: [Entry]?)] {
        var byObject: [Int: [MarkedLatestElementSet]] = [:]
        for m in latest { byObject[m.stored.elementSet.noradCatalogNumber, default: []].append(m) }
        var out: [Int: (entry: Entry, alternatives: [Entry]?)] = [:]
        out.reserveCapacity(byObject.count)
        for (id, sets) in byObject {
            let ordered = sets.sorted { a, b in
                a.stored.elementSet.epoch != b.stored.elementSet.epoch ? a.stored.elementSet.epoch > b.stored.elementSet.epoch : a.stored.id > b.stored.id
            }
            let total = ordered.reduce(0) { $0 + $1.elementSetCount }
            if ordered.count == 1 {
                out[id] = (Entry(stored: ordered[0].stored, elementSetCount: total), nil)
            } else {
                let alts = ordered.map { Entry(stored: $0.stored, elementSetCount: $0.elementSetCount) }
                var national = alts[0]
                national.elementSetCount = total
                out[id] = (national, alts)
            }
        }
        return out
    }

    /// Replaces the catalog with the newest set of each object and marking.
    public func replace(latest: [MarkedLatestElementSet]) {
        var entries: [Int: Entry] = [:], alternatives: [Int: [Entry]] = [:]
        for (id, g) in Self.group(latest) {
            entries[id] = g.entry
            if let a = g.alternatives { alternatives[id] = a }
        }
        let snap = Snapshot(entries: entries, alternatives: alternatives)
        current.withLock { $0 = snap }
    }

    /// Applies the newest sets of each marking of some objects, read after an ingest; an object
    /// whose held set is newer than the one read (a refresh that lost a race) keeps it.
    public func update(latest: [MarkedLatestElementSet]) {
        let grouped = Self.group(latest)
        current.withLock { snap in
            var entries = snap.entries, alternatives = snap.alternatives
            for (id, g) in grouped {
                if let old = entries[id], old.stored.elementSet.epoch > g.entry.stored.elementSet.epoch { continue }
                entries[id] = g.entry
                alternatives[id] = g.alternatives
            }
            snap = Snapshot(entries: entries, alternatives: alternatives)
        }
    }
}
