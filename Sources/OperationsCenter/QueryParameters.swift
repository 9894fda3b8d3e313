import Astrodynamics
import Hummingbird

/// The query parameters of one request, checked against the names an endpoint accepts: an
/// unknown or repeated parameter is a 400 naming it, and every typed read says what it expected.
struct QueryParameters {
    private var values: [String: String] = [:]

    init(_ request: Request, allowed: Set<String>) throws(Problem) {
        for (k, v) in request.uri.queryParameters {
            let key = String(k)
            if key.isEmpty { continue }
            guard allowed.contains(key) else {
                throw Problem.badParameter(key, "unknown parameter; this endpoint accepts " + (allowed.isEmpty ? "none" : allowed.sorted().joined(separator: ", ")))
            }
            if values[key] != nil { throw Problem.badParameter(key, "given more than once") }
            values[key] = String(v)
        }
    }

    subscript(_ name: String) -> String? { values[name].flatMap { $0.isEmpty ? nil : $0 } }

    /// An integer within `range`, or `fallback` when absent.
    func int(_ name: String, default fallback: Int, in range: ClosedRange<Int>) throws(Problem) -> Int {
        guard let text = self[name] else { return fallback }
        guard let v = Int(text) else { throw Problem.badParameter(name, "\"\(text)\" is not an integer") }
        guard range.contains(v) else { throw Problem.badParameter(name, "\(v) is outside \(range.lowerBound)...\(range.upperBound)") }
        return v
    }

    func optionalInt(_ name: String, in range: ClosedRange<Int> = 0...Int(Int32.max)) throws(Problem) -> Int? {
        guard self[name] != nil else { return nil }
        return try int(name, default: 0, in: range)
    }

    func optionalInt64(_ name: String) throws(Problem) -> Int64? {
        guard let text = self[name] else { return nil }
        guard let v = Int64(text), v >= 0 else { throw Problem.badParameter(name, "\"\(text)\" is not a non-negative integer") }
        return v
    }

    /// A finite number within `range`.
    func double(_ name: String, in range: ClosedRange<Double>) throws(Problem) -> Double? {
        guard let text = self[name] else { return nil }
        guard let v = Double(text), v.isFinite else { throw Problem.badParameter(name, "\"\(text)\" is not a number") }
        guard range.contains(v) else { throw Problem.badParameter(name, "\(text) is outside \(range.lowerBound)...\(range.upperBound)") }
        return v
    }

    func instant(_ name: String) throws(Problem) -> Instant? {
        guard let text = self[name] else { return nil }
        return try Self.parseInstant(text, name: name)
    }

    static func parseInstant(_ text: String, name: String) throws(Problem) -> Instant {
        do { return try Instant(utc: text) } catch {
            throw Problem.badParameter(name, "cannot read time \"\(text)\" (ISO-8601 UTC, e.g. 2023-10-09T12:00:00Z): \(error)")
        }
    }

    /// One of a fixed set of words.
    func choice(_ name: String, _ options: [String], default fallback: String) throws(Problem) -> String {
        guard let raw = self[name] else { return fallback }
        let text = raw.replacingOccurrences(of: "+", with: " ").lowercased()
        guard options.contains(text) else {
            throw Problem.badParameter(name, "\"\(raw)\" is not one of " + options.joined(separator: ", "))
        }
        return text
    }

    func bool(_ name: String) throws(Problem) -> Bool {
        guard let text = self[name]?.lowercased() else { return false }
        switch text {
        case "true", "1", "yes": return true
        case "false", "0", "no": return false
        default: throw Problem.badParameter(name, "\"\(text)\" is not true or false")
        }
    }

    /// Paging: `limit` (default 100, at most `maximum`) and `offset`.
    func paging(maximum: Int = 1_000, default fallback: Int = 100) throws(Problem) -> (limit: Int, offset: Int) {
        (try int("limit", default: fallback, in: 1...maximum), try int("offset", default: 0, in: 0...10_000_000))
    }
}

/// A path parameter read as a catalog number or an identifier.
extension Parameters {
    func catalogNumber(_ name: String = "norad_cat_id") throws(Problem) -> Int {
        guard let text = self.get(name), let v = Int(text), v >= 0, v <= 999_999_999 else {
            throw Problem.badParameter(name, "\"\(self.get(name) ?? "")\" is not a catalog number")
        }
        return v
    }

    func identifier(_ name: String) throws(Problem) -> Int64 {
        guard let text = self.get(name), let v = Int64(text), v >= 0 else {
            throw Problem.badParameter(name, "\"\(self.get(name) ?? "")\" is not an identifier")
        }
        return v
    }
}
