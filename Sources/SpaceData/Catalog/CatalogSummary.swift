import Foundation

/// Counts of a catalog by orbit regime and object type, its epoch spread, and its read errors:
/// what `kanshi catalog summary` prints.
public struct CatalogSummary: Sendable {
    /// Object type, from OMM `OBJECT_TYPE` where the file has it, else inferred from the name
    /// (Space-Track names debris `... DEB` and rocket bodies `... R/B`; `TBA - TO BE ASSIGNED`
    /// is unknown; any other name is counted as a payload, marked as inferred).
    public enum ObjectType: String, Sendable, CaseIterable, Comparable {
        case payload = "PAYLOAD", rocketBody = "ROCKET BODY", debris = "DEBRIS", unknown = "UNKNOWN"
        public static func < (a: Self, b: Self) -> Bool { allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)! }

        /// The type of an element set, and whether it was read (true) or inferred from the name (false).
        public static func of(_ set: ElementSet) -> (type: ObjectType, stated: Bool) {
            if let t = set.objectType?.rawValue, !t.isEmpty {
                switch t {
                case "PAYLOAD": return (.payload, true)
                case "ROCKET BODY", "R/B": return (.rocketBody, true)
                case "DEBRIS", "DEB": return (.debris, true)
                default: return (.unknown, true)
                }
            }
            let name = (set.objectName ?? "").uppercased()
            if name.isEmpty || name.hasPrefix("TBA") { return (.unknown, false) }
            if name.contains(" DEB") || name.hasSuffix("DEB") { return (.debris, false) }
            if name.contains("R/B") { return (.rocketBody, false) }
            return (.payload, false)
        }
    }

    /// Distinct catalog numbers. Regime, type and epoch figures count each object once, by its
    /// latest element set (a history file holds many sets per object).
    public private(set) var objectCount = 0
    /// Element sets read (equal to ``objectCount`` for a one-set-per-object catalog).
    public private(set) var elementSetCount = 0
    public private(set) var byRegime: [OrbitRegime: Int] = [:]
    public private(set) var byType: [ObjectType: Int] = [:]
    public private(set) var byRegimeAndType: [OrbitRegime: [ObjectType: Int]] = [:]
    /// How many types came from an `OBJECT_TYPE` field rather than from the name.
    public private(set) var typesStated = 0
    public private(set) var earliestEpoch: Instant?
    public private(set) var medianEpoch: Instant?
    public private(set) var latestEpoch: Instant?
    /// Objects whose latest epoch is more than 30 days before the median epoch.
    public private(set) var olderThan30DaysBeforeMedian = 0
    /// Errors reported while reading.
    public let errorCount: Int
    /// Records those errors rejected (several errors on one record reject it once).
    public let rejectedRecords: Int

    public init(elementSets: [ElementSet], errorCount: Int, rejectedRecords: Int? = nil) {
        self.errorCount = errorCount
        self.rejectedRecords = rejectedRecords ?? errorCount
        elementSetCount = elementSets.count
        var latest: [Int: Int] = [:]          // catalog number → index of its latest set
        var order: [Int] = []
        for (i, set) in elementSets.enumerated() {
            if let j = latest[set.noradCatalogNumber] {
                if set.epoch >= elementSets[j].epoch { latest[set.noradCatalogNumber] = i }
            } else {
                latest[set.noradCatalogNumber] = i
                order.append(set.noradCatalogNumber)
            }
        }
        var epochs: [Instant] = []
        epochs.reserveCapacity(order.count)
        for number in order {
            let set = elementSets[latest[number]!]
            objectCount += 1
            let regime = OrbitRegime(meanMotionRevPerDay: set.meanMotionRevPerDay, eccentricity: set.eccentricity)
            let (type, stated) = ObjectType.of(set)
            byRegime[regime, default: 0] += 1
            byType[type, default: 0] += 1
            byRegimeAndType[regime, default: [:]][type, default: 0] += 1
            if stated { typesStated += 1 }
            epochs.append(set.epoch)
        }
        epochs.sort()
        earliestEpoch = epochs.first
        latestEpoch = epochs.last
        if !epochs.isEmpty {
            let median = epochs[epochs.count / 2]
            medianEpoch = median
            olderThan30DaysBeforeMedian = epochs.prefix { median.secondsSince($0) > 30 * 86_400 }.count
        }
    }

    /// A plain-text report.
    public func text() -> String {
        func pad(_ s: String, _ n: Int) -> String { s.count >= n ? s : s + String(repeating: " ", count: n - s.count) }
        func lpad(_ s: String, _ n: Int) -> String { s.count >= n ? s : String(repeating: " ", count: n - s.count) + s }
        var out = "objects: \(objectCount)   element sets: \(elementSetCount)   rejected records: \(rejectedRecords)   errors: \(errorCount)"
        out += "\n\n" + pad("regime", 8)
        for t in ObjectType.allCases { out += lpad(t.rawValue, 13) }
        out += lpad("total", 9) + "\n"
        for r in OrbitRegime.allCases {
            out += pad(r.rawValue, 8)
            for t in ObjectType.allCases { out += lpad(String(byRegimeAndType[r]?[t] ?? 0), 13) }
            out += lpad(String(byRegime[r] ?? 0), 9) + "\n"
        }
        out += pad("total", 8)
        for t in ObjectType.allCases { out += lpad(String(byType[t] ?? 0), 13) }
        out += lpad(String(objectCount), 9) + "\n"
        out += "object types: \(typesStated) from OBJECT_TYPE, \(objectCount - typesStated) inferred from names\n"
        if let a = earliestEpoch, let m = medianEpoch, let b = latestEpoch {
            out += "\nlatest epoch per object (UTC): earliest \(a.iso8601UTC(fractionDigits: 0))  median \(m.iso8601UTC(fractionDigits: 0))  latest \(b.iso8601UTC(fractionDigits: 0))\n"
            out += "older than 30 days before the median: \(olderThan30DaysBeforeMedian)\n"
        }
        return out
    }

    /// A JSON object with the same content (stable key order).
    public func json() -> String {
        func counts<K: RawRepresentable & CaseIterable>(_ d: [K: Int], _ all: K.AllCases) -> String where K.RawValue == String {
            "{" + all.map { "\"\($0.rawValue)\":\(d[$0] ?? 0)" }.joined(separator: ",") + "}"
        }
        var parts: [String] = ["\"objects\":\(objectCount)", "\"element_sets\":\(elementSetCount)",
                               "\"rejected_records\":\(rejectedRecords)", "\"errors\":\(errorCount)",
                               "\"by_regime\":" + counts(byRegime, OrbitRegime.allCases),
                               "\"by_type\":" + counts(byType, ObjectType.allCases),
                               "\"types_from_object_type\":\(typesStated)"]
        let cross = OrbitRegime.allCases.map { "\"\($0.rawValue)\":" + counts(byRegimeAndType[$0] ?? [:], ObjectType.allCases) }
        parts.append("\"by_regime_and_type\":{" + cross.joined(separator: ",") + "}")
        if let a = earliestEpoch, let m = medianEpoch, let b = latestEpoch {
            parts.append("\"epoch\":{\"earliest\":\"\(a.iso8601UTC())\",\"median\":\"\(m.iso8601UTC())\",\"latest\":\"\(b.iso8601UTC())\",\"older_than_30_days_before_median\":\(olderThan30DaysBeforeMedian)}")
        }
        return "{" + parts.joined(separator: ",") + "}"
    }
}
