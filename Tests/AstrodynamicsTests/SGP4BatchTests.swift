import Foundation
import Testing
import TestSupport
import SGP4Kernel
@testable import Astrodynamics

/// `SGP4Batch` (SIMD lanes, every instruction set this CPU runs) against the verified scalar `SGP4`:
/// every state within 1 mm and 1 mm/s, every error with the same Vallado code, time and value.
@Suite("SGP4Batch against the scalar SGP4")
struct SGP4BatchTests {
    static let instructionSets = SGP4Batch.InstructionSet.supportedByThisCPU()

    /// What a comparison found: the worst |Δr| and |Δv|, the number of failed slots, and a message
    /// for every slot that differs (checked by ``check(_:)`` in the test's task).
    struct Comparison: Sendable {
        var worstKm = 0.0, worstKmPerS = 0.0, failures = 0
        var mismatches: [String] = []

        func check(_ label: String) {
            #expect(mismatches.isEmpty, "\(label): \(mismatches.count) mismatches, first: \(mismatches.prefix(5))")
            #expect(worstKm <= Tolerance.oneMillimetreKm, "\(label): worst |Δr| = \(worstKm * 1e6) mm")
            #expect(worstKmPerS <= Tolerance.oneMillimetrePerSecondKmPerS, "\(label): worst |Δv| = \(worstKmPerS * 1e6) mm/s")
        }
    }

    /// Runs `batch` over the grid and compares every slot with the scalar propagator: states within
    /// 1 mm and 1 mm/s, errors with the same code, time and value, NaN in failed slots. Runs off the
    /// cooperative pool (see ``offCooperativePool(_:)``).
    static func compare(_ batch: SGP4Batch, grid: [Double], reference: [Double], threads: Int = 1) async -> Comparison {
        await offCooperativePool {
            var states = SGP4BatchStates()
            batch.propagate(gridMinutes: grid, referenceMinutesSinceEpoch: reference, into: &states, threads: threads)
            var c = Comparison()
            if states.errorCode.contains(SGP4BlockJob.scalarFallbackCode) { c.mismatches.append("the fallback marker reached the caller") }
            for (j, dt) in grid.enumerated() {
                for i in 0..<batch.count {
                    let slot = j * batch.count + i
                    let t = reference[i] + dt
                    do throws(SGP4Error) {
                        let (r, v) = try batch.propagators[i].propagate(minutesSinceEpoch: t)
                        if let e = states.error(slot) {
                            c.mismatches.append("satellite \(i) at \(t) min: batch failed with \(e), scalar succeeded")
                            continue
                        }
                        let dr = distance(r, states.positionKm(slot)), dv = distance(v, states.velocityKmPerS(slot))
                        c.worstKm = max(c.worstKm, dr); c.worstKmPerS = max(c.worstKmPerS, dv)
                        if !(dr <= Tolerance.oneMillimetreKm && dv <= Tolerance.oneMillimetrePerSecondKmPerS) {
                            c.mismatches.append("satellite \(i) at \(t) min: |Δr| = \(dr * 1e6) mm, |Δv| = \(dv * 1e6) mm/s")
                        }
                    } catch {
                        c.failures += 1
                        guard let e = states.error(slot) else {
                            c.mismatches.append("satellite \(i) at \(t) min: scalar threw \(error), batch gave a state")
                            continue
                        }
                        let scale = max(abs(error.offendingValue), 1e-300)
                        let sameValue = abs(e.offendingValue - error.offendingValue) <= 1e-9 * scale
                            || (e.offendingValue.isNaN && error.offendingValue.isNaN)
                        if e.code != error.code || e.minutesSinceEpoch != error.minutesSinceEpoch || !sameValue {
                            c.mismatches.append("satellite \(i) at \(t) min: batch \(e), scalar \(error)")
                        }
                        if !states.positionKm(slot).x.isNaN { c.mismatches.append("satellite \(i) at \(t) min: failed slot holds a number") }
                    }
                }
            }
            return c
        }
    }

    @Test("Vallado's verification set, each case over its own grid including the error cases",
          arguments: instructionSets)
    func verificationSet(_ isa: SGP4Batch.InstructionSet) async throws {
        let sets = try VerificationElementSet.readAll(Fixtures.text("sgp4/SGP4-VER.TLE"))
        var failures = 0, propagations = 0
        for opsMode in SGP4.OpsMode.allCases {
            for set in sets {
                guard let sgp4 = try? SGP4(set.elements, opsMode: opsMode) else { continue }   // 33334 fails at epoch
                var grid: [Double] = []
                var t = set.startMinutes
                while t <= set.stopMinutes + 1e-9 { grid.append(t); t += set.stepMinutes }
                // Four copies in one batch, so a block holds several real lanes.
                let batch = SGP4Batch(Array(repeating: sgp4, count: 4), instructionSet: isa)
                #expect(batch.instructionSet == isa)
                let c = await Self.compare(batch, grid: grid, reference: [0.0, 0.0, 0.0, 0.0])
                c.check("\(isa) \(opsMode) \(set.satnum)")
                failures += c.failures
                propagations += grid.count * 4
            }
        }
        // 22312, 28350, 28872, 29141, 33333, the second 20413 fail somewhere on their grids.
        #expect(failures > 0 && propagations > 2_000)
    }

    /// Every 25th object of the 2023-10-09 catalog (1,046 element sets, near-Earth and deep space).
    static func catalogSample() throws -> [SGP4] {
        let lines = try Fixtures.text("sgp4/catalog_sample_2023-10-09.3le")
            .split(whereSeparator: \.isNewline).map(String.init)
        var out: [SGP4] = []
        var k = 0
        while k + 1 < lines.count {
            if lines[k].hasPrefix("1 "), lines[k + 1].hasPrefix("2 ") {
                let set = try VerificationElementSet(line1: lines[k], line2: lines[k + 1], lineNumber: k + 1,
                                                     requireGrid: false)
                if let sgp4 = try? SGP4(set.elements) { out.append(sgp4) }
                k += 2
            } else {
                k += 1
            }
        }
        return out
    }

    @Test("catalog sample over ±7 days from each epoch: ≤ 1 mm, ≤ 1 mm/s, same errors", arguments: instructionSets)
    func catalogSampleSevenDays(_ isa: SGP4Batch.InstructionSet) async throws {
        let propagators = try Self.catalogSample()
        #expect(propagators.count > 1_000)
        let batch = SGP4Batch(propagators, instructionSet: isa)
        #expect(batch.nearEarthIndices.count > 800 && batch.deepSpaceIndices.count > 50)
        // -7 d to +7 d in 61-minute steps (not a divisor of the orbits, so phases vary).
        let grid = stride(from: -10_080.0, through: 10_080.0, by: 61.0).map { $0 }
        let reference = Array(repeating: 0.0, count: batch.count)
        let worst = await Self.compare(batch, grid: grid, reference: reference, threads: 2)
        worst.check("\(isa)")
        print("SGP4Batch \(isa): \(batch.count) objects × \(grid.count) times, worst |Δr| \(worst.worstKm * 1e6) mm, "
              + "|Δv| \(worst.worstKmPerS * 1e6) mm/s, \(worst.failures) failed slots (same errors as the scalar)")
        #expect(worst.worstKm <= Tolerance.oneMillimetreKm)
        #expect(worst.worstKmPerS <= Tolerance.oneMillimetrePerSecondKmPerS)
        // Decayed objects of the sample fail over the span: the error path is exercised.
        #expect(worst.failures > 0)
    }

    @Test("runaway-drag element sets (ill-conditioned states) still equal the scalar to 1 mm over ±7 days",
          arguments: instructionSets)
    func runawayDrag(_ isa: SGP4Batch.InstructionSet) async throws {
        let lines = try Fixtures.text("sgp4/runaway_drag_2023-10-09.3le").split(whereSeparator: \.isNewline).map(String.init)
        var propagators: [SGP4] = []
        for k in stride(from: 0, to: lines.count - 2, by: 3) {
            let set = try VerificationElementSet(line1: lines[k + 1], line2: lines[k + 2], lineNumber: k + 2, requireGrid: false)
            propagators.append(try SGP4(set.elements))
        }
        #expect(propagators.count == 16)
        let batch = SGP4Batch(propagators, instructionSet: isa)
        let grid = stride(from: -10_080.0, through: 10_080.0, by: 10.0).map { $0 }
        let reference = Array(repeating: 0.0, count: batch.count)
        // Without the scalar fallback for ill-conditioned lanes these differ by up to 2,026 km (55740).
        let worst = await Self.compare(batch, grid: grid, reference: reference)
        worst.check("runaway \(isa)")
    }

    @Test("one time per satellite and a common instant give the grid's states; threads do not change a bit")
    func apiForms() throws {
        let propagators = try Self.catalogSample()
        let batch = SGP4Batch(propagators)
        let instant = propagators[0].epoch.advanced(bySeconds: 3_600 * 30)
        var common = SGP4BatchStates(), perSatellite = SGP4BatchStates(), threaded = SGP4BatchStates()
        batch.propagate(to: instant, into: &common)
        batch.propagate(minutesSinceEpoch: batch.minutesSinceEpoch(at: instant), into: &perSatellite)
        batch.propagate(to: instant, into: &threaded, threads: 2)
        #expect(common.count == batch.count)
        for i in 0..<batch.count {
            let scalar = try? propagators[i].state(at: instant)
            #expect((scalar == nil) == (common.error(i) != nil))
            if let scalar {
                #expect(distance(scalar.positionKm, common.positionKm(i)) <= Tolerance.oneMillimetreKm)
            }
            #expect(common.xKm[i].bitPattern == perSatellite.xKm[i].bitPattern)
            #expect(common.vzKmPerS[i].bitPattern == threaded.vzKmPerS[i].bitPattern)
            #expect(common.errorCode[i] == threaded.errorCode[i])
        }
    }

    @Test("an empty batch and an empty grid do nothing")
    func emptyInputs() {
        var states = SGP4BatchStates()
        SGP4Batch([]).propagate(gridMinutes: [0, 1], referenceMinutesSinceEpoch: [], into: &states, threads: 2)
        #expect(states.count == 0)
    }
}

/// The vector sine, cosine and remainder against the C library.
@Suite("LaneMath (SIMD sin/cos and fmod)")
struct LaneMathTests {
    @Test("sin and cos within 5e-16 of libm over ±1e4 rad; NaN, infinity and huge arguments fall back exactly")
    func sinCos() {
        var worst = 0.0
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<5_000 {
            var x = Lanes()
            for l in 0..<8 { x[l] = Double.random(in: -1e4...1e4, using: &generator) }
            for (fused, result) in [(true, LaneMath.sinCos(x, FusedLaneArithmetic.self)),
                                    (false, LaneMath.sinCos(x, SeparateLaneArithmetic.self))] {
                for l in 0..<8 {
                    let e = max(abs(result.sin[l] - sin(x[l])), abs(result.cos[l] - cos(x[l])))
                    worst = max(worst, e)
                    if e > 5e-16 { Issue.record("x = \(x[l]) fused \(fused): error \(e)") }
                }
            }
        }
        #expect(worst > 0 && worst <= 5e-16)
        let special = Lanes(.nan, .infinity, 1e300, -2e7, 0, -0.0, .pi / 4, 1e-300)
        let r = LaneMath.sinCos(special, FusedLaneArithmetic.self)
        #expect(r.sin[0].isNaN && r.cos[1].isNaN)
        #expect(r.sin[2] == sin(1e300) && r.cos[3] == cos(-2e7))
        #expect(r.sin[4] == 0 && r.cos[4] == 1 && r.sin[7] == 1e-300)
    }

    @Test("sinCosSmall within 3e-16 of libm for |x| ≤ 0.125, and the full reduction beyond")
    func sinCosSmall() {
        var generator = SystemRandomNumberGenerator()
        var worst = 0.0
        for round in 0..<5_000 {
            var x = Lanes()
            // Every 10th vector has one lane beyond the series' range: all lanes then take sinCos.
            for l in 0..<8 { x[l] = Double.random(in: -0.125...0.125, using: &generator) }
            if round % 10 == 0 { x[3] = Double.random(in: -50...50, using: &generator) }
            let r = LaneMath.sinCosSmall(x, FusedLaneArithmetic.self)
            for l in 0..<8 {
                let e = max(abs(r.sin[l] - sin(x[l])), abs(r.cos[l] - cos(x[l])))
                worst = max(worst, e)
                if e > 3e-16 { Issue.record("x = \(x[l]): error \(e)") }
            }
        }
        #expect(worst <= 3e-16)
    }

    @Test("remainderTwoPi equals fmod(x, 2π), including next to multiples of 2π")
    func remainder() {
        let twoPi = 2 * Double.pi
        var values: [Double] = [0, -0.0, 1, -1, twoPi, -twoPi, 1e4, -1e4, 3 * twoPi, -5 * twoPi]
        for k in 1...200 {
            let m = Double(k) * twoPi
            values += [m.nextUp, m.nextDown, -m.nextUp, -m.nextDown, m + 1e-13, m - 1e-13]
        }
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<4_000 { values.append(Double.random(in: -2e4...2e4, using: &generator)) }
        while values.count % 8 != 0 { values.append(0.5) }
        for b in stride(from: 0, to: values.count, by: 8) {
            var x = Lanes()
            for l in 0..<8 { x[l] = values[b + l] }
            let r = LaneMath.remainderTwoPi(x, FusedLaneArithmetic.self)
            for l in 0..<8 {
                let expected = fmod(x[l], twoPi)
                #expect(abs(r[l] - expected) <= 4e-16 * max(1, abs(x[l])), "x = \(x[l]): \(r[l]) vs \(expected)")
                #expect(abs(r[l]) < twoPi)
            }
        }
    }
}
