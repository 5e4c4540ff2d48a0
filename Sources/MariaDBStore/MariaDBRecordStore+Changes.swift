import RecEditCore

// The change log (`recedit watch`) on MariaDB: `recedit_changes`, written by the table's AFTER triggers, with
// positions from `recedit_change_counter` (see `MariaDBSQL.changeStatements` for why they are in commit order).
extension MariaDBRecordStore {
    /// The counter's committed value: every change at or below it is committed (a writer holds the counter row
    /// until it commits, so no running transaction can own a lower position), and none can appear there later.
    public func changePosition() throws -> Int64 {
        try read {
            let row = try connection.query("SELECT seq FROM recedit_change_counter WHERE id = 1").first
            return row?[0].string.flatMap { Int64($0) } ?? 0
        }
    }

    public func changePosition(after stamp: String) throws -> Int64 {
        guard let micros = Stamp.microseconds(from: stamp) else {
            throw StoreError.unsupported("'\(stamp)' is not a stamp; give YYYY-MM-DD HH:MM:SS[.ffffff] (UTC) or a change number")
        }
        let first = try read {
            try connection.query(
                "SELECT MIN(seq) FROM recedit_changes WHERE recorded_at > ?",
                [.text(Stamp.text(microseconds: micros))]
            ).first?[0].string
        }
        if let first, let seq = Int64(first) { return seq - 1 }
        return try changePosition()
    }

    public func changes(after position: Int64, limit: Int) throws -> [Change] {
        try read {
            // One statement, one read view: the counter bounds what is read to positions whose writers have all
            // ended (committed changes are visible in position order anyway; the bound makes it explicit).
            let rows = try connection.query(
                """
                SELECT seq, row_key, operation, fields, \(MariaDBSQL.stamp("updated_at")), writer
                FROM recedit_changes
                WHERE table_name = ? AND seq > ? AND seq <= (SELECT seq FROM recedit_change_counter WHERE id = 1)
                ORDER BY seq LIMIT ?
                """, [.text(schema.table), .int(position), .int(Int64(max(1, limit)))]
            ).rows
            return rows.map { r in
                var fields: [String] = []
                if case .array(let names)? = try? JSON.parse(r[3].string ?? "[]") {
                    fields = names.compactMap { if case .string(let s) = $0 { return s } else { return nil } }
                }
                let keyText = r[1].string ?? ""
                return Change(
                    sequence: r[0].string.flatMap { Int64($0) } ?? 0, table: schema.table,
                    key: MariaDBTypes.decode(.bytes(Array(keyText.utf8)), kind: schema.keyKind),
                    operation: Change.Operation(rawValue: r[2].string ?? "") ?? .update, fields: fields,
                    updatedAt: r[4].string, writer: r[5].string)
            }
        }
    }
}
