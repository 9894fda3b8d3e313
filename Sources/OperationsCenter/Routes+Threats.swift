import Astrodynamics
import Foundation
import Hummingbird
import Persistence
import SpaceData
import Threats

extension OperationsCenter {
    func addThreatRoutes(to api: RouterGroup<CenterRequestContext>) {
        api.get("threats") { request, context in try self.threatList(request, context: context) }
        api.get("threats/{asset}/{object}") { request, context in try await self.threatDetail(request, context: context) }
    }

    func watch() throws(Problem) -> ThreatWatch {
        guard let threats else {
            throw Problem(.unavailable, "the threat watch is off: no protected-assets file is configured or it cannot be read (kanshi serve --assets)")
        }
        return threats
    }

    /// `GET /threats`: the current assessments, highest level and score first.
    /// Whether the reader may see a threat record: the markings of both objects' histories, and an
    /// operator's satellites.
    func threatVisible(_ r: ThreatWatch.Record, _ v: Visibility, _ national: LiveCatalog.Snapshot) -> Bool {
        guard v.allows(primary: r.assetID, secondary: r.objectID) else { return false }
        if v.seesEveryMarking { return true }
        return national.pairMarking(r.assetID, r.objectID).map(v.allows) ?? false
    }

    func threatList(_ request: Request, context: CenterRequestContext) throws -> Response {
        let q = try QueryParameters(request, allowed: ["asset", "norad_cat_id", "min_level", "limit", "offset"])
        let (limit, offset) = try q.paging(maximum: configuration.maximumPageSize)
        let asset = try q.optionalInt("asset")
        let object = try q.optionalInt("norad_cat_id")
        let floor = ThreatAssessment.Level(rawValue: try q.choice("min_level", ThreatAssessment.Level.allCases.map(\.rawValue), default: "low"))!
        let watch = try watch()
        let national = catalog.snapshot()
        let all = watch.records().filter { r in
            r.assessment.level >= floor && (asset.map { $0 == r.assetID } ?? true) && (object.map { $0 == r.objectID } ?? true)
                && threatVisible(r, context.visibility, national)
        }
        let page = Array(all.dropFirst(offset).prefix(limit))
        let names = national.view(for: context.visibility)
        var o = JSONOutput(capacity: 1_024 * page.count + 128)
        o.raw("{\"items\":[")
        for (k, r) in page.enumerated() {
            if k > 0 { o.raw(",") }
            Encoders.threat(&o, r, names: names, assets: watch.assets, owner: watch.owner(of: r)) { _ in }
        }
        o.raw("],\"total\":\(all.count),\"limit\":\(limit),\"offset\":\(offset)}")
        return Responses.json(o)
    }

    /// `GET /threats/{asset}/{object}`: one assessment with the relative motion in the asset's RIC
    /// frame over time (from both element-set histories), both element histories and the object's
    /// detected maneuvers.
    func threatDetail(_ request: Request, context: CenterRequestContext) async throws -> Response {
        let q = try QueryParameters(request, allowed: ["history_days", "step_s"])
        let historyDays = try q.double("history_days", in: 0...ScreeningPipeline.threatHistoryDays) ?? 7
        let assetID = try context.parameters.catalogNumber("asset")
        let objectID = try context.parameters.catalogNumber("object")
        let watch = try watch()
        guard let r = watch.record(asset: assetID, object: objectID), threatVisible(r, context.visibility, catalog.snapshot()) else {
            throw Problem(.notFound, "no threat assessment for object \(objectID) near asset \(assetID)")
        }
        let from = r.windowStart.advanced(bySeconds: -historyDays * 86_400)
        let span = r.windowEnd.secondsSince(from)
        let points = max(2, configuration.maximumTrackPoints)
        let defaultStep = max(60, (span / Double(min(points - 1, 1_440))).rounded(.up))
        let step = try q.double("step_s", in: 1...86_400) ?? defaultStep
        guard Int(span / step) + 2 <= points else {
            throw Problem.badParameter("step_s", "\(Int(span / step) + 2) points is over the limit of \(points)")
        }
        let histories = try await pipeline.histories(of: [assetID, objectID], from: from.advanced(bySeconds: -2 * 86_400))
        let snapshot = catalog.snapshot()
        func history(_ id: Int) -> [ElementSet] {
            let h = histories[id] ?? []
            if !h.isEmpty { return h }
            return snapshot.entries[id].map { [$0.elementSet] } ?? []
        }
        let assetHistory = history(assetID), objectHistory = history(objectID)
        let motion = RelativeMotion.sample(assetHistory: assetHistory, objectHistory: objectHistory, from: from, to: r.windowEnd, stepSeconds: step)
        var o = JSONOutput(capacity: 96 * motion.samples.count + 160 * (assetHistory.count + objectHistory.count) + 4_096)
        Encoders.threat(&o, r, names: snapshot, assets: watch.assets, owner: watch.owner(of: r)) { o in
            o.key("relative_motion"); o.raw("{")
            o.key("frame", first: true); o.string("RIC of the asset (R radial, I in-track, C cross-track)")
            o.key("from"); o.time(from)
            o.key("to"); o.time(r.windowEnd)
            o.key("step_s"); o.number(step)
            o.key("points"); o.raw("[")
            for (k, s) in motion.samples.enumerated() {
                if k > 0 { o.raw(",") }
                o.raw("{\"t\":"); o.time(s.time)
                o.raw(",\"r_km\":"); o.fixed(s.ricKm.x, 4)
                o.raw(",\"i_km\":"); o.fixed(s.ricKm.y, 4)
                o.raw(",\"c_km\":"); o.fixed(s.ricKm.z, 4)
                o.raw(",\"range_km\":"); o.fixed(s.rangeKm, 4)
                o.raw(",\"relative_speed_km_s\":"); o.fixed(s.relativeSpeedKmPerS, 6)
                o.raw(",\"predicted\":"); o.bool(s.predicted)
                o.raw("}")
            }
            o.raw("]}")
            o.key("asset_history"); Encoders.elementHistory(&o, assetHistory.filter { $0.epoch >= from })
            o.key("object_history"); Encoders.elementHistory(&o, objectHistory.filter { $0.epoch >= from })
            o.key("detected_maneuvers"); o.raw("[")
            for (k, m) in r.maneuvers.enumerated() {
                if k > 0 { o.raw(",") }
                Encoders.maneuver(&o, m)
            }
            o.raw("]")
        }
        return Responses.json(o)
    }
}

extension Encoders {
    /// The `threat` shape; `extra` appends members (the detail's) before the closing brace.
    static func threat(_ o: inout JSONOutput, _ r: ThreatWatch.Record, names: LiveCatalog.Snapshot, assets: ProtectedAssets,
                       owner: ObjectOwner?, extra: (inout JSONOutput) -> Void) {
        let a = r.assessment, f = a.finding
        o.raw("{")
        o.key("asset_id", first: true); o.int(f.assetID)
        o.key("object_id"); o.int(f.objectID)
        o.key("asset"); o.raw("{")
        o.key("norad_cat_id", first: true); o.int(f.assetID)
        o.key("name"); o.optionalString(assets.asset(f.assetID)?.name ?? names.entries[f.assetID]?.elementSet.objectName ?? f.assetName)
        o.key("owner"); o.optionalString(assets.asset(f.assetID)?.owner)
        o.raw("}")
        o.key("object"); party(&o, f.objectID, names: names)
        o.key("object_owner")
        if let owner {
            o.raw("{\"code\":"); o.string(owner.code); o.raw(",\"source\":"); o.string(owner.source.description); o.raw("}")
        } else { o.raw("null") }
        o.key("level"); o.string(a.level.rawValue)
        o.key("score"); o.fixed(a.score, 1)
        o.key("regime"); o.string(f.regime.rawValue)
        o.key("radius_km"); o.number(f.radiusKm)
        o.key("closest_approach_km"); o.fixed(f.closestApproachKm, 3)
        o.key("relative_speed_km_s"); o.fixed(f.relativeSpeedKmPerS, 6)
        o.key("tca"); o.time(f.tca)
        o.key("persistence_hours"); o.fixed(f.persistenceHours, 3)
        o.key("co_location_km"); o.number(f.coLocationKm)
        o.key("co_located_hours"); o.fixed(f.coLocatedHours, 3)
        o.key("maximum_range_km"); o.fixed(f.maximumRangeKm, 3)
        o.key("first_inside_radius"); o.optionalTime(f.firstInsideRadius)
        o.key("plane_angle_deg"); o.fixed(f.planeAngleDeg, 4)
        o.key("longitude_separation_deg"); o.optionalNumber(f.longitudeSeparationDeg)
        o.key("mean_motion_difference_rev_per_day"); o.number(f.meanMotionDifferenceRevPerDay)
        o.key("object_element_age_days"); o.fixed(f.objectElementAgeDays, 3)
        o.key("maneuvers"); o.raw("[")
        for (k, m) in a.maneuvers.enumerated() {
            if k > 0 { o.raw(",") }
            o.raw("{\"window_start\":"); o.time(m.windowStart)
            o.raw(",\"window_end\":"); o.time(m.windowEnd)
            o.raw(",\"delta_v_m_s\":"); o.fixed(m.deltaVMetersPerSecond, 4)
            o.raw(",\"intent\":"); o.string(m.intent.rawValue)
            o.raw(",\"intent_reason\":"); o.optionalString(m.intentReason)
            o.raw("}")
        }
        o.raw("]")
        o.key("reasons"); o.raw("[")
        for (k, reason) in a.reasons.enumerated() { if k > 0 { o.raw(",") }; o.string(reason) }
        o.raw("]")
        o.key("window_start"); o.time(r.windowStart)
        o.key("window_end"); o.time(r.windowEnd)
        o.key("first_seen"); o.date(r.firstSeen)
        o.key("updated_at"); o.date(r.updatedAt)
        extra(&o)
        o.raw("}")
    }

    /// Element sets as `[{epoch, semi_major_axis_km, ...}]`, oldest first.
    static func elementHistory(_ o: inout JSONOutput, _ sets: [ElementSet]) {
        o.raw("[")
        for (k, s) in sets.sorted(by: { $0.epoch < $1.epoch }).enumerated() {
            let p = ElementHistoryPoint(s)
            if k > 0 { o.raw(",") }
            o.raw("{\"epoch\":"); o.time(p.epoch)
            o.raw(",\"semi_major_axis_km\":"); o.fixed(p.semiMajorAxisKm, 4)
            o.raw(",\"perigee_altitude_km\":"); o.fixed(p.perigeeAltitudeKm, 4)
            o.raw(",\"apogee_altitude_km\":"); o.fixed(p.apogeeAltitudeKm, 4)
            o.raw(",\"inclination_deg\":"); o.fixed(p.inclinationDeg, 5)
            o.raw(",\"raan_deg\":"); o.fixed(p.raanDeg, 5)
            o.raw(",\"eccentricity\":"); o.number(p.eccentricity)
            o.raw(",\"mean_motion_rev_per_day\":"); o.number(p.meanMotionRevPerDay)
            o.raw(",\"longitude_deg\":"); if let l = p.longitudeDeg { o.fixed(l, 5) } else { o.raw("null") }
            o.raw("}")
        }
        o.raw("]")
    }

    /// A ``ManeuverDetection``.
    static func maneuver(_ o: inout JSONOutput, _ m: ManeuverDetection) {
        o.raw("{\"window_start\":"); o.time(m.windowStart)
        o.raw(",\"window_end\":"); o.time(m.windowEnd)
        o.raw(",\"delta_v_m_s\":"); o.fixed(m.deltaVMetersPerSecond, 4)
        o.raw(",\"delta_v_rtn_m_s\":[")
        o.fixed(m.deltaVRTNMetersPerSecond.x, 4); o.raw(","); o.fixed(m.deltaVRTNMetersPerSecond.y, 4); o.raw(","); o.fixed(m.deltaVRTNMetersPerSecond.z, 4)
        o.raw("],\"direction\":"); o.string(m.direction.rawValue)
        o.raw(",\"confidence\":"); o.fixed(m.confidence, 4)
        o.raw(",\"reason\":"); o.string(m.reason)
        o.raw("}")
    }
}

extension OperationsCenter {
    /// The `threats` member of `/status`: `null` when the watch is off.
    func threatStatus(_ o: inout JSONOutput, _ v: Visibility) {
        guard let threats else { o.raw("null"); return }
        let s = threats.status
        let national = catalog.snapshot()
        let records = threats.records().filter { threatVisible($0, v, national) }
        o.raw("{")
        o.key("assets", first: true); o.int(s.assets)
        o.key("assets_in_catalog"); o.int(s.assetsInCatalog)
        o.key("findings"); o.int(records.count)
        o.key("high"); o.int(records.filter { $0.assessment.level == .high }.count)
        o.key("medium"); o.int(records.filter { $0.assessment.level == .medium }.count)
        o.key("runs"); o.int(s.runs)
        o.key("last_run_at"); if let d = s.lastRunAt { o.date(d) } else { o.raw("null") }
        o.key("last_run_seconds"); o.optionalNumber(s.lastRunSeconds.map { ($0 * 1000).rounded() / 1000 })
        o.raw("}")
    }
}
