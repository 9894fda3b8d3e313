import Astrodynamics
import Foundation
import SpaceData

/// Assesses screened conjunctions of TLE objects: a Pc from Kanshi's default TLE covariance
/// (``Foster1992``), the maximum Pc for the hard-body radius (``MaximumProbability/alfano2005(missDistanceKm:hardBodyRadiusKm:)``)
/// and the CCSDS CDM of the event.
///
/// One implementation shared by `kanshi screen` and the operations center's live pipeline, so the
/// numbers an analyst sees on the command line and in the web UI are the same.
///
/// The covariance is ``TLECovarianceDefaults`` chosen by the element set's orbit regime and
/// object type (unknown when the set does not say), grown from the set's epoch to TCA; the
/// method is named ``pcMethodDescription`` so nobody mistakes it for an operational Pc.
public struct EventAssessor: Sendable {
    /// Combined hard-body radius, km.
    public var hardBodyRadiusKm: Double

    /// How the Pc was computed, for people and for the `pc_method` fields.
    public static let pcMethodDescription = "foster1992 (default TLE covariance)"

    /// An assessor for a combined hard-body radius (default 20 m).
    public init(hardBodyRadiusKm: Double = 0.020) {
        self.hardBodyRadiusKm = hardBodyRadiusKm
    }

    /// The default covariance of an element set, by regime and object type.
    public static func covarianceDefaults(for set: ElementSet) -> TLECovarianceDefaults {
        let regime = OrbitRegime(meanMotionRevPerDay: set.meanMotionRevPerDay, eccentricity: set.eccentricity)
        let kind: TLECovarianceDefaults.ObjectKind
        switch CatalogSummary.ObjectType.of(set).type {
        case .payload: kind = .payload
        case .rocketBody: kind = .rocketBody
        case .debris: kind = .debris
        case .unknown: kind = .unknown
        }
        return .for(regime, kind)
    }

    /// The CDM description of one object of an event (name, designator, covariance at TCA).
    public static func cdmDescription(_ set: ElementSet, tca: Instant) -> CDMObjectDescription {
        CDMObjectDescription(catalogNumber: set.noradCatalogNumber, name: set.objectName ?? "UNKNOWN",
                             internationalDesignator: set.objectID ?? "", covariance: covarianceDefaults(for: set),
                             secondsFromEpochToTCA: tca.secondsSince(set.epoch))
    }

    /// Assesses one event whose `id1`/`id2` states come from `primary` and `secondary`.
    public func assess(_ event: ConjunctionEvent, primary: ElementSet, secondary: ElementSet) -> AssessedConjunction {
        let pcMax = MaximumProbability.alfano2005(missDistanceKm: event.missDistanceKm, hardBodyRadiusKm: hardBodyRadiusKm).value
        func object(_ set: ElementSet, _ state: State<TEME>) -> EncounterObject {
            let diagonal = EventAssessor.covarianceDefaults(for: set)
                .rtnCovarianceDiagonalSquareMeters(secondsFromEpoch: event.tca.secondsSince(set.epoch))
            var rows = [[Double]](repeating: [Double](repeating: 0, count: 6), count: 6)
            for i in 0..<6 { rows[i][i] = diagonal[i] }
            return EncounterObject(state: state, covarianceRTNSquareMeters: Matrix6(rows: rows))
        }
        let encounter = ShortTermEncounter(primary: object(primary, event.primaryState),
                                           secondary: object(secondary, event.secondaryState),
                                           hardBodyRadiusKm: hardBodyRadiusKm)
        return AssessedConjunction(event: event, primary: primary, secondary: secondary, hardBodyRadiusKm: hardBodyRadiusKm,
                                   pcMax: pcMax, pc: encounter.probability(.foster1992))
    }
}

/// A screened conjunction with the element sets behind it and its probabilities.
public struct AssessedConjunction: Sendable {
    /// The event as the screener found it (`id1` is the primary).
    public var event: ConjunctionEvent
    /// The primary's element set.
    public var primary: ElementSet
    /// The secondary's element set.
    public var secondary: ElementSet
    /// The combined hard-body radius used, km.
    public var hardBodyRadiusKm: Double
    /// The maximum Pc over all covariances (Alfano 2005) for the miss distance and hard-body radius.
    public var pcMax: Double
    /// The Pc from the default TLE covariance (Foster 1992).
    public var pc: CollisionProbability

    /// The memberwise initialiser.
    public init(event: ConjunctionEvent, primary: ElementSet, secondary: ElementSet, hardBodyRadiusKm: Double,
                pcMax: Double, pc: CollisionProbability) {
        self.event = event
        self.primary = primary
        self.secondary = secondary
        self.hardBodyRadiusKm = hardBodyRadiusKm
        self.pcMax = pcMax
        self.pc = pc
    }

    /// The default message identifier: `KANSHI_<id1>_<id2>_<TCA without colons>`.
    public var defaultMessageID: String {
        "KANSHI_\(event.id1)_\(event.id2)_\(tcaFileStamp)"
    }

    /// TCA as `2023-10-09T12:34:56.789Z` without colons, for file names and message ids.
    public var tcaFileStamp: String {
        event.tca.iso8601UTC(fractionDigits: 3).replacingOccurrences(of: ":", with: "")
    }

    /// The event as a CCSDS CDM with this assessment's Pc and the default covariances.
    public func conjunctionDataMessage(eop: EarthOrientationTable, creationDate: Instant, messageID: String? = nil,
                                       screenPeriod: ClosedRange<Instant>? = nil) -> ConjunctionDataMessage {
        event.conjunctionDataMessage(
            primary: EventAssessor.cdmDescription(primary, tca: event.tca),
            secondary: EventAssessor.cdmDescription(secondary, tca: event.tca),
            eop: eop, creationDate: creationDate, messageID: messageID ?? defaultMessageID,
            collisionProbability: pc, hardBodyRadiusKm: hardBodyRadiusKm, screenPeriod: screenPeriod)
    }
}
