import Foundation
import Testing
import Conjunction

@Suite("Encounter geometry and covariance helpers")
struct EncounterGeometryTests {
    /// diag(1, 4, 9) m² with CT_R = 2 m², and velocity variances 0.01, 0.04, 0.09 m²/s².
    static let rtn = Matrix6(lowerTriangle: [1, 2, 4, 0, 0, 9, 0, 0, 0, 0.01, 0, 0, 0, 0, 0.04, 0, 0, 0, 0, 0, 0.09])

    @Test("CDM lower triangle fills a symmetric 6×6 in CDM order")
    func lowerTriangle() {
        #expect(Self.rtn[1, 0] == 2 && Self.rtn[0, 1] == 2)
        #expect(Self.rtn[2, 2] == 9 && Self.rtn[3, 3] == 0.01 && Self.rtn[5, 5] == 0.09)
    }

    @Test("RTN → inertial: R along y, T along −x, N along z maps CR_R, CT_T, CN_N, CT_R exactly (m² → km²)")
    func rtnToInertial() {
        let state = State<GCRF>(epoch: Instant(taiSecondsSince2000: 0), positionKm: [0, 7000, 0], velocityKmPerS: [-7.5, 0, 0])
        let o = EncounterObject(state: state, covarianceRTNSquareMeters: Self.rtn)
        let c = o.positionCovarianceKm2
        #expect(abs(c.row0.x - 4e-6) <= 1e-20)   // T·T
        #expect(abs(c.row1.y - 1e-6) <= 1e-20)   // R·R
        #expect(abs(c.row2.z - 9e-6) <= 1e-20)   // N·N
        #expect(abs(c.row0.y - (-2e-6)) <= 1e-20) // (−T)·R
        // The raw-vector initialiser builds the same basis.
        let raw = EncounterObject(positionKm: [0, 7000, 0], velocityKmPerS: [-7.5, 0, 0], covarianceRTNSquareMeters: Self.rtn)
        #expect(raw == o)
    }

    @Test("Matrix6.rotated turns the velocity block with the same rotation")
    func velocityBlock() {
        let m = Matrix3(rows: [0, 1, 0], [-1, 0, 0], [0, 0, 1])
        let r = Self.rtn.rotated(by: m)
        #expect(abs(r[3, 3] - 0.04) <= 1e-15 && abs(r[4, 4] - 0.01) <= 1e-15 && abs(r[5, 5] - 0.09) <= 1e-15)
    }

    @Test("ITRF state: velocity gains ω × r (7.29211514670698e-5 rad/s about z), position unchanged")
    func earthFixed() {
        let state = State<ITRF>(epoch: Instant(taiSecondsSince2000: 0), positionKm: [7000, 0, 0], velocityKmPerS: [0, 7, 0])
        let o = EncounterObject(earthFixed: state, covarianceRTNSquareMeters: Self.rtn)
        #expect(o.positionKm == state.positionKm)
        #expect(abs(o.velocityKmPerS.y - (7 + 7.29211514670698e-5 * 7000)) <= 1e-15)
    }

    static func object(_ r: SIMD3<Double>, _ v: SIMD3<Double>) -> EncounterObject {
        EncounterObject(positionKm: r, velocityKmPerS: v, positionCovarianceKm2:
                            Matrix3(rows: [1e-4, 0, 0], [0, 4e-4, 0], [0, 0, 1e-4]))
    }

    @Test("Zero miss distance: perturbed normal to the relative velocity (CARA), flagged; every method returns a finite Pc")
    func zeroMiss() throws {
        let e = ShortTermEncounter(primary: Self.object([7000, 0, 0], [0, 7.5, 0]),
                                   secondary: Self.object([7000, 0, 0], [0, 0, 7.5]), hardBodyRadiusKm: 0.01)
        #expect(e.flags.contains(.zeroMissDistancePerturbed))
        #expect(e.flags.contains(.missInsideHardBody))
        for method in PcMethod.allCases where method != .monteCarlo {
            let v = try #require(e.probability(method).value)
            #expect(v.isFinite && v > 0 && v < 1, "\(method) \(v)")
        }
    }

    @Test("Hard-body radius 0 gives 0 and ∞ gives 1 for every method")
    func extremeRadii() throws {
        for (hbr, expected) in [(0.0, 0.0), (Double.infinity, 1.0)] {
            let e = ShortTermEncounter(primary: Self.object([7000, 0, 0], [0, 7.5, 0]),
                                       secondary: Self.object([7000, 0.1, 0], [0, 0, 7.5]), hardBodyRadiusKm: hbr)
            for method in PcMethod.allCases {
                let result = method == .monteCarlo ? e.probability(using: MonteCarloPc(trials: 1000)) : e.probability(method)
                #expect(try #require(result.value) == expected, "\(method) HBR \(hbr)")
            }
        }
    }

    @Test("NaN inputs give no Pc and the invalidInput flag, never a trap")
    func invalidInput() {
        let e = ShortTermEncounter(primary: Self.object([7000, .nan, 0], [0, 7.5, 0]),
                                   secondary: Self.object([7000, 0.1, 0], [0, 0, 7.5]), hardBodyRadiusKm: 0.01)
        #expect(e.plane == nil && e.flags == [.invalidInput])
        #expect(e.probability(.foster1992).value == nil)
        let nanRadius = ShortTermEncounter(primary: Self.object([7000, 0, 0], [0, 7.5, 0]),
                                           secondary: Self.object([7000, 0.1, 0], [0, 0, 7.5]), hardBodyRadiusKm: .nan)
        #expect(nanRadius.flags.contains(.invalidInput))
    }

    @Test("Chan1997 flags its approximation on Orekit's Alfano case 5 (4800:1 ellipse, R ≫ σ_minor) and not on Chan case 1")
    func chanFlag() throws {
        let cases = try OrekitPlaneTests.planeCases()
        let alfano5 = try #require(cases.first { $0.name == "Alfano test case 5" })
        #expect(Chan1997.isApproximationDoubtful(alfano5.plane))
        #expect(!Chan1997.isApproximationDoubtful(cases[0].plane))
    }

    @Test("Linear TCA: a pass 1 s before closest approach is moved to it; miss becomes the true minimum")
    func linearTCA() {
        // Closest approach at t = 0 at (7000, 0, 0) and (7000.1, 0, 0); the states are at t = −1 s.
        let e = ShortTermEncounter(primary: Self.object([7000, -7.5, 0], [0, 7.5, 0]),
                                   secondary: Self.object([7000.1, 0, -7.5], [0, 0, 7.5]), hardBodyRadiusKm: 0.01)
        #expect(abs(e.linearTCAOffsetS - 1) <= 1e-12)
        #expect(abs(e.linearTCAAdjusted().missDistanceKm - 0.1) <= 1e-12)
    }
}
