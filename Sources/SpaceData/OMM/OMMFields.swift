import Foundation

/// One OMM as its keywords and values, in file order, before interpretation: what the KVN, XML, JSON
/// and CSV readers produce and their writers consume. ``OMMFields`` converts to and from
/// ``ElementSet``.
public struct OMMRecord: Sendable, Hashable {
    /// One keyword and its value (`nil` for a JSON `null`), with the 1-based line it was read from.
    public struct Field: Sendable, Hashable {
        public var key: String
        public var value: String?
        public var line: Int?
        public init(key: String, value: String?, line: Int? = nil) { self.key = key; self.value = value; self.line = line }
    }
    /// The fields in file order (`COMMENT` included).
    public var fields: [Field]
    /// The line where the record starts, if known.
    public var line: Int?
    public init(fields: [Field] = [], line: Int? = nil) { self.fields = fields; self.line = line }
}

/// The OMM keywords of an element set, and conversion between ``OMMRecord`` and ``ElementSet``
/// (CCSDS 502.0-B-3 §4; CelesTrak and Space-Track use the same keywords).
public enum OMMFields {
    /// Header keywords that map to ``ElementSet`` properties, in the order the writers emit them.
    public static let header = ["CCSDS_OMM_VERS", "CREATION_DATE", "ORIGINATOR"]
    /// OMM metadata keywords, in order.
    public static let metadata = ["OBJECT_NAME", "OBJECT_ID", "CENTER_NAME", "REF_FRAME", "TIME_SYSTEM", "MEAN_ELEMENT_THEORY"]
    /// OMM mean-element keywords, in order.
    public static let meanElements = ["EPOCH", "MEAN_MOTION", "ECCENTRICITY", "INCLINATION", "RA_OF_ASC_NODE",
                                      "ARG_OF_PERICENTER", "MEAN_ANOMALY"]
    /// OMM TLE-parameter keywords, in order.
    public static let tleParameters = ["EPHEMERIS_TYPE", "CLASSIFICATION_TYPE", "NORAD_CAT_ID", "ELEMENT_SET_NO",
                                       "REV_AT_EPOCH", "BSTAR", "MEAN_MOTION_DOT", "MEAN_MOTION_DDOT"]
    /// CelesTrak's column set (CSV header, JSON members), in its order.
    public static let celestrak = ["OBJECT_NAME", "OBJECT_ID", "EPOCH", "MEAN_MOTION", "ECCENTRICITY", "INCLINATION",
                                   "RA_OF_ASC_NODE", "ARG_OF_PERICENTER", "MEAN_ANOMALY", "EPHEMERIS_TYPE",
                                   "CLASSIFICATION_TYPE", "NORAD_CAT_ID", "ELEMENT_SET_NO", "REV_AT_EPOCH", "BSTAR",
                                   "MEAN_MOTION_DOT", "MEAN_MOTION_DDOT"]

    /// Other CCSDS OMM keywords (kept in ``ElementSet/extraFields`` when read), by XML section.
    public static let otherCCSDS: [String: String] = {
        var m: [String: String] = ["MESSAGE_ID": "header", "REF_FRAME_EPOCH": "metadata",
                                   "SEMI_MAJOR_AXIS": "meanElements", "GM": "meanElements"]
        for k in ["MASS", "SOLAR_RAD_AREA", "SOLAR_RAD_COEFF", "DRAG_AREA", "DRAG_COEFF"] { m[k] = "spacecraftParameters" }
        for k in ["BTERM", "AGOM"] { m[k] = "tleParameters" }
        m["COV_REF_FRAME"] = "covarianceMatrix"
        let axes = ["X", "Y", "Z", "X_DOT", "Y_DOT", "Z_DOT"]
        for (i, a) in axes.enumerated() { for b in axes[...i] { m["C\(a)_\(b)"] = "covarianceMatrix" } }
        return m
    }()

    static let coreKeys: Set<String> = Set(header + metadata + meanElements + tleParameters + ["COMMENT"])

    /// True for keywords CCSDS defines for an OMM (including `USER_DEFINED_*`).
    public static func isCCSDSKeyword(_ key: String) -> Bool {
        coreKeys.contains(key) || otherCCSDS[key] != nil || key.hasPrefix("USER_DEFINED_")
    }

    // MARK: Reading

    /// Interprets a record; returns `nil` and the errors when a required value is missing or bad.
    public static func elementSet(from record: OMMRecord, file: String? = nil, context: String? = nil,
                                  leapSeconds: LeapSecondTable = .bundled) -> (ElementSet?, [ParseError]) {
        var issues: [ParseError] = []
        var values: [String: (String, Int?)] = [:]
        var comments: [String] = []
        var extras: [ElementSet.ExtraField] = []
        for f in record.fields {
            if f.key == "COMMENT" {
                if let c = f.value, !c.isEmpty { comments.append(c) }
                continue
            }
            if coreKeys.contains(f.key) {
                if values[f.key] != nil {
                    issues.append(ParseError(.badKVN, "keyword appears twice; the first value is kept", severity: .warning,
                                             file: file, line: f.line, context: context, field: f.key))
                    continue
                }
                values[f.key] = ((f.value ?? "").asciiTrimmed(), f.line)
            } else {
                extras.append(.init(key: f.key, value: f.value))
            }
        }
        func err(_ code: ParseError.Code, _ msg: String, _ key: String, _ line: Int?, _ value: String? = nil) {
            issues.append(ParseError(code, msg, file: file, line: line ?? record.line, context: context, field: key, value: value))
        }
        func text(_ key: String) -> String? {
            guard let v = values[key]?.0, !v.isEmpty else { return nil }
            return v
        }
        func required(_ key: String) -> (String, Int?)? {
            guard let v = values[key], !v.0.isEmpty else {
                err(.missingField, values[key] == nil ? "required keyword is missing" : "required value is empty", key,
                    values[key]?.1)
                return nil
            }
            return v
        }
        func number(_ key: String, required isRequired: Bool = true, default def: Double = 0) -> Double? {
            guard let (t, line) = isRequired ? required(key) : (values[key].flatMap { $0.0.isEmpty ? nil : $0 } ?? ("", nil)) else { return nil }
            if t.isEmpty { return def }
            guard let v = parseNumber(t) else {
                err(.badNumber, "'\(t)' is not a number", key, line, t)
                return nil
            }
            return v
        }
        func integer(_ key: String, default def: Int) -> Int? {
            guard let (t, line) = values[key], !t.isEmpty else { return def }
            if let v = Int(t) { return v }
            if let d = parseNumber(t), d == d.rounded(), abs(d) < 1e15 { return Int(d) }
            err(.badNumber, "'\(t)' is not a whole number", key, line, t)
            return nil
        }
        var epoch: Instant? = nil
        if let (t, line) = required("EPOCH") {
            let system = text("TIME_SYSTEM") ?? "UTC"
            if system != "UTC" {
                err(.badEpoch, "TIME_SYSTEM \(system) is not supported for element sets (UTC only)", "TIME_SYSTEM",
                    values["TIME_SYSTEM"]?.1, system)
            } else {
                do { epoch = try Instant(utc: t, leapSeconds: leapSeconds) } catch {
                    err(.badEpoch, "'\(t)' is not an ISO-8601 date and time", "EPOCH", line, t)
                }
            }
        }
        if values["MEAN_MOTION"] == nil, values["SEMI_MAJOR_AXIS"] == nil,
           extras.contains(where: { $0.key == "SEMI_MAJOR_AXIS" }) {
            err(.missingField, "MEAN_MOTION is required: element sets given by SEMI_MAJOR_AXIS are not SGP4 sets",
                "MEAN_MOTION", nil)
        }
        let n = number("MEAN_MOTION")
        let e = number("ECCENTRICITY")
        let i = number("INCLINATION")
        let raan = number("RA_OF_ASC_NODE")
        let argp = number("ARG_OF_PERICENTER")
        let ma = number("MEAN_ANOMALY")
        let bstar = number("BSTAR", required: false)
        let ndot = number("MEAN_MOTION_DOT", required: false)
        let nddot = number("MEAN_MOTION_DDOT", required: false)
        var catalog: Int? = nil
        if let (t, line) = required("NORAD_CAT_ID") {
            catalog = Int(t) ?? TLEFields.catalogNumber(Substring(t))
            if catalog == nil { err(.badNumber, "'\(t)' is not a catalog number", "NORAD_CAT_ID", line, t) }
        }
        let eph = integer("EPHEMERIS_TYPE", default: 0)
        let elset = integer("ELEMENT_SET_NO", default: 999)
        let rev = integer("REV_AT_EPOCH", default: 0)
        var classification: Character = "U"
        if let c = text("CLASSIFICATION_TYPE") {
            if c.count == 1 { classification = c.first! } else {
                err(.badNumber, "'\(c)' is not one character", "CLASSIFICATION_TYPE", values["CLASSIFICATION_TYPE"]?.1, c)
            }
        }
        if let e, !(0..<1).contains(e) {
            err(.outOfRange, "eccentricity \(e) is outside [0, 1)", "ECCENTRICITY", values["ECCENTRICITY"]?.1)
        }
        if values["OBJECT_ID"] != nil && text("OBJECT_ID") == nil {
            issues.append(ParseError(.missingField, "OBJECT_ID is empty", severity: .warning, file: file,
                                     line: values["OBJECT_ID"]?.1, context: context, field: "OBJECT_ID"))
        }
        guard !issues.contains(where: { $0.severity == .error }), let epoch, let n, let e, let i, let raan, let argp,
              let ma, let catalog, let eph, let elset, let rev, let bstar, let ndot, let nddot
        else { return (nil, issues) }
        let set = ElementSet(
            objectName: text("OBJECT_NAME"), objectID: text("OBJECT_ID"), noradCatalogNumber: catalog,
            classification: classification, epoch: epoch, meanMotionRevPerDay: n, eccentricity: e,
            inclinationDeg: i, raanDeg: raan, argumentOfPericenterDeg: argp, meanAnomalyDeg: ma,
            ephemerisType: eph, elementSetNumber: elset, revolutionNumberAtEpoch: rev, bstar: bstar,
            meanMotionDot: ndot, meanMotionDDot: nddot, ommVersion: text("CCSDS_OMM_VERS"),
            centerName: text("CENTER_NAME") ?? "EARTH", referenceFrame: text("REF_FRAME") ?? "TEME",
            timeSystem: text("TIME_SYSTEM") ?? "UTC", meanElementTheory: text("MEAN_ELEMENT_THEORY") ?? "SGP4",
            originator: text("ORIGINATOR"), creationDate: text("CREATION_DATE"), comments: comments,
            extraFields: extras)
        return (withTLEPresentation(set, leapSeconds: leapSeconds), issues)
    }

    /// When a record carries its TLE (Space-Track's `TLE_LINE1`, `TLE_LINE2`, optional `TLE_LINE0`)
    /// and those lines hold the same values, the set takes their presentation, so writing it as a TLE
    /// reproduces them byte for byte.
    static func withTLEPresentation(_ set: ElementSet, leapSeconds: LeapSecondTable) -> ElementSet {
        guard let l1 = set.extraField("TLE_LINE1"), let l2 = set.extraField("TLE_LINE2") else { return set }
        let l0 = set.extraField("TLE_LINE0")
        guard let tle = try? TLEReader(leapSeconds: leapSeconds).parse(name: l0, line1: l1, line2: l2),
              let mine = try? TLEWriter.canonicalFields(set, leapSeconds: leapSeconds),
              let theirs = try? TLEWriter.canonicalFields(tle, leapSeconds: leapSeconds),
              mine == theirs else { return set }
        var out = set
        out.tleFormatting = tle.tleFormatting
        if l0 == nil || tle.objectName != set.objectName {
            // A name line is kept only when it names the object OBJECT_NAME names.
            out.tleFormatting = TLEFormatting.dropName(out.tleFormatting)
            out.tleFormatting.hadNameLine = nil
        }
        return out
    }

    /// Reads a number as OMM files write it: `0.5`, `.5`, `-.5`, `+5`, `1.2E-4`, `-.22483E-4`.
    public static func parseNumber(_ t: String) -> Double? {
        var s = Substring(t)
        if let b = s.first, b == "+" { s = s.dropFirst() }
        guard let f = s.utf8.first, (f >= 48 && f <= 57) || f == 46 || f == 45 else { return nil }
        guard s.utf8.allSatisfy({ ($0 >= 48 && $0 <= 57) || $0 == 46 || $0 == 45 || $0 == 43 || $0 == 69 || $0 == 101 })
        else { return nil }
        if s.hasPrefix(".") { return Double("0" + s) }
        if s.hasPrefix("-.") { return Double("-0" + s.dropFirst()) }
        return Double(s)
    }

    // MARK: Writing

    /// Options shared by the OMM writers.
    public struct WriteOptions: Sendable {
        /// `CREATION_DATE` for sets that carry none (KVN and XML need one); `nil` writes the current time.
        public var creationDate: String?
        /// `ORIGINATOR` for sets that carry none.
        public var originator: String
        /// Digits after the second in `EPOCH` (6, as CelesTrak and Space-Track write it: TLE epochs
        /// are multiples of 0.864 ms, so 6 digits keep them exactly).
        public var epochFractionDigits: Int
        /// Leap seconds for writing epochs in UTC.
        public var leapSeconds: LeapSecondTable
        /// Add the set's TLE as `TLE_LINE0/1/2` fields, as Space-Track does. Reading them back restores
        /// the TLE presentation, which makes TLE → OMM → TLE byte for byte. (Sets that already carry
        /// these fields always get them regenerated from their current values.)
        public var includeTLELines: Bool
        public init(creationDate: String? = nil, originator: String = "KANSHI", epochFractionDigits: Int = 6,
                    includeTLELines: Bool = false, leapSeconds: LeapSecondTable = .bundled) {
            self.includeTLELines = includeTLELines
            self.creationDate = creationDate
            self.originator = originator
            self.epochFractionDigits = epochFractionDigits
            self.leapSeconds = leapSeconds
        }

        var resolvedCreationDate: String {
            creationDate ?? Instant(taiSecondsSince2000: 0).advanced(
                bySeconds: Date().timeIntervalSince(Date(timeIntervalSince1970: 946_684_800)) + 32
            ).iso8601UTC(fractionDigits: 0, leapSeconds: leapSeconds, zulu: false)
        }
    }

    /// Text of a number as the writers emit it: the shortest decimal that reads back to the same `Double`.
    public static func format(_ v: Double) -> String {
        if v == 0 { return "0" }
        if v == v.rounded(), abs(v) < 1e15 { return String(Int(v)) }
        return "\(v)"
    }

    /// The values of a set by keyword (header, metadata, mean elements, TLE parameters), as text.
    public static func values(of s: ElementSet, options: WriteOptions) -> [String: String] {
        [
            "CCSDS_OMM_VERS": s.ommVersion ?? "2.0",
            "CREATION_DATE": s.creationDate ?? options.resolvedCreationDate,
            "ORIGINATOR": s.originator ?? options.originator,
            "OBJECT_NAME": s.objectName ?? "",
            "OBJECT_ID": s.objectID ?? "",
            "CENTER_NAME": s.centerName,
            "REF_FRAME": s.referenceFrame,
            "TIME_SYSTEM": s.timeSystem,
            "MEAN_ELEMENT_THEORY": s.meanElementTheory,
            "EPOCH": s.epoch.iso8601UTC(fractionDigits: options.epochFractionDigits, leapSeconds: options.leapSeconds,
                                        zulu: false),
            "MEAN_MOTION": format(s.meanMotionRevPerDay),
            "ECCENTRICITY": format(s.eccentricity),
            "INCLINATION": format(s.inclinationDeg),
            "RA_OF_ASC_NODE": format(s.raanDeg),
            "ARG_OF_PERICENTER": format(s.argumentOfPericenterDeg),
            "MEAN_ANOMALY": format(s.meanAnomalyDeg),
            "EPHEMERIS_TYPE": String(s.ephemerisType),
            "CLASSIFICATION_TYPE": String(s.classification),
            "NORAD_CAT_ID": String(s.noradCatalogNumber),
            "ELEMENT_SET_NO": String(s.elementSetNumber),
            "REV_AT_EPOCH": String(s.revolutionNumberAtEpoch),
            "BSTAR": format(s.bstar),
            "MEAN_MOTION_DOT": format(s.meanMotionDot),
            "MEAN_MOTION_DDOT": format(s.meanMotionDDot),
        ]
    }

    /// The set's extra fields for writing: `TLE_LINE0/1/2` are regenerated from the set's current
    /// values (so they are never stale), and added when `includeTLELines` is set.
    static func extras(of s: ElementSet, options: WriteOptions) -> [ElementSet.ExtraField] {
        let tleKeys: Set<String> = ["TLE_LINE0", "TLE_LINE1", "TLE_LINE2"]
        let has = s.extraFields.contains { tleKeys.contains($0.key) }
        guard has || options.includeTLELines else { return s.extraFields }
        let lines = try? TLEWriter(nameLines: .zeroPrefixed, leapSeconds: options.leapSeconds).lines(for: s)
        var fresh: [String: String] = [:]
        if let lines {
            fresh["TLE_LINE1"] = lines[lines.count - 2]
            fresh["TLE_LINE2"] = lines[lines.count - 1]
            if lines.count == 3 { fresh["TLE_LINE0"] = lines[0] }
        }
        var out: [ElementSet.ExtraField] = []
        for x in s.extraFields {
            if tleKeys.contains(x.key) {
                if let v = fresh.removeValue(forKey: x.key) { out.append(.init(key: x.key, value: v)) }
            } else {
                out.append(x)
            }
        }
        for k in ["TLE_LINE0", "TLE_LINE1", "TLE_LINE2"] { if let v = fresh[k] { out.append(.init(key: k, value: v)) } }
        return out
    }

    /// Keywords whose values are numbers (written unquoted in CelesTrak JSON).
    public static let numericKeys: Set<String> = ["MEAN_MOTION", "ECCENTRICITY", "INCLINATION", "RA_OF_ASC_NODE",
                                                  "ARG_OF_PERICENTER", "MEAN_ANOMALY", "EPHEMERIS_TYPE", "NORAD_CAT_ID",
                                                  "ELEMENT_SET_NO", "REV_AT_EPOCH", "BSTAR", "MEAN_MOTION_DOT",
                                                  "MEAN_MOTION_DDOT"]
}

/// Shared by the per-format readers: turn records into a report.
extension OMMFields {
    static func report(records: [OMMRecord], issues: [ParseError], file: String?, leapSeconds: LeapSecondTable,
                       contextName: String) -> ReadReport<ElementSet> {
        var report = ReadReport<ElementSet>(noun: "element sets")
        for e in issues { report.add(e.inFile(file)) }
        for (k, r) in records.enumerated() {
            let (set, errs) = elementSet(from: r, file: file, context: "\(contextName) \(k + 1)", leapSeconds: leapSeconds)
            for e in errs { report.add(e) }
            if let set { report.records.append(set) }
        }
        return report
    }
}
