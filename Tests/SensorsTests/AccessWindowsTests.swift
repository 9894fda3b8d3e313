import Testing
import Foundation
import Astrodynamics
import SpaceData
@testable import Sensors

func fixtureSets(_ name: String) throws -> [ElementSet] {
    let bytes = try [UInt8](Data(contentsOf: sensorFixtures.appendingPathComponent(name)))
    let report = ElementSetReader().read(bytes, file: name)
    #expect(report.errors.isEmpty)
    return report.records
}

/// A geometry-only test sensor at Kamisaibara: all azimuths above 10°, no range limit.
func kamisaibaraMask10() -> Sensor {
    Sensor(id: "TEST-KAMISAIBARA", name: "test", kind: .dishRadar,
           site: GroundSite(name: "k", geodetic: Geodetic(latitudeDeg: 35.31, longitudeDeg: 133.94, altitudeKm: 0.55)),
           noise: MeasurementNoise(rangeKm: 0.02, angleRad: 0.02 * .pi / 180, rangeRateKmPerS: 0.001),
           fieldOfRegard: .allAzimuths(minimumElevationRad: 10 * .pi / 180), rangeLimitsKm: 0...100_000)
}

@Suite("Access windows")
struct AccessWindowsTests {
    @Test("ISS over Kamisaibara on 2023-10-09 (10° mask) matches skyfield find_events: rise/set 2 s, culmination 5 s, max elevation 0.05°")
    func skyfieldPasses() throws {
        let iss = try fixtureSets("iss_2023-10-09.3le")
        let start = try Instant(utc: "2023-10-09T00:00:00Z")
        let aw = AccessWindows(sensors: [kamisaibaraMask10()], eop: .empty)
        let report = aw.compute(iss, start: start, durationSeconds: 86_400)
        let text = try String(contentsOf: sensorFixtures.appendingPathComponent("skyfield_iss_kamisaibara.csv"), encoding: .utf8)
        let rows = text.split(separator: "\n").dropFirst().map { $0.split(separator: ",").map(String.init) }
        #expect(report.passes.count == rows.count)
        for (pass, row) in zip(report.passes, rows) {
            let rise = try Instant(utc: row[0]), culm = try Instant(utc: row[1]), set = try Instant(utc: row[2])
            #expect(abs(pass.rise.secondsSince(rise)) < 2, "rise \(row[0]) got \(pass.rise.iso8601UTC())")
            #expect(abs(pass.set.secondsSince(set)) < 2, "set \(row[2]) got \(pass.set.iso8601UTC())")
            #expect(abs(pass.culmination.secondsSince(culm)) < 5, "culmination \(row[1])")
            #expect(abs(pass.maximumElevationRad * 180 / .pi - Double(row[3])!) < 0.05)
            #expect(pass.minimumRangeKm > 400 && pass.minimumRangeKm < 2000)
        }
    }

    @Test("A fixed-face field of regard and a range limit only shorten passes; a pass in progress at the start is marked")
    func limits() throws {
        let iss = try fixtureSets("iss_2023-10-09.3le")
        let start = try Instant(utc: "2023-10-09T00:00:00Z")
        let wide = AccessWindows(sensors: [kamisaibaraMask10()], eop: .empty).compute(iss, start: start, durationSeconds: 86_400)
        var narrow = kamisaibaraMask10()
        narrow.rangeLimitsKm = 0...1000
        let limited = AccessWindows(sensors: [narrow], eop: .empty).compute(iss, start: start, durationSeconds: 86_400)
        #expect(limited.passes.count <= wide.passes.count)
        for p in limited.passes {
            #expect(wide.passes.contains { $0.rise <= p.rise.advanced(bySeconds: 1) && $0.set >= p.set.advanced(bySeconds: -1) })
        }
        // Start in the middle of the 08:00 pass.
        let mid = try Instant(utc: "2023-10-09T08:03:00Z")
        let inProgress = AccessWindows(sensors: [kamisaibaraMask10()], eop: .empty).compute(iss, start: mid, durationSeconds: 600)
        #expect(inProgress.passes.count == 1)
        #expect(inProgress.passes.first?.beginsBeforeWindow == true)
        #expect(inProgress.passes.first?.rise == mid)
    }
}
