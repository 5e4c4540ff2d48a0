import PostgresStore
import RecEditCore
import XCTest

/// Passwords in connection strings are found by parsing (libpq's own parser, the URL split as libpq splits it):
/// no part of one is ever shown, whatever quoting or encoding holds it. No server needed.
final class PostgresConninfoTests: XCTestCase {
    /// Every option of `masked` equals the original's, except the password, which is `***` (or absent).
    func assertMasked(
        _ original: String, _ masked: String, password: String?, hidden pieces: [String],
        file: StaticString = #filePath, line: UInt = #line
    ) {
        for piece in pieces { XCTAssertFalse(masked.contains(piece), "'\(piece)' shows in \(masked)", file: file, line: line) }
        guard let before = PostgresConninfo.options(original), let after = PostgresConninfo.options(masked) else {
            return XCTFail("libpq cannot parse \(masked)", file: file, line: line)
        }
        let expected =
            before.filter { $0.keyword != "password" || $0.value.isEmpty }.map { "\($0.keyword)=\($0.value)" } + (password.map { ["password=\($0)"] } ?? [])
        XCTAssertEqual(Set(after.map { "\($0.keyword)=\($0.value)" }), Set(expected), masked, file: file, line: line)
    }

    /// scripts/faults F9: a conninfo holding a line break (whitespace to libpq) is shown on one line.
    func testRedactedIsOneLine() {
        XCTAssertEqual(PostgresConninfo.redacted("host=/tmp\ndbname=x"), "host=/tmp dbname=x")
        XCTAssertFalse(PostgresConninfo.redacted("host=/tmp password=s\r\ndbname='a\nb'").contains(where: { $0.isNewline }))
    }

    func testAQuotedPasswordIsMaskedWhole() {
        let conninfo = "host=127.0.0.1 port=1 user=postgres password='top secret' dbname=postgres"
        XCTAssertEqual(PostgresConninfo.redacted(conninfo), "host=127.0.0.1 port=1 user=postgres password=*** dbname=postgres")
        assertMasked(conninfo, PostgresConninfo.redacted(conninfo), password: "***", hidden: ["top", "secret"])
        XCTAssertTrue(PostgresConninfo.hasPassword(conninfo))
    }

    func testKeywordFormsWithEscapesAndSpacing() throws {
        for (conninfo, pieces) in [
            (#"password = 'it\'s a \\ secret' host=db"#, ["it", "secret", "\\"]),
            (#"host=db password=bare\ wordy dbname=x"#, ["bare", "wordy"]),
            ("password=postgres user=postgres host=db", []),
            ("host=db password='' dbname=x", []),
            ("password=a password=zz-second host=db", ["zz-second"]),
        ] {
            assertMasked(conninfo, PostgresConninfo.redacted(conninfo), password: PostgresConninfo.hasPassword(conninfo) ? "***" : nil, hidden: pieces)
            assertMasked(conninfo, try XCTUnwrap(PostgresConninfo.withoutPassword(conninfo)), password: nil, hidden: pieces)
        }
        XCTAssertEqual(
            PostgresConninfo.redacted("password=postgres user=postgres host=db"), "password=*** user=postgres host=db",
            "a user name equal to the password stays")
    }

    func testURLs() throws {
        let cases: [(String, String, [String])] = [
            ("postgresql://bob:top%20secret@db:5432/x", "postgresql://bob:***@db:5432/x", ["top", "secret"]),
            ("postgres://bob:a?b&c@db/x?sslmode=disable", "postgres://bob:***@db/x?sslmode=disable", ["a?b"]),
            ("postgresql://bob@db/x?sslmode=disable&password=top%20secret", "postgresql://bob@db/x?sslmode=disable&password=***", ["top", "secret"]),
            ("postgresql://bob@db/x?%70assword=hidden-pw", "postgresql://bob@db/x?%70assword=***", ["hidden-pw"]),
            ("postgresql://:pw-only@db,db2:5433/x", "postgresql://:***@db,db2:5433/x", ["pw-only"]),
            ("postgresql://bob:one-pw@db/x?password=two-pw", "postgresql://bob:***@db/x?password=***", ["one-pw", "two-pw"]),
            ("postgresql://bob@db/x", "postgresql://bob@db/x", []),
        ]
        for (url, masked, pieces) in cases {
            XCTAssertEqual(PostgresConninfo.redacted(url), masked)
            assertMasked(url, PostgresConninfo.redacted(url), password: PostgresConninfo.hasPassword(url) ? "***" : nil, hidden: pieces)
            assertMasked(url, try XCTUnwrap(PostgresConninfo.withoutPassword(url)), password: nil, hidden: pieces)
        }
        XCTAssertEqual(PostgresConninfo.withoutPassword("postgresql://bob:pw@db/x?password=pw2&sslmode=disable"), "postgresql://bob@db/x?sslmode=disable")
    }

    func testAStringLibpqCannotParseIsNotShownAtAll() {
        for conninfo in ["host=db password=top secret", "host=db password='unterminated secret", "postgresql://bob:pw@db/x?password"] {
            XCTAssertNil(PostgresConninfo.options(conninfo), conninfo)
            XCTAssertEqual(PostgresConninfo.redacted(conninfo), PostgresConninfo.unparsable)
            XCTAssertTrue(PostgresConninfo.hasPassword(conninfo), "counted as holding one: \(conninfo)")
        }
    }

    func testAnUnparsableStringNeverReachesLibpqsErrorMessage() {
        XCTAssertThrowsError(try PostgresDatabase(conninfo: "host=127.0.0.1 port=1 password=top secret", options: StoreOptions())) {
            XCTAssertFalse("\($0)".contains("secret"), "\($0)")
            XCTAssertTrue("\($0)".contains("cannot parse"), "\($0)")
        }
    }
}
