import Foundation
import XCTest

/// libpq, MariaDB Connector/C and ncurses are loaded the first time they are needed (CClientLoader), so a SQLite
/// command works on a machine without them, and a PostgreSQL or MariaDB database (or the editor) without its
/// library is one line saying what to install. RECEDIT_LIBPQ, RECEDIT_LIBMARIADB and RECEDIT_LIBNCURSESW point
/// the loader at files that do not exist.
final class CLIClientLibraryTests: CLITestCase {
    private let missing = [
        "RECEDIT_LIBPQ": "/nonexistent/libpq.so.5", "RECEDIT_LIBMARIADB": "/nonexistent/libmariadb.so.3",
        "RECEDIT_LIBNCURSESW": "/nonexistent/libncursesw.so.6",
    ]
    private let noLibpq = "recedit: PostgreSQL support needs /nonexistent/libpq.so.5 (apt install libpq5)\n"
    private let noMariaDB = "recedit: MariaDB and MySQL support needs /nonexistent/libmariadb.so.3 (apt install libmariadb3)\n"

    func testTheBinaryLoadsNoClientLibraryNorCursesNorTheSwiftRuntimeNorFoundation() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/ldd") else { throw XCTSkip("no ldd") }
        let result = try run([Self.binary.path], executable: URL(fileURLWithPath: "/usr/bin/ldd"))
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stdout.contains("libsqlite3"), result.stdout)
        for library in ["libpq", "libmariadb", "libncurses", "libtinfo", "libswiftCore", "libFoundation", "lib_FoundationICU", "libstdc++"] {
            XCTAssertFalse(result.stdout.contains(library), "\(library) in:\n\(result.stdout)")
        }
    }

    func testSQLiteCommandsNeverLoadTheClientLibraries() throws {
        // Were either library loaded on the way (at start-up, or to parse the URL), the command would end with its line.
        for arguments in [["init", "--demo"], ["show", "1"], ["list"], ["set", "1", "title=Loaded lazily"], ["history", "1"], ["status", "1"]] {
            let result = try run(["--db", db] + arguments, environment: missing)
            XCTAssertEqual(result.status, 0, "\(arguments): \(result.stderr)")
            XCTAssertEqual(result.stderr, "", "\(arguments)")
        }
        XCTAssertTrue(try run(["--db", db, "show", "1"], environment: missing).stdout.contains("Loaded lazily"))
        XCTAssertEqual(try run(["--version"], environment: missing).status, 0)
        // The default database (a file too).
        let result = try run(["show", "1"], environment: missing)
        XCTAssertEqual(result.status, 0, result.stderr)
    }

    func testAPostgreSQLDatabaseWithoutLibpqIsOneLine() throws {
        // A URL, a conninfo that needs libpq to tell it is one, and a config file's database (its password is checked).
        try Data(#"{"database": "postgres://ann:secret@127.0.0.1:1/db"}"#.utf8).write(to: home.appendingPathComponent("recedit.json"))
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: home.appendingPathComponent("recedit.json").path)
        for arguments in [
            ["--db", "postgres://ann@127.0.0.1:1/db", "show", "1"], ["--db", "user=ann host=/run/postgresql", "list"], ["show", "1"],
            ["--db", "postgresql://ann@127.0.0.1:1/db", "init"],
        ] {
            let result = try run(arguments, environment: missing)
            XCTAssertEqual(result.status, 1, "\(arguments)")
            XCTAssertEqual(result.stderr, noLibpq, "\(arguments)")
            XCTAssertEqual(result.stdout, "", "\(arguments)")
        }
    }

    func testAMariaDBDatabaseWithoutConnectorCIsOneLine() throws {
        for arguments in [["--db", "mysql://ann@127.0.0.1:1/db", "show", "1"], ["--db", "mariadb://ann:pw@127.0.0.1:1/db", "list"]] {
            let result = try run(arguments, environment: missing)
            XCTAssertEqual(result.status, 1, "\(arguments)")
            XCTAssertEqual(result.stderr, noMariaDB, "\(arguments)")
            XCTAssertEqual(result.stdout, "", "\(arguments)")
        }
    }

    func testWithTheLibrariesTheDatabaseItselfAnswers() throws {
        // Nothing listens on port 1: the error is libpq's (or Connector/C's), so the library was loaded and used.
        let postgres = try run(["--db", "postgres://ann@127.0.0.1:1/db", "show", "1"])
        XCTAssertEqual(postgres.status, 1)
        XCTAssertTrue(postgres.stderr.hasPrefix("recedit: cannot open database postgres://ann@127.0.0.1:1/db: "), postgres.stderr)
        let mariadb = try run(["--db", "mysql://ann@127.0.0.1:1/db", "show", "1"])
        XCTAssertEqual(mariadb.status, 1)
        XCTAssertTrue(mariadb.stderr.hasPrefix("recedit: cannot open database mysql://ann@127.0.0.1:1/db"), mariadb.stderr)
    }

    func testTheEditorWithoutNcursesIsOneLineAndClaimsNothing() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/script") else { throw XCTSkip("no script(1) for a terminal") }
        try initDemo()
        let before = try recedit("status", "1").stdout
        // script(1) gives recedit a terminal; the command line goes through sh -c, so every word is quoted.
        let command = [Self.binary.path, "--db", db, "open", "1"].map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }
        let result = try run(
            ["-qec", command.joined(separator: " "), "/dev/null"], executable: URL(fileURLWithPath: "/usr/bin/script"),
            environment: missing.merging(["TERM": "xterm-256color"]) { $1 })
        XCTAssertEqual(result.status, 1, result.stdout)
        XCTAssertEqual(
            result.stdout.replacingOccurrences(of: "\r\n", with: "\n"),
            "recedit: the terminal editor needs /nonexistent/libncursesw.so.6 (apt install libncursesw6)\n")
        XCTAssertEqual(try recedit("status", "1").stdout, before, "nothing claimed")
    }
}
