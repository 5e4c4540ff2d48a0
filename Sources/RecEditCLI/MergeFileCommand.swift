import Glibc
import RecEditCore
import TextMerge

/// Usage text of `recedit merge-file` (for --help).
public var mergeFileHelp: String { MergeFileCommandLine.usage }

/// Runs `recedit merge-file` with the arguments after the subcommand name. Returns the process exit code.
/// Writes errors as one line to stderr ("recedit merge-file: cannot read 'x': No such file or directory").
public func runMergeFile(_ arguments: [String]) -> Int32 {
    let command: MergeFileArguments
    switch MergeFileCommandLine.parse(arguments) {
    case .help:
        writeAll(Array(MergeFileCommandLine.usage.utf8), to: STDOUT_FILENO)
        return 0
    case .usageError(let message):
        writeAll(Array("recedit merge-file: \(message)\n\n\(MergeFileCommandLine.usage)".utf8), to: STDERR_FILENO)
        return MergeFileCommandLine.usageExitCode
    case .merge(let parsed):
        command = parsed
    }
    let options = command.options

    func fail(_ message: String) -> Int32 {
        if !command.quiet {
            writeAll(Array("recedit merge-file: \(message)\n".utf8), to: STDERR_FILENO)
        }
        return MergeFileTool.failureExitCode
    }

    var contents: [[UInt8]] = []
    for path in options.paths {
        switch readWholeFile(path) {
        case .success(let bytes): contents.append(bytes)
        case .failure(let error): return fail(localized("cli.mergeFile.cannotRead", ["path": path, "reason": error.message]))
        }
    }
    let outcome = MergeFileTool.merge(mine: contents[0], base: contents[1], theirs: contents[2], options: options)
    contents = []
    guard outcome.merge != nil else {
        return fail(outcome.errorMessage ?? localized("cli.mergeFile.failed"))
    }

    if command.writeToStandardOutput {
        if let error = writeStreaming(outcome, to: STDOUT_FILENO) {
            return fail(localized("cli.mergeFile.cannotWriteOutput", ["reason": error.message]))
        }
    } else {
        // Rewritten in place, as git does: MINE keeps its permissions, links and ownership.
        let path = options.paths[0]
        let descriptor = open(path, O_WRONLY | O_TRUNC | O_CREAT, 0o666)
        guard descriptor >= 0 else { return fail(localized("cli.mergeFile.cannotWrite", ["path": path, "reason": SystemError.current.message])) }
        let writeError = writeStreaming(outcome, to: descriptor)
        let closeFailed = close(descriptor) != 0
        if let writeError { return fail(localized("cli.mergeFile.cannotWrite", ["path": path, "reason": writeError.message])) }
        if closeFailed { return fail(localized("cli.mergeFile.cannotWrite", ["path": path, "reason": SystemError.current.message])) }
    }
    return outcome.exitCode
}

/// Writes the merge through a 64 KiB buffer; big stretches of unchanged lines go out directly.
private func writeStreaming(_ outcome: MergeFileOutcome, to descriptor: Int32) -> SystemError? {
    let capacity = 64 * 1024
    let buffer = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 16)
    defer { buffer.deallocate() }
    var used = 0
    var failure: SystemError?

    func flush() {
        if failure == nil && used > 0 {
            failure = writeAll(UnsafeRawBufferPointer(start: buffer, count: used), to: descriptor)
        }
        used = 0
    }
    outcome.writeOutput { piece in
        guard failure == nil, piece.count > 0 else { return }
        if used + piece.count > capacity { flush() }
        if piece.count >= capacity {
            failure = writeAll(piece, to: descriptor)
        } else {
            (buffer + used).copyMemory(from: piece.baseAddress!, byteCount: piece.count)
            used += piece.count
        }
    }
    flush()
    return failure
}

private struct SystemError: Error {
    let code: Int32
    static var current: SystemError { SystemError(code: errno) }
    var message: String { String(cString: strerror(code)) }
}

/// Reads a whole file straight into a byte array (no intermediate Data copy: inputs can be large).
private func readWholeFile(_ path: String) -> Result<[UInt8], SystemError> {
    let descriptor = open(path, O_RDONLY)
    guard descriptor >= 0 else { return .failure(.current) }
    defer { close(descriptor) }
    var status = stat()
    // One spare byte, so that a file read whole is recognised by a short read.
    var chunkSize = fstat(descriptor, &status) == 0 && status.st_size > 0 ? Int(status.st_size) + 1 : 64 * 1024
    var bytes: [UInt8] = []
    while true {
        var failure: SystemError?
        let chunk = [UInt8](unsafeUninitializedCapacity: chunkSize) { buffer, filled in
            filled = 0
            while filled < chunkSize {
                let result = read(descriptor, buffer.baseAddress! + filled, chunkSize - filled)
                if result < 0 && errno == EINTR { continue }
                if result < 0 { failure = .current }
                if result <= 0 { return }
                filled += result
            }
        }
        if let failure { return .failure(failure) }
        if bytes.isEmpty { bytes = chunk } else { bytes.append(contentsOf: chunk) }
        if chunk.count < chunkSize { return .success(bytes) }
        chunkSize = max(chunkSize, 64 * 1024)
    }
}

@discardableResult
private func writeAll(_ bytes: [UInt8], to descriptor: Int32) -> SystemError? {
    bytes.withUnsafeBytes { writeAll($0, to: descriptor) }
}

private func writeAll(_ bytes: UnsafeRawBufferPointer, to descriptor: Int32) -> SystemError? {
    var offset = 0
    while offset < bytes.count {
        let written = write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
        if written < 0 {
            if errno == EINTR { continue }
            return .current
        }
        offset += written
    }
    return nil
}
