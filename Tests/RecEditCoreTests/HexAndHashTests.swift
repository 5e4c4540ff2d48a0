import RecEditCore
import XCTest

final class HexAndHashTests: XCTestCase {
    func testHexRoundTripsEveryByte() {
        let bytes = (0...255).map(UInt8.init)
        let text = Hex.encode(bytes)
        XCTAssertEqual(text.count, 512)
        XCTAssertTrue(text.hasPrefix("000102"))
        XCTAssertTrue(text.hasSuffix("fdfeff"))
        XCTAssertEqual(Hex.decode(text), bytes)
        XCTAssertEqual(Hex.decode(text.uppercased()), bytes, "either case is read")
    }

    func testHexRoundTripsRandomBytes() {
        var generator = SystemRandomNumberGenerator()
        for length in [0, 1, 2, 3, 17, 1000] {
            let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            XCTAssertEqual(Hex.decode(Hex.encode(bytes)), bytes)
        }
    }

    func testHexReadsTheBlobNotation() {
        XCTAssertEqual(Hex.decode("x'0a1B'"), [0x0a, 0x1b])
        XCTAssertEqual(Hex.decode("X'ff'"), [0xff])
        XCTAssertEqual(Hex.decode(""), [])
        XCTAssertEqual(Hex.encode(0x0a), "0a")
        XCTAssertEqual(Hex.encode([0xde, 0xad][...]), "dead", "slices too")
    }

    func testMalformedHexIsRefused() {
        for bad in ["0", "abc", "0g", "zz", "x'0'", "x'0a", "0a'", " 0a", "0a ", "0x0a", "é0", "\\x0a"] {
            XCTAssertNil(Hex.decode(bad), bad)
        }
        XCTAssertEqual(ValueParser.blob(fromHex: "0g"), .text("0g"), "history text that is not hex stays text")
        XCTAssertEqual(ValueParser.blob(fromHex: "0a"), .blob([0x0a]))
    }

    func testBlobsAndInvalidUTF8DisplayThroughTheCodec() {
        XCTAssertEqual(Value.blob([0x00, 0xab]).displayText, "x'00ab'")
        XCTAssertEqual(Value.escapingInvalidUTF8([0x41, 0xff, 0x42]), "A\\xffB")
    }

    /// Published FNV-1a 64 vectors, and one name a real database already holds (so it must never change).
    func testFNV1aKnownValues() {
        XCTAssertEqual(FNV1a.hex(""), "cbf29ce484222325")
        XCTAssertEqual(FNV1a.hex("a"), "af63dc4c8601ec8c")
        XCTAssertEqual(FNV1a.hex("foobar"), "85944171f73967e8")
        XCTAssertEqual(FNV1a.hash("a".utf8), 0xaf63_dc4c_8601_ec8c)
        XCTAssertEqual(FNV1a.hex("public.records"), "3e97d08258a731e4", "PostgreSQL trigger functions are named by it")
    }

    func testFNV1aIsAlwaysSixteenDigits() {
        for text in ["", "x", "records", "a much longer table name, with spaces and ünïcödé", String(repeating: "z", count: 10_000)] {
            let hex = FNV1a.hex(text)
            XCTAssertEqual(hex.count, 16)
            XCTAssertEqual(UInt64(hex, radix: 16), FNV1a.hash(text.utf8))
        }
    }
}
