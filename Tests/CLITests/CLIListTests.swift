import Foundation
import XCTest

/// `list` pages: the printed follow-up command is whole and shell-quoted, so pasting it lists the next page
/// and runs nothing else.
final class CLIListHintTests: CLITestCase {
    /// The command after "more rows: ", or nil.
    func hint(_ result: Result) -> String? {
        result.stderr.split(separator: "\n").first { $0.hasPrefix("more rows: recedit ") }.map { String($0.dropFirst("more rows: ".count)) }
    }

    /// Runs a printed command the way a user pastes it: through a POSIX shell.
    func shell(_ command: String) throws -> Result {
        try run(
            ["-c", command], executable: URL(fileURLWithPath: "/bin/sh"),
            environment: ["PATH": Self.binary.deletingLastPathComponent().path + ":/usr/bin:/bin"])
    }

    func testPastingTheHintListsTheNextPageAndRunsNothingElse() throws {
        try initDemo()
        let pwn1 = home.appendingPathComponent("pwn1").path, pwn2 = home.appendingPathComponent("pwn2").path
        let keys = ["a", "b $(touch \(pwn1))", "x'; $(touch \(pwn2))", "y`touch \(pwn1)`\"$HOME\"", "z"]
        try sqlite(
            "CREATE TABLE items (sku TEXT PRIMARY KEY, name TEXT); "
                + keys.map { "INSERT INTO items VALUES ('\($0.replacingOccurrences(of: "'", with: "''"))', 'n');" }.joined())
        XCTAssertEqual(try run(["--db", db, "adopt", "--table", "items"]).status, 0)

        var result = try run(["--db", db, "--table", "items", "list", "--limit", "1"])
        XCTAssertEqual(result.status, 0, result.stderr)
        var seen: [String] = []
        for _ in 0..<10 {
            let rows = result.stdout.split(separator: "\n").dropFirst()
            XCTAssertLessThanOrEqual(rows.count, 1, "one row a page: \(result.stdout)")
            if let row = rows.first { seen.append(String(row.prefix { $0 != " " })) }
            guard let command = hint(result) else { break }
            XCTAssertTrue(
                command.contains("--db ") && command.contains("--table items") && command.contains("--limit 1"),
                "the whole command: \(command)")
            result = try shell(command)
            XCTAssertEqual(result.status, 0, "\(command): \(result.stderr)")
        }
        XCTAssertEqual(seen, keys.map { String($0.prefix { $0 != " " }) }, "every page once, in key order")
        XCTAssertFalse(FileManager.default.fileExists(atPath: pwn1), "a pasted hint ran a command substitution")
        XCTAssertFalse(FileManager.default.fileExists(atPath: pwn2), "a pasted hint ran a command substitution")
    }

    func testTheHintQuotesAHostileKeyExactly() throws {
        try initDemo()
        try sqlite("CREATE TABLE items (sku TEXT PRIMARY KEY); INSERT INTO items VALUES ('x''; $(touch /tmp/pwn)'), ('y')")
        XCTAssertEqual(try run(["--db", db, "adopt", "--table", "items"]).status, 0)
        let result = try run(["--db", db, "--table", "items", "list", "--limit", "1"])
        XCTAssertEqual(hint(result), "recedit --db \(db) --table items list --limit 1 --after 'x'\\''; $(touch /tmp/pwn)'")
    }

    func testAKeyWithControlCharactersGetsNoPasteableHint() throws {
        try initDemo()
        try sqlite("CREATE TABLE items (sku TEXT PRIMARY KEY); INSERT INTO items VALUES ('a' || char(27) || '[2J'), ('b')")
        XCTAssertEqual(try run(["--db", db, "adopt", "--table", "items"]).status, 0)
        let result = try run(["--db", db, "--table", "items", "list", "--limit", "1"])
        XCTAssertNil(hint(result))
        XCTAssertTrue(result.stderr.contains("control characters"), result.stderr)
        XCTAssertFalse(result.stderr.contains("\u{1B}"))
    }

    /// On PostgreSQL a password in --db is left out of the printed command (libpq then reads PGPASSWORD or ~/.pgpass).
    func testAPasswordInDbIsLeftOutOfTheHint() throws {
        let (url, name) = try CLIPostgres.create("hint")
        defer { CLIPostgres.drop(name) }
        let withPassword = CLIPostgres.withPassword("hint-s3cret", url)
        XCTAssertEqual(try run(["--db", withPassword, "init", "--demo"]).status, 0)
        let result = try run(["--db", withPassword, "list", "--limit", "2"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertFalse((result.stdout + result.stderr).contains("hint-s3cret"), result.stderr)
        XCTAssertTrue(result.stderr.contains("password is left out"), result.stderr)
        let command = try XCTUnwrap(hint(result)?.components(separatedBy: " (the password").first)
        let next = try shell(command)
        XCTAssertEqual(next.status, 0, next.stderr)
        XCTAssertTrue(next.stdout.contains("季度销售报告"), "row 3 comes next: \(next.stdout)")
        XCTAssertFalse(next.stdout.contains("Quarterly report"))
    }
}

/// On a terminal `list` cuts titles to the window (display columns: CJK counts two) with "…"; into a pipe it
/// prints them whole.
final class CLIListWidthTests: CLITestCase {
    /// Columns a line takes (the demo data's wide characters are all CJK ideographs).
    func columns(_ line: Substring) -> Int {
        line.unicodeScalars.reduce(0) { $0 + ((0x4E00...0x9FFF).contains($1.value) || (0x3000...0x303F).contains($1.value) ? 2 : 1) }
    }

    /// Runs `recedit` with stdout on a terminal (util-linux `script` gives it a pty).
    func runOnATerminal(_ arguments: [String], columns: Int) throws -> [Substring] {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/script") else { throw XCTSkip("needs script(1) for a pty") }
        let command = ([Self.binary.path] + arguments).map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }.joined(separator: " ")
        let result = try run(
            ["-qec", command, "/dev/null"], executable: URL(fileURLWithPath: "/usr/bin/script"),
            environment: ["COLUMNS": String(columns), "SHELL": "/bin/sh"])
        XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
        return result.stdout.replacingOccurrences(of: "\r", with: "").split(separator: "\n")
    }

    func testTitlesAreCutToTheTerminalWidth() throws {
        try initDemo()
        try recedit("set", "5", "title=" + String(repeating: "long title ", count: 20))
        for width in [50, 47, 60] {
            let lines = try runOnATerminal(["--db", db, "list"], columns: width)
            XCTAssertEqual(lines.count, 7, lines.joined(separator: "\n"))
            for line in lines { XCTAssertLessThanOrEqual(columns(line), width, "fits \(width): \(line)") }
            XCTAssertTrue(lines.contains { $0.hasPrefix("5 ") && $0.contains("  long t") && $0.hasSuffix("…") }, "cut with an ellipsis")
            XCTAssertTrue(lines.contains { $0.contains("季度") }, "the CJK title is still shown")
        }
        let cjk = try runOnATerminal(["--db", db, "list"], columns: 47).first { $0.hasPrefix("3 ") }
        XCTAssertEqual(cjk.map { String($0.suffix(4)) }, "季度销…", "cut on a character boundary, by display width")
    }

    func testIntoAPipeTitlesArePrintedWhole() throws {
        try initDemo()
        let long = String(repeating: "long title ", count: 20).trimmingCharacters(in: .whitespaces)
        try recedit("set", "5", "title=" + long)
        let result = try recedit("list", environment: ["COLUMNS": "40"])
        XCTAssertTrue(result.stdout.contains(long), result.stdout)
    }
}
