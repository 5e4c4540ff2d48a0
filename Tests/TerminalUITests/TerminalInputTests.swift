import CNcursesw
import EditorCore
import XCTest

@testable import TerminalUI

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Bytes as a terminal sends them, through a curses screen set up as the editor sets up its own (xterm-256color
/// in a UTF-8 locale, input from a pipe instead of a tty), to the keys the editor gets.
final class TerminalInputTests: XCTestCase {
    private var screen: OpaquePointer?
    private var input: UnsafeMutablePointer<FILE>?
    private var output: UnsafeMutablePointer<FILE>?
    private var writeEnd: Int32 = -1
    private var savedLocale: String?
    private var savedTerm: String?
    private var savedEscapeDelay: String?
    private var savedSignals: [(Int32, sigaction)] = []

    override func setUpWithError() throws {
        savedLocale = setlocale(LC_CTYPE, nil).map { String(cString: $0) }
        try XCTSkipIf(setlocale(LC_CTYPE, "C.UTF-8") == nil, "no C.UTF-8 locale")
        // curses installs handlers only where none is set; give the process its own back afterwards.
        for signal in [SIGINT, SIGTERM, SIGTSTP, SIGWINCH, SIGQUIT] {
            var old = sigaction()
            sigaction(signal, nil, &old)
            savedSignals.append((signal, old))
        }
        savedTerm = getenv("TERM").map { String(cString: $0) }
        savedEscapeDelay = getenv("ESCDELAY").map { String(cString: $0) }
        setenv("TERM", "xterm-256color", 1)
        unsetenv("ESCDELAY")

        var fds: [Int32] = [-1, -1]
        XCTAssertEqual(pipe(&fds), 0)
        writeEnd = fds[1]
        input = fdopen(fds[0], "r")
        output = fopen("/dev/null", "w")
        screen = newterm("xterm-256color", output, input)
        try XCTSkipIf(screen == nil, "no xterm-256color terminfo entry")
        Terminal.setUpInput(recedit_stdscr(), escapeDelayMilliseconds: 25)
    }

    override func tearDown() {
        if screen != nil {
            endwin()
            delscreen(screen)
        }
        if let input { fclose(input) }
        if let output { fclose(output) }
        if writeEnd >= 0 { close(writeEnd) }
        for (signal, old) in savedSignals {
            var old = old
            sigaction(signal, &old, nil)
        }
        if let savedTerm { setenv("TERM", savedTerm, 1) } else { unsetenv("TERM") }
        if let savedEscapeDelay { setenv("ESCDELAY", savedEscapeDelay, 1) }
        if let savedLocale { setlocale(LC_CTYPE, savedLocale) }
    }

    /// Sends `bytes` and returns every key the editor would read now.
    private func keys(_ bytes: [UInt8]) -> [Key] {
        if !bytes.isEmpty {
            let written = bytes.withUnsafeBytes { write(writeEnd, $0.baseAddress, $0.count) }
            XCTAssertEqual(written, bytes.count)
        }
        return Terminal.pendingEvents(resized: { nil }).map { event in
            guard case .key(let key) = event else {
                XCTFail("not a key: \(event)")
                return .escape
            }
            return key
        }
    }

    private func keys(_ text: String) -> [Key] { keys(Array(text.utf8)) }

    func testNothingWaitingIsNoKey() {
        XCTAssertEqual(keys([]), [])
    }

    func testTypedTextAndControlKeys() {
        XCTAssertEqual(keys("ab 1"), [.character("a"), .character("b"), .character(" "), .character("1")])
        XCTAssertEqual(keys([0x13, 0x11, 0x03, 0x1A, 0x0F]), [.control("s"), .control("q"), .control("c"), .control("z"), .control("o")])
    }

    func testEnterTabAndBackspace() {
        XCTAssertEqual(keys([0x0D, 0x0A, 0x09, 0x7F, 0x08]), [.enter, .enter, .tab, .backspace, .backspace])
    }

    func testArrowsInBothForms() {
        XCTAssertEqual(keys("\u{1B}[A\u{1B}[B\u{1B}[C\u{1B}[D"), [.up, .down, .right, .left])
        XCTAssertEqual(keys("\u{1B}OA\u{1B}OB\u{1B}OC\u{1B}OD"), [.up, .down, .right, .left])
    }

    func testHomeAndEndInEveryForm() {
        XCTAssertEqual(keys("\u{1B}[H\u{1B}OH\u{1B}[1~\u{1B}[7~"), [.home, .home, .home, .home])
        XCTAssertEqual(keys("\u{1B}[F\u{1B}OF\u{1B}[4~\u{1B}[8~"), [.end, .end, .end, .end])
    }

    func testPagingDeleteAndShiftTab() {
        XCTAssertEqual(keys("\u{1B}[5~\u{1B}[6~\u{1B}[3~\u{1B}[Z"), [.pageUp, .pageDown, .delete, .backTab])
    }

    func testFunctionKeys() {
        let sequences = [
            "\u{1B}OP", "\u{1B}OQ", "\u{1B}OR", "\u{1B}OS", "\u{1B}[15~", "\u{1B}[17~",
            "\u{1B}[18~", "\u{1B}[19~", "\u{1B}[20~", "\u{1B}[21~", "\u{1B}[23~", "\u{1B}[24~",
        ]
        XCTAssertEqual(keys(sequences.joined()), (1...12).map { .function($0) })
    }

    /// An Esc with nothing after it is the Esc key (after the escape delay); a key typed after it stays itself.
    func testEscapeByItself() {
        XCTAssertEqual(keys([0x1B]), [.escape])
        XCTAssertEqual(keys("x"), [.character("x")])
    }

    /// Alt-x arrives as Esc then x: the editor sees both keys.
    func testEscapeBeforeALetterIsEscapeThenTheLetter() {
        XCTAssertEqual(keys("\u{1B}x"), [.escape, .character("x")])
    }

    /// KEY_RESIZE is no key: the terminal's size decides the event, and no change means no event.
    func testResizeBecomesTheResizeEvent() {
        ungetch(KEY_RESIZE)
        XCTAssertEqual(Terminal.pendingEvents(resized: { .resize(width: 100, height: 30) }), [.resize(width: 100, height: 30)])
        ungetch(KEY_RESIZE)
        XCTAssertEqual(Terminal.pendingEvents(resized: { nil }), [])
    }

    func testMultibyteText() {
        XCTAssertEqual(keys("é中文😀"), [.character("é"), .character("中"), .character("文"), .character("😀")])
    }

    /// Bytes that are no UTF-8 (a stray byte, a cut or overlong sequence, an encoded surrogate) give no key, and the
    /// next key typed comes through. (curses drops the bytes read with a bad one too, and the first part of a
    /// character whose rest has not arrived yet: neither is asserted here.)
    func testInvalidUTF8GivesNoKeyAndInputGoesOn() {
        for bad: [UInt8] in [[0xFF], [0x80], [0xC3], [0xE4, 0xB8], [0xC0, 0xAF], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80]] {
            XCTAssertEqual(keys(bad), [], "bytes \(bad)")
            XCTAssertEqual(keys("x"), [.character("x")], "after \(bad)")
        }
    }
}
