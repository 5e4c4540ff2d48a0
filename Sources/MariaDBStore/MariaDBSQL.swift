import RecEditCore

extension String {
    func replacingAll(_ target: String, with replacement: String) -> String {
        guard !target.isEmpty else { return self }
        return replacing(target, with: replacement)
    }
}

/// MariaDB quoting: identifiers in backticks, string literals with `'` and `\` escaped (the default sql_mode
/// treats backslash as an escape). Values never go through `literal` except in DDL (trigger bodies).
enum MariaDBQuote {
    static func identifier(_ name: String) -> String { "`" + name.replacingAll("`", with: "``") + "`" }

    static func literal(_ text: String) -> String {
        var out = "'"
        for ch in text {
            switch ch {
            case "'": out += "''"
            case "\\": out += "\\\\"
            case "\0": out += "\\0"
            default: out.append(ch)
            }
        }
        return out + "'"
    }
}

/// What recedit knows about one MariaDB table beyond the `Schema`: the types it must read and write.
struct MariaDBTable {
    var name: String
    /// DATA_TYPE by column (lower case: int, varchar, datetime, blob…).
    var dataTypes: [String: String]
    /// COLUMN_TYPE by column (tinyint(1), bigint(20) unsigned…).
    var columnTypes: [String: String]
    var quoted: String { MariaDBQuote.identifier(name) }
}

/// SQL recedit generates for MariaDB: stamps, the history table and the triggers.
enum MariaDBSQL {
    /// An expression giving a DATETIME(6) column as text `YYYY-MM-DD HH:MM:SS.ffffff`.
    static func stamp(_ column: String) -> String { "DATE_FORMAT(\(column), '%Y-%m-%d %H:%i:%s.%f')" }

    static let now = "UTC_TIMESTAMP(6)"

    /// Serializes recedit's schema changes across processes.
    static let setupLockName = "recedit_setup"

    static let historyTable = """
        CREATE TABLE IF NOT EXISTS recedit_history (
            id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
            table_name VARCHAR(64) NOT NULL,
            row_key VARCHAR(255) NOT NULL,
            operation VARCHAR(6) NOT NULL CHECK (operation IN ('update','delete')),
            updated_at DATETIME(6) NULL,
            replaced_at DATETIME(6) NULL,
            replaced_by VARCHAR(255) NULL,
            fields LONGTEXT NOT NULL,
            recorded_at DATETIME(6) NOT NULL DEFAULT (UTC_TIMESTAMP(6)),
            KEY recedit_history_version (table_name, row_key, updated_at),
            KEY recedit_history_replaced (table_name, row_key, replaced_at)
        ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin
        """

    /// The change log (see `RecordStore.changes`): one row per committed insert, update, delete, claim and
    /// release of every recedit table of the database, written by the AFTER triggers in the writer's transaction.
    ///
    /// Completeness: `seq` is not an AUTO_INCREMENT (taken at insert, before commit, so two writers could commit
    /// out of position order and a reader could skip the lower one). Instead every trigger takes the next number
    /// from the one row of `recedit_change_counter` with a locking read and writes it back: the row lock is held
    /// until the writer commits or rolls back, so the next writer gets its number only after that, and positions
    /// are assigned in commit order for the whole log (a rolled-back number is handed out again: it was never
    /// visible). The price: writers of recedit's tables in one database serialize on that row from their first
    /// logged change until commit (a multi-row transaction can meet a deadlock, which InnoDB reports and rolls back).
    static let changeStatements = [
        """
        CREATE TABLE IF NOT EXISTS recedit_changes (
            seq BIGINT NOT NULL PRIMARY KEY,
            table_name VARCHAR(64) NOT NULL,
            row_key VARCHAR(255) NOT NULL,
            operation VARCHAR(7) NOT NULL CHECK (operation IN ('insert','update','delete','claim','release')),
            fields LONGTEXT NOT NULL,
            updated_at DATETIME(6) NULL,
            writer VARCHAR(255) NULL,
            recorded_at DATETIME(6) NOT NULL DEFAULT (UTC_TIMESTAMP(6)),
            KEY recedit_changes_table (table_name, seq),
            KEY recedit_changes_recorded (recorded_at)
        ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin
        """,
        """
        CREATE TABLE IF NOT EXISTS recedit_change_counter (
            id TINYINT NOT NULL PRIMARY KEY CHECK (id = 1),
            seq BIGINT NOT NULL
        ) ENGINE=InnoDB
        """,
        // Never below a position already in the log (the counter may be younger than the log).
        "INSERT IGNORE INTO recedit_change_counter (id, seq) SELECT 1, COALESCE(MAX(seq), 0) FROM recedit_changes",
    ]

    /// The trigger statements that append one change (the caller declares `recedit_seq BIGINT`).
    static func logChange(table: String, key: String, operation: String, fields: String, stamp: String, writer: String) -> String {
        """
        SELECT seq + 1 INTO recedit_seq FROM recedit_change_counter WHERE id = 1 FOR UPDATE;
                UPDATE recedit_change_counter SET seq = recedit_seq WHERE id = 1;
                INSERT INTO recedit_changes (seq, table_name, row_key, operation, fields, updated_at, writer)
                VALUES (recedit_seq, \(table), CAST(\(key) AS CHAR CHARACTER SET utf8mb4), \(operation), \(fields), \(stamp), \(writer));
        """
    }

    /// The comment recedit puts on the columns it adds: how a later adopt tells them from a user's columns.
    static let columnComment = "recedit"

    static func columnDefinitions(_ names: ReceditColumnNames) -> [(String, String)] {
        let c = " COMMENT " + MariaDBQuote.literal(columnComment)
        return [
            (names.state, "VARCHAR(16) NOT NULL DEFAULT 'idle'" + c + " CHECK (\(MariaDBQuote.identifier(names.state)) IN ('idle','editing','locked'))"),
            (names.owner, "VARCHAR(255) NULL" + c),
            (names.leaseUntil, "DATETIME(6) NULL" + c),
            (names.token, "BIGINT NOT NULL DEFAULT 0" + c),
            (names.updatedAt, "DATETIME(6) NOT NULL DEFAULT (UTC_TIMESTAMP(6))" + c),
            (names.since, "DATETIME(6) NULL" + c),
        ]
    }

    /// Short, stable trigger names per table (trigger names are per database in MariaDB).
    static func hash(_ text: String) -> String { FNV1a.hex(text) }

    /// recedit's five triggers of a table: before insert, before update, after update, after delete, after insert
    /// (the last one came with the change log).
    static func triggerNames(table: String) -> [String] {
        let base = "recedit_" + hash(table)
        return [base + "_bi", base + "_bu", base + "_au", base + "_ad", base + "_ai"]
    }

    /// A signature of the data columns the triggers were written for (a table that gained a column needs new ones).
    /// "recedit2:" since the triggers keep the change log: older ones ("recedit:") are written again on open.
    static func signature(_ schema: Schema) -> String {
        "recedit2:" + hash(schema.dataColumns.map(\.name).joined(separator: "\u{0}") + "\u{1}" + schema.recedit.all.joined(separator: "\u{0}"))
    }

    static func isTextType(_ dataType: String) -> Bool {
        ["char", "varchar", "tinytext", "text", "mediumtext", "longtext", "enum", "set"].contains(dataType)
    }

    static func isBlobType(_ dataType: String) -> Bool {
        ["binary", "varbinary", "tinyblob", "blob", "mediumblob", "longblob"].contains(dataType)
    }

    /// The row's data columns as a JSON object (history): numbers stay numbers, blobs become {"$blob": hex},
    /// everything else (and BIGINT UNSIGNED, which may not fit a double) its text form (what `load` reads).
    static func fieldsJSON(_ schema: Schema, table: MariaDBTable, row: String) -> String {
        let pairs = schema.dataColumns.map { column -> String in
            let v = "\(row).\(MariaDBQuote.identifier(column.name))"
            let type = table.dataTypes[column.name] ?? "text"
            let value: String
            if isBlobType(type) {
                value = "IF(\(v) IS NULL, NULL, JSON_OBJECT('$blob', LOWER(HEX(\(v)))))"
            } else if ["tinyint", "smallint", "mediumint", "int", "bigint", "float", "double", "decimal", "year"].contains(type)
                && !(type == "bigint" && (table.columnTypes[column.name] ?? "").contains("unsigned"))
            {
                value = v
            } else {
                value = "CAST(\(v) AS CHAR CHARACTER SET utf8mb4)"
            }
            return MariaDBQuote.literal(column.name) + ", " + value
        }
        return "JSON_OBJECT(" + pairs.joined(separator: ", ") + ")"
    }

    /// The CREATE TRIGGER statements (after DROP TRIGGER IF EXISTS of the same names).
    static func triggers(table: MariaDBTable, schema: Schema) -> [String] {
        let names = schema.recedit
        let t = table.quoted
        let k = MariaDBQuote.identifier(schema.keyColumn)
        let ts = MariaDBQuote.identifier(names.updatedAt)
        let trigger = triggerNames(table: table.name).map(MariaDBQuote.identifier)
        let sig = MariaDBQuote.literal(signature(schema))
        func same(_ column: String) -> String {
            let c = MariaDBQuote.identifier(column)
            let type = table.dataTypes[column] ?? "text"
            if isTextType(type) { return "(NEW.\(c) <=> OLD.\(c) AND (NEW.\(c) IS NULL OR BINARY NEW.\(c) = BINARY OLD.\(c)))" }
            return "NEW.\(c) <=> OLD.\(c)"
        }
        let dataSame = schema.dataColumns.map { same($0.name) }.joined(separator: " AND ")
        let editSame = names.editStateColumns.map { "NEW.\(MariaDBQuote.identifier($0)) <=> OLD.\(MariaDBQuote.identifier($0))" }
            .joined(separator: " AND ")
        let fields = fieldsJSON(schema, table: table, row: "OLD")
        let tableName = MariaDBQuote.literal(table.name)
        let history = """
            INSERT INTO recedit_history (table_name, row_key, operation, updated_at, replaced_at, replaced_by, fields)
            """
        // The data columns an UPDATE changed, in column order, as a JSON array (CONCAT_WS skips the NULLs).
        let changedFields =
            schema.dataColumns.isEmpty
            ? "'[]'"
            : "CONCAT('[', CONCAT_WS(',', "
                + schema.dataColumns.map {
                    "IF(\(same($0.name)), NULL, JSON_QUOTE(\(MariaDBQuote.literal($0.name))))"
                }.joined(separator: ", ") + "), ']')"
        let allFields = MariaDBQuote.literal(JSON.array(schema.dataColumns.map { .string($0.name) }).serialized())
        let state = MariaDBQuote.identifier(names.state), owner = MariaDBQuote.identifier(names.owner)
        let token = MariaDBQuote.identifier(names.token)
        func log(_ row: String, _ operation: String, _ fields: String, _ stamp: String, _ writer: String = "@recedit_writer") -> String {
            logChange(table: tableName, key: "\(row).\(k)", operation: operation, fields: fields, stamp: stamp, writer: writer)
        }
        return [
            """
            CREATE TRIGGER \(trigger[0]) BEFORE INSERT ON \(t) FOR EACH ROW
            BEGIN
                DECLARE recedit_signature VARCHAR(64) DEFAULT \(sig);
                IF NEW.\(ts) IS NULL THEN SET NEW.\(ts) = \(now); END IF;
            END
            """,
            """
            CREATE TRIGGER \(trigger[1]) BEFORE UPDATE ON \(t) FOR EACH ROW
            BEGIN
                DECLARE recedit_signature VARCHAR(64) DEFAULT \(sig);
                -- Only recedit's edit-state columns changed (a claim, heartbeat or release): not a new version.
                IF NOT (NEW.\(ts) <=> OLD.\(ts) AND NOT (\(editSame)) AND \(dataSame.isEmpty ? "TRUE" : dataSame)) THEN
                    -- A data change (or an UPDATE that changed nothing): a strictly greater stamp, unless the writer
                    -- already advanced it.
                    IF NEW.\(ts) IS NULL OR OLD.\(ts) IS NULL OR NEW.\(ts) <= OLD.\(ts) THEN
                        SET NEW.\(ts) = IF(OLD.\(ts) IS NULL, \(now), GREATEST(\(now), OLD.\(ts) + INTERVAL 1 MICROSECOND));
                    END IF;
                END IF;
            END
            """,
            """
            CREATE TRIGGER \(trigger[2]) AFTER UPDATE ON \(t) FOR EACH ROW
            BEGIN
                DECLARE recedit_seq BIGINT;
                IF NOT (NEW.\(ts) <=> OLD.\(ts)) THEN
                    \(history)
                    VALUES (\(tableName), CAST(OLD.\(k) AS CHAR CHARACTER SET utf8mb4), 'update', OLD.\(ts), NEW.\(ts), @recedit_writer, \(fields));
                    \(log("NEW", "'update'", changedFields, "NEW.\(ts)"))
                ELSEIF NOT (NEW.\(state) <=> OLD.\(state) AND NEW.\(owner) <=> OLD.\(owner) AND NEW.\(token) <=> OLD.\(token)) THEN
                    -- A claim or release (a heartbeat moves only the lease end and is not logged).
                    \(log("NEW", "IF(NEW.\(state) = 'idle', 'release', 'claim')", "'[]'", "NEW.\(ts)", "COALESCE(NEW.\(owner), OLD.\(owner))"))
                END IF;
            END
            """,
            """
            CREATE TRIGGER \(trigger[3]) AFTER DELETE ON \(t) FOR EACH ROW
            BEGIN
                DECLARE recedit_seq BIGINT;
                \(history)
                VALUES (\(tableName), CAST(OLD.\(k) AS CHAR CHARACTER SET utf8mb4), 'delete', OLD.\(ts), NULL, @recedit_writer, \(fields));
                \(log("OLD", "'delete'", "'[]'", "OLD.\(ts)"))
            END
            """,
            """
            CREATE TRIGGER \(trigger[4]) AFTER INSERT ON \(t) FOR EACH ROW
            BEGIN
                DECLARE recedit_seq BIGINT;
                \(log("NEW", "'insert'", allFields, "NEW.\(ts)"))
            END
            """,
        ]
    }
}

/// MariaDB types as recedit reads and writes them.
enum MariaDBTypes {
    static func kind(dataType: String, columnType: String) -> ColumnKind {
        switch dataType {
        case "tinyint" where columnType.hasPrefix("tinyint(1)"): return .boolean
        case "tinyint", "smallint", "mediumint", "int", "bigint", "year": return .integer
        case "float", "double": return .real
        case "decimal": return .numeric
        case _ where MariaDBSQL.isBlobType(dataType): return .blob
        default: return .text
        }
    }

    /// A cell as a `Value` of the column's kind.
    static func decode(_ cell: MariaDBCell, kind: ColumnKind) -> Value {
        switch cell {
        case .null: return .null
        case .double(let d): return .real(d)
        case .bytes(let bytes):
            if kind == .blob { return .blob(bytes) }
            guard let text = String(validating: bytes, as: UTF8.self) else { return .textBytes(bytes) }
            switch kind {
            case .integer, .boolean:
                return Int64(text).map(Value.integer) ?? .text(text)
            case .real:
                return Double(text).map(Value.real) ?? .text(text)
            case .numeric:
                if let i = Int64(text) { return .integer(i) }
                return Double(text).map(Value.real) ?? .text(text)
            default:
                return .text(text)
            }
        }
    }

    /// A `Value` as a parameter. MariaDB stores no infinity or NaN: those are refused here, with the column named.
    static func encode(_ value: Value, column: String) throws -> MariaDBParam {
        switch value {
        case .null: return .null
        case .integer(let i): return .int(i)
        case .real(let d):
            guard d.isFinite else {
                throw StoreError.constraint(message: "MariaDB cannot store \(d.isNaN ? "NaN" : (d < 0 ? "-Infinity" : "Infinity")) in column '\(column)'")
            }
            return .double(d)
        case .text(let s): return .text(s)
        case .textBytes(let b): return .bytes(b)
        case .blob(let b): return .blob(b)
        }
    }

    /// A value of a history row's `fields` JSON, read back with the column's kind.
    static func decode(json: JSON, kind: ColumnKind) -> Value {
        switch json {
        case .null: return .null
        case .bool(let b): return .integer(b ? 1 : 0)
        case .integer(let i): return kind == .real ? .real(Double(i)) : .integer(i)
        case .number(let d):
            if kind == .integer || kind == .boolean, d == d.rounded(), abs(d) < 9.2e18 { return .integer(Int64(d)) }
            if kind == .numeric, d == d.rounded(), abs(d) < 9.2e18 { return .integer(Int64(d)) }
            return .real(d)
        case .string(let s):
            switch kind {
            case .integer, .boolean, .real, .numeric: return decode(.bytes(Array(s.utf8)), kind: kind)
            default: return .text(s)
            }
        case .object:
            if case .string(let hex)? = json["$blob"] { return ValueParser.blob(fromHex: hex) }
            return .text(json.serialized())
        case .array:
            return .text(json.serialized())
        }
    }

    /// The text form of a key for `recedit_history.row_key` (what CAST(key AS CHAR) gives).
    static func keyText(_ value: Value) -> String {
        switch value {
        case .null: return ""
        case .integer(let i): return String(i)
        case .real(let d): return String(d)
        case .text(let s): return s
        case .textBytes(let b): return String(decoding: b, as: UTF8.self)
        case .blob(let b): return String(decoding: b, as: UTF8.self)
        }
    }
}
