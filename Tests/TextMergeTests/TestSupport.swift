import XCTest

@testable import TextMerge

/// Deterministic random numbers (SplitMix64), so that generated cases are the same on every run.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func chance(_ probability: Double) -> Bool {
        Double.random(in: 0..<1, using: &self) < probability
    }

    mutating func below(_ bound: Int) -> Int { Int.random(in: 0..<bound, using: &self) }
}

/// Builds random (base, mine, theirs) triples made of the lines merges find awkward: repeated lines,
/// lines without letters, CRLF lines, CJK text, invalid UTF-8, missing final newlines, empty files.
struct TripleGenerator {
    var random: SeededGenerator

    static let awkwardLines: [[UInt8]] =
        [
            "a\n", "b\n", "c\n", "d\n", "}\n", "\n", "    return x;\n", "----\n", "foo\r\n", "bar\r\n", "\r\n",
            "日本語のテキスト\n", "中文行\n", "한국어\n", "第三段落を編集\r\n",
        ].map { Array($0.utf8) } + [
            [0xFF, 0xFE, 0x20, 0x62, 0x61, 0x64, 0x0A],  // invalid UTF-8
            [0xC3, 0x28, 0x0A],  // broken two-byte sequence
            [0xE6, 0x97, 0x0A],  // truncated CJK character
        ]

    mutating func line() -> [UInt8] {
        if random.chance(0.65) {
            return Self.awkwardLines[random.below(Self.awkwardLines.count)]
        }
        let word = "line \(random.below(40))"
        return Array((random.chance(0.15) ? word + "\r\n" : word + "\n").utf8)
    }

    mutating func lines() -> [[UInt8]] {
        let sizes = [0, 1, 2, 3, 5, 8, 12, 20, 40, 80]
        return (0..<sizes[random.below(sizes.count)]).map { _ in line() }
    }

    /// Up to five insertions, deletions or replacements at random places (the start and end included).
    mutating func edited(_ original: [[UInt8]]) -> [[UInt8]] {
        var lines = original
        for _ in 0..<random.below(6) {
            let position = random.below(lines.count + 1)
            switch random.below(3) {
            case 0:
                let block = (0..<1 + random.below(3)).map { _ in line() }
                lines.insert(contentsOf: block, at: position)
            case 1 where !lines.isEmpty:
                let start = min(position, lines.count - 1)
                lines.removeSubrange(start..<min(lines.count, start + 1 + random.below(3)))
            default:
                if !lines.isEmpty { lines[min(position, lines.count - 1)] = line() }
            }
        }
        return lines
    }

    mutating func joined(_ lines: [[UInt8]]) -> [UInt8] {
        var bytes = lines.flatMap { $0 }
        if random.chance(0.15) && bytes.last == UInt8(ascii: "\n") {
            bytes.removeLast()
            if random.chance(0.3) && bytes.last == UInt8(ascii: "\r") { bytes.removeLast() }
        }
        return bytes
    }

    mutating func triple() -> (base: [UInt8], mine: [UInt8], theirs: [UInt8]) {
        let base = lines()
        let mine = random.chance(0.05) ? base : edited(base)
        let theirs = random.chance(0.08) ? mine : edited(base)
        return (joined(base), joined(mine), joined(theirs))
    }
}

func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

/// Merges with git's default labels replaced by "mine", "base", "theirs".
func mergeFile(
    _ base: String, _ mine: String, _ theirs: String,
    style: ConflictStyle = .merge, resolution: ConflictResolution = .keepConflicts
) -> (text: String, conflicts: Int) {
    let result = TextMerge.mergeBytes(
        base: bytes(base), mine: bytes(mine), theirs: bytes(theirs),
        options: MergeOptions(style: style, resolution: resolution))
    let output = result.rendered(labels: MergeLabels(mine: "mine", base: "base", theirs: "theirs"))
    return (String(decoding: output, as: UTF8.self), result.conflictCount)
}

/// Splits bytes into lines the way the engine does (after each "\n").
func splitLines(_ data: [UInt8]) -> [[UInt8]] {
    var lines: [[UInt8]] = []
    var current: [UInt8] = []
    for byte in data {
        current.append(byte)
        if byte == UInt8(ascii: "\n") {
            lines.append(current)
            current = []
        }
    }
    if !current.isEmpty { lines.append(current) }
    return lines
}

extension Array where Element == UInt8 {
    func contains(subsequence needle: [UInt8]) -> Bool {
        guard !needle.isEmpty else { return true }
        guard needle.count <= count else { return false }
        for start in 0...(count - needle.count) where self[start] == needle[0] {
            if Array(self[start..<start + needle.count]) == needle { return true }
        }
        return false
    }
}
