/// The styles the editor draws with. Every meaning is carried by an attribute (bold, reverse,
/// underline, dim) so it survives on a monochrome terminal; colours only add to it.
struct Theme: Sendable {
    let colors: Bool

    private func style(
        _ fg: TerminalColor?, _ bg: TerminalColor?, bold: Bool = false, reverse: Bool = false,
        underline: Bool = false, dim: Bool = false
    ) -> CellStyle {
        CellStyle(
            foreground: colors ? fg : nil, background: colors ? bg : nil, bold: bold,
            reverse: colors && bg != nil ? false : reverse, underline: underline, dim: dim)
    }

    var text: CellStyle { .plain }
    var statusBar: CellStyle { style(.white, .blue, bold: true, reverse: true) }
    var banner: CellStyle { style(.black, .yellow, bold: true, reverse: true) }
    var bannerAlert: CellStyle { style(.white, .red, bold: true, reverse: true) }
    var label: CellStyle { style(.cyan, nil) }
    var labelFocused: CellStyle { style(.black, .cyan, bold: true, reverse: true) }
    var labelReadOnly: CellStyle { style(nil, nil, dim: true) }
    var readOnlyValue: CellStyle { style(nil, nil, dim: true) }
    var marker: CellStyle { style(.yellow, nil, bold: true) }
    var errorMarker: CellStyle { style(.red, nil, bold: true, reverse: true) }
    var placeholder: CellStyle { style(nil, nil, dim: true) }
    /// NULL (`NullMark`): dim, never a colour alone.
    var null: CellStyle { style(nil, nil, dim: true) }
    var scrollMark: CellStyle { style(.yellow, nil, bold: true, dim: false) }
    var info: CellStyle { .plain }
    var success: CellStyle { style(.green, nil, bold: true) }
    var warning: CellStyle { style(.yellow, nil, bold: true) }
    var error: CellStyle { style(.red, nil, bold: true, underline: true) }
    var prompt: CellStyle { style(.yellow, nil, bold: true, reverse: true) }
    var helpKey: CellStyle { style(.cyan, nil, bold: true) }
    var helpText: CellStyle { .plain }
    var box: CellStyle { style(nil, nil, bold: true) }
    var heading: CellStyle { style(nil, nil, bold: true, underline: true) }
    var conflictTitle: CellStyle { style(.white, .red, bold: true, reverse: true) }
    var conflictTag: CellStyle { style(.white, .red, bold: true, reverse: true) }
    var autoTag: CellStyle { style(.green, nil, dim: false) }
    var resolvedTag: CellStyle { style(.cyan, nil, bold: true) }
    var mine: CellStyle { style(.green, nil) }
    var theirs: CellStyle { style(.magenta, nil) }
    var base: CellStyle { style(nil, nil, dim: true) }
    var hunk: CellStyle { style(.red, nil, bold: true) }
    var hunkCurrent: CellStyle { style(.white, .red, bold: true, reverse: true) }
    var selectedRow: CellStyle { style(nil, nil, bold: true, underline: true) }

    /// How an escape form (`^[`, `<U+202E>`) shows inside text of `base` style: reverse flipped, so it
    /// stands apart both in plain text and in reversed bars.
    func escape(in base: CellStyle) -> CellStyle {
        var s = base
        s.reverse.toggle()
        s.dim = false
        if colors {
            s.foreground = .magenta
            s.background = nil
            s.reverse = true
        }
        return s
    }
}
