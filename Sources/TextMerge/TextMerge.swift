/// A line-level three-way merge of one text. Chunk strings keep their line terminators, so joining
/// the resolved chunks with one side of every conflict gives back a full text.
public struct TextMergeResult: Equatable, Sendable {
    public enum Chunk: Equatable, Sendable {
        case resolved(String)
        case conflict(base: String, mine: String, theirs: String)
    }

    public var chunks: [Chunk]

    public init(chunks: [Chunk]) { self.chunks = chunks }

    public var conflictCount: Int {
        chunks.reduce(0) { count, chunk in
            if case .conflict = chunk { return count + 1 }
            return count
        }
    }

    public var isClean: Bool { conflictCount == 0 }

    /// The merged text when no conflict is left.
    public var mergedText: String? {
        guard isClean else { return nil }
        return chunks.map { chunk -> String in
            if case .resolved(let text) = chunk { return text }
            return ""
        }.joined()
    }

    /// The text with git-style markers around every conflict (`baseLabel` adds the diff3 base section).
    /// A side whose last line lacks a terminator gets one inside the conflict; markers and added
    /// terminators use "\r\n" when the text before the conflict (or else the conflict's own lines) does.
    public func text(mineLabel: String = "mine", theirsLabel: String = "theirs", baseLabel: String? = nil) -> String {
        var output = ""
        for chunk in chunks {
            switch chunk {
            case .resolved(let text):
                output += text
            case .conflict(let base, let mine, let theirs):
                let newline = Self.lineEnding(before: output, sides: [mine, theirs, base])
                output += "<<<<<<< \(mineLabel)" + newline + Self.terminated(mine, newline)
                if let baseLabel {
                    output += "||||||| \(baseLabel)" + newline + Self.terminated(base, newline)
                }
                output += "=======" + newline + Self.terminated(theirs, newline)
                output += ">>>>>>> \(theirsLabel)" + newline
            }
        }
        return output
    }

    private static func terminated(_ text: String, _ newline: String) -> String {
        text.isEmpty || text.utf8.last == UInt8(ascii: "\n") ? text : text + newline
    }

    private static func lineEnding(before output: String, sides: [String]) -> String {
        if let ending = lastLineEnding(output) { return ending }
        for side in sides {
            if let ending = firstLineEnding(side) { return ending }
        }
        return "\n"
    }

    private static func lastLineEnding(_ text: String) -> String? {
        let bytes = text.utf8
        guard let last = bytes.last, last == UInt8(ascii: "\n") else { return nil }
        let beforeLast = bytes.dropLast().last
        return beforeLast == UInt8(ascii: "\r") ? "\r\n" : "\n"
    }

    private static func firstLineEnding(_ text: String) -> String? {
        var previous: UInt8 = 0
        for byte in text.utf8 {
            if byte == UInt8(ascii: "\n") { return previous == UInt8(ascii: "\r") ? "\r\n" : "\n" }
            previous = byte
        }
        return nil
    }
}

public enum TextMerge {
    /// Merges two edited versions of a text line by line against their common base.
    /// Changes to different lines combine; identical changes agree; changes to the same or
    /// adjacent lines become conflict chunks, narrowed to the lines where the sides differ.
    public static func merge(base: String, mine: String, theirs: String) -> TextMergeResult {
        let result = mergeBytes(base: Array(base.utf8), mine: Array(mine.utf8), theirs: Array(theirs.utf8))
        // Hunks break only at line ends, so every piece is whole UTF-8 and decodes back unchanged.
        let chunks = result.hunks.map { hunk -> TextMergeResult.Chunk in
            switch hunk {
            case .resolved(let bytes):
                return .resolved(String(decoding: bytes, as: UTF8.self))
            case .conflict(let base, let mine, let theirs):
                return .conflict(
                    base: String(decoding: base, as: UTF8.self),
                    mine: String(decoding: mine, as: UTF8.self),
                    theirs: String(decoding: theirs, as: UTF8.self))
            }
        }
        return TextMergeResult(chunks: chunks)
    }
}
