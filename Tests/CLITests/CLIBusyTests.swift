import Foundation
import XCTest

/// Another program holds SQLite's write lock: a write from the command line waits `busyTimeoutMs`, then
/// exits 5 (busy) with one line saying to try again, and writes nothing.
final class CLIBusyTests: CLITestCase {
    func testAWriteThatOutwaitsTheBusyTimeoutExits5() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/sqlite3") else { throw XCTSkip("sqlite3 is not installed") }
        try initDemo()
        try Data(#"{"busyTimeoutMs": 300}"#.utf8).write(to: home.appendingPathComponent("recedit.json"))
        let holder = Process()
        holder.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        holder.arguments = [String(db.dropFirst("sqlite:".count))]
        let input = Pipe()
        holder.standardInput = input
        holder.standardOutput = FileHandle.nullDevice
        try holder.run()
        defer {
            try? input.fileHandleForWriting.close()
            holder.waitUntilExit()
        }
        // The holder waits its turn (.timeout): recedit starts in a few milliseconds now, and its first `set` may hold
        // the lock when BEGIN runs; without a timeout the holder's BEGIN would fail and it would never hold the lock.
        input.fileHandleForWriting.write(Data(".timeout 5000\nBEGIN IMMEDIATE;\nSELECT 1;\n".utf8))
        // Until the lock is held, writes still go through: wait for one that does not.
        var result = try recedit("set", "1", "title=locked out")
        for _ in 0..<50 where result.status == 0 {
            Thread.sleep(forTimeInterval: 0.1)
            result = try recedit("set", "1", "title=locked out")
        }
        assertOneLineError(result, code: 5, mentions: "busy")
        XCTAssertTrue(result.stderr.contains("try again"), result.stderr)

        input.fileHandleForWriting.write(Data("COMMIT;\n".utf8))
        try input.fileHandleForWriting.close()
        holder.waitUntilExit()
        let after = try recedit("set", "1", "title=after the lock")
        XCTAssertEqual(after.status, 0, after.stderr)
    }
}
