/// The language recedit speaks to people: Simplified Chinese under a Chinese locale, English everywhere else.
///
/// Only what a person reads follows the language. Machine-readable output (`--json`, exit codes, `merge-file`
/// markers, the stored values) never does.
public enum Language: String, Sendable, CaseIterable {
    case english = "en"
    case chinese = "zh"

    /// The language the environment asks for, in POSIX order: the first of `LC_ALL`, `LC_MESSAGES` and `LANG`
    /// that is set and not empty decides. `zh`, `zh_CN`, `zh_TW`, `zh_HK.UTF-8`, `zh_CN.GB18030@…` read as Chinese;
    /// anything else, or nothing, as English. Whether that locale is installed on this machine does not matter:
    /// the terminal falls back to a UTF-8 character type on its own (see `Terminal`).
    public static func from(environment: [String: String]) -> Language {
        for name in ["LC_ALL", "LC_MESSAGES", "LANG"] {
            guard let value = environment[name], !value.isEmpty else { continue }
            let language = value.prefix { $0 != "_" && $0 != "." && $0 != "@" && $0 != "-" }
            return language.lowercased() == "zh" ? .chinese : .english
        }
        return .english
    }

    /// The language of this process: set once at start-up from the environment, before any other thread runs.
    /// Tests that render in Chinese set it around what they render and put it back.
    nonisolated(unsafe) public static var current: Language = .english
}
