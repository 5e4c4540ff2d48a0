import MariaDBStore
import PostgresStore
import RecEditCore
import SQLiteStore
import XCTest

@testable import RecEditCLI

/// `--db`, RECEDIT_DB and the config's "database" name their kind by the registered openers (Databases).
final class CLIDatabaseURLTests: XCTestCase {
    private func parsed(_ text: String) throws -> (kind: String, target: String) {
        let url = try Databases.parse(text)
        return ("\(type(of: url.opener))", url.target)
    }

    func testDatabaseURLs() throws {
        XCTAssertEqual(try parsed("sqlite:data/x.db").kind, "SQLiteOpener")
        XCTAssertEqual(try parsed("sqlite:data/x.db").target, "data/x.db")
        XCTAssertEqual(try parsed("sqlite:///tmp/x.db").target, "/tmp/x.db")
        XCTAssertEqual(try parsed("postgres://u@h:5432/d").kind, "PostgresOpener")
        XCTAssertEqual(try parsed("postgres://u@h:5432/d").target, "postgres://u@h:5432/d")
        XCTAssertEqual(try parsed("host=/tmp dbname=x").kind, "PostgresOpener")
        XCTAssertEqual(try parsed("host=/tmp dbname=x").target, "host=/tmp dbname=x")
        // Read by libpq as a conninfo, though its first keyword is neither host nor dbname and it holds a '/'.
        XCTAssertEqual(try parsed("user=bob host=/run/postgresql").kind, "PostgresOpener")
        XCTAssertEqual(try parsed("mysql://u@h:3306/d").kind, "MariaDBOpener")
        XCTAssertEqual(try parsed("mysql://u@h:3306/d").target, "mysql://u@h:3306/d")
        XCTAssertEqual(try parsed("mariadb://u@h/d").kind, "MariaDBOpener")
        XCTAssertThrowsError(try parsed("oracle://x"))
        XCTAssertThrowsError(try parsed("sqlite:"))
    }

    func testAMistypedDatabaseListsEveryForm() {
        XCTAssertThrowsError(try Configuration.parseDatabase("oracle", source: "--db")) {
            XCTAssertEqual(
                ($0 as? CLIError)?.message,
                "--db: 'oracle' is not a database URL; use sqlite:PATH, postgres://user@host/db or mysql://user@host/db; see 'recedit --help'")
        }
    }
}
