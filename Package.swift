// swift-tools-version:6.0
import PackageDescription

// No Swift package dependencies: only the toolchain and Debian's C libraries,
// each wrapped as a system-library target (module.modulemap + shim.h).
// libpq, MariaDB Connector/C and ncurses are not linked: CClientLoader loads them on first use (docs/ARCHITECTURE.md).
let package = Package(
    name: "recedit",
    products: [
        .executable(name: "recedit", targets: ["recedit"])
    ],
    targets: [
        // C boundaries
        .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),
        // Headers only (pkg-config would link the library); the functions come from CClientLoader, which loads
        // the library on first use.
        .systemLibrary(name: "CLibpq", providers: [.apt(["libpq-dev"])]),
        .systemLibrary(name: "CMariaDB", providers: [.apt(["libmariadb-dev"])]),
        .target(name: "CClientLoader"),
        .systemLibrary(name: "CNcursesw", providers: [.apt(["libncurses-dev"])]),

        // Pure code: no C, no I/O
        .target(name: "TextMerge"),
        .target(name: "RecEditCore", dependencies: ["TextMerge"]),
        .target(name: "EditorCore", dependencies: ["RecEditCore", "TextMerge"]),

        // Adapters
        .target(name: "SQLiteStore", dependencies: ["RecEditCore", "CSQLite"]),
        .target(name: "PostgresStore", dependencies: ["RecEditCore", "CLibpq", "CClientLoader"]),
        .target(name: "MariaDBStore", dependencies: ["RecEditCore", "CMariaDB", "CClientLoader"]),
        .target(name: "TerminalUI", dependencies: ["EditorCore", "CNcursesw", "CClientLoader"]),

        // Wiring
        .target(name: "EditorApp", dependencies: ["RecEditCore", "EditorCore", "TerminalUI", "TextMerge"]),
        .target(
            name: "RecEditCLI",
            dependencies: ["RecEditCore", "TextMerge", "SQLiteStore", "PostgresStore", "MariaDBStore", "EditorCore", "EditorApp", "TerminalUI"]),
        // The Swift runtime, and the C++ library it uses, linked in: a process starts without loading and relocating
        // them (docs/ARCHITECTURE.md, "Start-up"; link/libstdc++.so says how).
        .executableTarget(
            name: "recedit", dependencies: ["RecEditCLI"], exclude: ["link"],
            linkerSettings: [.unsafeFlags(["-static-stdlib", "-L", Context.packageDirectory + "/Sources/recedit/link"])]),
        // Benchmarks print figures; they are not tests (docs/BENCHMARKS.md).
        .executableTarget(
            name: "recedit-bench", dependencies: ["SQLiteStore", "RecEditCore", "CSQLite", "EditorCore", "MariaDBStore", "CMariaDB", "PostgresStore"]),
        // Load for scripts/faults (F5: checked saves from several processes); not a test by itself.
        .executableTarget(name: "recedit-stress", dependencies: ["RecEditCLI", "RecEditCore", "EditorCore"]),

        .testTarget(name: "TextMergeTests", dependencies: ["TextMerge"]),
        .testTarget(name: "RecEditCoreTests", dependencies: ["RecEditCore"]),
        .testTarget(
            name: "StoreContractTests", dependencies: ["RecEditCore", "SQLiteStore", "PostgresStore", "MariaDBStore", "CSQLite", "CMariaDB", "EditorCore"]),
        .testTarget(
            name: "EditorCoreTests", dependencies: ["EditorCore", "RecEditCore"],
            exclude: ["Snapshots"]),
        .testTarget(name: "EditorAppTests", dependencies: ["EditorApp", "EditorCore", "RecEditCore", "SQLiteStore"]),
        .testTarget(name: "CLITests", dependencies: ["RecEditCLI", "RecEditCore"], exclude: ["Snapshots", "Fixtures"]),
        .testTarget(name: "TerminalUITests", dependencies: ["TerminalUI", "EditorCore", "CNcursesw"]),
    ],
    swiftLanguageModes: [.v5]
)
