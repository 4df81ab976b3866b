// swift-tools-version:6.1
import PackageDescription

/// Cross-module optimisation, for a module whose generic code runs in other modules' inner loops.
let crossModule: [SwiftSetting] = [.unsafeFlags(["-cross-module-optimization"], .when(configuration: .release))]

let strict: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "Winnow",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "winnow", targets: ["winnow"]),
        .library(name: "WinnowCore", targets: ["WinnowCore"]),
        .library(name: "WinnowSearch", targets: ["WinnowSearch"]),
        .library(name: "WinnowTables", targets: ["WinnowTables"]),
        .library(name: "WinnowText", targets: ["WinnowText"]),
        .library(name: "WinnowJail", targets: ["WinnowJail"]),
        .library(name: "WinnowModel", targets: ["WinnowModel"]),
        .library(name: "WinnowGate", targets: ["WinnowGate"]),
        .library(name: "WinnowControl", targets: ["WinnowControl"]),
        .library(name: "WinnowAggregates", targets: ["WinnowAggregates"]),
        .library(name: "WinnowLearn", targets: ["WinnowLearn"]),
        .library(name: "WinnowHarvest", targets: ["WinnowHarvest"]),
        .library(name: "WinnowServe", targets: ["WinnowServe"]),
        .executable(name: "winnow-jail", targets: ["winnow-jail"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/modelcontextprotocol/swift-sdk", from: "0.12.1"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
    ],
    targets: [
        // Values, tasks, file formats and errors shared by every domain.
        .target(name: "WinnowCore", swiftSettings: strict),
        // Domain-independent best-first search over operator pipelines.
        .target(
            name: "WinnowSearch",
            dependencies: [.product(name: "Collections", package: "swift-collections")],
            // The search is generic over each domain's states and steps; exporting its bodies lets the
            // compiler specialise it in each domain's module instead of hashing, copying and comparing
            // every state through generic metadata and value witnesses.
            swiftSettings: strict + crossModule
        ),
        // Cell programs: FlashFill's language of text, number and date transforms, and its synthesis.
        .target(name: "WinnowText", dependencies: ["WinnowCore"], swiftSettings: strict),
        // The table domain: operators, inventory, heuristic, solver, Python export.
        .target(
            name: "WinnowTables",
            dependencies: [
                "WinnowCore", "WinnowSearch", "WinnowControl", "WinnowText",
                .product(name: "BitCollections", package: "swift-collections"),
            ],
            swiftSettings: strict
        ),
        // libseccomp, found through pkg-config, for the launcher and for syscall names in the host.
        .systemLibrary(name: "CSeccomp", pkgConfig: "libseccomp", providers: [.apt(["libseccomp-dev"])]),
        // The single-threaded C launcher the host posix_spawns: namespaces, cgroups, filters, exec.
        .executableTarget(
            name: "winnow-jail",
            dependencies: ["CSeccomp"],
            cSettings: [.unsafeFlags(["-Wall", "-Wextra", "-Wno-missing-field-initializers", "-Werror"])]
        ),
        // The executor: jail profiles, the zygote protocol, verdicts and the worker pool.
        .target(
            name: "WinnowJail",
            dependencies: ["WinnowCore", "CSeccomp", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strict
        ),
        // The model channel: the OpenAI-compatible client, cassettes, prompt files, and reading what a small model writes.
        .target(name: "WinnowModel", dependencies: ["WinnowCore"], resources: [.copy("Prompts")], swiftSettings: strict),
        // The propose → verify → commit loop: model proposals checked in the jail, search, the gate.
        .target(
            name: "WinnowGate",
            dependencies: ["WinnowCore", "WinnowTables", "WinnowJail", "WinnowModel", "WinnowControl"],
            swiftSettings: strict
        ),
        // The verifier MDP: problems, states, actions, episodes and the fixed policies.
        .target(name: "WinnowControl", swiftSettings: strict),
        // The aggregates domain (lists of numbers → a number or a list): values, operators, inventory, search, generator, control problem.
        .target(name: "WinnowAggregates", dependencies: ["WinnowCore", "WinnowSearch", "WinnowControl"], swiftSettings: strict),
        // OpenBLAS (CBLAS), found through pkg-config, for the learned policy's matrix work.
        .systemLibrary(name: "COpenBLAS", pkgConfig: "openblas", providers: [.apt(["libopenblas-dev"])]),
        // The learned controller policy (state features, macro-actions, the BLAS network, GRPO and DPO
        // training) and the learned table search prior.
        .target(name: "WinnowLearn", dependencies: ["WinnowControl", "WinnowCore", "WinnowTables", "COpenBLAS"], swiftSettings: strict),
        // Verified successes as fine-tuning data: run-file readers, jail verification, the JSONL data set, the leak guard.
        .target(
            name: "WinnowHarvest",
            dependencies: ["WinnowCore", "WinnowTables", "WinnowJail", "WinnowModel", "WinnowGate"],
            swiftSettings: strict
        ),
        // `winnow serve` and `winnow mcp`: the solver as an HTTP API, a web page and MCP tools, with the
        // limits, token and shutdown that make it safe to leave running.
        .target(
            name: "WinnowServe",
            dependencies: [
                "WinnowCore", "WinnowTables", "WinnowText",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "MCP", package: "swift-sdk"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            resources: [.copy("Web")],
            swiftSettings: strict
        ),
        // Commands behind the `winnow` executable, kept in a library so tests can drive them.
        .target(
            name: "WinnowCLI",
            dependencies: [
                "WinnowCore", "WinnowTables", "WinnowJail", "WinnowModel", "WinnowGate", "WinnowControl", "WinnowLearn",
                "WinnowAggregates", "WinnowHarvest", "WinnowText", "WinnowServe",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(name: "winnow", dependencies: ["WinnowCLI"], swiftSettings: strict),
        .testTarget(name: "WinnowCoreTests", dependencies: ["WinnowCore"], resources: [.copy("Fixtures")], swiftSettings: strict),
        .testTarget(name: "WinnowControlTests", dependencies: ["WinnowControl"], swiftSettings: strict),
        .testTarget(name: "WinnowAggregatesTests", dependencies: ["WinnowAggregates", "WinnowCore", "WinnowControl", "WinnowSearch", "WinnowTestSupport"], swiftSettings: strict),
        .testTarget(
            name: "WinnowLearnTests", dependencies: ["WinnowLearn", "WinnowControl", "WinnowTables", "WinnowCore", "WinnowTestSupport"], swiftSettings: strict),
        .testTarget(name: "WinnowSearchTests", dependencies: ["WinnowSearch"], swiftSettings: strict),
        .testTarget(name: "WinnowTextTests", dependencies: ["WinnowText", "WinnowCore", "WinnowControl", "WinnowTestSupport"], swiftSettings: strict),
        .testTarget(
            name: "WinnowTablesTests",
            dependencies: ["WinnowTables", "WinnowText", "WinnowCore"],
            resources: [.copy("Fixtures")],
            swiftSettings: strict
        ),
        // The scripted OpenAI-compatible server the model tests talk to over loopback.
        .target(name: "WinnowTestSupport", path: "Tests/WinnowTestSupport", swiftSettings: strict),
        .testTarget(name: "WinnowModelTests", dependencies: ["WinnowModel", "WinnowCore", "WinnowTestSupport"], swiftSettings: strict),
        .testTarget(
            name: "WinnowGateTests",
            dependencies: ["WinnowGate", "WinnowModel", "WinnowJail", "WinnowTables", "WinnowCore", "WinnowTestSupport"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "WinnowJailTests",
            dependencies: ["WinnowJail", "WinnowCore", "WinnowTables", "WinnowText"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "WinnowHarvestTests",
            dependencies: ["WinnowHarvest", "WinnowTables", "WinnowJail", "WinnowModel", "WinnowGate", "WinnowCore", "WinnowTestSupport"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "WinnowCLITests",
            dependencies: ["WinnowCLI", "WinnowTables", "WinnowCore", "WinnowLearn", "WinnowTestSupport"],
            resources: [.copy("Fixtures")],
            swiftSettings: strict
        ),
        .testTarget(
            name: "WinnowServeTests",
            dependencies: [
                "WinnowServe", "WinnowTables", "WinnowCore",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "MCP", package: "swift-sdk"),
            ],
            swiftSettings: strict
        ),
        // `winnow` against real llama.cpp servers loading tiny generated models (Tests/RealServers/).
        .testTarget(name: "WinnowRealServerTests", dependencies: ["WinnowTestSupport"], swiftSettings: strict),
    ]
)
