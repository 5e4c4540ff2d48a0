import RecEditCore

/// SQLite's declared types as recedit reads them, and the demo table's types.
enum SQLiteTypes {
    /// SQLite's affinity rules (https://sqlite.org/datatype3.html §3.1), applied to a declared type.
    static func kind(declaredType declared: String) -> ColumnKind {
        let t = declared.uppercased()
        if has(t, "INT") { return .integer }
        if has(t, "CHAR") || has(t, "CLOB") || has(t, "TEXT") { return .text }
        if t.isEmpty || has(t, "BLOB") { return t.isEmpty ? .any : .blob }
        if has(t, "REAL") || has(t, "FLOA") || has(t, "DOUB") { return .real }
        if has(t, "BOOL") { return .boolean }
        return .numeric
    }

    /// True when `part`'s bytes occur in `text`'s, as SQLite reads a declared type ("contains the string INT").
    /// Not `String.contains`: run for every column when a table opens, its generic search showed in every start-up.
    static func has(_ text: String, _ part: String) -> Bool {
        var text = text, part = part
        return text.withUTF8 { t in
            part.withUTF8 { p in
                guard p.count <= t.count else { return false }
                search: for i in 0...(t.count - p.count) {
                    for j in 0..<p.count where t[i + j] != p[j] { continue search }
                    return true
                }
                return false
            }
        }
    }

    /// What the declared type's name says beyond its affinity (SQLite keeps dates and JSON as text or numbers).
    static func typeClass(declaredType declared: String) -> ColumnTypeClass {
        let t = declared.uppercased()
        let words = Set(t.split { !$0.isLetter && !$0.isNumber }.map(String.init))
        if words.contains("JSON") || words.contains("JSONB") { return .json }
        if words.contains("DATETIME") || words.contains("TIMESTAMP") { return .timestamp }
        if words.contains("DATE") { return .date }
        if words.contains("TIME") { return .time }
        return ColumnTypeClass(kind(declaredType: declared))
    }

    /// The `n` of a declared `VARCHAR(n)` / `CHAR(n)` (SQLite does not enforce it; the application meant it).
    static func maxLength(declaredType declared: String) -> Int? {
        guard has(declared.uppercased(), "CHAR"), let open = declared.firstIndex(of: "("),
            let close = declared[open...].firstIndex(of: ")")
        else { return nil }
        return Int(String(declared[declared.index(after: open)..<close]).filter { !$0.isWhitespace })
    }

    /// How SQLite spells the demo table's columns.
    static let demo = DemoData.Dialect(
        key: "INTEGER PRIMARY KEY", integer: "INTEGER",
        quoteIdentifier: { quoteIdentifier($0) }, quoteLiteral: { quoteLiteral($0) })
}
