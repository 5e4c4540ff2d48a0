/// The `WHERE … ORDER BY … LIMIT` of a `RowPageRequest`, for every database: the keyset predicate, the filters and
/// the order, with values bound through `SQLBuilder` and identifiers quoted by the database's own quoting.
///
/// One order on every database: NULL is the smallest sort value (first ascending, last descending), ties broken by
/// the key in the same direction. The keyset predicate spells NULL out, so it never depends on the database's own
/// NULL ordering (PostgreSQL's differs: it gets `NULLS FIRST`/`NULLS LAST` in the ORDER BY). A backward page is
/// read in the reverse order (the rows nearest the cursor first) and turned round by `RowPageSQL.finish`.
public struct RowPageSQL<Argument> {
    /// `quote("a\"b")` → the database's quoted identifier.
    public var quote: (String) -> String
    /// A request's value as a bound argument for `column`.
    public var encode: (Value, Column) throws -> Argument
    /// The expression true when `column` (quoted) contains `needle` (a placeholder), with no wildcard characters
    /// (a position function, never LIKE); case-insensitively when `foldCase` (false when the needle has no letter
    /// with case, such as Chinese or digits: then folding changes nothing, and skipping `lower` makes the scan of
    /// a large table several times faster).
    public var contains: (_ column: String, _ needle: String, _ foldCase: Bool) -> String
    /// Append `NULLS FIRST` / `NULLS LAST` to each sort term (PostgreSQL, whose NULLs sort as the largest).
    public var explicitNulls: Bool
    /// Write the keyset step as a row-value comparison, `(s, k) > (?, ?)`, which SQLite and PostgreSQL turn into an
    /// index range when the table has an index on the sort column (MariaDB's optimizer does not: it gets the
    /// expanded `s > ? OR (s = ? AND k > ?)`).
    public var rowValues: Bool

    public init(
        quote: @escaping (String) -> String, encode: @escaping (Value, Column) throws -> Argument,
        contains: @escaping (_ column: String, _ needle: String, _ foldCase: Bool) -> String, explicitNulls: Bool, rowValues: Bool
    ) {
        self.quote = quote
        self.encode = encode
        self.contains = contains
        self.explicitNulls = explicitNulls
        self.rowValues = rowValues
    }

    /// A column the request may name: a data column of the table (the key included), else `.unknownColumn`.
    public static func column(_ name: String, in schema: Schema) throws -> Column {
        guard let column = schema.column(named: name), column.isKey || !schema.isReceditColumn(name) else {
            throw StoreError.unknownColumn(table: schema.table, column: name)
        }
        return column
    }

    /// Appends ` WHERE … ORDER BY … LIMIT limit+1` (one row more than the page, to tell `hasMore`).
    public func append(_ request: RowPageRequest, schema: Schema, into q: inout SQLBuilder<Argument>) throws {
        guard let key = schema.column(named: schema.keyColumn) else { throw StoreError.unknownColumn(table: schema.table, column: schema.keyColumn) }
        let sort = try request.sortColumn.map { try Self.column($0, in: schema) }.flatMap { $0.isKey ? nil : $0 }
        let k = quote(key.name)
        // The order the rows are read in: the request's, reversed for a backward page.
        let ascending = request.descending == (request.direction == .backward)
        var conditions: [(inout SQLBuilder<Argument>) throws -> Void] = []

        if let search = request.search, !search.isEmpty, !request.searchColumns.isEmpty {
            let columns = try request.searchColumns.map { try Self.column($0, in: schema) }
            let foldCase = Self.hasCase(search)
            conditions.append { q in
                q.append("(")
                for (i, column) in columns.enumerated() {
                    let needle = q.placeholder(for: try encode(.text(search), column))
                    q.append((i == 0 ? "" : " OR ") + contains(quote(column.name), needle, foldCase))
                }
                q.append(")")
            }
        }
        for filter in request.equals {
            let column = try Self.column(filter.column, in: schema)
            conditions.append { q in
                if filter.value.isNull {
                    q.append("\(quote(column.name)) IS NULL")
                } else {
                    q.append("\(quote(column.name)) = ", try encode(filter.value, column))
                }
            }
        }
        if let cursor = request.cursor {
            conditions.append { q in try appendKeyset(cursor, sort: sort, key: key, after: ascending, into: &q) }
        }

        for (i, condition) in conditions.enumerated() {
            q.append(i == 0 ? " WHERE " : " AND ")
            try condition(&q)
        }
        let direction = ascending ? " ASC" : " DESC"
        q.append(" ORDER BY ")
        if let sort {
            q.append(quote(sort.name) + direction + (explicitNulls ? (ascending ? " NULLS FIRST" : " NULLS LAST") : "") + ", ")
        }
        q.append(k + direction + " LIMIT \(max(0, request.limit) + 1)")
    }

    /// The keyset predicate: rows after the cursor in ascending order (`after`), or before it.
    private func appendKeyset(_ cursor: RowCursor, sort: Column?, key: Column, after: Bool, into q: inout SQLBuilder<Argument>) throws {
        let k = quote(key.name)
        let beyond = after ? " > " : " < "
        guard let sort else {
            q.append(k + beyond, try encode(cursor.key, key))
            return
        }
        let s = quote(sort.name)
        let value = cursor.sortValue ?? .null
        if value.isNull {
            // NULL is the smallest value: after it come the other NULLs with a greater key, then every non-NULL.
            q.append("((\(s) IS NULL AND \(k)\(beyond)", try encode(cursor.key, key))
            q.append(after ? ") OR \(s) IS NOT NULL)" : "))")
        } else if rowValues {
            q.append("((\(s), \(k))\(beyond)(", try encode(value, sort))
            q.append(", ", try encode(cursor.key, key))
            q.append(after ? "))" : ") OR \(s) IS NULL)")
        } else {
            q.append("(\(s)\(beyond)", try encode(value, sort))
            q.append(" OR (\(s) = ", try encode(value, sort))
            q.append(" AND \(k)\(beyond)", try encode(cursor.key, key))
            q.append(after ? "))" : ") OR \(s) IS NULL)")
        }
    }

    /// True when lower-casing could change what `text` matches: it has a letter with case, or a combining mark
    /// (`lower('İ')` is `i` + U+0307).
    static func hasCase(_ text: String) -> Bool {
        text.unicodeScalars.contains { scalar in
            let p = scalar.properties
            switch p.generalCategory {
            case .nonspacingMark, .spacingMark, .enclosingMark: return true
            default: return p.changesWhenCaseMapped || p.changesWhenCaseFolded
            }
        }
    }

    /// The page from the rows read (at most limit + 1, in reading order).
    public static func finish(_ rows: [Record], _ request: RowPageRequest) -> RowPage {
        let limit = max(0, request.limit)
        var page = Array(rows.prefix(limit))
        if request.direction == .backward { page.reverse() }
        return RowPage(rows: page, hasMore: rows.count > limit)
    }
}
