import Foundation
import Testing
@testable import Astrodynamics

@Suite("Ephemeris sampling on a time grid")
struct EphemerisTests {
    /// Vanguard 1 (SGP4-VER.TLE case 00005), elements converted as Vallado's twoline2rv does.
    static func vanguard() throws -> SGP4 {
        let deg = Double.pi / 180, xpdotp = 1440 / (2 * Double.pi)
        let e = MeanElements(epoch: try Instant(tleEpoch: "00179.78495062"), meanMotionRadPerMin: 10.82419157 / xpdotp,
                             eccentricity: 0.1859667, inclinationRad: 34.2682 * deg, raanRad: 348.7242 * deg,
                             argumentOfPerigeeRad: 331.7664 * deg, meanAnomalyRad: 19.3264 * deg,
                             bstarPerEarthRadius: 0.28098e-4)
        return try SGP4(e)
    }

    @Test("Grid from start to end includes both ends; a short last step is dropped, not stretched")
    func grid() throws {
        let s = try Instant(utc: "2023-10-09T00:00:00Z")
        #expect(TimeGrid(start: s, end: s.advanced(bySeconds: 600), stepSeconds: 60).count == 11)
        #expect(TimeGrid(start: s, end: s.advanced(bySeconds: 630), stepSeconds: 60).count == 11)
        #expect(TimeGrid(start: s, end: s, stepSeconds: 60).count == 1)
        #expect(TimeGrid(start: s, end: s.advanced(bySeconds: -1), stepSeconds: 60).count == 0)
    }

    @Test("Precomputed rotations give the same states as State.toITRF / toGCRF / Geodetic (to 1e-9 km)")
    func plannedRotationsMatchDirectTransforms() throws {
        let sgp4 = try Self.vanguard()
        let eop = EarthOrientationTable(rows: [
            .init(utcModifiedJulianDay: 51_722, parameters: .init(polarMotionXRad: 0.1 * EarthOrientationParameters.radiansPerArcsecond,
                                                                  polarMotionYRad: 0.3 * EarthOrientationParameters.radiansPerArcsecond,
                                                                  ut1MinusUTCSeconds: 0.2, lengthOfDaySeconds: 0.001,
                                                                  nutationCorrectionDPsiRad: -0.05 * EarthOrientationParameters.radiansPerArcsecond,
                                                                  nutationCorrectionDEpsRad: -0.004 * EarthOrientationParameters.radiansPerArcsecond)),
            .init(utcModifiedJulianDay: 51_724, parameters: .init(ut1MinusUTCSeconds: 0.19)),
        ])
        let grid = TimeGrid(start: sgp4.epoch, stepSeconds: 3_600, count: 25)
        for frame in EphemerisFrame.allCases {
            let samples = sgp4.ephemeris(EphemerisPlan(grid: grid, frame: frame, eop: eop))
            #expect(samples.count == 25)
            for (i, sample) in samples.enumerated() {
                let teme = try sgp4.state(at: grid[i])
                switch (frame, sample) {
                case (.teme, .cartesian(_, let r, let v)):
                    #expect(r == teme.positionKm && v == teme.velocityKmPerS)
                case (.itrf, .cartesian(_, let r, let v)):
                    let d = teme.toITRF(eop)
                    #expect(length(r - d.positionKm) < 1e-9 && length(v - d.velocityKmPerS) < 1e-12)
                case (.gcrf, .cartesian(_, let r, let v)):
                    let d = teme.toGCRF(eop)
                    #expect(length(r - d.positionKm) < 1e-9 && length(v - d.velocityKmPerS) < 1e-12)
                case (.geodetic, .geodetic(_, let g)):
                    let d = Geodetic(itrfPositionKm: teme.toITRF(eop).positionKm)
                    #expect(abs(g.latitudeRad - d.latitudeRad) < 1e-13 && abs(g.altitudeKm - d.altitudeKm) < 1e-9)
                default:
                    Issue.record("unexpected sample \(sample) for \(frame)")
                }
            }
        }
    }

    @Test("A rejected state is a failure sample with its SGP4 error, and sampling goes on")
    func failuresAreSamples() throws {
        // SGP4-VER.TLE case 28872 decays (error 6) at 55 min after epoch (python-sgp4 2.27).
        let deg = Double.pi / 180, xpdotp = 1440 / (2 * Double.pi)
        let e = MeanElements(epoch: try Instant(tleEpoch: "05333.02012661"), meanMotionRadPerMin: 16.46015938 / xpdotp,
                             eccentricity: 0.0303955, inclinationRad: 96.4736 * deg, raanRad: 157.9986 * deg,
                             argumentOfPerigeeRad: 244.0492 * deg, meanAnomalyRad: 110.6523 * deg,
                             bstarPerEarthRadius: 0.24476e-3)
        let sgp4 = try SGP4(e)
        let samples = sgp4.ephemeris(EphemerisPlan(grid: TimeGrid(start: sgp4.epoch, stepSeconds: 600, count: 8),
                                                   frame: .teme, eop: .empty))
        guard case .cartesian = samples[5] else { Issue.record("50 min should propagate"); return }
        guard case .failure(_, let error) = samples[6] else { Issue.record("60 min should fail"); return }
        #expect(error.code == .decayed)
    }

    func length(_ v: SIMD3<Double>) -> Double { (v * v).sum().squareRoot() }
}
