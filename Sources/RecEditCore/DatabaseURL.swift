/// Where the data lives: `sqlite:PATH` or a PostgreSQL URL / conninfo.
public enum DatabaseURL: Sendable, Equatable {
    case sqlite(path: String)
    case postgres(conninfo: String)

    public enum ParseError: Error, Equatable { case unrecognized(String), emptyPath }

    public static func parse(_ text: String) throws -> DatabaseURL {
        if text.hasPrefix("sqlite:") {
            var path = String(text.dropFirst("sqlite:".count))
            if path.hasPrefix("//") { path = String(path.dropFirst(2)) }
            guard !path.isEmpty else { throw ParseError.emptyPath }
            return .sqlite(path: path)
        }
        if text.hasPrefix("postgres://") || text.hasPrefix("postgresql://") { return .postgres(conninfo: text) }
        // A libpq keyword/value conninfo ("host=... dbname=...").
        if text.contains("=") && !text.contains("/") || text.hasPrefix("host=") || text.hasPrefix("dbname=") {
            return .postgres(conninfo: text)
        }
        throw ParseError.unrecognized(text)
    }

    /// True when the URL or conninfo carries a password (which then must not sit in a world-readable file).
    public var containsPassword: Bool {
        guard case .postgres(let conninfo) = self else { return false }
        return DatabaseURL.redact(conninfo) != conninfo
    }

    /// The URL for messages: a password, if any, is masked.
    public var redacted: String {
        switch self {
        case .sqlite(let path): return "sqlite:" + path
        case .postgres(let conninfo): return DatabaseURL.redact(conninfo)
        }
    }

    public static func redact(_ conninfo: String) -> String {
        if let scheme = conninfo.firstRange(of: "://") {
            let rest = conninfo[scheme.upperBound...]
            if let at = rest.firstIndex(of: "@"), let colon = rest[..<at].firstIndex(of: ":") {
                return String(conninfo[..<rest.index(after: colon)]) + "***" + String(rest[at...])
                    .replacingPasswordParameter()
            }
            return conninfo.replacingPasswordParameter()
        }
        return conninfo.replacingPasswordParameter()
    }
}

extension String {
    /// Masks `password=...` in a keyword/value conninfo or a URL query.
    func replacingPasswordParameter() -> String {
        guard let r = firstRange(of: "password=") else { return self }
        var end = r.upperBound
        while end < endIndex, self[end] != " ", self[end] != "&" { end = index(after: end) }
        return String(self[..<r.upperBound]) + "***" + String(self[end...])
    }
}

/// Settings a store takes when it opens.
public struct StoreOptions: Sendable, Equatable {
    /// SQLite busy_timeout.
    public var busyTimeoutMs: Int = 5_000
    /// PostgreSQL lock_timeout and statement_timeout (0 = off).
    public var lockTimeoutMs: Int = 5_000
    public var statementTimeoutMs: Int = 30_000

    public init() {}
}
