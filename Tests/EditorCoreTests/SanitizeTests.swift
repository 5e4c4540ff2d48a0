import RecEditCore
import XCTest

@testable import EditorCore

final class SanitizeTests: XCTestCase {
    func testTitleWithTerminalEscapesShowsVisibly() {
        XCTAssertEqual(Sanitize.visible("\u{1B}]0;PWNED\u{07}\u{1B}[2J"), "^[]0;PWNED^G^[[2J")
    }

    func testControlCharactersUseCaretForm() {
        XCTAssertEqual(Sanitize.visible("a\u{00}b"), "a^@b")
        XCTAssertEqual(Sanitize.visible("\u{7F}"), "^?")
        XCTAssertEqual(Sanitize.visible("tab\there"), "tab^Ihere")
        XCTAssertEqual(Sanitize.visible("one\ntwo"), "one^Jtwo")
        XCTAssertEqual(Sanitize.visible("cr\r\nlf"), "cr^M^Jlf")  // CR LF is one Character in Swift
        XCTAssertEqual(Sanitize.visible("\u{1F}"), "^_")
    }

    func testC1ControlsAndBidiOverrides() {
        XCTAssertEqual(Sanitize.visible("\u{9B}31m"), "\\x9b31m")
        XCTAssertEqual(Sanitize.visible("\u{85}"), "\\x85")
        XCTAssertEqual(Sanitize.visible("bob\u{202E}gnp.exe"), "bob<U+202E>gnp.exe")
        XCTAssertEqual(Sanitize.visible("\u{2066}x\u{2069}"), "<U+2066>x<U+2069>")
        XCTAssertEqual(Sanitize.visible("\u{202A}\u{202B}\u{202C}\u{202D}"), "<U+202A><U+202B><U+202C><U+202D>")
    }

    func testInvisibleGraphemesBecomeVisible() {
        XCTAssertEqual(Sanitize.visible("\u{301}"), "<U+0301>")  // a combining mark with nothing to combine with
        XCTAssertEqual(Sanitize.visible("a\u{200B}b"), "a<U+200B>b")
        XCTAssertEqual(Sanitize.visible("e\u{301}"), "e\u{301}")  // a real accent stays as it is
    }

    func testThePrintableASCIIShortcutGivesWhatTheGlyphsGive() {
        // `visible` returns printable ASCII as it is without building glyphs; the glyphs must agree, character by character.
        let printable = String((0x20..<0x7F).map { Character(Unicode.Scalar(UInt8($0))) })
        XCTAssertEqual(Sanitize.glyphs(printable).map(\.text).joined(), printable)
        XCTAssertEqual(Sanitize.visible(printable), printable)
        XCTAssertEqual(Sanitize.visible(printable + "\u{7F}"), printable + "^?")
    }

    func testPrintableTextIsUntouched() {
        for s in ["Quarterly report", "季度销售报告", "👨‍👩‍👧 family", "naïve café", "\u{FFFD}"] {
            XCTAssertEqual(Sanitize.visible(s), s)
        }
    }

    func testEscapeFormsAreFlaggedAndStyledApart() {
        let glyphs = Sanitize.glyphs("a\u{1B}")
        XCTAssertEqual(glyphs.map(\.isEscape), [false, true, true])
        XCTAssertEqual(Sanitize.width("a\u{1B}[2J"), 6)

        var r = demoRecord(1)
        r.fields["title"] = .text("x\u{1B}y")
        for colors in [true, false] {
            let e = makeEditor(record: r, config: config(colors: colors))
            let buffer = e.render()
            XCTAssertEqual(buffer[2, 19].text, "x")
            XCTAssertEqual(buffer[2, 20].text, "^")
            XCTAssertEqual(buffer[2, 21].text, "[")
            XCTAssertNotEqual(buffer[2, 20].style, buffer[2, 19].style)
            XCTAssertTrue(buffer[2, 20].style.reverse, "escape forms show reversed, so they survive without colour")
            XCTAssertFalse(buffer[2, 22].style.reverse)
        }
    }

    func testNoRawControlReachesTheBufferAnywhere() {
        let nasty = "\u{1B}[31m\u{07}\u{9B}2J\u{202E}\u{2067}\u{7F}\r\u{8}"
        var r = demoRecord(1)
        for name in ["title", "status", "owner", "due"] { r.fields[name] = .text(nasty) }
        r.fields["body"] = .text(nasty + "\n" + nasty)
        r.edit = EditInfo(state: .editing, owner: "eve\u{1B}]0;x\u{7}", leaseUntil: "2026-11-27 14:05:00", token: 3, since: "2026-11-27 14:04:00")
        var e = makeEditor(record: r)
        _ = e.start()
        assertTerminalSafe(e.render())
        XCTAssertTrue(e.render().lines[1].contains("being edited by eve^[]0;x^G since 14:04:00"), e.render().lines[1])
        _ = e.claimRefused(.busy(owner: "eve\u{1B}[2J", leaseUntil: nil))
        _ = e.update(.failure("driver said \u{1B}[2J", connectionLost: false))
        let buffer = e.render()
        assertTerminalSafe(buffer)
        XCTAssertTrue(buffer.lines[1].contains("being edited by eve^[[2J"), buffer.lines[1])
        XCTAssertTrue(buffer.lines[22].contains("driver said ^[[2J"))
    }

    func testNewlinesInMultilineFieldsAreLineBreaks() {
        var e = claimedEditor(1)
        e.focus("body")
        let lines = e.render().lines
        XCTAssertTrue(lines[7].hasSuffix("Collect the numbers from finance." + String(repeating: " ", count: 80 - 19 - 33)))
        XCTAssertTrue(lines[8].contains("Draft the summary for the board."))
        XCTAssertFalse(lines.joined().contains("^J"))
    }
}
