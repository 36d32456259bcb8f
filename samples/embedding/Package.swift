// swift-tools-version:6.0
// A host program that embeds SQ: depends on the SQ package by path, runs a
// script on its own data and reads typed results.
import PackageDescription
import Foundation

// SwiftPM names a path dependency after its folder, so find out what that is.
let sqRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

let package = Package(
    name: "SurvivalReport",
    platforms: [.macOS(.v13)],
    dependencies: [.package(path: sqRoot.path)],
    targets: [
        .executableTarget(name: "SurvivalReport", dependencies: [
            .product(name: "SQ", package: sqRoot.lastPathComponent),
            .product(name: "SQSurvival", package: sqRoot.lastPathComponent),
        ]),
    ]
)
