import Astrodynamics

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
/// object is propagated, binned into cubic cells, and only pairs in the same or adjacent cells are
/// tested.
///
/// **Why no event is lost.** Step `k` at `t_k` stands for the interval `|τ| ≤ h = Δt/2` around it.
/// Write Δr, Δv for the pair's relative position and SGP4 velocity at `t_k`. Over the interval
/// `|Δr(t_k+τ) − Δr − Δv τ| ≤ 2ε h + ½(A₁+A₂)h²`, where `A` bounds each object's acceleration
/// (1.01 μ/ρ², ρ the smallest radius it can reach in `h`; the 1 % covers J2 and drag) and `2ε`
/// stands for `ε₁ + ε₂`, each bounding the difference between the object's SGP4 velocity and the
/// derivative of its position (``Population/velocityErrorKmPerS``). So if the range drops to the threshold `d` anywhere in the
/// interval, the straight line `Δr + Δv τ` comes within `d + 2εh + ½(A₁+A₂)h²` for some `|τ| ≤ h`
/// — that is the pair test — and then `|Δr| ≤ d + (|v₁|+|v₂|+2ε)h + ½(A₁+A₂)h²`, which is at most
/// the cell size, so the pair sits in the same or adjacent cells. The cell size is set each step from
/// that step's largest speed and acceleration; an object faster than the speed limit at a step is
/// dropped there and excluded (``ExcludedObject/Reason/absurdSpeed(kmPerS:)``), so it cannot
/// enlarge the cells for everyone.
/// The apsis filter skips pairs whose radius bands (``Population/bandLowKm``) are farther apart
/// than the threshold.
final class SearchWorker: @unchecked Sendable {
    /// Smallest per-object bound on |SGP4 velocity − d(SGP4 position)/dt|, km/s (SGP4's velocity
    /// omits the rates of some short-period terms); an object's bound is twice the largest value
    /// its vetting samples showed, and at least this. Over the 2023-10-09 catalog (objects passing the junk rule, 10-minute
    /// samples, 1 day) the median is 0.04 m/s and the 99.9th percentile 5 m/s
    /// (Benchmarks/ScreeningBenchmark `consistency`).
    static let velocityConsistencyKmPerS = 0.02

    let population: Population
    let thresholdKm: Double
    let speedLimit: Double
    let stepSeconds: Double
    let durationSeconds: Double
    let n: Int

    // State at the current step (structure of arrays, allocated once).
    private let px, py, pz, vx, vy, vz, speed, accel: UnsafeMutablePointer<Double>
    private let valid: UnsafeMutablePointer<Bool>
    // Per-object constants, copied once for the hot loop.
    private let isPrimary: UnsafeMutablePointer<Bool>
    private let bandLow, bandHigh, velocityError: UnsafeMutablePointer<Double>
    private let maximumVelocityError: Double
    private let anyPrimaries: Bool
    // Spatial hash: open addressing, slots reused across steps by a stamp (no clearing, no allocation).
    private let tableBits: Int
    private let slotKey: UnsafeMutablePointer<UInt64>
    private let slotStamp: UnsafeMutablePointer<Int32>
    private let slotHead: UnsafeMutablePointer<Int32>
    private let nextInCell: UnsafeMutablePointer<Int32>
    private let usedSlots: UnsafeMutablePointer<Int32>
    /// Occupancy bitmap (2^19 bits, 64 KB, stays in cache) checked before the hash table: most
    /// neighbour cells are empty, and the table lookup is a cache miss.
    private let occupancy: UnsafeMutablePointer<UInt64>
    private static let occupancyBits = 19
    private var stamp: Int32 = 0

    var candidates: [Candidate] = []
    var failures: [(index: Int, reason: ExcludedObject.Reason)] = []
    var failed: [Bool]
    var pairTests = 0

    init(population: Population, thresholdKm: Double, speedLimit: Double, stepSeconds: Double, durationSeconds: Double) {
        self.population = population
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
        px = alloc(0.0, n); py = alloc(0.0, n); pz = alloc(0.0, n)
        vx = alloc(0.0, n); vy = alloc(0.0, n); vz = alloc(0.0, n)
        speed = alloc(0.0, n); accel = alloc(0.0, n); valid = alloc(false, n)
        isPrimary = alloc(false, n); bandLow = alloc(0.0, n); bandHigh = alloc(0.0, n); velocityError = alloc(0.0, n)
        for i in 0..<n {
            isPrimary[i] = population.isPrimary[i]
            bandLow[i] = population.bandLowKm[i]; bandHigh[i] = population.bandHighKm[i]
            velocityError[i] = population.velocityErrorKmPerS[i]
        }
        anyPrimaries = population.isPrimary.contains(true)
        maximumVelocityError = population.velocityErrorKmPerS.max() ?? 0
        var bits = 4
        while (1 << bits) < 2 * max(n, 8) { bits += 1 }
        tableBits = bits
        slotKey = alloc(UInt64(0), 1 << bits)
        slotStamp = alloc(Int32(0), 1 << bits)
        slotHead = alloc(Int32(-1), 1 << bits)
        nextInCell = alloc(Int32(-1), n)
        usedSlots = alloc(Int32(0), n)
        occupancy = alloc(UInt64(0), 1 << (SearchWorker.occupancyBits - 6))
        failed = Array(repeating: false, count: n)
    }

    deinit {
        for p in [px, py, pz, vx, vy, vz, speed, accel] { p.deallocate() }
        valid.deallocate(); isPrimary.deallocate(); bandLow.deallocate(); bandHigh.deallocate(); velocityError.deallocate(); slotKey.deallocate(); slotStamp.deallocate(); slotHead.deallocate()
        nextInCell.deallocate(); usedSlots.deallocate(); occupancy.deallocate()
    }

    /// Time of step `k`, seconds since the window start.
    static func time(ofStep k: Int, stepSeconds: Double, durationSeconds: Double) -> Double {
        min(Double(k) * stepSeconds, durationSeconds)
    }

    private static let mu = 398_600.8        // WGS72, km³/s²
    private static let coordinateBias: Int64 = 1 << 20
    private static let coordinateMask: UInt64 = (1 << 21) - 1

    /// Propagates every object to step `k`, bins them, and appends the step's candidates.
    func run(step k: Int) {
        let t = SearchWorker.time(ofStep: k, stepSeconds: stepSeconds, durationSeconds: durationSeconds)
        let h = stepSeconds / 2
        let eps = maximumVelocityError
        var maxSpeed = 0.0, maxAccel = 0.0
        population.sgp4.withUnsafeBufferPointer { sgp4 in
            population.startMinutes.withUnsafeBufferPointer { t0 in
                for i in 0..<n {
                    do throws(SGP4Error) {
                        let (r, v) = try sgp4[i].propagate(minutesSinceEpoch: t0[i] + t / 60)
                        px[i] = r.x; py[i] = r.y; pz[i] = r.z
                        vx[i] = v.x; vy[i] = v.y; vz[i] = v.z
                        let s = (v * v).sum().squareRoot()
                        if !(s <= speedLimit) {
                            valid[i] = false
                            if !failed[i] { failed[i] = true; failures.append((i, .absurdSpeed(kmPerS: s))) }
                            continue
                        }
                        let radius = (r * r).sum().squareRoot()
                        let rho = max(radius - (s + eps) * h, 6_000)
                        let a = 1.01 * SearchWorker.mu / (rho * rho)
                        speed[i] = s; accel[i] = a
                        valid[i] = true
                        maxSpeed = max(maxSpeed, s); maxAccel = max(maxAccel, a)
                    } catch {
                        valid[i] = false
                        if !failed[i] { failed[i] = true; failures.append((i, .sgp4Refused(error))) }
                    }
                }
            }
        }
        let d = thresholdKm
        let cell = d + (2 * maxSpeed + 2 * eps) * h + maxAccel * h * h
        let inverseCell = 1 / cell

        // Bin.
        stamp &+= 1
        let mask = (1 << tableBits) - 1
        var usedCount = 0
        @inline(__always) func coordinate(_ x: Double) -> Int64 {
            let c = (x * inverseCell).rounded(.down)
            return Int64(max(-1_048_575, min(1_048_575, c)))
        }
        @inline(__always) func pack(_ ix: Int64, _ iy: Int64, _ iz: Int64) -> UInt64 {
            UInt64(ix + SearchWorker.coordinateBias) << 42 | UInt64(iy + SearchWorker.coordinateBias) << 21
                | UInt64(iz + SearchWorker.coordinateBias)
        }
        @inline(__always) func home(_ key: UInt64) -> Int {
            Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> UInt64(64 - tableBits))
        }
        @inline(__always) func bit(_ key: UInt64) -> Int {
            Int(truncatingIfNeeded: (key &* 0xC2B2_AE3D_27D4_EB4F) >> UInt64(64 - SearchWorker.occupancyBits))
        }
        for i in 0..<n where valid[i] {
            let key = pack(coordinate(px[i]), coordinate(py[i]), coordinate(pz[i]))
            var slot = home(key)
            while true {
                if slotStamp[slot] != stamp {
                    slotStamp[slot] = stamp; slotKey[slot] = key; slotHead[slot] = -1
                    usedSlots[usedCount] = Int32(slot); usedCount += 1
                    let o = bit(key)
                    occupancy[o >> 6] |= 1 << UInt64(o & 63)
                    break
                }
                if slotKey[slot] == key { break }
                slot = (slot + 1) & mask
            }
            nextInCell[i] = slotHead[slot]
            slotHead[slot] = Int32(i)
        }
        @inline(__always) func find(_ key: UInt64) -> Int32 {
            let o = bit(key)
            if occupancy[o >> 6] & (1 << UInt64(o & 63)) == 0 { return -1 }
            var slot = home(key)
            while slotStamp[slot] == stamp {
                if slotKey[slot] == key { return slotHead[slot] }
                slot = (slot + 1) & mask
            }
            return -1
        }

        // Pairs in the same cell and in the 13 "forward" neighbours (each neighbouring pair of cells once).
        var tests = 0
        let step = Int32(k)
        for u in 0..<usedCount {
            let slot = Int(usedSlots[u])
            let key = slotKey[slot]
            let head = slotHead[slot]
            var a = head
            while a >= 0 {
                var b = nextInCell[Int(a)]
                while b >= 0 { tests &+= test(Int(a), Int(b), step: step, h: h); b = nextInCell[Int(b)] }
                a = nextInCell[Int(a)]
            }
            let ix = Int64(key >> 42) - SearchWorker.coordinateBias
            let iy = Int64((key >> 21) & SearchWorker.coordinateMask) - SearchWorker.coordinateBias
            let iz = Int64(key & SearchWorker.coordinateMask) - SearchWorker.coordinateBias
            for (dx, dy, dz) in SearchWorker.forwardNeighbours {
                let jx = ix + dx, jy = iy + dy, jz = iz + dz
                if abs(jx) > 1_048_575 || abs(jy) > 1_048_575 || abs(jz) > 1_048_575 { continue }
                let other = find(pack(jx, jy, jz))
                if other < 0 { continue }
                var a = head
                while a >= 0 {
                    var b = other
                    while b >= 0 { tests &+= test(Int(a), Int(b), step: step, h: h); b = nextInCell[Int(b)] }
                    a = nextInCell[Int(a)]
                }
            }
        }
        pairTests += tests
        for u in 0..<usedCount { occupancy[bit(slotKey[Int(usedSlots[u])]) >> 6] = 0 }
    }

    /// The pair test (see the type's documentation); appends a candidate when it passes.
    /// Returns 1 when the distance bound was evaluated, 0 when the primaries or apsis rule skipped it.
    @inline(__always)
    private func test(_ a: Int, _ b: Int, step: Int32, h: Double) -> Int {
        if anyPrimaries && !isPrimary[a] && !isPrimary[b] { return 0 }
        let d = thresholdKm
        if bandLow[a] > bandHigh[b] + d || bandLow[b] > bandHigh[a] + d { return 0 }
        let rx = px[b] - px[a], ry = py[b] - py[a], rz = pz[b] - pz[a]
        let r2 = rx * rx + ry * ry + rz * rz
        let curvature = 0.5 * (accel[a] + accel[b]) * h * h + (velocityError[a] + velocityError[b]) * h
        let bound = d + (speed[a] + speed[b]) * h + curvature
        if r2 > bound * bound { return 1 }
        let ux = vx[b] - vx[a], uy = vy[b] - vy[a], uz = vz[b] - vz[a]
        let u2 = ux * ux + uy * uy + uz * uz
        var tau = u2 > 0 ? -(rx * ux + ry * uy + rz * uz) / u2 : 0
        tau = max(-h, min(h, tau))
        let mx = rx + ux * tau, my = ry + uy * tau, mz = rz + uz * tau
        let limit = d + curvature
        if mx * mx + my * my + mz * mz > limit * limit { return 1 }
        let (lo, hi) = a < b ? (a, b) : (b, a)
        candidates.append(Candidate(i: Int32(lo), j: Int32(hi), step: step, rangeKm: Float(r2.squareRoot())))
        return 1
    }

    /// The 13 neighbour offsets lexicographically after (0, 0, 0).
    static let forwardNeighbours: [(Int64, Int64, Int64)] = {
        var o: [(Int64, Int64, Int64)] = []
        for dx in Int64(-1)...1 { for dy in Int64(-1)...1 { for dz in Int64(-1)...1 {
            if dx > 0 || (dx == 0 && dy > 0) || (dx == 0 && dy == 0 && dz > 0) { o.append((dx, dy, dz)) }
        } } }
        return o
    }()
}
