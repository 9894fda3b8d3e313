// swift-tools-version:6.0
import PackageDescription

// The batched SGP4 kernel is compiled three times: for the baseline CPU (in SGP4Kernel) and, on
// x86-64, for AVX2+FMA and AVX-512; `SGP4Batch` picks one at run time from what the CPU reports, so
// the ordinary `swift build -c release` is the fast build and still runs on any x86-64.
// `-fno-math-errno` lets `squareRoot()` become one vector instruction instead of a library call per
// lane (errno is never read).
let mathSettings: [SwiftSetting] = [.unsafeFlags(["-Xcc", "-fno-math-errno"])]
// The kernels are optimized in debug builds too: unoptimized SIMD code is a hundred times slower,
// and the tests compare the kernels with the scalar propagator over millions of states.
let kernelDebugSettings: [SwiftSetting] = [.unsafeFlags(["-O"], .when(configuration: .debug))]
#if arch(x86_64)
let avx2Settings: [SwiftSetting] = [.unsafeFlags(["-Xcc", "-fno-math-errno", "-target-cpu", "haswell"])] + kernelDebugSettings
let avx512Settings: [SwiftSetting] = [.unsafeFlags(["-Xcc", "-fno-math-errno", "-target-cpu", "skylake-avx512"])] + kernelDebugSettings
#else
let avx2Settings = mathSettings + kernelDebugSettings
let avx512Settings = mathSettings + kernelDebugSettings
#endif

// Core modules (Astrodynamics, SpaceData, Conjunction, Estimation, Sensors, CatalogMaintenance, Threats, MissileWarning) depend on Foundation only, so
// `swift build --target Astrodynamics` stays fast; the server stack (GRDB, PostgresNIO,
// Hummingbird) enters at Persistence and OperationsCenter.
let package = Package(
    name: "Kanshi",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "Astrodynamics", targets: ["Astrodynamics"]),
        .library(name: "SpaceData", targets: ["SpaceData"]),
        .library(name: "Conjunction", targets: ["Conjunction"]),
        .library(name: "Estimation", targets: ["Estimation"]),
        .library(name: "Sensors", targets: ["Sensors"]),
        .library(name: "CatalogMaintenance", targets: ["CatalogMaintenance"]),
        .library(name: "Threats", targets: ["Threats"]),
        .library(name: "MissileWarning", targets: ["MissileWarning"]),
        .library(name: "Persistence", targets: ["Persistence"]),
        .library(name: "OperationsCenter", targets: ["OperationsCenter"]),
        .executable(name: "kanshi", targets: ["kanshi"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-websocket", from: "2.8.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        // Test-only: reads docs/openapi.yaml in the OpenAPI conformance test.
        .package(url: "https://github.com/jpsim/Yams", from: "5.0.1"),
    ],
    targets: [
        .target(name: "SGP4Kernel", swiftSettings: mathSettings + kernelDebugSettings),
        .target(name: "SGP4KernelAVX2", dependencies: ["SGP4Kernel"], swiftSettings: avx2Settings),
        .target(name: "SGP4KernelAVX512", dependencies: ["SGP4Kernel"], swiftSettings: avx512Settings),
        .target(name: "Astrodynamics", dependencies: ["SGP4Kernel", "SGP4KernelAVX2", "SGP4KernelAVX512"],
                swiftSettings: mathSettings),
        // The screener's pair scan, compiled the same three ways.
        .target(name: "ScreeningKernel", swiftSettings: kernelDebugSettings),
        .target(name: "ScreeningKernelAVX2", dependencies: ["ScreeningKernel"], swiftSettings: avx2Settings),
        .target(name: "ScreeningKernelAVX512", dependencies: ["ScreeningKernel"], swiftSettings: avx512Settings),
        .target(name: "SpaceData", dependencies: ["Astrodynamics"]),
        .target(name: "Conjunction", dependencies: ["Astrodynamics", "SpaceData", "ScreeningKernel", "ScreeningKernelAVX2", "ScreeningKernelAVX512"]),
        .target(name: "Estimation", dependencies: ["Astrodynamics"]),
        .target(name: "Sensors", dependencies: ["Astrodynamics", "SpaceData"]),
        .target(name: "CatalogMaintenance", dependencies: ["Astrodynamics", "SpaceData", "Estimation", "Sensors"]),
        .target(name: "Threats", dependencies: ["Astrodynamics", "SpaceData", "Conjunction", "Sensors", "CatalogMaintenance"]),
        .target(name: "MissileWarning", dependencies: ["Astrodynamics", "SpaceData", "Estimation", "Sensors"]),
        .target(
            name: "Persistence",
            dependencies: [
                "Astrodynamics", "SpaceData", "Conjunction",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "OperationsCenter",
            dependencies: [
                "Astrodynamics", "SpaceData", "Conjunction", "Persistence", "Threats", "MissileWarning",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            resources: [.copy("WebUI")]
        ),
        .executableTarget(
            name: "kanshi",
            dependencies: [
                "Astrodynamics", "SpaceData", "Conjunction", "Persistence", "OperationsCenter",
                "Estimation", "Sensors", "CatalogMaintenance", "Threats", "MissileWarning",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // What several test targets share (heavy work off the cooperative pool).
        .target(name: "TestSupport", path: "Tests/Support"),
        .testTarget(name: "AstrodynamicsTests", dependencies: ["Astrodynamics", "TestSupport"], path: "Tests/AstrodynamicsTests"),
        .testTarget(name: "SpaceDataTests", dependencies: ["SpaceData", "Astrodynamics"], path: "Tests/SpaceDataTests"),
        .testTarget(name: "ConjunctionTests", dependencies: ["Conjunction", "SpaceData", "TestSupport"], path: "Tests/ConjunctionTests"),
        .testTarget(name: "EstimationTests", dependencies: ["Estimation", "Astrodynamics"], path: "Tests/EstimationTests"),
        .testTarget(name: "SensorsTests", dependencies: ["Sensors", "SpaceData", "Astrodynamics", "TestSupport"], path: "Tests/SensorsTests"),
        .testTarget(
            name: "CatalogMaintenanceTests",
            dependencies: ["CatalogMaintenance", "Sensors", "Estimation", "SpaceData", "Astrodynamics"],
            path: "Tests/CatalogMaintenanceTests"
        ),
        .testTarget(name: "ThreatsTests", dependencies: ["Threats", "SpaceData", "Astrodynamics"], path: "Tests/ThreatsTests"),
        .testTarget(name: "MissileWarningTests", dependencies: ["MissileWarning", "Astrodynamics"], path: "Tests/MissileWarningTests"),
        .testTarget(name: "PersistenceTests", dependencies: ["Persistence", "SpaceData", "Conjunction"], path: "Tests/PersistenceTests"),
        .testTarget(
            name: "OperationsCenterTests",
            dependencies: [
                "OperationsCenter", "Persistence", "SpaceData", "Threats", "MissileWarning",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HummingbirdWSClient", package: "hummingbird-websocket"),
                .product(name: "Yams", package: "Yams"),
            ],
            path: "Tests/OperationsCenterTests"
        ),
        .testTarget(name: "KanshiCLITests", dependencies: ["kanshi", "SpaceData", "Persistence"], path: "Tests/KanshiCLITests"),
    ],
    swiftLanguageModes: [.v6]
)
