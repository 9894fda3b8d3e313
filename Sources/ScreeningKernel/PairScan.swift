/// The pair scan of the conjunction screener's grid search, on eight lanes: one cell's normal
/// objects against the rest of their cell and the cell's neighbour runs.
///
/// Compiled three times, like the SGP4 kernel: here for the baseline CPU, and in
/// `ScreeningKernelAVX2` and `ScreeningKernelAVX512` for those instruction sets; `Conjunction`'s
/// `SearchWorker` calls the one `SGP4Batch.InstructionSet.detected` names. The arithmetic has no
/// fused multiply-add, so every variant gives the same bits.

/// Marks one compiled variant of ``scanCellPairs(_:_:thresholdKm:halfStepSeconds:variant:onHit:)``.
/// Each variant module passes an enum of its own, so every specialisation it emits carries its own
/// module in its symbol name (the linker merges same-named weak symbols, and must never hand
/// AVX-512 code to a CPU without it).
public protocol PairScanVariant {}

/// The baseline variant.
public enum PortablePairScan: PairScanVariant {}

/// A step's objects in cell order, structure of arrays. Every `Double` array has at least eight
/// entries past the last object: the scan reads eight at a time and masks what lies beyond a run.
public struct PairScanArrays {
    /// Positions, km, and SGP4 velocities, km/s, at the step.
    public var px, py, pz, vx, vy, vz: UnsafePointer<Double>
    /// Each object's curvature term `c`, km (`Conjunction.SearchWorker`).
    public var curvatureKm: UnsafePointer<Double>
    /// Bottom of each object's apsis band, km.
    public var bandLowKm: UnsafePointer<Double>
    /// Top of each object's apsis band, km, with −∞ for objects the scan must skip (fast objects).
    public var bandHighKm: UnsafePointer<Double>
    /// Objects the scan must not start from (fast objects).
    public var isFast: UnsafePointer<Bool>

    public init(px: UnsafePointer<Double>, py: UnsafePointer<Double>, pz: UnsafePointer<Double>,
                vx: UnsafePointer<Double>, vy: UnsafePointer<Double>, vz: UnsafePointer<Double>,
                curvatureKm: UnsafePointer<Double>, bandLowKm: UnsafePointer<Double>, bandHighKm: UnsafePointer<Double>,
                isFast: UnsafePointer<Bool>) {
        self.px = px; self.py = py; self.pz = pz; self.vx = vx; self.vy = vy; self.vz = vz
        self.curvatureKm = curvatureKm; self.bandLowKm = bandLowKm; self.bandHighKm = bandHighKm; self.isFast = isFast
    }
}

/// One cell and what its objects scan: positions `start..<end`; each object `a` scans `a+1..<ownEnd`
/// (the rest of its cell, extended over a run that starts where the cell ends) and then the runs
/// `rangeLow[r]..<rangeHigh[r]` for `r` in `ranges`.
public struct PairScanCell {
    public var start: Int, end: Int, ownEnd: Int
    public var rangeLow: UnsafePointer<Int>, rangeHigh: UnsafePointer<Int>
    public var ranges: Range<Int>

    public init(start: Int, end: Int, ownEnd: Int, rangeLow: UnsafePointer<Int>, rangeHigh: UnsafePointer<Int>, ranges: Range<Int>) {
        self.start = start; self.end = end; self.ownEnd = ownEnd
        self.rangeLow = rangeLow; self.rangeHigh = rangeHigh; self.ranges = ranges
    }
}

/// The pair test of every normal object of `cell` against what it scans, eight pairs at a time and
/// without branches: the apsis rule (bands within `d` of each other) and the line test — the
/// straight relative line `Δr + Δv τ` within `d + c₁ + c₂` for some `|τ| ≤ h` — on every lane.
/// Calls `onHit(a, b, |Δr|²)` for each pair that passes both. Returns the number of pairs that
/// passed the apsis rule.
///
/// The line test without a division: the minimum of `|r + uτ|²` over `|τ| ≤ h` is at
/// `τ* = −r·u/u²` when `|r·u| < h u²`, and there `≤ L²` reads `r²u² − (r·u)² ≤ L²u²`; otherwise it
/// is at `τ = −h sign(r·u)`, `r² − 2h|r·u| + h²u² ≤ L²` (`u = 0` lands here, as `r² ≤ L²`).
@_transparent
public func scanCellPairs<Variant: PairScanVariant>(
    _ s: PairScanArrays, _ cell: PairScanCell, thresholdKm d: Double, halfStepSeconds h: Double,
    variant: Variant.Type, onHit: (Int, Int, Double) -> Void
) -> Int {
    typealias Lanes = SIMD8<Double>
    let hPlus = Lanes(repeating: h), twoH = Lanes(repeating: 2 * h), hSquared = Lanes(repeating: h * h)
    // Lane numbers as doubles: a 64-bit integer comparison has no SSE2 instruction.
    let laneIndex = Lanes(0, 1, 2, 3, 4, 5, 6, 7)
    var apsisCount = SIMD8<Int64>()
    var a = cell.start
    while a < cell.end {
        defer { a += 1 }
        if s.isFast[a] { continue }
        let ax = Lanes(repeating: s.px[a]), ay = Lanes(repeating: s.py[a]), az = Lanes(repeating: s.pz[a])
        let ux0 = Lanes(repeating: s.vx[a]), uy0 = Lanes(repeating: s.vy[a]), uz0 = Lanes(repeating: s.vz[a])
        let lowA = Lanes(repeating: s.bandLowKm[a] - d), highA = Lanes(repeating: s.bandHighKm[a] + d)
        let limitA = Lanes(repeating: d + s.curvatureKm[a])
        var b = a + 1, hi = cell.ownEnd, r = cell.ranges.lowerBound
        while true {
            while b < hi {
                let inRange = laneIndex .< Lanes(repeating: Double(hi - b))
                let apsis = (pairScanLoad(s.bandLowKm, b) .<= highA) .& (lowA .<= pairScanLoad(s.bandHighKm, b)) .& inRange
                apsisCount &+= SIMD8<Int64>().replacing(with: 1, where: apsis)
                let rx = pairScanLoad(s.px, b) - ax, ry = pairScanLoad(s.py, b) - ay, rz = pairScanLoad(s.pz, b) - az
                let ux = pairScanLoad(s.vx, b) - ux0, uy = pairScanLoad(s.vy, b) - uy0, uz = pairScanLoad(s.vz, b) - uz0
                let u2 = ux * ux + uy * uy + uz * uz
                let r2 = rx * rx + ry * ry + rz * rz
                let ru = rx * ux + ry * uy + rz * uz
                let limit = limitA + pairScanLoad(s.curvatureKm, b)
                let limit2 = limit * limit
                let absRU = ru.replacing(with: -ru, where: ru .< 0)
                let interior = absRU .< hPlus * u2
                let nearInterior = r2 * u2 - ru * ru .<= limit2 * u2
                let nearEnd = r2 - twoH * absRU + hSquared * u2 .<= limit2
                let hit = apsis .& ((interior .& nearInterior) .| (.!interior .& nearEnd))
                if pairScanAnyLane(hit) {
                    for lane in 0..<8 where hit[lane] { onHit(a, b + lane, r2[lane]) }
                }
                b += 8
            }
            if r == cell.ranges.upperBound { break }
            b = cell.rangeLow[r]; hi = cell.rangeHigh[r]; r += 1
        }
    }
    return Int(apsisCount.wrappedSum())
}

/// Eight doubles from `p + i`, unaligned.
@_transparent
public func pairScanLoad(_ p: UnsafePointer<Double>, _ i: Int) -> SIMD8<Double> {
    UnsafeRawPointer(p + i).loadUnaligned(as: SIMD8<Double>.self)
}

/// Whether any lane of `mask` is set, as one OR of the lanes (the standard library's `any` tests
/// lane by lane).
@_transparent
public func pairScanAnyLane(_ mask: SIMDMask<SIMD8<Int64>>) -> Bool {
    let s = mask._storage
    return (s[0] | s[1] | s[2] | s[3] | s[4] | s[5] | s[6] | s[7]) != 0
}

/// ``scanCellPairs(_:_:thresholdKm:halfStepSeconds:variant:onHit:)`` for the package's baseline CPU.
public func scanCellPairsPortable(_ s: PairScanArrays, _ cell: PairScanCell, thresholdKm: Double, halfStepSeconds: Double,
                                  onHit: (Int, Int, Double) -> Void) -> Int {
    scanCellPairs(s, cell, thresholdKm: thresholdKm, halfStepSeconds: halfStepSeconds, variant: PortablePairScan.self, onHit: onHit)
}
