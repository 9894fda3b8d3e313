// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "Kanshi",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "Astrodynamics", targets: ["Astrodynamics"]),
        .library(name: "SpaceData", targets: ["SpaceData"]),
        .library(name: "Conjunction", targets: ["Conjunction"]),
        .executable(name: "kanshi", targets: ["kanshi"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        .target(name: "Astrodynamics"),
        .target(name: "SpaceData", dependencies: ["Astrodynamics"]),
        .target(name: "Conjunction", dependencies: ["Astrodynamics", "SpaceData"]),
        .executableTarget(
            name: "kanshi",
            dependencies: [
                "Astrodynamics", "SpaceData", "Conjunction",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "AstrodynamicsTests", dependencies: ["Astrodynamics"], path: "Tests/AstrodynamicsTests"),
        .testTarget(name: "SpaceDataTests", dependencies: ["SpaceData", "Astrodynamics"], path: "Tests/SpaceDataTests"),
        .testTarget(name: "ConjunctionTests", dependencies: ["Conjunction", "SpaceData"], path: "Tests/ConjunctionTests"),
        .testTarget(name: "KanshiCLITests", dependencies: ["kanshi", "SpaceData"], path: "Tests/KanshiCLITests"),
    ],
    swiftLanguageModes: [.v6]
)
