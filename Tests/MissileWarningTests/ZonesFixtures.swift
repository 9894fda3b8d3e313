import Astrodynamics
import Foundation
@testable import MissileWarning

/// Shared inputs of the warning-zone tests: the repository's `data/geo` zone files (loaded once) and
/// the files of `Tests/Fixtures/missile-zones/` (see its SOURCES.md).
enum ZonesFixtures {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let geoDirectory = root.appendingPathComponent("data/geo").path
    static let fixtures = root.appendingPathComponent("Tests/Fixtures/missile-zones")

    private static let loaded = Result { try JapanZones(directory: geoDirectory) }
    /// The bundled zones (`data/geo/japan_land.geojson`, `japan_eez_approx.geojson`).
    static func zones() throws -> JapanZones { try loaded.get() }

    static func rad(_ deg: Double) -> Double { deg * .pi / 180 }

    /// A CSV fixture as rows of fields (header dropped). No quoted commas in these files.
    static func csv(_ name: String) throws -> [[String]] {
        let text = try String(contentsOf: fixtures.appendingPathComponent(name), encoding: .utf8)
        return text.split(separator: "\n").dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
    }

    /// A ground-track fixture (`time_utc,lat_deg,lon_deg`).
    static func track(_ name: String) throws -> [GroundTrackSample] {
        try csv(name).map { f in
            GroundTrackSample(instant: try Instant(utc: f[0]), latitudeRad: rad(Double(f[1])!), longitudeRad: rad(Double(f[2])!))
        }
    }
}
