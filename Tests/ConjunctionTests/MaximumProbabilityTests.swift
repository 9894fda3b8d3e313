import Foundation
import Testing
import Conjunction

@Suite("Maximum Pc (Alfano 2005)")
struct MaximumProbabilityTests {
    @Test("Isotropic covariance, R ≪ d: maximum tends to Alfano's R²/(e d²) (1e-3 relative at R/d = 0.01) at σ = d/√2")
    func isotropicSmallRadius() {
        let result = MaximumProbability.alfano2005(missDistanceKm: 1.0, hardBodyRadiusKm: 0.01)
        let limit = MaximumProbability.smallRadiusLimit(missDistanceKm: 1.0, hardBodyRadiusKm: 0.01)
        #expect(relativeError(result.value, limit) <= 1e-3, "\(result.value) vs \(limit)")
        #expect(relativeError(result.dilutionThresholdKm, 1 / 2.0.squareRoot()) <= 1e-3)
    }

    @Test("Aspect ratio AR: maximum R²·AR/(e d²) with the miss along the major axis (1e-3 relative), and it is the maximum: σ ×/÷ 1.2 and the miss along the minor axis give less")
    func aspectRatio() {
        let d = 0.5, r = 0.005, ar = 3.0
        let result = MaximumProbability.alfano2005(missDistanceKm: d, hardBodyRadiusKm: r, aspectRatio: ar)
        #expect(relativeError(result.value, MaximumProbability.smallRadiusLimit(missDistanceKm: d, hardBodyRadiusKm: r, aspectRatio: ar)) <= 1e-3)
        #expect(relativeError(result.sigmaMajorKm, ar * result.dilutionThresholdKm) <= 1e-12)
        for f in [1 / 1.2, 1.2] {
            let s = result.dilutionThresholdKm * f
            let other = Foster1992().probability(EncounterPlane(principalMissKm: [d, 0], principalSigmaKm: [ar * s, s], hardBodyRadiusKm: r))
            #expect(other < result.value)
        }
        let minorAxis = Foster1992().probability(EncounterPlane(principalMissKm: [0, d],
            principalSigmaKm: [ar * result.dilutionThresholdKm, result.dilutionThresholdKm], hardBodyRadiusKm: r))
        #expect(minorAxis < result.value)
    }

    @Test("Miss inside the hard body: maximum 1, flagged (SOCRATES does not report these)")
    func inside() {
        let result = MaximumProbability.alfano2005(missDistanceKm: 0.005, hardBodyRadiusKm: 0.01)
        #expect(result.value == 1)
        #expect(result.flags.contains(.missInsideHardBody))
    }

    @Test("SOCRATES aspect ratio: 100/300/100 m RTN sigmas projected on a crossing encounter give AR between 1 and 3")
    func socratesAspectRatio() throws {
        let ar = try #require(MaximumProbability.socratesAspectRatio(
            primary: ([7000, 0, 0], [0, 7.5, 0]), secondary: ([7000, 0.001, 0], [0, 0, 7.5])))
        // Crossing at 90°: the plane holds R and the bisector of the two in-track axes, so the
        // major sigma is √(0.3²/2 + 0.1²/2)·√2 … between 0.1·√2 and 0.3·√2 against 0.1·√2.
        #expect(ar > 1 && ar < 3, "\(ar)")
        #expect(relativeError(ar, (0.3 * 0.3 + 0.1 * 0.1).squareRoot() / (2 * 0.1 * 0.1).squareRoot()) <= 1e-9)
    }
}
