import Foundation
import Astrodynamics

/// TEME → ITRF / GCRF rotations on an evenly spaced time grid, with the Sun's position and each
/// optical site's darkness, computed once and shared by every object (the expensive part of a
/// frame conversion is the nutation series; it depends only on the instant).
///
/// Between grid points the TEME → PEF rotation is advanced by Earth rotation alone,
/// R₃(ω·Δt)·R(tₖ): nutation and precession change by less than 0.01″ in a minute, far below any
/// sensor's noise.
struct EarthFrameGrid: Sendable {
    let start: Instant
    let durationSeconds: Double
    let stepSeconds: Double
    let count: Int
    let temeToPEF: [Matrix3]
    let pefToITRF: [Matrix3]
    let temeToITRF: [Matrix3]
    let temeToGCRF: [Matrix3]
    let omega: [Double]
    let sunGCRF: [SIMD3<Double>]
    /// darkness[sensorIndex][k]: the Sun is below the sensor's limit (optical sensors; true for others).
    let dark: [[Bool]]

    init(start: Instant, durationSeconds: Double, stepSeconds: Double, sensors: [Sensor],
         eop: EarthOrientationTable, leapSeconds: LeapSecondTable) {
        self.start = start
        self.durationSeconds = durationSeconds
        self.stepSeconds = stepSeconds
        let n = Int((durationSeconds / stepSeconds).rounded(.up)) + 1
        count = n
        var a: [Matrix3] = [], b: [Matrix3] = [], c: [Matrix3] = [], g: [Matrix3] = []
        var w: [Double] = [], sun: [SIMD3<Double>] = []
        a.reserveCapacity(n); b.reserveCapacity(n); c.reserveCapacity(n); g.reserveCapacity(n)
        for k in 0..<n {
            let t = start.advanced(bySeconds: min(Double(k) * stepSeconds, durationSeconds))
            let rot = TEMERotations(at: t, eop: eop, leapSeconds: leapSeconds)
            a.append(rot.temeToPEF); b.append(rot.pefToITRF); c.append(rot.pefToITRF * rot.temeToPEF)
            g.append(rot.temeToGCRF); w.append(rot.earthRotationRadPerS)
            sun.append(SunPositionVallado2013.positionKm(at: t))
        }
        temeToPEF = a; pefToITRF = b; temeToITRF = c; temeToGCRF = g; omega = w; sunGCRF = sun
        var darkness: [[Bool]] = []
        for s in sensors {
            guard s.kind == .optical else { darkness.append([]); continue }
            let limit = s.optical?.maximumSunElevationRad ?? -12 * .pi / 180
            var row: [Bool] = []
            row.reserveCapacity(n)
            for k in 0..<n {
                row.append(EarthFrameGrid.sunElevationRad(site: s.site, sunGCRF: sun[k], temeToITRF: c[k], temeToGCRF: g[k]) < limit)
            }
            darkness.append(row)
        }
        dark = darkness
    }

    /// Seconds from `start` of grid point `k`.
    @inline(__always) func seconds(_ k: Int) -> Double { min(Double(k) * stepSeconds, durationSeconds) }

    /// The nearest grid index to `t` seconds from start.
    @inline(__always) func nearest(_ t: Double) -> Int {
        max(0, min(count - 1, Int((t / stepSeconds).rounded())))
    }

    /// TEME → ITRF of a position at `t` seconds from start.
    @inline(__always) func itrf(_ r: SIMD3<Double>, at t: Double) -> SIMD3<Double> {
        let k = nearest(t)
        let dt = t - seconds(k)
        if dt == 0 { return temeToITRF[k] * r }
        let p = temeToPEF[k] * r
        let ang = omega[k] * dt
        let cs = cos(ang), sn = sin(ang)
        return pefToITRF[k] * SIMD3(cs * p.x + sn * p.y, -sn * p.x + cs * p.y, p.z)
    }

    /// The Sun's elevation at `site`, radians.
    static func sunElevationRad(site: GroundSite, sunGCRF: SIMD3<Double>, temeToITRF: Matrix3, temeToGCRF: Matrix3) -> Double {
        // ITRF → TEME is the transpose; then to GCRF.
        let toGCRF = temeToGCRF * temeToITRF.transposed
        let siteG = toGCRF * site.itrfPositionKm
        let up = toGCRF * site.enuFromITRF.row2
        let d = sunGCRF - siteG
        let n = (d * d).sum().squareRoot()
        return asin(max(-1, min(1, (d * up).sum() / n)))
    }
}
