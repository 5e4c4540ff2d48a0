import Foundation
import XCTest

/// A password given in --db never shows, however it is quoted or encoded (found by parsing, not by pattern).
final class CLIPasswordTests: CLITestCase {
    func testAQuotedPasswordNeverShows() throws {
        let result = try run(["--db", "host=127.0.0.1 port=1 user=postgres password='top secret' dbname=postgres", "list"])
        assertOneLineError(result, code: 1, mentions: "password=***")
        for piece in ["top", "secret"] {
            XCTAssertFalse((result.stdout + result.stderr).contains(piece), "'\(piece)' leaked: \(result.stderr)")
        }
    }

    func testPasswordsInURLsAndUnparsableStringsNeverShow() throws {
        for db in [
            "postgresql://postgres:top%20secret@127.0.0.1:1/postgres",
            "postgresql://postgres@127.0.0.1:1/postgres?password=top%20secret",
            "host=127.0.0.1 port=1 password=top secret",
            "user=postgres password=top-secret host=/nonexistent/dir",
        ] {
            let result = try run(["--db", db, "list"])
            XCTAssertNotEqual(result.status, 0, db)
            XCTAssertEqual(result.stderr.split(separator: "\n").count, 1, result.stderr)
            for piece in ["top", "secret"] {
                XCTAssertFalse((result.stdout + result.stderr).contains(piece), "'\(piece)' leaked for \(db): \(result.stderr)")
            }
        }
    }
}
