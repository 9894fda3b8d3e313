import Foundation
import Testing
@testable import Astrodynamics

@Suite("Ground site look angles")
struct FramesTopocentricTests {
    @Test("Vallado Example 11-6: site 42.38° N, −71.13° E, 24 m; SEZ (−773.8654, −581.4980, 328.8145) km within 0.1 m")
    func valladoExample116() {
        // Vallado, Fundamentals of Astrodynamics and Applications, 4th ed., Example 11-6 (WGS-84 site);
        // satellite ECEF (885.7296, −4389.3856, 5070.1765) km; SEZ printed to 0.1 m (we differ by 4 cm).
        let site = GroundSite(name: "Example 11-6", geodetic: Geodetic(latitudeDeg: 42.38, longitudeDeg: -71.13, altitudeKm: 0.024))
        let t = Instant(taiSecondsSince2000: 0)
        let look = site.observe(State<ITRF>(epoch: t, positionKm: [885.7296, -4389.3856, 5070.1765], velocityKmPerS: .zero))
        let sez = look.southEastZenithKm
        let expected = SIMD3<Double>(-773.8654, -581.4980, 328.8145)
        #expect(distanceKm(sez, expected) * 1e3 < 0.1, "SEZ off by \(distanceKm(sez, expected) * 1e3) m")
        #expect(abs(look.rangeKm - FrameMath.norm(expected)) * 1e3 < 0.1)
    }

    @Test("Constructed geometry: overhead, due north on the horizon, due east, and range rate")
    func constructed() {
        let site = GroundSite(name: "equator", geodetic: Geodetic(latitudeRad: 0, longitudeRad: 0, altitudeKm: 0))
        let a = Ellipsoid.wgs84.equatorialRadiusKm
        let t = Instant(taiSecondsSince2000: 0)
        // Straight up, receding at 1 km/s.
        let up = site.observe(State<ITRF>(epoch: t, positionKm: [a + 500, 0, 0], velocityKmPerS: [1, 0, 0]))
        #expect(abs(up.elevationDeg - 90) < 1e-12)
        #expect(abs(up.rangeKm - 500) < 1e-9)
        #expect(abs(up.rangeRateKmPerS - 1) < 1e-12)
        // Due north on the horizon (the site's north is +z at lon 0 on the equator).
        let north = site.observe(State<ITRF>(epoch: t, positionKm: [a, 0, 1000], velocityKmPerS: [0, 7, 0]))
        #expect(abs(north.elevationRad) < 1e-12)
        #expect(abs(north.azimuthRad) < 1e-12)
        #expect(abs(north.rangeRateKmPerS) < 1e-12)               // crossing, not closing
        #expect(abs(north.azimuthRateRadPerS - 7.0 / 1000) < 1e-12)   // moving east: azimuth grows
        // Due east, 10° up, approaching.
        let el = 10.0 * .pi / 180
        let dir = SIMD3<Double>(sin(el), cos(el), 0)   // ITRF: up = +x, east = +y
        let east = site.observe(State<ITRF>(epoch: t, positionKm: [a, 0, 0] + 2000 * dir, velocityKmPerS: -3 * dir))
        #expect(abs(east.azimuthDeg - 90) < 1e-9)
        #expect(abs(east.elevationDeg - 10) < 1e-9)
        #expect(abs(east.rangeRateKmPerS + 3) < 1e-12)
    }
}

@Suite("RTN basis")
struct FramesRTNTests {
    @Test("Orthonormal, right-handed, for an eccentric inclined orbit")
    func orthonormal() {
        let t = Instant(taiSecondsSince2000: 0)
        let s = State<GCRF>(epoch: t, positionKm: [-6045, -3490, 2500], velocityKmPerS: [-3.457, 6.618, 2.533])
        let b = RTNBasis(s)
        for (u, w) in [(b.radial, b.transverse), (b.transverse, b.normal), (b.normal, b.radial)] {
            #expect(abs(FrameMath.dot(u, w)) < 1e-15)
        }
        for u in [b.radial, b.transverse, b.normal] { #expect(abs(FrameMath.norm(u) - 1) < 1e-15) }
        #expect(FrameMath.norm(FrameMath.cross(b.radial, b.transverse) - b.normal) < 1e-15)
        // Velocity has no normal component and a positive transverse one.
        #expect(abs(b.toRTN(s.velocityKmPerS).z) < 1e-12)
        #expect(b.toRTN(s.velocityKmPerS).y > 0)
        let v: SIMD3<Double> = [0.3, -1.2, 2.5]
        #expect(FrameMath.norm(b.fromRTN(b.toRTN(v)) - v) < 1e-15)
    }

    @Test("Constructed circular orbit: a deputy 1 km above, co-rotating, is (1, 0, 0) km at rest in RTN")
    func constructedCase() {
        let t = Instant(taiSecondsSince2000: 0)
        let n = 7.5 / 7000.0   // rad/s
        let chief = State<TEME>(epoch: t, positionKm: [7000, 0, 0], velocityKmPerS: [0, 7.5, 0])
        let deputy = State<TEME>(epoch: t, positionKm: [7001, 0, 0], velocityKmPerS: [0, 7001 * n, 0])
        let b = RTNBasis(chief)
        #expect(b.radial == [1, 0, 0] && b.transverse == [0, 1, 0] && b.normal == [0, 0, 1])
        let rel = b.relativeState(of: deputy)
        #expect(FrameMath.norm(rel.positionKm - [1, 0, 0]) < 1e-12)
        #expect(FrameMath.norm(rel.velocityKmPerS) < 1e-15)
        // 2 km ahead along-track and 0.5 km out of plane, same rotation: (0, 2, 0.5) at rest.
        let ahead = b.state(relativePositionKm: [0, 2, 0.5], relativeVelocityKmPerS: .zero)
        let back = b.relativeState(of: ahead)
        #expect(FrameMath.norm(back.positionKm - [0, 2, 0.5]) < 1e-12)
        #expect(FrameMath.norm(back.velocityKmPerS) < 1e-15)
        #expect(FrameMath.norm(ahead.velocityKmPerS - ([0, 7.5, 0] + FrameMath.cross([0, 0, n], [0, 2, 0.5]))) < 1e-15)
    }
}
