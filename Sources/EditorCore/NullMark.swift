import RecEditCore

/// How NULL is shown, everywhere a value is (the form, the Conflict and review screens, the browser,
/// `recedit show`): the one text and the one style, so NULL never reads as empty text.
///
/// On screen the mark is drawn dim (an attribute, so it survives without colour). Where no style reaches the
/// reader (plain output), `plainText` keeps it unambiguous: a shown value that begins with `∅` is only ever
/// NULL, because a text that begins with `∅` or `"` is written as a JSON string literal instead.
public enum NullMark {
    public static let text = "∅ NULL"

    static func style(_ theme: Theme) -> CellStyle { theme.null }

    /// `value` as one plain string: the mark for NULL, the value's text otherwise (quoted when it could
    /// be read as the mark or as a quoted value).
    public static func plainText(_ value: Value) -> String {
        if value.isNull { return text }
        let shown = ValueParser.editableText(value)
        if case .text = value, shown.hasPrefix("∅") || shown.hasPrefix("\"") { return JSON.string(shown).serialized() }
        return shown
    }
}
