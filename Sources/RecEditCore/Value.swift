/// One database value, copied out of the driver at once.
public enum Value: Hashable, Sendable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    case blob([UInt8])

    public var isNull: Bool { if case .null = self { return true } else { return false } }

    public var textValue: String? { if case .text(let s) = self { return s } else { return nil } }

    /// A human-readable rendering used by the CLI and the editor (not SQL).
    public var displayText: String {
        switch self {
        case .null: return ""
        case .integer(let i): return String(i)
        case .real(let d): return Value.format(d)
        case .text(let s): return s
        case .blob(let b): return "x'" + Hex.encode(b) + "'"
        }
    }

    /// How the value is shown in reports where NULL must be told apart from empty text.
    public var reportText: String {
        switch self {
        case .null: return "NULL"
        case .text(let s): return "\"" + s + "\""
        default: return displayText
        }
    }

    static func format(_ d: Double) -> String {
        if d.isFinite, d == d.rounded(), abs(d) < 1e15 { return String(Int64(d)) + ".0" }
        return String(d)
    }

    static func hexDigits(_ byte: UInt8) -> String {
        let digits = Array("0123456789abcdef")
        return String([digits[Int(byte >> 4)], digits[Int(byte & 0xF)]])
    }
}
