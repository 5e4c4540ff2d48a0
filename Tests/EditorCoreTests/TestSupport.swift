import Foundation
import RecEditCore
import XCTest

@testable import EditorCore

/// The demo table as the stores create it (`DemoData`): data columns, then recedit's own.
func demoSchema() -> Schema {
    var columns = [
        Column(name: "id", declaredType: "INTEGER", kind: .integer, notNull: true, isKey: true),
        Column(name: "title", declaredType: "VARCHAR(200)", kind: .text, notNull: true),
        Column(name: "status", declaredType: "VARCHAR(20)", kind: .text, allowedValues: ["open", "in_progress", "done"]),
        Column(name: "owner", declaredType: "VARCHAR(100)", kind: .text),
        Column(name: "priority", declaredType: "INTEGER", kind: .integer),
        Column(name: "due", declaredType: "VARCHAR(10)", kind: .text),
        Column(name: "body", declaredType: "TEXT", kind: .text),
    ]
    columns += [
        Column(name: "edit_state", declaredType: "TEXT", kind: .text, notNull: true),
        Column(name: "edit_owner", declaredType: "TEXT", kind: .text),
        Column(name: "edit_lease_until", declaredType: "TEXT", kind: .text),
        Column(name: "edit_token", declaredType: "INTEGER", kind: .integer, notNull: true),
        Column(name: "updated_at", declaredType: "TEXT", kind: .text, notNull: true),
    ]
    return Schema(table: "records", keyColumn: "id", columns: columns, recedit: ReceditColumnNames())
}

let loadedStamp = "2026-11-27 14:03:22.123456"
let me = "me@host:100"

/// Demo row `id` (1-based) as loaded.
func demoRecord(_ id: Int, updatedAt: String = loadedStamp, edit: EditInfo = EditInfo()) -> Record {
    var fields = DemoData.rows[id - 1]
    fields["id"] = .integer(Int64(id))
    return Record(key: .integer(Int64(id)), fields: fields, updatedAt: updatedAt, edit: edit)
}

func config(
    lock: EditorConfig.LockMode = .advisory, merge: EditorConfig.MergeMode = .auto, readOnly: Bool = false,
    colors: Bool = true
) -> EditorConfig {
    var c = EditorConfig(owner: me)
    c.lockMode = lock
    c.mergeMode = merge
    c.readOnly = readOnly
    c.colors = colors
    return c
}

func makeEditor(
    _ id: Int = 1, record: Record? = nil, config cfg: EditorConfig = config(), width: Int = 80, height: Int = 24,
    draft: Draft? = nil
) -> AppState {
    AppState(schema: demoSchema(), record: record ?? demoRecord(id), config: cfg, width: width, height: height, orphanedDraft: draft)
}

/// An editor that has started and holds the claim (token 7).
func claimedEditor(_ id: Int = 1, config cfg: EditorConfig = config(), width: Int = 80, height: Int = 24) -> AppState {
    var e = makeEditor(id, config: cfg, width: width, height: height)
    XCTAssertEqual(e.start(), [.claim])
    XCTAssertEqual(e.update(.editOutcome(.claimed(token: 7, leaseUntil: "2026-11-27 14:04:22", previousOwner: nil))), [])
    return e
}

extension AppState {
    /// A claim refused by a holder whose process is alive: the outcome, then (when the editor asks whether
    /// the holder's process is gone) the answer "no".
    @discardableResult
    mutating func claimRefused(_ outcome: EditOutcome) -> [EditorEffect] {
        let effects = update(.editOutcome(outcome))
        guard case .probeHolder(let owner)? = effects.last else { return effects }
        return update(.holderProbed(owner: owner, gone: false))
    }

    /// Sends keys; returns all effects.
    @discardableResult
    mutating func press(_ keys: Key...) -> [EditorEffect] {
        var out: [EditorEffect] = []
        for k in keys { out += update(.key(k)) }
        return out
    }

    @discardableResult
    mutating func type(_ text: String) -> [EditorEffect] {
        var out: [EditorEffect] = []
        for c in text { out += update(.key(.character(c))) }
        return out
    }

    /// Moves the focus to a column with Tab.
    mutating func focus(_ column: String, file: StaticString = #filePath, line: UInt = #line) {
        for _ in 0..<20 where focusedColumn != column { _ = update(.key(.tab)) }
        XCTAssertEqual(focusedColumn, column, file: file, line: line)
    }

    var screenText: String { render().lines.joined(separator: "\n") }
}

/// Compares a rendered buffer to `Snapshots/<name>.txt` (re-recorded when RECEDIT_RECORD_SNAPSHOTS=1).
func assertSnapshot(_ buffer: CellBuffer, named name: String, file: StaticString = #filePath, line: UInt = #line) {
    let cursor = buffer.cursor.map { "cursor: \($0.row),\($0.column)" } ?? "cursor: hidden"
    let text = buffer.lines.joined(separator: "\n") + "\n" + cursor + "\n"
    let url = URL(fileURLWithPath: "\(file)").deletingLastPathComponent()
        .appendingPathComponent("Snapshots").appendingPathComponent(name + ".txt")
    if ProcessInfo.processInfo.environment["RECEDIT_RECORD_SNAPSHOTS"] == "1" {
        try? FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        XCTAssertNoThrow(try text.write(to: url, atomically: true, encoding: .utf8), file: file, line: line)
        return
    }
    guard let expected = try? String(contentsOf: url, encoding: .utf8) else {
        XCTFail("missing snapshot \(name).txt; record it with RECEDIT_RECORD_SNAPSHOTS=1", file: file, line: line)
        return
    }
    if expected != text {
        let e = expected.components(separatedBy: "\n"), a = text.components(separatedBy: "\n")
        var diff = ""
        for i in 0..<max(e.count, a.count) {
            let x = i < e.count ? e[i] : "<none>", y = i < a.count ? a[i] : "<none>"
            if x != y { diff += "line \(i + 1):\n  expected: \(x)\n  actual:   \(y)\n" }
        }
        XCTFail("snapshot \(name) differs:\n" + diff, file: file, line: line)
    }
}

/// Every cell of the buffer is terminal-safe: no control, DEL, C1 or bidi scalar anywhere.
func assertTerminalSafe(_ buffer: CellBuffer, file: StaticString = #filePath, line: UInt = #line) {
    for cell in buffer.cells {
        for s in cell.text.unicodeScalars where Sanitize.isUnsafe(s) {
            XCTFail("raw unsafe scalar U+\(String(s.value, radix: 16)) in a cell", file: file, line: line)
        }
    }
}
