import Astrodynamics
import Foundation
import Persistence
import SpaceData

/// The API's JSON shapes (docs/http-api.md), written by hand with ``JSONOutput``.
enum Encoders {
    /// One element set in Space-Track GP JSON (every value a string) plus `GP_ID`.
    /// `CREATION_DATE` is when the set was stored; `TLE_LINE1`/`TLE_LINE2` (and `TLE_LINE0`) are
    /// included, as Space-Track does.
    static func gpJSON(_ s: StoredElementSet) -> String {
        let created = Instant(date: s.ingestedAt).iso8601UTC(fractionDigits: 0, zulu: false)
        var text = OMMJSON.write([s.elementSet], style: .spaceTrack,
                                 options: OMMFields.WriteOptions(creationDate: created, includeTLELines: true))
        // `[{...}]\n` → `{"GP_ID":"n",...}`
        text.removeFirst(2)
        while text.last == "\n" || text.last == "]" { text.removeLast() }
        return "{\"GP_ID\":\"\(s.id)\"," + text
    }

    static func gpJSONList(_ sets: [StoredElementSet]) -> String {
        "[" + sets.map(gpJSON).joined(separator: ",\n") + "]\n"
    }

    /// The `object` shape.
    static func object(_ o: inout JSONOutput, _ c: CatalogObject) {
        o.raw("{")
        o.key("norad_cat_id", first: true); o.int(c.catalogNumber)
        o.key("name"); o.optionalString(c.name)
        o.key("object_id"); o.optionalString(c.objectID)
        o.key("object_type"); o.optionalString(c.objectType)
        o.key("element_sets"); o.int(c.elementSetCount)
        o.key("latest_epoch"); o.time(c.latestEpoch)
        o.key("mean_motion_rev_per_day"); o.number(c.meanMotionRevPerDay)
        o.key("eccentricity"); o.number(c.eccentricity)
        o.key("inclination_deg"); o.number(c.inclinationDeg)
        o.raw("}")
    }

    /// A catalog object from a live-catalog entry.
    static func catalogObject(_ e: LiveCatalog.Entry) -> CatalogObject {
        let s = e.elementSet
        return CatalogObject(catalogNumber: s.noradCatalogNumber, name: s.objectName, objectID: s.objectID, objectType: e.objectType,
                             elementSetCount: e.elementSetCount, latestEpoch: s.epoch, latestElementSetID: e.stored.id,
                             meanMotionRevPerDay: s.meanMotionRevPerDay, eccentricity: s.eccentricity, inclinationDeg: s.inclinationDeg)
    }

    /// The object page: `object` plus `orbit` and `elements`.
    static func objectDetail(_ e: LiveCatalog.Entry) -> String {
        var o = JSONOutput(capacity: 2048)
        object(&o, catalogObject(e))
        o.bytes.removeLast() // reopen the object
        let s = e.elementSet
        let (perigee, apogee) = OrbitRegime.apsisAltitudesKm(meanMotionRevPerDay: s.meanMotionRevPerDay, eccentricity: s.eccentricity)
        let periodMin = 1_440 / s.meanMotionRevPerDay
        let re = 6378.135
        o.key("orbit"); o.raw("{")
        o.key("regime", first: true); o.string(e.regime.rawValue)
        o.key("period_min"); o.number(periodMin)
        o.key("perigee_km"); o.number(perigee)
        o.key("apogee_km"); o.number(apogee)
        o.key("semi_major_axis_km"); o.number((perigee + apogee) / 2 + re)
        o.key("inclination_deg"); o.number(s.inclinationDeg)
        o.key("eccentricity"); o.number(s.eccentricity)
        o.raw("}")
        o.key("elements"); o.raw(e.gpJSON)
        o.key("marking"); o.string(e.stored.marking.description)
        o.key("received_from"); o.optionalString(e.stored.receivedFrom)
        o.raw("}")
        return o.text
    }

    static func party(_ o: inout JSONOutput, _ id: Int?, names: LiveCatalog.Snapshot) {
        guard let id else { o.raw("null"); return }
        o.raw("{")
        o.key("norad_cat_id", first: true); o.int(id)
        o.key("name"); o.optionalString(names.entries[id]?.elementSet.objectName)
        o.raw("}")
    }

    /// The `event` shape.
    static func event(_ o: inout JSONOutput, _ e: StoredConjunctionEvent, names: LiveCatalog.Snapshot) {
        let a = e.latest
        o.raw("{")
        o.key("id", first: true); o.int64(e.id)
        o.key("primary"); party(&o, e.primary, names: names)
        o.key("secondary"); party(&o, e.secondary, names: names)
        o.key("status"); o.string(e.status.rawValue)
        o.key("tca"); o.time(a.tca)
        o.key("miss_km"); o.number(a.missDistanceKm)
        o.key("relative_speed_km_s"); o.number(a.relativeSpeedKmPerS)
        o.key("miss_rtn_km"); o.raw("["); o.number(a.missRTNKm.x); o.raw(","); o.number(a.missRTNKm.y); o.raw(","); o.number(a.missRTNKm.z); o.raw("]")
        o.key("pc"); o.optionalNumber(a.pc)
        o.key("pc_method"); o.optionalString(a.pcMethod)
        o.key("first_seen"); o.date(e.firstSeenAt)
        o.key("last_assessed"); o.date(a.assessedAt)
        o.key("assessments"); o.int(e.assessmentCount)
        o.key("marking"); o.string(e.marking.description)
        o.raw("}")
    }

    static func assessment(_ o: inout JSONOutput, _ a: EventAssessment) {
        o.raw("{")
        o.key("assessed_at", first: true); o.date(a.assessedAt)
        o.key("tca"); o.time(a.tca)
        o.key("miss_km"); o.number(a.missDistanceKm)
        o.key("relative_speed_km_s"); o.number(a.relativeSpeedKmPerS)
        o.key("pc"); o.optionalNumber(a.pc)
        o.key("primary_gp_id"); o.int64(a.primaryElementSetID)
        o.key("secondary_gp_id"); o.int64(a.secondaryElementSetID)
        o.key("marking"); o.string(a.marking.description)
        o.raw("}")
    }

    /// The `alert` shape.
    static func alert(_ o: inout JSONOutput, _ s: StoredAlert, names: LiveCatalog.Snapshot) {
        let a = s.alert
        o.raw("{")
        o.key("id", first: true); o.int64(s.id)
        o.key("kind"); o.string(a.kind)
        o.key("severity"); o.string(a.severity.rawValue)
        o.key("event_id"); if let id = a.eventID { o.int64(id) } else { o.raw("null") }
        o.key("primary"); party(&o, a.primary, names: names)
        o.key("secondary"); party(&o, a.secondary, names: names)
        o.key("tca"); o.optionalTime(a.tca)
        o.key("miss_km"); o.optionalNumber(a.missDistanceKm)
        o.key("pc"); o.optionalNumber(a.pc)
        o.key("message"); o.string(a.message)
        o.key("created_at"); o.date(a.createdAt)
        o.key("marking"); o.string(a.marking.description)
        o.raw("}")
    }

    /// The first 100 rejected lines of an ingest body: `[{"line", "field", "message"}]`.
    static func lineErrors(_ o: inout JSONOutput, _ errors: [(line: Int?, field: String?, message: String)]) {
        o.raw("[")
        for (k, e) in errors.prefix(100).enumerated() {
            if k > 0 { o.raw(",") }
            o.raw("{")
            o.key("line", first: true); o.optionalInt(e.line)
            o.key("field"); o.optionalString(e.field)
            o.key("message"); o.string(e.message)
            o.raw("}")
        }
        o.raw("]")
    }

    static func alertText(_ s: StoredAlert, names: LiveCatalog.Snapshot) -> String {
        var o = JSONOutput(capacity: 512)
        alert(&o, s, names: names)
        return o.text
    }

    /// `{"items": [...], "limit": L, "offset": O}` around items written by `item`.
    static func list<T>(_ items: [T], limit: Int, offset: Int, capacity: Int = 4096, _ item: (inout JSONOutput, T) -> Void) -> String {
        var o = JSONOutput(capacity: capacity)
        o.raw("{\"items\":[")
        for (k, x) in items.enumerated() {
            if k > 0 { o.raw(",") }
            item(&o, x)
        }
        o.raw("],\"limit\":\(limit),\"offset\":\(offset)}")
        return o.text
    }
}
