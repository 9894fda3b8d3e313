import Astrodynamics
import ScreeningKernel
import ScreeningKernelAVX2
import ScreeningKernelAVX512

/// The objects that survive the junk rule, in structure-of-arrays form for the hot loops.
struct Population: Sendable {
    var ids: [Int]
    var sgp4: [SGP4]
    /// Window start in minutes since each object's epoch.
    var startMinutes: [Double]
    var isPrimary: [Bool]
    /// Radius band of the apsis filter, km (perigee − pad ... apogee + pad).
    var bandLowKm: [Double]
    var bandHighKm: [Double]
    /// Bound on |SGP4 velocity − d(position)/dt| for each object, km/s.
    var velocityErrorKmPerS: [Double]
    var count: Int { ids.count }
}

/// A (pair, step) that passed the candidate bound: the pair may come within the threshold during
/// `[t_step − Δt/2, t_step + Δt/2]`. `i < j` index the ``Population``.
struct Candidate: Sendable {
    var i: Int32
    var j: Int32
    var step: Int32
    /// Range at the step, km.
    var rangeKm: Float
    var pairKey: UInt64 { UInt64(UInt32(i)) << 32 | UInt64(UInt32(j)) }
}

/// Grid (spatial hashing) candidate search over time steps, after the uniform-grid broad phase of
/// Healy (2016, "Satellite conjunction screening with a uniform spatial grid") and the time-stepped
/// grid screens of Budianto-Ho et al. (2014, AMOS) and Lewis et al. (2019, JSR): at each step every
/// object is propagated (``SGP4Batch``, a block of steps per call), binned into cubic cells, and
/// only pairs in the same or nearby cells are tested.
///
/// **Why no event is lost.** Step `k` at `t_k` stands for the interval `|τ| ≤ h = Δt/2` around it.
/// Write Δr, Δv for the pair's relative position and SGP4 velocity at `t_k` as the batch
/// propagator gives them. Over the interval
/// `|Δr(t_k+τ) − Δr − Δv τ| ≤ c₁ + c₂`, where each object's curvature term is
/// `cᵢ = ½Aᵢh² + (εᵢ + δv)h + δr`: `A` bounds its acceleration (1.01 μ/ρ², ρ the smallest radius
/// it can reach in `h`; the 1 % covers J2 and drag), `ε` bounds the difference between its SGP4
/// velocity and the derivative of its position (``Population/velocityErrorKmPerS``), and `δr`, `δv`
/// (``batchToleranceKm``, ``batchToleranceKmPerS``) cover the difference between ``SGP4Batch`` and
/// the scalar propagator that refinement and the brute force use. So if the range drops to the
/// threshold `d` anywhere in the interval, the straight line `Δr + Δv τ` comes within `d + c₁ + c₂`
/// for some `|τ| ≤ h` — that is the pair test — and then `|Δr| ≤ d + R₁ + R₂` with each object's
/// reach `Rᵢ = |vᵢ|h + cᵢ`.
///
/// The cell size is `C = d + 2R_cap`, the reach of an object at ``normalSpeedKmPerS`` with the
/// largest curvature term any object can have (an object closer than `C` on every axis is in the
/// same or an adjacent cell). Objects whose reach is at most `R_cap` — all circular orbits, almost
/// the whole catalog — test each other in the 27 surrounding cells (each pair of cells once). A
/// faster object (eccentric orbits near perigee) tests every object within `d + R + R_max` of it
/// (`R_max` the step's largest reach): the cells up to `⌈(d + R + R_max)/C⌉` away on each axis; a
/// pair of two fast objects is tested by the first of the two in cell order. An object faster than
/// the speed limit at a step is dropped there and excluded
/// (``ExcludedObject/Reason/absurdSpeed(kmPerS:)``), so it cannot enlarge anyone's search.
/// The apsis filter skips pairs whose radius bands (``Population/bandLowKm``) are farther apart
/// than the threshold. Pairs of normal objects go through the eight-lane scan of `ScreeningKernel`
/// (``scanCellPairs(_:_:thresholdKm:halfStepSeconds:variant:onHit:)``), which evaluates the apsis
/// rule and the line test only: the line test implies the range bound
/// (`|Δr| ≤ d + c₁ + c₂ + |Δv|h` and `|Δv| ≤ |v₁| + |v₂|`), so the candidates are the same.
///
/// **Layout.** Each step the valid objects are sorted by cell key (`x`, `y`, `z` cell indices
/// packed with `z` in the low bits, LSD radix sort) and their states copied into cell order, so a
/// cell's objects are contiguous and the three cells `z−1…z+1` of a neighbouring column form one
/// contiguous run. With cells visited in key order the start and end of each neighbouring run only
/// move forward, so they are found by five monotone cursors instead of a hash table, and the pair
/// tests read consecutive memory.
final class SearchWorker: @unchecked Sendable {
    /// Smallest per-object bound on |SGP4 velocity − d(SGP4 position)/dt|, km/s (SGP4's velocity
    /// omits the rates of some short-period terms); an object's bound is twice the largest value
    /// its vetting samples showed, and at least this. Over the 2023-10-09 catalog (objects passing the junk rule, 10-minute
    /// samples, 1 day) the median is 0.04 m/s and the 99.9th percentile 5 m/s
    /// (Benchmarks/ScreeningBenchmark `consistency`).
    static let velocityConsistencyKmPerS = 0.02
    /// Allowance for ``SGP4Batch`` positions against the scalar ``SGP4``, km (10 mm: ten times
    /// the batch propagator's stated and tested bound of 1 mm).
    static let batchToleranceKm = 1e-5
    /// Allowance for ``SGP4Batch`` velocities against the scalar ``SGP4``, km/s (10 mm/s: ten
    /// times the stated bound of 1 mm/s).
    static let batchToleranceKmPerS = 1e-5
    /// Speed that sets the cell size, km/s: objects at most this fast (with the largest curvature
    /// term) search the adjacent cells only. 8 km/s is above circular speed at the Earth's surface
    /// (7.9 km/s), so only eccentric orbits near perigee exceed it.
    static let normalSpeedKmPerS = 8.0
    /// Steps propagated per ``SGP4Batch`` call (the constants of a chunk of satellites stay in
    /// cache across the block's times).
    static let stepsPerBlock = 8
    /// Cells per `C = d + 2R_cap` on each axis (`r`): normal pairs are then at most `r` cells apart, and
    /// each cell scans `(2r+1)³` cells of side `C/r` — a smaller volume for larger `r`, in more and
    /// shorter runs. `r = 2` makes 31 % fewer pair tests on the 2023 catalog but costs 17–20 % more
    /// CPU (single thread, 0.25 days: 7.2–7.4 s against 6.15 s), so `r = 1`.
    static let cellsPerCap = 1
    /// Entries past the last object in the cell-order arrays that the pair scan reads eight at a time
    /// (``PairScanArrays``).
    static let scanPadding = 8

    let population: Population
    let batch: SGP4Batch
    let thresholdKm: Double
    let speedLimit: Double
    let stepSeconds: Double
    let durationSeconds: Double
    let n: Int
    private var states = SGP4BatchStates()
    private var blockMinutes: [Double] = []

    // Per-object constants.
    private let isPrimaryOf: UnsafeMutablePointer<Bool>
    private let bandLowOf, bandHighOf, velocityErrorOf: UnsafeMutablePointer<Double>
    private let maximumVelocityError: Double
    private let anyPrimaries: Bool
    // Per-step scratch, by object index.
    private let reachOf, curvatureOf, speedOf: UnsafeMutablePointer<Double>
    private var keys: UnsafeMutablePointer<UInt64>, keysSpare: UnsafeMutablePointer<UInt64>
    private var order: UnsafeMutablePointer<Int32>, orderSpare: UnsafeMutablePointer<Int32>
    private let cellX, cellY, cellZ: UnsafeMutablePointer<Int64>
    private let radixCounts: UnsafeMutablePointer<Int>
    private static let radixBits = 11
    // Per-step state in cell order (structure of arrays).
    private let px, py, pz, vx, vy, vz, curvature, bandLow: UnsafeMutablePointer<Double>
    /// The apsis band top (``Population/bandHighKm``) with −∞ for fast objects, so the vectorised scan of normal pairs drops them
    /// through the apsis comparison.
    private let bandHighNormal: UnsafeMutablePointer<Double>
    private let isFast: UnsafeMutablePointer<Bool>
    private let index: UnsafeMutablePointer<Int32>
    private let fastPositions: UnsafeMutablePointer<Int32>
    /// The pair scan of normal objects (``scanCellPairs(_:_:thresholdKm:halfStepSeconds:variant:onHit:)``),
    /// compiled for the instruction set ``SGP4Batch/InstructionSet/detected`` names.
    private let scanCell: (PairScanArrays, PairScanCell, Double, Double, (Int, Int, Double) -> Void) -> Int
    private let scanArrays: PairScanArrays
    /// The current cell's non-empty neighbour runs (cell-order positions).
    private let rangeLow, rangeHigh: UnsafeMutablePointer<Int>
    /// The step's occupied cells: key and first cell-order position (one more entry for the end).
    private let cellKey: UnsafeMutablePointer<UInt64>
    private let cellStart: UnsafeMutablePointer<Int>

    var candidates: [Candidate] = []
    var failures: [(index: Int, reason: ExcludedObject.Reason)] = []
    var failed: [Bool]
    var pairTests = 0
    var fastObjectSteps = 0

    init(population: Population, batch: SGP4Batch, thresholdKm: Double, speedLimit: Double, stepSeconds: Double,
         durationSeconds: Double) {
        self.population = population
        self.batch = batch
        self.thresholdKm = thresholdKm
        self.speedLimit = speedLimit
        self.stepSeconds = stepSeconds
        self.durationSeconds = durationSeconds
        n = population.count
        func alloc<T>(_ v: T, _ count: Int) -> UnsafeMutablePointer<T> {
            let p = UnsafeMutablePointer<T>.allocate(capacity: max(count, 1))
            p.initialize(repeating: v, count: max(count, 1))
            return p
        }
        isPrimaryOf = alloc(false, n); bandLowOf = alloc(0.0, n); bandHighOf = alloc(0.0, n); velocityErrorOf = alloc(0.0, n)
        for i in 0..<n {
            isPrimaryOf[i] = population.isPrimary[i]
            bandLowOf[i] = population.bandLowKm[i]; bandHighOf[i] = population.bandHighKm[i]
            velocityErrorOf[i] = population.velocityErrorKmPerS[i]
        }
        anyPrimaries = population.isPrimary.contains(true)
        maximumVelocityError = population.velocityErrorKmPerS.max() ?? 0
        reachOf = alloc(0.0, n); curvatureOf = alloc(0.0, n); speedOf = alloc(0.0, n)
        keys = alloc(UInt64(0), n); keysSpare = alloc(UInt64(0), n)
        order = alloc(Int32(0), n); orderSpare = alloc(Int32(0), n)
        cellX = alloc(Int64(0), n); cellY = alloc(Int64(0), n); cellZ = alloc(Int64(0), n)
        radixCounts = alloc(0, 1 << SearchWorker.radixBits)
        // Cell-order arrays carry ``scanPadding`` more entries for the eight-lane loads of the pair scan.
        let padded = n + SearchWorker.scanPadding
        px = alloc(0.0, padded); py = alloc(0.0, padded); pz = alloc(0.0, padded)
        vx = alloc(0.0, padded); vy = alloc(0.0, padded); vz = alloc(0.0, padded)
        curvature = alloc(0.0, padded); bandLow = alloc(0.0, padded)
        bandHighNormal = alloc(0.0, padded)
        isFast = alloc(false, n); index = alloc(Int32(0), n); fastPositions = alloc(Int32(0), n)
        let maximumRuns = 1 + SearchWorker.cellsPerCap * (2 * SearchWorker.cellsPerCap + 1) + SearchWorker.cellsPerCap
        rangeLow = alloc(0, maximumRuns); rangeHigh = alloc(0, maximumRuns)
        cellKey = alloc(UInt64(0), n); cellStart = alloc(0, n + 1)
        scanArrays = PairScanArrays(px: px, py: py, pz: pz, vx: vx, vy: vy, vz: vz, curvatureKm: curvature,
                                    bandLowKm: bandLow, bandHighKm: bandHighNormal, isFast: isFast)
        switch batch.instructionSet {
        case .avx512: scanCell = { scanCellPairsAVX512($0, $1, thresholdKm: $2, halfStepSeconds: $3, onHit: $4) }
        case .avx2: scanCell = { scanCellPairsAVX2($0, $1, thresholdKm: $2, halfStepSeconds: $3, onHit: $4) }
        case .portable: scanCell = { scanCellPairsPortable($0, $1, thresholdKm: $2, halfStepSeconds: $3, onHit: $4) }
        }
        failed = Array(repeating: false, count: n)
    }

    deinit {
        for p in [bandLowOf, bandHighOf, velocityErrorOf, reachOf, curvatureOf, speedOf,
                  px, py, pz, vx, vy, vz, curvature, bandLow, bandHighNormal] { p.deallocate() }
        for p in [keys, keysSpare] { p.deallocate() }
        for p in [cellX, cellY, cellZ] { p.deallocate() }
        for p in [order, orderSpare, index, fastPositions] { p.deallocate() }
        rangeLow.deallocate(); rangeHigh.deallocate(); cellKey.deallocate(); cellStart.deallocate()
        isPrimaryOf.deallocate(); isFast.deallocate(); radixCounts.deallocate()
    }

    /// Time of step `k`, seconds since the window start.
    static func time(ofStep k: Int, stepSeconds: Double, durationSeconds: Double) -> Double {
        min(Double(k) * stepSeconds, durationSeconds)
    }

    private static let mu = 398_600.8        // WGS72, km³/s²
    /// The smallest radius the acceleration bound assumes, km.
    static let radiusFloorKm = 6_000.0

    /// Bound on the acceleration of an object at radius `rho` or above, km/s²: `1.01 μ/ρ²` (the
    /// 1 % covers J2 and drag).
    @inline(__always)
    static func accelerationBoundKmPerS2(radiusKm rho: Double) -> Double { 1.01 * mu / (rho * rho) }

    /// The largest curvature term `½Ah² + (ε + δv)h + δr` any object can have with this step and
    /// these velocity bounds (A at ``radiusFloorKm``).
    static func maximumCurvatureKm(h: Double, maximumVelocityErrorKmPerS eps: Double) -> Double {
        let a = accelerationBoundKmPerS2(radiusKm: radiusFloorKm)
        return 0.5 * a * h * h + (eps + batchToleranceKmPerS) * h + batchToleranceKm
    }

    /// Propagates every object to steps `steps` (consecutive, at most ``stepsPerBlock``) and
    /// searches each.
    func run(steps: Range<Int>) {
        blockMinutes.removeAll(keepingCapacity: true)
        for k in steps { blockMinutes.append(SearchWorker.time(ofStep: k, stepSeconds: stepSeconds, durationSeconds: durationSeconds) / 60) }
        batch.propagate(gridMinutes: blockMinutes, referenceMinutesSinceEpoch: population.startMinutes, into: &states, threads: 1)
        for (j, k) in steps.enumerated() { search(step: k, slotOffset: j * n) }
    }

    /// Bins the objects at step `k` (their states at slots `slotOffset + i` of the batch output)
    /// and appends the step's candidates.
    private func search(step k: Int, slotOffset: Int) {
        let h = stepSeconds / 2
        let d = thresholdKm
        var valid = 0
        var maximumReach = 0.0
        // 1. Speeds, reaches, failures.
        withStateColumns { sx, sy, sz, svx, svy, svz, code in
            for i in 0..<n {
                let o = slotOffset + i
                if code[o] != 0 {
                    if !failed[i], let error = states.error(o) { failed[i] = true; failures.append((i, .sgp4Refused(error))) }
                    continue
                }
                let s = (svx[o] * svx[o] + svy[o] * svy[o] + svz[o] * svz[o]).squareRoot()
                if !(s <= speedLimit) {
                    if !failed[i] { failed[i] = true; failures.append((i, .absurdSpeed(kmPerS: s))) }
                    continue
                }
                let radius = (sx[o] * sx[o] + sy[o] * sy[o] + sz[o] * sz[o]).squareRoot()
                let eps = velocityErrorOf[i] + SearchWorker.batchToleranceKmPerS
                let rho = max(radius - SearchWorker.batchToleranceKm - (s + eps) * h, SearchWorker.radiusFloorKm)
                let a = SearchWorker.accelerationBoundKmPerS2(radiusKm: rho)
                let c = 0.5 * a * h * h + eps * h + SearchWorker.batchToleranceKm
                speedOf[i] = s; curvatureOf[i] = c
                reachOf[i] = s * h + c
                maximumReach = max(maximumReach, s * h + c)
                order[valid] = Int32(i); valid += 1
            }
        }
        guard valid > 1 else { return }

        // 2. Cells. C = d + 2 R_cap, widened if the coordinates would not fit the key.
        let reachCap = SearchWorker.normalSpeedKmPerS * h
            + SearchWorker.maximumCurvatureKm(h: h, maximumVelocityErrorKmPerS: maximumVelocityError)
        var extentKm = 0.0
        withStateColumns { sx, sy, sz, _, _, _, _ in
            for m in 0..<valid {
                let o = slotOffset + Int(order[m])
                extentKm = max(extentKm, abs(sx[o]), abs(sy[o]), abs(sz[o]))
            }
        }
        let perCap = SearchWorker.cellsPerCap
        let cell = max((d + 2 * reachCap) / Double(perCap), 2 * extentKm / Double(1 << 18))
        let inverseCell = 1 / cell
        // Farthest any fast object searches, in cells (also the coordinates' headroom).
        let farthest = max(Int64(((d + 2 * maximumReach) * inverseCell).rounded(.up)), Int64(perCap)) + 1
        var low = Int64.max, high = Int64.min
        withStateColumns { sx, sy, sz, _, _, _, _ in
            for m in 0..<valid {
                let i = Int(order[m]), o = slotOffset + i
                let x = SearchWorker.floorToInt(sx[o] * inverseCell), y = SearchWorker.floorToInt(sy[o] * inverseCell)
                let z = SearchWorker.floorToInt(sz[o] * inverseCell)
                cellX[m] = x; cellY[m] = y; cellZ[m] = z
                low = min(low, x, y, z); high = max(high, x, y, z)
            }
        }
        let bias = farthest - low
        var bits = 1
        while (Int64(1) << bits) <= high + bias + farthest { bits += 1 }
        precondition(3 * bits <= 63, "cell coordinates exceed the key")
        let yShift = UInt64(bits), xShift = UInt64(2 * bits)
        for m in 0..<valid {
            keys[m] = UInt64(cellX[m] + bias) << xShift | UInt64(cellY[m] + bias) << yShift | UInt64(cellZ[m] + bias)
        }
        radixSort(count: valid, keyBits: 3 * bits)

        // 3. Copy the states into cell order.
        var fastCount = 0
        withStateColumns { sx, sy, sz, svx, svy, svz, _ in
            for m in 0..<valid {
                let i = Int(order[m]), o = slotOffset + i
                px[m] = sx[o]; py[m] = sy[o]; pz[m] = sz[o]
                vx[m] = svx[o]; vy[m] = svy[o]; vz[m] = svz[o]
                curvature[m] = curvatureOf[i]; bandLow[m] = bandLowOf[i]; index[m] = Int32(i)
                let fast = reachOf[i] > reachCap
                isFast[m] = fast
                bandHighNormal[m] = fast ? -Double.infinity : bandHighOf[i]
                if fast { fastPositions[fastCount] = Int32(m); fastCount += 1 }
            }
        }

        // 4. Objects within their reach cap: the same cell and the forward neighbours up to r cells away,
        //    as runs of consecutive keys (z+1…z+r; y+1…y+r, each z−r…z+r; x+1…x+r with y−r…y+r, each
        //    z−r…z+r): 5 runs for r = 1, 13 for r = 2.
        let unitY = UInt64(1) << yShift, unitX = UInt64(1) << xShift
        var runs: [(low: UInt64, high: UInt64)] = [(1, UInt64(perCap))]
        let reachZ = UInt64(perCap)
        for dy in 1...perCap { runs.append((UInt64(dy) &* unitY &- reachZ, UInt64(dy) &* unitY &+ reachZ)) }
        for dx in 1...perCap {
            for dy in -perCap...perCap {
                let column = UInt64(dx) &* unitX &+ UInt64(bitPattern: Int64(dy)) &* unitY
                runs.append((column &- reachZ, column &+ reachZ))
            }
        }
        // The occupied cells in key order: cell c holds positions cellStart[c]..<cellStart[c+1].
        var cellCount = 0
        for m in 0..<valid where m == 0 || keys[m] != keys[m - 1] {
            cellKey[cellCount] = keys[m]; cellStart[cellCount] = m; cellCount += 1
        }
        cellStart[cellCount] = valid
        // Run cursors move over cells: the first cell of each run and the cell after its last.
        var runLow = [Int](repeating: 0, count: runs.count), runHigh = [Int](repeating: 0, count: runs.count)
        var tests = 0
        let stepIndex = Int32(k)
        for c in 0..<cellCount {
            let key = cellKey[c], start = cellStart[c], end = cellStart[c + 1]
            // The cell's non-empty runs, in key order.
            var rangeCount = 0
            for r in 0..<runs.count {
                let lowKey = key &+ runs[r].low, highKey = key &+ runs[r].high
                var lo = max(runLow[r], c + 1), hi = max(runHigh[r], lo)
                while lo < cellCount && cellKey[lo] < lowKey { lo += 1 }
                if hi < lo { hi = lo }
                while hi < cellCount && cellKey[hi] <= highKey { hi += 1 }
                runLow[r] = lo; runHigh[r] = hi
                if lo == hi { continue }
                rangeLow[rangeCount] = cellStart[lo]; rangeHigh[rangeCount] = cellStart[hi]; rangeCount += 1
            }
            if anyPrimaries {
                for a in start..<end where !isFast[a] {
                    for b in (a + 1)..<end where !isFast[b] { tests &+= test(a, b, step: stepIndex, h: h) }
                    for r in 0..<rangeCount {
                        for b in rangeLow[r]..<rangeHigh[r] where !isFast[b] { tests &+= test(a, b, step: stepIndex, h: h) }
                    }
                }
            } else {
                // Each object scans the rest of its cell and then the runs; a run that starts at the
                // cell's end (the z+1 cell) continues the first scan.
                var ownEnd = end, firstRange = 0
                if rangeCount > 0 && rangeLow[0] == end { ownEnd = rangeHigh[0]; firstRange = 1 }
                let cell = PairScanCell(start: start, end: end, ownEnd: ownEnd, rangeLow: rangeLow, rangeHigh: rangeHigh,
                                        ranges: firstRange..<rangeCount)
                tests &+= scanCell(scanArrays, cell, d, h) { a, b, r2 in
                    let i = index[a], j = index[b]
                    let (first, second) = i < j ? (i, j) : (j, i)
                    candidates.append(Candidate(i: first, j: second, step: stepIndex, rangeKm: Float(r2.squareRoot())))
                }
            }
        }

        // 5. Fast objects: every object within d + R + R_max; two fast objects once (the first tests).
        for f in 0..<fastCount {
            let a = Int(fastPositions[f])
            let i = Int(index[a])
            let span = Int64(((d + reachOf[i] + maximumReach) * inverseCell).rounded(.up))
            let key = keys[a]
            let zSpan = UInt64(span)
            for dx in -span...span {
                for dy in -span...span {
                    let offset = UInt64(bitPattern: dx) &* unitX &+ UInt64(bitPattern: dy) &* unitY
                    let lo = lowerBound(key &+ offset &- zSpan, valid), hi = lowerBound(key &+ offset &+ zSpan &+ 1, valid)
                    for b in lo..<hi where b != a && (!isFast[b] || a < b) { tests &+= test(a, b, step: stepIndex, h: h) }
                }
            }
        }
        pairTests += tests
        fastObjectSteps += fastCount
    }

    /// `⌊x⌋` for |x| < 2⁶³ by truncation and a correction (`rounded(.down)` is a call to `floor` on
    /// the baseline x86-64, which has no rounding instruction).
    @inline(__always)
    static func floorToInt(_ x: Double) -> Int64 {
        let t = Int64(x)
        return Double(t) > x ? t - 1 : t
    }

    /// Runs `body` with the batch output's columns (positions, velocities, error codes) as buffers.
    @inline(__always)
    private func withStateColumns(_ body: (UnsafeBufferPointer<Double>, UnsafeBufferPointer<Double>, UnsafeBufferPointer<Double>,
                                           UnsafeBufferPointer<Double>, UnsafeBufferPointer<Double>, UnsafeBufferPointer<Double>,
                                           UnsafeBufferPointer<Int8>) -> Void) {
        states.xKm.withUnsafeBufferPointer { x in
        states.yKm.withUnsafeBufferPointer { y in
        states.zKm.withUnsafeBufferPointer { z in
        states.vxKmPerS.withUnsafeBufferPointer { vx in
        states.vyKmPerS.withUnsafeBufferPointer { vy in
        states.vzKmPerS.withUnsafeBufferPointer { vz in
        states.errorCode.withUnsafeBufferPointer { code in
            body(x, y, z, vx, vy, vz, code)
        }}}}}}}
    }

    /// First position in the sorted keys at or after `key`.
    @inline(__always)
    private func lowerBound(_ key: UInt64, _ count: Int) -> Int {
        var lo = 0, hi = count
        while lo < hi {
            let mid = (lo + hi) >> 1
            if keys[mid] < key { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    /// Sorts `keys[0..<count]` with `order` alongside (LSD radix, stable).
    private func radixSort(count: Int, keyBits: Int) {
        let digit = SearchWorker.radixBits, buckets = 1 << digit
        var shift = 0
        while shift < keyBits {
            for b in 0..<buckets { radixCounts[b] = 0 }
            let mask = UInt64(buckets - 1)
            for m in 0..<count { radixCounts[Int((keys[m] >> UInt64(shift)) & mask)] += 1 }
            var total = 0
            for b in 0..<buckets { let c = radixCounts[b]; radixCounts[b] = total; total += c }
            for m in 0..<count {
                let b = Int((keys[m] >> UInt64(shift)) & mask)
                let to = radixCounts[b]; radixCounts[b] = to + 1
                keysSpare[to] = keys[m]; orderSpare[to] = order[m]
            }
            swap(&keys, &keysSpare); swap(&order, &orderSpare)
            shift += digit
        }
    }

    /// The pair test (see the type's documentation) on cell-order positions `a`, `b`; appends a
    /// candidate when it passes. Returns 1 when the distance bound was evaluated, 0 when the
    /// primaries or apsis rule skipped it.
    @inline(__always)
    private func test(_ a: Int, _ b: Int, step: Int32, h: Double) -> Int {
        let i = Int(index[a]), j = Int(index[b])
        if anyPrimaries && !isPrimaryOf[i] && !isPrimaryOf[j] { return 0 }
        let d = thresholdKm
        if bandLow[a] > bandHighOf[j] + d || bandLow[b] > bandHighOf[i] + d { return 0 }
        let rx = px[b] - px[a], ry = py[b] - py[a], rz = pz[b] - pz[a]
        let r2 = rx * rx + ry * ry + rz * rz
        let limit = d + curvature[a] + curvature[b]
        let bound = limit + (speedOf[i] + speedOf[j]) * h
        if r2 > bound * bound { return 1 }
        let ux = vx[b] - vx[a], uy = vy[b] - vy[a], uz = vz[b] - vz[a]
        let u2 = ux * ux + uy * uy + uz * uz
        var tau = u2 > 0 ? -(rx * ux + ry * uy + rz * uz) / u2 : 0
        tau = max(-h, min(h, tau))
        let mx = rx + ux * tau, my = ry + uy * tau, mz = rz + uz * tau
        if mx * mx + my * my + mz * mz > limit * limit { return 1 }
        let (lo, hi) = i < j ? (i, j) : (j, i)
        candidates.append(Candidate(i: Int32(lo), j: Int32(hi), step: step, rangeKm: Float(r2.squareRoot())))
        return 1
    }
}
