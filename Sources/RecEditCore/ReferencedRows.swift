/// What a foreign-key picker asks a store for: rows of the table a column references, as (key, label) pairs.
/// The referenced table need not be one recedit has adopted: it is read with the same introspection as any table,
/// and only its key and its label column are selected.
public struct ReferenceRequest: Sendable, Equatable {
    public var reference: ColumnReference
    /// Case-insensitive substring of the label (`%` and `_` literal, as the browser's `/`); nil or empty: no filter.
    public var search: String?
    /// Rows with a greater key than this (the next page); nil from the first.
    public var after: Value?
    /// Only the row with this key (the label shown beside a field's value).
    public var key: Value?
    public var limit: Int

    public init(reference: ColumnReference, search: String? = nil, after: Value? = nil, key: Value? = nil, limit: Int) {
        self.reference = reference
        self.search = search
        self.after = after
        self.key = key
        self.limit = limit
    }
}

public struct ReferencedRow: Sendable, Equatable {
    public var key: Value
    /// The label column's value as text; nil when the table has no label column or the value is NULL.
    public var label: String?

    public init(key: Value, label: String?) {
        self.key = key
        self.label = label
    }
}

public enum ReferenceSQL {
    /// The label of a referenced table's rows: its first text column other than the key and recedit's own.
    public static func labelColumn(in schema: Schema) -> Column? {
        schema.columns.first { !$0.isKey && !schema.isReceditColumn($0.name) && $0.kind == .text && $0.typeClass == .text }
    }

    /// The request as a keyset page of the referenced table in key order, filtered on its label.
    public static func pageRequest(_ request: ReferenceRequest, schema: Schema) -> RowPageRequest {
        RowPageRequest(
            search: request.search, searchColumns: labelColumn(in: schema).map { [$0.name] } ?? [],
            equals: request.key.map { [ColumnEquals(column: schema.keyColumn, value: $0)] } ?? [],
            cursor: request.after.map { RowCursor(sortValue: nil, key: $0) }, limit: request.limit)
    }

    /// The select list `key, label` (NULL when there is no label column), quoted by the database's quoting.
    public static func selectList(schema: Schema, quote: (String) -> String) -> String {
        quote(schema.keyColumn) + ", " + (labelColumn(in: schema).map { quote($0.name) } ?? "NULL")
    }

    /// The pairs from rows read as `[key, label]` (at most limit + 1 of them: the last is dropped).
    public static func finish(_ rows: [(Value, Value)], _ request: ReferenceRequest) -> [ReferencedRow] {
        rows.prefix(max(0, request.limit)).map { ReferencedRow(key: $0.0, label: $0.1.isNull ? nil : ValueParser.editableText($0.1)) }
    }
}
