import Foundation
import Astrodynamics

/// An ``Instant`` that encodes as ISO-8601 UTC text (microseconds, `Z`) in JSON.
public struct UTCTimestamp: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public var instant: Instant
    public init(_ instant: Instant) { self.instant = instant }
    public static func < (a: UTCTimestamp, b: UTCTimestamp) -> Bool { a.instant < b.instant }
    public var description: String { instant.iso8601UTC(fractionDigits: 3) }

    public init(from decoder: Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        do { instant = try Instant(utc: text) } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "expected an ISO-8601 UTC time, found \(text)"))
        }
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(instant.iso8601UTC(fractionDigits: 6))
    }
}

/// How serious a missile warning is, lowest first; modelled on the messages of Japan's J-Alert
/// (全国瞬時警報システム, Fire and Disaster Management Agency / Cabinet Secretariat; see
/// docs/missile-warnings.md).
public enum WarningLevel: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    /// ミサイル発射情報: a launch is detected; the landing area is being assessed.
    case launchInformation
    /// Landing expected outside Japan's EEZ (no land or EEZ threat).
    case landingOutsideEEZ
    /// Landing expected at sea inside Japan's EEZ.
    case landingInEEZ
    /// The missile is expected to pass over Japanese territory (the overflown land groups, entry/exit times).
    case overflight
    /// Landing expected on Japanese land (the land groups): the highest level.
    case landingOnLand

    /// Order of severity.
    public var rank: Int { Self.allCases.firstIndex(of: self)! }
    public static func < (a: WarningLevel, b: WarningLevel) -> Bool { a.rank < b.rank }
}

/// What an event does to a track's warning.
public enum WarningEventKind: String, Sendable, Hashable, Codable {
    /// The first warning of a track (launch information).
    case issued
    /// The level, area or impact estimate changed materially.
    case updated
    /// The impact left Japan's areas: the earlier land/EEZ warning is withdrawn.
    case cancelled
    /// The track ended (impact, or the tracker dropped it): the last estimate stands.
    case ended
}

/// One overflight of Japanese territory in a warning: when and over which land groups.
public struct WarningOverflight: Sendable, Hashable, Codable {
    public var entry: UTCTimestamp
    public var exit: UTCTimestamp
    /// Land groups under the track (e.g. "Hokkaido").
    public var groups: [String]
    /// Whether the overflight is already over at the event's time.
    public var passed: Bool
}

/// Zone probabilities of the impact ellipse, as carried in events.
public struct WarningZoneProbabilities: Sendable, Hashable, Codable {
    /// P(on Japanese land).
    public var land: Double
    /// P(in the EEZ, land included).
    public var eezIncludingLand: Double
    /// P(outside the EEZ).
    public var outside: Double
    /// Monte-Carlo samples behind them (0: exact, far from every boundary).
    public var samples: Int

    public init(_ p: ZoneProbabilities) {
        land = p.land; eezIncludingLand = p.eezIncludingLand; outside = p.outside; samples = p.samples
    }
}

/// A warning event of one track: what is issued, updated, cancelled or ended, with the estimate behind it.
public struct WarningEvent: Sendable, Hashable, Codable {
    /// The track (missile) identifier.
    public var trackId: String
    /// When the event is issued (the time of the estimate behind it).
    public var time: UTCTimestamp
    public var kind: WarningEventKind
    public var level: WarningLevel
    /// The area the warning is for: land groups for land and overflight warnings, the nearest land group
    /// for an EEZ landing, empty for launch information and landings outside the EEZ.
    public var area: [String]
    /// Predicted impact time and point (mean of the ellipse), degrees; nil only for an end without a prediction.
    public var predictedImpactTime: UTCTimestamp?
    public var impactLatitudeDeg: Double?
    public var impactLongitudeDeg: Double?
    /// 1σ semi-axes of the impact ellipse, km, and the major axis's azimuth, degrees from north.
    public var ellipseSemiMajorKm: Double?
    public var ellipseSemiMinorKm: Double?
    public var ellipseMajorAxisAzimuthDeg: Double?
    /// Zone probabilities of the ellipse (nil while the missile burns: no zone decision on an IIP).
    public var probabilities: WarningZoneProbabilities?
    /// Overflights of Japanese territory, past and predicted.
    public var overflights: [WarningOverflight]
    /// True when the impact point is the instantaneous impact point of a burning missile.
    public var isInstantaneousImpactPoint: Bool
    /// One line for people.
    public var message: String
}

/// The zone decision made for a track at one prediction: the record from which "time to a stable
/// EEZ decision" is computed.
public struct WarningDecision: Sendable, Hashable, Codable {
    public var trackId: String
    /// The estimate's time.
    public var time: UTCTimestamp
    /// The warning decision by the thresholds of ``WarningPolicy`` (land / EEZ / outside); nil while
    /// the missile burns.
    public var zone: ZoneClass?
    /// The most probable zone of the three (land, EEZ sea, outside); nil while burning.
    public var mostLikelyZone: ZoneClass?
    public var probabilities: WarningZoneProbabilities?
    public var level: WarningLevel
    public var impactLatitudeDeg: Double
    public var impactLongitudeDeg: Double
    public var predictedImpactTime: UTCTimestamp
    public var ellipseSemiMajorKm: Double
}

/// Thresholds of the warning timeline (see docs/missile-warnings.md for why these values).
public struct WarningPolicy: Sendable, Hashable {
    /// Decide "landing on land" when P(land) ≥ this.
    public var landProbabilityThreshold: Double
    /// Decide "landing in the EEZ" (when not land) when P(EEZ including land) ≥ this.
    public var eezProbabilityThreshold: Double
    /// An update is issued when the mean impact moves more than this since the last event, km.
    public var materialImpactMoveKm: Double
    /// … or the impact time or an overflight entry/exit time moves more than this, s.
    public var materialTimeChangeS: Double
    /// Monte-Carlo samples for the zone probabilities.
    public var probabilitySamples: Int
    /// What counts as overflight of Japanese territory.
    public var overflightArea: OverflightArea

    /// Overflights of the predicted path less than this far apart (exit to next entry) are one, s.
    public var overflightMergeGapS: Double = 10

    public init(landProbabilityThreshold: Double = 0.05, eezProbabilityThreshold: Double = 0.10,
                materialImpactMoveKm: Double = 25, materialTimeChangeS: Double = 30, probabilitySamples: Int = 2000,
                overflightArea: OverflightArea = .land) {
        self.landProbabilityThreshold = landProbabilityThreshold
        self.eezProbabilityThreshold = eezProbabilityThreshold
        self.materialImpactMoveKm = materialImpactMoveKm
        self.materialTimeChangeS = materialTimeChangeS
        self.probabilitySamples = probabilitySamples
        self.overflightArea = overflightArea
    }
}
