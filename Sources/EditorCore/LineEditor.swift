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
    /// Where each line starts in `characters` (the first is 0), kept up to date by every edit so that
    /// finding a line never scans the text: a value can be megabytes.
    private(set) var lineStarts: [Int] = [0]
    /// Counts changes to the text (cursor moves leave it alone): compare it to see whether an edit did anything.
    public private(set) var revision = 0

    public init(text: String, cursor: Int? = nil) {
        characters = LineEditor.split(text)
        self.cursor = min(max(0, cursor ?? characters.count), characters.count)
        lineStarts = LineEditor.lineStarts(of: characters)
    }

    /// An editor over graphemes already split (sharing the array: comparing it with its source is then instant).
    public init(characters: [Character], cursor: Int? = nil) {
        self.characters = characters
        self.cursor = min(max(0, cursor ?? characters.count), characters.count)
        lineStarts = LineEditor.lineStarts(of: characters)
    }

    /// Equal text, cursor and goal column (the line index follows from the text; the revision is history).
    public static func == (a: LineEditor, b: LineEditor) -> Bool {
        a.cursor == b.cursor && a.goalColumn == b.goalColumn && a.characters == b.characters
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

    static func lineStarts(of characters: [Character]) -> [Int] {
        var starts = [0]
        for (i, c) in characters.enumerated() where c == "\n" { starts.append(i + 1) }
        return starts
    }

    /// The lines (split at "\n"), each as grapheme ranges of `characters`.
    public var lineRanges: [Range<Int>] { (0..<lineCount).map(lineRange) }

    /// Line `index` (0..<lineCount) as a grapheme range of `characters`, without its "\n".
    public func lineRange(_ index: Int) -> Range<Int> {
        lineStarts[index]..<(index + 1 < lineStarts.count ? lineStarts[index + 1] - 1 : characters.count)
    }

    public var lineCount: Int { lineStarts.count }

    /// The line holding character index `position` (a binary search of the line starts).
    func line(containing position: Int) -> Int {
        var low = 0, high = lineStarts.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if lineStarts[mid] <= position { low = mid } else { high = mid - 1 }
        }
        return low
    }

    /// (line, index within the line) of the cursor.
    public var cursorLine: (line: Int, offset: Int) {
        let index = line(containing: cursor)
        return (index, cursor - lineStarts[index])
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
        lineStarts = LineEditor.lineStarts(of: characters)
        revision &+= 1
        self.cursor = min(max(0, cursor ?? characters.count), characters.count)
        goalColumn = nil
    }

    public mutating func setCharacters(_ characters: [Character], cursor: Int? = nil) {
        self.characters = characters
        lineStarts = LineEditor.lineStarts(of: characters)
        revision &+= 1
        self.cursor = min(max(0, cursor ?? characters.count), characters.count)
        goalColumn = nil
    }

    /// Every change to the text goes through here: replaces `range` and keeps the line starts right.
    private mutating func replace(_ range: Range<Int>, with new: [Character]) {
        guard !range.isEmpty || !new.isEmpty else { return }
        let delta = new.count - range.count
        // Starts in (lower, upper] follow a newline that goes; later ones move by delta.
        let first = line(containing: range.lowerBound) + 1
        let after = line(containing: range.upperBound) + 1
        var starts: [Int] = []
        for (i, c) in new.enumerated() where c == "\n" { starts.append(range.lowerBound + i + 1) }
        if after < lineStarts.count { starts += lineStarts[after...].lazy.map { $0 + delta } }
        lineStarts.replaceSubrange(first..., with: starts)
        characters.replaceSubrange(range, with: new)
        revision &+= 1
    }

    public mutating func setCursor(_ index: Int) {
        cursor = min(max(0, index), characters.count)
        goalColumn = nil
    }

    public mutating func insert(_ text: String) {
        let new = LineEditor.split(text)
        let at = cursor
        replace(at..<at, with: new)
        cursor += new.count
        goalColumn = nil
        normalize(around: at..<cursor)
    }

    /// Re-forms graphemes after an insert (a typed combining mark joins the character before it), looking
    /// only at a few characters either side of what was inserted, never at the whole text.
    private mutating func normalize(around inserted: Range<Int>) {
        let lower = max(0, inserted.lowerBound - 8)
        let upper = min(characters.count, inserted.upperBound + 8)
        let window = Array(characters[lower..<upper])
        let joined = LineEditor.split(String(window))
        guard joined.count != window.count else { return }
        let before = String(characters[lower..<cursor]).unicodeScalars.count
        replace(lower..<upper, with: joined)
        var scalars = 0
        var index = lower
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
        replace((cursor - 1)..<cursor, with: [])
        cursor -= 1
        return true
    }

    @discardableResult
    public mutating func deleteForward() -> Bool {
        goalColumn = nil
        guard cursor < characters.count else { return false }
        replace(cursor..<(cursor + 1), with: [])
        return true
    }

    /// Ctrl-K: delete to the end of the line; at the end of a line, join the next one.
    @discardableResult
    public mutating func killToEnd() -> Bool {
        goalColumn = nil
        var end = cursor
        while end < characters.count, characters[end] != "\n" { end += 1 }
        if end == cursor { return deleteForward() }
        replace(cursor..<end, with: [])
        return true
    }

    /// Ctrl-U: delete from the start of the line to the cursor.
    @discardableResult
    public mutating func killToStart() -> Bool {
        goalColumn = nil
        let start = cursor - cursorLine.offset
        guard start < cursor else { return false }
        replace(start..<cursor, with: [])
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
        replace(start..<cursor, with: [])
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
        let (line, _) = cursorLine
        let target = min(max(0, line + delta), lineCount - 1)
        guard target != line else { return false }
        let goal = goalColumn ?? cursorColumn
        let range = lineRange(target)
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
