import RecEditCore

/// The open row, shared by every screen of it: the record, my edits (one editor per field), the claim,
/// saving and merging, drafts and the status line. Screens come and go on `AppState`'s stack; this stays
/// while the row is open. Nothing here does I/O.
struct RowSession: Sendable {
    var schema: Schema
    /// The base: the version of the row my edits start from (what the next save is checked against).
    var record: Record {
        didSet { noteBaseTexts(changedFrom: oldValue) }
    }
    /// Each editable field's base text as the editor holds it, to tell a dirty field without building
    /// the whole text on every key (a value can be megabytes).
    var baseCharacters: [String: [Character]] = [:]
    var config: EditorConfig

    // MARK: Fields
    /// Columns that can take the focus (the user's columns other than the key), in table order.
    let focusable: [String]
    /// One editor per editable field, holding its value.
    var fields: [String: FieldEditor] = [:]
    /// The focused field (kept here: a draft records it, a save moves it to a bad value).
    var focus = 0
    /// Counts focus changes, so the form starts a newly focused field scrolled to its start.
    var focusMoves = 0
    /// Type errors per column, shown until the value is fixed.
    var fieldErrors: [String: String] = [:]

    // MARK: Drafts of dead editors
    /// Orphaned drafts still to offer, oldest first: the next one comes up once the form is clean
    /// (right after a draft is discarded, or after the recovered one is saved).
    var orphanQueue: [Draft] = []
    /// How many orphaned drafts this editor found, for "draft 2 of 3".
    var orphanTotal = 0

    // MARK: The status line
    var message: Message?

    // MARK: Claim
    enum Claim: Sendable, Equatable {
        /// Not asked for (read-only), or given back.
        case none
        case claiming
        case held(token: Int64, leaseUntil: String)
        case busy(owner: String, leaseUntil: String?)
        case lost(owner: String?)
    }
    var claim: Claim = .none
    /// Who else holds the row, since when (a stamp: when their claim began), and whether they hold it locked.
    var holder: (owner: String, since: String?, locked: Bool)?
    var now: Int64?
    var lastRenewAt: Int64?
    /// The lease end an automatic claim was already sent for (so it goes once per lease).
    var autoClaimSentFor: String??
    /// Who held the row while I waited (for the "you hold the row now" message).
    var waitedFor: String?
    /// When to ask for the claim again after the connection dropped while claiming.
    var retryClaimAt: Int64?
    static let retryMicroseconds: Int64 = 5_000_000
    /// A claim came back busy from a holder on this host: is its process gone (then its claim is taken over,
    /// `ClaimTakeOver`)? `busy` is applied as it came when it is not.
    enum GoneHolderCheck: Sendable, Equatable {
        case none
        case probing(holder: String, busy: EditOutcome)
        case takingOver(busy: EditOutcome)
    }
    var goneHolder: GoneHolderCheck = .none

    // MARK: Saving and merging
    struct PendingSave: Sendable {
        var sentTexts: [String: String]
        /// Told after the save lands ("merged from alice: priority").
        var note: String?
        var resolvesConflict = false
        /// When re-creating a deleted row.
        var recreate = false
    }
    var saving: PendingSave?
    /// Ctrl-R asked for a reload: merge what comes back.
    var reviewRequested = false
    /// A recovered draft waits for the row (and its history) to merge with.
    var recoveryPending = false
    /// A newer version of the row seen while I had edits (Ctrl-R merges it).
    var remoteNotice: (record: Record, writer: String?)?
    /// Set when the row is gone, with who/what said so.
    var deletedNotice: String?
    /// The Conflict screen left with Esc while fields were still in conflict: they stay open (marked on the
    /// form) and Ctrl-S brings the screen back. `parkedTexts` are the form's texts when it was left.
    var parkedConflict: ConflictScreen?
    var parkedTexts: [String: String] = [:]

    // MARK: Drafts
    var draftPending = false
    var draftOnDisk = false
    var lastDraftAt: Int64?
    var keystrokesSinceDraft = 0

    // MARK: Other
    var externalColumn: String?
    /// The label of each foreign-key field's referenced row, for the value it was asked for.
    var referenceLabels: [String: ReferenceLabel] = [:]
    /// A row not inserted yet (`n` in the browser): saving inserts it, and there is no key to claim or journal.
    var isNew = false

    struct Message: Sendable, Equatable {
        enum Kind: Sendable { case info, success, warning, error }
        var text: String
        var kind: Kind
    }

    let theme: Theme

    static let draftIntervalMicroseconds: Int64 = 2_000_000
    static let draftKeystrokes = 50

    /// - Parameter orphanedDrafts: drafts of this row left by processes that are gone, oldest first;
    ///   the editor offers to recover them one after another (`AppState` shows the first at once).
    init(schema: Schema, record: Record, config: EditorConfig, orphanedDrafts: [Draft] = []) {
        self.schema = schema
        self.record = record
        self.config = config
        self.theme = Theme(colors: config.colors)
        self.focusable = schema.editableColumns.map(\.name)
        noteBaseTexts(changedFrom: nil)
        resetEditors(to: record)
        if !focusable.isEmpty { focusField(0) }
        noteHolder(from: record.edit)
        orphanTotal = orphanedDrafts.count
        orphanQueue = orphanedDrafts
        if config.readOnly {
            message = Message(text: localized("banner.readOnly", ["reason": config.readOnlyReason ?? localized("status.readOnly.cannotSave")]), kind: .info)
        }
    }

    /// Effects to run when the row opens (the claim, unless read-only).
    mutating func start() -> [EditorEffect] {
        guard !config.readOnly else { return [] }
        claim = .claiming
        return [.claim]
    }

    /// The messages about the row (everything but keys and resizes, which go to the screens).
    mutating func update(_ message: EditorMessage, screens: inout ScreenStack) -> [EditorEffect] {
        switch message {
        case .key, .resize, .rowOpened, .pageFetched, .pageFailed, .rowCountEstimated, .tableChanged:
            return []
        case .tick(let micros):
            return handleTick(micros, screens: screens)
        case .editOutcome(let outcome):
            return handleEditOutcome(outcome, screens: &screens)
        case .holderProbed(let holder, let gone):
            return handleHolderProbed(holder, gone: gone, screens: &screens)
        case .takeOverSkipped:
            return handleTakeOverSkipped(screens: &screens)
        case .saveFinished(let outcome, let writer, let history):
            return handleSaveFinished(outcome, writer: writer, history: history, screens: &screens)
        case .rowReloaded(let row, let writer, let history):
            return handleReload(row, writer: writer, history: history, screens: &screens)
        case .externalEditFinished(let text):
            return handleExternalEdit(text)
        case .externalEditFailed(let reason):
            return handleExternalEditFailure(reason)
        case .failure(let text, let connectionLost):
            return handleFailure(text, connectionLost: connectionLost)
        case .databaseBusy:
            if saving != nil { say(localized("status.savingBusy"), .warning) }
            return []
        case .notice(let text):
            say(text, .warning)
            return []
        case .inserted(let row):
            return handleInserted(row, screens: &screens)
        case .referenceLabelFetched(let column, let key, let label):
            if referenceLabels[column]?.key == key { referenceLabels[column] = ReferenceLabel(key: key, label: label, loaded: true) }
            return []
        case .newRowOpened, .historyLoaded, .restoreFinished, .deleteFinished, .tablesDescribed, .rowDeleted, .rowUpdated,
            .tableOpened, .referencedRowsFetched, .referencedRowsFailed:
            return []
        }
    }

    // MARK: - Read-only views (for the loop and tests)

    /// The message-area text.
    var statusMessage: String? { message?.text }
    /// The column with the focus on the form.
    var focusedColumn: String? { focusable.indices.contains(focus) ? focusable[focus] : nil }
    /// The text currently in a field's editor (editable columns only).
    func fieldText(_ column: String) -> String? { fields[column]?.editor.text }
    /// True when some field differs from the base record.
    var isDirty: Bool { !dirtyColumns.isEmpty }
    /// Fields left in conflict when the Conflict screen was closed with Esc (marked on the form).
    var openConflictColumns: [String] { parkedConflict?.entries.filter { !$0.isResolved }.map(\.column) ?? [] }
    /// True when typing cannot change the fields (read-only mode, or another holder in exclusive mode).
    var isReadOnly: Bool { formLockReason != nil }
    /// The fencing token of the claim I hold.
    var heldToken: Int64? { if case .held(let token, _) = claim { return token } else { return nil } }

    // MARK: - Field helpers

    mutating func resetEditors(to base: Record) {
        for name in focusable {
            // Keep the cursor where it was (a save or a merge must not throw it to the start); clamped by LineEditor.
            // The base's own grapheme array when it is the base: telling the field clean is then instant.
            let characters = base[name] == record[name] ? baseCharacters[name] : nil
            fields[name] = FieldEditor(
                column: column(name), value: base[name], characters: characters,
                cursor: fields[name]?.editor.cursor ?? 0)
        }
        fieldErrors = [:]
    }

    func column(_ name: String) -> Column? { schema.column(named: name) }

    /// Columns whose value differs from the base's.
    var dirtyColumns: [String] { focusable.filter(isFieldDirty) }

    /// True when the field's value differs from the base's (NULL and '' are different values).
    func isFieldDirty(_ name: String) -> Bool {
        fields[name]?.differs(from: record[name], baseCharacters: baseCharacters[name]) ?? false
    }

    /// Re-splits the base text of the fields whose value changed (all of them when `old` is nil).
    mutating func noteBaseTexts(changedFrom old: Record?) {
        for name in focusable where old == nil || old?[name] != record[name] || baseCharacters[name] == nil {
            baseCharacters[name] = LineEditor.split(ValueParser.editableText(record[name]))
        }
    }

    /// Drawn over several lines (Enter starts a new line): what the field's kind says, or a newline in the
    /// text, the value it was given or the base.
    func isMultiline(_ name: String) -> Bool {
        if fields[name]?.isMultiline == true { return true }
        if fields[name]?.kind.isOneLine != true, case .text(let s) = record[name], s.contains("\n") { return true }
        return false
    }

    /// The field's value now: the base's exactly while it does not differ (NULL stays NULL, 2.50 stays 2.5).
    func parsedValue(_ name: String) -> Result<Value, ValueParseError> {
        guard let field = fields[name] else { return .success(record[name]) }
        if !isFieldDirty(name) { return .success(record[name]) }
        return field.value
    }

    /// My values: the base with every parseable edit applied (unparseable fields keep the base value).
    var mineRecord: Record {
        var mine = record
        for name in dirtyColumns {
            if case .success(let v) = parsedValue(name) { mine.fields[name] = v }
        }
        return mine
    }

    /// True while someone else's claim keeps me from saving: my exclusive mode waits for every holder, and
    /// a row claimed `locked` (someone's exclusive mode) is read-only to everyone but its holder.
    var heldByOtherExclusively: Bool {
        !isNew && heldToken == nil && (config.lockMode == .exclusive || holder?.locked == true)
    }

    /// Why the form cannot be edited now, or nil when it can.
    var formLockReason: String? {
        if config.readOnly { return config.readOnlyReason ?? localized("status.reason.readOnlyMode") }
        if isNew { return nil }
        if config.lockMode != .exclusive, heldToken == nil, let h = holder, h.locked {
            return localized("status.reason.lockedBy", ["owner": h.owner])
        }
        if config.lockMode == .exclusive {
            switch claim {
            case .held: return nil
            case .busy(let owner, _): return localized("status.reason.busy", ["owner": owner])
            case .lost(let owner): return localized("status.reason.lost", ["owner": owner ?? localized("status.nobody")])
            case .claiming: return localized("status.reason.claiming")
            case .none: return localized("status.reason.notClaimed")
            }
        }
        return nil
    }

    mutating func say(_ text: String, _ kind: Message.Kind = .info) {
        message = Message(text: text, kind: kind)
    }

    func clock(_ stamp: String) -> String { Stamp.clockTime(stamp, utcOffsetSeconds: config.utcOffsetSeconds) }

    var keyText: String { record.key.displayText }
}
