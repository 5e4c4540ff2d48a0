import EditorCore
import RecEditCore
import XCTest

@testable import EditorApp

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The draft journal on a real directory: every editor process journals to its own file, recovery
/// finds every dead editor's draft, and no editor deletes another's.
final class DraftJournalTests: XCTestCase {
    var directory = ""
    let location = "sqlite:/tmp/recedit-journal-test.db"

    override func setUp() {
        var template = Array("/tmp/term-journal-XXXXXX".utf8CString)
        let made = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        XCTAssertNotNil(made)
        directory = String(cString: template) + "/drafts"
    }

    override func tearDown() {
        for name in DraftJournal.listDirectory(directory) { unlink(directory + "/" + name) }
        rmdir(directory)
        rmdir(String(directory.dropLast("/drafts".count)))
    }

    func journal(key: Value = .integer(6)) -> DraftJournal {
        DraftJournal(directory: directory, location: location, table: "records", key: key)
    }

    /// A pid no process has: a child that has exited and been reaped.
    func deadPid() -> Int32 {
        var pid: pid_t = 0
        var argv: [UnsafeMutablePointer<CChar>?] = [strdup("/bin/true"), nil]
        defer { free(argv[0]) }
        XCTAssertEqual(posix_spawn(&pid, "/bin/true", nil, nil, &argv, environ), 0)
        var status: Int32 = 0
        waitpid(pid, &status, 0)
        return pid
    }

    func owner(_ user: String, pid: Int32) -> String { "\(user)@\(ProcessOwner.hostName):\(pid)" }

    func draft(_ title: String, owner: String, key: Value = .integer(6)) -> Draft {
        let base = Record(key: key, fields: ["id": key, "title": .text("Quarterly report")], updatedAt: "2026-11-27 14:03:22.123456", edit: EditInfo())
        return Draft(table: "records", key: key, base: base, edits: ["title": .text(title)], focusedColumn: "title", cursor: 3, owner: owner)
    }

    func files() -> [String] { DraftJournal.listDirectory(directory).filter { $0.hasSuffix(".json") }.sorted() }

    func read(_ path: String) -> Draft? { DraftJournal.readFile(path).flatMap(DraftJournal.decode) }

    func setModified(_ path: String, seconds: Int) {
        var times = [timeval(tv_sec: seconds, tv_usec: 0), timeval(tv_sec: seconds, tv_usec: 0)]
        XCTAssertEqual(utimes(path, &times), 0)
    }

    // The reproduction: alice and b edit row 6 under one account; alice's editor is killed,
    // b quits discarding: alice's " AAA" must survive and be offered.
    func testTwoEditorsOfOneRowJournalToTheirOwnFiles() throws {
        let alice = journal(), b = journal()
        XCTAssertNotEqual(alice.path, b.path)
        XCTAssertTrue(alice.path.hasPrefix(directory + "/" + alice.baseName + ".\(getpid())-"))
        XCTAssertEqual(alice.findOrphans(), [])
        XCTAssertEqual(b.findOrphans(), [])

        let dead = deadPid()
        try alice.write(draft("Quarterly report AAA", owner: owner("alice", pid: dead)))
        try b.write(draft("Quarterly report BBB", owner: owner("b", pid: getppid())))
        XCTAssertEqual(files().count, 2)
        XCTAssertEqual(read(alice.path)?.edits["title"], .text("Quarterly report AAA"), "b's draft did not overwrite alice's")

        b.delete()
        XCTAssertEqual(files().count, 1, "quitting b removes b's draft only")
        XCTAssertEqual(read(alice.path)?.edits["title"], .text("Quarterly report AAA"))

        let next = journal()
        XCTAssertEqual(next.findOrphans().map(\.edits), [["title": .text("Quarterly report AAA")]])
    }

    func testEveryDeadEditorsDraftIsOfferedOldestFirstAndLiveOnesAreLeftAlone() throws {
        let first = journal(), second = journal(), live = journal(), otherRow = journal(key: .integer(7))
        try second.write(draft("second", owner: owner("b", pid: deadPid())))
        try first.write(draft("first", owner: owner("alice", pid: deadPid())))
        try live.write(draft("live", owner: owner("carol", pid: getppid())))
        try otherRow.write(draft("row 7", owner: owner("dave", pid: deadPid()), key: .integer(7)))
        // A draft an older recedit wrote under the shared name.
        let legacy = directory + "/" + first.baseName + ".json"
        try DraftJournal.writeAtomically(draft("legacy", owner: owner("erin", pid: deadPid())).encoded(), to: legacy)
        setModified(legacy, seconds: 1_000)
        setModified(first.path, seconds: 2_000)
        setModified(second.path, seconds: 3_000)

        let found = journal().findOrphans()
        XCTAssertEqual(found.map { $0.edits["title"] }, [.text("legacy"), .text("first"), .text("second")])
        XCTAssertEqual(files().count, 5, "looking for drafts removes none")
    }

    func testADiscardedDraftGoesAtOnceARecoveredOneOnceMyDraftHoldsIt() throws {
        let deadA = owner("alice", pid: deadPid()), deadB = owner("b", pid: deadPid())
        let a = journal(), b = journal()
        try a.write(draft("AAA", owner: deadA))
        try b.write(draft("BBB", owner: deadB))
        setModified(a.path, seconds: 1_000)
        setModified(b.path, seconds: 2_000)

        let mine = journal()
        let orphans = mine.findOrphans()
        XCTAssertEqual(orphans.map(\.owner), [deadA, deadB])

        mine.settleOrphan(orphans[0], recovered: true)
        XCTAssertNotNil(read(a.path), "a recovered draft stays until my own draft holds its edits")
        try mine.write(draft("AAA", owner: owner("me", pid: getpid())))
        XCTAssertNil(read(a.path))
        XCTAssertNotNil(read(b.path), "a draft not decided about yet stays")

        mine.settleOrphan(orphans[1], recovered: false)
        XCTAssertNil(read(b.path), "a discarded draft goes at once")
        XCTAssertEqual(files(), [String(mine.path.dropFirst(directory.count + 1))])
    }

    func testDeletingMyDraftRemovesOnlyMineAndTheDraftsIAdopted() throws {
        let deadA = owner("alice", pid: deadPid())
        let a = journal(), other = journal()
        try a.write(draft("AAA", owner: deadA))
        let mine = journal()
        let orphans = mine.findOrphans()
        XCTAssertEqual(orphans.count, 1)
        // Another editor, started after my search, journals too.
        try other.write(draft("other", owner: owner("b", pid: getppid())))
        mine.settleOrphan(orphans[0], recovered: true)
        try mine.write(draft("AAA mine", owner: owner("me", pid: getpid())))
        mine.delete()
        XCTAssertEqual(files(), [String(other.path.dropFirst(directory.count + 1))])
    }
}
