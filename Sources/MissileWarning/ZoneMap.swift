import Astrodynamics
import Foundation

/// Where a point falls with respect to Japan's warning zones.
public enum ZoneClass: String, Sendable, Hashable, CaseIterable, Codable {
    /// On land under Japanese administration (`japan_land.geojson`).
    case land
    /// At sea inside Japan's approximate EEZ (territorial sea and internal waters included), not on land.
    case eez
    /// Neither: the high seas or another state's waters or land.
    case outside
}

/// The zone of a point with the distances that say how firm that answer is.
public struct ZoneClassification: Sendable, Hashable {
    /// Land, EEZ (sea) or outside.
    public var zone: ZoneClass
    /// The `group` property of the land feature holding the point (e.g. "Hokkaido"), if on land.
    public var landGroup: String?
    /// Geodesic distance (WGS84) to the nearest Japanese coastline, km (0 on the line; also measured
    /// from inside the land).
    public var distanceToCoastKm: Double
    /// Geodesic distance (WGS84) to the nearest edge of the EEZ polygon, km. The decision
    /// criterion ("correct wherever the true impact is more than 25 km from the EEZ boundary") uses this.
    public var distanceToEEZBoundaryKm: Double

    /// Whether the point is in the EEZ including land (land ∪ sea zone).
    public var isInEEZIncludingLand: Bool { zone != .outside }
}

/// Japan's warning zones: land under Japanese administration and the approximate EEZ, both from
/// GSHHG 2.3.6 (Wessel & Smith, LGPL-3.0-or-later; `data/geo/SOURCES.md`).
///
/// Classification is land first, then the EEZ polygon (which covers land too), else outside — the
/// rule of `shared/data/geo/SOURCES.md`. Ownership follows current administration: the Northern
/// Territories and Takeshima are not Japanese land, and their waters are shared out by the median
/// line; Senkaku and Okinotorishima are Japanese land (Okinotorishima generates EEZ).
public struct JapanZones: Sendable {
    /// File name of the land layer in the data directory.
    public static let landFileName = "japan_land.geojson"
    /// File name of the EEZ layer in the data directory.
    public static let eezFileName = "japan_eez_approx.geojson"

    /// Japanese land (2,203 polygons in 19 `group` features in the bundled file).
    public let land: GeoLayer
    /// The approximate EEZ polygon(s), covering land too.
    public let eez: GeoLayer

    /// Zones from two layers already read.
    public init(land: GeoLayer, eez: GeoLayer) {
        self.land = land
        self.eez = eez
    }

    /// Reads `japan_land.geojson` and `japan_eez_approx.geojson` from a directory (the repository's
    /// `data/geo` by default for the program).
    public init(directory: String, ellipsoid: Ellipsoid = .wgs84) throws {
        let dir = URL(fileURLWithPath: directory)
        self.init(land: try GeoLayer.read(path: dir.appendingPathComponent(Self.landFileName).path, ellipsoid: ellipsoid),
                  eez: try GeoLayer.read(path: dir.appendingPathComponent(Self.eezFileName).path, ellipsoid: ellipsoid))
    }

    /// The zone of a point, radians (fast: no distances). Any longitude is taken modulo 2π.
    public func zone(latitudeRad: Double, longitudeRad: Double) -> ZoneClass {
        let lon = longitudeRad > .pi || longitudeRad < -.pi ? remainder(longitudeRad, 2 * .pi) : longitudeRad
        if land.contains(latitudeRad: latitudeRad, longitudeRad: lon) { return .land }
        if eez.contains(latitudeRad: latitudeRad, longitudeRad: lon) { return .eez }
        return .outside
    }

    /// The zone of a point with its land group and its distances to the coast and to the EEZ edge.
    /// Throws ``MissileWarningError`` (`badGeometry`) for a latitude outside [−π/2, π/2] or a
    /// non-finite coordinate.
    public func classify(latitudeRad lat: Double, longitudeRad lon: Double) throws -> ZoneClassification {
        try Self.check(latitudeRad: lat, longitudeRad: lon)
        let lonN = remainder(lon, 2 * .pi)
        let group = land.feature(containingLatitudeRad: lat, longitudeRad: lonN).map { $0.properties["group"] ?? "" }
        let zone: ZoneClass = group != nil ? .land : (eez.contains(latitudeRad: lat, longitudeRad: lonN) ? .eez : .outside)
        return ZoneClassification(zone: zone, landGroup: group,
                                  distanceToCoastKm: land.distanceToBoundary(latitudeRad: lat, longitudeRad: lonN).distanceKm,
                                  distanceToEEZBoundaryKm: eez.distanceToBoundary(latitudeRad: lat, longitudeRad: lonN).distanceKm)
    }

    static func check(latitudeRad lat: Double, longitudeRad lon: Double, field: String? = nil) throws {
        guard lat.isFinite, lon.isFinite, abs(lat) <= .pi / 2 else {
            throw MissileWarningError(.badGeometry, "a point needs a finite latitude in [-90, 90] degrees and a finite longitude",
                                      field: field, value: "(\(lat * 180 / .pi)°, \(lon * 180 / .pi)°)")
        }
    }
}
