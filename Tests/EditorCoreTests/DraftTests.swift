import RecEditCore
import XCTest

@testable import EditorCore

final class DraftTests: XCTestCase {
    let t0: Int64 = 1_800_000_000_000_000

    // MARK: JSON

    func testJSONRoundTripKeepsEveryValueType() throws {
        var base = demoRecord(3, edit: EditInfo(state: .editing, owner: "carol@laptop:4242", leaseUntil: "2026-11-27 14:05:00", token: 12))
        base.fields["owner"] = .null
        let edits: [String: Value] = [
            "priority": .integer(2), "score": .real(2.0), "ratio": .real(-0.0), "big": .real(1e300), "inf": .real(.infinity),
            "code": .text("2"), "none": .null, "empty": .text(""), "bytes": .blob([0, 1, 0xAB, 0xFF]), "noBytes": .blob([]),
            "body": .text("line 1\nline 2\t\u{1B}[31m \"quoted\" \\ 季度 👍🏽\u{202E}"), "min": .integer(Int64.min),
        ]
        let draft = Draft(table: "records", key: .integer(3), base: base, edits: edits, focusedColumn: "body", cursor: 17, owner: "carol@laptop:4242")
        let json = draft.encoded()
        let back = try Draft(json: json)
        XCTAssertEqual(back, draft)
        XCTAssertEqual(back.edits["score"], .real(2.0))
        XCTAssertNotEqual(back.edits["score"], .integer(2))
        XCTAssertEqual(back.edits["code"], .text("2"))
        guard case .real(let z)? = back.edits["ratio"] else { return XCTFail() }
        XCTAssertEqual(z.sign, .minus)
        XCTAssertTrue(json.contains("\"priority\": 2"), json)
        XCTAssertTrue(json.contains("\"none\": null"))
    }

    func testJSONRoundTripWithTextKeyAndNoFocus() throws {
        let r = Record(key: .text("k-1"), fields: ["k": .text("k-1"), "v": .real(0.1)], updatedAt: "2026-01-01 00:00:00", edit: EditInfo())
        let d = Draft(table: "t", key: .text("k-1"), base: r, edits: ["v": .real(0.30000000000000004)], focusedColumn: nil, cursor: 0, owner: "x@y:1")
        XCTAssertEqual(try Draft(json: d.encoded()), d)
    }

    func testBadDraftsAreRefused() {
        XCTAssertThrowsError(try Draft(json: "{"))
        XCTAssertThrowsError(try Draft(json: "{}"))
        XCTAssertThrowsError(try Draft(json: "[1,2]"))
        let good = Draft(table: "records", key: .integer(1), base: demoRecord(1), edits: [:], focusedColumn: nil, cursor: 0, owner: "a@b:1").encoded()
        XCTAssertThrowsError(try Draft(json: good.replacingOccurrences(of: "\"recedit_draft\": 1", with: "\"recedit_draft\": 99"))) { error in
            XCTAssertEqual((error as? DraftDecodingError)?.message, "unknown draft version 99")
        }
        XCTAssertThrowsError(try Draft(json: good.replacingOccurrences(of: "\"table\"", with: "\"tabel\"")))
        XCTAssertThrowsError(try Draft(json: good.replacingOccurrences(of: "\"id\": 1", with: "\"id\": {\"blob\": \"zz\"}")))
    }

    // MARK: Throttling

    func testDraftIsWrittenByTheTickAtMostEveryTwoSeconds() {
        var e = claimedEditor(1)
        XCTAssertEqual(e.update(.tick(nowMicroseconds: t0)), [])
        e.type("!")
        var effects = e.update(.tick(nowMicroseconds: t0 + 1_000_000))
        guard case .writeDraft(let d)? = effects.first, effects.count == 1 else { return XCTFail("\(effects)") }
        XCTAssertEqual(d.edits, ["title": .text("Quarterly report!")])
        XCTAssertEqual(d.base, e.record)
        XCTAssertEqual(d.owner, me)
        XCTAssertEqual(d.focusedColumn, "title")
        XCTAssertEqual(d.cursor, 17)
        XCTAssertEqual(d.table, "records")
        XCTAssertEqual(d.key, .integer(1))
        e.type("?")
        XCTAssertEqual(e.update(.tick(nowMicroseconds: t0 + 2_000_000)), [])
        XCTAssertEqual(e.update(.tick(nowMicroseconds: t0 + 2_900_000)), [])
        effects = e.update(.tick(nowMicroseconds: t0 + 3_000_000))
        XCTAssertEqual(effects.count, 1)
        XCTAssertEqual(e.update(.tick(nowMicroseconds: t0 + 9_000_000)), [], "nothing new to journal")
    }

    func testDraftIsWrittenEveryFiftyKeystrokes() {
        var e = claimedEditor(1)
        XCTAssertEqual(e.type(String(repeating: "a", count: 49)), [])
        let effects = e.type("b")
        XCTAssertEqual(effects.count, 1)
        guard case .writeDraft(let d)? = effects.first else { return XCTFail() }
        XCTAssertEqual(d.edits["title"], .text("Quarterly report" + String(repeating: "a", count: 49) + "b"))
        XCTAssertEqual(e.type(String(repeating: "c", count: 49)), [])
        XCTAssertEqual(e.type("d").count, 1)
    }

    func testUnparseableValuesAreJournalledAsTheirText() {
        var e = claimedEditor(1)
        e.focus("priority")
        e.type("x")
        guard case .writeDraft(let d)? = e.update(.tick(nowMicroseconds: t0)).first else { return XCTFail() }
        XCTAssertEqual(d.edits, ["priority": .text("2x")])
    }

    func testUndoingAllEditsDeletesTheDraft() {
        var e = claimedEditor(1)
        e.type("!")
        XCTAssertEqual(e.update(.tick(nowMicroseconds: t0)).count, 1)
        e.press(.backspace)
        XCTAssertEqual(e.update(.tick(nowMicroseconds: t0 + 3_000_000)), [.deleteDraft])
        XCTAssertEqual(e.update(.tick(nowMicroseconds: t0 + 6_000_000)), [])
    }

    // MARK: Recovery

    func draft(edits: [String: Value], base: Record = demoRecord(1)) -> Draft {
        Draft(table: "records", key: .integer(1), base: base, edits: edits, focusedColumn: "priority", cursor: 1, owner: "carol@laptop:4242")
    }

    func testRecoveryPromptAsksFirst() {
        var e = makeEditor(1, draft: draft(edits: ["priority": .integer(1)]))
        XCTAssertEqual(e.start(), [.claim])
        XCTAssertTrue(e.screenText.contains("Recover unsaved edits from carol@laptop:4242's draft? (y/n)"))
        XCTAssertEqual(e.press(.character("x")), [])
        XCTAssertEqual(e.fieldText("title"), "Quarterly report", "keys do not reach the form behind the prompt")
        let offered = draft(edits: ["priority": .integer(1)])
        XCTAssertEqual(e.press(.character("n")), [.settleOrphanedDraft(offered, recovered: false)])
        XCTAssertFalse(e.screenText.contains("Recover unsaved edits"))
        XCTAssertFalse(e.isDirty)
    }

    func testQuittingAtTheRecoveryPromptLeavesTheDraftAlone() {
        var e = makeEditor(1, draft: draft(edits: ["priority": .integer(1)]))
        _ = e.start()
        _ = e.update(.editOutcome(.claimed(token: 2, leaseUntil: "2026-11-27 14:05:00", previousOwner: nil)))
        XCTAssertEqual(e.press(.control("q")), [.release(token: 2), .quit])
    }

    func testRecoveryOnAnUnchangedRowRestoresTheEdits() {
        let offered = draft(edits: ["priority": .integer(1), "owner": .text("dave")])
        var e = makeEditor(1, draft: offered)
        _ = e.start()
        XCTAssertEqual(e.press(.character("y")), [.settleOrphanedDraft(offered, recovered: true)])
        XCTAssertFalse(e.isShowingConflict)
        XCTAssertEqual(e.fieldText("priority"), "1")
        XCTAssertEqual(e.fieldText("owner"), "dave")
        XCTAssertEqual(e.focusedColumn, "priority")
        XCTAssertTrue(e.isDirty)
        XCTAssertEqual(e.statusMessage, "Recovered 2 edits from the draft; Ctrl-S to save")
        _ = e.update(.editOutcome(.claimed(token: 1, leaseUntil: "2026-11-27 14:05:00", previousOwner: nil)))
        XCTAssertEqual(e.press(.control("s")), [.save(changes: ["priority": .integer(1), "owner": .text("dave")], expected: loadedStamp, fencingToken: nil)])
    }

    func testRecoveryMergesWithTheRowAsItIsNow() {
        let old = demoRecord(1, updatedAt: "2026-11-27 13:00:00.000000")
        var now = demoRecord(1)
        now.fields["status"] = .text("done")
        let orphan = draft(edits: ["priority": .integer(1)], base: old)
        var e = makeEditor(record: now, draft: orphan)
        _ = e.start()
        XCTAssertEqual(
            e.press(.character("y")), [.settleOrphanedDraft(orphan, recovered: true), .reload],
            "the row is read again (with its history) to merge with")
        XCTAssertEqual(e.press(.control("s")), [], "no save before the merge")
        _ = e.update(.rowReloaded(now, writer: nil))
        XCTAssertFalse(e.isShowingConflict)
        XCTAssertEqual(e.fieldText("priority"), "1")
        XCTAssertEqual(e.fieldText("status"), "done")
        XCTAssertEqual(e.record!.updatedAt, loadedStamp, "the next save is checked against the row as it is now")
        XCTAssertTrue(e.statusMessage?.contains("Recovered 1 edit from the draft; merged from another program: status") == true, e.statusMessage ?? "")
    }

    /// issue 8, item 9: recovering said "another program" where bob's recedit had written the row.
    func testRecoveryNamesTheRecediteWriterOfEachField() {
        let old = demoRecord(1, updatedAt: "2026-11-27 13:00:00.000000")
        var middle = old
        middle.updatedAt = "2026-11-27 13:30:00.000000"
        middle.fields["status"] = .text("done")
        var now = middle
        now.updatedAt = loadedStamp
        now.fields["owner"] = .text("erin")
        let history = [
            HistoryEntry(
                id: 2, operation: .update, updatedAt: middle.updatedAt, writtenBy: "bob@vm:2000", replacedAt: now.updatedAt,
                replacedBy: nil, fields: middle.fields),
            HistoryEntry(
                id: 1, operation: .update, updatedAt: old.updatedAt, writtenBy: nil, replacedAt: middle.updatedAt,
                replacedBy: "bob@vm:2000", fields: old.fields),
        ]
        let orphan = draft(edits: ["priority": .integer(1)], base: old)
        var e = makeEditor(record: now, draft: orphan)
        _ = e.start()
        XCTAssertEqual(e.press(.character("y")), [.settleOrphanedDraft(orphan, recovered: true), .reload])
        _ = e.update(.rowReloaded(now, writer: nil, history: history))
        XCTAssertEqual(e.statusMessage, "Recovered 1 edit from the draft; merged from bob@vm:2000: status; another program: owner; Ctrl-S to save")
    }

    func testRecoveryWithOverlappingChangesOpensTheConflictScreen() {
        let old = demoRecord(1, updatedAt: "2026-11-27 13:00:00.000000")
        var now = demoRecord(1)
        now.fields["priority"] = .integer(4)
        var e = makeEditor(record: now, draft: draft(edits: ["priority": .integer(1)], base: old))
        _ = e.start()
        e.press(.character("y"))
        _ = e.update(.rowReloaded(now, writer: "bob@vm:2000"))
        XCTAssertTrue(e.isShowingConflict)
        XCTAssertEqual(e.statusMessage, "1 conflict with bob@vm:2000: m mine, t theirs, b base, e edit; Ctrl-S saves", "not \"another program\"")
        XCTAssertTrue(e.render().lines[0].contains("Conflict: recovering the draft of records id=1"))
        e.press(.character("m"))
        _ = e.update(.editOutcome(.claimed(token: 1, leaseUntil: "2026-11-27 14:05:00", previousOwner: nil)))
        XCTAssertEqual(e.press(.control("s")), [.save(changes: ["priority": .integer(1)], expected: loadedStamp, fencingToken: nil)])
    }

    // MARK: Several orphaned drafts (two editors of one row under one account, both killed)

    func orphan(_ owner: String, _ edits: [String: Value]) -> Draft {
        Draft(table: "records", key: .integer(1), base: demoRecord(1), edits: edits, focusedColumn: "title", cursor: 0, owner: owner)
    }

    func testEveryOrphanedDraftIsOfferedOneAfterAnother() {
        let aaa = orphan("alice@vm:11", ["title": .text("Quarterly report AAA")])
        let bbb = orphan("b@vm:12", ["owner": .text("bob")])
        var e = AppState(schema: demoSchema(), record: demoRecord(1), config: config(), width: 80, height: 24, orphanedDrafts: [aaa, bbb])
        _ = e.start()
        _ = e.update(.editOutcome(.claimed(token: 3, leaseUntil: "2026-11-27 14:05:00", previousOwner: nil)))
        XCTAssertTrue(e.screenText.contains("Recover unsaved edits from alice@vm:11's draft? (y/n)"))
        XCTAssertTrue(e.screenText.contains("Unsaved draft found (1 of 2)"))
        XCTAssertTrue(e.screenText.contains("title: Quarterly report AAA"))

        XCTAssertEqual(e.press(.character("y")), [.settleOrphanedDraft(aaa, recovered: true)])
        XCTAssertEqual(e.fieldText("title"), "Quarterly report AAA")
        XCTAssertEqual(e.statusMessage, "Recovered 1 edit from the draft; Ctrl-S to save (1 more draft of this row: offered once this is saved)")
        XCTAssertFalse(e.screenText.contains("Recover unsaved edits"), "the next draft waits until the recovered edits are saved")

        XCTAssertEqual(e.press(.control("s")), [.save(changes: ["title": .text("Quarterly report AAA")], expected: loadedStamp, fencingToken: nil)])
        var saved = demoRecord(1, updatedAt: "2026-11-27 14:04:00.000000")
        saved.fields["title"] = .text("Quarterly report AAA")
        XCTAssertEqual(e.update(.saveFinished(.saved(saved), writer: nil)), [.deleteDraft])
        XCTAssertTrue(e.screenText.contains("Recover unsaved edits from b@vm:12's draft? (y/n)"))
        XCTAssertTrue(e.screenText.contains("Unsaved draft found (2 of 2)"))

        XCTAssertEqual(
            e.press(.character("y")), [.settleOrphanedDraft(bbb, recovered: true), .reload],
            "the row moved on since b's draft: it is read again to merge with")
        _ = e.update(.rowReloaded(saved, writer: "alice@vm:99"))
        XCTAssertEqual(e.fieldText("title"), "Quarterly report AAA", "the second draft merges with the first one's saved edits")
        XCTAssertEqual(e.fieldText("owner"), "bob")
    }

    func testDiscardingADraftOffersTheNextAtOnce() {
        let aaa = orphan("alice@vm:11", ["title": .text("AAA")])
        let bbb = orphan("b@vm:12", ["title": .text("BBB")])
        var e = AppState(schema: demoSchema(), record: demoRecord(1), config: config(), width: 80, height: 24, orphanedDrafts: [aaa, bbb])
        _ = e.start()
        XCTAssertEqual(e.press(.character("n")), [.settleOrphanedDraft(aaa, recovered: false)])
        XCTAssertTrue(e.screenText.contains("Recover unsaved edits from b@vm:12's draft? (y/n)"))
        XCTAssertEqual(e.press(.control("q")), [.quit], "quitting at the prompt leaves the remaining draft for next time")
    }
}
