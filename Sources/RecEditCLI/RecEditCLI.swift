import EditorCore
import Glibc
import RecEditCore
import TerminalUI

public enum RecEditCLI {
    /// Runs the command line and returns the exit code. Every failure is one line on stderr.
    public static func main(_ argv: [String]) -> Int32 {
        let arguments = Array(argv.dropFirst())
        Databases.reportMissingClientLibraries()
        TerminalLibrary.onMissing {
            Output.error(localized("cli.library.ncurses", ["file": TerminalLibrary.file]))
            exit(ExitCode.error.rawValue)
        }
        let environment = System.environment()
        Language.current = Language.from(environment: environment)
        do {
            return try run(arguments, environment: environment)
        } catch let error as CLIError {
            Output.error(error.message)
            return error.code.rawValue
        } catch let error as StoreError {
            Output.error(StoreErrorWording.message(error))
            // Another writer held the database past the busy/lock timeout: nothing was written, retrying may work.
            if case .timeout = error { return ExitCode.busy.rawValue }
            return ExitCode.error.rawValue
        } catch let error as ValueParseError {
            Output.error(error.message)
            return ExitCode.error.rawValue
        } catch {
            Output.error(oneLine(error))
            return ExitCode.error.rawValue
        }
    }

    /// Any other error as one line for a person, never a Swift type's debug description.
    static func oneLine(_ error: Error) -> String {
        // The dynamic type itself must describe itself (an Error bridged to NSError always would, with its debug text).
        if type(of: error) is CustomStringConvertible.Type { return String(describing: error) }
        // Foundation's `localizedDescription` for such an error, word for word (without linking Foundation).
        return "The operation could not be completed. (\(error._domain) error \(error._code).)"
    }

    static func run(_ arguments: [String], environment: [String: String]) throws -> Int32 {
        var global = Configuration.GlobalOptions()
        var rest: [String] = []
        var wantsHelp = false
        var i = 0
        var command: String?
        // Global options may stand anywhere before "--"; the first other word is the command.
        while i < arguments.count {
            let argument = arguments[i]
            i += 1
            if command == "merge-file" { rest.append(argument); continue }
            // `watch --exec CMD ARGS…`: the rest is the command's, options included.
            if command == "watch" && argument == "--exec" { rest.append(contentsOf: arguments[(i - 1)...]); break }
            if argument == "--" { rest.append(contentsOf: arguments[(i - 1)...]); break }
            let (name, inline) = splitInline(argument)
            switch name {
            case "--db", "--table", "--user", "--config":
                // `adopt --table T` names the table to adopt; it is the same setting.
                let value: String
                if let inline {
                    value = inline
                } else {
                    guard i < arguments.count else { throw CLIError.usage(localized("cli.needsValue", ["option": name])) }
                    value = arguments[i]
                    i += 1
                }
                switch name {
                case "--db": global.db = value
                case "--table": global.table = value
                case "--user": global.user = value
                default: global.config = value
                }
            case "-h", "--help": wantsHelp = true
            case "--version" where command == nil:
                Output.line(CommandTable.version)
                return ExitCode.ok.rawValue
            default:
                if command == nil && !argument.hasPrefix("-") {
                    command = argument
                } else if command == nil {
                    throw CLIError.usage(localized("cli.unknownOption", ["option": argument]))
                } else {
                    rest.append(argument)
                }
            }
        }
        if command == nil, !wantsHelp, isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 {
            command = "browse"  // on a terminal, no command opens the table browser
        }
        guard let command else {
            if wantsHelp { Output.line(CommandTable.mainHelp); return ExitCode.ok.rawValue }
            throw CLIError.usage(localized("cli.noCommand"))
        }
        if command == "help" {
            if let name = rest.first, let info = CommandTable.command(named: name) {
                Output.line(CommandTable.help(for: info))
            } else {
                Output.line(CommandTable.mainHelp)
            }
            return ExitCode.ok.rawValue
        }
        if command == "__complete" {
            // Hidden: values for the completion scripts, one a line; quiet and quick when anything fails.
            var config = try Configuration.resolve(global, environment: environment)
            config.storeOptions.busyTimeoutMs = min(config.storeOptions.busyTimeoutMs, 300)
            let context = CommandContext(config: config, environment: environment, command: command, tableOption: global.table, given: global)
            for value in try Completions.values(rest.first ?? "", context: context) { Output.line(value) }
            return ExitCode.ok.rawValue
        }
        guard let info = CommandTable.command(named: command) else {
            throw CLIError.usage(localized("cli.unknownCommand", ["command": command]))
        }
        if command == "merge-file" {
            if wantsHelp { Output.line(mergeFileHelp); return ExitCode.ok.rawValue }
            return runMergeFile(rest)
        }
        if wantsHelp { Output.line(CommandTable.help(for: info)); return ExitCode.ok.rawValue }
        if command == "completions" {
            let parsed = try info.spec.parse(rest, command: command)
            guard parsed.positionals.count == 1, let script = Completions.script(for: parsed.positionals[0]) else {
                throw CLIError.usage(localized("cli.completionsShell"), command: command)
            }
            System.write(script + "\n", to: STDOUT_FILENO)
            return ExitCode.ok.rawValue
        }
        var execArgv: [String]?
        if command == "watch", let at = rest.firstIndex(of: "--exec") {
            execArgv = Array(rest[(at + 1)...])
            rest = Array(rest[..<at])
        }
        let parsed = try info.spec.parse(rest, command: command)
        let config = try Configuration.resolve(global, environment: environment)
        var context = CommandContext(config: config, environment: environment, command: command, tableOption: global.table, given: global)
        context.execArgv = execArgv
        return try context.run(parsed)
    }

    private static func splitInline(_ argument: String) -> (String, String?) {
        guard argument.hasPrefix("--"), let eq = argument.firstIndex(of: "=") else { return (argument, nil) }
        return (String(argument[..<eq]), String(argument[argument.index(after: eq)...]))
    }
}

/// Writes to stdout and stderr. Everything passes through `TerminalText.safe`: values, names, stamps and
/// database messages can all come from other writers and must never reach the terminal raw.
enum Output {
    static func line(_ text: String) {
        System.write(TerminalText.safe(text) + "\n", to: STDOUT_FILENO)
    }

    static func error(_ text: String) {
        System.write("recedit: " + TerminalText.safe(text) + "\n", to: STDERR_FILENO)
    }

    static func note(_ text: String) {
        System.write(TerminalText.safe(text) + "\n", to: STDERR_FILENO)
    }
}
