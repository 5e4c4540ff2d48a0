import RecEditCore

/// A PostgreSQL database, through libpq: schema setup and opening tables.
///
/// What recedit puts in the database (idempotent, by `initialize` and `adopt`): the columns `edit_state`,
/// `edit_owner`, `edit_lease_until` (timestamptz), `edit_token`, `edit_since` (timestamptz) and `updated_at`
/// (timestamptz; an existing `timestamp`/`timestamptz` column of microsecond precision is reused; any other
/// existing column under recedit's names is refused unless an earlier adopt made it), the shared table `recedit_history`
/// (in the table's schema), and per table two PL/pgSQL trigger functions `recedit_<hash>_before/_after`
/// with the triggers `zz_recedit_before` (BEFORE INSERT OR UPDATE: gives every data-changing write, by any
/// writer, an `updated_at` strictly greater than the one it replaced, even within one transaction; leaves
/// edit-state-only changes alone) and `zz_recedit_after` (AFTER INSERT OR UPDATE OR DELETE: records the
/// replaced or deleted row in `recedit_history`, with `replaced_by` from `recedit.writer`, and NOTIFYs
/// `recedit_<table>` with the row's key).
///
/// Values: int2/int4/int8 → `.integer`; float4/float8 → `.real`; numeric → `.integer` when its text has no fraction,
/// else `.real`; bool → `.integer(1)`/`.integer(0)` (written back from 0/1, true/false, t/f); bytea → `.blob`;
/// text, varchar and every other type → `.text` in PostgreSQL's text form (written back through the same
/// text form, so dates, JSON, enums and arrays round-trip). Stamps are UTC text `YYYY-MM-DD HH:MM:SS.ffffff`.
///
/// The database and the stores opened from it share one connection (each change feed has its own, for LISTEN).
/// Calls from several threads are serialized on it; for parallel work open one `PostgresDatabase` per thread.
public final class PostgresDatabase: RecordDatabase {
    let conninfo: String
    let options: StoreOptions
    let connection: PGConnection

    /// The conninfo with any password masked.
    public var location: String { connection.location }

    /// Connects at once; throws `StoreError.cannotOpen` (password-free) when the server cannot be reached.
    public init(conninfo: String, options: StoreOptions) throws {
        self.conninfo = conninfo
        self.options = options
        connection = try PGConnection(conninfo: conninfo, options: options)
    }

    // MARK: RecordDatabase

    public func initialize(demo: Bool, names: ReceditColumnNames) throws -> Int {
        try run {
            try transaction(connection) {
                try connection.query(PostgresSQL.setupLock)
                try connection.query("SET LOCAL statement_timeout = 0")  // adding columns rewrites big tables
                let table = DemoData.table
                let created = try resolve(table, on: connection) == nil
                if created {
                    var columns = DemoData.columns.map(PGTypes.demo.definition)
                    columns += PostgresDatabase.receditColumnDefinitions(names).map { "\(quoteIdentifier($0.0)) \($0.1)" }
                    try connection.query("CREATE TABLE \(quoteIdentifier(table)) (\n    " + columns.joined(separator: ",\n    ") + "\n)")
                }
                let (pg, schema) = try adoptInTransaction(table: table, key: "id", names: names, created: created)
                guard demo else { return 0 }
                // Locked against concurrent `init --demo`: count and fill in one step.
                try connection.query("LOCK TABLE \(pg.qualified) IN SHARE ROW EXCLUSIVE MODE")
                let count = try connection.query("SELECT count(*) FROM \(pg.qualified)").first?[0].flatMap { Int($0) } ?? 0
                guard count == 0 else { return 0 }
                let columns = DemoData.columns.dropFirst().map(\.name).filter { schema.column(named: $0) != nil }
                for row in DemoData.rows {
                    var insert = SQLBuilder<String?>(
                        .numbered, "INSERT INTO \(pg.qualified) (" + columns.map(quoteIdentifier).joined(separator: ", ") + ") VALUES (")
                    insert.append(list: columns.map { PGTypes.encode(row[$0] ?? .null) })
                    insert.append(")")
                    try connection.query(insert.sql, insert.arguments)
                }
                return DemoData.rows.count
            }
        }
    }

    public func adopt(table: String, key: String?, names: ReceditColumnNames) throws -> String {
        try run {
            try transaction(connection) {
                try connection.query(PostgresSQL.setupLock)
                try connection.query("SET LOCAL statement_timeout = 0")  // adding columns rewrites big tables
                return try adoptInTransaction(table: table, key: key, names: names).1.keyColumn
            }
        }
    }

    public func openTable(_ table: String, key: String?, names: ReceditColumnNames) throws -> RecordStore {
        try openTable(table, key: key, names: names, upgrading: true)
    }

    public func receditTables() throws -> [String] {
        // Tables on the search path carrying recedit's BEFORE trigger, named as --table takes them.
        try run(readOnly: true) {
            try connection.query(
                """
                SELECT DISTINCT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
                WHERE t.tgname = $1 AND NOT t.tgisinternal AND pg_table_is_visible(c.oid) ORDER BY c.relname
                """, [PostgresSQL.beforeTrigger]
            ).rows.compactMap { $0[0] }
        }
    }

    private func openTable(_ table: String, key: String?, names: ReceditColumnNames, upgrading: Bool) throws -> RecordStore {
        let opened = try run(readOnly: true) { () throws -> (PGTable, Schema)? in
            guard let pg = try resolve(table, on: connection) else { throw try missingTable(table) }
            let (info, schema) = try readSchema(pg, table: table, key: key, names: names, on: connection)
            if upgrading, try needsUpgrade(info, schema: schema) { return nil }
            var missing = names.all.filter { schema.column(named: $0) == nil }
            let triggers = try connection.query(
                """
                SELECT tgname FROM pg_trigger WHERE tgrelid = $1::oid AND NOT tgisinternal
                """, [info.oid]
            ).rows.compactMap { $0[0] }
            for trigger in [PostgresSQL.beforeTrigger, PostgresSQL.afterTrigger] where !triggers.contains(trigger) {
                missing.append("trigger " + trigger)
            }
            let history = try connection.query("SELECT to_regclass($1)", [info.history]).first?[0] ?? nil
            if history == nil { missing.append("table recedit_history") }
            let changes = try connection.query("SELECT to_regclass($1)", [info.changes]).first?[0] ?? nil
            if changes == nil { missing.append("table recedit_changes") }
            guard missing.isEmpty else { throw StoreError.notAdopted(table: table, missing: missing) }
            return (info, schema)
        }
        guard let (pg, schema) = opened else {
            // Set up by an older recedit (no claim start, no `locked` state): bring it up to date once.
            _ = try adopt(table: table, key: key, names: names)
            return try openTable(table, key: key, names: names, upgrading: false)
        }
        return PostgresRecordStore(connection: connection, table: pg, schema: schema, conninfo: conninfo, options: options)
    }

    // MARK: Setup

    static func receditColumnDefinitions(_ names: ReceditColumnNames) -> [(String, String)] {
        [
            (names.state, "text NOT NULL DEFAULT 'idle' CHECK (\(quoteIdentifier(names.state)) IN ('idle','editing','locked'))"),
            (names.owner, "text"),
            (names.leaseUntil, "timestamptz"),
            (names.token, "bigint NOT NULL DEFAULT 0"),
            (names.updatedAt, "timestamptz NOT NULL DEFAULT clock_timestamp()"),
            (names.since, "timestamptz"),
        ]
    }

    /// CHECK constraints on the state column that an older recedit wrote (they know no `locked`).
    private func oldStateChecks(_ pg: PGTable, names: ReceditColumnNames) throws -> [String] {
        try connection.query(
            """
            SELECT c.conname FROM pg_constraint c JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
            WHERE c.conrelid = $1::oid AND c.contype = 'c' AND cardinality(c.conkey) = 1 AND a.attname = $2
              AND pg_get_constraintdef(c.oid) LIKE '%''editing''%' AND pg_get_constraintdef(c.oid) NOT LIKE '%''locked''%'
            """, [pg.oid, names.state]
        ).rows.compactMap { $0[0] }
    }

    /// The source of the table's recedit BEFORE trigger function, when an earlier adopt installed one.
    private func beforeFunctionSource(_ pg: PGTable) throws -> String? {
        try connection.query(
            """
            SELECT p.prosrc FROM pg_trigger tg JOIN pg_proc p ON p.oid = tg.tgfoid
            WHERE tg.tgrelid = $1::oid AND tg.tgname = $2 AND NOT tg.tgisinternal
            """, [pg.oid, PostgresSQL.beforeTrigger]
        ).first?[0] ?? nil
    }

    /// An older recedit's table: adopted, but without the claim-start column or with a CHECK that lacks `locked`.
    private func needsUpgrade(_ pg: PGTable, schema: Schema) throws -> Bool {
        let names = schema.recedit
        let old = [names.state, names.owner, names.leaseUntil, names.token, names.updatedAt]
        guard old.allSatisfy({ schema.column(named: $0) != nil }), try beforeFunctionSource(pg) != nil else { return false }
        if schema.column(named: names.since) == nil { return true }
        // Adopted before the change log: no recedit_changes, or an AFTER function that does not write it.
        if (try connection.query("SELECT to_regclass($1)", [pg.changes]).first?[0] ?? nil) == nil { return true }
        let after =
            try connection.query(
                """
                SELECT p.prosrc FROM pg_trigger tg JOIN pg_proc p ON p.oid = tg.tgfoid
                WHERE tg.tgrelid = $1::oid AND tg.tgname = $2 AND NOT tg.tgisinternal
                """, [pg.oid, PostgresSQL.afterTrigger]
            ).first?[0] ?? nil
        if let after, !after.contains("recedit_changes") { return true }
        return try !oldStateChecks(pg, names: names).isEmpty
    }

    /// - Parameter created: the table was just created by `initialize` with recedit's columns.
    private func adoptInTransaction(table: String, key: String?, names: ReceditColumnNames, created: Bool = false) throws -> (PGTable, Schema) {
        guard var pg = try resolve(table, on: connection) else { throw try missingTable(table) }
        var (_, schema) = try readSchema(pg, table: table, key: key, names: names, on: connection)
        let t = pg.qualified
        let ts = quoteIdentifier(names.updatedAt)
        if !created {
            // Columns under recedit's names that hold the user's data: taking them over would destroy it.
            // Recedit's own, from an earlier adopt, are the ones its trigger function leaves out of history.
            let ours = try beforeFunctionSource(pg).map(PostgresSQL.excludedColumns(inBeforeFunction:)) ?? []
            let clashes = names.editStateRoles.filter { schema.column(named: $0.column) != nil && !ours.contains($0.column) }
            if !clashes.isEmpty {
                throw StoreError.columnsInUse(table: table, columns: clashes.map(\.column), roles: clashes.map(\.role))
            }
        }
        for check in try oldStateChecks(pg, names: names) {
            try connection.query("ALTER TABLE \(t) DROP CONSTRAINT \(quoteIdentifier(check))")
            try connection.query(
                "ALTER TABLE \(t) ADD CONSTRAINT \(quoteIdentifier(check)) CHECK (\(quoteIdentifier(names.state)) IN ('idle','editing','locked'))")
        }
        if let stamp = schema.column(named: names.updatedAt) {
            // An existing updated_at is reused when it is a timestamp with microseconds.
            let rows = try connection.query(
                """
                SELECT t.typname, a.atttypmod FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid
                WHERE a.attrelid = $1::oid AND a.attname = $2
                """, [pg.oid, stamp.name])
            let type = rows.first?[0] ?? ""
            let typmod = rows.first?[1].flatMap { Int($0) } ?? -1
            guard type == "timestamptz" || type == "timestamp" else {
                throw StoreError.unsupported(
                    "column '\(stamp.name)' of table '\(table)' is \(stamp.declaredType); recedit needs timestamptz or timestamp (or name another column for updated_at)"
                )
            }
            guard typmod < 0 || typmod >= 6 else {
                throw StoreError.unsupported(
                    "column '\(stamp.name)' of table '\(table)' is \(stamp.declaredType); recedit needs microsecond precision (timestamptz(6))")
            }
            try connection.query("UPDATE \(t) SET \(ts) = \(PostgresSQL.now(timeZone: type == "timestamptz")) WHERE \(ts) IS NULL")
        }
        for (name, definition) in PostgresDatabase.receditColumnDefinitions(names) where schema.column(named: name) == nil {
            try connection.query("ALTER TABLE \(t) ADD COLUMN \(quoteIdentifier(name)) \(definition)")
        }
        (pg, schema) = try readSchema(pg, table: table, key: key, names: names, on: connection)
        try connection.simple(PostgresSQL.historyTable(schema: pg.schemaName))
        try connection.simple(PostgresSQL.changesTable(schema: pg.schemaName))
        try connection.simple(PostgresSQL.triggers(table: pg, schema: schema))
        return (pg, schema)
    }

    // MARK: Errors

    /// The error for a table that is not there; names a table whose name differs only in letter case (a quoted
    /// mixed-case name is reached only by its exact spelling).
    func missingTable(_ name: String) throws -> StoreError {
        let similar =
            try connection.query(
                """
                SELECT c.relname FROM pg_class c
                WHERE lower(c.relname) = lower($1) AND c.relkind IN ('r', 'p') AND pg_table_is_visible(c.oid) ORDER BY 1 LIMIT 1
                """, [name]
            ).first?[0] ?? nil
        guard let similar else { return .tableMissing(table: name, location: location) }
        return .unsupported("table '\(name)' does not exist in \(location); PostgreSQL table names are case-sensitive: did you mean --table '\(similar)'?")
    }

    /// Runs `body`, turning libpq failures into `StoreError`s.
    /// `readOnly` work is repeated once on a new connection when the old one broke; schema changes are not
    /// (they ran in a transaction: re-running `init`/`adopt` is safe, and left to the caller).
    func run<T>(readOnly: Bool = false, _ body: () throws -> T) throws -> T {
        var reconnected = false
        while true {
            do {
                return try body()
            } catch let failure as PGFailure {
                if failure.connectionBroken {
                    do {
                        try connection.reconnect()
                    } catch let lost as PGFailure {
                        throw PostgresDatabase.storeError(lost, table: nil, location: location)
                    }
                    if readOnly && !reconnected { reconnected = true; continue }
                }
                throw PostgresDatabase.storeError(failure, table: nil, location: location)
            }
        }
    }

    static func storeError(_ failure: PGFailure, table: String?, location: String) -> StoreError {
        guard let state = failure.sqlstate, !failure.connectionBroken else {
            return .connectionLost(message: failure.message)
        }
        let message = failure.message + (failure.detail.map { " (\($0))" } ?? "")
        switch state {
        case "40001", "40P01": return .serialization(message: message)
        case "55P03", "57014": return .timeout(message: message)
        case "42P01": return .tableMissing(table: table ?? "?", location: location)
        case "57P01", "57P02", "57P03": return .connectionLost(message: message)
        default:
            if state.hasPrefix("23") { return .constraint(message: message) }
            if state.hasPrefix("08") { return .connectionLost(message: message) }
            return .database(code: state, message: failure.message, detail: failure.detail)
        }
    }
}

// MARK: Catalog reading (shared with the store)

/// Runs `body` in a transaction on `connection`; rolls back when it throws.
func transaction<T>(_ connection: PGConnection, _ body: () throws -> T) throws -> T {
    try connection.locked {
        try connection.query("BEGIN")
        do {
            let value = try body()
            try connection.query("COMMIT")
            return value
        } catch {
            if connection.isConnected { _ = try? connection.query("ROLLBACK") }
            throw error
        }
    }
}

/// The table `name` resolves to through the search path, or nil: the table of exactly that name, else the one
/// the name means unquoted in SQL (PostgreSQL folds ASCII capitals: `RECORDS` is `records`).
func resolve(_ name: String, on connection: PGConnection) throws -> PGTable? {
    let folded = String(String.UnicodeScalarView(name.unicodeScalars.map { ("A"..."Z").contains($0) ? Unicode.Scalar($0.value + 32)! : $0 }))
    let rows = try connection.query(
        """
        SELECT c.oid::text, n.nspname, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE c.oid = coalesce(to_regclass(quote_ident($1)), to_regclass(quote_ident($2))) AND c.relkind IN ('r', 'p')
        """, [name, folded])
    guard let row = rows.first, let oid = row[0], let schema = row[1], let rel = row[2] else { return nil }
    return PGTable(schemaName: schema, relname: rel, oid: oid, typeNames: [:], stampHasTimeZone: true, leaseHasTimeZone: true)
}

func readSchema(
    _ table: PGTable, table name: String, key: String?, names: ReceditColumnNames,
    on connection: PGConnection
) throws -> (PGTable, Schema) {
    let rows = try connection.query(
        """
        SELECT a.attname, format_type(a.atttypid, a.atttypmod),
               CASE WHEN t.typtype = 'd' THEN bt.typname ELSE t.typname END,
               a.attnotnull,
               CASE WHEN a.attgenerated = '' THEN pg_get_expr(d.adbin, d.adrelid) END,
               a.attgenerated <> '' OR a.attidentity = 'a',
               CASE WHEN t.typtype = 'd' THEN bt.typtype ELSE t.typtype END = 'e',
               CASE WHEN t.typtype = 'd' THEN t.typtypmod ELSE a.atttypmod END
        FROM pg_attribute a
        JOIN pg_type t ON t.oid = a.atttypid
        LEFT JOIN pg_type bt ON bt.oid = t.typbasetype
        LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
        WHERE a.attrelid = $1::oid AND a.attnum > 0 AND NOT a.attisdropped
        ORDER BY a.attnum
        """, [table.oid]
    ).rows
    let primary = try connection.query(
        """
        SELECT a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey)
        WHERE i.indrelid = $1::oid AND i.indisprimary
        """, [table.oid]
    ).rows.compactMap { $0[0] }
    let keyColumn: String
    if let key {
        guard rows.contains(where: { $0[0] == key }) else { throw StoreError.unknownColumn(table: name, column: key) }
        // WHERE key = $1 must name one row: a primary key or a (non-partial) unique index on that column alone.
        let unique = try connection.query(
            """
            SELECT EXISTS (SELECT 1 FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0]
                           WHERE i.indrelid = $1::oid AND i.indisunique AND i.indnkeyatts = 1 AND i.indpred IS NULL
                             AND a.attname = $2)
            """, [table.oid, key]
        ).first?[0]
        guard unique == "t" else {
            throw StoreError.unsupported(
                "column '\(key)' of table '\(name)' is not unique; recedit needs a key that names one row (a PRIMARY KEY or UNIQUE column)")
        }
        keyColumn = key
    } else {
        guard primary.count == 1 else { throw StoreError.noSingleColumnKey(table: name) }
        keyColumn = primary[0]
    }
    let constraints = try readColumnConstraints(table, on: connection)
    var info = table
    var columns: [Column] = []
    for row in rows {
        let column = row[0] ?? "", declared = row[1] ?? "", type = row[2] ?? "text", isEnum = row[6] == "t"
        let typmod = row[7].flatMap { Int($0) } ?? -1
        info.typeNames[column] = type
        columns.append(
            Column(
                name: column, declaredType: declared, kind: PGTypes.kind(type),
                notNull: row[3] == "t", isKey: column == keyColumn,
                typeClass: PGTypes.typeClass(type, isEnum: isEnum), defaultExpression: row[4],
                isGenerated: row[5] == "t", allowedValues: constraints.allowedValues[column],
                references: constraints.references[column],
                maxLength: (type == "varchar" || type == "bpchar") && typmod > 4 ? typmod - 4 : nil))
    }
    info.stampHasTimeZone = info.typeNames[names.updatedAt] != "timestamp"
    info.leaseHasTimeZone = info.typeNames[names.leaseUntil] != "timestamp"
    return (info, Schema(table: table.relname, keyColumn: keyColumn, columns: columns, recedit: names))
}

/// The values an enum type or a `CHECK (column IN (...))` allows each column, and the single-column foreign keys.
private func readColumnConstraints(_ table: PGTable, on connection: PGConnection)
    throws -> (allowedValues: [String: [String]], references: [String: ColumnReference])
{
    var allowed: [String: [String]] = [:]
    let labels = try connection.query(
        """
        SELECT a.attname, e.enumlabel FROM pg_attribute a
        JOIN pg_type t ON t.oid = a.atttypid
        JOIN pg_enum e ON e.enumtypid = CASE WHEN t.typtype = 'd' THEN t.typbasetype ELSE t.oid END
        WHERE a.attrelid = $1::oid AND a.attnum > 0 AND NOT a.attisdropped
        ORDER BY a.attnum, e.enumsortorder
        """, [table.oid]
    ).rows
    for row in labels {
        guard let column = row[0], let label = row[1] else { continue }
        allowed[column, default: []].append(label)
    }
    let checks = try connection.query(
        """
        SELECT a.attname, pg_get_constraintdef(c.oid) FROM pg_constraint c
        JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
        WHERE c.conrelid = $1::oid AND c.contype = 'c' AND cardinality(c.conkey) = 1
        ORDER BY c.conname
        """, [table.oid]
    ).rows
    for row in checks {
        guard let column = row[0], let definition = row[1],
            let values = CheckConstraintValues.values(column: column, check: definition, dialect: .postgres)
        else { continue }
        allowed[column] = allowed[column].map { kept in kept.filter(values.contains) } ?? values
    }
    var references: [String: ColumnReference] = [:]
    let keys = try connection.query(
        """
        SELECT a.attname, rc.relname, ra.attname FROM pg_constraint c
        JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
        JOIN pg_class rc ON rc.oid = c.confrelid
        JOIN pg_attribute ra ON ra.attrelid = c.confrelid AND ra.attnum = c.confkey[1]
        WHERE c.conrelid = $1::oid AND c.contype = 'f' AND cardinality(c.conkey) = 1
        ORDER BY c.conname
        """, [table.oid]
    ).rows
    for row in keys {
        guard let column = row[0], let target = row[1], let targetColumn = row[2] else { continue }
        references[column] = ColumnReference(table: target, column: targetColumn)
    }
    return (allowed, references)
}
