/// One change between two line sequences: `oldCount` lines at `oldStart` became `newCount` lines at `newStart`.
struct DiffHunk: Equatable, Sendable {
    var oldStart: Int
    var oldCount: Int
    var newStart: Int
    var newCount: Int

    var oldEnd: Int { oldStart + oldCount }
    var newEnd: Int { newStart + newCount }
}

/// Line diff over class ids. It follows the steps of git's xdiff (the default Myers algorithm)
/// so that merges built on it make the same choices as `git merge-file`:
/// 1. trim the common head and tail;
/// 2. mark lines that have no counterpart on the other side as changed up front, and also lines
///    that repeat a lot when they sit among such lines (keeps the search small);
/// 3. Myers' O(ND) middle-snake search on what is left, with xdiff's cost cut-offs;
/// 4. slide each block of changes down as far as it goes, or back up to line up with a change
///    on the other side;
/// 5. read the hunks off the change marks.
enum LineDiff {
    /// - Parameters:
    ///   - old, new: class ids of the two sequences.
    ///   - occurrencesInOld, occurrencesInNew: for each class id, how many lines of that sequence have it.
    static func diff(
        old: UnsafeBufferPointer<Int32>, new: UnsafeBufferPointer<Int32>,
        occurrencesInOld: UnsafePointer<Int32>, occurrencesInNew: UnsafePointer<Int32>
    ) -> [DiffHunk] {
        let oldCount = old.count, newCount = new.count
        let oldChanged = ChangeMarks(count: oldCount)
        let newChanged = ChangeMarks(count: newCount)
        defer { oldChanged.deallocate(); newChanged.deallocate() }

        var prefix = 0
        let shorter = min(oldCount, newCount)
        while prefix < shorter && old[prefix] == new[prefix] { prefix += 1 }
        var suffix = 0
        while suffix < shorter - prefix && old[oldCount - 1 - suffix] == new[newCount - 1 - suffix] { suffix += 1 }

        let oldKept = keptLines(
            of: old, range: prefix..<oldCount - suffix, occurrencesOnOtherSide: occurrencesInNew,
            changed: oldChanged)
        let newKept = keptLines(
            of: new, range: prefix..<newCount - suffix, occurrencesOnOtherSide: occurrencesInOld,
            changed: newChanged)

        if !oldKept.ids.isEmpty || !newKept.ids.isEmpty {
            oldKept.ids.withUnsafeBufferPointer { oldIDs in
                newKept.ids.withUnsafeBufferPointer { newIDs in
                    let search = MyersSearch(old: oldIDs, new: newIDs)
                    search.run { line in
                        oldChanged[Int(oldKept.lines[line])] = true
                    } markNew: { line in
                        newChanged[Int(newKept.lines[line])] = true
                    }
                    search.deallocate()
                }
            }
        }

        compact(oldChanged, ids: old, other: newChanged, otherCount: newCount)
        compact(newChanged, ids: new, other: oldChanged, otherCount: oldCount)
        return hunks(oldChanged: oldChanged, oldCount: oldCount, newChanged: newChanged, newCount: newCount)
    }

    /// The lines of `range` that take part in the search; the others are marked changed right away.
    private static func keptLines(
        of ids: UnsafeBufferPointer<Int32>, range: Range<Int>,
        occurrencesOnOtherSide: UnsafePointer<Int32>,
        changed: ChangeMarks
    ) -> (ids: [Int32], lines: [Int32]) {
        guard !range.isEmpty else { return ([], []) }
        let limit = min(approximateSquareRoot(ids.count), 1024)
        // 0: no match on the other side, 1: some, 2: many (keep only when not among unmatched lines)
        var matchKind = [UInt8](repeating: 0, count: range.count)
        for line in range {
            let matches = Int(occurrencesOnOtherSide[Int(ids[line])])
            matchKind[line - range.lowerBound] = matches == 0 ? 0 : (matches >= limit ? 2 : 1)
        }
        var keptIDs: [Int32] = []
        var keptLines: [Int32] = []
        keptIDs.reserveCapacity(range.count)
        keptLines.reserveCapacity(range.count)
        matchKind.withUnsafeBufferPointer { kinds in
            for offset in 0..<range.count {
                let kind = kinds[offset]
                if kind == 1 || (kind == 2 && !isAmongUnmatched(kinds, offset)) {
                    keptIDs.append(ids[range.lowerBound + offset])
                    keptLines.append(Int32(range.lowerBound + offset))
                } else {
                    changed[range.lowerBound + offset] = true
                }
            }
        }
        return (keptIDs, keptLines)
    }

    /// Whether the often-repeated line at `index` sits in a run made mostly of unmatched lines,
    /// looking at most 100 lines each way.
    private static func isAmongUnmatched(_ kinds: UnsafeBufferPointer<UInt8>, _ index: Int) -> Bool {
        let window = 100
        let first = max(0, index - window)
        let last = min(kinds.count - 1, index + window)

        var unmatchedBefore = 0, repeatedBefore = 1
        var probe = index - 1
        while probe >= first {
            let kind = kinds[probe]
            if kind == 0 { unmatchedBefore += 1 } else if kind == 2 { repeatedBefore += 1 } else { break }
            probe -= 1
        }
        if unmatchedBefore == 0 { return false }

        var unmatchedAfter = 0, repeatedAfter = 1
        probe = index + 1
        while probe <= last {
            let kind = kinds[probe]
            if kind == 0 { unmatchedAfter += 1 } else if kind == 2 { repeatedAfter += 1 } else { break }
            probe += 1
        }
        if unmatchedAfter == 0 { return false }

        let unmatched = unmatchedBefore + unmatchedAfter
        let repeated = repeatedBefore + repeatedAfter
        return repeated * 4 < repeated + unmatched
    }

    static func approximateSquareRoot(_ n: Int) -> Int {
        var root = 1
        var rest = n
        while rest > 0 {
            root <<= 1
            rest >>= 2
        }
        return root
    }

    // MARK: - Sliding blocks of changes

    /// A block of consecutive changed lines; `start == end` is the empty block above line `start`.
    private struct Block {
        var start = 0
        var end = 0
    }

    /// Slides every block of changes in `marks` as far down as it goes, unless it can line up with a
    /// change in the other sequence, in which case it goes back to the lowest such position.
    /// Blocks that bump into each other merge. `other` is walked in step so its blocks stay aligned.
    private static func compact(
        _ marks: ChangeMarks, ids: UnsafeBufferPointer<Int32>,
        other: ChangeMarks, otherCount: Int
    ) {
        let count = ids.count
        var block = Block()
        while marks[block.end] { block.end += 1 }
        var otherBlock = Block()
        while other[otherBlock.end] { otherBlock.end += 1 }

        func slideDown(_ b: inout Block) -> Bool {
            guard b.end < count && ids[b.start] == ids[b.end] else { return false }
            marks[b.start] = false
            marks[b.end] = true
            b.start += 1
            b.end += 1
            while marks[b.end] { b.end += 1 }
            return true
        }
        func slideUp(_ b: inout Block) -> Bool {
            guard b.start > 0 && ids[b.start - 1] == ids[b.end - 1] else { return false }
            b.start -= 1
            b.end -= 1
            marks[b.start] = true
            marks[b.end] = false
            while marks[b.start - 1] { b.start -= 1 }
            return true
        }
        func next(_ b: inout Block, _ m: ChangeMarks, _ n: Int) -> Bool {
            if b.end == n { return false }
            b.start = b.end + 1
            b.end = b.start
            while m[b.end] { b.end += 1 }
            return true
        }
        func previous(_ b: inout Block, _ m: ChangeMarks) -> Bool {
            if b.start == 0 { return false }
            b.end = b.start - 1
            b.start = b.end
            while m[b.start - 1] { b.start -= 1 }
            return true
        }

        while true {
            if block.end != block.start {
                var size: Int
                var earliestEnd: Int
                var endMatchingOther: Int
                repeat {
                    size = block.end - block.start
                    endMatchingOther = -1
                    while slideUp(&block) { _ = previous(&otherBlock, other) }
                    earliestEnd = block.end
                    if otherBlock.end > otherBlock.start { endMatchingOther = block.end }
                    while slideDown(&block) {
                        _ = next(&otherBlock, other, otherCount)
                        if otherBlock.end > otherBlock.start { endMatchingOther = block.end }
                    }
                } while size != block.end - block.start

                if block.end != earliestEnd && endMatchingOther != -1 {
                    while otherBlock.end == otherBlock.start {
                        guard slideUp(&block) else { break }
                        _ = previous(&otherBlock, other)
                    }
                }
            }
            if !next(&block, marks, count) { break }
            _ = next(&otherBlock, other, otherCount)
        }
    }

    private static func hunks(
        oldChanged: ChangeMarks, oldCount: Int,
        newChanged: ChangeMarks, newCount: Int
    ) -> [DiffHunk] {
        var result: [DiffHunk] = []
        var oldLine = oldCount, newLine = newCount
        while oldLine > 0 || newLine > 0 {
            if oldChanged[oldLine - 1] || newChanged[newLine - 1] {
                let oldEnd = oldLine, newEnd = newLine
                while oldChanged[oldLine - 1] { oldLine -= 1 }
                while newChanged[newLine - 1] { newLine -= 1 }
                result.append(
                    DiffHunk(
                        oldStart: oldLine, oldCount: oldEnd - oldLine,
                        newStart: newLine, newCount: newEnd - newLine))
            }
            oldLine -= 1
            newLine -= 1
        }
        result.reverse()
        return result
    }
}

/// Changed-line flags with an always-false sentinel before the first and after the last line.
struct ChangeMarks {
    private let storage: UnsafeMutablePointer<Bool>

    init(count: Int) {
        storage = UnsafeMutablePointer<Bool>.allocate(capacity: count + 2)
        storage.initialize(repeating: false, count: count + 2)
    }

    func deallocate() { storage.deallocate() }

    subscript(line: Int) -> Bool {
        get { storage[line + 1] }
        nonmutating set { storage[line + 1] = newValue }
    }
}

/// Myers' divide-and-conquer search for a shortest edit script, with the cut-offs of xdiff:
/// past a cost of 256 a long enough diagonal ("snake") is taken as a split point, and past
/// roughly sqrt(N) the furthest-reaching path is used. Both keep big inputs fast.
private struct MyersSearch {
    let old: UnsafeBufferPointer<Int32>
    let new: UnsafeBufferPointer<Int32>
    private let vectors: UnsafeMutablePointer<Int>
    /// Furthest reach on each diagonal, forward and backward; diagonal k = i1 - i2 may be negative.
    private let forward: UnsafeMutablePointer<Int>
    private let backward: UnsafeMutablePointer<Int>
    private let maxCost: Int
    private let snakeLength = 20
    private let heuristicMinCost = 256
    private let heuristicFactor = 4

    init(old: UnsafeBufferPointer<Int32>, new: UnsafeBufferPointer<Int32>) {
        self.old = old
        self.new = new
        let diagonals = old.count + new.count + 3
        // Left uninitialised (as in xdiff): every entry is written before it is read, and untouched
        // pages of a big, cheap search never cost memory.
        vectors = UnsafeMutablePointer<Int>.allocate(capacity: 2 * diagonals + 2)
        forward = vectors + new.count + 1
        backward = vectors + diagonals + new.count + 1
        maxCost = max(LineDiff.approximateSquareRoot(diagonals), 256)
    }

    func deallocate() { vectors.deallocate() }

    private struct Box {
        var off1, lim1, off2, lim2: Int
        var needMinimal: Bool
    }

    private struct Split {
        var i1, i2: Int
        var minimalLow, minimalHigh: Bool
    }

    func run(markOld: (Int) -> Void, markNew: (Int) -> Void) {
        var pending = [Box(off1: 0, lim1: old.count, off2: 0, lim2: new.count, needMinimal: false)]
        while var box = pending.popLast() {
            while box.off1 < box.lim1 && box.off2 < box.lim2 && old[box.off1] == new[box.off2] {
                box.off1 += 1
                box.off2 += 1
            }
            while box.off1 < box.lim1 && box.off2 < box.lim2 && old[box.lim1 - 1] == new[box.lim2 - 1] {
                box.lim1 -= 1
                box.lim2 -= 1
            }
            if box.off1 == box.lim1 {
                for line in box.off2..<box.lim2 { markNew(line) }
            } else if box.off2 == box.lim2 {
                for line in box.off1..<box.lim1 { markOld(line) }
            } else {
                let split = self.split(box)
                pending.append(
                    Box(
                        off1: split.i1, lim1: box.lim1, off2: split.i2, lim2: box.lim2,
                        needMinimal: split.minimalHigh))
                pending.append(
                    Box(
                        off1: box.off1, lim1: split.i1, off2: box.off2, lim2: split.i2,
                        needMinimal: split.minimalLow))
            }
        }
    }

    private func split(_ box: Box) -> Split {
        let (off1, lim1, off2, lim2) = (box.off1, box.lim1, box.off2, box.lim2)
        let dmin = off1 - lim2, dmax = lim1 - off2
        let fmid = off1 - off2, bmid = lim1 - lim2
        let odd = (fmid - bmid) & 1 != 0
        var fmin = fmid, fmax = fmid
        var bmin = bmid, bmax = bmid
        let old = self.old.baseAddress!, new = self.new.baseAddress!
        let forward = self.forward, backward = self.backward

        forward[fmid] = off1
        backward[bmid] = lim1

        var cost = 1
        while true {
            var gotSnake = false

            if fmin > dmin { fmin -= 1; forward[fmin - 1] = -1 } else { fmin += 1 }
            if fmax < dmax { fmax += 1; forward[fmax + 1] = -1 } else { fmax -= 1 }
            var d = fmax
            while d >= fmin {
                var i1 = forward[d - 1] >= forward[d + 1] ? forward[d - 1] + 1 : forward[d + 1]
                let start = i1
                var i2 = i1 - d
                while i1 < lim1 && i2 < lim2 && old[i1] == new[i2] {
                    i1 += 1
                    i2 += 1
                }
                if i1 - start > snakeLength { gotSnake = true }
                forward[d] = i1
                if odd && bmin <= d && d <= bmax && backward[d] <= i1 {
                    return Split(i1: i1, i2: i2, minimalLow: true, minimalHigh: true)
                }
                d -= 2
            }

            if bmin > dmin { bmin -= 1; backward[bmin - 1] = Int.max } else { bmin += 1 }
            if bmax < dmax { bmax += 1; backward[bmax + 1] = Int.max } else { bmax -= 1 }
            d = bmax
            while d >= bmin {
                var i1 = backward[d - 1] < backward[d + 1] ? backward[d - 1] : backward[d + 1] - 1
                let start = i1
                var i2 = i1 - d
                while i1 > off1 && i2 > off2 && old[i1 - 1] == new[i2 - 1] {
                    i1 -= 1
                    i2 -= 1
                }
                if start - i1 > snakeLength { gotSnake = true }
                backward[d] = i1
                if !odd && fmin <= d && d <= fmax && i1 <= forward[d] {
                    return Split(i1: i1, i2: i2, minimalLow: true, minimalHigh: true)
                }
                d -= 2
            }

            if box.needMinimal {
                cost += 1
                continue
            }

            // Past the trigger cost, settle for a diagonal that got far from its corner along a long snake.
            if gotSnake && cost > heuristicMinCost {
                var best = 0
                var found = Split(i1: 0, i2: 0, minimalLow: true, minimalHigh: false)
                d = fmax
                while d >= fmin {
                    let distance = d > fmid ? d - fmid : fmid - d
                    let i1 = forward[d]
                    let i2 = i1 - d
                    let value = (i1 - off1) + (i2 - off2) - distance
                    if value > heuristicFactor * cost && value > best
                        && off1 + snakeLength <= i1 && i1 < lim1
                        && off2 + snakeLength <= i2 && i2 < lim2
                    {
                        var k = 1
                        while old[i1 - k] == new[i2 - k] {
                            if k == snakeLength {
                                best = value
                                found.i1 = i1
                                found.i2 = i2
                                break
                            }
                            k += 1
                        }
                    }
                    d -= 2
                }
                if best > 0 { return found }

                best = 0
                found = Split(i1: 0, i2: 0, minimalLow: false, minimalHigh: true)
                d = bmax
                while d >= bmin {
                    let distance = d > bmid ? d - bmid : bmid - d
                    let i1 = backward[d]
                    let i2 = i1 - d
                    let value = (lim1 - i1) + (lim2 - i2) - distance
                    if value > heuristicFactor * cost && value > best
                        && off1 < i1 && i1 <= lim1 - snakeLength
                        && off2 < i2 && i2 <= lim2 - snakeLength
                    {
                        var k = 0
                        while old[i1 + k] == new[i2 + k] {
                            if k == snakeLength - 1 {
                                best = value
                                found.i1 = i1
                                found.i2 = i2
                                break
                            }
                            k += 1
                        }
                    }
                    d -= 2
                }
                if best > 0 { return found }
            }

            // Too expensive: take the furthest-reaching point found so far in either direction.
            if cost >= maxCost {
                var forwardBest = -1, forwardBestI1 = -1
                d = fmax
                while d >= fmin {
                    var i1 = min(forward[d], lim1)
                    var i2 = i1 - d
                    if lim2 < i2 {
                        i1 = lim2 + d
                        i2 = lim2
                    }
                    if forwardBest < i1 + i2 {
                        forwardBest = i1 + i2
                        forwardBestI1 = i1
                    }
                    d -= 2
                }
                var backwardBest = Int.max, backwardBestI1 = Int.max
                d = bmax
                while d >= bmin {
                    var i1 = max(off1, backward[d])
                    var i2 = i1 - d
                    if i2 < off2 {
                        i1 = off2 + d
                        i2 = off2
                    }
                    if i1 + i2 < backwardBest {
                        backwardBest = i1 + i2
                        backwardBestI1 = i1
                    }
                    d -= 2
                }
                if (lim1 + lim2) - backwardBest < forwardBest - (off1 + off2) {
                    return Split(i1: forwardBestI1, i2: forwardBest - forwardBestI1, minimalLow: true, minimalHigh: false)
                } else {
                    return Split(i1: backwardBestI1, i2: backwardBest - backwardBestI1, minimalLow: false, minimalHigh: true)
                }
            }
            cost += 1
        }
    }
}
