import CLibpq
import Glibc

/// A PostgreSQL connection string (`postgresql://` URL or keyword/value conninfo) as libpq reads it.
/// Passwords are found by parsing (libpq's `PQconninfoParse`, and the URL split the way libpq splits it),
/// never by a text pattern, and every masked form is checked by parsing it again.
public enum PostgresConninfo {
    /// The options libpq reads from `conninfo` (only those given, in libpq's order), or nil when it cannot parse it.
    public static func options(_ conninfo: String) -> [(keyword: String, value: String)]? {
        var error: UnsafeMutablePointer<CChar>?
        defer { if let error { PQfreemem(error) } }
        guard let parsed = PQconninfoParse(conninfo, &error) else { return nil }
        defer { PQconninfoFree(parsed) }
        var out: [(String, String)] = []
        var p = parsed
        while let keyword = p.pointee.keyword {
            if let value = p.pointee.val { out.append((String(cString: keyword), String(cString: value))) }
            p += 1
        }
        return out
    }

    /// True when libpq can read the string as a conninfo or URL.
    public static func isValid(_ conninfo: String) -> Bool { options(conninfo) != nil }

    /// True when the string carries a password, or cannot be parsed (then it might).
    public static func hasPassword(_ conninfo: String) -> Bool {
        guard let options = options(conninfo) else { return true }
        return options.contains { $0.keyword == "password" && !$0.value.isEmpty }
    }

    /// Shown in place of a string libpq cannot parse: where its password is cannot be known.
    public static let unparsable = "(a PostgreSQL connection string libpq cannot parse; not shown)"

    /// The string for messages, any password replaced by `***`.
    /// Line breaks and other controls (whitespace to libpq) become spaces: a message stays one line (scripts/faults F9).
    public static func redacted(_ conninfo: String) -> String {
        guard let shown = rewritten(conninfo, password: "***") else { return unparsable }
        return String(
            String.UnicodeScalarView(
                shown.unicodeScalars.map {
                    $0.value < 0x20 || (0x7F...0x9F).contains($0.value) ? " " : $0
                }))
    }

    /// The string with any password left out (libpq then takes it from `PGPASSWORD` or `~/.pgpass`), for a
    /// command printed to be pasted. Nil when libpq cannot parse it.
    public static func withoutPassword(_ conninfo: String) -> String? {
        rewritten(conninfo, password: nil)
    }

    /// `conninfo` with its password replaced (or dropped when `password` is nil), keeping the user's form when
    /// that re-parses to exactly the same options; otherwise rebuilt as keyword/value pairs from libpq's parse.
    static func rewritten(_ conninfo: String, password: String?) -> String? {
        guard let original = options(conninfo) else { return nil }
        guard original.contains(where: { $0.keyword == "password" && !$0.value.isEmpty }) else { return conninfo }
        var expected = original.filter { $0.keyword != "password" }
        if let password { expected.append(("password", password)) }
        func matches(_ candidate: String) -> Bool {
            guard let got = options(candidate) else { return false }
            return Set(got.map { "\($0.keyword)=\($0.value)" }) == Set(expected.map { "\($0.keyword)=\($0.value)" })
                && got.count == expected.count
        }
        if let url = URLForm(conninfo)?.replacingPassword(with: password), matches(url) { return url }
        if let pairs = KeywordForm(conninfo)?.replacingPassword(with: password), matches(pairs) { return pairs }
        let keywords = original.compactMap { option -> String? in
            if option.keyword == "password" { return password.map { "password=" + quote($0) } }
            return option.keyword + "=" + quote(option.value)
        }.joined(separator: " ")
        return matches(keywords) ? keywords : nil
    }

    /// A conninfo value: bare when it has no space, quote or backslash, else in single quotes with `\` escapes.
    static func quote(_ value: String) -> String {
        if !value.isEmpty && !value.contains(where: { $0 == " " || $0 == "'" || $0 == "\\" || $0.isWhitespace }) { return value }
        return "'" + value.replacingAll("\\", with: "\\\\").replacingAll("'", with: "\\'") + "'"
    }

    /// A keyword/value conninfo split the way libpq's `conninfo_parse` splits it: `keyword = value` pairs
    /// separated by whitespace, a value either bare (to the next whitespace) or in single quotes, `\\` escaping
    /// the next character in both. Keeps the user's order and spelling of everything but the password.
    struct KeywordForm {
        /// Each pair's keyword and the byte range of the whole pair and of its value in the text.
        var pairs: [(keyword: String, pair: Range<Int>, value: Range<Int>)] = []
        var bytes: [UInt8]

        init?(_ text: String) {
            bytes = Array(text.utf8)
            func isSpace(_ b: UInt8) -> Bool { b == 0x20 || (0x09...0x0D).contains(b) }
            var i = 0
            while i < bytes.count {
                if isSpace(bytes[i]) { i += 1; continue }
                let start = i
                while i < bytes.count, bytes[i] != UInt8(ascii: "="), !isSpace(bytes[i]) { i += 1 }
                let keyword = String(decoding: bytes[start..<i], as: UTF8.self)
                while i < bytes.count, isSpace(bytes[i]) { i += 1 }
                guard i < bytes.count, bytes[i] == UInt8(ascii: "=") else { return nil }
                i += 1
                while i < bytes.count, isSpace(bytes[i]) { i += 1 }
                let valueStart = i
                if i < bytes.count, bytes[i] == UInt8(ascii: "'") {
                    i += 1
                    while true {
                        guard i < bytes.count else { return nil }
                        if bytes[i] == UInt8(ascii: "\\") { i += 2; continue }
                        i += 1
                        if bytes[i - 1] == UInt8(ascii: "'") { break }
                    }
                } else {
                    while i < bytes.count, !isSpace(bytes[i]) { i += bytes[i] == UInt8(ascii: "\\") ? 2 : 1 }
                }
                i = min(i, bytes.count)
                pairs.append((keyword, start..<i, valueStart..<i))
            }
        }

        func replacingPassword(with replacement: String?) -> String {
            var out = bytes
            for pair in pairs.reversed() where pair.keyword == "password" {
                if let replacement {
                    out.replaceSubrange(pair.value, with: Array(PostgresConninfo.quote(replacement).utf8))
                } else {
                    out.replaceSubrange(pair.pair, with: [])
                }
            }
            var text = String(decoding: out, as: UTF8.self)
            if replacement == nil {
                text = text.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
            }
            return text
        }
    }

    /// A `postgresql://` URL split where libpq splits it (`conninfo_uri_parse_options`): the user info runs to the
    /// first `@` when no `/` comes before it, the password is what follows its first `:`, and the query starts at
    /// the first `?` after the user info, with `&`-separated `key=value` pairs (keys percent-encoded).
    struct URLForm {
        var prefix: String
        var user: String?
        var password: String?
        var hostAndPath: String
        var query: [String]?

        init?(_ text: String) {
            guard let scheme = ["postgresql://", "postgres://"].first(where: { text.hasPrefix($0) }) else { return nil }
            prefix = scheme
            var rest = Substring(text.dropFirst(scheme.count))
            if let at = rest.firstIndex(where: { $0 == "@" || $0 == "/" }), rest[at] == "@" {
                let info = rest[..<at]
                if let colon = info.firstIndex(of: ":") {
                    user = String(info[..<colon])
                    password = String(info[info.index(after: colon)...])
                } else {
                    user = String(info)
                }
                rest = rest[rest.index(after: at)...]
            }
            if let mark = rest.firstIndex(of: "?") {
                hostAndPath = String(rest[..<mark])
                query = rest[rest.index(after: mark)...].split(separator: "&", omittingEmptySubsequences: false).map(String.init)
            } else {
                hostAndPath = String(rest)
            }
        }

        func replacingPassword(with replacement: String?) -> String {
            var text = prefix
            if let user {
                text += user
                if password != nil, let replacement { text += ":" + replacement }
                text += "@"
            }
            text += hostAndPath
            if let query {
                let kept = query.compactMap { pair -> String? in
                    let key = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? pair
                    guard URLForm.percentDecoded(key) == "password" else { return pair }
                    return replacement.map { key + "=" + $0 }
                }
                if !kept.isEmpty { text += "?" + kept.joined(separator: "&") }
            }
            return text
        }

        static func percentDecoded(_ text: String) -> String? {
            var bytes: [UInt8] = []
            var utf8 = Array(text.utf8)[...]
            while let byte = utf8.popFirst() {
                if byte == UInt8(ascii: "%") {
                    guard utf8.count >= 2, let value = UInt8(String(decoding: utf8.prefix(2), as: UTF8.self), radix: 16) else { return nil }
                    bytes.append(value)
                    utf8 = utf8.dropFirst(2)
                } else {
                    bytes.append(byte)
                }
            }
            return String(decoding: bytes, as: UTF8.self)
        }
    }
}
