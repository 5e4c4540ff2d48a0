public enum EditState: String, Sendable, Equatable {
    /// `editing`: claimed; others may still save (checked and merged). `locked`: claimed in exclusive mode;
    /// every recedit client refuses saves by anyone but the holder while the lease is live.
    case idle, editing, locked

    /// Someone holds a claim (editing or locked).
    public var isClaimed: Bool { self != .idle }
}

/// The state-machine columns of one row.
public struct EditInfo: Sendable, Equatable {
    public var state: EditState
    public var owner: String?
    /// The lease end as the database wrote it (same format as updated_at).
    public var leaseUntil: String?
    /// The fencing token: +1 on every claim.
    public var token: Int64
    /// When the current claim began (same format as updated_at): set by a claim, kept by renewals.
    /// Nil when idle, or for a claim made before recedit kept it.
    public var since: String?

    public init(state: EditState = .idle, owner: String? = nil, leaseUntil: String? = nil, token: Int64 = 0, since: String? = nil) {
        self.state = state
        self.owner = owner
        self.leaseUntil = leaseUntil
        self.token = token
        self.since = since
    }
}

/// One row: its key, its data fields, the version stamp the database gave it, and its edit state.
public struct Record: Sendable, Equatable {
    public var key: Value
    /// Data columns (key included) by name; see `Schema.dataColumns` for their order.
    public var fields: [String: Value]
    /// `updated_at` exactly as stored: the version to compare against on save.
    public var updatedAt: String
    public var edit: EditInfo

    public init(key: Value, fields: [String: Value], updatedAt: String, edit: EditInfo = EditInfo()) {
        self.key = key
        self.fields = fields
        self.updatedAt = updatedAt
        self.edit = edit
    }

    public subscript(_ column: String) -> Value { fields[column] ?? .null }

    /// The columns whose values differ from `other`'s (both records of the same schema).
    public func changedColumns(from other: Record, in schema: Schema) -> [String] {
        schema.editableColumns.map(\.name).filter { self[$0] != other[$0] }
    }
}

/// A short view of a row for `list`.
public struct RecordSummary: Sendable, Equatable {
    public var key: Value
    public var title: Value
    public var updatedAt: String
    public var edit: EditInfo

    public init(key: Value, title: Value, updatedAt: String, edit: EditInfo) {
        self.key = key
        self.title = title
        self.updatedAt = updatedAt
        self.edit = edit
    }
}

/// One replaced (or deleted) version kept in `recedit_history`.
public struct HistoryEntry: Sendable, Equatable {
    public enum Operation: String, Sendable { case update, delete }

    public var id: Int64
    public var operation: Operation
    /// The version stamp of the replaced version.
    public var updatedAt: String
    /// Who wrote that version, when recedit knows (the owner string of the saving process).
    public var writtenBy: String?
    /// The stamp of the version that replaced it (nil for a delete).
    public var replacedAt: String?
    /// Who replaced it, when recedit knows.
    public var replacedBy: String?
    public var fields: [String: Value]

    public init(id: Int64, operation: Operation, updatedAt: String, writtenBy: String?, replacedAt: String?, replacedBy: String?, fields: [String: Value]) {
        self.id = id
        self.operation = operation
        self.updatedAt = updatedAt
        self.writtenBy = writtenBy
        self.replacedAt = replacedAt
        self.replacedBy = replacedBy
        self.fields = fields
    }
}

/// One committed change to a table, as the change log (`recedit_changes`) records it. The triggers write the log
/// in the writer's own transaction, so it holds every change by any writer (recedit, database shells, applications).
public struct Change: Sendable, Equatable {
    public enum Operation: String, Sendable, CaseIterable {
        /// Data changes: a new row, a new version, a deleted row.
        case insert, update, delete
        /// Edit-state changes (no new version): a claim or take-over, a release. Heartbeats are not logged.
        case claim, release

        public var isEditState: Bool { self == .claim || self == .release }
    }

    /// The change's position in the log: increasing, never reused, in commit order for any one row.
    public var sequence: Int64
    public var table: String
    public var key: Value
    public var operation: Operation
    /// The data columns the change set: those an UPDATE changed (in column order; empty when it changed none),
    /// every data column for an insert, none for a delete, claim or release.
    public var fields: [String]
    /// The row's stamp after the change (before it, for a delete). Same format as `Record.updatedAt`.
    public var updatedAt: String?
    /// Who made the change, when known: the saving recedit process's owner string, or the claim's owner.
    public var writer: String?

    public init(sequence: Int64, table: String, key: Value, operation: Operation, fields: [String], updatedAt: String?, writer: String?) {
        self.sequence = sequence
        self.table = table
        self.key = key
        self.operation = operation
        self.fields = fields
        self.updatedAt = updatedAt
        self.writer = writer
    }
}
