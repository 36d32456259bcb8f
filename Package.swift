// swift-tools-version:6.0
// SQ — a survival-analysis query language. One stage per module; data flows
// SQSyntax → SQCompiler (over SQBackend, the store interface) → SQStore (SQLite,
// one backend) → SQSurvival → SQ (Session) → SQRender → sq; SQResults (the result
// types and their tables) sits beside them, so a renderer links results only.
import PackageDescription

let package = Package(
    name: "SQ",
    platforms: [.macOS(.v13)],
    products: [
        .library(name: "SQ", targets: ["SQ"]),
        .library(name: "SQSurvival", targets: ["SQSurvival"]),
        .executable(name: "sq", targets: ["sq"]),
        .executable(name: "sq-bench", targets: ["SQBench"]),
        .executable(name: "sq-fuzz", targets: ["SQFuzz"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
        // Tests only: they write workbooks with it (SQStore reads ZIP archives itself).
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
    ],
    targets: [
        .systemLibrary(name: "CSQLite", path: "Sources/CSQLite", pkgConfig: "sqlite3",
                       providers: [.apt(["libsqlite3-dev"])]),
        // Not "CZlib": ZIPFoundation's own zlib module has that name, and the tests link both.
        .systemLibrary(name: "CSystemZlib", path: "Sources/CSystemZlib", pkgConfig: "zlib",
                       providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(name: "CEditLine", path: "Sources/CEditLine", pkgConfig: "libedit",
                       providers: [.apt(["libedit-dev"])]),
        .systemLibrary(name: "CLibPQ", path: "Sources/CLibPQ", pkgConfig: "libpq",
                       providers: [.apt(["libpq-dev"])]),
        // ReadStat (SPSS, Stata, SAS files) ships no pkg-config file on Debian; the modulemap links it.
        .systemLibrary(name: "CReadStat", path: "Sources/CReadStat", providers: [.apt(["libreadstat-dev"])]),

        // Escaping of control characters, for everything that shows text from the data.
        .target(name: "SQText"),
        .target(name: "SQSyntax", dependencies: ["SQText"]),
        .target(name: "SQResults", dependencies: ["SQBackend", "SQText", "SQPlot", "SQSurvival"]),
        .target(name: "SQSurvival"),
        // What the compiler needs of a database: SQL values, fragments, the dialect and backend protocols.
        .target(name: "SQBackend"),
        .target(name: "SQStore", dependencies: ["SQBackend", "CSQLite", "CReadStat", "CSystemZlib"]),
        // The PostgreSQL backend (libpq): connection, read-only statements, cancel, catalogs, pushdown SQL, its dialect.
        .target(name: "SQPostgres", dependencies: ["SQBackend", "SQCompiler", "CLibPQ"]),
        .target(name: "SQCompiler", dependencies: ["SQSyntax", "SQBackend"]),
        .target(name: "SQPlot", dependencies: ["SQText"]),
        .target(name: "SQ", dependencies: ["SQSyntax", "SQCompiler", "SQBackend", "SQStore", "SQPostgres", "SQSurvival", "SQPlot", "SQResults"]),
        .target(name: "SQRender", dependencies: ["SQResults", "SQText", "SQPlot"]),
        .target(name: "SQRepl", dependencies: ["SQ", "SQRender", "SQSyntax", "CEditLine"]),
        .executableTarget(name: "sq", dependencies: [
            "SQ", "SQRender", "SQRepl",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .executableTarget(name: "SQBench", dependencies: ["SQ", "SQStore", "SQPostgres", "SQSurvival", "SQTestSupport"], path: "Benchmarks/SQBench"),
        .executableTarget(name: "SQFuzz", dependencies: ["SQ", "SQStore", "SQSyntax"], path: "Fuzz/SQFuzz"),

        .target(name: "SQTestSupport", path: "Tests/SQTestSupport"),
        .testTarget(name: "SQSyntaxTests", dependencies: ["SQSyntax"]),
        .testTarget(name: "SQSurvivalTests", dependencies: ["SQSurvival", "SQTestSupport"]),
        .testTarget(name: "SQPropertyTests", dependencies: [
            "SQSurvival", "SQTestSupport", .product(name: "PropertyBased", package: "swift-property-based"),
        ]),
        .testTarget(name: "SQStoreTests", dependencies: ["SQStore", .product(name: "ZIPFoundation", package: "ZIPFoundation")]),
        // Also SQ: the same scripts through a Session on PostgreSQL and on SQLite.
        .testTarget(name: "SQPostgresTests", dependencies: ["SQPostgres", "SQ", "SQResults", "SQStore", "SQBackend", "SQSurvival"]),
        .testTarget(name: "SQCompilerTests", dependencies: ["SQCompiler", "SQSyntax", "SQBackend", "SQStore", "SQPostgres"]),
        .testTarget(name: "SQTests", dependencies: ["SQ", "SQRender", "SQResults", "SQText", "SQSurvival", "SQTestSupport"]),
        .testTarget(name: "SQPlotTests", dependencies: ["SQPlot"]),
        .testTarget(name: "SQReplTests", dependencies: ["SQRepl", "SQ", "SQSyntax", "SQCompiler", "sq"]),
        .testTarget(name: "sqTests", dependencies: ["sq", .product(name: "ZIPFoundation", package: "ZIPFoundation")]),
    ]
)
