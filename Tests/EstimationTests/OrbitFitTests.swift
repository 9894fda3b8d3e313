import Foundation
import Testing
import Astrodynamics
@testable import Estimation

/// Range and line-of-sight observations of a two-body orbit from a rotating ground site; the
/// parameters are position and velocity at t = 0.
private struct RadarPassModel: LeastSquaresModel {
    var times: [Double]
    var sites: [SIMD3<Double>]
    var rangesKm: [Double]
    var directions: [SIMD3<Double>]
    var rangeSigmaKm: Double
    var angleSigmaRad: Double
    var parameterCount: Int { 6 }
    var observationOfResidual: [Int] { (0..<(3 * times.count)).map { $0 / 3 } }

    func normalizedResiduals(_ p: [Double]) throws -> [Double] {
        let r0 = SIMD3(p[0], p[1], p[2]), v0 = SIMD3(p[3], p[4], p[5])
        var out = [Double]()
        out.reserveCapacity(3 * times.count)
        for k in times.indices {
            let r = try UniversalKepler.propagate(positionKm: r0, velocityKmPerS: v0, seconds: times[k]).positionKm
            let d = r - sites[k]
            let range = (d * d).sum().squareRoot()
            let u = d / range - directions[k]
            // Two axes perpendicular to the observed direction.
            let l = directions[k]
            let e1 = FrameMath.cross(l, SIMD3(0, 0, 1)) / (FrameMath.cross(l, SIMD3(0, 0, 1)) * FrameMath.cross(l, SIMD3(0, 0, 1))).sum().squareRoot()
            let e2 = FrameMath.cross(l, e1)
            out.append((rangesKm[k] - range) / rangeSigmaKm)
            out.append(-(u * e1).sum() / angleSigmaRad)
            out.append(-(u * e2).sum() / angleSigmaRad)
        }
        return out
    }
}

@Suite("Orbit fit end to end: Gauss IOD, then batch least squares")
struct OrbitFitTests {
    @Test("a noisy LEO radar pass: IOD + batch fit lands within the χ²(0.999, 6) gate of the truth and edits the one bad observation")
    func radarPass() throws {
        var rng = SeededGenerator(seed: 42)
        let truth = ClassicalElements.stateVector(semiLatusRectumKm: 6900, eccentricity: 0.002, inclinationRad: 0.9,
                                                  raanRad: 0.3, argumentOfPerigeeRad: 0.5, trueAnomalyRad: 0.2)
        let lat = 0.6, omegaEarth = 7.292115e-5
        let times = stride(from: -240.0, through: 240.0, by: 15).map { $0 }
        let sites = times.map { t -> SIMD3<Double> in
            let th = 0.25 + omegaEarth * t
            return SIMD3(6378.137 * cos(lat) * cos(th), 6378.137 * cos(lat) * sin(th), 6378.137 * sin(lat))
        }
        let rangeSigma = 0.03, angleSigma = 2e-4
        var ranges: [Double] = [], directions: [SIMD3<Double>] = []
        for k in times.indices {
            let r = try UniversalKepler.propagate(positionKm: truth.positionKm, velocityKmPerS: truth.velocityKmPerS,
                                                  seconds: times[k]).positionKm
            let d = r - sites[k]
            let range = (d * d).sum().squareRoot()
            ranges.append(range + rangeSigma * rng.gaussian())
            // Perturb the direction by angleSigma on two perpendicular axes.
            let l = d / range
            let e1 = FrameMath.cross(l, SIMD3(0, 0, 1)) / (FrameMath.cross(l, SIMD3(0, 0, 1)) * FrameMath.cross(l, SIMD3(0, 0, 1))).sum().squareRoot()
            let e2 = FrameMath.cross(l, e1)
            let noisy = l + angleSigma * rng.gaussian() * e1 + angleSigma * rng.gaussian() * e2
            directions.append(noisy / (noisy * noisy).sum().squareRoot())
        }
        ranges[10] += 2  // one gross range error (≈ 67σ)
        let model = RadarPassModel(times: times, sites: sites, rangesKm: ranges, directions: directions,
                                   rangeSigmaKm: rangeSigma, angleSigmaRad: angleSigma)

        // IOD from the first, middle and last directions.
        let picks = [0, times.count / 2, times.count - 1]
        let gauss = try GaussAnglesOnly.solve(lineOfSight: picks.map { directions[$0] }, timesSeconds: picks.map { times[$0] },
                                              sitePositionsKm: picks.map { sites[$0] })
        // Bring the IOD state (at the middle time, which is t = 0 here) in as the first guess.
        #expect(times[times.count / 2] == 0)
        let initial = [gauss.positionKm.x, gauss.positionKm.y, gauss.positionKm.z,
                       gauss.velocityKmPerS.x, gauss.velocityKmPerS.y, gauss.velocityKmPerS.z]
        let fit = try BatchLeastSquares().solve(model, initial: initial)
        #expect(fit.converged)
        #expect(fit.rejectedObservations == [10])
        #expect(abs(fit.weightedRMS - 1) < 0.25)
        let error = [fit.parameters[0] - truth.positionKm.x, fit.parameters[1] - truth.positionKm.y,
                     fit.parameters[2] - truth.positionKm.z, fit.parameters[3] - truth.velocityKmPerS.x,
                     fit.parameters[4] - truth.velocityKmPerS.y, fit.parameters[5] - truth.velocityKmPerS.z]
        let d2 = try mahalanobisSquared(error, covariance: fit.covariance)
        let gate = try ChiSquare.quantile(probability: 0.999, degreesOfFreedom: 6)
        #expect(d2 < gate, "Mahalanobis² \(d2), gate \(gate)")
        let positionError = (error[0] * error[0] + error[1] * error[1] + error[2] * error[2]).squareRoot()
        #expect(positionError < 0.5, "position error \(positionError) km")
        print("Radar pass fit: \(fit.iterations) iterations, weighted RMS \(fit.weightedRMS), Mahalanobis² \(d2), position error \(positionError * 1000) m, IOD position error \(((gauss.positionKm - truth.positionKm) * (gauss.positionKm - truth.positionKm)).sum().squareRoot()) km")
    }
}
