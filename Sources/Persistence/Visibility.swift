import Foundation
import SpaceData

/// What a reader may see: the releasability markings it is cleared for and, for a satellite
/// operator, the objects whose events and alerts it may see.
///
/// Every read of the store takes one and applies it *in the SQL* (in the `WHERE` clause, before
/// ordering, paging and counting), so a record the reader may not see is not counted, not paged
/// over and not found by id: it is indistinguishable from one that does not exist.
public struct Visibility: Sendable, Hashable, CustomStringConvertible {
    /// The reader's country: it sees `PUBLIC` and `REL` lists naming it. `nil` (and `JPN`) sees
    /// every marking: the squadron's own people.
    public var country: CountryCode?
    /// The only objects whose events, CDMs and alerts the reader sees (an operator's satellites);
    /// `nil` for every object. The catalog itself is not restricted by it.
    public var objects: Set<Int>?

    public init(country: CountryCode? = nil, objects: Set<Int>? = nil) {
        self.country = country == .japan ? nil : country
        self.objects = objects
    }

    /// The squadron's view: every record.
    public static let everything = Visibility()

    /// Whether the reader sees every marking.
    public var seesEveryMarking: Bool { country == nil }

    /// Whether a record with this marking may be shown.
    public func allows(_ marking: Releasability) -> Bool {
        guard let country else { return true }
        return marking.isReleasable(to: country)
    }

    /// Whether an event or alert about these objects may be shown (`nil`s: no object, as a
    /// missile alert: shown only to readers without an object restriction).
    public func allows(primary: Int?, secondary: Int?) -> Bool {
        guard let objects else { return true }
        return primary.map(objects.contains) == true || secondary.map(objects.contains) == true
    }

    public var description: String {
        let m = country.map { "releasable to \($0)" } ?? "every marking"
        return objects.map { "\(m), \($0.count) objects" } ?? m
    }

    /// The SQL condition on a marking column (`nil`: no condition). The country is bound, never
    /// inlined; the marking's canonical text (`REL AUS,USA`) is matched as a comma list.
    func markingCondition(_ column: String, into args: inout [SQLValue]) -> String? {
        guard let country else { return nil }
        args.append(.text("%," + country.rawValue + ",%"))
        return "(\(column) = 'PUBLIC' OR (',' || substr(\(column), 5) || ',') LIKE ?)"
    }

    /// The SQL condition on a pair of object columns (`nil`: no condition).
    func objectCondition(_ primary: String, _ secondary: String) -> String? {
        guard let objects else { return nil }
        let list = Queries.inList(objects.sorted())
        return "(\(primary) \(list) OR \(secondary) \(list))"
    }

    /// Both conditions for a table with a marking and an object pair.
    func conditions(marking: String, primary: String, secondary: String, into args: inout [SQLValue]) -> [String] {
        [markingCondition(marking, into: &args), objectCondition(primary, secondary)].compactMap { $0 }
    }
}

/// The newest element set of an object with one marking, and how many sets the object has with
/// that marking (``Store/latestElementSetsByMarking(catalogNumbers:)``).
public struct MarkedLatestElementSet: Sendable, Hashable {
    public var stored: StoredElementSet
    public var elementSetCount: Int

    public init(stored: StoredElementSet, elementSetCount: Int) {
        self.stored = stored
        self.elementSetCount = elementSetCount
    }
}

/// Where a record came from and who may read it: stored with every element set and message.
public struct Provenance: Sendable, Hashable {
    /// Who may read it.
    public var marking: Releasability
    /// The partner account that sent it; `nil` for the squadron's own data.
    public var receivedFrom: String?

    public init(marking: Releasability, receivedFrom: String? = nil) {
        self.marking = marking
        self.receivedFrom = receivedFrom
    }

    /// The squadron's own data with no marking given: Japan only (fail closed).
    public static let ownJapanOnly = Provenance(marking: .japanOnly)
}

extension Releasability {
    /// Parses a marking read from the store (written by this program, so a bad one is corruption).
    static func stored(_ text: String, _ what: String) throws(StoreError) -> Releasability {
        do { return try Releasability(parsing: text) } catch {
            throw StoreError(.decoding, "\(what): marking '\(text)' cannot be read", underlying: error.description)
        }
    }
}
