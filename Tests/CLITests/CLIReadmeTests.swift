import Foundation
import XCTest

/// The README's command summary names every option each command's own usage line has.
final class CLIReadmeTests: CLITestCase {
    func testTheReadmeListsEveryOptionOfEveryCommand() throws {
        let readme = try String(
            contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent().appendingPathComponent("README.md"), encoding: .utf8)
        let start = try XCTUnwrap(readme.range(of: "## Commands"))
        let section = String(readme[start.upperBound...]).components(separatedBy: "\n## ").first ?? ""
        let lines = section.split(separator: "\n")
        for command in ["open", "browse", "list", "show", "new", "set", "history", "restore", "claim", "release", "status", "init", "adopt", "watch"] {
            let help = try run([command, "--help"]).stdout
            let usage = try XCTUnwrap(help.split(separator: "\n").first { $0.hasPrefix("Usage:") })
            let options = usage.split(separator: " ").filter { $0.hasPrefix("[--") || $0.hasPrefix("--") }
                .map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "[]")) }
                .filter { !["--db", "--table", "--user", "--config"].contains($0) || command == "adopt" }
            let line = lines.first { $0.contains(" \(command) <") || $0.contains(" \(command) [") || $0.hasPrefix("  \(command) ") }
            for option in options {
                XCTAssertTrue(line?.contains(option) == true, "README's line for '\(command)' lacks \(option): \(line ?? "no line")")
            }
        }
    }
}
