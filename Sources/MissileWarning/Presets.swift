import Foundation
import Astrodynamics

/// A flight modeled on a public North Korean test (the rows of `nk_tests.csv`, Tests/Fixtures/missile/):
/// launch site and time, a generic vehicle of the right class, and the kick angle, propellant scaling and
/// launch azimuth that ``FlightTuner`` solved so that the model reaches the reported apogee and range
/// with its impact in the reported area (on the geodesic toward ``aim``).
public struct MissilePreset: Sendable {
    /// The row id, e.g. `NK2017-11-29`; also the preset's name.
    public var name: String
    /// What flew and how, in words.
    public var title: String
    /// ICBM, IRBM or SRBM.
    public var missileClass: String
    /// Lofted, standard or depressed.
    public var loft: PitchProgram.Loft
    /// Launch site (the CSV's approximate facility coordinates, altitude 0).
    public var site: Geodetic
    /// The facility's name.
    public var siteName: String
    /// Launch time, ISO-8601 UTC.
    public var launchTimeUTC: String
    /// A point on the geodesic from the site toward the reported impact area (or an overflown point).
    public var aim: Geodetic
    /// The reported impact area, in words.
    public var impactArea: String
    /// Reported apogee, km.
    public var targetApogeeKm: Double
    /// Reported range, km.
    public var targetRangeKm: Double
    /// Reported flight time, s (nil: not published).
    public var targetFlightTimeS: Double?
    /// Which figures are used (Japan's or another source's).
    public var figuresBy: String
    /// The generic vehicle, before propellant scaling.
    public var vehicle: Vehicle
    /// Pitch program with the solved kick angle.
    public var pitch: PitchProgram
    /// Solved propellant (thrust and mass-flow) scaling of every stage.
    public var propellantScale: Double
    /// Solved launch azimuth, rad.
    public var azimuthRad: Double

    /// The launch time as an ``Instant``.
    public var launchTime: Instant { (try? Instant(utc: launchTimeUTC)) ?? Instant(taiSecondsSince2000: 0) }

    /// The vehicle as flown (propellant scaled).
    public var flownVehicle: Vehicle { vehicle.scalingPropellant(by: propellantScale) }

    /// Bearing from the site toward ``aim``, rad.
    public var aimBearingRad: Double {
        (try? Vincenty1975.inverse(from: site, to: aim).initialAzimuthRad) ?? 0
    }

    /// Flies the preset (launch delayed by `launchDelayS`, e.g. for a salvo).
    public func fly(_ flight: BallisticFlight = BallisticFlight(), launchDelayS: Double = 0) throws -> Trajectory {
        try flight.fly(vehicle: flownVehicle, pitch: pitch, site: site, azimuthRad: azimuthRad,
                       launchTime: launchTime.advanced(bySeconds: launchDelayS))
    }

    /// Re-solves kick angle, burn scale and azimuth from the current values (``FlightTuner``).
    public func retuned(_ tuner: FlightTuner = FlightTuner()) throws -> (MissilePreset, FlightTuner.Solution) {
        let target = FlightTuner.Target(apogeeKm: targetApogeeKm, rangeKm: targetRangeKm, bearingRad: aimBearingRad)
        let s = try tuner.solve(vehicle: vehicle, pitch: pitch, site: site, launchTime: launchTime, target: target,
                                kickAngleRad: pitch.kickAngleRad, propellantScale: propellantScale, azimuthRad: azimuthRad)
        var p = self
        p.pitch.kickAngleRad = s.kickAngleRad
        p.propellantScale = s.propellantScale
        p.azimuthRad = s.azimuthRad
        return (p, s)
    }

    /// The preset called `name` (case-insensitive), or an ``MissileWarningError/Code/unknownName`` error listing them.
    public static func named(_ name: String) throws -> MissilePreset {
        if let p = all.first(where: { $0.name.caseInsensitiveCompare(name) == .orderedSame }) { return p }
        throw MissileWarningError(.unknownName, "no such preset (known: \(all.map(\.name).joined(separator: ", ")))",
                                  field: "preset", value: name)
    }

    private static func deg(_ d: Double) -> Double { d * .pi / 180 }

    /// Every preset, in date order.
    public static let all: [MissilePreset] = [
        MissilePreset(
            name: "NK2017-07-28", title: "Hwasong-14 ICBM, lofted, night launch", missileClass: "ICBM", loft: .lofted,
            site: Geodetic(latitudeDeg: 40.611208, longitudeDeg: 126.425743, altitudeKm: 0), siteName: "Mupyong-ni (Chagang)",
            launchTimeUTC: "2017-07-28T14:42:00Z",
            aim: Geodetic(latitudeDeg: 43.2, longitudeDeg: 138.1, altitudeKm: 0),
            impactArea: "Sea of Japan ~150 km NW of Okushiri / ~200 km W of the Shakotan Peninsula (in the EEZ)",
            targetApogeeKm: 3724.9, targetRangeKm: 998, targetFlightTimeS: 2832, figuresBy: "KCNA (via Janes/CNS)",
            vehicle: GenericVehicles.icbm, pitch: PitchProgram(kickAngleRad: deg(1.382252)), propellantScale: 1.251044, azimuthRad: deg(74.106747)),
        MissilePreset(
            name: "NK2017-08-29", title: "Hwasong-12 IRBM, standard trajectory over Hokkaido", missileClass: "IRBM", loft: .standard,
            site: Geodetic(latitudeDeg: 39.200159, longitudeDeg: 125.673256, altitudeKm: 0), siteName: "Sunan (Pyongyang Intl Airport)",
            launchTimeUTC: "2017-08-28T20:58:00Z",
            aim: Geodetic(latitudeDeg: 41.9, longitudeDeg: 157.4, altitudeKm: 0),
            impactArea: "Pacific ~1,180 km east of Cape Erimo (overflew the Oshima Peninsula and Cape Erimo)",
            targetApogeeKm: 550, targetRangeKm: 2700, targetFlightTimeS: 14 * 60, figuresBy: "Japan (MoD/CCS); ROK JCS the same",
            vehicle: GenericVehicles.irbm, pitch: PitchProgram(kickAngleRad: deg(53.818137)), propellantScale: 0.997221, azimuthRad: deg(71.092953)),
        MissilePreset(
            name: "NK2017-09-15", title: "Hwasong-12 IRBM, standard trajectory over Hokkaido", missileClass: "IRBM", loft: .standard,
            site: Geodetic(latitudeDeg: 39.200159, longitudeDeg: 125.673256, altitudeKm: 0), siteName: "Sunan (Pyongyang Intl Airport)",
            launchTimeUTC: "2017-09-14T21:57:00Z",
            aim: Geodetic(latitudeDeg: 41.5, longitudeDeg: 169.8, altitudeKm: 0),
            impactArea: "Pacific ~2,200 km east of Cape Erimo (overflew the Oshima Peninsula and Cape Erimo)",
            targetApogeeKm: 770, targetRangeKm: 3700, targetFlightTimeS: 19 * 60, figuresBy: "ROK JCS apogee and range; Japan flight time",
            vehicle: GenericVehicles.irbm, pitch: PitchProgram(kickAngleRad: deg(57.887527)), propellantScale: 1.272523, azimuthRad: deg(68.752369)),
        MissilePreset(
            name: "NK2017-11-29", title: "Hwasong-15 ICBM, lofted", missileClass: "ICBM", loft: .lofted,
            site: Geodetic(latitudeDeg: 39.282, longitudeDeg: 125.869, altitudeKm: 0), siteName: "Pyongsong",
            launchTimeUTC: "2017-11-28T18:18:00Z",
            aim: Geodetic(latitudeDeg: 40.8, longitudeDeg: 137.8, altitudeKm: 0),
            impactArea: "Sea of Japan ~250 km west of Aomori (in the EEZ)",
            targetApogeeKm: 4475, targetRangeKm: 950, targetFlightTimeS: 53 * 60, figuresBy: "KCNA; Japan ~53 min",
            vehicle: GenericVehicles.icbm, pitch: PitchProgram(kickAngleRad: deg(1.473641)), propellantScale: 1.415859, azimuthRad: deg(78.084958)),
        MissilePreset(
            name: "NK2019-07-25", title: "KN-23 SRBM, depressed", missileClass: "SRBM", loft: .depressed,
            site: Geodetic(latitudeDeg: 39.40167, longitudeDeg: 127.5369, altitudeKm: 0), siteName: "Hodo Peninsula",
            launchTimeUTC: "2019-07-24T20:34:00Z",
            aim: Geodetic(latitudeDeg: 41.9, longitudeDeg: 133.6, altitudeKm: 0),
            impactArea: "Sea of Japan, ~600 km north-east of the launch point",
            targetApogeeKm: 50, targetRangeKm: 600, targetFlightTimeS: nil, figuresBy: "CNS (no Japanese figures; no flight time published)",
            vehicle: GenericVehicles.srbm, pitch: PitchProgram(verticalRiseS: 4, kickAngleRad: deg(56.005541), kickDurationS: 8), propellantScale: 1.016316, azimuthRad: deg(58.993358)),
        MissilePreset(
            name: "NK2022-10-04", title: "New IRBM over Tohoku", missileClass: "IRBM", loft: .standard,
            site: Geodetic(latitudeDeg: 40.611208, longitudeDeg: 126.425743, altitudeKm: 0), siteName: "Mupyong-ni (Chagang)",
            launchTimeUTC: "2022-10-03T22:22:00Z",
            aim: Geodetic(latitudeDeg: 40.82, longitudeDeg: 140.74, altitudeKm: 0),
            impactArea: "Pacific ~3,200 km east of Tohoku, after overflying Aomori (aim: Aomori, on the same geodesic)",
            targetApogeeKm: 970, targetRangeKm: 4500, targetFlightTimeS: 22 * 60, figuresBy: "ROK JCS apogee, KCNA/ROK range; Japan flight time",
            vehicle: GenericVehicles.irbm, pitch: PitchProgram(kickAngleRad: deg(59.762505)), propellantScale: 1.485127, azimuthRad: deg(80.636978)),
        MissilePreset(
            name: "NK2022-11-18", title: "Hwasong-17 ICBM, lofted", missileClass: "ICBM", loft: .lofted,
            site: Geodetic(latitudeDeg: 39.200159, longitudeDeg: 125.673256, altitudeKm: 0), siteName: "Sunan (Pyongyang Intl Airport)",
            launchTimeUTC: "2022-11-18T01:14:00Z",
            aim: Geodetic(latitudeDeg: 41.5, longitudeDeg: 136.97, altitudeKm: 0),
            impactArea: "Sea of Japan ~200 km west of Oshima-Oshima (Hokkaido) (in the EEZ)",
            targetApogeeKm: 6040.9, targetRangeKm: 999.2, targetFlightTimeS: 4135, figuresBy: "KCNA; Japan ~69 min",
            vehicle: GenericVehicles.icbm, pitch: PitchProgram(kickAngleRad: deg(1.674886)), propellantScale: 1.726544, azimuthRad: deg(75.217283)),
    ]
}
