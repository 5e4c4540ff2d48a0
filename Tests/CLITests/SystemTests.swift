import Foundation
import XCTest

@testable import RecEditCLI

/// `System` gives the command line what it used to take from Foundation; these check it gives the same.
final class SystemTests: XCTestCase {
    func testEnvironmentIsFoundations() {
        XCTAssertEqual(System.environment(), ProcessInfo.processInfo.environment)
    }

    func testUTCOffsetFollowsTZ() {
        let saved = getenv("TZ").map { String(cString: $0) }
        defer {
            if let saved { setenv("TZ", saved, 1) } else { unsetenv("TZ") }
            tzset()
        }
        for (zone, offset) in [("Asia/Shanghai", 8 * 3600), ("UTC", 0), ("America/Caracas", -4 * 3600)] {
            setenv("TZ", zone, 1)
            tzset()
            XCTAssertEqual(System.utcOffsetSeconds(), offset, zone)
            XCTAssertEqual(System.utcOffsetSeconds(), TimeZone(identifier: zone)?.secondsFromGMT(), zone)
        }
    }

    func testFilesAndDirectories() throws {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("recedit-system-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: base) }
        XCTAssertFalse(System.fileExists(base))
        XCTAssertNil(System.createDirectories(base + "/a/b/c"))
        XCTAssertNil(System.createDirectories(base + "/a/b/c"), "already there")
        XCTAssertTrue(System.fileExists(base + "/a/b"))
        XCTAssertNil(System.contents(base + "/a"), "a directory is not a file to read")
        FileManager.default.createFile(atPath: base + "/f", contents: Data("héllo".utf8), attributes: [.posixPermissions: 0o640])
        XCTAssertEqual(System.contents(base + "/f"), Array("héllo".utf8))
        XCTAssertEqual(System.permissions(base + "/f"), 0o640)
        XCTAssertNil(System.permissions(base + "/missing"))
        XCTAssertEqual(System.createDirectories(base + "/f/g"), ENOTDIR)
        XCTAssertEqual(System.describe(ENOENT), "No such file or directory")
    }

    func testShellQuotingEscapesAQuoteFollowedByACombiningMark() {
        XCTAssertEqual(ShellWord.quote("it's"), #"'it'\''s'"#)
        // The shell reads bytes: the quote must be escaped though a combining mark makes it one Character with it.
        XCTAssertEqual(ShellWord.quote("a'\u{301}b"), "'a'\\''\u{301}b'")
    }

    func testUserNamesOfOnlySpacesAreEmpty() {
        for name in ["   ", "\t", "\u{3000}", "\u{A0} "] {
            XCTAssertNotNil(Configuration.userNameProblem(name), name)
        }
        XCTAssertNil(Configuration.userNameProblem("李 雷"))
    }
}
