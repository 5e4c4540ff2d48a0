import RecEditCore

/// One line inside a box: plain text, or a key and what it does.
enum BoxLine {
    case text(String, CellStyle?)
    case key(String, String)
    case blank
}

extension Painter {
    /// Draws a framed box centred on the screen (ASCII frame: it never depends on ambiguous widths).
    mutating func box(title: String, lines: [BoxLine], keyWidth: Int = 14) {
        let contentWidth = lines.reduce(Sanitize.width(title) + 2) { w, line in
            switch line {
            case .text(let s, _): return max(w, Sanitize.width(s))
            case .key(_, let d): return max(w, keyWidth + Sanitize.width(d))
            case .blank: return w
            }
        }
        let boxWidth = min(width - 2, contentWidth + 4)
        let boxHeight = min(height - 2, lines.count + 2)
        guard boxWidth >= 8, boxHeight >= 3 else { return }
        let left = (width - boxWidth) / 2
        let top = max(0, (height - boxHeight) / 2)
        let inner = boxWidth - 4
        for r in 0..<boxHeight {
            let row = top + r
            fill(row: row, from: left, count: boxWidth, style: .plain)
            if r == 0 || r == boxHeight - 1 {
                text("+" + String(repeating: "-", count: boxWidth - 2) + "+", row: row, column: left, style: theme.box)
            } else {
                text("|", row: row, column: left, style: theme.box)
                text("|", row: row, column: left + boxWidth - 1, style: theme.box)
            }
        }
        text(" " + title.truncated(toColumns: boxWidth - 6) + " ", row: top, column: left + 2, style: theme.heading)
        for (i, line) in lines.prefix(boxHeight - 2).enumerated() {
            let row = top + 1 + i
            let col = left + 2
            switch line {
            case .text(let s, let style):
                text(s.truncated(toColumns: inner), row: row, column: col, limit: inner, style: style ?? theme.text)
            case .key(let k, let d):
                text(k, row: row, column: col, limit: min(keyWidth, inner), style: theme.helpKey)
                if inner > keyWidth {
                    text(d.truncated(toColumns: inner - keyWidth), row: row, column: col + keyWidth, limit: inner - keyWidth, style: theme.helpText)
                }
            case .blank:
                break
            }
        }
    }
}
