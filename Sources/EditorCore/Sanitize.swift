/// Makes untrusted text safe to put on a terminal.
///
/// Nothing that a terminal could act on is ever emitted raw. C0 controls and DEL show in caret form
/// (`^[` for ESC, `^G` for BEL, `^I` for TAB, `^?` for DEL), C1 controls as `\x9b`, bidi overrides and
/// isolates (and the other invisible direction/line-separator marks) as `<U+202E>`, and graphemes that
/// would take no column at all (a lone combining mark, a zero-width space) as `<U+XXXX>` too.
/// Every visible form is flagged `isEscape` so the renderer styles it apart from real text.
/// Newlines are line breaks only where the caller splits lines itself; anywhere else they show as `^J`.
public enum Sanitize {
    /// One display unit: a grapheme (or one character of an escape form) and its width in columns.
    public struct Glyph: Equatable, Sendable {
        public var text: String
        public var width: Int
        public var isEscape: Bool

        public init(text: String, width: Int, isEscape: Bool) {
            self.text = text
            self.width = width
            self.isEscape = isEscape
        }
    }

    /// The glyphs that show one character.
    public static func glyphs(for character: Character) -> [Glyph] {
        let scalars = character.unicodeScalars
        if scalars.count == 1, let s = scalars.first {
            if let escaped = escapeForm(s) { return escaped }
            if s.value == 0xFFFD { return [Glyph(text: "\u{FFFD}", width: 1, isEscape: true)] }
            let w = DisplayWidth.of(s)
            return w == 0 ? codePointForm(s) : [Glyph(text: String(character), width: w, isEscape: false)]
        }
        if scalars.contains(where: { isUnsafe($0) }) {
            // Only CR LF in practice (controls never combine), but never trust that.
            var out: [Glyph] = []
            for s in scalars { out += glyphs(for: Character(s)) }
            return out
        }
        let w = DisplayWidth.of(character)
        if w == 0 { return scalars.flatMap(codePointForm) }
        return [Glyph(text: String(character), width: w, isEscape: false)]
    }

    /// The glyphs of a whole string on one line (newlines as `^J`).
    public static func glyphs(_ text: String) -> [Glyph] {
        var out: [Glyph] = []
        for c in text { out += glyphs(for: c) }
        return out
    }

    /// The text as it shows on one line, escape forms included (for messages and tests).
    public static func visible(_ text: String) -> String {
        // Printable ASCII shows as itself: the common case, and every line the command line prints comes here.
        if text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) { return text }
        return glyphs(text).map(\.text).joined()
    }

    /// Display columns of `text` on one line after sanitizing.
    public static func width(_ text: String) -> Int {
        glyphs(text).reduce(0) { $0 + $1.width }
    }

    /// Display columns of one character after sanitizing.
    public static func width(of character: Character) -> Int {
        let scalars = character.unicodeScalars
        if scalars.count == 1, let s = scalars.first, !isUnsafe(s), s.value != 0xFFFD {
            let w = DisplayWidth.of(s)
            if w > 0 { return w }
        }
        return glyphs(for: character).reduce(0) { $0 + $1.width }
    }

    /// True for scalars that must never reach the terminal raw.
    public static func isUnsafe(_ s: Unicode.Scalar) -> Bool {
        let v = s.value
        return v < 0x20 || (0x7F...0x9F).contains(v) || isBidiOrSeparator(v)
    }

    static func isBidiOrSeparator(_ v: UInt32) -> Bool {
        (0x202A...0x202E).contains(v) || (0x2066...0x2069).contains(v) || v == 0x200E || v == 0x200F
            || v == 0x061C || v == 0x2028 || v == 0x2029
    }

    static func escapeForm(_ s: Unicode.Scalar) -> [Glyph]? {
        let v = s.value
        if v < 0x20 { return ascii("^" + String(Character(Unicode.Scalar(UInt8(v + 0x40))))) }
        if v == 0x7F { return ascii("^?") }
        if (0x80...0x9F).contains(v) { return ascii("\\x" + hex(v, digits: 2)) }
        if isBidiOrSeparator(v) { return codePointForm(s) }
        return nil
    }

    static func codePointForm(_ s: Unicode.Scalar) -> [Glyph] {
        ascii("<U+" + hex(s.value, digits: 4) + ">")
    }

    private static func ascii(_ text: String) -> [Glyph] {
        text.map { Glyph(text: String($0), width: 1, isEscape: true) }
    }

    static func hex(_ v: UInt32, digits: Int) -> String {
        let s = String(v, radix: 16, uppercase: digits == 4)
        return String(repeating: "0", count: max(0, digits - s.count)) + s
    }
}
