import Foundation
import Testing
import Astrodynamics
@testable import MissileWarning

@Suite("Missile scenarios")
struct ScenarioTests {
    static let salvo = """
    {
      "name": "salvo test",
      "step_s": 0.5,
      "missiles": [
        {"id": "A", "preset": "NK2019-07-25"},
        {"id": "B", "preset": "NK2019-07-25", "launch_delay_s": 120},
        {"id": "C",
         "launch": {"lat_deg": 39.2, "lon_deg": 125.67, "alt_km": 0.05, "time_utc": "2022-10-03T22:22:00Z", "azimuth_deg": 80},
         "vehicle": {"stages": [{"thrust_n": 520000, "isp_s": 275, "burn_time_s": 100, "dry_mass_kg": 2500}],
                     "payload_mass_kg": 650, "boost_drag_area_m2": 0.5},
         "pitch": {"loft": "standard", "kick_deg": 55},
         "reentry": {"beta_kg_m2": 10000}}
      ]
    }
    """

    @Test("a salvo scenario reads presets, delays and a fully specified missile, and flies")
    func salvo() throws {
        let s = try MissileScenario.decode(Data(Self.salvo.utf8), file: "salvo.json")
        #expect(s.name == "salvo test")
        #expect(s.launches.map(\.id) == ["A", "B", "C"])
        #expect(s.launches[1].launchTime.secondsSince(s.launches[0].launchTime) == 120)
        #expect(abs(s.launches[2].pitch.kickAngleRad - 55 * .pi / 180) < 1e-12)
        #expect(abs(s.launches[2].vehicle.stages[0].massFlowKgPerS - 520_000 / (275 * 9.80665)) < 1e-9)
        let flight = BallisticFlight(stepS: s.stepS)
        let a = try s.launches[0].fly(flight), b = try s.launches[1].fly(flight), c = try s.launches[2].fly(flight)
        #expect(abs(a.groundRangeKm - b.groundRangeKm) < 0.01)  // the same missile two minutes later
        #expect(c.groundRangeKm > 2000 && c.groundRangeKm < 3500)
        // The truth file round-trips.
        let file = MissileTruthFile(scenario: s.name, trajectories: [("A", "NK2019-07-25", a), ("C", nil, c)], sampleIntervalS: 10)
        let back = try JSONDecoder().decode(MissileTruthFile.self, from: try file.encoded())
        #expect(back.format == "kanshi-missile-truth/1")
        #expect(back.missiles.count == 2)
        let m = back.missiles[1]
        #expect(abs(m.ground_range_km - c.groundRangeKm) < 1e-9)
        #expect(m.samples.first!.t_s == 0 && m.samples.last!.t_s == c.flightTimeS)
        #expect(m.samples.contains { $0.t_s == c.apogee.timeS })
        #expect(m.samples.count > Int(c.flightTimeS / 10) && m.samples.count < Int(c.flightTimeS / 10) + 6)
        #expect(m.samples.first!.phase == .boost && m.samples.last!.phase == .reentry)
    }

    private func error(_ json: String) -> MissileWarningError? {
        do { _ = try MissileScenario.decode(Data(json.utf8), file: "s.json"); return nil } catch { return error as? MissileWarningError }
    }

    @Test("errors name the file, the field and the value")
    func errors() throws {
        let bad = try #require(error(#"{"missiles": [{"launch": {"lat_deg": 39, "lon_deg": 125, "time_utc": "2020-01-01T00:00:00Z", "azimuth_deg": 90}, "vehicle": {"stages": [{"thrust_n": -5, "mass_flow_kg_s": 10, "burn_time_s": 50, "dry_mass_kg": 100}], "payload_mass_kg": 500}, "pitch": {"loft": "standard"}, "reentry": {"beta_kg_m2": 3000}}]}"#))
        #expect(bad.code == .badField)
        #expect(bad.description == "s.json: missiles[0].vehicle.stages[0].thrust_n: expected a positive thrust, found -5.0")

        let preset = try #require(error(#"{"missiles": [{"preset": "nope"}]}"#))
        #expect(preset.code == .unknownName && preset.field == "missiles[0].preset" && preset.value == "nope" && preset.file == "s.json")

        let missing = try #require(error(#"{"missiles": [{"id": "X"}]}"#))
        #expect(missing.code == .missingField && missing.field == "missiles[0].launch")

        let loft = try #require(error(#"{"missiles": [{"launch": {"lat_deg": 39, "lon_deg": 125, "time_utc": "2020-01-01T00:00:00Z", "azimuth_deg": 90}, "vehicle": {"stages": [{"thrust_n": 100000, "mass_flow_kg_s": 40, "burn_time_s": 50, "dry_mass_kg": 100}], "payload_mass_kg": 500}, "pitch": {"loft": "sideways"}, "reentry": {"beta_kg_m2": 3000}}]}"#))
        #expect(loft.field == "missiles[0].pitch.loft" && loft.value == "sideways")

        let time = try #require(error(#"{"missiles": [{"launch": {"lat_deg": 39, "lon_deg": 125, "time_utc": "yesterday", "azimuth_deg": 90}}]}"#))
        #expect(time.field == "missiles[0].launch.time_utc" && time.value == "yesterday")

        let type = try #require(error(#"{"missiles": [{"launch": {"lat_deg": "39", "lon_deg": 125, "time_utc": "2020-01-01", "azimuth_deg": 90}}]}"#))
        #expect(type.code == .badField && type.field == "missiles[0].launch.lat_deg")

        let heavy = try #require(error(#"{"missiles": [{"launch": {"lat_deg": 39, "lon_deg": 125, "time_utc": "2020-01-01T00:00:00Z", "azimuth_deg": 90}, "vehicle": {"stages": [{"thrust_n": 1000, "mass_flow_kg_s": 1, "burn_time_s": 50, "dry_mass_kg": 100}], "payload_mass_kg": 500}, "pitch": {"loft": "standard"}, "reentry": {"beta_kg_m2": 3000}}]}"#))
        #expect(heavy.code == .badFlight && heavy.field == "missiles[0].vehicle.stages[0].thrust_n")

        #expect(error("{not json")?.code == .badJSON)
        #expect(error(#"{"missiles": []}"#)?.field == "missiles")
        #expect(error(#"{"missiles": [{"preset": "NK2019-07-25", "id": "A"}, {"preset": "NK2019-07-25", "id": "A"}]}"#)?.field == "missiles[1].id")
        #expect(throws: MissileWarningError.self) { try MissileScenario.read(contentsOf: "/nonexistent/s.json") }
    }
}
