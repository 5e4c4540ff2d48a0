import CSQLite
import RecEditCore

/// A SQLite database file: schema setup and opening tables.
public final class SQLiteDatabase: RecordDatabase {
    let connection: SQLiteConnection
    let options: StoreOptions
    let readOnly: Bool
    public let path: String

    public var location: String { "sqlite:" + path }

    /// - Parameter create: create the file when missing (only for `init` and the default database).
    /// - Parameter readOnly: open it read-only (for commands that only read: they then work where the file or its
    ///   directory is not writable for the user).
    public init(path: String, options: StoreOptions = StoreOptions(), create: Bool = false, readOnly: Bool = false) throws {
        self.path = path
        self.options = options
        self.readOnly = readOnly
        connection = try SQLiteConnection(path: path, create: create, options: options, readOnly: readOnly)
    }

    public func initialize(demo: Bool, names: ReceditColumnNames) throws -> Int {
        try connection.writeTransaction {
            let table = DemoData.table
            let exists = try tableExists(table)
            if !exists {
                var columns = DemoData.columns.map(SQLiteTypes.demo.definition)
                columns += SQLiteDatabase.receditColumnDefinitions(names).map { "\(quoteIdentifier($0.0)) \($0.1)" }
                try connection.execute("CREATE TABLE \(quoteIdentifier(table)) (\n    " + columns.joined(separator: ",\n    ") + "\n)")
            }
            _ = try adoptInTransaction(table: table, key: "id", names: names, created: !exists)
            guard demo else { return 0 }
            let count = try connection.scalar("SELECT count(*) FROM \(quoteIdentifier(table))")
            guard count == .integer(0) else { return 0 }
            let columns = DemoData.columns.dropFirst().map(\.name)
            let sql =
                "INSERT INTO \(quoteIdentifier(table)) (" + columns.map(quoteIdentifier).joined(separator: ", ")
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
        var schema = try readSchema(table: table, key: key, names: names)
        // A reading command opens the file read-only and cannot upgrade it: it is told to run adopt (below).
        if !readOnly, try needsUpgrade(table: table, schema: schema) {
            // Set up by an older recedit (no claim start, no `locked` state): bring it up to date once.
            _ = try adopt(table: table, key: key, names: names)
            schema = try readSchema(table: table, key: key, names: names)
        }
        let missingColumns = names.all.filter { schema.column(named: $0) == nil }
        let triggers = SQLiteSQL.triggerNames(table: table)
        var missing = missingColumns
        let expected =
            missingColumns.isEmpty
            ? SQLiteSQL.triggerStatements(table: table, key: schema.keyColumn, dataColumns: schema.dataColumns.map(\.name), names: names)
            : []
        for (i, trigger) in [triggers.update, triggers.insert, triggers.delete, SQLiteSQL.editTriggerName(table: table)].enumerated() {
            let stored = try connection.scalar("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?", [.text(trigger)])
            if stored == .null {
                missing.append("trigger " + trigger)
            } else if i < expected.count, stored != .text(expected[i]) {
                // Built for other columns (one was added or dropped since), or by an older recedit.
                missing.append("trigger \(trigger) for the current columns")
            }
        }
        if try !tableExists("recedit_history") { missing.append("table recedit_history") }
        if try !tableExists("recedit_changes") { missing.append("table recedit_changes") }
        guard missing.isEmpty else { throw StoreError.notAdopted(table: table, missing: missing) }
        return SQLiteRecordStore(database: self, schema: schema)
    }

    /// The table's name as the file stores it. SQLite matches table names without regard to ASCII letter case
    /// (`RECORDS` is `records`), so recedit does too, and then uses the stored spelling (trigger names, messages).
    func storedName(of table: String) throws -> String {
        let names = try connection.rows(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name = ? COLLATE NOCASE",
            [.text(table)]
        ).compactMap { $0.first?.textValue }
        return names.contains(table) ? table : names.first ?? table
    }

    public func receditTables() throws -> [String] {
        // A table recedit set up carries its update trigger, named after it (SQLiteSQL.triggerNames).
        try connection.rows(
            """
            SELECT t.name FROM sqlite_master t JOIN sqlite_master g ON g.type = 'trigger' AND g.tbl_name = t.name
            WHERE t.type = 'table' AND g.name = 'recedit_' || t.name || '_update' ORDER BY t.name
            """
        ).compactMap { $0.first?.textValue }
    }

    func tableExists(_ table: String) throws -> Bool {
        try connection.scalar("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?", [.text(table)]) != .integer(0)
    }

    static func receditColumnDefinitions(_ names: ReceditColumnNames) -> [(String, String)] {
        [
            (names.state, "TEXT NOT NULL DEFAULT 'idle' CHECK (\(quoteIdentifier(names.state)) IN ('idle','editing','locked'))"),
            (names.owner, "TEXT"),
            (names.leaseUntil, "TEXT"),
            (names.token, "INTEGER NOT NULL DEFAULT 0"),
            (names.updatedAt, "TEXT"),
            (names.since, "TEXT"),
        ]
    }

    /// The state column's CHECK as recedit wrote it before the `locked` state.
    static func oldStateCheck(_ names: ReceditColumnNames) -> String {
        "CHECK (\(quoteIdentifier(names.state)) IN ('idle','editing'))"
    }

    /// An older recedit's table: adopted (its triggers are there) but without the claim-start column, with a
    /// state CHECK that does not know `locked`, or without the change log (`recedit_changes` and the edit trigger).
    private func needsUpgrade(table: String, schema: Schema) throws -> Bool {
        let names = schema.recedit
        let old = [names.state, names.owner, names.leaseUntil, names.token, names.updatedAt]
        guard old.allSatisfy({ schema.column(named: $0) != nil }), try updateTriggerSQL(table: table) != nil else { return false }
        if schema.column(named: names.since) == nil { return true }
        if try !tableExists("recedit_changes") { return true }
        let editTrigger = try connection.scalar(
            "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name = ?",
            [.text(SQLiteSQL.editTriggerName(table: table))])
        if editTrigger == .integer(0) { return true }
        if try tableSQL(table).contains(SQLiteDatabase.oldStateCheck(names)) { return true }
        // Triggers whose stamps could end in `.000000` (which Django's timestamp check never matches).
        let legacy = SQLiteSQL.triggerStatements(
            table: table, key: schema.keyColumn, dataColumns: schema.dataColumns.map(\.name),
            names: names, legacy: true)
        return try updateTriggerSQL(table: table) == legacy[0]
    }

    private func tableSQL(_ table: String) throws -> String {
        try connection.scalar("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", [.text(table)]).textValue ?? ""
    }

    private func updateTriggerSQL(table: String) throws -> String? {
        try connection.scalar(
            "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ? AND tbl_name = ?",
            [.text(SQLiteSQL.triggerNames(table: table).update), .text(table)]
        ).textValue
    }

    /// The edit-state columns an earlier adopt made recedit's: its update trigger compares exactly those
    /// (`old."c" IS new."c"`; data columns appear only as `IS NOT`).
    private func earlierReceditColumns(table: String, names: ReceditColumnNames) throws -> Set<String> {
        guard let sql = try updateTriggerSQL(table: table) else { return [] }
        return Set(
            names.editStateColumns.filter { c in
                let q = quoteIdentifier(c)
                return sql.contains("old.\(q) IS new.\(q)")
            })
    }

    /// - Parameter created: the table was just created by `initialize` with recedit's columns.
    private func adoptInTransaction(table: String, key: String?, names: ReceditColumnNames, created: Bool = false) throws -> String {
        guard try tableExists(table) else { throw StoreError.tableMissing(table: table, location: location) }
        var schema = try readSchema(table: table, key: key, names: names)
        let t = quoteIdentifier(table)
        if !created {
            // Columns under recedit's names that hold the user's data: taking them over would destroy it.
            let ours = try earlierReceditColumns(table: table, names: names)
            let clashes = names.editStateRoles.filter { schema.column(named: $0.column) != nil && !ours.contains($0.column) }
            if !clashes.isEmpty {
                throw StoreError.columnsInUse(table: table, columns: clashes.map(\.column), roles: clashes.map(\.role))
            }
        }
        let definition = try tableSQL(table)
        let oldCheck = SQLiteDatabase.oldStateCheck(names)
        if definition.contains(oldCheck) {
            try widenStateCheck(table: table, definition: definition, oldCheck: oldCheck, names: names)
        }
        if schema.column(named: names.updatedAt) != nil {
            try checkExistingStamps(table: table, column: names.updatedAt)
        }
        for (name, definition) in SQLiteDatabase.receditColumnDefinitions(names) where schema.column(named: name) == nil {
            try connection.execute("ALTER TABLE \(t) ADD COLUMN \(quoteIdentifier(name)) \(definition)")
        }
        schema = try readSchema(table: table, key: key, names: names)
        try connection.execute(SQLiteSQL.historyTable)
        try connection.execute(SQLiteSQL.changesTable)
        // Rows that predate recedit get a first stamp; a stamp-only change writes no history.
        let ts = quoteIdentifier(names.updatedAt)
        try connection.execute(
            SQLiteSQL.triggers(
                table: table, key: schema.keyColumn,
                dataColumns: schema.dataColumns.map(\.name), names: names))
        try connection.execute("UPDATE \(t) SET \(ts) = \(SQLiteSQL.stampNow) WHERE \(ts) IS NULL")
        return schema.keyColumn
    }

    /// Lets the state column take `locked`. SQLite cannot ALTER a CHECK; a wider CHECK changes nothing on disk,
    /// so the table's stored definition is edited in place (https://sqlite.org/lang_altertable.html#otheralter),
    /// inside the caller's transaction.
    private func widenStateCheck(table: String, definition: String, oldCheck: String, names: ReceditColumnNames) throws {
        let widened = definition.replacing(
            oldCheck, with: "CHECK (\(quoteIdentifier(names.state)) IN ('idle','editing','locked'))")
        guard case .integer(let version) = try connection.scalar("PRAGMA schema_version") else { return }
        // Defensive mode (off by default, but a build may turn it on) forbids writing the schema table.
        if let handle = connection.handle { _ = recedit_sqlite_db_config_int(handle, SQLITE_DBCONFIG_DEFENSIVE, 0) }
        try connection.execute("PRAGMA writable_schema = ON")
        defer { try? connection.execute("PRAGMA writable_schema = OFF") }
        try connection.statement("UPDATE sqlite_master SET sql = ? WHERE type = 'table' AND name = ?").run([.text(widened), .text(table)])
        try connection.execute("PRAGMA schema_version = \(version + 1)")
    }

    /// An `updated_at` the table already has must hold UTC text stamps (Django and Rails write them so);
    /// numbers or other formats cannot be advanced safely.
    private func checkExistingStamps(table: String, column: String) throws {
        let c = quoteIdentifier(column)
        let bad = try connection.rows(
            """
            SELECT \(c) FROM \(quoteIdentifier(table))
            WHERE \(c) IS NOT NULL AND (typeof(\(c)) <> 'text' OR unixepoch(substr(\(c), 1, 19)) IS NULL) LIMIT 1
            """)
        if let example = bad.first?.first {
            throw StoreError.unsupported(
                "column '\(column)' of table '\(table)' holds values that are not timestamps (for example \(example.reportText)); recedit needs UTC text 'YYYY-MM-DD HH:MM:SS[.ffffff]' there: convert them, or name another column with \"columns\": {\"updatedAt\": ...} in the config"
            )
        }
    }

    /// True when `column` alone is the primary key or has a UNIQUE index of its own.
    private func isUnique(table: String, column: String, primaryKey: [String]) throws -> Bool {
        if primaryKey == [column] { return true }
        let count = try connection.scalar(
            """
            SELECT count(*) FROM pragma_index_list(?1) AS il
            WHERE il."unique" = 1 AND (SELECT count(*) FROM pragma_index_info(il.name)) = 1
              AND (SELECT name FROM pragma_index_info(il.name)) = ?2
            """, [.text(table), .text(column)])
        return count != .integer(0)
    }

    /// The targets of the table's single-column foreign keys, by column. A key that names no target column
    /// references the target's primary key.
    private func foreignKeys(table: String) throws -> [String: ColumnReference] {
        let rows = try connection.rows(
            """
            SELECT fk.id, fk."table", fk."from", coalesce(fk."to", (SELECT name FROM pragma_table_info(fk."table") WHERE pk = 1))
            FROM pragma_foreign_key_list(?) AS fk
            WHERE (SELECT count(*) FROM pragma_foreign_key_list(?) AS other WHERE other.id = fk.id) = 1
            """, [.text(table), .text(table)])
        var references: [String: ColumnReference] = [:]
        for row in rows {
            guard let target = row[1].textValue, let from = row[2].textValue, let to = row[3].textValue else { continue }
            references[from] = ColumnReference(table: target, column: to)
        }
        return references
    }

    func readSchema(table: String, key: String?, names: ReceditColumnNames) throws -> Schema {
        let rows = try connection.rows("SELECT name, type, \"notnull\", pk, dflt_value FROM pragma_table_xinfo(?) WHERE hidden = 0", [.text(table)])
        guard !rows.isEmpty else { throw StoreError.tableMissing(table: table, location: location) }
        let primaryKey = rows.filter { $0[3] != .integer(0) }.compactMap { $0[0].textValue }
        let keyColumn: String
        if let key {
            guard rows.contains(where: { $0[0].textValue == key }) else { throw StoreError.unknownColumn(table: table, column: key) }
            guard try isUnique(table: table, column: key, primaryKey: primaryKey) else {
                throw StoreError.unsupported(
                    "column '\(key)' of table '\(table)' is not unique (no PRIMARY KEY or UNIQUE index on it alone); a save through it could change several rows: name a unique column with --key"
                )
            }
            keyColumn = key
        } else {
            guard primaryKey.count == 1 else { throw StoreError.noSingleColumnKey(table: table) }
            keyColumn = primaryKey[0]
        }
        let allowedValues = CheckConstraintValues.values(
            columns: rows.compactMap { $0[0].textValue }, createTable: try tableSQL(table),
            dialect: .sqlite)
        let references = try foreignKeys(table: table)
        let columns = rows.map { row -> Column in
            let name = row[0].textValue ?? ""
            let declared = row[1].textValue ?? ""
            return Column(
                name: name, declaredType: declared, kind: SQLiteTypes.kind(declaredType: declared),
                notNull: row[2] != .integer(0), isKey: name == keyColumn,
                typeClass: SQLiteTypes.typeClass(declaredType: declared), defaultExpression: row[4].textValue,
                allowedValues: allowedValues[name],
                references: references[name], maxLength: SQLiteTypes.maxLength(declaredType: declared))
        }
        return Schema(table: table, keyColumn: keyColumn, columns: columns, recedit: names)
    }
}
