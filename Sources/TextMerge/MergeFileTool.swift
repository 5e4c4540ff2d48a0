/// Settings of one `recedit merge-file` run.
public struct MergeFileOptions: Equatable, Sendable {
    /// MINE, BASE, THEIRS as given on the command line.
    public var paths: [String]
    /// `-L` labels in the order given: mine, base, theirs; missing ones default to the paths.
    public var labels: [String] = []
    public var writeToStandardOutput = false
    public var quiet = false
    public var style: ConflictStyle = .merge
    public var resolution: ConflictResolution = .keepConflicts
    public var markerSize = 7

    public init(paths: [String]) { self.paths = paths }

    public var mergeLabels: MergeLabels {
        func label(_ index: Int) -> String { index < labels.count ? labels[index] : paths[index] }
        return MergeLabels(mine: label(0), base: label(1), theirs: label(2))
    }
}

/// What the command line asks for.
public enum MergeFileInvocation: Equatable, Sendable {
    case merge(MergeFileOptions)
    case help
    /// A malformed command line; the message says what is wrong.
    case usageError(String)
}

/// The result of merging three files' contents.
public struct MergeFileOutcome: Sendable {
    /// Number of conflicts capped at 127, or `MergeFileTool.failureExitCode`.
    public var exitCode: Int32
    /// Why the merge was refused, as one line without the command prefix.
    public var errorMessage: String?
    /// The merge; nil when it was refused.
    public var merge: ByteMergeResult?
    public var labels: MergeLabels
    public var markerSize: Int

    /// The merged bytes (with conflict markers, if any); nil when the merge was refused.
    public var output: [UInt8]? {
        merge?.rendered(labels: labels, markerSize: markerSize)
    }

    /// Streams the merged bytes to `write` piece by piece (the whole output never sits in memory).
    public func writeOutput(_ write: (UnsafeRawBufferPointer) -> Void) {
        merge?.render(labels: labels, markerSize: markerSize, into: write)
    }
}

/// `recedit merge-file`, minus the file system: parses arguments and merges file contents the way
/// `git merge-file` does. Exit codes follow git (conflicts, capped at 127; 255 for a file that cannot
/// be used) except usage errors, which exit 2 like every recedit command (git uses 129).
public enum MergeFileTool {
    public static let usageExitCode: Int32 = 2
    public static let failureExitCode: Int32 = 255
    /// Like git, larger inputs are refused.
    public static let maximumFileSize = 1 << 30
    /// Like git, a NUL byte in the first 8000 bytes marks a file as binary.
    public static let binaryProbeLength = 8000

    public static let usage = """
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

    public static func parse(_ arguments: [String]) -> MergeFileInvocation {
        var options = MergeFileOptions(paths: [])
        var paths: [String] = []
        var index = 0
        var optionsEnded = false

        func addLabel(_ label: String) -> String? {
            if options.labels.count >= 3 { return "too many labels on the command line" }
            options.labels.append(label)
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
                    options.markerSize = size
                    continue
                }
                if attachedValue != nil { return .usageError("option '--\(name)' takes no value") }
                switch name {
                case "stdout": options.writeToStandardOutput = true
                case "diff3": options.style = .diff3
                case "zdiff3": options.style = .zealousDiff3
                case "ours": options.resolution = .takeMine
                case "theirs": options.resolution = .takeTheirs
                case "union": options.resolution = .takeBoth
                case "quiet": options.quiet = true
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
                case "p": options.writeToStandardOutput = true
                case "q": options.quiet = true
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
        options.paths = paths
        return .merge(options)
    }

    /// Merges the contents of MINE, BASE and THEIRS (read by the caller) as `options` ask.
    public static func merge(mine: [UInt8], base: [UInt8], theirs: [UInt8],
                             options: MergeFileOptions) -> MergeFileOutcome {
        var outcome = MergeFileOutcome(exitCode: failureExitCode, errorMessage: nil, merge: nil,
                                       labels: options.mergeLabels, markerSize: options.markerSize)
        for (contents, path) in zip([mine, base, theirs], options.paths) {
            if contents.count > maximumFileSize || contents.prefix(binaryProbeLength).contains(0) {
                outcome.errorMessage = "cannot merge binary file '\(path)'"
                return outcome
            }
        }
        let result = TextMerge.mergeBytes(base: base, mine: mine, theirs: theirs,
                                          options: MergeOptions(style: options.style, resolution: options.resolution))
        outcome.merge = result
        outcome.exitCode = Int32(min(result.conflictCount, 127))
        return outcome
    }
}
