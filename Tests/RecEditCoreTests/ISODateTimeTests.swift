import XCTest

@testable import RecEditCore

final class ISODateTimeTests: XCTestCase {
    func testDates() {
        XCTAssertNil(ISODateTime.problem("2024-02-29", kind: .date))
        XCTAssertNil(ISODateTime.problem("2000-02-29", kind: .date))
        XCTAssertEqual(ISODateTime.problem("1900-02-29", kind: .date), "February 1900 has 28 days")
        XCTAssertEqual(ISODateTime.problem("2026-04-31", kind: .date), "April 2026 has 30 days")
        XCTAssertEqual(ISODateTime.problem("2026-13-01", kind: .date), "there is no month 13")
        XCTAssertEqual(ISODateTime.problem("2026-1-01", kind: .date), "expected YYYY-MM-DD")
        XCTAssertEqual(ISODateTime.problem("26-12-01xx", kind: .date), "expected YYYY-MM-DD")
        XCTAssertNil(ISODateTime.problem("infinity", kind: .date))
    }

    func testTimesAndTimestamps() {
        for ok in ["13:05", "13:05:09", "13:05:09.5", "13:05:09.123456", "13:05:09Z", "13:05:09+01", "13:05:09-05:30", "13:05:09+0530"] {
            XCTAssertNil(ISODateTime.problem(ok, kind: .time), ok)
            XCTAssertNil(ISODateTime.problem("2026-12-02 " + ok, kind: .timestamp), ok)
            XCTAssertNil(ISODateTime.problem("2026-12-02T" + ok, kind: .timestamp), ok)
        }
        XCTAssertNil(ISODateTime.problem("2026-12-02", kind: .timestamp), "a date alone is midnight")
        XCTAssertEqual(ISODateTime.problem("24:00", kind: .time), "there is no hour 24")
        XCTAssertEqual(ISODateTime.problem("12:60", kind: .time), "there is no minute 60")
        XCTAssertEqual(ISODateTime.problem("12:00:61", kind: .time), "there is no second 61")
        XCTAssertEqual(ISODateTime.problem("12:00:00.1234567", kind: .time), "expected 1 to 6 digits after the seconds' '.'")
        XCTAssertEqual(ISODateTime.problem("12:00+1", kind: .time), "expected a zone like Z, +01 or +01:00")
        XCTAssertEqual(ISODateTime.problem("2026-12-02x12:00", kind: .timestamp), "expected 'T' or a space after the date")
        XCTAssertEqual(ISODateTime.problem("infinity", kind: .time), "expected HH:MM or HH:MM:SS")
    }

    func testSteppingDays() {
        XCTAssertEqual(ISODateTime.adding(days: 1, to: "2026-12-31", kind: .date), "2027-01-01")
        XCTAssertEqual(ISODateTime.adding(days: -1, to: "2024-03-01", kind: .date), "2024-02-29")
        XCTAssertEqual(ISODateTime.adding(days: 1, to: "2026-02-28T08:00:00.5+02:00", kind: .timestamp), "2026-03-01T08:00:00.5+02:00")
        XCTAssertNil(ISODateTime.adding(days: 1, to: "2026-02-3", kind: .date))
        XCTAssertNil(ISODateTime.adding(days: 1, to: "infinity", kind: .date))
        XCTAssertNil(ISODateTime.adding(days: 1, to: "12:00", kind: .time))
        XCTAssertEqual(ISODateTime.dateText(dayNumber: 0), "1970-01-01")
        XCTAssertEqual(ISODateTime.dayNumber(microseconds: -1), -1, "before the epoch rounds down")
        XCTAssertEqual(ISODateTime.dayNumber(microseconds: 86_399_000_000, utcOffsetSeconds: 1), 1)
    }
}

final class JSONRelayoutTests: XCTestCase {
    func testOneLineAndPrettyChangeOnlyWhitespace() throws {
        let text = "{\"a\" :1.50e0,\"s\":\"x , y: [\\\"q\\\"]\",\n\"e\":{},\"l\":[ ],\"n\":[1,[2,{\"k\":null}]]}"
        XCTAssertEqual(
            try JSON.relayout(text, pretty: false),
            #"{"a": 1.50e0, "s": "x , y: [\"q\"]", "e": {}, "l": [], "n": [1, [2, {"k": null}]]}"#)
        XCTAssertEqual(
            try JSON.relayout(text, pretty: true),
            """
            {
              "a": 1.50e0,
              "s": "x , y: [\\"q\\"]",
              "e": {},
              "l": [],
              "n": [
                1,
                [
                  2,
                  {
                    "k": null
                  }
                ]
              ]
            }
            """)
        let pretty = try JSON.relayout(text, pretty: true)
        XCTAssertEqual(try JSON.relayout(pretty, pretty: false), try JSON.relayout(text, pretty: false))
        XCTAssertEqual(try JSON.relayout("\"日本\"", pretty: true), "\"日本\"")
    }

    func testInvalidJSONThrowsWithLineAndColumn() {
        XCTAssertThrowsError(try JSON.relayout("{\n  \"a\": 1\n  \"b\": 2\n}", pretty: true)) { error in
            XCTAssertEqual((error as? JSON.ParseError)?.description, "line 3, column 3: expected ',' or '}'")
        }
    }
}
