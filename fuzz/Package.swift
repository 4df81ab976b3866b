// swift-tools-version:6.1
import PackageDescription

// Coverage-guided fuzz targets for Winnow's loaders and the jail's frame decoder (issue 19, part 6).
// A package of its own, so neither `swift build` of the main package nor CI ever builds them; each
// target defines `LLVMFuzzerTestOneInput` and only links with `-sanitize=fuzzer` (see run.sh).

let strict: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "WinnowFuzz",
    platforms: [.macOS(.v14)],
    dependencies: [.package(name: "Winnow", path: "..")],
    targets: [
        // libFuzzer's driver behind SwiftPM's own `main` (see driver.c).
        .target(name: "CFuzzDriver"),
        // The entry point, and scratch files for loaders that read a path.
        .target(name: "FuzzSupport", dependencies: ["CFuzzDriver"], swiftSettings: strict),
        .executableTarget(
            name: "fuzz-task-json",
            dependencies: ["FuzzSupport", .product(name: "WinnowCore", package: "Winnow")],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "fuzz-task-jsonl",
            dependencies: ["FuzzSupport", .product(name: "WinnowCore", package: "Winnow")],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "fuzz-task-foofah",
            dependencies: ["FuzzSupport", .product(name: "WinnowCore", package: "Winnow")],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "fuzz-csv",
            dependencies: ["FuzzSupport", .product(name: "WinnowCore", package: "Winnow")],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "fuzz-inventory-tables",
            dependencies: ["FuzzSupport", .product(name: "WinnowTables", package: "Winnow")],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "fuzz-inventory-text",
            dependencies: ["FuzzSupport", .product(name: "WinnowText", package: "Winnow")],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "fuzz-jail-profile",
            dependencies: ["FuzzSupport", .product(name: "WinnowJail", package: "Winnow")],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "fuzz-jail-frame",
            dependencies: ["FuzzSupport", .product(name: "WinnowJail", package: "Winnow")],
            swiftSettings: strict
        ),
    ]
)
