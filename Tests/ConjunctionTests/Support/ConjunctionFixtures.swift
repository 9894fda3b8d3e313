import Foundation
import Testing
import Conjunction

/// Test fixtures under `Tests/Fixtures`, found by walking up from this source file.
enum ConjunctionFixtures {
    struct Missing: Error, CustomStringConvertible {
        let path: String
        var description: String { "fixture not found: Tests/Fixtures/\(path)" }
    }

    struct Malformed: Error, CustomStringConvertible {
        let what: String
        var description: String { "malformed fixture: \(what)" }
    }

    static func url(_ relativePath: String, file: String = #filePath) throws -> URL {
        var directory = URL(fileURLWithPath: file).deletingLastPathComponent()
        while directory.path != "/" {
            let candidate = directory.appendingPathComponent("Fixtures")
            if FileManager.default.fileExists(atPath: candidate.path) {
                return candidate.appendingPathComponent(relativePath)
            }
            directory = directory.deletingLastPathComponent()
        }
        throw Missing(path: relativePath)
    }

    /// The JSON object of `Tests/Fixtures/conjunction/<name>`.
    static func json(_ name: String) throws -> [String: Any] {
        let data = try Data(contentsOf: url("conjunction/" + name))
        guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw Malformed(what: name)
        }
        return object
    }
}

/// Typed access into JSONSerialization output.
extension Dictionary where Key == String, Value == Any {
    func double(_ key: String) throws -> Double {
        if let n = self[key] as? NSNumber { return n.doubleValue }
        if let s = self[key] as? String {
            if s == "Inf" { return .infinity }
            if let v = Double(s) { return v }
        }
        throw ConjunctionFixtures.Malformed(what: "number \(key)")
    }
    func optionalDouble(_ key: String) -> Double? { (self[key] as? NSNumber)?.doubleValue }
    func vector(_ key: String) throws -> SIMD3<Double> {
        guard let a = self[key] as? [NSNumber], a.count == 3 else { throw ConjunctionFixtures.Malformed(what: "vector \(key)") }
        return SIMD3(a[0].doubleValue, a[1].doubleValue, a[2].doubleValue)
    }
    func matrix(_ key: String) throws -> [[Double]] {
        guard let rows = self[key] as? [[NSNumber]] else { throw ConjunctionFixtures.Malformed(what: "matrix \(key)") }
        return rows.map { $0.map(\.doubleValue) }
    }
    func object(_ key: String) throws -> [String: Any] {
        guard let o = self[key] as? [String: Any] else { throw ConjunctionFixtures.Malformed(what: "object \(key)") }
        return o
    }
    func objects(_ key: String) throws -> [[String: Any]] {
        guard let o = self[key] as? [[String: Any]] else { throw ConjunctionFixtures.Malformed(what: "array \(key)") }
        return o
    }
    func string(_ key: String) throws -> String {
        guard let s = self[key] as? String else { throw ConjunctionFixtures.Malformed(what: "string \(key)") }
        return s
    }
}

/// The upper-left 3×3 of a square matrix given as rows.
func matrix3(_ rows: [[Double]]) -> Matrix3 {
    Matrix3(rows: SIMD3(rows[0][0], rows[0][1], rows[0][2]),
            SIMD3(rows[1][0], rows[1][1], rows[1][2]),
            SIMD3(rows[2][0], rows[2][1], rows[2][2]))
}

/// The 21 CDM lower-triangle terms, in CDM order, from a fixture's `C_rtn_lower_m_s` object.
func cdmLowerTriangle(_ terms: [String: Any]) throws -> [Double] {
    let names = ["CR_R", "CT_R", "CT_T", "CN_R", "CN_T", "CN_N",
                 "CRDOT_R", "CRDOT_T", "CRDOT_N", "CRDOT_RDOT",
                 "CTDOT_R", "CTDOT_T", "CTDOT_N", "CTDOT_RDOT", "CTDOT_TDOT",
                 "CNDOT_R", "CNDOT_T", "CNDOT_N", "CNDOT_RDOT", "CNDOT_TDOT", "CNDOT_NDOT"]
    return try names.map { try terms.double($0) }
}

/// |a − b| / |b| (0 when both are 0).
func relativeError(_ a: Double, _ b: Double) -> Double {
    if a == b { return 0 }
    return abs(a - b) / abs(b)
}

/// An inertial (EME2000) state at a placeholder epoch, for building RTN bases in tests.
func eme2000State(positionKm: SIMD3<Double>, velocityKmPerS: SIMD3<Double>) -> State<GCRF> {
    State(epoch: Instant(taiSecondsSince2000: 0), positionKm: positionKm, velocityKmPerS: velocityKmPerS)
}
