import XCTest

@testable import TextMerge

/// The merge behind `recedit merge-file` (its command line is tested in CLITests, MergeFileCommandLineTests).
final class MergeFileToolTests: XCTestCase {
    func testExitCodeIsTheConflictCount() throws {
        var options = MergeFileOptions(paths: ["m", "b", "t"])
        options.labels = ["me", "was", "them"]
        let clean = MergeFileTool.merge(
            mine: bytes("A\nb\nc\n"), base: bytes("a\nb\nc\n"), theirs: bytes("a\nb\nC\n"),
            options: options)
        XCTAssertEqual(clean.output, bytes("A\nb\nC\n"))
        XCTAssertEqual(clean.exitCode, 0)
        XCTAssertNil(clean.errorMessage)
        var streamed: [UInt8] = []
        clean.writeOutput { streamed.append(contentsOf: $0) }
        XCTAssertEqual(streamed, bytes("A\nb\nC\n"))

        let twoConflicts = MergeFileTool.merge(
            mine: bytes("1\nb\nc\nd\ne\n3\n"), base: bytes("a\nb\nc\nd\ne\nf\n"),
            theirs: bytes("2\nb\nc\nd\ne\n4\n"), options: options)
        XCTAssertEqual(twoConflicts.exitCode, 2)
        XCTAssertEqual(
            twoConflicts.output.map { String(decoding: $0, as: UTF8.self) },
            "<<<<<<< me\n1\n=======\n2\n>>>>>>> them\nb\nc\nd\ne\n<<<<<<< me\n3\n=======\n4\n>>>>>>> them\n")
    }

    func testExitCodeIsCappedAt127() throws {
        let options = MergeFileOptions(paths: ["m", "b", "t"])
        // 200 conflicts, each line apart from the next by five unchanged lines with letters.
        var base = "", mine = "", theirs = ""
        for index in 0..<200 {
            base += "x\(index)\n"
            mine += "mine \(index)\n"
            theirs += "theirs \(index)\n"
            for filler in 0..<5 {
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
        let options = MergeFileOptions(paths: ["m", "b", "t"])
        let outcome = MergeFileTool.merge(mine: bytes("a\n"), base: [0x61, 0x00, 0x0A], theirs: bytes("a\n"), options: options)
        XCTAssertNil(outcome.output)
        XCTAssertEqual(outcome.exitCode, 255)
        XCTAssertEqual(outcome.errorMessage, "cannot merge binary file 'b'")
    }

    func testUnionKeepsBothSidesAndIsClean() throws {
        var options = MergeFileOptions(paths: ["m", "b", "t"])
        options.resolution = .takeBoth
        let outcome = MergeFileTool.merge(mine: bytes("x\nM\n"), base: bytes("x\nB\n"), theirs: bytes("x\nT\n"), options: options)
        XCTAssertEqual(outcome.output, bytes("x\nM\nT\n"))
        XCTAssertEqual(outcome.exitCode, 0)
    }
}
