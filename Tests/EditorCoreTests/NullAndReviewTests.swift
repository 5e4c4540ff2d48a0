import RecEditCore
import XCTest

@testable import EditorCore

/// NULL against empty text on every screen, Ctrl-N and NOT NULL, read-only (generated) columns, and the
/// review screen (Ctrl-D).
final class NullAndReviewTests: XCTestCase {
    /// The style of the first cell of `text` on the screen, or nil when the screen does not show it.
    func styleOf(_ text: String, in buffer: CellBuffer, row: Int? = nil) -> CellStyle? {
        for r in 0..<buffer.height where row == nil || row == r {
            var line = ""
            var starts: [Int] = []
            for c in 0..<buffer.width {
                let cell = buffer[r, c]
                guard !cell.text.isEmpty else { continue }
                starts.append(c)
                line += cell.text
            }
            if let range = line.range(of: text) {
                let offset = line[..<range.lowerBound].count
                return buffer[r, starts[offset]].style
            }
        }
        return nil
    }

    func row(_ e: AppState, label: String) -> (index: Int, text: String)? {
        let lines = e.render().lines
        guard let i = lines.firstIndex(where: { $0.dropFirst(2).hasPrefix(label + " ") }) else { return nil }
        return (i, lines[i])
    }

    // MARK: - NULL in the form

    func testCtrlNSetsNullShownApartFromEmptyText() {
        var e = claimedEditor(1)
        e.focus("owner")
        e.press(.control("n"))
        XCTAssertEqual(e.session?.parsedValue("owner"), .success(.null))
        XCTAssertEqual(e.statusMessage, "owner set to NULL")
        let owner = row(e, label: "owner")!
        XCTAssertTrue(owner.text.contains(NullMark.text), owner.text)
        XCTAssertTrue(styleOf(NullMark.text, in: e.render(), row: owner.index)!.dim, "NULL is dim, not a colour alone")
        XCTAssertEqual(e.press(.control("s")), [.save(changes: ["owner": .null], expected: loadedStamp, fencingToken: nil)])

        // Empty text is not NULL: nothing is drawn, and '' is what a save writes.
        var empty = claimedEditor(1)
        empty.focus("owner")
        empty.press(.control("u"))
        XCTAssertFalse(row(empty, label: "owner")!.text.contains("NULL"))
        XCTAssertEqual(empty.press(.control("s")), [.save(changes: ["owner": .text("")], expected: loadedStamp, fencingToken: nil)])
    }

    func testTypingIntoNullStartsAnEmptyValue() {
        var e = claimedEditor(1)
        e.focus("owner")
        e.press(.control("n"))
        e.type("bo")
        XCTAssertEqual(e.fieldText("owner"), "bo")
        XCTAssertFalse(row(e, label: "owner")!.text.contains("NULL"))
        e.press(.backspace, .backspace)
        XCTAssertEqual(e.session?.parsedValue("owner"), .success(.text("")), "typed into, then emptied: '' (not NULL)")
    }

    func testLiteralNullTextIsNotDrawnAsNull() {
        var record = demoRecord(1)
        record.fields["owner"] = .text(NullMark.text)
        var e = makeEditor(record: record)
        _ = e.start()
        let buffer = e.render()
        let owner = row(e, label: "owner")!
        XCTAssertTrue(owner.text.contains(NullMark.text))
        XCTAssertFalse(styleOf(NullMark.text, in: buffer, row: owner.index)!.dim, "a text that reads like the mark is drawn as text")
        XCTAssertEqual(NullMark.plainText(.text(NullMark.text)), "\"∅ NULL\"")
        XCTAssertEqual(NullMark.plainText(.text("\"quoted\"")), "\"\\\"quoted\\\"\"")
        XCTAssertEqual(NullMark.plainText(.null), NullMark.text)
        XCTAssertEqual(NullMark.plainText(.text("")), "")
    }

    func testNotNullColumnRefusesNullAtTheKey() {
        var e = claimedEditor(1)
        XCTAssertEqual(e.focusedColumn, "title")
        XCTAssertEqual(e.press(.control("n")), [])
        XCTAssertEqual(e.statusMessage, "title is NOT NULL: it cannot be set to NULL")
        XCTAssertEqual(e.fieldText("title"), "Quarterly report")
        XCTAssertFalse(e.isDirty)
    }

    func testCtrlNOnAReadOnlyFormChangesNothing() {
        var e = makeEditor(config: config(readOnly: true))
        e.focus("owner")
        e.press(.control("n"))
        XCTAssertEqual(e.fieldText("owner"), "alice")
        XCTAssertFalse(e.isDirty)
    }

    // MARK: - NULL on the Conflict screen

    func testConflictScreenTellsNullFromEmpty() {
        var e = claimedEditor(1)
        e.focus("owner")
        e.press(.control("n"))
        XCTAssertEqual(e.press(.control("s")).count, 1)
        var theirs = demoRecord(1, updatedAt: "2026-11-27 14:05:01.000000")
        theirs.fields["owner"] = .text("")
        _ = e.update(.saveFinished(.stale(current: theirs), writer: "alice@host:123"))
        XCTAssertTrue(e.isShowingConflict)
        e.focusConflict("owner")
        let buffer = e.render()
        let text = buffer.lines.joined(separator: "\n")
        XCTAssertTrue(text.contains(NullMark.text), text)
        XCTAssertTrue(text.contains("(empty)"), text)
        XCTAssertTrue(styleOf(NullMark.text, in: buffer)!.dim)
    }

    // MARK: - Generated and key columns

    func schemaWithGenerated() -> Schema {
        var schema = demoSchema()
        let generated = Column(name: "title_length", declaredType: "INTEGER", kind: .integer, isGenerated: true)
        schema.columns.insert(generated, at: 3)
        return schema
    }

    func testGeneratedColumnIsNeverAFieldNorWritten() {
        let schema = schemaWithGenerated()
        XCTAssertFalse(schema.editableColumns.map(\.name).contains("title_length"))
        var record = demoRecord(1)
        record.fields["title_length"] = .integer(16)
        var e = AppState(schema: schema, record: record, config: config(), width: 80, height: 24, orphanedDraft: nil)
        _ = e.start()
        _ = e.update(.editOutcome(.claimed(token: 7, leaseUntil: "2026-11-27 14:04:22", previousOwner: nil)))
        XCTAssertFalse(e.session!.focusable.contains("title_length"))
        // Shown with what the database keeps, after the data.
        let lines = e.render().lines
        let generatedRow = lines.firstIndex { $0.contains("title_length") }!
        let bodyRow = lines.firstIndex { $0.contains("body") }!
        XCTAssertGreaterThan(generatedRow, bodyRow)
        XCTAssertTrue(lines[generatedRow].contains("16"))
        e.type("!")
        XCTAssertEqual(e.press(.control("s")), [.save(changes: ["title": .text("Quarterly report!")], expected: loadedStamp, fencingToken: nil)])

        // A merge of a row whose generated column changed offers no conflict on it.
        var theirs = record
        theirs.updatedAt = "2026-11-27 14:05:01.000000"
        theirs.fields["title_length"] = .integer(20)
        theirs.fields["status"] = .text("done")
        let effects = e.update(.saveFinished(.stale(current: theirs), writer: "alice@host:123"))
        guard case .save(let changes, _, _)? = effects.last else { return XCTFail("no merged save: \(effects)") }
        XCTAssertNil(changes["title_length"])
    }

    func testRecreateLeavesGeneratedColumnsOut() {
        var record = demoRecord(1)
        record.fields["title_length"] = .integer(16)
        var e = AppState(schema: schemaWithGenerated(), record: record, config: config(), width: 80, height: 24, orphanedDraft: nil)
        _ = e.start()
        _ = e.update(.editOutcome(.claimed(token: 7, leaseUntil: "2026-11-27 14:04:22", previousOwner: nil)))
        _ = e.update(.saveFinished(.deleted, writer: nil))
        XCTAssertEqual(e.screenKinds.last, .deletedRow)
        let effects = e.press(.character("r"))
        guard case .recreate(let fields)? = effects.last else { return XCTFail("no re-create: \(effects)") }
        XCTAssertNil(fields["title_length"])
        XCTAssertEqual(fields["id"], .integer(1))
        XCTAssertEqual(fields["title"], .text("Quarterly report"))
    }

    // MARK: - Review before save

    func reviewEditor(width: Int = 80, height: Int = 24) -> AppState {
        var e = claimedEditor(1, width: width, height: height)
        e.type(" (Q4)")
        e.focus("owner")
        e.press(.control("n"))
        e.focus("body")
        e.press(.down, .end)
        e.type(" And the CFO.")
        e.press(.control("d"))
        return e
    }

    func testReviewShowsEachChangeAndTheVersion() {
        let e = reviewEditor()
        XCTAssertEqual(e.screenKinds, [.form, .review])
        let text = e.screenText
        XCTAssertTrue(text.contains("checked against updated_at \(loadedStamp)"), text)
        XCTAssertTrue(text.contains("- Quarterly report\n") || text.contains("- Quarterly report "), text)
        XCTAssertTrue(text.contains("+ Quarterly report (Q4)"), text)
        XCTAssertTrue(text.contains("- alice"), text)
        XCTAssertTrue(text.contains("+ \(NullMark.text)"), text)
        XCTAssertTrue(text.contains("- Draft the summary for the board."), text)
        XCTAssertTrue(text.contains("+ Draft the summary for the board. And the CFO."), text)
        XCTAssertTrue(text.contains("Collect the numbers from finance."), "context line kept")
    }

    func testReviewRevertsASelectedFieldAndSavesFromThere() {
        var e = reviewEditor()
        e.press(.down)  // owner
        e.press(.character("u"))
        XCTAssertEqual(e.fieldText("owner"), "alice")
        XCTAssertEqual(e.session?.dirtyColumns, ["title", "body"])
        XCTAssertFalse(e.screenText.contains(NullMark.text))
        let effects = e.press(.control("s"))
        XCTAssertEqual(e.screenKinds, [.form])
        guard case .save(let changes, let expected, _)? = effects.last else { return XCTFail("no save: \(effects)") }
        XCTAssertEqual(Set(changes.keys), ["title", "body"])
        XCTAssertEqual(expected, loadedStamp)
    }

    func testReviewEscGoesBackWithTheEditsKept() {
        var e = reviewEditor()
        XCTAssertEqual(e.press(.escape), [])
        XCTAssertEqual(e.screenKinds, [.form])
        XCTAssertEqual(e.session?.dirtyColumns, ["title", "owner", "body"])
    }

    func testReviewWithNothingChanged() {
        var e = claimedEditor(1)
        e.press(.control("d"))
        XCTAssertTrue(e.screenText.contains("No changes: a save has nothing to write."))
    }

    func testLineDiffKeepsContextAroundChanges() {
        let base = ["a", "b", "c", "d", "e", "f"]
        let mine = ["a", "b", "c", "D", "e", "f"]
        XCTAssertEqual(
            ReviewView.lineDiff(from: base, to: mine, context: 1),
            [.skipped(2), .same("c"), .removed("d"), .added("D"), .same("e"), .skipped(1)])
    }

    func testReviewSnapshots() {
        for (w, h) in [(80, 24), (132, 40)] {
            let buffer = reviewEditor(width: w, height: h).render()
            assertTerminalSafe(buffer)
            assertSnapshot(buffer, named: "review_\(w)x\(h)")
        }
    }

    func testNullSnapshots() {
        for (w, h) in [(80, 24), (132, 40)] {
            var e = claimedEditor(1, width: w, height: h)
            e.focus("owner")
            e.press(.control("n"))
            e.focus("due")
            e.press(.control("u"))
            assertSnapshot(e.render(), named: "null_form_\(w)x\(h)")
        }
    }
}
