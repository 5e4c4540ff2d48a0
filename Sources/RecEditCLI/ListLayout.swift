import EditorCore
import Glibc

/// Column layout of `recedit list` on a terminal: widths in display columns (CJK counts two).
enum ListLayout {
    /// The window's width when stdout is a terminal: `$COLUMNS` if set, else the tty's size. Nil into a pipe or
    /// file (then titles are printed whole, for tools).
    static func terminalColumns(_ environment: [String: String]) -> Int? {
        guard isatty(STDOUT_FILENO) == 1 else { return nil }
        if let text = environment["COLUMNS"], let columns = Int(text), columns > 0 { return columns }
        var size = winsize()
        if ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
        return nil
    }

    /// `text` (already terminal-safe) cut to `width` columns, ending in "…" when cut.
    static func cut(_ text: String, to width: Int) -> String {
        guard DisplayWidth.of(text) > width else { return text }
        var out = ""
        var used = 0
        for character in text {
            let w = DisplayWidth.of(character)
            if used + w > width - 1 { break }
            out.append(character)
            used += w
        }
        return out + "…"
    }

    /// `text` padded with spaces to `width` display columns.
    static func pad(_ text: String, _ width: Int) -> String {
        let w = DisplayWidth.of(text)
        return w >= width ? text : text + String(repeating: " ", count: width - w)
    }
}
