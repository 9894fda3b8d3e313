import Foundation
import Astrodynamics

/// Micro-benchmarks of the tracker's filter, for docs/missile-tracker.md and a Benchmarks/ entry: the cost of
/// one IMM measurement update (three EKF updates and the model-probability update) and of one IMM cycle
/// (mixing, three 1 s predictions, three updates), on a missile in boost seen by an IR satellite.
public enum MissileTrackerBenchmark {
    /// Mean cost of the two operations, µs, over `iterations` repetitions.
    public static func run(iterations: Int = 20_000, environment: FlightEnvironment = .wgs84) -> (updateMicroseconds: Double, cycleMicroseconds: Double) {
        let dynamics = MissileDynamics(environment: environment, noise: MissileMotionNoise())
        var x = TrackState()
        let site = Geodetic(latitudeDeg: 39.2, longitudeDeg: 125.7, altitudeKm: 40).itrfPositionKm()
        x.position = site
        x.velocity = 1.5 * site / (site * site).sum().squareRoot()
        x.thrust = 0.03 * site / (site * site).sum().squareRoot()
        x.inverseBeta = 0.2
        var p = Matrix10()
        for i in 0..<3 { p[i, i] = 1; p[3 + i, 3 + i] = 0.01; p[6 + i, 6 + i] = 1e-4 }
        p[9, 9] = 0.09
        let t0 = Instant(taiSecondsSince2000: 0)
        let sensor = SIMD3(-2_000.0, 6_000.0, 6_500.0)
        let d = x.position - sensor
        let u = d / (d * d).sum().squareRoot()
        let base = MissileIMM(state: x, covariance: p, probabilities: SIMD3(0.9, 0.05, 0.05), time: t0)
        let switching = MissileModeSwitching()
        let clock = ContinuousClock()
        var sink = 0.0
        var f = base
        let a = clock.now
        for _ in 0..<iterations {
            f = base
            _ = f.update(floor: 1e-4) { TrackerMeasurements.lineOfSight($0, sensor: sensor, unit: u, sigmaRad: 40e-6) }
            sink += f.probabilities[0]
        }
        let updateTime = clock.now - a
        f = base
        let b = clock.now
        for k in 0..<iterations {
            f.predict(to: t0.advanced(bySeconds: Double(k % 50 + 1)), dynamics: dynamics, switching: switching)
            _ = f.update(floor: 1e-4) { TrackerMeasurements.lineOfSight($0, sensor: sensor, unit: u, sigmaRad: 40e-6) }
            if k % 50 == 49 { f = base }
            sink += f.probabilities[0]
        }
        let cycleTime = clock.now - b
        func us(_ d: Duration) -> Double { (Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18) * 1e6 / Double(max(iterations, 1)) }
        if sink.isNaN { print("") }
        return (us(updateTime), us(cycleTime))
    }
}
