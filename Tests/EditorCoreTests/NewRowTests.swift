import RecEditCore
import XCTest

@testable import EditorCore

/// The new-row form (`n` in the browser): an empty form whose save inserts.
final class NewRowTests: XCTestCase {
    /// The demo schema with a default on status.
    func schemaWithDefault() -> Schema {
        var schema = demoSchema()
        let i = schema.columns.firstIndex { $0.name == "status" }!
        schema.columns[i].defaultExpression = "'open'"
        return schema
    }

    func newRowEditor(width: Int = 80, height: Int = 24) -> AppState {
        var e = AppState(config: config(), width: width, height: height)
        XCTAssertEqual(e.update(.newRowOpened(schema: schemaWithDefault())), [], "nothing to claim before the row exists")
        return e
    }

    func testEmptyFormShowsDefaultsAsPlaceholders() {
        var e = newRowEditor()
        XCTAssertEqual(e.screenKinds, [.form])
        let text = e.screenText
        XCTAssertTrue(text.contains("default: 'open'"), text)
        XCTAssertTrue(text.contains("NULL"), text)
        assertSnapshot(e.render(), named: "new_row_80x24")
        e.type("Buy chairs")
        assertSnapshot(e.render(), named: "new_row_typed_80x24")
    }

    func testSaveInsertsThenTheFormHoldsTheInsertedRow() {
        var e = newRowEditor(width: 132, height: 40)
        e.type("Buy chairs")
        e.focus("priority")
        e.type("2")
        let effects = e.press(.control("s"))
        XCTAssertEqual(effects, [.insert(fields: ["title": .text("Buy chairs"), "priority": .integer(2)])])
        assertSnapshot(e.render(), named: "new_row_132x40")

        var fields = schemaWithDefault().dataColumns.reduce(into: [String: Value]()) { $0[$1.name] = .null }
        fields["id"] = .integer(7)
        fields["title"] = .text("Buy chairs")
        fields["status"] = .text("open")
        fields["priority"] = .integer(2)
        let inserted = Record(key: .integer(7), fields: fields, updatedAt: "2026-11-27 15:00:00.000001")
        let after = e.update(.inserted(inserted))
        XCTAssertEqual(after.filter { $0 == .claim }, [.claim], "the inserted row is claimed as if opened")
        XCTAssertEqual(e.record, inserted)
        XCTAssertFalse(e.isDirty)
        XCTAssertEqual(e.fieldText("status"), "open")
        XCTAssertTrue(e.statusMessage?.contains("Inserted id=7") == true, e.statusMessage ?? "")

        // From now on it is an open row: a save is a checked save against its stamp.
        XCTAssertEqual(e.update(.editOutcome(.claimed(token: 3, leaseUntil: "2026-11-27 15:01:00", previousOwner: nil))), [])
        e.focus("title")
        e.type("!")
        XCTAssertEqual(
            e.press(.control("s")),
            [.save(changes: ["title": .text("Buy chairs!")], expected: "2026-11-27 15:00:00.000001", fencingToken: nil)])
    }

    func testAFailedInsertKeepsTheForm() {
        var e = newRowEditor()
        e.focus("priority")
        e.type("2")
        XCTAssertEqual(e.press(.control("s")), [.insert(fields: ["priority": .integer(2)])])
        _ = e.update(.failure("title may not be NULL", connectionLost: false))
        XCTAssertTrue(e.statusMessage?.contains("title may not be NULL") == true)
        XCTAssertEqual(e.fieldText("priority"), "2")
        e.focus("title")
        e.type("Chairs")
        XCTAssertEqual(e.press(.control("s")), [.insert(fields: ["title": .text("Chairs"), "priority": .integer(2)])])
    }

    func testABadValueIsRefusedBeforeInserting() {
        var e = newRowEditor()
        e.focus("priority")
        e.type("high")
        XCTAssertEqual(e.press(.control("s")), [])
        XCTAssertEqual(e.focusedColumn, "priority")
    }
}
