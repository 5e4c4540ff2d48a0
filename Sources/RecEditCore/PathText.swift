/// File paths as text, without Foundation (whose `NSString` path methods pull in all of it at start-up).
public enum PathText {
    /// The directory part of `path`, as `NSString.deletingLastPathComponent` gives it: "/a/b" → "/a",
    /// "/a" → "/", "a" → "", "a/b/" → "a", "a//b" → "a", "/" → "/".
    public static func directory(of path: String) -> String {
        var bytes = Array(path.utf8)[...]
        let absolute = bytes.first == UInt8(ascii: "/")
        func dropTrailingSlashes() {
            while bytes.count > 1, bytes.last == UInt8(ascii: "/") { bytes = bytes.dropLast() }
        }
        dropTrailingSlashes()
        guard let slash = bytes.lastIndex(of: UInt8(ascii: "/")) else { return "" }
        bytes = bytes[..<slash]
        dropTrailingSlashes()
        if bytes.isEmpty { return absolute ? "/" : "" }
        return String(decoding: bytes, as: UTF8.self)
    }
}
