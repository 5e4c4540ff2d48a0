import Foundation
import XCTest

/// `recedit watch` and `hooks.afterSave` (issue 14), through the real binary.
final class CLIWatchTests: CLITestCase {
    var dbPath: String { home.appendingPathComponent("test.db").path }

    /// Starts `recedit watch` with its standard output going to a file; returns the process and the file.
    func startWatch(_ arguments: [String], database: String? = nil, extraEnvironment: [String: String] = [:]) throws -> (Process, URL) {
        let output = home.appendingPathComponent("watch-\(UUID().uuidString).out")
        FileManager.default.createFile(atPath: output.path, contents: nil)
        let process = Process()
        process.executableURL = Self.binary
        process.arguments = ["--db", database ?? db, "watch"] + arguments
        process.currentDirectoryURL = home
        var environment = ["HOME": home.path, "PATH": "/usr/bin:/bin", "USER": "tester", "LANG": "C.UTF-8"]
        for (k, v) in extraEnvironment { environment[k] = v }
        process.environment = environment
        process.standardOutput = try FileHandle(forWritingTo: output)
        let errors = URL(fileURLWithPath: output.path + ".err")
        FileManager.default.createFile(atPath: errors.path, contents: nil)
        process.standardError = try FileHandle(forWritingTo: errors)
        process.standardInput = FileHandle.nullDevice
        try process.run()
        // It says on stderr when it is watching: from then on no change is missed.
        let deadline = Date().addingTimeInterval(10)
        while !((try? String(contentsOf: errors, encoding: .utf8)) ?? "").contains("watching table"), Date() < deadline { usleep(20_000) }
        return (process, output)
    }

    func lines(_ file: URL, atLeast count: Int, seconds: Double = 10) -> [String] {
        let deadline = Date().addingTimeInterval(seconds)
        while true {
            let text = (try? String(contentsOf: file, encoding: .utf8)) ?? ""
            let lines = text.split(separator: "\n").map(String.init)
            if lines.count >= count || Date() > deadline { return lines }
            usleep(50_000)
        }
    }

    func sqlite(_ sql: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        process.arguments = ["-cmd", ".timeout 5000", dbPath, sql]
        try process.run()
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0, sql)
    }

    func testWatchPrintsEveryWritersChangesAsJSONAndResumesWithSince() throws {
        try initDemo()
        let (watcher, output) = try startWatch(["--json"])
        let stamp = try recedit("set", "2", "title=from recedit", "priority=7").stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        try sqlite("UPDATE records SET status = 'done' WHERE id = 3")
        try sqlite("DELETE FROM records WHERE id = 4")
        let got = lines(output, atLeast: 3)
        watcher.terminate()
        watcher.waitUntilExit()
        XCTAssertEqual(watcher.terminationStatus, 0, "SIGTERM ends the watch normally")
        XCTAssertEqual(got.count, 3, got.joined(separator: "\n"))
        let objects = try got.map { try json($0) }
        for object in objects {
            XCTAssertEqual(Set(object.keys), ["seq", "table", "key", "op", "fields", "updated_at", "writer"], "\(object)")
            XCTAssertEqual(object["table"] as? String, "records")
        }
        XCTAssertEqual(objects.map { $0["op"] as? String }, ["update", "update", "delete"])
        XCTAssertEqual(objects.map { $0["key"] as? Int }, [2, 3, 4])
        XCTAssertEqual(objects[0]["fields"] as? [String], ["title", "priority"])
        XCTAssertEqual(objects[0]["updated_at"] as? String, stamp)
        XCTAssertNotNil(objects[0]["writer"] as? String, "recedit's own save names its writer")
        XCTAssertTrue(objects[1]["writer"] is NSNull, "a foreign writer is unknown")
        XCTAssertEqual(objects[1]["fields"] as? [String], ["status"])
        let seqs = objects.compactMap { $0["seq"] as? Int }
        XCTAssertEqual(seqs, seqs.sorted())

        // Restarted after the first line it printed: exactly the rest.
        let (again, rest) = try startWatch(["--json", "--since", String(seqs[0])])
        let resumed = lines(rest, atLeast: 2)
        usleep(300_000)
        again.interrupt()
        again.waitUntilExit()
        XCTAssertEqual(again.terminationStatus, 0, "SIGINT ends the watch normally")
        XCTAssertEqual(try lines(rest, atLeast: 2).map { try json($0)["seq"] as? Int }, [seqs[1], seqs[2]])
        XCTAssertEqual(resumed.count, 2)
    }

    func testWatchOnPostgreSQLHearsPsqlAndClaimsAndResumes() throws {
        let (url, name) = try CLIPostgres.create("watch")
        defer { CLIPostgres.drop(name) }
        XCTAssertEqual(try run(["--db", url, "init", "--demo"]).status, 0)
        let (watcher, output) = try startWatch(["--json", "--edit-state"], database: url)
        try CLIPostgres.psql(url, "UPDATE records SET title = 'from psql' WHERE id = 2")
        XCTAssertEqual(try run(["--db", url, "claim", "3"]).status, 0)
        try CLIPostgres.psql(url, "DELETE FROM records WHERE id = 4")
        let got = try lines(output, atLeast: 3).map { try json($0) }
        watcher.terminate()
        watcher.waitUntilExit()
        XCTAssertEqual(watcher.terminationStatus, 0)
        XCTAssertEqual(got.map { $0["op"] as? String }, ["update", "claim", "delete"])
        XCTAssertEqual(got.map { $0["key"] as? Int }, [2, 3, 4])
        XCTAssertEqual(got[0]["fields"] as? [String], ["title"])
        XCTAssertTrue((got[1]["writer"] as? String)?.hasPrefix("tester@") == true, "a claim names its owner: \(got[1])")
        let seqs = got.compactMap { $0["seq"] as? Int }
        let (again, rest) = try startWatch(["--json", "--since", String(seqs[0])], database: url)
        let resumed = try lines(rest, atLeast: 1).map { try json($0)["seq"] as? Int }
        again.terminate()
        again.waitUntilExit()
        XCTAssertEqual(resumed, [seqs[2]], "without --edit-state the claim is left out; nothing before --since")
    }

    func testWatchOnMariaDBHearsTheMariadbClientAndClaimsAndResumes() throws {
        let (url, name) = try CLIMariaDB.create("watch")
        defer { CLIMariaDB.drop(name) }
        XCTAssertEqual(try run(["--db", url, "init", "--demo"]).status, 0)
        let (watcher, output) = try startWatch(["--json", "--edit-state"], database: url)
        try CLIMariaDB.sql(url, "UPDATE records SET title = 'from mariadb' WHERE id = 2", database: name)
        XCTAssertEqual(try run(["--db", url, "claim", "3"]).status, 0)
        let stamp = try run(["--db", url, "set", "5", "status=done"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        try CLIMariaDB.sql(url, "DELETE FROM records WHERE id = 4", database: name)
        let got = try lines(output, atLeast: 4).map { try json($0) }
        watcher.terminate()
        watcher.waitUntilExit()
        XCTAssertEqual(watcher.terminationStatus, 0)
        XCTAssertEqual(got.map { $0["op"] as? String }, ["update", "claim", "update", "delete"])
        XCTAssertEqual(got.map { $0["key"] as? Int }, [2, 3, 5, 4])
        XCTAssertEqual(got[0]["fields"] as? [String], ["title"])
        XCTAssertTrue(got[0]["writer"] is NSNull, "the mariadb client is not a known writer")
        XCTAssertEqual(
            try CLIMariaDB.sql(url, "SELECT DATE_FORMAT(updated_at, '%Y-%m-%d %H:%i:%s.%f') FROM records WHERE id = 2", database: name)
                .trimmingCharacters(in: .whitespacesAndNewlines), got[0]["updated_at"] as? String, "the row's new stamp")
        XCTAssertTrue((got[1]["writer"] as? String)?.hasPrefix("tester@") == true, "a claim names its owner: \(got[1])")
        XCTAssertEqual(got[2]["fields"] as? [String], ["status"])
        XCTAssertEqual(got[2]["updated_at"] as? String, stamp)
        XCTAssertTrue((got[2]["writer"] as? String)?.hasPrefix("tester@") == true, "recedit's own save names its writer: \(got[2])")
        let seqs = got.compactMap { $0["seq"] as? Int }
        XCTAssertEqual(seqs, seqs.sorted())
        let (again, rest) = try startWatch(["--json", "--since", String(seqs[0])], database: url)
        let resumed = try lines(rest, atLeast: 2).map { try json($0)["seq"] as? Int }
        again.terminate()
        again.waitUntilExit()
        XCTAssertEqual(resumed, [seqs[2], seqs[3]], "without --edit-state the claim is left out; nothing before --since")
    }

    func testWatchEndsWithZeroWhenItsReaderGoesAway() throws {
        try initDemo()
        let script = "'\(Self.binary.path)' --db '\(db)' watch --since 0 | head -n 1; echo \"rc=${PIPESTATUS[0]}\""
        let started = Date()
        let result = try run(["-c", script], executable: URL(fileURLWithPath: "/bin/bash"))
        XCTAssertTrue(result.stdout.hasPrefix("1 insert records 1"), result.stdout)
        XCTAssertTrue(result.stdout.contains("rc=0"), "EPIPE / a closed pipe is a normal end: \(result.stdout) \(result.stderr)")
        XCTAssertLessThan(Date().timeIntervalSince(started), 10)
    }

    func testWatchExecRunsACommandPerChangeWithItsEnvironment() throws {
        try initDemo()
        let log = home.appendingPathComponent("exec.txt").path
        let (watcher, output) = try startWatch(["--exec", "/bin/sh", "-c", "echo \"$RECEDIT_OP $RECEDIT_KEY $RECEDIT_FIELDS\" >> '\(log)'"])
        try sqlite("UPDATE records SET title = 'shell' WHERE id = 5")
        _ = lines(output, atLeast: 1)
        watcher.terminate()
        watcher.waitUntilExit()
        XCTAssertEqual(try String(contentsOfFile: log, encoding: .utf8), "update 5 title\n")
    }

    func testWatchRefusesABadSince() throws {
        try initDemo()
        assertOneLineError(try recedit("watch", "--since", "yesterday"), code: 2, mentions: "--since")
    }

    // MARK: hooks.afterSave

    func writeConfig(_ hooks: String) throws {
        try Data("{\"database\": \"\(db)\", \"hooks\": \(hooks)}".utf8).write(to: home.appendingPathComponent("recedit.json"))
    }

    func testAfterSaveGetsTheChangeInItsEnvironmentAndOnStandardInput() throws {
        try initDemo()
        let env = home.appendingPathComponent("env.txt").path, input = home.appendingPathComponent("stdin.json").path
        try writeConfig("{\"afterSave\": [\"/bin/sh\", \"-c\", \"env | grep ^RECEDIT_ | sort > '\(env)'; cat > '\(input)'\"]}")
        let result = try run(["set", "2", "title=hooked"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let stamp = result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let seen = try String(contentsOfFile: env, encoding: .utf8)
        for line in ["RECEDIT_TABLE=records", "RECEDIT_KEY=2", "RECEDIT_OP=update", "RECEDIT_FIELDS=title", "RECEDIT_UPDATED_AT=\(stamp)"] {
            XCTAssertTrue(seen.contains(line + "\n"), "\(line) in \(seen)")
        }
        let object = try json(try String(contentsOfFile: input, encoding: .utf8))
        XCTAssertEqual(object["key"] as? Int, 2)
        XCTAssertEqual(object["op"] as? String, "update")
        XCTAssertEqual(object["fields"] as? [String], ["title"])
        XCTAssertEqual(object["updated_at"] as? String, stamp)
        // `new` runs it too, as an insert.
        XCTAssertEqual(try run(["new", "title=fresh"]).status, 0)
        XCTAssertTrue(try String(contentsOfFile: env, encoding: .utf8).contains("RECEDIT_OP=insert\n"))
    }

    func testAFailingHookIsReportedAndTheSaveStands() throws {
        try initDemo()
        try writeConfig("{\"afterSave\": [\"/bin/sh\", \"-c\", \"exit 3\"]}")
        let result = try run(["set", "2", "title=kept"])
        XCTAssertEqual(result.status, 0, "the save committed")
        XCTAssertTrue(result.stderr.contains("exited with status 3"), result.stderr)
        XCTAssertEqual(result.stderr.split(separator: "\n").count, 1)
        XCTAssertTrue(try run(["show", "2"]).stdout.contains("kept"))
    }

    func testAHookPastItsTimeoutIsKilledAndReported() throws {
        try initDemo()
        try writeConfig("{\"afterSave\": [\"/bin/sleep\", \"30\"], \"timeoutSeconds\": 0.5}")
        let started = Date()
        let result = try run(["set", "2", "title=slow hook"])
        XCTAssertEqual(result.status, 0)
        XCTAssertTrue(result.stderr.contains("timed out after 0.5 s"), result.stderr)
        XCTAssertLessThan(Date().timeIntervalSince(started), 10)
        XCTAssertTrue(try run(["show", "2"]).stdout.contains("slow hook"))
    }

    func testNoHookForASaveThatDidNotCommit() throws {
        try initDemo()
        let marker = home.appendingPathComponent("ran").path
        let old = try updatedAt("2")
        try writeConfig("{\"afterSave\": [\"/usr/bin/touch\", \"\(marker)\"]}")
        XCTAssertEqual(try run(["set", "2", "title=first"]).status, 0)
        try FileManager.default.removeItem(atPath: marker)
        let stale = try run(["set", "2", "title=second", "--expect", old])
        XCTAssertEqual(stale.status, 3, "a conflict: nothing written")
        XCTAssertFalse(FileManager.default.fileExists(atPath: marker), "no hook for a save that did not commit")
    }

    func testHookConfigIsValidated() throws {
        try initDemo()
        try writeConfig("{\"afterSave\": \"redis-cli DEL x\"}")
        assertOneLineError(try run(["list"]), code: 1, mentions: "hooks.afterSave")
        try writeConfig("{\"afterSave\": [\"true\"], \"onSave\": [\"x\"]}")
        assertOneLineError(try run(["list"]), code: 1, mentions: "hooks.onSave")
        try writeConfig("{\"afterSave\": [\"true\"], \"timeoutSeconds\": 0}")
        assertOneLineError(try run(["list"]), code: 1, mentions: "hooks.timeoutSeconds")
    }
}
