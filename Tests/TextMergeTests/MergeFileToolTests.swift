import XCTest
@testable import TextMerge

final class MergeFileToolTests: XCTestCase {
    private func parsed(_ arguments: [String]) -> MergeFileOptions? {
        if case .merge(let options) = MergeFileTool.parse(arguments) { return options }
        return nil
    }

    func testDefaultsWriteIntoMineWithFileNamesAsLabels() throws {
        let options = try XCTUnwrap(parsed(["m.txt", "b.txt", "t.txt"]))
        XCTAssertEqual(options.paths, ["m.txt", "b.txt", "t.txt"])
        XCTAssertFalse(options.writeToStandardOutput)
        XCTAssertEqual(options.style, .merge)
        XCTAssertEqual(options.mergeLabels, MergeLabels(mine: "m.txt", base: "b.txt", theirs: "t.txt"))
    }

    func testOptionsAndLabels() throws {
        let options = try XCTUnwrap(parsed(["-p", "--diff3", "-L", "ours", "-Lbase", "m", "b", "t", "-q", "--marker-size=9"]))
        XCTAssertTrue(options.writeToStandardOutput)
        XCTAssertTrue(options.quiet)
        XCTAssertEqual(options.style, .diff3)
        XCTAssertEqual(options.markerSize, 9)
        XCTAssertEqual(options.mergeLabels, MergeLabels(mine: "ours", base: "base", theirs: "t"))

        XCTAssertEqual(parsed(["-pq", "m", "b", "t"])?.quiet, true)
        XCTAssertEqual(parsed(["--stdout", "--zdiff3", "m", "b", "t"])?.style, .zealousDiff3)
        XCTAssertEqual(parsed(["--union", "m", "b", "t"])?.resolution, .takeBoth)
        XCTAssertEqual(parsed(["--ours", "m", "b", "t"])?.resolution, .takeMine)
        XCTAssertEqual(parsed(["--theirs", "m", "b", "t"])?.resolution, .takeTheirs)
        XCTAssertEqual(parsed(["--marker-size", "3", "m", "b", "t"])?.markerSize, 3)
        XCTAssertEqual(parsed(["--", "-m", "b", "t"])?.paths, ["-m", "b", "t"])
    }

    func testUsageErrors() {
        func isUsageError(_ arguments: [String]) -> Bool {
            if case .usageError = MergeFileTool.parse(arguments) { return true }
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
        XCTAssertEqual(MergeFileTool.parse(["--help"]), .help)
        XCTAssertEqual(MergeFileTool.parse(["-h", "m"]), .help)
        XCTAssertEqual(MergeFileTool.usageExitCode, 2)
    }

    func testExitCodeIsTheConflictCount() throws {
        let options = try XCTUnwrap(parsed(["-p", "-L", "me", "-L", "was", "-L", "them", "m", "b", "t"]))
        let clean = MergeFileTool.merge(mine: bytes("A\nb\nc\n"), base: bytes("a\nb\nc\n"), theirs: bytes("a\nb\nC\n"),
                                        options: options)
        XCTAssertEqual(clean.output, bytes("A\nb\nC\n"))
        XCTAssertEqual(clean.exitCode, 0)
        XCTAssertNil(clean.errorMessage)
        var streamed: [UInt8] = []
        clean.writeOutput { streamed.append(contentsOf: $0) }
        XCTAssertEqual(streamed, bytes("A\nb\nC\n"))

        let twoConflicts = MergeFileTool.merge(mine: bytes("1\nb\nc\nd\ne\n3\n"), base: bytes("a\nb\nc\nd\ne\nf\n"),
                                               theirs: bytes("2\nb\nc\nd\ne\n4\n"), options: options)
        XCTAssertEqual(twoConflicts.exitCode, 2)
        XCTAssertEqual(twoConflicts.output.map { String(decoding: $0, as: UTF8.self) },
                       "<<<<<<< me\n1\n=======\n2\n>>>>>>> them\nb\nc\nd\ne\n<<<<<<< me\n3\n=======\n4\n>>>>>>> them\n")
    }

    func testExitCodeIsCappedAt127() throws {
        let options = try XCTUnwrap(parsed(["m", "b", "t"]))
        // 200 conflicts, each line apart from the next by five unchanged lines with letters.
        var base = "", mine = "", theirs = ""
        for index in 0 ..< 200 {
            base += "x\(index)\n"
            mine += "mine \(index)\n"
            theirs += "theirs \(index)\n"
            for filler in 0 ..< 5 {
                let line = "keep \(index).\(filler)\n"
                base += line
                mine += line
                theirs += line
            }
        }
        let outcome = MergeFileTool.merge(mine: bytes(mine), base: bytes(base), theirs: bytes(theirs), options: options)
        XCTAssertEqual(TextMerge.mergeBytes(base: bytes(base), mine: bytes(mine), theirs: bytes(theirs)).conflictCount, 200)
        XCTAssertEqual(outcome.exitCode, 127)
    }

    func testBinaryFilesAreRefusedLikeGit() throws {
        let options = try XCTUnwrap(parsed(["m", "b", "t"]))
        let outcome = MergeFileTool.merge(mine: bytes("a\n"), base: [0x61, 0x00, 0x0A], theirs: bytes("a\n"), options: options)
        XCTAssertNil(outcome.output)
        XCTAssertEqual(outcome.exitCode, 255)
        XCTAssertEqual(outcome.errorMessage, "cannot merge binary file 'b'")
    }

    func testUnionKeepsBothSidesAndIsClean() throws {
        let options = try XCTUnwrap(parsed(["--union", "m", "b", "t"]))
        let outcome = MergeFileTool.merge(mine: bytes("x\nM\n"), base: bytes("x\nB\n"), theirs: bytes("x\nT\n"), options: options)
        XCTAssertEqual(outcome.output, bytes("x\nM\nT\n"))
        XCTAssertEqual(outcome.exitCode, 0)
    }
}
