import Foundation
import Astrodynamics
import SpaceData
import Sensors

/// A seeded pseudo-random generator (Sensors' ``SplitMix64``) with the deviates the sensor
/// simulation draws, so that a simulation with the same seed is reproducible.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var source: SplitMix64
    public init(seed: UInt64) { source = SplitMix64(seed: seed) }
    public mutating func next() -> UInt64 { source.next() }
    /// A standard normal deviate (Box–Muller).
    mutating func gaussian() -> Double {
        let u1 = Double.random(in: Double.ulpOfOne..<1, using: &self), u2 = Double.random(in: 0..<1, using: &self)
        return (-2 * log(u1)).squareRoot() * cos(2 * .pi * u2)
    }
    /// A Poisson deviate with mean `lambda` (Knuth's multiplication method; small means only).
    mutating func poisson(_ lambda: Double) -> Int {
        guard lambda > 0 else { return 0 }
        let l = exp(-lambda)
        var k = 0, p = 1.0
        repeat { k += 1; p *= Double.random(in: 0..<1, using: &self) } while p > l
        return k - 1
    }
}

/// Where a space-based IR sensor is: a geostationary slot, a circular orbit or an SGP4 element set.
public enum IROrbit: Sendable, Hashable {
    /// Geostationary at an Earth-fixed longitude (altitude 35 786 km above the equator).
    case geostationary(longitudeDeg: Double)
    /// A circular Keplerian orbit (no J2) whose ascending node is at an Earth-fixed longitude and whose
    /// argument of latitude has a value at `epoch`; the node drifts west at the Earth's rotation rate.
    case circular(altitudeKm: Double, inclinationDeg: Double, nodeLongitudeDeg: Double, argumentOfLatitudeDeg: Double, epoch: Instant)
    /// A two-line element set, propagated by SGP4 (TEME → ITRF with UT1 = UTC and no polar motion, which
    /// moves a LEO sensor by well under 1 km).
    case tle(line1: String, line2: String)

    /// The SGP4 propagator of a `.tle` orbit; nil for the other kinds or a set that does not parse.
    public var propagator: SGP4? {
        guard case let .tle(l1, l2) = self, let set = TLEReader().read(l1 + "\n" + l2 + "\n").records.first else { return nil }
        return try? SGP4(set.meanElements)
    }

    /// Earth-fixed position at a time, km; nil only when SGP4 fails (a decayed orbit). For `.tle` pass
    /// ``propagator`` (computed once) to avoid re-initialising SGP4 at every call.
    public func positionKm(at t: Instant, propagator: SGP4? = nil) -> SIMD3<Double>? {
        let ae = Ellipsoid.wgs84.equatorialRadiusKm
        switch self {
        case let .geostationary(lon):
            let r = 42_164.17, l = lon * .pi / 180
            return SIMD3(r * cos(l), r * sin(l), 0)
        case let .circular(h, inc, node, u0, epoch):
            let r = ae + h, mu = 398_600.4418, omegaE = 7.292_115e-5
            let dt = t.secondsSince(epoch)
            let u = u0 * .pi / 180 + (mu / (r * r * r)).squareRoot() * dt
            let o = node * .pi / 180 - omegaE * dt, i = inc * .pi / 180
            return r * SIMD3(cos(o) * cos(u) - sin(o) * sin(u) * cos(i), sin(o) * cos(u) + cos(o) * sin(u) * cos(i), sin(u) * sin(i))
        case .tle:
            guard let sgp4 = propagator ?? self.propagator, let st = try? sgp4.state(at: t) else { return nil }
            return st.toITRF(.zero).positionKm
        }
    }
}

/// A space-based IR (launch detection) sensor: it sees a plume only while the missile is in boost and
/// above the cloud tops, inside its range limit and when the line of sight clears the Earth's limb.
public struct IRSensor: Sendable, Hashable {
    /// Sensor identifier (unique in a network).
    public var id: String
    /// Where it is.
    public var orbit: IROrbit
    /// Frame period, s (1 Hz LEO → 1; 0.1 Hz GEO → 10).
    public var framePeriodS: Double
    /// 1σ angular noise per axis, rad.
    public var sigmaRad: Double
    /// Probability of detecting a visible plume in one frame.
    public var pd: Double
    /// Maximum range to a plume, km.
    public var maxRangeKm: Double
    /// Mean number of false alarms per frame (Poisson), uniform over the visible Earth disk.
    public var falseAlarmsPerFrame: Double
    public init(id: String, orbit: IROrbit, framePeriodS: Double, sigmaRad: Double, pd: Double, maxRangeKm: Double, falseAlarmsPerFrame: Double) {
        self.id = id; self.orbit = orbit; self.framePeriodS = framePeriodS; self.sigmaRad = sigmaRad
        self.pd = pd; self.maxRangeKm = maxRangeKm; self.falseAlarmsPerFrame = falseAlarmsPerFrame
    }
}

/// A ground radar (FPS-5, AN/TPY-2). Detection follows the radar equation: SNR = SNR₀ · (σ / 1 m²) ·
/// (R₀ / R)⁴, with SNR₀ chosen so that a 1 m² target at the reference range R₀ is detected with Pd = 0.5;
/// Pd = Pfa^(1/(1+SNR)) for a Swerling-1 target (Skolnik, *Introduction to Radar Systems*, 3rd ed., §2.8;
/// Swerling 1960). The site sees only above its minimum elevation and within its maximum range.
public struct RadarSensor: Sendable, Hashable {
    public static func == (a: RadarSensor, b: RadarSensor) -> Bool {
        a.id == b.id && a.site == b.site && a.referenceRangeKm == b.referenceRangeKm && a.maxRangeKm == b.maxRangeKm
            && a.minElevationDeg == b.minElevationDeg && a.revisitS == b.revisitS && a.pfa == b.pfa && a.sigmaRangeKm == b.sigmaRangeKm
            && a.sigmaAngleDeg == b.sigmaAngleDeg && a.sigmaRangeRateKmPerS == b.sigmaRangeRateKmPerS
            && a.sector?.boresightAzimuthDeg == b.sector?.boresightAzimuthDeg && a.sector?.halfWidthDeg == b.sector?.halfWidthDeg
    }
    public func hash(into h: inout Hasher) { h.combine(id); h.combine(site) }

    /// True when an azimuth (rad) is inside the ``sector`` (always, without one).
    public func inSector(azimuthRad: Double) -> Bool {
        guard let sector else { return true }
        var d = (azimuthRad * 180 / .pi - sector.boresightAzimuthDeg).truncatingRemainder(dividingBy: 360)
        if d > 180 { d -= 360 } else if d < -180 { d += 360 }
        return abs(d) <= sector.halfWidthDeg
    }

    /// Sensor identifier (unique in a network).
    public var id: String
    /// Antenna position.
    public var site: Geodetic
    /// Range at which a 1 m² target has Pd = 0.5, km.
    public var referenceRangeKm: Double
    /// Instrumented range, km.
    public var maxRangeKm: Double
    /// Horizon: minimum elevation, deg.
    public var minElevationDeg: Double
    /// Update (revisit) period, s.
    public var revisitS: Double
    /// Probability of false alarm of one detection cell (sets the threshold).
    public var pfa: Double
    /// 1σ range noise, km.
    public var sigmaRangeKm: Double
    /// 1σ noise of azimuth and of elevation, deg.
    public var sigmaAngleDeg: Double
    /// 1σ range-rate noise, km/s.
    public var sigmaRangeRateKmPerS: Double
    /// Azimuth sector of a fixed-face radar: boresight azimuth and half width, deg; nil = all azimuths.
    public var sector: (boresightAzimuthDeg: Double, halfWidthDeg: Double)?
    public init(id: String, site: Geodetic, referenceRangeKm: Double, maxRangeKm: Double, minElevationDeg: Double = 0.5, revisitS: Double,
                pfa: Double = 1e-6, sigmaRangeKm: Double, sigmaAngleDeg: Double, sigmaRangeRateKmPerS: Double,
                sector: (boresightAzimuthDeg: Double, halfWidthDeg: Double)? = nil) {
        self.sector = sector
        self.id = id; self.site = site; self.referenceRangeKm = referenceRangeKm; self.maxRangeKm = maxRangeKm
        self.minElevationDeg = minElevationDeg; self.revisitS = revisitS; self.pfa = pfa
        self.sigmaRangeKm = sigmaRangeKm; self.sigmaAngleDeg = sigmaAngleDeg; self.sigmaRangeRateKmPerS = sigmaRangeRateKmPerS
    }

    /// SNR₀: the SNR at which a Swerling-1 target is detected with Pd = 0.5 at this Pfa.
    public var referenceSNR: Double { log(pfa) / log(0.5) - 1 }
    /// Swerling-1 Pd of a target of `rcsM2` at `rangeKm`.
    public func pd(rcsM2: Double, rangeKm: Double) -> Double {
        let snr = referenceSNR * rcsM2 * pow(referenceRangeKm / rangeKm, 4)
        return pow(pfa, 1 / (1 + snr))
    }
    /// Range, azimuth, elevation (rad) and range rate of an Earth-fixed point and velocity from the site.
    public func look(positionKm p: SIMD3<Double>, velocityKmPerS v: SIMD3<Double>) -> (rangeKm: Double, azimuthRad: Double, elevationRad: Double, rangeRateKmPerS: Double) {
        let s = site.itrfPositionKm()
        let d = p - s, r = (d * d).sum().squareRoot()
        let la = site.latitudeRad, lo = site.longitudeRad
        let east = SIMD3(-sin(lo), cos(lo), 0.0)
        let north = SIMD3(-sin(la) * cos(lo), -sin(la) * sin(lo), cos(la))
        let up = SIMD3(cos(la) * cos(lo), cos(la) * sin(lo), sin(la))
        var az = atan2((d * east).sum(), (d * north).sum())
        if az < 0 { az += 2 * .pi }
        return (r, az, asin((d * up).sum() / r), (d * v).sum() / r)
    }
}

/// The sensors of a simulation: IR satellites, ground radars, and the shared parameters (cloud tops,
/// target RCS). The JSON file format (`kanshi-missile-sensors/1`) is in docs/missile-sensors.md.
public struct MissileSensorNetwork: Sendable {
    /// Space-based IR sensors.
    public var ir: [IRSensor]
    /// Ground radars.
    public var radars: [RadarSensor]
    /// Plumes below this altitude are hidden by clouds, km.
    public var cloudTopKm: Double
    /// Radar cross section of every missile (all aspects, all phases), m².
    public var targetRCSM2: Double

    public init(ir: [IRSensor], radars: [RadarSensor], cloudTopKm: Double = 10, targetRCSM2: Double = 1) {
        self.ir = ir; self.radars = radars; self.cloudTopKm = cloudTopKm; self.targetRCSM2 = targetRCSM2
    }

    /// True when the segment from a sensor to a point does not pass through the WGS84 ellipsoid
    /// (the test is done in coordinates where the ellipsoid is a sphere: z scaled by a/b).
    public static func lineOfSightClear(from a: SIMD3<Double>, to b: SIMD3<Double>) -> Bool {
        let e = Ellipsoid.wgs84, k = e.equatorialRadiusKm / e.polarRadiusKm
        let p = SIMD3(a.x, a.y, a.z * k), q = SIMD3(b.x, b.y, b.z * k)
        let d = q - p, dd = (d * d).sum()
        let t = max(0, min(1, -(p * d).sum() / dd))
        let c = p + t * d
        return (c * c).sum() > e.equatorialRadiusKm * e.equatorialRadiusKm
    }

    /// Simulates the detections of every sensor for the flown missiles, sorted by time then sensor.
    /// IR frames and radar updates are on a grid of their period from the earliest launch, up to the last impact.
    public func simulate(_ missiles: [(id: String, trajectory: Trajectory)], seed: UInt64) -> [Detection] {
        guard let start = missiles.map({ $0.trajectory.launchTime }).min(by: { $0.secondsSince($1) < 0 }) else { return [] }
        let end = missiles.map { $0.trajectory.impactTime.secondsSince(start) }.max() ?? 0
        var out: [Detection] = []
        for (index, s) in ir.enumerated() {
            var rng = SeededGenerator(seed: seed &+ 0x1000 &+ UInt64(index) &* 0x9E37_79B9)
            var k = 0
            let sgp4 = s.orbit.propagator
            while Double(k) * s.framePeriodS <= end {
                let t = start.advanced(bySeconds: Double(k) * s.framePeriodS); k += 1
                guard let pos = s.orbit.positionKm(at: t, propagator: sgp4) else { continue }
                for m in missiles {
                    let tt = t.secondsSince(m.trajectory.launchTime)
                    guard let st = m.trajectory.state(atTimeS: tt), st.phase == .boost,
                          Geodetic(itrfPositionKm: st.positionKm).altitudeKm >= cloudTopKm else { continue }
                    let d = st.positionKm - pos, r = (d * d).sum().squareRoot()
                    guard r <= s.maxRangeKm, Self.lineOfSightClear(from: pos, to: st.positionKm),
                          Double.random(in: 0..<1, using: &rng) < s.pd else { continue }
                    let u = Self.perturb(d / r, sigmaRad: s.sigmaRad, rng: &rng)
                    out.append(Detection(time: t, sensorID: s.id, sensorPositionKm: pos, measurement: .lineOfSight(unitECEF: u, sigmaRad: s.sigmaRad),
                                         truth: .init(missile: m.id, phase: .boost)))
                }
                for _ in 0..<rng.poisson(s.falseAlarmsPerFrame) {
                    // Uniform over the spherical cap of the visible Earth disk around nadir.
                    let rr = (pos * pos).sum().squareRoot(), nadir = -pos / rr
                    let halfAngle = asin(min(1, Ellipsoid.wgs84.equatorialRadiusKm / rr))
                    let cosT = 1 - Double.random(in: 0..<1, using: &rng) * (1 - cos(halfAngle))
                    let phi = Double.random(in: 0..<(2 * .pi), using: &rng)
                    let (e1, e2) = Self.basis(nadir)
                    let sinT = (1 - cosT * cosT).squareRoot()
                    let u = cosT * nadir + sinT * (cos(phi) * e1 + sin(phi) * e2)
                    out.append(Detection(time: t, sensorID: s.id, sensorPositionKm: pos, measurement: .lineOfSight(unitECEF: u, sigmaRad: s.sigmaRad),
                                         truth: .init(missile: nil, phase: nil)))
                }
            }
        }
        for (index, radar) in radars.enumerated() {
            var rng = SeededGenerator(seed: seed &+ 0x2000 &+ UInt64(index) &* 0x9E37_79B9)
            let sitePos = radar.site.itrfPositionKm()
            var k = 0
            while Double(k) * radar.revisitS <= end {
                let t = start.advanced(bySeconds: Double(k) * radar.revisitS); k += 1
                for m in missiles {
                    guard let st = m.trajectory.state(atTimeS: t.secondsSince(m.trajectory.launchTime)) else { continue }
                    let look = radar.look(positionKm: st.positionKm, velocityKmPerS: st.velocityKmPerS)
                    guard look.elevationRad * 180 / .pi >= radar.minElevationDeg, look.rangeKm <= radar.maxRangeKm, radar.inSector(azimuthRad: look.azimuthRad),
                          Double.random(in: 0..<1, using: &rng) < radar.pd(rcsM2: targetRCSM2, rangeKm: look.rangeKm) else { continue }
                    var az = look.azimuthRad * 180 / .pi + radar.sigmaAngleDeg * rng.gaussian()
                    az = az.truncatingRemainder(dividingBy: 360); if az < 0 { az += 360 }
                    let el = min(90, look.elevationRad * 180 / .pi + radar.sigmaAngleDeg * rng.gaussian())
                    out.append(Detection(time: t, sensorID: radar.id, sensorPositionKm: sitePos,
                                         measurement: .radar(rangeKm: max(0, look.rangeKm + radar.sigmaRangeKm * rng.gaussian()), azimuthDeg: az, elevationDeg: el,
                                                             rangeRateKmPerS: look.rangeRateKmPerS + radar.sigmaRangeRateKmPerS * rng.gaussian(),
                                                             sigmaRangeKm: radar.sigmaRangeKm, sigmaAngleDeg: radar.sigmaAngleDeg,
                                                             sigmaRangeRateKmPerS: radar.sigmaRangeRateKmPerS),
                                         truth: .init(missile: m.id, phase: st.phase)))
                }
            }
        }
        return out.sorted { a, b in
            let dt = a.time.secondsSince(b.time)
            return dt != 0 ? dt < 0 : a.sensorID < b.sensorID
        }
    }

    /// Two unit vectors perpendicular to the unit vector `u` and to each other (the IR noise axes).
    static func basis(_ u: SIMD3<Double>) -> (SIMD3<Double>, SIMD3<Double>) {
        let a = abs(u.x) < 0.9 ? SIMD3(1.0, 0, 0) : SIMD3(0, 1.0, 0)
        var e1 = a - (a * u).sum() * u
        e1 /= (e1 * e1).sum().squareRoot()
        let e2 = SIMD3(u.y * e1.z - u.z * e1.y, u.z * e1.x - u.x * e1.z, u.x * e1.y - u.y * e1.x)
        return (e1, e2)
    }

    static func perturb(_ u: SIMD3<Double>, sigmaRad: Double, rng: inout SeededGenerator) -> SIMD3<Double> {
        let (e1, e2) = basis(u)
        let w = u + sigmaRad * rng.gaussian() * e1 + sigmaRad * rng.gaussian() * e2
        return w / (w * w).sum().squareRoot()
    }
}
