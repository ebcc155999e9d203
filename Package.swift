// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "huizong",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "huizong", targets: ["huizong"]),
        .library(name: "Huizong", targets: ["Huizong"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", exact: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", exact: "2.5.0"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CExpat",
            providers: [.apt(["libexpat1-dev"])]
        ),
        .systemLibrary(
            name: "CZlibDeflate",
            providers: [.apt(["zlib1g-dev"])]
        ),
        .target(
            name: "Huizong",
            dependencies: [
                "CExpat",
                "CZlibDeflate",
                .product(name: "Yams", package: "Yams"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ]
        ),
        .target(
            name: "HuizongPortal",
            dependencies: [
                "Huizong",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ]
        ),
        .executableTarget(
            name: "huizong",
            dependencies: [
                "Huizong",
                "HuizongPortal",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "HuizongTestSupport",
            dependencies: ["Huizong"],
            path: "Tests/HuizongTestSupport"
        ),
        .testTarget(
            name: "HuizongTests",
            dependencies: ["Huizong", "HuizongPortal", "HuizongTestSupport"],
            resources: [.copy("Fixtures")]
        ),
    ]
)
