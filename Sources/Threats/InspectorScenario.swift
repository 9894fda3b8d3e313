import Foundation
import Astrodynamics
import SpaceData
import CatalogMaintenance
import Sensors

/// Synthetic "killer satellite" scenarios: element-set histories of an inspector that moves into a
/// protected satellite's orbit and closes in with a few burns, to test that the threat checks flag
/// it in time.
///
/// - LEO (after Kosmos 2542 and USA 245, 2020): the inspector starts in the asset's plane, 80 km
///   lower and a quarter of an orbit behind, so it drifts ahead fast and passes well outside the
///   RPO radius. The *approach burn* raises it to 5 km below when 15° remain (slow drift), a second
///   burn matches the asset's period when about 0.25° (~30 km) remain, and it holds there.
/// - GEO (after Luch/Olymp beside Intelsat satellites): the inspector drifts toward the asset at
///   0.5°/day from 5° away; the approach burn slows the drift to 0.05°/day when 1° remains, and a
///   last burn stops it about 10 km (0.0136°) from the asset.
///
/// The histories are mean elements advanced with the first-order J2 secular rates
/// (`SGP4DifferentialCorrection.advance`, Vallado 2013 Eq. 9-41) with B* = 0, one set every
/// `setIntervalHours` for asset and inspector, with a seeded along-track and mean-motion noise
/// of the size public element sets carry. Burns are instantaneous changes of mean motion (tangential).
public struct InspectorScenario: Sendable {
    /// One burn of the inspector.
    public struct Burn: Sendable, Hashable {
        public var time: Instant
        /// The inspector's mean motion after the burn, relative to the asset's (0 = matched).
        public var relativeMeanMotionAfter: Double
        /// The first burn that brings it toward the asset.
        public var isApproach: Bool
    }

    public var asset: ElementSet
    public var inspectorNumber: Int
    /// Asset and inspector sets, by epoch.
    public var assetHistory: [ElementSet]
    public var inspectorHistory: [ElementSet]
    public var burns: [Burn]
    /// The true trajectory: the asset's noise-free set, then the inspector's legs, each a noise-free
    /// mean-element set at the leg's start (the scenario start, then each burn) that SGP4 propagates
    /// until the next burn (``InspectorTruth``).
    public var truth: InspectorTruth

    /// The first inspector set at or after the approach burn.
    public var firstSetAfterApproach: ElementSet? {
        guard let burn = burns.first(where: \.isApproach) else { return nil }
        return inspectorHistory.first { $0.epoch >= burn.time }
    }

    /// Replays the histories as they would arrive: at each inspector set, the latest set of each
    /// object so far goes to ``ProximityAnalyzer`` over the next `lookaheadDays` (GEO assets look
    /// further, ``ProximityAnalyzer/Options/geoLookaheadDays``) and the first finding for this asset
    /// and inspector is returned, assessed, with the epoch of the set that raised it.
    public func firstAlert(lookaheadDays: Double = 3, analyzer: ProximityAnalyzer = ProximityAnalyzer(),
                           assessor: ThreatAssessor = ThreatAssessor()) -> (epoch: Instant, assessment: ThreatAssessment)? {
        for set in inspectorHistory {
            guard let assetSet = assetHistory.last(where: { $0.epoch <= set.epoch }) else { continue }
            let report = analyzer.analyze(catalog: [assetSet, set], assets: [asset.noradCatalogNumber], start: set.epoch,
                                          durationSeconds: lookaheadDays * 86_400)
            if let f = report.findings.first(where: { $0.objectID == inspectorNumber }) {
                return (set.epoch, assessor.assess(f, windowStart: set.epoch))
            }
        }
        return nil
    }

    /// A LEO inspector against `asset` (its plane and period), from `start` for `days`.
    ///
    /// `initialAltitudeOffsetKm` (default 80) and `initialGapDeg` (default 90) set the first leg:
    /// how far below the asset the inspector starts and how far behind (the approach burn comes when
    /// 15° remain, so a smaller offset or a larger gap puts it later). With an offset of 20 km the
    /// approach burn is a 0.33 % mean-motion change (≈ 8 m/s), small enough for orbit determination to
    /// keep custody across it (``InspectorObservations``).
    public static func leo(asset: ElementSet, start: Instant, days: Double = 8, setIntervalHours: Double = 8,
                           inspectorNumber: Int = 99_001, seed: UInt64 = 1, initialAltitudeOffsetKm: Double = 80,
                           initialGapDeg: Double = 90) -> InspectorScenario {
        let n = asset.meanMotionRevPerDay
        let aKm = semiMajorAxisKm(meanMotionRevPerDay: n)
        // Relative mean motion for an altitude offset Δa: Δn/n = −(3/2)·Δa/a.
        func drift(_ deltaAKm: Double) -> Double { -1.5 * deltaAKm / aKm }
        let legs: [(untilGapDeg: Double, relative: Double, approach: Bool)] = [
            (15, drift(-initialAltitudeOffsetKm), false), (0.25, drift(-5), true), (-.infinity, 0, false)]
        return make(asset: asset, start: start, days: days, setIntervalHours: setIntervalHours,
                    inspectorNumber: inspectorNumber, seed: seed, initialGapDeg: initialGapDeg, legs: legs,
                    name: "INSPECTOR (LEO SCENARIO)")
    }

    /// A GEO inspector drifting toward `asset` and parking about 10 km from it.
    public static func geo(asset: ElementSet, start: Instant, days: Double = 40, setIntervalHours: Double = 12,
                           inspectorNumber: Int = 99_002, seed: UInt64 = 2) -> InspectorScenario {
        let n = asset.meanMotionRevPerDay
        // Relative mean motion for a drift rate in degrees per day (of the asset's 360·n °/day).
        func drift(_ degPerDay: Double) -> Double { degPerDay / (360 * n) }
        let parkDeg = 10 / semiMajorAxisKm(meanMotionRevPerDay: n) * 180 / .pi
        let legs: [(untilGapDeg: Double, relative: Double, approach: Bool)] = [
            (1, drift(0.5), false), (parkDeg, drift(0.05), true), (-.infinity, 0, false)]
        return make(asset: asset, start: start, days: days, setIntervalHours: setIntervalHours,
                    inspectorNumber: inspectorNumber, seed: seed, initialGapDeg: 5, legs: legs,
                    name: "INSPECTOR (GEO SCENARIO)")
    }

    static func semiMajorAxisKm(meanMotionRevPerDay n: Double) -> Double {
        let nRadPerS = n * 2 * .pi / 86_400
        return cbrt(GravityModel.wgs72.muKm3PerS2 / (nRadPerS * nRadPerS))
    }

    /// The inspector starts `initialGapDeg` behind the asset (in mean anomaly) and flies `legs`:
    /// each leg keeps a relative mean motion until the gap falls to `untilGapDeg`, then burns to
    /// the next leg's.
    static func make(asset: ElementSet, start: Instant, days: Double, setIntervalHours: Double, inspectorNumber: Int,
                     seed: UInt64, initialGapDeg: Double,
                     legs: [(untilGapDeg: Double, relative: Double, approach: Bool)], name: String) -> InspectorScenario {
        var base = asset.meanElements
        base.bstarPerEarthRadius = 0
        base.meanMotionDotRadPerMin2 = 0
        base.meanMotionDDotRadPerMin3 = 0
        let nDegPerDay = asset.meanMotionRevPerDay * 360
        // Burn times from the closing rates: the gap shrinks at relative·n °/day.
        let dc = SGP4DifferentialCorrection()
        var burns: [Burn] = []
        var t = 0.0, gap = initialGapDeg
        var segments: [(from: Double, gapAtFrom: Double, relative: Double)] = []
        for (k, leg) in legs.enumerated() {
            segments.append((t, gap, leg.relative))
            guard leg.untilGapDeg.isFinite, leg.relative > 0 else { break }
            let duration = (gap - leg.untilGapDeg) / (leg.relative * nDegPerDay)
            t += duration
            gap = leg.untilGapDeg
            burns.append(Burn(time: start.advanced(bySeconds: t * 86_400), relativeMeanMotionAfter: legs[k + 1].relative,
                              isApproach: legs[k + 1].approach))
        }
        func state(atDays d: Double) -> (gapDeg: Double, relative: Double) {
            let s = segments.last { $0.from <= d } ?? segments[0]
            return (s.gapAtFrom - s.relative * nDegPerDay * (d - s.from), s.relative)
        }
        // The truth: each leg's noise-free inspector set at the leg's start.
        let assetTruth = { () -> ElementSet in
            var s = asset
            s.apply(dc.advance(base, to: start))
            s.elementSetNumber = 0
            return s
        }()
        var truthLegs: [InspectorTruth.Leg] = []
        // The first leg starts from the scenario's geometry; each later leg from the previous leg's
        // state at the burn (its own node and argument of latitude, advanced by the J2 secular rates),
        // with only the mean motion changed — so the burn is purely in-plane, as the scenario means.
        let nAsset = base.meanMotionRadPerMin
        for (j, seg) in segments.enumerated() {
            let from = start.advanced(bySeconds: seg.from * 86_400)
            var m: MeanElements
            if let previous = truthLegs.last {
                m = dc.advance(previous.elementSet.meanElements, to: from)
            } else {
                m = dc.advance(base, to: from)
                m.meanAnomalyRad = (m.meanAnomalyRad - seg.gapAtFrom * .pi / 180).truncatingRemainder(dividingBy: 2 * .pi)
                if m.meanAnomalyRad < 0 { m.meanAnomalyRad += 2 * .pi }
            }
            m.meanMotionRadPerMin = nAsset * (1 + seg.relative)
            if truthLegs.isEmpty, let aim = (burns.first(where: \.isApproach) ?? burns.first)?.time {
                // A drifting inspector's node regresses at its own J2 rate; it starts off the asset's
                // node by what that difference amounts to at the approach burn, so the planes coincide
                // there (an inspector launched or trimmed for the rendezvous does this).
                let mine = dc.advance(m, to: aim).raanRad, theirs = dc.advance(base, to: aim).raanRad
                m.raanRad += atan2(sin(theirs - mine), cos(theirs - mine))
            }
            var set = assetTruth
            set.noradCatalogNumber = inspectorNumber
            set.objectName = name
            set.objectID = nil
            set.apply(m)
            truthLegs.append(.init(start: from, end: j + 1 < segments.count ? burns[j].time : nil, elementSet: set))
        }
        var rng = Xoshiro256StarStar(seed: seed)
        var assetHistory: [ElementSet] = [], inspectorHistory: [ElementSet] = []
        var k = 0
        while Double(k) * setIntervalHours <= days * 24 {
            let d = Double(k) * setIntervalHours / 24
            let epoch = start.advanced(bySeconds: d * 86_400)
            let a = dc.advance(base, to: epoch)
            var assetSet = asset
            assetSet.epoch = epoch
            assetSet.apply(a)
            assetSet.elementSetNumber = k + 1
            let s = state(atDays: d)
            var i = a
            i.meanMotionRadPerMin *= 1 + s.relative + 2e-7 * rng.nextGaussian()
            i.meanAnomalyRad = (i.meanAnomalyRad - (s.gapDeg + 0.002 * rng.nextGaussian()) * .pi / 180)
                .truncatingRemainder(dividingBy: 2 * .pi)
            if i.meanAnomalyRad < 0 { i.meanAnomalyRad += 2 * .pi }
            var inspector = assetSet
            inspector.noradCatalogNumber = inspectorNumber
            inspector.objectName = name
            inspector.objectID = nil
            inspector.apply(i)
            assetHistory.append(assetSet)
            inspectorHistory.append(inspector)
            k += 1
        }
        return InspectorScenario(asset: asset, inspectorNumber: inspectorNumber, assetHistory: assetHistory,
                                 inspectorHistory: inspectorHistory, burns: burns,
                                 truth: InspectorTruth(asset: assetTruth, inspectorLegs: truthLegs))
    }
}

extension ElementSet {
    /// Sets the orbit fields from mean elements (radians → the set's degrees and rev/day).
    mutating func apply(_ m: MeanElements) {
        epoch = m.epoch
        meanMotionRevPerDay = m.meanMotionRadPerMin * 1440 / (2 * .pi)
        eccentricity = m.eccentricity
        inclinationDeg = m.inclinationRad * 180 / .pi
        raanDeg = m.raanRad * 180 / .pi
        argumentOfPericenterDeg = m.argumentOfPerigeeRad * 180 / .pi
        meanAnomalyDeg = m.meanAnomalyRad * 180 / .pi
        bstar = m.bstarPerEarthRadius
        meanMotionDot = 0
        meanMotionDDot = 0
    }
}
