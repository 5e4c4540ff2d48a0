import RecEditCore

/// One table of a SQLite database, through recedit's contract.
final class SQLiteRecordStore: RecordStore {
    let schema: Schema
    private let database: SQLiteDatabase
    private var connection: SQLiteConnection { database.connection }

    private let t: String
    private let k: String
    private let ts: String
    private let selectColumns: String
    private let dataColumns: [Column]
    private var saveSQLByShape: [SaveShape: String] = [:]

    var location: String { database.location }

    init(database: SQLiteDatabase, schema: Schema) {
        self.database = database
        self.schema = schema
        t = quoteIdentifier(schema.table)
        k = quoteIdentifier(schema.keyColumn)
        ts = quoteIdentifier(schema.recedit.updatedAt)
        dataColumns = schema.dataColumns
        let names = schema.recedit
        selectColumns = (dataColumns.map(\.name) + [names.updatedAt, names.state, names.owner, names.leaseUntil, names.token, names.since])
            .map(quoteIdentifier).joined(separator: ", ")
    }

    // MARK: Reading

    func load(_ key: Value) throws -> Record? {
        try connection.rows("SELECT \(selectColumns) FROM \(t) WHERE \(k) = ?", [try keyValue(key)]).first.map(record(from:))
    }

    func list(limit: Int, after: Value?) throws -> [RecordSummary] {
        let names = schema.recedit
        let title = schema.titleColumn.map { quoteIdentifier($0.name) } ?? "NULL"
        let columns = [
            k, title, ts, quoteIdentifier(names.state), quoteIdentifier(names.owner),
            quoteIdentifier(names.leaseUntil), quoteIdentifier(names.token), quoteIdentifier(names.since),
        ].joined(separator: ", ")
        let rows: [[Value]]
        if let after {
            rows = try connection.rows("SELECT \(columns) FROM \(t) WHERE \(k) > ? ORDER BY \(k) LIMIT ?", [after, .integer(Int64(limit))])
        } else {
            rows = try connection.rows("SELECT \(columns) FROM \(t) ORDER BY \(k) LIMIT ?", [.integer(Int64(limit))])
        }
        return rows.map { r in
            RecordSummary(key: r[0], title: r[1], updatedAt: r[2].displayText, edit: editInfo(r[3], r[4], r[5], r[6], r[7]))
        }
    }

    func page(_ request: RowPageRequest) throws -> RowPage {
        let builder = RowPageSQL<Value>(
            quote: quoteIdentifier, encode: { value, column in column.isKey ? try self.keyValue(value) : value },
            contains: { column, needle, fold in fold ? "instr(lower(\(column)), lower(\(needle))) > 0" : "instr(\(column), \(needle)) > 0" },
            explicitNulls: false, rowValues: true)
        var q = SQLBuilder<Value>(.positional, "SELECT \(selectColumns) FROM \(t)")
        try builder.append(request, schema: schema, into: &q)
        return RowPageSQL<Value>.finish(try connection.rows(q.sql, q.arguments).map(record(from:)), request)
    }

    func referencedRows(_ request: ReferenceRequest) throws -> [ReferencedRow] {
        let target = try database.readSchema(table: request.reference.table, key: request.reference.column, names: schema.recedit)
        let builder = RowPageSQL<Value>(
            quote: quoteIdentifier, encode: { value, column in try Self.typed(value, for: column) },
            contains: { column, needle, fold in fold ? "instr(lower(\(column)), lower(\(needle))) > 0" : "instr(\(column), \(needle)) > 0" },
            explicitNulls: false, rowValues: true)
        var q = SQLBuilder<Value>(
            .positional, "SELECT \(ReferenceSQL.selectList(schema: target, quote: quoteIdentifier)) FROM \(quoteIdentifier(target.table))")
        try builder.append(ReferenceSQL.pageRequest(request, schema: target), schema: target, into: &q)
        return ReferenceSQL.finish(try connection.rows(q.sql, q.arguments).map { ($0[0], $0[1]) }, request)
    }

    /// A key typed as text, read as its numeric column's value.
    private static func typed(_ value: Value, for column: Column) throws -> Value {
        guard case .text(let text) = value, [.integer, .numeric, .real].contains(column.kind) else { return value }
        return try ValueParser.parse(text, for: column)
    }

    /// `sqlite_stat1`'s row count when ANALYZE has run; else, for an INTEGER PRIMARY KEY (the rowid), its largest
    /// value (exact until rows are deleted or keys given out of order; one index lookup); else nil.
    func estimatedRowCount() throws -> Int? {
        if try connection.scalar("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'sqlite_stat1'") != .integer(0) {
            let stat = try connection.scalar("SELECT stat FROM sqlite_stat1 WHERE tbl = ? ORDER BY idx IS NOT NULL LIMIT 1", [.text(schema.table)])
            if let first = stat.textValue?.split(separator: " ").first, let rows = Int(first) { return rows }
        }
        guard let key = schema.column(named: schema.keyColumn), key.declaredType.uppercased() == "INTEGER" else { return nil }
        if case .integer(let top) = try connection.scalar("SELECT max(\(k)) FROM \(t)") { return Int(max(0, top)) }
        return 0
    }

    func version(_ key: Value, at updatedAt: String) throws -> Record? {
        let key = try keyValue(key)
        if let current = try load(key), current.updatedAt == updatedAt { return current }
        let rows = try connection.rows(
            """
            SELECT fields, updated_at FROM recedit_history
            WHERE table_name = ? AND row_key = ? AND updated_at = ? ORDER BY id DESC LIMIT 1
            """, [.text(schema.table), key, .text(updatedAt)])
        guard let row = rows.first else { return nil }
        return Record(key: key, fields: try decodeFields(row[0]), updatedAt: row[1].displayText)
    }

    func history(_ key: Value) throws -> [HistoryEntry] {
        let key = try keyValue(key)
        let rows = try connection.rows(
            """
            SELECT h.id, h.operation, h.updated_at, h.replaced_at, h.replaced_by, h.fields,
                   (SELECT w.replaced_by FROM recedit_history w
                    WHERE w.table_name = h.table_name AND w.row_key = h.row_key AND w.replaced_at = h.updated_at)
            FROM recedit_history h WHERE h.table_name = ? AND h.row_key = ? ORDER BY h.id DESC
            """, [.text(schema.table), key])
        return try rows.map { r in
            HistoryEntry(
                id: { if case .integer(let i) = r[0] { return i } else { return 0 } }(),
                operation: HistoryEntry.Operation(rawValue: r[1].displayText) ?? .update,
                updatedAt: r[2].displayText, writtenBy: r[6].textValue,
                replacedAt: r[3].textValue, replacedBy: r[4].textValue, fields: try decodeFields(r[5]))
        }
    }

    func writer(of key: Value, at updatedAt: String) throws -> String? {
        try connection.scalar(
            """
            SELECT replaced_by FROM recedit_history WHERE table_name = ? AND row_key = ? AND replaced_at = ?
            """, [.text(schema.table), try keyValue(key), .text(updatedAt)]
        ).textValue
    }

    // MARK: Writing

    func insert(_ fields: [String: Value], writer: String) throws -> Record {
        let columns = try fields.keys.sorted().map { name -> String in
            guard let column = schema.column(named: name), !schema.isReceditColumn(name) else {
                throw StoreError.unknownColumn(table: schema.table, column: name)
            }
            return column.name
        }
        // The first stamp is given here, not left to the AFTER INSERT trigger: an application's own updated_at
        // (Django's is NOT NULL without a default) must not refuse the row.
        var q = SQLBuilder<Value>(.positional, "INSERT INTO \(t) (" + (columns.map(quoteIdentifier) + [ts]).joined(separator: ", ") + ") VALUES (")
        q.append(list: columns.map { fields[$0] ?? .null })
        q.append((columns.isEmpty ? "" : ", ") + "\(SQLiteSQL.stampNow)) RETURNING \(k)")
        let key: Value = try connection.writeTransaction {
            let statement = try connection.statement(q.sql)
            try statement.bind(q.arguments)
            defer { statement.reset() }
            guard try statement.step(), !statement.column(0).isNull else {
                // SQLite lets a non-INTEGER primary key be NULL; such a row could never be opened again.
                throw StoreError.constraint(message: "the new row has no \(schema.keyColumn); give one (\(schema.keyColumn)=...)")
            }
            let key = statement.column(0)
            statement.reset()
            try markWriter(writer, key: key)
            return key
        }
        guard let record = try load(key) else { throw StoreError.database(code: "SQLITE", message: "inserted row vanished", detail: nil) }
        return record
    }

    func recreate(_ fields: [String: Value], writer: String) throws -> Record? {
        let columns = try fields.keys.sorted().map { name -> String in
            guard let column = schema.column(named: name), !schema.isReceditColumn(name) else {
                throw StoreError.unknownColumn(table: schema.table, column: name)
            }
            return column.name
        }
        guard let keyField = fields[schema.keyColumn], !keyField.isNull else {
            throw StoreError.constraint(message: "the row to re-create has no \(schema.keyColumn)")
        }
        let key = try keyValue(keyField)
        // The checked insert: a row with this key (re-created meanwhile) makes it write nothing.
        var q = SQLBuilder<Value>(.positional, "INSERT INTO \(t) (" + (columns.map(quoteIdentifier) + [ts]).joined(separator: ", ") + ") SELECT ")
        q.append(list: columns.map { fields[$0] ?? .null })
        q.append((columns.isEmpty ? "" : ", ") + "\(SQLiteSQL.stampNow) WHERE NOT EXISTS (SELECT 1 FROM \(t) WHERE \(k) = ", key)
        q.append(")")
        let inserted: Bool = try connection.writeTransaction {
            try connection.statement(q.sql).run(q.arguments)
            guard connection.changes > 0 else { return false }
            try markWriter(writer, key: key)
            return true
        }
        return inserted ? try load(key) : nil
    }

    func save(_ key: Value, changes: [String: Value], expected: String, writer: String, fencingToken: Int64?) throws -> SaveOutcome {
        let key = try keyValue(key)
        let columns = try changes.keys.sorted().map { name -> String in
            guard let column = schema.column(named: name), !column.isKey, !schema.isReceditColumn(name) else {
                throw StoreError.unknownColumn(table: schema.table, column: name)
            }
            return column.name
        }
        if columns.isEmpty {
            guard let current = try load(key) else { return .deleted }
            if try lockedAgainst(key, fencingToken: fencingToken) { return .locked(current: current) }
            let fenced = fencingToken.map { $0 != current.edit.token } ?? false
            return current.updatedAt == expected && !fenced ? .saved(current) : .stale(current: current)
        }
        // The values in the order of the placeholders of `saveSQL`.
        var arguments = columns.map { changes[$0]! }
        arguments.append(key)
        arguments.append(.text(expected))
        if let fencingToken { arguments.append(.integer(fencingToken)) }
        arguments.append(fencingToken.map(Value.integer) ?? .null)
        let sql = saveSQL(columns: columns, fenced: fencingToken != nil)
        return try connection.writeTransaction {
            let statement = try connection.statement(sql)
            try statement.bind(arguments)
            let saved: Record? = try statement.step() ? record(from: statement.row()) : nil
            statement.reset()
            guard let saved else {
                guard let current = try load(key) else { return .deleted }
                if try lockedAgainst(key, fencingToken: fencingToken) { return .locked(current: current) }
                return .stale(current: current)
            }
            try connection.statement(
                """
                UPDATE recedit_history SET replaced_by = ? WHERE table_name = ? AND row_key = ? AND replaced_at = ?
                """
            ).run([.text(writer), .text(schema.table), key, .text(saved.updatedAt)])
            try markWriter(writer, key: key)
            return .saved(saved)
        }
    }

    private struct SaveShape: Hashable {
        let columns: [String]
        let fenced: Bool
    }

    /// The checked save's UPDATE for these changed columns (sorted) and fencing, made once per shape (a save runs it
    /// thousands of times). Placeholders: the new values, the key, the expected stamp, [the fencing token,] and
    /// the token a live `locked` claim must hold (the fencing token or NULL).
    private func saveSQL(columns: [String], fenced: Bool) -> String {
        let shape = SaveShape(columns: columns, fenced: fenced)
        if let sql = saveSQLByShape[shape] { return sql }
        let n = schema.recedit
        var sql = "UPDATE \(t) SET "
        for name in columns { sql += "\(quoteIdentifier(name)) = ?, " }
        sql += "\(ts) = \(SQLiteSQL.next(after: ts)) WHERE \(k) = ? AND \(ts) = ?"
        if fenced { sql += " AND \(quoteIdentifier(n.token)) = ?" }
        // A live `locked` claim admits only its holder's token (EditStateMachine.admitsSave, on the database clock).
        sql +=
            " AND (\(quoteIdentifier(n.state)) IS NOT 'locked' OR \(quoteIdentifier(n.leaseUntil)) IS NULL"
            + " OR \(quoteIdentifier(n.leaseUntil)) <= \(SQLiteSQL.now) OR \(quoteIdentifier(n.token)) IS ?) RETURNING \(selectColumns)"
        if saveSQLByShape.count >= 64 { saveSQLByShape.removeAll() }
        saveSQLByShape[shape] = sql
        return sql
    }

    func delete(_ key: Value, expected: String, writer: String) throws -> DeleteOutcome {
        let key = try keyValue(key)
        let n = schema.recedit
        let lease = quoteIdentifier(n.leaseUntil)
        return try connection.writeTransaction {
            // A live `locked` claim admits no delete (EditStateMachine.admitsSave with no token, on the database clock).
            try connection.statement(
                """
                DELETE FROM \(t) WHERE \(k) = ? AND \(ts) = ?
                  AND (\(quoteIdentifier(n.state)) IS NOT 'locked' OR \(lease) IS NULL OR \(lease) <= \(SQLiteSQL.now))
                """
            ).run([key, .text(expected)])
            guard connection.changes > 0 else {
                guard let current = try load(key) else { return .missing }
                if try lockedAgainst(key, fencingToken: nil) { return .locked(current: current) }
                return .stale(current: current)
            }
            // The trigger logged the deleted version; name who deleted it (as the save names who replaced one).
            try connection.statement(
                """
                UPDATE recedit_history SET replaced_by = ? WHERE id = (SELECT max(id) FROM recedit_history
                    WHERE table_name = ? AND row_key = ? AND operation = 'delete')
                """
            ).run([.text(writer), .text(schema.table), key])
            try markWriter(writer, key: key)
            return .deleted
        }
    }

    // MARK: Edit-state machine

    func apply(_ request: EditRequest, to key: Value) throws -> EditOutcome? {
        let key = try keyValue(key)
        let n = schema.recedit
        let state = quoteIdentifier(n.state), owner = quoteIdentifier(n.owner)
        let lease = quoteIdentifier(n.leaseUntil), token = quoteIdentifier(n.token), since = quoteIdentifier(n.since)
        return try connection.writeTransaction {
            // The guards are EditStateMachine.decide's, evaluated on the database clock in one conditional UPDATE.
            switch request {
            case .claim(let me, let seconds, let lock), .takeOver(let me, let seconds, _, _, let lock):
                let before = try readEdit(key)
                guard let before else { return nil }
                var replacing: (owner: Value, token: Value) = (.null, .null)
                if case .takeOver(_, _, let from, let fromToken, _) = request { replacing = (.text(from), .integer(fromToken)) }
                let live = "(\(state) <> 'idle' AND \(lease) > \(SQLiteSQL.now))"
                // A claim I already hold goes on (its start kept); any other begins now.
                var q = SQLBuilder<Value>(.positional)
                q.append("UPDATE \(t) SET \(state) = ", .text(lock ? "locked" : "editing"))
                q.append(", \(owner) = ", .text(me))
                q.append(", \(lease) = ")
                SQLiteSQL.leaseEnd(seconds: seconds, into: &q)
                q.append(", \(token) = \(token) + 1,\n    \(since) = CASE WHEN \(live) AND \(owner) = ", .text(me))
                q.append(" AND \(since) IS NOT NULL THEN \(since) ELSE \(SQLiteSQL.now) END\n")
                q.append("WHERE \(k) = ", key)
                q.append(" AND (\(state) = 'idle' OR \(lease) IS NULL OR \(lease) <= \(SQLiteSQL.now) OR \(owner) = ", .text(me))
                q.append(" OR (\(owner) = ", replacing.owner)
                q.append(" AND \(token) = ", replacing.token)
                q.append("))\nRETURNING \(token), \(lease)")
                let rows = try connection.rows(q.sql, q.arguments)
                guard let row = rows.first, case .integer(let newToken) = row[0] else {
                    let now = try readEdit(key) ?? before
                    return .busy(owner: now.owner ?? "", leaseUntil: now.leaseUntil, locked: now.state == .locked, since: now.since)
                }
                let previous = before.state.isClaimed && before.owner != me ? before.owner : nil
                return .claimed(token: newToken, leaseUntil: row[1].displayText, previousOwner: previous)
            case .renew(let me, let mine, let seconds):
                // now + seconds, also when that is sooner than the lease ended (EditStateMachine.decide), but never the
                // end it already has (two renewals in one millisecond): see SQLiteSQL.leaseEnd.
                var q = SQLBuilder<Value>(.positional, "UPDATE \(t) SET \(lease) = CASE WHEN ")
                SQLiteSQL.leaseEnd(seconds: seconds, into: &q)
                q.append(" IS \(lease) THEN \(SQLiteSQL.next(after: lease)) ELSE ")
                SQLiteSQL.leaseEnd(seconds: seconds, into: &q)
                q.append(" END\n")
                q.append("WHERE \(k) = ", key)
                q.append(" AND \(state) IN ('editing', 'locked') AND \(owner) = ", .text(me))
                q.append(" AND \(token) = ", .integer(mine))
                q.append(" RETURNING \(lease)")
                let rows = try connection.rows(q.sql, q.arguments)
                if let row = rows.first { return .renewed(leaseUntil: row[0].displayText) }
                return try readEdit(key).map { .lost(current: $0) }
            case .release(let me, let mine):
                let rows = try connection.rows(
                    """
                    UPDATE \(t) SET \(state) = 'idle', \(owner) = NULL, \(lease) = NULL, \(since) = NULL
                    WHERE \(k) = ? AND \(state) IN ('editing', 'locked') AND \(owner) = ? AND \(token) = ? RETURNING \(token)
                    """, [key, .text(me), .integer(mine)])
                if !rows.isEmpty { return .released }
                return try readEdit(key).map { .lost(current: $0) }
            case .forceRelease:
                try connection.statement(
                    """
                    UPDATE \(t) SET \(state) = 'idle', \(owner) = NULL, \(lease) = NULL, \(since) = NULL
                    WHERE \(k) = ? AND \(state) IN ('editing', 'locked')
                    """
                ).run([key])
                return try readEdit(key).map { _ in .released }
            }
        }
    }

    func makeChangeFeed() throws -> ChangeFeed { try SQLiteChangeFeed(connection: connection) }

    // MARK: Change log

    /// Names the writer of the change the trigger just logged for `key` (inside the writing transaction).
    private func markWriter(_ writer: String, key: Value) throws {
        try connection.statement(
            """
            UPDATE recedit_changes SET writer = ? WHERE seq = (SELECT max(seq) FROM recedit_changes WHERE table_name = ? AND row_key = ?)
            """
        ).run([.text(writer), .text(schema.table), key])
    }

    // SQLite commits one writer at a time and `seq` is assigned under the write lock: every committed change
    // is visible with its final position, so reading `seq > position` never skips one.
    func changePosition() throws -> Int64 {
        if case .integer(let seq) = try connection.scalar("SELECT coalesce(max(seq), 0) FROM recedit_changes") { return seq }
        return 0
    }

    func changePosition(after stamp: String) throws -> Int64 {
        guard let us = Stamp.microseconds(from: stamp) else {
            throw StoreError.unsupported("'\(stamp)' is not a stamp; give YYYY-MM-DD HH:MM:SS[.ffffff] (UTC) or a change number")
        }
        let first = try connection.scalar("SELECT min(seq) FROM recedit_changes WHERE recorded_at > ?", [.text(Stamp.text(microseconds: us))])
        if case .integer(let seq) = first { return seq - 1 }
        return try changePosition()
    }

    func changes(after position: Int64, limit: Int) throws -> [Change] {
        let rows = try connection.rows(
            """
            SELECT seq, row_key, operation, fields, updated_at, writer FROM recedit_changes
            WHERE table_name = ? AND seq > ? ORDER BY seq LIMIT ?
            """, [.text(schema.table), .integer(position), .integer(Int64(limit))])
        return rows.map { r in
            var fields: [String] = []
            if case .array(let names)? = try? JSON.parse(r[3].displayText) {
                fields = names.compactMap { if case .string(let s) = $0 { return s } else { return nil } }
            }
            return Change(
                sequence: { if case .integer(let i) = r[0] { return i } else { return 0 } }(), table: schema.table,
                key: r[1], operation: Change.Operation(rawValue: r[2].displayText) ?? .update, fields: fields,
                updatedAt: r[4].textValue, writer: r[5].textValue)
        }
    }

    // MARK: Helpers

    /// Keys typed by the user arrive as text; an INTEGER key column wants an integer.
    private func keyValue(_ key: Value) throws -> Value {
        guard case .text(let text) = key, let column = schema.column(named: schema.keyColumn) else { return key }
        switch column.kind {
        case .integer, .numeric, .real:
            return try ValueParser.parse(text, for: column)
        default:
            return key
        }
    }

    private func readEdit(_ key: Value) throws -> EditInfo? {
        let n = schema.recedit
        let sql = "SELECT " + [n.state, n.owner, n.leaseUntil, n.token, n.since].map(quoteIdentifier).joined(separator: ", ") + " FROM \(t) WHERE \(k) = ?"
        return try connection.rows(sql, [key]).first.map { editInfo($0[0], $0[1], $0[2], $0[3], $0[4]) }
    }

    /// True when the row is `locked` by a live claim whose token is not `fencingToken` (database clock).
    private func lockedAgainst(_ key: Value, fencingToken: Int64?) throws -> Bool {
        let n = schema.recedit
        let state = quoteIdentifier(n.state), lease = quoteIdentifier(n.leaseUntil), token = quoteIdentifier(n.token)
        return try connection.scalar(
            """
            SELECT count(*) FROM \(t) WHERE \(k) = ? AND \(state) = 'locked' AND \(lease) > \(SQLiteSQL.now) AND \(token) IS NOT ?
            """, [key, fencingToken.map(Value.integer) ?? .null]) != .integer(0)
    }

    private func editInfo(_ state: Value, _ owner: Value, _ lease: Value, _ token: Value, _ since: Value) -> EditInfo {
        EditInfo(
            state: EditState(rawValue: state.displayText) ?? .idle, owner: owner.textValue, leaseUntil: lease.textValue,
            token: { if case .integer(let i) = token { return i } else { return 0 } }(), since: since.textValue)
    }

    private func record(from row: [Value]) -> Record {
        var fields: [String: Value] = [:]
        for (i, column) in dataColumns.enumerated() { fields[column.name] = row[i] }
        let n = dataColumns.count
        return Record(
            key: fields[schema.keyColumn] ?? .null, fields: fields, updatedAt: row[n].displayText,
            edit: editInfo(row[n + 1], row[n + 2], row[n + 3], row[n + 4], row[n + 5]))
    }

    private func decodeFields(_ value: Value) throws -> [String: Value] {
        // SQLite's json_object writes an infinite REAL as `Inf` (before 3.42) or `9.0e+999`.
        let json: JSON
        // json_object copies text that is not UTF-8 into the JSON as it is: carry those bytes through the
        // parser as private-use scalars and turn them back into bytes (lossy only if the JSON holds such scalars).
        var text = value.displayText
        var carried = false
        if case .textBytes(let bytes) = value { (text, carried) = InvalidBytes.carry(bytes) }
        do { json = try JSON.parse(text, nonFinite: true) } catch let error as JSON.ParseError {
            throw StoreError.unsupported(
                "a version of this row in recedit_history has fields that are not JSON (\(error.description)); fix or delete that history row")
        }
        guard case .object(let pairs) = json else { return [:] }
        var fields: [String: Value] = [:]
        for (name, json) in pairs {
            switch json {
            case .null: fields[name] = .null
            case .bool(let b): fields[name] = .integer(b ? 1 : 0)
            case .integer(let i): fields[name] = .integer(i)
            case .number(let d): fields[name] = .real(d)
            case .string(let s): fields[name] = carried ? InvalidBytes.restore(s) : .text(s)
            case .object:
                if case .string(let hex)? = json["$blob"] {
                    fields[name] = ValueParser.blob(fromHex: hex)
                } else if let d = json.taggedReal {
                    fields[name] = .real(d)
                } else {
                    fields[name] = .text(json.serialized())
                }
            case .array: fields[name] = .text(json.serialized())
            }
        }
        return fields
    }
}

/// Bytes that are not UTF-8 carried through the JSON parser as the scalars U+10FF00 + byte.
enum InvalidBytes {
    static let base: UInt32 = 0x10FF00

    /// The bytes as text with each invalid byte carried; `carried` is false (and the text lossy) when the
    /// bytes already hold such scalars.
    static func carry(_ bytes: [UInt8]) -> (text: String, carried: Bool) {
        var out = String.UnicodeScalarView()
        var parser = Unicode.UTF8.ForwardParser()
        var input = bytes.makeIterator()
        var index = 0
        while true {
            switch parser.parseScalar(from: &input) {
            case .valid(let encoded):
                let scalar = Unicode.UTF8.decode(encoded)
                if scalar.value >= base { return (String(decoding: bytes, as: UTF8.self), false) }
                out.append(scalar)
                index += encoded.count
            case .error(let length):
                for b in bytes[index..<min(bytes.count, index + length)] { out.append(Unicode.Scalar(base + UInt32(b))!) }
                index += length
            case .emptyInput:
                return (String(out), true)
            }
        }
    }

    static func restore(_ s: String) -> Value {
        guard s.unicodeScalars.contains(where: { $0.value >= base }) else { return .text(s) }
        var bytes: [UInt8] = []
        for scalar in s.unicodeScalars {
            if scalar.value >= base { bytes.append(UInt8(scalar.value - base)) } else { bytes += Array(String(scalar).utf8) }
        }
        return Value.text(bytes: bytes)
    }
}

/// Hears about commits by other connections through `PRAGMA data_version`. Where the kernel can tell when the
/// database's files change (`SQLiteFileWatch`, inotify), the editor waits on that and asks SQLite only after a
/// write; elsewhere (and for an in-memory database) `check()` runs on a timer.
final class SQLiteChangeFeed: ChangeFeed {
    private let connection: SQLiteConnection
    private var lastVersion: Value
    private let watch: SQLiteFileWatch?

    init(connection: SQLiteConnection) throws {
        self.connection = connection
        // Watching before reading the version: a commit in between is seen (by both, harmlessly).
        watch = connection.mainFilename.flatMap(SQLiteFileWatch.init(path:))
        lastVersion = try connection.scalar("PRAGMA data_version")
    }

    var fileDescriptor: Int32? { watch?.fileDescriptor }

    func check() throws -> Bool {
        // Events first, then the version: a commit after the drain raises a new event.
        watch?.drain()
        let version = try connection.scalar("PRAGMA data_version")
        defer { lastVersion = version }
        return version != lastVersion
    }
}
