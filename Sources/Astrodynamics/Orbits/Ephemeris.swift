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

extension SGP4 {
    /// Samples this orbit on `grid` in `frame`. Earth orientation (UT1 − UTC, polar motion, nutation
    /// corrections) comes from `eop`; pass ``EarthOrientationTable/empty`` for none.
    public func ephemeris(on grid: TimeGrid, frame: EphemerisFrame, eop: EarthOrientationTable,
                          leapSeconds: LeapSecondTable = .bundled) -> [EphemerisSample] {
        var out: [EphemerisSample] = []
        out.reserveCapacity(grid.count)
        for i in 0..<grid.count {
            let t = grid[i]
            let teme: State<TEME>
            do { teme = try state(at: t) } catch { out.append(.failure(epoch: t, error)); continue }
            switch frame {
            case .teme:
                out.append(.cartesian(epoch: t, positionKm: teme.positionKm, velocityKmPerS: teme.velocityKmPerS))
            case .gcrf:
                let s = teme.toGCRF(eop, leapSeconds: leapSeconds)
                out.append(.cartesian(epoch: t, positionKm: s.positionKm, velocityKmPerS: s.velocityKmPerS))
            case .itrf:
                let s = teme.toITRF(eop, leapSeconds: leapSeconds)
                out.append(.cartesian(epoch: t, positionKm: s.positionKm, velocityKmPerS: s.velocityKmPerS))
            case .geodetic:
                let s = teme.toITRF(eop, leapSeconds: leapSeconds)
                out.append(.geodetic(epoch: t, Geodetic(itrfPositionKm: s.positionKm, ellipsoid: .wgs84)))
            }
        }
        return out
    }
}
