import CClientLoader

/// libpq, loaded the first time a libpq function is called (CClientLoader), never at start-up.
public enum PostgresLibrary {
    /// The file loaded: "libpq.so.5" ($RECEDIT_LIBPQ names another, for tests).
    public static var file: String { String(cString: recedit_libpq_file()) }

    /// True once libpq is loaded (loading it now if need be); false when it cannot be.
    public static func load() -> Bool { recedit_libpq_load() != 0 }

    /// Runs `handler`, which must end the process, when a libpq function is needed and libpq cannot be loaded.
    public static func onMissing(_ handler: @escaping @convention(c) () -> Void) { recedit_libpq_on_missing(handler) }
}
