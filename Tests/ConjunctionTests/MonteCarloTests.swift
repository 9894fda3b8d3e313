import Foundation
import Testing
import Conjunction

@Suite("Monte Carlo Pc")
struct MonteCarloTests {
    @Test("MonteCarloPc (200,000 trials, seed 1) contains Foster1992 in its 99 % Clopper–Pearson interval: Alfano 2009 case 3, CARA Omitron case 2, CARA CDM TERRA/IRIDIUM 33 DEB, Orekit Chan case 1")
    func agreesWithFoster() throws {
        var planes: [(String, EncounterPlane)] = []
        let alfano = try ConjunctionFixtures.json("alfano2009_cases.json").objects("cases")
        let case3 = try #require(alfano.first { ($0["case"] as? Int) == 3 })
        planes.append(("Alfano 2009 case 3", try #require(try Alfano2009Tests.encounter(case3).plane)))
        let omitron = try CARAPcCircleTests.inlineCase("omitron_case2")
        let inputs = try omitron.object("inputs")
        planes.append(("Omitron case 2", try #require(try CARAPcCircleTests.encounter(inputs, hbr: try inputs.double("HBR"), metres: false).plane)))
        let cdm = try ConjunctionFixtures.json("cara_cdm_pc_test_conjunctions.json").objects("cases")[1]
        planes.append(("TERRA / IRIDIUM 33 DEB", try #require(try CARACDMTests.encounter(cdm).plane)))
        let chan = try OrekitPlaneTests.planeCases()[0]
        planes.append((chan.name, chan.plane))

        // 99 %: four independent checks at 95 % would fail one time in five by chance alone.
        let mc = MonteCarloPc(trials: 200_000, seed: 1, confidenceLevel: 0.99)
        for (name, plane) in planes {
            let foster = Foster1992().probability(plane)
            let result = mc.probability(plane)
            let interval = try #require(result.confidenceInterval)
            #expect(interval.contains(foster), "\(name): Foster \(foster), MC \(result.value!) in \(interval)")
            #expect(result.trials == 200_000 && result.hits == Int((result.value! * 200_000).rounded()))
            #expect(result.method == .monteCarlo && result.confidenceLevel == 0.99)
        }
    }

    @Test("Monte Carlo is deterministic for a seed and changes with it")
    func deterministic() throws {
        let plane = try OrekitPlaneTests.planeCases()[0].plane
        let a = MonteCarloPc(trials: 20_000, seed: 7).probability(plane)
        let b = MonteCarloPc(trials: 20_000, seed: 7).probability(plane)
        let c = MonteCarloPc(trials: 20_000, seed: 8).probability(plane)
        #expect(a.hits == b.hits)
        #expect(a.hits != c.hits)
    }

    @Test("Clopper–Pearson 95 % for 5 of 100 is [0.016432, 0.112835] (R binom.test; 1e-5 relative); 0 hits gives a lower bound of 0")
    func clopperPearsonSmall() {
        let i = ClopperPearson.interval(hits: 5, trials: 100, confidenceLevel: 0.95)
        #expect(relativeError(i.lowerBound, 0.016431879182) <= 1e-5)
        #expect(relativeError(i.upperBound, 0.112834911105) <= 1e-5)
        let zero = ClopperPearson.interval(hits: 0, trials: 1000, confidenceLevel: 0.95)
        #expect(zero.lowerBound == 0)
        // Upper bound for 0 of n is 1 − (α/2)^(1/n).
        #expect(relativeError(zero.upperBound, 1 - pow(0.025, 1.0 / 1000)) <= 1e-9)
    }
}
