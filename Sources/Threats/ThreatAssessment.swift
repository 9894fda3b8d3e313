import Foundation
import Astrodynamics

/// A maneuver of the approaching object, as the assessment needs it (from ``ManeuverDetector`` on
/// its element-set history, or from orbit determination).
public struct ObjectManeuver: Sendable, Hashable {
    /// The maneuver happened between these instants.
    public var windowStart: Instant
    public var windowEnd: Instant
    /// Estimated Δv, m/s.
    public var deltaVMetersPerSecond: Double
    /// What the burn did with respect to the asset being assessed (``ManeuverIntentClassifier``);
    /// ``ManeuverIntent/unknown`` when not classified.
    public var intent: ManeuverIntent
    /// The classifier's sentence for ``intent``, if classified.
    public var intentReason: String?
    public init(windowStart: Instant, windowEnd: Instant, deltaVMetersPerSecond: Double,
                intent: ManeuverIntent = .unknown, intentReason: String? = nil) {
        self.windowStart = windowStart
        self.windowEnd = windowEnd
        self.deltaVMetersPerSecond = deltaVMetersPerSecond
        self.intent = intent
        self.intentReason = intentReason
    }
}

/// The threat an object near a protected asset poses, as a score, a level and the reasons in
/// plain words.
public struct ThreatAssessment: Sendable, Hashable {
    /// Low, medium or high.
    public enum Level: String, Sendable, Hashable, Comparable, CaseIterable {
        case low, medium, high
        public static func < (a: Level, b: Level) -> Bool { allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)! }
    }

    public var finding: ProximityFinding
    /// 0–100.
    public var score: Double
    public var level: Level
    /// The object's maneuvers considered, oldest first.
    public var maneuvers: [ObjectManeuver]
    /// One sentence per contribution to the score, largest first.
    public var reasons: [String]
}

/// Scores ``ProximityFinding``s.
///
/// Points (100 at most), each with the reason it adds:
/// - closeness: up to 30, linear from the radius down to zero range;
/// - slowness: up to 15, linear from ``ProximityAnalyzer/Options/maximumRelativeSpeedKmPerS`` down to 0
///   (an inspector closes slowly; a crossing is fast);
/// - persistence: up to 20, linear up to 24 h inside the radius;
/// - co-location: up to 10, linear up to 48 h within the co-location distance but outside the radius
///   (``ProximityAnalyzer/Options/leoCoLocationKm``: shadowing the asset without entering its radius);
/// - same plane: 10 when the planes are within 1°, 5 within 5° (an inspector first matches the plane);
/// - maneuvers: 15 for a maneuver classified toward the asset (``ManeuverIntentClassifier``), or an
///   unclassified one before its first entry into the radius; 0 when all are station-keeping (said
///   in a reason); 5 for maneuvers otherwise;
/// - owner: 10 when the object's owner (SATCAT file, else inferred from its name, ``OwnerResolver``)
///   is in ``ownersOfConcern`` (default CIS, PRC, NKOR), 0 otherwise;
/// - new object: 5 when it is an analyst object (80000–89999: uncorrelated tracks, identity unknown);
/// - imminence: 5 when its next entry into the radius is within 24 h of the window start;
/// - the asset's own drift: −10 in GEO when a station-kept object (≤ ``stationKeptDriftDegPerDay``)
///   is approached by a drifting asset.
/// Levels: high ≥ ``highScore`` (60), medium ≥ ``mediumScore`` (35), else low; set to low, with
/// the reason first, when the object is itself protected (``friendly``: Himawari 8 and 9 share a
/// slot), its owner is friendly (``friendlyOwners``: US, JPN) or it never leaves ``dockedRangeKm``
/// (over the window's first day: a docked vehicle or module).
public struct ThreatAssessor: Sendable {
    public var highScore = 60.0
    public var mediumScore = 35.0
    /// Objects that are themselves protected (friendly): their findings are kept but set to low.
    public var friendly: Set<Int> = []
    /// An object never farther than this over the window is docked or attached: set to low, km.
    public var dockedRangeKm = 2.0
    /// The speed at which slowness earns nothing, km/s.
    public var slowSpeedKmPerS: Double
    public init(slowSpeedKmPerS: Double = ProximityAnalyzer.Options().maximumRelativeSpeedKmPerS) {
        self.slowSpeedKmPerS = slowSpeedKmPerS
    }

    /// Owners whose objects earn the owner points (CelesTrak SATCAT codes): by default the
    /// Commonwealth of Independent States (Russia's code in the SATCAT), the People's Republic of China
    /// and North Korea, the states whose RPO activity issue 6 names.
    public var ownersOfConcern: Set<String> = ["CIS", "PRC", "NKOR"]
    /// Where an object's owner comes from when ``assess(_:maneuvers:windowStart:owner:)`` is not given
    /// one: a SATCAT file if loaded, else the object name.
    public var ownerResolver = OwnerResolver()
    /// Owners whose objects are friendly (CelesTrak SATCAT codes; the protected assets' owners):
    /// their findings are kept but set to low, with the reason — threats are about others' objects,
    /// and conjunction screening already covers collisions among friendly ones.
    public var friendlyOwners: Set<String> = ["US", "JPN"]
    /// GEO: an object drifting at most this fast relative to the Earth is station-kept, degrees/day.
    /// When such an object is approached by an asset drifting more than twice as fast (an inspector
    /// asset patrolling the belt, as GSSAP does), the approach is the asset's doing: −10 points.
    public var stationKeptDriftDegPerDay = 0.05

    /// The maneuver contribution: 15 points for a maneuver toward the asset (``ManeuverIntent/towardAsset``),
    /// or for an unclassified one before the first entry into the radius (the rule before intents);
    /// 0 when every maneuver is station-keeping; 5 for maneuvers otherwise.
    func maneuverParts(_ considered: [ObjectManeuver], firstInside entry: Instant?) -> [(points: Double, reason: String)] {
        func window(_ m: ObjectManeuver) -> String {
            String(format: "%.2f m/s between %@ and %@", m.deltaVMetersPerSecond,
                   m.windowStart.iso8601UTC(fractionDigits: 0), m.windowEnd.iso8601UTC(fractionDigits: 0))
        }
        if let toward = considered.last(where: { $0.intent == .towardAsset }) {
            let when = (entry.map { toward.windowEnd <= $0 } ?? false) ? " before approaching" : ""
            return [(15, "maneuvered toward the asset\(when) (\(window(toward))): \(toward.intentReason ?? "classified toward the asset")")]
        }
        if let entry, let last = considered.last(where: { $0.windowEnd <= entry && $0.intent == .unknown }) {
            return [(15, "maneuvered before approaching (\(window(last)))")]
        }
        let keeping = considered.filter { $0.intent == .stationKeeping }
        let others = considered.count - keeping.count
        var parts: [(points: Double, reason: String)] = []
        if others > 0 {
            let unclassified = considered.contains { $0.intent == .unknown }
            parts.append((5, "maneuvered \(others) time(s) in its history" + (unclassified ? "" : ", none toward the asset")
                          + (considered.last(where: { $0.intent == .awayOrOther })?.intentReason.map { " (last: \($0))" } ?? "")))
        }
        if let last = keeping.last {
            parts.append((0, "station-keeping (\(keeping.count) burn(s), last \(window(last)): \(last.intentReason ?? "restores its own orbit")); no maneuver points"))
        }
        return parts
    }

    /// The assessment of `finding` given the object's maneuvers (any order) and, optionally, its owner
    /// (when nil, ``ownerResolver`` is asked).
    public func assess(_ finding: ProximityFinding, maneuvers: [ObjectManeuver] = [], windowStart: Instant,
                       owner: ObjectOwner? = nil) -> ThreatAssessment {
        var parts: [(points: Double, reason: String)] = []
        let f = finding
        let closeness = 30 * max(0, min(1, 1 - f.closestApproachKm / f.radiusKm))
        parts.append((closeness, String(format: "came within %.1f km of the asset (RPO radius %.0f km) at %@",
                                        f.closestApproachKm, f.radiusKm, f.tca.iso8601UTC(fractionDigits: 0))))
        let slowness = 15 * max(0, min(1, 1 - f.relativeSpeedKmPerS / slowSpeedKmPerS))
        parts.append((slowness, f.relativeSpeedKmPerS <= slowSpeedKmPerS
            ? String(format: "relative speed %.0f m/s there: co-orbital, not a crossing", f.relativeSpeedKmPerS * 1000)
            : String(format: "relative speed %.2f km/s there: a fast pass", f.relativeSpeedKmPerS)))
        let persistence = 20 * min(1, f.persistenceHours / 24)
        parts.append((persistence, String(format: "inside the radius for %.1f h of the window", f.persistenceHours)))
        // Co-location outside the radius: shadowing the asset, as Kosmos 2542 held 150–300 km from USA 245.
        let shadowHours = f.coLocationKm > f.radiusKm ? max(0, f.coLocatedHours - f.persistenceHours) : 0
        if shadowHours > 0 {
            parts.append((10 * min(1, shadowHours / 48),
                          String(format: "stayed within %.0f km of the asset outside its RPO radius for %.1f h: co-located, shadowing it",
                                 f.coLocationKm, shadowHours)))
        }
        if f.planeAngleDeg < 1 {
            parts.append((10, String(format: "in the asset's orbit plane (%.2f° apart)", f.planeAngleDeg)))
        } else if f.planeAngleDeg < 5 {
            parts.append((5, String(format: "near the asset's orbit plane (%.1f° apart)", f.planeAngleDeg)))
        }
        if let assetDrift = f.assetDriftDegPerDay, let objectDrift = f.objectDriftDegPerDay,
           abs(objectDrift) <= stationKeptDriftDegPerDay, abs(assetDrift) > 2 * stationKeptDriftDegPerDay {
            parts.append((-10, String(format: "the asset drifts %+.3f°/day past a station-kept object (%+.4f°/day): the approach is the asset's own motion",
                                      assetDrift, objectDrift)))
        }
        if let gap = f.longitudeSeparationDeg {
            parts.append((0, String(format: "in GEO %.3f° of longitude from the asset at the window start, drifting %+.3f°/day relative to it",
                                    gap, f.meanMotionDifferenceRevPerDay * 360)))
        }
        let considered = maneuvers.sorted { $0.windowEnd < $1.windowEnd }
        parts += maneuverParts(considered, firstInside: f.firstInsideRadius)
        let knownOwner = owner ?? ownerResolver.owner(of: f.objectID, name: f.objectName)
        if let owner = knownOwner {
            if ownersOfConcern.contains(owner.code) {
                parts.append((10, "owner \(owner.code) (\(owner.source.description)): on the owners-of-concern list (\(ownersOfConcern.sorted().joined(separator: ", ")))"))
            } else {
                parts.append((0, "owner \(owner.code) (\(owner.source.description)): not an owner of concern"))
            }
        }
        if (80_000..<90_000).contains(f.objectID) {
            parts.append((5, "an analyst object from uncorrelated tracks: identity and owner unknown"))
        }
        if let entry = f.firstInsideRadius, entry.secondsSince(windowStart) <= 86_400 {
            parts.append((5, String(format: "next inside the radius %.1f h after the window start", entry.secondsSince(windowStart) / 3600)))
        }
        let score = max(0, min(100, parts.reduce(0) { $0 + $1.points }))
        var level: ThreatAssessment.Level = score >= highScore ? .high : (score >= mediumScore ? .medium : .low)
        var notes: [String] = []
        if friendly.contains(f.objectID) {
            level = .low
            notes.append("the object is itself a protected asset: a friendly pair (level set to low)")
        } else if let owner = knownOwner, friendlyOwners.contains(owner.code) {
            level = .low
            notes.append("owner \(owner.code) (\(owner.source.description)) is friendly (level set to low)")
        } else if f.maximumRangeFirstDayKm <= dockedRangeKm {
            level = .low
            notes.append(String(format: "never more than %.1f km away over the first day: docked or attached to the asset (level set to low)",
                                f.maximumRangeFirstDayKm))
        }
        let reasons = notes + parts.sorted { $0.points > $1.points }.map(\.reason)
        return ThreatAssessment(finding: f, score: score, level: level, maneuvers: considered, reasons: reasons)
    }
}
