import RecEditCore
import XCTest

final class ValueParsingTests: XCTestCase {
    let integer = Column(name: "priority", declaredType: "INTEGER", kind: .integer)
    let required = Column(name: "n", declaredType: "INTEGER", kind: .integer, notNull: true)
    let text = Column(name: "title", declaredType: "TEXT", kind: .text)
    let real = Column(name: "price", declaredType: "REAL", kind: .real)
    let blob = Column(name: "data", declaredType: "BLOB", kind: .blob)

    /// scripts/faults F9 found it: a high surrogate followed by an escape that is not a low one crashed
    /// the parser (arithmetic overflow). Now the lone half is U+FFFD and the next escape stands.
    func testJSONLoneHighSurrogateBeforeAnotherEscape() throws {
        XCTAssertEqual(try JSON.parse(#""\ud83d\u0041""#), .string("\u{FFFD}A"))
        XCTAssertEqual(try JSON.parse(#""\ud83d\ude00""#), .string("\u{1F600}"))
    }

    func testValuesParseByColumnType() throws {
        XCTAssertEqual(try ValueParser.parse("42", for: integer), .integer(42))
        XCTAssertEqual(try ValueParser.parse(" -7 ", for: integer), .integer(-7))
        XCTAssertEqual(try ValueParser.parse("", for: integer), .null)
        XCTAssertEqual(try ValueParser.parse("", for: text), .text(""))
        XCTAssertEqual(try ValueParser.parse("  spaced ", for: text), .text("  spaced "))
        XCTAssertEqual(try ValueParser.parse("2.5", for: real), .real(2.5))
        XCTAssertEqual(try ValueParser.parse("x'0aff'", for: blob), .blob([0x0A, 0xFF]))
        XCTAssertThrowsError(try ValueParser.parse("abc", for: integer)) {
            XCTAssertEqual(($0 as? ValueParseError)?.message, "field 'priority': 'abc' is not an integer")
        }
        XCTAssertThrowsError(try ValueParser.parse("", for: required))
        XCTAssertThrowsError(try ValueParser.parse("1.5", for: integer))
        XCTAssertThrowsError(try ValueParser.parse("nan", for: real))
        XCTAssertThrowsError(try ValueParser.parse("xyz", for: blob))
    }

    func testAssignments() {
        XCTAssertEqual(FieldAssignment.parse("title=Hello = world"), FieldAssignment(column: "title", text: "Hello = world"))
        XCTAssertEqual(FieldAssignment.parse("title="), FieldAssignment(column: "title", text: ""))
        XCTAssertEqual(FieldAssignment.parse("due:=null"), FieldAssignment(column: "due", text: nil))
        XCTAssertNil(FieldAssignment.parse("due:=5"))
        XCTAssertNil(FieldAssignment.parse("=x"))
        XCTAssertNil(FieldAssignment.parse("title"))
    }

    func testEditableTextRoundTrips() throws {
        for (value, column) in [(Value.integer(5), integer), (.real(2.25), real), (.text("a\nb"), text), (.blob([1, 2, 255]), blob)] {
            XCTAssertEqual(try ValueParser.parse(ValueParser.editableText(value), for: column), value)
        }
    }

    func testTextThatIsNotUTF8KeepsItsBytes() {
        XCTAssertEqual(Value.text(bytes: Array("héllo".utf8)), .text("héllo"))
        let raw: [UInt8] = [0x41, 0xFF, 0x42, 0xC3, 0xA9, 0xE2, 0x82]  // A, invalid, B, é, a truncated sequence
        let value = Value.text(bytes: raw)
        XCTAssertEqual(value, .textBytes(raw))
        XCTAssertEqual(value.displayText, "A\\xffBé\\xe2\\x82")
        XCTAssertEqual(ValueParser.editableText(value), value.displayText)
        XCTAssertNotEqual(value, .text(String(decoding: raw, as: UTF8.self)), "never the same as the U+FFFD text")
        XCTAssertEqual(value.json.serialized(), #"{"$text_hex":"41ff42c3a9e282"}"#)
    }

    /// A prefix names its opener before any opener claims a text without one; the CLI's openers are tested in
    /// CLITests (CLIDatabaseURLTests).
    func testDatabaseURLsGoToTheOpenerThatNamesThem() throws {
        struct Opener: DatabaseOpener {
            var prefixes: [String]
            var claimsEquals = false
            var example: String { prefixes.first ?? "" }
            func target(prefixed text: String) throws -> String {
                guard text.count > prefixes[0].count else { throw DatabaseURL.ParseError.emptyPath }
                return String(text.dropFirst(prefixes[0].count))
            }
            func claims(unprefixed text: String) -> Bool { claimsEquals && text.contains("=") }
            func location(_ target: String) -> String { target }
            func open(_ target: String, options: StoreOptions, create: Bool, readOnly: Bool) throws -> RecordDatabase {
                throw StoreError.unsupported("not opened in this test")
            }
        }
        let openers: [any DatabaseOpener] = [Opener(prefixes: ["file:"]), Opener(prefixes: ["net://"], claimsEquals: true)]
        func parsed(_ text: String) throws -> (prefix: String, target: String) {
            let url = try DatabaseURL.parse(text, openers: openers)
            return (url.opener.prefixes[0], url.target)
        }
        XCTAssertEqual(try parsed("file:a=b").prefix, "file:")
        XCTAssertEqual(try parsed("file:a=b").target, "a=b")
        XCTAssertEqual(try parsed("net://h").target, "h")
        XCTAssertEqual(try parsed("host=h").prefix, "net://")
        XCTAssertEqual(try parsed("host=h").target, "host=h")
        XCTAssertThrowsError(try parsed("file:"))
        XCTAssertThrowsError(try parsed("other://x")) {
            XCTAssertEqual($0 as? DatabaseURL.ParseError, .unrecognized("other://x"))
        }
    }

    func testIdentifiersAreQuoted() {
        XCTAssertEqual(quoteIdentifier("records"), "\"records\"")
        XCTAssertEqual(quoteIdentifier("we\"ird"), "\"we\"\"ird\"")
        XCTAssertEqual(quoteLiteral("it's"), "'it''s'")
    }
}

final class StampTests: XCTestCase {
    func testParsesAndFormatsMicroseconds() {
        let us = Stamp.microseconds(from: "2026-11-27 20:47:17.123456")
        XCTAssertEqual(us.map { Stamp.text(microseconds: $0) }, "2026-11-27 20:47:17.123456")
        XCTAssertEqual(Stamp.microseconds(from: "1970-01-01 00:00:01"), 1_000_000)
        XCTAssertEqual(Stamp.microseconds(from: "1970-01-01T00:00:00.5+00"), 500_000)
        XCTAssertEqual(Stamp.microseconds(from: "2000-03-01 00:00:00.000001")! - Stamp.microseconds(from: "2000-02-29 23:59:59.999999")!, 2)
        XCTAssertNil(Stamp.microseconds(from: "yesterday"))
        XCTAssertEqual(Stamp.clockTime("2026-11-27 20:47:17.123456"), "20:47:17")
        XCTAssertEqual(Stamp.clockTime("2026-11-27 23:30:00.000000", utcOffsetSeconds: 3600), "00:30:00")
    }
}

final class JSONTests: XCTestCase {
    func testRoundTripKeepsIntegersAndRealsApart() throws {
        let text = #"{"a":1,"b":1.5,"c":"x\ny \u00e9","d":null,"e":[true,false],"f":{}}"#
        let json = try JSON.parse(text)
        XCTAssertEqual(json["a"], .integer(1))
        XCTAssertEqual(json["b"], .number(1.5))
        XCTAssertEqual(json["c"], .string("x\ny é"))
        XCTAssertEqual(try JSON.parse(json.serialized()), json)
    }

    func testErrorsNameLineAndColumn() {
        XCTAssertThrowsError(try JSON.parse("{\n  \"a\": 1,\n  \"b\" 2\n}")) {
            let error = $0 as? JSON.ParseError
            XCTAssertEqual(error?.line, 3)
            XCTAssertEqual(error?.column, 7)
        }
        XCTAssertThrowsError(try JSON.parse("{\"a\": 1} x"))
        XCTAssertThrowsError(try JSON.parse("[1, 2"))
    }

    func testNonFiniteRealsHaveADocumentedEncodingAndRoundTrip() throws {
        for (d, text) in [(Double.infinity, "Infinity"), (-Double.infinity, "-Infinity"), (Double.nan, "NaN")] {
            let json = Value.real(d).json
            XCTAssertEqual(json.serialized(), #"{"$real":""# + text + #""}"#, "never a silent null")
            let back = try XCTUnwrap(try JSON.parse(json.serialized()).taggedReal)
            XCTAssertEqual(back.isNaN, d.isNaN)
            if !d.isNaN { XCTAssertEqual(back, d) }
            XCTAssertEqual(Value.real(d).displayText, text)
        }
        XCTAssertEqual(JSON.number(.infinity).serialized(), #"{"$real":"Infinity"}"#)
        XCTAssertEqual(Value.real(2.5).json.serialized(), "2.5")
        XCTAssertNil(JSON.string("Infinity").taggedReal, "text that says Infinity stays text")
    }

    func testSQLiteHistoryJSONWithInfiniteRealsParses() throws {
        // What SQLite's json_object writes for 9e999: `Inf` before 3.42, `9.0e+999` after.
        for text in [#"{"price":Inf,"low":-Inf}"#, #"{"price":9.0e+999,"low":-9.0e+999}"#, #"{"price":Infinity,"low":-Infinity}"#] {
            let json = try JSON.parse(text, nonFinite: true)
            XCTAssertEqual(json["price"], .number(.infinity), text)
            XCTAssertEqual(json["low"], .number(-.infinity), text)
        }
        guard case .number(let nan)? = try JSON.parse(#"{"x":NaN}"#, nonFinite: true)["x"] else { return XCTFail("NaN is a number") }
        XCTAssertTrue(nan.isNaN)
        XCTAssertThrowsError(try JSON.parse(#"{"price":Inf}"#), "strict JSON (config files) still refuses them")
        XCTAssertThrowsError(try JSON.parse(#"{"price":Info}"#, nonFinite: true))
    }

    func testParseErrorsDescribeThemselvesInOneLine() {
        XCTAssertThrowsError(try JSON.parse(#"{"price":Inf}"#)) {
            XCTAssertEqual("\($0)", "line 1, column 10: unexpected character 'I'")
        }
        XCTAssertEqual("\(ValueParseError(column: "n", input: "x", expected: "an integer"))", "field 'n': 'x' is not an integer")
    }

    func testControlCharactersAreEscapedInOutput() {
        XCTAssertEqual(JSON.string("\u{1B}]0;x\u{07}").serialized(), #""\u001b]0;x\u0007""#)
        XCTAssertEqual(Value.blob([0, 1, 2, 255]).json, .string("AAEC/w=="))
    }
}
