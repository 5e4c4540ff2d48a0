import TextMerge

/// How one field came out of a three-way merge (base = the version I loaded, mine = my edits, theirs = the row now).
public enum FieldVerdict: Sendable, Equatable {
    /// Nobody changed it.
    case unchanged
    /// Only I changed it: keep mine.
    case mine
    /// Only they changed it: take theirs.
    case theirs
    /// Both changed it to the same value.
    case same
    /// Both changed different lines of a long text; the lines merged cleanly.
    case textMerged
    /// Both changed it differently.
    case conflict
}

public struct FieldMerge: Sendable, Equatable {
    public var column: String
    public var base: Value
    public var mine: Value
    public var theirs: Value
    public var verdict: FieldVerdict
    /// The value the merge settles on; nil while the field is a conflict.
    public var merged: Value?
    /// The line-level merge of a text field both sides changed (clean or with conflict hunks).
    public var textMerge: TextMergeResult?

    /// Classifies one field. Text that both sides changed merges line by line when either side holds more than one line.
    public static func classify(column: String, base: Value, mine: Value, theirs: Value) -> FieldMerge {
        var result = FieldMerge(column: column, base: base, mine: mine, theirs: theirs, verdict: .conflict, merged: nil, textMerge: nil)
        if mine == theirs {
            result.verdict = mine == base ? .unchanged : .same
            result.merged = mine
        } else if mine == base {
            result.verdict = .theirs
            result.merged = theirs
        } else if theirs == base {
            result.verdict = .mine
            result.merged = mine
        } else if case .text(let b) = base, case .text(let m) = mine, case .text(let t) = theirs,
            b.contains("\n") || m.contains("\n") || t.contains("\n")
        {
            let lines = TextMerge.merge(base: b, mine: m, theirs: t)
            result.textMerge = lines
            if let text = lines.mergedText {
                result.verdict = .textMerged
                result.merged = .text(text)
            }
        }
        return result
    }

    public var isConflict: Bool { verdict == .conflict }
}

/// A three-way merge of whole records, field by field.
public struct RecordMerge: Sendable, Equatable {
    public var fields: [FieldMerge]

    public init(fields: [FieldMerge]) { self.fields = fields }

    public static func merge(base: Record, mine: Record, theirs: Record, schema: Schema) -> RecordMerge {
        RecordMerge(
            fields: schema.editableColumns.map { column in
                FieldMerge.classify(column: column.name, base: base[column.name], mine: mine[column.name], theirs: theirs[column.name])
            })
    }

    public var conflicts: [FieldMerge] { fields.filter(\.isConflict) }
    public var hasConflicts: Bool { fields.contains(where: \.isConflict) }

    /// Fields the merge took from the other side (what the user is told about).
    public var takenFromTheirs: [String] { fields.filter { $0.verdict == .theirs }.map(\.column) }
    public var textMerged: [String] { fields.filter { $0.verdict == .textMerged }.map(\.column) }

    /// The changes to write on top of `theirs` once every conflict is settled; nil while any is open.
    public func changesOverTheirs() -> [String: Value]? {
        var changes: [String: Value] = [:]
        for field in fields {
            guard let merged = field.merged else { return nil }
            if merged != field.theirs { changes[field.column] = merged }
        }
        return changes
    }

    public subscript(column: String) -> FieldMerge? { fields.first { $0.column == column } }
}
