import RecEditCore
import XCTest

@testable import EditorCore

/// Field editors hold a value: NULL is a value, "changed" compares values, and the kind (one line or several)
/// comes from the column's declared type and the value, never from its name.
final class FieldEditorTests: XCTestCase {
    // MARK: NULL is a value

    func testANullFieldNobodyTouchesStaysNullAndIsNotWritten() {
        var e = claimedEditor(5)  // owner and due are NULL
        e.focus("owner")
        e.press(.left, .right, .home, .end)
        e.focus("title")
        e.type("!")
        XCTAssertEqual(e.press(.control("s")), [.save(changes: ["title": .text("Update the onboarding guide!")], expected: loadedStamp, fencingToken: nil)])
    }

    func testANullFieldTypedIntoAndEmptiedHoldsTheEmptyText() {
        var e = claimedEditor(5)
        e.focus("owner")
        e.type("x")
        e.press(.backspace)
        XCTAssertEqual(e.fieldText("owner"), "")
        XCTAssertTrue(e.isDirty, "'' is not NULL")
        XCTAssertEqual(e.press(.control("s")), [.save(changes: ["owner": .text("")], expected: loadedStamp, fencingToken: nil)])
    }

    func testAnEmptyTextEmptiedAgainIsNoChange() {
        var r = demoRecord(5)
        r.fields["owner"] = .text("")
        var e = makeEditor(record: r)
        e.focus("owner")
        e.type("x")
        e.press(.backspace)
        XCTAssertFalse(e.isDirty)
    }

    func testTextThatReadsAsTheSameValueIsNoChange() {
        var e = claimedEditor(1)
        e.focus("priority")
        e.press(.home)
        e.type("0")  // "02" is 2
        XCTAssertEqual(e.fieldText("priority"), "02")
        XCTAssertFalse(e.isDirty)
        e.press(.control("s"))
        XCTAssertEqual(e.statusMessage, "No changes to save")
        XCTAssertEqual(e.fieldText("priority"), "2")
    }

    func testAFieldEditorHoldsItsGivenValueUntilEdited() {
        let column = Column(name: "n", declaredType: "INTEGER", kind: .integer)
        var field = FieldEditor(column: column, value: .null)
        XCTAssertEqual(field.value, .success(.null))
        XCTAssertFalse(field.differs(from: .null, baseCharacters: []))
        field.editor.insert("7")
        XCTAssertEqual(field.value, .success(.integer(7)))
        XCTAssertTrue(field.differs(from: .null, baseCharacters: []))
        field.editor.backspace()
        XCTAssertEqual(field.value, .success(.null), "an empty integer of a nullable column reads as NULL")
        field.editor.insert("x")
        guard case .failure = field.value else { return XCTFail("x is not an integer") }
        XCTAssertTrue(field.differs(from: .null, baseCharacters: []))
        field.set(.integer(3), cursor: nil)
        XCTAssertEqual(field.editor.text, "3")
        XCTAssertEqual(field.value, .success(.integer(3)))
    }

    // MARK: One line or several

    func testUnboundedTextIsMultiLineAndBoundedTextIsOneLine() {
        for type in ["TEXT", "text", "CLOB", "TINYTEXT", "mediumtext", "LONGTEXT"] {
            XCTAssertEqual(FieldKind.of(Column(name: "a", declaredType: type, kind: .text), value: .text("x")), .multilineText, type)
        }
        for type in ["VARCHAR(200)", "character varying(20)", "CHAR(3)", "varchar(32)", "INTEGER", "", "character varying"] {
            XCTAssertEqual(FieldKind.of(Column(name: "a", declaredType: type, kind: .text), value: .text("x")), .text, type)
        }
        XCTAssertEqual(FieldKind.of(Column(name: "a", declaredType: "VARCHAR(200)", kind: .text), value: .text("two\nlines")), .multilineText)
    }

    func testAColumnNamedBodyIsOneLineWhenItsTypeIsBounded() {
        var schema = demoSchema()
        schema.columns = schema.columns.map { c in
            var c = c
            if c.name == "body" { c.declaredType = "VARCHAR(500)" }
            if c.name == "title" { c.declaredType = "TEXT" }
            return c
        }
        var r = demoRecord(1)
        r.fields["body"] = .text("one line")
        var e = AppState(schema: schema, record: r, config: config(), width: 80, height: 24)
        _ = e.start()
        XCTAssertEqual(e.focusedColumn, "title")
        e.press(.end, .enter)
        XCTAssertEqual(e.fieldText("title"), "Quarterly report\n", "TEXT: Enter starts a new line")
        e.focus("body")
        e.press(.enter)
        XCTAssertEqual(e.fieldText("body"), "one line", "VARCHAR(500): Enter goes on")
    }
}
