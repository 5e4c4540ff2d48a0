/// What a key does in the form, by the name the config file's `keys` section uses.
public enum KeyAction: String, CaseIterable, Sendable {
    case save, quit, reload, review, null, externalEdit, takeOver, help
    case nextField, previousField, up, down, left, right, home, end, pageUp, pageDown

    /// Today's keys for the action; the first is the one the form's handling is written against.
    public var defaultKeys: [Key] {
        switch self {
        case .save: [.control("s")]
        case .quit: [.control("q")]
        case .reload: [.control("r")]
        case .review: [.control("d")]
        case .null: [.control("n")]
        case .externalEdit: [.control("o")]
        case .takeOver: [.control("t")]
        case .help: [.function(1), .control("g")]
        case .nextField: [.tab]
        case .previousField: [.backTab]
        case .up: [.up]
        case .down: [.down]
        case .left: [.left, .control("b")]
        case .right: [.right, .control("f")]
        case .home: [.home, .control("a")]
        case .end: [.end, .control("e")]
        case .pageUp: [.pageUp]
        case .pageDown: [.pageDown]
        }
    }
}

/// Why a `keys` section cannot be used, as the end of a one-line message (the caller names the file).
public enum KeyMapError: Error, Equatable, Sendable {
    case unknownAction(String)
    case noKeys(action: String)
    case unknownKey(action: String, text: String)
    case reserved(action: String, key: String, why: String)
    case conflict(key: String, first: String, second: String)

    public var message: String {
        switch self {
        case .unknownAction(let name):
            "unknown action \"keys.\(name)\"; known: \(KeyAction.allCases.map(\.rawValue).joined(separator: ", "))"
        case .noKeys(let action):
            "\"keys.\(action)\" must be a key name or a non-empty array of key names"
        case .unknownKey(let action, let text):
            "\"keys.\(action)\": '\(text)' is not a key name; use e.g. C-s, F2, Up, PgDn, S-Tab"
        case .reserved(let action, let key, let why):
            "\"keys.\(action)\": \(key) \(why); it cannot be bound"
        case .conflict(let key, let first, let second):
            "\(key) is bound to both \(first) and \(second); give one of them another key"
        }
    }
}

/// The form's key bindings: the defaults, with the actions the config file rebinds on other keys. The form is
/// written against the default keys; `translate` turns a pressed key into the default key of its action, so the
/// form's handling stays as it is. The Conflict screen, the other screens and the browser keep their keys.
public struct KeyMap: Sendable, Equatable {
    /// The rebound actions only; every other action keeps its default keys.
    public private(set) var rebound: [KeyAction: [Key]] = [:]

    public static let standard = KeyMap()

    public init() {}

    /// Builds the map from the config's `keys` section: action names to key names. Each rebound action loses
    /// its default keys (list them again to keep them); no key may be bound to two actions.
    public init(_ section: [(action: String, keys: [String])]) throws(KeyMapError) {
        for (name, texts) in section {
            guard let action = KeyAction(rawValue: name) else { throw .unknownAction(name) }
            guard !texts.isEmpty else { throw .noKeys(action: name) }
            var keys: [Key] = []
            for text in texts {
                guard let key = KeyMap.parse(text) else { throw .unknownKey(action: name, text: text) }
                if let why = KeyMap.reservedReason(key) { throw .reserved(action: name, key: KeyMap.name(key), why: why) }
                if !keys.contains(key) { keys.append(key) }
            }
            rebound[action] = keys
        }
        var owners: [(key: Key, action: KeyAction)] = []
        for action in KeyAction.allCases {
            for key in keys(for: action) {
                if let other = owners.first(where: { $0.key == key })?.action {
                    throw .conflict(key: KeyMap.name(key), first: other.rawValue, second: action.rawValue)
                }
                owners.append((key, action))
            }
        }
    }

    public var isStandard: Bool { rebound.isEmpty }

    public func keys(for action: KeyAction) -> [Key] { rebound[action] ?? action.defaultKeys }

    /// The key the form's handling knows for `key`: a rebound key becomes its action's default key; a default
    /// key whose action was moved elsewhere does nothing (nil); any other key is itself.
    public func translate(_ key: Key) -> Key? {
        guard !rebound.isEmpty else { return key }
        for action in KeyAction.allCases where keys(for: action).contains(key) {
            return action.defaultKeys.contains(key) ? key : action.defaultKeys[0]
        }
        if KeyAction.allCases.contains(where: { $0.defaultKeys.contains(key) }) { return nil }
        return key
    }

    /// The keys of `action` as the help screen shows them ("F2", "Ctrl-S  Ctrl-X").
    public func label(_ action: KeyAction) -> String { keys(for: action).map(KeyMap.name).joined(separator: "  ") }

    /// The action's first key as messages name it ("Ctrl-S", "F2").
    public func firstName(_ action: KeyAction) -> String { keys(for: action).first.map(KeyMap.name) ?? "" }

    /// The action's first key as the form's bottom row shows it ("^S", "F1").
    public func hint(_ action: KeyAction) -> String {
        guard let key = keys(for: action).first else { return "" }
        if case .control(let c) = key { return "^" + c.uppercased() }
        return KeyMap.name(key)
    }

    // MARK: - Key names

    /// Key names, case-insensitive: `C-s` / `Ctrl-S` / `Ctrl+S` / `^S` (Ctrl plus a letter), `F1`...`F12`,
    /// `Up` `Down` `Left` `Right` `Home` `End` `PgUp`/`PageUp` `PgDn`/`PageDown` `Tab` `S-Tab`/`BackTab`
    /// `Enter` `Esc` `Bksp`/`Backspace` `Del`/`Delete`, or a single character.
    public static func parse(_ text: String) -> Key? {
        if text.count == 1, let c = text.first, !c.isWhitespace, !(c.asciiValue.map { $0 < 0x20 || $0 == 0x7F } ?? false) {
            return .character(c)
        }
        let lower = text.lowercased()
        for prefix in ["ctrl-", "ctrl+", "c-", "^"] where lower.hasPrefix(prefix) {
            let rest = lower.dropFirst(prefix.count)
            guard rest.count == 1, let c = rest.first, c.isASCII, c.isLetter else { return nil }
            return .control(c)
        }
        if lower.hasPrefix("f"), let n = Int(lower.dropFirst()), (1...12).contains(n), !lower.dropFirst().hasPrefix("0") {
            return .function(n)
        }
        switch lower {
        case "up": return .up
        case "down": return .down
        case "left": return .left
        case "right": return .right
        case "home": return .home
        case "end": return .end
        case "pgup", "pageup": return .pageUp
        case "pgdn", "pagedown": return .pageDown
        case "tab": return .tab
        case "s-tab", "shift-tab", "backtab": return .backTab
        case "enter", "return": return .enter
        case "esc", "escape": return .escape
        case "bksp", "backspace": return .backspace
        case "del", "delete": return .delete
        default: return nil
        }
    }

    /// The name the help screen and error messages use for `key`.
    public static func name(_ key: Key) -> String {
        switch key {
        case .character(let c): "'\(c)'"
        case .control(let c): "Ctrl-\(c.uppercased())"
        case .function(let n): "F\(n)"
        case .up: "Up"
        case .down: "Down"
        case .left: "Left"
        case .right: "Right"
        case .home: "Home"
        case .end: "End"
        case .pageUp: "PgUp"
        case .pageDown: "PgDn"
        case .tab: "Tab"
        case .backTab: "S-Tab"
        case .enter: "Enter"
        case .escape: "Esc"
        case .backspace: "Bksp"
        case .delete: "Del"
        }
    }

    /// Keys the form uses for something that is not an action here, or that terminals cannot tell apart.
    static func reservedReason(_ key: Key) -> String? {
        switch key {
        case .character: "types text in the form"
        case .enter, .escape, .backspace, .delete: "edits text in the form"
        case .control("h"), .control("k"), .control("u"), .control("w"): "edits text in the form"
        case .control("c"): "is how a terminal interrupts"
        case .control("l"): "redraws the screen"
        case .control("i"): "is Tab to the terminal"
        case .control("j"), .control("m"): "is Enter to the terminal"
        default: nil
        }
    }
}
