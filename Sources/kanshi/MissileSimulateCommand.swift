import ArgumentParser
import Foundation
import Astrodynamics
import MissileWarning

/// `kanshi missile simulate (--scenario FILE | --preset NAME) --truth FILE.json`: flies every missile
/// of a scenario and writes the true trajectories (docs/missile-flight.md).
struct MissileSimulateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Fly the missiles of a scenario (or a preset) and write their true trajectories.",
        discussion: """
        The flight model: WGS84 ellipsoid, J2 gravity, Earth rotation (Coriolis, centrifugal), multi-stage boost with a pitch program, ballistic midcourse, reentry drag (US Standard Atmosphere 1976), fixed-step RK4. --truth writes, per missile, the sampled Earth-fixed states (time, lat/lon/alt, ITRF position and velocity, phase, stage) and the launch, burnout, apogee and impact summary (format kanshi-missile-truth/1, docs/missile-flight.md); a summary line per missile goes to stdout. Sensor detections (--out, --sensors) are not yet: they come with the sensors slice. Exit status: 0 success; 1 bad scenario or a flight that cannot be flown; 64 usage error.
        """)

    @Option(help: "Scenario file (JSON, docs/missile-flight.md).")
    var scenario: String?

    @Option(help: "A preset instead of a scenario (see `kanshi missile presets`).")
    var preset: String?

    @Option(help: "Write the true trajectories to this JSON file.")
    var truth: String?

    @Option(help: "Spacing of the written samples, s.")
    var sampleIntervalS: Double = 1

    @Option(help: "Detections output (JSON Lines) — not yet: comes with the sensors slice.")
    var out: String?

    mutating func validate() throws {
        guard (scenario == nil) != (preset == nil) else { throw ValidationError("give exactly one of --scenario FILE or --preset NAME") }
        guard sampleIntervalS > 0, sampleIntervalS.isFinite else { throw ValidationError("--sample-interval-s must be positive") }
        if out != nil { throw ValidationError("--out (sensor detections) is not yet available: it comes with the sensors slice") }
    }

    func run() async throws {
        let scenarioValue: MissileScenario
        do {
            if let scenario { scenarioValue = try MissileScenario.read(contentsOf: scenario) }
            else { scenarioValue = MissileScenario(preset: try MissilePreset.named(preset!)) }
        } catch {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            throw ExitCode(1)
        }
        let flight = BallisticFlight(stepS: scenarioValue.stepS)
        var flown: [(id: String, preset: String?, trajectory: Trajectory)] = []
        for launch in scenarioValue.launches {
            do {
                let tr = try launch.fly(flight)
                flown.append((launch.id, launch.presetName, tr))
                print(String(format: "%@: launch %@  burnout %.1f s  apogee %.1f km  range %.1f km  flight %.1f min  impact %.4f°N %.4f°E at %@",
                             launch.id, launch.launchTime.iso8601UTC(fractionDigits: 0), tr.burnout.timeS, tr.apogeeAltitudeKm,
                             tr.groundRangeKm, tr.flightTimeS / 60, tr.impact.geodetic.latitudeDeg, tr.impact.geodetic.longitudeDeg,
                             tr.impactTime.iso8601UTC(fractionDigits: 0)))
            } catch {
                FileHandle.standardError.write(Data("error: \(launch.id): \(error)\n".utf8))
                throw ExitCode(1)
            }
        }
        if let truth {
            let file = MissileTruthFile(scenario: scenarioValue.name, trajectories: flown, sampleIntervalS: sampleIntervalS)
            do { try file.encoded().write(to: URL(fileURLWithPath: truth)) } catch {
                FileHandle.standardError.write(Data("error: cannot write \(truth): \(error)\n".utf8))
                throw ExitCode(1)
            }
        }
    }
}
