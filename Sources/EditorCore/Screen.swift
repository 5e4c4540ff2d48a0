import RecEditCore

/// Every kind of screen the editor can show. This is the one registration point for a new screen: add its
/// case here and write a type conforming to `Screen` in a file of its own; `AppState` pushes it and sends it
/// keys, and draws it with the screens under it.
public enum ScreenKind: Sendable, Hashable {
    /// The row's fields (the bottom of a row's stack).
    case form
    /// Resolving a merge field by field.
    case conflict
    /// The row was deleted: re-create it or quit.
    case deletedRow
    /// A draft left by an editor that is gone: recover it or discard it.
    case recoverDraft
    /// What the next save will write, field by field (Ctrl-D).
    case review
    /// The key list (any key closes it).
    case help
    /// "Discard unsaved changes? (y/N)".
    case quitConfirm
    /// A row's versions, who wrote each, a diff against the row now; restores one (`HistoryScreen`).
    case history
    /// "Delete row 3 'title'? y/N" and the checked delete (`DeleteConfirmScreen`).
    case deleteConfirm
    /// recedit's tables in the database, to open one (`TablesScreen`).
    case tables
    /// The allowed values of a choice field.
    case choicePicker
    /// The rows of the table a foreign-key field references (`ReferencePickerScreen`).
    case referencePicker
    /// The table browser (`BrowserScreen`): not in the stack but under it, shown while no row is open.
    case browser
}

/// A rectangle of the cell buffer a screen draws into.
public struct Rect: Sendable, Equatable {
    public var row: Int
    public var column: Int
    public var width: Int
    public var height: Int

    public init(row: Int = 0, column: Int = 0, width: Int, height: Int) {
        self.row = row
        self.column = column
        self.width = width
        self.height = height
    }
}

/// One screen of the stack: its own state, its own `update` and its own drawing. The shared row
/// (`RowSession`: the record, my edits, the claim, saving, drafts, the status line) and the stack itself come
/// in as arguments, so a screen can ask the session to save or open another screen.
protocol Screen: Sendable {
    var kind: ScreenKind { get }
    /// True when the screen draws over the screens below it (a prompt box, the help); false when it covers
    /// its whole area (the screens below are not drawn).
    var isOverlay: Bool { get }
    /// Handles a key (only the top screen gets keys) or a resize (every screen gets it).
    mutating func update(_ message: EditorMessage, area: Rect, session: inout RowSession, screens: inout ScreenStack) -> [EditorEffect]
    /// Keeps what has the focus in view after every update (the top screen that covers its area only).
    mutating func fit(area: Rect, session: RowSession)
    func render(into painter: inout Painter, area: Rect, session: RowSession, screens: ScreenStack)
}

extension Screen {
    mutating func fit(area: Rect, session: RowSession) {}
}

/// The screens, bottom first. Prompts that replace each other (Conflict, deleted row, draft recovery) sit
/// right above the form; help and the quit question are always on top.
struct ScreenStack: Sendable {
    private(set) var items: [any Screen] = []

    var top: (any Screen)? { items.last }
    var isEmpty: Bool { items.isEmpty }
    var count: Int { items.count }

    func contains(_ kind: ScreenKind) -> Bool { items.contains { $0.kind == kind } }
    var topKind: ScreenKind? { items.last?.kind }

    mutating func push(_ screen: any Screen) { items.append(screen) }

    /// Shows `screen` in place of the Conflict / deleted-row / recovery screen shown now, under help and the
    /// quit question.
    mutating func present(_ screen: any Screen) {
        items.removeAll { ScreenStack.replaceable.contains($0.kind) }
        let index = items.lastIndex { !ScreenStack.alwaysOnTop.contains($0.kind) }.map { $0 + 1 } ?? 0
        items.insert(screen, at: index)
    }

    mutating func close(_ kind: ScreenKind) { items.removeAll { $0.kind == kind } }

    /// Messages a screen sends to every screen after this update (`.rowDeleted`, `.rowUpdated`): how the delete
    /// question tells the browser under it.
    var announcements: [EditorMessage] = []
    mutating func announce(_ message: EditorMessage) { announcements.append(message) }

    mutating func removeAll() { items.removeAll() }

    /// Puts back the updated copy of the screen at `index`, unless that screen was closed meanwhile.
    mutating func replace(at index: Int, with screen: any Screen) {
        guard items.indices.contains(index), items[index].kind == screen.kind else { return }
        items[index] = screen
    }

    /// The screens to draw: from the top one that covers its area up.
    var visible: ArraySlice<any Screen> {
        let start = items.lastIndex { !$0.isOverlay } ?? 0
        return items[start...]
    }

    static let replaceable: Set<ScreenKind> = [.conflict, .deletedRow, .recoverDraft]
    static let alwaysOnTop: Set<ScreenKind> = [.help, .quitConfirm]
    /// Screens that show their own store failures (they are not about the open row).
    static let answeredBySelf: Set<ScreenKind> = [.history, .deleteConfirm, .tables]
}
