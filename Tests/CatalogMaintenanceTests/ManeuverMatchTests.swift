import Foundation
import Testing
import Astrodynamics
import SpaceData
@testable import CatalogMaintenance

/// The rule that keeps a maneuvered known object from coming back as a new one
/// (``UncorrelatedTrackProcessor/maneuverExplains(track:object:)``): after one tangential burn
/// of Δn at t_b the object runs ahead of its old elements by Δn·(t − t_b), in the same plane.
/// The "maneuvered" orbits here are built from a real LEO set (Fixtures/maintenance) by that
/// mechanism, so the expected Δv is known: Δv ≈ (v/3)·|Δn|/n (Vallado 2013 §6.3, the
/// tangential-burn relation Δa/a = 2Δv/v with n ∝ a^(−3/2)).
@Suite("Maneuver match of uncorrelated tracks")
struct ManeuverMatchTests {
    let processor = UncorrelatedTrackProcessor()

    /// X at its epoch; the burn `burnDays` later changes n by `relative`; returned: the object's
    /// mean elements `afterDays` after its epoch.
    func maneuvered(_ x: MeanElements, relative: Double, burnDays: Double, afterDays: Double) -> MeanElements {
        let dc = processor.correction
        var atBurn = dc.advance(x, to: x.epoch.advanced(bySeconds: burnDays * 86_400))
        atBurn.meanMotionRadPerMin *= 1 + relative
        return dc.advance(atBurn, to: x.epoch.advanced(bySeconds: afterDays * 86_400))
    }

    func states(_ track: MeanElements, _ object: MeanElements) throws -> (State<TEME>, State<TEME>) {
        (try SGP4(track).state(at: track.epoch), try SGP4(object).state(at: track.epoch))
    }

    func lowDragSet() throws -> MeanElements {
        var x = try #require(Fixture.leo30().first { $0.meanMotionRevPerDay > 14 && $0.meanMotionRevPerDay < 15.2 }).meanElements
        x.bstarPerEarthRadius = 0
        x.meanMotionDotRadPerMin2 = 0
        x.meanMotionDDotRadPerMin3 = 0
        return x
    }

    @Test("A burn of +0.1 % in mean motion a day after epoch is explained, with its Δv")
    func burnIsExplained() throws {
        let x = try lowDragSet()
        let track = maneuvered(x, relative: 1e-3, burnDays: 1, afterDays: 3)
        let (st, so) = try states(track, x)
        let miss = FrameMath.norm(st.positionKm - so.positionKm)
        #expect(miss > processor.options.duplicatePositionKm, "the burn must move it beyond the plain position match: \(miss) km")
        let dv = try #require(processor.maneuverExplains(track: (track, st), object: (x, so)))
        let v = FrameMath.norm(so.velocityKmPerS)
        #expect(abs(dv - v / 3 * 1e-3) < 0.5e-3, "Δv \(dv * 1000) m/s vs \(v / 3 * 1e-3 * 1000) m/s")
    }

    @Test("A burn that slows the object (−0.2 %) is explained too")
    func negativeBurn() throws {
        let x = try lowDragSet()
        let track = maneuvered(x, relative: -2e-3, burnDays: 0.5, afterDays: 2.5)
        let (st, so) = try states(track, x)
        #expect(processor.maneuverExplains(track: (track, st), object: (x, so)) != nil)
    }

    @Test("A plane-mate 30° ahead with nearly the same mean motion is not the object")
    func planeMateIsNot() throws {
        let x = try lowDragSet()
        var mate = processor.correction.advance(x, to: x.epoch.advanced(bySeconds: 3 * 86_400))
        mate.meanAnomalyRad = SGP4DifferentialCorrection.normalized(mate.meanAnomalyRad + 30 * .pi / 180)
        mate.meanMotionRadPerMin *= 1 + 1e-4
        let (st, so) = try states(mate, x)
        #expect(processor.maneuverExplains(track: (mate, st), object: (x, so)) == nil)
    }

    @Test("An offset the wrong way for the mean-motion change is not a burn")
    func wrongSignIsNot() throws {
        let x = try lowDragSet()
        // Faster orbit (Δn > 0), but moved 40° back from where the burn put it: behind the old elements.
        var track = maneuvered(x, relative: 1e-3, burnDays: 1, afterDays: 3)
        track.meanAnomalyRad = SGP4DifferentialCorrection.normalized(track.meanAnomalyRad - 40 * .pi / 180)
        let (st, so) = try states(track, x)
        #expect(processor.maneuverExplains(track: (track, st), object: (x, so)) == nil)
    }

    @Test("Another plane (node 0.5° away) is not the object")
    func otherPlaneIsNot() throws {
        let x = try lowDragSet()
        var track = maneuvered(x, relative: 1e-3, burnDays: 1, afterDays: 3)
        track.raanRad += 0.5 * .pi / 180
        let (st, so) = try states(track, x)
        #expect(processor.maneuverExplains(track: (track, st), object: (x, so)) == nil)
    }

    @Test("duplicate(of:) hands a maneuvered track to the unseen object, never to a seen one")
    func duplicateRule() throws {
        let x = try lowDragSet()
        let object = CatalogObject(catalogNumber: 12345, sgp4: try SGP4(x))
        let track = maneuvered(x, relative: 1e-3, burnDays: 1, afterDays: 3)
        #expect(processor.duplicate(of: track, in: [object], excluding: [], updated: [:]) == 12345)
        // Seen in this run (its own tracklets correlated) and updated where it was: the track is another object.
        #expect(processor.duplicate(of: track, in: [object], excluding: [12345], updated: [12345: try SGP4(x)]) == nil)
    }
}
