import RecEditCore
import XCTest

@testable import EditorCore

/// A table with one column of each typed kind, its metadata as the stores fill it.
func typedSchema() -> Schema {
    let columns = [
        Column(name: "id", declaredType: "INTEGER", kind: .integer, notNull: true, isKey: true),
        Column(name: "note", declaredType: "VARCHAR(50)", kind: .text),
        Column(name: "mood", declaredType: "mood", kind: .text, notNull: true, allowedValues: ["sad", "ok", "happy"]),
        Column(name: "flag", declaredType: "boolean", kind: .boolean),
        Column(name: "strict", declaredType: "boolean", kind: .boolean, notNull: true),
        Column(name: "count", declaredType: "INTEGER", kind: .integer),
        Column(name: "ratio", declaredType: "REAL", kind: .real),
        Column(name: "born", declaredType: "date", kind: .text, typeClass: .date),
        Column(name: "seen", declaredType: "timestamp", kind: .text, typeClass: .timestamp),
        Column(name: "at", declaredType: "time", kind: .text, typeClass: .time),
        Column(name: "doc", declaredType: "jsonb", kind: .text, typeClass: .json),
        Column(name: "edit_state", declaredType: "TEXT", kind: .text, notNull: true),
        Column(name: "edit_owner", declaredType: "TEXT", kind: .text),
        Column(name: "edit_lease_until", declaredType: "TEXT", kind: .text),
        Column(name: "edit_token", declaredType: "INTEGER", kind: .integer, notNull: true),
        Column(name: "updated_at", declaredType: "TEXT", kind: .text, notNull: true),
    ]
    return Schema(table: "things", keyColumn: "id", columns: columns, recedit: ReceditColumnNames())
}

let typedFields: [String: Value] = [
    "id": .integer(1), "note": .text("plain"), "mood": .text("ok"), "flag": .integer(1), "strict": .integer(0),
    "count": .integer(3), "ratio": .real(0.5), "born": .text("2024-02-28"), "seen": .text("2026-12-31 23:30:00+00"),
    "at": .text("09:15:00"), "doc": .text("{\n  \"a\": 1.50,\n  \"b\": [true, null]\n}"),
]

func typedEditor(_ fields: [String: Value] = typedFields, width: Int = 80, height: Int = 30) -> AppState {
    let record = Record(key: .integer(1), fields: fields, updatedAt: loadedStamp, edit: EditInfo())
    var e = AppState(schema: typedSchema(), record: record, config: config(), width: width, height: height, orphanedDraft: nil)
    XCTAssertEqual(e.start(), [.claim])
    XCTAssertEqual(e.update(.editOutcome(.claimed(token: 7, leaseUntil: "2026-11-27 14:04:22", previousOwner: nil))), [])
    return e
}

extension AppState {
    func fieldKind(_ name: String) -> FieldKind? { session?.fields[name]?.kind }
    func fieldError(_ name: String) -> String? { session?.fieldErrors[name] }
    /// The changes Ctrl-S sends.
    mutating func savedChanges(file: StaticString = #filePath, line: UInt = #line) -> [String: Value]? {
        guard case .save(let changes, _, _)? = press(.control("s")).last else {
            XCTFail("no save: \(statusMessage ?? "")", file: file, line: line)
            return nil
        }
        return changes
    }
    /// The screen row that shows a field.
    func row(_ name: String) -> String { render().lines.first { $0.dropFirst(2).hasPrefix(name + " ") } ?? "" }
}

final class FieldKindTests: XCTestCase {
    func testKindsFollowTheColumn() {
        let e = typedEditor()
        XCTAssertEqual(e.fieldKind("note"), .text)
        XCTAssertEqual(e.fieldKind("mood"), .choice(values: ["sad", "ok", "happy"], nullable: false))
        XCTAssertEqual(e.fieldKind("flag"), .boolean(nullable: true))
        XCTAssertEqual(e.fieldKind("count"), .number)
        XCTAssertEqual(e.fieldKind("ratio"), .number)
        XCTAssertEqual(e.fieldKind("born"), .dateTime(.date, inferred: false))
        XCTAssertEqual(e.fieldKind("seen"), .dateTime(.timestamp, inferred: false))
        XCTAssertEqual(e.fieldKind("at"), .dateTime(.time, inferred: false))
        XCTAssertEqual(e.fieldKind("doc"), .json)
        let demo = claimedEditor(1)
        XCTAssertEqual(demo.fieldKind("status"), .choice(values: ["open", "in_progress", "done"], nullable: true))
        XCTAssertEqual(demo.fieldKind("due"), .dateTime(.date, inferred: true), "a text column holding an ISO date")
        XCTAssertEqual(claimedEditor(5).fieldKind("due"), .text, "NULL in a text column is no date")
        XCTAssertEqual(demo.fieldKind("title"), .text)
    }

    func testTypedFormSnapshot() {
        var e = typedEditor()
        e.focus("mood")
        e.press(.right)
        assertTerminalSafe(e.render())
        assertSnapshot(e.render(), named: "typed_form_80x30")
    }

    // MARK: Choices

    func testSpaceAndArrowsCycleTheAllowedValuesAndNullWhenTheColumnTakesIt() {
        var e = claimedEditor(1)
        e.focus("status")
        XCTAssertTrue(e.row("status").contains("in_progress  (Space: open | in_progress | done | NULL)"), e.row("status"))
        e.press(.character(" "))
        XCTAssertEqual(e.fieldText("status"), "done")
        e.press(.right)
        XCTAssertEqual(e.fieldText("status"), "")
        e.press(.right)
        XCTAssertEqual(e.fieldText("status"), "open")
        e.press(.left, .left)
        XCTAssertEqual(e.fieldText("status"), "done")
        XCTAssertEqual(e.savedChanges(), ["status": .text("done")])
    }

    func testSpaceThroughNullSavesNull() {
        var e = claimedEditor(1)
        e.focus("status")
        e.press(.character(" "), .character(" "))
        XCTAssertEqual(e.savedChanges(), ["status": .null])
    }

    func testNotNullChoiceHasNoNullStop() {
        var e = typedEditor()
        e.focus("mood")
        e.press(.right)
        XCTAssertEqual(e.fieldText("mood"), "happy")
        e.press(.right)
        XCTAssertEqual(e.fieldText("mood"), "sad", "wraps past the last value, no NULL")
        e.press(.left)
        XCTAssertEqual(e.fieldText("mood"), "happy")
    }

    func testALetterJumpsToTheValueAndAnythingElseIsRefused() {
        var e = claimedEditor(1)
        e.focus("status")
        e.type("d")
        XCTAssertEqual(e.fieldText("status"), "done")
        e.type("O")
        XCTAssertEqual(e.fieldText("status"), "open")
        e.type("x")
        XCTAssertEqual(e.fieldText("status"), "open", "no value starts with x")
        XCTAssertEqual(e.statusMessage, "status takes only open, in_progress, done or NULL; Space or Left/Right choose")
        e.press(.backspace, .control("u"))
        XCTAssertEqual(e.fieldText("status"), "open", "its text cannot be edited")
        XCTAssertEqual(e.savedChanges(), ["status": .text("open")])
    }

    func testEnterListsTheValuesInAPicker() {
        var e = claimedEditor(1)
        e.focus("status")
        e.press(.enter)
        XCTAssertEqual(e.screenKinds, [.form, .choicePicker])
        assertSnapshot(e.render(), named: "choice_picker_80x24")
        e.press(.down)
        e.type("o")
        e.press(.escape)
        XCTAssertEqual(e.screenKinds, [.form])
        XCTAssertEqual(e.fieldText("status"), "in_progress", "Esc leaves the field as it was")
        XCTAssertFalse(e.isDirty)
        e.press(.enter, .down, .down)
        e.press(.enter)
        XCTAssertEqual(e.screenKinds, [.form])
        XCTAssertEqual(e.focusedColumn, "status")
        XCTAssertEqual(e.savedChanges(), ["status": .null], "in_progress, done, NULL")
    }

    func testThePickerOpensOnTheCurrentValueAndALetterJumps() {
        var e = claimedEditor(1)
        e.focus("status")
        e.press(.enter)
        e.type("d")
        e.press(.enter)
        XCTAssertEqual(e.fieldText("status"), "done")
        e.press(.enter, .up, .enter)
        XCTAssertEqual(e.fieldText("status"), "in_progress")
    }

    // MARK: Booleans

    func testSpaceTogglesABooleanThroughNullWhenAllowed() {
        var e = typedEditor()
        e.focus("flag")
        XCTAssertEqual(e.fieldText("flag"), "true", "stored 1, shown true")
        XCTAssertTrue(e.row("flag").contains("true  (Space toggles)"), e.row("flag"))
        e.press(.character(" "))
        XCTAssertEqual(e.fieldText("flag"), "false")
        e.press(.character(" "))
        XCTAssertEqual(e.fieldText("flag"), "")
        e.press(.character(" "))
        XCTAssertEqual(e.fieldText("flag"), "true")
        XCTAssertFalse(e.isDirty, "back to the loaded value")
        e.type("n")
        XCTAssertEqual(e.savedChanges(), ["flag": .integer(0)], "kept as the stores keep booleans")
    }

    func testNotNullBooleanTogglesTrueFalseOnly() {
        var e = typedEditor()
        e.focus("strict")
        e.press(.character(" "))
        XCTAssertEqual(e.fieldText("strict"), "true")
        e.press(.character(" "))
        XCTAssertEqual(e.fieldText("strict"), "false")
        e.type("q")
        XCTAssertEqual(e.fieldText("strict"), "false")
        XCTAssertEqual(e.statusMessage, "strict is true or false: Space toggles, t or f sets")
        e.type("1")
        XCTAssertEqual(e.savedChanges(), ["strict": .integer(1)])
    }

    // MARK: Numbers

    func testANumberIsCheckedAsItIsTyped() {
        var e = typedEditor()
        e.focus("count")
        e.type("x")
        XCTAssertEqual(e.fieldError("count"), "field 'count': '3x' is not an integer", "marked at once, the focus has not moved")
        XCTAssertTrue(e.row("count").hasPrefix(">!count"), e.row("count"))
        XCTAssertEqual(e.statusMessage, "field 'count': '3x' is not an integer")
        e.press(.backspace)
        XCTAssertNil(e.fieldError("count"))
        XCTAssertNil(e.statusMessage)
        e.type("0")
        e.focus("ratio")
        e.type("e")
        XCTAssertEqual(e.fieldError("ratio"), "field 'ratio': '0.5e' is not a number")
        e.type("2")
        XCTAssertNil(e.fieldError("ratio"))
        XCTAssertEqual(e.savedChanges(), ["count": .integer(30), "ratio": .real(50)])
    }

    // MARK: Dates

    func testPlusMinusStepADayAndTSetsToday() {
        var e = claimedEditor(1)
        e.focus("due")
        XCTAssertTrue(e.row("due").contains("2026-12-15  (+/- a day, t today)"), e.row("due"))
        e.type("+")
        XCTAssertEqual(e.fieldText("due"), "2026-12-16")
        e.type("--")
        XCTAssertEqual(e.fieldText("due"), "2026-12-14")
        e.type("t")
        XCTAssertEqual(e.statusMessage, "Today is not known yet; type the date")
        XCTAssertEqual(e.fieldText("due"), "2026-12-14")
        // 2026-12-02 23:30 UTC is already the 3rd an hour east of UTC.
        _ = e.update(.tick(nowMicroseconds: (20_789 * 86_400 + 84_600) * 1_000_000))
        e.type("t")
        XCTAssertEqual(e.fieldText("due"), "2026-12-02")
        var east = claimedEditor(
            1,
            config: {
                var c = config(); c.utcOffsetSeconds = 3_600; return c
            }())
        _ = east.update(.tick(nowMicroseconds: (20_789 * 86_400 + 84_600) * 1_000_000))
        east.focus("due")
        east.type("t")
        XCTAssertEqual(east.fieldText("due"), "2026-12-03")
        XCTAssertEqual(e.savedChanges(), ["due": .text("2026-12-02")])
    }

    func testAnIncompleteDateTypesMinusAndIsMarkedUntilItIsADate() {
        var e = claimedEditor(1)
        e.focus("due")
        e.press(.control("u"))
        XCTAssertNil(e.fieldError("due"), "a text column may be empty")
        e.type("2026-02-3")
        XCTAssertEqual(e.fieldText("due"), "2026-02-3", "- typed while the text is no date yet")
        XCTAssertEqual(e.fieldError("due"), "field 'due': '2026-02-3' is not a date (expected YYYY-MM-DD)")
        e.type("0")
        XCTAssertEqual(e.fieldError("due"), "field 'due': '2026-02-30' is not a date (February 2026 has 28 days)")
        XCTAssertEqual(e.press(.control("s")), [], "no save with a bad date")
        XCTAssertEqual(e.focusedColumn, "due")
        e.press(.backspace, .backspace)
        e.type("28")
        XCTAssertNil(e.fieldError("due"))
        XCTAssertEqual(e.savedChanges(), ["due": .text("2026-02-28")])
    }

    func testPlusMinusAndTTypeNormallyInATextField() {
        var e = claimedEditor(1)
        e.type(" +t-")
        XCTAssertEqual(e.fieldText("title"), "Quarterly report +t-")
        e.focus("owner")
        e.type("t+")
        XCTAssertEqual(e.fieldText("owner"), "alicet+")
        var n = claimedEditor(5)
        n.focus("due")
        n.type("t+-")
        XCTAssertEqual(n.fieldText("due"), "t+-", "a NULL text column is plain text")
    }

    func testATimestampStepsItsDateAndKeepsItsTime() {
        var e = typedEditor()
        e.focus("seen")
        e.type("+")
        XCTAssertEqual(e.fieldText("seen"), "2027-01-01 23:30:00+00")
        e.type("-")
        e.type("-")
        XCTAssertEqual(e.fieldText("seen"), "2026-12-30 23:30:00+00")
        _ = e.update(.tick(nowMicroseconds: 20_789 * 86_400 * 1_000_000))
        e.type("t")
        XCTAssertEqual(e.fieldText("seen"), "2026-12-02 23:30:00+00")
        e.press(.backspace, .backspace)
        e.type("-05")
        XCTAssertEqual(e.fieldText("seen"), "2026-12-02 23:30:00+-05", "- types while the text is no timestamp")
        XCTAssertEqual(e.fieldError("seen"), "field 'seen': '2026-12-02 23:30:00+-05' is not a timestamp (expected a zone like Z, +01 or +01:00)")
        e.press(.backspace, .backspace, .backspace, .backspace)
        e.type("-")
        XCTAssertEqual(e.fieldText("seen"), "2026-12-01 23:30:00", "a whole timestamp without a zone steps")
        e.type("Z")
        XCTAssertNil(e.fieldError("seen"))
    }

    func testALeapDayStepsAndAnEmptyDateColumnIsNull() {
        var e = typedEditor()
        e.focus("born")
        e.type("+")
        XCTAssertEqual(e.fieldText("born"), "2024-02-29")
        e.type("+")
        XCTAssertEqual(e.fieldText("born"), "2024-03-01")
        e.press(.control("u"))
        XCTAssertNil(e.fieldError("born"))
        XCTAssertEqual(e.savedChanges(), ["born": .null], "a date column has no empty date")
    }

    func testATimeIsCheckedAndTakesNoDateKeys() {
        var e = typedEditor()
        e.focus("at")
        XCTAssertTrue(e.row("at").contains("09:15:00  (HH:MM:SS)"), e.row("at"))
        e.type("+01")
        XCTAssertEqual(e.fieldText("at"), "09:15:00+01")
        XCTAssertNil(e.fieldError("at"))
        e.press(.control("u"))
        e.type("25:00")
        XCTAssertEqual(e.fieldError("at"), "field 'at': '25:00' is not a time (there is no hour 25)")
    }

    // MARK: JSON

    func testJSONIsShownOnOneLine() {
        var e = typedEditor()
        e.focus("doc")
        XCTAssertEqual(e.fieldText("doc"), #"{"a": 1.50, "b": [true, null]}"#, "whitespace folded, the number as written")
        XCTAssertTrue(e.row("doc").contains(#"{"a": 1.50, "b": [true, null]}  (^O pretty-printed)"#), e.row("doc"))
        XCTAssertFalse(e.isDirty)
        e.press(.enter)
        XCTAssertEqual(e.focusedColumn, "doc", "one line: Enter moves on (doc is the last field)")
        XCTAssertEqual(e.fieldText("doc"), #"{"a": 1.50, "b": [true, null]}"#)
    }

    func testCtrlOEditsJSONPrettyPrintedAndFoldsItBack() {
        var e = typedEditor()
        e.focus("doc")
        let pretty = "{\n  \"a\": 1.50,\n  \"b\": [\n    true,\n    null\n  ]\n}"
        XCTAssertEqual(e.press(.control("o")), [.editExternally(text: pretty)])
        _ = e.update(.externalEditFinished(pretty + "\n"))
        XCTAssertEqual(e.statusMessage, "doc is unchanged")
        XCTAssertFalse(e.isDirty)
        XCTAssertEqual(e.press(.control("o")), [.editExternally(text: pretty)])
        _ = e.update(.externalEditFinished("{\n  \"a\": 2,\n  \"b\": []\n}\n"))
        XCTAssertEqual(e.fieldText("doc"), #"{"a": 2, "b": []}"#)
        XCTAssertNil(e.fieldError("doc"))
        XCTAssertEqual(e.savedChanges(), ["doc": .text(#"{"a": 2, "b": []}"#)])
    }

    func testInvalidJSONFromTheEditorIsKeptAndMarkedWithLineAndColumn() {
        var e = typedEditor()
        e.focus("doc")
        _ = e.press(.control("o"))
        let broken = "{\n  \"a\": 2\n  \"b\": []\n}"
        _ = e.update(.externalEditFinished(broken + "\n"))
        XCTAssertEqual(e.fieldText("doc"), broken, "kept as it came back")
        let reason = "field 'doc' is not JSON: line 3, column 3: expected ',' or '}'"
        XCTAssertEqual(e.fieldError("doc"), reason)
        XCTAssertEqual(e.statusMessage, reason)
        XCTAssertEqual(e.press(.control("s")), [], "not saved")
        XCTAssertEqual(e.press(.control("o")), [.editExternally(text: broken)], "opened again as it is, to fix it")
    }
}
