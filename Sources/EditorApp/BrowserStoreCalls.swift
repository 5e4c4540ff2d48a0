import EditorCore
import RecEditCore

/// The store calls behind the browser's screens (history, restore, delete, the tables list, a new row's insert),
/// each answering with the message its screen takes. The event loop runs them on its `StoreWorker`; tests run
/// them on a real database.
enum BrowserStoreCalls {
    /// `.loadHistory`: the row now, who wrote it, and its replaced versions.
    static func history(_ store: RecordStore, key: Value) throws -> EditorMessage {
        let current = try store.load(key)
        let writer = current.flatMap { try? store.writer(of: key, at: $0.updatedAt) }
        return .historyLoaded(key: key, current: current, writer: writer, history: try store.history(key))
    }

    /// `.restoreVersion`: a checked save (no fencing token: a row someone holds locked answers `.locked`).
    static func restore(_ store: RecordStore, key: Value, changes: [String: Value], expected: String, writer owner: String) throws -> (
        SaveOutcome, EditorMessage
    ) {
        let outcome = try store.save(key, changes: changes, expected: expected, writer: owner, fencingToken: nil)
        var writer: String?
        if case .stale(let current) = outcome { writer = try? store.writer(of: key, at: current.updatedAt) }
        return (outcome, .restoreFinished(key: key, outcome, writer: writer))
    }

    /// `.deleteRow`: the checked delete; when the row changed since it was shown, who wrote it and its history
    /// (who changed which field).
    static func delete(_ store: RecordStore, key: Value, expected: String, writer owner: String) throws -> (DeleteOutcome, EditorMessage) {
        let outcome = try store.delete(key, expected: expected, writer: owner)
        var writer: String?
        var history: [HistoryEntry] = []
        if case .stale(let current) = outcome {
            writer = try? store.writer(of: key, at: current.updatedAt)
            history = (try? store.history(key)) ?? []
        }
        return (outcome, .deleteFinished(key: key, outcome, writer: writer, history: history))
    }

    /// `.describeTables`: recedit's tables with the database's row estimates (each table's store opened to ask).
    static func describeTables(_ database: RecordDatabase, current store: RecordStore) throws -> EditorMessage {
        var summaries: [TableSummary] = []
        for name in try database.receditTables() {
            let tableStore = name == store.schema.table ? store : try database.openTable(name, key: nil, names: store.schema.recedit)
            summaries.append(TableSummary(name: name, estimatedRows: try? tableStore.estimatedRowCount()))
        }
        return .tablesDescribed(summaries)
    }
}
