import Testing
@testable import Conjunction

@Suite("Default TLE covariance by regime and object type")
struct TLECovarianceDefaultsTests {
    @Test("Along-track grows linearly from epoch in both directions; radial and normal stay; debris > payload")
    func model() {
        let leo = TLECovarianceDefaults.for(.leo, .payload)
        #expect(leo.sigmaRTNKm(secondsFromEpoch: 0) == SIMD3(0.1, 0.5, 0.1))
        #expect(leo.sigmaRTNKm(secondsFromEpoch: 2 * 86_400) == SIMD3(0.1, 2.5, 0.1))
        #expect(leo.sigmaRTNKm(secondsFromEpoch: -86_400) == SIMD3(0.1, 1.5, 0.1))
        let c = leo.covarianceRTNKm2(secondsFromEpoch: 0) - SIMD3(0.01, 0.25, 0.01)
        #expect((c * c).sum().squareRoot() < 1e-15, "km²")
        for regime in OrbitRegime.allCases {
            let p = TLECovarianceDefaults.for(regime, .payload), d = TLECovarianceDefaults.for(regime, .debris)
            #expect(d.sigmaAtEpochRTNKm.x > p.sigmaAtEpochRTNKm.x && d.alongTrackGrowthKmPerDay > p.alongTrackGrowthKmPerDay)
        }
    }
}
