import EditorApp
import EditorCore
import Glibc
import RecEditCore

extension CommandContext {
    // MARK: hooks.afterSave

    /// Runs `hooks.afterSave` for a write this command committed; a failure or timeout is one line on stderr
    /// (the write stands, the exit code is the command's).
    func afterSave(_ store: RecordStore, operation: String, record: Record, fields: [String]) {
        guard let argv = config.afterSave else { return }
        let ordered = store.schema.dataColumns.map(\.name).filter { fields.contains($0) }
        let event = HookEvent(
            table: store.schema.table, key: record.key, operation: operation, fields: ordered,
            updatedAt: record.updatedAt, writer: scriptOwner)
        if let failure = HookRunner.run(
            HookCommand(argv: argv, timeoutSeconds: config.hookTimeoutSeconds), event: event,
            output: .errorsOnly)
        {
            Output.error(localized("cli.hookFailed", ["failure": failure, "key": record.key.displayText]))
        }
    }

    // MARK: watch

    /// `recedit watch`: one line per change to the table by any writer, from the change log, until a signal or
    /// the reader of its output goes away (exit 0 either way).
    func watch(_ arguments: ParsedArguments) throws -> ExitCode {
        guard arguments.positionals.isEmpty else {
            throw CLIError.usage(localized("cli.watch.unexpectedArgument", ["argument": arguments.positionals[0]]), command: command)
        }
        if let exec = execArgv, exec.isEmpty { throw CLIError.usage(localized("cli.watch.execNeedsCommand"), command: command) }
        let json = arguments.has("--json"), editState = arguments.has("--edit-state")
        let exec = execArgv.map { HookCommand(argv: $0, timeoutSeconds: config.hookTimeoutSeconds) }
        WatchOutput.start()

        var store = try openStore()
        var position: Int64
        if let since = arguments.value("--since") {
            if let seq = Int64(since), seq >= 0 {
                position = seq
            } else if Stamp.microseconds(from: since) != nil {
                position = try store.changePosition(after: since)
            } else {
                throw CLIError.usage(localized("cli.watch.badSince", ["value": since]), command: command)
            }
        } else {
            position = try store.changePosition()
        }
        var feed: ChangeFeed? = try? store.makeChangeFeed()
        // On stderr, so scripts can wait for it: from here on nothing is missed. A marker for scripts, like the
        // change lines on stdout, so it stays the same in every language (as does "connected again" below).
        Output.note("recedit: watching table '\(store.schema.table)' after change \(position)")
        var lostSince: Double?
        var due = true
        var lastRead = 0.0
        var followUps = 0
        while true {
            do {
                if feed == nil { feed = try store.makeChangeFeed() }
                let now = Double(System.wallMicroseconds()) / 1_000_000
                // Read when the feed says something changed, and once a second anyway (on PostgreSQL a change can
                // be held back by an older transaction still running; its end sends no notification of its own).
                guard due || now - lastRead >= 1 else {
                    // A wake-up that found nothing can come just before the commit it announces is visible (SQLite
                    // writes the -wal and may fsync it, then publishes the commit, which raises no event): look again
                    // every 10 ms, 10 times.
                    let woke = WatchOutput.wait(for: feed, milliseconds: followUps > 0 ? 10 : nil)
                    due = try feed?.check() ?? true
                    if due { followUps = 0 } else if woke { followUps = 10 } else if followUps > 0 { followUps -= 1 }
                    continue
                }
                due = false
                lastRead = now
                let batch = try store.changes(after: position, limit: 500)
                if lostSince != nil {
                    Output.note("recedit: watch: connected again; resuming after change \(position)")
                    lostSince = nil
                }
                for change in batch {
                    if editState || !change.operation.isEditState {
                        if let exec, let failure = HookRunner.run(exec, event: HookEvent(change), output: .errorsOnly) {
                            Output.error(localized("cli.watch.execFailed", ["seq": String(change.sequence), "failure": failure]))
                        }
                        WatchOutput.write(json ? TerminalText.safe(HookEvent(change).json.serialized()) : WatchOutput.text(change))
                    }
                    position = change.sequence
                }
                if batch.count == 500 { due = true }
            } catch let error as StoreError {
                // Lost the server (a restart), or cannot reach it again yet (the feed's new connection).
                switch error {
                case .connectionLost, .cannotOpen: break
                default: throw error
                }
                // The server went away (a restart): keep trying, then go on after the last change printed.
                if lostSince == nil {
                    Output.error(localized("cli.watch.lost", ["error": StoreErrorWording.message(error), "seq": String(position)]))
                    lostSince = Double(System.wallMicroseconds()) / 1_000_000
                }
                feed = nil
                due = true
                WatchOutput.wait(for: nil, milliseconds: 1000)
                if let reopened = try? openStore() { store = reopened }
            }
        }
    }
}

/// The watcher's standard output: written whole lines at a time; a reader that went away ends it with 0.
enum WatchOutput {
    static func start() {
        // SIGINT and SIGTERM end the watch normally; output is written unbuffered, so nothing is lost.
        signal(SIGINT) { _ in _exit(0) }
        signal(SIGTERM) { _ in _exit(0) }
        signal(SIGPIPE, SIG_IGN)
    }

    static func text(_ change: Change) -> String {
        var line = "\(change.sequence) \(change.operation.rawValue) \(change.table) \(change.key.displayText)"
        if !change.fields.isEmpty, change.operation == .update { line += " [" + change.fields.joined(separator: ", ") + "]" }
        if let stamp = change.updatedAt { line += " at \(stamp)" }
        if let writer = change.writer { line += " by \(writer)" }
        return TerminalText.safe(line)
    }

    static func write(_ line: String) {
        let bytes = Array((line + "\n").utf8)
        var written = 0
        while written < bytes.count {
            let n = bytes[written...].withUnsafeBytes { Glibc.write(1, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                // EPIPE: whoever read our output is gone (`recedit watch | head -3`): that is the end, not an error.
                exit(0)
            }
            written += n
        }
    }

    /// Waits for the change feed (or a short poll interval without one), and ends the watch when the reader of a
    /// pipe on standard output has gone (POLLERR on the write end), even while nothing changes. True when the
    /// feed's descriptor woke it.
    @discardableResult
    static func wait(for feed: ChangeFeed?, milliseconds: Int32? = nil) -> Bool {
        var fds = [pollfd(fd: 1, events: 0, revents: 0)]
        var st = stat()
        let watchesOutput = fstat(1, &st) == 0 && (st.st_mode & S_IFMT == S_IFIFO || st.st_mode & S_IFMT == S_IFSOCK)
        if !watchesOutput { fds[0].fd = -1 }
        if let fd = feed?.fileDescriptor { fds.append(pollfd(fd: fd, events: Int16(POLLIN), revents: 0)) }
        // Without a descriptor (SQLite without inotify) `PRAGMA data_version` is cheap, so poll it every 50 ms.
        // PostgreSQL wakes us with NOTIFY, SQLite with inotify on its files; the 1 s timeout is a safety net.
        let timeout = milliseconds ?? (feed?.fileDescriptor == nil ? 50 : 1000)
        let rc = poll(&fds, nfds_t(fds.count), timeout)
        if rc > 0, watchesOutput, fds[0].revents & Int16(POLLERR | POLLHUP) != 0 { exit(0) }
        return rc > 0 && fds.count > 1 && fds[1].revents != 0
    }
}
