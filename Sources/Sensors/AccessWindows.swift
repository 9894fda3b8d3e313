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
/// grid point. The grid samples come from ``SGP4Batch`` (blocks of objects of the same stride, a
/// chunk of grid times at a time, so memory stays bounded), or object by object from the scalar
/// propagator with ``sampling`` `.scalar` (the method before it); the two find the same passes
/// (`AccessWindowsBatchTests`). A change of visibility between two points is refined by bisection to
/// ``timeToleranceSeconds``, and the culmination by golden-section search on elevation (to the same
/// tolerance). The minimum range is the least of the ranges at the culmination, rise, set and the
/// nearest grid sample (exact for a pass through the whole sky, where it is at the culmination). The Earth
/// rotations, Sun position and site darkness are computed once per grid time and shared by all
/// objects; blocks of objects are processed in parallel on ``threads`` threads. The refinements run
/// the scalar propagator. A pass shorter
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
    /// How objects are sampled on the coarse grid (``AccessSampling/batch`` by default).
    public var sampling: AccessSampling = .batch
    /// Worker threads (all cores by default).
    public var threads: Int = ProcessInfo.processInfo.activeProcessorCount

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
        let finder = PassFinder(grid: grid, sensors: sensors, tolerance: timeToleranceSeconds,
                                deepStride: max(1, Int((deepSpaceStepSeconds / nearEarthStepSeconds).rounded())))
        let found: (passes: [Pass], failures: [(index: Int, error: SGP4Error)])
        switch sampling {
        case .batch: found = batchPasses(satellites, finder: finder)
        case .scalar:
            var reference = finder
            reference.quickReject = false
            found = scalarPasses(satellites, finder: reference)
        }
        var all = found.passes
        all.sort { ($0.rise, $0.sensorID, $0.catalogNumber) < ($1.rise, $1.sensorID, $1.catalogNumber) }
        let failures = found.failures.sorted { $0.index < $1.index }.map { (catalogNumber: satellites[$0.index].catalogNumber, error: $0.error) }
        return AccessReport(passes: all, objectCount: satellites.count, failures: failures,
                            elapsedSeconds: (ContinuousClock.now - clock).inSeconds)
    }

    /// The coarse sampling, object by object through the scalar propagator (the method before
    /// ``SGP4Batch``; kept as the reference the batched sampling is tested against).
    func scalarPasses(_ satellites: [(catalogNumber: Int, sgp4: SGP4)], finder: PassFinder)
        -> (passes: [Pass], failures: [(index: Int, error: SGP4Error)]) {
        let chunks = max(1, min(satellites.count, 256))
        let box = ResultBox(count: chunks)
        AccessWindows.parallelFor(chunks, threads: threads) { c in
            var passes: [Pass] = []
            var fails: [(index: Int, error: SGP4Error)] = []
            var i = c
            while i < satellites.count {
                let (n, sgp4) = satellites[i]
                if let e = finder.passes(catalogNumber: n, sgp4: sgp4, into: &passes) { fails.append((i, e)) }
                i += chunks
            }
            box.store(c, passes, fails)
        }
        return (box.passes.flatMap { $0 }, box.failures.flatMap { $0 })
    }

    /// Runs `body(0..<iterations)` on up to `threads` threads, each taking the next undone
    /// iteration (so uneven iterations balance).
    static func parallelFor(_ iterations: Int, threads: Int, _ body: @Sendable (Int) -> Void) {
        let workers = max(1, min(threads, iterations))
        if workers == 1 {
            for k in 0..<iterations { body(k) }
            return
        }
        let next = WorkCounter()
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            while let k = next.take(below: iterations) { body(k) }
        }
    }
}

/// How ``AccessWindows`` samples objects on the coarse grid.
public enum AccessSampling: String, Sendable, CaseIterable {
    /// Blocks of objects through ``SGP4Batch`` (SIMD kernel), a chunk of grid times at a time; a
    /// sensor the object is surely hidden from (range, or elevation below the mask by more than
    /// rounding) is skipped without the full field-of-regard test.
    case batch
    /// Object by object through the scalar ``SGP4``, every sensor tested in full at every grid
    /// point: the method as it was before ``SGP4Batch``, kept as the reference.
    case scalar
}

/// A shared counter handing out iteration numbers to worker threads.
final class WorkCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var next = 0
    func take(below limit: Int) -> Int? {
        lock.lock(); defer { lock.unlock() }
        guard next < limit else { return nil }
        next += 1
        return next - 1
    }
}

/// One object's pass search in progress, per sensor: whether a pass is open, its rise, and the
/// sampled instants of highest elevation and least range so far.
struct PassScan {
    var inPass: [Bool]
    var riseT: [Double]
    var bestEl: [Double]
    var bestT: [Double]
    var bestRange: [Double]
    var bestRangeT: [Double]
    /// Seconds from the window start of the last sample fed (the last good one).
    var previousT = 0.0

    init(sensorCount ns: Int) {
        inPass = Array(repeating: false, count: ns)
        riseT = Array(repeating: 0, count: ns)
        bestEl = Array(repeating: -10, count: ns)
        bestT = Array(repeating: 0, count: ns)
        bestRange = Array(repeating: .infinity, count: ns)
        bestRangeT = Array(repeating: 0, count: ns)
    }
}

/// Per-chunk results written from parallel workers (each index written once, under a lock).
final class ResultBox: @unchecked Sendable {
    private let lock = NSLock()
    var passes: [[Pass]]
    var failures: [[(index: Int, error: SGP4Error)]]
    init(count: Int) {
        passes = Array(repeating: [], count: count)
        failures = Array(repeating: [], count: count)
    }
    func store(_ i: Int, _ p: [Pass], _ f: [(index: Int, error: SGP4Error)]) {
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
    /// sin(minimum elevation) less 1e-9 per sensor: below it an object is surely under the mask
    /// (the margin is far above the rounding of `asin`), so the grid scan skips the full test.
    let hiddenBelowSine: [Double]
    /// Whether the grid scan skips sensors with ``surelyHidden(_:rITRF:)`` (the batched sampling
    /// does; the scalar reference keeps the method as it was, testing every sensor in full).
    var quickReject = true

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
        hiddenBelowSine = sensors.map { sin($0.fieldOfRegard.minimumElevationRad) - 1e-9 }
    }

    /// True when the object at `rITRF` is certainly outside sensor `s`'s field of regard (out of
    /// its range limits, or below its minimum elevation by more than rounding): the same verdict
    /// ``look(_:rTEME:rITRF:t:)`` gives, without its `asin`, `atan2` and lighting tests.
    @inline(__always)
    func surelyHidden(_ s: Int, rITRF: SIMD3<Double>) -> Bool {
        let d = enuFromITRF[s] * (rITRF - siteITRF[s])
        let range = (d * d).sum().squareRoot()
        return !ranges[s].contains(range) || d.z < range * hiddenBelowSine[s]
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

    /// The grid indices an object is sampled at: every `stride`-th point, and always the last.
    func sampleIndices(stride: Int) -> [Int] {
        var k = 0, out: [Int] = []
        let last = grid.count - 1
        while true {
            out.append(k)
            if k == last { break }
            k = min(k + stride, last)
        }
        return out
    }

    /// The coarse-grid stride of an object: 1 below a 225 min period, ``deepStride`` above.
    func stride(of sgp4: SGP4) -> Int { sgp4.periodMinutes >= 225 ? deepStride : 1 }

    /// A new scan (no pass in progress) over `sensors.count` sensors.
    func startScan() -> PassScan { PassScan(sensorCount: sensors.count) }

    /// Feeds grid sample `k` (the object at `r`, TEME km) to `scan`: opens passes that became
    /// visible (rise refined by bisection), updates the sampled best elevation and range of those in
    /// progress, and closes those that ended (set refined, culmination searched).
    @inline(__always)
    func step(_ scan: inout PassScan, k: Int, r: SIMD3<Double>, catalogNumber n: Int, sgp4: SGP4, offset: Double,
              into out: inout [Pass]) {
        let t = grid.seconds(k)
        let rITRF = grid.temeToITRF[k] * r
        for s in 0..<sensors.count {
            // Nothing changes for a sensor that neither sees the object nor had it in view.
            if quickReject && !scan.inPass[s] && surelyHidden(s, rITRF: rITRF) { continue }
            let v = look(s, rTEME: r, rITRF: rITRF, t: t)
            if v.visible {
                if !scan.inPass[s] {
                    scan.inPass[s] = true
                    scan.riseT[s] = k == 0 ? 0 : boundary(s, sgp4, offset, scan.previousT, t, visibleAtA: false)
                    scan.bestEl[s] = v.el; scan.bestT[s] = t; scan.bestRange[s] = v.range; scan.bestRangeT[s] = t
                } else {
                    if v.el > scan.bestEl[s] { scan.bestEl[s] = v.el; scan.bestT[s] = t }
                    if v.range < scan.bestRange[s] { scan.bestRange[s] = v.range; scan.bestRangeT[s] = t }
                }
            } else if scan.inPass[s] {
                scan.inPass[s] = false
                let setT = boundary(s, sgp4, offset, scan.previousT, t, visibleAtA: true)
                close(s, n, sgp4, offset, scan.riseT[s], setT, scan.bestT[s], scan.bestRangeT[s], into: &out)
            }
        }
        scan.previousT = t
    }

    /// Closes the passes still in progress: at the window end, or at the last good sample when
    /// propagation failed (`failure`).
    func finish(_ scan: PassScan, failed: Bool, catalogNumber n: Int, sgp4: SGP4, offset: Double, into out: inout [Pass]) {
        let end = failed ? scan.previousT : grid.durationSeconds
        for s in 0..<sensors.count where scan.inPass[s] {
            close(s, n, sgp4, offset, scan.riseT[s], end, scan.bestT[s], scan.bestRangeT[s], into: &out, endsAfter: !failed)
        }
    }

    /// Appends the object's passes, sampling it with the scalar propagator; returns the
    /// propagation error that stopped it, if any.
    func passes(catalogNumber n: Int, sgp4: SGP4, into out: inout [Pass]) -> SGP4Error? {
        let offset = grid.start.secondsSince(sgp4.epoch) / 60
        var scan = startScan()
        for k in sampleIndices(stride: stride(of: sgp4)) {
            let r: SIMD3<Double>
            do { r = try position(sgp4, offset, grid.seconds(k)) } catch {
                finish(scan, failed: true, catalogNumber: n, sgp4: sgp4, offset: offset, into: &out)
                return error
            }
            step(&scan, k: k, r: r, catalogNumber: n, sgp4: sgp4, offset: offset, into: &out)
        }
        finish(scan, failed: false, catalogNumber: n, sgp4: sgp4, offset: offset, into: &out)
        return nil
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
