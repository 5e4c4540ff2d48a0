import EditorCore
import Foundation
import RecEditCore
import SQLiteStore
import XCTest

@testable import EditorApp
@testable import EditorCore

/// The browser's screens against a real SQLite database: their effects performed by the store calls the event
/// loop runs (`BrowserStoreCalls`), their answers fed back, the data checked in the database.
final class BrowserScreensStoreTests: DemoDatabaseTestCase {
    func app(width: Int = 80, height: Int = 24) -> AppState {
        var c = EditorConfig(owner: me)
        c.colors = false
        return AppState(config: c, width: width, height: height)
    }

    /// Performs the effects the way the loop does and feeds the answers back, until none is left.
    func run(_ effects: [EditorEffect], on state: inout AppState) throws {
        var queue = effects
        while !queue.isEmpty {
            let effect = queue.removeFirst()
            let message: EditorMessage?
            switch effect {
            case .loadHistory(let key): message = try BrowserStoreCalls.history(store, key: key)
            case .restoreVersion(let key, let changes, let expected):
                message = try BrowserStoreCalls.restore(store, key: key, changes: changes, expected: expected, writer: me).1
            case .deleteRow(let key, let expected): message = try BrowserStoreCalls.delete(store, key: key, expected: expected, writer: me).1
            case .describeTables: message = try BrowserStoreCalls.describeTables(database, current: store)
            case .insert(let fields): message = .inserted(try store.insert(fields, writer: me))
            default: message = nil
            }
            if let message { queue += state.update(message) }
        }
    }

    func testHistoryShowsWhoWroteAndRestoresAVersion() throws {
        let original = try XCTUnwrap(store.load(.integer(2)))
        guard
            case .saved = try store.save(
                .integer(2), changes: ["title": .text("Login timeout (urgent)")], expected: original.updatedAt, writer: "alice@vm:1", fencingToken: nil)
        else { return XCTFail("alice's save did not land") }

        var state = app()
        try run(HistoryScreen.open(schema: store.schema, key: .integer(2), screens: &state.screens), on: &state)
        XCTAssertTrue(state.screenText.contains("alice@vm:1  the row now"), state.screenText)
        state.press(.down)
        XCTAssertTrue(state.screenText.contains("- Fix login timeout"), state.screenText)
        XCTAssertTrue(state.screenText.contains("+ Login timeout (urgent)"), state.screenText)

        try run(state.press(.character("r")), on: &state)
        XCTAssertTrue(state.screenText.contains("Restored title from \(original.updatedAt)"), state.screenText)
        let restored = try XCTUnwrap(store.load(.integer(2)))
        XCTAssertEqual(restored["title"], .text("Fix login timeout"))
        XCTAssertEqual(try store.writer(of: .integer(2), at: restored.updatedAt), me)
        XCTAssertTrue(state.screenText.contains("\(me)  the row now"), "the list is read again")
    }

    func testRestoreOverANewerVersionIsStale() throws {
        let original = try XCTUnwrap(store.load(.integer(2)))
        _ = try store.save(.integer(2), changes: ["title": .text("v2")], expected: original.updatedAt, writer: "alice@vm:1", fencingToken: nil)
        var state = app()
        try run(HistoryScreen.open(schema: store.schema, key: .integer(2), screens: &state.screens), on: &state)
        state.press(.down)
        let restore = state.press(.character("r"))
        let now = try XCTUnwrap(store.load(.integer(2)))
        _ = try store.save(.integer(2), changes: ["status": .text("done")], expected: now.updatedAt, writer: "bob@vm:2", fencingToken: nil)
        try run(restore, on: &state)
        XCTAssertTrue(state.screenText.contains("Not restored: bob@vm:2 changed the row meanwhile"), state.screenText)
        XCTAssertEqual(try store.load(.integer(2))?["title"], .text("v2"), "nothing written")
    }

    func testDeleteOfARowChangedSinceShownAsksAgainThenDeletes() throws {
        let shown = try XCTUnwrap(store.load(.integer(3)))
        _ = try store.save(.integer(3), changes: ["status": .text("done")], expected: shown.updatedAt, writer: "bob@vm:2", fencingToken: nil)

        var state = app()
        state.screens.push(DeleteConfirmScreen(schema: store.schema, row: shown))
        try run(state.press(.character("y")), on: &state)
        XCTAssertNotNil(try store.load(.integer(3)), "the stale delete deleted nothing")
        XCTAssertTrue(state.screenText.contains("Row 3 changed since it was shown: bob@vm:2: status."), state.screenText)

        try run(state.press(.character("y")), on: &state)
        XCTAssertEqual(state.screenKinds, [])
        XCTAssertNil(try store.load(.integer(3)))
        let deleted = try store.history(.integer(3)).first
        XCTAssertEqual(deleted?.operation, .delete)
        XCTAssertEqual(deleted?.replacedBy, me, "the deleter is recorded")
    }

    func testDeleteOfARowAlreadyGone() throws {
        let shown = try XCTUnwrap(store.load(.integer(4)))
        _ = try store.delete(.integer(4), expected: shown.updatedAt, writer: "carol@vm:3")
        var state = app()
        state.screens.push(DeleteConfirmScreen(schema: store.schema, row: shown))
        try run(state.press(.character("y")), on: &state)
        XCTAssertTrue(state.screenText.contains("Row 4 is already gone"), state.screenText)
    }

    func testTablesListWithEstimates() throws {
        var state = app()
        try run(TablesScreen.open(names: try database.receditTables(), screens: &state.screens), on: &state)
        XCTAssertTrue(state.render().lines[2].hasPrefix("> records"), state.screenText)
        XCTAssertEqual(state.press(.enter), [.openTable("records")])
    }

    func testNewRowIsInsertedThenOpen() throws {
        var state = app()
        _ = state.update(.newRowOpened(schema: store.schema))
        state.type("Buy chairs")
        try run(state.press(.control("s")), on: &state)
        let key = try XCTUnwrap(state.record?.key)
        XCTAssertNotEqual(key, .null)
        let row = try XCTUnwrap(store.load(key))
        XCTAssertEqual(row["title"], .text("Buy chairs"))
        XCTAssertEqual(state.record?.updatedAt, row.updatedAt)
        XCTAssertFalse(state.isDirty)
    }
}

extension AppState {
    @discardableResult
    fileprivate mutating func press(_ key: Key) -> [EditorEffect] { update(.key(key)) }

    fileprivate mutating func type(_ text: String) {
        for c in text { _ = update(.key(.character(c))) }
    }

    fileprivate var screenText: String { render().lines.joined(separator: "\n") }
}
