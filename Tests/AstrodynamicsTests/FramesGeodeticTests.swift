import Foundation
import Testing
@testable import Astrodynamics

@Suite("Geodetic coordinates (Vermeille 2004)")
struct FramesGeodeticTests {
    @Test("Vallado Example 3-3: (6524.834, 6862.875, 6448.296) km → 34.352496°, 46.4464°, 5085.22 km")
    func valladoExample33() {
        // Vallado, Fundamentals of Astrodynamics and Applications, 4th ed., Example 3-3 (WGS-84).
        // Printed to 1e-6° latitude, 1e-4° longitude (≈ 10 m), 0.01 km height. Vallado's iteration
        // stops at 1e-8 rad, and his 34.352496° is 8.5e-7° (0.17 m at this 11,430 km radius) from
        // the exact 34.35249515°; so latitude is checked to 1e-6° (0.2 m) here, and to the exact value below.
        let g = Geodetic(itrfPositionKm: [6524.834, 6862.875, 6448.296])
        #expect(abs(g.latitudeDeg - 34.352496) < 1e-6)
        #expect(abs(g.longitudeDeg - 46.4464) < 5e-5)
        #expect(abs(g.altitudeKm - 5085.22) < 5e-3)
        // The same point solved to 40 digits (mpmath, fixed-point iteration of
        // tan φ = z / (p (1 − e² N/(N + h))) to convergence, WGS-84): φ = 34.352495150861569°,
        // λ = 46.446416856789956°, h = 5085.2187310916268 km. Within 1e-12° (0.2 µm) and 1 µm.
        #expect(abs(g.latitudeDeg - 34.352495150861569) < 1e-12)
        #expect(abs(g.longitudeDeg - 46.446416856789956) < 1e-12)
        #expect(abs(g.altitudeKm - 5085.2187310916268) < 1e-9)
    }

    @Test("Round trips from −5 km to 40,000 km, poles and equator, within 1 µm")
    func roundTrips() {
        var worstKm = 0.0
        for ellipsoid in [Ellipsoid.wgs84, .wgs72] {
            for alt in [-5.0, -1, 0, 0.001, 1, 10, 100, 400, 1000, 2000, 6378, 20_200, 35_786, 40_000] {
                for latDeg in [-90.0, -89.9999, -75, -45, -30, -1e-9, 0, 1e-9, 15, 34.0, 45, 60, 89.99999, 90] {
                    for lonDeg in [-180.0, -131.2, -90, 0, 1e-7, 46.4464, 131.2, 179.999] {
                        let g = Geodetic(latitudeDeg: latDeg, longitudeDeg: lonDeg, altitudeKm: alt)
                        let r = g.itrfPositionKm(ellipsoid: ellipsoid)
                        let back = Geodetic(itrfPositionKm: r, ellipsoid: ellipsoid)
                        let r2 = back.itrfPositionKm(ellipsoid: ellipsoid)
                        worstKm = max(worstKm, FrameMath.norm(r2 - r))
                        #expect(abs(back.altitudeKm - alt) < 1e-9, "h at \(latDeg), \(lonDeg), \(alt)")
                        #expect(abs(back.latitudeRad - g.latitudeRad) < 1e-13, "lat at \(latDeg), \(alt)")
                        if abs(latDeg) != 90 {
                            let dLon = remainder(back.longitudeRad - g.longitudeRad, 2 * .pi)
                            #expect(abs(dLon) < 1e-12, "lon at \(latDeg), \(lonDeg), \(alt)")
                        }
                    }
                }
            }
        }
        #expect(worstKm < 1e-9)
    }

    @Test("Poles and equator exactly")
    func specialPoints() {
        let e = Ellipsoid.wgs84
        let north = Geodetic(itrfPositionKm: [0, 0, e.polarRadiusKm + 100])
        #expect(north.latitudeRad == .pi / 2)
        #expect(north.longitudeRad == 0)
        #expect(abs(north.altitudeKm - 100) < 1e-10)
        let south = Geodetic(itrfPositionKm: [0, 0, -e.polarRadiusKm + 5])
        #expect(south.latitudeRad == -.pi / 2)
        #expect(abs(south.altitudeKm + 5) < 1e-10)
        let eq = Geodetic(itrfPositionKm: [e.equatorialRadiusKm - 5, 0, 0])
        #expect(eq.latitudeRad == 0)
        #expect(abs(eq.altitudeKm + 5) < 1e-10)
        let geo = Geodetic(itrfPositionKm: [0, -(e.equatorialRadiusKm + 35_786), 0])
        #expect(abs(geo.longitudeDeg + 90) < 1e-12)
        #expect(abs(geo.altitudeKm - 35_786) < 1e-9)
    }
}
