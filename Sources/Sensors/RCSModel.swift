import Foundation
import SpaceData

/// Radar cross sections for objects whose catalog carries none, by a documented deterministic rule.
///
/// The class of the object comes from Space-Track's `OBJECT_TYPE` when present, else from the name
/// (`DEB` → debris, `R/B` → rocket body, anything else → payload). When `RCS_SIZE` is present
/// (SMALL < 0.1 m², MEDIUM 0.1–1 m², LARGE > 1 m², Space-Track's bins) its bin sets the median
/// instead. The value is the class median times a log-normal factor exp(0.7·z) where z is a standard
/// normal drawn from ``SplitMix64`` seeded with the catalog number, so one object always gets the
/// same RCS. Medians (estimates, in the spirit of the RCS distributions in ESA's annual space
/// environment report): payload 2 m², rocket body 8 m², debris 0.05 m², unknown 0.1 m².
/// ``overrides`` wins over everything.
public struct RCSModel: Sendable {
    public var payloadMedianSquareMeters = 2.0
    public var rocketBodyMedianSquareMeters = 8.0
    public var debrisMedianSquareMeters = 0.05
    public var unknownMedianSquareMeters = 0.1
    /// Spread: the standard deviation of ln(RCS) about the median.
    public var logSigma = 0.7
    /// Catalog number → RCS, m², used as given.
    public var overrides: [Int: Double]

    public init(overrides: [Int: Double] = [:]) { self.overrides = overrides }

    /// The median for a set's class, m².
    public func medianSquareMeters(of set: ElementSet) -> Double {
        if let size = set.extraField("RCS_SIZE")?.uppercased() {
            switch size {
            case "SMALL": return 0.05
            case "MEDIUM": return 0.3
            case "LARGE": return 3
            default: break
            }
        }
        if let type = set.objectType {
            switch type {
            case .payload: return payloadMedianSquareMeters
            case .rocketBody: return rocketBodyMedianSquareMeters
            case .debris: return debrisMedianSquareMeters
            default: return unknownMedianSquareMeters
            }
        }
        let name = (set.objectName ?? "").uppercased()
        if name.contains(" DEB") || name.hasPrefix("DEB") { return debrisMedianSquareMeters }
        if name.contains("R/B") { return rocketBodyMedianSquareMeters }
        return payloadMedianSquareMeters
    }

    /// The RCS of `set`, m².
    public func rcsSquareMeters(of set: ElementSet) -> Double {
        if let v = overrides[set.noradCatalogNumber] { return v }
        var rng = SplitMix64(seed: UInt64(truncatingIfNeeded: set.noradCatalogNumber) &* 0x2545_F491_4F6C_DD1D)
        return medianSquareMeters(of: set) * exp(logSigma * rng.nextGaussian())
    }
}
