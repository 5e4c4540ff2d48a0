import CNcursesw
import EditorCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The curses session: puts the terminal into the editor's mode, copies `CellBuffer`s to it,
/// decodes keys, and gives the terminal back on `shutdown()` (also from `deinit`).
///
/// Signals are the caller's business: route SIGWINCH (and SIGINT, SIGTERM, SIGHUP) through a
/// `SignalWatcher` *before* creating the terminal, so that curses installs no handlers of its own,
/// and call `checkSize()` when SIGWINCH arrives.
public final class Terminal {
    public struct Options: Sendable {
        /// Use colours (still off when the terminal has none or NO_COLOR is set).
        public var colors = true
        /// How long a lone Esc waits for the rest of an escape sequence.
        public var escapeDelayMilliseconds: Int32 = 25

        public init(colors: Bool = true, escapeDelayMilliseconds: Int32 = 25) {
            self.colors = colors
            self.escapeDelayMilliseconds = escapeDelayMilliseconds
        }
    }

    public private(set) var width: Int
    public private(set) var height: Int
    /// Poll this for key presses (then call `readEvents()`).
    public let inputDescriptor: Int32 = STDIN_FILENO
    public private(set) var colorsEnabled = false
    public private(set) var isSuspended = false

    private var screen: OpaquePointer?
    private var active = false
    private var defaultColors = false
    private var styleCache: [CellStyle: (attrs: attr_t, pair: Int32)] = [:]
    private var pairs: [Int32: Int32] = [:]
    private var nextPair: Int32 = 1
    /// What is on the screen now, to write only the rows that changed.
    private var shown: CellBuffer?
    private var cursorVisible: Int32 = -1
    private let standardError = StandardErrorCapture()
    /// What went to stderr while curses owned the terminal; written out by `shutdown()`.
    private var capturedStandardError: [UInt8] = []

    public init(options: Options = Options()) throws {
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else { throw TerminalError.notATerminal }
        if setlocale(LC_ALL, "") == nil {
            // The locale the environment names is not installed (zh_CN.UTF-8 on a machine that never generated
            // it): keep its language for recedit's own messages (`Language`) and still read and draw UTF-8.
            setlocale(LC_CTYPE, "C.UTF-8")
        }
        // Only the character set matters to curses; keep number formatting predictable.
        setlocale(LC_NUMERIC, "C")
        CrashRestore.saveModes()
        let term = getenv("TERM").map { String(cString: $0) } ?? ""
        guard !term.isEmpty, let screen = newterm(nil, stdout, stdin) else { throw TerminalError.cannotStart(term: term) }
        width = 0
        height = 0
        guard recedit_tigetstr("cup") != nil else {
            // A terminal without cursor addressing (TERM=dumb) cannot show a form.
            endwin()
            delscreen(screen)
            throw TerminalError.cannotStart(term: term)
        }
        self.screen = screen
        active = true

        let window = recedit_stdscr()
        Terminal.setUpInput(window, escapeDelayMilliseconds: options.escapeDelayMilliseconds)
        leaveok(window, false)
        scrollok(window, false)

        let noColor = getenv("NO_COLOR").map { $0.pointee != 0 } ?? false
        if options.colors && !noColor && has_colors() {
            if start_color() == OK {
                colorsEnabled = true
                defaultColors = use_default_colors() == OK
            }
        }
        var rows: Int32 = 0
        var cols: Int32 = 0
        recedit_screen_size(&rows, &cols)
        width = Int(cols)
        height = Int(rows)
        werase(window)
        CrashRestore.arm(resetBytes: Terminal.resetBytes())
        standardError.begin()
    }

    deinit { shutdown() }

    /// Gives the terminal back: normal screen, tty modes, visible cursor. Safe to call more than once.
    public func shutdown() {
        guard active else { return }
        active = false
        if !isendwin() { endwin() }
        fflush(stdout)
        if let screen { delscreen(screen) }
        screen = nil
        CrashRestore.disarm()
        capturedStandardError += standardError.end()
        if !capturedStandardError.isEmpty {
            // Messages libraries printed meanwhile (they would have torn the form), now that they can be read.
            // They may quote other people's data (a server's "Failing row contains (...)"): made safe first.
            let text = String(decoding: capturedStandardError.suffix(StandardErrorCapture.limit), as: UTF8.self)
            let safe = text.split(separator: "\n", omittingEmptySubsequences: false).map { Sanitize.visible(String($0)) }.joined(separator: "\n")
            let bytes = Array(safe.utf8)
            _ = bytes.withUnsafeBytes { write(STDERR_FILENO, $0.baseAddress, $0.count) }
            capturedStandardError = []
        }
    }

    // MARK: - Input

    /// Every key (and resize) waiting in the input, without blocking.
    public func readEvents() -> [TerminalEvent] {
        guard active, !isSuspended else { return [] }
        return Terminal.pendingEvents(resized: { noteScreenSize() })
    }

    /// After SIGWINCH: resizes curses to the tty's size; returns the resize when it changed.
    public func checkSize() -> TerminalEvent? {
        guard active, !isSuspended else { return nil }
        var rows: Int32 = 0
        var cols: Int32 = 0
        recedit_tty_size(STDOUT_FILENO, &rows, &cols)
        if rows > 0 && cols > 0 && (Int(rows) != height || Int(cols) != width) {
            resizeterm(rows, cols)
        }
        return noteScreenSize()
    }

    private func noteScreenSize() -> TerminalEvent? {
        var rows: Int32 = 0
        var cols: Int32 = 0
        recedit_screen_size(&rows, &cols)
        guard Int(rows) != height || Int(cols) != width else { return nil }
        width = Int(cols)
        height = Int(rows)
        shown = nil
        werase(recedit_stdscr())
        clearok(recedit_curscr(), true)
        return .resize(width: width, height: height)
    }

    // MARK: - Output

    /// Copies the buffer to the screen (only the rows that changed since the last call) and places the cursor.
    public func present(_ buffer: CellBuffer) {
        guard active, !isSuspended else { return }
        let window = recedit_stdscr()
        if let previous = shown, previous.width != buffer.width || previous.height != buffer.height {
            shown = nil
        }
        if shown == nil { werase(window) }
        let rows = min(buffer.height, height)
        let columns = min(buffer.width, width)
        for row in 0..<rows {
            if let previous = shown {
                let range = (row * buffer.width)..<((row + 1) * buffer.width)
                if previous.cells[range] == buffer.cells[range] { continue }
            }
            drawRow(buffer, row: row, columns: columns)
        }
        shown = buffer

        if let cursor = buffer.cursor, cursor.row >= 0, cursor.row < rows, cursor.column >= 0, cursor.column < columns {
            wmove(window, Int32(cursor.row), Int32(cursor.column))
            setCursorVisible(1)
        } else {
            setCursorVisible(0)
        }
        wnoutrefresh(window)
        doupdate()
    }

    /// Forgets what is on the screen, so the next `present` repaints everything.
    public func invalidate() {
        shown = nil
        if active { clearok(recedit_curscr(), true) }
    }

    private func setCursorVisible(_ visibility: Int32) {
        guard visibility != cursorVisible else { return }
        cursorVisible = visibility
        curs_set(visibility)
    }

    private func drawRow(_ buffer: CellBuffer, row: Int, columns: Int) {
        var column = 0
        while column < columns {
            let cell = buffer[row, column]
            if cell.width <= 0 {
                // The second half of a wide character is drawn with it; anything else is a blank.
                if column == 0 || buffer[row, column - 1].width != 2 { put(" ", style: cell.style, row: row, column: column) }
                column += 1
                continue
            }
            if cell.width >= 2 && column + 1 >= columns {
                put(" ", style: cell.style, row: row, column: column)  // half a wide character does not fit
                column += 1
                continue
            }
            let drawn = put(cell.text, style: cell.style, row: row, column: column, expectedWidth: cell.width >= 2 ? 2 : 1)
            if cell.width >= 2 && drawn < 2 { put(" ", style: cell.style, row: row, column: column + 1) }
            column += 1
        }
    }

    /// Writes one grapheme; returns the number of columns curses gives it.
    @discardableResult
    private func put(_ text: String, style: CellStyle, row: Int, column: Int, expectedWidth: Int = 1) -> Int {
        var scalars = Array(text.unicodeScalars.prefix(Int(CCHARW_MAX) - 1))
        var drawnWidth = scalars.first.map { Int(recedit_wcwidth($0.value)) } ?? 0
        if scalars.isEmpty || Terminal.isControl(scalars[0]) || drawnWidth < 1 || drawnWidth > expectedWidth {
            // Never let a control character, or a character the terminal measures differently from the
            // editor, reach the screen: it would shift everything after it.
            scalars = [scalars.isEmpty ? " " : "?"]
            drawnWidth = 1
        }
        scalars = scalars.enumerated().filter { $0.offset == 0 || !Terminal.isControl($0.element) }.map(\.element)
        let (attrs, pair) = attributes(for: style)
        var cell = cchar_t()
        var wide: [wchar_t] = scalars.map { wchar_t(bitPattern: $0.value) } + [0]
        if recedit_setcchar(&cell, &wide, attrs, pair) != OK {
            wide = [wide[0], 0]
            if recedit_setcchar(&cell, &wide, attrs, pair) != OK {
                wide = [wchar_t(63), 0]
                _ = recedit_setcchar(&cell, &wide, attrs, pair)
                drawnWidth = 1
            }
        }
        mvwadd_wch(recedit_stdscr(), Int32(row), Int32(column), &cell)
        return drawnWidth
    }

    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (scalar.value >= 0x7F && scalar.value <= 0x9F)
    }

    private func attributes(for style: CellStyle) -> (attrs: attr_t, pair: Int32) {
        if let cached = styleCache[style] { return cached }
        var attrs = recedit_a_normal()
        if style.bold { attrs |= recedit_a_bold() }
        if style.reverse { attrs |= recedit_a_reverse() }
        if style.underline { attrs |= recedit_a_underline() }
        if style.dim { attrs |= recedit_a_dim() }
        let pair = colorsEnabled ? colorPair(foreground: style.foreground, background: style.background) : 0
        styleCache[style] = (attrs, pair)
        return (attrs, pair)
    }

    private func colorPair(foreground: TerminalColor?, background: TerminalColor?) -> Int32 {
        if foreground == nil && background == nil { return 0 }
        let fg = Int16(foreground?.rawValue ?? (defaultColors ? -1 : Int(COLOR_WHITE)))
        let bg = Int16(background?.rawValue ?? (defaultColors ? -1 : Int(COLOR_BLACK)))
        let key = Int32(fg) * 64 + Int32(bg) + 128
        if let pair = pairs[key] { return pair }
        guard nextPair < min(recedit_color_pairs(), 32_767), init_pair(Int16(nextPair), fg, bg) == OK else { return 0 }
        pairs[key] = nextPair
        nextPair += 1
        return nextPair - 1
    }

    // MARK: - Handing the terminal to another program

    /// Leaves curses mode (for $EDITOR): the shell's tty modes and the normal screen come back.
    public func suspend() {
        guard active, !isSuspended else { return }
        def_prog_mode()
        endwin()
        fflush(stdout)
        capturedStandardError += standardError.end()
        isSuspended = true
    }

    /// Back to curses mode after `suspend()`; the next `present` repaints everything.
    /// Returns the resize when the terminal changed size meanwhile.
    @discardableResult
    public func resume() -> TerminalEvent? {
        guard active, isSuspended else { return nil }
        isSuspended = false
        standardError.begin()
        reset_prog_mode()
        // Other programs may have changed the keypad and cursor modes behind curses' back.
        keypad(recedit_stdscr(), true)
        cursorVisible = -1
        invalidate()
        let event = checkSize()
        wrefresh(recedit_curscr())
        return event
    }

    /// After SIGCONT (the process was stopped, by SIGSTOP say, and continued): whoever had the terminal
    /// meanwhile, a shell most likely, has put it back in its own (cooked) modes and drawn on it. Puts
    /// curses' modes back (raw, no echo, no flow control) and repaints everything on the next `present`.
    /// Returns the resize when the terminal changed size meanwhile.
    @discardableResult
    public func continueAfterStop() -> TerminalEvent? {
        guard active, !isSuspended else { return nil }
        reset_prog_mode()
        keypad(recedit_stdscr(), true)
        cursorVisible = -1
        invalidate()
        let event = checkSize()
        wrefresh(recedit_curscr())
        return event
    }

    // MARK: -

    /// What to write if the process dies while curses owns the terminal.
    private static func resetBytes() -> [UInt8] {
        var bytes: [UInt8] = []
        for cap in ["sgr0", "cnorm", "rmkx", "rmcup"] {
            if let s = recedit_tigetstr(cap) {
                bytes += Array(String(cString: s).utf8).filter { $0 != 0 }
            }
        }
        return bytes
    }
}

extension Terminal {
    /// The input modes of the current curses screen: every key as typed (Ctrl-S, Ctrl-Q, Ctrl-C and Ctrl-Z too;
    /// XON/XOFF off), no echo, keypad sequences as KEY_* codes, reads that never block.
    static func setUpInput(_ window: UnsafeMutablePointer<WINDOW>?, escapeDelayMilliseconds: Int32) {
        raw()
        noecho()
        nonl()
        keypad(window, true)
        nodelay(window, true)
        intrflush(window, false)
        if getenv("ESCDELAY") == nil { set_escdelay(escapeDelayMilliseconds) }
        defineCommonKeySequences()
    }

    /// Every key waiting on the current curses screen, without blocking; `resized` gives the event for KEY_RESIZE.
    static func pendingEvents(resized: () -> TerminalEvent?) -> [TerminalEvent] {
        var events: [TerminalEvent] = []
        for _ in 0..<4096 {
            var code: UInt32 = 0
            let rc = recedit_get_wch(&code)
            if rc == ERR { break }
            if rc == KEY_CODE_YES && Int32(bitPattern: code) == KEY_RESIZE {
                if let event = resized() { events.append(event) }
                continue
            }
            if let key = KeyDecoder.decode(code, isKeyCode: rc == KEY_CODE_YES) { events.append(.key(key)) }
        }
        return events
    }

    /// Sequences terminals send for Home, End, Delete and Shift-Tab whatever their terminfo entry says
    /// (a TERM set for another emulator, tmux, screen). Without them ESC would arrive alone and the rest as text.
    static func defineCommonKeySequences() {
        let sequences: [(String, Int32)] = [
            ("\u{1B}[1~", KEY_HOME), ("\u{1B}[7~", KEY_HOME), ("\u{1B}[H", KEY_HOME), ("\u{1B}OH", KEY_HOME),
            ("\u{1B}[4~", KEY_END), ("\u{1B}[8~", KEY_END), ("\u{1B}[F", KEY_END), ("\u{1B}OF", KEY_END),
            ("\u{1B}[3~", KEY_DC), ("\u{1B}[Z", KEY_BTAB),
            ("\u{1B}[A", KEY_UP), ("\u{1B}[B", KEY_DOWN), ("\u{1B}[C", KEY_RIGHT), ("\u{1B}[D", KEY_LEFT),
            ("\u{1B}OA", KEY_UP), ("\u{1B}OB", KEY_DOWN), ("\u{1B}OC", KEY_RIGHT), ("\u{1B}OD", KEY_LEFT),
            ("\u{1B}[5~", KEY_PPAGE), ("\u{1B}[6~", KEY_NPAGE),
        ]
        for (sequence, code) in sequences where key_defined(sequence) <= 0 {
            define_key(sequence, code)
        }
    }
}
