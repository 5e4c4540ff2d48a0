import RecEditCore
import XCTest

final class FieldMergeTests: XCTestCase {
    func verdict(_ base: Value, _ mine: Value, _ theirs: Value) -> FieldVerdict {
        FieldMerge.classify(column: "f", base: base, mine: mine, theirs: theirs).verdict
    }

    func testClassification() {
        XCTAssertEqual(verdict(.integer(1), .integer(1), .integer(1)), .unchanged)
        XCTAssertEqual(verdict(.integer(1), .integer(2), .integer(1)), .mine)
        XCTAssertEqual(verdict(.integer(1), .integer(1), .integer(3)), .theirs)
        XCTAssertEqual(verdict(.integer(1), .integer(2), .integer(2)), .same)
        XCTAssertEqual(verdict(.integer(1), .integer(2), .integer(3)), .conflict)
        XCTAssertEqual(verdict(.text("a"), .null, .text("a")), .mine, "NULL is a value of its own")
        XCTAssertEqual(verdict(.text(""), .null, .text("x")), .conflict, "empty text and NULL differ")
        XCTAssertEqual(verdict(.integer(1), .real(1), .integer(1)), .mine, "1 and 1.0 differ in type")
        XCTAssertEqual(verdict(.text("one line"), .text("mine"), .text("theirs")), .conflict)
    }

    func testNonFiniteRealsAreValuesLikeAnyOther() {
        XCTAssertEqual(verdict(.real(.nan), .real(.nan), .real(.nan)), .unchanged, "NaN is the same value as NaN")
        XCTAssertEqual(verdict(.real(.nan), .real(4), .real(.nan)), .mine)
        XCTAssertEqual(verdict(.real(.infinity), .real(.infinity), .real(-.infinity)), .theirs)
        XCTAssertEqual(Set([Value.real(.nan), .real(.nan), .real(-0.0), .real(0)]).count, 2)
    }

    func testMultiLineTextMergesByLine() {
        let base = "para 1\npara 2\npara 3\n"
        let merge = FieldMerge.classify(
            column: "body", base: .text(base), mine: .text("para 1 (alice)\npara 2\npara 3\n"),
            theirs: .text("para 1\npara 2\npara 3 (bob)\n"))
        XCTAssertEqual(merge.verdict, .textMerged)
        XCTAssertEqual(merge.merged, .text("para 1 (alice)\npara 2\npara 3 (bob)\n"))
    }

    func testOverlappingLinesAreAConflictWithHunks() {
        let merge = FieldMerge.classify(column: "body", base: .text("a\nb\nc\n"), mine: .text("a\nB1\nc\n"), theirs: .text("a\nB2\nc\n"))
        XCTAssertEqual(merge.verdict, .conflict)
        XCTAssertNil(merge.merged)
        XCTAssertEqual(merge.textMerge?.conflictCount, 1)
    }

    func testRecordMergeTellsWhatCameFromWhom() {
        let schema = Schema(
            table: "t", keyColumn: "id",
            columns: [
                Column(name: "id", declaredType: "INTEGER", kind: .integer, isKey: true),
                Column(name: "title", declaredType: "TEXT", kind: .text),
                Column(name: "priority", declaredType: "INTEGER", kind: .integer),
                Column(name: "due", declaredType: "TEXT", kind: .text),
                Column(name: "updated_at", declaredType: "TEXT", kind: .text),
            ], recedit: ReceditColumnNames())
        let base = Record(key: .integer(1), fields: ["id": .integer(1), "title": .text("t"), "priority": .integer(1), "due": .null], updatedAt: "a")
        var mine = base
        mine.fields["title"] = .text("mine")
        var theirs = base
        theirs.fields["priority"] = .integer(5)
        theirs.updatedAt = "b"
        let merge = RecordMerge.merge(base: base, mine: mine, theirs: theirs, schema: schema)
        XCTAssertFalse(merge.hasConflicts)
        XCTAssertEqual(merge.takenFromTheirs, ["priority"])
        XCTAssertEqual(merge.changesOverTheirs(), ["title": .text("mine")])
        XCTAssertEqual(merge.fields.map(\.column), ["title", "priority", "due"], "the key and recedit's columns are not merged")

        theirs.fields["title"] = .text("theirs")
        let clash = RecordMerge.merge(base: base, mine: mine, theirs: theirs, schema: schema)
        XCTAssertEqual(clash.conflicts.map(\.column), ["title"])
        XCTAssertNil(clash.changesOverTheirs())
    }
}
