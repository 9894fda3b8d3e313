import Foundation

/// A latitude/longitude box, radians.
public struct GeoBounds: Sendable, Hashable {
    public var minLatitudeRad: Double
    public var maxLatitudeRad: Double
    public var minLongitudeRad: Double
    public var maxLongitudeRad: Double

    public init(minLatitudeRad: Double, maxLatitudeRad: Double, minLongitudeRad: Double, maxLongitudeRad: Double) {
        self.minLatitudeRad = minLatitudeRad
        self.maxLatitudeRad = maxLatitudeRad
        self.minLongitudeRad = minLongitudeRad
        self.maxLongitudeRad = maxLongitudeRad
    }

    /// Whether the box holds the point (edges included).
    @inlinable
    public func contains(latitudeRad: Double, longitudeRad: Double) -> Bool {
        latitudeRad >= minLatitudeRad && latitudeRad <= maxLatitudeRad
            && longitudeRad >= minLongitudeRad && longitudeRad <= maxLongitudeRad
    }

    /// The smallest box holding both.
    public func union(_ o: GeoBounds) -> GeoBounds {
        GeoBounds(minLatitudeRad: min(minLatitudeRad, o.minLatitudeRad), maxLatitudeRad: max(maxLatitudeRad, o.maxLatitudeRad),
                  minLongitudeRad: min(minLongitudeRad, o.minLongitudeRad), maxLongitudeRad: max(maxLongitudeRad, o.maxLongitudeRad))
    }
}

/// A closed ring of vertices, geodetic latitude and longitude in radians, without the repeated
/// closing vertex (the edge from the last vertex back to the first is implied). Edges are straight
/// lines in the longitude/latitude plane, as GeoJSON draws them; for the zones' edges (land ≤ 17 km,
/// EEZ ≤ 98 km) that differs from a geodesic by at most a few metres (land) and ~0.1 km (EEZ).
public struct GeoRing: Sendable, Hashable {
    public var latitudesRad: [Double]
    public var longitudesRad: [Double]

    public init(latitudesRad: [Double], longitudesRad: [Double]) {
        precondition(latitudesRad.count == longitudesRad.count, "one latitude per longitude")
        self.latitudesRad = latitudesRad
        self.longitudesRad = longitudesRad
    }

    /// Number of vertices (= number of edges).
    public var count: Int { latitudesRad.count }

    /// The ring's box.
    public var bounds: GeoBounds {
        GeoBounds(minLatitudeRad: latitudesRad.min() ?? 0, maxLatitudeRad: latitudesRad.max() ?? 0,
                  minLongitudeRad: longitudesRad.min() ?? 0, maxLongitudeRad: longitudesRad.max() ?? 0)
    }
}

/// A polygon (outer ring and holes) in the longitude/latitude plane with a latitude-band ("slab")
/// index of its edges, so a point-in-polygon test looks only at the edges whose latitude range holds
/// the point.
///
/// Inside is decided by the crossing-number (even–odd) rule over all rings — a ray from the point
/// towards increasing longitude crosses the boundary an odd number of times — with the half-open
/// convention of Shimrat (1962, "Algorithm 112: Position of point relative to polygon", CACM 5(8):434)
/// as worked out by Haines (1994, "Point in polygon strategies", Graphics Gems IV): an edge counts when
/// exactly one of its ends lies strictly above the point's latitude, so a vertex on the ray is counted
/// once. Holes need no special case under this rule, and the winding order does not matter. Points
/// exactly on an edge may go either way (the zones are good to tens of metres, far coarser).
public struct GeoPolygon: Sendable {
    /// The outer ring first, then the holes.
    public let rings: [GeoRing]
    /// The polygon's box (its outer ring's, for a valid polygon).
    public let bounds: GeoBounds

    // Edges in structure-of-arrays form: (lat0, lon0) → (lat1, lon1); horizontal edges are left out
    // (they never cross a ray of constant latitude).
    @usableFromInline let edgeLat0: ContiguousArray<Double>
    @usableFromInline let edgeLon0: ContiguousArray<Double>
    @usableFromInline let edgeLat1: ContiguousArray<Double>
    @usableFromInline let edgeLon1: ContiguousArray<Double>
    // Latitude bands of equal height over the box: band b lists edges bandEdges[bandStart[b] ..< bandStart[b + 1]].
    @usableFromInline let bandStart: ContiguousArray<Int32>
    @usableFromInline let bandEdges: ContiguousArray<Int32>
    @usableFromInline let bandsPerRad: Double

    public init(rings: [GeoRing]) {
        precondition(!rings.isEmpty, "a polygon needs an outer ring")
        self.rings = rings
        bounds = rings.dropFirst().reduce(rings[0].bounds) { $0.union($1.bounds) }
        var la0 = ContiguousArray<Double>(), lo0 = ContiguousArray<Double>()
        var la1 = ContiguousArray<Double>(), lo1 = ContiguousArray<Double>()
        for r in rings {
            let n = r.count
            for i in 0 ..< n {
                let j = i + 1 == n ? 0 : i + 1
                if r.latitudesRad[i] == r.latitudesRad[j] { continue }
                la0.append(r.latitudesRad[i]); lo0.append(r.longitudesRad[i])
                la1.append(r.latitudesRad[j]); lo1.append(r.longitudesRad[j])
            }
        }
        edgeLat0 = la0; edgeLon0 = lo0; edgeLat1 = la1; edgeLon1 = lo1
        // About four edges per band: a query then looks at a handful of edges whatever the polygon's size.
        let bands = max(1, min(1 << 16, la0.count / 4))
        let minLat = bounds.minLatitudeRad
        let height = bounds.maxLatitudeRad - minLat
        let perRad = height > 0 ? Double(bands) / height : 0
        bandsPerRad = perRad
        var counts = [Int32](repeating: 0, count: bands + 1)
        func bandRange(_ e: Int) -> ClosedRange<Int> {
            let lo = min(la0[e], la1[e]) - minLat, hi = max(la0[e], la1[e]) - minLat
            return max(0, min(bands - 1, Int(lo * perRad))) ... max(0, min(bands - 1, Int(hi * perRad)))
        }
        for e in 0 ..< la0.count { for b in bandRange(e) { counts[b + 1] += 1 } }
        for b in 0 ..< bands { counts[b + 1] += counts[b] }
        var fill = Array(counts.dropLast())
        var list = ContiguousArray<Int32>(repeating: 0, count: Int(counts[bands]))
        for e in 0 ..< la0.count {
            for b in bandRange(e) { list[Int(fill[b])] = Int32(e); fill[b] += 1 }
        }
        bandStart = ContiguousArray(counts)
        bandEdges = list
    }

    /// Number of edges (over all rings).
    public var edgeCount: Int { rings.reduce(0) { $0 + $1.count } }

    /// Whether the point is inside (even–odd rule over all rings; see the type's note).
    @inlinable
    public func contains(latitudeRad lat: Double, longitudeRad lon: Double) -> Bool {
        guard bounds.contains(latitudeRad: lat, longitudeRad: lon) else { return false }
        let bands = bandStart.count - 1
        let b = max(0, min(bands - 1, Int((lat - bounds.minLatitudeRad) * bandsPerRad)))
        var inside = false
        for k in Int(bandStart[b]) ..< Int(bandStart[b + 1]) {
            let e = Int(bandEdges[k])
            let y0 = edgeLat0[e], y1 = edgeLat1[e]
            if (y0 > lat) != (y1 > lat) {
                let x = edgeLon0[e] + (lat - y0) * (edgeLon1[e] - edgeLon0[e]) / (y1 - y0)
                if lon < x { inside.toggle() }
            }
        }
        return inside
    }
}
