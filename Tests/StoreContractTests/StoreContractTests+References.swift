import Foundation
import RecEditCore
import XCTest

/// `referencedRows` / `referenceLabel`: a foreign key's target table (not adopted by recedit) read as (key, label),
/// on every database.
extension StoreContractTests {
    private var referencesSQL: [String] {
        let engine = self is MariaDBContractTests ? " ENGINE=InnoDB" : ""
        let reference = self is MariaDBContractTests ? ", FOREIGN KEY (warehouse) REFERENCES warehouses(id)" : ""
        let inline = self is MariaDBContractTests ? "" : " REFERENCES warehouses(id)"
        return [
            "CREATE TABLE warehouses (id BIGINT PRIMARY KEY, rank INTEGER, name TEXT)" + engine,
            "CREATE TABLE parcels (id BIGINT PRIMARY KEY, warehouse BIGINT\(inline), note TEXT\(reference))" + engine,
            """
            INSERT INTO warehouses (id, rank, name) VALUES
            (1, 10, 'Alice'), (2, 20, '50% off'), (3, 30, '500 off'), (4, 40, 'a_b'), (5, 50, 'axb'), (6, 60, '上海仓库'), (7, 70, NULL)
            """,
            "INSERT INTO parcels (id, warehouse, note) VALUES (1, 6, 'first')",
        ]
    }

    func testReferencedRowsListKeysAndLabelsWithALiteralFilter() throws {
        let database = try makeDatabase()
        for sql in referencesSQL { try foreignExecute(sql) }
        _ = try database.adopt(table: "parcels", key: nil, names: names)
        let store = try database.openTable("parcels", key: nil, names: names)
        let reference = try XCTUnwrap(store.schema.column(named: "warehouse")?.references)
        XCTAssertEqual(reference, ColumnReference(table: "warehouses", column: "id"))

        func keys(_ search: String?, after: Value? = nil, limit: Int = 20) throws -> [Int64] {
            try store.referencedRows(ReferenceRequest(reference: reference, search: search, after: after, limit: limit)).map {
                guard case .integer(let key) = $0.key else { XCTFail("key \($0.key)"); return -1 }
                return key
            }
        }
        let all = try store.referencedRows(ReferenceRequest(reference: reference, limit: 20))
        XCTAssertEqual(all.map(\.label), ["Alice", "50% off", "500 off", "a_b", "axb", "上海仓库", nil], "the first text column, not rank")
        XCTAssertEqual(try keys(nil, limit: 2), [1, 2])
        XCTAssertEqual(try keys(nil, after: .integer(2), limit: 2), [3, 4])
        XCTAssertEqual(try keys("50%"), [2], "% is literal")
        XCTAssertEqual(try keys("a_b"), [4], "_ is literal")
        XCTAssertEqual(try keys("ALICE"), [1])
        XCTAssertEqual(try keys("上海"), [6])
        XCTAssertEqual(try keys("nothing like it"), [])

        XCTAssertEqual(try store.referenceLabel(reference, key: .integer(6)), "上海仓库")
        XCTAssertEqual(try store.referenceLabel(reference, key: .text("2")), "50% off", "a key typed as text")
        XCTAssertNil(try store.referenceLabel(reference, key: .integer(99)))
    }
}
