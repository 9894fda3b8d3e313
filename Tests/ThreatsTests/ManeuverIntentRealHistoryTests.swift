import Foundation
import Testing
import Astrodynamics
import SpaceData
@testable import Threats

/// The figures docs/threats.md quotes for maneuver intent on the real GEO history: every GEO detection of
/// `geo_history.3le.gz` (../shared/data, CelesTrak GP "geo" group 2026-05-24…30) classified against the
/// nearest protected GEO asset by mean longitude (radius 100 km). Off by default (about a minute in a
/// debug build, and the data is not in the repository): run with
/// `KANSHI_REAL_GEO_HISTORY=/path/to/geo_history.3le.gz swift test --skip-build --filter ManeuverIntentRealHistory`.
@Suite("Maneuver intent on the real GEO history")
struct ManeuverIntentRealHistoryTests {
    static let path = ProcessInfo.processInfo.environment["KANSHI_REAL_GEO_HISTORY"]

    @Test("Most real GEO maneuvers are station-keeping; each classification has a reason",
          .enabled(if: path.map { FileManager.default.fileExists(atPath: $0) } ?? false))
    func realGEO() throws {
        let sets = ElementSetReader().read(files: [try #require(Self.path)]).records
        let assets = try ProtectedAssets.read(contentsOf: Fixture.repository.appendingPathComponent("data/protected-assets.json").path)
        let byObject = Dictionary(grouping: sets, by: \.noradCatalogNumber).mapValues { $0.sorted { $0.epoch < $1.epoch } }
        let geoAssets = assets.assets.filter { $0.regime == .geo && byObject[$0.noradCatalogNumber] != nil }.map(\.noradCatalogNumber)
        let detections = try ManeuverDetector().detect(sets: sets).detections.filter { $0.regime == .geo }
        let classifier = ManeuverIntentClassifier()
        var all: [ManeuverIntent: Int] = [:], near: [ManeuverIntent: Int] = [:]
        for d in detections {
            let own = byObject[d.noradCatalogNumber]!
            guard let after = own.first(where: { $0.epoch >= d.windowEnd }) else { continue }
            let longitude = ManeuverIntentClassifier.meanLongitudeDeg(after)
            let gaps = geoAssets.filter { $0 != d.noradCatalogNumber }.map { id -> (Int, Double) in
                let history = byObject[id]!
                let set = history.last { $0.epoch <= d.windowEnd } ?? history[0]
                return (id, abs(ManeuverIntentClassifier.wrap180(ManeuverIntentClassifier.meanLongitudeDeg(set) - longitude)))
            }
            guard let (asset, gap) = gaps.min(by: { $0.1 < $1.1 }) else { continue }
            let m = classifier.objectManeuvers(detections: [d], history: own, assetHistory: byObject[asset]!, radiusKm: 100)[0]
            #expect(m.intentReason?.isEmpty == false)
            all[m.intent, default: 0] += 1
            if gap <= 5 { near[m.intent, default: 0] += 1 }
            if gap <= 5 && m.intent == .towardAsset {
                print(String(format: "toward: %d %@ near %d (%.2f°), %.2f m/s %@: %@", d.noradCatalogNumber, d.objectName ?? "", asset, gap,
                             d.deltaVMetersPerSecond, d.direction.rawValue, m.intentReason ?? ""))
            }
        }
        print("GEO detections \(detections.count): all \(all), within 5° of a protected asset \(near)")
        #expect((all[.stationKeeping] ?? 0) * 2 > detections.count)
    }
}
