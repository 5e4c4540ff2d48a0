import XCTest

@testable import TextMerge

/// One small case per kind of merge situation. Expected outputs are what `git merge-file -p -L mine -L base -L theirs`
/// (git 2.39) prints for the same three files.
final class MergeCaseTests: XCTestCase {
    func testEditsInDifferentParagraphsBothSurvive() {
        let base = "Paragraph one.\n\nParagraph two.\n\nParagraph three.\n"
        let alice = "Paragraph one, edited by alice.\n\nParagraph two.\n\nParagraph three.\n"
        let bob = "Paragraph one.\n\nParagraph two.\n\nParagraph three, edited by bob.\n"
        let merged = mergeFile(base, alice, bob)
        XCTAssertEqual(merged.conflicts, 0)
        XCTAssertEqual(merged.text, "Paragraph one, edited by alice.\n\nParagraph two.\n\nParagraph three, edited by bob.\n")
    }

    func testAppendClashIsAConflict() {
        let merged = mergeFile("a\nb\n", "a\nb\nc\n", "a\nb\nd\n")
        XCTAssertEqual(merged.conflicts, 1)
        XCTAssertEqual(merged.text, "a\nb\n<<<<<<< mine\nc\n=======\nd\n>>>>>>> theirs\n")
    }

    func testSameInsertionOnBothSidesAgrees() {
        let merged = mergeFile("a\nb\nc\nd\ne\n", "a\nnew\nb\nc\nd\ne\n", "a\nnew\nb\nc\nd\nE\n")
        XCTAssertEqual(merged.conflicts, 0)
        XCTAssertEqual(merged.text, "a\nnew\nb\nc\nd\nE\n")
    }

    func testIdenticalEditsAreNotAConflict() {
        let merged = mergeFile("a\nb\nc\n", "a\nB\nc\n", "a\nB\nc\n")
        XCTAssertEqual(merged.conflicts, 0)
        XCTAssertEqual(merged.text, "a\nB\nc\n")
    }

    func testEditsToAdjacentLinesConflictLikeGit() {
        let merged = mergeFile("a\nb\nc\nd\n", "a\nB\nc\nd\n", "a\nb\nC\nd\n")
        XCTAssertEqual(merged.conflicts, 1)
        XCTAssertEqual(merged.text, "a\n<<<<<<< mine\nB\nc\n=======\nb\nC\n>>>>>>> theirs\nd\n")
    }

    func testEditsOneUnchangedLineApartMergeCleanly() {
        let merged = mergeFile("a\nb\nc\nd\ne\n", "a\nB\nc\nd\ne\n", "a\nb\nc\nD\ne\n")
        XCTAssertEqual(merged.conflicts, 0)
        XCTAssertEqual(merged.text, "a\nB\nc\nD\ne\n")
    }

    func testBothDeletingTheSameLinesAgree() {
        let merged = mergeFile("a\nb\nc\nd\n", "a\nc\nd\n", "a\nc\nd\n")
        XCTAssertEqual(merged.conflicts, 0)
        XCTAssertEqual(merged.text, "a\nc\nd\n")
    }

    func testDeleteAgainstEditIsAConflictWithAnEmptySide() {
        let merged = mergeFile("a\nb\nc\n", "a\nc\n", "a\nB\nc\n")
        XCTAssertEqual(merged.conflicts, 1)
        XCTAssertEqual(merged.text, "a\n<<<<<<< mine\n=======\nB\n>>>>>>> theirs\nc\n")
    }

    func testConflictAtTheStart() {
        let merged = mergeFile("a\nb\nc\n", "A1\nb\nc\n", "A2\nb\nc\n")
        XCTAssertEqual(merged.conflicts, 1)
        XCTAssertEqual(merged.text, "<<<<<<< mine\nA1\n=======\nA2\n>>>>>>> theirs\nb\nc\n")
    }

    func testConflictAtTheEnd() {
        let merged = mergeFile("a\nb\nc\n", "a\nb\nC1\n", "a\nb\nC2\n")
        XCTAssertEqual(merged.conflicts, 1)
        XCTAssertEqual(merged.text, "a\nb\n<<<<<<< mine\nC1\n=======\nC2\n>>>>>>> theirs\n")
    }

    func testMissingFinalNewlineIsKeptInACleanMerge() {
        XCTAssertEqual(mergeFile("a\nb\nc", "A\nb\nc", "a\nb\nC").text, "A\nb\nC")
        XCTAssertEqual(mergeFile("a\nb\nc", "A\nb\nc", "a\nb\nc\n").text, "A\nb\nc\n")
    }

    func testMissingFinalNewlineIsAddedInsideAConflict() {
        let merged = mergeFile("a\nb", "a\nB", "a\nC")
        XCTAssertEqual(merged.conflicts, 1)
        XCTAssertEqual(merged.text, "a\n<<<<<<< mine\nB\n=======\nC\n>>>>>>> theirs\n")
    }

    func testCRLFFilesGetCRLFMarkers() {
        let merged = mergeFile("a\r\nb\r\nc\r\n", "a\r\nB\r\nc\r\n", "a\r\nX\r\nc")
        XCTAssertEqual(merged.conflicts, 1)
        XCTAssertEqual(
            merged.text,
            "a\r\n<<<<<<< mine\r\nB\r\nc\r\n=======\r\nX\r\nc\r\n>>>>>>> theirs\r\n")
    }

    func testCJKLinesMerge() {
        let merged = mergeFile("一\n二\n三\n四\n", "壹\n二\n三\n四\n", "一\n二\n三\n肆\n")
        XCTAssertEqual(merged.conflicts, 0)
        XCTAssertEqual(merged.text, "壹\n二\n三\n肆\n")
    }

    func testInvalidUTF8PassesThroughUnchanged() {
        let base: [UInt8] = [0xFF, 0x0A, 0x61, 0x0A, 0x62, 0x0A, 0x63, 0x0A]
        let mine: [UInt8] = [0xFF, 0xFE, 0x0A, 0x61, 0x0A, 0x62, 0x0A, 0x63, 0x0A]
        let theirs: [UInt8] = [0xFF, 0x0A, 0x61, 0x0A, 0x62, 0x0A, 0xC3, 0x28, 0x0A]
        let result = TextMerge.mergeBytes(base: base, mine: mine, theirs: theirs)
        XCTAssertTrue(result.isClean)
        XCTAssertEqual(result.mergedBytes, [0xFF, 0xFE, 0x0A, 0x61, 0x0A, 0x62, 0x0A, 0xC3, 0x28, 0x0A])

        let conflicting = TextMerge.mergeBytes(base: base, mine: mine, theirs: [0x80, 0x0A, 0x61, 0x0A, 0x62, 0x0A, 0x63, 0x0A])
        XCTAssertEqual(conflicting.conflictCount, 1)
        XCTAssertEqual(
            conflicting.rendered(labels: MergeLabels(mine: "m", theirs: "t")),
            bytes("<<<<<<< m\n") + [0xFF, 0xFE, 0x0A] + bytes("=======\n") + [0x80, 0x0A] + bytes(">>>>>>> t\na\nb\nc\n"))
    }

    func testEmptyFiles() {
        XCTAssertEqual(mergeFile("", "", "").text, "")
        XCTAssertEqual(mergeFile("", "a\n", "").text, "a\n")
        XCTAssertEqual(mergeFile("", "a\n", "a\n").text, "a\n")
        XCTAssertEqual(mergeFile("a\n", "", "a\n").text, "")
        let clash = mergeFile("", "a\n", "b\n")
        XCTAssertEqual(clash.conflicts, 1)
        XCTAssertEqual(clash.text, "<<<<<<< mine\na\n=======\nb\n>>>>>>> theirs\n")
    }

    func testConflictIsNarrowedToTheLinesThatDiffer() {
        let merged = mergeFile("h\nold\nt\n", "h\nx1\ns1\ns2\ns3\ns4\nx2\nt\n", "h\ny1\ns1\ns2\ns3\ns4\ny2\nt\n")
        XCTAssertEqual(merged.conflicts, 2)
        XCTAssertEqual(
            merged.text,
            "h\n<<<<<<< mine\nx1\n=======\ny1\n>>>>>>> theirs\ns1\ns2\ns3\ns4\n"
                + "<<<<<<< mine\nx2\n=======\ny2\n>>>>>>> theirs\nt\n")
    }

    func testConflictsThreeLinesApartAreJoined() {
        let merged = mergeFile("h\nold\nt\n", "h\nx1\ns1\ns2\ns3\nx2\nt\n", "h\ny1\ns1\ns2\ns3\ny2\nt\n")
        XCTAssertEqual(merged.conflicts, 1)
        XCTAssertEqual(merged.text, "h\n<<<<<<< mine\nx1\ns1\ns2\ns3\nx2\n=======\ny1\ns1\ns2\ns3\ny2\n>>>>>>> theirs\nt\n")
    }

    func testConflictsSeparatedOnlyByPunctuationAreJoined() {
        let merged = mergeFile("h\nold\nt\n", "h\nx1\n}\n}\n}\n}\n}\nx2\nt\n", "h\ny1\n}\n}\n}\n}\n}\ny2\nt\n")
        XCTAssertEqual(merged.conflicts, 1)
        XCTAssertEqual(
            merged.text,
            "h\n<<<<<<< mine\nx1\n}\n}\n}\n}\n}\nx2\n=======\ny1\n}\n}\n}\n}\n}\ny2\n>>>>>>> theirs\nt\n")
    }

    func testDiff3ShowsTheBaseAndDoesNotNarrow() {
        let merged = mergeFile("h\nold\nt\n", "h\nx1\ns1\ns2\ns3\ns4\nx2\nt\n", "h\ny1\ns1\ns2\ns3\ns4\ny2\nt\n", style: .diff3)
        XCTAssertEqual(merged.conflicts, 1)
        XCTAssertEqual(
            merged.text,
            "h\n<<<<<<< mine\nx1\ns1\ns2\ns3\ns4\nx2\n||||||| base\nold\n"
                + "=======\ny1\ns1\ns2\ns3\ns4\ny2\n>>>>>>> theirs\nt\n")
    }

    func testZealousDiff3MovesAgreeingEdgesOut() {
        let merged = mergeFile("h\nold\nt\n", "h\ns1\nx\ns2\nt\n", "h\ns1\ny\ns2\nt\n", style: .zealousDiff3)
        XCTAssertEqual(merged.conflicts, 1)
        XCTAssertEqual(merged.text, "h\ns1\n<<<<<<< mine\nx\n||||||| base\nold\n=======\ny\n>>>>>>> theirs\ns2\nt\n")
    }

    func testFavouringASideSettlesConflicts() {
        XCTAssertEqual(mergeFile("a\nb", "a\nB", "a\nC", resolution: .takeMine).text, "a\nB")
        XCTAssertEqual(mergeFile("a\nb", "a\nB", "a\nC", resolution: .takeTheirs).text, "a\nC")
        let union = mergeFile("a\nb", "a\nB", "a\nC", resolution: .takeBoth)
        XCTAssertEqual(union.conflicts, 0)
        XCTAssertEqual(union.text, "a\nB\nC")
    }

    func testMarkerSizeAndBareMarkers() {
        let result = TextMerge.mergeBytes(base: bytes("a\n"), mine: bytes("b\n"), theirs: bytes("c\n"))
        XCTAssertEqual(String(decoding: result.rendered(markerSize: 3), as: UTF8.self), "<<<\nb\n===\nc\n>>>\n")
        XCTAssertEqual(
            String(decoding: result.rendered(labels: MergeLabels(mine: "", theirs: "x y")), as: UTF8.self),
            "<<<<<<< \nb\n=======\nc\n>>>>>>> x y\n")
    }

    // MARK: - String API

    func testStringAPICleanMergeIsOneResolvedChunk() {
        let result = TextMerge.merge(base: "a\nb\nc\nd\ne\n", mine: "A\nb\nc\nd\ne\n", theirs: "a\nb\nc\nd\nE\n")
        XCTAssertEqual(result.chunks, [.resolved("A\nb\nc\nd\nE\n")])
        XCTAssertTrue(result.isClean)
        XCTAssertEqual(result.mergedText, "A\nb\nc\nd\nE\n")
    }

    func testStringAPIConflictChunksCarryBaseMineAndTheirs() {
        let result = TextMerge.merge(base: "a\nb\nc\n", mine: "a\nB\nc\n", theirs: "a\nX\nc\n")
        XCTAssertEqual(result.chunks, [.resolved("a\n"), .conflict(base: "b\n", mine: "B\n", theirs: "X\n"), .resolved("c\n")])
        XCTAssertEqual(result.conflictCount, 1)
        XCTAssertNil(result.mergedText)
        XCTAssertEqual(result.text(), "a\n<<<<<<< mine\nB\n=======\nX\n>>>>>>> theirs\nc\n")
        XCTAssertEqual(
            result.text(mineLabel: "me", theirsLabel: "them", baseLabel: "was"),
            "a\n<<<<<<< me\nB\n||||||| was\nb\n=======\nX\n>>>>>>> them\nc\n")
    }

    func testStringAPINarrowedConflictsGetTheBaseLinesTheyReplace() {
        let base = "intro\nold 1\nkeep 1\nkeep 2\nkeep 3\nkeep 4\nold 2\noutro\n"
        let mine = "intro\nmine 1\nkeep 1\nkeep 2\nkeep 3\nkeep 4\nmine 2\noutro\n"
        let theirs = "intro\ntheirs 1\nkeep 1\nkeep 2\nkeep 3\nkeep 4\ntheirs 2\noutro\n"
        let result = TextMerge.merge(base: base, mine: mine, theirs: theirs)
        XCTAssertEqual(
            result.chunks,
            [
                .resolved("intro\n"),
                .conflict(base: "old 1\n", mine: "mine 1\n", theirs: "theirs 1\n"),
                .resolved("keep 1\nkeep 2\nkeep 3\nkeep 4\n"),
                .conflict(base: "old 2\n", mine: "mine 2\n", theirs: "theirs 2\n"),
                .resolved("outro\n"),
            ])
    }

    func testStringAPIConflictInsideRewrittenBlockKeepsWholeBlockAsBase() {
        // Both sides rewrite the same two lines; refining narrows the conflict to its first line,
        // whose base is the whole rewritten block (the sides' diffs cannot tell which base line it replaced).
        let result = TextMerge.merge(base: "a\nb1\nb2\nc\n", mine: "a\nM\nsame\nc\n", theirs: "a\nT\nsame\nc\n")
        XCTAssertEqual(
            result.chunks,
            [
                .resolved("a\n"),
                .conflict(base: "b1\nb2\n", mine: "M\n", theirs: "T\n"),
                .resolved("same\nc\n"),
            ])
    }

    func testStringAPITextUsesCRLFMarkersForCRLFText() {
        let result = TextMerge.merge(base: "a\r\nb\r\n", mine: "a\r\nB\r\n", theirs: "a\r\nX")
        XCTAssertEqual(result.text(), "a\r\n<<<<<<< mine\r\nB\r\n=======\r\nX\r\n>>>>>>> theirs\r\n")
    }

    func testStringAPIKeepsCJKAndCRLFIntact() {
        let result = TextMerge.merge(
            base: "日本\r\n中\r\n語\r\n", mine: "日本\r\n中\r\n語です\r\n",
            theirs: "にほん\r\n中\r\n語\r\n")
        XCTAssertEqual(result.mergedText, "にほん\r\n中\r\n語です\r\n")
    }
}
