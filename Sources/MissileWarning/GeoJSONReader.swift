import Foundation

/// One GeoJSON feature whose geometry is a `Polygon` or `MultiPolygon`: its polygons (radians inside)
/// and its scalar properties as text.
public struct GeoFeature: Sendable {
    /// Index of the feature in its file's `features` array (0-based).
    public var index: Int
    /// Scalar properties (strings as they are, numbers as text); nested
    /// objects and arrays are left out.
    public var properties: [String: String]
    /// The feature's polygons, each an outer ring with its holes.
    public var polygons: [GeoPolygon]

    public init(index: Int, properties: [String: String], polygons: [GeoPolygon]) {
        self.index = index
        self.properties = properties
        self.polygons = polygons
    }
}

/// A small reader for GeoJSON (RFC 7946) files of `Polygon` / `MultiPolygon` features, enough for the
/// warning zones (`data/geo/japan_land.geojson`, `japan_eez_approx.geojson`).
///
/// Accepts a `FeatureCollection`, a single `Feature`, or a bare `Polygon`/`MultiPolygon` geometry.
/// Positions are `[longitude, latitude]` in WGS84 degrees (an optional third number, height, is
/// ignored). Every ring must have at least four positions and be closed (last = first), as RFC 7946
/// §3.1.6 requires; the first ring of a polygon is its outer boundary and the others are holes (the
/// winding order is not needed: inside is decided by the even–odd rule). A ring spanning more than
/// 180° of longitude (one that crosses the antimeridian) is refused: the zones are far from it.
/// Any problem is a ``MissileWarningError`` naming the file, the field path
/// (`features[3].geometry.coordinates[0][1][7]`) and the offending value.
public enum GeoJSONReader {
    /// Reads a file.
    public static func read(path: String) throws -> [GeoFeature] {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw MissileWarningError(.io, "cannot read the file (\(error.localizedDescription))", file: path)
        }
        return try parse(data, file: path)
    }

    /// Parses GeoJSON text; `file` names it in errors.
    public static func parse(_ data: Data, file: String? = nil) throws -> [GeoFeature] {
        let root: Any
        do { root = try JSONSerialization.jsonObject(with: data) } catch {
            throw MissileWarningError(.badJSON, "not valid JSON", file: file)
        }
        guard let object = root as? [String: Any] else {
            throw MissileWarningError(.badField, "expected a GeoJSON object at the top", file: file)
        }
        let type = try string(object, "type", path: "", file: file)
        switch type {
        case "FeatureCollection":
            guard let list = object["features"] else {
                throw MissileWarningError(.missingField, "missing", file: file, field: "features")
            }
            guard let features = list as? [Any] else {
                throw MissileWarningError(.badField, "expected an array", file: file, field: "features")
            }
            return try features.enumerated().map { i, f in
                try feature(f, index: i, path: "features[\(i)]", file: file)
            }
        case "Feature":
            return [try feature(object, index: 0, path: "", file: file)]
        case "Polygon", "MultiPolygon":
            return [GeoFeature(index: 0, properties: [:], polygons: try geometry(object, path: "", file: file))]
        default:
            throw MissileWarningError(.badField, "expected FeatureCollection, Feature, Polygon or MultiPolygon",
                                      file: file, field: "type", value: type)
        }
    }

    static func join(_ path: String, _ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    static func string(_ o: [String: Any], _ key: String, path: String, file: String?) throws -> String {
        guard let v = o[key] else { throw MissileWarningError(.missingField, "missing", file: file, field: join(path, key)) }
        guard let s = v as? String else {
            throw MissileWarningError(.badField, "expected a string", file: file, field: join(path, key), value: "\(v)")
        }
        return s
    }

    static func feature(_ any: Any, index: Int, path: String, file: String?) throws -> GeoFeature {
        guard let o = any as? [String: Any] else {
            throw MissileWarningError(.badField, "expected a Feature object", file: file, field: path)
        }
        let type = try string(o, "type", path: path, file: file)
        guard type == "Feature" else {
            throw MissileWarningError(.badField, "expected a Feature", file: file, field: join(path, "type"), value: type)
        }
        var properties: [String: String] = [:]
        if let p = o["properties"] as? [String: Any] {
            for (k, v) in p {
                if let s = v as? String { properties[k] = s } else if let n = v as? NSNumber { properties[k] = n.stringValue }
            }
        }
        guard let g = o["geometry"], !(g is NSNull) else {
            throw MissileWarningError(.missingField, "missing (a zone feature needs a Polygon or MultiPolygon)",
                                      file: file, field: join(path, "geometry"))
        }
        guard let go = g as? [String: Any] else {
            throw MissileWarningError(.badField, "expected a geometry object", file: file, field: join(path, "geometry"))
        }
        return GeoFeature(index: index, properties: properties, polygons: try geometry(go, path: join(path, "geometry"), file: file))
    }

    static func geometry(_ o: [String: Any], path: String, file: String?) throws -> [GeoPolygon] {
        let type = try string(o, "type", path: path, file: file)
        let cpath = join(path, "coordinates")
        guard let c = o["coordinates"] else { throw MissileWarningError(.missingField, "missing", file: file, field: cpath) }
        switch type {
        case "Polygon":
            return [try polygon(c, path: cpath, file: file)]
        case "MultiPolygon":
            guard let list = c as? [Any], !list.isEmpty else {
                throw MissileWarningError(.badGeometry, "expected a non-empty array of polygons", file: file, field: cpath)
            }
            return try list.enumerated().map { i, p in try polygon(p, path: "\(cpath)[\(i)]", file: file) }
        default:
            throw MissileWarningError(.badGeometry, "expected a Polygon or MultiPolygon", file: file,
                                      field: join(path, "type"), value: type)
        }
    }

    static func polygon(_ any: Any, path: String, file: String?) throws -> GeoPolygon {
        guard let list = any as? [Any], !list.isEmpty else {
            throw MissileWarningError(.badGeometry, "expected a non-empty array of rings", file: file, field: path)
        }
        let rings = try list.enumerated().map { i, r in try ring(r, path: "\(path)[\(i)]", file: file) }
        return GeoPolygon(rings: rings)
    }

    static func ring(_ any: Any, path: String, file: String?) throws -> GeoRing {
        guard let list = any as? [Any] else {
            throw MissileWarningError(.badGeometry, "expected an array of positions", file: file, field: path)
        }
        guard list.count >= 4 else {
            throw MissileWarningError(.badGeometry, "a ring needs at least 4 positions", file: file, field: path,
                                      value: "\(list.count)")
        }
        var lat: [Double] = [], lon: [Double] = []
        lat.reserveCapacity(list.count)
        lon.reserveCapacity(list.count)
        for (i, p) in list.enumerated() {
            guard let pos = p as? [Any], pos.count >= 2,
                  let x = (pos[0] as? NSNumber)?.doubleValue, let y = (pos[1] as? NSNumber)?.doubleValue,
                  !(pos[0] is String), !(pos[1] is String) else {
                throw MissileWarningError(.badGeometry, "expected a position [longitude, latitude]", file: file,
                                          field: "\(path)[\(i)]", value: "\(p)")
            }
            guard x.isFinite, y.isFinite, (-180...180).contains(x), (-90...90).contains(y) else {
                throw MissileWarningError(.badGeometry, "longitude must be in [-180, 180] and latitude in [-90, 90] degrees",
                                          file: file, field: "\(path)[\(i)]", value: "[\(x), \(y)]")
            }
            lon.append(x * .pi / 180)
            lat.append(y * .pi / 180)
        }
        guard lon.first == lon.last, lat.first == lat.last else {
            throw MissileWarningError(.badGeometry, "the ring is not closed (its last position differs from its first)",
                                      file: file, field: path)
        }
        lon.removeLast()
        lat.removeLast()
        if let lo = lon.min(), let hi = lon.max(), hi - lo > .pi {
            throw MissileWarningError(.badGeometry, "the ring spans more than 180° of longitude (antimeridian rings are not supported)",
                                      file: file, field: path)
        }
        return GeoRing(latitudesRad: lat, longitudesRad: lon)
    }
}
