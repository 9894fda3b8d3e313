import Testing
@testable import MissileWarning

@Suite("MissileWarning errors")
struct MissileWarningErrorTests {
    @Test("an error names the file, line, field and value")
    func description() {
        let e = MissileWarningError(.badField, "expected a positive number", file: "detections.jsonl", line: 17,
                                    field: "measurement.sigma_deg", value: "-3")
        #expect(e.description == "detections.jsonl:17: measurement.sigma_deg: expected a positive number, found -3")
        #expect(e.code == .badField)
        #expect(MissileWarningError(.io, "cannot read").description == "cannot read")
    }
}
