import Foundation
import XCTest

final class CLICommandTests: CLITestCase {
    func testDefaultDatabaseIsCreatedWithDemoRowsAndSaysSo() throws {
        let first = try run(["list"])
        XCTAssertEqual(first.status, 0, first.stderr)
        XCTAssertTrue(first.stderr.contains("created the demo database"), first.stderr)
        XCTAssertTrue(first.stdout.contains("季度销售报告"), first.stdout)
        XCTAssertTrue(FileManager.default.fileExists(atPath: home.appendingPathComponent(".local/share/recedit/recedit.db").path))
        let second = try run(["list"])
        XCTAssertEqual(second.stderr, "", "only the first command creates it")
    }

    func testAnExplicitMissingDatabaseIsNotCreatedAndNamesInit() throws {
        let result = try recedit("list")
        assertOneLineError(result, code: 1, mentions: "init")
        XCTAssertFalse(FileManager.default.fileExists(atPath: home.appendingPathComponent("test.db").path))
    }

    func testAMissingTableNamesInit() throws {
        try initDemo()
        assertOneLineError(try run(["--db", db, "--table", "nope", "list"]), code: 1, mentions: "recedit init")
    }

    func testShowJSONHasTheDocumentedShape() throws {
        try initDemo()
        let object = try json(try recedit("show", "3", "--json").stdout)
        XCTAssertEqual(Set(object.keys), ["table", "key", "fields", "updated_at", "edit_state", "edit_owner", "edit_lease_until", "edit_token", "edit_since"])
        XCTAssertEqual(object["table"] as? String, "records")
        XCTAssertEqual(object["key"] as? Int, 3)
        let fields = try XCTUnwrap(object["fields"] as? [String: Any])
        XCTAssertEqual(fields["title"] as? String, "季度销售报告")
        XCTAssertEqual(fields["priority"] as? Int, 3)
        XCTAssertEqual(object["edit_state"] as? String, "idle")
        XCTAssertTrue(object["edit_owner"] is NSNull)
    }

    func testNewSetAndNullValues() throws {
        try initDemo()
        let created = try recedit("new", "title=Fresh", "priority=4", "due:=null")
        XCTAssertEqual(created.status, 0, created.stderr)
        let key = created.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        XCTAssertEqual(key, "7")
        XCTAssertEqual(try recedit("set", key, "owner=", "priority:=null").status, 0)
        let fields = try XCTUnwrap(json(try recedit("show", key, "--json").stdout)["fields"] as? [String: Any])
        XCTAssertEqual(fields["owner"] as? String, "", "field= is empty text")
        XCTAssertTrue(fields["priority"] is NSNull, "field:=null is NULL")
        XCTAssertEqual(fields["title"] as? String, "Fresh")
    }

    func testStaleExpectMergesOtherFieldsAndReportsThem() throws {
        try initDemo()
        let loaded = try updatedAt("1")
        XCTAssertEqual(try recedit("set", "1", "priority=9", environment: ["USER": "alice"]).status, 0)
        let result = try recedit("set", "1", "title=Bob's title", "--expect", loaded, environment: ["USER": "bob"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stderr.contains("kept theirs: priority = 9"), result.stderr)
        XCTAssertTrue(result.stderr.contains("alice@"), "names who changed it: \(result.stderr)")
        let fields = try XCTUnwrap(json(try recedit("show", "1", "--json").stdout)["fields"] as? [String: Any])
        XCTAssertEqual(fields["title"] as? String, "Bob's title")
        XCTAssertEqual(fields["priority"] as? Int, 9)
    }

    func testStrictRefusesAnyStaleSave() throws {
        try initDemo()
        let loaded = try updatedAt("1")
        try recedit("set", "1", "priority=9")
        let result = try recedit("set", "1", "title=x", "--expect", loaded, "--strict")
        XCTAssertEqual(result.status, 3)
        XCTAssertTrue(result.stdout.contains("priority"), result.stdout)
        XCTAssertNotEqual((try json(try recedit("show", "1", "--json").stdout)["fields"] as? [String: Any])?["title"] as? String, "x")
    }

    func testOverlappingEditsPrintAConflictReportAndExit3() throws {
        try initDemo()
        let loaded = try updatedAt("2")
        try recedit("set", "2", "title=Alice")
        let result = try recedit("set", "2", "title=Bob", "--expect", loaded)
        XCTAssertEqual(result.status, 3)
        XCTAssertTrue(result.stdout.contains("conflict"), result.stdout)
        XCTAssertTrue(result.stdout.contains(#"base: "Fix login timeout""#), result.stdout)
        XCTAssertTrue(result.stdout.contains(#"mine: "Bob""#), result.stdout)
        XCTAssertTrue(result.stdout.contains(#"theirs: "Alice""#), result.stdout)
        XCTAssertEqual((try json(try recedit("show", "2", "--json").stdout)["fields"] as? [String: Any])?["title"] as? String, "Alice")
    }

    func testHistoryAndRestore() throws {
        try initDemo()
        let original = try updatedAt("4")
        try recedit("set", "4", "title=Changed once")
        try recedit("set", "4", "title=Changed twice")
        let history = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(try recedit("history", "4", "--json").stdout.utf8)) as? [[String: Any]])
        XCTAssertEqual(history.count, 2)
        XCTAssertEqual((history[1]["fields"] as? [String: Any])?["title"] as? String, "Order new laptops")
        XCTAssertEqual(history[1]["updated_at"] as? String, original)
        let restored = try recedit("restore", "4", original)
        XCTAssertEqual(restored.status, 0, restored.stderr)
        XCTAssertEqual((try json(try recedit("show", "4", "--json").stdout)["fields"] as? [String: Any])?["title"] as? String, "Order new laptops")
        XCTAssertEqual(
            try XCTUnwrap(JSONSerialization.jsonObject(with: Data(try recedit("history", "4", "--json").stdout.utf8)) as? [Any]).count, 3,
            "a restore is an ordinary save: the replaced version is kept too")
        assertOneLineError(try recedit("restore", "4", "1999-01-01 00:00:00.000000"), code: 4, mentions: "history")
    }

    /// Issue 8 item 11, the exact reproduction: restoring the deleted version re-creates the row.
    func testRestoreRecreatesADeletedRowUnlessItsKeyIsTaken() throws {
        try initDemo()
        let before = try json(try recedit("show", "6", "--json").stdout)
        try sqlite("DELETE FROM records WHERE id = 6")
        let history = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(try recedit("history", "6", "--json").stdout.utf8)) as? [[String: Any]])
        XCTAssertEqual(history.first?["operation"] as? String, "delete")
        let stamp = try XCTUnwrap(history.first?["updated_at"] as? String)
        let restored = try recedit("restore", "6", stamp)
        XCTAssertEqual(restored.status, 0, restored.stderr)
        XCTAssertTrue(restored.stdout.hasPrefix("re-created row 6 from \(stamp)"), restored.stdout)
        let after = try json(try recedit("show", "6", "--json").stdout)
        XCTAssertEqual(after["fields"] as? NSDictionary, before["fields"] as? NSDictionary)
        // Deleted again, and re-created by someone else meanwhile: the checked insert refuses.
        try sqlite("DELETE FROM records WHERE id = 6; INSERT INTO records (id, title, status) VALUES (6, 'someone else', 'open')")
        let over = try recedit("restore", "6", stamp)
        XCTAssertEqual(over.status, 0, "the row exists again: an ordinary (checked) restore over it")
        XCTAssertEqual(
            (try json(try recedit("show", "6", "--json").stdout)["fields"] as? [String: Any])?["title"] as? String,
            (before["fields"] as? [String: Any])?["title"] as? String)
        assertOneLineError(try recedit("restore", "999", stamp), code: 4, mentions: "no row")
    }

    /// Issue 8 item 3, the exact reproduction: adopt refuses a user column named edit_state and names the config.
    func testAdoptRefusesAUserColumnNamedLikeRecedits() throws {
        let t2 = "sqlite:" + home.appendingPathComponent("t2.db").path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        process.arguments = [
            home.appendingPathComponent("t2.db").path, "CREATE TABLE d(id INTEGER PRIMARY KEY, edit_state TEXT); INSERT INTO d VALUES(1,'mine')",
        ]
        try process.run()
        process.waitUntilExit()
        let adopted = try run(["--db", t2, "adopt", "--table", "d"])
        assertOneLineError(adopted, code: 1, mentions: #"{"columns": {"state": "recedit_edit_state"}}"#)
        XCTAssertTrue(adopted.stderr.contains("'edit_state'"), adopted.stderr)
        XCTAssertEqual(try run(["--db", t2, "--table", "d", "claim", "1"]).status, 1, "nothing was set up")
        // Renamed in the config, adopt goes ahead and the user's column keeps its data.
        try Data(#"{"columns": {"state": "recedit_state"}}"#.utf8).write(to: home.appendingPathComponent("recedit.json"))
        let renamed = try run(["--db", t2, "adopt", "--table", "d"])
        XCTAssertEqual(renamed.status, 0, renamed.stderr)
        XCTAssertEqual(try run(["--db", t2, "--table", "d", "claim", "1"]).status, 0)
        XCTAssertEqual(try run(["--db", t2, "--table", "d", "release", "1"]).status, 0)
        let shown = try json(try run(["--db", t2, "--table", "d", "show", "1", "--json"]).stdout)
        XCTAssertEqual((shown["fields"] as? [String: Any])?["edit_state"] as? String, "mine", "the user's value is untouched")
        XCTAssertEqual(shown["edit_state"] as? String, "idle", "recedit's own state lives in its renamed column")
    }

    /// Issue 8 item 10: status shows when the claim began, which heartbeats do not move.
    func testStatusShowsWhenTheClaimBegan() throws {
        try initDemo()
        XCTAssertEqual(try recedit("claim", "2").status, 0)
        let first = try json(try recedit("status", "2", "--json").stdout)
        let since = try XCTUnwrap(first["edit_since"] as? String)
        XCTAssertTrue(try recedit("status", "2").stdout.contains("since \(since)"))
        XCTAssertEqual(try recedit("claim", "2").status, 0, "the holder claims again: the claim goes on")
        let again = try json(try recedit("status", "2", "--json").stdout)
        XCTAssertEqual(again["edit_since"] as? String, since)
        XCTAssertNotEqual(again["edit_lease_until"] as? String, first["edit_lease_until"] as? String)
    }

    /// Issue 8 item 7: a locked claim is honoured by a client with the default (advisory) config.
    func testALockedClaimRefusesWritesFromAnAdvisoryClient() throws {
        try initDemo()
        let stamp = try updatedAt("6")
        let locked = try recedit("claim", "6", "--lock", environment: ["RECEDIT_OWNER": "alice@otherhost:1020"])
        XCTAssertEqual(locked.status, 0, locked.stderr)
        XCTAssertTrue(try recedit("status", "6").stdout.contains("locked by alice@otherhost:1020"))
        assertOneLineError(try recedit("set", "6", "owner=x"), code: 5, mentions: "being edited by alice@otherhost:1020 (exclusive mode)")
        try recedit("set", "6", "title=by alice", environment: ["RECEDIT_OWNER": "alice@otherhost:1020"])
        assertOneLineError(try recedit("restore", "6", stamp), code: 5, mentions: "exclusive mode")
        assertOneLineError(try recedit("claim", "6"), code: 5, mentions: "locked by alice@otherhost:1020")
        XCTAssertTrue(try recedit("list").stdout.contains("locked by alice@otherhost:1020"))
        XCTAssertEqual((try json(try recedit("show", "6", "--json").stdout)["fields"] as? [String: Any])?["title"] as? String, "by alice")
        XCTAssertEqual(try recedit("release", "6", environment: ["RECEDIT_OWNER": "alice@otherhost:1020"]).status, 0)
        XCTAssertEqual(try recedit("set", "6", "owner=x").status, 0)
    }

    /// scripts/faults F1: the claim of a process of this host that was killed is taken over at once, not
    /// after its lease; one of another host is not (its process cannot be checked).
    func testClaimTakesOverADeadProcessOfThisHost() throws {
        try initDemo()
        let gone = Process()
        gone.executableURL = URL(fileURLWithPath: "/bin/true")
        try gone.run()
        gone.waitUntilExit()
        var name = [CChar](repeating: 0, count: 256)
        gethostname(&name, name.count)
        let ghost = "ghost@\(String(cString: name)):\(gone.processIdentifier)"
        XCTAssertEqual(try recedit("claim", "1", environment: ["RECEDIT_OWNER": ghost]).status, 0)
        let taken = try recedit("claim", "1")
        XCTAssertEqual(taken.status, 0, taken.stderr)
        XCTAssertTrue(taken.stdout.contains("taken over from \(ghost) whose process is gone"), taken.stdout)
        try recedit("release", "1", "--force")
        XCTAssertEqual(try recedit("claim", "1", environment: ["RECEDIT_OWNER": "ghost@elsewhere:\(gone.processIdentifier)"]).status, 0)
        assertOneLineError(try recedit("claim", "1"), code: 5, mentions: "being edited by ghost@elsewhere")
    }

    func testClaimReleaseAndStatusFromAScript() throws {
        try initDemo()
        let claimed = try recedit("claim", "1")
        XCTAssertEqual(claimed.status, 0, claimed.stderr)
        let other = try recedit("claim", "1", environment: ["RECEDIT_OWNER": "bob@elsewhere:1"])
        assertOneLineError(other, code: 5, mentions: "being edited by tester@")
        assertOneLineError(try recedit("release", "1", environment: ["RECEDIT_OWNER": "bob@elsewhere:1"]), code: 5, mentions: "--force")
        XCTAssertTrue(try recedit("status", "1").stdout.contains("editing by tester@"))
        XCTAssertEqual(try recedit("release", "1").status, 0, "the same shell releases its own claim")
        XCTAssertTrue(try recedit("status", "1").stdout.contains("idle"))
        try recedit("claim", "1", environment: ["RECEDIT_OWNER": "bob@elsewhere:1"])
        XCTAssertEqual(try recedit("release", "1", "--force").status, 0)
        XCTAssertTrue(try recedit("status", "1").stdout.contains("idle"))
    }

    func testAdoptAnExistingTable() throws {
        try initDemo()
        let path = home.appendingPathComponent("test.db").path
        let sqlite = Process()
        sqlite.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        sqlite.arguments = [path, "CREATE TABLE items (sku TEXT PRIMARY KEY, qty INTEGER); INSERT INTO items VALUES ('a-1', 3);"]
        try sqlite.run()
        sqlite.waitUntilExit()
        XCTAssertEqual(try run(["--db", db, "--table", "items", "list"]).status, 1, "not adopted yet")
        let adopted = try run(["--db", db, "adopt", "--table", "items"])
        XCTAssertEqual(adopted.status, 0, adopted.stderr)
        XCTAssertEqual(try run(["--db", db, "--table", "items", "set", "a-1", "qty=4"]).status, 0)
        XCTAssertTrue(try run(["--db", db, "--table", "items", "show", "a-1"]).stdout.contains("qty         4"))
    }

    func testControlCharactersInValuesAreShownVisibly() throws {
        try initDemo()
        XCTAssertEqual(try recedit("set", "1", "title=\u{1B}]0;PWNED\u{07}\u{1B}[2J").status, 0)
        let shown = try recedit("show", "1")
        XCTAssertFalse(shown.stdout.contains("\u{1B}"), "no raw escape reaches the terminal")
        XCTAssertTrue(shown.stdout.contains("^[]0;PWNED^G^[[2J"), shown.stdout)
        XCTAssertFalse(try recedit("list").stdout.contains("\u{1B}"))
        XCTAssertTrue(try recedit("show", "1", "--json").stdout.contains(#"\u001b]0;PWNED\u0007"#), "JSON escapes it")
    }
}

final class CLIExclusiveModeTests: CLITestCase {
    func writeExclusiveConfig() throws {
        try Data(#"{"database": "\#(db)", "lockMode": "exclusive", "leaseSeconds": 60}"#.utf8).write(to: home.appendingPathComponent("recedit.json"))
    }

    func testOneShotWritesRespectAnotherOwnersLiveClaim() throws {
        try initDemo()
        try writeExclusiveConfig()
        let stamp = try updatedAt("4")
        XCTAssertEqual(try run(["claim", "4"], environment: ["RECEDIT_OWNER": "alice@elsewhere:1"]).status, 0)
        assertOneLineError(try run(["set", "4", "title=x"]), code: 5, mentions: "being edited by alice@elsewhere:1")
        // The holder itself writes, fenced by its token.
        XCTAssertEqual(try run(["set", "4", "title=by alice"], environment: ["RECEDIT_OWNER": "alice@elsewhere:1"]).status, 0)
        assertOneLineError(try run(["restore", "4", stamp]), code: 5, mentions: "exclusive mode")
        XCTAssertTrue(try run(["show", "4"]).stdout.contains("by alice"))
        XCTAssertEqual(try run(["release", "4"], environment: ["RECEDIT_OWNER": "alice@elsewhere:1"]).status, 0)
        XCTAssertEqual(try run(["set", "4", "title=free again"]).status, 0)
    }

    func testAnExpiredClaimDoesNotBlock() throws {
        try initDemo()
        try Data(#"{"database": "\#(db)", "lockMode": "exclusive", "leaseSeconds": 2, "heartbeatSeconds": 1}"#.utf8)
            .write(to: home.appendingPathComponent("recedit.json"))
        XCTAssertEqual(try run(["claim", "4"], environment: ["RECEDIT_OWNER": "alice@elsewhere:1"]).status, 0)
        sleep(3)
        XCTAssertEqual(try run(["set", "4", "title=after the lease"]).status, 0)
    }
}

final class CLITextKeyTests: CLITestCase {
    func testNewTakesTheKeyOfATextKeyedTableAndRefusesNone() throws {
        try initDemo()
        try sqlite("CREATE TABLE items (sku TEXT PRIMARY KEY, qty INTEGER)")
        XCTAssertEqual(try run(["--db", db, "adopt", "--table", "items"]).status, 0)
        let made = try run(["--db", db, "--table", "items", "new", "sku=a-1", "qty=2"])
        XCTAssertEqual(made.status, 0, made.stderr)
        XCTAssertEqual(made.stdout, "a-1\n")
        assertOneLineError(try run(["--db", db, "--table", "items", "new", "qty=3"]), code: 1, mentions: "sku")
        XCTAssertEqual(try run(["--db", db, "--table", "items", "list"]).stdout.split(separator: "\n").count, 2, "no half-written row")
    }

    func testKeysAndNamesFromTheDatabaseNeverReachTheTerminalRaw() throws {
        try initDemo()
        try sqlite("CREATE TABLE items (sku TEXT PRIMARY KEY, \"na\u{1B}[2Jme\" TEXT); INSERT INTO items VALUES ('x\u{1B}]0;PWNED\u{07}', 'v')")
        XCTAssertEqual(try run(["--db", db, "adopt", "--table", "items"]).status, 0)
        for arguments in [["list"], ["show", "x\u{1B}]0;PWNED\u{07}"], ["history", "x\u{1B}]0;PWNED\u{07}"], ["status", "x\u{1B}]0;PWNED\u{07}"]] {
            let result = try run(["--db", db, "--table", "items"] + arguments)
            XCTAssertEqual(result.status, 0, "\(arguments): \(result.stderr)")
            XCTAssertFalse((result.stdout + result.stderr).contains("\u{1B}"), "\(arguments) printed a raw escape")
        }
        XCTAssertTrue(try run(["--db", db, "--table", "items", "list"]).stdout.contains("x^[]0;PWNED^G"))
    }
}
