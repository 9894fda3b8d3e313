import Foundation
import Testing
import Astrodynamics
@testable import MissileWarning

/// The sensors slice: space-based IR, ground radars, the detections file (docs/missile-sensors.md).
@Suite("Missile sensors")
struct SensorsTests {
    /// The 2017-08-29 Hwasong-12 preset, flown once.
    static let flight: Trajectory = try! MissilePreset.named("NK2017-08-29").fly()
    static let missiles = [(id: "M1", trajectory: flight)]

    static func norm(_ a: SIMD3<Double>) -> Double { (a * a).sum().squareRoot() }

    static func angle(_ a: SIMD3<Double>, _ b: SIMD3<Double>) -> Double {
        let c = (a * b).sum() / ((a * a).sum() * (b * b).sum()).squareRoot()
        return acos(min(1, max(-1, c)))
    }

    @Test("IR sees the 2017-08-29 plume only in boost above the cloud tops, and (Pd 1) in every such frame")
    func irBoostOnly() throws {
        let tr = Self.flight
        let network = MissileSensorNetwork.default
        let dets = network.simulate(Self.missiles, seed: 1).filter { $0.kind == .ir && $0.truth?.falseAlarm == false }
        #expect(dets.count > 10)
        for d in dets {
            let st = try #require(tr.state(atTimeS: d.time.secondsSince(tr.launchTime)))
            #expect(st.phase == .boost)
            #expect(Geodetic(itrfPositionKm: st.positionKm).altitudeKm >= 10)
        }
        // A GEO sensor with Pd 1 and no false alarms: exactly the frames in boost above 10 km.
        var geo = network.ir[0]
        geo.pd = 1; geo.falseAlarmsPerFrame = 0
        let only = MissileSensorNetwork(ir: [geo], radars: [])
        let times = only.simulate(Self.missiles, seed: 3).map { $0.time.secondsSince(tr.launchTime) }
        var expected: [Double] = []
        var t = 0.0
        while t <= tr.flightTimeS {
            if let st = tr.state(atTimeS: t), st.phase == .boost, Geodetic(itrfPositionKm: st.positionKm).altitudeKm >= 10 { expected.append(t) }
            t += geo.framePeriodS
        }
        #expect(expected.count >= 5)
        #expect(times.count == expected.count)
        for (a, b) in zip(times, expected) { #expect(abs(a - b) < 1e-3) }
        #expect((times.last ?? 1e9) <= tr.burnout.timeS)
    }

    @Test("IR lines of sight agree with the true direction within 5σ")
    func irAngles() throws {
        let tr = Self.flight
        // A LEO sensor placed near the launch at lift-off, plus the default GEO.
        let leo = IRSensor(id: "LEO-T", orbit: .circular(altitudeKm: 1000, inclinationDeg: 60, nodeLongitudeDeg: 110, argumentOfLatitudeDeg: 30, epoch: tr.launchTime),
                           framePeriodS: 1, sigmaRad: 40e-6, pd: 1, maxRangeKm: 6000, falseAlarmsPerFrame: 0)
        let network = MissileSensorNetwork(ir: [MissileSensorNetwork.default.ir[0], leo], radars: [])
        let dets = network.simulate(Self.missiles, seed: 11).filter { $0.truth?.falseAlarm == false }
        #expect(dets.contains { $0.sensorID == "LEO-T" })
        var sum = 0.0
        for d in dets {
            guard case let .lineOfSight(u, sigma) = d.measurement else { Issue.record("not IR"); continue }
            let st = try #require(tr.state(atTimeS: d.time.secondsSince(tr.launchTime)))
            let err = Self.angle(u, st.positionKm - d.sensorPositionKm)
            #expect(err < 5 * sigma, "\(d.sensorID) \(err)")
            sum += err * err / (sigma * sigma)
        }
        // Mean of err²/σ² is 2 for two independent axes; loose bound so the test is honest but stable.
        let mean = sum / Double(dets.count)
        #expect(mean > 1 && mean < 3.5)
    }

    @Test("false alarms are labelled and look at the Earth disk")
    func falseAlarms() throws {
        var geo = MissileSensorNetwork.default.ir[0]
        geo.falseAlarmsPerFrame = 2
        let fa = MissileSensorNetwork(ir: [geo], radars: []).simulate(Self.missiles, seed: 5).filter { $0.truth?.falseAlarm == true }
        #expect(fa.count > 100)
        for d in fa {
            guard case let .lineOfSight(u, _) = d.measurement else { continue }
            // The ray hits the Earth: the far point 50 000 km along it is blocked.
            #expect(!MissileSensorNetwork.lineOfSightClear(from: d.sensorPositionKm, to: d.sensorPositionKm + 50_000 * u))
        }
    }

    @Test("radar detections start after the missile rises above the site's horizon; range within 5σ of truth")
    func radar() throws {
        let tr = Self.flight
        let network = MissileSensorNetwork(ir: [], radars: MissileSensorNetwork.default.radars)
        let dets = network.simulate(Self.missiles, seed: 2)
        #expect(dets.count > 50)
        var seen = Set<String>()
        for radar in network.radars {
            let mine = dets.filter { $0.sensorID == radar.id }
            guard let first = mine.first else { continue }
            seen.insert(radar.id)
            // The first time the missile is above 0.5° elevation (1 s scan of the truth).
            var rise: Double?
            var t = 0.0
            while t <= tr.flightTimeS, rise == nil {
                let st = tr.state(atTimeS: t)!
                if radar.look(positionKm: st.positionKm, velocityKmPerS: st.velocityKmPerS).elevationRad * 180 / .pi >= 0.5 { rise = t }
                t += 1
            }
            let riseS = try #require(rise)
            #expect(first.time.secondsSince(tr.launchTime) >= riseS - 1, "\(radar.id)")
            for d in mine {
                guard case let .radar(r, _, _, _, sr, _, _) = d.measurement else { Issue.record("not radar"); continue }
                let st = try #require(tr.state(atTimeS: d.time.secondsSince(tr.launchTime)))
                let look = radar.look(positionKm: st.positionKm, velocityKmPerS: st.velocityKmPerS)
                #expect(look.elevationRad * 180 / .pi >= 0.5 && look.rangeKm <= radar.maxRangeKm && radar.inSector(azimuthRad: look.azimuthRad))
                #expect(abs(r - look.rangeKm) < 5 * sr, "\(radar.id) \(r) vs \(look.rangeKm)")
            }
        }
        #expect(seen.contains("TPY2-Shariki"))
        #expect(seen.count >= 3)
    }

    @Test("a fixed-face radar sector: inside within the half width, across north too")
    func sector() {
        var r = MissileSensorNetwork.default.radars[0]
        r.sector = (350, 60)
        let deg = Double.pi / 180
        #expect(r.inSector(azimuthRad: 10 * deg) && r.inSector(azimuthRad: 290 * deg) && r.inSector(azimuthRad: 49.9 * deg))
        #expect(!r.inSector(azimuthRad: 50.1 * deg) && !r.inSector(azimuthRad: 180 * deg) && !r.inSector(azimuthRad: 289 * deg))
        r.sector = nil
        #expect(r.inSector(azimuthRad: 180 * deg))
    }

    @Test("Swerling-1 Pd: 0.5 for 1 m² at the reference range, falling with range")
    func radarEquation() {
        let r = MissileSensorNetwork.default.radars[0]
        #expect(abs(r.pd(rcsM2: 1, rangeKm: r.referenceRangeKm) - 0.5) < 1e-9)
        #expect(r.pd(rcsM2: 1, rangeKm: r.referenceRangeKm / 2) > 0.9)
        #expect(r.pd(rcsM2: 1, rangeKm: r.referenceRangeKm * 2) < 0.1)
    }

    @Test("JSON Lines round trip; seeded runs are reproducible")
    func roundTrip() throws {
        var geo = MissileSensorNetwork.default.ir[0]
        geo.falseAlarmsPerFrame = 0.5
        let network = MissileSensorNetwork(ir: [geo] + MissileSensorNetwork.default.ir.dropFirst(), radars: MissileSensorNetwork.default.radars)
        let dets = network.simulate(Self.missiles, seed: 42)
        let text = DetectionsFile.encode(dets)
        #expect(text == DetectionsFile.encode(network.simulate(Self.missiles, seed: 42)))
        #expect(text != DetectionsFile.encode(network.simulate(Self.missiles, seed: 43)))
        let (back, errors) = DetectionsFile.decode(text, file: "d.jsonl")
        #expect(errors.isEmpty)
        #expect(back.count == dets.count)
        #expect(back.contains { $0.truth?.falseAlarm == true })
        for (a, b) in zip(dets, back) {
            #expect(abs(a.time.secondsSince(b.time)) < 1e-3 && a.sensorID == b.sensorID && a.kind == b.kind && a.truth == b.truth)
            #expect(Self.norm(a.sensorPositionKm - b.sensorPositionKm) < 1e-3)     // 1 m
            switch (a.measurement, b.measurement) {
            case let (.lineOfSight(u, s), .lineOfSight(v, t)): #expect(Self.norm(u - v) < 1e-9 && abs(s - t) < 1e-9)          // 1 nrad
            case let (.radar(r1, a1, e1, rr1, _, _, _), .radar(r2, a2, e2, rr2, _, _, _)):
                #expect(abs(r1 - r2) < 1e-3 && abs(a1 - a2) < 1e-5 && abs(e1 - e2) < 1e-5 && abs((rr1 ?? 0) - (rr2 ?? 0)) < 1e-4)
            default: Issue.record("kind changed")
            }
        }
    }

    @Test("a bad line names its line number, field and value; good lines are kept")
    func badLines() throws {
        let good = #"{"time":"2017-08-28T20:58:00.000Z","sensor":"TPY2-Shariki","kind":"radar","sensor_position_km":[-3700,3200,4100],"range_km":1000.5,"azimuth_deg":270,"elevation_deg":5,"sigma_range_km":0.02,"sigma_angle_deg":0.03}"#
        let noAz = good.replacingOccurrences(of: #""azimuth_deg":270,"#, with: "")
        let badKind = good.replacingOccurrences(of: #""kind":"radar""#, with: #""kind":"optical""#)
        let badLOS = #"{"time":"2017-08-28T20:58:00Z","sensor":"GEO","kind":"ir","sensor_position_km":[1,2,3],"los_ecef":[1,1,0],"sigma_rad":3e-5}"#
        let text = [good, noAz, "", badKind, "not json", badLOS, good].joined(separator: "\n")
        let (dets, errors) = DetectionsFile.decode(text, file: "feed.jsonl")
        #expect(dets.count == 2)
        #expect(errors.count == 4)
        #expect(errors.map(\.line) == [2, 4, 5, 6])
        #expect(errors[0].code == .missingField && errors[0].field == "azimuth_deg")
        #expect(errors[0].description.hasPrefix("feed.jsonl:2: azimuth_deg: missing"))
        #expect(errors[1].field == "kind" && errors[1].value == "optical")
        #expect(errors[2].code == .badJSON)
        #expect(errors[3].field == "los_ecef")
    }

    @Test("the sensors file: data/missile-sensors.json is the built-in default; bad fields are named")
    func sensorsFile() throws {
        let path = MissileFixtures.testsDirectory.deletingLastPathComponent().appendingPathComponent("data/missile-sensors.json").path
        let n = try MissileSensorNetwork.read(contentsOf: path)
        let d = MissileSensorNetwork.default
        #expect(n.ir == d.ir && n.radars == d.radars && n.cloudTopKm == d.cloudTopKm && n.targetRCSM2 == d.targetRCSM2)
        do {
            _ = try MissileSensorNetwork.decode(Data(#"{"ir":[{"id":"G","geo_longitude_deg":130,"frame_period_s":0,"sigma_urad":30}]}"#.utf8), file: "s.json")
            Issue.record("accepted a zero frame period")
        } catch let e as MissileWarningError {
            #expect(e.field == "ir[0].frame_period_s" && e.value == "0" && e.file == "s.json")
        }
    }

    @Test("Earth-limb check: a line through the Earth is blocked, one above the limb is clear")
    func limb() {
        let geo = IROrbit.geostationary(longitudeDeg: 130).positionKm(at: Instant(taiSecondsSince2000: 0))!
        let overKorea = Geodetic(latitudeDeg: 40, longitudeDeg: 127, altitudeKm: 50).itrfPositionKm()
        let overAtlantic = Geodetic(latitudeDeg: 0, longitudeDeg: -50, altitudeKm: 50).itrfPositionKm()
        #expect(MissileSensorNetwork.lineOfSightClear(from: geo, to: overKorea))
        #expect(!MissileSensorNetwork.lineOfSightClear(from: geo, to: overAtlantic))
    }
}

/// IR sensors on SGP4 element sets (the ISS set of Tests/Fixtures/sensors/iss_2023-10-09.3le, copied inline).
@Suite("Missile sensors: TLE orbits")
struct SensorsTLETests {
    static let l1 = "1 25544U 98067A   23282.71486326  .00020100  00000-0  35938-3 0  9998"
    static let l2 = "2 25544  51.6410 121.2575 0005123  92.3190 358.8196 15.49983917419557"

    @Test("a tle IR sensor decodes and sits at the radius its mean motion implies; a bad set names the field")
    func tleSensor() throws {
        let json = #"{"ir":[{"id":"ISS-IR","tle":["\#(Self.l1)","\#(Self.l2)"],"frame_period_s":1,"sigma_urad":40}]}"#
        let n = try MissileSensorNetwork.decode(Data(json.utf8), file: "s.json")
        let orbit = n.ir[0].orbit
        let epoch = try Instant(utc: "2023-10-09T17:09:24Z")
        let r = try #require(orbit.positionKm(at: epoch, propagator: orbit.propagator))
        // a = (μ / n²)^(1/3) with n = 15.49983917 rev/day: 6797 km; e = 0.0005 → ±3.5 km; allow 20 km for SGP4 mean vs osculating.
        let nRad = 15.49983917 * 2 * Double.pi / 86_400, a = pow(398_600.4418 / (nRad * nRad), 1.0 / 3)
        #expect(abs(SensorsTests.norm(r) - a) < 20)
        // Inclination 51.64°: the latitude stays within ±52°.
        for k in 0..<12 {
            let p = try #require(orbit.positionKm(at: epoch.advanced(bySeconds: Double(k) * 500)))
            #expect(abs(Geodetic(itrfPositionKm: p).latitudeDeg) < 52.1)
        }
        let bad = json.replacingOccurrences(of: "9998", with: "9997")
        do { _ = try MissileSensorNetwork.decode(Data(bad.utf8), file: "s.json"); Issue.record("accepted a bad checksum") } catch let e as MissileWarningError {
            #expect(e.field == "ir[0].tle" && e.code == .badField)
        }
    }
}
