import Foundation
import XCTest

/// The user name goes into every claim and history entry: an empty one or one with control characters is refused.
final class CLIUserNameTests: CLITestCase {
    func testEmptyOrControlCharacterUserNamesAreRefused() throws {
        try initDemo()
        let before = try recedit("status", "1").stdout
        for name in ["", "   ", "a\nb", "bob\u{1B}[2J", "x\u{202E}y", "tab\there"] {
            let result = try run(["--db", db, "--user", name, "claim", "1"])
            assertOneLineError(result, code: 2, mentions: "--user")
            XCTAssertFalse(result.stderr.contains("\u{1B}"))
        }
        XCTAssertEqual(try recedit("status", "1").stdout, before, "nothing claimed")
        assertOneLineError(try run(["--db", db, "--user=", "set", "1", "title=x"]), code: 2, mentions: "--user is empty")
        XCTAssertEqual(try run(["--db", db, "--user", "dave", "claim", "1"]).status, 0)
        XCTAssertTrue(try recedit("status", "1").stdout.contains("editing by dave@"))
    }

    func testAConfigFileOrUSERWithABadNameIsRefused() throws {
        try initDemo()
        try Data(#"{"user": "   "}"#.utf8).write(to: home.appendingPathComponent("recedit.json"))
        assertOneLineError(try recedit("claim", "1"), code: 1, mentions: "\"user\" is empty")
        try Data(#"{"user": "a\u0001b"}"#.utf8).write(to: home.appendingPathComponent("recedit.json"))
        assertOneLineError(try recedit("claim", "1"), code: 1, mentions: "\"user\" holds the control character U+0001")
        try FileManager.default.removeItem(at: home.appendingPathComponent("recedit.json"))
        assertOneLineError(try recedit("claim", "1", environment: ["USER": "eve\u{07}"]), code: 2, mentions: "$USER holds the control character U+0007")
        XCTAssertEqual(try recedit("claim", "1", environment: ["USER": ""]).status, 0, "an empty $USER falls back to the account name")
    }
}
