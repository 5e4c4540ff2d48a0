/// The storage class a column's declared type asks for (SQLite affinity, mapped from PostgreSQL types too).
public enum ColumnKind: String, Sendable, Equatable {
    case integer, real, text, blob, boolean, numeric, any

    /// SQLite's affinity rules (https://sqlite.org/datatype3.html §3.1), applied to a declared type.
    public static func fromSQLiteDeclaredType(_ declared: String) -> ColumnKind {
        let t = declared.uppercased()
        if t.contains("INT") { return .integer }
        if t.contains("CHAR") || t.contains("CLOB") || t.contains("TEXT") { return .text }
        if t.isEmpty || t.contains("BLOB") { return t.isEmpty ? .any : .blob }
        if t.contains("REAL") || t.contains("FLOA") || t.contains("DOUB") { return .real }
        if t.contains("BOOL") { return .boolean }
        return .numeric
    }
}

public struct Column: Sendable, Equatable {
    public var name: String
    public var declaredType: String
    public var kind: ColumnKind
    public var notNull: Bool
    public var isKey: Bool

    public init(name: String, declaredType: String, kind: ColumnKind, notNull: Bool = false, isKey: Bool = false) {
        self.name = name
        self.declaredType = declaredType
        self.kind = kind
        self.notNull = notNull
        self.isKey = isKey
    }
}

/// Names of the columns recedit adds to a table. Configurable for tables that already use these names.
public struct ReceditColumnNames: Sendable, Equatable {
    public var state = "edit_state"
    public var owner = "edit_owner"
    public var leaseUntil = "edit_lease_until"
    public var token = "edit_token"
    public var updatedAt = "updated_at"
    public var since = "edit_since"

    public init() {}

    public var all: [String] { [state, owner, leaseUntil, token, updatedAt, since] }
    public var editStateColumns: [String] { [state, owner, leaseUntil, token, since] }

    /// The edit-state columns by role; the role is also the key under "columns" in the config.
    public var editStateRoles: [(role: String, column: String)] {
        [("state", state), ("owner", owner), ("leaseUntil", leaseUntil), ("token", token), ("since", since)]
    }
}

/// A table as recedit sees it: the key, the user's data columns and recedit's own columns.
public struct Schema: Sendable, Equatable {
    public var table: String
    public var keyColumn: String
    /// Every column of the table in declaration order, recedit's own included.
    public var columns: [Column]
    public var recedit: ReceditColumnNames

    public init(table: String, keyColumn: String, columns: [Column], recedit: ReceditColumnNames) {
        self.table = table
        self.keyColumn = keyColumn
        self.columns = columns
        self.recedit = recedit
    }

    public func column(named name: String) -> Column? { columns.first { $0.name == name } }

    public func isReceditColumn(_ name: String) -> Bool { recedit.all.contains(name) }

    /// The user's columns other than the key: what a save may change.
    public var editableColumns: [Column] { columns.filter { !$0.isKey && !isReceditColumn($0.name) } }

    /// The key and the editable columns, in table order: what a record's `fields` hold.
    public var dataColumns: [Column] { columns.filter { $0.isKey || !isReceditColumn($0.name) } }

    public var keyKind: ColumnKind { column(named: keyColumn)?.kind ?? .any }

    /// The first text column other than the key, shown by `list` as the record's title.
    public var titleColumn: Column? { editableColumns.first { $0.kind == .text } }
}
