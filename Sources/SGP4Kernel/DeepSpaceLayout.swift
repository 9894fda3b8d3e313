/// The constants the deep-space (SDP4) block kernel reads, one field of eight lanes each, in the same
/// array-of-structures-of-arrays layout as ``NearEarthField``: block `b` occupies
/// `fieldCount × 8` doubles from `b × fieldCount × 8`, field `f` is the 8 lanes at
/// `(b × fieldCount + f) × 8`.
///
/// Names are Vallado's (`sgp4init`, `dscom`, `dsinit`). Deep-space orbits always use the simplified
/// drag model, so none of the full-drag coefficients appear. Two fields are flags stored as doubles:
/// `irez` (0 none, 1 one-day, 2 half-day resonance) and `afspc` (1 for opsmode `'a'`, else 0).
///
/// Filled by `Astrodynamics.SGP4Batch` from verified `SGP4` values; nothing else should build it.
public enum DeepSpaceField: Int, CaseIterable, Sendable {
    // Secular gravity and simplified drag (sgp4init).
    case mo, mdot, argpo, argpdot, nodeo, nodedot, nodecf, cc1, bstarTimesCC4, t2cof
    case noUnkozai, aoBeforeDrag, xke, ecco, inclo, j2, j3oj2, radiusEarthKm, velocityKmPerSPerUnit
    // Lunar-solar secular rates (dsinit).
    case dedt, didt, domdt, dnodt, dmdt
    // Resonance (dsinit): class, sidereal time at epoch, integrator start and coefficients.
    case irez, gsto, xlamo, xfact, del1, del2, del3
    case d2201, d2211, d3210, d3222, d4410, d4422, d5220, d5232, d5421, d5433
    // Lunar-solar long-period periodic coefficients (dscom).
    case zmos, zmol, se2, se3, si2, si3, sl2, sl3, sl4, sgh2, sgh3, sgh4, sh2, sh3
    case ee2, e3, xi2, xi3, xl2, xl3, xl4, xgh2, xgh3, xgh4, xh2, xh3
    /// 1 for AFSPC opsmode `'a'`, 0 for improved `'i'`.
    case afspc

    /// Doubles per block: `fieldCount × 8`.
    public static let blockStride = allCases.count * 8
}

/// Where a run of the deep-space block kernel reads its times and writes its states, as raw pointers
/// (the kernel allocates nothing).
///
/// Lane `l` of block `b` is satellite `satelliteIndex[b·8 + l]` of the caller's numbering, or a
/// padding lane if that is negative. The satellite is propagated to
/// `minutesSinceEpoch[index] + gridMinutes[j]` for every `j` in order, and its state written at
/// `j × satelliteCount + index`. Running a block through the whole grid in one call is what lets
/// the resonance integrator carry its state from one grid time to the next.
public struct DeepSpaceBlockJob: @unchecked Sendable {
    /// The blocks' constants (``DeepSpaceField`` layout).
    public var constants: UnsafePointer<Double>
    /// Lane → caller index; −1 for padding.
    public var satelliteIndex: UnsafePointer<Int32>
    /// Per caller index: minutes since that satellite's epoch at the grid's reference time.
    public var minutesSinceEpoch: UnsafePointer<Double>
    /// The grid, minutes added to every reference time.
    public var gridMinutes: UnsafeBufferPointer<Double>
    /// Output slots per grid time (the caller's satellite count).
    public var satelliteCount: Int
    /// TEME position, km, and velocity, km/s, one array per component.
    public var x, y, z, vx, vy, vz: UnsafeMutablePointer<Double>
    /// 0 where the propagation succeeded, otherwise the `SGP4Error.Code` raw value.
    public var errorCode: UnsafeMutablePointer<Int8>
    /// The offending value where `errorCode` is not 0 (untouched elsewhere).
    public var errorValue: UnsafeMutablePointer<Double>
    /// The time that failed, minutes since epoch, where `errorCode` is not 0 (untouched elsewhere).
    public var errorMinutes: UnsafeMutablePointer<Double>

    /// A job over the given buffers.
    @inlinable
    public init(constants: UnsafePointer<Double>, satelliteIndex: UnsafePointer<Int32>,
                minutesSinceEpoch: UnsafePointer<Double>, gridMinutes: UnsafeBufferPointer<Double>,
                satelliteCount: Int,
                x: UnsafeMutablePointer<Double>, y: UnsafeMutablePointer<Double>, z: UnsafeMutablePointer<Double>,
                vx: UnsafeMutablePointer<Double>, vy: UnsafeMutablePointer<Double>, vz: UnsafeMutablePointer<Double>,
                errorCode: UnsafeMutablePointer<Int8>, errorValue: UnsafeMutablePointer<Double>,
                errorMinutes: UnsafeMutablePointer<Double>) {
        self.constants = constants
        self.satelliteIndex = satelliteIndex
        self.minutesSinceEpoch = minutesSinceEpoch
        self.gridMinutes = gridMinutes
        self.satelliteCount = satelliteCount
        self.x = x; self.y = y; self.z = z
        self.vx = vx; self.vy = vy; self.vz = vz
        self.errorCode = errorCode
        self.errorValue = errorValue
        self.errorMinutes = errorMinutes
    }
}

/// The resonance integrator's state per lane (Vallado's `atime`, `xli`, `xni`), carried by the
/// deep-space kernel from one grid time to the next.
///
/// Vallado's `dspace` keeps these between calls and restarts from epoch when `atime` is 0, when `t`
/// and `atime` differ in sign or when |t| < |atime|; otherwise it continues along the same
/// 720-minute grid from epoch. The state after k steps does not depend on how it was reached, so
/// carrying it gives exactly the numbers of a restart from epoch on every call (what the scalar
/// `SGP4.propagate` does), with |Δt| / 720 steps instead of |t| / 720.
public struct DeepSpaceResonanceState: Sendable {
    /// Minutes since epoch the lane's integrator has reached (a multiple of ±720).
    public var atime: Lanes
    /// Resonance mean longitude at `atime`, rad.
    public var xli: Lanes
    /// Resonance mean motion at `atime`, rad/min.
    public var xni: Lanes

    /// Every lane at epoch (`atime` 0; `xli`, `xni` set by the kernel on first use).
    @inlinable
    public init() {
        atime = Lanes(repeating: 0)
        xli = Lanes(repeating: 0)
        xni = Lanes(repeating: 0)
    }
}
