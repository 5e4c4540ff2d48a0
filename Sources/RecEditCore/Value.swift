/// One database value, copied out of the driver at once.
public enum Value: Hashable, Sendable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    case blob([UInt8])
    /// TEXT whose bytes are not valid UTF-8 (SQLite stores whatever it is given), kept exactly as read so
    /// a field nobody touched is never rewritten. Made only by `Value.text(bytes:)`, never for valid UTF-8.
    /// Shown with each invalid byte as `\xNN`.
    case textBytes([UInt8])

    /// Text from raw bytes: `.text` when they are valid UTF-8, else `.textBytes` with the bytes untouched.
    /// Inlinable, so each caller gets it specialized: a store reads every text value through it.
    @inlinable
    public static func text<Bytes: Collection>(bytes: Bytes) -> Value where Bytes.Element == UInt8 {
        if let s = String(validating: bytes, as: UTF8.self) { return .text(s) }
        return .textBytes(Array(bytes))
    }

    /// Equal when the database would call them the same value: NaN equals NaN (else a NaN field
    /// would count as changed by everyone, and every merge would call it a conflict).
    public static func == (a: Value, b: Value) -> Bool {
        switch (a, b) {
        case (.null, .null): return true
        case (.integer(let x), .integer(let y)): return x == y
        case (.real(let x), .real(let y)): return x == y || (x.isNaN && y.isNaN)
        case (.text(let x), .text(let y)): return x == y
        case (.blob(let x), .blob(let y)): return x == y
        case (.textBytes(let x), .textBytes(let y)): return x == y
        default: return false
        }
    }

    public func hash(into hasher: inout Hasher) {
        switch self {
        case .null: hasher.combine(0)
        case .integer(let i): hasher.combine(1); hasher.combine(i)
        case .real(let d): hasher.combine(2); if d.isNaN { hasher.combine(Double.nan.bitPattern) } else { hasher.combine(d) }
        case .text(let s): hasher.combine(3); hasher.combine(s)
        case .blob(let b): hasher.combine(4); hasher.combine(b)
        case .textBytes(let b): hasher.combine(5); hasher.combine(b)
        }
    }

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
        case .textBytes(let b): return Value.escapingInvalidUTF8(b)
        }
    }

    /// The bytes as text, each byte that is not part of valid UTF-8 written `\xNN`.
    public static func escapingInvalidUTF8(_ bytes: [UInt8]) -> String {
        var out = ""
        var parser = Unicode.UTF8.ForwardParser()
        var input = bytes.makeIterator()
        var index = 0
        while true {
            switch parser.parseScalar(from: &input) {
            case .valid(let encoded):
                out.unicodeScalars.append(Unicode.UTF8.decode(encoded))
                index += encoded.count
            case .error(let length):
                for b in bytes[index..<min(bytes.count, index + length)] { out += "\\x" + Hex.encode(b) }
                index += length
            case .emptyInput:
                return out
            }
        }
    }

    /// How the value is shown in reports where NULL must be told apart from empty text.
    public var reportText: String {
        switch self {
        case .null: return "NULL"
        case .text(let s): return "\"" + s + "\""
        case .textBytes: return "\"" + displayText + "\""
        default: return displayText
        }
    }

    /// Reals as text; the ones JSON cannot hold are `Infinity`, `-Infinity` and `NaN` (as PostgreSQL writes them).
    static func format(_ d: Double) -> String {
        if d.isNaN { return "NaN" }
        if d.isInfinite { return d < 0 ? "-Infinity" : "Infinity" }
        if d.isFinite, d == d.rounded(), abs(d) < 1e15 { return String(Int64(d)) + ".0" }
        return String(d)
    }

    /// Reads what `format` writes for the non-finite reals, and ordinary decimal text.
    static func parseReal(_ text: String) -> Double? {
        switch text {
        case "NaN": return .nan
        case "Infinity": return .infinity
        case "-Infinity": return -.infinity
        default: return Double(text)
        }
    }
}
