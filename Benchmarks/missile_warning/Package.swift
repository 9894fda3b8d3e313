// swift-tools-version:6.0
import PackageDescription

// The missile-warning Proof in release mode (see Benchmarks/README.md):
// `cd Benchmarks/missile_warning && swift run -c release MissileWarningBenchmark [--seeds N]`.
// Not part of the root package.
let package = Package(
    name: "MissileWarningBenchmark",
    platforms: [.macOS(.v15)],
    dependencies: [.package(name: "Kanshi", path: "../..")],
    targets: [
        .executableTarget(
            name: "MissileWarningBenchmark",
            dependencies: [
                .product(name: "MissileWarning", package: "Kanshi"),
                .product(name: "Astrodynamics", package: "Kanshi"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
