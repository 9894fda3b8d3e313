import Foundation
import SpaceData
import Testing
@testable import Conjunction

/// A screened event written as a CDM and read back by Kanshi's own CDM reader gives the same event.
@Suite("Screening events as CDMs")
struct EventCDMTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test("OPS 5644 × COSMOS 1741 (2023-10-09): CDM round trip keeps TCA, miss, relative state and Pc")
    func roundTrip() throws {
        let report = ElementSetReader().read(files: [Self.root.appendingPathComponent("data/spacetrack_gp_full_catalog_2023-10-09.3le.gz").path])
        let sets = report.records.filter { [10033, 16681].contains($0.noradCatalogNumber) }
        #expect(sets.count == 2)
        let (objects, refused) = Screener.objects(from: sets)
        #expect(refused.isEmpty)
        let start = try Instant(utc: "2023-10-09T11:38:00Z")
        let result = Screener(configuration: .init(start: start, durationSeconds: 43_200, threads: 1)).screen(objects)
        let event = try #require(result.events.first { $0.tca.secondsSince(try Instant(utc: "2023-10-09T16:51:41.907Z")).magnitude < 0.01 })
        #expect(abs(event.missDistanceKm - 4.904) < 0.001)

        let defaults = TLECovarianceDefaults.for(.leo, .payload)
        func describe(_ set: ElementSet) -> CDMObjectDescription {
            CDMObjectDescription(catalogNumber: set.noradCatalogNumber, name: set.objectName ?? "", internationalDesignator: set.objectID ?? "",
                                 covariance: defaults, secondsFromEpochToTCA: event.tca.secondsSince(set.epoch))
        }
        let byID = Dictionary(uniqueKeysWithValues: sets.map { ($0.noradCatalogNumber, $0) })
        let cdm = event.conjunctionDataMessage(primary: describe(byID[event.id1]!), secondary: describe(byID[event.id2]!),
                                               eop: .empty, creationDate: start, messageID: "TEST",
                                               collisionProbability: nil, hardBodyRadiusKm: 0.02)
        let text = CDMKVN.write(cdm)
        let back = CDMKVN.read(text, file: "event.cdm")
        #expect(back.errors.isEmpty, "\(back.errors)")
        let read = try #require(back.records.first)
        #expect(read.relativeMetadata.tca.secondsSince(event.tca).magnitude < 1e-6)
        #expect(abs(read.relativeMetadata.missDistanceMeters - event.missDistanceKm * 1_000) < 1e-6)
        let rtn = try #require(read.relativeMetadata.relativePositionRTNMeters)
        #expect(((rtn / 1_000 - event.missRTNKm) * (rtn / 1_000 - event.missRTNKm)).sum().squareRoot() < 1e-6)
        #expect(read.object1.metadata.objectDesignator == String(event.id1))
        #expect(read.object1.metadata.referenceFrame == "EME2000")
        // The encounter rebuilt from the CDM (EME2000 states) has the event's miss and speed: the
        // rotation from TEME changes neither.
        let encounter = try ShortTermEncounter(cdm: read)
        #expect(abs(encounter.missDistanceKm - event.missDistanceKm) < 1e-6)
        #expect(abs(encounter.relativeSpeedKmPerS - event.relativeSpeedKmPerS) < 1e-6)
        #expect(try abs(read.combinedHardBodyRadiusKm() - 0.02) < 1e-12, "km")
    }
}
