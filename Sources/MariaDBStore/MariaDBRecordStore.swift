import Glibc
import RecEditCore

/// One table of a MariaDB database, through recedit's contract.
///
/// MariaDB has no `UPDATE … RETURNING`: the checked save is a conditional
/// `UPDATE … SET …, updated_at = (@recedit_stamp := GREATEST(now, updated_at + 1 µs)) WHERE key = ? AND
/// updated_at = ?expected [AND edit_token = ?mine] [AND not locked by someone else]` (its own transaction), then
/// the read of exactly the version it wrote: the row at `@recedit_stamp`, or that version from history when another
/// writer came in between. Stamps only grow, so that read can return nobody else's version, and the row lock is
/// held for one round trip only (the connection uses CLIENT_FOUND_ROWS, so a save of equal values still counts
/// its row). Deadlocks (1213) and lock-wait timeouts (1205) are retried; after a lost
/// connection (2013) the row and its history say whether the save landed. Each edit-state transition is one
/// compare-and-set UPDATE on the server's clock (UTC_TIMESTAMP(6)).
final class MariaDBRecordStore: RecordStore {
    let schema: Schema
    let connection: MariaDBConnection
    private let table: MariaDBTable
    private let options: StoreOptions

    private let t: String
    private let k: String
    private let ts: String
    private let dataColumns: [Column]
    private let kinds: [String: ColumnKind]
    private let keyColumn: Column?
    private let selectList: String
    private let editSelect: String
    private let c: (state: String, owner: String, lease: String, token: String, since: String)
    private let retry: RetryPolicy<MariaDBFailure>
    /// Reads another table's schema (a referenced table's, for `referencedRows`) with the database's introspection.
    var readSchema: ((_ table: String, _ key: String?) throws -> (MariaDBTable, Schema))?

    /// Deadlocks (1213) are retried up to 20 times; a lock-wait timeout (1205) twice only, since each one has
    /// already waited the whole lockTimeoutMs (then it is reported: busy, not a hang).
    static let maxDeadlockRetries = 20
    static let maxLockWaitRetries = 2
    static let maxUncertainRetries = 3

    /// Two transient classes, deadlocks then lock-wait timeouts (whose backoff does not grow); a lost connection reconnects.
    static func retryPolicy(connection: MariaDBConnection, table: String) -> RetryPolicy<MariaDBFailure> {
        RetryPolicy(
            transients: [.init(maxRetries: maxDeadlockRetries, growing: true), .init(maxRetries: maxLockWaitRetries, growing: false)],
            transientClass: { $0.code == 1213 ? 0 : $0.code == 1205 ? 1 : nil }, connectionBroken: { $0.connectionBroken },
            maxUncertainRetries: maxUncertainRetries, reconnect: { try connection.reconnect() },
            mapped: { MariaDBDatabase.storeError($0, table: table, location: connection.location) },
            unknownOutcome: { StoreError.connectionLost(message: $0.message + "; the write may or may not have been applied") },
            sleep: { usleep($0) })
    }

    var location: String { connection.location }

    init(connection: MariaDBConnection, table: MariaDBTable, schema: Schema, options: StoreOptions) {
        self.connection = connection
        self.table = table
        self.schema = schema
        self.options = options
        retry = Self.retryPolicy(connection: connection, table: schema.table)
        t = table.quoted
        k = MariaDBQuote.identifier(schema.keyColumn)
        ts = MariaDBQuote.identifier(schema.recedit.updatedAt)
        dataColumns = schema.dataColumns
        var kinds: [String: ColumnKind] = [:]
        for column in schema.columns { kinds[column.name] = column.kind }
        self.kinds = kinds
        keyColumn = schema.column(named: schema.keyColumn)
        let n = schema.recedit
        let q = MariaDBQuote.identifier
        c = (q(n.state), q(n.owner), q(n.leaseUntil), q(n.token), q(n.since))
        editSelect = [c.state, c.owner, MariaDBSQL.stamp(c.lease), c.token, MariaDBSQL.stamp(c.since)].joined(separator: ", ")
        selectList = (schema.dataColumns.map { q($0.name) } + [MariaDBSQL.stamp(ts), editSelect]).joined(separator: ", ")
    }

    // MARK: Reading

    func load(_ key: Value) throws -> Record? {
        let key = try keyParam(key)
        return try read { try fetch(key) }
    }

    private func fetch(_ key: MariaDBParam) throws -> Record? {
        try connection.query("SELECT \(selectList) FROM \(t) WHERE \(k) = ?", [key]).first.map(record(from:))
    }

    func list(limit: Int, after: Value?) throws -> [RecordSummary] {
        let title = schema.titleColumn.map { MariaDBQuote.identifier($0.name) } ?? "NULL"
        let columns = [k, title, MariaDBSQL.stamp(ts), editSelect].joined(separator: ", ")
        let titleKind = schema.titleColumn?.kind ?? .text
        let rows: MariaDBRows = try read {
            if let after {
                return try connection.query(
                    "SELECT \(columns) FROM \(t) WHERE \(k) > ? ORDER BY \(k) LIMIT ?",
                    [try keyParam(after), .int(Int64(max(0, limit)))])
            }
            return try connection.query("SELECT \(columns) FROM \(t) ORDER BY \(k) LIMIT ?", [.int(Int64(max(0, limit)))])
        }
        return rows.rows.map { r in
            RecordSummary(
                key: MariaDBTypes.decode(r[0], kind: schema.keyKind), title: MariaDBTypes.decode(r[1], kind: titleKind),
                updatedAt: r[2].string ?? "", edit: editInfo(Array(r[3...7])))
        }
    }

    func page(_ request: RowPageRequest) throws -> RowPage {
        let builder = RowPageSQL<MariaDBParam>(
            quote: MariaDBQuote.identifier,
            encode: { value, column in column.isKey ? try self.keyParam(value) : try MariaDBTypes.encode(value, column: column.name) },
            contains: { column, needle, fold in fold ? "LOCATE(LOWER(\(needle)), LOWER(\(column))) > 0" : "LOCATE(\(needle), \(column)) > 0" },
            explicitNulls: false, rowValues: false)
        var q = SQLBuilder<MariaDBParam>(.positional, "SELECT \(selectList) FROM \(t)")
        try builder.append(request, schema: schema, into: &q)
        let rows = try read { try connection.query(q.sql, q.arguments) }
        return RowPageSQL<MariaDBParam>.finish(rows.rows.map(record(from:)), request)
    }

    func referencedRows(_ request: ReferenceRequest) throws -> [ReferencedRow] {
        guard let readSchema else { throw StoreError.unsupported("no schema reader for referenced tables") }
        let rows = try read { () -> [(Value, Value)] in
            let (info, target) = try readSchema(request.reference.table, request.reference.column)
            let builder = RowPageSQL<MariaDBParam>(
                quote: MariaDBQuote.identifier, encode: { value, column in try MariaDBTypes.encode(value, column: column.name) },
                contains: { column, needle, fold in fold ? "LOCATE(LOWER(\(needle)), LOWER(\(column))) > 0" : "LOCATE(\(needle), \(column)) > 0" },
                explicitNulls: false, rowValues: false)
            var q = SQLBuilder<MariaDBParam>(
                .positional, "SELECT \(ReferenceSQL.selectList(schema: target, quote: MariaDBQuote.identifier)) FROM \(info.quoted)")
            try builder.append(ReferenceSQL.pageRequest(request, schema: target), schema: target, into: &q)
            let keyKind = target.column(named: target.keyColumn)?.kind ?? .text
            let labelKind = ReferenceSQL.labelColumn(in: target)?.kind ?? .text
            return try connection.query(q.sql, q.arguments).rows.map {
                (MariaDBTypes.decode($0[0], kind: keyKind), MariaDBTypes.decode($0[1], kind: labelKind))
            }
        }
        return ReferenceSQL.finish(rows, request)
    }

    /// `information_schema.TABLES.TABLE_ROWS`: InnoDB's sampled estimate (it can be off by tens of percent).
    func estimatedRowCount() throws -> Int? {
        let rows = try read {
            try connection.query(
                "SELECT TABLE_ROWS FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?", [.text(table.name)])
        }
        return rows.first?[0].string.flatMap { Int($0) }
    }

    func version(_ key: Value, at updatedAt: String) throws -> Record? {
        let keyValue = try keyParam(key)
        guard let stamp = canonicalStamp(updatedAt) else { return nil }
        return try read {
            if let current = try fetch(keyValue), current.updatedAt == stamp { return current }
            return try historyVersion(keyValue, stamp: stamp)
        }
    }

    private func historyVersion(_ key: MariaDBParam, stamp: String) throws -> Record? {
        let rows = try connection.query(
            """
            SELECT fields FROM recedit_history WHERE table_name = ? AND row_key = ? AND updated_at = ? ORDER BY id DESC LIMIT 1
            """, [.text(table.name), .text(keyText(key)), .text(stamp)])
        guard let row = rows.first else { return nil }
        let fields = decodeFields(row[0].string)
        return Record(key: fields[schema.keyColumn] ?? .null, fields: fields, updatedAt: stamp)
    }

    func history(_ key: Value) throws -> [HistoryEntry] {
        let keyValue = try keyParam(key)
        let rows = try read {
            try connection.query(
                """
                SELECT h.id, h.operation, \(MariaDBSQL.stamp("h.updated_at")), \(MariaDBSQL.stamp("h.replaced_at")), h.replaced_by, h.fields,
                       (SELECT w.replaced_by FROM recedit_history w
                        WHERE w.table_name = h.table_name AND w.row_key = h.row_key AND w.replaced_at = h.updated_at
                        ORDER BY w.id DESC LIMIT 1)
                FROM recedit_history h WHERE h.table_name = ? AND h.row_key = ? ORDER BY h.id DESC
                """, [.text(table.name), .text(keyText(keyValue))])
        }
        return rows.rows.map { r in
            HistoryEntry(
                id: r[0].string.flatMap { Int64($0) } ?? 0,
                operation: HistoryEntry.Operation(rawValue: r[1].string ?? "") ?? .update,
                updatedAt: r[2].string ?? "", writtenBy: r[6].string, replacedAt: r[3].string, replacedBy: r[4].string,
                fields: decodeFields(r[5].string))
        }
    }

    func writer(of key: Value, at updatedAt: String) throws -> String? {
        let keyValue = try keyParam(key)
        guard let stamp = canonicalStamp(updatedAt) else { return nil }
        return try read {
            try connection.query(
                """
                SELECT replaced_by FROM recedit_history WHERE table_name = ? AND row_key = ? AND replaced_at = ? ORDER BY id DESC LIMIT 1
                """, [.text(table.name), .text(keyText(keyValue)), .text(stamp)]
            ).first?[0].string
        }
    }

    // MARK: Writing

    private func checkedColumns(_ names: some Sequence<String>, allowKey: Bool) throws -> [String] {
        try names.sorted().map { name in
            guard let column = schema.column(named: name), allowKey || !column.isKey, !schema.isReceditColumn(name) else {
                throw StoreError.unknownColumn(table: schema.table, column: name)
            }
            return name
        }
    }

    func insert(_ fields: [String: Value], writer: String) throws -> Record {
        let columns = try checkedColumns(fields.keys, allowKey: true)
        var q = SQLBuilder<MariaDBParam>(.positional, "INSERT INTO \(t) (" + columns.map(MariaDBQuote.identifier).joined(separator: ", ") + ") VALUES (")
        q.append(list: try columns.map { try MariaDBTypes.encode(fields[$0]!, column: $0) })
        q.append(")")
        // An INSERT is not repeated after a lost connection: it might have been written.
        return try write(retryUnknown: false) {
            try transaction {
                try setWriter(writer)
                let result = try connection.query(q.sql, q.arguments)
                let key: MariaDBParam
                if let given = fields[schema.keyColumn], !given.isNull { key = try keyParam(given) } else { key = .int(Int64(result.insertID)) }
                guard let record = try fetch(key) else {
                    throw StoreError.database(code: "insert", message: "the inserted row cannot be read back", detail: nil)
                }
                return record
            }
        }
    }

    func recreate(_ fields: [String: Value], writer: String) throws -> Record? {
        let columns = try checkedColumns(fields.keys, allowKey: true)
        guard let key = fields[schema.keyColumn], !key.isNull else {
            throw StoreError.constraint(message: "the row to re-create has no \(schema.keyColumn)")
        }
        let keyValue = try keyParam(key)
        var q = SQLBuilder<MariaDBParam>(.positional, "INSERT INTO \(t) (" + columns.map(MariaDBQuote.identifier).joined(separator: ", ") + ") VALUES (")
        q.append(list: try columns.map { try MariaDBTypes.encode(fields[$0]!, column: $0) })
        q.append(")")
        do {
            return try write(retryUnknown: false) {
                try transaction {
                    try setWriter(writer)
                    try connection.query(q.sql, q.arguments)
                    return try fetch(keyValue)
                }
            }
        } catch StoreError.constraint(let message) {
            // The checked insert: a row with this key (re-created meanwhile) makes it write nothing.
            if try load(key) != nil { return nil }
            throw StoreError.constraint(message: message)
        }
    }

    func save(_ key: Value, changes: [String: Value], expected: String, writer: String, fencingToken: Int64?) throws -> SaveOutcome {
        let keyValue = try keyParam(key)
        let columns = try checkedColumns(changes.keys, allowKey: false)
        guard let stamp = canonicalStamp(expected) else {
            return try read { try fetch(keyValue).map { .stale(current: $0) } ?? .deleted }
        }
        if columns.isEmpty {
            return try read {
                guard let current = try fetch(keyValue) else { return .deleted }
                if try lockedAgainst(keyValue, fencingToken: fencingToken) { return .locked(current: current) }
                let fenced = fencingToken.map { $0 != current.edit.token } ?? false
                return current.updatedAt == stamp && !fenced ? .saved(current) : .stale(current: current)
            }
        }
        let q = try saveQuery(keyValue, expected: stamp, columns: columns, changes: changes, fencingToken: fencingToken)

        var attempts = retry.attempts()
        var uncertain = false
        while true {
            do {
                let written: Record? = try connection.locked {
                    try setWriter(writer)
                    guard try connection.query(q.sql, q.arguments).affected > 0 else { return nil }
                    return try readWritten(keyValue)
                }
                if let written { return .saved(written) }
                if uncertain,
                    case .outcome(let outcome) = try settle(
                        keyValue, stamp: stamp, changes: changes,
                        writer: writer, fencingToken: fencingToken)
                {
                    return outcome
                }
                guard let current = try fetch(keyValue) else { return .deleted }
                if current.edit.state == .locked, try lockedAgainst(keyValue, fencingToken: fencingToken) { return .locked(current: current) }
                return .stale(current: current)
            } catch let failure as MariaDBFailure {
                if retry.retriesTransient(failure, &attempts) { continue }
                guard retry.retriesUnknown(failure, &attempts) else { throw mapped(failure) }
                // The COMMIT may or may not have happened. Reconnect, then read what the row says.
                do { try connection.reconnect() } catch let lost as MariaDBFailure { throw mapped(lost) }
                do {
                    switch try settle(keyValue, stamp: stamp, changes: changes, writer: writer, fencingToken: fencingToken) {
                    case .outcome(let outcome): return outcome
                    case .notWritten: uncertain = true
                    }
                } catch let again as MariaDBFailure {
                    guard again.connectionBroken else { throw mapped(again) }
                    uncertain = true
                }
            }
        }
    }

    /// The version the save's UPDATE just wrote: the row at the stamp the UPDATE captured in @recedit_stamp, or,
    /// when another writer has replaced it since, that version from history (with the row's edit state now).
    private func readWritten(_ key: MariaDBParam) throws -> Record {
        if let row = try connection.query("SELECT \(selectList) FROM \(t) WHERE \(k) = ? AND \(ts) = @recedit_stamp", [key]).first {
            return record(from: row)
        }
        let stamp = try connection.query("SELECT \(MariaDBSQL.stamp("@recedit_stamp"))").first?[0].string ?? ""
        guard var version = try historyVersion(key, stamp: stamp) else {
            throw StoreError.database(code: "save", message: "the saved version \(stamp) is neither the row nor in history", detail: nil)
        }
        version.edit = try fetch(key)?.edit ?? EditInfo()
        return version
    }

    /// Sets @recedit_writer (read by the history trigger) when this session holds another value.
    private func setWriter(_ writer: String) throws {
        guard connection.sessionWriter != writer else { return }
        try connection.query("SET @recedit_writer = ?", [.text(writer)])
        connection.sessionWriter = writer
    }

    /// The checked save's UPDATE and its values.
    private func saveQuery(
        _ key: MariaDBParam, expected stamp: String, columns: [String], changes: [String: Value],
        fencingToken: Int64?
    ) throws -> SQLBuilder<MariaDBParam> {
        var q = SQLBuilder<MariaDBParam>(.positional, "UPDATE \(t) SET ")
        for name in columns {
            q.append("\(MariaDBQuote.identifier(name)) = ", try MariaDBTypes.encode(changes[name]!, column: name))
            q.append(", ")
        }
        // The UPDATE gives the row its new stamp itself (the BEFORE trigger keeps a stamp that moved forward) and
        // keeps it in @recedit_stamp: the read that follows asks for exactly that version.
        q.append("\(ts) = (@recedit_stamp := GREATEST(\(MariaDBSQL.now), \(ts) + INTERVAL 1 MICROSECOND))")
        q.append(" WHERE \(k) = ", key)
        q.append(" AND \(ts) = ", .text(stamp))
        if let fencingToken {
            q.append(" AND \(c.token) = ", .int(fencingToken))
        } else {
            // A live `locked` claim admits only its holder's token (EditStateMachine.admitsSave, on the server's clock).
            q.append(" AND (NOT (\(c.state) <=> 'locked') OR \(c.lease) IS NULL OR \(c.lease) <= \(MariaDBSQL.now))")
        }
        return q
    }

    private enum Settled { case notWritten, outcome(SaveOutcome) }

    /// After a save whose outcome is unknown: did it commit? Decided by the row and its history, never by writing.
    private func settle(_ key: MariaDBParam, stamp: String, changes: [String: Value], writer: String, fencingToken: Int64?) throws -> Settled {
        let current = try fetch(key)
        if let current, current.updatedAt == stamp {
            if let fencingToken, fencingToken != current.edit.token { return .outcome(.stale(current: current)) }
            return .notWritten
        }
        let rows = try connection.query(
            """
            SELECT \(MariaDBSQL.stamp("replaced_at")), replaced_by FROM recedit_history
            WHERE table_name = ? AND row_key = ? AND updated_at = ? AND operation = 'update' ORDER BY id DESC LIMIT 1
            """, [.text(table.name), .text(keyText(key)), .text(stamp)])
        if let row = rows.first, let replacedAt = row[0].string, row[1].string == writer {
            let mine: Record?
            if let current, current.updatedAt == replacedAt { mine = current } else { mine = try historyVersion(key, stamp: replacedAt) }
            if let mine, matches(mine, changes) { return .outcome(.saved(mine)) }
        }
        guard let current else { return .outcome(.deleted) }
        return .outcome(.stale(current: current))
    }

    private func matches(_ record: Record, _ changes: [String: Value]) -> Bool {
        changes.allSatisfy { name, value in
            let kind = kinds[name] ?? .text
            if case .real(let d) = value, kind == .real || kind == .numeric, case .real(let e) = record[name] { return d == e }
            let text = MariaDBTypes.keyText(value)
            return value.isNull ? record[name].isNull : MariaDBTypes.decode(.bytes(Array(text.utf8)), kind: kind) == record[name] || value == record[name]
        }
    }

    func delete(_ key: Value, expected: String, writer: String) throws -> DeleteOutcome {
        let keyValue = try keyParam(key)
        guard let stamp = canonicalStamp(expected) else {
            return try read { try fetch(keyValue).map { .stale(current: $0) } ?? .missing }
        }
        var q = SQLBuilder<MariaDBParam>(.positional, "DELETE FROM \(t)")
        q.append(" WHERE \(k) = ", keyValue)
        q.append(" AND \(ts) = ", .text(stamp))
        // A live `locked` claim admits no delete (EditStateMachine.admitsSave with no token, on the server's clock).
        q.append(" AND (NOT (\(c.state) <=> 'locked') OR \(c.lease) IS NULL OR \(c.lease) <= \(MariaDBSQL.now))")
        var repeated = false
        let deleted = try write(retryUnknown: true, onRetry: { repeated = true }) {
            try connection.locked {
                try setWriter(writer)
                return try connection.query(q.sql, q.arguments).affected
            }
        }
        if deleted > 0 { return .deleted }
        return try read {
            if let current = try fetch(keyValue) {
                return try lockedAgainst(keyValue, fencingToken: nil) ? .locked(current: current) : .stale(current: current)
            }
            // Repeated after a lost connection: the first attempt may be the one that deleted it.
            if repeated,
                try connection.query(
                    """
                    SELECT 1 FROM recedit_history WHERE table_name = ? AND row_key = ? AND updated_at = ? AND operation = 'delete'
                      AND replaced_by = ?
                    """, [.text(table.name), .text(keyText(keyValue)), .text(stamp), .text(writer)]
                ).first != nil
            {
                return .deleted
            }
            return .missing
        }
    }

    // MARK: Edit-state machine

    func apply(_ request: EditRequest, to key: Value) throws -> EditOutcome? {
        let keyValue = try keyParam(key)
        let now = MariaDBSQL.now
        switch request {
        case .claim(let me, let seconds, let lock), .takeOver(let me, let seconds, _, _, let lock):
            var from: MariaDBParam = .null, fromToken: MariaDBParam = .null
            if case .takeOver(_, _, let f, let ft, _) = request { from = .text(f); fromToken = .int(ft) }
            // The guard of EditStateMachine.decide on the server's clock. MariaDB assigns left to right, so the
            // claim start is computed first, from the row as it was: a claim I already hold goes on, any other
            // begins now.
            var q = SQLBuilder<MariaDBParam>(.positional, "UPDATE \(t) SET\n")
            q.append("    \(c.since) = IF(\(c.state) <> 'idle' AND \(c.lease) > \(now) AND \(c.owner) <=> ", .text(me))
            q.append(" AND \(c.since) IS NOT NULL, \(c.since), \(now)),\n")
            q.append("    \(c.state) = ", .text(lock ? "locked" : "editing"))
            q.append(", \(c.owner) = ", .text(me))
            q.append(", \(c.lease) = \(now) + INTERVAL ", .int(Int64(seconds)))
            q.append(" SECOND, \(c.token) = \(c.token) + 1\n")
            q.append("WHERE \(k) = ", keyValue)
            q.append(" AND (\(c.state) = 'idle' OR \(c.lease) IS NULL OR \(c.lease) <= \(now) OR \(c.owner) <=> ", .text(me))
            q.append(" OR (\(c.owner) <=> ", from)
            q.append(" AND \(c.token) <=> ", fromToken)
            q.append("))")
            for _ in 0..<3 {
                let outcome: EditOutcome?? = try write(retryUnknown: true) {
                    try transaction { () throws -> EditOutcome?? in
                        // The row as it was, locked: whose claim (if any) this one replaces.
                        guard let before = try connection.query("SELECT \(c.state), \(c.owner) FROM \(t) WHERE \(k) = ? FOR UPDATE", [keyValue]).first else {
                            return .some(nil)
                        }
                        guard try connection.query(q.sql, q.arguments).affected > 0 else { return nil }
                        let row = try connection.query("SELECT \(c.token), \(MariaDBSQL.stamp(c.lease)) FROM \(t) WHERE \(k) = ?", [keyValue]).first
                        let previous = before[0].string != "idle" && before[1].string != me ? before[1].string : nil
                        return .some(.claimed(token: row?[0].string.flatMap { Int64($0) } ?? 0, leaseUntil: row?[1].string ?? "", previousOwner: previous))
                    }
                }
                if let outcome { return outcome }
                guard let (info, expired) = try readEdit(keyValue) else { return nil }
                if info.state == .idle || expired || info.owner == me { continue }
                return .busy(owner: info.owner ?? "", leaseUntil: info.leaseUntil, locked: info.state == .locked, since: info.since)
            }
            guard let (info, _) = try readEdit(keyValue) else { return nil }
            return .busy(owner: info.owner ?? "", leaseUntil: info.leaseUntil, locked: info.state == .locked, since: info.since)

        case .renew(let me, let mine, let seconds):
            var q = SQLBuilder<MariaDBParam>(.positional)
            q.append("UPDATE \(t) SET \(c.lease) = \(now) + INTERVAL ", .int(Int64(seconds)))
            q.append(" SECOND\nWHERE \(k) = ", keyValue)
            q.append(" AND \(c.state) IN ('editing', 'locked') AND \(c.owner) = ", .text(me))
            q.append(" AND \(c.token) = ", .int(mine))
            let lease: String?? = try write(retryUnknown: true) {
                try transaction { () throws -> String?? in
                    let updated = try connection.query(q.sql, q.arguments).affected
                    guard updated > 0 else { return nil }
                    return .some(try connection.query("SELECT \(MariaDBSQL.stamp(c.lease)) FROM \(t) WHERE \(k) = ?", [keyValue]).first?[0].string)
                }
            }
            if let lease { return .renewed(leaseUntil: lease ?? "") }
            return try readEdit(keyValue).map { .lost(current: $0.0) }

        case .release(let me, let mine):
            var q = SQLBuilder<MariaDBParam>(.positional, "UPDATE \(t) SET \(c.state) = 'idle', \(c.owner) = NULL, \(c.lease) = NULL, \(c.since) = NULL\n")
            q.append("WHERE \(k) = ", keyValue)
            q.append(" AND \(c.state) IN ('editing', 'locked') AND \(c.owner) = ", .text(me))
            q.append(" AND \(c.token) = ", .int(mine))
            var repeated = false
            let updated = try write(retryUnknown: true, onRetry: { repeated = true }) { try connection.query(q.sql, q.arguments).affected }
            if updated > 0 { return .released }
            guard let (info, _) = try readEdit(keyValue) else { return nil }
            if repeated, info.state == .idle, info.token == mine { return .released }
            return .lost(current: info)

        case .forceRelease:
            let updated = try write(retryUnknown: true) {
                try connection.query(
                    """
                    UPDATE \(t) SET \(c.state) = 'idle', \(c.owner) = NULL, \(c.lease) = NULL, \(c.since) = NULL
                    WHERE \(k) = ? AND \(c.state) IN ('editing', 'locked')
                    """, [keyValue]
                ).affected
            }
            if updated > 0 { return .released }
            return try readEdit(keyValue).map { _ in .released }
        }
    }

    /// True when the row is `locked` by a live claim whose token is not `fencingToken` (server clock).
    private func lockedAgainst(_ key: MariaDBParam, fencingToken: Int64?) throws -> Bool {
        try connection.query(
            """
            SELECT 1 FROM \(t) WHERE \(k) = ? AND \(c.state) = 'locked' AND \(c.lease) > \(MariaDBSQL.now) AND NOT (\(c.token) <=> ?)
            """, [key, fencingToken.map { .int($0) } ?? .null]
        ).first != nil
    }

    /// The row's edit state and whether its lease has run out (server clock); nil when there is no row.
    private func readEdit(_ key: MariaDBParam) throws -> (EditInfo, Bool)? {
        let rows = try read {
            try connection.query("SELECT \(editSelect), (\(c.lease) IS NULL OR \(c.lease) <= \(MariaDBSQL.now)) FROM \(t) WHERE \(k) = ?", [key])
        }
        guard let r = rows.first else { return nil }
        return (editInfo(Array(r[0...4])), r[5].string == "1")
    }

    func makeChangeFeed() throws -> ChangeFeed { MariaDBChangeFeed(store: self, key: nil) }

    func makeChangeFeed(watching key: Value) throws -> ChangeFeed { MariaDBChangeFeed(store: self, key: try keyParam(key)) }

    /// What the change feed compares: the open row's stamp and edit state (a primary-key read), or, watching
    /// the whole table, the change log's counter (one primary-key read; every insert, update, delete, claim and
    /// release of a recedit table moves it).
    func feedSnapshot(_ key: MariaDBParam?) throws -> [MariaDBCell] {
        try read {
            if let key {
                return try connection.query("SELECT \(MariaDBSQL.stamp(ts)), \(editSelect) FROM \(t) WHERE \(k) = ?", [key]).first ?? []
            }
            return try connection.query("SELECT seq FROM recedit_change_counter WHERE id = 1").first ?? []
        }
    }

    // MARK: Transactions, retries and errors

    /// Runs `body` in a transaction; rolls back when it throws.
    private func transaction<T>(_ body: () throws -> T) throws -> T {
        try connection.locked {
            try connection.execute("START TRANSACTION")
            do {
                let value = try body()
                try connection.execute("COMMIT")
                return value
            } catch {
                if connection.isConnected { try? connection.execute("ROLLBACK") }
                throw error
            }
        }
    }

    /// A read: lock waits and deadlocks retried; repeated once on a new connection when the old one broke.
    func read<T>(_ body: () throws -> T) throws -> T { try retry.read(body) }

    /// A write: deadlocks and lock-wait timeouts retried; after a lost connection it is repeated only when
    /// `retryUnknown` (the statement is safe to run twice), else reported as `.connectionLost`.
    private func write<T>(retryUnknown: Bool, onRetry: () -> Void = {}, _ body: () throws -> T) throws -> T {
        try retry.write(retryUnknown: retryUnknown, onRetry: onRetry, body)
    }

    private func mapped(_ failure: MariaDBFailure) -> StoreError {
        MariaDBDatabase.storeError(failure, table: schema.table, location: location)
    }

    // MARK: Values

    /// The key as a parameter; keys typed by the user arrive as text and are checked against the key's type.
    private func keyParam(_ key: Value) throws -> MariaDBParam {
        if case .text(let text) = key, let column = keyColumn,
            column.kind == .integer || column.kind == .real || column.kind == .numeric || column.kind == .boolean
        {
            do {
                return try MariaDBTypes.encode(try ValueParser.parse(text, for: column), column: column.name)
            } catch let error as ValueParseError {
                throw StoreError.unsupported(error.message)
            }
        }
        return try MariaDBTypes.encode(key, column: schema.keyColumn)
    }

    private func keyText(_ key: MariaDBParam) -> String {
        switch key {
        case .null: return ""
        case .int(let i): return String(i)
        case .double(let d): return String(d)
        case .text(let s): return s
        case .bytes(let b), .blob(let b): return String(decoding: b, as: UTF8.self)
        }
    }

    private func canonicalStamp(_ text: String) -> String? {
        Stamp.microseconds(from: text).map { Stamp.text(microseconds: $0) }
    }

    private func record(from row: [MariaDBCell]) -> Record {
        var fields: [String: Value] = [:]
        for (i, column) in dataColumns.enumerated() { fields[column.name] = MariaDBTypes.decode(row[i], kind: column.kind) }
        let n = dataColumns.count
        return Record(
            key: fields[schema.keyColumn] ?? .null, fields: fields, updatedAt: row[n].string ?? "",
            edit: editInfo(Array(row[(n + 1)...(n + 5)])))
    }

    private func editInfo(_ r: [MariaDBCell]) -> EditInfo {
        EditInfo(
            state: r[0].string.flatMap(EditState.init(rawValue:)) ?? .idle, owner: r[1].string, leaseUntil: r[2].string,
            token: r[3].string.flatMap { Int64($0) } ?? 0, since: r[4].string)
    }

    private func decodeFields(_ text: String?) -> [String: Value] {
        guard let text, case .object(let pairs) = try? JSON.parse(text) else { return [:] }
        var fields: [String: Value] = [:]
        for (name, json) in pairs { fields[name] = MariaDBTypes.decode(json: json, kind: kinds[name] ?? .any) }
        return fields
    }
}

/// The change feed without LISTEN/NOTIFY: `check()` runs on the editor's timer and reads, at most every 0.5 s,
/// the open row's stamp and edit state by primary key (a deleted row reads as nothing). It sees writes by any
/// client. `fileDescriptor` is nil: there is nothing to poll.
final class MariaDBChangeFeed: ChangeFeed {
    private let store: MariaDBRecordStore
    private let key: MariaDBParam?
    private var last: [MariaDBCell]?
    private var lastRead: Double = 0
    /// The open row is read at most twice a second; the change counter (cheap) five times (`recedit watch`).
    static let minimumInterval = 0.5
    static let counterInterval = 0.2

    /// Reads the first snapshot at once: a write after the feed is made (the editor has just loaded the row) is a change.
    init(store: MariaDBRecordStore, key: MariaDBParam?) {
        self.store = store
        self.key = key
        last = try? store.feedSnapshot(key)
        lastRead = MariaDBChangeFeed.monotonicSeconds()
    }

    var fileDescriptor: Int32? { nil }

    func check() throws -> Bool {
        let now = MariaDBChangeFeed.monotonicSeconds()
        if now - lastRead < (key == nil ? MariaDBChangeFeed.counterInterval : MariaDBChangeFeed.minimumInterval) - 0.02 { return false }
        lastRead = now
        let snapshot = try store.feedSnapshot(key)
        defer { last = snapshot }
        guard let last else { return false }
        return last != snapshot
    }

    static func monotonicSeconds() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_MONOTONIC, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
    }
}
