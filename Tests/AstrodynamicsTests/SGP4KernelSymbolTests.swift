import Foundation
import Testing

/// The AVX2 and AVX-512 builds of the SGP4 kernel (and of the screener's pair scan) must not share a weak symbol with any other
/// module: the static linker keeps one copy of same-named weak symbols, so a shared specialisation
/// could hand AVX-512 instructions to the portable path (a crash on CPUs without them) or slow code
/// to the fast path. Each variant specialises the kernel with an arithmetic type of its own, so every
/// weak symbol it defines names its own module. Checked with `nm` on the objects of this build.
@Suite("SGP4 kernel variants keep their symbols to themselves")
struct SGP4KernelSymbolTests {
    static func packageRoot(file: String = #filePath) -> URL {
        URL(fileURLWithPath: file).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    /// Object files of `module` in every configuration under .build.
    static func objects(of module: String) -> [URL] {
        let build = packageRoot().appendingPathComponent(".build")
        guard let walker = FileManager.default.enumerator(at: build, includingPropertiesForKeys: nil) else { return [] }
        var found: [URL] = []
        for case let url as URL in walker {
            if url.lastPathComponent == "checkouts" || url.lastPathComponent == "repositories" { walker.skipDescendants() }
            if url.pathExtension == "o", url.deletingLastPathComponent().lastPathComponent == "\(module).build" {
                found.append(url)
            }
        }
        return found
    }

    static func weakSymbols(_ object: URL) throws -> [String] {
        let nm = Process()
        nm.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        nm.arguments = ["nm", object.path]
        let pipe = Pipe()
        nm.standardOutput = pipe
        try nm.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        nm.waitUntilExit()
        #expect(nm.terminationStatus == 0, "nm \(object.path)")
        return String(decoding: data, as: UTF8.self).split(separator: "\n").compactMap { line in
            let parts = line.split(separator: " ")
            guard parts.count >= 3, parts[parts.count - 2] == "W" || parts[parts.count - 2] == "w" else { return nil }
            return String(parts[parts.count - 1])
        }
    }

    @Test("every weak symbol of the AVX2 and AVX-512 kernels (SGP4 and the screener's pair scan) is mangled with its own module")
    func variantsOwnTheirSymbols() throws {
        for (module, mangled) in [("SGP4KernelAVX512", "16SGP4KernelAVX512"), ("SGP4KernelAVX2", "14SGP4KernelAVX2"),
                                  ("ScreeningKernelAVX512", "21ScreeningKernelAVX512"), ("ScreeningKernelAVX2", "19ScreeningKernelAVX2")] {
            let objects = Self.objects(of: module)
            #expect(!objects.isEmpty, "no object files of \(module) under .build")
            for object in objects {
                for symbol in try Self.weakSymbols(object) {
                    #expect(symbol.contains(mangled), "\(object.lastPathComponent) of \(module) defines shared weak symbol \(symbol)")
                }
            }
        }
    }
}
