import Foundation
import Hummingbird
import Logging

/// The web UI's static files, from the `WebUI` resource folder of this module (`Bundle.module`).
/// Paths are checked component by component: no `..`, no hidden files, nothing outside the folder.
struct StaticFiles: Sendable {
    let root: URL?

    init(logger: Logger) {
        if let url = Bundle.module.url(forResource: "WebUI", withExtension: nil) {
            root = url.standardizedFileURL
        } else {
            logger.warning("the WebUI resource folder is missing; / and /ui/ answer 404")
            root = nil
        }
    }

    static let contentTypes: [String: String] = [
        "html": "text/html; charset=utf-8", "js": "text/javascript; charset=utf-8", "mjs": "text/javascript; charset=utf-8",
        "css": "text/css; charset=utf-8", "json": "application/json", "geojson": "application/geo+json",
        "svg": "image/svg+xml", "png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg", "ico": "image/x-icon",
        "txt": "text/plain; charset=utf-8", "woff2": "font/woff2", "map": "application/json", "wasm": "application/wasm",
    ]

    /// The file at a relative path under the root, or a 404 problem.
    func response(relativePath components: [String]) throws(Problem) -> Response {
        guard let root, !components.isEmpty else { throw Problem(.notFound, "no such file") }
        for c in components {
            if c.isEmpty || c.hasPrefix(".") || c.contains("\\") || c.contains("\0") {
                throw Problem(.notFound, "no such file")
            }
        }
        let url = components.reduce(root) { $0.appendingPathComponent($1) }.standardizedFileURL
        guard url.path.hasPrefix(root.path + "/") else { throw Problem(.notFound, "no such file") }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), !isDirectory.boolValue,
              let data = FileManager.default.contents(atPath: url.path) else {
            throw Problem(.notFound, "no such file: /ui/\(components.joined(separator: "/"))")
        }
        let type = StaticFiles.contentTypes[url.pathExtension.lowercased()] ?? "application/octet-stream"
        return Responses.bytes(Array(data), contentType: type)
    }
}
