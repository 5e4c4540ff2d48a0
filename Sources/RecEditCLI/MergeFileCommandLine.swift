import RecEditCore
import TextMerge

/// `recedit merge-file`'s command line: what MergeFileTool merges, and where the result goes.
struct MergeFileArguments: Equatable {
    var options: MergeFileOptions
    var writeToStandardOutput = false
    var quiet = false
}

/// What the command line asks for.
enum MergeFileInvocation: Equatable {
    case merge(MergeFileArguments)
    case help
    /// A malformed command line; the message says what is wrong.
    case usageError(String)
}

/// Parses `recedit merge-file`'s arguments the way `git merge-file` does. Usage errors exit 2 like every recedit
/// command (git uses 129).
enum MergeFileCommandLine {
    static let usageExitCode: Int32 = 2

    /// The help text, in the language of the locale.
    static var usage: String { localized("usage.mergeFile") }

    static func parse(_ arguments: [String]) -> MergeFileInvocation {
        var parsed = MergeFileArguments(options: MergeFileOptions(paths: []))
        var paths: [String] = []
        var index = 0
        var optionsEnded = false

        func addLabel(_ label: String) -> String? {
            if parsed.options.labels.count >= 3 { return localized("cli.mergeFile.tooManyLabels") }
            parsed.options.labels.append(label)
            return nil
        }

        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            if optionsEnded || argument == "-" || !argument.hasPrefix("-") {
                paths.append(argument)
                continue
            }
            if argument == "--" {
                optionsEnded = true
                continue
            }
            if argument.hasPrefix("--") {
                let body = argument.dropFirst(2)
                let name: Substring
                var attachedValue: String?
                if let equals = body.firstIndex(of: "=") {
                    name = body[..<equals]
                    attachedValue = String(body[body.index(after: equals)...])
                } else {
                    name = body
                }
                if name == "marker-size" {
                    var value = attachedValue
                    if value == nil {
                        guard index < arguments.count else { return .usageError(localized("cli.mergeFile.needsValue", ["option": "--marker-size"])) }
                        value = arguments[index]
                        index += 1
                    }
                    guard let value, let size = Int(value) else {
                        return .usageError(localized("cli.mergeFile.expectsNumber", ["option": "--marker-size"]))
                    }
                    parsed.options.markerSize = size
                    continue
                }
                if attachedValue != nil { return .usageError(localized("cli.mergeFile.takesNoValue", ["option": "--" + String(name)])) }
                switch name {
                case "stdout": parsed.writeToStandardOutput = true
                case "diff3": parsed.options.style = .diff3
                case "zdiff3": parsed.options.style = .zealousDiff3
                case "ours": parsed.options.resolution = .takeMine
                case "theirs": parsed.options.resolution = .takeTheirs
                case "union": parsed.options.resolution = .takeBoth
                case "quiet": parsed.quiet = true
                case "help": return .help
                default: return .usageError(localized("cli.mergeFile.unknownOption", ["option": "--" + String(name)]))
                }
                continue
            }
            // A cluster of short options, like -pq or -Lname.
            var letters = argument.dropFirst()[...]
            while let letter = letters.first {
                letters = letters.dropFirst()
                switch letter {
                case "p": parsed.writeToStandardOutput = true
                case "q": parsed.quiet = true
                case "h": return .help
                case "L":
                    let label: String
                    if !letters.isEmpty {
                        label = String(letters)
                        letters = ""
                    } else if index < arguments.count {
                        label = arguments[index]
                        index += 1
                    } else {
                        return .usageError(localized("cli.mergeFile.needsValue", ["option": "-L"]))
                    }
                    if let problem = addLabel(label) { return .usageError(problem) }
                default:
                    return .usageError(localized("cli.mergeFile.unknownSwitch", ["switch": String(letter)]))
                }
            }
        }
        guard paths.count == 3 else {
            return .usageError(localized("cli.mergeFile.threeFiles", ["count": String(paths.count)]))
        }
        parsed.options.paths = paths
        return .merge(parsed)
    }
}
