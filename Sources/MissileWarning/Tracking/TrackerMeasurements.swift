import Foundation
import Astrodynamics

/// A detection linearised about a predicted state: residual y, Jacobian H (m×10), diagonal noise R.
struct LinearisedMeasurement {
    var m: Int
    var y = InlineArray<4, Double>(repeating: 0)
    var h = InlineArray<40, Double>(repeating: 0)
    var r = InlineArray<4, Double>(repeating: 0)
}

/// Measurement models of the tracker.
///
/// - IR line of sight: the residual is the measured unit vector projected on two unit vectors e₁, e₂
///   perpendicular to the predicted line of sight û = (r − s)/|r − s| (small-angle residual, rad); its
///   Jacobian is eₖᵀ/|r − s| on position.
/// - Radar: range, azimuth (clockwise from geodetic north), elevation above the geodetic horizon and
///   range rate from the site (the geometry of ``RadarSensor/look(positionKm:velocityKmPerS:)``); the
///   Jacobian by central differences on position and velocity.
enum TrackerMeasurements {
    /// Site geometry of a radar, computed once per site position.
    struct RadarSite {
        var position: SIMD3<Double>
        var east: SIMD3<Double>, north: SIMD3<Double>, up: SIMD3<Double>
        init(_ p: SIMD3<Double>) {
            position = p
            let g = Geodetic(itrfPositionKm: p)
            let la = g.latitudeRad, lo = g.longitudeRad
            east = SIMD3(-sin(lo), cos(lo), 0.0)
            north = SIMD3(-sin(la) * cos(lo), -sin(la) * sin(lo), cos(la))
            up = SIMD3(cos(la) * cos(lo), cos(la) * sin(lo), sin(la))
        }
        /// Range km, azimuth rad, elevation rad, range rate km/s.
        func look(_ r: SIMD3<Double>, _ v: SIMD3<Double>) -> SIMD4<Double> {
            let d = r - position, rho = (d * d).sum().squareRoot()
            var az = atan2((d * east).sum(), (d * north).sum())
            if az < 0 { az += 2 * .pi }
            return SIMD4(rho, az, asin(max(-1, min(1, (d * up).sum() / rho))), (d * v).sum() / rho)
        }
        /// The Earth-fixed position of a range/azimuth/elevation measurement.
        func position(rangeKm: Double, azimuthRad az: Double, elevationRad el: Double) -> SIMD3<Double> {
            position + rangeKm * (cos(el) * sin(az) * east + cos(el) * cos(az) * north + sin(el) * up)
        }
    }

    /// The IR line-of-sight model about `x`.
    static func lineOfSight(_ x: TrackState, sensor s: SIMD3<Double>, unit u: SIMD3<Double>, sigmaRad: Double) -> LinearisedMeasurement? {
        let d = x.position - s, rho = (d * d).sum().squareRoot()
        guard rho > 1e-3, rho.isFinite else { return nil }
        // The same perpendicular axes the simulation perturbs the line of sight along.
        let (e1, e2) = MissileSensorNetwork.basis(d / rho)
        var z = LinearisedMeasurement(m: 2)
        z.y[0] = (e1 * u).sum(); z.y[1] = (e2 * u).sum()
        for k in 0..<3 { z.h[k] = e1[k] / rho; z.h[10 + k] = e2[k] / rho }
        let s2 = max(sigmaRad, 1e-7) * max(sigmaRad, 1e-7)
        z.r[0] = s2; z.r[1] = s2
        return z
    }

    /// The radar model about `x`.
    static func radar(_ x: TrackState, site: RadarSite, rangeKm: Double, azimuthRad: Double, elevationRad: Double, rangeRateKmPerS: Double?,
                      sigmaRangeKm: Double, sigmaAngleRad: Double, sigmaRangeRateKmPerS: Double?) -> LinearisedMeasurement? {
        let m = (rangeRateKmPerS != nil && sigmaRangeRateKmPerS != nil) ? 4 : 3
        let p0 = site.look(x.position, x.velocity)
        guard p0[0] > 1e-3, (p0 * p0).sum().isFinite else { return nil }
        var z = LinearisedMeasurement(m: m)
        var daz = azimuthRad - p0[1]
        daz = daz - 2 * .pi * (daz / (2 * .pi)).rounded()
        z.y[0] = rangeKm - p0[0]; z.y[1] = daz; z.y[2] = elevationRad - p0[2]
        if m == 4 { z.y[3] = rangeRateKmPerS! - p0[3] }
        for j in 0..<6 {
            let step = j < 3 ? 1e-3 : 1e-5
            var a = x.position, b = x.velocity
            if j < 3 { a[j] += step } else { b[j - 3] += step }
            let plus = site.look(a, b)
            a = x.position; b = x.velocity
            if j < 3 { a[j] -= step } else { b[j - 3] -= step }
            let minus = site.look(a, b)
            var diff = plus - minus
            diff[1] = diff[1] - 2 * .pi * (diff[1] / (2 * .pi)).rounded()
            for k in 0..<m { z.h[k * 10 + j] = diff[k] / (2 * step) }
        }
        z.r[0] = max(sigmaRangeKm, 1e-4) * max(sigmaRangeKm, 1e-4)
        let sa = max(sigmaAngleRad, 1e-6)
        z.r[1] = sa * sa; z.r[2] = sa * sa
        if m == 4 { z.r[3] = max(sigmaRangeRateKmPerS!, 1e-5) * max(sigmaRangeRateKmPerS!, 1e-5) }
        return z
    }
}
