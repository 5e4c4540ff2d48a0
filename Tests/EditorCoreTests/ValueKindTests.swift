import RecEditCore
import XCTest

@testable import EditorCore

/// Values whose storage class is not what the column says (SQLite is typeless) survive editing.
final class ValueKindTests: XCTestCase {
    func blobOwnerEditor() -> AppState {
        var record = demoRecord(1)
        record.fields["owner"] = .blob([0x00, 0xFF, 0x41])  // a BLOB in the TEXT column `owner`
        var e = AppState(schema: demoSchema(), record: record, config: config(), width: 80, height: 24)
        _ = e.start()
        _ = e.update(.editOutcome(.claimed(token: 7, leaseUntil: "2026-11-27 14:04:22", previousOwner: nil)))
        return e
    }

    /// issue 8, item 4: the form showed x'00ff41' as 00ff41 and appending "42" saved the TEXT '00ff4142'.
    func testABlobInATextColumnIsEditedAsABlob() {
        var e = blobOwnerEditor()
        e.focus("owner")
        XCTAssertEqual(e.fieldText("owner"), "x'00ff41'", "hex, marked as a blob")
        XCTAssertTrue(e.screenText.contains("owner            x'00ff41'"), e.screenText)
        e.type("42")
        XCTAssertEqual(
            e.press(.control("s")), [.save(changes: ["owner": .blob([0x00, 0xFF, 0x41, 0x42])], expected: loadedStamp, fencingToken: nil)],
            "saved back as a blob, never as text")
    }

    func testABlobFieldRefusesTextThatIsNotHex() {
        var e = blobOwnerEditor()
        e.focus("owner")
        e.press(.control("u"))
        e.type("bob")
        XCTAssertEqual(e.press(.control("s")), [])
        XCTAssertEqual(e.statusMessage, "field 'owner': 'bob' is not hex bytes (x'0a1b'): the field holds a blob")
    }

    func testAnUntouchedBlobIsNotWritten() {
        var e = blobOwnerEditor()
        e.type("!")  // title
        XCTAssertEqual(e.press(.control("s")), [.save(changes: ["title": .text("Quarterly report!")], expected: loadedStamp, fencingToken: nil)])
    }
}

final class InvalidUTF8Tests: XCTestCase {
    let raw: [UInt8] = Array("Users are logged out".utf8) + [0xFF, 0xFE] + Array(" after 5 minutes.".utf8)

    func invalidBodyEditor() -> AppState {
        var record = demoRecord(2)
        record.fields["body"] = Value.text(bytes: raw)
        var e = AppState(schema: demoSchema(), record: record, config: config(), width: 80, height: 24)
        _ = e.start()
        _ = e.update(.editOutcome(.claimed(token: 7, leaseUntil: "2026-11-27 14:04:22", previousOwner: nil)))
        return e
    }

    /// issue 8, item 5: a field the user did not touch is never rewritten.
    func testAnUntouchedFieldWithInvalidBytesIsNotWritten() {
        var e = invalidBodyEditor()
        XCTAssertTrue(e.screenText.contains(#"Users are logged out\xff\xfe after 5 minutes."#), "shown escaped:\n" + e.screenText)
        XCTAssertFalse(e.screenText.contains("\u{FFFD}"))
        e.type("!")  // title
        e.focus("body")
        e.press(.down, .up)  // moving through it is not a change
        XCTAssertEqual(e.press(.control("s")), [.save(changes: ["title": .text("Fix login timeout!")], expected: loadedStamp, fencingToken: nil)])
    }

    /// A touched one is saved as the user sees it, after saying so.
    func testATouchedFieldIsSavedAsShownAfterSayingSo() {
        var e = invalidBodyEditor()
        e.focus("body")
        e.press(.end)
        e.type("!")
        XCTAssertEqual(e.statusMessage, #"body held bytes that are not UTF-8, shown as \xNN; saving writes the text as you see it"#)
        XCTAssertEqual(
            e.press(.control("s")),
            [
                .save(
                    changes: ["body": .text(#"Users are logged out\xff\xfe after 5 minutes.!"#)],
                    expected: loadedStamp, fencingToken: nil)
            ])
    }

    /// issue 8, item 8: reals JSON has no literal for survive a draft.
    func testDraftsKeepInfiniteAndNaNReals() throws {
        let edits: [String: Value] = ["a": .real(.infinity), "b": .real(-.infinity), "c": .real(.nan)]
        let draft = Draft(table: "records", key: .integer(2), base: demoRecord(2), edits: edits, focusedColumn: nil, cursor: 0, owner: me)
        XCTAssertEqual(try Draft(json: draft.encoded()).edits, edits)
    }

    func testDraftsKeepTheBytes() throws {
        let draft = Draft(
            table: "records", key: .integer(2), base: demoRecord(2), edits: ["body": Value.text(bytes: raw)],
            focusedColumn: "body", cursor: 0, owner: me)
        XCTAssertEqual(try Draft(json: draft.encoded()).edits["body"], .textBytes(raw))
    }
}
