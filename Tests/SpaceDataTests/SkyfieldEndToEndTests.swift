import Foundation
import SpaceData
import Testing

/// From TLE text to TEME, ITRF and geodetic, end to end through our reader, SGP4 and frames, against
/// skyfield 1.55 (python-sgp4 2.27 inside) for real objects of the 2023 catalog. The reference values
/// and how they were made: `Tests/Fixtures/frames/skyfield_reference.json` and its SOURCES.md.
@Suite("End to end against skyfield: TLE → SGP4 → TEME → ITRF → geodetic")
struct SkyfieldEndToEndTests {
    struct Reference: Decodable {
        struct Case: Decodable {
            let object: String
            let tle: [String]
            let utc: String
            let ut1_minus_utc_s: Double
            let teme_position_km: [Double]
            let teme_velocity_km_per_s: [Double]
            let itrs_position_km: [Double]
            let geodetic_latitude_deg: Double
            let geodetic_longitude_deg: Double
            let geodetic_altitude_km: Double
        }
        let cases: [Case]
    }

    static func reference() throws -> Reference {
        let url = Fixture.testsDirectory.appendingPathComponent("Fixtures/frames/skyfield_reference.json")
        return try JSONDecoder().decode(Reference.self, from: Data(contentsOf: url))
    }

    @Test("TEME within 1 mm and 1 mm/s; ITRF within 1 cm; geodetic within 1 cm (skyfield iterates latitude 3 times)")
    func endToEnd() throws {
        let ref = try Self.reference()
        #expect(ref.cases.count >= 4)
        for c in ref.cases {
            let set = try TLEReader().parse(name: c.object, line1: c.tle[0], line2: c.tle[1])
            let sgp4 = try SGP4(set.meanElements)
            let t = try Instant(utc: c.utc)
            let teme = try sgp4.state(at: t)
            let dr = teme.positionKm - SIMD3(c.teme_position_km[0], c.teme_position_km[1], c.teme_position_km[2])
            let dv = teme.velocityKmPerS - SIMD3(c.teme_velocity_km_per_s[0], c.teme_velocity_km_per_s[1], c.teme_velocity_km_per_s[2])
            #expect((dr * dr).sum().squareRoot() < 1e-6, "\(c.object) \(c.utc) TEME position")
            #expect((dv * dv).sum().squareRoot() < 1e-6, "\(c.object) \(c.utc) TEME velocity")
            let eop = EarthOrientationParameters(ut1MinusUTCSeconds: c.ut1_minus_utc_s)
            let itrf = teme.toITRF(eop)
            let di = itrf.positionKm - SIMD3(c.itrs_position_km[0], c.itrs_position_km[1], c.itrs_position_km[2])
            #expect((di * di).sum().squareRoot() < 1e-5, "\(c.object) \(c.utc) ITRF position")
            let g = Geodetic(itrfPositionKm: itrf.positionKm)
            let radiusKm = 6_378.137
            #expect(abs(g.latitudeDeg - c.geodetic_latitude_deg) * .pi / 180 * radiusKm < 1e-5, "\(c.object) latitude")
            var dLon = (g.longitudeDeg - c.geodetic_longitude_deg).truncatingRemainder(dividingBy: 360)
            if dLon > 180 { dLon -= 360 } else if dLon < -180 { dLon += 360 }
            #expect(abs(dLon) * .pi / 180 * radiusKm < 1e-5, "\(c.object) longitude")
            #expect(abs(g.altitudeKm - c.geodetic_altitude_km) < 1e-5, "\(c.object) altitude")
        }
    }
}
