import Foundation
import Astrodynamics

/// Turns successive impact predictions of each track into warning events, modelled on Japan's J-Alert
/// practice: launch information first; then, once the missile has stopped burning, the landing
/// assessment (on land → the highest level with the land groups; in the EEZ; outside the EEZ) and any
/// overflight of Japanese territory (the overflown land groups with entry and exit times); updates when
/// the level, area or impact estimate changes materially; cancellation when the impact leaves Japan's
/// areas; the end of the track.
///
/// Rules (thresholds in ``WarningPolicy``; reasons in docs/missile-warnings.md):
/// - The first prediction of a track issues `launchInformation` (kind `issued`).
/// - While the prediction is an instantaneous impact point (the missile burns) no zone decision is
///   made: the IIP sweeps downrange as the missile accelerates, and would cross the EEZ on the way.
/// - Zone decision from ``ZoneProbabilities`` of the impact ellipse: land if P(land) ≥ 0.05, else EEZ
///   if P(EEZ incl. land) ≥ 0.10, else outside (conservative: a warning errs towards protection).
/// - Level: land → `landingOnLand`; else a predicted overflight still ahead → `overflight`; else EEZ →
///   `landingInEEZ`; else `landingOutsideEEZ`.
/// - `cancelled` when a land, EEZ or overflight warning was out and the new level is
///   `landingOutsideEEZ` with no overflight (past or ahead); `updated` when the level, the area or the
///   zone decision changes, or the mean impact moves > 25 km, or the impact time or an overflight
///   time moves > 30 s, since the last event.
/// - ``trackEnded(trackId:at:)`` issues `ended` with the last estimate.
///
/// Every prediction after the boost also appends a ``WarningDecision`` (and a zone-less one while
/// burning) so that the time to a stable EEZ decision can be computed (``stableDecision(trackId:)``).
public struct MissileWarningTimeline: Sendable {
    /// The zones.
    public let zones: JapanZones
    /// The thresholds.
    public var policy: WarningPolicy
    /// Every event so far, in the order issued.
    public private(set) var events: [WarningEvent] = []
    /// Every zone decision so far.
    public private(set) var decisions: [WarningDecision] = []

    struct TrackState: Sendable {
        var last: WarningEvent
        var zone: ZoneClass?
        var warnedJapan = false
        var ahead: [WarningOverflight] = []
        var passed: [WarningOverflight] = []
        var ended = false
    }
    private var tracks: [String: TrackState] = [:]

    public init(zones: JapanZones, policy: WarningPolicy = WarningPolicy()) {
        self.zones = zones
        self.policy = policy
    }

    /// Feeds one prediction of a track; returns the events it causes (possibly none). Errors: a bad
    /// impact point or ellipse (from the zone probabilities), a path that goes back in time, or a
    /// prediction for a track that has ended.
    @discardableResult
    public mutating func update(trackId: String, prediction p: ImpactPrediction) throws -> [WarningEvent] {
        if tracks[trackId]?.ended == true {
            throw MissileWarningError(.badField, "the track has ended", field: "trackId", value: trackId)
        }
        let now = p.estimateTime
        var out: [WarningEvent] = []
        let axes = p.ellipse.semiAxes
        func event(_ kind: WarningEventKind, _ level: WarningLevel, _ area: [String], _ probs: WarningZoneProbabilities?,
                   _ overflights: [WarningOverflight], _ message: String) -> WarningEvent {
            WarningEvent(trackId: trackId, time: UTCTimestamp(now), kind: kind, level: level, area: area,
                         predictedImpactTime: UTCTimestamp(p.impactTime), impactLatitudeDeg: p.impactLatitudeRad * 180 / .pi,
                         impactLongitudeDeg: p.impactLongitudeRad * 180 / .pi, ellipseSemiMajorKm: axes.majorKm,
                         ellipseSemiMinorKm: axes.minorKm, ellipseMajorAxisAzimuthDeg: axes.majorAxisAzimuthRad * 180 / .pi,
                         probabilities: probs, overflights: overflights, isInstantaneousImpactPoint: p.isInstantaneousImpactPoint,
                         message: "\(trackId): \(message)")
        }
        if tracks[trackId] == nil {
            let e = event(.issued, .launchInformation, [], nil, [],
                          "missile launch detected; \(p.isInstantaneousImpactPoint ? "still burning, " : "")landing area being assessed")
            tracks[trackId] = TrackState(last: e)
            out.append(e)
        }
        var state = tracks[trackId]!
        if p.isInstantaneousImpactPoint {
            decisions.append(WarningDecision(trackId: trackId, time: UTCTimestamp(now), zone: nil, mostLikelyZone: nil, probabilities: nil,
                                             level: state.last.level, impactLatitudeDeg: p.impactLatitudeRad * 180 / .pi,
                                             impactLongitudeDeg: p.impactLongitudeRad * 180 / .pi,
                                             predictedImpactTime: UTCTimestamp(p.impactTime), ellipseSemiMajorKm: axes.majorKm))
            events += out
            return out
        }

        // Zone decision.
        let zp = try zones.probabilities(of: p.ellipse, samples: policy.probabilitySamples)
        let probs = WarningZoneProbabilities(zp)
        let zone: ZoneClass = zp.land >= policy.landProbabilityThreshold ? .land
            : (zp.eezIncludingLand >= policy.eezProbabilityThreshold ? .eez : .outside)
        let likely: ZoneClass = zp.land >= zp.eezSea && zp.land >= zp.outside ? .land : (zp.eezSea >= zp.outside ? .eez : .outside)

        // Overflights ahead on the predicted path (an interval that ends at the impact on land is the landing).
        let track = p.path.map { GroundTrackSample(instant: $0.time, latitudeRad: $0.latitudeRad, longitudeRad: $0.longitudeRad) }
        var ahead = try zones.overflights(of: track, area: policy.overflightArea)
            .filter { !$0.endsInside }
            .map { WarningOverflight(entry: UTCTimestamp($0.entry), exit: UTCTimestamp($0.exit), groups: $0.groups, passed: false) }
            .reduce(into: [WarningOverflight]()) { merged, o in
                // Crossings a few seconds apart (a bay, a lake, a strait between a cape and its islet) are one
                // overflight to the people under it; left apart, every prediction splits them differently.
                if var last = merged.last, o.entry.instant.secondsSince(last.exit.instant) < policy.overflightMergeGapS {
                    last.exit = o.exit
                    for g in o.groups where !last.groups.contains(g) { last.groups.append(g) }
                    merged[merged.count - 1] = last
                } else {
                    merged.append(o)
                }
            }
        // An interval the missile is already in keeps the entry time predicted before.
        for k in ahead.indices where ahead[k].entry.instant <= now {
            if let o = state.ahead.first(where: { $0.entry.instant <= now && $0.exit.instant >= now }) { ahead[k].entry = o.entry }
        }
        // Overflights predicted before and now behind the missile (the path starts now) have passed.
        for o in state.ahead where o.exit.instant <= now {
            var q = o; q.passed = true
            if !state.passed.contains(where: { abs($0.entry.instant.secondsSince(q.entry.instant)) < policy.materialTimeChangeS }) {
                state.passed.append(q)
            }
        }
        state.ahead = ahead
        let overflights = state.passed + ahead

        // Level and area.
        let level: WarningLevel
        var area: [String]
        let nearest = zones.group(latitudeRad: p.impactLatitudeRad, longitudeRad: remainder(p.impactLongitudeRad, 2 * .pi),
                                  area: .territorialSea(limitKm: .infinity))
        switch zone {
        case .land:
            level = .landingOnLand
            area = nearest.map { [$0] } ?? []
            for g in ahead.flatMap(\.groups) where !area.contains(g) { area.append(g) }
        case .eez where ahead.isEmpty:
            level = .landingInEEZ
            area = nearest.map { [$0] } ?? []
        case .eez, .outside:
            if !ahead.isEmpty {
                level = .overflight
                area = []
                for g in ahead.flatMap(\.groups) where !area.contains(g) { area.append(g) }
            } else {
                level = .landingOutsideEEZ
                area = []
            }
        }
        decisions.append(WarningDecision(trackId: trackId, time: UTCTimestamp(now), zone: zone, mostLikelyZone: likely,
                                         probabilities: probs, level: level, impactLatitudeDeg: p.impactLatitudeRad * 180 / .pi,
                                         impactLongitudeDeg: p.impactLongitudeRad * 180 / .pi,
                                         predictedImpactTime: UTCTimestamp(p.impactTime), ellipseSemiMajorKm: axes.majorKm))

        // Material change?
        let last = state.last
        let message = Self.describe(level: level, area: area, zone: zone, probs: probs, p: p, ahead: ahead, passed: state.passed)
        var kind: WarningEventKind? = nil
        if state.warnedJapan && level == .landingOutsideEEZ && overflights.isEmpty {
            kind = .cancelled
        } else if last.level != level || last.area != area || state.zone != zone {
            kind = .updated
        } else {
            let moved = last.impactLatitudeDeg.map {
                Vincenty1975.distanceKm(latitude1Rad: $0 * .pi / 180, longitude1Rad: last.impactLongitudeDeg! * .pi / 180,
                                        latitude2Rad: p.impactLatitudeRad, longitude2Rad: p.impactLongitudeRad)
            } ?? .infinity
            let dt = last.predictedImpactTime.map { abs(p.impactTime.secondsSince($0.instant)) } ?? .infinity
            var overflightMoved = last.overflights.count != overflights.count
            if !overflightMoved {
                for (a, b) in zip(last.overflights, overflights)
                where a.groups != b.groups || a.passed != b.passed
                    || abs(a.entry.instant.secondsSince(b.entry.instant)) > policy.materialTimeChangeS
                    || abs(a.exit.instant.secondsSince(b.exit.instant)) > policy.materialTimeChangeS {
                    overflightMoved = true
                }
            }
            if moved > policy.materialImpactMoveKm || dt > policy.materialTimeChangeS || overflightMoved { kind = .updated }
        }
        if let kind {
            let e = event(kind, level, area, probs, overflights, kind == .cancelled ? "warning cancelled: " + message : message)
            out.append(e)
            state.last = e
            state.warnedJapan = kind == .cancelled ? false
                : state.warnedJapan || level == .landingOnLand || level == .landingInEEZ || level == .overflight
        }
        state.zone = zone
        tracks[trackId] = state
        events += out
        return out
    }

    /// The track has ended (impact or lost): an `ended` event with the last estimate; none for an unknown
    /// or already ended track. `reason` replaces the message's default text (e.g. a merge into another track).
    @discardableResult
    public mutating func trackEnded(trackId: String, at time: Instant, reason: String? = nil) -> [WarningEvent] {
        guard var state = tracks[trackId], !state.ended else { return [] }
        var e = state.last
        e.kind = .ended
        e.time = UTCTimestamp(time)
        e.overflights = state.passed + state.ahead
        let at = e.predictedImpactTime.map { " at \($0.instant.iso8601UTC(fractionDigits: 0))" } ?? ""
        e.message = "\(trackId): " + (reason ?? "track ended; last assessment: \(Self.levelText(e.level))\(at)")
        state.ended = true
        state.last = e
        tracks[trackId] = state
        events.append(e)
        return [e]
    }

    /// The stable zone decision of a track: the final decision and the time from which every later
    /// decision (after the boost) agrees with it on "inside the EEZ (land included) or not", with the
    /// time of the track's first prediction; nil before any post-boost decision.
    public func stableDecision(trackId: String) -> (inEEZ: Bool, since: Instant, firstPrediction: Instant)? {
        let mine = decisions.filter { $0.trackId == trackId }
        guard let first = mine.first, let final = mine.last(where: { $0.zone != nil }) else { return nil }
        let finalInEEZ = final.zone! != .outside
        var since = final.time.instant
        for d in mine.reversed() {
            guard let z = d.zone else { break }
            if (z != .outside) != finalInEEZ { break }
            since = d.time.instant
        }
        return (finalInEEZ, since, first.time.instant)
    }

    static func levelText(_ level: WarningLevel) -> String {
        switch level {
        case .launchInformation: return "launch information"
        case .landingOutsideEEZ: return "landing expected outside Japan's EEZ"
        case .landingInEEZ: return "landing expected in Japan's EEZ"
        case .overflight: return "expected to pass over Japanese territory"
        case .landingOnLand: return "landing expected on Japanese land"
        }
    }

    static func describe(level: WarningLevel, area: [String], zone: ZoneClass, probs: WarningZoneProbabilities,
                         p: ImpactPrediction, ahead: [WarningOverflight], passed: [WarningOverflight]) -> String {
        func hm(_ t: UTCTimestamp) -> String { String(t.instant.iso8601UTC(fractionDigits: 0).dropFirst(11).prefix(8)) }
        var parts: [String] = []
        for o in passed { parts.append("passed over \(o.groups.joined(separator: ", ")) \(hm(o.entry))–\(hm(o.exit)) UTC") }
        for o in ahead { parts.append("expected to pass over \(o.groups.joined(separator: ", ")) \(hm(o.entry))–\(hm(o.exit)) UTC") }
        let lat = p.impactLatitudeRad * 180 / .pi, lon = remainder(p.impactLongitudeRad, 2 * .pi) * 180 / .pi
        let point = String(format: "%.2f%@ %.2f%@", abs(lat), lat >= 0 ? "N" : "S", abs(lon), lon >= 0 ? "E" : "W")
        let landing: String
        switch zone {
        case .land: landing = "landing expected on Japanese land (\(area.first ?? "?"))"
        case .eez: landing = "landing expected in Japan's EEZ" + (area.first.map { " off \($0)" } ?? "")
        case .outside: landing = "landing expected outside Japan's EEZ"
        }
        parts.append(landing + String(format: " at %@ about %@ UTC (P land %.2f, EEZ %.2f)", point, hm(UTCTimestamp(p.impactTime)),
                                      probs.land, probs.eezIncludingLand))
        _ = level
        return parts.joined(separator: "; ")
    }
}
