import XCTest

@testable import TextMerge

/// Laws every three-way merge must obey, checked on generated inputs.
final class MergePropertyTests: XCTestCase {
    private let caseCount = 1500

    func testTakingOnlyOneSidesChangesGivesThatSide() {
        var generator = TripleGenerator(random: SeededGenerator(seed: 11))
        for _ in 0..<caseCount {
            let (base, changed, _) = generator.triple()
            let onlyMine = TextMerge.mergeBytes(base: base, mine: changed, theirs: base)
            XCTAssertEqual(onlyMine.mergedBytes, changed, "merge(base, X, base) must be X")
            let onlyTheirs = TextMerge.mergeBytes(base: base, mine: base, theirs: changed)
            XCTAssertEqual(onlyTheirs.mergedBytes, changed, "merge(base, base, X) must be X")
        }
    }

    func testTheSameChangeOnBothSidesGivesThatChange() {
        var generator = TripleGenerator(random: SeededGenerator(seed: 12))
        for _ in 0..<caseCount {
            let (base, changed, _) = generator.triple()
            let result = TextMerge.mergeBytes(base: base, mine: changed, theirs: changed)
            XCTAssertEqual(result.mergedBytes, changed, "merge(base, X, X) must be X")
        }
    }

    func testCleanMergeKeepsEveryLineEitherSideAdded() {
        var generator = TripleGenerator(random: SeededGenerator(seed: 13))
        var cleanCount = 0
        for _ in 0..<caseCount {
            let (base, mine, theirs) = generator.triple()
            let result = TextMerge.mergeBytes(base: base, mine: mine, theirs: theirs)
            guard let merged = result.mergedBytes else { continue }
            cleanCount += 1
            for hunk in result.mineHunks where hunk.newCount > 0 {
                let added = Array(result.mine.bytes(ofLines: hunk.newStart..<hunk.newEnd))
                XCTAssertTrue(merged.contains(subsequence: added), "a line mine added went missing")
            }
            for hunk in result.theirsHunks where hunk.newCount > 0 {
                let added = Array(result.theirs.bytes(ofLines: hunk.newStart..<hunk.newEnd))
                XCTAssertTrue(merged.contains(subsequence: added), "a line theirs added went missing")
            }
            // Nothing is invented: every merged line comes from one of the inputs.
            let known = Set(splitLines(base) + splitLines(mine) + splitLines(theirs))
            for line in splitLines(merged) {
                XCTAssertTrue(known.contains(line), "merged line \(line) is in no input")
            }
        }
        XCTAssertGreaterThan(cleanCount, caseCount / 4)
    }

    func testConflictedOutputHoldsBothSidesOfEveryConflict() {
        var generator = TripleGenerator(random: SeededGenerator(seed: 14))
        for _ in 0..<caseCount {
            let (base, mine, theirs) = generator.triple()
            let result = TextMerge.mergeBytes(base: base, mine: mine, theirs: theirs)
            let hunks = result.hunks
            XCTAssertEqual(
                hunks.filter { if case .conflict = $0 { return true } else { return false } }.count,
                result.conflictCount)
            // Resolved stretches never touch each other.
            for (left, right) in zip(hunks, hunks.dropFirst()) {
                if case .resolved = left, case .resolved = right { XCTFail("adjacent resolved hunks") }
            }
            // A clean merge is exactly its one resolved hunk.
            if result.isClean {
                XCTAssertEqual(
                    hunks.flatMap { hunk -> [UInt8] in
                        if case .resolved(let bytes) = hunk { return bytes } else { return [] }
                    }, result.mergedBytes)
            }
        }
    }

    func testStringMergeRoundTripsText() {
        var generator = TripleGenerator(random: SeededGenerator(seed: 15))
        for _ in 0..<500 {
            let (baseBytes, changedBytes, _) = generator.triple()
            let base = String(decoding: baseBytes, as: UTF8.self)
            let changed = String(decoding: changedBytes, as: UTF8.self)
            XCTAssertEqual(TextMerge.merge(base: base, mine: changed, theirs: base).mergedText, changed)
            XCTAssertEqual(TextMerge.merge(base: base, mine: base, theirs: changed).mergedText, changed)
            XCTAssertEqual(TextMerge.merge(base: base, mine: changed, theirs: changed).mergedText, changed)
        }
    }

    func testChoosingASideInEveryConflictRebuildsAFullText() {
        var generator = TripleGenerator(random: SeededGenerator(seed: 16))
        for _ in 0..<500 {
            let (base, mine, theirs) = generator.triple()
            let viaHunks = TextMerge.mergeBytes(base: base, mine: mine, theirs: theirs).hunks.flatMap { hunk -> [UInt8] in
                switch hunk {
                case .resolved(let bytes): return bytes
                case .conflict(_, let mineSide, _): return mineSide
                }
            }
            let favouringMine = TextMerge.mergeBytes(
                base: base, mine: mine, theirs: theirs,
                options: MergeOptions(resolution: .takeMine))
            XCTAssertEqual(viaHunks, favouringMine.mergedBytes)
        }
    }
}
