import Astrodynamics
import Foundation

/// The nearest point of a layer's boundary to a query point.
public struct GeoBoundaryDistance: Sendable, Hashable {
    /// Geodesic distance on the WGS84 ellipsoid from the query point to the nearest boundary point, km.
    public var distanceKm: Double
    /// That nearest boundary point, radians.
    public var nearestLatitudeRad: Double
    public var nearestLongitudeRad: Double
}

/// A set of polygons read from one GeoJSON file (e.g. Japan's land: 2,203 polygons in 19 features),
/// indexed for the three questions the warning zones ask: is a point inside, how far is it from the
/// boundary, and where does a ground-track segment cross the boundary.
///
/// - Inside: a uniform 0.25° grid lists, per cell, the polygons whose box meets the cell; the few
///   candidates are tested with ``GeoPolygon/contains(latitudeRad:longitudeRad:)`` (latitude-band
///   index, even–odd rule). Polygons are assumed not to overlap one another (true of both zone files;
///   the first containing polygon is reported).
/// - Distance: the boundary is cut into chunks of at most 16 consecutive edges with an Earth-fixed
///   (ECEF, on the ellipsoid surface) bounding box each, and the chunks into groups of 32 with the union
///   box. The nearest edges are found by straight-line
///   (chord) distance in ECEF, pruning chunks whose box is farther than the best edge so far — chord
///   order equals geodesic order to ~1e-5 relative at these scales — and the few edges within
///   1e-4 of the best chord plus a slack for the edges' bow (0.02 km for land, 0.4 km for the EEZ's
///   longest edges; at most four edges) are then refined: the geodesic distance (``Vincenty1975``) from the
///   point to each edge, an edge being the straight longitude/latitude line between its vertices
///   (the same line the inside test uses), minimised over the edge by golden-section search. The result
///   is the WGS84 geodesic distance to that boundary to about a metre (the data themselves are good to
///   tens of metres).
/// - Crossings: the parameters along a longitude/latitude segment where it cuts a boundary edge, using
///   the chunks' latitude/longitude boxes to skip most edges.
public struct GeoLayer: Sendable {
    /// The file or name the layer came from (for messages).
    public let name: String
    /// The features, as read.
    public let features: [GeoFeature]
    /// All polygons, flattened (feature order, then polygon order).
    public let polygons: [GeoPolygon]
    /// For each polygon, the index of its feature in ``features``.
    public let featureOfPolygon: [Int]
    /// The box of all polygons.
    public let bounds: GeoBounds
    /// The ellipsoid the geodesic distances are measured on.
    public let ellipsoid: Ellipsoid

    // Polygon grid.
    static let cellRad = 0.25 * Double.pi / 180
    let gridColumns: Int, gridRows: Int
    let cellStart: ContiguousArray<Int32>
    let cellPolygons: ContiguousArray<Int32>

    // Boundary vertices (each chunk's run stored contiguously, closing vertex repeated).
    let vLat: ContiguousArray<Double>, vLon: ContiguousArray<Double>
    let vX: ContiguousArray<Double>, vY: ContiguousArray<Double>, vZ: ContiguousArray<Double>
    // Chunks: first vertex, number of edges, ECEF box, lat/lon box.
    let chunkStart: ContiguousArray<Int32>, chunkEdges: ContiguousArray<Int32>
    let boxes: ContiguousArray<Double>   // per chunk: min x, y, z, max x, y, z (km)
    // Groups of 32 consecutive chunks with the union of their boxes (same layout), a second pruning level.
    static let group = 32
    let groupBoxes: ContiguousArray<Double>
    let chunkBounds: ContiguousArray<GeoBounds>
    // Largest gap, km, between an edge's straight ECEF chord and its longitude/latitude line (sag ≈ L²/8R,
    // doubled for the line's own bow): the slack of the chord search.
    let chordSlackKm: Double

    /// Reads a GeoJSON file of (Multi)Polygon features.
    public static func read(path: String, ellipsoid: Ellipsoid = .wgs84) throws -> GeoLayer {
        let features = try GeoJSONReader.read(path: path)
        return try GeoLayer(name: path, features: features, ellipsoid: ellipsoid)
    }

    /// A layer from features already read; at least one polygon is needed.
    public init(name: String, features: [GeoFeature], ellipsoid: Ellipsoid = .wgs84) throws {
        self.name = name
        self.features = features
        self.ellipsoid = ellipsoid
        var polys: [GeoPolygon] = [], owner: [Int] = []
        for (i, f) in features.enumerated() {
            for p in f.polygons { polys.append(p); owner.append(i) }
        }
        guard let first = polys.first else {
            throw MissileWarningError(.badGeometry, "no polygons", file: name, field: "features")
        }
        polygons = polys
        featureOfPolygon = owner
        let all = polys.dropFirst().reduce(first.bounds) { $0.union($1.bounds) }
        bounds = all

        // Polygon grid.
        let cols = max(1, Int(((all.maxLongitudeRad - all.minLongitudeRad) / Self.cellRad).rounded(.up)))
        let rows = max(1, Int(((all.maxLatitudeRad - all.minLatitudeRad) / Self.cellRad).rounded(.up)))
        gridColumns = cols; gridRows = rows
        func cells(_ b: GeoBounds) -> (ClosedRange<Int>, ClosedRange<Int>) {
            let c0 = max(0, min(cols - 1, Int((b.minLongitudeRad - all.minLongitudeRad) / Self.cellRad)))
            let c1 = max(0, min(cols - 1, Int((b.maxLongitudeRad - all.minLongitudeRad) / Self.cellRad)))
            let r0 = max(0, min(rows - 1, Int((b.minLatitudeRad - all.minLatitudeRad) / Self.cellRad)))
            let r1 = max(0, min(rows - 1, Int((b.maxLatitudeRad - all.minLatitudeRad) / Self.cellRad)))
            return (r0 ... r1, c0 ... c1)
        }
        var counts = [Int32](repeating: 0, count: cols * rows + 1)
        for p in polys {
            let (rs, cs) = cells(p.bounds)
            for r in rs { for c in cs { counts[r * cols + c + 1] += 1 } }
        }
        for k in 0 ..< cols * rows { counts[k + 1] += counts[k] }
        var fill = Array(counts.dropLast())
        var list = ContiguousArray<Int32>(repeating: 0, count: Int(counts[cols * rows]))
        for (i, p) in polys.enumerated() {
            let (rs, cs) = cells(p.bounds)
            for r in rs { for c in cs { list[Int(fill[r * cols + c])] = Int32(i); fill[r * cols + c] += 1 } }
        }
        cellStart = ContiguousArray(counts)
        cellPolygons = list

        // Boundary chunks.
        var la = ContiguousArray<Double>(), lo = ContiguousArray<Double>()
        var xs = ContiguousArray<Double>(), ys = ContiguousArray<Double>(), zs = ContiguousArray<Double>()
        var cStart = ContiguousArray<Int32>(), cEdges = ContiguousArray<Int32>()
        var bMin = ContiguousArray<SIMD3<Double>>(), bMax = ContiguousArray<SIMD3<Double>>()
        var cBounds = ContiguousArray<GeoBounds>()
        let chunk = 16
        for p in polys {
            for ring in p.rings {
                let n = ring.count
                var e0 = 0
                while e0 < n {
                    let e1 = min(n, e0 + chunk)
                    cStart.append(Int32(la.count)); cEdges.append(Int32(e1 - e0))
                    var mn = SIMD3<Double>(repeating: .infinity), mx = SIMD3<Double>(repeating: -.infinity)
                    var gb = GeoBounds(minLatitudeRad: .infinity, maxLatitudeRad: -.infinity,
                                       minLongitudeRad: .infinity, maxLongitudeRad: -.infinity)
                    for k in e0 ... e1 {
                        let v = k == n ? 0 : k
                        let lat = ring.latitudesRad[v], lon = ring.longitudesRad[v]
                        let r = Geodetic(latitudeRad: lat, longitudeRad: lon, altitudeKm: 0).itrfPositionKm(ellipsoid: ellipsoid)
                        la.append(lat); lo.append(lon); xs.append(r.x); ys.append(r.y); zs.append(r.z)
                        mn = pointwiseMin(mn, r); mx = pointwiseMax(mx, r)
                        gb.minLatitudeRad = min(gb.minLatitudeRad, lat); gb.maxLatitudeRad = max(gb.maxLatitudeRad, lat)
                        gb.minLongitudeRad = min(gb.minLongitudeRad, lon); gb.maxLongitudeRad = max(gb.maxLongitudeRad, lon)
                    }
                    bMin.append(mn); bMax.append(mx); cBounds.append(gb)
                    e0 = e1
                }
            }
        }
        var longest = 0.0
        for c in 0 ..< cStart.count {
            let s = Int(cStart[c])
            for v in s ..< s + Int(cEdges[c]) {
                let dx = xs[v + 1] - xs[v], dy = ys[v + 1] - ys[v], dz = zs[v + 1] - zs[v]
                longest = max(longest, dx * dx + dy * dy + dz * dz)
            }
        }
        chordSlackKm = 0.01 + 2 * longest / (8 * 6357)
        vLat = la; vLon = lo; vX = xs; vY = ys; vZ = zs
        chunkStart = cStart; chunkEdges = cEdges; chunkBounds = cBounds
        var bx = ContiguousArray<Double>()
        bx.reserveCapacity(6 * bMin.count)
        for (mn, mx) in zip(bMin, bMax) { bx.append(contentsOf: [mn.x, mn.y, mn.z, mx.x, mx.y, mx.z]) }
        boxes = bx
        var gx = ContiguousArray<Double>()
        for g0 in stride(from: 0, to: bMin.count, by: Self.group) {
            var mn = bMin[g0], mx = bMax[g0]
            for c in g0 ..< min(bMin.count, g0 + Self.group) { mn = pointwiseMin(mn, bMin[c]); mx = pointwiseMax(mx, bMax[c]) }
            gx.append(contentsOf: [mn.x, mn.y, mn.z, mx.x, mx.y, mx.z])
        }
        groupBoxes = gx
    }

    /// Number of boundary edges over all polygons and rings.
    public var edgeCount: Int { Int(chunkEdges.reduce(0, +)) }

    /// The index (into ``polygons``) of the polygon holding the point, or nil.
    public func polygonIndex(containingLatitudeRad lat: Double, longitudeRad lon: Double) -> Int? {
        guard bounds.contains(latitudeRad: lat, longitudeRad: lon) else { return nil }
        let c = min(gridColumns - 1, Int((lon - bounds.minLongitudeRad) / Self.cellRad))
        let r = min(gridRows - 1, Int((lat - bounds.minLatitudeRad) / Self.cellRad))
        let cell = r * gridColumns + c
        for k in Int(cellStart[cell]) ..< Int(cellStart[cell + 1]) {
            let i = Int(cellPolygons[k])
            if polygons[i].contains(latitudeRad: lat, longitudeRad: lon) { return i }
        }
        return nil
    }

    /// Whether the point (radians) is inside one of the polygons.
    public func contains(latitudeRad: Double, longitudeRad: Double) -> Bool {
        polygonIndex(containingLatitudeRad: latitudeRad, longitudeRad: longitudeRad) != nil
    }

    /// The feature holding the point, or nil.
    public func feature(containingLatitudeRad lat: Double, longitudeRad lon: Double) -> GeoFeature? {
        polygonIndex(containingLatitudeRad: lat, longitudeRad: lon).map { features[featureOfPolygon[$0]] }
    }

    @inline(__always)
    func chordToEdge(_ qx: Double, _ qy: Double, _ qz: Double, _ v: Int) -> Double {
        let ax = vX[v], ay = vY[v], az = vZ[v]
        let ex = vX[v + 1] - ax, ey = vY[v + 1] - ay, ez = vZ[v + 1] - az
        let wx = qx - ax, wy = qy - ay, wz = qz - az
        let len2 = ex * ex + ey * ey + ez * ez
        let t = len2 > 0 ? max(0, min(1, (wx * ex + wy * ey + wz * ez) / len2)) : 0
        let dx = wx - t * ex, dy = wy - t * ey, dz = wz - t * ez
        return (dx * dx + dy * dy + dz * dz).squareRoot()
    }

    @inline(__always)
    func boxDistance(_ qx: Double, _ qy: Double, _ qz: Double, _ c: Int, in boxes: ContiguousArray<Double>? = nil) -> Double {
        let boxes = boxes ?? self.boxes
        let b = 6 * c
        let dx = max(0, boxes[b] - qx, qx - boxes[b + 3])
        let dy = max(0, boxes[b + 1] - qy, qy - boxes[b + 4])
        let dz = max(0, boxes[b + 2] - qz, qz - boxes[b + 5])
        return (dx * dx + dy * dy + dz * dz).squareRoot()
    }

    /// The geodesic distance (WGS84, km) from a point to the nearest boundary of the layer, whether the
    /// point is inside or outside, and the nearest boundary point. See the type's note for the method.
    public func distanceToBoundary(latitudeRad lat: Double, longitudeRad lon: Double) -> GeoBoundaryDistance {
        let q = Geodetic(latitudeRad: lat, longitudeRad: lon, altitudeKm: 0).itrfPositionKm(ellipsoid: ellipsoid)
        let qx = q.x, qy = q.y, qz = q.z
        let chunks = chunkStart.count, groups = groupBoxes.count / 6
        // A first bound from the chunk with the nearest box inside the group with the nearest box.
        var firstGroup = 0, firstGroupBox = Double.infinity
        for g in 0 ..< groups {
            let d = boxDistance(qx, qy, qz, g, in: groupBoxes)
            if d < firstGroupBox { firstGroupBox = d; firstGroup = g }
        }
        var firstChunk = firstGroup * Self.group, firstBox = Double.infinity
        for c in firstGroup * Self.group ..< min(chunks, (firstGroup + 1) * Self.group) {
            let d = boxDistance(qx, qy, qz, c)
            if d < firstBox { firstBox = d; firstChunk = c }
        }
        var best = Double.infinity
        let s0 = Int(chunkStart[firstChunk])
        for v in s0 ..< s0 + Int(chunkEdges[firstChunk]) { best = min(best, chordToEdge(qx, qy, qz, v)) }
        let slack = chordSlackKm
        func margin(_ d: Double) -> Double { slack + 1e-4 * d }
        var candidates: [(chord: Double, vertex: Int)] = []
        for g in 0 ..< groups where boxDistance(qx, qy, qz, g, in: groupBoxes) <= best + margin(best) {
            for c in g * Self.group ..< min(chunks, (g + 1) * Self.group) where boxDistance(qx, qy, qz, c) <= best + margin(best) {
                let s = Int(chunkStart[c])
                for v in s ..< s + Int(chunkEdges[c]) {
                    let d = chordToEdge(qx, qy, qz, v)
                    if d < best { best = d }
                    if d <= best + margin(best) { candidates.append((d, v)) }
                }
            }
        }
        candidates = candidates.filter { $0.chord <= best + margin(best) }.sorted { $0.chord < $1.chord }
        var result = GeoBoundaryDistance(distanceKm: .infinity, nearestLatitudeRad: lat, nearestLongitudeRad: lon)
        for (_, v) in candidates.prefix(4) {
            let r = nearestOnEdge(lat, lon, v)
            if r.distanceKm < result.distanceKm { result = r }
        }
        return result
    }

    /// Golden-section minimisation of the geodesic distance from the point to edge v → v + 1.
    func nearestOnEdge(_ lat: Double, _ lon: Double, _ v: Int) -> GeoBoundaryDistance {
        let la0 = vLat[v], lo0 = vLon[v], dla = vLat[v + 1] - la0, dlo = vLon[v + 1] - lo0
        func f(_ t: Double) -> Double {
            Vincenty1975.distanceKm(latitude1Rad: lat, longitude1Rad: lon, latitude2Rad: la0 + t * dla,
                                    longitude2Rad: lo0 + t * dlo, ellipsoid: ellipsoid)
        }
        let g = (5.0.squareRoot() - 1) / 2
        var a = 0.0, b = 1.0
        var c = b - g * (b - a), d = a + g * (b - a)
        var fc = f(c), fd = f(d)
        for _ in 0 ..< 26 {
            if fc < fd { b = d; d = c; fd = fc; c = b - g * (b - a); fc = f(c) } else { a = c; c = d; fc = fd; d = a + g * (b - a); fd = f(d) }
        }
        var t = (a + b) / 2, dist = f(t)
        let f0 = f(0), f1 = f(1)
        if f0 < dist { t = 0; dist = f0 }
        if f1 < dist { t = 1; dist = f1 }
        return GeoBoundaryDistance(distanceKm: dist, nearestLatitudeRad: la0 + t * dla, nearestLongitudeRad: lo0 + t * dlo)
    }

    /// The parameters t in [0, 1), ascending, at which the straight longitude/latitude segment from
    /// (lat0, lon0) to (lat1, lon1) crosses a boundary edge. An edge's own end (u = 1) is left to the
    /// next edge so a crossing through a vertex counts once; tangent touches and collinear overlaps
    /// are degenerate and callers must not rely on them (``JapanZones`` re-checks with the inside test).
    public func boundaryCrossings(fromLatitudeRad lat0: Double, longitudeRad lon0: Double,
                                  toLatitudeRad lat1: Double, longitudeRad lon1: Double) -> [Double] {
        let seg = GeoBounds(minLatitudeRad: min(lat0, lat1), maxLatitudeRad: max(lat0, lat1),
                            minLongitudeRad: min(lon0, lon1), maxLongitudeRad: max(lon0, lon1))
        guard seg.maxLatitudeRad >= bounds.minLatitudeRad, seg.minLatitudeRad <= bounds.maxLatitudeRad,
              seg.maxLongitudeRad >= bounds.minLongitudeRad, seg.minLongitudeRad <= bounds.maxLongitudeRad else { return [] }
        let dx = lon1 - lon0, dy = lat1 - lat0
        var ts: [Double] = []
        for c in 0 ..< chunkStart.count {
            let b = chunkBounds[c]
            if b.maxLatitudeRad < seg.minLatitudeRad || b.minLatitudeRad > seg.maxLatitudeRad
                || b.maxLongitudeRad < seg.minLongitudeRad || b.minLongitudeRad > seg.maxLongitudeRad { continue }
            let s = Int(chunkStart[c])
            for v in s ..< s + Int(chunkEdges[c]) {
                let ex = vLon[v + 1] - vLon[v], ey = vLat[v + 1] - vLat[v]
                let denom = dx * ey - dy * ex
                if denom == 0 { continue }
                let wx = vLon[v] - lon0, wy = vLat[v] - lat0
                let t = (wx * ey - wy * ex) / denom
                let u = (wx * dy - wy * dx) / denom
                if t >= 0 && t < 1 && u >= 0 && u < 1 { ts.append(t) }
            }
        }
        return ts.sorted()
    }
}
