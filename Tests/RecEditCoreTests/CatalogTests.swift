import Foundation
import XCTest

@testable import RecEditCore

final class CatalogTests: XCTestCase {
    func testEveryKeyHasBothLanguages() {
        for (key, entry) in Catalog.entries.sorted(by: { $0.key < $1.key }) {
            XCTAssertFalse(entry.english.isEmpty, "\(key): no English")
            XCTAssertFalse(entry.chinese.isEmpty, "\(key): no Chinese translation")
        }
    }

    func testTranslationsKeepEveryPlaceholder() {
        for (key, entry) in Catalog.entries.sorted(by: { $0.key < $1.key }) {
            XCTAssertEqual(
                Catalog.placeholders(in: entry.chinese).sorted(), Catalog.placeholders(in: entry.english).sorted(),
                "\(key): the Chinese text drops or invents a placeholder")
        }
    }

    func testNoKeyIsDefinedTwice() {
        let twice = Catalog.keyCounts.filter { $0.value > 1 }.keys.sorted()
        XCTAssertEqual(twice, [], "keys defined more than once")
    }

    /// Every `localized("key"` and `Catalog.text("key"` in Sources names a key the catalog has.
    func testEveryKeyTheCodeAsksForExists() throws {
        let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Sources")
        let files = try XCTUnwrap(FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil))
        var asked = 0
        for case let file as URL in files where file.pathExtension == "swift" {
            let text = try String(contentsOf: file, encoding: .utf8)
            for marker in ["localized(\"", "Catalog.text(\""] {
                var rest = Substring(text)
                while let start = rest.range(of: marker) {
                    let after = rest[start.upperBound...]
                    guard let end = after.firstIndex(of: "\"") else { break }
                    let key = String(after[..<end])
                    asked += 1
                    XCTAssertNotNil(Catalog.entries[key], "\(file.lastPathComponent) asks for '\(key)', which the catalog lacks")
                    rest = after[end...].dropFirst()
                }
            }
        }
        XCTAssertGreaterThan(asked, 0, "found no localized(\"…\") calls: is the scan looking in the right place?")
    }

    func testPlaceholdersAreFilledOnceAndArgumentsAreNotRescanned() {
        XCTAssertEqual(Catalog.fill("saved {key} as {who}", ["key": "{who}", "who": "alice"]), "saved {who} as alice")
        XCTAssertEqual(Catalog.fill("a {b", ["b": "x"]), "a {b")
        XCTAssertEqual(Catalog.placeholders(in: "{a} and {b_2} but not {} or {x y}"), ["a", "b_2"])
    }

    func testUnknownKeyReadsAsItself() {
        XCTAssertEqual(Catalog.text("no.such.key"), "no.such.key")
    }

    func testLanguageFollowsPosixOrderNotInstalledLocales() {
        XCTAssertEqual(Language.from(environment: [:]), .english)
        XCTAssertEqual(Language.from(environment: ["LANG": "zh_CN.UTF-8"]), .chinese)
        XCTAssertEqual(Language.from(environment: ["LANG": "zh_TW.UTF-8"]), .chinese)
        XCTAssertEqual(Language.from(environment: ["LANG": "zh"]), .chinese)
        XCTAssertEqual(Language.from(environment: ["LANG": "zh_CN.GB18030"]), .chinese)
        XCTAssertEqual(Language.from(environment: ["LANG": "zhx_CN"]), .english)
        XCTAssertEqual(Language.from(environment: ["LANG": "C.UTF-8"]), .english)
        // LC_ALL beats LC_MESSAGES beats LANG; an empty variable does not count.
        XCTAssertEqual(Language.from(environment: ["LC_ALL": "en_US.UTF-8", "LANG": "zh_CN.UTF-8"]), .english)
        XCTAssertEqual(Language.from(environment: ["LC_MESSAGES": "zh_CN.UTF-8", "LANG": "en_US.UTF-8"]), .chinese)
        XCTAssertEqual(Language.from(environment: ["LC_ALL": "", "LC_MESSAGES": "", "LANG": "zh_CN.UTF-8"]), .chinese)
        XCTAssertEqual(Language.from(environment: ["LC_ALL": "C", "LANG": "zh_CN.UTF-8"]), .english)
    }

    func testTextFollowsTheCurrentLanguage() {
        let saved = Language.current
        defer { Language.current = saved }
        Language.current = .chinese
        XCTAssertEqual(localized("common.yes"), "是")
        Language.current = .english
        XCTAssertEqual(localized("common.yes"), "yes")
    }
}
