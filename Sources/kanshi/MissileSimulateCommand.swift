import ArgumentParser
import Foundation
import Astrodynamics
import MissileWarning

/// `kanshi missile simulate (--scenario FILE | --preset NAME) [--truth FILE.json] [--out FILE.jsonl
/// [--sensors FILE] [--seed N]]`: flies every missile of a scenario, writes the true trajectories
/// (docs/missile-flight.md) and the simulated sensor detections (docs/missile-sensors.md).
struct MissileSimulateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Fly the missiles of a scenario (or a preset) and write their true trajectories.",
        discussion: """
        The flight model: WGS84 ellipsoid, J2 gravity, Earth rotation (Coriolis, centrifugal), multi-stage boost with a pitch program, ballistic midcourse, reentry drag (US Standard Atmosphere 1976), fixed-step RK4. --truth writes, per missile, the sampled Earth-fixed states (time, lat/lon/alt, ITRF position and velocity, phase, stage) and the launch, burnout, apogee and impact summary (format kanshi-missile-truth/1, docs/missile-flight.md); a summary line per missile goes to stdout. --out writes the simulated detections of space-based IR and ground radars as JSON Lines (format kanshi-missile-detections/1, docs/missile-sensors.md), with the sensors of --sensors (kanshi-missile-sensors/1; default: the built-in network, the same as data/missile-sensors.json) and the random seed --seed (the same seed gives the same file). Exit status: 0 success; 1 bad scenario or a flight that cannot be flown; 64 usage error.
        """)

    @Option(help: "Scenario file (JSON, docs/missile-flight.md).")
    var scenario: String?

    @Option(help: "A preset instead of a scenario (see `kanshi missile presets`).")
    var preset: String?

    @Option(help: "Write the true trajectories to this JSON file.")
    var truth: String?

    @Option(help: "Spacing of the written samples, s.")
    var sampleIntervalS: Double = 1

    @Option(help: "Write the simulated sensor detections to this JSON Lines file.")
    var out: String?

    @Option(help: "Sensors file (JSON, docs/missile-sensors.md); default: the built-in network.")
    var sensors: String?

    @Option(help: "Random seed of the detection simulation (noise, Pd, false alarms).")
    var seed: UInt64 = 1

    mutating func validate() throws {
        guard (scenario == nil) != (preset == nil) else { throw ValidationError("give exactly one of --scenario FILE or --preset NAME") }
        guard sampleIntervalS > 0, sampleIntervalS.isFinite else { throw ValidationError("--sample-interval-s must be positive") }
        if sensors != nil && out == nil { throw ValidationError("--sensors needs --out FILE.jsonl") }
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
        var network = MissileSensorNetwork.default
        if let sensors {
            do { network = try MissileSensorNetwork.read(contentsOf: sensors) } catch {
                FileHandle.standardError.write(Data("error: \(error)\n".utf8))
                throw ExitCode(1)
            }
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
        if let out {
            let detections = network.simulate(flown.map { ($0.id, $0.trajectory) }, seed: seed)
            do { try Data(DetectionsFile.encode(detections).utf8).write(to: URL(fileURLWithPath: out)) } catch {
                FileHandle.standardError.write(Data("error: cannot write \(out): \(error)\n".utf8))
                throw ExitCode(1)
            }
            let ir = detections.filter { $0.kind == .ir }.count
            print("detections: \(detections.count) (\(ir) IR, \(detections.count - ir) radar) written to \(out)")
        }
    }
}
