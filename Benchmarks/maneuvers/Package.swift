// swift-tools-version:6.0
import PackageDescription

// Maneuver detection measured on real histories with injected burns, release mode:
// `cd Benchmarks/maneuvers && swift run -c release ManeuverBenchmark [HISTORY_DIR]`. Not part of the root package.
let package = Package(
    name: "ManeuverBenchmark",
    platforms: [.macOS(.v15)],
    dependencies: [.package(name: "Kanshi", path: "../..")],
    targets: [
        .executableTarget(
            name: "ManeuverBenchmark",
            dependencies: [
                .product(name: "Threats", package: "Kanshi"),
                .product(name: "Sensors", package: "Kanshi"),
                .product(name: "SpaceData", package: "Kanshi"),
                .product(name: "Astrodynamics", package: "Kanshi"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
