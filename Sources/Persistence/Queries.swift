import Astrodynamics
import Foundation
import SpaceData

/// A statement and its arguments, with `?` placeholders (rewritten to `$n` for PostgreSQL).
struct SQLStatement: Sendable {
    var sql: String
    var args: [SQLValue]
    init(_ sql: String, _ args: [SQLValue] = []) { self.sql = sql; self.args = args }

    /// The SQL with `?` replaced by `$1`, `$2`, ... (the store's SQL has no `?` inside literals).
    var numbered: String {
        var out = ""
        out.reserveCapacity(sql.utf8.count + 16)
        var n = 0
        for ch in sql {
            if ch == "?" { n += 1; out += "$\(n)" } else { out.append(ch) }
        }
        return out
    }
}

/// The SQL both backends run, and the decoders of its rows. Written once so that the two stores
/// cannot drift apart; only the sequencing of statements inside a transaction is per backend.
enum Queries {
    static let insertChunkRows = 400
    static let inListChunk = 500

    static func checkPage(limit: Int, offset: Int) throws(StoreError) {
        guard limit >= 0, offset >= 0 else { throw StoreError(.query, "limit and offset must be >= 0 (limit \(limit), offset \(offset))") }
    }

    /// `IN (1, 2, 3)` with integers inlined (integers cannot inject SQL; no bind-parameter limit).
    static func inList<S: Sequence>(_ values: S) -> String where S.Element == Int {
        let items = values.map(String.init)
        return items.isEmpty ? "IN (NULL)" : "IN (" + items.joined(separator: ", ") + ")"
    }

    /// `(s, f) >= t` (or `>`, `<`, `<=`) on a pair of TAI columns.
    static func compare(_ prefix: String, _ op: String, _ t: Instant, into args: inout [SQLValue]) -> String {
        let p = StoreTime.parts(t)
        args.append(.int(p.seconds)); args.append(.int(p.seconds)); args.append(.double(p.fraction))
        let strict = op.hasPrefix(">") ? ">" : "<"
        return "(\(prefix)_tai_s \(strict) ? OR (\(prefix)_tai_s = ? AND \(prefix)_tai_frac \(op) ?))"
    }

    static func likePattern(_ text: String) -> String {
        var s = ""
        for ch in text.lowercased() {
            if ch == "%" || ch == "_" || ch == "\\" { s.append("\\") }
            s.append(ch)
        }
        return "%" + s + "%"
    }

    // MARK: Validation shared by both backends

    /// Refuses non-finite numbers before they reach the database: SQLite would store NaN as NULL
    /// and PostgreSQL orders NaN above every number, so CHECK constraints alone would not agree.
    static func validate(_ batch: [ElementSet]) throws(StoreError) {
        for (i, s) in batch.enumerated() {
            let values = [s.meanMotionRevPerDay, s.eccentricity, s.inclinationDeg, s.raanDeg, s.argumentOfPericenterDeg,
                          s.meanAnomalyDeg, s.bstar, s.meanMotionDot, s.meanMotionDDot]
            if !values.allSatisfy(\.isFinite) || !s.epoch.secondsSince(StoreTime.taiOrigin).isFinite {
                throw StoreError(.constraint, "element set \(i) of the batch (object \(s.noradCatalogNumber)) has a non-finite value")
            }
        }
    }

    static func validate(_ run: ScreeningRunInput) throws(StoreError) {
        guard run.thresholdKm.isFinite, run.matchToleranceSeconds.isFinite else {
            throw StoreError(.constraint, "screening run: non-finite threshold or tolerance")
        }
        for (i, e) in run.events.enumerated() {
            let values = [e.missDistanceKm, e.relativeSpeedKmPerS, e.missRTNKm.x, e.missRTNKm.y, e.missRTNKm.z, e.pc ?? 0,
                          e.tca.secondsSince(StoreTime.taiOrigin)]
            if !values.allSatisfy(\.isFinite) {
                throw StoreError(.constraint, "screening run event \(i) (\(e.primary) vs \(e.secondary)) has a non-finite value")
            }
        }
    }

    static func validate(_ alerts: [NewAlert]) throws(StoreError) {
        for (i, a) in alerts.enumerated() where !((a.pc ?? 0).isFinite && (a.missDistanceKm ?? 0).isFinite) {
            throw StoreError(.constraint, "alert \(i) has a non-finite Pc or miss distance")
        }
    }

    // MARK: Ingest

    static func insertObjects(_ catalogNumbers: [Int], nowUs: Int64) -> SQLStatement {
        var args: [SQLValue] = []
        var rows: [String] = []
        for n in catalogNumbers {
            rows.append("(?, 0, ?, ?)")
            args.append(SQLValue(n)); args.append(.int(nowUs)); args.append(.int(nowUs))
        }
        return SQLStatement("INSERT INTO objects (norad_cat_id, element_set_count, first_seen_at_us, updated_at_us) VALUES "
                            + rows.joined(separator: ", ") + " ON CONFLICT (norad_cat_id) DO NOTHING RETURNING norad_cat_id", args)
    }

    static func insertElementSets(_ sets: ArraySlice<ElementSet>, source: String, provenance: Provenance, nowUs: Int64) -> SQLStatement {
        let placeholders = "(" + Array(repeating: "?", count: ElementSetCodec.insertColumns.count).joined(separator: ", ") + ")"
        var args: [SQLValue] = []
        args.reserveCapacity(sets.count * ElementSetCodec.insertColumns.count)
        for s in sets { args.append(contentsOf: ElementSetCodec.encode(s, source: source, provenance: provenance, ingestedAtUs: nowUs)) }
        return SQLStatement("INSERT INTO element_sets (" + ElementSetCodec.insertColumns.joined(separator: ", ") + ") VALUES "
                            + Array(repeating: placeholders, count: sets.count).joined(separator: ", ")
                            + " ON CONFLICT (norad_cat_id, epoch_tai_s, epoch_tai_frac, fingerprint) DO NOTHING RETURNING norad_cat_id", args)
    }

    /// Refreshes each object's newest set, count and identity (name, designator, type) from its history.
    static func refreshObjects(_ catalogNumbers: [Int], nowUs: Int64) -> [SQLStatement] {
        let list = inList(catalogNumbers)
        return [
            SQLStatement("""
                UPDATE objects SET
                    latest_element_set_id = (SELECT e.id FROM element_sets e WHERE e.norad_cat_id = objects.norad_cat_id
                                             ORDER BY e.epoch_tai_s DESC, e.epoch_tai_frac DESC, e.id DESC LIMIT 1),
                    element_set_count = (SELECT count(*) FROM element_sets e WHERE e.norad_cat_id = objects.norad_cat_id),
                    updated_at_us = ?
                WHERE norad_cat_id \(list)
                """, [.int(nowUs)]),
            SQLStatement("""
                UPDATE objects SET
                    object_name = COALESCE((SELECT e.object_name FROM element_sets e WHERE e.id = objects.latest_element_set_id), object_name),
                    object_id = COALESCE((SELECT e.object_id FROM element_sets e WHERE e.id = objects.latest_element_set_id), object_id),
                    object_type = COALESCE((SELECT e.object_type FROM element_sets e WHERE e.id = objects.latest_element_set_id), object_type)
                WHERE norad_cat_id \(list)
                """),
        ]
    }

    // MARK: Element-set and object queries

    static func elementSets(_ q: ElementSetQuery) throws(StoreError) -> SQLStatement {
        try checkPage(limit: q.limit, offset: q.offset)
        var args: [SQLValue] = []
        var sql = "SELECT " + ElementSetCodec.selectList(alias: "e") + " FROM element_sets e"
        if q.latestOnly {
            if q.visibility.seesEveryMarking {
                sql += " JOIN objects o ON o.latest_element_set_id = e.id"
            } else {
                // the newest set the reader may see, per object (its marking condition is bound first)
                var inner: [SQLValue] = []
                let visible = q.visibility.markingCondition("v.marking", into: &inner)!
                sql += " JOIN (SELECT id FROM (SELECT v.id, ROW_NUMBER() OVER (PARTITION BY v.norad_cat_id ORDER BY v.epoch_tai_s DESC, "
                    + "v.epoch_tai_frac DESC, v.id DESC) AS rn FROM element_sets v WHERE \(visible)) ranked WHERE rn = 1) newest ON newest.id = e.id"
                args = inner + args
            }
        }
        var conditions: [String] = []
        if let c = q.catalogNumbers { conditions.append("e.norad_cat_id " + inList(c)) }
        if let t = q.epochFrom { conditions.append(compare("e.epoch", ">=", t, into: &args)) }
        if let t = q.epochBefore { conditions.append(compare("e.epoch", "<", t, into: &args)) }
        if let id = q.afterID { conditions.append("e.id > ?"); args.append(.int(id)) }
        if let m = q.visibility.markingCondition("e.marking", into: &args) { conditions.append(m) }
        if !conditions.isEmpty { sql += " WHERE " + conditions.joined(separator: " AND ") }
        switch q.order {
        case .epochAscending: sql += " ORDER BY e.epoch_tai_s ASC, e.epoch_tai_frac ASC, e.id ASC"
        case .epochDescending: sql += " ORDER BY e.epoch_tai_s DESC, e.epoch_tai_frac DESC, e.id DESC"
        case .catalogNumberAscending: sql += " ORDER BY e.norad_cat_id ASC, e.epoch_tai_s ASC, e.epoch_tai_frac ASC, e.id ASC"
        case .catalogNumberDescending: sql += " ORDER BY e.norad_cat_id DESC, e.epoch_tai_s DESC, e.epoch_tai_frac DESC, e.id DESC"
        case .idAscending: sql += " ORDER BY e.id ASC"
        case .idDescending: sql += " ORDER BY e.id DESC"
        }
        sql += " LIMIT ? OFFSET ?"
        args.append(SQLValue(q.limit)); args.append(SQLValue(q.offset))
        return SQLStatement(sql, args)
    }

    /// The newest element set of each object for each marking it has (most objects have one):
    /// the live catalog keeps them all, so that a partner sees the newest set released to it.
    static func latestElementSetsByMarking(_ catalogNumbers: Set<Int>?) -> SQLStatement {
        let filter = catalogNumbers.map { " WHERE v.norad_cat_id " + inList($0.sorted()) } ?? ""
        return SQLStatement("SELECT " + ElementSetCodec.selectList(alias: "e") + ", newest.n FROM element_sets e JOIN (SELECT id, n FROM "
                            + "(SELECT v.id, ROW_NUMBER() OVER (PARTITION BY v.norad_cat_id, v.marking ORDER BY v.epoch_tai_s DESC, "
                            + "v.epoch_tai_frac DESC, v.id DESC) AS rn, count(*) OVER (PARTITION BY v.norad_cat_id, v.marking) AS n "
                            + "FROM element_sets v\(filter)) ranked WHERE rn = 1) newest ON newest.id = e.id "
                            + "ORDER BY e.norad_cat_id, e.epoch_tai_s DESC, e.epoch_tai_frac DESC, e.id DESC")
    }

    static func latestElementSets(_ catalogNumbers: Set<Int>?) -> SQLStatement {
        var sql = "SELECT " + ElementSetCodec.selectList(alias: "e") + " FROM objects o JOIN element_sets e ON e.id = o.latest_element_set_id"
        if let c = catalogNumbers { sql += " WHERE o.norad_cat_id " + inList(c.sorted()) }
        return SQLStatement(sql + " ORDER BY o.norad_cat_id")
    }

    private static let objectColumns = """
        SELECT o.norad_cat_id, o.object_name, o.object_id, o.object_type, o.element_set_count,
               e.epoch_tai_s, e.epoch_tai_frac, e.id, e.mean_motion, e.eccentricity, e.inclination_deg
        FROM objects o JOIN element_sets e ON e.id = o.latest_element_set_id
        """

    static func object(_ n: Int) -> SQLStatement { SQLStatement(objectColumns + " WHERE o.norad_cat_id = ?", [SQLValue(n)]) }

    static func objects(_ q: ObjectQuery) throws(StoreError) -> SQLStatement {
        try checkPage(limit: q.limit, offset: q.offset)
        var args: [SQLValue] = []
        var conditions: [String] = []
        if let t = q.text?.trimmingCharacters(in: .whitespaces), !t.isEmpty {
            conditions.append("(lower(o.object_name) LIKE ? ESCAPE '\\' OR lower(o.object_id) LIKE ? ESCAPE '\\')")
            args.append(.text(likePattern(t))); args.append(.text(likePattern(t)))
        }
        if let c = q.catalogNumbers { conditions.append("o.norad_cat_id " + inList(c)) }
        if let t = q.objectType { conditions.append("upper(o.object_type) = ?"); args.append(.text(t.uppercased())) }
        var sql = objectColumns
        if !conditions.isEmpty { sql += " WHERE " + conditions.joined(separator: " AND ") }
        sql += " ORDER BY o.norad_cat_id LIMIT ? OFFSET ?"
        args.append(SQLValue(q.limit)); args.append(SQLValue(q.offset))
        return SQLStatement(sql, args)
    }

    static func decodeObject(_ row: [SQLValue]) throws(StoreError) -> CatalogObject {
        var r = RowReader(row)
        return CatalogObject(catalogNumber: try r.int(), name: try r.optionalText(), objectID: try r.optionalText(),
                             objectType: try r.optionalText(), elementSetCount: try r.int(), latestEpoch: try r.instant(),
                             latestElementSetID: try r.int64(), meanMotionRevPerDay: try r.double(), eccentricity: try r.double(),
                             inclinationDeg: try r.double())
    }

    static let counts = SQLStatement("""
        SELECT (SELECT count(*) FROM objects), (SELECT count(*) FROM element_sets), (SELECT count(*) FROM conjunction_events),
               (SELECT count(*) FROM conjunction_events WHERE status = 'active'), (SELECT count(*) FROM alerts)
        """)

    /// The counts a reader may see: only the records its visibility lets through.
    static func counts(_ v: Visibility) -> SQLStatement {
        if v == .everything { return counts }
        var args: [SQLValue] = []
        func whereClause(_ c: [String], and extra: String? = nil) -> String {
            let all = c + (extra.map { [$0] } ?? [])
            return all.isEmpty ? "" : " WHERE " + all.joined(separator: " AND ")
        }
        let setMarking = v.markingCondition("marking", into: &args).map { [$0] } ?? []
        let sets = "SELECT count(DISTINCT norad_cat_id) FROM element_sets" + whereClause(setMarking)
        let setCount = "SELECT count(*) FROM element_sets" + whereClause(v.markingCondition("marking", into: &args).map { [$0] } ?? [])
        let events = "SELECT count(*) FROM conjunction_events" + whereClause(v.conditions(marking: "marking", primary: "primary_norad",
                                                                                      secondary: "secondary_norad", into: &args))
        let active = "SELECT count(*) FROM conjunction_events" + whereClause(v.conditions(marking: "marking", primary: "primary_norad",
                                                                                      secondary: "secondary_norad", into: &args),
                                                                         and: "status = 'active'")
        let alerts = "SELECT count(*) FROM alerts" + whereClause(v.conditions(marking: "marking", primary: "primary_norad",
                                                                            secondary: "secondary_norad", into: &args))
        return SQLStatement("SELECT (\(sets)), (\(setCount)), (\(events)), (\(active)), (\(alerts))", args)
    }

    static func decodeCounts(_ row: [SQLValue]) throws(StoreError) -> StoreCounts {
        var r = RowReader(row)
        return StoreCounts(objects: try r.int(), elementSets: try r.int(), events: try r.int(), activeEvents: try r.int(), alerts: try r.int())
    }

    // MARK: Screening

    static func insertRun(_ run: ScreeningRunInput) -> SQLStatement {
        var args: [SQLValue] = []
        StoreTime.bind(run.windowStart, into: &args)
        StoreTime.bind(run.windowEnd, into: &args)
        args.append(.double(run.thresholdKm))
        args.append(SQLValue(run.screenedCatalogNumbers.map { $0.sorted().map(String.init).joined(separator: ",") }))
        args.append(.double(run.matchToleranceSeconds))
        args.append(SQLValue(run.events.count))
        args.append(.int(StoreTime.microseconds(run.completedAt)))
        return SQLStatement("""
            INSERT INTO screening_runs (window_start_tai_s, window_start_tai_frac, window_end_tai_s, window_end_tai_frac,
                threshold_km, screened_catalog_numbers, match_tolerance_s, event_count, completed_at_us)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id
            """, args)
    }

    /// Stored events of a pair whose TCA is within `tolerance` seconds (coarse on whole seconds;
    /// ``nearest(_:to:tolerance:excluding:)`` applies the exact test).
    static func candidates(primary: Int, secondary: Int, tca: Instant, toleranceSeconds: Double) -> SQLStatement {
        let s = StoreTime.parts(tca).seconds
        let margin = Int64(min(max(toleranceSeconds, 0), 1e12).rounded(.up)) + 1
        return SQLStatement("""
            SELECT id, tca_tai_s, tca_tai_frac, status, latest_assessment_id FROM conjunction_events
            WHERE primary_norad = ? AND secondary_norad = ? AND tca_tai_s >= ? AND tca_tai_s <= ?
            """, [SQLValue(primary), SQLValue(secondary), .int(s - margin), .int(s + margin)])
    }

    struct Candidate { var id: Int64; var tca: Instant; var active: Bool; var latestAssessmentID: Int64? }

    static func decodeCandidate(_ row: [SQLValue]) throws(StoreError) -> Candidate {
        var r = RowReader(row)
        return Candidate(id: try r.int64(), tca: try r.instant(), active: try r.text() == "active", latestAssessmentID: try r.optionalInt64())
    }

    /// The stored event an input matches: the one with the closest TCA within tolerance, not
    /// already matched by this run (each event gets at most one assessment per run).
    static func nearest(_ candidates: [Candidate], to tca: Instant, tolerance: Double, excluding matched: Set<Int64>) -> Candidate? {
        candidates.filter { !matched.contains($0.id) && abs($0.tca.secondsSince(tca)) <= tolerance }
            .min { a, b in
                let da = abs(a.tca.secondsSince(tca)), db = abs(b.tca.secondsSince(tca))
                return da != db ? da < db : a.id < b.id
            }
    }

    static func insertEvent(_ e: ConjunctionEventInput, runID: Int64, nowUs: Int64) -> SQLStatement {
        var args: [SQLValue] = [SQLValue(e.primary), SQLValue(e.secondary), .int(nowUs), .int(runID)]
        StoreTime.bind(e.tca, into: &args)
        args += [.int(StoreTime.unixMicroseconds(e.tca)), .double(e.missDistanceKm), .double(e.relativeSpeedKmPerS),
                 SQLValue(e.pc), SQLValue(e.pcMethod), .int(nowUs), .text(e.marking.description)]
        return SQLStatement("""
            INSERT INTO conjunction_events (primary_norad, secondary_norad, status, first_seen_at_us, first_run_id, assessment_count,
                tca_tai_s, tca_tai_frac, tca_unix_us, miss_km, relative_speed_km_s, pc, pc_method, updated_at_us, marking)
            VALUES (?, ?, 'active', ?, ?, 0, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id
            """, args)
    }

    static func insertAssessment(_ e: ConjunctionEventInput, eventID: Int64, runID: Int64, assessedAtUs: Int64) -> SQLStatement {
        var args: [SQLValue] = [.int(eventID), .int(runID), .int(assessedAtUs)]
        StoreTime.bind(e.tca, into: &args)
        args += [.int(StoreTime.unixMicroseconds(e.tca)), .double(e.missDistanceKm), .double(e.relativeSpeedKmPerS),
                 .double(e.missRTNKm.x), .double(e.missRTNKm.y), .double(e.missRTNKm.z), SQLValue(e.pc), SQLValue(e.pcMethod),
                 .int(e.primaryElementSetID), .int(e.secondaryElementSetID), SQLValue(e.cdmKVN), .text(e.marking.description)]
        return SQLStatement("""
            INSERT INTO event_assessments (event_id, run_id, assessed_at_us, tca_tai_s, tca_tai_frac, tca_unix_us, miss_km,
                relative_speed_km_s, miss_r_km, miss_t_km, miss_n_km, pc, pc_method, primary_element_set_id,
                secondary_element_set_id, cdm_kvn, marking)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id
            """, args)
    }

    /// Makes the assessment the event's current values (and the event active again).
    static func updateEvent(_ eventID: Int64, assessmentID: Int64, _ e: ConjunctionEventInput, nowUs: Int64) -> SQLStatement {
        var args: [SQLValue] = [.int(assessmentID)]
        StoreTime.bind(e.tca, into: &args)
        args += [.int(StoreTime.unixMicroseconds(e.tca)), .double(e.missDistanceKm), .double(e.relativeSpeedKmPerS),
                 SQLValue(e.pc), SQLValue(e.pcMethod), .int(nowUs), .text(e.marking.description), .int(eventID)]
        return SQLStatement("""
            UPDATE conjunction_events SET status = 'active', cleared_at_us = NULL, latest_assessment_id = ?,
                assessment_count = assessment_count + 1, tca_tai_s = ?, tca_tai_frac = ?, tca_unix_us = ?, miss_km = ?,
                relative_speed_km_s = ?, pc = ?, pc_method = ?, updated_at_us = ?, marking = ?
            WHERE id = ?
            """, args)
    }

    static let assessmentColumns = """
        a.run_id, a.assessed_at_us, a.tca_tai_s, a.tca_tai_frac, a.miss_km, a.relative_speed_km_s, a.miss_r_km, a.miss_t_km,
        a.miss_n_km, a.pc, a.pc_method, a.primary_element_set_id, a.secondary_element_set_id, a.marking
        """

    static func assessment(id: Int64) -> SQLStatement {
        SQLStatement("SELECT \(assessmentColumns) FROM event_assessments a WHERE a.id = ?", [.int(id)])
    }

    /// An event's assessments the reader may see (each carries its own marking), oldest first; none
    /// when the event itself is not visible.
    static func assessments(eventID: Int64, _ v: Visibility) -> SQLStatement {
        var args: [SQLValue] = [.int(eventID)]
        var c = ["a.event_id = ?"]
        if let m = v.markingCondition("a.marking", into: &args) { c.append(m) }
        var ev: [String] = []
        if let m = v.markingCondition("e.marking", into: &args) { ev.append(m) }
        if let o = v.objectCondition("e.primary_norad", "e.secondary_norad") { ev.append(o) }
        if !ev.isEmpty { c.append("EXISTS (SELECT 1 FROM conjunction_events e WHERE e.id = a.event_id AND " + ev.joined(separator: " AND ") + ")") }
        return SQLStatement("SELECT \(assessmentColumns) FROM event_assessments a WHERE " + c.joined(separator: " AND ")
                            + " ORDER BY a.run_id ASC, a.id ASC", args)
    }

    static func decodeAssessment(_ r: inout RowReader) throws(StoreError) -> EventAssessment {
        EventAssessment(runID: try r.int64(), assessedAt: try r.date(), tca: try r.instant(), missDistanceKm: try r.double(),
                        relativeSpeedKmPerS: try r.double(), missRTNKm: SIMD3(try r.double(), try r.double(), try r.double()),
                        pc: try r.optionalDouble(), pcMethod: try r.optionalText(), primaryElementSetID: try r.int64(),
                        secondaryElementSetID: try r.int64(), marking: try Releasability.stored(try r.text(), "assessment"))
    }

    static func decodeAssessment(_ row: [SQLValue]) throws(StoreError) -> EventAssessment {
        var r = RowReader(row)
        return try decodeAssessment(&r)
    }

    /// The assessment as it reads back from the store (timestamps at microseconds).
    static func assessment(_ e: ConjunctionEventInput, runID: Int64, assessedAtUs: Int64) -> EventAssessment {
        EventAssessment(runID: runID, assessedAt: StoreTime.date(microseconds: assessedAtUs), tca: e.tca, missDistanceKm: e.missDistanceKm,
                        relativeSpeedKmPerS: e.relativeSpeedKmPerS, missRTNKm: e.missRTNKm, pc: e.pc, pcMethod: e.pcMethod,
                        primaryElementSetID: e.primaryElementSetID, secondaryElementSetID: e.secondaryElementSetID, marking: e.marking)
    }

    /// Active events with a TCA inside the window (the clearing candidates).
    static func activeInWindow(_ run: ScreeningRunInput) -> SQLStatement {
        var args: [SQLValue] = []
        let from = compare("tca", ">=", run.windowStart, into: &args)
        let to = compare("tca", "<=", run.windowEnd, into: &args)
        return SQLStatement("SELECT id, primary_norad, secondary_norad FROM conjunction_events WHERE status = 'active' AND \(from) AND \(to)", args)
    }

    static func clear(_ ids: [Int64], nowUs: Int64) -> SQLStatement {
        SQLStatement("UPDATE conjunction_events SET status = 'cleared', cleared_at_us = ?, updated_at_us = ? WHERE id "
                     + inList(ids.map { Int($0) }), [.int(nowUs), .int(nowUs)])
    }

    /// Which clearing candidates to clear: not found again, and involving a screened object.
    static func toClear(_ rows: [[SQLValue]], matched: Set<Int64>, screened: Set<Int>?) throws(StoreError) -> [Int64] {
        var out: [Int64] = []
        for row in rows {
            var r = RowReader(row)
            let id = try r.int64(), p = try r.int(), s = try r.int()
            if matched.contains(id) { continue }
            if let screened, !screened.contains(p), !screened.contains(s) { continue }
            out.append(id)
        }
        return out.sorted()
    }

    private static let eventSelect = """
        SELECT e.id, e.primary_norad, e.secondary_norad, e.status, e.first_seen_at_us, e.assessment_count, \(assessmentColumns)
        FROM conjunction_events e JOIN event_assessments a ON a.id = e.latest_assessment_id
        """

    static func events(_ q: EventQuery) throws(StoreError) -> SQLStatement {
        try checkPage(limit: q.limit, offset: q.offset)
        var args: [SQLValue] = []
        var c: [String] = []
        if let n = q.catalogNumber { c.append("(e.primary_norad = ? OR e.secondary_norad = ?)"); args += [SQLValue(n), SQLValue(n)] }
        if let n = q.primary { c.append("e.primary_norad = ?"); args.append(SQLValue(n)) }
        if let p = q.minimumPc { c.append("e.pc >= ?"); args.append(.double(p)) }
        if let m = q.maximumMissKm { c.append("e.miss_km <= ?"); args.append(.double(m)) }
        if let t = q.tcaFrom { c.append(compare("e.tca", ">=", t, into: &args)) }
        if let t = q.tcaBefore { c.append(compare("e.tca", "<", t, into: &args)) }
        if let s = q.status { c.append("e.status = ?"); args.append(.text(s.rawValue)) }
        c += q.visibility.conditions(marking: "e.marking", primary: "e.primary_norad", secondary: "e.secondary_norad", into: &args)
        var sql = eventSelect
        if !c.isEmpty { sql += " WHERE " + c.joined(separator: " AND ") }
        sql += " ORDER BY (e.pc IS NULL), e.pc DESC, e.miss_km ASC, e.id ASC LIMIT ? OFFSET ?"
        args.append(SQLValue(q.limit)); args.append(SQLValue(q.offset))
        return SQLStatement(sql, args)
    }

    static func event(id: Int64, _ v: Visibility) -> SQLStatement {
        var args: [SQLValue] = [.int(id)]
        let c = ["e.id = ?"] + v.conditions(marking: "e.marking", primary: "e.primary_norad", secondary: "e.secondary_norad", into: &args)
        return SQLStatement(eventSelect + " WHERE " + c.joined(separator: " AND "), args)
    }

    static func decodeEvent(_ row: [SQLValue]) throws(StoreError) -> StoredConjunctionEvent {
        var r = RowReader(row)
        let id = try r.int64(), p = try r.int(), s = try r.int()
        let statusText = try r.text()
        guard let status = EventStatus(rawValue: statusText) else { throw StoreError(.decoding, "event \(id): status '\(statusText)'") }
        let first = try r.date()
        let count = try r.int()
        return StoredConjunctionEvent(id: id, primary: p, secondary: s, status: status, firstSeenAt: first,
                                      latest: try decodeAssessment(&r), assessmentCount: count)
    }

    static func cdm(eventID: Int64, _ v: Visibility) -> SQLStatement {
        var args: [SQLValue] = [.int(eventID)]
        let c = ["e.id = ?"] + v.conditions(marking: "e.marking", primary: "e.primary_norad", secondary: "e.secondary_norad", into: &args)
        return SQLStatement("SELECT a.cdm_kvn FROM conjunction_events e JOIN event_assessments a ON a.id = e.latest_assessment_id WHERE "
                            + c.joined(separator: " AND "), args)
    }

    // MARK: Alerts

    static func insertAlert(_ a: NewAlert) -> SQLStatement {
        let rank: Int = switch a.severity { case .info: 0; case .warning: 1; case .critical: 2 }
        var args: [SQLValue] = [.text(a.kind), .text(a.severity.rawValue), SQLValue(rank), SQLValue(a.eventID),
                                SQLValue(a.primary.map(Int64.init)), SQLValue(a.secondary.map(Int64.init))]
        if let t = a.tca { StoreTime.bind(t, into: &args) } else { args += [.null, .null] }
        args += [SQLValue(a.missDistanceKm), SQLValue(a.pc), .text(a.message), .int(StoreTime.microseconds(a.createdAt)),
                 .text(a.marking.description)]
        return SQLStatement("""
            INSERT INTO alerts (kind, severity, severity_rank, event_id, primary_norad, secondary_norad, tca_tai_s, tca_tai_frac,
                miss_km, pc, message, created_at_us, marking)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id
            """, args)
    }

    static func alerts(_ q: AlertQuery) throws(StoreError) -> SQLStatement {
        try checkPage(limit: q.limit, offset: q.offset)
        var args: [SQLValue] = []
        var c: [String] = []
        if let id = q.afterID { c.append("id > ?"); args.append(.int(id)) }
        if let s = q.minimumSeverity {
            c.append("severity_rank >= ?")
            args.append(SQLValue(AlertSeverity.allCases.firstIndex(of: s)!))
        }
        if let n = q.catalogNumber { c.append("(primary_norad = ? OR secondary_norad = ?)"); args += [SQLValue(n), SQLValue(n)] }
        c += q.visibility.conditions(marking: "marking", primary: "primary_norad", secondary: "secondary_norad", into: &args)
        var sql = """
            SELECT id, kind, severity, event_id, primary_norad, secondary_norad, tca_tai_s, tca_tai_frac, miss_km, pc, message,
                created_at_us, marking FROM alerts
            """
        if !c.isEmpty { sql += " WHERE " + c.joined(separator: " AND ") }
        switch q.order {
        case .newest: sql += " ORDER BY id DESC"
        case .rank: sql += " ORDER BY (pc IS NULL), pc DESC, (miss_km IS NULL), miss_km ASC, id DESC"
        }
        sql += " LIMIT ? OFFSET ?"
        args.append(SQLValue(q.limit)); args.append(SQLValue(q.offset))
        return SQLStatement(sql, args)
    }

    static func decodeAlert(_ row: [SQLValue]) throws(StoreError) -> StoredAlert {
        var r = RowReader(row)
        let id = try r.int64()
        let kind = try r.text()
        let sev = try r.text()
        guard let severity = AlertSeverity(rawValue: sev) else { throw StoreError(.decoding, "alert \(id): severity '\(sev)'") }
        let alert = NewAlert(kind: kind, severity: severity, eventID: try r.optionalInt64(), primary: try r.optionalInt(),
                             secondary: try r.optionalInt(), tca: try r.optionalInstant(), missDistanceKm: try r.optionalDouble(),
                             pc: try r.optionalDouble(), message: try r.text(), createdAt: try r.date(),
                             marking: try Releasability.stored(try r.text(), "alert \(id)"))
        return StoredAlert(id: id, alert: alert)
    }

    // MARK: Migrations

    static let createMigrationsTable = """
        CREATE TABLE IF NOT EXISTS schema_migrations (
            id TEXT PRIMARY KEY,
            checksum TEXT NOT NULL,
            applied_at TEXT NOT NULL
        )
        """
    static let appliedMigrations = SQLStatement("SELECT id, checksum FROM schema_migrations ORDER BY id")

    static func recordMigration(_ m: Migration, _ dialect: SQLDialect) -> SQLStatement {
        let stamp = ISO8601DateFormatter().string(from: Date())
        return SQLStatement("INSERT INTO schema_migrations (id, checksum, applied_at) VALUES (?, ?, ?)",
                            [.text(m.id), .text(m.checksum(dialect)), .text(stamp)])
    }

    /// Which migrations to apply, after checking the applied ones against the program's.
    static func pending(applied rows: [[SQLValue]], dialect: SQLDialect) throws(StoreError) -> [Migration] {
        var applied: [String: String] = [:]
        for row in rows {
            var r = RowReader(row)
            applied[try r.text()] = try r.text()
        }
        let known = Dictionary(uniqueKeysWithValues: Migration.all.map { ($0.id, $0) })
        for (id, checksum) in applied {
            guard let m = known[id] else {
                throw StoreError(.migration, "the database has migration \(id), which this program does not know: the schema is newer than this program")
            }
            guard m.checksum(dialect) == checksum else {
                throw StoreError(.migration, "migration \(id) was applied with checksum \(checksum) but this program's differs: a shipped migration was edited (add a new migration instead)")
            }
        }
        return Migration.all.filter { applied[$0.id] == nil }
    }
}
