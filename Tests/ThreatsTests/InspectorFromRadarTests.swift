import Foundation
import Testing
import Astrodynamics
import SpaceData
import Sensors
import CatalogMaintenance
@testable import Threats

/// End to end, from radar to threat: the LEO inspector scenario against the ISS (real set of
/// 2023-10-09, Fixtures/threats/SOURCES.md) — which the default network (data/sensors.json) sees
/// 35–45 times a day at 51.6° — observed for 8 days from the *true* trajectories (burns included),
/// catalog maintenance run once per day on each day's tracklets starting from the scenario's first
/// (noisy) sets, the maneuver detector run on the OD sets, and proximity + threat assessment run on
/// the OD catalog after each day. Earth orientation is left out (UT1 = UTC, no polar motion) on both
/// sides, simulation and OD, and no false tracklets are added, to keep it to seconds.
///
/// The scenario's first leg is 80 km below the asset (its default) and its approach burn is put at
/// 3.5 days (initial gap 15° + 3.5 days of drift) so three daily OD sets precede it. The approach
/// burn raises the inspector 75 km: too much for correlation, so its later tracklets become a new
/// object that ``OrbitDeterminationHistory``'s custody rule hands back to the inspector.
@Suite("Inspector from radar: observations → daily OD → maneuver and threat detection", .serialized)
struct InspectorFromRadarTests {
    struct Outcome {
        let scenario: InspectorScenario
        let od: OrbitDeterminationHistory
        let observations: InspectorObservations
        let detections: [ManeuverDetection]
        /// Per day: the run's latest inspector epoch and whether proximity flagged it against the asset.
        let alerts: [(day: Int, epoch: Instant, assessment: ThreatAssessment?)]
    }

    static let start = Result { try Instant(utc: "2023-10-10T00:00:00Z") }
    static let days = 8

    static let outcome: Result<Outcome, Error> = Result {
        let iss = try #require(try Fixture.read("threats/iss_2023-10-09.3le").first)
        let start = try Self.start.get()
        let n = iss.meanMotionRevPerDay
        let aKm = InspectorScenario.semiMajorAxisKm(meanMotionRevPerDay: n)
        let firstLegDegPerDay = 1.5 * 80 / aKm * n * 360
        let scenario = InspectorScenario.leo(asset: iss, start: start, days: Double(days), setIntervalHours: 24,
                                             initialGapDeg: 15 + 3.5 * firstLegDegPerDay)
        let network = try SensorNetwork(contentsOf: Fixture.repository.appendingPathComponent("data/sensors.json")).sensors
        var options = SimulationOptions()
        options.seed = 7
        options.addFalseAlarms = false
        let simulator = ObservationSimulator(sensors: network, eop: .empty, options: options)
        let observations = try InspectorObservations.simulate(scenario, simulator: simulator)
        var od = OrbitDeterminationHistory(catalog: [scenario.assetHistory[0], scenario.inspectorHistory[0]],
                                           network: network, model: MeasurementModel(eop: .empty))
        var alerts: [(Int, Instant, ThreatAssessment?)] = []
        for day in 0..<days {
            let from = start.advanced(bySeconds: Double(day) * 86_400), to = from.advanced(bySeconds: 86_400)
            od.run(observations.tracklets(from: from, to: to))
            // Proximity on the OD catalog as it stands after the run, over the next 3 days.
            guard let inspector = od.catalog[scenario.inspectorNumber], let asset = od.catalog[iss.noradCatalogNumber] else { continue }
            let report = ProximityAnalyzer().analyze(catalog: [asset, inspector], assets: [iss.noradCatalogNumber], start: to,
                                                     durationSeconds: 3 * 86_400)
            let finding = report.findings.first { $0.objectID == scenario.inspectorNumber && $0.assetID == iss.noradCatalogNumber }
            alerts.append((day, inspector.epoch, finding.map { ThreatAssessor().assess($0, windowStart: to) }))
        }
        let detections = try ManeuverDetector().detect(sets: od.history).detections
        return Outcome(scenario: scenario, od: od, observations: observations, detections: detections, alerts: alerts)
    }

    /// The scenario's approach burn as a Δv: the in-plane pair v·|Δa|/(2a) that changes the mean motion
    /// from the first leg's to the second's (the truth legs' Kozai mean motions).
    static func trueApproachDeltaVMetersPerSecond(_ s: InspectorScenario) -> Double {
        let before = s.truth.inspectorLegs[0].elementSet, after = s.truth.inspectorLegs[1].elementSet
        let a0 = InspectorScenario.semiMajorAxisKm(meanMotionRevPerDay: before.meanMotionRevPerDay)
        let a1 = InspectorScenario.semiMajorAxisKm(meanMotionRevPerDay: after.meanMotionRevPerDay)
        let a = 0.5 * (a0 + a1)
        return (GravityModel.wgs72.muKm3PerS2 / a).squareRoot() * abs(a1 - a0) / (2 * a) * 1000
    }

    @Test("Observations come from the truth: both objects seen every day, and the inspector's tracklets follow its burns")
    func observationsFromTruth() throws {
        let o = try Self.outcome.get()
        let start = try Self.start.get()
        for day in 0..<Self.days {
            let from = start.advanced(bySeconds: Double(day) * 86_400)
            let labels = o.observations.tracklets(from: from, to: from.advanced(bySeconds: 86_400)).compactMap { o.observations.labels[$0.id] ?? nil }
            #expect(labels.filter { $0 == 25544 }.count >= 10, "day \(day): asset tracklets")
            #expect(labels.filter { $0 == 99_001 }.count >= 10, "day \(day): inspector tracklets")
        }
        // Each fitted inspector set lies on the true leg of its epoch: within 1 km of the truth.
        for set in o.od.history where set.noradCatalogNumber == 99_001 {
            let fitted = try SGP4(set.meanElements).propagate(minutesSinceEpoch: 0).positionKm
            let truth = try o.scenario.truth.inspectorPositionKm(at: set.epoch)
            let d = ((fitted - truth) * (fitted - truth)).sum().squareRoot()
            #expect(d < 1, "inspector set at \(set.epoch.iso8601UTC(fractionDigits: 0)): \(d) km from the truth")
        }
    }

    @Test("OD histories carry the fit noise, and custody follows the inspector across both burns")
    func custody() throws {
        let o = try Self.outcome.get()
        let inspectorSets = o.od.history.filter { $0.noradCatalogNumber == 99_001 }
        #expect(inspectorSets.count >= Self.days)
        #expect(inspectorSets.allSatisfy { $0.fitUncertainty != nil })
        // A daily radar fit knows the semi-major axis to metres.
        let sigmas = inspectorSets.compactMap { $0.fitUncertainty?.semiMajorAxisKm }
        #expect(sigmas.allSatisfy { $0 > 0 && $0 < 0.01 }, "σ(a) km: \(sigmas)")
        let approach = try #require(o.scenario.burns.first { $0.isApproach })
        #expect(o.od.custodyTransfers.contains { $0.catalogNumber == 99_001 && $0.lastSeen < approach.time && $0.reacquired > approach.time })
        #expect(!o.od.catalog.keys.contains { $0 >= 80_000 && $0 < 90_000 }, "no analyst object left for the inspector")
    }

    @Test("The approach burn is detected in the right window with Δv within 5 % of the truth, and the threat flagged by the first OD result after it")
    func detectionAndThreat() throws {
        let o = try Self.outcome.get()
        let approach = try #require(o.scenario.burns.first { $0.isApproach })
        let trueDV = Self.trueApproachDeltaVMetersPerSecond(o.scenario)
        let d = try #require(o.detections.first { $0.noradCatalogNumber == 99_001 && $0.windowStart <= approach.time && approach.time <= $0.windowEnd },
                             "detections: \(o.detections.map(\.reason))")
        #expect(abs(d.deltaVMetersPerSecond - trueDV) <= 0.05 * trueDV, "Δv \(d.deltaVMetersPerSecond) m/s vs true \(trueDV) m/s")
        #expect(d.direction == .tangential)
        #expect(d.deltaVRTNMetersPerSecond.y > 0, "a raising burn")
        // No detection on the asset.
        #expect(!o.detections.contains { $0.noradCatalogNumber == 25544 })
        // Detected once three sets after the burn are in: the epoch of the third.
        let after = o.od.history.filter { $0.noradCatalogNumber == 99_001 && $0.epoch > approach.time }.map(\.epoch).sorted()
        let detectedAt = after[2]
        let delayDays = detectedAt.secondsSince(approach.time) / 86_400
        print("approach burn \(approach.time.iso8601UTC(fractionDigits: 0)), true Δv \(trueDV) m/s; detected \(d.deltaVMetersPerSecond) m/s in [\(d.windowStart.iso8601UTC(fractionDigits: 0)), \(d.windowEnd.iso8601UTC(fractionDigits: 0))], available with the set of \(detectedAt.iso8601UTC(fractionDigits: 0)) (\(delayDays) days after the burn)")
        #expect(delayDays < 3)

        // Threat: the first OD result after the approach burn (or earlier) flags the inspector against the ISS.
        let firstAfter = try #require(o.alerts.first { $0.epoch > approach.time })
        let firstAlert = try #require(o.alerts.first { $0.assessment != nil })
        #expect(firstAlert.day <= firstAfter.day, "first alert on day \(firstAlert.day), first OD after the burn on day \(firstAfter.day)")
        // Before the burn the inspector passes 80 km below: outside the 50 km radius, no alert.
        #expect(o.alerts.filter { $0.epoch < approach.time }.allSatisfy { $0.assessment == nil })
        print("first alert after the OD run of day \(firstAlert.day): \(firstAlert.assessment!.level.rawValue), score \(firstAlert.assessment!.score)")
    }
}
