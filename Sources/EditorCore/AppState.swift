import RecEditCore

/// The root of the editor: the stack of screens and the open row they share. `update` turns a message into
/// new state plus effects for the loop (keys go to the top screen, results of effects to the row);
/// `render` draws the screens bottom up into a `CellBuffer`. Nothing here does I/O.
public struct AppState: Sendable {
    public private(set) var width: Int
    public private(set) var height: Int
    public let config: EditorConfig
    let theme: Theme
    /// The open row (nil until `.rowOpened`).
    var session: RowSession?
    var screens = ScreenStack()
    var quitEmitted = false
    /// The table browser under the row's screens (nil for `recedit open <id>`): shown while no row is open;
    /// quitting a row comes back to it, quitting it quits.
    var browser: BrowserScreen?

    /// No row yet: the first `.rowOpened` shows its form.
    public init(config: EditorConfig, width: Int, height: Int) {
        self.config = config
        self.width = max(0, width)
        self.height = max(0, height)
        self.theme = Theme(colors: config.colors)
    }

    /// A row already open (what `.rowOpened` does, without asking for the claim: see `start`).
    /// - Parameter orphanedDrafts: drafts of this row left by processes that are gone, oldest first;
    ///   the editor offers to recover them one after another.
    public init(schema: Schema, record: Record, config: EditorConfig, width: Int, height: Int, orphanedDrafts: [Draft] = []) {
        self.init(config: config, width: width, height: height)
        openRow(schema: schema, record: record, orphanedDrafts: orphanedDrafts)
        fitTop()
    }

    /// One orphaned draft (or none) to offer.
    public init(schema: Schema, record: Record, config: EditorConfig, width: Int, height: Int, orphanedDraft: Draft?) {
        self.init(
            schema: schema, record: record, config: config, width: width, height: height,
            orphanedDrafts: orphanedDraft.map { [$0] } ?? [])
    }

    /// The table browser, no row open yet: `start()` asks for its first page.
    public init(browsing schema: Schema, location: String, config: EditorConfig, width: Int, height: Int) {
        self.init(config: config, width: width, height: height)
        browser = BrowserScreen(schema: schema, location: location, config: config, height: self.height)
    }

    /// The tables list over the browser (several tables are set up for recedit and none was named): Enter on
    /// one opens it in the browser.
    public mutating func offerTables(_ names: [String]) -> [EditorEffect] {
        guard browser != nil, names.count > 1 else { return [] }
        return TablesScreen.open(names: names, screens: &screens)
    }

    /// Effects to run when the row opens (the claim, unless read-only), or the browser's first page.
    public mutating func start() -> [EditorEffect] {
        if session == nil, browser != nil { return browser!.start() }
        return session?.start() ?? []
    }

    /// True while the browser is shown and gets the keys (no screen over it).
    public var isBrowsing: Bool { browser != nil && screens.isEmpty }

    public mutating func update(_ message: EditorMessage) -> [EditorEffect] {
        guard !quitEmitted else { return [] }
        var effects: [EditorEffect]
        switch message {
        case .key(let key):
            effects = isTooSmall ? handleKeyWhileTooSmall(key) : handleKey(key)
        case .resize(let w, let h):
            width = max(0, w)
            height = max(0, h)
            effects = browser?.update(message) ?? []
            for index in screens.items.indices { effects += update(screenAt: index, message) }
        case .rowOpened(let schema, let record, let orphans):
            openRow(schema: schema, record: record, orphanedDrafts: orphans)
            effects = start()
        case .newRowOpened(let schema):
            openNewRow(schema: schema)
            effects = []
        case .historyLoaded, .restoreFinished:
            effects = update(screenOf: .history, message)
        case .deleteFinished:
            effects = update(screenOf: .deleteConfirm, message)
        case .tablesDescribed:
            effects = update(screenOf: .tables, message)
        case .referencedRowsFetched, .referencedRowsFailed:
            effects = update(screenOf: .referencePicker, message)
        case .tableOpened(let schema) where browser != nil:
            // The tables list chose a table: the browser shows it now.
            effects = broadcast(message)
            browser = BrowserScreen(schema: schema, location: browser!.location, config: config, height: height)
            effects += browser!.start()
        case .rowDeleted, .rowUpdated, .tableOpened:
            effects = broadcast(message)
        case .failure where screens.topKind.map(ScreenStack.answeredBySelf.contains) == true:
            effects = updateTop(message)
        case .tick where browser != nil:
            effects = browser!.update(message)
            if session != nil { effects += session!.update(message, screens: &screens) }
        case .pageFetched, .pageFailed, .rowCountEstimated, .tableChanged:
            effects = browser?.update(message) ?? []
        default:
            if session == nil, browser != nil { return browser!.update(message) }
            guard session != nil else { return [] }
            effects = session!.update(message, screens: &screens)
        }
        effects += deliverAnnouncements()
        if session != nil { effects += session!.referenceLabelEffects() }
        if session?.isNew == true { effects.removeAll(where: RowSession.needsInsertedRow) }
        offerNextOrphan()
        fitTop()
        if effects.contains(.quit) {
            if session != nil, browser != nil { return closeRow(effects) }
            quitEmitted = true
        }
        return effects
    }

    /// Quitting a row opened from the browser: its own effects (release, delete the draft) and, instead of
    /// quitting, back to the browser at the same row with the row's new values.
    mutating func closeRow(_ effects: [EditorEffect]) -> [EditorEffect] {
        let key = session?.record.key
        session = nil
        screens.removeAll()
        return effects.filter { $0 != .quit } + [.closeRow] + browser!.rowClosed(key: key)
    }

    public func render() -> CellBuffer {
        var painter = Painter(width: width, height: height, theme: theme)
        guard !isTooSmall else {
            renderTooSmall(into: &painter)
            return painter.buffer
        }
        // The browser is under the stack: drawn unless a screen covering the area is open over it.
        if let browser, !screens.items.contains(where: { !$0.isOverlay }) { browser.render(into: &painter, area: area) }
        let session = self.session ?? RowSession.detached(config: config)
        for screen in screens.visible {
            screen.render(into: &painter, area: area, session: session, screens: screens)
        }
        return painter.buffer
    }

    var area: Rect { Rect(width: width, height: height) }

    /// Below this size the form is not drawn; only resizing, Ctrl-Q and Ctrl-C act.
    public static let minimumWidth = 20
    public static let minimumHeight = 6
    /// True when the window is below the minimum size (the form is hidden, keys do not edit).
    public var isTooSmall: Bool { width < AppState.minimumWidth || height < AppState.minimumHeight }

    /// True once the editor has asked to quit and everything it needed is done.
    public var isFinished: Bool { quitEmitted }

    // MARK: - Read-only views (for the loop and tests)

    /// The message-area text.
    public var statusMessage: String? { session?.statusMessage }
    /// The column with the focus on the form.
    public var focusedColumn: String? { session?.focusedColumn }
    /// The text currently in a field's editor (editable columns only).
    public func fieldText(_ column: String) -> String? { session?.fieldText(column) }
    /// True when some field differs from the base record.
    public var isDirty: Bool { session?.isDirty ?? false }
    /// Fields left in conflict when the Conflict screen was closed with Esc (marked on the form).
    public var openConflictColumns: [String] { session?.openConflictColumns ?? [] }
    /// True while the Conflict screen is shown.
    public var isShowingConflict: Bool { screens.contains(.conflict) }
    /// True when typing cannot change the fields (read-only mode, or another holder in exclusive mode).
    public var isReadOnly: Bool { session?.isReadOnly ?? true }
    /// The fencing token of the claim I hold.
    public var heldToken: Int64? { session?.heldToken }
    /// The base version of the open row.
    public var record: Record? { session?.record }
    /// The Conflict screen's state while it is shown.
    var conflictScreen: ConflictScreen? { screens.items.last { $0.kind == .conflict } as? ConflictScreen }
    /// The screens, bottom first.
    public var screenKinds: [ScreenKind] { (browser != nil ? [.browser] : []) + screens.items.map(\.kind) }

    // MARK: - The stack

    /// A row's screens replace whatever was shown: its form, and the first orphaned draft to offer.
    mutating func openRow(schema: Schema, record: Record, orphanedDrafts: [Draft]) {
        var session = RowSession(schema: schema, record: record, config: config, orphanedDrafts: orphanedDrafts)
        screens.removeAll()
        screens.push(FormScreen())
        if !session.orphanQueue.isEmpty {
            screens.present(RecoverDraftScreen(draft: session.orphanQueue.removeFirst()))
        }
        self.session = session
    }

    /// The form on an empty row of `schema` (`n` in the browser): saving inserts (`RowSession.isNew`). Shown the
    /// way `openRow` shows a row.
    mutating func openNewRow(schema: Schema) {
        let session = RowSession(newRowIn: schema, config: config)
        screens.removeAll()
        screens.push(FormScreen())
        self.session = session
    }

    /// Sends `message` to the screen at `index` and puts the updated screen back (unless it closed).
    /// Screens shown without a row (the tables list, a row's history or delete question over the browser) get
    /// a detached session: nothing of it is kept.
    mutating func update(screenAt index: Int, _ message: EditorMessage) -> [EditorEffect] {
        guard screens.items.indices.contains(index) else { return [] }
        var screen = screens.items[index]
        let effects: [EditorEffect]
        if session != nil {
            effects = screen.update(message, area: area, session: &session!, screens: &screens)
        } else {
            var detached = RowSession.detached(config: config)
            effects = screen.update(message, area: area, session: &detached, screens: &screens)
        }
        screens.replace(at: index, with: screen)
        return effects
    }

    /// Sends a store result to the topmost screen of `kind` (none shown: it is dropped).
    mutating func update(screenOf kind: ScreenKind, _ message: EditorMessage) -> [EditorEffect] {
        guard let index = screens.items.lastIndex(where: { $0.kind == kind }) else { return [] }
        return update(screenAt: index, message)
    }

    /// Sends `message` to every screen, bottom first.
    /// Opens the screen the browser asked for over it.
    mutating func open(_ request: BrowserScreen.Request, from browser: BrowserScreen) -> [EditorEffect] {
        switch request {
        case .history(let key):
            return HistoryScreen.open(schema: browser.schema, key: key, screens: &screens)
        case .delete(let row):
            screens.push(DeleteConfirmScreen(schema: browser.schema, row: row, nowMicroseconds: browser.now == 0 ? nil : browser.now))
            return []
        case .newRow:
            return [.openNewRow]
        }
    }

    mutating func broadcast(_ message: EditorMessage) -> [EditorEffect] {
        var effects: [EditorEffect] = []
        if browser != nil { effects += browser!.update(message) }
        var index = 0
        while index < screens.count {
            effects += update(screenAt: index, message)
            index += 1
        }
        return effects
    }

    /// What screens announced during this update (`ScreenStack.announce`), sent to every screen.
    mutating func deliverAnnouncements() -> [EditorEffect] {
        var effects: [EditorEffect] = []
        var rounds = 0
        while !screens.announcements.isEmpty, rounds < 8 {
            rounds += 1
            let pending = screens.announcements
            screens.announcements = []
            for message in pending { effects += broadcast(message) }
        }
        return effects
    }

    mutating func updateTop(_ message: EditorMessage) -> [EditorEffect] {
        update(screenAt: screens.count - 1, message)
    }

    mutating func handleKey(_ key: Key) -> [EditorEffect] {
        if screens.isEmpty, browser != nil {
            let effects = browser!.update(.key(key))
            guard let request = browser!.takeRequest() else { return effects }
            return effects + open(request, from: browser!)
        }
        guard let top = screens.topKind else { return [] }
        var key = key
        if top == .form {
            guard let known = config.keyMap.translate(key) else { return [] }
            key = known
        }
        if !ScreenStack.alwaysOnTop.contains(top), key == .function(1) || key == .control("g") {
            screens.push(HelpScreen())
            return []
        }
        return updateTop(.key(key))
    }

    /// The window is too small to show the form: keys that would act unseen are ignored. Ctrl-Q quits
    /// (asking first when there are unsaved changes, in words that fit the window); Ctrl-C says so.
    mutating func handleKeyWhileTooSmall(_ key: Key) -> [EditorEffect] {
        if screens.isEmpty, browser != nil { return key == .control("q") ? [.quit] : [] }
        guard session != nil else { return [] }
        if screens.topKind == .quitConfirm { return updateTop(.key(key)) }
        switch key {
        case .control("q"):
            screens.close(.help)
            if screens.contains(.recoverDraft) || screens.contains(.deletedRow) { return handleKey(key) }
            return session!.requestQuit(screens: &screens)
        case .control("c"):
            session!.say(RowSession.ctrlCHint)
            return []
        default:
            return []
        }
    }

    /// Offers the next orphaned draft once the form is clean and nothing else is being asked.
    mutating func offerNextOrphan() {
        guard let s = session, !s.orphanQueue.isEmpty, !s.isDirty, s.saving == nil, !quitEmitted,
            !screens.items.contains(where: { ScreenStack.replaceable.contains($0.kind) || $0.kind == .quitConfirm })
        else { return }
        screens.present(RecoverDraftScreen(draft: session!.orphanQueue.removeFirst()))
    }

    /// Keeps the focus in view on the top screen that covers the area.
    mutating func fitTop() {
        let session = self.session ?? RowSession.detached(config: config)
        guard let index = screens.items.lastIndex(where: { !$0.isOverlay }) else { return }
        var screen = screens.items[index]
        screen.fit(area: area, session: session)
        screens.replace(at: index, with: screen)
    }

    /// Below the minimum size: what is wrong (or the quit question), in the longest wording that fits
    /// the window, word-wrapped.
    func renderTooSmall(into p: inout Painter) {
        guard width > 0, height > 0 else { return }
        let size = "\(width)x\(height)", need = "\(AppState.minimumWidth)x\(AppState.minimumHeight)"
        let confirmingQuit = screens.topKind == .quitConfirm
        let wordings =
            confirmingQuit
            ? [QuitConfirmScreen.prompt, localized("dialog.quit.short"), localized("dialog.quit.shorter"), "y/N"]
            : [
                localized("status.tooSmall.long", ["size": size, "need": need]),
                localized("status.tooSmall.medium", ["size": size, "need": need]),
                localized("status.tooSmall.short", ["size": size, "need": need]), localized("status.tooSmall.shorter"), localized("status.tooSmall.shortest"),
            ]
        let lines =
            wordings.lazy.compactMap { AppState.wordWrap($0, width: self.width, height: self.height) }.first
            ?? [wordings.last!.truncated(toColumns: width)]
        for (row, line) in lines.enumerated() {
            p.text(line, row: row, column: 0, limit: width, style: confirmingQuit ? theme.prompt : theme.error)
        }
    }

    /// `text` wrapped at spaces into at most `height` lines of at most `width` columns; nil when it
    /// does not fit (a word wider than a line, or too many lines).
    static func wordWrap(_ text: String, width: Int, height: Int) -> [String]? {
        var lines: [String] = []
        var current = ""
        for word in text.split(separator: " ") {
            for (index, piece) in breakable(word).enumerated() {
                guard Sanitize.width(piece) <= width else { return nil }
                let gap = index == 0 ? " " : ""
                if current.isEmpty {
                    current = piece
                } else if Sanitize.width(current) + gap.count + Sanitize.width(piece) <= width {
                    current += gap + piece
                } else {
                    lines.append(current)
                    current = piece
                }
            }
        }
        if !current.isEmpty { lines.append(current) }
        return lines.count <= height ? lines : nil
    }

    /// A word in the pieces a line may break between: whole, unless it holds wide (CJK) characters, which Chinese
    /// breaks before (except before punctuation, which stays with what it follows).
    static func breakable(_ word: Substring) -> [String] {
        var pieces: [String] = []
        var current = ""
        for c in word {
            let wide = Sanitize.width(of: c) == 2
            if wide, !c.isPunctuation, !current.isEmpty {
                pieces.append(current)
                current = ""
            }
            current.append(c)
        }
        if !current.isEmpty { pieces.append(current) }
        return pieces
    }
}
