import Astrodynamics
import Foundation
import MissileWarning

/// `MissileWarningBenchmark impact`: release timing of ImpactPredictor and MissileWarningTimeline alone,
/// fed with true states (every 5 s of two flights), so the chain's cost can be split from the tracker's.
func impactTiming(geoDirectory: String) throws {
    let preset = try MissilePreset.named("NK2017-08-29")
    let traj = try preset.fly()
    let t = traj.burnout.timeS + 30
    let s = traj.state(atTimeS: t)!
    var cov = [Double](repeating: 0, count: 36)
    for i in 0 ..< 3 { cov[i * 7] = 0.01; cov[(i + 3) * 7] = 4e-6 }
    let est = MissileStateEstimate(time: traj.launchTime.advanced(bySeconds: t), positionKm: s.positionKm, velocityKmPerS: s.velocityKmPerS,
                                   covariance: cov, ballisticCoefficientKgPerM2: 10_000, ballisticCoefficientSigmaKgPerM2: 2_000)
    let predictor = ImpactPredictor()
    let clock = ContinuousClock()
    let n = 200
    let d = clock.measure { for _ in 0 ..< n { _ = try! predictor.predict(est) } }
    let sec = Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
    print("release: \(sec / Double(n) * 1000) ms per prediction (n = 7, 15 coasts)")
    // Whole tracks: predictions every 5 s from 20 s after launch to impact, each with its timeline update.
    let zones = try JapanZones(directory: geoDirectory)
    for name in ["NK2017-08-29", "NK2017-11-29"] {
        let flight = try MissilePreset.named(name).fly()
        var timeline = MissileWarningTimeline(zones: zones)
        var count = 0
        let elapsed = try clock.measure {
            var tt = 20.0
            while tt < flight.flightTimeS - 10 {
                let st = flight.state(atTimeS: tt)!
                let e = MissileStateEstimate(time: flight.launchTime.advanced(bySeconds: tt), positionKm: st.positionKm,
                                             velocityKmPerS: st.velocityKmPerS, covariance: cov,
                                             boostProbability: tt < flight.burnout.timeS ? 1 : 0)
                try timeline.update(trackId: name, prediction: try predictor.predict(e))
                count += 1
                tt += 5
            }
        }
        let s = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        print("release: one \(name) track, \(count) predictions + timeline updates every 5 s: \(s) s (flight \(flight.flightTimeS) s → \(flight.flightTimeS / s)× real time)")
    }
}
