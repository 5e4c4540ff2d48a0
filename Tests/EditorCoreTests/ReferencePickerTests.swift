import RecEditCore
import XCTest

@testable import EditorCore

/// A foreign-key field: the referenced row's label beside the value, and the picker (Enter) over the referenced
/// table's rows, with its `/` filter.
final class ReferencePickerTests: XCTestCase {
    let warehouses = ColumnReference(table: "warehouses", column: "id")

    func parcelEditor(warehouse: Value = .integer(2)) -> (AppState, [EditorEffect]) {
        let columns = [
            Column(name: "id", declaredType: "INTEGER", kind: .integer, notNull: true, isKey: true),
            Column(name: "warehouse", declaredType: "INTEGER", kind: .integer, references: warehouses),
            Column(name: "note", declaredType: "VARCHAR(50)", kind: .text),
            Column(name: "edit_state", declaredType: "TEXT", kind: .text, notNull: true),
            Column(name: "edit_owner", declaredType: "TEXT", kind: .text),
            Column(name: "edit_lease_until", declaredType: "TEXT", kind: .text),
            Column(name: "edit_token", declaredType: "INTEGER", kind: .integer, notNull: true),
            Column(name: "updated_at", declaredType: "TEXT", kind: .text, notNull: true),
        ]
        let schema = Schema(table: "parcels", keyColumn: "id", columns: columns, recedit: ReceditColumnNames())
        let record = Record(
            key: .integer(1), fields: ["id": .integer(1), "warehouse": warehouse, "note": .text("fragile")], updatedAt: loadedStamp, edit: EditInfo())
        var e = AppState(schema: schema, record: record, config: config(), width: 80, height: 24, orphanedDraft: nil)
        XCTAssertEqual(e.start(), [.claim])
        let effects = e.update(.editOutcome(.claimed(token: 7, leaseUntil: "2026-11-27 14:04:22", previousOwner: nil)))
        return (e, effects)
    }

    func rows(_ pairs: [(Int64, String?)]) -> [ReferencedRow] { pairs.map { ReferencedRow(key: .integer($0.0), label: $0.1) } }

    func testTheLabelIsFetchedOnceAndShownBesideTheValue() {
        var (e, effects) = parcelEditor()
        XCTAssertEqual(e.fieldKind("warehouse"), .reference(warehouses))
        XCTAssertEqual(effects, [.fetchReferenceLabel(column: "warehouse", reference: warehouses, key: .integer(2))])
        XCTAssertFalse(e.row("warehouse").contains("→"), "nothing until the label comes")
        XCTAssertEqual(e.update(.referenceLabelFetched(column: "warehouse", key: .integer(2), label: "50% off")), [])
        XCTAssertTrue(e.row("warehouse").contains("2  → 50% off"), e.row("warehouse"))
        XCTAssertEqual(e.press(.tab), [], "the same value is not asked again")
        assertSnapshot(e.render(), named: "reference_label_80x24")

        // Typing another key asks for its label; the old one is not shown beside the new value.
        e.focus("warehouse")
        e.press(.end)
        XCTAssertEqual(e.type("1"), [.fetchReferenceLabel(column: "warehouse", reference: warehouses, key: .integer(21))])
        XCTAssertFalse(e.row("warehouse").contains("50% off"))
        e.update(.referenceLabelFetched(column: "warehouse", key: .integer(2), label: "late answer for the old value"))
        XCTAssertFalse(e.row("warehouse").contains("late answer"))
        e.update(.referenceLabelFetched(column: "warehouse", key: .integer(21), label: nil))
        XCTAssertFalse(e.row("warehouse").contains("→"), "no such row: no label")
    }

    func testThePickerFiltersAndChoosesAKey() {
        var (e, _) = parcelEditor()
        e.focus("warehouse")
        XCTAssertEqual(e.press(.enter), [.fetchReferencedRows(ReferenceRequest(reference: warehouses, limit: 50), generation: 0)])
        XCTAssertEqual(e.screenKinds, [.form, .referencePicker])
        e.update(
            .referencedRowsFetched(
                ReferenceRequest(reference: warehouses, limit: 50), rows([(1, "Alice"), (2, "50% off"), (3, "上海仓库"), (10, nil)]), generation: 0))
        // The field's value (2) is selected: the same screen as one Down from the first row.
        assertSnapshot(e.render(), named: "reference_picker_80x24")

        XCTAssertEqual(e.type("/"), [])
        XCTAssertEqual(
            e.type("上"), [.fetchReferencedRows(ReferenceRequest(reference: warehouses, search: "上", limit: 50), generation: 1)])
        e.update(.referencedRowsFetched(ReferenceRequest(reference: warehouses, limit: 50), rows([(7, "stale")]), generation: 0))
        XCTAssertFalse(e.render().lines.joined().contains("stale"), "an answer to an older filter is dropped")
        e.update(.referencedRowsFetched(ReferenceRequest(reference: warehouses, search: "上", limit: 50), rows([(3, "上海仓库")]), generation: 1))
        assertSnapshot(e.render(), named: "reference_picker_filtered_80x24")

        let chosen = e.press(.enter)
        XCTAssertEqual(e.screenKinds, [.form])
        XCTAssertEqual(e.fieldText("warehouse"), "3")
        XCTAssertTrue(chosen.contains(.fetchReferenceLabel(column: "warehouse", reference: warehouses, key: .integer(3))), "\(chosen)")
        e.update(.referenceLabelFetched(column: "warehouse", key: .integer(3), label: "上海仓库"))
        XCTAssertTrue(e.row("warehouse").contains("3  → 上海仓库"), e.row("warehouse"))
        XCTAssertEqual(e.savedChanges(), ["warehouse": .integer(3)])
    }

    func testEscClearsTheFilterThenCancels() {
        var (e, _) = parcelEditor()
        e.focus("warehouse")
        e.press(.enter)
        e.update(.referencedRowsFetched(ReferenceRequest(reference: warehouses, limit: 50), rows([(1, "Alice"), (2, "50% off")]), generation: 0))
        e.type("/a")
        e.press(.backspace)
        XCTAssertEqual(
            e.type("%"), [.fetchReferencedRows(ReferenceRequest(reference: warehouses, search: "%", limit: 50), generation: 3)])
        XCTAssertEqual(e.press(.escape), [.fetchReferencedRows(ReferenceRequest(reference: warehouses, limit: 50), generation: 4)])
        XCTAssertEqual(e.screenKinds, [.form, .referencePicker], "the first Esc clears the filter")
        e.press(.down)
        e.press(.escape)
        XCTAssertEqual(e.screenKinds, [.form])
        XCTAssertEqual(e.fieldText("warehouse"), "2", "Esc leaves the field as it was")
        XCTAssertFalse(e.isDirty)
    }

    func testMovingPastAFullPageAsksForTheNext() {
        var (e, _) = parcelEditor()
        e.focus("warehouse")
        e.press(.enter)
        let first = ReferenceRequest(reference: warehouses, limit: 50)
        e.update(.referencedRowsFetched(first, rows((1...50).map { ($0, "w\($0)") }), generation: 0))
        XCTAssertEqual(e.press(.end), [])
        let next = ReferenceRequest(reference: warehouses, after: .integer(50), limit: 50)
        XCTAssertEqual(e.press(.down), [.fetchReferencedRows(next, generation: 0)])
        XCTAssertEqual(e.press(.down), [], "one request at a time")
        e.update(.referencedRowsFetched(next, rows([(51, "w51")]), generation: 0))
        e.press(.down)
        XCTAssertEqual(e.press(.down), [], "a short page is the last")
        e.press(.enter)
        XCTAssertEqual(e.fieldText("warehouse"), "51")
    }
}
