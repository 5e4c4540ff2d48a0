import EditorCore
import RecEditCore

/// Every command: its usage line, what it accepts, and (in the catalog, under `usage.NAME.summary` and
/// `usage.NAME.details`) a summary and a longer help text in each language.
struct CommandInfo {
    var name: String
    var usage: String
    var spec: ArgumentSpec

    var summaryKey: String { "usage." + name + ".summary" }
    var detailsKey: String { "usage." + name + ".details" }

    /// One line for the command list; the completion scripts ask for English, whatever the locale.
    func summary(in language: Language = Language.current) -> String { Catalog.text(summaryKey, in: language) }

    /// The longer help text ("" when the command has none).
    func details(in language: Language = Language.current) -> String {
        Catalog.entries[detailsKey] == nil ? "" : Catalog.text(detailsKey, in: language)
    }
}

enum CommandTable {
    static let version = "recedit 0.1.0"

    static let commands: [CommandInfo] = [
        CommandInfo(
            name: "open", usage: "open <id> [--read-only]", spec: ArgumentSpec(flags: ["--read-only"])),
        CommandInfo(
            name: "browse", usage: "browse [--table T] [--read-only]", spec: ArgumentSpec(flags: ["--read-only"])),
        CommandInfo(
            name: "list", usage: "list [--limit N] [--after KEY] [--json]", spec: ArgumentSpec(flags: ["--json"], options: ["--limit", "--after"])),
        CommandInfo(
            name: "show", usage: "show <id> [--json]", spec: ArgumentSpec(flags: ["--json"])),
        CommandInfo(
            name: "new", usage: "new [field=value ...] [--json]", spec: ArgumentSpec(flags: ["--json"])),
        CommandInfo(
            name: "set", usage: "set <id> field=value ... [--expect UPDATED_AT] [--strict]", spec: ArgumentSpec(flags: ["--strict"], options: ["--expect"])),
        CommandInfo(
            name: "history", usage: "history <id> [--json]", spec: ArgumentSpec(flags: ["--json"])),
        CommandInfo(
            name: "restore", usage: "restore <id> <updated_at>", spec: ArgumentSpec()),
        CommandInfo(
            name: "claim", usage: "claim <id> [--lock]", spec: ArgumentSpec(flags: ["--json", "--lock"])),
        CommandInfo(
            name: "release", usage: "release <id> [--force]", spec: ArgumentSpec(flags: ["--force"])),
        CommandInfo(
            name: "status", usage: "status <id> [--json]", spec: ArgumentSpec(flags: ["--json"])),
        CommandInfo(
            name: "watch", usage: "watch [--since SEQ|STAMP] [--json] [--edit-state] [--exec CMD ...]",
            spec: ArgumentSpec(flags: ["--json", "--edit-state"], options: ["--since"])),
        CommandInfo(
            name: "init", usage: "init [--demo]", spec: ArgumentSpec(flags: ["--demo"])),
        CommandInfo(
            name: "adopt", usage: "adopt --table T [--key COL]", spec: ArgumentSpec(options: ["--key"])),
        CommandInfo(
            name: "completions", usage: "completions bash|zsh|fish", spec: ArgumentSpec()),
        CommandInfo(
            name: "merge-file", usage: "merge-file [-p] [--diff3] [-L LABEL ...] MINE BASE THEIRS", spec: ArgumentSpec()),
    ]

    static func command(named name: String) -> CommandInfo? { commands.first { $0.name == name } }

    /// The global options and the catalog key of each one's description (a description may run on over lines).
    static let globalOptions: [(String, String)] = [
        ("--db URL", "usage.option.db"), ("--table T", "usage.option.table"), ("--user NAME", "usage.option.user"),
        ("--config FILE", "usage.option.config"), ("-h, --help", "usage.option.help"), ("--version", "usage.option.version"),
    ]

    /// `recedit --help`: columns measured in display cells (a Chinese character is two), continuation lines
    /// indented to their column.
    static var mainHelp: String {
        let width = commands.map { DisplayWidth.of($0.name) }.max() ?? 0
        let list = commands.map { "  " + ListLayout.pad($0.name, width) + "  " + $0.summary() }
        let optionWidth = max(17, (globalOptions.map { DisplayWidth.of($0.0) }.max() ?? 0) + 2)
        let options = globalOptions.flatMap { name, key in
            Catalog.text(key).split(separator: "\n", omittingEmptySubsequences: false).enumerated().map { index, line in
                "  " + ListLayout.pad(index == 0 ? name : "", optionWidth) + line
            }
        }
        let sections: [[String]] = [
            [localized("usage.main.title")],
            [localized("usage.main.usage"), localized("usage.main.noCommand")],
            [localized("usage.main.commands")] + list,
            [localized("usage.main.options")] + options,
            [localized("usage.main.exitCodes")],
        ]
        return sections.map { $0.joined(separator: "\n") }.joined(separator: "\n\n")
    }

    static func help(for command: CommandInfo) -> String {
        let summary = command.summary()
        let sentence = localized("usage.sentence", ["text": summary.prefix(1).uppercased() + summary.dropFirst()])
        var text = localized("usage.command", ["usage": command.usage]) + "\n\n" + sentence + "\n"
        let details = command.details()
        if !details.isEmpty { text += "\n" + details + "\n" }
        return text
    }
}

extension String {
    func padding(_ width: Int) -> String { count >= width ? self : self + String(repeating: " ", count: width - count) }
}
