import RecEditCore
import TextMerge

/// The state of the Conflict screen: every field that differs between base, mine and theirs, how
/// each is being resolved (per field, or per hunk for text that merged line by line), the selection,
/// and the optional editor for writing a result by hand.
struct ConflictScreen: Screen {
    /// What brought the screen up: my save was stale, Ctrl-R, or recovering a draft.
    enum Origin: Sendable, Equatable { case save, reload, recovery }

    enum HunkChoice: Sendable, Equatable { case mine, theirs, base, both }

    enum Resolution: Sendable, Equatable {
        /// What the merge settled on (nil for a conflict).
        case auto
        case mine, theirs, base
        /// Per-hunk choices (text fields whose line merge left conflict hunks).
        case hunks
        case edited(Value)
    }

    struct Entry: Sendable, Equatable {
        var field: FieldMerge
        var resolution: Resolution
        var hunkChoices: [HunkChoice?]

        var column: String { field.column }

        /// Conflict chunks of the line merge, when the field has any.
        var hunkCount: Int { field.isConflict ? (field.textMerge?.conflictCount ?? 0) : 0 }
        var hasHunks: Bool { hunkCount > 0 }

        /// The result, or nil while unresolved.
        var value: Value? {
            switch resolution {
            case .auto: return field.merged
            case .mine: return field.mine
            case .theirs: return field.theirs
            case .base: return field.base
            case .edited(let v): return v
            case .hunks:
                guard let chunks = resolvedChunks(), let text = TextMergeResult(chunks: chunks).mergedText else { return nil }
                return .text(text)
            }
        }

        var isResolved: Bool { value != nil }
        var openHunks: Int { hunkChoices.filter { $0 == nil }.count }

        /// The chunks with every chosen hunk replaced by its text (open hunks stay conflicts).
        func chunksWithChoices() -> [TextMergeResult.Chunk] {
            guard let tm = field.textMerge else { return [] }
            var index = 0
            return tm.chunks.map { chunk in
                guard case .conflict(let b, let m, let t) = chunk else { return chunk }
                defer { index += 1 }
                guard index < hunkChoices.count, let choice = hunkChoices[index] else { return chunk }
                return .resolved(ConflictScreen.text(of: choice, base: b, mine: m, theirs: t))
            }
        }

        func resolvedChunks() -> [TextMergeResult.Chunk]? {
            let chunks = chunksWithChoices()
            return chunks.contains { if case .conflict = $0 { return true } else { return false } } ? nil : chunks
        }

        /// Short description of the state, for the list.
        var stateText: String {
            switch resolution {
            case .auto:
                switch field.verdict {
                case .conflict: return localized("conflict.state.conflict")
                case .mine: return localized("conflict.state.autoMine")
                case .theirs: return localized("conflict.state.autoTheirs")
                case .same: return localized("conflict.state.autoSame")
                case .textMerged: return localized("conflict.state.autoLines")
                case .unchanged: return localized("conflict.state.unchanged")
                }
            case .mine: return localized("conflict.mine")
            case .theirs: return localized("conflict.theirs")
            case .base: return localized("conflict.base")
            case .edited: return localized("conflict.state.edited")
            case .hunks:
                let open = openHunks
                return open == 0
                    ? localized("conflict.state.hunksResolved") : localized("conflict.state.hunksOpen", ["open": String(open), "count": String(hunkCount)])
            }
        }
    }

    var entries: [Entry]
    var base: Record
    var mine: Record
    var theirs: Record
    var writer: String?
    var origin: Origin
    var selected = 0
    /// The current hunk in the selected field.
    var hunk = 0
    /// Set while the user writes the selected field's result by hand (`e`).
    var editor: LineEditor?
    var editorMultiline = false
    /// First content row on screen.
    var scrollTop = 0

    init(merge: RecordMerge, base: Record, mine: Record, theirs: Record, writer: String?, origin: Origin) {
        self.base = base
        self.mine = mine
        self.theirs = theirs
        self.writer = writer
        self.origin = origin
        entries = merge.fields.filter { $0.verdict != .unchanged }.map { field in
            let hunks = field.isConflict ? (field.textMerge?.conflictCount ?? 0) : 0
            return Entry(field: field, resolution: hunks > 0 ? .hunks : .auto, hunkChoices: Array(repeating: nil, count: hunks))
        }
        if let first = entries.firstIndex(where: { !$0.isResolved }) { selected = first }
    }

    var writerName: String { writer ?? localized("status.anotherWriter") }
    var unresolvedCount: Int { entries.filter { !$0.isResolved }.count }
    var selectedEntry: Entry? { entries.indices.contains(selected) ? entries[selected] : nil }

    static func text(of choice: HunkChoice, base: String, mine: String, theirs: String) -> String {
        switch choice {
        case .mine: return mine
        case .theirs: return theirs
        case .base: return base
        case .both:
            if mine.isEmpty || theirs.isEmpty || mine.hasSuffix("\n") { return mine + theirs }
            return mine + "\n" + theirs
        }
    }

    /// Every field's result: resolved values, and for what is still open, mine (nothing is lost).
    var valuesKeepingMineForOpen: [String: Value] {
        var out: [String: Value] = [:]
        for e in entries { out[e.column] = e.value ?? e.field.mine }
        return out
    }

    /// Every field's result when all are resolved; nil while any is open.
    var resolvedValues: [String: Value]? {
        var out: [String: Value] = [:]
        for e in entries {
            guard let v = e.value else { return nil }
            out[e.column] = v
        }
        return out
    }

    // MARK: Choices

    mutating func move(_ delta: Int) {
        guard !entries.isEmpty else { return }
        let next = min(max(0, selected + delta), entries.count - 1)
        if next != selected {
            selected = next
            hunk = entries[next].hunkChoices.firstIndex(where: { $0 == nil }) ?? 0
        }
    }

    mutating func moveHunk(_ delta: Int) -> Bool {
        guard let e = selectedEntry, e.hasHunks else { return false }
        hunk = min(max(0, hunk + delta), e.hunkCount - 1)
        return true
    }

    /// `m`/`t`/`b`/`2` on the selected field: the current hunk in a field with hunks, else the whole field.
    mutating func choose(_ choice: HunkChoice) -> Bool {
        guard entries.indices.contains(selected) else { return false }
        if entries[selected].hasHunks, case .hunks = entries[selected].resolution {
            guard entries[selected].hunkChoices.indices.contains(hunk) else { return false }
            entries[selected].hunkChoices[hunk] = choice
            // Go on to the next open hunk, if any.
            if let next = entries[selected].hunkChoices.firstIndex(where: { $0 == nil }) { hunk = next }
            return true
        }
        switch choice {
        case .mine: entries[selected].resolution = .mine
        case .theirs: entries[selected].resolution = .theirs
        case .base: entries[selected].resolution = .base
        case .both: return false
        }
        return true
    }

    /// `M`/`T`: mine or theirs for everything still open. Returns how many fields it settled.
    mutating func chooseAllOpen(_ choice: HunkChoice) -> Int {
        var count = 0
        for i in entries.indices where !entries[i].isResolved {
            count += 1
            if entries[i].hasHunks, case .hunks = entries[i].resolution {
                for h in entries[i].hunkChoices.indices where entries[i].hunkChoices[h] == nil {
                    entries[i].hunkChoices[h] = choice
                }
            } else {
                entries[i].resolution = choice == .theirs ? .theirs : .mine
            }
        }
        return count
    }

    /// The text `e` starts from: the result so far, with git-style markers around open hunks.
    func editableResult(for index: Int) -> String {
        let e = entries[index]
        if let v = e.value { return ValueParser.editableText(v) }
        if e.hasHunks {
            return TextMergeResult(chunks: e.chunksWithChoices()).text(mineLabel: "mine", theirsLabel: writerName)
        }
        return ValueParser.editableText(e.field.mine)
    }
}
