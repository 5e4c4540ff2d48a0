import Foundation
import XCTest

/// Bad input: one line saying what is wrong and what to do, the documented exit code, nothing written.
final class CLIErrorTests: CLITestCase {
    func testUsageErrorsExit2() throws {
        try initDemo()
        assertOneLineError(try run([]), code: 2, mentions: "no command")
        assertOneLineError(try run(["frobnicate"]), code: 2, mentions: "unknown command 'frobnicate'")
        assertOneLineError(try recedit("show"), code: 2, mentions: "missing <id>")
        assertOneLineError(try recedit("show", "1", "2"), code: 2, mentions: "unexpected argument '2'")
        assertOneLineError(try recedit("list", "--limit", "many"), code: 2, mentions: "--limit")
        assertOneLineError(try recedit("show", "1", "--bogus"), code: 2, mentions: "unknown option '--bogus'")
        assertOneLineError(try recedit("set", "1"), code: 2, mentions: "field=value")
        assertOneLineError(try recedit("set", "1", "title"), code: 2, mentions: "'title' is not field=value")
        assertOneLineError(try recedit("show", "abc"), code: 2, mentions: "not a valid key")
        assertOneLineError(try run(["--db", "oracle://x", "list"]), code: 2, mentions: "sqlite:PATH")
    }

    func testDataErrorsExit1AndWriteNothing() throws {
        try initDemo()
        let before = try recedit("show", "1", "--json").stdout
        assertOneLineError(try recedit("set", "1", "priority=abc"), code: 1, mentions: "field 'priority': 'abc' is not an integer")
        assertOneLineError(try recedit("set", "1", "nosuch=1"), code: 1, mentions: "no column 'nosuch'")
        assertOneLineError(try recedit("set", "1", "status=bogus"), code: 1, mentions: "refused")
        assertOneLineError(try recedit("set", "1", "title=ok", "priority=abc"), code: 1, mentions: "priority")
        assertOneLineError(try recedit("set", "1", "edit_state=idle"), code: 1, mentions: "managed by recedit")
        XCTAssertEqual(try recedit("show", "1", "--json").stdout, before, "nothing half-written")
    }

    func testNotFoundExits4() throws {
        try initDemo()
        assertOneLineError(try recedit("show", "99"), code: 4, mentions: "no row with id = 99")
        assertOneLineError(try recedit("set", "99", "title=x"), code: 4, mentions: "no row")
        assertOneLineError(try recedit("claim", "99"), code: 4, mentions: "no row")
        assertOneLineError(try recedit("history", "99"), code: 4, mentions: "no row")
        assertOneLineError(try recedit("set", "1", "title=x", "--expect", "not-a-version"), code: 4, mentions: "no version")
        assertOneLineError(try recedit("show", ""), code: 2, mentions: "not a valid key")
    }

    func testMalformedConfigNamesTheFileAndPosition() throws {
        let config = home.appendingPathComponent("bad.json")
        try Data("{\n  \"table\": \"records\",\n  \"leaseSeconds\" 60\n}\n".utf8).write(to: config)
        let result = try run(["--config", config.path, "list"])
        assertOneLineError(result, code: 1, mentions: "bad.json")
        XCTAssertTrue(result.stderr.contains("line 3, column 18"), result.stderr)
    }

    func testConfigFileKeysAreChecked() throws {
        let config = home.appendingPathComponent("recedit.json")
        try Data(#"{"lockMode": "strict"}"#.utf8).write(to: config)
        assertOneLineError(try run(["list"]), code: 1, mentions: "\"lockMode\" must be \"advisory\" or \"exclusive\"")
        try Data(#"{"leaseSecs": 5}"#.utf8).write(to: config)
        assertOneLineError(try run(["list"]), code: 1, mentions: "unknown key \"leaseSecs\"")
        assertOneLineError(try run(["--config", "/nonexistent/recedit.json", "list"]), code: 1, mentions: "does not exist")
    }

    func testTheKeysSectionIsCheckedAtLoad() throws {
        let config = home.appendingPathComponent("keys.json")
        func refused(_ json: String, _ mentions: String, file: StaticString = #filePath, line: UInt = #line) throws {
            try Data(json.utf8).write(to: config)
            let result = try run(["--config", config.path, "list"])
            assertOneLineError(result, code: 1, mentions: mentions, file: file, line: line)
            assertOneLineError(result, code: 1, mentions: "config file '\(config.path)'", file: file, line: line)
        }
        try refused(#"{"keys": {"sav": "F2"}}"#, "unknown action \"keys.sav\"; known: save, quit,")
        try refused(#"{"keys": {"save": "Ctrl-Shift-S"}}"#, "\"keys.save\": 'Ctrl-Shift-S' is not a key name")
        try refused(#"{"keys": {"save": "F2", "quit": "f2"}}"#, "F2 is bound to both save and quit")
        try refused(#"{"keys": {"save": "C-d"}}"#, "Ctrl-D is bound to both save and review")
        try refused(#"{"keys": {"save": "x"}}"#, "'x' types text in the form; it cannot be bound")
        try refused(#"{"keys": {"save": 2}}"#, "\"keys.save\" must be a key name or an array of key names")
        try refused(#"{"keys": ["save"]}"#, "\"keys\" must be an object of actions and keys")
        try Data(#"{"keys": {"save": ["F2", "C-s"], "review": "C-x"}}"#.utf8).write(to: config)
        XCTAssertEqual(try run(["--config", config.path, "list"]).status, 0)
    }

    func testRecediteColumnNamesMustBeDistinct() throws {
        try Data(#"{"columns": {"state": "edit_owner"}}"#.utf8).write(to: home.appendingPathComponent("recedit.json"))
        assertOneLineError(try run(["list"]), code: 1, mentions: "names the same column twice")
    }

    func testConfigResolutionOrder() throws {
        try initDemo()
        let other = "sqlite:" + home.appendingPathComponent("other.db").path
        try run(["--db", other, "init"])
        try Data(#"{"database": "\#(other)", "user": "carol"}"#.utf8).write(to: home.appendingPathComponent("recedit.json"))
        // The config file's database has an empty table; RECEDIT_DB and --db win over it, in that order.
        XCTAssertFalse(try run(["list"]).stdout.contains("Quarterly"))
        XCTAssertTrue(try run(["list"], environment: ["RECEDIT_DB": db]).stdout.contains("Quarterly"))
        XCTAssertFalse(try run(["--db", other, "list"], environment: ["RECEDIT_DB": db]).stdout.contains("Quarterly"))
        XCTAssertTrue(try run(["claim", "1"], environment: ["RECEDIT_DB": db]).stdout.contains("as carol@"), "user from the config file")
        XCTAssertTrue(try run(["--user", "dave", "status", "1"], environment: ["RECEDIT_DB": db]).stdout.contains("carol@"))
    }

    func testAPasswordInAReadableConfigIsRefused() throws {
        let config = home.appendingPathComponent("pg.json")
        try Data(#"{"database": "postgresql://bob:s3cret@127.0.0.1:1/x"}"#.utf8).write(to: config)
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: config.path)
        let result = try run(["--config", config.path, "list"])
        assertOneLineError(result, code: 1, mentions: "chmod 600")
        XCTAssertFalse(result.stderr.contains("s3cret"))
    }

    func testHelpAndVersion() throws {
        let help = try run(["--help"])
        XCTAssertEqual(help.status, 0)
        for command in ["open", "list", "show", "new", "set", "history", "restore", "claim", "release", "status", "init", "adopt", "merge-file"] {
            XCTAssertTrue(help.stdout.contains("  \(command) "), "main help lists \(command)")
            let own = try run([command, "--help"])
            XCTAssertEqual(own.status, 0, command)
            XCTAssertTrue(own.stdout.contains("Usage:") || own.stdout.contains("usage:"), "\(command) --help: \(own.stdout)")
        }
        XCTAssertTrue(help.stdout.contains("Exit codes: 0 ok, 1 error, 2 usage, 3 conflict, 4 not found, 5 busy"))
        XCTAssertTrue(try run(["--version"]).stdout.hasPrefix("recedit "))
    }
}

final class ConfigExampleTests: CLITestCase {
    /// config.example.json is complete (every key the loader knows) and loads as it is.
    func testTheExampleConfigLoads() throws {
        let example = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("config.example.json")
        var text = try String(contentsOf: example, encoding: .utf8)
        text = text.replacingOccurrences(of: "mysql://alice@127.0.0.1:3306/app", with: db)
        try Data(text.utf8).write(to: home.appendingPathComponent("recedit.json"))
        try initDemo()
        let result = try run(["claim", "1"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stdout.contains("as alice@"), result.stdout)
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        XCTAssertEqual(
            Set(object.keys),
            [
                "database", "table", "key", "user", "leaseSeconds", "heartbeatSeconds", "lockMode", "merge",
                "columns", "busyTimeoutMs", "lockTimeoutMs", "statementTimeoutMs", "hooks", "keys",
            ])
        let readme = try String(contentsOf: example.deletingLastPathComponent().appendingPathComponent("README.md"), encoding: .utf8)
        for key in object.keys { XCTAssertTrue(readme.contains("`\(key)`"), "the README explains \(key)") }
        let hooks = try XCTUnwrap(object["hooks"] as? [String: Any])
        for key in hooks.keys { XCTAssertTrue(readme.contains("`hooks.\(key)`"), "the README explains hooks.\(key)") }
        let keys = try XCTUnwrap(object["keys"] as? [String: Any])
        for action in keys.keys { XCTAssertTrue(readme.contains("`\(action)`"), "the README names the action \(action)") }
    }
}
