import Foundation
import RecEditCore
import XCTest

/// Values at the edges of their types, on every database.
extension StoreContractTests {
    func testInfiniteAndNaNRealsRoundTripThroughHistory() throws {
        let database = try makeDatabase()
        try foreignExecute("CREATE TABLE prices (id INTEGER PRIMARY KEY, price DOUBLE PRECISION, low DOUBLE PRECISION, odd DOUBLE PRECISION)")
        try foreignExecute("INSERT INTO prices (id, price, low, odd) VALUES (1, 1.5, 1.5, 1.5)")
        _ = try database.adopt(table: "prices", key: nil, names: names)
        let store = try database.openTable("prices", key: nil, names: names)
        let v0 = try XCTUnwrap(try store.load(.integer(1)))
        if refusesNonFiniteReals { return try nonFiniteRealsAreRefused(store, v0) }
        let v1 = try saved(
            try store.save(
                .integer(1), changes: ["price": .real(.infinity), "low": .real(-.infinity), "odd": .real(.nan)],
                expected: v0.updatedAt, writer: "alice@h:1", fencingToken: nil))
        XCTAssertEqual(v1["price"], .real(.infinity))
        XCTAssertEqual(v1["low"], .real(-.infinity))
        // PostgreSQL keeps NaN; SQLite stores a NaN REAL as NULL.
        XCTAssertTrue(v1["odd"] == .real(.nan) || v1["odd"] == .null, "\(v1["odd"])")
        let v2 = try saved(try store.save(.integer(1), changes: ["price": .real(2)], expected: v1.updatedAt, writer: "bob@h:2", fencingToken: nil))
        let history = try store.history(.integer(1))
        XCTAssertEqual(history.first?.fields["price"], .real(.infinity))
        XCTAssertEqual(history.first?.fields["low"], .real(-.infinity))
        XCTAssertEqual(history.first?.fields["odd"], v1["odd"])
        XCTAssertEqual(history.first?.fields, v1.fields)
        XCTAssertEqual(try store.version(.integer(1), at: v1.updatedAt)?.fields, v1.fields, "a stale save's merge base reads back exactly")
        XCTAssertEqual(v2["odd"], v1["odd"], "an untouched NaN is not a change")
    }

    /// Where the database cannot store them, a save of infinity or NaN is refused, the column named, nothing written;
    /// finite doubles still keep every bit, in the row and in history.
    func nonFiniteRealsAreRefused(_ store: RecordStore, _ v0: Record) throws {
        for bad in [Double.infinity, -.infinity, .nan] {
            XCTAssertThrowsError(try store.save(.integer(1), changes: ["price": .real(bad)], expected: v0.updatedAt, writer: "a", fencingToken: nil)) {
                guard case StoreError.constraint(let message) = $0 else { return XCTFail("expected a constraint error, got \($0)") }
                XCTAssertTrue(message.contains("price"), message)
            }
        }
        XCTAssertEqual(try store.load(.integer(1)), v0)
        let v1 = try saved(try store.save(.integer(1), changes: ["price": .real(0.1 + 0.2)], expected: v0.updatedAt, writer: "a", fencingToken: nil))
        XCTAssertEqual(v1["price"], .real(0.1 + 0.2), "doubles keep every bit")
        _ = try saved(try store.save(.integer(1), changes: ["price": .real(2)], expected: v1.updatedAt, writer: "a", fencingToken: nil))
        XCTAssertEqual(try store.version(.integer(1), at: v1.updatedAt)?.fields, v1.fields, "and so does history")
    }
}
