import RecEditCore

/// A SQLite database file: schema setup and opening tables.
public final class SQLiteDatabase: RecordDatabase {
    let connection: SQLiteConnection
    let options: StoreOptions
    public let path: String

    public var location: String { "sqlite:" + path }

    /// - Parameter create: create the file when missing (only for `init` and the default database).
    /// - Parameter readOnly: open it read-only (for commands that only read: they then work where the file or its
    ///   directory is not writable for the user).
    public init(path: String, options: StoreOptions = StoreOptions(), create: Bool = false, readOnly: Bool = false) throws {
        self.path = path
        self.options = options
        connection = try SQLiteConnection(path: path, create: create, options: options, readOnly: readOnly)
    }

    public func initialize(demo: Bool, names: ReceditColumnNames) throws -> Int {
        try connection.writeTransaction {
            let table = DemoData.table
            let exists = try tableExists(table)
            if !exists {
                var columns = DemoData.columns.map { "\(quoteIdentifier($0.name)) \($0.sqliteType) \($0.constraint)" }
                columns += [
                    "\(quoteIdentifier(names.state)) TEXT NOT NULL DEFAULT 'idle' CHECK (\(quoteIdentifier(names.state)) IN ('idle','editing'))",
                    "\(quoteIdentifier(names.owner)) TEXT",
                    "\(quoteIdentifier(names.leaseUntil)) TEXT",
                    "\(quoteIdentifier(names.token)) INTEGER NOT NULL DEFAULT 0",
                    "\(quoteIdentifier(names.updatedAt)) TEXT",
                ]
                try connection.execute("CREATE TABLE \(quoteIdentifier(table)) (\n    " + columns.joined(separator: ",\n    ") + "\n)")
            }
            _ = try adoptInTransaction(table: table, key: "id", names: names)
            guard demo else { return 0 }
            let count = try connection.scalar("SELECT count(*) FROM \(quoteIdentifier(table))")
            guard count == .integer(0) else { return 0 }
            let columns = DemoData.columns.dropFirst().map(\.name)
            let sql = "INSERT INTO \(quoteIdentifier(table)) (" + columns.map(quoteIdentifier).joined(separator: ", ")
                + ") VALUES (" + columns.map { _ in "?" }.joined(separator: ", ") + ")"
            for row in DemoData.rows {
                try connection.statement(sql).run(columns.map { row[$0] ?? .null })
            }
            return DemoData.rows.count
        }
    }

    public func adopt(table: String, key: String?, names: ReceditColumnNames) throws -> String {
        try connection.writeTransaction { try adoptInTransaction(table: try storedName(of: table), key: key, names: names) }
    }

    public func openTable(_ table: String, key: String?, names: ReceditColumnNames) throws -> RecordStore {
        let table = try storedName(of: table)
        let schema = try readSchema(table: table, key: key, names: names)
        let missingColumns = names.all.filter { schema.column(named: $0) == nil }
        let triggers = SQLiteSQL.triggerNames(table: table)
        var missing = missingColumns
        let expected = missingColumns.isEmpty
            ? SQLiteSQL.triggerStatements(table: table, key: schema.keyColumn, dataColumns: schema.dataColumns.map(\.name), names: names)
            : []
        for (i, trigger) in [triggers.update, triggers.insert, triggers.delete].enumerated() {
            let stored = try connection.scalar("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?", [.text(trigger)])
            if stored == .null {
                missing.append("trigger " + trigger)
            } else if i < expected.count, stored != .text(expected[i]) {
                // Built for other columns (one was added or dropped since), or by an older recedit.
                missing.append("trigger \(trigger) for the current columns")
            }
        }
        if try !tableExists("recedit_history") { missing.append("table recedit_history") }
        guard missing.isEmpty else { throw StoreError.notAdopted(table: table, missing: missing) }
        return SQLiteRecordStore(database: self, schema: schema)
    }

    /// The table's name as the file stores it. SQLite matches table names without regard to ASCII letter case
    /// (`RECORDS` is `records`), so recedit does too, and then uses the stored spelling (trigger names, messages).
    func storedName(of table: String) throws -> String {
        let names = try connection.rows("SELECT name FROM sqlite_master WHERE type = 'table' AND name = ? COLLATE NOCASE",
                                        [.text(table)]).compactMap { $0.first?.textValue }
        return names.contains(table) ? table : names.first ?? table
    }

    func tableExists(_ table: String) throws -> Bool {
        try connection.scalar("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?", [.text(table)]) != .integer(0)
    }

    private func adoptInTransaction(table: String, key: String?, names: ReceditColumnNames) throws -> String {
        guard try tableExists(table) else { throw StoreError.tableMissing(table: table, location: location) }
        var schema = try readSchema(table: table, key: key, names: names)
        let t = quoteIdentifier(table)
        let additions: [(String, String)] = [
            (names.state, "TEXT NOT NULL DEFAULT 'idle' CHECK (\(quoteIdentifier(names.state)) IN ('idle','editing'))"),
            (names.owner, "TEXT"),
            (names.leaseUntil, "TEXT"),
            (names.token, "INTEGER NOT NULL DEFAULT 0"),
            (names.updatedAt, "TEXT"),
        ]
        if schema.column(named: names.updatedAt) != nil {
            try checkExistingStamps(table: table, column: names.updatedAt)
        }
        for (name, definition) in additions where schema.column(named: name) == nil {
            try connection.execute("ALTER TABLE \(t) ADD COLUMN \(quoteIdentifier(name)) \(definition)")
        }
        schema = try readSchema(table: table, key: key, names: names)
        try connection.execute(SQLiteSQL.historyTable)
        // Rows that predate recedit get a first stamp; a stamp-only change writes no history.
        let ts = quoteIdentifier(names.updatedAt)
        try connection.execute(SQLiteSQL.triggers(table: table, key: schema.keyColumn,
                                                  dataColumns: schema.dataColumns.map(\.name), names: names))
        try connection.execute("UPDATE \(t) SET \(ts) = \(SQLiteSQL.now) WHERE \(ts) IS NULL")
        return schema.keyColumn
    }

    /// An `updated_at` the table already has must hold UTC text stamps (Django and Rails write them so);
    /// numbers or other formats cannot be advanced safely.
    private func checkExistingStamps(table: String, column: String) throws {
        let c = quoteIdentifier(column)
        let bad = try connection.rows("""
            SELECT \(c) FROM \(quoteIdentifier(table))
            WHERE \(c) IS NOT NULL AND (typeof(\(c)) <> 'text' OR unixepoch(substr(\(c), 1, 19)) IS NULL) LIMIT 1
            """)
        if let example = bad.first?.first {
            throw StoreError.unsupported("column '\(column)' of table '\(table)' holds values that are not timestamps (for example \(example.reportText)); recedit needs UTC text 'YYYY-MM-DD HH:MM:SS[.ffffff]' there: convert them, or name another column with \"columns\": {\"updatedAt\": ...} in the config")
        }
    }

    /// True when `column` alone is the primary key or has a UNIQUE index of its own.
    private func isUnique(table: String, column: String, primaryKey: [String]) throws -> Bool {
        if primaryKey == [column] { return true }
        let count = try connection.scalar("""
            SELECT count(*) FROM pragma_index_list(?1) AS il
            WHERE il."unique" = 1 AND (SELECT count(*) FROM pragma_index_info(il.name)) = 1
              AND (SELECT name FROM pragma_index_info(il.name)) = ?2
            """, [.text(table), .text(column)])
        return count != .integer(0)
    }

    func readSchema(table: String, key: String?, names: ReceditColumnNames) throws -> Schema {
        let rows = try connection.rows("SELECT name, type, \"notnull\", pk FROM pragma_table_xinfo(?) WHERE hidden = 0", [.text(table)])
        guard !rows.isEmpty else { throw StoreError.tableMissing(table: table, location: location) }
        let primaryKey = rows.filter { $0[3] != .integer(0) }.compactMap { $0[0].textValue }
        let keyColumn: String
        if let key {
            guard rows.contains(where: { $0[0].textValue == key }) else { throw StoreError.unknownColumn(table: table, column: key) }
            guard try isUnique(table: table, column: key, primaryKey: primaryKey) else {
                throw StoreError.unsupported("column '\(key)' of table '\(table)' is not unique (no PRIMARY KEY or UNIQUE index on it alone); a save through it could change several rows: name a unique column with --key")
            }
            keyColumn = key
        } else {
            guard primaryKey.count == 1 else { throw StoreError.noSingleColumnKey(table: table) }
            keyColumn = primaryKey[0]
        }
        let columns = rows.map { row -> Column in
            let name = row[0].textValue ?? ""
            let declared = row[1].textValue ?? ""
            return Column(name: name, declaredType: declared, kind: ColumnKind.fromSQLiteDeclaredType(declared),
                          notNull: row[2] != .integer(0), isKey: name == keyColumn)
        }
        return Schema(table: table, keyColumn: keyColumn, columns: columns, recedit: names)
    }
}
