import RecEditCore

/// A boolean column (PostgreSQL `boolean`, MariaDB `tinyint(1)`, SQLite `BOOLEAN`), shown `true` / `false` and
/// kept as every store reads and writes it: `.integer(1)` / `.integer(0)`. Space toggles (through NULL when the
/// column takes it); `t`, `y`, `1` set true, `f`, `n`, `0` false; nothing else can be typed.
extension FieldKind {
    static func booleanText(_ value: Value) -> String? {
        switch value {
        case .integer(1): return "true"
        case .integer(0): return "false"
        default: return nil
        }
    }
}

extension RowSession {
    mutating func booleanKey(_ key: Key, name: String, nullable: Bool) -> [EditorEffect]? {
        switch key {
        case .character(" "):
            let now = (try? fields[name]?.value.get()) ?? .null
            switch now {
            case .integer(1): return give(.integer(0), to: name)
            case .integer(0) where nullable: return give(.null, to: name)
            default: return give(.integer(1), to: name)
            }
        case .character(let c):
            switch c.lowercased() {
            case "t", "y", "1": return give(.integer(1), to: name)
            case "f", "n", "0": return give(.integer(0), to: name)
            default:
                say(localized(nullable ? "status.boolean.nullable" : "status.boolean", ["field": name]), .warning)
                return []
            }
        case _ where RowSession.editsText(key):
            say(localized(nullable ? "status.boolean.nullable" : "status.boolean", ["field": name]), .warning)
            return []
        default:
            return nil
        }
    }
}
