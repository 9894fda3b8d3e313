import Foundation
import Astrodynamics
import SpaceData

/// Tracklets as CCSDS Tracking Data Messages (503.0-B-2): one TDM segment per ``Tracklet``, and back.
///
/// Metadata: `TIME_SYSTEM = UTC`, `TRACK_ID` = tracklet id, `PARTICIPANT_1` = sensor id,
/// `PARTICIPANT_2` = the reported catalog number or `UNKNOWN` (which the standard allows "in initial
/// space surveillance object detection", 503.0-B-2 table 3-3), `MODE = SEQUENTIAL`, `PATH = 1,2,1`
/// (two-way: a radar, when any range or range rate is present) or `2,1` (receive only: angles-only
/// optical), `ANGLE_TYPE = AZEL` or `RADEC` with `REFERENCE_FRAME = EME2000` (Kanshi's RA/Dec are GCRF;
/// EME2000 and GCRF differ by the frame bias, about 23 mas, below optical noise), `RANGE_UNITS = km`,
/// `START_TIME`, `STOP_TIME`, `DATA_TYPES`; the tracklet's comments are the metadata `COMMENT`s.
/// Data lines per measurement, in this order: `RANGE` (km), `ANGLE_1`, `ANGLE_2` (degrees: azimuth and
/// elevation, or right ascension and declination), `DOPPLER_INSTANTANEOUS` (km/s, the instantaneous range
/// rate, 503.0-B-2 §3.5.2.2: positive receding as in ``Measurement``, so no sign change).
///
/// Lossless: tracklets → TDM → text → TDM → tracklets gives `==` tracklets. Epochs, ranges and range
/// rates are written with the shortest exact text; an angle is written as the shortest degree text that
/// converts back to the very same radians (with a few more digits than a `Double` when needed, since
/// not every radian `Double` is the image of a degree `Double`), and read back through a double-double
/// product with π/180 (see ``DegreeText``).
public enum TrackletTDM {
    /// A TDM holding one segment per tracklet. Throws ``ParseError/Code/outOfRange`` for a tracklet
    /// mixing azimuth/elevation with right ascension/declination (one ANGLE_TYPE per segment), a
    /// measurement with no value, a non-finite value, or a sensor or tracklet id that is empty.
    public static func document(tracklets: [Tracklet], originator: String, creationDate: Instant,
                                messageID: String? = nil) throws(ParseError) -> TDMDocument {
        var doc = TDMDocument(version: "2.0", creationDate: creationDate, originator: originator, messageID: messageID)
        for t in tracklets { doc.segments.append(try segment(t)) }
        return doc
    }

    /// The TDM segment of one tracklet.
    public static func segment(_ t: Tracklet) throws(ParseError) -> TDMSegment {
        func fail(_ why: String, _ field: String? = nil) -> ParseError {
            ParseError(.outOfRange, why, context: "tracklet \(t.id)", field: field)
        }
        guard !t.id.isEmpty, !t.sensorID.isEmpty else { throw fail("tracklet and sensor ids must not be empty") }
        let ms = t.measurements
        let azel = ms.contains { $0.azimuthRad != nil || $0.elevationRad != nil }
        let radec = ms.contains { $0.rightAscensionRad != nil || $0.declinationRad != nil }
        if azel && radec { throw fail("mixes azimuth/elevation and right ascension/declination; a TDM segment has one ANGLE_TYPE", "ANGLE_TYPE") }
        let hasRange = ms.contains { $0.rangeKm != nil }
        let hasRate = ms.contains { $0.rangeRateKmPerS != nil }

        var md = TDMMetadata(comments: t.comments)
        md["TIME_SYSTEM"] = "UTC"
        md["TRACK_ID"] = t.id
        md["PARTICIPANT_1"] = t.sensorID
        md["PARTICIPANT_2"] = t.reportedObject.map(String.init) ?? "UNKNOWN"
        md["MODE"] = "SEQUENTIAL"
        md["PATH"] = hasRange || hasRate ? "1,2,1" : "2,1"
        if azel { md["ANGLE_TYPE"] = "AZEL" }
        if radec { md["ANGLE_TYPE"] = "RADEC"; md["REFERENCE_FRAME"] = "EME2000" }
        if hasRange { md["RANGE_UNITS"] = "km" }
        var lines: [TDMObservation] = []
        for m in ms {
            let before = lines.count
            func add(_ keyword: String, _ value: Double?, degrees: Bool = false) throws(ParseError) {
                guard let value else { return }
                guard value.isFinite else { throw fail("\(keyword) value \(value) is not finite", keyword) }
                if degrees && abs(value) > 1e6 { throw fail("\(keyword) angle \(value) rad is not a direction", keyword) }
                var o = TDMObservation(keyword: keyword, epoch: m.epoch, value: value)
                if degrees {
                    let text = DegreeText.text(radians: value)
                    o.value = Double(text)!
                    o.valueText = text
                }
                lines.append(o)
            }
            try add("RANGE", m.rangeKm)
            try add("ANGLE_1", azel ? m.azimuthRad : m.rightAscensionRad, degrees: true)
            try add("ANGLE_2", azel ? m.elevationRad : m.declinationRad, degrees: true)
            try add("DOPPLER_INSTANTANEOUS", m.rangeRateKmPerS)
            if lines.count == before { throw fail("a measurement at \(m.epoch.iso8601UTC()) has no value") }
        }
        if let first = ms.map(\.epoch).min(), let last = ms.map(\.epoch).max() {
            md["START_TIME"] = TDMTimeSystem.utc.text(first)
            md["STOP_TIME"] = TDMTimeSystem.utc.text(last)
        }
        var types: [String] = []
        if hasRange { types.append("RANGE") }
        if azel || radec { types += ["ANGLE_1", "ANGLE_2"] }
        if hasRate { types.append("DOPPLER_INSTANTANEOUS") }
        if !types.isEmpty { md["DATA_TYPES"] = types.joined(separator: ",") }
        return TDMSegment(metadata: md, observations: lines)
    }

    /// The tracklets of a TDM, one per segment. A segment that cannot be a tracklet (no TRACK_ID or
    /// PARTICIPANT_1, a data type other than RANGE/ANGLE_1/ANGLE_2/DOPPLER_INSTANTANEOUS, RANGE_UNITS
    /// other than km, an ANGLE_TYPE other than AZEL/RADEC, a RADEC frame other than EME2000/GCRF/ICRF)
    /// is rejected with an error naming its line; the others are kept.
    public static func tracklets(from document: TDMDocument, file: String? = nil) -> ReadReport<Tracklet> {
        var report = ReadReport<Tracklet>(noun: "tracklets")
        for s in document.segments {
            let (t, issues) = tracklet(s)
            for e in issues { report.add(e.inFile(file)) }
            if let t, !issues.contains(where: { $0.severity == .error }) { report.records.append(t) }
        }
        return report
    }

    /// Reads a TDM file (KVN or XML) straight to tracklets; TDM errors and tracklet errors together.
    public static func read(_ bytes: [UInt8], file: String? = nil) -> ReadReport<Tracklet> {
        let r = TDMReader.read(bytes, file: file)
        var report = r.document.map { tracklets(from: $0, file: file) } ?? ReadReport(noun: "tracklets")
        report.errors = r.errors + report.errors
        report.warnings = r.warnings + report.warnings
        return report
    }

    static func tracklet(_ s: TDMSegment) -> (Tracklet?, [ParseError]) {
        var errors: [ParseError] = []
        let md = s.metadata
        func fail(_ code: ParseError.Code, _ why: String, field: String?, value: String? = nil, line: Int? = nil) {
            errors.append(ParseError(code, why, line: line ?? s.line, context: "tracklet", field: field, value: value))
        }
        let id = md.trackID, sensor = md.participant(1)
        if id == nil { fail(.missingField, "a tracklet segment needs TRACK_ID", field: "TRACK_ID") }
        if sensor == nil { fail(.missingField, "a tracklet segment needs PARTICIPANT_1 (the sensor)", field: "PARTICIPANT_1") }
        if let u = md.rangeUnits, u != "km" {
            fail(.unsupported, "RANGE_UNITS \(u) is not supported (km is)", field: "RANGE_UNITS", value: u)
        }
        let angleType = md.angleType
        if let a = angleType, a != "AZEL" && a != "RADEC" {
            fail(.unsupported, "ANGLE_TYPE \(a) is not supported (AZEL and RADEC are)", field: "ANGLE_TYPE", value: a)
        }
        if angleType == "RADEC", let f = md.referenceFrame, !["EME2000", "GCRF", "ICRF"].contains(f) {
            fail(.unsupported, "RADEC angles in \(f) are not supported (EME2000, GCRF, ICRF are)", field: "REFERENCE_FRAME", value: f)
        }
        var reported: Int? = nil
        var warnings: [ParseError] = []
        if let p2 = md.participant(2), p2 != "UNKNOWN" {
            if let n = Int(p2) { reported = n } else {
                warnings.append(ParseError(.badNumber, "PARTICIPANT_2 '\(p2)' is not a catalog number; the tracklet is uncorrelated",
                                           severity: .warning, line: s.line, context: "tracklet", field: "PARTICIPANT_2", value: p2))
            }
        }
        var measurements: [Measurement] = []
        var current: Measurement? = nil
        var filled = Set<String>()
        for o in s.observations {
            if current == nil || current!.epoch != o.epoch || filled.contains(o.keyword) {
                if let c = current { measurements.append(c) }
                current = Measurement(epoch: o.epoch)
                filled = []
            }
            filled.insert(o.keyword)
            switch o.keyword {
            case "RANGE": current!.rangeKm = o.value
            case "DOPPLER_INSTANTANEOUS": current!.rangeRateKmPerS = o.value
            case "ANGLE_1", "ANGLE_2":
                guard angleType == "AZEL" || angleType == "RADEC" else {
                    if angleType == nil { fail(.missingField, "\(o.keyword) without ANGLE_TYPE", field: o.keyword, line: o.line) }
                    continue
                }
                let rad = DegreeText.radians(o.valueText ?? TDMObservationText.text(o.value))
                switch (o.keyword, angleType) {
                case ("ANGLE_1", "AZEL"): current!.azimuthRad = rad
                case ("ANGLE_2", "AZEL"): current!.elevationRad = rad
                case ("ANGLE_1", _): current!.rightAscensionRad = rad
                default: current!.declinationRad = rad
                }
            default:
                fail(.unsupported, "data type \(o.keyword) is not a tracklet measurement (RANGE, ANGLE_1, ANGLE_2, DOPPLER_INSTANTANEOUS are)",
                     field: o.keyword, line: o.line)
            }
        }
        if let c = current { measurements.append(c) }
        guard errors.isEmpty, let id, let sensor else { return (nil, errors + warnings) }
        return (Tracklet(id: id, sensorID: sensor, measurements: measurements, reportedObject: reported, comments: md.comments), warnings)
    }
}

extension TDMDocument {
    /// A TDM of `tracklets`, one segment each (see ``TrackletTDM``).
    public init(tracklets: [Tracklet], originator: String, creationDate: Instant) throws(ParseError) {
        self = try TrackletTDM.document(tracklets: tracklets, originator: originator, creationDate: creationDate)
    }
}

/// Text of a `Double` value as the TDM writers print it (the shortest text that reads back exactly).
enum TDMObservationText {
    static func text(_ v: Double) -> String { "\(v)" }
}

/// Degrees in TDM text ↔ radians, exactly: `radians(text(radians: r)) == r` for every finite `r`.
///
/// Reading multiplies the decimal text (up to 30 significant digits, held as a double-double) by π/180
/// held as a double-double (Dekker 1971, "A floating-point technique for extending the available
/// precision", Numer. Math. 18; the error-free sum of Knuth and product by fused multiply-add), then
/// rounds once: this is the correctly rounded radian value of the decimal in all but vanishingly rare
/// ties. Writing takes the shortest text of the degree value if it reads back to `r`, else searches
/// 19-significant-digit texts (monotone in the value) for one that does.
enum DegreeText {
    struct DD { var hi: Double; var lo: Double }

    /// π/180 and 180/π as double-doubles (hi + lo), from a 100-digit π.
    static let radiansPerDegree = DD(hi: 0x1.1df46a2529d39p-6, lo: 0x1.5c1d8becdd291p-62)
    static let degreesPerRadian = DD(hi: 0x1.ca5dc1a63c1f8p+5, lo: -0x1.1e7ab456405f9p-49)

    static func quickTwoSum(_ a: Double, _ b: Double) -> DD { let s = a + b; return DD(hi: s, lo: b - (s - a)) }
    static func twoSum(_ a: Double, _ b: Double) -> DD {
        let s = a + b, bb = s - a
        return DD(hi: s, lo: (a - (s - bb)) + (b - bb))
    }
    static func mul(_ a: DD, _ b: DD) -> DD {
        let p = a.hi * b.hi
        var e = (-p).addingProduct(a.hi, b.hi)
        e += a.hi * b.lo + a.lo * b.hi
        return quickTwoSum(p, e)
    }
    static func mul(_ a: DD, _ b: Double) -> DD {
        let p = a.hi * b
        let e = (-p).addingProduct(a.hi, b) + a.lo * b
        return quickTwoSum(p, e)
    }
    static func div(_ a: DD, _ b: Double) -> DD {
        let q1 = a.hi / b
        let ph = q1 * b
        let pl = (-ph).addingProduct(q1, b)
        let r = ((a.hi - ph) - pl) + a.lo
        return quickTwoSum(q1, r / b)
    }
    static let powersOfTen: [Double] = (0...22).map { Double("1e\($0)")! }

    /// The radians of decimal degrees `text` (digits, optional sign, point and exponent); nil if malformed.
    static func radians(_ text: String) -> Double? {
        var s = Substring(text)
        var negative = false
        if s.first == "-" { negative = true; s = s.dropFirst() } else if s.first == "+" { s = s.dropFirst() }
        var exponent = 0
        if let e = s.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            guard let x = Int(s[s.index(after: e)...]), abs(x) < 400 else { return nil }
            exponent = x
            s = s[..<e]
        }
        let parts = s.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        let intPart = parts[0], fracPart = parts.count > 1 ? parts[1] : ""
        guard !(intPart.isEmpty && fracPart.isEmpty),
              (intPart + fracPart).utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return nil }
        var digits = Substring((intPart + fracPart).drop { $0 == "0" })
        exponent -= fracPart.count
        if digits.count > 30 { exponent += digits.count - 30; digits = digits.prefix(30) }
        var v = DD(hi: 0, lo: 0)
        if !digits.isEmpty {
            let split = max(0, digits.count - 15)
            let c1 = Double(UInt64(digits.prefix(split)) ?? 0), c2 = Double(UInt64(digits.dropFirst(split))!)
            let scale = powersOfTen[digits.count - split]
            let p = c1 * scale, pe = (-p).addingProduct(c1, scale)
            let s = twoSum(p, c2)
            v = quickTwoSum(s.hi, s.lo + pe)
            while exponent > 0 { let k = min(exponent, 22); v = mul(v, powersOfTen[k]); exponent -= k }
            while exponent < 0 { let k = min(-exponent, 22); v = div(v, powersOfTen[k]); exponent += k }
        }
        let r = mul(v, radiansPerDegree).hi
        return negative ? -r : r
    }

    /// Degree text that ``radians(_:)`` reads as exactly `radians` (finite).
    static func text(radians r: Double) -> String {
        let a = abs(r)
        let sign = r.sign == .minus ? "-" : ""
        let d = mul(DD(hi: a, lo: 0), degreesPerRadian)
        for c in [d.hi, d.hi.nextUp, d.hi.nextDown] where c >= 0 {
            let t = "\(c)"
            if radians(t) == a { return sign + t }
        }
        guard d.hi.isFinite, d.hi > 1e-280, d.hi < 1e280 else { return sign + "\(d.hi)" }   // no angle is this far out
        // 19 significant digits: M × 10^(e10 − 18), M in [10^18, 10^19).
        let e10 = Int((log10(d.hi)).rounded(.down))
        func text(_ m: UInt64) -> String {
            let digits = Array(String(m))
            let point = digits.count + e10 - 18
            var out: String
            if point <= 0 { out = "0." + String(repeating: "0", count: -point) + String(digits) }
            else if point >= digits.count { out = String(digits) + String(repeating: "0", count: point - digits.count) + ".0" }
            else { out = String(digits[..<point]) + "." + String(digits[point...]) }
            while out.hasSuffix("0") && !out.hasSuffix(".0") { out.removeLast() }
            return out
        }
        let m0 = (d.hi * pow(10, Double(18 - e10))).rounded()
        var lo = UInt64(max(1, m0 - 1e6)), hi = UInt64(m0 + 1e6)
        while lo < hi {   // smallest m whose text reads at or above a
            let mid = lo + (hi - lo) / 2
            if let v = radians(text(mid)), v >= a { hi = mid } else { lo = mid + 1 }
        }
        for m in lo..<(lo + 3) where radians(text(m)) == a { return sign + text(m) }
        return sign + "\(d.hi)"   // not reached for finite input; keeps the nearest value
    }
}
