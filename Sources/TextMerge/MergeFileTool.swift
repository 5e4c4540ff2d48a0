/// Settings of one merge of three files.
public struct MergeFileOptions: Equatable, Sendable {
    /// MINE, BASE, THEIRS: named in messages, and the labels of the conflict markers unless `labels` gives them.
    public var paths: [String]
    /// Labels in this order: mine, base, theirs; missing ones default to the paths.
    public var labels: [String] = []
    public var style: ConflictStyle = .merge
    public var resolution: ConflictResolution = .keepConflicts
    public var markerSize = 7

    public init(paths: [String]) { self.paths = paths }

    public var mergeLabels: MergeLabels {
        func label(_ index: Int) -> String { index < labels.count ? labels[index] : paths[index] }
        return MergeLabels(mine: label(0), base: label(1), theirs: label(2))
    }
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

/// The merge of `recedit merge-file`, minus the file system and the command line (RecEditCLI's
/// MergeFileCommandLine): merges file contents the way `git merge-file` does, with git's exit codes
/// (conflicts, capped at 127; 255 for a file that cannot be used).
public enum MergeFileTool {
    public static let failureExitCode: Int32 = 255
    /// Like git, larger inputs are refused.
    public static let maximumFileSize = 1 << 30
    /// Like git, a NUL byte in the first 8000 bytes marks a file as binary.
    public static let binaryProbeLength = 8000

    /// Merges the contents of MINE, BASE and THEIRS (read by the caller) as `options` ask.
    public static func merge(
        mine: [UInt8], base: [UInt8], theirs: [UInt8],
        options: MergeFileOptions
    ) -> MergeFileOutcome {
        var outcome = MergeFileOutcome(
            exitCode: failureExitCode, errorMessage: nil, merge: nil,
            labels: options.mergeLabels, markerSize: options.markerSize)
        for (contents, path) in zip([mine, base, theirs], options.paths) {
            if contents.count > maximumFileSize || contents.prefix(binaryProbeLength).contains(0) {
                outcome.errorMessage = "cannot merge binary file '\(path)'"
                return outcome
            }
        }
        let result = TextMerge.mergeBytes(
            base: base, mine: mine, theirs: theirs,
            options: MergeOptions(style: options.style, resolution: options.resolution))
        outcome.merge = result
        outcome.exitCode = Int32(min(result.conflictCount, 127))
        return outcome
    }
}
