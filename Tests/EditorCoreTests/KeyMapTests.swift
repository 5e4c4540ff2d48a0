import RecEditCore
import XCTest

@testable import EditorCore

/// The form's keys from the config's `keys` section: names, defaults, conflicts, and what the form does with them.
final class KeyMapTests: XCTestCase {
    func map(_ section: [(action: String, keys: [String])]) throws -> KeyMap { try KeyMap(section) }

    func error(_ section: [(action: String, keys: [String])]) -> KeyMapError? {
        do {
            _ = try KeyMap(section)
            return nil
        } catch { return error }
    }

    // MARK: Names

    func testKeyNamesParseInEveryDocumentedSpelling() {
        for text in ["C-s", "c-S", "Ctrl-S", "ctrl+s", "^S"] { XCTAssertEqual(KeyMap.parse(text), .control("s"), text) }
        XCTAssertEqual(KeyMap.parse("F1"), .function(1))
        XCTAssertEqual(KeyMap.parse("f12"), .function(12))
        XCTAssertEqual(KeyMap.parse("PgDn"), .pageDown)
        XCTAssertEqual(KeyMap.parse("PageUp"), .pageUp)
        XCTAssertEqual(KeyMap.parse("up"), .up)
        XCTAssertEqual(KeyMap.parse("Esc"), .escape)
        XCTAssertEqual(KeyMap.parse("S-Tab"), .backTab)
        XCTAssertEqual(KeyMap.parse("x"), .character("x"))
        for text in ["", "F0", "F13", "F01", "C-", "C-1", "Ctrl-ss", "Hyper-x", "PgDown ", " "] {
            XCTAssertNil(KeyMap.parse(text), text)
        }
    }

    func testNamesReadBackAsTheyParse() {
        for action in KeyAction.allCases {
            for key in action.defaultKeys {
                XCTAssertEqual(KeyMap.parse(KeyMap.name(key)), key, KeyMap.name(key))
            }
        }
    }

    // MARK: Defaults

    func testTheDefaultsAreTodaysKeysAndTranslateToThemselves() {
        let keys = KeyMap.standard
        XCTAssertTrue(keys.isStandard)
        XCTAssertEqual(keys.keys(for: .save), [.control("s")])
        XCTAssertEqual(keys.keys(for: .help), [.function(1), .control("g")])
        XCTAssertEqual(keys.keys(for: .left), [.left, .control("b")])
        for key: Key in [.control("s"), .character("x"), .function(2), .tab, .control("z"), .enter] {
            XCTAssertEqual(keys.translate(key), key)
        }
    }

    // MARK: Errors

    func testUnknownActionUnknownKeyAndReservedKeysAreRefused() {
        XCTAssertEqual(error([("sav", ["F2"])]), .unknownAction("sav"))
        XCTAssertTrue(error([("sav", ["F2"])])!.message.contains("known: save, quit"))
        XCTAssertEqual(error([("save", ["Ctrl-Shift-S"])]), .unknownKey(action: "save", text: "Ctrl-Shift-S"))
        XCTAssertEqual(error([("save", [])]), .noKeys(action: "save"))
        XCTAssertEqual(error([("save", ["x"])]), .reserved(action: "save", key: "'x'", why: "types text in the form"))
        XCTAssertEqual(error([("quit", ["C-m"])]), .reserved(action: "quit", key: "Ctrl-M", why: "is Enter to the terminal"))
    }

    func testTwoActionsOnOneKeyAreRefused() {
        XCTAssertEqual(error([("save", ["F2"]), ("quit", ["f2"])]), .conflict(key: "F2", first: "save", second: "quit"))
        // A default key of an action that keeps its defaults is taken too.
        XCTAssertEqual(error([("save", ["C-d"])]), .conflict(key: "Ctrl-D", first: "save", second: "review"))
        XCTAssertEqual(
            error([("save", ["C-d"])])?.message, "Ctrl-D is bound to both save and review; give one of them another key")
        // Moving the other action away frees it.
        XCTAssertNoThrow(try map([("save", ["C-d"]), ("review", ["F3"])]))
    }

    // MARK: Rewriting

    func testAReboundKeyBecomesItsActionsDefaultAndTheOldKeyDoesNothing() throws {
        let keys = try map([("save", ["F2"]), ("left", ["Left", "C-v"]), ("review", ["C-s"])])
        XCTAssertEqual(keys.translate(.function(2)), .control("s"))
        XCTAssertEqual(keys.translate(.control("s")), .control("d"), "Ctrl-S now reviews")
        XCTAssertNil(keys.translate(.control("d")), "Ctrl-D's action moved")
        XCTAssertEqual(keys.translate(.control("v")), .left)
        XCTAssertEqual(keys.translate(.left), .left)
        XCTAssertNil(keys.translate(.control("b")), "left no longer lists Ctrl-B")
        XCTAssertEqual(keys.translate(.character("q")), .character("q"))
        XCTAssertEqual(keys.translate(.control("q")), .control("q"))
    }

    // MARK: The form

    func remapped(_ section: [(action: String, keys: [String])]) throws -> EditorConfig {
        var c = config()
        c.keyMap = try KeyMap(section)
        return c
    }

    func testARemappedSaveKeySavesAndTheOldKeyNoLonger() throws {
        var e = claimedEditor(config: try remapped([("save", ["F2"])]))
        e.type("!")
        XCTAssertEqual(e.press(.control("s")), [])
        XCTAssertTrue(e.isDirty)
        XCTAssertEqual(e.press(.function(2)), [.save(changes: ["title": .text("Quarterly report!")], expected: loadedStamp, fencingToken: nil)])
    }

    func testRemappedMovementMovesTheFocus() throws {
        var e = claimedEditor(config: try remapped([("nextField", ["C-y"]), ("previousField", ["C-p"])]))
        let first = e.focusedColumn
        e.press(.tab)
        XCTAssertEqual(e.focusedColumn, first, "Tab's action moved to Ctrl-Y")
        e.press(.control("y"))
        XCTAssertNotEqual(e.focusedColumn, first)
        e.press(.control("p"))
        XCTAssertEqual(e.focusedColumn, first)
    }

    func testTheFormsHintsNameTheKeysInForce() throws {
        var e = claimedEditor(config: try remapped([("quit", ["F4"])]))
        e.press(.control("c"))
        XCTAssertEqual(e.statusMessage, "Ctrl-C does nothing here; F4 quits")
        XCTAssertTrue(e.screenText.contains("F4 quit"), e.screenText)
        var standard = claimedEditor()
        standard.press(.control("c"))
        XCTAssertEqual(standard.statusMessage, "Ctrl-C does nothing here; Ctrl-Q quits")
    }

    func testTheHelpKeyCanMoveAndTheHelpShowsTheKeysInForce() throws {
        var e = claimedEditor(config: try remapped([("save", ["F2"]), ("help", ["F10"])]))
        e.press(.function(1))
        XCTAssertFalse(e.screenText.contains("recedit keys"))
        e.press(.function(10))
        let text = e.screenText
        XCTAssertTrue(text.contains("F2            save (checked against the row's version)"), text)
        XCTAssertTrue(text.contains("F10           this help"), text)
        XCTAssertFalse(text.contains("Ctrl-S"), text)
        XCTAssertTrue(text.contains("Ctrl-Q        quit"), text)
    }
}
