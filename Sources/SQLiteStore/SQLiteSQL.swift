import RecEditCore

/// SQL text recedit generates for SQLite: stamp arithmetic and the triggers.
///
/// Stamps are UTC text `YYYY-MM-DD HH:MM:SS.ffffff`. SQLite's clock has millisecond resolution,
/// so a new stamp is `max(now, previous + 1 µs)`: strictly increasing even for two writes in one millisecond.
///
/// A stamp never has a zero fraction (`.000000`): Django writes and compares such a time without its fraction
/// (`str(datetime)`), so its timestamp check (`filter(updated_at=loaded)`) would never match the stored text.
/// The clock's microsecond digits are therefore `001`, and a `previous + 1 µs` that would end in `.000000` is `.000001`.
enum SQLiteSQL {
    /// `text` as a JSON string literal.
    static func jsonString(_ text: String) -> String {
        JSON.string(text).serialized()
    }

    static let now = "(strftime('%Y-%m-%d %H:%M:%f','now') || '000')"

    /// The clock as a new stamp: `now` + 1 µs, never a zero fraction.
    static let stampNow = "(strftime('%Y-%m-%d %H:%M:%f','now') || '001')"

    static func microseconds(_ stamp: String) -> String {
        "(unixepoch(substr(\(stamp),1,19)) * 1000000 + CAST(substr(substr(\(stamp),21) || '000000',1,6) AS INTEGER))"
    }

    static func stamp(fromMicroseconds us: String) -> String {
        "(strftime('%Y-%m-%d %H:%M:%S', (\(us)) / 1000000, 'unixepoch') || printf('.%06d', (\(us)) % 1000000))"
    }

    /// The stamp that follows `previous` (an expression, possibly NULL).
    /// - Parameter legacy: as recedit wrote it before stamps avoided a zero fraction (to recognise its triggers).
    static func next(after previous: String, legacy: Bool = false) -> String {
        // coalesce: a previous value that is not a readable stamp must not turn the new one into NULL.
        if legacy {
            return "coalesce(max(\(now), \(stamp(fromMicroseconds: microseconds(previous) + " + 1"))), \(now))"
        }
        let us = microseconds(previous)
        return "coalesce(max(\(stampNow), \(stamp(fromMicroseconds: "\(us) + 1 + ((\(us) + 1) % 1000000 = 0)"))), \(stampNow))"
    }

    /// `now + seconds` for lease ends (the seconds bound as a modifier such as '+60 seconds').
    /// A renewal always moves the lease end (by 1 µs when now + seconds is the end it has, which the millisecond
    /// clock allows): an UPDATE that changes nothing counts as a data write for the triggers, and a heartbeat must
    /// never be one.
    static func leaseEnd(seconds: Int, into q: inout SQLBuilder<Value>) {
        q.append("(strftime('%Y-%m-%d %H:%M:%f','now', ", .text("+\(seconds) seconds"))
        q.append(") || '000')")
    }

    static func triggerNames(table: String) -> (update: String, insert: String, delete: String) {
        ("recedit_\(table)_update", "recedit_\(table)_insert", "recedit_\(table)_delete")
    }

    /// The trigger that logs claims and releases (edit-state-only UPDATEs) to `recedit_changes`.
    static func editTriggerName(table: String) -> String { "recedit_\(table)_edit" }

    /// The change log: one row per committed insert, update, delete, claim and release, by any writer (the
    /// triggers write it in the writer's own transaction). `seq` is the position `recedit watch` resumes from.
    /// SQLite has one writer at a time and assigns `seq` inside the write lock, so `seq` order is commit order;
    /// AUTOINCREMENT never hands out a number twice, even after rows are deleted.
    static let changesTable = """
        CREATE TABLE IF NOT EXISTS recedit_changes (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            table_name TEXT NOT NULL,
            row_key,
            operation TEXT NOT NULL CHECK (operation IN ('insert','update','delete','claim','release')),
            fields TEXT NOT NULL DEFAULT '[]',
            updated_at TEXT,
            writer TEXT,
            recorded_at TEXT NOT NULL
        );
        CREATE INDEX IF NOT EXISTS recedit_changes_table ON recedit_changes (table_name, seq);
        """

    static let historyTable = """
        CREATE TABLE IF NOT EXISTS recedit_history (
            id INTEGER PRIMARY KEY,
            table_name TEXT NOT NULL,
            row_key,
            operation TEXT NOT NULL CHECK (operation IN ('update','delete')),
            updated_at TEXT,
            replaced_at TEXT,
            replaced_by TEXT,
            fields TEXT NOT NULL,
            recorded_at TEXT NOT NULL
        );
        CREATE INDEX IF NOT EXISTS recedit_history_row ON recedit_history (table_name, row_key, replaced_at);
        """

    /// Drops and re-creates the three triggers of `table`, so they follow its current columns.
    static func triggers(table: String, key: String, dataColumns: [String], names: ReceditColumnNames, legacy: Bool = false) -> String {
        let drops = [
            triggerNames(table: table).update, triggerNames(table: table).insert, triggerNames(table: table).delete,
            editTriggerName(table: table),
        ]
        .map { "DROP TRIGGER IF EXISTS \(quoteIdentifier($0));" }
        let creates = triggerStatements(table: table, key: key, dataColumns: dataColumns, names: names, legacy: legacy)
        return (drops + creates.map { $0 + ";" }).joined(separator: "\n")
    }

    /// The CREATE TRIGGER statements, as SQLite keeps them in `sqlite_master.sql` (so a table whose
    /// triggers were built for other columns, or by a recedit whose stamps could end in `.000000` (`legacy`),
    /// can be recognised).
    static func triggerStatements(table: String, key: String, dataColumns: [String], names: ReceditColumnNames, legacy: Bool = false) -> [String] {
        let t = quoteIdentifier(table)
        let k = quoteIdentifier(key)
        let ts = quoteIdentifier(names.updatedAt)
        let triggers = triggerNames(table: table)
        func fields(_ row: String) -> String {
            "json_object("
                + dataColumns.map { c in
                    let v = "\(row).\(quoteIdentifier(c))"
                    return "\(quoteLiteral(c)), CASE typeof(\(v)) WHEN 'blob' THEN json_object('$blob', hex(\(v))) ELSE \(v) END"
                }.joined(separator: ", ") + ")"
        }
        let dataChanged = "(" + dataColumns.map { "old.\(quoteIdentifier($0)) IS NOT new.\(quoteIdentifier($0))" }.joined(separator: " OR ") + ")"
        let editUnchanged = "(" + names.editStateColumns.map { "old.\(quoteIdentifier($0)) IS new.\(quoteIdentifier($0))" }.joined(separator: " AND ") + ")"
        // Every UPDATE gets a stamp and a history row except three: claims, heartbeats and releases (only the
        // edit-state columns change), a row's first stamp (NULL before), and this trigger's own stamping
        // UPDATE below (only the stamp changes, to a value history already lists as the replacement).
        let counts = """
            (\(dataChanged) OR (old.\(ts) IS NOT NULL AND old.\(ts) IS NOT new.\(ts)) OR (\(editUnchanged) AND old.\(ts) IS new.\(ts)))
                 AND (\(dataChanged) OR NOT EXISTS (SELECT 1 FROM recedit_history
                      WHERE table_name = \(quoteLiteral(table)) AND row_key = new.\(k) AND replaced_at = new.\(ts)))
            """
        let advanced = "(new.\(ts) IS NOT NULL AND (old.\(ts) IS NULL OR new.\(ts) > old.\(ts)))"
        // The names of the data columns an UPDATE changed, as a JSON array in column order.
        let changedFields =
            "(SELECT json_group_array(c) FROM ("
            + dataColumns.map { c in
                "SELECT \(quoteLiteral(c)) AS c WHERE old.\(quoteIdentifier(c)) IS NOT new.\(quoteIdentifier(c))"
            }.joined(separator: " UNION ALL ") + "))"
        let allFields = quoteLiteral("[" + dataColumns.map { jsonString($0) }.joined(separator: ",") + "]")
        let log = "INSERT INTO recedit_changes (table_name, row_key, operation, fields, updated_at, writer, recorded_at)"
        let state = quoteIdentifier(names.state), owner = quoteIdentifier(names.owner), token = quoteIdentifier(names.token)
        return [
            """
            CREATE TRIGGER \(quoteIdentifier(triggers.update)) AFTER UPDATE ON \(t)
            WHEN \(counts)
            BEGIN
                INSERT INTO recedit_history (table_name, row_key, operation, updated_at, replaced_at, fields, recorded_at)
                VALUES (\(quoteLiteral(table)), old.\(k), 'update', old.\(ts),
                        CASE WHEN \(advanced) THEN new.\(ts) ELSE \(next(after: "old.\(ts)", legacy: legacy)) END,
                        \(fields("old")), \(now));
                UPDATE \(t) SET \(ts) = (SELECT replaced_at FROM recedit_history WHERE id = last_insert_rowid())
                WHERE \(k) = new.\(k) AND NOT \(advanced);
                \(log)
                VALUES (\(quoteLiteral(table)), new.\(k), 'update', \(changedFields),
                        (SELECT replaced_at FROM recedit_history WHERE id = last_insert_rowid()), NULL, \(now));
            END
            """,
            """
            CREATE TRIGGER \(quoteIdentifier(triggers.insert)) AFTER INSERT ON \(t)
            BEGIN
                UPDATE \(t) SET \(ts) = \(legacy ? now : stampNow) WHERE \(k) = new.\(k) AND new.\(ts) IS NULL;
                \(log)
                VALUES (\(quoteLiteral(table)), new.\(k), 'insert', \(allFields),
                        (SELECT \(ts) FROM \(t) WHERE \(k) = new.\(k)), NULL, \(now));
            END
            """,
            """
            CREATE TRIGGER \(quoteIdentifier(triggers.delete)) AFTER DELETE ON \(t)
            BEGIN
                INSERT INTO recedit_history (table_name, row_key, operation, updated_at, replaced_at, fields, recorded_at)
                VALUES (\(quoteLiteral(table)), old.\(k), 'delete', old.\(ts), NULL, \(fields("old")), \(now));
                \(log)
                VALUES (\(quoteLiteral(table)), old.\(k), 'delete', '[]', old.\(ts), NULL, \(now));
            END
            """,
            // Claims and releases: only the state, owner or token changed (a heartbeat moves only the lease end
            // and is not logged). The writer is the claim's owner (the releasing owner for a release).
            """
            CREATE TRIGGER \(quoteIdentifier(editTriggerName(table: table))) AFTER UPDATE ON \(t)
            WHEN NOT \(dataChanged) AND old.\(ts) IS new.\(ts)
                 AND (old.\(state) IS NOT new.\(state) OR old.\(owner) IS NOT new.\(owner) OR old.\(token) IS NOT new.\(token))
            BEGIN
                \(log)
                VALUES (\(quoteLiteral(table)), new.\(k), CASE WHEN new.\(state) = 'idle' THEN 'release' ELSE 'claim' END, '[]',
                        new.\(ts), coalesce(new.\(owner), old.\(owner)), \(now));
            END
            """,
        ]
    }
}
