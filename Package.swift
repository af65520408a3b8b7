// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "AidDesk",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "aiddesk", targets: ["aiddesk"])
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", exact: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", exact: "4.5.2"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", exact: "0.9.20"),
    ],
    targets: [
        // Pure domain: households, kits, distributions, rules, register parsing. No I/O, no C, no SQL.
        .target(name: "DeskCore"),
        // Interface strings, the kit catalogue and the demo name lists, shipped as bundle resources.
        .target(
            name: "DeskResources",
            path: "Resources",
            exclude: [],
            sources: ["DeskResources.swift"],
            resources: [.copy("kits.json"), .copy("strings"), .copy("names")]
        ),
        // GRDB over SQLite: schema, engine operations as transactions, import, operators.
        .target(
            name: "DeskStore",
            dependencies: [
                "DeskCore", .product(name: "GRDB", package: "GRDB.swift"),
                // scrypt for operators' PINs: a Swift package, so a fresh machine needs no libsodium.
                .product(name: "_CryptoExtras", package: "swift-crypto"),
            ]
        ),
        // Excel workbooks (.xlsx) read into register rows and written from spreadsheet models:
        // ZIPFoundation for the zip container, FoundationXML for the parts.
        .target(
            name: "DeskWorkbook",
            dependencies: ["DeskCore", .product(name: "ZIPFoundation", package: "ZIPFoundation")]
        ),
        // Screen state: (state, key) -> state, and state -> a buffer of cells. No ncurses.
        .target(name: "DeskUI", dependencies: ["DeskCore"]),
        // The ncursesw C library, with a shim for the macros and globals Swift cannot import.
        // (No pkgConfig: its cflags carry -D flags SwiftPM refuses with a warning.)
        .systemLibrary(name: "CNcursesw", providers: [.apt(["libncurses-dev"])]),
        // The only code that calls ncurses: init, keys, resize, drawing the cell buffer.
        .target(name: "DeskTerminal", dependencies: ["CNcursesw", "DeskCore", "DeskUI"]),
        // The executable: argument parsing and wiring.
        .executableTarget(
            name: "aiddesk",
            dependencies: [
                "DeskCore", "DeskStore", "DeskResources", "DeskUI", "DeskTerminal", "DeskWorkbook",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
        // Performance targets, run in release mode: `swift run -c release DeskBench`.
        .executableTarget(
            name: "DeskBench",
            dependencies: ["DeskCore", "DeskStore", "DeskResources", "DeskWorkbook"]
        ),
        .testTarget(name: "DeskCoreTests", dependencies: ["DeskCore", "DeskResources"]),
        .testTarget(
            name: "DeskWorkbookTests",
            dependencies: ["DeskWorkbook", "DeskCore", .product(name: "ZIPFoundation", package: "ZIPFoundation")],
            exclude: ["Fixtures"]),
        .testTarget(name: "DeskUITests", dependencies: ["DeskUI", "DeskCore", "DeskResources"], exclude: ["Goldens"]),
        .testTarget(
            name: "DeskStoreTests",
            dependencies: ["DeskCore", "DeskStore", "DeskResources", .product(name: "GRDB", package: "GRDB.swift")]),
        // Drives the real `aiddesk` binary in child processes: the CLI contract, several desks, kill -9.
        .testTarget(
            name: "aiddeskTests",
            dependencies: [
                "aiddesk", "DeskCore", "DeskStore", "DeskResources", "DeskWorkbook", .product(name: "GRDB", package: "GRDB.swift"),
            ]),
    ],
    swiftLanguageModes: [.v6]
)
