import ArgumentParser
import Foundation
import Astrodynamics
import MissileWarning

/// `kanshi missile`: the missile-warning commands (issue 7): simulate, track, evaluate, presets.
struct MissileCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "missile",
        abstract: "Missile warning: simulate flights and their sensor detections, track them (impact, class, warnings over Japan's land and EEZ) and score the tracking.",
        discussion: "Overview and Proof: docs/missile-warning.md. Flight model, scenarios, truth file: docs/missile-flight.md; detections: docs/missile-sensors.md; tracks report: docs/missile-tracks.md.",
        subcommands: [MissileSimulateCommand.self, MissileTrackCommand.self, MissileEvaluateCommand.self, MissilePresetsCommand.self])
}

/// `kanshi missile presets [--tune] [--json]`: the presets with the reported figures and the model's.
struct MissilePresetsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "presets",
        abstract: "List the flight presets: each test's reported apogee, range and flight time next to the model's.",
        discussion: "With --tune, re-solves each preset's kick angle, propellant scaling and launch azimuth (Newton's method, FlightTuner) and prints the solved values as they are written in Sources/MissileWarning/Presets.swift. Exit status: 0 success; 1 a preset failed to fly or to tune.")

    @Flag(help: "Re-solve kick angle, burn scale and azimuth for every preset and print them.")
    var tune = false

    @Option(help: "RK4 step, s.")
    var stepS: Double = 0.5

    func run() async throws {
        let flight = BallisticFlight(stepS: stepS)
        var failed = 0
        print("preset        class loft       apogee km (model)   range km (model)    flight min (model)   kick°   scale  az°    site → impact area")
        for preset in MissilePreset.all {
            var p = preset
            do {
                if tune {
                    let (tuned, solution) = try preset.retuned(FlightTuner(flight: flight))
                    p = tuned
                    print(String(format: "  %@: kickAngleRad: deg(%.6f), propellantScale: %.6f, azimuthRad: deg(%.6f)  [%d iterations]",
                                 p.name, p.pitch.kickAngleRad * 180 / .pi, p.propellantScale, p.azimuthRad * 180 / .pi, solution.iterations))
                }
                let tr = try p.fly(flight)
                let time = p.targetFlightTimeS.map { String(format: "%5.1f", $0 / 60) } ?? "    –"
                print(String(format: "%-13@ %-5@ %-10@ %7.1f (%7.1f)   %7.1f (%7.1f)   %@ (%6.2f)        %5.2f  %5.3f  %5.1f  %@ → %@",
                             p.name, p.missileClass, p.loft.rawValue, p.targetApogeeKm, tr.apogeeAltitudeKm,
                             p.targetRangeKm, tr.groundRangeKm, time, tr.flightTimeS / 60,
                             p.pitch.kickAngleRad * 180 / .pi, p.propellantScale, p.azimuthRad * 180 / .pi, p.siteName, p.impactArea))
            } catch {
                failed += 1
                FileHandle.standardError.write(Data("\(p.name): \(error)\n".utf8))
            }
        }
        if failed > 0 { throw ExitCode(1) }
    }
}
