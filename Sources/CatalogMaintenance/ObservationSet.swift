import Foundation
import Astrodynamics
import Sensors

/// Tracklets flattened for fitting: each measurement with its sensor site, noise and the Earth
/// rotations at its epoch, computed once, so an orbit fit evaluates only SGP4 and the
/// topocentric geometry per trial.
///
/// Residuals are normalized by the sensor's 1-σ noise: range, azimuth, elevation and range rate
/// for radars (azimuth wrapped to ±π), right ascension (times cos δ) and declination for optical
/// sensors. A measurement (one epoch of one tracklet) is the unit of outlier editing.
public struct ObservationSet: Sendable {
    /// One prepared measurement.
    public struct Entry: Sendable {
        public let measurement: Sensors.Measurement
        public let sensorIndex: Int
        public let trackletIndex: Int
        public let rotations: TEMERotations
        /// Number of scalar residuals this measurement yields.
        public let residualCount: Int
    }

    public let entries: [Entry]
    public let sensors: [Sensor]
    public let tracklets: [Tracklet]
    public let model: MeasurementModel
    /// Total scalar residuals.
    public let residualCount: Int
    /// Index of the measurement (entry) each residual belongs to.
    public let observationOfResidual: [Int]
    /// What each residual measures and its 1-σ, to turn normalized residuals back into physical ones.
    public let residualKinds: [(kind: ResidualKind, sigma: Double)]

    /// The physical quantity behind a residual.
    public enum ResidualKind: Sendable, Hashable { case rangeKm, angleRad, rangeRateKmPerS }

    /// Prepares `tracklets` seen by sensors in `network` (keyed by ``Sensor/id``).
    /// - Throws: ``MaintenanceError`` `.unknownSensor` when a tracklet names a sensor not in `network`.
    /// `maximumPerTracklet` thins long tracklets to that many evenly spaced measurements (first and
    /// last kept): consecutive measurements of one pass carry nearly the same information, and the
    /// fit's cost is linear in their number.
    public init(tracklets: [Tracklet], network: [String: Sensor], model: MeasurementModel,
                rotationCache: RotationCache? = nil, maximumPerTracklet: Int = .max) throws(MaintenanceError) {
        var sensorList: [Sensor] = []
        var sensorIndex: [String: Int] = [:]
        var entries: [Entry] = []
        var owner: [Int] = []
        var kinds: [(kind: ResidualKind, sigma: Double)] = []
        for (ti, tracklet) in tracklets.enumerated() {
            guard let sensor = network[tracklet.sensorID] else {
                throw MaintenanceError(.unknownSensor, "sensor \(tracklet.sensorID) is not in the network",
                                       tracklet: tracklet.id)
            }
            let si: Int
            if let i = sensorIndex[sensor.id] { si = i } else {
                si = sensorList.count
                sensorIndex[sensor.id] = si
                sensorList.append(sensor)
            }
            let all = tracklet.measurements
            let picked: [Sensors.Measurement]
            if all.count > maximumPerTracklet && maximumPerTracklet >= 2 {
                let k = maximumPerTracklet
                picked = (0..<k).map { all[Int((Double($0) * Double(all.count - 1) / Double(k - 1)).rounded())] }
            } else { picked = all }
            for m in picked {
                let count = ObservationSet.components(of: m)
                if count == 0 { continue }
                let rot = rotationCache?.rotations(at: m.epoch) ?? model.rotations(at: m.epoch)
                for _ in 0..<count { owner.append(entries.count) }
                let s = ObservationSet.sigmas(sensor.noise)
                if m.rangeKm != nil { kinds.append((.rangeKm, s.range)) }
                if m.azimuthRad != nil { kinds.append((.angleRad, s.angle)) }
                if m.elevationRad != nil { kinds.append((.angleRad, s.angle)) }
                if m.rangeRateKmPerS != nil { kinds.append((.rangeRateKmPerS, s.rangeRate)) }
                if m.rightAscensionRad != nil { kinds.append((.angleRad, s.angle)) }
                if m.declinationRad != nil { kinds.append((.angleRad, s.angle)) }
                entries.append(Entry(measurement: m, sensorIndex: si, trackletIndex: ti, rotations: rot,
                                     residualCount: count))
            }
        }
        self.entries = entries
        self.sensors = sensorList
        self.tracklets = tracklets
        self.model = model
        self.residualCount = owner.count
        self.observationOfResidual = owner
        self.residualKinds = kinds
    }

    /// The σ used to normalize (a sensor without a stated noise gets 20 m, 0.02°, 1 m/s).
    @inline(__always)
    static func sigmas(_ noise: MeasurementNoise) -> (range: Double, angle: Double, rangeRate: Double) {
        (noise.rangeKm > 0 ? noise.rangeKm : 0.02, noise.angleRad > 0 ? noise.angleRad : 3.5e-4,
         noise.rangeRateKmPerS > 0 ? noise.rangeRateKmPerS : 1e-3)
    }

    /// RMS of the physical residuals of accepted measurements: (range km, angle rad, range rate km/s),
    /// NaN for a kind with no residuals.
    public func physicalRMS(_ normalized: [Double], rejected: [Bool]) -> (rangeKm: Double, angleRad: Double, rangeRateKmPerS: Double) {
        var sum = [0.0, 0.0, 0.0], count = [0, 0, 0]
        for i in normalized.indices where !rejected[observationOfResidual[i]] {
            let k: Int
            switch residualKinds[i].kind { case .rangeKm: k = 0; case .angleRad: k = 1; case .rangeRateKmPerS: k = 2 }
            let x = normalized[i] * residualKinds[i].sigma
            sum[k] += x * x; count[k] += 1
        }
        func r(_ k: Int) -> Double { count[k] > 0 ? (sum[k] / Double(count[k])).squareRoot() : .nan }
        return (r(0), r(1), r(2))
    }

    /// Tracklets (indices into ``tracklets``) with at least half of their prepared measurements
    /// edited out (`rejected`, one flag per entry), with both counts: a tracklet a fit will not
    /// hold, the mark of another object's or a maneuvered object's tracklet.
    public func mostlyEditedTracklets(_ rejected: [Bool]) -> [Int: (measurements: Int, edited: Int)] {
        var counts: [Int: (measurements: Int, edited: Int)] = [:]
        for (e, entry) in entries.enumerated() {
            var c = counts[entry.trackletIndex] ?? (0, 0)
            c.measurements += 1
            if rejected[e] { c.edited += 1 }
            counts[entry.trackletIndex] = c
        }
        return counts.filter { $0.value.edited * 2 >= $0.value.measurements }
    }

    static func components(of m: Sensors.Measurement) -> Int {
        var n = 0
        if m.rangeKm != nil { n += 1 }
        if m.azimuthRad != nil { n += 1 }
        if m.elevationRad != nil { n += 1 }
        if m.rangeRateKmPerS != nil { n += 1 }
        if m.rightAscensionRad != nil { n += 1 }
        if m.declinationRad != nil { n += 1 }
        return n
    }

    /// Earliest and latest measurement epochs.
    public var span: (first: Instant, last: Instant)? {
        guard var lo = entries.first?.measurement.epoch else { return nil }
        var hi = lo
        for e in entries {
            if e.measurement.epoch < lo { lo = e.measurement.epoch }
            if hi < e.measurement.epoch { hi = e.measurement.epoch }
        }
        return (lo, hi)
    }

    /// Writes the normalized residuals (observed − predicted) / σ of every measurement for the
    /// orbit `sgp4` into `out` (length ``residualCount``).
    public func normalizedResiduals(_ sgp4: SGP4, into out: inout [Double]) throws(SGP4Error) {
        var k = 0
        for e in entries {
            let st = try sgp4.state(at: e.measurement.epoch)
            let sensor = sensors[e.sensorIndex]
            k = ObservationSet.residuals(e.measurement, positionKm: st.positionKm, velocityKmPerS: st.velocityKmPerS,
                                         sensor: sensor, rotations: e.rotations, model: model, into: &out, at: k)
        }
    }

    /// Appends the normalized residuals of one measurement against a TEME state at index `k`;
    /// returns the next index.
    @inline(__always)
    static func residuals(_ m: Sensors.Measurement, positionKm r: SIMD3<Double>, velocityKmPerS v: SIMD3<Double>,
                          sensor: Sensor, rotations: TEMERotations, model: MeasurementModel,
                          into out: inout [Double], at start: Int) -> Int {
        var k = start
        let (sigmaR, sigmaA, sigmaRR) = sigmas(sensor.noise)
        if m.rangeKm != nil || m.azimuthRad != nil || m.elevationRad != nil || m.rangeRateKmPerS != nil {
            let t = model.topocentric(positionKm: r, velocityKmPerS: v, from: sensor.site, rotations: rotations)
            if let x = m.rangeKm { out[k] = (x - t.rangeKm) / sigmaR; k += 1 }
            if let x = m.azimuthRad { out[k] = wrapPi(x - t.azimuthRad) / sigmaA; k += 1 }
            if let x = m.elevationRad { out[k] = (x - t.elevationRad) / sigmaA; k += 1 }
            if let x = m.rangeRateKmPerS { out[k] = (x - t.rangeRateKmPerS) / sigmaRR; k += 1 }
        }
        if m.rightAscensionRad != nil || m.declinationRad != nil {
            let (ra, dec) = model.rightAscensionDeclination(positionKm: r, from: sensor.site, rotations: rotations)
            if let x = m.rightAscensionRad { out[k] = wrapPi(x - ra) * cos(dec) / sigmaA; k += 1 }
            if let x = m.declinationRad { out[k] = (x - dec) / sigmaA; k += 1 }
        }
        return k
    }
}

/// The signed angle from `r` to `x` about the orbit normal `h` (positive in the direction of
/// motion), radians in (−π, π]: how far `x` lies ahead of `r` along the orbit.
func angleAheadRad(from r: SIMD3<Double>, to x: SIMD3<Double>, normal h: SIMD3<Double>) -> Double {
    atan2(FrameMath.dot(FrameMath.cross(r, x), h) / FrameMath.norm(h), FrameMath.dot(r, x))
}

/// `x` wrapped into (−π, π].
@inline(__always)
func wrapPi(_ x: Double) -> Double {
    var y = x.truncatingRemainder(dividingBy: 2 * .pi)
    if y > .pi { y -= 2 * .pi } else if y <= -.pi { y += 2 * .pi }
    return y
}

/// A thread-safe cache of Earth rotations by instant: simulated and real sensors report on a
/// regular time grid, so many measurements share an epoch and the nutation series is evaluated
/// once per epoch instead of once per measurement.
public final class RotationCache: @unchecked Sendable {
    private var table: [Instant: TEMERotations] = [:]
    private let lock = NSLock()
    public let model: MeasurementModel

    public init(model: MeasurementModel) { self.model = model }

    /// The rotations at `instant`, computed on first use.
    public func rotations(at instant: Instant) -> TEMERotations {
        lock.lock()
        if let r = table[instant] { lock.unlock(); return r }
        lock.unlock()
        let r = model.rotations(at: instant)
        lock.lock()
        table[instant] = r
        lock.unlock()
        return r
    }
}
