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

    static let usage = """
        usage: recedit merge-file [options] [-L MINE_LABEL [-L BASE_LABEL [-L THEIRS_LABEL]]] MINE BASE THEIRS

        Merges the changes that lead from BASE to THEIRS into MINE, line by line, like
        `git merge-file`. The result replaces MINE unless -p is given. Conflicts are written
        between <<<<<<<, ======= and >>>>>>> markers labelled with the file names (or -L labels).

            -p, --stdout          write the result to standard output instead of MINE
            --diff3               also show the base lines of each conflict (after |||||||)
            --zdiff3              like --diff3, with lines both sides agree on moved out of the conflict
            --ours                settle conflicts with my lines
            --theirs              settle conflicts with their lines
            --union               settle conflicts with my lines followed by theirs
            --marker-size <n>     use conflict markers of n characters (default 7)
            -q, --quiet           print no messages
            -L <label>            label for MINE, then BASE, then THEIRS (repeat up to three times)
            -h, --help            show this help

        Exit status: the number of conflicts (at most 127), so 0 for a clean merge;
        2 for a usage error; 255 when a file cannot be read, written or is binary.

        """

    static func parse(_ arguments: [String]) -> MergeFileInvocation {
        var parsed = MergeFileArguments(options: MergeFileOptions(paths: []))
        var paths: [String] = []
        var index = 0
        var optionsEnded = false

        func addLabel(_ label: String) -> String? {
            if parsed.options.labels.count >= 3 { return "too many labels on the command line" }
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
                        guard index < arguments.count else { return .usageError("option '--marker-size' requires a value") }
                        value = arguments[index]
                        index += 1
                    }
                    guard let value, let size = Int(value) else {
                        return .usageError("option '--marker-size' expects a number")
                    }
                    parsed.options.markerSize = size
                    continue
                }
                if attachedValue != nil { return .usageError("option '--\(name)' takes no value") }
                switch name {
                case "stdout": parsed.writeToStandardOutput = true
                case "diff3": parsed.options.style = .diff3
                case "zdiff3": parsed.options.style = .zealousDiff3
                case "ours": parsed.options.resolution = .takeMine
                case "theirs": parsed.options.resolution = .takeTheirs
                case "union": parsed.options.resolution = .takeBoth
                case "quiet": parsed.quiet = true
                case "help": return .help
                default: return .usageError("unknown option '--\(name)'")
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
                        return .usageError("option '-L' requires a value")
                    }
                    if let problem = addLabel(label) { return .usageError(problem) }
                default:
                    return .usageError("unknown switch '\(letter)'")
                }
            }
        }
        guard paths.count == 3 else {
            return .usageError("expected three files (MINE BASE THEIRS), got \(paths.count)")
        }
        parsed.options.paths = paths
        return .merge(parsed)
    }
}
