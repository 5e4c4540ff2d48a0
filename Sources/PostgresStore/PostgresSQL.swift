import RecEditCore

/// What recedit knows about one PostgreSQL table beyond the `Schema`: where it lives and the types it must
/// write SQL for.
struct PGTable {
    var schemaName: String
    var relname: String
    var oid: String
    /// Base type name (domains resolved) by column.
    var typeNames: [String: String]
    /// `updated_at` (and the lease column) are `timestamptz` (true) or `timestamp` (false).
    var stampHasTimeZone: Bool
    var leaseHasTimeZone: Bool

    /// `"schema"."table"`
    var qualified: String { quoteIdentifier(schemaName) + "." + quoteIdentifier(relname) }
    var history: String { quoteIdentifier(schemaName) + ".recedit_history" }
    var changes: String { quoteIdentifier(schemaName) + ".recedit_changes" }
}

/// SQL text recedit generates for PostgreSQL: stamps, the history table and the triggers.
enum PostgresSQL {
    static let stampFormat = "'YYYY-MM-DD HH24:MI:SS.US'"

    /// An expression giving the column as UTC text `YYYY-MM-DD HH:MM:SS.ffffff`.
    static func stamp(_ column: String, timeZone: Bool) -> String {
        timeZone ? "to_char(\(column) AT TIME ZONE 'UTC', \(stampFormat))" : "to_char(\(column), \(stampFormat))"
    }

    /// The database clock, in the type of the stamp column.
    static func now(timeZone: Bool) -> String {
        timeZone ? "clock_timestamp()" : "(clock_timestamp() AT TIME ZONE 'UTC')"
    }

    /// A stamp column's value as timestamptz (for the history table).
    static func asTimestamptz(_ column: String, timeZone: Bool) -> String {
        timeZone ? column : "(\(column) AT TIME ZONE 'UTC')"
    }

    /// The NOTIFY channel of a table, as an SQL expression over `name` (a text expression).
    /// Channel names are identifiers (at most 63 bytes): long table names are hashed.
    static func channel(_ name: String) -> String {
        "(CASE WHEN octet_length(\(name)) <= 55 THEN 'recedit_' || \(name) ELSE 'recedit_' || md5(\(name)) END)"
    }

    /// Serializes recedit's schema changes across processes (transaction-scoped advisory lock).
    static let setupLock = "SELECT pg_advisory_xact_lock(7301246151104335)"

    static func historyTable(schema: String) -> String {
        let s = quoteIdentifier(schema)
        return """
            CREATE TABLE IF NOT EXISTS \(s).recedit_history (
                id bigserial PRIMARY KEY,
                table_name text NOT NULL,
                row_key text NOT NULL,
                operation text NOT NULL CHECK (operation IN ('update','delete')),
                updated_at timestamptz,
                replaced_at timestamptz,
                replaced_by text,
                fields jsonb NOT NULL,
                recorded_at timestamptz NOT NULL DEFAULT clock_timestamp()
            );
            CREATE INDEX IF NOT EXISTS recedit_history_version ON \(s).recedit_history (table_name, row_key, updated_at);
            CREATE INDEX IF NOT EXISTS recedit_history_replaced ON \(s).recedit_history (table_name, row_key, replaced_at)
            """
    }

    /// The change log (see `RecordStore.changes`): one row per committed insert, update, delete, claim and
    /// release, written by the AFTER trigger in the writer's transaction. `seq` comes from a sequence (CACHE 1),
    /// so it is taken before commit: `PostgresRecordStore.changes` holds back what a running transaction may
    /// still precede. `xid` is kept for diagnosis.
    static func changesTable(schema: String) -> String {
        let s = quoteIdentifier(schema)
        return """
            CREATE TABLE IF NOT EXISTS \(s).recedit_changes (
                seq bigserial PRIMARY KEY,
                table_name text NOT NULL,
                row_key text NOT NULL,
                operation text NOT NULL CHECK (operation IN ('insert','update','delete','claim','release')),
                fields jsonb NOT NULL DEFAULT '[]',
                updated_at timestamptz,
                writer text,
                xid xid8 NOT NULL DEFAULT pg_current_xact_id(),
                recorded_at timestamptz NOT NULL DEFAULT clock_timestamp()
            );
            CREATE INDEX IF NOT EXISTS recedit_changes_table ON \(s).recedit_changes (table_name, seq)
            """
    }

    static func functionNames(table: PGTable) -> (before: String, after: String) {
        let base = "recedit_" + FNV1a.hex(table.schemaName + "." + table.relname)
        return (base + "_before", base + "_after")
    }

    /// Trigger names sort after most others, so recedit's BEFORE trigger sees the row other triggers produced.
    static let beforeTrigger = "zz_recedit_before"
    static let afterTrigger = "zz_recedit_after"

    /// The columns the BEFORE function of `triggers` leaves out of its data comparison: recedit's own columns
    /// at the time of the adopt that wrote it (its first `ARRAY['…', …]` literal list).
    static func excludedColumns(inBeforeFunction source: String) -> Set<String> {
        guard let start = source.firstRange(of: "ARRAY[") else { return [] }
        var names: Set<String> = []
        var i = start.upperBound
        while i < source.endIndex, source[i] == "'" {
            var name = ""
            i = source.index(after: i)
            while i < source.endIndex {
                if source[i] == "'" {
                    let next = source.index(after: i)
                    if next < source.endIndex, source[next] == "'" {
                        name.append("'")
                        i = source.index(after: next)
                        continue
                    }
                    i = next
                    break
                }
                name.append(source[i])
                i = source.index(after: i)
            }
            names.insert(name)
            guard source[i...].hasPrefix(", ") else { break }
            i = source.index(i, offsetBy: 2)
        }
        return names
    }

    /// The two trigger functions of a table and the triggers calling them (idempotent).
    static func triggers(table: PGTable, schema: Schema) -> String {
        let names = schema.recedit
        let k = quoteIdentifier(schema.keyColumn)
        let ts = quoteIdentifier(names.updatedAt)
        let tz = table.stampHasTimeZone
        let functions = functionNames(table: table)
        let fb = quoteIdentifier(table.schemaName) + "." + quoteIdentifier(functions.before)
        let fa = quoteIdentifier(table.schemaName) + "." + quoteIdentifier(functions.after)
        let excluded = "ARRAY[" + names.all.map(quoteLiteral).joined(separator: ", ") + "]::text[]"
        let editColumns = names.editStateColumns.map(quoteIdentifier)
        let editTuple = { (row: String) in "(" + editColumns.map { "\(row).\($0)" }.joined(separator: ", ") + ")" }

        // The old row's data columns as JSON: numbers stay numbers, bytea becomes {"$blob": hex},
        // types recedit shows as text are stored in their text form (what `load` reads).
        var overrides: [String] = []
        for column in schema.dataColumns {
            let type = table.typeNames[column.name] ?? "text"
            let v = "OLD.\(quoteIdentifier(column.name))"
            if type == "bytea" {
                overrides.append(
                    "\(quoteLiteral(column.name)), CASE WHEN \(v) IS NULL THEN 'null'::jsonb ELSE jsonb_build_object('$blob', encode(\(v), 'hex')) END")
            } else if !PGTypes.nativeJSON(type) {
                overrides.append("\(quoteLiteral(column.name)), to_jsonb(\(v)::text)")
            }
        }
        var fields = "(to_jsonb(OLD) - \(excluded))"
        // jsonb_build_object takes at most 100 arguments: chunk the overrides.
        var i = 0
        while i < overrides.count {
            let chunk = overrides[i..<min(i + 40, overrides.count)]
            fields += " || jsonb_build_object(" + chunk.joined(separator: ", ") + ")"
            i += 40
        }
        let writer = "nullif(current_setting('recedit.writer', true), '')"
        let history = table.history
        let now = now(timeZone: tz)
        let oldStamp = asTimestamptz("OLD.\(ts)", timeZone: tz)
        let newStamp = asTimestamptz("NEW.\(ts)", timeZone: tz)
        let channel = channel("TG_TABLE_NAME")
        let t = table.qualified
        let changes = table.changes
        // The data columns an UPDATE changed, in column order (compared as text: json and other types have no `=`).
        let changedFields =
            "to_jsonb(array_remove(ARRAY["
            + schema.dataColumns.map { c in
                let q = quoteIdentifier(c.name)
                return "CASE WHEN OLD.\(q)::text IS DISTINCT FROM NEW.\(q)::text THEN \(quoteLiteral(c.name)) END"
            }.joined(separator: ", ") + "]::text[], NULL))"
        let allFields = "to_jsonb(ARRAY[" + schema.dataColumns.map { quoteLiteral($0.name) }.joined(separator: ", ") + "]::text[])"
        let log = "INSERT INTO \(changes) (table_name, row_key, operation, fields, updated_at, writer)"
        let state = quoteIdentifier(names.state), owner = quoteIdentifier(names.owner), token = quoteIdentifier(names.token)

        let beforeBody = """
            BEGIN
                IF TG_OP = 'INSERT' THEN
                    IF NEW.\(ts) IS NULL THEN
                        NEW.\(ts) := \(now);
                    END IF;
                    RETURN NEW;
                END IF;
                -- Only recedit's edit-state columns changed (a claim, heartbeat or release): not a new version.
                IF NEW.\(ts) IS NOT DISTINCT FROM OLD.\(ts) AND \(editTuple("NEW")) IS DISTINCT FROM \(editTuple("OLD")) THEN
                    IF (to_jsonb(NEW) - \(excluded)) = (to_jsonb(OLD) - \(excluded)) THEN
                        RETURN NEW;
                    END IF;
                END IF;
                -- A data change (or an UPDATE that changed nothing): a new version with a strictly greater stamp,
                -- unless the writer already advanced it.
                IF NEW.\(ts) IS NULL OR OLD.\(ts) IS NULL OR NEW.\(ts) <= OLD.\(ts) THEN
                    NEW.\(ts) := CASE WHEN OLD.\(ts) IS NULL THEN \(now)
                                     ELSE greatest(\(now), OLD.\(ts) + interval '1 microsecond') END;
                END IF;
                RETURN NEW;
            END
            """
        let afterBody = """
            BEGIN
                IF TG_OP = 'DELETE' THEN
                    INSERT INTO \(history) (table_name, row_key, operation, updated_at, replaced_at, replaced_by, fields)
                    VALUES (TG_TABLE_NAME, OLD.\(k)::text, 'delete', \(oldStamp), NULL, \(writer), \(fields));
                    \(log) VALUES (TG_TABLE_NAME, OLD.\(k)::text, 'delete', '[]', \(oldStamp), \(writer));
                    PERFORM pg_notify(\(channel), OLD.\(k)::text);
                    RETURN NULL;
                END IF;
                IF TG_OP = 'INSERT' THEN
                    \(log) VALUES (TG_TABLE_NAME, NEW.\(k)::text, 'insert', \(allFields), \(newStamp), \(writer));
                ELSIF NEW.\(ts) IS DISTINCT FROM OLD.\(ts) THEN
                    INSERT INTO \(history) (table_name, row_key, operation, updated_at, replaced_at, replaced_by, fields)
                    VALUES (TG_TABLE_NAME, OLD.\(k)::text, 'update', \(oldStamp), \(newStamp), \(writer), \(fields));
                    \(log) VALUES (TG_TABLE_NAME, NEW.\(k)::text, 'update', \(changedFields), \(newStamp), \(writer));
                ELSIF (OLD.\(state), OLD.\(owner), OLD.\(token)) IS DISTINCT FROM (NEW.\(state), NEW.\(owner), NEW.\(token)) THEN
                    -- A claim or release (a heartbeat moves only the lease end and is not logged).
                    \(log) VALUES (TG_TABLE_NAME, NEW.\(k)::text, CASE WHEN NEW.\(state) = 'idle' THEN 'release' ELSE 'claim' END,
                                  '[]', \(newStamp), coalesce(NEW.\(owner), OLD.\(owner)));
                END IF;
                PERFORM pg_notify(\(channel), NEW.\(k)::text);
                RETURN NULL;
            END
            """
        // Dollar-quote the bodies with a tag that occurs in neither: identifiers (quoted, but free text) are
        // spliced into them, and a name holding the tag must not end a body early.
        var tag = "$recedit$"
        var n = 0
        while beforeBody.contains(tag) || afterBody.contains(tag) {
            n += 1
            tag = "$recedit\(n)$"
        }
        return """
            CREATE OR REPLACE FUNCTION \(fb)() RETURNS trigger LANGUAGE plpgsql AS \(tag)
            \(beforeBody)
            \(tag);
            CREATE OR REPLACE FUNCTION \(fa)() RETURNS trigger LANGUAGE plpgsql AS \(tag)
            \(afterBody)
            \(tag);
            CREATE OR REPLACE TRIGGER \(quoteIdentifier(beforeTrigger)) BEFORE INSERT OR UPDATE ON \(t)
                FOR EACH ROW EXECUTE FUNCTION \(fb)();
            CREATE OR REPLACE TRIGGER \(quoteIdentifier(afterTrigger)) AFTER INSERT OR UPDATE OR DELETE ON \(t)
                FOR EACH ROW EXECUTE FUNCTION \(fa)()
            """
    }
}

/// PostgreSQL types as recedit reads and writes them (text protocol).
enum PGTypes {
    static func kind(_ typeName: String) -> ColumnKind {
        switch typeName {
        case "int2", "int4", "int8", "oid": return .integer
        case "float4", "float8": return .real
        case "numeric": return .numeric
        case "bool": return .boolean
        case "bytea": return .blob
        default: return .text
        }
    }

    /// Types whose to_jsonb form is what recedit reads back (numbers, booleans, strings).
    static func nativeJSON(_ typeName: String) -> Bool {
        switch typeName {
        case "int2", "int4", "int8", "float4", "float8", "numeric", "bool", "text", "varchar", "bpchar", "name", "citext", "char":
            return true
        default:
            return false
        }
    }

    /// A cell of the text protocol as a `Value` of the column's kind.
    static func decode(_ text: String?, kind: ColumnKind) -> Value {
        guard let text else { return .null }
        switch kind {
        case .integer:
            return Int64(text).map(Value.integer) ?? .text(text)
        case .real:
            return parseDouble(text).map(Value.real) ?? .text(text)
        case .numeric:
            if let i = Int64(text) { return .integer(i) }
            return parseDouble(text).map(Value.real) ?? .text(text)
        case .boolean:
            switch text {
            case "t", "true": return .integer(1)
            case "f", "false": return .integer(0)
            default: return .text(text)
            }
        case .blob:
            if text.hasPrefix("\\x") {
                let blob = ValueParser.blob(fromHex: String(text.dropFirst(2)))
                if case .blob = blob { return blob }
            }
            return .blob(Array(text.utf8))
        case .text, .any:
            return .text(text)
        }
    }

    static func parseDouble(_ text: String) -> Double? {
        switch text {
        case "NaN": return .nan
        case "Infinity": return .infinity
        case "-Infinity": return -.infinity
        default: return Double(text)
        }
    }

    /// A `Value` as a text-protocol parameter (nil is NULL).
    static func encode(_ value: Value) -> String? {
        switch value {
        case .null: return nil
        case .integer(let i): return String(i)
        case .real(let d):
            if d.isNaN { return "NaN" }
            if d.isInfinite { return d < 0 ? "-Infinity" : "Infinity" }
            return String(d)
        case .text(let s): return s
        case .textBytes(let bytes):
            // Never read from PostgreSQL (its text results are valid in the client encoding, UTF-8).
            return String(decoding: bytes, as: UTF8.self)
        case .blob(let bytes):
            return "\\x" + Hex.encode(bytes)
        }
    }

    /// A value of a history row's `fields` JSON, read back with the column's kind.
    static func decode(json: JSON, kind: ColumnKind) -> Value {
        switch json {
        case .null: return .null
        case .bool(let b): return .integer(b ? 1 : 0)
        case .integer(let i): return kind == .real ? .real(Double(i)) : .integer(i)
        case .number(let d):
            if kind == .integer, d == d.rounded(), abs(d) < 9.2e18 { return .integer(Int64(d)) }
            return .real(d)
        case .string(let s):
            switch kind {
            case .blob:
                return decode(s, kind: .blob)
            case .real, .numeric:
                return decode(s, kind: kind)  // NaN / Infinity arrive as strings
            default:
                return .text(s)
            }
        case .object:
            if case .string(let hex)? = json["$blob"] { return ValueParser.blob(fromHex: hex) }
            if let d = json.taggedReal { return .real(d) }
            return .text(json.serialized())
        case .array:
            return .text(json.serialized())
        }
    }
}
