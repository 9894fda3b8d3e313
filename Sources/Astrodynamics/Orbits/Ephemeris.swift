/// Evenly spaced instants: `start`, `start + step`, ... (`count` of them).
public struct TimeGrid: Sendable, Hashable {
    public var start: Instant
    public var stepSeconds: Double
    public var count: Int

    public init(start: Instant, stepSeconds: Double, count: Int) {
        self.start = start
        self.stepSeconds = stepSeconds
        self.count = count
    }

    /// The grid from `start` to `end` inclusive (the last step may stop short of `end`).
    public init(start: Instant, end: Instant, stepSeconds: Double) {
        precondition(stepSeconds > 0)
        let span = end.secondsSince(start)
        self.init(start: start, stepSeconds: stepSeconds, count: span < 0 ? 0 : Int((span / stepSeconds + 1e-9).rounded(.down)) + 1)
    }

    @inlinable
    public subscript(i: Int) -> Instant { start.advanced(bySeconds: Double(i) * stepSeconds) }
}

/// The frame (or geodetic coordinates) an ephemeris is produced in.
public enum EphemerisFrame: String, Sendable, Hashable, CaseIterable {
    case teme, gcrf, itrf, geodetic

    /// The CCSDS `REF_FRAME` name, or nil for geodetic coordinates (not a Cartesian frame).
    public var ccsdsName: String? {
        switch self {
        case .teme: TEME.name
        case .gcrf: GCRF.name
        case .itrf: ITRF.name
        case .geodetic: nil
        }
    }
}

/// One sample of an ephemeris: a Cartesian state in the requested frame, a geodetic position,
/// or the SGP4 error at that instant.
public enum EphemerisSample: Sendable {
    case cartesian(epoch: Instant, positionKm: SIMD3<Double>, velocityKmPerS: SIMD3<Double>)
    case geodetic(epoch: Instant, Geodetic)
    case failure(epoch: Instant, SGP4Error)

    public var epoch: Instant {
        switch self {
        case .cartesian(let t, _, _): return t
        case .geodetic(let t, _): return t
        case .failure(let t, _): return t
        }
    }
}

/// A time grid, an output frame and the frame rotations at every instant of the grid: built once,
/// then used for every object sampled on that grid (the rotations cost more than SGP4 itself).
public struct EphemerisPlan: Sendable {
    public let grid: TimeGrid
    public let frame: EphemerisFrame
    public let rotations: [TEMERotations]

    public init(grid: TimeGrid, frame: EphemerisFrame, eop: EarthOrientationTable, leapSeconds: LeapSecondTable = .bundled) {
        self.grid = grid
        self.frame = frame
        rotations = frame == .teme ? [] : (0..<grid.count).map { TEMERotations(at: grid[$0], eop: eop, leapSeconds: leapSeconds) }
    }
}

extension SGP4 {
    /// Samples this orbit on the plan's grid, in the plan's frame.
    public func ephemeris(_ plan: EphemerisPlan) -> [EphemerisSample] {
        var out: [EphemerisSample] = []
        out.reserveCapacity(plan.grid.count)
        for i in 0..<plan.grid.count {
            let t = plan.grid[i]
            let r: SIMD3<Double>, v: SIMD3<Double>
            do { (r, v) = try propagate(minutesSinceEpoch: t.secondsSince(epoch) / 60) } catch {
                out.append(.failure(epoch: t, error))
                continue
            }
            switch plan.frame {
            case .teme:
                out.append(.cartesian(epoch: t, positionKm: r, velocityKmPerS: v))
            case .gcrf:
                let s = plan.rotations[i].gcrf(positionKm: r, velocityKmPerS: v)
                out.append(.cartesian(epoch: t, positionKm: s.positionKm, velocityKmPerS: s.velocityKmPerS))
            case .itrf:
                let s = plan.rotations[i].itrf(positionKm: r, velocityKmPerS: v)
                out.append(.cartesian(epoch: t, positionKm: s.positionKm, velocityKmPerS: s.velocityKmPerS))
            case .geodetic:
                let s = plan.rotations[i].itrf(positionKm: r, velocityKmPerS: v)
                out.append(.geodetic(epoch: t, Geodetic(itrfPositionKm: s.positionKm, ellipsoid: .wgs84)))
            }
        }
        return out
    }
}
