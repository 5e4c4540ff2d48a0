import RecEditCore
import XCTest

@testable import EditorCore

/// A 1 MB, 20,000-line body: typing, moving and idle ticks deep inside it behave as on a small value.
/// How fast they are is measured by scripts/bench-editor (figures in docs/BENCHMARKS.md), not here:
/// a test never asserts on time.
final class LargeValueTests: XCTestCase {
    static let lines = 20_000

    func megabyteEditor() -> AppState {
        var body = ""
        body.reserveCapacity(Self.lines * 50)
        for i in 0..<Self.lines {
            let head = "line \(i) "
            body += head + String(repeating: "x", count: 49 - head.count) + "\n"
        }
        var record = demoRecord(1)
        record.fields["body"] = .text(body)
        var e = AppState(schema: demoSchema(), record: record, config: config(), width: 100, height: 30)
        _ = e.start()
        _ = e.update(.editOutcome(.claimed(token: 7, leaseUntil: "2026-11-27 14:04:22", previousOwner: nil)))
        e.focus("body")
        for _ in 0..<50 { _ = e.update(.key(.pageDown)) }
        return e
    }

    func testKeysAndTicksDeepInAMegabyteBody() {
        var e = megabyteEditor()
        let cursorLine = e.session!.fields["body"]!.editor.cursorLine.line
        XCTAssertGreaterThan(cursorLine, 100, "the cursor is deep in the body")
        XCTAssertTrue(e.render().lines.contains { $0.contains("line \(cursorLine) ") }, "its line is on screen")

        for c in "typed" {
            _ = e.update(.key(.character(c)))
            _ = e.render()
        }
        for _ in 0..<5 {
            _ = e.update(.key(.right))
            _ = e.render()
        }
        XCTAssertTrue(e.render().lines.contains { $0.contains("typedline \(cursorLine) ") })
        XCTAssertTrue(e.isDirty)
        XCTAssertTrue(e.render().lines[0].contains("[modified]"))

        let screen = e.render()
        var now: Int64 = 1_800_000_000_000_000
        for _ in 0..<10 {
            now += 500_000
            _ = e.update(.tick(nowMicroseconds: now))
        }
        XCTAssertEqual(e.render().lines.dropFirst(), screen.lines.dropFirst(), "idle ticks leave the form as it was")
    }

    func testAnUntouchedMegabyteFieldIsCleanAndDeletingAnEditMakesItCleanAgain() {
        var e = megabyteEditor()
        XCTAssertFalse(e.isDirty)
        e.type("ab")
        XCTAssertTrue(e.isDirty)
        e.press(.backspace, .backspace)
        XCTAssertFalse(e.isDirty, "the same text again is clean")
        XCTAssertFalse(e.render().lines[0].contains("[modified]"))
    }
}
