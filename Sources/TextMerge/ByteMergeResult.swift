/// Options of a byte-level merge.
public struct MergeOptions: Sendable, Equatable {
    public var style: ConflictStyle
    public var resolution: ConflictResolution

    public init(style: ConflictStyle = .merge, resolution: ConflictResolution = .keepConflicts) {
        self.style = style
        self.resolution = resolution
    }
}

/// Labels written after conflict markers (`<<<<<<< mine`, `||||||| base`, `>>>>>>> theirs`);
/// a nil label leaves the marker bare.
public struct MergeLabels: Sendable, Equatable {
    public var mine: String?
    public var base: String?
    public var theirs: String?

    public init(mine: String? = nil, base: String? = nil, theirs: String? = nil) {
        self.mine = mine
        self.base = base
        self.theirs = theirs
    }
}

/// One part of a byte-level merge. Lines keep their terminators; a conflict's base is the
/// stretch of base lines its two sides replaced (approximate once a conflict has been narrowed).
public enum ByteMergeHunk: Equatable, Sendable {
    case resolved([UInt8])
    case conflict(base: [UInt8], mine: [UInt8], theirs: [UInt8])
}

/// The outcome of `TextMerge.mergeBytes`: conflict count, hunks, and git-style rendering.
public struct ByteMergeResult: Sendable {
    enum Plan: Sendable {
        /// Mine did not change the base, so the result is theirs, byte for byte (and the other way round).
        case takeTheirsWhole
        case takeMineWhole
        case regions([MergeRegion])
    }

    let base: LineIndex
    let mine: LineIndex
    let theirs: LineIndex
    let plan: Plan
    let mineHunks: [DiffHunk]
    let theirsHunks: [DiffHunk]
    public let options: MergeOptions
    /// Conflicts left after the merge (0 when it is clean).
    public let conflictCount: Int

    public var isClean: Bool { conflictCount == 0 }

    /// The merged bytes when the merge is clean.
    public var mergedBytes: [UInt8]? {
        isClean ? rendered() : nil
    }

    /// The merge as resolved stretches and conflicts; adjacent resolved stretches are joined.
    public var hunks: [ByteMergeHunk] {
        var result: [ByteMergeHunk] = []
        var pending: [UInt8] = []
        forEachPiece { piece in
            switch piece {
            case .lines(let side, let lines, let terminate):
                appendLines(of: side, lines, terminate: terminate, to: &pending)
            case .conflict(let region, _):
                if !pending.isEmpty {
                    result.append(.resolved(pending))
                    pending = []
                }
                let baseLines = baseLines(of: region)
                result.append(
                    .conflict(
                        base: Array(base.bytes(ofLines: baseLines)),
                        mine: Array(mine.bytes(ofLines: region.mineStart..<region.mineEnd)),
                        theirs: Array(theirs.bytes(ofLines: region.theirsStart..<region.theirsEnd))))
            }
        }
        if !pending.isEmpty { result.append(.resolved(pending)) }
        return result
    }

    /// The merged text with conflicts between markers, byte for byte as `git merge-file` writes it:
    /// marker lines end in "\r\n" when the surrounding lines do, and a side whose last line lacks
    /// a terminator gets one inside a conflict.
    public func rendered(labels: MergeLabels = MergeLabels(), markerSize: Int = 7) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(max(base.bytes.count, mine.bytes.count, theirs.bytes.count) + 256)
        render(labels: labels, markerSize: markerSize) { output.append(contentsOf: $0) }
        return output
    }

    /// Hands the rendered merge to `write` piece by piece, in order, without building it in memory.
    /// The buffers are only valid during each call.
    public func render(
        labels: MergeLabels = MergeLabels(), markerSize: Int = 7,
        into write: (UnsafeRawBufferPointer) -> Void
    ) {
        let size = markerSize > 0 ? markerSize : 7
        func marker(_ character: String, _ label: String?) -> [UInt8] {
            Array(String(repeating: character, count: size).utf8) + (label.map { Array(" \($0)".utf8) } ?? [])
        }
        let mineMarker = marker("<", labels.mine)
        let baseMarker = marker("|", labels.base)
        let separator = marker("=", nil)
        let theirsMarker = marker(">", labels.theirs)

        func writeMarker(_ marker: [UInt8], crlf: Bool) {
            (marker + (crlf ? [0x0D, 0x0A] : [0x0A])).withUnsafeBytes(write)
        }

        forEachPiece { piece in
            switch piece {
            case .lines(let side, let lines, let terminate):
                writeLines(of: side, lines, terminate: terminate, to: write)
            case .conflict(let region, let crlf):
                writeMarker(mineMarker, crlf: crlf)
                writeLines(of: .mine, region.mineStart..<region.mineEnd, terminate: crlf, to: write)
                if options.style != .merge {
                    writeMarker(baseMarker, crlf: crlf)
                    writeLines(
                        of: .base, region.baseStart..<region.baseStart + region.baseCount,
                        terminate: crlf, to: write)
                }
                writeMarker(separator, crlf: crlf)
                writeLines(of: .theirs, region.theirsStart..<region.theirsEnd, terminate: crlf, to: write)
                writeMarker(theirsMarker, crlf: crlf)
            }
        }
    }

    // MARK: - Walking the merge

    enum Side { case base, mine, theirs }

    enum Piece {
        /// Copy lines of one side; `terminate` (CRLF or not) adds a terminator to a last line lacking one.
        case lines(Side, Range<Int>, terminate: Bool?)
        case conflict(MergeRegion, crlf: Bool)
    }

    private func lineIndex(_ side: Side) -> LineIndex {
        switch side {
        case .base: return base
        case .mine: return mine
        case .theirs: return theirs
        }
    }

    /// The merge output as a sequence of pieces, in order.
    func forEachPiece(_ body: (Piece) -> Void) {
        let regions: [MergeRegion]
        switch plan {
        case .takeTheirsWhole:
            body(.lines(.theirs, 0..<theirs.lineCount, terminate: nil))
            return
        case .takeMineWhole:
            body(.lines(.mine, 0..<mine.lineCount, terminate: nil))
            return
        case .regions(let list):
            regions = list
        }
        var mineLine = 0
        for region in regions {
            switch region.outcome {
            case .identical:
                continue
            case .conflict:
                body(.lines(.mine, mineLine..<region.mineStart, terminate: nil))
                body(.conflict(region, crlf: needsCRLF(region)))
            case .mine, .theirs, .both:
                body(.lines(.mine, mineLine..<region.mineStart, terminate: nil))
                if region.outcome.takesMine {
                    let terminate: Bool? = region.outcome.takesTheirs ? needsCRLF(region) : nil
                    body(.lines(.mine, region.mineStart..<region.mineEnd, terminate: terminate))
                }
                if region.outcome.takesTheirs {
                    body(.lines(.theirs, region.theirsStart..<region.theirsEnd, terminate: nil))
                }
            }
            mineLine = region.mineEnd
        }
        body(.lines(.mine, mineLine..<mine.lineCount, terminate: nil))
    }

    private func appendLines(of side: Side, _ lines: Range<Int>, terminate: Bool?, to output: inout [UInt8]) {
        writeLines(of: side, lines, terminate: terminate) { output.append(contentsOf: $0) }
    }

    private func writeLines(
        of side: Side, _ lines: Range<Int>, terminate: Bool?,
        to write: (UnsafeRawBufferPointer) -> Void
    ) {
        guard !lines.isEmpty else { return }
        let file = lineIndex(side)
        let range = file.byteRange(ofLines: lines)
        file.bytes.withUnsafeBytes { buffer in
            write(UnsafeRawBufferPointer(rebasing: buffer[range]))
        }
        if let crlf = terminate, range.isEmpty || file.bytes[range.upperBound - 1] != UInt8(ascii: "\n") {
            let terminator: [UInt8] = crlf ? [0x0D, 0x0A] : [0x0A]
            terminator.withUnsafeBytes(write)
        }
    }

    /// git's rule for the line ending of markers and added terminators: CRLF when the lines just
    /// before the conflict on both sides (or their first lines) and the base's first line end in CRLF,
    /// where a side whose ending cannot be told does not count.
    private func needsCRLF(_ region: MergeRegion) -> Bool {
        var verdict = crlfVerdict(mine, line: region.mineStart > 0 ? region.mineStart - 1 : 0)
        if verdict != .lf { verdict = crlfVerdict(theirs, line: region.theirsStart > 0 ? region.theirsStart - 1 : 0) }
        if verdict != .lf { verdict = crlfVerdict(base, line: 0) }
        return verdict == .crlf
    }

    private enum LineEnding { case lf, crlf, unknown }

    private func crlfVerdict(_ file: LineIndex, line: Int) -> LineEnding {
        func endsInCRLF(_ line: Int) -> Bool {
            let end = file.lineStarts[line + 1]
            return end - file.lineStarts[line] > 1 && file.bytes[end - 2] == UInt8(ascii: "\r")
        }
        let count = file.lineCount
        if line < count - 1 { return endsInCRLF(line) ? .crlf : .lf }
        if count == 0 { return .unknown }
        let end = file.lineStarts[line + 1]
        if end > file.lineStarts[line] && file.bytes[end - 1] == UInt8(ascii: "\n") {
            return endsInCRLF(line) ? .crlf : .lf
        }
        if line == 0 { return .unknown }
        return endsInCRLF(line - 1) ? .crlf : .lf
    }

    // MARK: - Base lines of narrowed conflicts

    /// The base lines a conflict replaced. Exact for conflicts as found; for a conflict cut down by
    /// refining, both sides' line ranges are mapped back through their diffs against the base.
    func baseLines(of region: MergeRegion) -> Range<Int> {
        if region.baseIsExact { return region.baseStart..<region.baseStart + region.baseCount }
        let lower = min(
            Self.baseBoundary(region.mineStart, mineHunks, isStart: true),
            Self.baseBoundary(region.theirsStart, theirsHunks, isStart: true))
        let upper = max(
            Self.baseBoundary(region.mineEnd, mineHunks, isStart: false),
            Self.baseBoundary(region.theirsEnd, theirsHunks, isStart: false))
        return lower..<max(lower, upper)
    }

    /// Maps a boundary between two lines of a side to one in the base; inside a hunk the boundary
    /// widens to the hunk's edge (its start for a range start, its end for a range end).
    static func baseBoundary(_ position: Int, _ hunks: [DiffHunk], isStart: Bool) -> Int {
        var low = 0, high = hunks.count
        while low < high {
            let middle = (low + high) / 2
            if hunks[middle].newEnd < position { low = middle + 1 } else { high = middle }
        }
        if low < hunks.count && hunks[low].newStart <= position {
            let hunk = hunks[low]
            if isStart {
                return position == hunk.newEnd && hunk.newCount > 0 ? hunk.oldEnd : hunk.oldStart
            } else {
                return position == hunk.newStart && hunk.newCount > 0 ? hunk.oldStart : hunk.oldEnd
            }
        }
        guard low > 0 else { return position }
        let previous = hunks[low - 1]
        return position + previous.oldEnd - previous.newEnd
    }
}

extension TextMerge {
    /// Three-way merge of byte buffers, line by line, with the verdicts and output of `git merge-file`.
    /// Lines are split after "\n"; bytes are never decoded, so any encoding passes through unchanged.
    public static func mergeBytes(
        base: [UInt8], mine: [UInt8], theirs: [UInt8],
        options: MergeOptions = MergeOptions()
    ) -> ByteMergeResult {
        let (lines, classes) = LineClasses.classify([base, mine, theirs])
        let (baseLines, mineLines, theirsLines) = (lines[0], lines[1], lines[2])

        func diff(_ side: Int) -> [DiffHunk] {
            classes.ids[0].withUnsafeBufferPointer { old in
                classes.ids[side].withUnsafeBufferPointer { new in
                    classes.occurrences[0].withUnsafeBufferPointer { inOld in
                        classes.occurrences[side].withUnsafeBufferPointer { inNew in
                            LineDiff.diff(
                                old: old, new: new,
                                occurrencesInOld: inOld.baseAddress!,
                                occurrencesInNew: inNew.baseAddress!)
                        }
                    }
                }
            }
        }
        let mineHunks = diff(1)
        let theirsHunks = diff(2)

        let plan: ByteMergeResult.Plan
        var conflictCount = 0
        if mineHunks.isEmpty {
            plan = .takeTheirsWhole
        } else if theirsHunks.isEmpty {
            plan = .takeMineWhole
        } else {
            let merge = ThreeWayMerge(
                mineHunks: mineHunks, theirsHunks: theirsHunks,
                baseLineCount: baseLines.lineCount, mineLineCount: mineLines.lineCount,
                theirsLineCount: theirsLines.lineCount,
                mineIDs: classes.ids[1], theirsIDs: classes.ids[2],
                classCount: classes.classCount, mine: mineLines)
            let regions = merge.regions(style: options.style, resolution: options.resolution)
            conflictCount = regions.reduce(0) { $0 + ($1.outcome == .conflict ? 1 : 0) }
            plan = .regions(regions)
        }
        return ByteMergeResult(
            base: baseLines, mine: mineLines, theirs: theirsLines, plan: plan,
            mineHunks: mineHunks, theirsHunks: theirsHunks,
            options: options, conflictCount: conflictCount)
    }
}
