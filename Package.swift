// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "Verdict",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "verdict", targets: ["verdict"]),
        .executable(name: "verdict-serve", targets: ["verdict-serve"]),
        .executable(name: "verdict-comment", targets: ["verdict-comment"]),
        .library(name: "VerdictKit", targets: ["VerdictKit"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
        // The web view only: kept out of `verdict` so `verdict check` starts as fast as before.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1", traits: []),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.14.0"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
    ],
    targets: [
        .systemLibrary(
            name: "CYAML",
            pkgConfig: "yaml-0.1",
            providers: [.apt(["libyaml-dev"])]
        ),
        .systemLibrary(
            name: "CLibXML2",
            pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"])]
        ),
        .systemLibrary(
            name: "CZlib",
            providers: [.apt(["zlib1g-dev"])]
        ),
        .systemLibrary(
            name: "CJQ",
            providers: [.apt(["libjq-dev"])]
        ),
        .target(
            name: "VerdictKit",
            dependencies: [
                "CYAML",
                "CLibXML2",
                "CJQ",
                "CZlib",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
        .executableTarget(
            name: "verdict",
            dependencies: [
                "VerdictKit",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Posting the report (an HTTP client: FoundationNetworking and libcurl) lives in its own
        // module and executable, so `verdict check` does not load it at start-up.
        .target(
            name: "VerdictPublish",
            dependencies: ["VerdictKit"]
        ),
        .executableTarget(
            name: "verdict-comment",
            dependencies: [
                "VerdictPublish",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .target(
            name: "VerdictServer",
            dependencies: [
                "VerdictKit",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .executableTarget(
            name: "verdict-serve",
            dependencies: [
                "VerdictServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "VerdictServerTests",
            dependencies: [
                "VerdictServer",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            path: "Tests/VerdictServerTests"
        ),
        .testTarget(
            name: "VerdictKitTests",
            dependencies: ["VerdictKit"],
            path: "Tests/VerdictKitTests",
            exclude: ["Snapshots"]
        ),
        .testTarget(
            name: "VerdictPublishTests",
            dependencies: ["VerdictPublish"],
            path: "Tests/VerdictPublishTests"
        ),
        .testTarget(
            name: "VerdictCLITests",
            dependencies: ["VerdictKit", "verdict", "verdict-serve", "verdict-comment"],
            path: "Tests/VerdictCLITests"
        ),
    ]
)
