/// The result of a checked save.
public enum SaveOutcome: Sendable, Equatable {
    /// Written; the record as it now is (with its new updated_at).
    case saved(Record)
    /// Someone wrote the row after the version I loaded (or took my claim, in exclusive mode); the row as it now is.
    case stale(current: Record)
    /// The row is gone.
    case deleted
    /// Someone else holds the row `locked` (exclusive mode) with a live lease, and the save did not carry
    /// their fencing token: nothing written. The row as it now is.
    case locked(current: Record)
}

/// One table of one database, as recedit uses it. Implemented for SQLite and PostgreSQL and
/// tested by one contract suite against both.
public protocol RecordStore: AnyObject {
    var schema: Schema { get }
    /// Where the data lives, for messages (never holds a password).
    var location: String { get }

    func load(_ key: Value) throws -> Record?
    /// At most `limit` rows in key order, starting after `after`.
    func list(limit: Int, after: Value?) throws -> [RecordSummary]
    /// One page of whole rows for the table browser (keyset pagination; filter values bound, never pasted).
    func page(_ request: RowPageRequest) throws -> RowPage
    /// The database's own estimate of the table's row count (statistics, never `COUNT(*)`), or nil when it
    /// keeps none.
    func estimatedRowCount() throws -> Int?
    /// Rows of the table `request.reference` names, as (key, label) pairs in key order (`ReferencedRows.swift`).
    func referencedRows(_ request: ReferenceRequest) throws -> [ReferencedRow]
    /// The checked delete: deletes only while the row's updated_at still equals `expected` and no one else's
    /// live claim has it `locked`. The deleted version goes to history, with `writer`.
    func delete(_ key: Value, expected: String, writer: String) throws -> DeleteOutcome
    /// Inserts a row; the database assigns the key when `fields` holds none.
    func insert(_ fields: [String: Value], writer: String) throws -> Record
    /// The checked save: writes only `changes`, and only if the row's updated_at still equals `expected`
    /// (and, when `fencingToken` is given, its edit_token still equals it). A row `locked` by a live claim
    /// is written only with that claim's token as `fencingToken` (else `.locked`), whatever the caller's mode.
    func save(_ key: Value, changes: [String: Value], expected: String, writer: String, fencingToken: Int64?) throws -> SaveOutcome
    /// Re-creates a deleted row from `fields` (its key included): a checked insert that writes nothing and
    /// returns nil when a row with that key exists again.
    func recreate(_ fields: [String: Value], writer: String) throws -> Record?
    /// The row as it was at `updatedAt`: the current row or a version kept in history.
    func version(_ key: Value, at updatedAt: String) throws -> Record?
    /// Replaced and deleted versions, newest first.
    func history(_ key: Value) throws -> [HistoryEntry]
    /// Who wrote the version stamped `updatedAt`, when a recedit process did.
    func writer(of key: Value, at updatedAt: String) throws -> String?
    /// One edit-state transition as one conditional UPDATE. Returns nil when the row does not exist.
    func apply(_ request: EditRequest, to key: Value) throws -> EditOutcome?
    /// A way to hear about changes to the table from any writer.
    func makeChangeFeed() throws -> ChangeFeed

    // MARK: The change log (`recedit watch`)
    //
    // Every store keeps a change log: a table `recedit_changes` (next to `recedit_history`) with one row per
    // committed insert, update (with the changed data columns), delete, claim and release of an adopted table, by
    // any writer, written by the same triggers that keep history (so foreign writers are logged too), in the
    // writer's own transaction (a change that rolls back is never logged). Each row has a `seq`, the position.
    // `adopt` (and opening a table an older recedit set up) creates the log and its triggers.
    //
    // The contract a new database must meet (the contract suite checks it):
    // - Positions increase and are never reused; `changes(after:)` returns only committed changes.
    // - Complete: a reader that calls `changes(after: p)` with the position of the last change it got, again and
    //   again, gets every change exactly once: no gaps, no duplicates. A change must never become visible with a
    //   position lower than one already handed out. Databases that assign the position before commit
    //   (PostgreSQL sequences, MariaDB AUTO_INCREMENT) must hold back changes while a transaction that may own a
    //   lower position is still running (see PostgresRecordStore.changes for one way).
    // - Per row, positions are in commit order (the second writer of a row waits for the first to commit, so
    //   a position taken in an AFTER trigger is enough).

    /// The position of the newest complete change of the whole log (0 when it is empty): `changes(after:)` from
    /// here returns only changes committed later.
    func changePosition() throws -> Int64
    /// The position just before the first change recorded after `stamp` (UTC text, like `updatedAt`; the database
    /// clock when the trigger ran): `changes(after:)` from here starts with the changes recorded after that time.
    func changePosition(after stamp: String) throws -> Int64
    /// This table's changes after `position`, in position order, at most `limit`; empty when there is none yet.
    /// Never blocks for long (a transaction still running can hold later changes back until it ends).
    func changes(after position: Int64, limit: Int) throws -> [Change]
    /// A way to hear about changes to one row (the open one) from any writer; a store whose feed is a poll reads
    /// only that row. Defaults to `makeChangeFeed()`.
    func makeChangeFeed(watching key: Value) throws -> ChangeFeed
}

extension RecordStore {
    public func makeChangeFeed(watching key: Value) throws -> ChangeFeed { try makeChangeFeed() }

    /// The label of the referenced row with `key`; nil when there is no such row or it has no label.
    public func referenceLabel(_ reference: ColumnReference, key: Value) throws -> String? {
        try referencedRows(ReferenceRequest(reference: reference, key: key, limit: 1)).first?.label
    }
}

/// Tells the editor's event loop that the table may have changed.
public protocol ChangeFeed: AnyObject {
    /// A descriptor to poll for readability, or nil when `check()` must run on a timer.
    var fileDescriptor: Int32? { get }
    /// True when something may have changed since the last call. Cheap; never blocks.
    func check() throws -> Bool
}

/// A database, before a table is chosen: schema setup and opening tables.
public protocol RecordDatabase: AnyObject {
    var location: String { get }
    /// Creates the demo table `records` (with recedit's columns, triggers and history), idempotently.
    /// Returns the number of demo rows inserted (0 when the table already had rows or `demo` is false).
    func initialize(demo: Bool, names: ReceditColumnNames) throws -> Int
    /// Adds recedit's columns, triggers and history to an existing table, idempotently. Returns the key column.
    func adopt(table: String, key: String?, names: ReceditColumnNames) throws -> String
    func openTable(_ table: String, key: String?, names: ReceditColumnNames) throws -> RecordStore
    /// The tables recedit has set up in this database (by `init` or `adopt`), by name: for shell completion.
    func receditTables() throws -> [String]
}

extension RecordDatabase {
    public func receditTables() throws -> [String] { [] }
}
