import Astrodynamics
import Foundation

/// One sample of a ground track: a time and the sub-point (geodetic latitude/longitude, radians).
public struct GroundTrackSample: Sendable, Hashable {
    public var instant: Instant
    public var latitudeRad: Double
    public var longitudeRad: Double

    public init(instant: Instant, latitudeRad: Double, longitudeRad: Double) {
        self.instant = instant
        self.latitudeRad = latitudeRad
        self.longitudeRad = longitudeRad
    }

    /// The sub-point of a position (its altitude is dropped).
    public init(instant: Instant, geodetic: Geodetic) {
        self.init(instant: instant, latitudeRad: geodetic.latitudeRad, longitudeRad: geodetic.longitudeRad)
    }
}

/// What counts as "over Japan" for an overflight.
public enum OverflightArea: Sendable, Hashable {
    /// Land under Japanese administration (`japan_land.geojson`).
    case land
    /// Land and the sea within `limitKm` of its coastline (12 NM = 22.224 km for the territorial sea),
    /// measured geodesically from the GSHHG shoreline — not from Japan's legal baselines (no straight
    /// baselines, no low-tide elevations), so it is the territorial sea only approximately (the
    /// shoreline is within ~0.2 km of the real one; straight baselines push the real limit out by up to
    /// tens of km across bays and island chains such as the Seto Inland Sea approaches).
    case territorialSea(limitKm: Double)

    /// Japan's territorial sea as modelled here: 12 nautical miles.
    public static let twelveNauticalMiles = OverflightArea.territorialSea(limitKm: 22.224)
}

/// A time interval during which a ground track is over the area.
public struct OverflightInterval: Sendable, Hashable {
    /// When the track enters the area (the first sample's time if it starts inside).
    public var entry: Instant
    /// When it leaves (the last sample's time if it ends inside).
    public var exit: Instant
    /// Entry and exit sub-points, radians.
    public var entryLatitudeRad: Double, entryLongitudeRad: Double
    public var exitLatitudeRad: Double, exitLongitudeRad: Double
    /// The land groups (`group` property, e.g. "Hokkaido") under the track during the interval, in
    /// order of first appearance, from the samples and crossing midpoints inside it; for the
    /// territorial sea, the group of the nearest coast where the track is at sea.
    public var groups: [String]
    /// Whether the track was already inside at its first sample / still inside at its last.
    public var startsInside: Bool
    public var endsInside: Bool

    /// Length of the interval, s.
    public var durationSeconds: Double { (exit - entry).inSeconds }
}

extension JapanZones {
    /// The intervals during which a ground track (time-ordered samples; the track between two samples
    /// is the straight longitude/latitude line, traversed at a constant rate) is over Japanese land or
    /// its (approximate) territorial sea.
    ///
    /// - `.land`: exact for the track as given — each segment's crossings with the coastline are found
    ///   edge by edge (``GeoLayer/boundaryCrossings(fromLatitudeRad:longitudeRad:toLatitudeRad:longitudeRad:)``),
    ///   so an islet passed between two samples is caught, and the entry/exit times are interpolated on
    ///   the crossings. The inside test at every sample re-anchors the state (a degenerate touch cannot
    ///   propagate).
    /// - `.territorialSea(limitKm:)`: the area is land ∪ {distance to the coast ≤ limit}. Each segment is
    ///   marched with steps bounded by the distance to the area's edge (the distance is 1-Lipschitz, so
    ///   no step can jump over the edge by more than the 0.5 km minimum step), and each change is refined
    ///   by bisection to 1e-6 of the segment.
    ///
    /// Errors: fewer than two samples is no error (an empty or one-point track is inside or not);
    /// times that go backwards, or a bad coordinate, throw ``MissileWarningError`` naming the sample.
    public func overflights(of track: [GroundTrackSample], area: OverflightArea = .land) throws -> [OverflightInterval] {
        for (i, s) in track.enumerated() {
            try Self.check(latitudeRad: s.latitudeRad, longitudeRad: s.longitudeRad, field: "track[\(i)]")
            if i > 0, s.instant < track[i - 1].instant {
                throw MissileWarningError(.badField, "samples must be in time order", field: "track[\(i)].instant")
            }
        }
        if case .territorialSea(let limit) = area, !(limit.isFinite && limit >= 0) {
            throw MissileWarningError(.badField, "the territorial-sea limit must be a finite, non-negative distance",
                                      field: "limitKm", value: "\(limit)")
        }
        guard let first = track.first else { return [] }
        var intervals: [OverflightInterval] = []
        var open: OverflightInterval?
        func point(_ k: Int, _ t: Double) -> (Double, Double, Instant) {
            let a = track[k], b = track[k + 1]
            let dt = (b.instant - a.instant).inSeconds
            return (a.latitudeRad + t * (b.latitudeRad - a.latitudeRad),
                    a.longitudeRad + t * remainder(b.longitudeRad - a.longitudeRad, 2 * .pi),
                    a.instant + .seconds(t * dt))
        }
        func note(_ lat: Double, _ lon: Double) {
            guard open != nil, let g = group(latitudeRad: lat, longitudeRad: lon, area: area),
                  !open!.groups.contains(g) else { return }
            open!.groups.append(g)
        }
        func enter(_ lat: Double, _ lon: Double, _ at: Instant, startsInside: Bool) {
            open = OverflightInterval(entry: at, exit: at, entryLatitudeRad: lat, entryLongitudeRad: lon,
                                      exitLatitudeRad: lat, exitLongitudeRad: lon, groups: [], startsInside: startsInside,
                                      endsInside: false)
            note(lat, lon)
        }
        func leave(_ lat: Double, _ lon: Double, _ at: Instant) {
            guard var o = open else { return }
            o.exit = at; o.exitLatitudeRad = lat; o.exitLongitudeRad = lon
            intervals.append(o)
            open = nil
        }
        var inside = isInside(latitudeRad: first.latitudeRad, longitudeRad: first.longitudeRad, area: area)
        if inside { enter(first.latitudeRad, first.longitudeRad, first.instant, startsInside: true) }
        for k in 0 ..< max(0, track.count - 1) {
            let changes = stateChanges(track[k], track[k + 1], startInside: inside, area: area)
            var previous = 0.0
            for t in changes {
                if inside { let (la, lo, _) = point(k, (previous + t) / 2); note(la, lo) }
                let (lat, lon, at) = point(k, t)
                if inside { leave(lat, lon, at) } else { enter(lat, lon, at, startsInside: false) }
                inside.toggle()
                previous = t
            }
            if inside {
                let (la, lo, _) = point(k, (previous + 1) / 2)
                note(la, lo)
                note(track[k + 1].latitudeRad, track[k + 1].longitudeRad)
            }
        }
        if var o = open, let last = track.last {
            o.exit = last.instant; o.exitLatitudeRad = last.latitudeRad; o.exitLongitudeRad = last.longitudeRad
            o.endsInside = true
            intervals.append(o)
        }
        return intervals
    }

    func isInside(latitudeRad lat: Double, longitudeRad lon: Double, area: OverflightArea) -> Bool {
        switch area {
        case .land: return land.contains(latitudeRad: lat, longitudeRad: lon)
        case .territorialSea(let limit):
            return land.contains(latitudeRad: lat, longitudeRad: lon)
                || land.distanceToBoundary(latitudeRad: lat, longitudeRad: lon).distanceKm <= limit
        }
    }

    func group(latitudeRad lat: Double, longitudeRad lon: Double, area: OverflightArea) -> String? {
        if let f = land.feature(containingLatitudeRad: lat, longitudeRad: lon) { return f.properties["group"] }
        guard case .territorialSea = area else { return nil }
        let d = land.distanceToBoundary(latitudeRad: lat, longitudeRad: lon)
        // The nearest coast point lies on the boundary; nudge towards it to find its feature.
        let la = d.nearestLatitudeRad + (d.nearestLatitudeRad - lat) * 1e-3
        let lo = d.nearestLongitudeRad + (d.nearestLongitudeRad - lon) * 1e-3
        return land.feature(containingLatitudeRad: la, longitudeRad: lo)?.properties["group"]
    }

    /// Parameters t in (0, 1] along the segment a → b where the inside state flips, consistent with
    /// the state at b.
    func stateChanges(_ a: GroundTrackSample, _ b: GroundTrackSample, startInside: Bool, area: OverflightArea) -> [Double] {
        let lat0 = a.latitudeRad, lon0 = a.longitudeRad
        let dlat = b.latitudeRad - lat0, dlon = remainder(b.longitudeRad - lon0, 2 * .pi)
        let endInside = isInside(latitudeRad: b.latitudeRad, longitudeRad: lon0 + dlon, area: area)
        switch area {
        case .land:
            let ts = land.boundaryCrossings(fromLatitudeRad: lat0, longitudeRad: lon0,
                                            toLatitudeRad: lat0 + dlat, longitudeRad: lon0 + dlon)
            if (ts.count % 2 == 1) == (startInside != endInside) { return ts }
            // Degenerate (a vertex touched or an edge run along): fall back to the marching search.
            return march(lat0, lon0, dlat, dlon, startInside: startInside, endInside: endInside) {
                self.land.contains(latitudeRad: $0, longitudeRad: $1)
            } stepKm: { lat, lon, _ in
                max(0.05, self.land.distanceToBoundary(latitudeRad: lat, longitudeRad: lon).distanceKm)
            }
        case .territorialSea(let limit):
            return march(lat0, lon0, dlat, dlon, startInside: startInside, endInside: endInside) {
                self.isInside(latitudeRad: $0, longitudeRad: $1, area: area)
            } stepKm: { lat, lon, inside in
                let onLand = self.land.contains(latitudeRad: lat, longitudeRad: lon)
                let d = self.land.distanceToBoundary(latitudeRad: lat, longitudeRad: lon).distanceKm
                let toEdge = onLand ? d + limit : abs(d - limit)
                _ = inside
                return max(0.5, toEdge)
            }
        }
    }

    /// Marches along the segment with safe steps, bisecting each change of state.
    func march(_ lat0: Double, _ lon0: Double, _ dlat: Double, _ dlon: Double, startInside: Bool, endInside: Bool,
               inside: (Double, Double) -> Bool, stepKm: (Double, Double, Bool) -> Double) -> [Double] {
        let lengthKm = Vincenty1975.distanceKm(latitude1Rad: lat0, longitude1Rad: lon0, latitude2Rad: lat0 + dlat,
                                               longitude2Rad: lon0 + dlon, ellipsoid: land.ellipsoid)
        if lengthKm == 0 { return startInside == endInside ? [] : [1] }
        var ts: [Double] = []
        var t = 0.0, state = startInside
        while t < 1 {
            let lat = lat0 + t * dlat, lon = lon0 + t * dlon
            // 0.999: the longitude/latitude line is not exactly a geodesic; stay a little short.
            let next = min(1, t + 0.999 * stepKm(lat, lon, state) / lengthKm)
            let s = next == 1 ? endInside : inside(lat0 + next * dlat, lon0 + next * dlon)
            if s != state {
                var lo = t, hi = next
                while hi - lo > 1e-6 {
                    let mid = (lo + hi) / 2
                    if inside(lat0 + mid * dlat, lon0 + mid * dlon) == state { lo = mid } else { hi = mid }
                }
                ts.append(hi)
                state = s
            }
            t = next
        }
        return ts
    }
}
