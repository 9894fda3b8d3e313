@testable import Conjunction
import Foundation
import SpaceData
import Testing
import TestSupport

/// The batched parts of the screener: the junk rule on ``SGP4Batch`` against the scalar rule, and
/// the cell-sorted grid search at steps far from the default against the brute-force-checked one,
/// and on every instruction set of its SIMD kernels.
@Suite("Screening search")
struct ScreeningSearchTests {
    @Test("Batched junk rule equals the scalar one on about 1,700 catalog objects over 2 days: same exclusions, radii and velocity consistency within 0.01 mm")
    func batchedVetting() async throws {
        var ids = Set(BundledCatalog.bruteForceSample.map(\.id))
        let sorted = BundledCatalog.objects.sorted { $0.id < $1.id }
        for k in stride(from: 0, to: sorted.count, by: 20) { ids.insert(sorted[k].id) }
        let sample = ids.sorted().compactMap { BundledCatalog.byID[$0] }
        let configuration = ScreeningConfiguration(start: BundledCatalog.windowStart, durationSeconds: 2 * 86_400, threads: 2)
        let propagators = sample.map(\.sgp4)
        let (batched, scalar) = await offCooperativePool {
            (Vetting.vetAll(propagators, configuration: configuration),
             propagators.map { Vetting.vet($0, configuration: configuration) })
        }
        var tooOld = 0, refused = 0, kept = 0
        for ((o, b), s) in zip(zip(sample, batched), scalar) {
            switch (s.exclusion, b.exclusion) {
            case (nil, nil):
                kept += 1
                #expect(abs(s.minimumRadiusKm - b.minimumRadiusKm) <= 1e-5, "object \(o.id)")
                #expect(abs(s.maximumRadiusKm - b.maximumRadiusKm) <= 1e-5, "object \(o.id)")
                #expect(abs(s.maximumSpeedKmPerS - b.maximumSpeedKmPerS) <= 1e-5, "object \(o.id)")
                #expect(abs(s.maximumInconsistencyKmPerS - b.maximumInconsistencyKmPerS) <= 1e-5, "object \(o.id)")
            case (.tooOld(let x)?, .tooOld(let y)?):
                tooOld += 1
                #expect(x == y)
            case (.sgp4Refused(let x)?, .sgp4Refused(let y)?):
                refused += 1
                #expect(x.code == y.code, "object \(o.id)")
                #expect(abs(x.minutesSinceEpoch - y.minutesSinceEpoch) <= 1e-9, "object \(o.id)")
            case (.absurdSpeed?, .absurdSpeed?), (.inconsistentVelocity?, .inconsistentVelocity?):
                break
            default:
                Issue.record("object \(o.id): scalar \(String(describing: s.exclusion)), batched \(String(describing: b.exclusion))")
            }
        }
        print("batched vetting: \(sample.count) objects, \(kept) kept, \(tooOld) too old, \(refused) SGP4-refused")
        #expect(tooOld > 0)
        #expect(refused > 0)
        #expect(kept > 1_500)
    }

    @Test("Search steps of 15 s, 150 s and 400 s find the same events as the default 60 s (checked against brute force) on 380 objects over 1 day")
    func anyStepSameEvents() async throws {
        let sample = BundledCatalog.bruteForceSample
        let steps = [15.0, 150, 400]
        let runs = await offCooperativePool {
            ([60.0] + steps).map { step in
                Screener(configuration: ScreeningConfiguration(start: BundledCatalog.windowStart, durationSeconds: 86_400,
                                                               searchStepSeconds: step)).screen(sample)
            }
        }
        let reference = runs[0]
        #expect(reference.events.count >= 60)
        // Eccentric objects near perigee are faster than the cell speed and search farther.
        #expect(reference.statistics.fastObjectSteps > 0)
        for (step, r) in zip(steps, runs.dropFirst()) {
            print("step \(step) s: \(r.events.count) events, \(r.statistics.pairTests) pair tests, \(r.statistics.fastObjectSteps) fast object-steps")
            #expect(r.events.count == reference.events.count, "step \(step) s")
            for (a, b) in zip(r.events, reference.events) {
                #expect(a.id1 == b.id1 && a.id2 == b.id2, "step \(step) s")
                #expect(abs(a.tca.secondsSince(b.tca)) <= 0.001, "step \(step) s, \(a.id1)-\(a.id2)")
                #expect(abs(a.missDistanceKm - b.missDistanceKm) <= 1e-6, "step \(step) s, \(a.id1)-\(a.id2)")
            }
            #expect(r.coLocated.map { [$0.id1, $0.id2] } == reference.coLocated.map { [$0.id1, $0.id2] })
            #expect(r.excluded == reference.excluded)
        }
    }

    @Test("Every instruction set this CPU has (portable, AVX2, AVX-512) finds the same candidates and the same events on 380 objects over 1 day")
    func everyInstructionSetSameCandidates() async throws {
        let sample = BundledCatalog.bruteForceSample
        let sets = SGP4Batch.InstructionSet.supportedByThisCPU()
        let runs = await offCooperativePool {
            sets.map { isa in
                var configuration = ScreeningConfiguration(start: BundledCatalog.windowStart, durationSeconds: 86_400)
                configuration.instructionSet = isa
                return Screener(configuration: configuration).screen(sample)
            }
        }
        let reference = runs[0]
        #expect(reference.events.count >= 60)
        for (isa, r) in zip(sets, runs).dropFirst() {
            print("\(isa): \(r.statistics.pairTests) pair tests, \(r.statistics.candidatePairSteps) candidate steps, \(r.events.count) events")
            #expect(r.statistics.pairTests == reference.statistics.pairTests, "\(isa)")
            #expect(r.statistics.candidatePairSteps == reference.statistics.candidatePairSteps, "\(isa)")
            #expect(r.statistics.candidatePairs == reference.statistics.candidatePairs, "\(isa)")
            #expect(r.events.count == reference.events.count, "\(isa)")
            for (a, b) in zip(r.events, reference.events) {
                #expect(a.id1 == b.id1 && a.id2 == b.id2 && a.tca == b.tca && a.missDistanceKm == b.missDistanceKm, "\(isa), \(a.id1)-\(a.id2)")
            }
        }
    }
}
