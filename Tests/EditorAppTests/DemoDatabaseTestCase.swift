import Foundation
import RecEditCore
import SQLiteStore
import XCTest

/// A test case with the demo table in a fresh SQLite file of its own, removed afterwards.
class DemoDatabaseTestCase: XCTestCase {
    var directory = ""
    var database: SQLiteDatabase!
    var store: RecordStore!
    let me = "me@host:100"

    override func setUpWithError() throws {
        directory = NSTemporaryDirectory() + "recedit-\(type(of: self))-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        database = try SQLiteDatabase(path: directory + "/db.sqlite", create: true)
        _ = try database.initialize(demo: true, names: ReceditColumnNames())
        store = try database.openTable("records", key: nil, names: ReceditColumnNames())
    }

    override func tearDownWithError() throws {
        store = nil
        database = nil
        try? FileManager.default.removeItem(atPath: directory)
    }
}
