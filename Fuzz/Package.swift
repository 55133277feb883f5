// swift-tools-version:6.0
// Fuzz targets for Verdict's readers, policy loader and markdown writer, kept out of the main
// package so that `swift build` and `swift test` never see libFuzzer. Built and run by
// `scripts/fuzz.sh TARGET SECONDS` with `-sanitize=fuzzer,address` into `.build-fuzz`.
import PackageDescription

let package = Package(
    name: "VerdictFuzz",
    platforms: [.macOS(.v13)],
    dependencies: [
        .package(name: "Verdict", path: ".."),
    ],
    targets: [
        .target(name: "CFuzzerDriver"),
        .executableTarget(
            name: "VerdictFuzz",
            dependencies: ["CFuzzerDriver", .product(name: "VerdictKit", package: "Verdict")]
        ),
    ]
)
