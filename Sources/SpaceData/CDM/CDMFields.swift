/// Conversion between ``CDMRecord`` (keywords as read) and ``ConjunctionDataMessage``, shared by the
/// KVN and XML readers: every mandatory keyword checked, values and units checked, comments and
/// extra keywords kept with their block.
public enum CDMFields {
    typealias Block = CDMKeywords.Block
    typealias CDM = ConjunctionDataMessage

    /// What one block collected while walking the fields.
    struct Collected {
        var values: [String: CDMRecord.Field] = [:]
        var comments: [String] = []
        var extras: [CDMField] = []
        var firstLine: Int?
    }

    /// RTN covariance keywords that the CDM 2.0 XYZ covariance reuses (`CDRG_DRG`, ...): after an
    /// XYZ term in a segment they belong to the XYZ covariance.
    static let sharedCovarianceKeys: Set<String> = ["CDRG_DRG", "CSRP_DRG", "CSRP_SRP", "CTHR_DRG", "CTHR_SRP", "CTHR_THR"]

    /// Interprets a record; returns `nil` and the errors when a mandatory keyword is missing or a
    /// value is bad. Warnings (unknown keywords, differing frames) come with a message.
    public static func message(from record: CDMRecord, file: String? = nil, context: String? = nil,
                               options: CDMReadOptions = .init()) -> (ConjunctionDataMessage?, [ParseError]) {
        var issues: [ParseError] = []
        func issue(_ code: ParseError.Code, _ msg: String, _ key: String?, _ line: Int?, _ value: String? = nil,
                   severity: ParseError.Severity = .error) {
            issues.append(ParseError(code, msg, severity: severity, file: file, line: line, context: context,
                                     field: key, value: value))
        }

        /// Sorts fields into blocks: known keywords by the tables, others to the block they sit in.
        func collect(_ fields: [CDMRecord.Field], allowed: Set<Block>, start: Block) -> [Block: Collected] {
            var out: [Block: Collected] = [:]
            var current = start
            var pending: [String] = []
            var inXYZ = false
            for f in fields {
                if f.key == "COMMENT" { pending.append(f.value ?? ""); continue }
                if let spec = CDMKeywords.specs[f.key], !(inXYZ && sharedCovarianceKeys.contains(f.key)) {
                    guard allowed.contains(spec.block) else {
                        let place = allowed.contains(.metadata) ? "inside an object segment" : "before the first OBJECT"
                        issue(.badKVN, "\(f.key) belongs to \(spec.block.words) and cannot appear \(place)", f.key, f.line)
                        continue
                    }
                    current = spec.block
                    out[current, default: .init()].comments += pending
                    pending = []
                    if let first = out[current]?.values[f.key] {
                        issue(.badKVN, "\(f.key) appears twice (first at line \(first.line.map(String.init) ?? "?"))",
                              f.key, f.line, f.value)
                        continue
                    }
                    out[current]!.values[f.key] = f
                    if out[current]!.firstLine == nil { out[current]!.firstLine = f.line }
                    continue
                }
                // An extra field.
                var block = current
                var section: String? = nil
                if let b = CDMKeywords.draft2[f.key], allowed.contains(b) {
                    block = b
                    current = b
                    if b == .covarianceMatrix { inXYZ = true }
                } else if let s = f.section, let b = Block.forXMLElement(s), allowed.contains(b) {
                    block = b
                } else if f.key.hasPrefix("USER_DEFINED_") {
                    section = "userDefinedParameters"
                } else if !CDMKeywords.isKnown(f.key) && f.section != "userDefinedParameters" {
                    issue(.unknownKeyword, options.unknownKeywords == .warning
                          ? "\(f.key) is not a CDM keyword (kept as an extra field of \(block.words))"
                          : "\(f.key) is not a CDM keyword", f.key, f.line, f.value, severity: options.unknownKeywords)
                }
                section = f.section ?? section ?? block.xmlElement
                out[block, default: .init()].extras += pending.map { CDMField(key: "COMMENT", value: $0, section: section) }
                pending = []
                out[block]!.extras.append(CDMField(key: f.key, value: f.value ?? "", unit: f.unit, section: section))
                if out[block]!.firstLine == nil { out[block]!.firstLine = f.line }
            }
            if !pending.isEmpty {
                out[current, default: .init()].extras += pending.map {
                    CDMField(key: "COMMENT", value: $0, section: current.xmlElement)
                }
            }
            return out
        }

        /// Typed access to one block's values, reporting problems.
        struct Reader {
            let block: Block
            let c: Collected
            let fallbackLine: Int?
            let leapSeconds: LeapSecondTable
            var report: (ParseError.Code, String, String, Int?, String?) -> Void

            var line: Int? { c.firstLine ?? fallbackLine }

            func present(_ key: String) -> Bool { !(c.values[key]?.value ?? "").isEmpty }
            func raw(_ key: String, required: Bool = false) -> CDMRecord.Field? {
                guard let f = c.values[key] else { return nil }
                if let u = f.unit, !u.isEmpty, let expected = CDMKeywords.specs[key]?.unit, !CDMKeywords.sameUnit(u, expected) {
                    report(.badUnit, "unit [\(u)] differs from [\(expected)], the unit 508.0-B-1 fixes for \(key)",
                           key, f.line, u)
                }
                guard let v = f.value, !v.isEmpty else {
                    if required || CDMKeywords.specs[key]?.mandatory == true {
                        report(.missingField, "mandatory \(key) has no value", key, f.line, nil)
                    }
                    return nil
                }
                return f
            }
            func missing(_ key: String) {
                report(.missingField, "mandatory \(key) is missing from \(block.words)", key, line, nil)
            }
            func text(_ key: String) -> String? { raw(key)?.value }
            func requiredText(_ key: String) -> String? {
                if c.values[key] == nil { missing(key); return nil }
                return text(key)
            }
            func number(_ key: String, required: Bool = false) -> Double? {
                guard let f = raw(key, required: required), let t = f.value else { return nil }
                guard let v = OMMFields.parseNumber(t) else {
                    report(.badNumber, "'\(t)' is not a number", key, f.line, t)
                    return nil
                }
                return v
            }
            func requiredNumber(_ key: String) -> Double? {
                if c.values[key] == nil { missing(key); return nil }
                return number(key, required: true)
            }
            func integer(_ key: String) -> Int? {
                guard let f = raw(key), let t = f.value else { return nil }
                guard let v = Int(t.hasPrefix("+") ? String(t.dropFirst()) : t), Int32(exactly: v) != nil else {
                    report(.badNumber, "'\(t)' is not an integer", key, f.line, t)
                    return nil
                }
                return v
            }
            func time(_ key: String) -> Instant? {
                guard let f = raw(key), let t = f.value else { return nil }
                do { return try Instant(utc: t, leapSeconds: leapSeconds) } catch {
                    report(.badEpoch, "'\(t)' is not a CCSDS time (yyyy-mm-ddThh:mm:ss[.d…] or yyyy-dddThh:mm:ss[.d…])",
                           key, f.line, t)
                    return nil
                }
            }
            func requiredTime(_ key: String) -> Instant? {
                if c.values[key] == nil { missing(key); return nil }
                return time(key)
            }
        }
        func reader(_ blocks: [Block: Collected], _ b: Block, _ fallback: Int?) -> Reader {
            Reader(block: b, c: blocks[b] ?? .init(), fallbackLine: fallback, leapSeconds: options.leapSeconds) {
                issue($0, $1, $2, $3, $4)
            }
        }

        // Header and relative metadata.
        let top = collect(record.fields, allowed: Block.messageBlocks, start: .header)
        let h = reader(top, .header, record.line)
        let version = h.requiredText("CCSDS_CDM_VERS"), created = h.requiredTime("CREATION_DATE")
        let originator = h.requiredText("ORIGINATOR"), messageID = h.requiredText("MESSAGE_ID")
        let rl = reader(top, .relativeMetadata, top[.relativeMetadata]?.firstLine ?? record.line)
        let tca = rl.requiredTime("TCA"), miss = rl.requiredNumber("MISS_DISTANCE")
        var rel: CDM.RelativeMetadata? = nil
        if let tca, let miss {
            var r = CDM.RelativeMetadata(tca: tca, missDistanceMeters: miss)
            r.comments = rl.c.comments
            r.extraFields = rl.c.extras
            r.relativeSpeedMetersPerSecond = rl.number("RELATIVE_SPEED")
            r.relativePositionRMeters = rl.number("RELATIVE_POSITION_R")
            r.relativePositionTMeters = rl.number("RELATIVE_POSITION_T")
            r.relativePositionNMeters = rl.number("RELATIVE_POSITION_N")
            r.relativeVelocityRMetersPerSecond = rl.number("RELATIVE_VELOCITY_R")
            r.relativeVelocityTMetersPerSecond = rl.number("RELATIVE_VELOCITY_T")
            r.relativeVelocityNMetersPerSecond = rl.number("RELATIVE_VELOCITY_N")
            r.startScreenPeriod = rl.time("START_SCREEN_PERIOD")
            r.stopScreenPeriod = rl.time("STOP_SCREEN_PERIOD")
            r.screenVolumeFrame = rl.text("SCREEN_VOLUME_FRAME")
            r.screenVolumeShape = rl.text("SCREEN_VOLUME_SHAPE")
            r.screenVolumeXMeters = rl.number("SCREEN_VOLUME_X")
            r.screenVolumeYMeters = rl.number("SCREEN_VOLUME_Y")
            r.screenVolumeZMeters = rl.number("SCREEN_VOLUME_Z")
            r.screenEntryTime = rl.time("SCREEN_ENTRY_TIME")
            r.screenExitTime = rl.time("SCREEN_EXIT_TIME")
            r.collisionProbability = rl.number("COLLISION_PROBABILITY")
            if let p = r.collisionProbability, !(0...1).contains(p) {
                issue(.outOfRange, "collision probability \(p) is outside [0, 1]", "COLLISION_PROBABILITY",
                      rl.c.values["COLLISION_PROBABILITY"]?.line)
            }
            r.collisionProbabilityMethod = rl.text("COLLISION_PROBABILITY_METHOD")
            rel = r
        } else {
            // Read the optional values anyway, so that their problems are reported too.
            for k in CDMKeywords.relativeMetadata { _ = rl.raw(k) }
        }

        // Object segments.
        var segments: [CDMObjectID: CDM.ObjectSegment] = [:]
        var order: [CDMObjectID] = []
        for seg in record.segments {
            var blocks = collect(seg.fields, allowed: Block.segmentBlocks, start: .metadata)
            // Comments of an optional block that holds no value cannot be placed in KVN: they go with
            // the next block, as a KVN reader would put them.
            var carried: [String] = []
            for b in [Block.odParameters, .additionalParameters, .stateVector, .covarianceMatrix] {
                guard var c = blocks[b] else { continue }
                c.comments = carried + c.comments
                carried = []
                let hasValue = c.values.values.contains { !($0.value ?? "").isEmpty } || !c.extras.isEmpty
                if !hasValue && b != .covarianceMatrix && b != .stateVector { carried = c.comments; c.comments = [] }
                blocks[b] = c
            }
            if !carried.isEmpty { blocks[.stateVector, default: .init()].comments.insert(contentsOf: carried, at: 0) }
            let m = reader(blocks, .metadata, seg.line)
            var objectID: CDMObjectID? = nil
            if let o = m.requiredText("OBJECT") {
                objectID = CDMObjectID(rawValue: o)
                if objectID == nil {
                    issue(.badKVN, "OBJECT is '\(o)'; it must be OBJECT1 or OBJECT2", "OBJECT",
                          blocks[.metadata]?.values["OBJECT"]?.line, o)
                } else if segments[objectID!] != nil || order.contains(objectID!) {
                    issue(.badKVN, "a second \(o) segment", "OBJECT", blocks[.metadata]?.values["OBJECT"]?.line, o)
                    objectID = nil
                }
            }
            if let objectID { order.append(objectID) }
            let designator = m.requiredText("OBJECT_DESIGNATOR"), catalog = m.requiredText("CATALOG_NAME")
            let name = m.requiredText("OBJECT_NAME"), intl = m.requiredText("INTERNATIONAL_DESIGNATOR")
            let ephemeris = m.requiredText("EPHEMERIS_NAME"), covMethod = m.requiredText("COVARIANCE_METHOD")
            let maneuverable = m.requiredText("MANEUVERABLE"), frame = m.requiredText("REF_FRAME")
            var metadata: CDM.ObjectMetadata? = nil
            if let objectID, let designator, let catalog, let name, let intl, let ephemeris, let covMethod,
               let maneuverable, let frame {
                var md = CDM.ObjectMetadata(object: objectID, objectDesignator: designator, catalogName: catalog,
                                            objectName: name, internationalDesignator: intl, ephemerisName: ephemeris,
                                            covarianceMethod: covMethod, maneuverable: maneuverable,
                                            referenceFrame: frame)
                md.comments = m.c.comments
                md.extraFields = m.c.extras
                md.objectType = m.text("OBJECT_TYPE")
                md.operatorContactPosition = m.text("OPERATOR_CONTACT_POSITION")
                md.operatorOrganization = m.text("OPERATOR_ORGANIZATION")
                md.operatorPhone = m.text("OPERATOR_PHONE")
                md.operatorEmail = m.text("OPERATOR_EMAIL")
                md.orbitCenter = m.text("ORBIT_CENTER")
                md.gravityModel = m.text("GRAVITY_MODEL")
                md.atmosphericModel = m.text("ATMOSPHERIC_MODEL")
                md.nBodyPerturbations = m.text("N_BODY_PERTURBATIONS")
                md.solarRadiationPressure = m.text("SOLAR_RAD_PRESSURE")
                md.earthTides = m.text("EARTH_TIDES")
                md.intrackThrust = m.text("INTRACK_THRUST")
                metadata = md
            }
            let segLine = blocks[.metadata]?.values["OBJECT"]?.line ?? seg.line
            let od = reader(blocks, .odParameters, segLine)
            var odp = CDM.ODParameters()
            odp.comments = od.c.comments
            odp.extraFields = od.c.extras
            odp.timeLastObservationStart = od.time("TIME_LASTOB_START")
            odp.timeLastObservationEnd = od.time("TIME_LASTOB_END")
            odp.recommendedODSpanDays = od.number("RECOMMENDED_OD_SPAN")
            odp.actualODSpanDays = od.number("ACTUAL_OD_SPAN")
            odp.observationsAvailable = od.integer("OBS_AVAILABLE")
            odp.observationsUsed = od.integer("OBS_USED")
            odp.tracksAvailable = od.integer("TRACKS_AVAILABLE")
            odp.tracksUsed = od.integer("TRACKS_USED")
            odp.residualsAcceptedPercent = od.number("RESIDUALS_ACCEPTED")
            odp.weightedRMS = od.number("WEIGHTED_RMS")
            let ad = reader(blocks, .additionalParameters, segLine)
            var add = CDM.AdditionalParameters()
            add.comments = ad.c.comments
            add.extraFields = ad.c.extras
            add.areaPCSquareMeters = ad.number("AREA_PC")
            add.areaDragSquareMeters = ad.number("AREA_DRG")
            add.areaSRPSquareMeters = ad.number("AREA_SRP")
            add.massKg = ad.number("MASS")
            add.cdAreaOverMassSquareMetersPerKg = ad.number("CD_AREA_OVER_MASS")
            add.crAreaOverMassSquareMetersPerKg = ad.number("CR_AREA_OVER_MASS")
            add.thrustAccelerationMetersPerSecondSquared = ad.number("THRUST_ACCELERATION")
            add.sedrWattsPerKg = ad.number("SEDR")
            add.hardBodyRadiusMeters = ad.number("HBR")

            let sv = reader(blocks, .stateVector, segLine)
            var state: CDM.StateVector? = nil
            if blocks[.stateVector]?.values.isEmpty ?? true {
                issue(.missingField, "the state vector (X, Y, Z, X_DOT, Y_DOT, Z_DOT) is missing", "X", segLine)
            } else {
                let v = CDMKeywords.stateVector.map { sv.requiredNumber($0) }
                if v.allSatisfy({ $0 != nil }) {
                    var s = CDM.StateVector(positionKm: SIMD3(v[0]!, v[1]!, v[2]!), velocityKmPerS: SIMD3(v[3]!, v[4]!, v[5]!))
                    s.comments = sv.c.comments
                    s.extraFields = sv.c.extras
                    state = s
                }
            }

            let cv = reader(blocks, .covarianceMatrix, segLine)
            var covariance: CDM.RTNCovariance? = nil
            let keys = CDM.RTNCovariance.keywords
            if !keys.prefix(21).contains(where: { blocks[.covarianceMatrix]?.values[$0] != nil }) {
                issue(.missingField, "the RTN covariance (CR_R … CNDOT_NDOT) is missing", "CR_R", cv.line)
            } else {
                // Rows 7-9 are optional; the size is set by the last row with any term given.
                var rows = 6
                for r in 6..<9 where keys[(r * (r + 1) / 2)..<((r + 1) * (r + 2) / 2)].contains(where: cv.present) {
                    rows = r + 1
                }
                let terms = keys.prefix(rows * (rows + 1) / 2).map { cv.requiredNumber($0) }
                if terms.allSatisfy({ $0 != nil }) {
                    covariance = CDM.RTNCovariance(lowerTriangle: terms.map { $0! })
                    covariance?.comments = cv.c.comments
                    covariance?.extraFields = cv.c.extras
                }
            }
            if let objectID, let metadata, let state, let covariance {
                segments[objectID] = CDM.ObjectSegment(metadata: metadata, odParameters: odp, additionalParameters: add,
                                                       stateVector: state, covariance: covariance)
            }
        }
        for id in CDMObjectID.allCases where !order.contains(id) {
            issue(.missingField, "the \(id.rawValue) segment is missing", "OBJECT",
                  record.segments.last?.line ?? record.line)
        }
        if order == [.object2, .object1] {
            issue(.badKVN, "OBJECT2 comes before OBJECT1", "OBJECT", record.segments.first?.line, severity: .warning)
        }
        if let a = segments[.object1]?.metadata.referenceFrame, let b = segments[.object2]?.metadata.referenceFrame, a != b {
            issue(.badKVN, "REF_FRAME differs between the objects (\(a), \(b)); 508.0-B-1 requires the same frame",
                  "REF_FRAME", record.segments.last?.line, severity: .warning)
        }
        guard !issues.contains(where: { $0.severity == .error }), let version, let created, let originator,
              let messageID, let rel, let o1 = segments[.object1], let o2 = segments[.object2]
        else { return (nil, issues) }
        var header = CDM.Header(version: version, creationDate: created, originator: originator,
                                messageFor: h.text("MESSAGE_FOR"), messageID: messageID)
        header.comments = h.c.comments
        header.extraFields = h.c.extras
        return (CDM(header: header, relativeMetadata: rel, object1: o1, object2: o2), issues)
    }

    /// Turns records into a report (shared by the per-format readers).
    static func report(records: [CDMRecord], issues: [ParseError], file: String?,
                       options: CDMReadOptions) -> ReadReport<ConjunctionDataMessage> {
        var report = ReadReport<ConjunctionDataMessage>(noun: "conjunction data messages")
        for e in issues { report.add(e.inFile(file)) }
        for (k, r) in records.enumerated() {
            let (m, errs) = message(from: r, file: file, context: records.count > 1 ? "CDM \(k + 1)" : nil,
                                    options: options)
            for e in errs { report.add(e) }
            if let m { report.records.append(m) }
        }
        return report
    }
}
