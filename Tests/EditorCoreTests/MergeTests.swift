import RecEditCore
import TextMerge
import XCTest

@testable import EditorCore

final class MergeTests: XCTestCase {
    let theirsStamp = "2026-11-27 14:05:01.000000"
    let alice = "alice@host:123"

    func theirs(_ id: Int = 1, stamp: String? = nil, _ change: (inout Record) -> Void) -> Record {
        var r = demoRecord(id, updatedAt: stamp ?? theirsStamp)
        change(&r)
        return r
    }

    // MARK: Saving

    func testSaveSendsOnlyChangedFieldsWithTheirTypes() {
        var e = claimedEditor(1)
        e.type(" v2")
        e.focus("priority")
        e.press(.backspace)
        e.type("5")
        e.focus("due")
        XCTAssertEqual(
            e.press(.control("s")),
            [
                .save(
                    changes: ["title": .text("Quarterly report v2"), "priority": .integer(5)],
                    expected: loadedStamp, fencingToken: nil)
            ])
        XCTAssertEqual(e.statusMessage, "Saving...")
        XCTAssertTrue(e.render().lines[0].contains("[saving]"))
    }

    func testExclusiveSaveCarriesTheFencingToken() {
        var e = claimedEditor(1, config: config(lock: .exclusive))
        e.type("!")
        XCTAssertEqual(e.press(.control("s")), [.save(changes: ["title": .text("Quarterly report!")], expected: loadedStamp, fencingToken: 7)])
    }

    func testSavedAdoptsTheNewVersionAndDeletesTheDraft() {
        var e = claimedEditor(1)
        e.type("!")
        _ = e.press(.control("s"))
        let saved = theirs(stamp: "2026-11-27 14:06:00.500000") { $0.fields["title"] = .text("Quarterly report!") }
        XCTAssertEqual(e.update(.saveFinished(.saved(saved), writer: nil)), [.deleteDraft])
        XCTAssertEqual(e.statusMessage, "Saved 2026-11-27 14:06:00.500000")
        XCTAssertFalse(e.isDirty)
        XCTAssertEqual(e.record!.updatedAt, "2026-11-27 14:06:00.500000")
        XCTAssertTrue(e.render().lines[0].contains("updated 14:06:00"))
        XCTAssertFalse(e.render().lines[0].contains("[modified]"))
    }

    func testTypingWhileASaveIsOnItsWayIsKept() {
        var e = claimedEditor(1)
        e.type("!")
        _ = e.press(.control("s"))
        e.type("?")
        let saved = theirs(stamp: "2026-11-27 14:06:00.500000") { $0.fields["title"] = .text("Quarterly report!") }
        XCTAssertEqual(e.update(.saveFinished(.saved(saved), writer: nil)), [])
        XCTAssertEqual(e.fieldText("title"), "Quarterly report!?")
        XCTAssertTrue(e.isDirty)
        XCTAssertEqual(
            e.press(.control("s")), [.save(changes: ["title": .text("Quarterly report!?")], expected: "2026-11-27 14:06:00.500000", fencingToken: nil)])
    }

    func testNothingToSave() {
        var e = claimedEditor(1)
        XCTAssertEqual(e.press(.control("s")), [])
        XCTAssertEqual(e.statusMessage, "No changes to save")
        e.focus("priority")
        e.press(.backspace)
        e.type("02")  // reads as the same value
        XCTAssertEqual(e.press(.control("s")), [])
        XCTAssertEqual(e.fieldText("priority"), "2")
    }

    // MARK: Stale saves

    func testStaleSaveMergesCleanlyAndSavesAgainOverTheirs() {
        var e = claimedEditor(1)
        e.type(" v2")
        _ = e.press(.control("s"))
        let current = theirs { $0.fields["priority"] = .integer(1) }
        let effects = e.update(.saveFinished(.stale(current: current), writer: alice))
        XCTAssertEqual(effects, [.save(changes: ["title": .text("Quarterly report v2")], expected: theirsStamp, fencingToken: nil)])
        XCTAssertFalse(e.isShowingConflict)
        XCTAssertEqual(e.fieldText("priority"), "1", "their change shows in the form")
        var saved = current
        saved.fields["title"] = .text("Quarterly report v2")
        saved.updatedAt = "2026-11-27 14:05:02.000000"
        XCTAssertEqual(e.update(.saveFinished(.saved(saved), writer: nil)), [.deleteDraft])
        XCTAssertEqual(e.statusMessage, "Saved 2026-11-27 14:05:02.000000; merged from alice@host:123: priority")
        XCTAssertTrue(e.render().lines[22].contains("merged from alice@host:123: priority"))
    }

    /// issue 8, item 9: carol's save said "merged from alice: title, status, body" where title and status came from bob.
    func testAMergedSaveNamesWhoWroteEachField() {
        var e = claimedEditor(1)
        e.focus("priority")
        e.press(.backspace)
        e.type("5")
        _ = e.press(.control("s"))
        var byBob = demoRecord(1, updatedAt: "2026-11-27 14:04:00.000000")
        byBob.fields["title"] = .text("Quarterly report (bob)")
        byBob.fields["status"] = .text("done")
        let current = theirs { r in
            r.fields = byBob.fields
            r.fields["body"] = .text("Collect the numbers from finance.\nDraft the summary for the board.\nAsk Bob to review the charts.\nAlice was here.")
        }
        let history = [
            HistoryEntry(
                id: 2, operation: .update, updatedAt: byBob.updatedAt, writtenBy: "bob@vm:2000", replacedAt: theirsStamp,
                replacedBy: "alice@vm:1020", fields: byBob.fields),
            HistoryEntry(
                id: 1, operation: .update, updatedAt: loadedStamp, writtenBy: nil, replacedAt: byBob.updatedAt,
                replacedBy: "bob@vm:2000", fields: demoRecord(1).fields),
        ]
        let effects = e.update(.saveFinished(.stale(current: current), writer: "alice@vm:1020", history: history))
        XCTAssertEqual(effects, [.save(changes: ["priority": .integer(5)], expected: theirsStamp, fencingToken: nil)])
        _ = e.update(
            .saveFinished(
                .saved(
                    theirs(stamp: "2026-11-27 14:06:00") { r in
                        r.fields = current.fields; r.fields["priority"] = .integer(5)
                    }), writer: nil))
        XCTAssertEqual(e.statusMessage, "Saved 2026-11-27 14:06:00; merged from bob@vm:2000: title, status; alice@vm:1020: body")
    }

    func testStaleSaveFromAnUnknownWriter() {
        var e = claimedEditor(1)
        e.type(" v2")
        _ = e.press(.control("s"))
        _ = e.update(.saveFinished(.stale(current: theirs { $0.fields["status"] = .text("done") }), writer: nil))
        _ = e.update(.saveFinished(.saved(theirs(stamp: "2026-11-27 14:05:09") { $0.fields["title"] = .text("Quarterly report v2") }), writer: nil))
        XCTAssertTrue(e.statusMessage?.hasSuffix("merged from another writer: status") == true, e.statusMessage ?? "")
    }

    func testStaleSaveWithLinesMergedInTheBody() {
        var e = claimedEditor(2)
        e.focus("body")
        e.type("Since 2 Dec: ")  // line 1
        _ = e.press(.control("s"))
        let current = theirs(2) { r in
            r.fields["body"] = .text(
                "Users are logged out after 5 minutes.\nThe session TTL should be 30 minutes.\n\nSteps to reproduce:\n1. Log in\n2. Wait 5 minutes\n3. Click anything\n4. See the login page"
            )
        }
        let effects = e.update(.saveFinished(.stale(current: current), writer: alice))
        let merged =
            "Since 2 Dec: Users are logged out after 5 minutes.\nThe session TTL should be 30 minutes.\n\nSteps to reproduce:\n1. Log in\n2. Wait 5 minutes\n3. Click anything\n4. See the login page"
        XCTAssertEqual(effects, [.save(changes: ["body": .text(merged)], expected: theirsStamp, fencingToken: nil)])
        _ = e.update(.saveFinished(.saved(theirs(2, stamp: "2026-11-27 14:05:03") { $0.fields["body"] = .text(merged) }), writer: nil))
        XCTAssertTrue(e.statusMessage?.hasSuffix("merged from alice@host:123: body (lines merged)") == true, e.statusMessage ?? "")
    }

    func testReviewModeShowsTheScreenEvenForACleanMerge() {
        var e = claimedEditor(1, config: config(merge: .review))
        e.type(" v2")
        XCTAssertEqual(e.press(.control("s")).count, 1)
        _ = e.update(.saveFinished(.stale(current: theirs { $0.fields["priority"] = .integer(1) }), writer: alice))
        XCTAssertTrue(e.isShowingConflict)
        let text = e.screenText
        XCTAssertTrue(text.contains("Conflict"))
        XCTAssertTrue(text.contains("all resolved"))
        XCTAssertEqual(e.press(.control("s")), [.save(changes: ["title": .text("Quarterly report v2")], expected: theirsStamp, fencingToken: nil)])
    }

    // MARK: The Conflict screen

    func testConflictScreenListsEveryDifferingField() {
        let e = conflictEditor(width: 132, height: 40)
        let lines = e.render().lines
        XCTAssertTrue(lines[0].contains("Conflict"))
        XCTAssertTrue(lines[0].contains("alice@host:123 saved at 14:05:01"))
        XCTAssertTrue(lines[0].hasSuffix("3 open "))
        let listed = lines[2...6].map { $0.dropFirst(2).prefix(8).trimmingCharacters(in: .whitespaces) }
        XCTAssertEqual(listed, ["title", "status", "priority", "due", "body"])
        XCTAssertFalse(lines.contains { $0.hasPrefix("  owner") }, "unchanged fields are not listed")
        XCTAssertTrue(lines[2].contains("Quarterly report") && lines[2].contains("Quarterly report draft") && lines[2].contains("Quarterly report 2026"))
        XCTAssertTrue(lines[2].contains("CONFLICT"))
        XCTAssertTrue(lines[3].contains("auto: theirs"))
        XCTAssertTrue(lines[5].contains("auto: mine"))
        // Conflicts are highlighted; auto-merged fields are not.
        let b = e.render()
        let conflictCol = lines[2].range(of: "CONFLICT")!.lowerBound.utf16Offset(in: lines[2])
        XCTAssertTrue(b[2, conflictCol].style.reverse || b[2, conflictCol].style.background != nil)
        let autoCol = lines[3].range(of: "auto")!.lowerBound.utf16Offset(in: lines[3])
        XCTAssertFalse(b[3, autoCol].style.reverse)
    }

    func testNarrowConflictScreenStacksTheVersions() {
        let lines = conflictEditor(width: 80, height: 24).render().lines
        XCTAssertTrue(lines[2].hasPrefix("> title"))
        XCTAssertTrue(lines[3].hasPrefix("    base    Quarterly report"))
        XCTAssertTrue(lines[4].hasPrefix("    mine    Quarterly report draft"))
        XCTAssertTrue(lines[5].hasPrefix("    theirs  Quarterly report 2026"))
    }

    func testMineTheirsBaseAndSaveTheResolution() {
        var e = conflictEditor()
        e.press(.character("m"))  // title: mine
        e.focusConflict("priority")
        e.press(.character("b"))  // priority: base
        XCTAssertEqual(e.press(.control("s")), [], "body is still open")
        XCTAssertTrue(e.statusMessage?.contains("1 field is still in conflict") == true, e.statusMessage ?? "")
        XCTAssertTrue(e.isShowingConflict)
        e.focusConflict("body")
        e.press(.character("t"))  // body's hunk: theirs
        XCTAssertTrue(e.screenText.contains("all resolved"))
        let effects = e.press(.control("s"))
        XCTAssertEqual(
            effects,
            [
                .save(
                    changes: ["title": .text("Quarterly report draft"), "priority": .integer(2), "due": .text("2026-12-20")],
                    expected: theirsStamp, fencingToken: nil)
            ])
        XCTAssertFalse(e.isShowingConflict)
        _ = e.update(
            .saveFinished(
                .saved(
                    theirs(stamp: "2026-11-27 14:05:30") { r in
                        r.fields["title"] = .text("Quarterly report draft"); r.fields["priority"] = .integer(2); r.fields["due"] = .text("2026-12-20")
                    }), writer: nil))
        XCTAssertTrue(e.statusMessage?.contains("conflicts with alice@host:123 resolved") == true)
    }

    func testTakeAllMineOrAllTheirs() {
        var e = conflictEditor()
        e.press(.character("M"))
        guard case .save(let mine, let expected, _)? = e.press(.control("s")).first else { return XCTFail() }
        XCTAssertEqual(expected, theirsStamp)
        XCTAssertEqual(mine["title"], .text("Quarterly report draft"))
        XCTAssertEqual(mine["priority"], .integer(1))
        XCTAssertEqual(mine["body"], .text("Collect the numbers from finance.\nDraft the summary for the board. Add totals.\nAsk Bob to review the charts."))
        XCTAssertNil(mine["status"], "their status was merged in, nothing to write")

        var f = conflictEditor()
        f.press(.character("T"))
        XCTAssertEqual(
            f.press(.control("s")), [.save(changes: ["due": .text("2026-12-20")], expected: theirsStamp, fencingToken: nil)],
            "only my non-conflicting change is left to write")
    }

    func testTheirsForEverythingMeansNothingToSave() {
        var e = conflictEditor()
        e.press(.character("T"))
        e.focusConflict("due")
        e.press(.character("t"))
        XCTAssertEqual(e.press(.control("s")), [.deleteDraft])
        XCTAssertFalse(e.isShowingConflict)
        XCTAssertFalse(e.isDirty)
        XCTAssertEqual(e.fieldText("title"), "Quarterly report 2026")
    }

    func testHunksMoveAndResolveOneByOne() {
        // Both sides change the first and the last line of record 2's body: two hunks.
        var e = claimedEditor(2, width: 132, height: 40)
        e.focus("body")
        e.press(.control("k"))
        e.type("Users are logged out after 2 minutes.")
        e.press(.down, .down, .down, .down, .down, .down, .end)
        e.type(" twice")
        _ = e.press(.control("s"))
        let theirsBody =
            "Users get logged out after 5 minutes.\nThe session TTL should be 30 minutes.\n\nSteps to reproduce:\n1. Log in\n2. Wait 5 minutes\n3. Click anything at all"
        _ = e.update(.saveFinished(.stale(current: theirs(2) { $0.fields["body"] = .text(theirsBody) }), writer: alice))
        XCTAssertTrue(e.isShowingConflict)
        XCTAssertTrue(e.screenText.contains("CONFLICT 2/2 hunks"), e.screenText)
        XCTAssertTrue(e.screenText.contains("hunk 1/2 OPEN"))
        e.press(.character("n"))
        e.press(.character("2"))  // last line: mine then theirs
        XCTAssertTrue(e.screenText.contains("hunk 2/2 -> mine then theirs"))
        XCTAssertTrue(e.screenText.contains("CONFLICT 1/2 hunks"))
        e.press(.character("p"))
        e.press(.character("t"))  // first line: theirs
        XCTAssertTrue(e.screenText.contains("hunk 1/2 -> theirs"))
        e.press(.character("m"))  // still on hunk 1 (nothing else open): change to mine
        XCTAssertTrue(e.screenText.contains("hunk 1/2 -> mine"))
        let expected =
            "Users are logged out after 2 minutes.\nThe session TTL should be 30 minutes.\n\nSteps to reproduce:\n1. Log in\n2. Wait 5 minutes\n3. Click anything twice\n3. Click anything at all"
        XCTAssertEqual(e.press(.control("s")), [.save(changes: ["body": .text(expected)], expected: theirsStamp, fencingToken: nil)])
    }

    func testEditTheResultByHand() {
        var e = conflictEditor()
        e.focusConflict("priority")
        e.press(.character("e"))
        XCTAssertNotNil(e.render().cursor, "the result editor shows a cursor")
        e.press(.control("u"))
        e.type("four")
        e.press(.escape)
        XCTAssertEqual(e.statusMessage, "field 'priority': 'four' is not an integer")
        e.press(.control("u"))
        e.type("4")
        e.press(.escape)
        XCTAssertTrue(e.screenText.contains("[edited]"))
        e.press(.character("M"))
        guard case .save(let changes, _, _)? = e.press(.control("s")).first else { return XCTFail() }
        XCTAssertEqual(changes["priority"], .integer(4))
    }

    func testEditAHunkedFieldStartsFromConflictMarkers() {
        var e = conflictEditor()
        e.focusConflict("body")
        e.press(.character("e"))
        guard let c = e.conflictScreen, let editor = c.editor else { return XCTFail() }
        XCTAssertTrue(
            editor.text.contains(
                "<<<<<<< mine\nDraft the summary for the board. Add totals.\n=======\nDraft the summary for the board and the CFO.\n>>>>>>> alice@host:123\n"),
            editor.text)
        e.press(.escape)
        XCTAssertEqual(e.statusMessage, "body: edited result still holds conflict markers")
    }

    func testEscKeepsOpenConflictsOpenAndCtrlSBringsTheScreenBack() {
        var e = conflictEditor()
        e.press(.character("t"))  // title: theirs
        e.press(.escape)
        XCTAssertFalse(e.isShowingConflict)
        XCTAssertEqual(e.fieldText("title"), "Quarterly report 2026")
        XCTAssertEqual(e.fieldText("priority"), "1", "the form shows my text for an open conflict")
        XCTAssertEqual(e.fieldText("status"), "done")
        XCTAssertEqual(e.record!.updatedAt, theirsStamp)
        XCTAssertEqual(e.statusMessage, "Still in conflict with alice@host:123: priority, body; Ctrl-S shows the Conflict screen again")
        XCTAssertEqual(e.openConflictColumns, ["priority", "body"])
        let lines = e.render().lines
        XCTAssertTrue(lines.contains { $0.hasPrefix(" !priority") }, "the form marks the field as still in conflict:\n" + lines.joined(separator: "\n"))
        XCTAssertTrue(lines.contains { $0.hasPrefix(" *due") }, "my merged change is an ordinary edit")

        // Ctrl-S never saves my side over theirs: the Conflict screen comes back, choices made so far kept.
        let effects = e.press(.control("s"))
        XCTAssertFalse(effects.contains { if case .save = $0 { return true } else { return false } }, "\(effects)")
        XCTAssertTrue(e.isShowingConflict)
        guard let c = e.conflictScreen else { return XCTFail() }
        XCTAssertEqual(c.entries.first { $0.column == "title" }?.resolution, .theirs)
        XCTAssertEqual(c.entries.filter { !$0.isResolved }.map(\.column), ["priority", "body"])
        XCTAssertEqual(c.base.updatedAt, loadedStamp, "still merged from the version my edits started from")
        XCTAssertEqual(e.statusMessage, "2 conflicts with alice@host:123 still open: m mine, t theirs, b base, e edit; Ctrl-S saves")
        e.press(.character("M"))
        guard case .save(let changes, let expected, _)? = e.press(.control("s")).first else { return XCTFail() }
        XCTAssertEqual(expected, theirsStamp)
        XCTAssertEqual(
            changes,
            [
                "priority": .integer(1), "due": .text("2026-12-20"),
                "body": .text("Collect the numbers from finance.\nDraft the summary for the board. Add totals.\nAsk Bob to review the charts."),
            ])
        XCTAssertTrue(e.openConflictColumns.isEmpty)
    }

    func testAnOpenConflictEditedOnTheFormIsStillAConflict() {
        var e = conflictEditor()
        e.press(.character("t"), .escape)
        e.focus("priority")
        e.press(.backspace)
        e.type("5")
        let effects = e.press(.control("s"))
        XCTAssertFalse(effects.contains { if case .save = $0 { return true } else { return false } }, "\(effects)")
        guard let c = e.conflictScreen, let priority = c.entries.first(where: { $0.column == "priority" }) else { return XCTFail() }
        XCTAssertEqual(priority.field.mine, .integer(5))
        XCTAssertEqual(priority.field.theirs, .integer(3))
        XCTAssertFalse(priority.isResolved)
    }

    func testADraftOfAnOpenConflictOpensItAgainOnRecovery() {
        var e = conflictEditor()
        e.press(.character("t"), .escape)
        let draft = e.session!.makeDraft()
        XCTAssertEqual(draft.base.updatedAt, loadedStamp)
        var current = demoRecord(1, updatedAt: theirsStamp)
        current.fields = e.record!.fields
        var r = makeEditor(1, record: current, draft: draft)
        XCTAssertEqual(r.press(.character("y")), [.settleOrphanedDraft(draft, recovered: true), .reload])
        _ = r.update(.rowReloaded(current, writer: alice))
        XCTAssertTrue(r.isShowingConflict)
        guard let c = r.conflictScreen else { return XCTFail() }
        XCTAssertEqual(c.entries.filter { !$0.isResolved }.map(\.column), ["priority", "body"])
    }

    func testEscWithEverythingResolvedSavesFromTheForm() {
        var e = conflictEditor()
        e.press(.character("M"), .escape)
        XCTAssertTrue(e.openConflictColumns.isEmpty)
        XCTAssertEqual(e.statusMessage, "Resolution kept, not saved yet; Ctrl-S saves against alice@host:123's version")
        guard case .save(_, let expected, _)? = e.press(.control("s")).first else { return XCTFail() }
        XCTAssertEqual(expected, theirsStamp)
    }

    func testANewerRowWhileAConflictIsOpenBringsTheScreenBack() {
        var e = conflictEditor()
        e.press(.character("t"), .escape)
        let third = theirs(stamp: "2026-11-27 14:07:00.000000") { r in
            r.fields["title"] = .text("Quarterly report 2026")
            r.fields["status"] = .text("done")
            r.fields["priority"] = .integer(3)
            r.fields["owner"] = .text("carol")
            r.fields["body"] = .text("Collect the numbers from finance.\nDraft the summary for the board and the CFO.\nAsk Bob to review the charts.")
        }
        _ = e.update(.rowReloaded(third, writer: "carol@pc:7"))
        XCTAssertFalse(e.isShowingConflict)
        XCTAssertEqual(e.press(.control("r")), [.reload])
        _ = e.update(.rowReloaded(third, writer: "carol@pc:7"))
        XCTAssertTrue(e.isShowingConflict, "priority must not quietly become mine against carol's version")
        guard let c = e.conflictScreen else { return XCTFail() }
        XCTAssertEqual(c.theirs.updatedAt, "2026-11-27 14:07:00.000000")
        XCTAssertEqual(c.entries.filter { !$0.isResolved }.map(\.column), ["priority", "body"])
        XCTAssertEqual(c.entries.first { $0.column == "title" }?.resolution, .theirs, "theirs is unchanged for title: the choice stands")
    }

    func testAThirdWriterBringsTheScreenBackAgainstTheNewVersion() {
        var e = conflictEditor()
        e.press(.character("M"))
        XCTAssertEqual(e.press(.control("s")).count, 1)
        let third = theirs(stamp: "2026-11-27 14:07:00.000000") { r in
            r.fields["title"] = .text("Quarterly report 2026")
            r.fields["status"] = .text("done")
            r.fields["priority"] = .integer(9)
            r.fields["body"] = .text("Collect the numbers from finance.\nDraft the summary for the board and the CFO.\nAsk Bob to review the charts.")
        }
        _ = e.update(.saveFinished(.stale(current: third), writer: "carol@pc:7"))
        XCTAssertTrue(e.isShowingConflict)
        let text = e.screenText
        XCTAssertTrue(text.contains("carol@pc:7 saved at 14:07:00"))
        guard let c = e.conflictScreen else { return XCTFail() }
        XCTAssertEqual(c.base.updatedAt, theirsStamp, "the previous theirs is the new base")
        XCTAssertEqual(c.entries.map(\.column), ["title", "priority", "due", "body"], "every field that differs is listed")
        XCTAssertEqual(c.entries.filter { !$0.isResolved }.map(\.column), ["priority"], "only carol's priority meets mine")
        e.press(.character("t"))
        XCTAssertEqual(
            e.press(.control("s")),
            [
                .save(
                    changes: [
                        "title": .text("Quarterly report draft"), "due": .text("2026-12-20"),
                        "body": .text("Collect the numbers from finance.\nDraft the summary for the board. Add totals.\nAsk Bob to review the charts."),
                    ],
                    expected: "2026-11-27 14:07:00.000000", fencingToken: nil)
            ])
    }

    func testConflictQuitAsksFirst() {
        var e = conflictEditor()
        XCTAssertEqual(e.press(.control("q")), [])
        XCTAssertTrue(e.render().lines[22].contains("Discard unsaved changes? (y/N)"))
        XCTAssertEqual(e.press(.character("n")), [])
        XCTAssertTrue(e.isShowingConflict)
    }

    func testConflictHelpOverlay() {
        var e = conflictEditor()
        e.press(.function(1))
        XCTAssertTrue(e.screenText.contains("Conflict screen"))
        XCTAssertTrue(e.screenText.contains("mine / theirs for all open conflicts"))
        e.press(.character("m"))
        guard let c = e.conflictScreen else { return XCTFail() }
        XCTAssertEqual(c.entries[0].resolution, .auto, "the key only closed the help")
    }

    // MARK: Deleted rows

    func testDeletedRowOffersRecreate() {
        var e = claimedEditor(1)
        e.type("!")
        _ = e.press(.control("s"))
        let effects = e.update(.saveFinished(.deleted, writer: nil))
        guard case .writeDraft(let d)? = effects.first else { return XCTFail("\(effects)") }
        XCTAssertEqual(d.edits, ["title": .text("Quarterly report!")])
        XCTAssertTrue(e.screenText.contains("This row was deleted by someone else."))
        XCTAssertTrue(e.screenText.contains("re-create the row from your values"))
        XCTAssertEqual(e.press(.character("x")), [])
        var fields = demoRecord(1).fields
        fields["title"] = .text("Quarterly report!")
        XCTAssertEqual(e.press(.character("r")), [.recreate(fields: fields)])
        let back = demoRecord(1, updatedAt: "2026-11-27 15:00:00")
        var saved = back
        saved.fields["title"] = .text("Quarterly report!")
        XCTAssertEqual(e.update(.saveFinished(.saved(saved), writer: nil)), [.deleteDraft, .claim])
        XCTAssertEqual(e.statusMessage, "Re-created 2026-11-27 15:00:00")
        XCTAssertFalse(e.screenText.contains("This row was deleted"))
    }

    func testDeletedRowQuitKeepsTheDraft() {
        var e = claimedEditor(1)
        e.type("!")
        _ = e.update(.rowReloaded(nil, writer: nil))
        guard case .writeDraft(let d)? = e.press(.character("q")).first else { return XCTFail() }
        XCTAssertEqual(d.edits["title"], .text("Quarterly report!"))
        XCTAssertTrue(e.isFinished)
    }
}
