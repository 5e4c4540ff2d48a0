import Foundation
import XCTest

/// `field=` is empty text and `field:=null` is NULL, on the command line and in what `show` prints.
final class CLINullTests: CLITestCase {
    func showLine(_ id: String, _ field: String) throws -> String? {
        let shown = try recedit("show", id)
        XCTAssertEqual(shown.status, 0, shown.stderr)
        return shown.stdout.split(separator: "\n").map(String.init).first { $0.hasPrefix(field + " ") }
    }

    func testSetNullAndEmptyAreShownApart() throws {
        try initDemo()
        XCTAssertEqual(try recedit("set", "1", "owner=", "due:=null", "title=∅ NULL").status, 0)
        let fields = try XCTUnwrap(json(try recedit("show", "1", "--json").stdout)["fields"] as? [String: Any])
        XCTAssertEqual(fields["owner"] as? String, "")
        XCTAssertTrue(fields["due"] is NSNull)
        XCTAssertEqual(fields["title"] as? String, "∅ NULL")

        let owner = try XCTUnwrap(try showLine("1", "owner"))
        XCTAssertEqual(owner.trimmingCharacters(in: .whitespaces), "owner", "empty text shows nothing")
        XCTAssertTrue(try XCTUnwrap(try showLine("1", "due")).hasSuffix("  ∅ NULL"))
        XCTAssertTrue(try XCTUnwrap(try showLine("1", "title")).hasSuffix("  \"∅ NULL\""), "text that reads like the mark is quoted")
    }

    func testNullOnANotNullColumnIsRefused() throws {
        try initDemo()
        let result = try recedit("set", "1", "title:=null")
        XCTAssertNotEqual(result.status, 0)
        let fields = try XCTUnwrap(json(try recedit("show", "1", "--json").stdout)["fields"] as? [String: Any])
        XCTAssertNotNil(fields["title"] as? String)
    }
}
