import Foundation
import XCTest

/// The help texts, compared with Snapshots/<name>.txt; RECEDIT_RECORD_SNAPSHOTS=1 records them anew.
final class HelpSnapshotTests: CLITestCase {
    func assertSnapshot(
        _ name: String, _ arguments: [String], environment: [String: String] = [:], file: StaticString = #filePath, line: UInt = #line
    ) throws {
        let result = try run(arguments, environment: environment)
        XCTAssertEqual(result.status, 0, result.stderr, file: file, line: line)
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Snapshots/\(name).txt")
        if ProcessInfo.processInfo.environment["RECEDIT_RECORD_SNAPSHOTS"] == "1" {
            try Data(result.stdout.utf8).write(to: url)
            return
        }
        let expected = try String(contentsOf: url, encoding: .utf8)
        XCTAssertEqual(result.stdout, expected, "help for \(arguments) changed; re-record with RECEDIT_RECORD_SNAPSHOTS=1 if intended", file: file, line: line)
    }

    func testMainHelp() throws { try assertSnapshot("help", ["--help"]) }
    func testSetHelp() throws { try assertSnapshot("help-set", ["set", "--help"]) }
    func testOpenHelp() throws { try assertSnapshot("help-open", ["help", "open"]) }
    func testBrowseHelp() throws { try assertSnapshot("help-browse", ["browse", "--help"]) }
    /// Under a Chinese locale (not installed here: the language comes from LANG alone).
    func testMainHelpInChinese() throws { try assertSnapshot("help-zh", ["--help"], environment: ["LANG": "zh_CN.UTF-8"]) }
    func testOpenHelpInChinese() throws { try assertSnapshot("help-open-zh", ["open", "--help"], environment: ["LANG": "zh_CN.UTF-8"]) }
}
