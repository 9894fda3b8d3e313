// swift-tools-version:6.0
import PackageDescription

// The catalog-maintenance proof in release mode (see README.md next to this file):
// `cd Benchmarks/catalog_maintenance && swift run -c release CatalogMaintenanceBenchmark history`
// and `... CatalogMaintenanceBenchmark full`. Not part of the root package.
let package = Package(
    name: "CatalogMaintenanceBenchmark",
    platforms: [.macOS(.v15)],
    dependencies: [.package(name: "Kanshi", path: "../..")],
    targets: [
        .executableTarget(
            name: "CatalogMaintenanceBenchmark",
            dependencies: [
                .product(name: "CatalogMaintenance", package: "Kanshi"),
                .product(name: "Sensors", package: "Kanshi"),
                .product(name: "SpaceData", package: "Kanshi"),
                .product(name: "Astrodynamics", package: "Kanshi"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
