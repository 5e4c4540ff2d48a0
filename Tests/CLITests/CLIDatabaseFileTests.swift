import Foundation
import XCTest

/// What a SQLite file that cannot be used as asked says: a directory, a file or directory the user may not
/// write (reading commands then still work), a file the user may not read, a database another program holds.
final class CLIDatabaseFileTests: CLITestCase {
    func testADirectoryIsCalledOneForEveryCommand() throws {
        let directory = home.appendingPathComponent("data")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        for command in [["list"], ["init"], ["show", "1"], ["set", "1", "title=x"]] {
            let result = try run(["--db", "sqlite:" + directory.path] + command)
            assertOneLineError(result, code: 1, mentions: "is a directory, not a database file")
            XCTAssertFalse(result.stderr.contains("no such database file"), result.stderr)
            XCTAssertTrue(result.stderr.contains("sqlite:\(directory.path)/recedit.db"), "suggests a file in it: \(result.stderr)")
        }
    }

    /// Reading commands write nothing: not even the journal mode (WAL is set by commands that write).
    func testReadingCommandsNeverChangeTheFile() throws {
        try initDemo()
        let path = home.appendingPathComponent("test.db").path
        let sqlite = Process()
        sqlite.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        sqlite.arguments = [path, "PRAGMA journal_mode = DELETE"]
        sqlite.standardOutput = FileHandle.nullDevice
        try sqlite.run()
        sqlite.waitUntilExit()
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        for command in [["list"], ["show", "1"], ["history", "1"], ["status", "1"]] {
            XCTAssertEqual(try run(["--db", db] + command).status, 0, "\(command)")
        }
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: path)), before, "the file is unchanged")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: home.path).filter { $0.hasPrefix("test.db") }, ["test.db"])
    }

    // MARK: Permissions (as another user: root's permissions never bite)

    let nobody = 65534

    /// Runs recedit as user `nobody` (through setpriv when root; directly otherwise).
    func runAsOtherUser(_ arguments: [String]) throws -> Result {
        guard getuid() == 0 else { return try run(arguments) }
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv") else { throw XCTSkip("needs setpriv to run as another user") }
        let prefix = ["--reuid=\(nobody)", "--regid=\(nobody)", "--clear-groups", Self.binary.path]
        guard try run(prefix + ["--version"], executable: URL(fileURLWithPath: "/usr/bin/setpriv")).status == 0 else {
            throw XCTSkip("user nobody cannot run \(Self.binary.path)")
        }
        return try run(prefix + arguments, executable: URL(fileURLWithPath: "/usr/bin/setpriv"))
    }

    /// A demo database in its own directory, with the given modes (owned by the test's user).
    func database(directoryMode: Int, fileMode: Int) throws -> (db: String, directory: URL) {
        let directory = home.appendingPathComponent("shared")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let path = directory.appendingPathComponent("team.db").path
        XCTAssertEqual(try run(["--db", "sqlite:" + path, "init", "--demo"]).status, 0)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: home.path)
        try FileManager.default.setAttributes([.posixPermissions: fileMode], ofItemAtPath: path)
        try FileManager.default.setAttributes([.posixPermissions: directoryMode], ofItemAtPath: directory.path)
        return ("sqlite:" + path, directory)
    }

    func assertReadingCommandsWork(_ db: String, leaving directory: URL, file: StaticString = #filePath, line: UInt = #line) throws {
        for command in [["list"], ["show", "1"], ["history", "1"], ["status", "1"], ["status", "1", "--json"]] {
            let result = try runAsOtherUser(["--db", db] + command)
            XCTAssertEqual(result.status, 0, "\(command): \(result.stderr)", file: file, line: line)
            XCTAssertEqual(result.stderr, "", file: file, line: line)
        }
        XCTAssertEqual(
            try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted(), ["team.db"],
            "a reader leaves no -wal/-shm file its owner could not write", file: file, line: line)
    }

    func testAReadOnlyFileIsReadAndAWriteSaysWhatToDo() throws {
        let (db, directory) = try database(directoryMode: 0o777, fileMode: 0o644)
        try assertReadingCommandsWork(db, leaving: directory)
        for command in [["set", "1", "title=x"], ["claim", "1"], ["new", "title=x"]] {
            let result = try runAsOtherUser(["--db", db] + command)
            assertOneLineError(result, code: 1, mentions: "the file is read-only for you; ask for write access to it")
            XCTAssertTrue(result.stderr.contains("list, show, history and status"), result.stderr)
        }
        XCTAssertTrue(try run(["--db", db, "show", "1"]).stdout.contains("Quarterly report"), "nothing written")
    }

    func testAReadOnlyDirectoryIsReadAndAWriteSaysWhatToDo() throws {
        let (db, directory) = try database(directoryMode: 0o755, fileMode: 0o666)
        try assertReadingCommandsWork(db, leaving: directory)
        let result = try runAsOtherUser(["--db", db, "set", "1", "title=x"])
        assertOneLineError(result, code: 1, mentions: "the directory '\(directory.path)' is not writable for you")
        XCTAssertTrue(result.stderr.contains("team.db-wal"), result.stderr)
    }

    func testAnUnreadableFileSaysSo() throws {
        let (db, _) = try database(directoryMode: 0o777, fileMode: 0o600)
        assertOneLineError(try runAsOtherUser(["--db", db, "list"]), code: 1, mentions: "you may not read the file")
    }

    func testSQLiteMessagesAreNotRepeated() throws {
        let (db, _) = try database(directoryMode: 0o777, fileMode: 0o644)
        let result = try runAsOtherUser(["--db", db, "set", "1", "title=x"])
        XCTAssertLessThanOrEqual(result.stderr.components(separatedBy: "read-only").count - 1, 1, result.stderr)
        XCTAssertFalse(result.stderr.contains("attempt to write a readonly database"), result.stderr)
    }

    // MARK: Busy

    /// Another program holds the write lock past busyTimeoutMs: exit 5, one line saying to retry.
    func testABusyDatabaseExits5() throws {
        try initDemo()
        try Data(#"{"busyTimeoutMs": 200}"#.utf8).write(to: home.appendingPathComponent("recedit.json"))
        let holder = Process()
        holder.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        holder.arguments = [home.appendingPathComponent("test.db").path]
        let input = Pipe(), output = Pipe()
        holder.standardInput = input
        holder.standardOutput = output
        try holder.run()
        defer {
            try? input.fileHandleForWriting.write(contentsOf: Data(".quit\n".utf8))
            try? input.fileHandleForWriting.close()
            holder.waitUntilExit()
        }
        try input.fileHandleForWriting.write(contentsOf: Data("BEGIN IMMEDIATE;\nSELECT 'locked';\n".utf8))
        XCTAssertEqual(String(decoding: output.fileHandleForReading.availableData, as: UTF8.self), "locked\n")

        let before = try recedit("show", "1")
        XCTAssertEqual(before.status, 0, "reading works meanwhile (WAL)")
        for command in [["set", "1", "title=x"], ["claim", "1"], ["new", "title=y"]] {
            let result = try run(["--db", db] + command)
            assertOneLineError(result, code: 5, mentions: "busy")
            XCTAssertTrue(result.stderr.contains("try again"), result.stderr)
        }
        try input.fileHandleForWriting.write(contentsOf: Data("ROLLBACK;\n".utf8))
        XCTAssertEqual(try recedit("show", "1").stdout, before.stdout, "nothing was written")
        XCTAssertEqual(try recedit("set", "1", "title=x").status, 0, "a retry once the lock is gone succeeds")
    }
}
