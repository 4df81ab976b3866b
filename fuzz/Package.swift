// swift-tools-version:6.1
import PackageDescription

// Coverage-guided fuzz targets for Winnow's loaders and the jail's frame decoder (issue 19, part 6).
// A package of its own, so neither `swift build` of the main package nor CI ever builds them; each
// target defines `LLVMFuzzerTestOneInput` and only links with `-sanitize=fuzzer` (see run.sh).

let strict: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
    .enableUpcomingFeature("ExistentialAny"),
]

/// One fuzz target: its entry point in `Sources/<name>`, the support module and the Winnow library it fuzzes.
func fuzzTarget(_ name: String, linking library: String) -> Target {
    .executableTarget(
        name: name, dependencies: ["FuzzSupport", .product(name: library, package: "Winnow")], swiftSettings: strict)
}

let package = Package(
    name: "WinnowFuzz",
    platforms: [.macOS(.v14)],
    dependencies: [.package(name: "Winnow", path: "..")],
    targets: [
        // libFuzzer's driver behind SwiftPM's own `main` (see driver.c).
        .target(name: "CFuzzDriver"),
        // The entry point, and scratch files for loaders that read a path.
        .target(name: "FuzzSupport", dependencies: ["CFuzzDriver"], swiftSettings: strict),
        fuzzTarget("fuzz-task-json", linking: "WinnowCore"),
        fuzzTarget("fuzz-task-jsonl", linking: "WinnowCore"),
        fuzzTarget("fuzz-task-foofah", linking: "WinnowCore"),
        fuzzTarget("fuzz-csv", linking: "WinnowCore"),
        fuzzTarget("fuzz-inventory-tables", linking: "WinnowTables"),
        fuzzTarget("fuzz-inventory-text", linking: "WinnowText"),
        fuzzTarget("fuzz-jail-profile", linking: "WinnowJail"),
        fuzzTarget("fuzz-jail-frame", linking: "WinnowJail"),
    ]
)
