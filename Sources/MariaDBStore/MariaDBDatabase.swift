import Glibc
import RecEditCore

/// A MariaDB (or MySQL) database, through Connector/C: schema setup and opening tables.
///
/// What recedit puts in the database (by `initialize` and `adopt`, idempotently): the columns `edit_state`,
/// `edit_owner`, `edit_lease_until` (DATETIME(6), UTC), `edit_token`, `edit_since` (DATETIME(6), UTC) and
/// `updated_at` (DATETIME(6), UTC; an existing DATETIME(6) column is reused), each with the comment `recedit`;
/// the shared tables `recedit_history`, `recedit_changes` and `recedit_change_counter` (the change log, see
/// `MariaDBSQL.changeStatements`); and five triggers per table, `recedit_<hash>_bi/_bu/_au/_ad/_ai`:
/// BEFORE INSERT fills a missing stamp, BEFORE UPDATE gives every data-changing write, by any writer, a stamp
/// `GREATEST(UTC_TIMESTAMP(6), OLD.updated_at + INTERVAL 1 MICROSECOND)` (edit-state-only changes keep theirs),
/// AFTER UPDATE and AFTER DELETE write the replaced or deleted version (JSON of every data column) to
/// `recedit_history`, with `replaced_by` from the session variable `@recedit_writer` (set by recedit's saves);
/// AFTER INSERT, UPDATE and DELETE append to the change log (claims and releases too; heartbeats not).
///
/// The database and the stores opened from it share one connection; calls from several threads are serialized
/// on it. For parallel work open one `MariaDBDatabase` per thread.
public final class MariaDBDatabase: RecordDatabase {
    let options: StoreOptions
    let connection: MariaDBConnection

    /// The URL with any password masked.
    public var location: String { connection.location }

    /// Connects at once; throws `StoreError.cannotOpen` (password-free) when the server cannot be reached.
    public init(url text: String, options: StoreOptions) throws {
        self.options = options
        let url: MariaDBURL
        do {
            url = try MariaDBURL.parse(text)
        } catch let error as MariaDBURL.ParseError {
            let why: String
            switch error {
            case .notAURL: why = "not a mysql:// or mariadb:// URL"
            case .badPort: why = "the port is not a number from 1 to 65535"
            case .badEncoding: why = "a bad %-escape (or bytes that are not UTF-8)"
            case .unknownParameter(let name): why = "unknown parameter '\(name)' (known: socket)"
            }
            throw StoreError.cannotOpen(
                location: MariaDBURL.redacted(text),
                reason: why + "; the form is mysql://user:password@host:port/database or mysql://user@localhost/database?socket=/path")
        }
        guard url.database != nil else {
            throw StoreError.cannotOpen(
                location: MariaDBURL.redacted(text), reason: "the URL names no database; add it as the path (mysql://user@host/DATABASE)")
        }
        do {
            connection = try MariaDBConnection(url: url, options: options)
        } catch let failure as MariaDBFailure {
            throw StoreError.cannotOpen(location: MariaDBURL.redacted(text), reason: failure.message)
        }
    }

    // MARK: RecordDatabase

    public func initialize(demo: Bool, names: ReceditColumnNames) throws -> Int {
        try run {
            try setupLocked {
                let table = DemoData.table
                let created = try tableExists(table) == false
                if created {
                    var columns = DemoData.columns.map(MariaDBTypes.demo.definition)
                    columns += MariaDBSQL.columnDefinitions(names).map { MariaDBQuote.identifier($0.0) + " " + $0.1 }
                    try connection.execute(
                        "CREATE TABLE IF NOT EXISTS \(MariaDBQuote.identifier(table)) (\n    "
                            + columns.joined(separator: ",\n    ") + "\n) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin")
                }
                let (info, schema) = try adoptLocked(table: table, key: "id", names: names, created: created)
                guard demo else { return 0 }
                let count = try connection.query("SELECT COUNT(*) FROM \(info.quoted)").first?[0].string.flatMap { Int($0) } ?? 0
                guard count == 0 else { return 0 }
                let columns = DemoData.columns.dropFirst().map(\.name).filter { schema.column(named: $0) != nil }
                try connection.execute("START TRANSACTION")
                do {
                    for row in DemoData.rows {
                        var insert = SQLBuilder<MariaDBParam>(
                            .positional,
                            "INSERT INTO \(info.quoted) (" + columns.map(MariaDBQuote.identifier).joined(separator: ", ") + ") VALUES (")
                        insert.append(list: try columns.map { try MariaDBTypes.encode(row[$0] ?? .null, column: $0) })
                        insert.append(")")
                        try connection.query(insert.sql, insert.arguments)
                    }
                    try connection.execute("COMMIT")
                } catch {
                    if connection.isConnected { try? connection.execute("ROLLBACK") }
                    throw error
                }
                return DemoData.rows.count
            }
        }
    }

    public func adopt(table: String, key: String?, names: ReceditColumnNames) throws -> String {
        try run { try setupLocked { try adoptLocked(table: table, key: key, names: names).1.keyColumn } }
    }

    public func openTable(_ table: String, key: String?, names: ReceditColumnNames) throws -> RecordStore {
        try openTable(table, key: key, names: names, upgrading: true)
    }

    private func openTable(_ table: String, key: String?, names: ReceditColumnNames, upgrading: Bool) throws -> RecordStore {
        let opened = try run(readOnly: true) { () throws -> (MariaDBTable, Schema)? in
            guard try tableExists(table) else { throw try missingTable(table) }
            let (info, schema) = try readSchema(table, key: key, names: names)
            var missing = names.all.filter { schema.column(named: $0) == nil }
            let triggers = try connection.query(
                """
                SELECT TRIGGER_NAME, ACTION_STATEMENT FROM information_schema.TRIGGERS
                WHERE TRIGGER_SCHEMA = DATABASE() AND EVENT_OBJECT_TABLE = ?
                """, [.text(table)]
            ).rows
            let found = Dictionary(triggers.map { ($0[0].string ?? "", $0[1].string ?? "") }, uniquingKeysWith: { a, _ in a })
            let triggerNames = MariaDBSQL.triggerNames(table: table)
            // The first four triggers mean adopted; the after-insert one and the change log came later (below).
            for trigger in triggerNames.prefix(4) where found[trigger] == nil {
                missing.append("trigger " + trigger)
            }
            if try !tableExists("recedit_history") { missing.append("table recedit_history") }
            guard missing.isEmpty else { throw StoreError.notAdopted(table: table, missing: missing) }
            // Columns added to the table since the triggers were written, or a table set up before the change log:
            // write the triggers again (history keeps every column) and create the log.
            if upgrading {
                if let before = found[triggerNames[1]], !before.contains(MariaDBSQL.signature(schema)) { return nil }
                if found[triggerNames[4]] == nil { return nil }
                if try !tableExists("recedit_changes") || !tableExists("recedit_change_counter") { return nil }
                if try connection.query("SELECT 1 FROM recedit_change_counter WHERE id = 1").first == nil { return nil }
            }
            return (info, schema)
        }
        guard let (info, schema) = opened else {
            _ = try adopt(table: table, key: key, names: names)
            return try openTable(table, key: key, names: names, upgrading: false)
        }
        let store = MariaDBRecordStore(connection: connection, table: info, schema: schema, options: options)
        store.readSchema = { try self.readSchema($0, key: $1, names: names) }
        return store
    }

    // MARK: Setup

    /// Runs `body` holding the server-wide named lock for recedit's schema changes (DDL commits on its own in
    /// MariaDB, so setup is not one transaction; every step is idempotent instead).
    private func setupLocked<T>(_ body: () throws -> T) throws -> T {
        try connection.locked {
            let got = try connection.query("SELECT GET_LOCK(?, 60)", [.text(MariaDBSQL.setupLockName)]).first?[0].string
            guard got == "1" else { throw StoreError.timeout(message: "another recedit held the setup lock for 60 s") }
            // Adding columns rebuilds big tables: no statement time limit, and a minute to get the table's
            // metadata lock; the session's own limits come back afterwards.
            try connection.execute(
                "SET @recedit_mst = @@max_statement_time, @recedit_lwt = @@lock_wait_timeout, max_statement_time = 0, lock_wait_timeout = GREATEST(@@lock_wait_timeout, 60)"
            )
            defer {
                _ = try? connection.execute("SET max_statement_time = @recedit_mst, lock_wait_timeout = @recedit_lwt")
                _ = try? connection.query("SELECT RELEASE_LOCK(?)", [.text(MariaDBSQL.setupLockName)])
            }
            return try body()
        }
    }

    private func tableExists(_ name: String) throws -> Bool {
        try connection.query(
            """
            SELECT 1 FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? AND TABLE_TYPE = 'BASE TABLE'
            """, [.text(name)]
        ).first != nil
    }

    /// - Parameter created: the table was just created by `initialize` with recedit's columns.
    private func adoptLocked(table: String, key: String?, names: ReceditColumnNames, created: Bool = false) throws -> (MariaDBTable, Schema) {
        guard try tableExists(table) else { throw try missingTable(table) }
        var (info, schema) = try readSchema(table, key: key, names: names)
        let t = info.quoted
        let ts = MariaDBQuote.identifier(names.updatedAt)
        if !created {
            // Columns under recedit's names that hold the user's data: taking them over would destroy them.
            // recedit's own, from an earlier adopt, carry the comment 'recedit'.
            let comments = try connection.query(
                """
                SELECT COLUMN_NAME, COLUMN_COMMENT FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?
                """, [.text(table)]
            ).rows
            let ours = Set(comments.filter { $0[1].string == MariaDBSQL.columnComment }.compactMap { $0[0].string })
            let clashes = names.editStateRoles.filter { schema.column(named: $0.column) != nil && !ours.contains($0.column) }
            if !clashes.isEmpty {
                throw StoreError.columnsInUse(table: table, columns: clashes.map(\.column), roles: clashes.map(\.role))
            }
        }
        if let stamp = schema.column(named: names.updatedAt) {
            // An existing updated_at is reused when it is a DATETIME with microseconds.
            let row = try connection.query(
                """
                SELECT DATA_TYPE, DATETIME_PRECISION FROM information_schema.COLUMNS
                WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? AND COLUMN_NAME = ?
                """, [.text(table), .text(stamp.name)]
            ).first
            let type = row?[0].string ?? ""
            let precision = row?[1].string.flatMap { Int($0) } ?? 0
            let alter = "ALTER TABLE \(t) MODIFY \(MariaDBQuote.identifier(stamp.name)) DATETIME(6) NOT NULL"
            if type == "timestamp" {
                throw StoreError.unsupported(
                    "column '\(stamp.name)' of table '\(table)' is TIMESTAMP, which MariaDB converts through each session's time zone and which ends in 2038; recedit needs DATETIME(6) in UTC. Convert it first (with every writer's time zone in mind, e.g. \(alter)), or name another column for updated_at in the config"
                )
            }
            guard type == "datetime" else {
                throw StoreError.unsupported(
                    "column '\(stamp.name)' of table '\(table)' is \(stamp.declaredType); recedit needs DATETIME(6) (or name another column for updated_at in the config)"
                )
            }
            guard precision >= 6 else {
                throw StoreError.unsupported(
                    "column '\(stamp.name)' of table '\(table)' is \(stamp.declaredType); recedit needs microsecond precision: \(alter)")
            }
        }
        try checkTriggerPrivilege(info, table: table)
        let additions = MariaDBSQL.columnDefinitions(names).filter { schema.column(named: $0.0) == nil }
        if !additions.isEmpty {
            try connection.execute("ALTER TABLE \(t) " + additions.map { "ADD COLUMN \(MariaDBQuote.identifier($0.0)) \($0.1)" }.joined(separator: ", "))
        }
        if schema.column(named: names.updatedAt) != nil {
            try connection.query("UPDATE \(t) SET \(ts) = \(MariaDBSQL.now) WHERE \(ts) IS NULL")
        }
        (info, schema) = try readSchema(table, key: key, names: names)
        try connection.execute(MariaDBSQL.historyTable)
        for sql in MariaDBSQL.changeStatements { try connection.execute(sql) }
        let statements = MariaDBSQL.triggers(table: info, schema: schema)
        for (name, sql) in zip(MariaDBSQL.triggerNames(table: table), statements) {
            try connection.execute("DROP TRIGGER IF EXISTS \(MariaDBQuote.identifier(name))")
            try connection.execute(sql)
        }
        return (info, schema)
    }

    /// Refuses, before anything is changed, a user who may not create triggers or a server whose binary log
    /// refuses them: a probe trigger is created and dropped.
    private func checkTriggerPrivilege(_ info: MariaDBTable, table: String) throws {
        let probe = MariaDBQuote.identifier("recedit_probe_" + MariaDBSQL.hash(table))
        do {
            try connection.execute("DROP TRIGGER IF EXISTS \(probe)")
            try connection.execute("CREATE TRIGGER \(probe) BEFORE DELETE ON \(info.quoted) FOR EACH ROW SET @recedit_probe = 1")
            try connection.execute("DROP TRIGGER \(probe)")
        } catch let failure as MariaDBFailure {
            let user = connection.url.user ?? "the user"
            switch failure.code {
            case 1142, 1044, 1227:
                throw StoreError.unsupported(
                    "recedit needs the TRIGGER privilege on table '\(table)' to keep its stamps and history; nothing changed. Ask an administrator: GRANT TRIGGER ON `\(connection.url.database ?? "db")`.* TO '\(user)'@'%' (the server said: \(failure.message))"
                )
            case 1419:
                throw StoreError.unsupported(
                    "binary logging is on and refuses triggers from users without SUPER; nothing changed. Ask an administrator to SET GLOBAL log_bin_trust_function_creators = 1 (and put it in the server's config), or run adopt as a user with SUPER"
                )
            default:
                throw failure
            }
        }
    }

    // MARK: Errors

    /// The error for a table that is not there; names a table whose name differs only in letter case.
    func missingTable(_ name: String) throws -> StoreError {
        let similar = try connection.query(
            """
            SELECT TABLE_NAME FROM information_schema.TABLES
            WHERE TABLE_SCHEMA = DATABASE() AND LOWER(TABLE_NAME) = LOWER(?) AND TABLE_NAME <> ? LIMIT 1
            """, [.text(name), .text(name)]
        ).first?[0].string
        guard let similar else { return .tableMissing(table: name, location: location) }
        return .unsupported("table '\(name)' does not exist in \(location); table names are case-sensitive here: did you mean --table '\(similar)'?")
    }

    /// Runs `body`, turning Connector/C failures into `StoreError`s. `readOnly` work is repeated once on a new
    /// connection when the old one broke.
    func run<T>(readOnly: Bool = false, _ body: () throws -> T) throws -> T {
        var reconnected = false
        while true {
            do {
                return try body()
            } catch let failure as MariaDBFailure {
                if failure.connectionBroken {
                    do { try connection.reconnect() } catch let lost as MariaDBFailure {
                        throw MariaDBDatabase.storeError(lost, table: nil, location: location)
                    }
                    if readOnly && !reconnected { reconnected = true; continue }
                }
                throw MariaDBDatabase.storeError(failure, table: nil, location: location)
            }
        }
    }

    static func storeError(_ failure: MariaDBFailure, table: String?, location: String) -> StoreError {
        if failure.connectionBroken { return .connectionLost(message: failure.message) }
        switch failure.code {
        case 1213: return .serialization(message: failure.message)
        case 1205, 1969, 3024: return .timeout(message: failure.message)
        case 1146: return .tableMissing(table: table ?? "?", location: location)
        case 1062, 1048, 1451, 1452, 1364, 1406, 1264, 1366, 1292, 4025, 3819, 1265, 1690:
            return .constraint(message: failure.message)
        default:
            return .database(code: String(failure.code), message: failure.message, detail: nil)
        }
    }

    // MARK: Catalog

    func readSchema(_ name: String, key: String?, names: ReceditColumnNames) throws -> (MariaDBTable, Schema) {
        let rows = try connection.query(
            """
            SELECT COLUMN_NAME, COLUMN_TYPE, DATA_TYPE, IS_NULLABLE, COLUMN_DEFAULT, EXTRA, CHARACTER_MAXIMUM_LENGTH
            FROM information_schema.COLUMNS
            WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION
            """, [.text(name)]
        ).rows
        // Unique indexes on one column (the primary key is 'PRIMARY').
        let indexes = try connection.query(
            """
            SELECT INDEX_NAME, MIN(COLUMN_NAME), COUNT(*) FROM information_schema.STATISTICS
            WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? AND NON_UNIQUE = 0 GROUP BY INDEX_NAME
            """, [.text(name)]
        ).rows
        let primary = indexes.first { $0[0].string == "PRIMARY" }
        let keyColumn: String
        if let key {
            guard rows.contains(where: { $0[0].string == key }) else { throw StoreError.unknownColumn(table: name, column: key) }
            guard indexes.contains(where: { $0[2].string == "1" && $0[1].string == key }) else {
                throw StoreError.unsupported(
                    "column '\(key)' of table '\(name)' is not unique; recedit needs a key that names one row (a PRIMARY KEY or UNIQUE column)")
            }
            keyColumn = key
        } else {
            guard let primary, primary[2].string == "1", let column = primary[1].string else { throw StoreError.noSingleColumnKey(table: name) }
            keyColumn = column
        }
        let checks = try checkClauses(name)
        let references = try foreignKeys(name)
        var info = MariaDBTable(name: name, dataTypes: [:], columnTypes: [:])
        var columns: [Column] = []
        for row in rows {
            let column = row[0].string ?? "", columnType = row[1].string ?? "", dataType = (row[2].string ?? "text").lowercased()
            let extra = (row[5].string ?? "").uppercased()
            info.dataTypes[column] = dataType
            info.columnTypes[column] = columnType
            var allowed = dataType == "enum" ? CheckConstraintValues.enumValues(columnType, dialect: .mariadb) : nil
            for clause in checks {
                guard let values = CheckConstraintValues.values(column: column, check: clause, dialect: .mariadb) else { continue }
                allowed = allowed.map { kept in kept.filter(values.contains) } ?? values
            }
            // MariaDB shows "no default" on a nullable column as the text NULL (a string default is quoted).
            let defaultExpression = row[4].string.flatMap { $0 == "NULL" ? nil : $0 }
            columns.append(
                Column(
                    name: column, declaredType: columnType, kind: MariaDBTypes.kind(dataType: dataType, columnType: columnType),
                    notNull: row[3].string == "NO", isKey: column == keyColumn,
                    typeClass: checks.contains { MariaDBTypes.isJSONCheck($0, column: column) }
                        ? .json : MariaDBTypes.typeClass(dataType: dataType, columnType: columnType),
                    defaultExpression: defaultExpression,
                    isGenerated: ["VIRTUAL GENERATED", "STORED GENERATED", "PERSISTENT GENERATED"].contains { extra.contains($0) },
                    allowedValues: allowed, references: references[column],
                    maxLength: dataType == "varchar" || dataType == "char" ? row[6].string.flatMap { Int($0) } : nil))
        }
        return (info, Schema(table: name, keyColumn: keyColumn, columns: columns, recedit: names))
    }

    /// The table's CHECK clauses (column and table constraints). MySQL's CHECK_CONSTRAINTS has no TABLE_NAME
    /// (and before 8.0.16 there is no such view): there the table's checks are not read.
    private func checkClauses(_ table: String) throws -> [String] {
        do {
            return try connection.query(
                """
                SELECT CHECK_CLAUSE FROM information_schema.CHECK_CONSTRAINTS
                WHERE CONSTRAINT_SCHEMA = DATABASE() AND TABLE_NAME = ? ORDER BY CONSTRAINT_NAME
                """, [.text(table)]
            ).rows.compactMap { $0[0].string }
        } catch let failure as MariaDBFailure where failure.code == 1054 || failure.code == 1109 {
            return []
        }
    }

    /// The targets of the table's single-column foreign keys, by column.
    private func foreignKeys(_ table: String) throws -> [String: ColumnReference] {
        let rows = try connection.query(
            """
            SELECT CONSTRAINT_NAME, COLUMN_NAME, REFERENCED_TABLE_NAME, REFERENCED_COLUMN_NAME FROM information_schema.KEY_COLUMN_USAGE
            WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? AND REFERENCED_TABLE_NAME IS NOT NULL
            """, [.text(table)]
        ).rows
        let columnsPerKey = Dictionary(grouping: rows) { $0[0].string ?? "" }
        var references: [String: ColumnReference] = [:]
        for (_, key) in columnsPerKey where key.count == 1 {
            guard let column = key[0][1].string, let target = key[0][2].string, let targetColumn = key[0][3].string else { continue }
            references[column] = ColumnReference(table: target, column: targetColumn)
        }
        return references
    }
}
