/// The one hex codec: blobs shown and edited as `x'0a1b'`, `{"$blob": …}` in history, bytea's `\x…`, drafts.
/// Lowercase digits out; either case (and an optional `x'…'` around the digits) in.
public enum Hex {
    private static let digits = Array("0123456789abcdef".utf8)

    public static func encode(_ bytes: some Collection<UInt8>) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count * 2)
        for b in bytes {
            out.append(digits[Int(b >> 4)])
            out.append(digits[Int(b & 0xF)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// One byte as two digits.
    public static func encode(_ byte: UInt8) -> String { encode(CollectionOfOne(byte)) }

    /// The bytes of `text`, hex digits or `x'…'`; nil when it holds anything else or an odd number of digits.
    public static func decode(_ text: String) -> [UInt8]? {
        var s = Substring(text)
        if (s.hasPrefix("x'") || s.hasPrefix("X'")) && s.hasSuffix("'") && s.count >= 3 { s = s.dropFirst(2).dropLast() }
        let digits = Array(s.utf8)
        guard digits.count % 2 == 0 else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(digits.count / 2)
        var i = 0
        while i < digits.count {
            guard let hi = nibble(digits[i]), let lo = nibble(digits[i + 1]) else { return nil }
            out.append(hi << 4 | lo)
            i += 2
        }
        return out
    }

    private static func nibble(_ c: UInt8) -> UInt8? {
        switch c {
        case 48...57: return c - 48
        case 97...102: return c - 87
        case 65...70: return c - 55
        default: return nil
        }
    }
}
