import CClientLoader

/// MariaDB Connector/C, loaded the first time one of its functions is called (CClientLoader), never at start-up.
public enum MariaDBLibrary {
    /// The file loaded: "libmariadb.so.3" ($RECEDIT_LIBMARIADB names another, for tests).
    public static var file: String { String(cString: recedit_libmariadb_file()) }

    /// True once the library is loaded (loading it now if need be); false when it cannot be.
    public static func load() -> Bool { recedit_libmariadb_load() != 0 }

    /// Runs `handler`, which must end the process, when a library function is needed and it cannot be loaded.
    public static func onMissing(_ handler: @escaping @convention(c) () -> Void) { recedit_libmariadb_on_missing(handler) }
}
