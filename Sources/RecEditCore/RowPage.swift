/// What the table browser asks a store for: one page of whole rows in a stable order, filtered, reached by
/// keyset pagination (a cursor of the sort value and the key of a row already shown), never by OFFSET.
public struct RowPageRequest: Sendable, Equatable {
    public enum Direction: Sendable, Equatable {
        /// Rows after `cursor` in the sort order (the first page when `cursor` is nil).
        case forward
        /// Rows before `cursor`, returned in the sort order (the last page when `cursor` is nil).
        case backward
    }

    /// Case-insensitive substring over `searchColumns` (`%` and `_` are literal); nil or empty: no filter.
    public var search: String?
    /// The columns `search` looks in (text columns the browser shows).
    public var searchColumns: [String]
    /// `column = value` filters, all of them must hold (NULL matches `IS NULL`).
    public var equals: [ColumnEquals]
    /// Sort column; nil sorts by the key. Rows with equal sort values are ordered by key (in the same direction).
    /// NULL is the smallest value on every database: first ascending, last descending.
    /// Sort, search and equals name data columns (the key included); any other name is `StoreError.unknownColumn`.
    public var sortColumn: String?
    public var descending: Bool
    public var cursor: RowCursor?
    public var direction: Direction
    public var limit: Int

    public init(
        search: String? = nil, searchColumns: [String] = [], equals: [ColumnEquals] = [], sortColumn: String? = nil,
        descending: Bool = false, cursor: RowCursor? = nil, direction: Direction = .forward, limit: Int
    ) {
        self.search = search
        self.searchColumns = searchColumns
        self.equals = equals
        self.sortColumn = sortColumn
        self.descending = descending
        self.cursor = cursor
        self.direction = direction
        self.limit = limit
    }
}

public struct ColumnEquals: Sendable, Equatable {
    public var column: String
    public var value: Value

    public init(column: String, value: Value) {
        self.column = column
        self.value = value
    }
}

/// Where a page starts or ends: the sort column's value (nil when sorting by the key) and the key of that row.
public struct RowCursor: Sendable, Equatable {
    public var sortValue: Value?
    public var key: Value

    public init(sortValue: Value?, key: Value) {
        self.sortValue = sortValue
        self.key = key
    }
}

public struct RowPage: Sendable, Equatable {
    /// Whole rows (data, stamp and edit state), in the request's sort order.
    public var rows: [Record]
    /// True when more rows match beyond the last row (forward) / before the first row (backward).
    public var hasMore: Bool

    public init(rows: [Record], hasMore: Bool) {
        self.rows = rows
        self.hasMore = hasMore
    }
}

/// The outcome of a checked delete (`DELETE … WHERE key = ? AND updated_at = ?`).
public enum DeleteOutcome: Sendable, Equatable {
    /// Gone; the deleted version is in history.
    case deleted
    /// The row changed since `expected`: nothing deleted. The current row, to say who changed what.
    case stale(current: Record)
    /// Nobody has that key any more.
    case missing
    /// The row is `locked` by someone else's live claim: nothing deleted.
    case locked(current: Record)
}
