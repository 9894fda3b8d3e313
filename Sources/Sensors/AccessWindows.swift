import Foundation
import Astrodynamics
import SpaceData

/// One pass of an object through a sensor's field of regard (inside its azimuth sector, elevation
/// and range limits; for an optical sensor also with the site dark and the object sunlit).
public struct Pass: Sendable, Hashable {
    public var sensorID: String
    public var catalogNumber: Int
    /// Entry into the field of regard (the window start when the pass was already in progress).
    public var rise: Instant
    /// The instant of highest elevation within the pass.
    public var culmination: Instant
    /// Exit from the field of regard (the window end when the pass continues past it).
    public var set: Instant
    /// Highest elevation reached, radians.
    public var maximumElevationRad: Double
    /// Smallest slant range, km.
    public var minimumRangeKm: Double
    /// The pass was in progress at the window start.
    public var beginsBeforeWindow: Bool
    /// The pass continues past the window end.
    public var endsAfterWindow: Bool

    public init(sensorID: String, catalogNumber: Int, rise: Instant, culmination: Instant, set: Instant,
                maximumElevationRad: Double, minimumRangeKm: Double, beginsBeforeWindow: Bool = false,
                endsAfterWindow: Bool = false) {
        self.sensorID = sensorID
        self.catalogNumber = catalogNumber
        self.rise = rise
        self.culmination = culmination
        self.set = set
        self.maximumElevationRad = maximumElevationRad
        self.minimumRangeKm = minimumRangeKm
        self.beginsBeforeWindow = beginsBeforeWindow
        self.endsAfterWindow = endsAfterWindow
    }

    /// Seconds from rise to set.
    public var durationSeconds: Double { self.set.secondsSince(rise) }
}

/// The passes found for a catalog over a network, with what could not be propagated.
public struct AccessReport: Sendable {
    /// Every pass, ordered by rise, then sensor, then catalog number.
    public var passes: [Pass]
    /// Objects examined.
    public var objectCount: Int
    /// Objects SGP4 could not propagate over the window (decayed, bad elements), with the reason.
    public var failures: [(catalogNumber: Int, error: SGP4Error)]
    /// Wall-clock time spent, seconds.
    public var elapsedSeconds: Double
}

/// Finds every pass of every object over every sensor in a time window.
///
/// Method: each object is propagated (SGP4) on a coarse grid — ``nearEarthStepSeconds`` for
/// periods under 225 min, ``deepSpaceStepSeconds`` above — and tested against every sensor at each
/// grid point; a change of visibility between two points is refined by bisection to
/// ``timeToleranceSeconds``, and the culmination by golden-section search on elevation (to the same
/// tolerance). The minimum range is the least of the ranges at the culmination, rise, set and the
/// nearest grid sample (exact for a pass through the whole sky, where it is at the culmination). The Earth
/// rotations, Sun position and site darkness are computed once per grid time and shared by all
/// objects; objects are processed in parallel (`DispatchQueue.concurrentPerform`). A pass shorter
/// than the step that starts and ends between two grid points can be missed: with the default
/// 30 s step that is only a grazing pass at the edge of the field of regard.
public struct AccessWindows: Sendable {
    public var sensors: [Sensor]
    public var eop: EarthOrientationTable
    public var leapSeconds: LeapSecondTable
    /// Grid step for near-Earth objects (period < 225 min), seconds.
    public var nearEarthStepSeconds: Double = 30
    /// Grid step for deep-space objects, seconds (a multiple of the near-Earth step is used).
    public var deepSpaceStepSeconds: Double = 300
    /// Rise and set times are found to within this, seconds.
    public var timeToleranceSeconds: Double = 0.5

    public init(sensors: [Sensor], eop: EarthOrientationTable, leapSeconds: LeapSecondTable = .bundled) {
        self.sensors = sensors
        self.eop = eop
        self.leapSeconds = leapSeconds
    }

    /// The passes of `sets` (one per object: give each object's set once) from `start` for `durationSeconds`.
    public func compute(_ sets: [ElementSet], start: Instant, durationSeconds: Double) -> AccessReport {
        let clock = ContinuousClock.now
        var satellites: [(Int, SGP4)] = []
        var failures: [(catalogNumber: Int, error: SGP4Error)] = []
        for s in sets {
            do { satellites.append((s.noradCatalogNumber, try SGP4(s.meanElements))) } catch {
                failures.append((s.noradCatalogNumber, error))
            }
        }
        var report = compute(satellites: satellites, start: start, durationSeconds: durationSeconds)
        report.failures += failures
        report.failures.sort { $0.catalogNumber < $1.catalogNumber }
        report.objectCount = sets.count
        report.elapsedSeconds = (ContinuousClock.now - clock).inSeconds
        return report
    }

    /// The passes of already-initialised propagators.
    public func compute(satellites: [(catalogNumber: Int, sgp4: SGP4)], start: Instant, durationSeconds: Double) -> AccessReport {
        let clock = ContinuousClock.now
        let grid = EarthFrameGrid(start: start, durationSeconds: durationSeconds, stepSeconds: nearEarthStepSeconds,
                                  sensors: sensors, eop: eop, leapSeconds: leapSeconds)
        let chunks = max(1, min(satellites.count, 256))
        let box = ResultBox(count: chunks)
        let finder = PassFinder(grid: grid, sensors: sensors, tolerance: timeToleranceSeconds,
                                deepStride: max(1, Int((deepSpaceStepSeconds / nearEarthStepSeconds).rounded())))
        DispatchQueue.concurrentPerform(iterations: chunks) { c in
            var passes: [Pass] = []
            var fails: [(catalogNumber: Int, error: SGP4Error)] = []
            var i = c
            while i < satellites.count {
                let (n, sgp4) = satellites[i]
                if let e = finder.passes(catalogNumber: n, sgp4: sgp4, into: &passes) { fails.append((n, e)) }
                i += chunks
            }
            box.store(c, passes, fails)
        }
        var all = box.passes.flatMap { $0 }
        all.sort { ($0.rise, $0.sensorID, $0.catalogNumber) < ($1.rise, $1.sensorID, $1.catalogNumber) }
        return AccessReport(passes: all, objectCount: satellites.count, failures: box.failures.flatMap { $0 },
                            elapsedSeconds: (ContinuousClock.now - clock).inSeconds)
    }
}


/// Per-chunk results written from parallel workers (each index written once, under a lock).
final class ResultBox: @unchecked Sendable {
    private let lock = NSLock()
    var passes: [[Pass]]
    var failures: [[(catalogNumber: Int, error: SGP4Error)]]
    init(count: Int) {
        passes = Array(repeating: [], count: count)
        failures = Array(repeating: [], count: count)
    }
    func store(_ i: Int, _ p: [Pass], _ f: [(catalogNumber: Int, error: SGP4Error)]) {
        lock.lock(); passes[i] = p; failures[i] = f; lock.unlock()
    }
}

/// The search for one object's passes over every sensor.
struct PassFinder: Sendable {
    let grid: EarthFrameGrid
    let sensors: [Sensor]
    let tolerance: Double
    let deepStride: Int
    // The sensors' geometry, unpacked once for the inner loop.
    let siteITRF: [SIMD3<Double>]
    let enuFromITRF: [Matrix3]
    let fields: [FieldOfRegard]
    let ranges: [ClosedRange<Double>]
    let shadow: [ShadowModel?]

    init(grid: EarthFrameGrid, sensors: [Sensor], tolerance: Double, deepStride: Int) {
        self.grid = grid
        self.sensors = sensors
        self.tolerance = tolerance
        self.deepStride = deepStride
        siteITRF = sensors.map(\.site.itrfPositionKm)
        enuFromITRF = sensors.map(\.site.enuFromITRF)
        fields = sensors.map(\.fieldOfRegard)
        ranges = sensors.map(\.rangeLimitsKm)
        shadow = sensors.map { $0.kind == .optical ? ($0.optical?.shadow ?? .cylindrical) : nil }
    }

    /// Where the object is seen from sensor `s`: azimuth, elevation, range, and whether it is inside
    /// the sensor's field of regard (and lit and in the dark, for optical sensors).
    @inline(__always)
    func look(_ s: Int, rTEME: SIMD3<Double>, rITRF: SIMD3<Double>, t: Double) -> (el: Double, range: Double, visible: Bool) {
        let d = enuFromITRF[s] * (rITRF - siteITRF[s])
        let range = (d * d).sum().squareRoot()
        let el = asin(d.z / range)
        guard ranges[s].contains(range), el >= fields[s].minimumElevationRad else { return (el, range, false) }
        var az = atan2(d.x, d.y)
        if az < 0 { az += 2 * .pi }
        guard fields[s].contains(azimuthRad: az, elevationRad: el) else { return (el, range, false) }
        if let model = shadow[s] {
            let k = grid.nearest(t)
            guard grid.dark[s][k] else { return (el, range, false) }
            let sun = abs(t - grid.seconds(k)) < 1e-9 ? grid.sunGCRF[k]
                : SunPositionVallado2013.positionKm(at: grid.start.advanced(bySeconds: t))
            guard EarthShadow.isSunlit(positionKm: grid.temeToGCRF[k] * rTEME, sunKm: sun, model: model) else { return (el, range, false) }
        }
        return (el, range, true)
    }

    @inline(__always)
    func position(_ sgp4: SGP4, _ offsetMinutes: Double, _ t: Double) throws(SGP4Error) -> SIMD3<Double> {
        try sgp4.propagate(minutesSinceEpoch: offsetMinutes + t / 60).positionKm
    }

    func look(_ s: Int, _ sgp4: SGP4, _ offset: Double, _ t: Double) -> (el: Double, range: Double, visible: Bool) {
        guard let r = try? position(sgp4, offset, t) else { return (-.pi / 2, .infinity, false) }
        return look(s, rTEME: r, rITRF: grid.itrf(r, at: t), t: t)
    }

    /// The instant in (a, b) where visibility changes from `visibleAtA`, to `tolerance`.
    func boundary(_ s: Int, _ sgp4: SGP4, _ offset: Double, _ a0: Double, _ b0: Double, visibleAtA: Bool) -> Double {
        var a = a0, b = b0
        while b - a > tolerance {
            let m = 0.5 * (a + b)
            if look(s, sgp4, offset, m).visible == visibleAtA { a = m } else { b = m }
        }
        return 0.5 * (a + b)
    }

    /// Golden-section search for the extremum of `f` on [a, b] (maximum when `maximize`).
    func golden(_ a0: Double, _ b0: Double, maximize: Bool, _ f: (Double) -> Double) -> (t: Double, value: Double) {
        let r = (5.0.squareRoot() - 1) / 2
        var a = a0, b = b0
        var c = b - r * (b - a), d = a + r * (b - a)
        var fc = f(c), fd = f(d)
        while b - a > tolerance {
            if (fc > fd) == maximize { b = d; d = c; fd = fc; c = b - r * (b - a); fc = f(c) }
            else { a = c; c = d; fc = fd; d = a + r * (b - a); fd = f(d) }
        }
        let t = 0.5 * (a + b)
        return (t, f(t))
    }

    /// Appends the object's passes; returns the propagation error that stopped it, if any.
    func passes(catalogNumber n: Int, sgp4: SGP4, into out: inout [Pass]) -> SGP4Error? {
        let offset = grid.start.secondsSince(sgp4.epoch) / 60
        let stride = sgp4.periodMinutes >= 225 ? deepStride : 1
        let ns = sensors.count
        var inPass = [Bool](repeating: false, count: ns)
        var riseT = [Double](repeating: 0, count: ns)
        var bestEl = [Double](repeating: -10, count: ns)
        var bestT = [Double](repeating: 0, count: ns)
        var bestRange = [Double](repeating: .infinity, count: ns)
        var bestRangeT = [Double](repeating: 0, count: ns)
        var previousT = 0.0
        var k = 0
        let last = grid.count - 1
        var failure: SGP4Error?
        while true {
            let t = grid.seconds(k)
            let r: SIMD3<Double>
            do { r = try position(sgp4, offset, t) } catch { failure = error; break }
            let rITRF = grid.temeToITRF[k] * r
            for s in 0..<ns {
                let v = look(s, rTEME: r, rITRF: rITRF, t: t)
                if v.visible {
                    if !inPass[s] {
                        inPass[s] = true
                        riseT[s] = k == 0 ? 0 : boundary(s, sgp4, offset, previousT, t, visibleAtA: false)
                        bestEl[s] = v.el; bestT[s] = t; bestRange[s] = v.range; bestRangeT[s] = t
                    } else {
                        if v.el > bestEl[s] { bestEl[s] = v.el; bestT[s] = t }
                        if v.range < bestRange[s] { bestRange[s] = v.range; bestRangeT[s] = t }
                    }
                } else if inPass[s] {
                    inPass[s] = false
                    let setT = boundary(s, sgp4, offset, previousT, t, visibleAtA: true)
                    close(s, n, sgp4, offset, riseT[s], setT, bestT[s], bestRangeT[s], into: &out)
                }
            }
            if k == last { break }
            previousT = t
            k = min(k + stride, last)
        }
        let end = failure == nil ? grid.durationSeconds : previousT
        for s in 0..<ns where inPass[s] {
            close(s, n, sgp4, offset, riseT[s], end, bestT[s], bestRangeT[s], into: &out, endsAfter: failure == nil)
        }
        return failure
    }

    func close(_ s: Int, _ n: Int, _ sgp4: SGP4, _ offset: Double, _ rise: Double, _ set: Double,
               _ sampledBest: Double, _ sampledNearest: Double, into out: inout [Pass], endsAfter: Bool = false) {
        let step = grid.stepSeconds * 2
        let lo = max(rise, sampledBest - step), hi = min(set, sampledBest + step)
        let culm = hi > lo ? golden(lo, hi, maximize: true) { look(s, sgp4, offset, $0).el } : (t: sampledBest, value: look(s, sgp4, offset, sampledBest).el)
        // Nearest approach: at the culmination for a pass through the whole sky, else at an edge of
        // the field of regard; the sampled minimum covers anything in between.
        let nearest = min(look(s, sgp4, offset, culm.t).range, look(s, sgp4, offset, rise).range,
                          look(s, sgp4, offset, set).range, look(s, sgp4, offset, sampledNearest).range)
        let start = grid.start
        out.append(Pass(sensorID: sensors[s].id, catalogNumber: n, rise: start.advanced(bySeconds: rise),
                        culmination: start.advanced(bySeconds: culm.t), set: start.advanced(bySeconds: set),
                        maximumElevationRad: culm.value, minimumRangeKm: nearest,
                        beginsBeforeWindow: rise == 0, endsAfterWindow: endsAfter))
    }
}
