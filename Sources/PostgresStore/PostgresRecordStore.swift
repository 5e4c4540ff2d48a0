import CLibpq
import Glibc
import RecEditCore

/// One table of a PostgreSQL database, through recedit's contract.
///
/// Every write is one statement (its own transaction): the checked save is a conditional
/// `UPDATE … WHERE key = $ AND updated_at = $expected [AND edit_token = $mine] RETURNING …`,
/// each edit-state transition a conditional UPDATE evaluated on the server's clock.
/// Every read and write goes through one `RetryPolicy` (`retryPolicy`): serialization failures and deadlocks
/// (40001, 40P01) are retried; a lost connection is re-opened with backoff and a save whose outcome is unknown is
/// settled by reading the row and its history.
final class PostgresRecordStore: RecordStore {
    let schema: Schema
    private let connection: PGConnection
    private let table: PGTable
    private let conninfo: String
    private let options: StoreOptions

    private let t: String  // "schema"."table"
    private let k: String  // "key"
    private let ts: String  // "updated_at"
    private let dataColumns: [Column]
    private let kinds: [String: ColumnKind]
    private let keyKind: ColumnKind
    private let keyType: String  // the key's SQL type, for casting parameters to history's row_key text
    private let selectList: String
    private let targetSelectList: String
    private let editSelect: String
    private let retry: RetryPolicy<PGFailure>
    private var saveSQLByShape: [SaveShape: String] = [:]
    private let fetchSQL: String
    private let fetchAfterMissSQL: String

    /// Bounds for the transparent retries.
    static let maxSerializationRetries = 20
    static let maxUncertainRetries = 3

    /// Serialization failures and deadlocks are the one transient class; a lost connection reconnects.
    static func retryPolicy(connection: PGConnection, table: String) -> RetryPolicy<PGFailure> {
        RetryPolicy(
            transients: [.init(maxRetries: maxSerializationRetries, growing: true)],
            transientClass: { $0.isRetryable ? 0 : nil }, connectionBroken: { $0.connectionBroken },
            maxUncertainRetries: maxUncertainRetries, reconnect: { try connection.reconnect() },
            mapped: { PostgresDatabase.storeError($0, table: table, location: connection.location) },
            unknownOutcome: { StoreError.connectionLost(message: $0.message + "; the write may or may not have been applied") },
            sleep: { usleep($0) })
    }

    var location: String { connection.location }

    init(connection: PGConnection, table: PGTable, schema: Schema, conninfo: String, options: StoreOptions) {
        self.connection = connection
        self.table = table
        self.schema = schema
        self.conninfo = conninfo
        self.options = options
        retry = Self.retryPolicy(connection: connection, table: schema.table)
        t = table.qualified
        k = quoteIdentifier(schema.keyColumn)
        ts = quoteIdentifier(schema.recedit.updatedAt)
        dataColumns = schema.dataColumns
        var kinds: [String: ColumnKind] = [:]
        for c in schema.columns { kinds[c.name] = c.kind }
        self.kinds = kinds
        keyKind = schema.keyKind
        keyType = schema.column(named: schema.keyColumn)?.declaredType ?? "text"
        selectList = PostgresRecordStore.selectList(schema: schema, table: table, prefix: "")
        targetSelectList = PostgresRecordStore.selectList(schema: schema, table: table, prefix: "\"recedit$t\".")
        let n = schema.recedit
        fetchSQL = "SELECT \(selectList) FROM \(t) WHERE \(k) = $1"
        let lease = quoteIdentifier(n.leaseUntil)
        let locked = """
            coalesce(\(quoteIdentifier(n.state)) = 'locked' AND \(lease) > \(PostgresSQL.now(timeZone: table.leaseHasTimeZone))
                     AND \(quoteIdentifier(n.token)) IS DISTINCT FROM $2::bigint, false)
            """
        fetchAfterMissSQL = "SELECT \(selectList), \(locked) FROM \(t) WHERE \(k) = $1"
        editSelect = [
            quoteIdentifier(n.state), quoteIdentifier(n.owner),
            PostgresSQL.stamp(quoteIdentifier(n.leaseUntil), timeZone: table.leaseHasTimeZone),
            quoteIdentifier(n.token), PostgresSQL.stamp(quoteIdentifier(n.since), timeZone: true),
        ].joined(separator: ", ")
    }

    /// Data columns, then updated_at, state, owner, lease end, token, claim start.
    private static func selectList(schema: Schema, table: PGTable, prefix: String) -> String {
        let n = schema.recedit
        let data = schema.dataColumns.map { prefix + quoteIdentifier($0.name) }
        let edit = [
            PostgresSQL.stamp(prefix + quoteIdentifier(n.updatedAt), timeZone: table.stampHasTimeZone),
            prefix + quoteIdentifier(n.state), prefix + quoteIdentifier(n.owner),
            PostgresSQL.stamp(prefix + quoteIdentifier(n.leaseUntil), timeZone: table.leaseHasTimeZone),
            prefix + quoteIdentifier(n.token), PostgresSQL.stamp(prefix + quoteIdentifier(n.since), timeZone: true),
        ]
        return (data + edit).joined(separator: ", ")
    }

    // MARK: Reading

    func load(_ key: Value) throws -> Record? {
        let key = try keyParam(key)
        return try read { try fetch(key) }
    }

    private func fetch(_ key: String?) throws -> Record? {
        try connection.queryPrepared(fetchSQL, [key]).first.map(record(from:))
    }

    /// The row as `fetch` reads it, and whether a live `locked` claim whose token is not `fencingToken` holds it
    /// (on the server's clock), in one prepared statement: what a checked save that wrote nothing reads to say
    /// `.stale`, `.locked` or `.deleted`. One snapshot for both (a new one: it sees the write the save lost to).
    private func fetchAfterMiss(_ key: String?, fencingToken: Int64?) throws -> (record: Record, lockedAgainst: Bool)? {
        let rows = try connection.queryPrepared(fetchAfterMissSQL, [key, fencingToken.map { String($0) }])
        guard let row = rows.first else { return nil }
        return (record(from: row), row[row.count - 1] == "t")
    }

    func list(limit: Int, after: Value?) throws -> [RecordSummary] {
        let n = schema.recedit
        let title = schema.titleColumn.map { quoteIdentifier($0.name) } ?? "NULL"
        let columns = [
            k, title, PostgresSQL.stamp(ts, timeZone: table.stampHasTimeZone), quoteIdentifier(n.state),
            quoteIdentifier(n.owner), PostgresSQL.stamp(quoteIdentifier(n.leaseUntil), timeZone: table.leaseHasTimeZone),
            quoteIdentifier(n.token), PostgresSQL.stamp(quoteIdentifier(n.since), timeZone: true),
        ].joined(separator: ", ")
        let titleKind = schema.titleColumn?.kind ?? .text
        let limitText = String(max(0, limit))
        let rows: PGRows = try read {
            if let after {
                return try connection.query(
                    "SELECT \(columns) FROM \(t) WHERE \(k) > $1 ORDER BY \(k) LIMIT $2",
                    [try keyParam(after), limitText])
            }
            return try connection.query("SELECT \(columns) FROM \(t) ORDER BY \(k) LIMIT $1", [limitText])
        }
        return rows.rows.map { r in
            RecordSummary(
                key: PGTypes.decode(r[0], kind: keyKind), title: PGTypes.decode(r[1], kind: titleKind),
                updatedAt: r[2] ?? "", edit: editInfo(r[3], r[4], r[5], r[6], r[7]))
        }
    }

    func page(_ request: RowPageRequest) throws -> RowPage {
        let builder = RowPageSQL<String?>(
            quote: quoteIdentifier, encode: { value, column in column.isKey ? try self.keyParam(value) : PGTypes.encode(value) },
            contains: { column, needle, fold in
                fold ? "strpos(lower(\(column)::text), lower(\(needle))) > 0" : "strpos(\(column)::text, \(needle)) > 0"
            }, explicitNulls: true, rowValues: true)
        var q = SQLBuilder<String?>(.numbered, "SELECT \(selectList) FROM \(t)")
        try builder.append(request, schema: schema, into: &q)
        let rows = try read { try connection.query(q.sql, q.arguments) }
        return RowPageSQL<String?>.finish(rows.rows.map(record(from:)), request)
    }

    func referencedRows(_ request: ReferenceRequest) throws -> [ReferencedRow] {
        let rows = try read { () -> [(Value, Value)] in
            guard let pg = try resolve(request.reference.table, on: connection) else {
                throw StoreError.tableMissing(table: request.reference.table, location: location)
            }
            let (info, target) = try readSchema(pg, table: request.reference.table, key: request.reference.column, names: schema.recedit, on: connection)
            let builder = RowPageSQL<String?>(
                quote: quoteIdentifier, encode: { value, _ in PGTypes.encode(value) },
                contains: { column, needle, fold in
                    fold ? "strpos(lower(\(column)::text), lower(\(needle))) > 0" : "strpos(\(column)::text, \(needle)) > 0"
                }, explicitNulls: true, rowValues: true)
            var q = SQLBuilder<String?>(
                .numbered, "SELECT \(ReferenceSQL.selectList(schema: target, quote: quoteIdentifier)) FROM \(info.qualified)")
            try builder.append(ReferenceSQL.pageRequest(request, schema: target), schema: target, into: &q)
            let keyKind = target.column(named: target.keyColumn)?.kind ?? .text
            let labelKind = ReferenceSQL.labelColumn(in: target)?.kind ?? .text
            return try connection.query(q.sql, q.arguments).rows.map { (PGTypes.decode($0[0], kind: keyKind), PGTypes.decode($0[1], kind: labelKind)) }
        }
        return ReferenceSQL.finish(rows, request)
    }

    /// `pg_class.reltuples`, kept by VACUUM, ANALYZE and autovacuum; nil while the table has never been
    /// vacuumed or analyzed (-1 since PostgreSQL 14).
    func estimatedRowCount() throws -> Int? {
        let rows = try read { try connection.query("SELECT reltuples::bigint FROM pg_class WHERE oid = $1::oid", [table.oid]) }
        guard let text = rows.first?[0] ?? nil, let count = Int(text), count >= 0 else { return nil }
        return count
    }

    func version(_ key: Value, at updatedAt: String) throws -> Record? {
        let keyText = try keyParam(key)
        guard let stamp = canonicalStamp(updatedAt) else { return nil }
        return try read {
            if let current = try fetch(keyText), current.updatedAt == stamp { return current }
            let rows = try connection.query(
                """
                SELECT fields::text FROM \(table.history)
                WHERE table_name = $1 AND row_key = CAST(CAST($2 AS \(keyType)) AS text) AND updated_at = $3::timestamptz
                ORDER BY id DESC LIMIT 1
                """, [table.relname, keyText, stamp + "+00"])
            guard let row = rows.first else { return nil }
            let fields = try decodeFields(row[0])
            return Record(key: fields[schema.keyColumn] ?? PGTypes.decode(keyText, kind: keyKind), fields: fields, updatedAt: stamp)
        }
    }

    func history(_ key: Value) throws -> [HistoryEntry] {
        let keyText = try keyParam(key)
        let stamp = { (c: String) in PostgresSQL.stamp(c, timeZone: true) }
        let rows = try read {
            try connection.query(
                """
                SELECT h.id, h.operation, \(stamp("h.updated_at")), \(stamp("h.replaced_at")), h.replaced_by, h.fields::text,
                       (SELECT w.replaced_by FROM \(table.history) w
                        WHERE w.table_name = h.table_name AND w.row_key = h.row_key AND w.replaced_at = h.updated_at
                        ORDER BY w.id DESC LIMIT 1)
                FROM \(table.history) h
                WHERE h.table_name = $1 AND h.row_key = CAST(CAST($2 AS \(keyType)) AS text)
                ORDER BY h.id DESC
                """, [table.relname, keyText])
        }
        return try rows.rows.map { r in
            HistoryEntry(
                id: r[0].flatMap { Int64($0) } ?? 0,
                operation: HistoryEntry.Operation(rawValue: r[1] ?? "") ?? .update,
                updatedAt: r[2] ?? "", writtenBy: r[6], replacedAt: r[3], replacedBy: r[4],
                fields: try decodeFields(r[5]))
        }
    }

    func writer(of key: Value, at updatedAt: String) throws -> String? {
        let keyText = try keyParam(key)
        guard let stamp = canonicalStamp(updatedAt) else { return nil }
        return try read {
            try connection.query(
                """
                SELECT replaced_by FROM \(table.history)
                WHERE table_name = $1 AND row_key = CAST(CAST($2 AS \(keyType)) AS text) AND replaced_at = $3::timestamptz
                ORDER BY id DESC LIMIT 1
                """, [table.relname, keyText, stamp + "+00"]
            ).first?[0] ?? nil
        }
    }

    // MARK: Writing

    func insert(_ fields: [String: Value], writer: String) throws -> Record {
        let columns = try fields.keys.sorted().map { name -> String in
            guard schema.column(named: name) != nil, !schema.isReceditColumn(name) else {
                throw StoreError.unknownColumn(table: schema.table, column: name)
            }
            return name
        }
        var q = SQLBuilder<String?>(.numbered)
        if columns.isEmpty {
            q.append("INSERT INTO \(t) DEFAULT VALUES RETURNING \(selectList)")
        } else {
            q.append("INSERT INTO \(t) (" + columns.map(quoteIdentifier).joined(separator: ", ") + ") VALUES (")
            q.append(list: columns.map { PGTypes.encode(fields[$0]!) })
            q.append(") RETURNING \(selectList)")
        }
        // An INSERT is not repeated after a lost connection: it might have been written.
        let rows = try write(retryUnknown: false) { try withWriter(writer) { try connection.query(q.sql, q.arguments) } }
        guard let row = rows.first else {
            throw StoreError.database(code: "P0002", message: "INSERT returned no row", detail: nil)
        }
        return record(from: row)
    }

    func recreate(_ fields: [String: Value], writer: String) throws -> Record? {
        let columns = try fields.keys.sorted().map { name -> String in
            guard schema.column(named: name) != nil, !schema.isReceditColumn(name) else {
                throw StoreError.unknownColumn(table: schema.table, column: name)
            }
            return name
        }
        guard let key = fields[schema.keyColumn], !key.isNull else {
            throw StoreError.constraint(message: "the row to re-create has no \(schema.keyColumn)")
        }
        _ = try keyParam(key)
        // The checked insert: a row with this key (re-created meanwhile) makes it write nothing.
        var q = SQLBuilder<String?>(.numbered, "INSERT INTO \(t) (" + columns.map(quoteIdentifier).joined(separator: ", ") + ") VALUES (")
        q.append(list: columns.map { PGTypes.encode(fields[$0]!) })
        q.append(") ON CONFLICT (\(k)) DO NOTHING RETURNING \(selectList)")
        let rows = try write(retryUnknown: false) { try withWriter(writer) { try connection.query(q.sql, q.arguments) } }
        return rows.first.map(record(from:))
    }

    func save(_ key: Value, changes: [String: Value], expected: String, writer: String, fencingToken: Int64?) throws -> SaveOutcome {
        let keyText = try keyParam(key)
        let columns = try changes.keys.sorted().map { name -> String in
            guard let column = schema.column(named: name), !column.isKey, !schema.isReceditColumn(name) else {
                throw StoreError.unknownColumn(table: schema.table, column: name)
            }
            return name
        }
        guard let stamp = canonicalStamp(expected) else {
            // Not a stamp: it cannot be the row's version.
            return try read { try fetch(keyText).map { .stale(current: $0) } ?? .deleted }
        }
        if columns.isEmpty {
            return try read {
                guard let (current, locked) = try fetchAfterMiss(keyText, fencingToken: fencingToken) else { return .deleted }
                if locked { return .locked(current: current) }
                let fenced = fencingToken.map { $0 != current.edit.token } ?? false
                return current.updatedAt == stamp && !fenced ? .saved(current) : .stale(current: current)
            }
        }

        let q = saveQuery(keyText, expected: stamp, writer: writer, columns: columns, changes: changes, fencingToken: fencingToken)
        var attempts = retry.attempts()
        var uncertain = false
        while true {
            do {
                let rows = try connection.queryPrepared(q.sql, q.arguments)
                if let row = rows.first { return .saved(record(from: row)) }
                if uncertain,
                    case .outcome(let outcome) = try settle(
                        keyText, stamp: stamp, changes: changes,
                        writer: writer, fencingToken: fencingToken)
                {
                    return outcome
                }
                guard let (current, locked) = try fetchAfterMiss(keyText, fencingToken: fencingToken) else { return .deleted }
                return locked ? .locked(current: current) : .stale(current: current)
            } catch let failure as PGFailure {
                if retry.retriesTransient(failure, &attempts) { continue }
                guard retry.retriesUnknown(failure, &attempts) else { throw mapped(failure) }
                // The UPDATE may or may not have committed. Reconnect, then read what the row says.
                do { try connection.reconnect() } catch let lost as PGFailure {
                    throw StoreError.connectionLost(message: lost.message + "; the save may or may not have been applied: check with 'recedit show'")
                }
                do {
                    switch try settle(keyText, stamp: stamp, changes: changes, writer: writer, fencingToken: fencingToken) {
                    case .outcome(let outcome): return outcome
                    case .notWritten: uncertain = true  // the row still holds `expected`: the conditional UPDATE may run again
                    }
                } catch let again as PGFailure {
                    guard again.connectionBroken else { throw mapped(again) }
                    uncertain = true
                }
            }
        }
    }

    /// The checked save: the UPDATE and its values. (Its text depends only on the columns and whether it is fenced:
    /// the same edit saved again reuses the prepared statement.)
    private func saveQuery(
        _ keyText: String?, expected stamp: String, writer: String, columns: [String], changes: [String: Value],
        fencingToken: Int64?
    ) -> (sql: String, arguments: [String?]) {
        // The values in the order of the placeholders below: key, expected stamp, writer, the new values, [token].
        var arguments: [String?] = [keyText, stamp + (table.stampHasTimeZone ? "+00" : ""), writer]
        for name in columns { arguments.append(PGTypes.encode(changes[name]!)) }
        if let fencingToken { arguments.append(String(fencingToken)) }
        // The text is made once per shape (a save runs thousands of times; building and hashing it cost µs each).
        let shape = SaveShape(columns: columns, fenced: fencingToken != nil)
        if let sql = saveSQLByShape[shape] { return (sql, arguments) }
        var q = SQLBuilder<String?>(.numbered)
        let key = q.placeholder(for: keyText)
        let expected = q.placeholder(for: stamp + (table.stampHasTimeZone ? "+00" : ""))
        let writer = q.placeholder(for: writer)
        q.append("UPDATE \(t) AS \"recedit$t\" SET ")
        for (i, name) in columns.enumerated() {
            q.append((i == 0 ? "" : ", ") + "\(quoteIdentifier(name)) = ", PGTypes.encode(changes[name]!))
        }
        // set_config(…, true) lasts until the end of this statement's transaction: the history trigger reads it.
        // OFFSET 0 keeps the sub-select from being flattened away; RETURNING its value makes sure it ran.
        q.append(
            """

            FROM (SELECT set_config('recedit.writer', \(writer), true) AS w OFFSET 0) AS "recedit$w"
            WHERE "recedit$t".\(k) = \(key) AND "recedit$t".\(ts) = \(expected)
            """)
        let n = schema.recedit
        if let fencingToken {
            q.append(" AND \"recedit$t\".\(quoteIdentifier(n.token)) = ", String(fencingToken))
        } else {
            // A live `locked` claim admits only its holder's token (EditStateMachine.admitsSave, on the server's clock);
            // a fenced save already names the current claim's token.
            let lease = "\"recedit$t\".\(quoteIdentifier(n.leaseUntil))"
            q.append(
                " AND (\"recedit$t\".\(quoteIdentifier(n.state)) IS DISTINCT FROM 'locked' OR \(lease) IS NULL"
                    + " OR \(lease) <= \(PostgresSQL.now(timeZone: table.leaseHasTimeZone)))")
        }
        q.append("\nRETURNING \(targetSelectList), \"recedit$w\".w")
        assert(q.arguments == arguments, "saveQuery: the arguments' order must follow the placeholders")
        if saveSQLByShape.count >= 64 { saveSQLByShape.removeAll() }
        saveSQLByShape[shape] = q.sql
        return (q.sql, arguments)
    }

    private struct SaveShape: Hashable {
        let columns: [String]
        let fenced: Bool
    }

    private enum Settled { case notWritten, outcome(SaveOutcome) }

    /// After a save whose outcome is unknown: did it commit? Decided by the row and its history, never by writing.
    private func settle(_ keyText: String?, stamp: String, changes: [String: Value], writer: String, fencingToken: Int64?) throws -> Settled {
        let current = try fetch(keyText)
        if let current, current.updatedAt == stamp {
            if let fencingToken, fencingToken != current.edit.token { return .outcome(.stale(current: current)) }
            return .notWritten
        }
        // Who replaced the version I loaded, and with what?
        let rows = try connection.query(
            """
            SELECT \(PostgresSQL.stamp("replaced_at", timeZone: true)), replaced_by FROM \(table.history)
            WHERE table_name = $1 AND row_key = CAST(CAST($2 AS \(keyType)) AS text) AND updated_at = $3::timestamptz
              AND operation = 'update'
            ORDER BY id DESC LIMIT 1
            """, [table.relname, keyText, stamp + "+00"])
        if let row = rows.first, let replacedAt = row[0], row[1] == writer {
            let mine: Record?
            if let current, current.updatedAt == replacedAt {
                mine = current
            } else {
                mine = try historyVersion(keyText, stamp: replacedAt)
            }
            if let mine, matches(mine, changes) { return .outcome(.saved(mine)) }
        }
        guard let current else { return .outcome(.deleted) }
        return .outcome(.stale(current: current))
    }

    private func historyVersion(_ keyText: String?, stamp: String) throws -> Record? {
        let rows = try connection.query(
            """
            SELECT fields::text FROM \(table.history)
            WHERE table_name = $1 AND row_key = CAST(CAST($2 AS \(keyType)) AS text) AND updated_at = $3::timestamptz
            ORDER BY id DESC LIMIT 1
            """, [table.relname, keyText, stamp + "+00"])
        guard let row = rows.first else { return nil }
        let fields = try decodeFields(row[0])
        return Record(key: fields[schema.keyColumn] ?? .null, fields: fields, updatedAt: stamp)
    }

    /// The record holds `changes` (compared as the database stores them).
    private func matches(_ record: Record, _ changes: [String: Value]) -> Bool {
        changes.allSatisfy { name, value in
            let kind = kinds[name] ?? .text
            return PGTypes.decode(PGTypes.encode(value), kind: kind) == record[name]
        }
    }

    func delete(_ key: Value, expected: String, writer: String) throws -> DeleteOutcome {
        let keyText = try keyParam(key)
        guard let stamp = canonicalStamp(expected) else {
            return try read { try fetch(keyText).map { .stale(current: $0) } ?? .missing }
        }
        var q = SQLBuilder<String?>(.numbered)
        let keyP = q.placeholder(for: keyText)
        let expectedP = q.placeholder(for: stamp + (table.stampHasTimeZone ? "+00" : ""))
        let writerP = q.placeholder(for: writer)
        let n = schema.recedit
        let lease = "\"recedit$t\".\(quoteIdentifier(n.leaseUntil))"
        // As the save: set_config names the writer for the history trigger; a live `locked` claim admits no delete.
        q.append(
            """
            DELETE FROM \(t) AS "recedit$t"
            USING (SELECT set_config('recedit.writer', \(writerP), true) AS w OFFSET 0) AS "recedit$w"
            WHERE "recedit$t".\(k) = \(keyP) AND "recedit$t".\(ts) = \(expectedP)
              AND ("recedit$t".\(quoteIdentifier(n.state)) IS DISTINCT FROM 'locked' OR \(lease) IS NULL
                   OR \(lease) <= \(PostgresSQL.now(timeZone: table.leaseHasTimeZone)))
            RETURNING "recedit$w".w
            """)
        var repeated = false
        let rows = try write(retryUnknown: true, onRetry: { repeated = true }) { try connection.queryPrepared(q.sql, q.arguments) }
        if !rows.isEmpty { return .deleted }
        return try read {
            if let (current, locked) = try fetchAfterMiss(keyText, fencingToken: nil) {
                return locked ? .locked(current: current) : .stale(current: current)
            }
            // Repeated after a lost connection: the first attempt may be the one that deleted it.
            if repeated, try deletedBy(writer, keyText, stamp: stamp) { return .deleted }
            return .missing
        }
    }

    /// History holds the delete of the version `stamp` by `writer`.
    private func deletedBy(_ writer: String, _ keyText: String?, stamp: String) throws -> Bool {
        try connection.query(
            """
            SELECT 1 FROM \(table.history)
            WHERE table_name = $1 AND row_key = CAST(CAST($2 AS \(keyType)) AS text) AND updated_at = $3::timestamptz
              AND operation = 'delete' AND replaced_by = $4
            """, [table.relname, keyText, stamp + "+00", writer]
        ).first != nil
    }

    // MARK: Edit-state machine

    func apply(_ request: EditRequest, to key: Value) throws -> EditOutcome? {
        let keyText = try keyParam(key)
        let n = schema.recedit
        let state = quoteIdentifier(n.state), owner = quoteIdentifier(n.owner)
        let lease = quoteIdentifier(n.leaseUntil), token = quoteIdentifier(n.token), since = quoteIdentifier(n.since)
        let now = PostgresSQL.now(timeZone: table.leaseHasTimeZone)
        let leaseStamp = { (c: String) in PostgresSQL.stamp(c, timeZone: self.table.leaseHasTimeZone) }

        switch request {
        case .claim(let me, let seconds, let lock), .takeOver(let me, let seconds, _, _, let lock):
            var replacing: (owner: String?, token: String?) = (nil, nil)
            if case .takeOver(_, _, let from, let fromToken, _) = request { replacing = (from, String(fromToken)) }
            var q = SQLBuilder<String?>(.numbered)
            let keyP = q.placeholder(for: keyText), meP = q.placeholder(for: me), secondsP = q.placeholder(for: String(seconds))
            let fromP = q.placeholder(for: replacing.owner), fromTokenP = q.placeholder(for: replacing.token)
            let modeP = q.placeholder(for: lock ? "locked" : "editing")
            // The guard of EditStateMachine.decide on the server's clock. The locked sub-select gives the
            // previous holder; the whole transition stays one statement. A claim I already hold goes on
            // (its start kept); any other begins now.
            q.append(
                """
                UPDATE \(t) AS "recedit$t"
                SET \(state) = \(modeP), \(owner) = \(meP), \(lease) = \(now) + make_interval(secs => \(secondsP)::double precision),
                    \(token) = "recedit$t".\(token) + 1,
                    \(since) = CASE WHEN "recedit$o".s <> 'idle' AND "recedit$o".l > \(now) AND "recedit$o".o = \(meP)
                                       AND "recedit$o".si IS NOT NULL THEN "recedit$o".si ELSE clock_timestamp() END
                FROM (SELECT \(k) AS k, \(state) AS s, \(owner) AS o, \(lease) AS l, \(token) AS tk, \(since) AS si
                      FROM \(t) WHERE \(k) = \(keyP) FOR UPDATE) AS "recedit$o"
                WHERE "recedit$t".\(k) = \(keyP) AND "recedit$t".\(k) = "recedit$o".k
                  AND ("recedit$o".s = 'idle' OR "recedit$o".l IS NULL OR "recedit$o".l <= \(now) OR "recedit$o".o = \(meP)
                       OR ("recedit$o".o = \(fromP) AND "recedit$o".tk = \(fromTokenP)::bigint))
                RETURNING "recedit$t".\(token), \(leaseStamp("\"recedit$t\".\(lease)")),
                          CASE WHEN "recedit$o".s <> 'idle' AND "recedit$o".o IS DISTINCT FROM \(meP) THEN "recedit$o".o END
                """)
            for _ in 0..<3 {
                let rows = try write(retryUnknown: true) { try connection.queryPrepared(q.sql, q.arguments) }
                if let row = rows.first {
                    return .claimed(token: row[0].flatMap { Int64($0) } ?? 0, leaseUntil: row[1] ?? "", previousOwner: row[2])
                }
                guard let (info, expired) = try readEdit(keyText) else { return nil }
                // Released or expired between the two statements: try again.
                if info.state == .idle || expired || info.owner == me { continue }
                return .busy(owner: info.owner ?? "", leaseUntil: info.leaseUntil, locked: info.state == .locked, since: info.since)
            }
            guard let (info, _) = try readEdit(keyText) else { return nil }
            return .busy(owner: info.owner ?? "", leaseUntil: info.leaseUntil, locked: info.state == .locked, since: info.since)

        case .renew(let me, let mine, let seconds):
            var q = SQLBuilder<String?>(.numbered)
            q.append("UPDATE \(t) SET \(lease) = \(now) + make_interval(secs => ", String(seconds))
            q.append("::double precision)\nWHERE \(k) = ", keyText)
            q.append(" AND \(state) IN ('editing', 'locked') AND \(owner) = ", me)
            q.append(" AND \(token) = ", String(mine))
            q.append("\nRETURNING \(leaseStamp(lease))")
            let rows = try write(retryUnknown: true) { try connection.queryPrepared(q.sql, q.arguments) }
            if let row = rows.first { return .renewed(leaseUntil: row[0] ?? "") }
            return try readEdit(keyText).map { .lost(current: $0.0) }

        case .release(let me, let mine):
            var q = SQLBuilder<String?>(.numbered, "UPDATE \(t) SET \(state) = 'idle', \(owner) = NULL, \(lease) = NULL, \(since) = NULL\n")
            q.append("WHERE \(k) = ", keyText)
            q.append(" AND \(state) IN ('editing', 'locked') AND \(owner) = ", me)
            q.append(" AND \(token) = ", String(mine))
            q.append("\nRETURNING 1")
            var repeated = false
            let rows = try write(retryUnknown: true, onRetry: { repeated = true }) { try connection.queryPrepared(q.sql, q.arguments) }
            if !rows.isEmpty { return .released }
            guard let (info, _) = try readEdit(keyText) else { return nil }
            // A repeated release that finds the row idle at my token: the first one went through.
            if repeated, info.state == .idle, info.token == mine { return .released }
            return .lost(current: info)

        case .forceRelease:
            var q = SQLBuilder<String?>(.numbered, "UPDATE \(t) SET \(state) = 'idle', \(owner) = NULL, \(lease) = NULL, \(since) = NULL\n")
            q.append("WHERE \(k) = ", keyText)
            q.append(" AND \(state) IN ('editing', 'locked') RETURNING 1")
            let rows = try write(retryUnknown: true) { try connection.query(q.sql, q.arguments) }
            if !rows.isEmpty { return .released }
            return try readEdit(keyText).map { _ in .released }
        }
    }

    /// The row's edit state and whether its lease has run out (on the server's clock); nil when there is no row.
    private func readEdit(_ keyText: String?) throws -> (EditInfo, Bool)? {
        let lease = quoteIdentifier(schema.recedit.leaseUntil)
        let now = PostgresSQL.now(timeZone: table.leaseHasTimeZone)
        let rows = try read {
            try connection.query("SELECT \(editSelect), (\(lease) IS NULL OR \(lease) <= \(now)) FROM \(t) WHERE \(k) = $1", [keyText])
        }
        guard let r = rows.first else { return nil }
        return (editInfo(r[0], r[1], r[2], r[3], r[4]), r[5] == "t")
    }

    func makeChangeFeed() throws -> ChangeFeed {
        let channel: String =
            try read {
                try connection.query("SELECT \(PostgresSQL.channel("$1::text"))", [table.relname]).first?[0] ?? nil
            } ?? ("recedit_" + table.relname)
        return try PostgresChangeFeed(conninfo: conninfo, options: options, channel: channel)
    }

    // MARK: Change log

    /// Runs `body` in a transaction where the triggers read `writer` as the change's writer.
    private func withWriter<T>(_ writer: String, _ body: () throws -> T) throws -> T {
        try transaction(connection) {
            try connection.query("SELECT set_config('recedit.writer', $1, true)", [writer])
            return try body()
        }
    }

    func changePosition() throws -> Int64 {
        // "From now on" must not start above a change still being committed: wait for it (a transaction left
        // open keeps us here until it ends; the caller can be interrupted).
        while true {
            if let position = try read({ try completePosition(wait: 1) }) { return position }
        }
    }

    func changePosition(after stamp: String) throws -> Int64 {
        guard let stamp = canonicalStamp(stamp) else {
            throw StoreError.unsupported("'\(stamp)' is not a stamp; give YYYY-MM-DD HH:MM:SS[.ffffff] (UTC) or a change number")
        }
        let first = try read {
            try connection.query("SELECT min(seq) FROM \(table.changes) WHERE recorded_at > $1::timestamptz", [stamp + "+00"]).first?[0] ?? nil
        }
        if let first, let seq = Int64(first) { return seq - 1 }
        return try changePosition()
    }

    /// A position P such that every change at or below it is committed (or rolled back): none can appear there later.
    ///
    /// `seq` comes from a sequence, taken in the AFTER trigger before the writer commits, so positions become
    /// visible out of order: a reader that went on from the highest visible `seq` could skip a lower one committed
    /// a moment later. So: (1) in one statement, read the highest visible `seq` (P) and take a transaction id X of
    /// our own (`pg_current_xact_id()`, assigned after the statement's snapshot). Every position at or below P was
    /// taken before that snapshot by a transaction that already had an xid (it wrote the table's row, which assigns
    /// one, before its trigger took the position), so an xid below X. (2) Wait until no transaction below X is
    /// still running (`pg_snapshot_xmin` of a new snapshot ≥ X): each one that could own a position ≤ P has then
    /// committed, and is visible, or rolled back. (The snapshot's own `xmax` is not enough: it is the latest
    /// completed xid + 1, and a transaction with a higher xid can be running and hold a lower position.)
    /// Per row, positions follow commit order anyway: a second writer of a row waits for the first to commit
    /// before its trigger runs. The cost is one xid per read (a write transaction of no data).
    /// Returns nil when a transaction still running after `wait` seconds holds it back (a session left open in a
    /// transaction delays the watcher, never makes it skip).
    private func completePosition(wait: Double) throws -> Int64? {
        let row = try connection.query(
            """
            SELECT coalesce((SELECT max(seq) FROM \(table.changes)), 0), pg_current_xact_id()::text
            """
        ).first
        guard let top = row?[0].flatMap({ Int64($0) }), let mine = row?[1] ?? nil else { return nil }
        let deadline = PostgresChangeFeed.monotonicSeconds() + wait
        var pause: UInt32 = 200
        while true {
            let done = try connection.query("SELECT pg_snapshot_xmin(pg_current_snapshot()) >= $1::xid8", [mine]).first?[0] ?? nil
            if done == "t" { return top }
            if PostgresChangeFeed.monotonicSeconds() >= deadline { return nil }
            usleep(pause)
            pause = min(pause * 2, 20_000)
        }
    }

    func changes(after position: Int64, limit: Int) throws -> [Change] {
        try read {
            guard let top = try completePosition(wait: 0.5), top > position else { return [] }
            let rows = try connection.query(
                """
                SELECT seq, row_key, operation, fields::text, \(PostgresSQL.stamp("updated_at", timeZone: true)), writer
                FROM \(table.changes) WHERE table_name = $1 AND seq > $2 AND seq <= $3 ORDER BY seq LIMIT $4
                """, [table.relname, String(position), String(top), String(max(1, limit))])
            return rows.rows.map { r in
                var fields: [String] = []
                if case .array(let names)? = try? JSON.parse(r[3] ?? "[]") {
                    fields = names.compactMap { if case .string(let s) = $0 { return s } else { return nil } }
                }
                return Change(
                    sequence: r[0].flatMap { Int64($0) } ?? 0, table: schema.table, key: PGTypes.decode(r[1], kind: keyKind),
                    operation: Change.Operation(rawValue: r[2] ?? "") ?? .update, fields: fields,
                    updatedAt: r[4], writer: r[5])
            }
        }
    }

    // MARK: Retries and errors

    /// A read: transient failures retried; repeated once on a new connection when the old one broke.
    private func read<T>(_ body: () throws -> T) throws -> T { try retry.read(body) }

    /// A write of one statement: transient failures retried; after a lost connection it is repeated only when
    /// `retryUnknown` (the statement is safe to run twice), else reported as `.connectionLost`.
    private func write<T>(retryUnknown: Bool, onRetry: () -> Void = {}, _ body: () throws -> T) throws -> T {
        try retry.write(retryUnknown: retryUnknown, onRetry: onRetry, body)
    }

    private func mapped(_ failure: PGFailure) -> StoreError {
        PostgresDatabase.storeError(failure, table: schema.table, location: location)
    }

    // MARK: Values

    /// The key as a text parameter; keys typed by the user arrive as text and are checked against the key's type.
    private func keyParam(_ key: Value) throws -> String? {
        if case .text(let text) = key, let column = schema.column(named: schema.keyColumn),
            column.kind == .integer || column.kind == .real || column.kind == .numeric
        {
            do {
                return PGTypes.encode(try ValueParser.parse(text, for: column))
            } catch let error as ValueParseError {
                throw StoreError.unsupported(error.message)
            }
        }
        return PGTypes.encode(key)
    }

    /// A stamp in the form the database writes: `YYYY-MM-DD HH:MM:SS.ffffff`, or nil when `text` is not a stamp.
    private func canonicalStamp(_ text: String) -> String? {
        Stamp.microseconds(from: text).map { Stamp.text(microseconds: $0) }
    }

    private func record(from row: [String?]) -> Record {
        var fields: [String: Value] = [:]
        for (i, column) in dataColumns.enumerated() { fields[column.name] = PGTypes.decode(row[i], kind: column.kind) }
        let n = dataColumns.count
        return Record(
            key: fields[schema.keyColumn] ?? .null, fields: fields, updatedAt: row[n] ?? "",
            edit: editInfo(row[n + 1], row[n + 2], row[n + 3], row[n + 4], row[n + 5]))
    }

    private func editInfo(_ state: String?, _ owner: String?, _ lease: String?, _ token: String?, _ since: String?) -> EditInfo {
        EditInfo(
            state: state.flatMap(EditState.init(rawValue:)) ?? .idle, owner: owner, leaseUntil: lease,
            token: token.flatMap { Int64($0) } ?? 0, since: since)
    }

    private func decodeFields(_ text: String?) throws -> [String: Value] {
        guard let text, case .object(let pairs) = try? JSON.parse(text) else { return [:] }
        var fields: [String: Value] = [:]
        for (name, json) in pairs { fields[name] = PGTypes.decode(json: json, kind: kinds[name] ?? .any) }
        return fields
    }
}
