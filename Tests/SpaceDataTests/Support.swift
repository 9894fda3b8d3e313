import Foundation
@testable import SpaceData

/// Paths of test inputs, found from this file's location so tests run from any directory.
enum Fixture {
    static let testsDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    static let packageRoot = testsDirectory.deletingLastPathComponent()

    /// A file under `Tests/Fixtures/spacedata/`.
    static func path(_ name: String) -> String {
        testsDirectory.appendingPathComponent("Fixtures/spacedata").appendingPathComponent(name).path
    }

    /// The full 2023-10-09 catalog the package ships in `data/`.
    static let fullCatalog2023 = packageRoot.appendingPathComponent("data/spacetrack_gp_full_catalog_2023-10-09.3le.gz").path

    static func bytes(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: URL(fileURLWithPath: path(name))))
    }
}
