import Glibc
import RecEditCore

/// `recedit completions bash|zsh|fish` prints a completion script built from the command table, so the
/// scripts cannot drift from the commands. Table names and row keys come from the hidden
/// `recedit __complete tables|keys`, run by the scripts under a 2-second `timeout` with the global
/// options already on the command line (so `--db` and `--table` given there are honoured).
enum Completions {
    static let shells = ["bash", "zsh", "fish"]

    /// Commands whose first argument is a row key.
    static let keyCommands = ["open", "show", "set", "history", "restore", "claim", "release", "status"]
    static let globalOptions = ["--db", "--table", "--user", "--config"]
    static let globalFlags = ["--help", "--version"]

    static func script(for shell: String) -> String? {
        switch shell {
        case "bash": return bash
        case "zsh": return zsh
        case "fish": return fish
        default: return nil
        }
    }

    static var commandNames: [String] { CommandTable.commands.map(\.name) + ["help"] }

    static func options(of command: CommandInfo) -> [String] {
        // merge-file parses its own arguments, git's way.
        if command.name == "merge-file" {
            return ["-p", "--stdout", "--diff3", "--zdiff3", "--ours", "--theirs", "--union", "--marker-size", "-q", "--quiet", "-L", "--help"]
        }
        return (command.spec.flags.union(command.spec.options)).sorted() + ["--help"]
    }

    static var bash: String {
        let perCommand = CommandTable.commands.map { command in
            command.name == "completions"
                ? "        completions) [ \"$positionals\" -eq 0 ] && COMPREPLY=($(compgen -W \"$(printf '%s\\n' \(shells.joined(separator: " ")))\" -- \"$cur\")); return 0 ;;"
                : "        \(command.name)) opts=\"\(options(of: command).joined(separator: " "))\" ;;"
        }.joined(separator: "\n")
        let commandValued = CommandTable.commands.flatMap { $0.spec.options.sorted() }.uniqued().joined(separator: "|")
        let valued = (globalOptions + CommandTable.commands.flatMap { $0.spec.options.sorted() }).uniqued().joined(separator: "|")
        return """
            # bash completion for recedit (recedit completions bash)
            _recedit_query() {
                command -v timeout >/dev/null 2>&1 || return 0
                timeout 2 "${COMP_WORDS[0]}" "${_recedit_globals[@]}" __complete "$@" 2>/dev/null
            }
            # Values from the database never go through compgen -W, which would expand $(...) in them:
            # each is matched as a literal prefix and offered shell-quoted.
            _recedit_offer() {
                local value
                while IFS= read -r value; do
                    [[ "$value" == "$cur"* ]] && COMPREPLY+=("$(printf '%q' "$value")")
                done < <(_recedit_query "$1")
            }
            _recedit() {
                local cur prev cmd="" positionals=0 i opts
                local -a _recedit_globals=()
                cur="${COMP_WORDS[COMP_CWORD]}"
                prev="${COMP_WORDS[COMP_CWORD-1]}"
                for ((i = 1; i < COMP_CWORD; i++)); do
                    case "${COMP_WORDS[i]}" in
                        \(globalOptions.joined(separator: "|"))) _recedit_globals+=("${COMP_WORDS[i]}" "${COMP_WORDS[i+1]}"); i=$((i + 1)) ;;
                        \(commandValued)) i=$((i + 1)) ;;
                        -*) ;;
                        *) if [ -z "$cmd" ]; then cmd="${COMP_WORDS[i]}"; else positionals=$((positionals + 1)); fi ;;
                    esac
                done
                local IFS=$'\\n'
                case "$prev" in
                    --table) _recedit_offer tables; return 0 ;;
                    --config) COMPREPLY=($(compgen -f -- "$cur")); return 0 ;;
                    \(valued)) COMPREPLY=(); return 0 ;;
                esac
                if [ -z "$cmd" ]; then
                    case "$cur" in
                        -*) COMPREPLY=($(compgen -W "$(printf '%s\\n' \((globalOptions + globalFlags).joined(separator: " ")))" -- "$cur")) ;;
                        *) COMPREPLY=($(compgen -W "$(printf '%s\\n' \(commandNames.joined(separator: " ")))" -- "$cur")) ;;
                    esac
                    return 0
                fi
                case "$cmd" in
            \(perCommand)
                    help) COMPREPLY=($(compgen -W "$(printf '%s\\n' \(CommandTable.commands.map(\.name).joined(separator: " ")))" -- "$cur")); return 0 ;;
                    *) opts="" ;;
                esac
                case "$cur" in
                    -*) COMPREPLY=($(compgen -W "${opts// /$'\\n'}" -- "$cur")) ;;
                    *)
                        case " \(keyCommands.joined(separator: " ")) " in
                            *" $cmd "*) [ "$positionals" -eq 0 ] && _recedit_offer keys ;;
                        esac
                        [ "$cmd" = merge-file ] && COMPREPLY=($(compgen -f -- "$cur"))
                        ;;
                esac
                return 0
            }
            complete -F _recedit recedit
            """
    }

    static var zsh: String {
        let commands = CommandTable.commands.map { "'\($0.name):\(zshQuoted($0.summary(in: .english)))'" }.joined(separator: " ")
        let perCommand = CommandTable.commands.map { command in
            command.name == "completions"
                ? "        (completions) compadd -- \(shells.joined(separator: " ")); return ;;"
                : "        (\(command.name)) opts=(\(options(of: command).joined(separator: " "))) ;;"
        }.joined(separator: "\n")
        return """
            #compdef recedit
            # zsh completion for recedit (recedit completions zsh)
            _recedit() {
                local -a commands globals opts
                local cmd="" i positionals=0
                commands=(\(commands) 'help:help for a command')
                globals=()
                for ((i = 2; i < CURRENT; i++)); do
                    case "${words[i]}" in
                        (\(globalOptions.joined(separator: "|"))) globals+=("${words[i]}" "${words[i+1]}"); i=$((i + 1)) ;;
                        (-*) ;;
                        (*) if [[ -z "$cmd" ]]; then cmd="${words[i]}"; else positionals=$((positionals + 1)); fi ;;
                    esac
                done
                if [[ "${words[CURRENT-1]}" == --table ]]; then
                    compadd -- ${(f)"$(timeout 2 ${words[1]} "${globals[@]}" __complete tables 2>/dev/null)"}
                    return
                fi
                if [[ -z "$cmd" ]]; then
                    if [[ "${words[CURRENT]}" == -* ]]; then
                        compadd -- \((globalOptions + globalFlags).joined(separator: " "))
                    else
                        _describe 'command' commands
                    fi
                    return
                fi
                case "$cmd" in
            \(perCommand)
                    (*) opts=() ;;
                esac
                if [[ "${words[CURRENT]}" == -* ]]; then
                    compadd -- "${opts[@]}"
                elif (( positionals == 0 )) && [[ " \(keyCommands.joined(separator: " ")) " == *" $cmd "* ]]; then
                    compadd -- ${(f)"$(timeout 2 ${words[1]} "${globals[@]}" __complete keys 2>/dev/null)"}
                elif [[ "$cmd" == merge-file ]]; then
                    _files
                fi
            }
            if [[ "$funcstack[1]" == _recedit ]]; then _recedit "$@"; else compdef _recedit recedit; fi
            """
    }

    static var fish: String {
        var lines = [
            "# fish completion for recedit (recedit completions fish)",
            "function __recedit_query",
            "    set -l tokens (commandline -opc)",
            "    set -l globals",
            "    set -l i 2",
            "    while test $i -le (count $tokens)",
            "        switch $tokens[$i]",
            "            case \(globalOptions.joined(separator: " "))",
            "                if test $i -lt (count $tokens)",
            "                    set -a globals $tokens[$i] $tokens[(math $i + 1)]",
            "                end",
            "                set i (math $i + 1)",
            "        end",
            "        set i (math $i + 1)",
            "    end",
            "    timeout 2 $tokens[1] $globals __complete $argv 2>/dev/null",
            "end",
            // The command and how many arguments it has, skipping the values of options that take one.
            "function __recedit_words",
            "    set -l tokens (commandline -opc)",
            "    set -l cmd",
            "    set -l positionals 0",
            "    set -l i 2",
            "    while test $i -le (count $tokens)",
            "        switch $tokens[$i]",
            "            case \((globalOptions + CommandTable.commands.flatMap { $0.spec.options.sorted() }).uniqued().joined(separator: " "))",
            "                set i (math $i + 1)",
            "            case '-*'",
            "            case '*'",
            "                if test -z \"$cmd\"; set cmd $tokens[$i]; else; set positionals (math $positionals + 1); end",
            "        end",
            "        set i (math $i + 1)",
            "    end",
            "    echo $cmd $positionals",
            "end",
            "function __recedit_no_command",
            "    test (count (string split ' ' -- (__recedit_words))) -lt 2",
            "end",
            "function __recedit_command_is",
            "    set -l words (string split ' ' -- (__recedit_words))",
            "    test (count $words) -ge 2; and test \"$words[1]\" = \"$argv[1]\"",
            "end",
            "function __recedit_needs_key",
            "    set -l words (string split ' ' -- (__recedit_words))",
            "    test (count $words) -ge 2; and contains -- \"$words[1]\" \(keyCommands.joined(separator: " ")); and test \"$words[2]\" -eq 0",
            "end",
            "complete -c recedit -f",
            "complete -c recedit -n __recedit_no_command -l db -x -d 'the database URL'",
            "complete -c recedit -n __recedit_no_command -l table -x -a '(__recedit_query tables)' -d 'the table to edit'",
            "complete -c recedit -n __recedit_no_command -l user -x -d 'your name in claims and history'",
            "complete -c recedit -n __recedit_no_command -l config -r -F -d 'the config file'",
            "complete -c recedit -n __recedit_no_command -l help -d 'help'",
            "complete -c recedit -n __recedit_no_command -l version -d 'the version'",
        ]
        for command in CommandTable.commands where command.name != "completions" {
            lines.append("complete -c recedit -n __recedit_no_command -a \(command.name) -d '\(fishQuoted(command.summary(in: .english)))'")
            for option in options(of: command) {
                let takesValue = command.spec.options.contains(option) || ["--marker-size", "-L"].contains(option)
                let name = option.hasPrefix("--") ? "-l \(option.dropFirst(2))" : "-s \(option.dropFirst())"
                lines.append("complete -c recedit -n '__recedit_command_is \(command.name)' \(name)\(takesValue ? " -x" : "")")
            }
        }
        lines.append("complete -c recedit -n __recedit_no_command -a completions -d 'print a completion script (bash, zsh, fish)'")
        lines.append("complete -c recedit -n '__recedit_command_is completions' -a '\(shells.joined(separator: " "))'")
        lines.append("complete -c recedit -n __recedit_needs_key -a '(__recedit_query keys)'")
        lines.append("complete -c recedit -n '__recedit_command_is merge-file' -F")
        return lines.joined(separator: "\n")
    }

    private static func zshQuoted(_ text: String) -> String {
        text.replacingEach("'", with: "'\\''").replacingEach(":", with: "\\:")
    }

    private static func fishQuoted(_ text: String) -> String {
        text.replacingEach("\\", with: "\\\\").replacingEach("'", with: "\\'")
    }

    /// Values for the scripts, one a line. Keys that hold control characters or line breaks are left out:
    /// a completion must never put them on a command line.
    static func values(_ what: String, context: CommandContext) throws -> [String] {
        let values: [String]
        switch what {
        case "tables":
            values = try context.openDatabase(readOnly: true).receditTables()
        case "keys":
            values = try context.openStore(readOnly: true).list(limit: 100, after: nil).map { $0.key.displayText }
        default:
            throw CLIError.usage("__complete takes tables or keys")
        }
        return values.filter { value in !value.isEmpty && !value.unicodeScalars.contains { $0.properties.generalCategory == .control } }
    }
}

extension Array where Element: Hashable {
    func uniqued() -> [Element] {
        var seen = Set<Element>()
        return filter { seen.insert($0).inserted }
    }
}
