import Foundation
import Sensors
import Testing
@testable import MissileWarning

@Suite("Warning zones: probabilities over an impact ellipse")
struct ZonesProbabilityTests {
    static func rad(_ d: Double) -> Double { ZonesFixtures.rad(d) }
    /// Standard normal CDF.
    static func phi(_ x: Double) -> Double { 0.5 * erfc(-x / 2.0.squareRoot()) }

    // A straight 76 km stretch of the EEZ edge: the median line with Korea in the Sea of Japan,
    // vertices 39.0647 N 134.1 E → 39.74 N 133.9665 E of japan_eez_approx.geojson.
    static let edgeA = (lat: 39.0647, lon: 134.1), edgeB = (lat: 39.74, lon: 133.9665)
    static var edgeMid: (Double, Double) { (rad((edgeA.lat + edgeB.lat) / 2), rad((edgeA.lon + edgeB.lon) / 2)) }

    @Test("semi-axes and covariance describe the same ellipse")
    func semiAxesRoundTrip() {
        let e = ImpactEllipse(meanLatitudeRad: 0.6, meanLongitudeRad: 2.4, semiMajorAxisKm: 6, semiMinorAxisKm: 2, majorAxisAzimuthRad: Self.rad(30))
        let s = e.semiAxes
        #expect(abs(s.majorKm - 6) < 1e-12 && abs(s.minorKm - 2) < 1e-12)
        #expect(abs(s.majorAxisAzimuthRad - Self.rad(30)) < 1e-12)
        #expect(abs(e.covarianceEastEastKm2 - (36 * 0.25 + 4 * 0.75)) < 1e-12)
    }

    @Test("a small ellipse deep inside Honshu: P(land) = 1, exactly by the 6σ rule or by sampling")
    func deepInsideHonshu() throws {
        let z = try ZonesFixtures.zones()
        // Lake Biwa point: 39 km from the nearest coast.
        let small = ImpactEllipse(meanLatitudeRad: Self.rad(35.25), meanLongitudeRad: Self.rad(136.08), semiMajorAxisKm: 3,
                                  semiMinorAxisKm: 1, majorAxisAzimuthRad: 0.3)
        let p1 = try z.probabilities(of: small)
        #expect(p1.method == .farFromBoundaries && p1.land == 1 && p1.eezIncludingLand == 1 && p1.outside == 0)
        // σ = 8 km: 6σ reaches the coast, so it samples; the coast is 4.9σ away in every direction, so
        // P(off land) < exp(−4.9²/2) ≈ 7e-6 and all 4,000 samples land.
        let wider = ImpactEllipse(meanLatitudeRad: Self.rad(35.25), meanLongitudeRad: Self.rad(136.08), covarianceEastEastKm2: 64,
                                  covarianceEastNorthKm2: 0, covarianceNorthNorthKm2: 64)
        let p2 = try z.probabilities(of: wider)
        #expect(p2.method == .monteCarlo && p2.samples == 4000)
        #expect(p2.land == 1 && p2.outside == 0)
        #expect(abs(p2.twoSigmaErrorBound - 0.0158) < 0.0001)
    }

    @Test("far out in the Pacific: P(outside) = 1")
    func farOutside() throws {
        let p = try ZonesFixtures.zones().probabilities(of: ImpactEllipse(meanLatitudeRad: Self.rad(42), meanLongitudeRad: Self.rad(160),
                                                                          semiMajorAxisKm: 30, semiMinorAxisKm: 10, majorAxisAzimuthRad: 1))
        #expect(p.outside == 1 && p.land == 0 && p.method == .farFromBoundaries && p.zoneAtMean == .outside)
    }

    @Test("centred on a straight stretch of the EEZ edge: P(EEZ) = 0.5 within the 2σ sampling bound")
    func halfOnStraightEdge() throws {
        let z = try ZonesFixtures.zones()
        let (lat, lon) = Self.edgeMid
        #expect(z.eez.distanceToBoundary(latitudeRad: lat, longitudeRad: lon).distanceKm < 0.05)
        for (a, b, az) in [(3.0, 3.0, 0.0), (8.0, 1.5, 0.7), (5.0, 2.0, 2.2)] {
            let e = ImpactEllipse(meanLatitudeRad: lat, meanLongitudeRad: lon, semiMajorAxisKm: a, semiMinorAxisKm: b, majorAxisAzimuthRad: az)
            let p = try z.probabilities(of: e)
            #expect(p.method == .monteCarlo)
            #expect(abs(p.eezIncludingLand - 0.5) < p.twoSigmaErrorBound + 0.01, "\(p.eezIncludingLand)")
            #expect(p.land == 0 && abs(p.outside + p.eezIncludingLand - 1) < 1e-12)
        }
    }

    @Test("3 km off the straight edge with a tilted 6 × 2 km ellipse: P(EEZ) = Φ(3 km / σ across the edge)")
    func offsetFromStraightEdge() throws {
        let z = try ZonesFixtures.zones()
        let (lat, lon) = Self.edgeMid
        let along = Vincenty1975.inverse(latitude1Rad: Self.rad(Self.edgeA.lat), longitude1Rad: Self.rad(Self.edgeA.lon),
                                         latitude2Rad: Self.rad(Self.edgeB.lat), longitude2Rad: Self.rad(Self.edgeB.lon)).initialAzimuthRad
        let normal = along + .pi / 2   // towards Japan (east of a line running north-north-west)
        let m = Vincenty1975.direct(latitudeRad: lat, longitudeRad: lon, azimuthRad: normal, distanceKm: 3)
        #expect(z.zone(latitudeRad: m.latitudeRad, longitudeRad: m.longitudeRad) == .eez)
        let e = ImpactEllipse(meanLatitudeRad: m.latitudeRad, meanLongitudeRad: m.longitudeRad, semiMajorAxisKm: 6,
                              semiMinorAxisKm: 2, majorAxisAzimuthRad: Self.rad(30))
        let ne = sin(normal), nn = cos(normal)
        let sigmaAcross = (e.covarianceEastEastKm2 * ne * ne + 2 * e.covarianceEastNorthKm2 * ne * nn + e.covarianceNorthNorthKm2 * nn * nn).squareRoot()
        let expected = Self.phi(3 / sigmaAcross)
        let p = try z.probabilities(of: e, samples: 16_000, seed: 11)
        #expect(abs(p.twoSigmaErrorBound - 1.0 / 126.49) < 1e-4)
        #expect(abs(p.eezIncludingLand - expected) < p.twoSigmaErrorBound + 0.005, "\(p.eezIncludingLand) vs \(expected)")
    }

    @Test("same seed, same answer; another seed differs by no more than the sampling error")
    func seeded() throws {
        let z = try ZonesFixtures.zones()
        let (lat, lon) = Self.edgeMid
        let e = ImpactEllipse(meanLatitudeRad: lat, meanLongitudeRad: lon, semiMajorAxisKm: 4, semiMinorAxisKm: 4, majorAxisAzimuthRad: 0)
        let a = try z.probabilities(of: e, seed: 1), b = try z.probabilities(of: e, seed: 1), c = try z.probabilities(of: e, seed: 2)
        #expect(a == b)
        #expect(abs(a.eezIncludingLand - c.eezIncludingLand) < 2 * a.twoSigmaErrorBound)
    }

    @Test("a covariance that is negative or not positive semi-definite, or no samples, is an error")
    func badInput() throws {
        let z = try ZonesFixtures.zones()
        let neg = ImpactEllipse(meanLatitudeRad: 0.6, meanLongitudeRad: 2.4, covarianceEastEastKm2: -1, covarianceEastNorthKm2: 0, covarianceNorthNorthKm2: 1)
        let indefinite = ImpactEllipse(meanLatitudeRad: 0.6, meanLongitudeRad: 2.4, covarianceEastEastKm2: 1, covarianceEastNorthKm2: 2, covarianceNorthNorthKm2: 1)
        let offEarth = ImpactEllipse(meanLatitudeRad: 3, meanLongitudeRad: 2.4, covarianceEastEastKm2: 1, covarianceEastNorthKm2: 0, covarianceNorthNorthKm2: 1)
        for e in [neg, indefinite, offEarth] {
            #expect(throws: MissileWarningError.self) { try z.probabilities(of: e) }
        }
        let ok = ImpactEllipse(meanLatitudeRad: 0.6, meanLongitudeRad: 2.4, covarianceEastEastKm2: 1, covarianceEastNorthKm2: 0, covarianceNorthNorthKm2: 1)
        #expect(throws: MissileWarningError.self) { try z.probabilities(of: ok, samples: 0) }
        // A point impact (zero covariance) is just the zone at the mean.
        let point = ImpactEllipse(meanLatitudeRad: Self.rad(35.68), meanLongitudeRad: Self.rad(139.77), covarianceEastEastKm2: 0,
                                  covarianceEastNorthKm2: 0, covarianceNorthNorthKm2: 0)
        #expect(try z.probabilities(of: point).land == 1)
    }
}
