import Astrodynamics
import Foundation
import Sensors
import Testing
@testable import MissileWarning

/// Truth flights and estimates built from them for the impact tests.
enum ImpactFixtures {
    /// The flown truth of a preset (0.5 s RK4, ``BallisticFlight``), flown once per preset.
    static func truth(_ name: String) throws -> (MissilePreset, Trajectory) {
        let preset = try MissilePreset.named(name)
        return (preset, try preset.fly())
    }

    /// Diagonal covariance: position σ (km) and velocity σ (km/s) on every axis.
    static func diagonal(positionKm: Double, velocityKmPerS: Double) -> [Double] {
        var c = [Double](repeating: 0, count: 36)
        for i in 0 ..< 3 { c[i * 7] = positionKm * positionKm; c[(i + 3) * 7] = velocityKmPerS * velocityKmPerS }
        return c
    }

    /// The truth state at `t` s after lift-off as an estimate (boost probability from the truth phase).
    static func estimate(_ traj: Trajectory, atS t: Double, covariance: [Double], betaKgPerM2: Double?,
                         betaSigma: Double? = nil) -> MissileStateEstimate {
        let s = traj.state(atTimeS: t)!
        return MissileStateEstimate(time: traj.launchTime.advanced(bySeconds: t), positionKm: s.positionKm,
                                    velocityKmPerS: s.velocityKmPerS, covariance: covariance,
                                    boostProbability: s.phase == .boost && t < traj.burnout.timeS ? 1 : 0,
                                    ballisticCoefficientKgPerM2: betaKgPerM2, ballisticCoefficientSigmaKgPerM2: betaSigma)
    }

    static func distanceKm(_ lat1: Double, _ lon1: Double, _ lat2: Double, _ lon2: Double) -> Double {
        Vincenty1975.distanceKm(latitude1Rad: lat1, longitude1Rad: lon1, latitude2Rad: lat2, longitude2Rad: lon2)
    }
}

@Suite("Impact prediction: two-step coast, unscented ellipse, IIP")
struct ImpactPredictionTests {
    static let presets = ["NK2017-08-29", "NK2017-11-29", "NK2019-07-25"]

    @Test("truth state at burnout + 30 s → impact within 1 km and 1 s of the flown truth", arguments: presets)
    func predictsTruthImpact(name: String) throws {
        let (preset, traj) = try ImpactFixtures.truth(name)
        let beta = preset.flownVehicle.reentryBetaKgPerM2
        let est = ImpactFixtures.estimate(traj, atS: traj.burnout.timeS + 30,
                                          covariance: ImpactFixtures.diagonal(positionKm: 0.05, velocityKmPerS: 0.001), betaKgPerM2: beta)
        let p = try ImpactPredictor().predict(est, launchPoint: preset.site)
        let truth = traj.impact.geodetic
        let dNominal = ImpactFixtures.distanceKm(p.nominalImpactLatitudeRad, p.nominalImpactLongitudeRad, truth.latitudeRad, truth.longitudeRad)
        let dMean = ImpactFixtures.distanceKm(p.impactLatitudeRad, p.impactLongitudeRad, truth.latitudeRad, truth.longitudeRad)
        let dt = p.impactTime.secondsSince(traj.impactTime)
        print("\(name): nominal \(dNominal * 1000) m, mean \(dMean * 1000) m, dt \(dt) s, σt \(p.impactTimeSigmaS) s, axes \(p.ellipse.semiAxes), range \(p.groundRangeKm!) vs \(traj.groundRangeKm), apogee \(p.apogee.altitudeKm) vs \(traj.apogeeAltitudeKm)")
        #expect(!p.isInstantaneousImpactPoint)
        #expect(p.betaFromEstimate && p.betaKgPerM2 == beta)
        #expect(dNominal < 1.0, "\(dNominal) km")
        #expect(dMean < 1.0, "\(dMean) km")
        #expect(abs(dt) < 1.0, "\(dt) s")
        #expect(abs(p.groundRangeKm! - traj.groundRangeKm) < 1.0)
        #expect(p.path.first!.time == est.time && abs(p.path.last!.altitudeKm) < 1e-3)
        #expect(abs(p.path.last!.time.secondsSince(traj.impactTime)) < 1.0)
        // Apogee: from burnout + 30 s every preset is still climbing.
        #expect(!p.apogee.isPast)
        #expect(abs(p.apogee.altitudeKm - traj.apogeeAltitudeKm) < 0.5, "\(p.apogee.altitudeKm) vs \(traj.apogeeAltitudeKm)")
        #expect(abs(p.apogee.time.secondsSince(traj.launchTime.advanced(bySeconds: traj.apogee.timeS))) < 5)
    }

    @Test("the two-step coast lands within 100 m of the 0.5 s fixed-step coast", arguments: presets)
    func twoStepMatchesFineStep(name: String) throws {
        let (preset, traj) = try ImpactFixtures.truth(name)
        let beta = preset.flownVehicle.reentryBetaKgPerM2
        for t in [traj.burnout.timeS, traj.burnout.timeS + 30, (traj.burnout.timeS + traj.apogee.timeS) / 2] {
            let s = traj.state(atTimeS: t)!
            let fine = try BallisticFlight(stepS: 0.5).coast(positionKm: s.positionKm, velocityKmPerS: s.velocityKmPerS,
                                                             betaKgPerM2: beta, epoch: traj.launchTime)
            let fast = try TwoStepCoast().coast(positionKm: s.positionKm, velocityKmPerS: s.velocityKmPerS, betaKgPerM2: beta)
            let d = ImpactFixtures.distanceKm(fast.impact.geodetic.latitudeRad, fast.impact.geodetic.longitudeRad,
                                              fine.impact.geodetic.latitudeRad, fine.impact.geodetic.longitudeRad)
            print("\(name) from t=\(t): two-step vs 0.5 s: \(d * 1000) m, dt \(fast.impact.timeS - fine.impact.timeS) s, steps \(fast.steps) vs \(fine.samples.count)")
            #expect(d < 0.1, "\(d * 1000) m")
            #expect(abs(fast.impact.timeS - fine.impact.timeS) < 0.1)
        }
    }

    @Test("the unscented ellipse agrees with a Monte Carlo of the same covariance (semi-axes within 10 %)")
    func unscentedMatchesMonteCarlo() throws {
        let (preset, traj) = try ImpactFixtures.truth("NK2017-08-29")
        let beta = preset.flownVehicle.reentryBetaKgPerM2
        // Position σ 300 m, velocity σ 3 m/s, with a position–velocity correlation of 0.5 along x.
        var cov = ImpactFixtures.diagonal(positionKm: 0.3, velocityKmPerS: 0.003)
        cov[0 * 6 + 3] = 0.5 * 0.3 * 0.003; cov[3 * 6 + 0] = cov[3]
        let est = ImpactFixtures.estimate(traj, atS: traj.burnout.timeS + 30, covariance: cov, betaKgPerM2: beta,
                                          betaSigma: 0.2 * beta)
        let p = try ImpactPredictor().predict(est)
        let l = try ImpactPredictor.cholesky(cov, n: 6)
        var rng = Xoshiro256StarStar(seed: 7)
        let coast = TwoStepCoast()
        let n = 600
        var pts: [SIMD2<Double>] = [], times: [Double] = []
        let lat0 = p.impactLatitudeRad, lon0 = p.impactLongitudeRad
        for _ in 0 ..< n {
            var z = [Double](repeating: 0, count: 6)
            for i in 0 ..< 6 { z[i] = rng.nextGaussian() }
            var dx = [Double](repeating: 0, count: 6)
            for i in 0 ..< 6 { for k in 0 ... i { dx[i] += l[i * 6 + k] * z[k] } }
            let b = max(0.1 * beta, beta * (1 + 0.2 * rng.nextGaussian()))
            let c = try coast.coast(positionKm: est.positionKm + SIMD3(dx[0], dx[1], dx[2]),
                                    velocityKmPerS: est.velocityKmPerS + SIMD3(dx[3], dx[4], dx[5]), betaKgPerM2: b)
            let inv = Vincenty1975.inverse(latitude1Rad: lat0, longitude1Rad: lon0, latitude2Rad: c.impact.geodetic.latitudeRad,
                                           longitude2Rad: c.impact.geodetic.longitudeRad)
            pts.append(SIMD2(inv.distanceKm * sin(inv.initialAzimuthRad), inv.distanceKm * cos(inv.initialAzimuthRad)))
            times.append(c.impact.timeS)
        }
        let mean = pts.reduce(SIMD2<Double>(), +) / Double(n)
        var ee = 0.0, en = 0.0, nn = 0.0
        for x in pts { let d = x - mean; ee += d.x * d.x; en += d.x * d.y; nn += d.y * d.y }
        let mc = ImpactEllipse(meanLatitudeRad: lat0, meanLongitudeRad: lon0, covarianceEastEastKm2: ee / Double(n - 1),
                               covarianceEastNorthKm2: en / Double(n - 1), covarianceNorthNorthKm2: nn / Double(n - 1))
        let tm = times.reduce(0, +) / Double(n)
        let ts = (times.map { ($0 - tm) * ($0 - tm) }.reduce(0, +) / Double(n - 1)).squareRoot()
        let u = p.ellipse.semiAxes, m = mc.semiAxes
        print("UT axes \(u), MC axes \(m), MC mean offset \((mean * mean).sum().squareRoot()) km, σt UT \(p.impactTimeSigmaS) MC \(ts)")
        #expect(abs(u.majorKm / m.majorKm - 1) < 0.10)
        #expect(abs(u.minorKm / m.minorKm - 1) < 0.10)
        var dAz = abs(u.majorAxisAzimuthRad - m.majorAxisAzimuthRad); dAz = min(dAz, .pi - dAz)
        #expect(dAz < 5 * .pi / 180)
        // The means agree to a small fraction of the major axis (the MC mean's own 1σ error is major/√n).
        #expect((mean * mean).sum().squareRoot() < 0.15 * m.majorKm)
        // The impact time is the least linear output (drag on the β sigma points): within 25 %.
        #expect(abs(p.impactTimeSigmaS / ts - 1) < 0.25)
    }

    @Test("while burning the prediction is the instantaneous impact point, short of the final impact")
    func instantaneousImpactPoint() throws {
        let (preset, traj) = try ImpactFixtures.truth("NK2017-08-29")
        let cov = ImpactFixtures.diagonal(positionKm: 0.05, velocityKmPerS: 0.001)
        let early = ImpactFixtures.estimate(traj, atS: traj.burnout.timeS - 20, covariance: cov, betaKgPerM2: nil)
        #expect(early.boostProbability == 1)
        let p = try ImpactPredictor().predict(early, launchPoint: preset.site)
        #expect(p.isInstantaneousImpactPoint && !p.betaFromEstimate && p.betaKgPerM2 == 5000)
        #expect(p.groundRangeKm! < traj.groundRangeKm - 200, "\(p.groundRangeKm!) vs \(traj.groundRangeKm)")
        // At burnout the IIP is the impact (the β difference only matters in the last seconds).
        let atBurnout = ImpactFixtures.estimate(traj, atS: traj.burnout.timeS, covariance: cov,
                                                betaKgPerM2: preset.flownVehicle.reentryBetaKgPerM2)
        let q = try ImpactPredictor().predict(atBurnout)
        let t = traj.impact.geodetic
        #expect(ImpactFixtures.distanceKm(q.nominalImpactLatitudeRad, q.nominalImpactLongitudeRad, t.latitudeRad, t.longitudeRad) < 1)
    }

    @Test("a descending estimate reports the apogee as past")
    func apogeePast() throws {
        let (preset, traj) = try ImpactFixtures.truth("NK2019-07-25")
        let est = ImpactFixtures.estimate(traj, atS: traj.apogee.timeS + 20, covariance: ImpactFixtures.diagonal(positionKm: 0.05, velocityKmPerS: 0.001),
                                          betaKgPerM2: preset.flownVehicle.reentryBetaKgPerM2)
        let p = try ImpactPredictor().predict(est)
        #expect(p.apogee.isPast && p.apogee.time == est.time)
    }

    @Test("bad input: a covariance that is not positive semi-definite or not finite, a bad β → badField errors")
    func badInput() throws {
        let (_, traj) = try ImpactFixtures.truth("NK2019-07-25")
        var cov = ImpactFixtures.diagonal(positionKm: 0.05, velocityKmPerS: 0.001)
        cov[0] = -1
        var est = ImpactFixtures.estimate(traj, atS: traj.burnout.timeS + 10, covariance: cov, betaKgPerM2: 4300)
        #expect { try ImpactPredictor().predict(est) } throws: { ($0 as? MissileWarningError)?.code == .badField }
        cov[0] = .nan
        est.covariance = cov
        #expect { try ImpactPredictor().predict(est) } throws: { ($0 as? MissileWarningError)?.code == .badField }
        est.covariance = ImpactFixtures.diagonal(positionKm: 0.05, velocityKmPerS: 0.001)
        est.ballisticCoefficientKgPerM2 = -5
        #expect { try ImpactPredictor().predict(est) } throws: { ($0 as? MissileWarningError)?.code == .badField }
        // An estimate at orbital speed never comes down: a badFlight error, not a hang or a crash.
        var orbit = est
        orbit.ballisticCoefficientKgPerM2 = 4300
        let r = orbit.positionKm, rn = (r * r).sum().squareRoot()
        orbit.positionKm = r * ((rn + 300) / rn)
        orbit.velocityKmPerS = SIMD3(-r.y, r.x, 0) / (r.x * r.x + r.y * r.y).squareRoot() * 7.3
        #expect { try ImpactPredictor().predict(orbit) } throws: { ($0 as? MissileWarningError)?.code == .badFlight }
        // A zero covariance is allowed: the ellipse collapses to the point.
        est.ballisticCoefficientKgPerM2 = 4300
        est.covariance = [Double](repeating: 0, count: 36)
        let p = try ImpactPredictor().predict(est)
        #expect(p.ellipse.semiAxes.majorKm < 1e-9 && p.impactTimeSigmaS < 1e-9)
    }
}

@Suite("Impact prediction: cost")
struct ImpactSpeedTests {
    @Test("cost per prediction (debug build; figures printed for docs/missile-impact.md)")
    func costPerPrediction() throws {
        let (preset, traj) = try ImpactFixtures.truth("NK2017-08-29")
        let beta = preset.flownVehicle.reentryBetaKgPerM2
        let est = ImpactFixtures.estimate(traj, atS: traj.burnout.timeS + 30, covariance: ImpactFixtures.diagonal(positionKm: 0.1, velocityKmPerS: 0.002),
                                          betaKgPerM2: beta, betaSigma: 0.2 * beta)
        let predictor = ImpactPredictor()
        let clock = ContinuousClock()
        let n = 10
        let t = clock.measure { for _ in 0 ..< n { _ = try? predictor.predict(est) } }
        let perPrediction = Double(t.components.seconds) + Double(t.components.attoseconds) * 1e-18
        var timeline = MissileWarningTimeline(zones: try ZonesFixtures.zones())
        let p = try predictor.predict(est)
        let t2 = clock.measure { for k in 0 ..< n { _ = try? timeline.update(trackId: "T\(k)", prediction: p) } }
        let perUpdate = Double(t2.components.seconds) + Double(t2.components.attoseconds) * 1e-18
        print("debug: \(perPrediction / Double(n) * 1000) ms per prediction (15 coasts), \(perUpdate / Double(n) * 1000) ms per timeline update")
        // A generous bound for a debug build on a shared machine: it only catches a runaway (e.g. 0.5 s steps everywhere).
        #expect(perPrediction / Double(n) < 1.0)
    }
}
