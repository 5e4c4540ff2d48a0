import Foundation
import RecEditCore
import XCTest

@testable import RecEditCLI

/// The command line under a Chinese locale (issue 16): messages and help in Simplified Chinese, machine-readable
/// output byte for byte the same. `zh_CN.UTF-8` is not installed on the machines that run this; the language
/// comes from the variables alone.
final class CLIChineseTests: CLITestCase {
    let chinese = ["LANG": "zh_CN.UTF-8"]
    let english = ["LANG": "C"]

    /// Display cells, counted here independently of the code under test: East Asian wide and fullwidth take two.
    func cells(_ text: Substring) -> Int {
        text.unicodeScalars.reduce(0) { sum, scalar in
            let v = scalar.value
            let wide =
                (0x1100...0x115F).contains(v) || (0x2E80...0x303E).contains(v) || (0x3041...0x33FF).contains(v)
                || (0x3400...0x4DBF).contains(v) || (0x4E00...0x9FFF).contains(v) || (0xA000...0xA4CF).contains(v)
                || (0xAC00...0xD7A3).contains(v) || (0xF900...0xFAFF).contains(v) || (0xFE30...0xFE4F).contains(v)
                || (0xFF00...0xFF60).contains(v) || (0xFFE0...0xFFE6).contains(v)
            return sum + (wide ? 2 : 1)
        }
    }

    func hasChinese(_ text: String) -> Bool { text.unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) } }

    // MARK: messages

    func testErrorsAreOneChineseLineWithTheSameExitCode() throws {
        try initDemo()
        let cases: [[String]] = [
            ["frob"],  // usage, 2
            ["--db", db, "show", "999"],  // not found, 4
            ["--db", db, "--table", "nope", "list"],  // a store error, 1
            ["--db", db, "list", "--limit", "x"],  // a bad option value, 2
            ["--db", db, "set", "1", "nosuchfield=1"],  // unknown column, 1
        ]
        for arguments in cases {
            let zh = try run(arguments, environment: chinese)
            let en = try run(arguments, environment: english)
            XCTAssertNotEqual(en.status, 0, "\(arguments)")
            XCTAssertEqual(zh.status, en.status, "\(arguments): the exit code does not depend on the language")
            assertOneLineError(zh, code: en.status, mentions: "recedit: ")
            XCTAssertTrue(hasChinese(zh.stderr), "\(arguments): \(zh.stderr)")
            XCTAssertFalse(hasChinese(en.stderr), "\(arguments): \(en.stderr)")
        }
        let unknown = try run(["frob"], environment: chinese)
        XCTAssertEqual(unknown.stderr, "recedit: 未知命令 'frob'；参见 'recedit --help'\n")
        let missing = try run(["--db", db, "show", "999"], environment: chinese)
        XCTAssertEqual(missing.stderr, "recedit: 表 'records' 中没有 id = 999 的行；参见 'recedit list'\n")
    }

    func testPosixOrderDecidesTheLanguage() throws {
        let lcAll = try run(["frob"], environment: ["LC_ALL": "C", "LANG": "zh_CN.UTF-8"])
        XCTAssertEqual(lcAll.stderr, "recedit: unknown command 'frob'; see 'recedit --help'\n", "LC_ALL=C beats LANG=zh_CN")
        let messages = try run(["frob"], environment: ["LC_MESSAGES": "zh_TW.UTF-8", "LANG": "C.UTF-8"])
        XCTAssertTrue(messages.stderr.contains("未知命令"), messages.stderr)
        let plain = try run(["frob"], environment: ["LANG": "zh"])
        XCTAssertTrue(plain.stderr.contains("未知命令"), plain.stderr)
    }

    func testConfirmationsAndTheListAreChineseAndAligned() throws {
        try initDemo()
        let claim = try recedit("claim", "2", environment: chinese)
        XCTAssertEqual(claim.status, 0, claim.stderr)
        XCTAssertTrue(claim.stdout.hasPrefix("已以 tester@"), claim.stdout)
        let list = try recedit("list", environment: chinese)
        XCTAssertEqual(list.status, 0, list.stderr)
        let lines = list.stdout.split(separator: "\n")
        XCTAssertTrue(lines[0].hasPrefix("键"), list.stdout)
        XCTAssertTrue(lines.contains { $0.contains("空闲") } && lines.contains { $0.contains("正在编辑") }, list.stdout)
        // UPDATED_AT starts in the same display column in the heading and in every row.
        let column = try XCTUnwrap(lines[0].range(of: "UPDATED_AT").map { cells(lines[0][..<$0.lowerBound]) })
        for line in lines.dropFirst() {
            let stamp = try XCTUnwrap(line.range(of: #"\d{4}-\d\d-\d\d "#, options: .regularExpression), String(line))
            XCTAssertEqual(cells(line[..<stamp.lowerBound]), column, String(line))
        }
        let status = try recedit("status", "2", environment: chinese)
        XCTAssertTrue(status.stdout.hasPrefix("行 2：tester@"), status.stdout)
        XCTAssertTrue(status.stdout.contains("正在编辑"), status.stdout)
    }

    // MARK: help

    func testHelpIsChineseWithColumnsAlignedInDisplayCells() throws {
        let help = try run(["--help"], environment: chinese)
        XCTAssertEqual(help.status, 0)
        XCTAssertTrue(help.stdout.hasPrefix("recedit："), help.stdout)
        let lines = help.stdout.split(separator: "\n", omittingEmptySubsequences: false)
        func section(_ title: String) throws -> [Substring] {
            let start = try XCTUnwrap(lines.firstIndex { $0 == title }, title)
            return Array(lines[(start + 1)...].prefix { !$0.isEmpty })
        }
        // Commands: every summary starts in one column, and every command is listed.
        let commands = try section("命令：")
        XCTAssertEqual(commands.count, CommandTable.commands.count)
        let summaryColumns = Set(
            commands.map { line -> Int in
                let name = line.drop { $0 == " " }.prefix { $0 != " " }
                let summary = line[name.endIndex...].drop { $0 == " " }
                XCTAssertTrue(hasChinese(String(summary)), String(line))
                return cells(line[..<summary.startIndex])
            })
        XCTAssertEqual(summaryColumns.count, 1, "summaries start in one column: \(commands)")
        // Options: descriptions, and the lines they run on to, start in one column.
        let options = try section("选项：")
        XCTAssertEqual(options.count, 7)
        // The name ends at the first double space ("-h, --help" holds single ones); a continuation line has none.
        func descriptionStart(_ line: Substring) -> Int {
            let body = line.dropFirst(2)
            let from = body.hasPrefix(" ") ? body.startIndex : (body.range(of: "  ")?.lowerBound ?? body.endIndex)
            return cells(line[..<(body[from...].firstIndex { $0 != " " } ?? line.endIndex)])
        }
        let descriptionColumns = Set(options.map(descriptionStart))
        XCTAssertEqual(descriptionColumns.count, 1, "option descriptions start in one column: \(options)")
    }

    func testEveryCommandsHelpIsChineseAndNoWiderThanTheEnglish() throws {
        for command in CommandTable.commands.map(\.name) {
            let zh = try run([command, "--help"], environment: chinese)
            let en = try run([command, "--help"], environment: english)
            XCTAssertEqual(zh.status, 0, command)
            XCTAssertTrue(zh.stdout.hasPrefix(command == "merge-file" ? "用法：recedit merge-file" : "用法：recedit [全局选项] \(command)"), zh.stdout)
            XCTAssertTrue(hasChinese(zh.stdout) && !hasChinese(en.stdout), command)
            let widest = en.stdout.split(separator: "\n").map(cells).max() ?? 0
            for line in zh.stdout.split(separator: "\n") {
                XCTAssertLessThanOrEqual(cells(line), widest, "\(command): a Chinese help line is wider than any English one: \(line)")
            }
        }
        let open = try run(["open", "--help"], environment: chinese)
        XCTAssertEqual(open.stdout.split(separator: "\n").first, "用法：recedit [全局选项] open <id> [--read-only]")
        XCTAssertTrue(open.stdout.contains("在终端表单中编辑一行。"), open.stdout)
    }

    func testEveryCommandHasBothLanguagesInTheCatalog() {
        for command in CommandTable.commands {
            XCTAssertNotNil(Catalog.entries[command.summaryKey], command.name)
            XCTAssertNotEqual(command.summary(in: .chinese), command.summary(in: .english), command.name)
            XCTAssertTrue(command.details(in: .english).isEmpty == command.details(in: .chinese).isEmpty, command.name)
        }
    }

    // MARK: machine-readable output never changes

    func assertSameBytes(_ arguments: [String], file: StaticString = #filePath, line: UInt = #line) throws {
        let en = try run(arguments, environment: english)
        let zh = try run(arguments, environment: chinese)
        XCTAssertEqual(zh.status, en.status, "\(arguments)", file: file, line: line)
        XCTAssertEqual(zh.stdout, en.stdout, "\(arguments)", file: file, line: line)
    }

    func testJSONCompletionsAndExitCodesAreTheSameInEveryLanguage() throws {
        try initDemo()
        try recedit("set", "1", "title=changed")
        try recedit("claim", "3")
        for arguments in [
            ["list", "--json"], ["show", "1", "--json"], ["status", "3", "--json"], ["history", "1", "--json"],
            ["show", "999", "--json"], ["list", "--limit", "x", "--json"],
        ] {
            try assertSameBytes(["--db", db] + arguments)
        }
        // (The scripts list options in a fixed order: a Set's order changes from one process to the next.)
        for shell in ["bash", "zsh", "fish"] { try assertSameBytes(["completions", shell]) }
        // A write's machine-readable answer: `new --json` prints the same shape (its key differs by row).
        let zhNew = try recedit("new", "title=一", "--json", environment: chinese)
        XCTAssertEqual(zhNew.status, 0, zhNew.stderr)
        XCTAssertTrue(zhNew.stdout.hasPrefix("{\"key\":"), zhNew.stdout)
    }

    func testMergeFileOutputAndMarkersAreTheSameInEveryLanguage() throws {
        let mine = home.appendingPathComponent("mine.txt"), base = home.appendingPathComponent("base.txt")
        let theirs = home.appendingPathComponent("theirs.txt")
        try "a\nmine\nc\n".write(to: mine, atomically: true, encoding: .utf8)
        try "a\nb\nc\n".write(to: base, atomically: true, encoding: .utf8)
        try "a\ntheirs\nc\n".write(to: theirs, atomically: true, encoding: .utf8)
        for style in [[], ["--diff3"]] {
            let arguments = ["merge-file", "-p"] + style + [mine.path, base.path, theirs.path]
            try assertSameBytes(arguments)
            let result = try run(arguments, environment: chinese)
            XCTAssertEqual(result.status, 1, "one conflict")
            XCTAssertTrue(result.stdout.contains("<<<<<<< \(mine.path)\nmine\n"), result.stdout)
            XCTAssertTrue(result.stdout.contains(">>>>>>> \(theirs.path)\n"), result.stdout)
        }
        // Its own messages follow the language; its exit codes do not.
        let missing = try run(["merge-file", "-p", "nope", base.path, theirs.path], environment: chinese)
        XCTAssertEqual(missing.status, 255)
        XCTAssertTrue(missing.stderr.hasPrefix("recedit merge-file: 无法读取 'nope'："), missing.stderr)
        XCTAssertEqual(try run(["merge-file", "one"], environment: chinese).status, 2)
    }

    func testWatchLinesAreTheSameInEveryLanguage() throws {
        try initDemo()
        try recedit("set", "1", "title=before")
        var watchers: [(Process, URL, URL)] = []
        for (json, environment) in [(false, english), (false, chinese), (true, english), (true, chinese)] {
            let output = home.appendingPathComponent("watch-\(watchers.count).out")
            let errors = home.appendingPathComponent("watch-\(watchers.count).err")
            _ = FileManager.default.createFile(atPath: output.path, contents: nil)
            _ = FileManager.default.createFile(atPath: errors.path, contents: nil)
            let process = Process()
            process.executableURL = Self.binary
            process.arguments = ["--db", db, "watch", "--since", "0"] + (json ? ["--json"] : [])
            process.currentDirectoryURL = home
            process.environment = ["HOME": home.path, "PATH": "/usr/bin:/bin", "USER": "tester"].merging(environment) { $1 }
            process.standardOutput = try FileHandle(forWritingTo: output)
            process.standardError = try FileHandle(forWritingTo: errors)
            process.standardInput = FileHandle.nullDevice
            try process.run()
            watchers.append((process, output, errors))
        }
        defer {
            for (process, _, _) in watchers where process.isRunning {
                process.terminate()
                process.waitUntilExit()
            }
        }
        // The last change: once a watcher has printed it, it has printed every change before it.
        let last = try recedit("set", "2", "title=the last change").stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        var outputs: [String] = []
        for (process, output, _) in watchers {
            let deadline = Date().addingTimeInterval(15)
            var text = ""
            repeat {
                text = (try? String(contentsOf: output, encoding: .utf8)) ?? ""
                if text.contains(last) && text.hasSuffix("\n") { break }
                usleep(50_000)
            } while Date() < deadline
            process.terminate()
            process.waitUntilExit()
            outputs.append(text)
        }
        XCTAssertTrue(outputs[0].contains(last) && outputs[2].contains(last), outputs[0] + outputs[2])
        XCTAssertEqual(outputs[1], outputs[0], "watch's lines")
        XCTAssertEqual(outputs[3], outputs[2], "watch --json's lines")
        // The line scripts wait for on stderr is the same too.
        let notes = try watchers.map { try String(contentsOf: $0.2, encoding: .utf8) }
        XCTAssertTrue(notes[1].contains("watching table 'records'"), notes[1])
    }
}
