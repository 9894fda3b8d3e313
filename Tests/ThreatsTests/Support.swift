import Foundation
import Testing
import Astrodynamics
import SpaceData
@testable import Threats

/// Test inputs and synthetic histories.
enum Fixture {
    static let testsDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    static let repository = testsDirectory.deletingLastPathComponent()

    static func path(_ relative: String) -> String { testsDirectory.appendingPathComponent("Fixtures").appendingPathComponent(relative).path }

    static func read(_ relative: String) throws -> [ElementSet] {
        let report = ElementSetReader().read(files: [path(relative)])
        #expect(report.errors.isEmpty)
        return report.records
    }

    /// 30 real LEO sets of 2023-10-09 (Fixtures/maintenance/SOURCES.md).
    static func leo30() throws -> [ElementSet] { try read("maintenance/leo30_2023-10-09.3le") }

    /// HIMAWARI 8's real set of 2023-10-09 (Fixtures/threats/SOURCES.md).
    static func himawari8() throws -> ElementSet { try #require(try read("threats/geo_himawari8_2023-10-09.3le").first) }
}

/// SplitMix64 + Box–Muller, so every history is reproducible.
struct SeededNormal {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func uniform() -> Double {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        z ^= z >> 31
        return (Double(z >> 11) + 0.5) / Double(1 << 53)
    }
    mutating func normal() -> Double { (-2 * log(uniform())).squareRoot() * cos(2 * .pi * uniform()) }
    /// Heavy-tailed: N(0,1), but one draw in ten is six times wider (as element-set noise is).
    mutating func heavy(_ fraction: Double = 0.1) -> Double { let x = normal(); return uniform() < fraction ? 6 * x : x }
}

/// Per-set noise of a synthetic history.
struct HistoryNoise {
    var semiMajorAxisKm: Double
    var angleDeg: Double
    var eccentricity: Double
    /// Fraction of draws six times wider (element-set noise is heavy-tailed).
    var outlierFraction: Double = 0.1
    static let leo = HistoryNoise(semiMajorAxisKm: 0.020, angleDeg: 2e-4, eccentricity: 1e-5)
    static let geo = HistoryNoise(semiMajorAxisKm: 0.200, angleDeg: 5e-4, eccentricity: 5e-6)
}

/// A history of `count` sets every `stepHours` starting at `start`'s epoch: natural motion (J2 secular
/// rates of Ω, ω, M; mean motion changing by the set's ṅ) plus heavy-tailed noise.
func syntheticHistory(from start: ElementSet, count: Int, stepHours: Double, noise: HistoryNoise, seed: UInt64) -> [ElementSet] {
    var rng = SeededNormal(seed: seed)
    let g = GravityModel.wgs72
    let n0 = start.meanMotionRevPerDay * 2 * .pi / 86_400
    let a0 = pow(g.muKm3PerS2 / (n0 * n0), 1.0 / 3.0)
    let p = a0 * (1 - start.eccentricity * start.eccentricity)
    let k = 1.5 * g.j2 * pow(g.radiusKm / p, 2) * n0 * 180 / .pi   // deg/s
    let i = start.inclinationDeg * .pi / 180
    let s2 = sin(i) * sin(i)
    return (0..<count).map { j in
        let dt = Double(j) * stepHours * 3600
        var set = start
        set.epoch = start.epoch.advanced(bySeconds: dt)
        set.elementSetNumber = j + 1
        let nRevPerDay = start.meanMotionRevPerDay + 2 * start.meanMotionDot * dt / 86_400
        let n = nRevPerDay * 2 * .pi / 86_400
        let a = pow(g.muKm3PerS2 / (n * n), 1.0 / 3.0) + noise.semiMajorAxisKm * rng.heavy(noise.outlierFraction)
        set.meanMotionRevPerDay = (g.muKm3PerS2 / (a * a * a)).squareRoot() * 86_400 / (2 * .pi)
        func wrap(_ x: Double) -> Double { let d = x.truncatingRemainder(dividingBy: 360); return d < 0 ? d + 360 : d }
        set.raanDeg = wrap(start.raanDeg - k * cos(i) * dt + noise.angleDeg * rng.heavy(noise.outlierFraction))
        set.inclinationDeg = abs(start.inclinationDeg + noise.angleDeg * rng.heavy(noise.outlierFraction))
        set.argumentOfPericenterDeg = wrap(start.argumentOfPericenterDeg + 0.5 * k * (4 - 5 * s2) * dt)
        set.meanAnomalyDeg = wrap(start.meanAnomalyDeg + n0 * dt * 180 / .pi)
        set.eccentricity = abs(start.eccentricity + noise.eccentricity * rng.heavy(noise.outlierFraction))
        return set
    }
}
