import RecEditCore

// The change log (`recedit watch`) is not kept on MariaDB yet: its triggers write history but no
// `recedit_changes`. Until they do, watching a MariaDB table says so in one line.
extension MariaDBRecordStore {
    static let noChangeLog = StoreError.unsupported("recedit watch is not available on MariaDB/MySQL yet (no change log); use SQLite or PostgreSQL")

    public func changePosition() throws -> Int64 { throw Self.noChangeLog }
    public func changePosition(after stamp: String) throws -> Int64 { throw Self.noChangeLog }
    public func changes(after position: Int64, limit: Int) throws -> [Change] { throw Self.noChangeLog }
}
