// swift-tools-version:6.0
import PackageDescription

// Release-mode screening runs (full catalog, brute-force comparison, pad measurements).
// Not part of the root package: `cd Benchmarks/ScreeningBenchmark && swift run -c release ScreeningBenchmark full`.
let package = Package(
    name: "ScreeningBenchmark",
    platforms: [.macOS(.v15)],
    dependencies: [.package(name: "Kanshi", path: "../..")],
    targets: [
        .executableTarget(
            name: "ScreeningBenchmark",
            dependencies: [
                .product(name: "Conjunction", package: "Kanshi"),
                .product(name: "SpaceData", package: "Kanshi"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
