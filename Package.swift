// swift-tools-version:6.1
import PackageDescription

/// Strict settings shared by every Praktika target.
let strictSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "Praktika",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "praktika", targets: ["praktika"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    ],
    targets: [
        // The C library, seen only by PraktikaMarkdown.
        .systemLibrary(
            name: "CCmarkGFM",
            pkgConfig: "libcmark-gfm",
            providers: [.apt(["libcmark-gfm-dev", "libcmark-gfm-extensions-dev"])]
        ),
        // A C definition of cmark-gfm's `cmark_manage_extensions_special_characters` that freezes the library's
        // process-wide table of inline special characters, so parsers can finish on several threads at once
        // (frozen.c explains; MarkdownRenderer checks at start-up that the library really calls it).
        .target(name: "CCmarkFrozenCharacters", linkerSettings: [.linkedLibrary("dl")]),
        // mimalloc, linked into the command only: it replaces malloc for the whole process (cmark's nodes,
        // Swift's objects), which costs 15–20% of a build's CPU with glibc's allocator on two threads.
        .systemLibrary(name: "CMimalloc", providers: [.apt(["libmimalloc-dev"])]),
        // Locations, diagnostics and their rendering; depends on nothing.
        .target(name: "PraktikaDiagnostics", swiftSettings: strictSettings),
        // Russian text: slugs, plural forms, dates, collation.
        .target(name: "PraktikaText", swiftSettings: strictSettings),
        // Markdown → HTML, headings, excerpt and links; the only importer of cmark-gfm.
        .target(
            name: "PraktikaMarkdown",
            dependencies: ["CCmarkGFM", "CCmarkFrozenCharacters", "PraktikaText"],
            swiftSettings: strictSettings
        ),
        // The typed portal model: regions, content, front matter decoding, linking.
        .target(
            name: "PraktikaModel",
            dependencies: ["PraktikaDiagnostics", "PraktikaText", "PraktikaMarkdown", "Yams"],
            swiftSettings: strictSettings
        ),
        // Loading a site root from disk, checking, planning, rendering and writing.
        .target(
            name: "PraktikaBuild",
            dependencies: [
                "PraktikaDiagnostics", "PraktikaModel", "PraktikaMarkdown", "PraktikaText",
                .product(name: "Mustache", package: "swift-mustache"),
            ],
            swiftSettings: strictSettings
        ),
        // `praktika serve`: the preview server with live reload (its own target: NIO is slow to build).
        .target(
            name: "PraktikaPreview",
            dependencies: [
                "PraktikaBuild", "PraktikaDiagnostics", "PraktikaModel", "PraktikaText",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        // The thin command-line front end.
        .executableTarget(
            name: "praktika",
            dependencies: [
                "PraktikaBuild", "PraktikaModel", "PraktikaDiagnostics", "PraktikaPreview", "CMimalloc",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strictSettings
        ),
        // A libFuzzer target (`make fuzz`); built normally it replays files given as arguments.
        .executableTarget(
            name: "praktika-fuzz",
            dependencies: ["PraktikaModel", "PraktikaMarkdown"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "PraktikaTests",
            dependencies: [
                "PraktikaDiagnostics", "PraktikaText", "PraktikaMarkdown", "PraktikaModel", "PraktikaBuild",
                "PraktikaPreview",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            exclude: ["Fixtures"],
            swiftSettings: strictSettings
        ),
    ],
    swiftLanguageModes: [.v6]
)
