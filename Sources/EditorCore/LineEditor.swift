/// The text of one field being edited and the cursor in it: the editing operations, no display.
///
/// Text is kept as graphemes. A CR LF pair (one grapheme to Swift) is kept as two elements so that
/// lines always split at "\n"; joining the elements gives back exactly the original string.
public struct LineEditor: Sendable, Equatable {
    public private(set) var characters: [Character]
    /// Index into `characters` (0...count).
    public private(set) var cursor: Int
    /// The display column Up/Down try to keep, set by the first vertical move.
    var goalColumn: Int?

    public init(text: String, cursor: Int? = nil) {
        characters = LineEditor.split(text)
        self.cursor = min(max(0, cursor ?? characters.count), characters.count)
    }

    public var text: String { String(characters) }
    public var isEmpty: Bool { characters.isEmpty }

    static func split(_ text: String) -> [Character] {
        var out: [Character] = []
        out.reserveCapacity(text.count)
        for c in text {
            if c == "\r\n" { out.append("\r"); out.append("\n") } else { out.append(c) }
        }
        return out
    }

    // MARK: Lines

    /// The lines (split at "\n"), each as grapheme ranges of `characters`.
    public var lineRanges: [Range<Int>] {
        var ranges: [Range<Int>] = []
        var start = 0
        for (i, c) in characters.enumerated() where c == "\n" {
            ranges.append(start..<i)
            start = i + 1
        }
        ranges.append(start..<characters.count)
        return ranges
    }

    public var lineCount: Int { characters.reduce(1) { $1 == "\n" ? $0 + 1 : $0 } }

    /// (line, index within the line) of the cursor.
    public var cursorLine: (line: Int, offset: Int) {
        var line = 0, start = 0
        for i in 0..<cursor where characters[i] == "\n" {
            line += 1
            start = i + 1
        }
        return (line, cursor - start)
    }

    /// Display columns from the start of the cursor's line to the cursor.
    public var cursorColumn: Int {
        let (_, offset) = cursorLine
        return LineEditor.columns(characters[(cursor - offset)..<cursor])
    }

    static func columns<C: Collection>(_ chars: C) -> Int where C.Element == Character {
        chars.reduce(0) { $0 + Sanitize.width(of: $1) }
    }

    // MARK: Editing

    public mutating func setText(_ text: String, cursor: Int? = nil) {
        characters = LineEditor.split(text)
        self.cursor = min(max(0, cursor ?? characters.count), characters.count)
        goalColumn = nil
    }

    public mutating func setCursor(_ index: Int) {
        cursor = min(max(0, index), characters.count)
        goalColumn = nil
    }

    public mutating func insert(_ text: String) {
        let new = LineEditor.split(text)
        characters.insert(contentsOf: new, at: cursor)
        cursor += new.count
        goalColumn = nil
        normalize()
    }

    /// Re-forms graphemes after an insert (a typed combining mark joins the character before it).
    private mutating func normalize() {
        let before = String(characters[..<cursor]).unicodeScalars.count
        let joined = LineEditor.split(String(characters))
        guard joined.count != characters.count else { return }
        characters = joined
        var scalars = 0
        var index = 0
        while index < characters.count, scalars < before {
            scalars += characters[index].unicodeScalars.count
            index += 1
        }
        cursor = index
    }

    @discardableResult
    public mutating func backspace() -> Bool {
        goalColumn = nil
        guard cursor > 0 else { return false }
        characters.remove(at: cursor - 1)
        cursor -= 1
        return true
    }

    @discardableResult
    public mutating func deleteForward() -> Bool {
        goalColumn = nil
        guard cursor < characters.count else { return false }
        characters.remove(at: cursor)
        return true
    }

    /// Ctrl-K: delete to the end of the line; at the end of a line, join the next one.
    @discardableResult
    public mutating func killToEnd() -> Bool {
        goalColumn = nil
        var end = cursor
        while end < characters.count, characters[end] != "\n" { end += 1 }
        if end == cursor { return deleteForward() }
        characters.removeSubrange(cursor..<end)
        return true
    }

    /// Ctrl-U: delete from the start of the line to the cursor.
    @discardableResult
    public mutating func killToStart() -> Bool {
        goalColumn = nil
        let start = cursor - cursorLine.offset
        guard start < cursor else { return false }
        characters.removeSubrange(start..<cursor)
        cursor = start
        return true
    }

    /// Ctrl-W: delete the word before the cursor (and the spaces after it).
    @discardableResult
    public mutating func deleteWordBackward() -> Bool {
        goalColumn = nil
        var start = cursor
        while start > 0, characters[start - 1] == " " || characters[start - 1] == "\t" { start -= 1 }
        while start > 0, !(characters[start - 1].isWhitespace) { start -= 1 }
        guard start < cursor else { return false }
        characters.removeSubrange(start..<cursor)
        cursor = start
        return true
    }

    // MARK: Moving

    public mutating func moveLeft() { goalColumn = nil; if cursor > 0 { cursor -= 1 } }
    public mutating func moveRight() { goalColumn = nil; if cursor < characters.count { cursor += 1 } }
    public mutating func moveToLineStart() { goalColumn = nil; cursor -= cursorLine.offset }
    public mutating func moveToLineEnd() {
        goalColumn = nil
        while cursor < characters.count, characters[cursor] != "\n" { cursor += 1 }
    }
    public mutating func moveToStart() { goalColumn = nil; cursor = 0 }
    public mutating func moveToEnd() { goalColumn = nil; cursor = characters.count }

    /// Moves to the line above keeping the display column; false when already on the first line.
    @discardableResult
    public mutating func moveUp() -> Bool { moveLines(-1) }

    /// Moves to the line below keeping the display column; false when already on the last line.
    @discardableResult
    public mutating func moveDown() -> Bool { moveLines(1) }

    @discardableResult
    public mutating func moveLines(_ delta: Int) -> Bool {
        let ranges = lineRanges
        let (line, _) = cursorLine
        let target = min(max(0, line + delta), ranges.count - 1)
        guard target != line else { return false }
        let goal = goalColumn ?? cursorColumn
        let range = ranges[target]
        var col = 0
        var index = range.lowerBound
        while index < range.upperBound {
            let w = Sanitize.width(of: characters[index])
            if col + w > goal { break }
            col += w
            index += 1
        }
        cursor = index
        goalColumn = goal
        return true
    }
}
