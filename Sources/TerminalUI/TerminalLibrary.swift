import CClientLoader

/// ncurses, loaded the first time a curses function is called (CClientLoader): only `open` and `browse` draw.
public enum TerminalLibrary {
    /// The file loaded: "libncursesw.so.6" ($RECEDIT_LIBNCURSESW names another, for tests).
    public static var file: String { String(cString: recedit_libncursesw_file()) }

    /// True once ncurses is loaded (loading it now if need be); false when it cannot be.
    public static func load() -> Bool { recedit_libncursesw_load() != 0 }

    /// Runs `handler`, which must end the process, when a curses function is needed and ncurses cannot be loaded.
    public static func onMissing(_ handler: @escaping @convention(c) () -> Void) { recedit_libncursesw_on_missing(handler) }
}
