/// Every message a person reads, keyed, in both languages.
///
/// The entries live in `Catalog+*.swift`, one part per area (`Catalog+Editor.swift`, `Catalog+CLI.swift`, …);
/// `Catalog.parts` joins them. A message names its arguments as `{placeholders}`; `localized(_:_:)` fills them in.
/// `CatalogTests` fails when a key has no Chinese, when a translation drops or invents a placeholder, when a key is
/// defined twice, or when the code asks for a key the catalog lacks.
public struct CatalogEntry: Sendable {
    public let english: String
    public let chinese: String

    public init(_ english: String, zh chinese: String) {
        self.english = english
        self.chinese = chinese
    }

    public func text(in language: Language) -> String {
        switch language {
        case .english: english
        case .chinese: chinese
        }
    }
}

public enum Catalog {
    /// The parts, each a list of (key, entry); a list, not a dictionary literal, so that a key defined twice is a
    /// test failure rather than a crash at start-up.
    static let parts: [[(String, CatalogEntry)]] = [
        common, editor, editorMessages, conflict, browser, help, history, editorApp, cli, cliHelp, storeErrors,
    ]

    /// All entries by key; where a key is defined twice the first wins (and `CatalogTests` fails).
    public static let entries: [String: CatalogEntry] = {
        var all: [String: CatalogEntry] = [:]
        for part in parts {
            for (key, entry) in part where all[key] == nil { all[key] = entry }
        }
        return all
    }()

    /// Every key with the number of times it is defined (for the duplicate check).
    public static var keyCounts: [String: Int] {
        var counts: [String: Int] = [:]
        for part in parts {
            for (key, _) in part { counts[key, default: 0] += 1 }
        }
        return counts
    }

    /// The `{name}` placeholders of a message, in order of appearance.
    public static func placeholders(in text: String) -> [String] {
        var names: [String] = []
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "{") {
            let after = rest[rest.index(after: open)...]
            guard let close = after.firstIndex(of: "}") else { break }
            let name = after[..<close]
            if !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) { names.append(String(name)) }
            rest = after[after.index(after: close)...]
        }
        return names
    }

    /// The message `key` in `language` with its placeholders filled in. An unknown key reads as the key itself, so
    /// a slip shows on screen (and fails `CatalogTests`) instead of crashing.
    public static func text(_ key: String, _ arguments: [String: String] = [:], in language: Language = Language.current) -> String {
        guard let entry = entries[key] else { return key }
        return fill(entry.text(in: language), arguments)
    }

    /// Replaces each `{name}` that has an argument; the argument's own text is never scanned again.
    static func fill(_ template: String, _ arguments: [String: String]) -> String {
        guard !arguments.isEmpty, template.contains("{") else { return template }
        var out = ""
        var rest = Substring(template)
        while let open = rest.firstIndex(of: "{") {
            out += rest[..<open]
            let after = rest[rest.index(after: open)...]
            if let close = after.firstIndex(of: "}"), let value = arguments[String(after[..<close])] {
                out += value
                rest = after[after.index(after: close)...]
            } else {
                out += "{"
                rest = after
            }
        }
        out += rest
        return out
    }
}

/// The message `key` in the current language, its `{placeholders}` filled from `arguments`.
public func localized(_ key: String, _ arguments: [String: String] = [:]) -> String {
    Catalog.text(key, arguments)
}
