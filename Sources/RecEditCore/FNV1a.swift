/// The one short stable hash: 64-bit FNV-1a over UTF-8, written as 16 lowercase hex digits. Names derived from
/// it persist (PostgreSQL trigger functions, MariaDB trigger names and signatures, draft file names), so it
/// must never change.
public enum FNV1a {
    public static func hash(_ bytes: some Sequence<UInt8>) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in bytes {
            h ^= UInt64(b)
            h = h &* 0x0000_0100_0000_01b3
        }
        return h
    }

    public static func hex(_ text: String) -> String {
        let h = hash(text.utf8)
        return Hex.encode((0..<8).reversed().map { UInt8(truncatingIfNeeded: h >> ($0 * 8)) })
    }
}
