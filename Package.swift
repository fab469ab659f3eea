// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "venvstacks",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "venvstacks", targets: ["venvstacks"]),
        .library(name: "VenvStacks", targets: ["VenvStacks"]),
        .library(name: "PythonPackaging", targets: ["PythonPackaging"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/swiftlang/swift-subprocess", from: "1.0.2"),
        .package(url: "https://github.com/apple/swift-system", from: "1.8.1"),
    ],
    targets: [
        // Pure Swift Python packaging primitives: PEP 440, PEP 508, markers, wheel names.
        .target(name: "PythonPackaging"),
        // libarchive (tar stream), liblzma, libzstd and zlib (compression) for DeterministicArchive.
        .systemLibrary(
            name: "CArchiveSupport",
            providers: [.apt(["libarchive-dev", "liblzma-dev", "libzstd-dev", "zlib1g-dev"])]
        ),
        // Byte-reproducible .tar.xz / .tar.zst / .tar.gz writer. Knows nothing of layers; never prints.
        .target(
            name: "DeterministicArchive",
            dependencies: [
                "CArchiveSupport",
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        // The engine: spec, graph, locks, build, publish. Never prints.
        .target(
            name: "VenvStacks",
            dependencies: [
                "PythonPackaging",
                "DeterministicArchive",
                "CArchiveSupport",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Subprocess", package: "swift-subprocess"),
                .product(name: "SystemPackage", package: "swift-system"),
            ]
        ),
        // One ArgumentParser command per file; maps engine reports to the terminal.
        .target(
            name: "VenvStacksCLI",
            dependencies: [
                "VenvStacks",
                "DeterministicArchive",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(name: "venvstacks", dependencies: ["VenvStacksCLI"]),
        // The library API in use: load a spec and print the stack status as JSON (the Swift
        // counterpart of the Python tool's interactive example). Built by `swift build`, run by a test.
        .executableTarget(name: "stack-status-example", dependencies: ["VenvStacks"], path: "examples/swift-api"),
        // Shared by the test targets: the fail-closed scripted tool runner and a plain
        // synchronous process runner for tests that start the real binary.
        .target(name: "VenvStacksTestSupport", dependencies: ["VenvStacks"], path: "Tests/VenvStacksTestSupport"),
        .testTarget(name: "PythonPackagingTests", dependencies: ["PythonPackaging"]),
        .testTarget(name: "DeterministicArchiveTests", dependencies: ["DeterministicArchive"]),
        .testTarget(
            name: "VenvStacksTests",
            dependencies: ["VenvStacks", "VenvStacksCLI", "VenvStacksTestSupport"],
            resources: []
        ),
        .testTarget(
            name: "IntegrationTests",
            dependencies: ["VenvStacks", "PythonPackaging", "DeterministicArchive", "VenvStacksTestSupport"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
