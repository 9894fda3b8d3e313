import Astrodynamics
import Foundation
import SpaceData

/// Synthetic impulsive maneuvers written into an element-set history, to measure detection (tests
/// and Benchmarks/maneuvers).
///
/// The burn happens at `time` with tangential and normal components (m/s). Every set whose epoch is
/// after `time` is changed by what such a burn does to a near-circular orbit (Gauss variational
/// equations, Vallado 2013, ch. 9, Gauss's form of the variational equations): semi-major axis Δa = 2a·ΔvT/v (mean motion follows), eccentricity
/// vector (e cos ϖ, e sin ϖ) moved by (2ΔvT/v)·(cos l, sin l) at the burn's true longitude l, and the
/// orbit plane rotated about the radius by ΔvN/v (exactly, through the angular-momentum direction, so
/// equatorial GEO orbits work too), keeping the satellite's position at the burn. The mean anomaly of
/// later sets gains Δn·(t − t_burn) and the node the change of J2 rate Δ(Ω̇)·(t − t_burn). The burn
/// point's argument of latitude comes from the last set before `time` advanced with its mean motion.
/// Radial components and the apsidal rotation of the e-vector change are not modelled.
public enum ManeuverInjection {
    /// The history with a burn of `tangentialMetersPerSecond` / `normalMetersPerSecond` at `time`.
    /// Sets are returned in the input order; sets at or before `time` are unchanged.
    public static func apply(to history: [ElementSet], at time: Instant, tangentialMetersPerSecond dvT: Double,
                             normalMetersPerSecond dvN: Double, gravity: GravityModel = .wgs72) -> [ElementSet] {
        let before = history.filter { $0.epoch <= time }.max { $0.epoch < $1.epoch }
        guard let ref = before ?? history.min(by: { $0.epoch < $1.epoch }) else { return history }
        let deg = Double.pi / 180
        let n = ref.meanMotionRevPerDay * 2 * .pi / 86_400
        let a = pow(gravity.muKm3PerS2 / (n * n), 1.0 / 3.0)
        let v = (gravity.muKm3PerS2 / a).squareRoot()
        let i = ref.inclinationDeg * deg, raan = ref.raanDeg * deg, argp = ref.argumentOfPericenterDeg * deg
        let u = argp + ref.meanAnomalyDeg * deg + n * time.secondsSince(ref.epoch)
        // Plane rotation: ĥ' ∝ ĥ − δ·t̂, δ = ΔvN/v.
        let h = SIMD3(sin(raan) * sin(i), -cos(raan) * sin(i), cos(i))
        let r = SIMD3(cos(raan) * cos(u) - sin(raan) * sin(u) * cos(i),
                      sin(raan) * cos(u) + cos(raan) * sin(u) * cos(i),
                      sin(u) * sin(i))
        let t = SIMD3(h.y * r.z - h.z * r.y, h.z * r.x - h.x * r.z, h.x * r.y - h.y * r.x)
        var h2 = h - (dvN / 1000 / v) * t
        h2 /= (h2 * h2).sum().squareRoot()
        let i2 = acos(max(-1, min(1, h2.z)))
        let raan2 = atan2(h2.x, -h2.y)
        let node2 = SIMD3(cos(raan2), sin(raan2), 0)
        let hxn = SIMD3(h2.y * node2.z - h2.z * node2.y, h2.z * node2.x - h2.x * node2.z, h2.x * node2.y - h2.y * node2.x)
        let u2 = atan2((r * hxn).sum(), (r * node2).sum())
        let dI = i2 - i
        let dRaan = atan2(sin(raan2 - raan), cos(raan2 - raan))
        let dU = atan2(sin(u2 - u), cos(u2 - u))
        let da = 2 * a * (dvT / 1000) / v
        let de = 2 * (dvT / 1000) / v
        let trueLongitude = raan + u

        return history.map { set in
            guard set.epoch > time else { return set }
            var out = set
            let dt = set.epoch.secondsSince(time)
            let nOld = set.meanMotionRevPerDay * 2 * .pi / 86_400
            let aOld = pow(gravity.muKm3PerS2 / (nOld * nOld), 1.0 / 3.0)
            let aNew = aOld + da
            let nNew = (gravity.muKm3PerS2 / (aNew * aNew * aNew)).squareRoot()
            out.meanMotionRevPerDay = nNew * 86_400 / (2 * .pi)
            let iOld = set.inclinationDeg * deg
            var iNew = iOld + dI
            var flip = 0.0
            if iNew < 0 { iNew = -iNew; flip = .pi }   // through the pole of an equatorial orbit
            func nodeRate(_ n: Double, _ a: Double, _ i: Double) -> Double {
                let p = a * (1 - set.eccentricity * set.eccentricity)
                return -1.5 * n * gravity.j2 * (gravity.radiusKm / p) * (gravity.radiusKm / p) * cos(i)
            }
            let raanOld = set.raanDeg * deg
            let raanNew = raanOld + dRaan + flip + (nodeRate(nNew, aNew, iNew) - nodeRate(nOld, aOld, iOld)) * dt
            // Eccentricity vector in the ϖ = Ω + ω form.
            let varpi = raanOld + set.argumentOfPericenterDeg * deg
            let ex = set.eccentricity * cos(varpi) + de * cos(trueLongitude)
            let ey = set.eccentricity * sin(varpi) + de * sin(trueLongitude)
            let eNew = min(0.999, (ex * ex + ey * ey).squareRoot())
            let varpiNew = atan2(ey, ex)
            let argpNew = varpiNew - raanNew + dU
            // Keep the mean argument of latitude (position) continuous, then add the along-track drift.
            let uOld = set.argumentOfPericenterDeg * deg + set.meanAnomalyDeg * deg
            let mNew = uOld + dU - argpNew + (nNew - nOld) * dt
            func wrapDeg(_ x: Double) -> Double { let d = (x / deg).truncatingRemainder(dividingBy: 360); return d < 0 ? d + 360 : d }
            out.inclinationDeg = iNew / deg
            out.raanDeg = wrapDeg(raanNew)
            out.eccentricity = eNew
            out.argumentOfPericenterDeg = wrapDeg(argpNew)
            out.meanAnomalyDeg = wrapDeg(mNew)
            return out
        }
    }
}
