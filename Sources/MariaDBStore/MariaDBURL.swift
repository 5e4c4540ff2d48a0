/// A MariaDB / MySQL URL: `mysql://[user[:password]@]host[:port][/database][?socket=PATH]` (or `mariadb://`),
/// components percent-encoded. `host` `localhost` with a `socket` connects over that Unix socket.
/// Passwords are found by parsing the URL, never by a text pattern, and never appear in `redacted`.
public struct MariaDBURL: Sendable, Equatable {
    public var scheme: String
    public var user: String?
    public var password: String?
    public var host: String
    public var port: UInt32
    public var database: String?
    public var socket: String?

    public static let schemes = ["mysql://", "mariadb://"]

    public static func isMariaDB(_ text: String) -> Bool { schemes.contains { text.hasPrefix($0) } }

    public enum ParseError: Error, Equatable { case notAURL, badPort, badEncoding, unknownParameter(String) }

    public static func parse(_ text: String) throws -> MariaDBURL {
        guard let scheme = schemes.first(where: { text.hasPrefix($0) }) else { throw ParseError.notAURL }
        var rest = Substring(text.dropFirst(scheme.count))
        var query: Substring = ""
        if let mark = rest.firstIndex(of: "?") {
            query = rest[rest.index(after: mark)...]
            rest = rest[..<mark]
        }
        var user: String?, password: String?
        // The user info runs to the last '@' before the path (a password may hold '@' only percent-encoded,
        // but be lenient: the last '@' of the authority wins).
        let authorityEnd = rest.firstIndex(of: "/") ?? rest.endIndex
        var authority = rest[..<authorityEnd]
        let path = rest[authorityEnd...]
        if let at = authority.lastIndex(of: "@") {
            let info = authority[..<at]
            if let colon = info.firstIndex(of: ":") {
                user = try decode(info[..<colon])
                password = try decode(info[info.index(after: colon)...])
            } else {
                user = try decode(info)
            }
            authority = authority[authority.index(after: at)...]
        }
        var host = "localhost"
        var port: UInt32 = 0
        if authority.hasPrefix("["), let close = authority.firstIndex(of: "]") {
            host = String(authority[authority.index(after: authority.startIndex)..<close])
            let after = authority[authority.index(after: close)...]
            if after.hasPrefix(":") {
                guard let p = UInt32(after.dropFirst()), p > 0, p < 65536 else { throw ParseError.badPort }
                port = p
            }
        } else if let colon = authority.lastIndex(of: ":") {
            host = try decode(authority[..<colon])
            guard let p = UInt32(authority[authority.index(after: colon)...]), p > 0, p < 65536 else { throw ParseError.badPort }
            port = p
        } else if !authority.isEmpty {
            host = try decode(authority)
        }
        if host.isEmpty { host = "localhost" }
        var database: String?
        if path.count > 1 { database = try decode(path.dropFirst()) }
        var socket: String?
        for pair in query.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = try decode(parts[0])
            let value = parts.count > 1 ? try decode(parts[1]) : ""
            switch key {
            case "socket", "unix_socket": socket = value
            case "password": password = value
            case "user": user = value
            default: throw ParseError.unknownParameter(key)
            }
        }
        return MariaDBURL(
            scheme: String(scheme.dropLast(3)), user: user, password: password, host: host, port: port,
            database: database, socket: socket)
    }

    /// True when the text carries a password, or cannot be parsed (then it might).
    public static func hasPassword(_ text: String) -> Bool {
        guard let url = try? parse(text) else { return true }
        return !(url.password ?? "").isEmpty
    }

    /// Shown in place of a URL that cannot be parsed: where its password is cannot be known.
    public static let unparsable = "(a MariaDB URL recedit cannot parse; not shown)"

    /// The URL for messages, any password replaced by `***`.
    public static func redacted(_ text: String) -> String {
        (try? parse(text)).map { $0.text(password: ($0.password ?? "").isEmpty ? nil : "***") } ?? unparsable
    }

    /// The URL without its password, for a command printed to be pasted; nil when it cannot be parsed.
    public static func withoutPassword(_ text: String) -> String? {
        (try? parse(text)).map { $0.text(password: nil) }
    }

    /// The URL rebuilt from its parts, with `password` in place of the real one (nil: none).
    public func text(password: String?) -> String {
        var out = scheme + "://"
        if let user {
            out += MariaDBURL.encode(user)
            if let password { out += ":" + (password == "***" ? password : MariaDBURL.encode(password)) }
            out += "@"
        }
        out += host.contains(":") ? "[" + host + "]" : MariaDBURL.encode(host)
        if port != 0 { out += ":" + String(port) }
        if let database { out += "/" + MariaDBURL.encode(database) }
        if let socket { out += "?socket=" + MariaDBURL.encode(socket, keeping: "/") }
        return out
    }

    static func decode(_ text: Substring) throws -> String {
        var bytes: [UInt8] = []
        var utf8 = Array(text.utf8)[...]
        while let byte = utf8.popFirst() {
            if byte == UInt8(ascii: "%") {
                guard utf8.count >= 2, let value = UInt8(String(decoding: utf8.prefix(2), as: UTF8.self), radix: 16) else {
                    throw ParseError.badEncoding
                }
                bytes.append(value)
                utf8 = utf8.dropFirst(2)
            } else {
                bytes.append(byte)
            }
        }
        guard let string = String(validating: bytes, as: UTF8.self) else { throw ParseError.badEncoding }
        return string
    }

    static func encode(_ text: String, keeping extra: String = "") -> String {
        let safe = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~".utf8).union(extra.utf8)
        var out = ""
        for b in text.utf8 {
            if safe.contains(b) {
                out.unicodeScalars.append(Unicode.Scalar(b))
            } else {
                let hex = String(b, radix: 16, uppercase: true)
                out += "%" + (hex.count == 1 ? "0" + hex : hex)
            }
        }
        return out
    }
}
