import Foundation
import Testing
import Astrodynamics
import SpaceData
import Estimation
@testable import Threats

/// The orbit-determination fit noise: its mapping from the fit covariance, its round trip through OMM,
/// and its role as a floor under the detector's robust noise.
@Suite("Fit noise of OD element sets")
struct FitNoiseTests {
    @Test("σ(a) = ⅔·a·σ(n)/n and σ(i) from χ, ψ (near-circular ISS-like set); scaled by the weighted RMS above 1")
    func mapping() throws {
        let set = try #require(try Fixture.leo30().first)
        // Diagonal covariance: σ(n) = 1e-9 rad/min, σ(χ) = σ(ψ) = 1e-6.
        var c = Matrix(rows: 6, columns: 6)
        c[0, 0] = 1e-18; c[1, 1] = 1e-12; c[2, 2] = 4e-12; c[3, 3] = 1e-12; c[4, 4] = 1e-12; c[5, 5] = 1e-10
        let u = try #require(FitUncertainty(covariance: c, of: set, weightedRMS: 0.8))
        let n = set.meanMotionRevPerDay * 2 * .pi / 1440
        let a = InspectorScenario.semiMajorAxisKm(meanMotionRevPerDay: set.meanMotionRevPerDay)
        #expect(abs(u.semiMajorAxisKm - 2.0 / 3.0 * a * 1e-9 / n) < 1e-9)
        // With σ(χ) = σ(ψ) = s and no correlation, σ(i) = 2s/(1 + tan²(i/2)) whatever the node.
        let t = tan(set.inclinationDeg * .pi / 360)
        #expect(abs(u.inclinationRad - 2e-6 / (1 + t * t)) < 1e-12)
        #expect(abs(u.nodeTimesSinInclinationRad - 1e-6 / (t * t).squareRoot() * sin(set.inclinationDeg * .pi / 180)) < 1e-12)
        #expect(abs(u.eccentricityVector - 2e-6) < 1e-15)
        let scaled = try #require(FitUncertainty(covariance: c, of: set, weightedRMS: 3))
        #expect(abs(scaled.semiMajorAxisKm / u.semiMajorAxisKm - 3) < 1e-9)
        #expect(FitUncertainty(covariance: Matrix(rows: 3, columns: 3), of: set, weightedRMS: 1) == nil)
        var bad = c; bad[0, 0] = -1
        #expect(FitUncertainty(covariance: bad, of: set, weightedRMS: 1) == nil)
    }

    @Test("Round trip through OMM KVN as user-defined parameters (TLE drops it)")
    func roundTrip() throws {
        var set = try #require(try Fixture.leo30().first)
        let u = FitUncertainty(semiMajorAxisKm: 2.5e-4, inclinationRad: 3e-7, nodeTimesSinInclinationRad: 4e-7, eccentricityVector: 5e-7)
        set.fitUncertainty = u
        let text = OMMKVN.write([set])
        #expect(text.contains("USER_DEFINED_FIT_SIGMA_SMA_KM"))
        let back = try #require(ElementSetReader().read(Array(text.utf8)).records.first)
        let r = try #require(back.fitUncertainty)
        #expect(abs(r.semiMajorAxisKm - u.semiMajorAxisKm) < 1e-9)
        #expect(abs(r.inclinationRad - u.inclinationRad) < 1e-12)
        #expect(abs(r.nodeTimesSinInclinationRad - u.nodeTimesSinInclinationRad) < 1e-12)
        #expect(abs(r.eccentricityVector - u.eccentricityVector) < 1e-12)
        set.fitUncertainty = nil
        #expect(set.fitUncertainty == nil && !set.extraFields.contains { $0.key.hasPrefix("USER_DEFINED_FIT_SIGMA") })
    }

    @Test("The fit σ is a floor: a 100 m step in a 2 m-noise history is found without it and not with a 200 m fit σ")
    func floor() throws {
        let start = try #require(try Fixture.leo30().first)
        var noise = HistoryNoise.leo
        noise.semiMajorAxisKm = 0.002
        noise.outlierFraction = 0
        var history = syntheticHistory(from: start, count: 21, stepHours: 8, noise: noise, seed: 5)
        // A 100 m raise after set 10 (Kozai n from a): about 0.055 m/s.
        let g = GravityModel.wgs72
        for k in 11..<history.count {
            let n = history[k].meanMotionRevPerDay * 2 * .pi / 86_400
            let a = pow(g.muKm3PerS2 / (n * n), 1.0 / 3.0) + 0.100
            history[k].meanMotionRevPerDay = (g.muKm3PerS2 / (a * a * a)).squareRoot() * 86_400 / (2 * .pi)
        }
        let detector = try ManeuverDetector()
        let plain = try detector.detect(history: history)
        #expect(plain.count == 1 && plain.first.map { $0.windowStart == history[10].epoch } == true, "\(plain.map(\.reason))")
        let fitted = history.map { s -> ElementSet in
            var s = s
            s.fitUncertainty = FitUncertainty(semiMajorAxisKm: 0.200, inclinationRad: 1e-5, nodeTimesSinInclinationRad: 1e-5, eccentricityVector: 1e-5)
            return s
        }
        #expect(try detector.detect(history: fitted).isEmpty)
        // Fewer than half the sets carrying it: no floor.
        let few = history.enumerated().map { k, s in k < 5 ? fitted[k] : s }
        let partial = try detector.detect(history: few)
        #expect(partial.count == 1, "\(partial.map(\.reason))")
    }
}
