import RecEditCore

// The contract between the pure editor (state + update + render, this module) and the
// event loop that does the I/O (EditorApp + TerminalUI). Elm-style: the loop turns keys,
// timers and database results into `EditorMessage`s; `AppState.update` returns the
// `EditorEffect`s for the loop to perform; `AppState.render` draws into a `CellBuffer`.

/// A decoded key press.
public enum Key: Equatable, Sendable {
    /// Printable text (any script, CJK included). Never a control character.
    case character(Character)
    case enter, tab, backTab, backspace, delete, escape
    case up, down, left, right, home, end, pageUp, pageDown
    /// Ctrl plus a letter, as the lowercase letter: Ctrl-S is `.control("s")`.
    case control(Character)
    case function(Int)
}

/// How the editor behaves; read from the configuration by the caller.
public struct EditorConfig: Sendable, Equatable {
    public enum LockMode: String, Sendable { case advisory, exclusive }
    public enum MergeMode: String, Sendable { case auto, review }

    public var owner: String
    public var lockMode: LockMode = .advisory
    public var mergeMode: MergeMode = .auto
    public var readOnly = false
    /// Why the editor is read-only when the user did not ask for it (the database cannot be written); shown in
    /// the banner.
    public var readOnlyReason: String?
    public var leaseSeconds = 60
    public var heartbeatSeconds = 15
    public var colors = true
    /// The viewer's offset from UTC, for showing stamps as local HH:MM:SS.
    public var utcOffsetSeconds = 0
    /// The form's keys (the config file's `keys` section).
    public var keyMap = KeyMap.standard

    public init(owner: String) { self.owner = owner }
}

/// What the loop tells the editor.
public enum EditorMessage: Sendable, Equatable {
    case key(Key)
    case resize(width: Int, height: Int)
    /// A timer tick: the loop sends one by `AppState.nextTickDue`, and before other messages when the last is over
    /// a second old.
    case tick(nowMicroseconds: Int64)
    /// Result of `.open`: the row, and the drafts of it that editors now gone left (oldest first). Its form
    /// replaces what was shown.
    case rowOpened(schema: Schema, record: Record, orphanedDrafts: [Draft])
    /// Result of `.claim`, `.renew`, `.release` or `.takeOver`; nil when the row no longer exists.
    case editOutcome(EditOutcome?)
    /// Result of `.probeHolder`: whether that owner's process is provably gone (it ran on this host and no
    /// process has its pid).
    case holderProbed(owner: String, gone: Bool)
    /// Result of `.takeOver` when the row no longer named that holder: nothing was asked of the database.
    case takeOverSkipped
    /// Result of `.save` or `.recreate`. `writer` names who wrote the current row when the outcome is stale;
    /// `history` is the row's replaced versions then, so a merge can name who wrote each field.
    case saveFinished(SaveOutcome, writer: String?, history: [HistoryEntry] = [])
    /// Result of `.reload` (and what the change feed triggers): the row now (nil = deleted) and who wrote it;
    /// for `.reload`, also the row's replaced versions (who wrote each field a merge takes).
    case rowReloaded(Record?, writer: String?, history: [HistoryEntry] = [])
    /// Result of `.editExternally`: the edited text, or nil when the editor failed or was cancelled.
    case externalEditFinished(String?)
    /// `.editExternally` failed: what went wrong, as one line ("could not run 'vi': not found").
    case externalEditFailed(String)
    /// A store or I/O failure, as one line for the status bar. `connectionLost` keeps the draft and retries.
    case failure(String, connectionLost: Bool)
    /// A database request has been waiting a while (another program holds the lock, a slow server); its
    /// result still comes. Sent again when more requests queue up behind it.
    case databaseBusy
    /// A one-line warning for the status line that changes nothing else (an after-save hook failed or timed out).
    case notice(String)
    /// Result of `.fetchReferencedRows`: the rows for that request and generation (the picker drops older ones).
    case referencedRowsFetched(ReferenceRequest, [ReferencedRow], generation: Int)
    /// `.fetchReferencedRows` of that generation failed: what went wrong, as one line.
    case referencedRowsFailed(String, generation: Int)
    /// Result of `.fetchReferenceLabel`: the referenced row's label (nil: no such row, or no label).
    case referenceLabelFetched(column: String, key: Value, label: String?)
    /// Result of `.fetchPage`: the page, for the request of that generation (the browser drops older ones).
    case pageFetched(RowPage, generation: Int)
    /// `.fetchPage` of that generation failed: what went wrong, as one line.
    case pageFailed(String, generation: Int)
    /// Result of `.estimateRowCount` (nil: the database has no estimate).
    case rowCountEstimated(Int?)
    /// The table's change feed heard a writer (the browser fetches its page again).
    case tableChanged

    // MARK: The browser's screens (history, delete, tables, new row)

    /// Result of `.loadHistory`: the row now (nil when it is gone), who wrote it, and its replaced versions
    /// (newest first). Goes to the history screen.
    case historyLoaded(key: Value, current: Record?, writer: String?, history: [HistoryEntry])
    /// Result of `.restoreVersion` (a checked save); `writer` names who wrote the current row when stale.
    case restoreFinished(key: Value, SaveOutcome, writer: String?)
    /// Result of `.deleteRow`. On `.stale`, `writer` wrote the current row and `history` is the row's versions
    /// (who changed which field since it was shown).
    case deleteFinished(key: Value, DeleteOutcome, writer: String?, history: [HistoryEntry])
    /// Result of `.describeTables`: recedit's tables, by name.
    case tablesDescribed([TableSummary])
    /// Result of `.openNewRow`: the form on an empty row of this table (saving inserts).
    case newRowOpened(schema: Schema)
    /// Result of `.insert`: the row as inserted (its key, its stamp); the new-row form becomes that open row.
    case inserted(Record)
    /// Result of `.openTable`: the loop works on that table now (its store); sent to every screen, the browser
    /// shows it.
    case tableOpened(schema: Schema)
    /// Announced to every screen (like a resize) when a screen deleted a row: the browser drops it.
    case rowDeleted(key: Value)
    /// Announced to every screen when a screen wrote a row (a restored version): the browser shows its new values.
    case rowUpdated(Record)
}

/// One table recedit has set up, for the tables list.
public struct TableSummary: Sendable, Equatable {
    public var name: String
    /// The database's estimate (`RecordStore.estimatedRowCount`); nil: it keeps none ("many").
    public var estimatedRows: Int?
    /// The stamp of its newest change, when the store can tell it cheaply (no store can yet: nil).
    public var lastChange: String?

    public init(name: String, estimatedRows: Int?, lastChange: String? = nil) {
        self.name = name
        self.estimatedRows = estimatedRows
        self.lastChange = lastChange
    }
}

/// What the editor asks the loop to do.
public enum EditorEffect: Sendable, Equatable {
    /// Load the row with this key (and its drafts left by dead editors); answer with `.rowOpened`, or
    /// `.failure` when it cannot be read or does not exist.
    case open(key: Value)
    case claim
    /// A claim came back busy: is this owner's process gone? Answer with `.holderProbed`.
    case probeHolder(owner: String)
    /// Take over the claim of `from` (its process is gone): read the row's token and ask for
    /// `ClaimTakeOver.request`; answer with `.editOutcome`, or `.takeOverSkipped` when the row names someone else.
    case takeOver(from: String)
    case renew(token: Int64)
    case release(token: Int64)
    /// A checked save: only `changes`, only if the row's updated_at is still `expected`.
    case save(changes: [String: Value], expected: String, fencingToken: Int64?)
    /// Re-create a row someone deleted, from my values (the key included).
    case recreate(fields: [String: Value])
    case reload
    /// Journal the draft (the loop writes it atomically, mode 0600).
    case writeDraft(Draft)
    case deleteDraft
    /// The user answered the recovery prompt about a draft a dead editor left. Not `recovered`: delete
    /// its file now. `recovered`: its edits are mine now; delete its file once my own draft holds them
    /// (the next `.writeDraft`) or they are saved or discarded (the next `.deleteDraft`).
    case settleOrphanedDraft(Draft, recovered: Bool)
    /// Hand the terminal to $VISUAL/$EDITOR with this text; answer with `.externalEditFinished` or `.externalEditFailed`.
    case editExternally(text: String)
    /// The browser asks for one keyset page; answer with `.pageFetched` or `.pageFailed` (same generation). While
    /// one is on its way the loop keeps only the newest next request (typing a filter coalesces).
    case fetchPage(RowPageRequest, generation: Int)
    /// Answer with `.rowCountEstimated`.
    case estimateRowCount
    /// The foreign-key picker asks for rows of the referenced table; answer with `.referencedRowsFetched` or
    /// `.referencedRowsFailed` (same generation).
    case fetchReferencedRows(ReferenceRequest, generation: Int)
    /// The label of the row `key` of the table `reference` names, for the field `column`; answer with
    /// `.referenceLabelFetched`.
    case fetchReferenceLabel(column: String, reference: ColumnReference, key: Value)
    /// The open row was closed and the browser is shown again: stop watching the row (its release and draft
    /// effects come before this one).
    case closeRow
    case quit

    // MARK: The browser's screens

    /// Read row `key` now, who wrote it, and its history; answer with `.historyLoaded`.
    case loadHistory(key: Value)
    /// Restore a version: a checked save of `changes` to row `key`, only while its updated_at is still
    /// `expected` (`VersionRestore`, as `recedit restore`); answer with `.restoreFinished`.
    case restoreVersion(key: Value, changes: [String: Value], expected: String)
    /// The checked delete of row `key` while its updated_at is still `expected`; answer with `.deleteFinished`
    /// (on `.stale`, with who wrote the current row and the row's history).
    case deleteRow(key: Value, expected: String)
    /// List recedit's tables with their row estimates; answer with `.tablesDescribed`.
    case describeTables
    /// Open the table named in the browser (the loop opens its store).
    case openTable(String)
    /// Show the form on an empty row of the table; answer with `.newRowOpened`.
    case openNewRow
    /// Insert the new row's fields (those typed; the rest take the schema's defaults); answer with `.inserted`,
    /// or `.failure`.
    case insert(fields: [String: Value])
}

/// A dirty editor's journal: enough to rebuild the edits after a crash.
public struct Draft: Sendable, Equatable {
    public var table: String
    public var key: Value
    /// The version the edits started from (the merge base on recovery).
    public var base: Record
    /// My values for the fields I changed.
    public var edits: [String: Value]
    public var focusedColumn: String?
    public var cursor: Int
    /// Owner string of the process that wrote it (user@host:pid), to tell if it is still running.
    public var owner: String

    public init(table: String, key: Value, base: Record, edits: [String: Value], focusedColumn: String?, cursor: Int, owner: String) {
        self.table = table
        self.key = key
        self.base = base
        self.edits = edits
        self.focusedColumn = focusedColumn
        self.cursor = cursor
        self.owner = owner
    }
}

// MARK: - Cell buffer

public enum TerminalColor: Int, Sendable, Equatable { case black = 0, red, green, yellow, blue, magenta, cyan, white }

public struct CellStyle: Hashable, Sendable {
    public var foreground: TerminalColor?
    public var background: TerminalColor?
    public var bold = false
    public var reverse = false
    public var underline = false
    public var dim = false

    public init(
        foreground: TerminalColor? = nil, background: TerminalColor? = nil, bold: Bool = false,
        reverse: Bool = false, underline: Bool = false, dim: Bool = false
    ) {
        self.foreground = foreground
        self.background = background
        self.bold = bold
        self.reverse = reverse
        self.underline = underline
        self.dim = dim
    }

    public static let plain = CellStyle()
}

/// One screen cell. A wide character fills its cell (width 2) and the next cell holds `continuation`.
public struct Cell: Equatable, Sendable {
    /// One grapheme, already made terminal-safe; "" for the second half of a wide character.
    public var text: String
    public var width: Int
    public var style: CellStyle

    public init(text: String, width: Int, style: CellStyle) {
        self.text = text
        self.width = width
        self.style = style
    }

    public static let blank = Cell(text: " ", width: 1, style: .plain)
    public static func continuation(_ style: CellStyle) -> Cell { Cell(text: "", width: 0, style: style) }
}

/// The screen as the editor drew it. The presenter copies it to the terminal; tests compare it to snapshots.
public struct CellBuffer: Equatable, Sendable {
    public let width: Int
    public let height: Int
    public var cells: [Cell]
    /// Where the terminal cursor goes (row, column), or nil to hide it.
    public var cursor: (row: Int, column: Int)?

    public init(width: Int, height: Int) {
        self.width = width
        self.height = height
        self.cells = Array(repeating: .blank, count: max(0, width * height))
    }

    public subscript(row: Int, column: Int) -> Cell {
        get { cells[row * width + column] }
        set { cells[row * width + column] = newValue }
    }

    /// The text of one row (continuation cells skipped), for tests and `capture`.
    public func line(_ row: Int) -> String {
        var s = ""
        for c in 0..<width { s += self[row, c].text }
        return s
    }

    public var lines: [String] { (0..<height).map(line) }

    public static func == (a: CellBuffer, b: CellBuffer) -> Bool {
        a.width == b.width && a.height == b.height && a.cells == b.cells && a.cursor?.row == b.cursor?.row && a.cursor?.column == b.cursor?.column
    }
}
