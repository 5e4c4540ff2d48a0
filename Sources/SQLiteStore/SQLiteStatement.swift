import CSQLite
import RecEditCore

/// Owns one prepared statement; values are copied out at once.
final class SQLiteStatement {
    private unowned let connection: SQLiteConnection
    private let handle: OpaquePointer
    let sql: String

    init(connection: SQLiteConnection, sql: String) throws {
        self.connection = connection
        self.sql = sql
        var statement: OpaquePointer?
        let rc = sqlite3_prepare_v3(connection.handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &statement, nil)
        guard rc == SQLITE_OK, let statement else { throw connection.lastError(rc) }
        handle = statement
    }

    deinit { sqlite3_finalize(handle) }

    func reset() {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
    }

    func bind(_ values: [Value]) throws {
        for (i, value) in values.enumerated() {
            let index = Int32(i + 1)
            let rc: Int32
            switch value {
            case .null: rc = sqlite3_bind_null(handle, index)
            case .integer(let v): rc = sqlite3_bind_int64(handle, index, v)
            case .real(let v): rc = sqlite3_bind_double(handle, index, v)
            case .text(let s): rc = sqlite3_bind_text(handle, index, s, -1, recedit_sqlite_transient())
            case .textBytes(let bytes):
                // Written back exactly as it was read (only ever for a field nobody changed).
                rc = bytes.withUnsafeBytes { raw in
                    sqlite3_bind_text64(
                        handle, index, raw.baseAddress?.assumingMemoryBound(to: CChar.self) ?? UnsafePointer(bitPattern: 1),
                        UInt64(raw.count), recedit_sqlite_transient(), UInt8(SQLITE_UTF8))
                }
            case .blob(let bytes):
                rc = bytes.withUnsafeBytes { raw in
                    sqlite3_bind_blob64(handle, index, raw.baseAddress ?? UnsafeRawPointer(bitPattern: 1), UInt64(raw.count), recedit_sqlite_transient())
                }
            }
            guard rc == SQLITE_OK else { throw connection.lastError(rc) }
        }
    }

    /// Steps once: true when a row is ready.
    func step() throws -> Bool {
        let rc = sqlite3_step(handle)
        switch rc {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default:
            let error = connection.lastError(rc)
            sqlite3_reset(handle)
            throw error
        }
    }

    /// Steps to completion, ignoring rows.
    func run(_ values: [Value] = []) throws {
        try bind(values)
        defer { reset() }
        while try step() {}
    }

    var columnCount: Int { Int(sqlite3_column_count(handle)) }

    func column(_ i: Int) -> Value {
        let index = Int32(i)
        switch sqlite3_column_type(handle, index) {
        case SQLITE_INTEGER: return .integer(sqlite3_column_int64(handle, index))
        case SQLITE_FLOAT: return .real(sqlite3_column_double(handle, index))
        case SQLITE_TEXT:
            let count = Int(sqlite3_column_bytes(handle, index))
            guard let p = sqlite3_column_text(handle, index) else { return .text("") }
            // Bytes that are not UTF-8 are kept as they are, never replaced with U+FFFD (as Value.text(bytes:) does;
            // validating the buffer directly is many times faster than its generic round-trip comparison).
            let bytes = UnsafeBufferPointer(start: p, count: count)
            if let text = String(validating: bytes, as: UTF8.self) { return .text(text) }
            return .textBytes(Array(bytes))
        case SQLITE_BLOB:
            let count = Int(sqlite3_column_bytes(handle, index))
            guard count > 0, let p = sqlite3_column_blob(handle, index) else { return .blob([]) }
            return .blob(Array(UnsafeRawBufferPointer(start: p, count: count)))
        default: return .null
        }
    }

    func row() -> [Value] { (0..<columnCount).map(column) }
}
