// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "Verdict",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "verdict", targets: ["verdict"]),
        .library(name: "VerdictKit", targets: ["VerdictKit"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
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
        .testTarget(
            name: "VerdictKitTests",
            dependencies: ["VerdictKit"],
            path: "Tests/VerdictKitTests",
            exclude: ["Snapshots"]
        ),
        .testTarget(
            name: "VerdictCLITests",
            dependencies: ["VerdictKit", "verdict"],
            path: "Tests/VerdictCLITests"
        ),
    ]
)
