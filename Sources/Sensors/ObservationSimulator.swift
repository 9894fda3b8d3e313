import Foundation
import Astrodynamics
import SpaceData

/// What the simulator draws and how it groups measurements.
public struct SimulationOptions: Sendable {
    /// Seed of the random generator (``Xoshiro256StarStar``); the same seed and inputs give the same output.
    public var seed: UInt64 = 1
    /// Add Gaussian noise with each sensor's 1σ.
    public var addNoise = true
    /// Add each sensor's constant biases.
    public var addBias = true
    /// Apply detection (radar Pd per dwell, optical limiting magnitude); false: every dwell detects.
    public var applyDetection = true
    /// Add false tracklets at each sensor's documented rate.
    public var addFalseAlarms = true
    /// A track coasts over this many consecutive missed dwells; one more miss ends the tracklet
    /// (the pass continues in a new tracklet when detections resume).
    public var coastDwells = 2
    /// Tracklets with fewer measurements are dropped (a tracker does not report them).
    public var minimumMeasurements = 3
    /// Radar cross sections of the truth objects.
    public var rcs = RCSModel()

    public init() {}
}

/// Simulated observations: the tracklets, the truth behind each, and counts.
public struct SimulationResult: Sendable {
    /// Every tracklet, ordered by sensor, then start. ``Tracklet/reportedObject`` is nil: correlating is the center's job.
    public var tracklets: [Tracklet]
    /// Truth: tracklet id → the catalog number it came from, or nil for a false alarm.
    public var labels: [String: Int?]
    /// The truth passes the tracklets came from.
    public var passes: [Pass]
    /// Passes in which nothing was reported (not detected, or too few detections).
    public var undetectedPasses: Int
    /// False tracklets added.
    public var falseTracklets: Int
    /// Truth objects SGP4 could not propagate.
    public var failures: [(catalogNumber: Int, error: SGP4Error)]
    /// Wall-clock time, seconds.
    public var elapsedSeconds: Double
}

/// Simulates what the network reports of a set of truth orbits.
///
/// For each truth pass (``AccessWindows``) of each sensor — or only the passes a ``TaskingPlan``
/// selected — the sensor measures at its interval, on times that are whole multiples of the
/// interval from the window start. At each dwell the object is detected with probability Pd
/// (radar: ``RadarEquationSkolnik2001`` SNR from the object's RCS (``RCSModel``) and range, then
/// ``DetectionProbabilitySwerling``; optical: detected when its ``DiffuseSphereMagnitude`` is at or
/// below the limiting magnitude). Detected dwells get ``MeasurementModel`` geometry plus Gaussian
/// noise (the sensor's 1σ; angles as given, in azimuth/elevation or right ascension/declination)
/// and the sensor's constant bias (optical sensors take the azimuth/elevation biases on right
/// ascension/declination). Dwells group into tracklets (see ``SimulationOptions/coastDwells``).
/// False tracklets arrive as a Poisson process at the sensor's rate: 3–8 measurements of a
/// straight-line target inside the field of regard.
///
/// Random numbers: one ``Xoshiro256StarStar`` per pass, seeded from the run seed, the sensor and
/// the object, so results do not depend on thread scheduling.
public struct ObservationSimulator: Sendable {
    public var sensors: [Sensor]
    public var model: MeasurementModel
    public var options: SimulationOptions
    /// Settings of the pass search.
    public var access: AccessWindows

    public init(sensors: [Sensor], eop: EarthOrientationTable, leapSeconds: LeapSecondTable = .bundled,
                options: SimulationOptions = SimulationOptions()) {
        self.sensors = sensors
        self.model = MeasurementModel(eop: eop, leapSeconds: leapSeconds)
        self.options = options
        self.access = AccessWindows(sensors: sensors, eop: eop, leapSeconds: leapSeconds)
    }

    /// Simulates `durationSeconds` from `start` for `truth` (one element set per object). With a
    /// `plan`, only passes it tasked are observed.
    public func simulate(truth: [ElementSet], start: Instant, durationSeconds: Double,
                         plan: TaskingPlan? = nil) -> SimulationResult {
        let clock = ContinuousClock.now
        var objects: [Int: (sgp4: SGP4, rcs: Double)] = [:]
        var failures: [(catalogNumber: Int, error: SGP4Error)] = []
        var satellites: [(catalogNumber: Int, sgp4: SGP4)] = []
        for s in truth {
            do {
                let p = try SGP4(s.meanElements)
                objects[s.noradCatalogNumber] = (p, options.rcs.rcsSquareMeters(of: s))
                satellites.append((s.noradCatalogNumber, p))
            } catch { failures.append((s.noradCatalogNumber, error)) }
        }
        let report = access.compute(satellites: satellites, start: start, durationSeconds: durationSeconds)
        failures += report.failures
        var passes = report.passes
        if let plan { passes = passes.flatMap { plan.clip($0) } }

        // Exact rotations at every multiple of the shortest interval (intervals that are not
        // multiples of it get their own).
        let step = sensors.map(\.measurementIntervalSeconds).min() ?? 10
        let gridCount = Int((durationSeconds / step).rounded(.down)) + 1
        var rotations: [TEMERotations] = []
        rotations.reserveCapacity(gridCount)
        for j in 0..<gridCount { rotations.append(model.rotations(at: start.advanced(bySeconds: Double(j) * step))) }
        let sensorIndex = Dictionary(uniqueKeysWithValues: sensors.enumerated().map { ($1.id, $0) })

        let chunks = max(1, min(passes.count, 256))
        let box = TrackletBox(count: chunks)
        DispatchQueue.concurrentPerform(iterations: chunks) { [passes, objects, rotations] c in
            var out: [(Tracklet, Int)] = []
            var missed = 0
            var i = c
            while i < passes.count {
                let pass = passes[i]
                if let object = objects[pass.catalogNumber], let s = sensorIndex[pass.sensorID] {
                    let made = observe(pass, sensor: sensors[s], sensorIndex: s, object: object, start: start,
                                       durationSeconds: durationSeconds, rotations: rotations, rotationStep: step)
                    if made.isEmpty { missed += 1 }
                    out += made.map { ($0, pass.catalogNumber) }
                }
                i += chunks
            }
            box.store(c, out, missed)
        }

        var labelled: [(tracklet: Tracklet, label: Int?)] = box.tracklets.flatMap { $0 }.map { ($0.0, Optional($0.1)) }
        var falseCount = 0
        if options.addFalseAlarms {
            for (s, sensor) in sensors.enumerated() {
                let fakes = falseTracklets(sensor: sensor, sensorIndex: s, start: start, durationSeconds: durationSeconds,
                                           rotations: rotations, rotationStep: step)
                falseCount += fakes.count
                labelled += fakes.map { (tracklet: $0, label: Int?.none) }
            }
        }
        let (tracklets, labels) = ObservationSimulator.numbered(labelled, leapSeconds: model.leapSeconds)
        return SimulationResult(tracklets: tracklets, labels: labels, passes: passes,
                                undetectedPasses: box.missed.reduce(0, +), falseTracklets: falseCount,
                                failures: failures.sorted { $0.catalogNumber < $1.catalogNumber },
                                elapsedSeconds: (ContinuousClock.now - clock).inSeconds)
    }

    /// The probability that one dwell detects an object of `rcsSquareMeters` at `rangeKm` (radar),
    /// or 1/0 by limiting magnitude (optical, given the phase angle).
    public func probabilityOfDetection(sensor: Sensor, rcsSquareMeters: Double, rangeKm: Double, phaseAngleRad: Double = 0) -> Double {
        if let r = sensor.radar {
            let snr = RadarEquationSkolnik2001.snr(r, rcsSquareMeters: rcsSquareMeters, rangeKm: rangeKm)
            return DetectionProbabilitySwerling.pd(snr: snr, pfa: r.probabilityOfFalseAlarm, swerling: r.swerling)
        }
        if let o = sensor.optical {
            let m = DiffuseSphereMagnitude.magnitude(crossSectionSquareMeters: rcsSquareMeters, rangeKm: rangeKm, phaseAngleRad: phaseAngleRad)
            return m <= o.limitingMagnitude ? 1 : 0
        }
        return 1
    }

    func rotation(at t: Double, start: Instant, rotations: [TEMERotations], rotationStep: Double) -> TEMERotations {
        let j = (t / rotationStep).rounded()
        if abs(j * rotationStep - t) < 1e-6, Int(j) >= 0, Int(j) < rotations.count { return rotations[Int(j)] }
        return model.rotations(at: start.advanced(bySeconds: t))
    }

    /// The tracklets of one pass.
    func observe(_ pass: Pass, sensor: Sensor, sensorIndex: Int, object: (sgp4: SGP4, rcs: Double), start: Instant,
                 durationSeconds: Double, rotations: [TEMERotations], rotationStep: Double) -> [Tracklet] {
        var rng = Xoshiro256StarStar(seed: options.seed ^ (UInt64(sensorIndex) &* 0x9E37_79B9_7F4A_7C15)
                                     ^ (UInt64(truncatingIfNeeded: pass.catalogNumber) &* 0xD1B5_4A32_D192_ED03)
                                     ^ UInt64(truncatingIfNeeded: Int64(pass.rise.secondsSince(start).rounded())) &* 0x8CB9_2BA7_2F3D_8DD7)
        let interval = sensor.measurementIntervalSeconds
        let riseT = pass.rise.secondsSince(start), setT = pass.set.secondsSince(start)
        var j = (riseT / interval).rounded(.up)
        var tracklets: [Tracklet] = []
        var current: [Measurement] = []
        var misses = 0
        func flush() {
            if current.count >= options.minimumMeasurements {
                tracklets.append(Tracklet(id: "", sensorID: sensor.id, measurements: current))
            }
            current = []
        }
        let offset = start.secondsSince(object.sgp4.epoch) / 60
        while j * interval <= setT + 1e-9, j * interval <= durationSeconds {
            let t = j * interval
            j += 1
            guard let (r, v) = try? object.sgp4.propagate(minutesSinceEpoch: offset + t / 60) else { break }
            let rot = rotation(at: t, start: start, rotations: rotations, rotationStep: rotationStep)
            let epoch = start.advanced(bySeconds: t)
            var m = model.predict(positionKm: r, velocityKmPerS: v, epoch: epoch, sensor: sensor, rotations: rot)
            var detected = true
            if options.applyDetection {
                var phase = 0.0
                if sensor.optical != nil {
                    let sun = SunPositionVallado2013.positionKm(at: epoch)
                    let rG = rot.temeToGCRF * r
                    let site = rot.temeToGCRF * (rot.temeToPEF.transposed * (rot.pefToITRF.transposed * sensor.site.itrfPositionKm))
                    let toSun = sun - rG, toSite = site - rG
                    let c = (toSun * toSite).sum() / ((toSun * toSun).sum().squareRoot() * (toSite * toSite).sum().squareRoot())
                    phase = acos(max(-1, min(1, c)))
                }
                let range = m.rangeKm ?? model.topocentric(positionKm: r, velocityKmPerS: v, from: sensor.site, rotations: rot).rangeKm
                let pd = probabilityOfDetection(sensor: sensor, rcsSquareMeters: object.rcs, rangeKm: range, phaseAngleRad: phase)
                detected = rng.nextUnit() < pd
            }
            // Draw noise for every dwell, detected or not, so the sequence depends only on the pass.
            let z = (rng.nextGaussian(), rng.nextGaussian(), rng.nextGaussian(), rng.nextGaussian())
            guard detected else {
                misses += 1
                if misses > options.coastDwells { flush() }
                continue
            }
            misses = 0
            perturb(&m, sensor: sensor, z: z)
            current.append(m)
        }
        flush()
        return tracklets
    }

    /// Adds noise and bias to a measurement.
    func perturb(_ m: inout Measurement, sensor: Sensor, z: (Double, Double, Double, Double)) {
        let n = options.addNoise ? sensor.noise : MeasurementNoise()
        let b = options.addBias ? sensor.bias : .none
        if let r = m.rangeKm { m.rangeKm = r + n.rangeKm * z.0 + b.rangeKm }
        if let a = m.azimuthRad {
            var az = (a + n.angleRad * z.1 + b.azimuthRad).truncatingRemainder(dividingBy: 2 * .pi)
            if az < 0 { az += 2 * .pi }
            m.azimuthRad = az
        }
        if let e = m.elevationRad { m.elevationRad = e + n.angleRad * z.2 + b.elevationRad }
        if let rr = m.rangeRateKmPerS { m.rangeRateKmPerS = rr + n.rangeRateKmPerS * z.3 + b.rangeRateKmPerS }
        if let ra = m.rightAscensionRad {
            var v = (ra + n.angleRad * z.1 + b.azimuthRad).truncatingRemainder(dividingBy: 2 * .pi)
            if v < 0 { v += 2 * .pi }
            m.rightAscensionRad = v
        }
        if let d = m.declinationRad { m.declinationRad = max(-.pi / 2, min(.pi / 2, d + n.angleRad * z.2 + b.elevationRad)) }
    }

    /// False tracklets of one sensor: a Poisson process at its rate over the window.
    func falseTracklets(sensor: Sensor, sensorIndex: Int, start: Instant, durationSeconds: Double,
                        rotations: [TEMERotations], rotationStep: Double) -> [Tracklet] {
        let rate = sensor.radar?.falseTrackletsPerHour ?? sensor.optical?.falseTrackletsPerHour ?? 0
        guard rate > 0 else { return [] }
        var rng = Xoshiro256StarStar(seed: options.seed ^ 0xFA15_EA1A_0000_0000 ^ UInt64(sensorIndex))
        let interval = sensor.measurementIntervalSeconds
        let f = sensor.fieldOfRegard
        var out: [Tracklet] = []
        var t = 0.0
        while true {
            t += -log(1 - rng.nextUnit()) * 3600 / rate
            guard t < durationSeconds else { break }
            let count = 3 + Int(rng.nextUnit() * 6)
            let t0 = (t / interval).rounded(.down) * interval
            let el = f.minimumElevationRad + rng.nextUnit() * (min(f.maximumElevationRad, 1.4) - f.minimumElevationRad)
            let az = f.azimuthCenterRad + (2 * rng.nextUnit() - 1) * min(f.azimuthHalfWidthRad, .pi)
            let rangeHi = min(sensor.rangeLimitsKm.upperBound, 3000)
            let range = sensor.rangeLimitsKm.lowerBound + rng.nextUnit() * max(0, rangeHi - sensor.rangeLimitsKm.lowerBound)
            let p0 = range * SIMD3(cos(el) * sin(az), cos(el) * cos(az), sin(el))
            let speed = 1 + 6 * rng.nextUnit(), heading = 2 * .pi * rng.nextUnit()
            let vel = SIMD3(speed * sin(heading), speed * cos(heading), 0.2 * (2 * rng.nextUnit() - 1))
            var ms: [Measurement] = []
            for i in 0..<count {
                let ti = t0 + Double(i) * interval
                guard ti <= durationSeconds else { break }
                let epoch = start.advanced(bySeconds: ti)
                let enu = p0 + vel * (ti - t0)
                var m: Measurement
                let topo = Topocentric(eastNorthUpKm: enu, eastNorthUpKmPerS: vel)
                // The false target stays inside the field of regard: stop when it would leave.
                guard f.contains(azimuthRad: topo.azimuthRad, elevationRad: topo.elevationRad),
                      sensor.rangeLimitsKm.contains(topo.rangeKm) else { break }
                if sensor.kind.isRadar {
                    m = Measurement(epoch: epoch, rangeKm: topo.rangeKm, azimuthRad: topo.azimuthRad,
                                    elevationRad: topo.elevationRad, rangeRateKmPerS: topo.rangeRateKmPerS)
                } else {
                    // A line of sight in ENU turned into ITRF then TEME, seen as RA/Dec from the site.
                    let rot = rotation(at: ti, start: start, rotations: rotations, rotationStep: rotationStep)
                    let itrf = sensor.site.itrfPositionKm + sensor.site.enuFromITRF.transposed * (enu * 10)
                    let teme = rot.temeToPEF.transposed * (rot.pefToITRF.transposed * itrf)
                    let (ra, dec) = model.rightAscensionDeclination(positionKm: teme, from: sensor.site, rotations: rot)
                    m = Measurement(epoch: epoch, rightAscensionRad: ra, declinationRad: dec)
                }
                perturb(&m, sensor: sensor, z: (rng.nextGaussian(), rng.nextGaussian(), rng.nextGaussian(), rng.nextGaussian()))
                ms.append(m)
            }
            if ms.count >= options.minimumMeasurements {
                out.append(Tracklet(id: "", sensorID: sensor.id, measurements: ms))
            }
        }
        return out
    }
}

/// Per-chunk tracklets from parallel workers.
final class TrackletBox: @unchecked Sendable {
    private let lock = NSLock()
    var tracklets: [[(Tracklet, Int)]]
    var missed: [Int]
    init(count: Int) {
        tracklets = Array(repeating: [], count: count)
        missed = Array(repeating: 0, count: count)
    }
    func store(_ i: Int, _ t: [(Tracklet, Int)], _ m: Int) {
        lock.lock(); tracklets[i] = t; missed[i] = m; lock.unlock()
    }
}

extension ObservationSimulator {
    /// Sorts tracklets (each with its truth label: a catalog number, `nil` for a false alarm) and
    /// names them `<sensor>-<yyyymmdd>-<seq>`, `seq` counting per sensor and UTC day in time order;
    /// returns them with the label of each identifier. Every tracklet must have a start.
    public static func numbered(_ labelled: [(tracklet: Tracklet, label: Int?)], leapSeconds: LeapSecondTable)
        -> (tracklets: [Tracklet], labels: [String: Int?]) {
        let sorted = labelled.sorted { a, b in
            let ta = a.tracklet.start!, tb = b.tracklet.start!
            if a.tracklet.sensorID != b.tracklet.sensorID { return a.tracklet.sensorID < b.tracklet.sensorID }
            if ta != tb { return ta < tb }
            return (a.label ?? -1) < (b.label ?? -1)
        }
        var counters: [String: Int] = [:]
        var labels: [String: Int?] = [:]
        var tracklets: [Tracklet] = []
        tracklets.reserveCapacity(sorted.count)
        for (t, label) in sorted {
            let cal = t.start!.utcCalendar(leapSeconds: leapSeconds)
            let key = t.sensorID + "-" + String(format: "%04d%02d%02d", cal.year, cal.month, cal.day)
            let seq = (counters[key] ?? 0) + 1
            counters[key] = seq
            var named = t
            named.id = key + "-" + String(format: "%06d", seq)
            labels[named.id] = .some(label)
            tracklets.append(named)
        }
        return (tracklets, labels)
    }
}
