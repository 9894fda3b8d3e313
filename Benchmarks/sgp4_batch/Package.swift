// swift-tools-version:6.0
import PackageDescription

// The issue-8 Proof: batched SGP4 speed against python-sgp4, heyoka and astroz, and the full-catalog
// exactness check against the scalar propagator. Not part of the root package:
// `cd Benchmarks/sgp4_batch && swift build -c release && .build/release/SGP4BatchBenchmark speed`.
let package = Package(
    name: "SGP4BatchBenchmark",
    platforms: [.macOS(.v15)],
    dependencies: [.package(name: "Kanshi", path: "../..")],
    targets: [
        .executableTarget(
            name: "SGP4BatchBenchmark",
            dependencies: [
                .product(name: "Astrodynamics", package: "Kanshi"),
                .product(name: "SpaceData", package: "Kanshi"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
