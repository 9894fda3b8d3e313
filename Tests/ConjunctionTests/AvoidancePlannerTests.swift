import Astrodynamics
import Conjunction
import Foundation
import Testing

/// The example event: OPS 5644 (10033) × COSMOS 1741 (16681), found by `kanshi screen` on the bundled
/// 2023-10-09 catalog (data/spacetrack_gp_full_catalog_2023-10-09.3le.gz): TCA 2023-10-09T16:51:41.907Z,
/// miss 4.904 km. With the stated LEO payload defaults its Pc is about 1e-52, so the tests use a
/// 100 m hard-body radius and every σ × 8 (Pc 2.6e-4), an encounter that needs a burn.
enum AvoidanceExample {
    static let primaryID = 10033, secondaryID = 16681
    static let tca = try! Instant(utc: "2023-10-09T16:51:41.907Z")
    static let covariance = AvoidanceCovarianceModel(primary: .for(.leo, .payload), secondary: .for(.leo, .payload), sigmaScale: 8)
    static let configuration = AvoidanceConfiguration(covariance: covariance, hardBodyRadiusKm: 0.1)
    /// A one-day screen around the event, 10 km threshold (so the treated event, moved beyond 5 km, is still listed).
    static let screening = ScreeningConfiguration(start: try! Instant(utc: "2023-10-09T12:00:00Z"), durationSeconds: 86_400, thresholdKm: 10, threads: 1)
}

@Suite("Avoidance: planner")
struct AvoidancePlannerTests {
    @Test("Closest approach re-found: TCA within 1 ms and miss within 1 m of the screen's 16:51:41.907Z, 4.904 km")
    func closestApproach() throws {
        let p = try AvoidanceCatalog.sgp4(AvoidanceExample.primaryID), s = try AvoidanceCatalog.sgp4(AvoidanceExample.secondaryID)
        let a = try AvoidancePlanner.closestApproach(p, s, near: AvoidanceExample.tca.advanced(bySeconds: 40), windowSeconds: 120)
        #expect(abs(a.tca.secondsSince(AvoidanceExample.tca)) < 1e-3)
        #expect(abs(a.missKm - 4.904) < 1e-3)
    }

    /// Clohessy–Wiltshire (Vallado, *Fundamentals of Astrodynamics and Applications*, 4th ed., §6.8):
    /// an along-track Δv gives y(t) = (Δv/n)(4 sin nt − 3nt), x(t) = (2Δv/n)(1 − cos nt); after one
    /// orbit x = 0 and y = −3·Δv·t. The miss moves by the part of that displacement normal to the
    /// relative velocity (TCA slides along it).
    @Test("1 cm/s along-track one orbit before TCA: along-track shift and miss change within 20 % of Clohessy–Wiltshire")
    func clohessyWiltshire() throws {
        let p = try AvoidanceCatalog.sgp4(AvoidanceExample.primaryID), s = try AvoidanceCatalog.sgp4(AvoidanceExample.secondaryID)
        let planner = AvoidancePlanner(configuration: AvoidanceExample.configuration)
        let tca = AvoidanceExample.tca
        let burn = planner.burnInstant(primary: p, tca: tca)
        #expect(abs(tca.secondsSince(burn) - p.periodMinutes * 60) < 1e-6)
        let dvKmPerS = 1e-5
        let o = try planner.outcome(deltaVRTNCentimetersPerS: SIMD3(0, 1, 0), burnInstant: burn, primary: p, secondary: s, tca: tca)
        let t = tca.secondsSince(burn)
        let cwAlongTrackKm = -3 * dvKmPerS * t

        let before = try p.state(at: tca), after = try o.maneuveredSGP4.state(at: tca)
        let basis = RTNBasis(before)
        let shift = basis.toRTN(after.positionKm - before.positionKm)
        #expect(abs(shift.y - cwAlongTrackKm) < 0.2 * abs(cwAlongTrackKm), "along-track shift \(shift.y) km, CW \(cwAlongTrackKm) km")

        let secondary = try s.state(at: tca)
        let d = secondary.positionKm - before.positionKm - basis.fromRTN(SIMD3(0, cwAlongTrackKm, 0))
        let vRel = secondary.velocityKmPerS - before.velocityKmPerS
        let u = vRel / (vRel * vRel).sum().squareRoot()
        let perpendicular = d - (d * u).sum() * u
        let predictedMissKm = (perpendicular * perpendicular).sum().squareRoot()
        let originalMissKm = 4.904408
        let predictedChange = predictedMissKm - originalMissKm, actualChange = o.missDistanceKm - originalMissKm
        #expect(abs(predictedChange) > 0.01, "the geometry must move the miss measurably")
        #expect(abs(actualChange - predictedChange) < 0.2 * abs(predictedChange),
                "miss change \(actualChange * 1e3) m, CW \(predictedChange * 1e3) m")
    }

    @Test("Example event: the planner finds a burn bringing Pc below 1e-4, and the re-screen of the two objects shows no event at or above it")
    func planExample() throws {
        let p = try AvoidanceCatalog.sgp4(AvoidanceExample.primaryID), s = try AvoidanceCatalog.sgp4(AvoidanceExample.secondaryID)
        var configuration = AvoidanceExample.configuration
        configuration.directions = [.alongTrack, .radial]
        let planner = AvoidancePlanner(configuration: configuration)
        let catalog = [ScreeningObject(id: AvoidanceExample.primaryID, sgp4: p), ScreeningObject(id: AvoidanceExample.secondaryID, sgp4: s)]
        let plan = try planner.plan(primaryID: AvoidanceExample.primaryID, primary: p, secondaryID: AvoidanceExample.secondaryID,
                                    secondary: s, tca: AvoidanceExample.tca, catalog: catalog, screening: AvoidanceExample.screening)
        #expect(plan.isManeuverNeeded)
        #expect((plan.original.collisionProbability ?? 0) >= 1e-4)
        let m = try #require(plan.maneuver)
        #expect((m.collisionProbability ?? 1) < 1e-4)
        #expect(m.missDistanceKm > plan.original.missDistanceKm)
        // Smallest to the search resolution: 0.01 cm/s less does not do it.
        let smaller = try planner.outcome(deltaVRTNCentimetersPerS: m.deltaVRTNCentimetersPerS * (1 - 0.011 / m.deltaVCentimetersPerS),
                                          burnInstant: m.burnInstant, primary: p, secondary: s, tca: AvoidanceExample.tca)
        #expect((smaller.collisionProbability ?? 1) >= 1e-4)
        // Prograde along-track, of order 20 cm/s (see the report: 19.52 cm/s); radial burns exactly one
        // orbit ahead do nothing (CW: x = y = 0 at nt = 2π) and the retrograde one must cross zero miss first.
        #expect(m.deltaVRTNCentimetersPerS.y > 10 && m.deltaVRTNCentimetersPerS.y < 30)
        #expect(abs(m.deltaVRTNCentimetersPerS.x) == 0 && abs(m.deltaVRTNCentimetersPerS.z) == 0)
        #expect(m.fitResidual.positionKm < 1e-3 && m.fitResidual.velocityKmPerS < 1e-6)
        let v = try #require(plan.verification)
        #expect(v.isAcceptable)
        #expect(v.start == m.burnInstant)
        #expect(v.events.allSatisfy { ($0.collisionProbability ?? 1) < 1e-4 }, "\(v.events.map { ($0.event.tca.iso8601UTC(), $0.event.missDistanceKm, $0.collisionProbability) })")
        // The treated event is in the re-screen, at the planner's TCA and miss.
        let treated = try #require(v.events.first { $0.event.id2 == AvoidanceExample.secondaryID && abs($0.event.tca.secondsSince(m.tca)) < 60 })
        #expect(abs(treated.event.tca.secondsSince(m.tca)) < 1e-3)
        #expect(abs(treated.event.missDistanceKm - m.missDistanceKm) < 1e-3)
        print("example: Δv RTN \(m.deltaVRTNCentimetersPerS) cm/s at \(m.burnInstant.iso8601UTC(fractionDigits: 3)); new TCA \(m.tca.iso8601UTC(fractionDigits: 3)), miss \(m.missDistanceKm) km, Pc \(m.collisionProbability ?? .nan); candidates \(plan.candidates.map(\.deltaVRTNCentimetersPerS))")
    }

    /// A made-up object (id 900001) put 50 m from where the first-choice burn (+19.5 cm/s) would take
    /// the primary 3 h after the event, on a crossing orbit (velocity turned 30° about the radial),
    /// and about 10 km from the unmaneuvered primary there: that burn creates a conjunction, so the
    /// planner must reject it and settle on a larger one that does not.
    @Test("Verification rejects a burn that creates a new conjunction and moves to a larger burn")
    func verificationRejects() throws {
        let p = try AvoidanceCatalog.sgp4(AvoidanceExample.primaryID), s = try AvoidanceCatalog.sgp4(AvoidanceExample.secondaryID)
        let planner = AvoidancePlanner(configuration: AvoidanceExample.configuration)
        let first = try #require(try planner.plan(primaryID: AvoidanceExample.primaryID, primary: p, secondary: s,
                                                  tca: AvoidanceExample.tca).maneuver)
        let meeting = first.tca.advanced(bySeconds: 3 * 3_600)
        let x = try first.maneuveredSGP4.state(at: meeting)
        let basis = RTNBasis(x)
        let angle = 30 * Double.pi / 180
        let turned = basis.fromRTN(SIMD3(0, cos(angle), sin(angle)) * (x.velocityKmPerS * x.velocityKmPerS).sum().squareRoot())
        let fake = State<TEME>(epoch: meeting, positionKm: x.positionKm + basis.radial * 0.05, velocityKmPerS: turned)
        let fakeSGP4 = try MeanElementsFit().fit(fake, bstarPerEarthRadius: 0).sgp4
        let catalog = [ScreeningObject(id: AvoidanceExample.primaryID, sgp4: p), ScreeningObject(id: AvoidanceExample.secondaryID, sgp4: s),
                       ScreeningObject(id: 900001, sgp4: fakeSGP4)]

        let check = planner.verify(first, primaryID: AvoidanceExample.primaryID, secondaryID: AvoidanceExample.secondaryID,
                                   original: p, catalog: catalog, screening: AvoidanceExample.screening)
        #expect(!check.isAcceptable)
        #expect(check.createdEvents.contains { $0.id2 == 900001 && abs($0.tca.secondsSince(meeting)) < 60 && $0.missDistanceKm < 0.1 })

        let plan = try planner.plan(primaryID: AvoidanceExample.primaryID, primary: p, secondaryID: AvoidanceExample.secondaryID,
                                    secondary: s, tca: AvoidanceExample.tca, catalog: catalog, screening: AvoidanceExample.screening)
        #expect(plan.rejected.contains { abs($0.maneuver.deltaVCentimetersPerS - first.deltaVCentimetersPerS) < 1e-9 })
        let chosen = try #require(plan.maneuver)
        #expect(chosen.deltaVCentimetersPerS > first.deltaVCentimetersPerS)
        #expect((chosen.collisionProbability ?? 1) < 1e-4)
        let v = try #require(plan.verification)
        #expect(v.isAcceptable)
        print("verification: rejected \(plan.rejected.map { $0.maneuver.deltaVRTNCentimetersPerS }), chosen \(chosen.deltaVRTNCentimetersPerS) cm/s")
    }

    @Test("From a screened event: Screener finds the example, the planner plans it from the event alone with the same Δv")
    func fromScreenedEvent() throws {
        let p = try AvoidanceCatalog.sgp4(AvoidanceExample.primaryID), s = try AvoidanceCatalog.sgp4(AvoidanceExample.secondaryID)
        let catalog = [ScreeningObject(id: AvoidanceExample.primaryID, sgp4: p), ScreeningObject(id: AvoidanceExample.secondaryID, sgp4: s)]
        let screen = Screener(configuration: AvoidanceExample.screening).screen(catalog)
        let event = try #require(screen.events.first { abs($0.tca.secondsSince(AvoidanceExample.tca)) < 1 })
        let planner = AvoidancePlanner(configuration: AvoidanceExample.configuration)
        let fromEvent = try planner.plan(event, catalog: catalog, screening: AvoidanceExample.screening)
        let direct = try planner.plan(primaryID: AvoidanceExample.primaryID, primary: p, secondary: s, tca: AvoidanceExample.tca)
        let a = try #require(fromEvent.maneuver), b = try #require(direct.maneuver)
        #expect(abs(a.deltaVCentimetersPerS - b.deltaVCentimetersPerS) < 0.01)
        #expect(fromEvent.verification?.isAcceptable == true)
    }

    @Test("An event already below the threshold needs no burn")
    func notNeeded() throws {
        let p = try AvoidanceCatalog.sgp4(AvoidanceExample.primaryID), s = try AvoidanceCatalog.sgp4(AvoidanceExample.secondaryID)
        var configuration = AvoidanceExample.configuration
        configuration.covariance.sigmaScale = 1
        let plan = try AvoidancePlanner(configuration: configuration).plan(primaryID: AvoidanceExample.primaryID, primary: p,
                                                                          secondary: s, tca: AvoidanceExample.tca)
        #expect(!plan.isManeuverNeeded)
        #expect(plan.maneuver == nil)
    }

    @Test("A minimum miss distance is honoured: 10 km needs a larger burn than the Pc goal alone")
    func minimumMiss() throws {
        let p = try AvoidanceCatalog.sgp4(AvoidanceExample.primaryID), s = try AvoidanceCatalog.sgp4(AvoidanceExample.secondaryID)
        var configuration = AvoidanceExample.configuration
        configuration.minimumMissKm = 10
        let plan = try AvoidancePlanner(configuration: configuration).plan(primaryID: AvoidanceExample.primaryID, primary: p,
                                                                          secondary: s, tca: AvoidanceExample.tca)
        let m = try #require(plan.maneuver)
        #expect(m.missDistanceKm > 10)
        #expect(m.deltaVCentimetersPerS > 30)
    }

    @Test("No burn within the Δv limit gives a clear error")
    func noSolution() throws {
        let p = try AvoidanceCatalog.sgp4(AvoidanceExample.primaryID), s = try AvoidanceCatalog.sgp4(AvoidanceExample.secondaryID)
        var configuration = AvoidanceExample.configuration
        configuration.maximumDeltaVCentimetersPerS = 5
        #expect(throws: AvoidanceError.self) {
            try AvoidancePlanner(configuration: configuration).plan(primaryID: AvoidanceExample.primaryID, primary: p,
                                                                   secondary: s, tca: AvoidanceExample.tca)
        }
    }
}
