import Foundation
import Testing

/// Checks on the web UI's static files that need no browser: every module the pages import and
/// every file index.html names exists in the WebUI folder, the folder is flat (the server serves
/// `/ui/<file>`), and no file pulls code from elsewhere (no third-party JavaScript, no CDN).
@Suite("Web UI static files")
struct WebUIFilesTests {
    static let folder = BrowserEnvironment.packageRoot.appendingPathComponent("Sources/OperationsCenter/WebUI", isDirectory: true)

    func files() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: Self.folder.path).filter { !$0.hasPrefix(".") }.sorted()
    }

    func text(_ name: String) throws -> String {
        try String(contentsOf: Self.folder.appendingPathComponent(name), encoding: .utf8)
    }

    /// Every match of `pattern`'s first capture group in `text`.
    func captures(_ pattern: String, in text: String) throws -> [String] {
        let regex = try NSRegularExpression(pattern: pattern)
        return regex.matches(in: text, range: NSRange(text.startIndex..., in: text)).compactMap {
            Range($0.range(at: 1), in: text).map { String(text[$0]) }
        }
    }

    @Test("index.html names only files that exist, under /ui/")
    func indexReferences() throws {
        let html = try text("index.html")
        let refs = try captures(#"(?:src|href)="(/ui/[^"]+)""#, in: html)
        #expect(refs.contains("/ui/app.js"))
        #expect(refs.contains("/ui/style.css"))
        let present = Set(try files())
        for ref in refs {
            #expect(present.contains(String(ref.dropFirst(4))), "index.html refers to \(ref), which is not in WebUI/")
        }
    }

    @Test("every ES module import resolves to a file in the folder; no remote code")
    func moduleImports() throws {
        let present = Set(try files())
        let modules = present.filter { $0.hasSuffix(".js") }
        #expect(modules.count >= 5)
        var imports = 0
        for name in modules {
            let source = try text(name)
            for target in try captures(#"(?m)^\s*import\s[^'"]*['"]([^'"]+)['"]"#, in: source) {
                imports += 1
                #expect(target.hasPrefix("./"), "\(name) imports \(target): only relative imports of our own modules")
                #expect(present.contains(String(target.dropFirst(2))), "\(name) imports \(target), which does not exist")
            }
            #expect(!source.contains("http://") && !source.contains("https://"), "\(name) names a remote URL")
        }
        #expect(imports >= 10, "found \(imports) imports: the pattern reads the modules")
    }

    @Test("the folder is flat and small enough to serve as is")
    func flatFolder() throws {
        for name in try files() {
            var isDirectory: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: Self.folder.appendingPathComponent(name).path, isDirectory: &isDirectory)
            #expect(!isDirectory.boolValue, "\(name) is a folder; /ui/<file> serves one level")
            let lines = try text(name).split(separator: "\n", omittingEmptySubsequences: false).count
            #expect(lines <= 800, "\(name) has \(lines) lines")
        }
    }
}
