import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
@testable import OperationsCenter
import Testing
import Yams

/// docs/openapi.yaml against the server, both ways: every route the router has is in the spec,
/// and every operation in the spec, called with the spec's example parameters, answers a
/// documented status whose JSON body validates against the documented schema.
///
/// The YAML is read with Yams (a test-only dependency); schemas are checked by ``SchemaChecker``,
/// which knows the subset the spec uses: `type`, `properties`, `required`, `items`, `enum`,
/// `nullable` and local `$ref`s.
@Suite("OpenAPI conformance", .serialized)
struct OpenAPITests {
    static let specURL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("docs/openapi.yaml")

    static func loadSpec() throws -> [String: Any] {
        let text = try String(contentsOf: specURL, encoding: .utf8)
        guard let spec = try Yams.load(yaml: text) as? [String: Any] else { throw TestFailure("openapi.yaml is not a mapping") }
        return spec
    }

    /// `/api/v1/objects/{norad_cat_id}` → `/api/v1/objects/{}`; Hummingbird's `**` counts as a parameter.
    static func normalize(_ path: String) -> String {
        "/" + path.split(separator: "/").map { c in
            c.hasPrefix("{") || c.hasPrefix(":") || c == "**" || c == "*" ? "{}" : String(c)
        }.joined(separator: "/")
    }

    @Test("every router route is documented")
    func routesAreDocumented() async throws {
        let spec = try Self.loadSpec()
        let paths = try #require(spec["paths"] as? [String: Any])
        var documented = Set<String>()
        for (path, item) in paths {
            for method in (item as? [String: Any] ?? [:]).keys { documented.insert("\(method.uppercased()) \(Self.normalize(path))") }
        }
        let center = makeCenter(store: try await makeStore(), bootstrap: false)
        let routes = center.router().routes.map { "\($0.method.rawValue) \(Self.normalize($0.path.description))" }
            + center.webSocketRouter().routes.map { "\($0.method.rawValue) \(Self.normalize($0.path.description))" }
        #expect(!routes.isEmpty)
        for r in routes { #expect(documented.contains(r), "route \(r) is not in docs/openapi.yaml") }
        for d in documented { #expect(routes.contains(d), "docs/openapi.yaml documents \(d), which the server does not have") }
    }

    @Test("every documented operation answers a documented status with a valid body")
    func operationsConform() async throws {
        let center = makeCenter(store: try await makeStore())
        try await center.application().test(.router) { raw in
            let client = try await signedIn(raw, center, role: .admin)
            let spec = try Self.loadSpec()
            let checker = SchemaChecker(spec: spec)
            let paths = try #require(spec["paths"] as? [String: Any])
            try await waitUntilIdle(center)
            // Make sure there is an event and an alert for the {id} examples.
            let screenings = center.pipeline.status.screenings
            _ = try await client.execute(uri: "/api/v1/gp", method: .post, body: ByteBuffer(string: OpsFixture.arrivalText))
            try await waitForScreenings(center, screenings + 1)
            var checked = 0
            for (path, rawItem) in paths.sorted(by: { $0.key < $1.key }) {
                let item = try #require(rawItem as? [String: Any])
                for (method, rawOperation) in item {
                    let operation = try #require(rawOperation as? [String: Any])
                    let parameters = (operation["parameters"] as? [Any] ?? []).compactMap { checker.resolve($0) as? [String: Any] }
                    var uri = path
                    var query: [String] = []
                    for p in parameters {
                        guard let name = p["name"] as? String, let example = p["example"] else { continue }
                        if p["in"] as? String == "path" { uri = uri.replacingOccurrences(of: "{\(name)}", with: "\(example)") }
                        else if p["in"] as? String == "query" {
                            query.append("\(name)=\("\(example)".addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed) ?? "")")
                        }
                    }
                    if !query.isEmpty { uri += "?" + query.joined(separator: "&") }
                    let body = (operation["x-example-body"] as? String).map { ByteBuffer(string: $0) }
                    let r = try await client.execute(uri: uri, method: HTTPRequest.Method(method.uppercased())!, body: body)
                    let responses = try #require(operation["responses"] as? [String: Any])
                    let code = String(r.status.code)
                    let expected = operation["x-example-status"] as? Int ?? 200
                    #expect(Int(r.status.code) == expected, "\(method.uppercased()) \(uri): \(code), expected \(expected): \(String(buffer: r.body).prefix(300))")
                    guard let documented = responses[code].flatMap({ checker.resolve($0) as? [String: Any] }) else {
                        Issue.record("\(method.uppercased()) \(uri): status \(code) is not documented (\(responses.keys.sorted())): \(String(buffer: r.body).prefix(300))")
                        continue
                    }
                    checked += 1
                    guard let content = documented["content"] as? [String: Any] else { continue }
                    let type = (r.headers[.contentType] ?? "").split(separator: ";").first.map(String.init) ?? ""
                    let media = (content[type] ?? content["*/*"]) as? [String: Any]
                    #expect(media != nil, "\(method.uppercased()) \(uri): content type \(type) is not documented for \(code)")
                    guard let schema = media?["schema"], type.hasSuffix("json") else { continue }
                    let value = try JSONSerialization.jsonObject(with: Data(String(buffer: r.body).utf8), options: [.fragmentsAllowed])
                    let problems = checker.check(value, against: schema, at: "body")
                    #expect(problems.isEmpty, "\(method.uppercased()) \(uri) \(code): \(problems.prefix(5))")
                }
            }
            #expect(checked >= 20)
        }
    }

    @Test("the schema checker itself rejects what it should")
    func checkerRejects() throws {
        let spec: [String: Any] = ["components": ["schemas": ["P": ["type": "object", "required": ["a"], "properties": ["a": ["type": "integer"], "b": ["type": "string", "nullable": true, "enum": ["x"]]]]]]]
        let c = SchemaChecker(spec: spec)
        let ref: [String: Any] = ["$ref": "#/components/schemas/P"]
        #expect(c.check(["a": 1, "b": NSNull()] as [String: Any], against: ref, at: "v").isEmpty)
        #expect(!c.check(["b": "x"] as [String: Any], against: ref, at: "v").isEmpty, "missing required")
        #expect(!c.check(["a": 1.5] as [String: Any], against: ref, at: "v").isEmpty, "not an integer")
        #expect(!c.check(["a": 1, "b": "y"] as [String: Any], against: ref, at: "v").isEmpty, "not in enum")
        #expect(!c.check([1, 2], against: ref, at: "v").isEmpty, "not an object")
        #expect(!c.check(["a": "1"] as [String: Any], against: ref, at: "v").isEmpty, "string for integer")
    }
}

/// A JSON-schema checker for the subset docs/openapi.yaml uses.
struct SchemaChecker {
    let spec: [String: Any]

    /// Follows a local `$ref` (`#/components/...`).
    func resolve(_ node: Any) -> Any? {
        guard let map = node as? [String: Any], let ref = map["$ref"] as? String else { return node }
        guard ref.hasPrefix("#/") else { return nil }
        var current: Any? = spec
        for part in ref.dropFirst(2).split(separator: "/") { current = (current as? [String: Any])?[String(part)] }
        return current.flatMap(resolve)
    }

    func check(_ value: Any, against rawSchema: Any, at path: String) -> [String] {
        guard let schema = resolve(rawSchema) as? [String: Any] else { return ["\(path): unresolvable schema"] }
        if value is NSNull {
            return schema["nullable"] as? Bool == true || schema["type"] == nil ? [] : ["\(path): null but not nullable"]
        }
        var problems: [String] = []
        for part in schema["allOf"] as? [Any] ?? [] { problems += check(value, against: part, at: path) }
        if let type = schema["type"] as? String {
            let ok: Bool
            switch type {
            case "string": ok = value is String
            case "integer":
                if let n = value as? NSNumber, !SchemaChecker.isBool(n) { ok = n.doubleValue == n.doubleValue.rounded() } else { ok = false }
            case "number": if let n = value as? NSNumber { ok = !SchemaChecker.isBool(n) } else { ok = false }
            case "boolean": if let n = value as? NSNumber { ok = SchemaChecker.isBool(n) } else { ok = false }
            case "object": ok = value is [String: Any]
            case "array": ok = value is [Any]
            default: ok = false
            }
            if !ok { return ["\(path): expected \(type), got \(Swift.type(of: value)) \(String(describing: value).prefix(60))"] }
        }
        if let options = schema["enum"] as? [Any] {
            let text = "\(value)"
            if !options.contains(where: { "\($0)" == text }) { problems.append("\(path): \(text) is not one of \(options)") }
        }
        if let object = value as? [String: Any] {
            for key in schema["required"] as? [String] ?? [] where object[key] == nil { problems.append("\(path): missing \(key)") }
            for (key, sub) in schema["properties"] as? [String: Any] ?? [:] {
                if let v = object[key] { problems += check(v, against: sub, at: "\(path).\(key)") }
            }
        }
        if let array = value as? [Any], let items = schema["items"] {
            for (k, v) in array.enumerated().prefix(200) { problems += check(v, against: items, at: "\(path)[\(k)]") }
        }
        return problems
    }

    /// JSONSerialization gives booleans as NSNumbers of C type `char` on both Foundations.
    static func isBool(_ n: NSNumber) -> Bool { String(cString: n.objCType) == "c" }
}
