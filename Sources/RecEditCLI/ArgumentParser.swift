import RecEditCore

/// Splits a command's arguments into flags, options with values and positionals, against a spec.
struct ParsedArguments {
    var flags: Set<String> = []
    var options: [String: [String]] = [:]
    var positionals: [String] = []

    func has(_ flag: String) -> Bool { flags.contains(flag) }
    func value(_ option: String) -> String? { options[option]?.last }
    func values(_ option: String) -> [String] { options[option] ?? [] }

    func integer(_ option: String, command: String) throws -> Int? {
        guard let text = value(option) else { return nil }
        guard let n = Int(text), n >= 0 else { throw CLIError.usage(localized("cli.wholeNumber", ["option": option, "value": text]), command: command) }
        return n
    }
}

struct ArgumentSpec {
    /// Options without a value, e.g. `--json`.
    var flags: Set<String> = []
    /// Options that take a value, e.g. `--limit`.
    var options: Set<String> = []
    /// Short aliases: `-p` → `--stdout`.
    var aliases: [String: String] = [:]

    func parse(_ arguments: [String], command: String) throws -> ParsedArguments {
        var result = ParsedArguments()
        var i = 0
        var onlyPositionals = false
        while i < arguments.count {
            var argument = arguments[i]
            i += 1
            if onlyPositionals || !argument.hasPrefix("-") || argument == "-" || isNegativeNumber(argument) {
                result.positionals.append(argument)
                continue
            }
            if argument == "--" { onlyPositionals = true; continue }
            var inlineValue: String?
            if argument.hasPrefix("--"), let eq = argument.firstIndex(of: "=") {
                inlineValue = String(argument[argument.index(after: eq)...])
                argument = String(argument[..<eq])
            }
            argument = aliases[argument] ?? argument
            if flags.contains(argument) {
                guard inlineValue == nil else { throw CLIError.usage(localized("cli.takesNoValue", ["option": argument]), command: command) }
                result.flags.insert(argument)
            } else if options.contains(argument) {
                let value: String
                if let inlineValue {
                    value = inlineValue
                } else {
                    guard i < arguments.count else { throw CLIError.usage(localized("cli.needsValue", ["option": argument]), command: command) }
                    value = arguments[i]
                    i += 1
                }
                result.options[argument, default: []].append(value)
            } else {
                throw CLIError.usage(localized("cli.unknownOptionFor", ["option": argument, "command": command]), command: command)
            }
        }
        return result
    }

    private func isNegativeNumber(_ s: String) -> Bool { s.count > 1 && Int(s) != nil }
}
