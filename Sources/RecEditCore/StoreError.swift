/// Everything a store can report. Each case carries enough to say what is wrong and what to do, in one line;
/// the words are not here but in `StoreErrorWording` (EditorCore), shared by the command line and the editor.
public enum StoreError: Error, Sendable, Equatable {
    /// The database file or server cannot be opened.
    case cannotOpen(location: String, reason: String)
    case tableMissing(table: String, location: String)
    /// The table exists but lacks recedit's columns or triggers.
    case notAdopted(table: String, missing: [String])
    case noSingleColumnKey(table: String)
    /// `adopt` found user columns under the names recedit needs for its edit state (and not from an earlier
    /// adopt): `roles` are the keys under "columns" in the config that rename recedit's columns.
    case columnsInUse(table: String, columns: [String], roles: [String])
    case unknownColumn(table: String, column: String)
    /// A CHECK, NOT NULL, UNIQUE or foreign-key rule refused the write.
    case constraint(message: String)
    /// Another writer held the database past the busy/lock timeout.
    case timeout(message: String)
    /// PostgreSQL serialization failure or deadlock that survived the retries.
    case serialization(message: String)
    case connectionLost(message: String)
    case unsupported(String)
    /// Any other database error, with the driver's code (SQLite result code or SQLSTATE).
    case database(code: String, message: String, detail: String?)
}
