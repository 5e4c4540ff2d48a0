import TextMerge
import XCTest

@testable import RecEditCLI

/// `recedit merge-file`'s arguments, read the way `git merge-file` reads them.
final class MergeFileCommandLineTests: XCTestCase {
    private func parsed(_ arguments: [String]) -> MergeFileArguments? {
        if case .merge(let command) = MergeFileCommandLine.parse(arguments) { return command }
        return nil
    }

    func testDefaultsWriteIntoMineWithFileNamesAsLabels() throws {
        let command = try XCTUnwrap(parsed(["m.txt", "b.txt", "t.txt"]))
        let options = command.options
        XCTAssertEqual(options.paths, ["m.txt", "b.txt", "t.txt"])
        XCTAssertFalse(command.writeToStandardOutput)
        XCTAssertEqual(options.style, .merge)
        XCTAssertEqual(options.mergeLabels, MergeLabels(mine: "m.txt", base: "b.txt", theirs: "t.txt"))
    }

    func testOptionsAndLabels() throws {
        let command = try XCTUnwrap(parsed(["-p", "--diff3", "-L", "ours", "-Lbase", "m", "b", "t", "-q", "--marker-size=9"]))
        let options = command.options
        XCTAssertTrue(command.writeToStandardOutput)
        XCTAssertTrue(command.quiet)
        XCTAssertEqual(options.style, .diff3)
        XCTAssertEqual(options.markerSize, 9)
        XCTAssertEqual(options.mergeLabels, MergeLabels(mine: "ours", base: "base", theirs: "t"))

        XCTAssertEqual(parsed(["-pq", "m", "b", "t"])?.quiet, true)
        XCTAssertEqual(parsed(["--stdout", "--zdiff3", "m", "b", "t"])?.options.style, .zealousDiff3)
        XCTAssertEqual(parsed(["--union", "m", "b", "t"])?.options.resolution, .takeBoth)
        XCTAssertEqual(parsed(["--ours", "m", "b", "t"])?.options.resolution, .takeMine)
        XCTAssertEqual(parsed(["--theirs", "m", "b", "t"])?.options.resolution, .takeTheirs)
        XCTAssertEqual(parsed(["--marker-size", "3", "m", "b", "t"])?.options.markerSize, 3)
        XCTAssertEqual(parsed(["--", "-m", "b", "t"])?.options.paths, ["-m", "b", "t"])
    }

    func testUsageErrors() {
        func isUsageError(_ arguments: [String]) -> Bool {
            if case .usageError = MergeFileCommandLine.parse(arguments) { return true }
            return false
        }
        XCTAssertTrue(isUsageError(["m", "b"]))
        XCTAssertTrue(isUsageError(["m", "b", "t", "x"]))
        XCTAssertTrue(isUsageError(["--bogus", "m", "b", "t"]))
        XCTAssertTrue(isUsageError(["-x", "m", "b", "t"]))
        XCTAssertTrue(isUsageError(["-L", "1", "-L", "2", "-L", "3", "-L", "4", "m", "b", "t"]))
        XCTAssertTrue(isUsageError(["m", "b", "t", "-L"]))
        XCTAssertTrue(isUsageError(["--marker-size=x", "m", "b", "t"]))
        XCTAssertTrue(isUsageError(["--stdout=yes", "m", "b", "t"]))
        XCTAssertEqual(MergeFileCommandLine.parse(["--help"]), .help)
        XCTAssertEqual(MergeFileCommandLine.parse(["-h", "m"]), .help)
        XCTAssertEqual(MergeFileCommandLine.usageExitCode, 2)
    }
}
