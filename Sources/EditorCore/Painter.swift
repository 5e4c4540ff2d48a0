/// Draws terminal-safe text into a `CellBuffer`. Every string goes through `Sanitize`; wide
/// characters take two cells and are never split at a clip edge (a space pads instead).
struct Painter {
    var buffer: CellBuffer
    let theme: Theme

    init(width: Int, height: Int, theme: Theme) {
        buffer = CellBuffer(width: width, height: height)
        self.theme = theme
    }

    var width: Int { buffer.width }
    var height: Int { buffer.height }

    /// Writes one cell; a wide character partly overwritten loses its other half (it becomes a space),
    /// so the buffer never holds half a wide character.
    mutating func set(_ row: Int, _ column: Int, _ cell: Cell) {
        guard row >= 0, row < height, column >= 0, column < width else { return }
        let old = buffer[row, column]
        if old.width == 0, old.text.isEmpty {
            var c = column - 1
            while c >= 0, buffer[row, c].width == 0, buffer[row, c].text.isEmpty { c -= 1 }
            if c >= 0, buffer[row, c].width >= 2 {
                let lead = buffer[row, c]
                for i in c..<min(width, c + lead.width) where i != column {
                    buffer[row, i] = Cell(text: " ", width: 1, style: lead.style)
                }
            }
        } else if old.width >= 2 {
            for i in (column + 1)..<min(width, column + old.width) where buffer[row, i].width == 0 && buffer[row, i].text.isEmpty {
                buffer[row, i] = Cell(text: " ", width: 1, style: old.style)
            }
        }
        buffer[row, column] = cell
    }

    /// Fills `count` cells of a row from `column` with blanks of `style`.
    mutating func fill(row: Int, from column: Int = 0, count: Int? = nil, style: CellStyle) {
        guard row >= 0, row < height else { return }
        let end = min(width, column + (count ?? width - column))
        guard column < end else { return }
        for c in max(0, column)..<end { set(row, c, Cell(text: " ", width: 1, style: style)) }
    }

    /// Draws `text` on one line (newlines as `^J`) from `column`, at most `limit` columns wide.
    /// Returns the number of columns drawn.
    @discardableResult
    mutating func text(_ text: String, row: Int, column: Int, limit: Int? = nil, style: CellStyle) -> Int {
        glyphs(Sanitize.glyphs(text), row: row, column: column, limit: limit, style: style)
    }

    @discardableResult
    mutating func glyphs(_ glyphs: [Sanitize.Glyph], row: Int, column: Int, limit: Int? = nil, style: CellStyle) -> Int {
        guard row >= 0, row < height, column >= 0, column < width else { return 0 }
        let end = min(width, column + max(0, limit ?? width - column))
        var col = column
        for g in glyphs {
            guard col < end else { break }
            let s = g.isEscape ? theme.escape(in: style) : style
            if col + g.width > end {
                // Never split a wide character: pad what is left with spaces.
                while col < end { set(row, col, Cell(text: " ", width: 1, style: style)); col += 1 }
                break
            }
            put(g, row: row, column: col, style: s)
            col += g.width
        }
        return col - column
    }

    mutating func put(_ glyph: Sanitize.Glyph, row: Int, column: Int, style: CellStyle) {
        guard glyph.width > 0 else { return }
        for i in 1..<max(1, glyph.width) where column + i < width { set(row, column + i, Cell(text: " ", width: 1, style: style)) }
        set(row, column, Cell(text: glyph.text, width: glyph.width, style: style))
        for i in 1..<max(1, glyph.width) where column + i < width { buffer[row, column + i] = .continuation(style) }
    }

    /// Draws glyphs skipping the first `skip` display columns (horizontal scroll). A wide character
    /// cut by the left edge shows as a space. Returns the columns drawn.
    @discardableResult
    mutating func glyphs(_ glyphs: [Sanitize.Glyph], skip: Int, row: Int, column: Int, limit: Int, style: CellStyle) -> Int {
        guard skip > 0 else { return self.glyphs(glyphs, row: row, column: column, limit: limit, style: style) }
        var consumed = 0
        var index = 0
        var lead = 0
        while index < glyphs.count, consumed < skip {
            consumed += glyphs[index].width
            index += 1
        }
        if consumed > skip { lead = consumed - skip }
        var col = column
        for _ in 0..<min(lead, limit) where col < width {
            set(row, col, Cell(text: " ", width: 1, style: style))
            col += 1
        }
        return lead + self.glyphs(Array(glyphs[index...]), row: row, column: col, limit: max(0, limit - lead), style: style)
    }

    /// Text drawn right-aligned so that it ends at `end` (exclusive). Returns its start column.
    @discardableResult
    mutating func rightAligned(_ text: String, row: Int, end: Int, style: CellStyle) -> Int {
        let w = Sanitize.width(text)
        let start = max(0, end - w)
        self.text(text, row: row, column: start, limit: end - start, style: style)
        return start
    }

    /// Draws text that is clipped with a trailing `>` when it does not fit.
    @discardableResult
    mutating func clipped(_ text: String, row: Int, column: Int, limit: Int, style: CellStyle) -> Int {
        let g = Sanitize.glyphs(text)
        let total = g.reduce(0) { $0 + $1.width }
        if total <= limit { return glyphs(g, row: row, column: column, limit: limit, style: style) }
        guard limit > 1 else { return glyphs(g, row: row, column: column, limit: limit, style: style) }
        glyphs(g, row: row, column: column, limit: limit - 1, style: style)
        set(row, min(width - 1, column + limit - 1), Cell(text: ">", width: 1, style: theme.scrollMark))
        return limit
    }
}

extension String {
    /// The string cut to at most `columns` display columns (sanitized width), with a trailing "..." when cut.
    func truncated(toColumns columns: Int) -> String {
        guard Sanitize.width(self) > columns else { return self }
        let ellipsis = columns > 3 ? "..." : ""
        var out = ""
        var used = 0
        for c in self {
            let w = Sanitize.width(of: c)
            if used + w > columns - ellipsis.count { break }
            out.append(c)
            used += w
        }
        return out + ellipsis
    }
}

extension String {
    /// One line cut into pieces of at most `columns` display columns; graphemes are never split.
    func wrapped(toColumns columns: Int) -> [String] {
        guard columns > 0, Sanitize.width(self) > columns else { return [self] }
        var out: [String] = []
        var current = ""
        var used = 0
        for c in self {
            let w = Sanitize.width(of: c)
            if used + w > columns, !current.isEmpty {
                out.append(current)
                current = ""
                used = 0
            }
            current.append(c)
            used += w
        }
        out.append(current)
        return out
    }
}
