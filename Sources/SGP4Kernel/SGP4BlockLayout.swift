/// The memory layout the SGP4 block kernels read and write: satellites in blocks of eight lanes,
/// each block's constants contiguous (an array of structures of arrays).
///
/// Block `b` occupies `fieldCount × 8` doubles from `b × fieldCount × 8`; field `f` of that block is
/// the 8 lanes at `(b × fieldCount + f) × 8`. One block's constants (2.3 kB) sit in a few cache
/// lines and stay in L1 while the block is propagated.
///
/// This module is an implementation detail of `Astrodynamics.SGP4Batch`, which fills the layout from
/// verified `SGP4` values; nothing else should build it by hand.
public enum NearEarthField: Int, CaseIterable, Sendable {
    case mo, mdot, argpo, argpdot, nodeo, nodedot, nodecf, cc1, bstarTimesCC4, t2cof
    case omgcof, eta, xmcof, delmo, d2, d3, d4, bstarTimesCC5, sinmao, t3cof
    case t4cof, t5cof, noUnkozai, aoBeforeDrag, xke, aycof, xlcof, con41, x1mth2, x7thm1
    case sinio, cosio, ecco, j2, radiusEarthKm, velocityKmPerSPerUnit

    /// Doubles per block: `fieldCount × 8`.
    public static let blockStride = allCases.count * 8
}

/// Where a run of the block kernel reads its times and writes its states, as raw pointers (the
/// kernel allocates nothing).
///
/// Lane `l` of block `b` is satellite `satelliteIndex[b·8 + l]` of the caller's numbering, or a
/// padding lane if that is negative. The satellite is propagated to
/// `minutesSinceEpoch[index] + addedMinutes` and its state written at `index + outputOffset`.
public struct SGP4BlockJob: @unchecked Sendable {
    /// The blocks' constants (``NearEarthField`` layout).
    public var constants: UnsafePointer<Double>
    /// Lane → caller index; −1 for padding.
    public var satelliteIndex: UnsafePointer<Int32>
    /// Per caller index: minutes since that satellite's epoch (before `addedMinutes`).
    public var minutesSinceEpoch: UnsafePointer<Double>
    /// Added to every time: the grid time of this run.
    public var addedMinutes: Double
    /// Added to the caller index to find the output slot: `time index × count` for a grid.
    public var outputOffset: Int
    /// TEME position, km, and velocity, km/s, one array per component.
    public var x, y, z, vx, vy, vz: UnsafeMutablePointer<Double>
    /// 0 where the propagation succeeded, otherwise the `SGP4Error.Code` raw value.
    public var errorCode: UnsafeMutablePointer<Int8>
    /// The offending value where `errorCode` is not 0 (untouched elsewhere).
    public var errorValue: UnsafeMutablePointer<Double>
    /// The time that failed, minutes since epoch, where `errorCode` is not 0 (untouched elsewhere).
    public var errorMinutes: UnsafeMutablePointer<Double>
    /// Set to true when some lane was marked ``SGP4BlockJob/scalarFallbackCode``: the caller must
    /// propagate those satellites with the scalar propagator. Nil: nobody listens (lanes are still
    /// marked).
    public var needsScalar: UnsafeMutablePointer<Bool>? = nil

    /// The error code a lane gets when the kernel cannot promise the scalar's result to 1 mm
    /// (see ``propagateNearEarthLanes(_:minutes:_:)``): not an SGP4 error, a request to recompute.
    public static let scalarFallbackCode: Int8 = 99

    /// A job over the given buffers.
    @inlinable
    public init(constants: UnsafePointer<Double>, satelliteIndex: UnsafePointer<Int32>,
                minutesSinceEpoch: UnsafePointer<Double>, addedMinutes: Double, outputOffset: Int,
                x: UnsafeMutablePointer<Double>, y: UnsafeMutablePointer<Double>, z: UnsafeMutablePointer<Double>,
                vx: UnsafeMutablePointer<Double>, vy: UnsafeMutablePointer<Double>, vz: UnsafeMutablePointer<Double>,
                errorCode: UnsafeMutablePointer<Int8>, errorValue: UnsafeMutablePointer<Double>,
                errorMinutes: UnsafeMutablePointer<Double>) {
        self.constants = constants
        self.satelliteIndex = satelliteIndex
        self.minutesSinceEpoch = minutesSinceEpoch
        self.addedMinutes = addedMinutes
        self.outputOffset = outputOffset
        self.x = x; self.y = y; self.z = z
        self.vx = vx; self.vy = vy; self.vz = vz
        self.errorCode = errorCode
        self.errorValue = errorValue
        self.errorMinutes = errorMinutes
    }
}
