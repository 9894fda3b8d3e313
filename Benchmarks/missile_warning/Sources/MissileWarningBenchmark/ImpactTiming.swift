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
    // A whole track: predictions every 5 s from 20 s to impact.
    let zones = try JapanZones(directory: geoDirectory)
    var timeline = MissileWarningTimeline(zones: zones)
    var count = 0
    let d2 = try clock.measure {
        var tt = 20.0
        while tt < traj.flightTimeS - 10 {
            let st = traj.state(atTimeS: tt)!
            let e = MissileStateEstimate(time: traj.launchTime.advanced(bySeconds: tt), positionKm: st.positionKm, velocityKmPerS: st.velocityKmPerS,
                                         covariance: cov, boostProbability: tt < traj.burnout.timeS ? 1 : 0)
            try timeline.update(trackId: "A", prediction: try predictor.predict(e))
            count += 1
            tt += 5
        }
    }
    let sec2 = Double(d2.components.seconds) + Double(d2.components.attoseconds) * 1e-18
    print("release: one NK2017-08-29 track, \(count) predictions + timeline updates every 5 s: \(sec2) s (flight \(traj.flightTimeS) s → \(traj.flightTimeS / sec2)× real time)")

    // The lofted ICBM: a 53-minute flight, predictions every 5 s.
    let icbm = try MissilePreset.named("NK2017-11-29").fly()
    var timeline2 = MissileWarningTimeline(zones: zones)
    var count2 = 0
    let d3 = try clock.measure {
        var tt = 20.0
        while tt < icbm.flightTimeS - 10 {
            let st = icbm.state(atTimeS: tt)!
            let e = MissileStateEstimate(time: icbm.launchTime.advanced(bySeconds: tt), positionKm: st.positionKm, velocityKmPerS: st.velocityKmPerS,
                                         covariance: cov, boostProbability: tt < icbm.burnout.timeS ? 1 : 0)
            try timeline2.update(trackId: "B", prediction: try predictor.predict(e))
            count2 += 1
            tt += 5
        }
    }
    let sec3 = Double(d3.components.seconds) + Double(d3.components.attoseconds) * 1e-18
    print("release: one NK2017-11-29 track, \(count2) predictions + timeline updates every 5 s: \(sec3) s (flight \(icbm.flightTimeS) s → \(icbm.flightTimeS / sec3)× real time)")
}
