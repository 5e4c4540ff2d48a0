import CNcursesw
import EditorCore
import XCTest

@testable import TerminalUI

/// What each code `get_wch` can return becomes for the editor: a wide character (`isKeyCode` false) or a
/// KEY_* code (`isKeyCode` true).
final class KeyDecoderTests: XCTestCase {
    private func character(_ code: UInt32) -> Key? { KeyDecoder.decode(code, isKeyCode: false) }
    private func keyCode(_ code: Int32) -> Key? { KeyDecoder.decode(UInt32(bitPattern: code), isKeyCode: true) }

    func testPrintableASCIIIsText() {
        for byte in UInt32(0x20)...0x7E {
            XCTAssertEqual(character(byte), .character(Character(Unicode.Scalar(byte)!)), "byte \(byte)")
        }
    }

    func testControlLettersAreControlKeys() {
        XCTAssertEqual(character(1), .control("a"))
        XCTAssertEqual(character(19), .control("s"))
        XCTAssertEqual(character(17), .control("q"))
        XCTAssertEqual(character(3), .control("c"))
        XCTAssertEqual(character(26), .control("z"))
        let letters = (UInt32(1)...26).filter { ![8, 9, 10, 13].contains($0) }
        for code in letters {
            XCTAssertEqual(character(code), .control(Character(Unicode.Scalar(96 + code)!)), "code \(code)")
        }
    }

    /// Ctrl-H, Ctrl-I, Ctrl-J and Ctrl-M are the bytes of Backspace, Tab and Enter: they mean those keys.
    func testEnterTabAndBothBackspaces() {
        XCTAssertEqual(character(13), .enter)
        XCTAssertEqual(character(10), .enter)
        XCTAssertEqual(character(9), .tab)
        XCTAssertEqual(character(127), .backspace)
        XCTAssertEqual(character(8), .backspace)
    }

    func testEscapeByItself() {
        XCTAssertEqual(character(27), .escape)
    }

    func testOtherControlCharactersAreDropped() {
        for code: UInt32 in [0, 28, 29, 30, 31] {
            XCTAssertNil(character(code), "code \(code)")
        }
        for code in UInt32(0x80)...0x9F {
            XCTAssertNil(character(code), "C1 control \(code)")
        }
    }

    func testWideCharactersAreText() {
        XCTAssertEqual(character(0xE9), .character("é"))
        XCTAssertEqual(character(0x4E2D), .character("中"))
        XCTAssertEqual(character(0x6587), .character("文"))
        XCTAssertEqual(character(0x1F600), .character("😀"))
        XCTAssertEqual(character(0xA0), .character("\u{A0}"))
    }

    /// Surrogate halves and codes past U+10FFFF are not characters: nothing comes of them.
    func testCodesThatAreNoUnicodeScalarAreDropped() {
        XCTAssertNil(character(0xD800))
        XCTAssertNil(character(0xDFFF))
        XCTAssertNil(character(0x11_0000))
        XCTAssertNil(character(UInt32.max))
    }

    func testArrowsAndPaging() {
        XCTAssertEqual(keyCode(KEY_UP), .up)
        XCTAssertEqual(keyCode(KEY_DOWN), .down)
        XCTAssertEqual(keyCode(KEY_LEFT), .left)
        XCTAssertEqual(keyCode(KEY_RIGHT), .right)
        XCTAssertEqual(keyCode(KEY_PPAGE), .pageUp)
        XCTAssertEqual(keyCode(KEY_NPAGE), .pageDown)
    }

    /// Terminfo entries name Home and End in several ways (keypad corners, Find/Select on VT220 keyboards).
    func testEveryNameOfHomeAndEnd() {
        for code in [KEY_HOME, KEY_FIND, KEY_A1, KEY_SHOME] {
            XCTAssertEqual(keyCode(code), .home, "code \(code)")
        }
        for code in [KEY_END, KEY_SELECT, KEY_LL, KEY_C3, KEY_SEND] {
            XCTAssertEqual(keyCode(code), .end, "code \(code)")
        }
    }

    func testEditingKeyCodes() {
        XCTAssertEqual(keyCode(KEY_DC), .delete)
        XCTAssertEqual(keyCode(KEY_BACKSPACE), .backspace)
        XCTAssertEqual(keyCode(KEY_ENTER), .enter)
        XCTAssertEqual(keyCode(KEY_BTAB), .backTab)
    }

    func testFunctionKeys() {
        for n in Int32(1)...12 {
            XCTAssertEqual(keyCode(recedit_key_f(n)), .function(Int(n)), "F\(n)")
        }
        XCTAssertEqual(keyCode(recedit_key_f(63)), .function(63))
        XCTAssertNil(keyCode(recedit_key_f(0)))
        XCTAssertNil(keyCode(recedit_key_f(64)))
    }

    func testKeyCodesTheEditorDoesNotUseAreDropped() {
        for code in [KEY_MOUSE, KEY_IC, KEY_B2, KEY_SRIGHT, KEY_MAX] {
            XCTAssertNil(keyCode(code), "code \(code)")
        }
    }

    /// The same number means a key code or a character depending on `isKeyCode`: 0x102 is KEY_DOWN or "Ă".
    func testKeyCodeFlagDecidesTheMeaning() {
        XCTAssertEqual(KeyDecoder.decode(UInt32(KEY_DOWN), isKeyCode: true), .down)
        XCTAssertEqual(KeyDecoder.decode(UInt32(KEY_DOWN), isKeyCode: false), .character("\u{102}"))
    }
}
