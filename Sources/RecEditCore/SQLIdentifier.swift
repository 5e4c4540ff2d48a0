/// Quotes an identifier for SQL (SQLite and PostgreSQL share the rule): `a"b` → `"a""b"`.
/// Values never go through here: they are always bound as parameters.
public func quoteIdentifier(_ name: String) -> String {
    var out = "\""
    for ch in name {
        if ch == "\"" { out += "\"\"" } else { out.append(ch) }
    }
    return out + "\""
}

/// Quotes a string literal, for the few places SQL has no parameters (DDL: trigger bodies, defaults).
public func quoteLiteral(_ text: String) -> String {
    var out = "'"
    for ch in text {
        if ch == "'" { out += "''" } else { out.append(ch) }
    }
    return out + "'"
}
