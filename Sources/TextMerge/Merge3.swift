/// How a merge shows conflicts: plain (mine / theirs), diff3 (with the base between them), or
/// zealous diff3 (diff3 with the lines both sides agree on moved out of the conflict's edges).
public enum ConflictStyle: Sendable, Equatable {
    case merge
    case diff3
    case zealousDiff3
}

/// What to do with conflicts: keep them, or settle them for one side or both (mine first).
public enum ConflictResolution: Sendable, Equatable {
    case keepConflicts
    case takeMine
    case takeTheirs
    case takeBoth
}

/// A stretch of the merge where at least one side changed the base.
/// Positions are line numbers: base in `baseStart`, mine in `mineStart`, theirs in `theirsStart`.
struct MergeRegion: Equatable, Sendable {
    enum Outcome: UInt8, Sendable {
        case conflict = 0
        case mine = 1
        case theirs = 2
        case both = 3
        /// Refining showed both sides made the same change: the lines are copied from mine.
        case identical = 4

        var takesMine: Bool { rawValue & 1 != 0 }
        var takesTheirs: Bool { rawValue & 2 != 0 }
    }

    var outcome: Outcome
    var baseStart: Int
    var baseCount: Int
    var mineStart: Int
    var mineCount: Int
    var theirsStart: Int
    var theirsCount: Int
    /// False once refining cut the conflict so that base lines no longer line up exactly.
    var baseIsExact = true

    var mineEnd: Int { mineStart + mineCount }
    var theirsEnd: Int { theirsStart + theirsCount }
}

/// The diff3 step: walks the base→mine and base→theirs hunks together and classifies every
/// stretch where one side (or both) changed the base. It makes the choices `git merge-file` makes:
/// - changes that overlap or merely touch (no unchanged base line between them) form one region,
///   a conflict unless both sides made the very same change;
/// - in the plain style, a conflict is narrowed to the lines where mine and theirs really differ
///   (diffing mine against theirs inside it), and conflicts left with at most three lines, or only
///   lines without letters or digits, between them are joined into one.
struct ThreeWayMerge {
    let mineHunks: [DiffHunk]
    let theirsHunks: [DiffHunk]
    let baseLineCount: Int
    let mineLineCount: Int
    let theirsLineCount: Int
    let mineIDs: [Int32]
    let theirsIDs: [Int32]
    let classCount: Int
    let mine: LineIndex

    func regions(style: ConflictStyle, resolution: ConflictResolution) -> [MergeRegion] {
        var regions = collectRegions()
        switch style {
        case .merge:
            refineConflicts(&regions)
            joinCloseConflicts(&regions)
        case .zealousDiff3:
            trimAgreeingEdges(&regions)
        case .diff3:
            break
        }
        let settled: MergeRegion.Outcome?
        switch resolution {
        case .keepConflicts: settled = nil
        case .takeMine: settled = .mine
        case .takeTheirs: settled = .theirs
        case .takeBoth: settled = .both
        }
        if let settled {
            for index in regions.indices where regions[index].outcome == .conflict {
                regions[index].outcome = settled
            }
        }
        return regions
    }

    private func collectRegions() -> [MergeRegion] {
        var regions: [MergeRegion] = []

        func append(_ outcome: MergeRegion.Outcome, base: (Int, Int), mine: (Int, Int), theirs: (Int, Int)) {
            if let last = regions.last,
                mine.0 <= last.mineStart + last.mineCount || theirs.0 <= last.theirsStart + last.theirsCount
            {
                var joined = last
                if outcome != last.outcome { joined.outcome = .conflict }
                joined.baseCount = base.0 + base.1 - last.baseStart
                joined.mineCount = mine.0 + mine.1 - last.mineStart
                joined.theirsCount = theirs.0 + theirs.1 - last.theirsStart
                regions[regions.count - 1] = joined
            } else {
                regions.append(
                    MergeRegion(
                        outcome: outcome, baseStart: base.0, baseCount: base.1,
                        mineStart: mine.0, mineCount: mine.1,
                        theirsStart: theirs.0, theirsCount: theirs.1))
            }
        }

        var m = 0, t = 0
        while m < mineHunks.count && t < theirsHunks.count {
            let x = mineHunks[m], y = theirsHunks[t]
            if x.oldEnd < y.oldStart {
                append(
                    .mine, base: (x.oldStart, x.oldCount), mine: (x.newStart, x.newCount),
                    theirs: (y.newStart - y.oldStart + x.oldStart, x.oldCount))
                m += 1
                continue
            }
            if y.oldEnd < x.oldStart {
                append(
                    .theirs, base: (y.oldStart, y.oldCount), mine: (x.newStart - x.oldStart + y.oldStart, y.oldCount),
                    theirs: (y.newStart, y.newCount))
                t += 1
                continue
            }
            if x.oldStart != y.oldStart || x.oldCount != y.oldCount || x.newCount != y.newCount
                || !sameLines(mineFrom: x.newStart, theirsFrom: y.newStart, count: x.newCount)
            {
                // Widen both hunks to the union of their base ranges.
                let headDifference = x.oldStart - y.oldStart
                let tailDifference = headDifference + x.oldCount - y.oldCount
                var baseStart = x.oldStart, mineStart = x.newStart, theirsStart = y.newStart
                if headDifference > 0 {
                    baseStart -= headDifference
                    mineStart -= headDifference
                } else {
                    theirsStart += headDifference
                }
                var baseCount = x.oldEnd - baseStart
                var mineCount = x.newEnd - mineStart
                var theirsCount = y.newEnd - theirsStart
                if tailDifference < 0 {
                    baseCount -= tailDifference
                    mineCount -= tailDifference
                } else {
                    theirsCount += tailDifference
                }
                append(
                    .conflict, base: (baseStart, baseCount), mine: (mineStart, mineCount),
                    theirs: (theirsStart, theirsCount))
            }
            let mineBaseEnd = x.oldEnd, theirsBaseEnd = y.oldEnd
            if mineBaseEnd >= theirsBaseEnd { t += 1 }
            if theirsBaseEnd >= mineBaseEnd { m += 1 }
        }
        while m < mineHunks.count {
            let x = mineHunks[m]
            append(
                .mine, base: (x.oldStart, x.oldCount), mine: (x.newStart, x.newCount),
                theirs: (x.oldStart + theirsLineCount - baseLineCount, x.oldCount))
            m += 1
        }
        while t < theirsHunks.count {
            let y = theirsHunks[t]
            append(
                .theirs, base: (y.oldStart, y.oldCount), mine: (y.oldStart + mineLineCount - baseLineCount, y.oldCount),
                theirs: (y.newStart, y.newCount))
            t += 1
        }
        return regions
    }

    private func sameLines(mineFrom: Int, theirsFrom: Int, count: Int) -> Bool {
        for offset in 0..<count where mineIDs[mineFrom + offset] != theirsIDs[theirsFrom + offset] {
            return false
        }
        return true
    }

    /// Diffs mine against theirs inside every conflict and keeps only the differing stretches as conflicts.
    private func refineConflicts(_ regions: inout [MergeRegion]) {
        guard regions.contains(where: { $0.outcome == .conflict && $0.mineCount > 0 && $0.theirsCount > 0 }) else {
            return
        }
        var occurrencesInMine = [Int32](repeating: 0, count: classCount)
        var occurrencesInTheirs = [Int32](repeating: 0, count: classCount)
        var refined: [MergeRegion] = []
        refined.reserveCapacity(regions.count)
        for region in regions {
            guard region.outcome == .conflict, region.mineCount > 0, region.theirsCount > 0 else {
                refined.append(region)
                continue
            }
            let hunks = mineIDs.withUnsafeBufferPointer { mineIDs in
                theirsIDs.withUnsafeBufferPointer { theirsIDs in
                    let mineSlice = UnsafeBufferPointer(rebasing: mineIDs[region.mineStart..<region.mineEnd])
                    let theirsSlice = UnsafeBufferPointer(rebasing: theirsIDs[region.theirsStart..<region.theirsEnd])
                    for id in mineSlice { occurrencesInMine[Int(id)] += 1 }
                    for id in theirsSlice { occurrencesInTheirs[Int(id)] += 1 }
                    defer {
                        for id in mineSlice { occurrencesInMine[Int(id)] = 0 }
                        for id in theirsSlice { occurrencesInTheirs[Int(id)] = 0 }
                    }
                    return occurrencesInMine.withUnsafeBufferPointer { inMine in
                        occurrencesInTheirs.withUnsafeBufferPointer { inTheirs in
                            LineDiff.diff(
                                old: mineSlice, new: theirsSlice,
                                occurrencesInOld: inMine.baseAddress!, occurrencesInNew: inTheirs.baseAddress!)
                        }
                    }
                }
            }
            if hunks.isEmpty {
                var same = region
                same.outcome = .identical
                refined.append(same)
                continue
            }
            for hunk in hunks {
                var piece = region
                piece.mineStart = region.mineStart + hunk.oldStart
                piece.mineCount = hunk.oldCount
                piece.theirsStart = region.theirsStart + hunk.newStart
                piece.theirsCount = hunk.newCount
                piece.baseIsExact = false
                refined.append(piece)
            }
        }
        regions = refined
    }

    /// Joins conflicts separated by at most three lines, or by lines holding no ASCII letter or digit:
    /// one conflict reads more easily than two with a sliver of text between them.
    private func joinCloseConflicts(_ regions: inout [MergeRegion]) {
        guard regions.count > 1 else { return }
        var joined: [MergeRegion] = []
        joined.reserveCapacity(regions.count)
        var current = regions[0]
        for next in regions.dropFirst() {
            let gapStart = current.mineEnd, gapEnd = next.mineStart
            if current.outcome == .conflict && next.outcome == .conflict
                && (gapEnd - gapStart <= 3 || !linesContainAlphanumeric(gapStart..<gapEnd))
            {
                current.mineCount = next.mineEnd - current.mineStart
                current.theirsCount = next.theirsEnd - current.theirsStart
                current.baseIsExact = false
            } else {
                joined.append(current)
                current = next
            }
        }
        joined.append(current)
        regions = joined
    }

    private func linesContainAlphanumeric(_ lines: Range<Int>) -> Bool {
        guard !lines.isEmpty else { return false }
        for byte in mine.bytes(ofLines: lines) {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "a")...UInt8(ascii: "z"):
                return true
            default:
                continue
            }
        }
        return false
    }

    /// zdiff3: lines both sides agree on at the start or end of a conflict leave the conflict.
    private func trimAgreeingEdges(_ regions: inout [MergeRegion]) {
        for index in regions.indices where regions[index].outcome == .conflict {
            var region = regions[index]
            while region.mineCount > 0 && region.theirsCount > 0
                && mineIDs[region.mineStart] == theirsIDs[region.theirsStart]
            {
                region.mineStart += 1
                region.mineCount -= 1
                region.theirsStart += 1
                region.theirsCount -= 1
            }
            while region.mineCount > 0 && region.theirsCount > 0
                && mineIDs[region.mineEnd - 1] == theirsIDs[region.theirsEnd - 1]
            {
                region.mineCount -= 1
                region.theirsCount -= 1
            }
            regions[index] = region
        }
    }
}
