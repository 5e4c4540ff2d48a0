import Foundation
import XCTest

/// Runs the real `recedit` binary in a temporary home, as a user would from a shell.
class CLITestCase: XCTestCase {
    var home: URL!
    var db: String { "sqlite:" + home.appendingPathComponent("test.db").path }

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static var binary: URL {
        if let path = ProcessInfo.processInfo.environment["RECEDIT_BIN"], !path.isEmpty { return URL(fileURLWithPath: path) }
        // The test runner sits next to the products it was built with.
        let runner = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var directory = runner.deletingLastPathComponent()
        if directory.lastPathComponent == "MacOS" { directory = directory.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent() }
        return directory.appendingPathComponent("recedit")
    }

    override func setUpWithError() throws {
        home = FileManager.default.temporaryDirectory.appendingPathComponent("recedit-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        guard FileManager.default.isExecutableFile(atPath: Self.binary.path) else {
            throw XCTSkip("recedit binary not built at \(Self.binary.path)")
        }
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: home)
    }

    @discardableResult
    func run(
        _ arguments: [String], executable: URL? = nil, environment extra: [String: String] = [:],
        file: StaticString = #filePath, line: UInt = #line
    ) throws -> Result {
        let process = Process()
        process.executableURL = executable ?? Self.binary
        process.arguments = arguments
        process.currentDirectoryURL = home
        var environment = ["HOME": home.path, "PATH": "/usr/bin:/bin", "USER": "tester", "LANG": "C.UTF-8"]
        for (k, v) in extra { environment[k] = v }
        process.environment = environment
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
            stderr: String(decoding: stderr, as: UTF8.self))
    }

    /// Runs with `--db` on the test database, which `init --demo` has filled.
    @discardableResult
    func recedit(_ arguments: String..., environment: [String: String] = [:]) throws -> Result {
        try run(["--db", db] + arguments, environment: environment)
    }

    /// Runs SQL on the test database with the sqlite3 shell: another program writing, as a user's would.
    func sqlite(_ sql: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        process.arguments = [home.appendingPathComponent("test.db").path, sql]
        try process.run()
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0, sql, file: file, line: line)
    }

    func initDemo() throws {
        let result = try run(["--db", db, "init", "--demo"])
        XCTAssertEqual(result.status, 0, result.stderr)
    }

    func json(_ text: String) throws -> [String: Any] {
        try XCTUnwrap(JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    func updatedAt(_ id: String) throws -> String {
        try XCTUnwrap(json(try recedit("show", id, "--json").stdout)["updated_at"] as? String)
    }

    /// An error is one line on stderr, naming the problem, with no stack trace.
    func assertOneLineError(_ result: Result, code: Int32, mentions: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(result.status, code, "stderr: \(result.stderr)", file: file, line: line)
        let lines = result.stderr.split(separator: "\n")
        XCTAssertEqual(lines.count, 1, "one line: \(result.stderr)", file: file, line: line)
        XCTAssertTrue(result.stderr.hasPrefix("recedit: "), result.stderr, file: file, line: line)
        XCTAssertTrue(result.stderr.contains(mentions), "expected '\(mentions)' in: \(result.stderr)", file: file, line: line)
        XCTAssertFalse(result.stderr.contains("Fatal error") || result.stderr.contains("Stack dump"), file: file, line: line)
    }
}
