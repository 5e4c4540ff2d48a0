import RecEditCore

/// Exit codes, as the README documents them.
public enum ExitCode: Int32 {
    case ok = 0, error = 1, usage = 2, conflict = 3, notFound = 4, busy = 5
}

/// A failure the command line reports as one line on stderr with an exit code.
struct CLIError: Error {
    var message: String
    var code: ExitCode

    static func usage(_ message: String, command: String? = nil) -> CLIError {
        let hint = command.map { localized("cli.seeCommandHelp", ["command": $0]) } ?? localized("cli.seeHelp")
        return CLIError(message: message + hint, code: .usage)
    }

    static func failure(_ message: String) -> CLIError { CLIError(message: message, code: .error) }
    static func notFound(_ message: String) -> CLIError { CLIError(message: message, code: .notFound) }
}
