import RecEditCore
import XCTest

@testable import EditorCore

/// An after-save hook that failed is told in the status line; nothing else about the form changes (issue 14).
final class HookNoticeTests: XCTestCase {
    func testANoticeShowsInTheStatusLineAndChangesNothingElse() {
        var e = claimedEditor(1, width: 100)
        let before = e.record
        let effects = e.update(.notice("after-save hook: 'sh' exited with status 7; the save stands"))
        XCTAssertEqual(effects, [])
        let lines = e.render().lines
        XCTAssertEqual(lines[lines.count - 2].trimmingCharacters(in: .whitespaces), "after-save hook: 'sh' exited with status 7; the save stands")
        XCTAssertEqual(e.record, before)
    }
}
