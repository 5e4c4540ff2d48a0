/// The storage class a column's values are read and written as (SQLite affinity; each store maps its own types to it).
public enum ColumnKind: String, Sendable, Equatable {
    case integer, real, text, blob, boolean, numeric, any
}

/// What a column's declared type describes, for choosing how to show and edit its values. Descriptive only: values
/// are still read and written by `ColumnKind` (a PostgreSQL `date` or `jsonb` is `.text` there, a SQLite `DATETIME`
/// `.numeric`).
public enum ColumnTypeClass: String, Sendable, Equatable {
    case integer, real, numeric, boolean, text, blob, date, time, timestamp, json, other

    /// The class a kind implies when a store tells nothing more.
    public init(_ kind: ColumnKind) {
        switch kind {
        case .integer: self = .integer
        case .real: self = .real
        case .numeric: self = .numeric
        case .boolean: self = .boolean
        case .text: self = .text
        case .blob: self = .blob
        case .any: self = .other
        }
    }
}

/// The target of a single-column foreign key.
public struct ColumnReference: Sendable, Equatable {
    public var table: String
    public var column: String

    public init(table: String, column: String) {
        self.table = table
        self.column = column
    }
}

public struct Column: Sendable, Equatable {
    public var name: String
    public var declaredType: String
    public var kind: ColumnKind
    public var notNull: Bool
    public var isKey: Bool
    /// What the declared type describes (date, JSON, ...).
    public var typeClass: ColumnTypeClass
    /// The default as the database shows its expression (`'idle'`, `0`, `nextval('t_id_seq'::regclass)`), or nil.
    public var defaultExpression: String?
    /// Computed by the database (a generated column, a PostgreSQL identity ALWAYS column): a save cannot set it.
    public var isGenerated: Bool
    /// The only values the column takes, in declared order: a `CHECK (column IN ('a', 'b'))`, a PostgreSQL
    /// enum type or a MariaDB `ENUM(...)`. Nil when the database does not limit them so.
    public var allowedValues: [String]?
    /// The target of a single-column foreign key on this column.
    public var references: ColumnReference?
    /// The declared maximum length in characters (`VARCHAR(n)`, `CHAR(n)`), when there is one.
    public var maxLength: Int?

    public init(
        name: String, declaredType: String, kind: ColumnKind, notNull: Bool = false, isKey: Bool = false,
        typeClass: ColumnTypeClass? = nil, defaultExpression: String? = nil, isGenerated: Bool = false,
        allowedValues: [String]? = nil, references: ColumnReference? = nil, maxLength: Int? = nil
    ) {
        self.name = name
        self.declaredType = declaredType
        self.kind = kind
        self.notNull = notNull
        self.isKey = isKey
        self.typeClass = typeClass ?? ColumnTypeClass(kind)
        self.defaultExpression = defaultExpression
        self.isGenerated = isGenerated
        self.allowedValues = allowedValues
        self.references = references
        self.maxLength = maxLength
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

    /// The user's columns other than the key and the generated ones: what a save, a merge or a re-create may
    /// write.
    public var editableColumns: [Column] { columns.filter { !$0.isKey && !$0.isGenerated && !isReceditColumn($0.name) } }

    /// The key's and the generated columns' values are the database's: shown apart from the data, never written.
    public func isReadOnlyData(_ column: Column) -> Bool { column.isKey || column.isGenerated }

    /// The key and the editable columns, in table order: what a record's `fields` hold.
    public var dataColumns: [Column] { columns.filter { $0.isKey || !isReceditColumn($0.name) } }

    public var keyKind: ColumnKind { column(named: keyColumn)?.kind ?? .any }

    /// The first text column other than the key, shown by `list` as the record's title.
    public var titleColumn: Column? { editableColumns.first { $0.kind == .text } }
}
