import EditorCore
import RecEditCore
import TerminalUI

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Everything `runEditor` needs.
public struct EditorLaunch {
    public var store: RecordStore
    /// The row to open; nil opens the table browser.
    public var key: Value?
    public var config: EditorConfig
    /// Where drafts live (`$XDG_STATE_HOME/recedit/drafts`); created 0700 on the first draft.
    public var draftsDirectory: String
    /// One-line messages for the person at the terminal, given while curses does not own it:
    /// errors that stop the editor from starting, and a note when a signal ends it. Default: stderr.
    public var notify: (String) -> Void
    /// `hooks.afterSave`: run (off the loop's thread) after every save and re-creation that committed; a failure
    /// or timeout is shown in the status line, the save stands.
    public var afterSave: HookCommand?
    /// The database the store's table is in, for the tables list (`.describeTables`, `.openTable`); nil when the
    /// editor only edits one table.
    public var database: RecordDatabase?
    /// Browsing: recedit's tables to offer first (the tables list over the browser); empty: none.
    public var offeredTables: [String] = []

    public init(
        store: RecordStore, key: Value?, config: EditorConfig, draftsDirectory: String,
        notify: @escaping (String) -> Void = EditorLaunch.printToStandardError, afterSave: HookCommand? = nil,
        database: RecordDatabase? = nil
    ) {
        self.database = database
        self.afterSave = afterSave
        self.store = store
        self.key = key
        self.config = config
        self.draftsDirectory = draftsDirectory
        self.notify = notify
    }

    public static func printToStandardError(_ line: String) {
        fputs(line.hasSuffix("\n") ? line : line + "\n", stderr)
        fflush(stderr)
    }
}

/// Runs the curses editor (or, without a key, the table browser) until the user quits. Returns the process
/// exit code (0 ok, 1 error, 4 not found, 128+N when signal N ended it).
public func runEditor(_ launch: EditorLaunch) -> Int32 {
    let store = launch.store
    let schema = store.schema

    // 1. The row, before the terminal is touched (the browser loads its first page once it runs).
    var record: Record?
    if let key = launch.key {
        do {
            guard let loaded = try store.load(key) else {
                launch.notify(
                    "recedit: " + localized("app.noRow", ["key": "\(schema.keyColumn) = \(key.displayText)", "table": schema.table]) + " (\(store.location))")
                return 4
            }
            record = loaded
        } catch {
            launch.notify("recedit: " + describe(error))
            return 1
        }
    }
    guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else {
        launch.notify("recedit: " + TerminalError.notATerminal.description)
        return 1
    }

    // 2. Drafts crashed or killed editors left for this row (each editor journals to its own file).
    // The browser has no row yet: its journal is replaced when a row opens.
    let journal = DraftJournal(
        directory: launch.draftsDirectory, location: store.location, table: schema.table, key: launch.key ?? .null)
    let orphans = launch.config.readOnly || launch.key == nil ? [] : journal.findOrphans()

    // 3. The change feed (optional: without it the editor still saves safely); the browser's watches the table.
    var feed: ChangeFeed?
    var feedFailure: String?
    do {
        feed = try launch.key.map { try store.makeChangeFeed(watching: $0) } ?? store.makeChangeFeed()
    } catch { feedFailure = localized("app.cannotWatch", ["reason": describe(error)]) }

    // 4. Signals before curses, so that curses installs no handlers of its own; then the terminal.
    let signals: SignalWatcher
    do { signals = try SignalWatcher() } catch {
        launch.notify("recedit: " + describe(error))
        return 1
    }
    defer { signals.close() }
    signals.watch(EventLoop.exitSignals + [SIGWINCH, SIGCHLD, SIGCONT])
    let previousSIGPIPE = signal(SIGPIPE, SIG_IGN)
    defer { signal(SIGPIPE, previousSIGPIPE) }

    let terminal: Terminal
    do { terminal = try Terminal(options: Terminal.Options(colors: launch.config.colors)) } catch {
        launch.notify("recedit: " + describe(error))
        return 1
    }
    defer { terminal.shutdown() }

    let loop = EventLoop(
        launch: launch, record: record, orphans: orphans, journal: journal, feed: feed,
        terminal: terminal, signals: signals)
    if let feedFailure { loop.enqueue(.failure(feedFailure, connectionLost: false)) }
    let code = loop.run()
    terminal.shutdown()
    if let note = loop.exitNote { launch.notify(note) }
    return code
}

func describe(_ error: Error) -> String {
    if let store = error as? StoreError { return StoreErrorWording.message(store) }
    // The dynamic type itself must describe itself (an Error bridged to NSError always would, with its debug text).
    if type(of: error) is CustomStringConvertible.Type { return String(describing: error) }
    return "unexpected error (\(type(of: error)))"
}

func isConnectionLost(_ error: Error) -> Bool {
    if case .connectionLost? = error as? StoreError { return true }
    return false
}
