import Foundation

/// A country in a releasability marking: three capital letters, as ISO 3166-1 alpha-3 (`JPN`,
/// `USA`, `AUS`, `GBR`).
public struct CountryCode: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The three letters.
    public let rawValue: String

    /// The code, or `nil` unless `text` is exactly three capital letters A–Z.
    public init?(_ text: some StringProtocol) {
        guard text.utf8.count == 3, text.utf8.allSatisfy({ $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") }) else { return nil }
        rawValue = String(text)
    }

    /// Japan: the owner of the data, who may always read it.
    public static let japan = CountryCode("JPN")!

    public var description: String { rawValue }
    public static func < (a: CountryCode, b: CountryCode) -> Bool { a.rawValue < b.rawValue }
}

/// Who a record may be shown to: the marking every stored record carries.
///
/// Modelled on the dissemination controls of a classified enclave (the "REL TO" list): the owner
/// (Japan, ``CountryCode/japan``) may read everything; a partner may read a record only if it is
/// ``public`` or names the partner's country. Markings form a lattice ordered by how far a record
/// may travel, and a record derived from others carries the most restrictive marking of its
/// inputs (``combined(with:)``): the intersection of their release lists.
///
/// Text forms (``init(parsing:)``, ``description``): `PUBLIC`; `JPN` (Japan only); `REL USA`,
/// `REL USA,AUS` (Japan and the named countries; `REL TO USA, AUS` is read too, and `JPN` in a list
/// is implied). The written form lists the countries sorted, comma-separated, without spaces.
public enum Releasability: Hashable, Sendable, CustomStringConvertible {
    /// Releasable to anyone with an account.
    case `public`
    /// Releasable to Japan and these countries only (none: Japan only). Never contains Japan.
    case releasable(to: Set<CountryCode>)

    /// Japan only: the marking of our own data unless an analyst releases it.
    public static let japanOnly = Releasability.releasable(to: [])

    /// The marking of `text`.
    /// - Throws: ``ReleasabilityError`` naming the text and what is wrong with it.
    public init(parsing text: String) throws(ReleasabilityError) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed == "PUBLIC" { self = .public; return }
        if trimmed == "JPN" { self = .japanOnly; return }
        guard trimmed.hasPrefix("REL ") else {
            throw ReleasabilityError(code: .unknownForm, text: text,
                                     message: "a marking is PUBLIC, JPN or REL followed by country codes (REL USA,AUS)")
        }
        var list = Substring(trimmed.dropFirst(4)).drop(while: { $0 == " " })
        if list.hasPrefix("TO ") { list = list.dropFirst(3) }
        var countries: Set<CountryCode> = []
        for part in list.split(separator: ",", omittingEmptySubsequences: false) {
            let name = part.trimmingCharacters(in: .whitespaces)
            guard let country = CountryCode(name) else {
                throw ReleasabilityError(code: .badCountry, text: text,
                                         message: "'\(name)' is not a country code (three capital letters, ISO 3166-1 alpha-3)")
            }
            if country != .japan { countries.insert(country) }
        }
        guard !countries.isEmpty else {
            throw ReleasabilityError(code: .emptyRelease, text: text, message: "REL names no country besides JPN; write JPN")
        }
        self = .releasable(to: countries)
    }

    /// `PUBLIC`, `JPN` or `REL` and the sorted countries (`REL AUS,USA`).
    public var description: String {
        switch self {
        case .public: "PUBLIC"
        case .releasable(let countries) where countries.isEmpty: "JPN"
        case .releasable(let countries): "REL " + countries.sorted().map(\.rawValue).joined(separator: ",")
        }
    }

    /// Whether a reader from `country` may see a record with this marking.
    public func isReleasable(to country: CountryCode) -> Bool {
        switch self {
        case .public: true
        case .releasable(let countries): country == .japan || countries.contains(country)
        }
    }

    /// The most restrictive of the two: what a record derived from both may carry.
    public func combined(with other: Releasability) -> Releasability {
        switch (self, other) {
        case (.public, let x), (let x, .public): x
        case (.releasable(let a), .releasable(let b)): .releasable(to: a.intersection(b))
        }
    }

    /// The most restrictive marking of `markings` (``public`` when there are none).
    public static func mostRestrictive(_ markings: some Sequence<Releasability>) -> Releasability {
        markings.reduce(.public) { $0.combined(with: $1) }
    }
}

/// A marking that could not be read: the text, a code and why.
public struct ReleasabilityError: Error, Hashable, Sendable, CustomStringConvertible {
    public enum Code: String, Sendable, Hashable {
        /// Not `PUBLIC`, `JPN` or `REL …`.
        case unknownForm = "unknown_form"
        /// A release list entry that is not three capital letters.
        case badCountry = "bad_country"
        /// `REL` with no country besides Japan.
        case emptyRelease = "empty_release"
    }

    public var code: Code
    /// The marking as given.
    public var text: String
    public var message: String

    public var description: String { "marking '\(text)': \(message) [\(code.rawValue)]" }
}
