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
        let output = Pipe()
        holder.standardInput = input
        holder.standardOutput = output
        try holder.run()
        defer {
            try? input.fileHandleForWriting.close()
            holder.waitUntilExit()
        }
        // The holder says when it holds the lock, so recedit runs only then (no race with its BEGIN); `.bail on`
        // ends it at once, with no marker, if its BEGIN fails.
        input.fileHandleForWriting.write(Data(".bail on\n.timeout 5000\nBEGIN IMMEDIATE;\nSELECT 'holding';\n".utf8))
        var said = Data()
        while !String(decoding: said, as: UTF8.self).contains("holding") {
            let chunk = output.fileHandleForReading.availableData
            XCTAssertFalse(chunk.isEmpty, "sqlite3 ended before it held the write lock")
            if chunk.isEmpty { return }
            said.append(chunk)
        }
        let result = try recedit("set", "1", "title=locked out")
        assertOneLineError(result, code: 5, mentions: "busy")
        XCTAssertTrue(result.stderr.contains("try again"), result.stderr)

        input.fileHandleForWriting.write(Data("COMMIT;\n".utf8))
        try input.fileHandleForWriting.close()
        holder.waitUntilExit()
        let after = try recedit("set", "1", "title=after the lock")
        XCTAssertEqual(after.status, 0, after.stderr)
    }
}
