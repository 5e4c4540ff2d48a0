// Placeholder API for the line-level merge (issue 3 replaces the body with a real diff3).
// Chunk strings keep their line terminators, so joining all chunks gives back the text.

public struct TextMergeResult: Equatable, Sendable {
    public enum Chunk: Equatable, Sendable {
        case resolved(String)
        case conflict(base: String, mine: String, theirs: String)
    }

    public var chunks: [Chunk]

    public init(chunks: [Chunk]) { self.chunks = chunks }

    public var conflictCount: Int {
        chunks.reduce(0) { n, c in if case .conflict = c { return n + 1 } else { return n } }
    }

    public var isClean: Bool { conflictCount == 0 }

    /// The merged text when no conflict is left.
    public var mergedText: String? {
        guard isClean else { return nil }
        return chunks.map { if case .resolved(let s) = $0 { return s } else { return "" } }.joined()
    }

    /// The text with git-style conflict markers around every conflicting chunk.
    public func text(mineLabel: String = "mine", theirsLabel: String = "theirs", baseLabel: String? = nil) -> String {
        var out = ""
        for chunk in chunks {
            switch chunk {
            case .resolved(let s): out += s
            case .conflict(let base, let mine, let theirs):
                out += "<<<<<<< \(mineLabel)\n" + terminated(mine)
                if let baseLabel { out += "||||||| \(baseLabel)\n" + terminated(base) }
                out += "=======\n" + terminated(theirs) + ">>>>>>> \(theirsLabel)\n"
            }
        }
        return out
    }

    private func terminated(_ s: String) -> String {
        s.isEmpty || s.hasSuffix("\n") ? s : s + "\n"
    }
}

public enum TextMerge {
    public static func merge(base: String, mine: String, theirs: String) -> TextMergeResult {
        if mine == theirs || theirs == base { return TextMergeResult(chunks: [.resolved(mine)]) }
        if mine == base { return TextMergeResult(chunks: [.resolved(theirs)]) }
        return TextMergeResult(chunks: [.conflict(base: base, mine: mine, theirs: theirs)])
    }
}
