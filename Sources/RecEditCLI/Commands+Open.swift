import EditorApp
import EditorCore
import Glibc
import RecEditCore

extension CommandContext {
    func open(_ arguments: ParsedArguments) throws -> Int32 {
        let id = try positionals(arguments, ["<id>"])[0]
        return try runEditor(arguments, key: { try keyValue(id, in: $0) })
    }

    /// `browse`: the table browser (the same curses program; Enter opens a row in the editor).
    func browse(_ arguments: ParsedArguments) throws -> Int32 {
        _ = try positionals(arguments, [])
        var context = self
        if !config.tableNamed, let names = try? openDatabase(readOnly: true).receditTables(), !names.isEmpty,
            !names.contains(config.table)
        {
            // No table named and the default one is not set up here: start with the first that is.
            context.config.table = names[0]
        }
        return try context.runEditor(arguments, key: { _ in nil })
    }

    /// Opens the store (read-only when the database cannot be written) and runs the editor on the row `key`
    /// names, or the browser when it names none.
    private func runEditor(_ arguments: ParsedArguments, key keyOf: (RecordStore) throws -> Value?) throws -> Int32 {
        let store: RecordStore
        var readOnlyReason: String?
        do {
            store = try openStore()
        } catch StoreError.cannotOpen(let location, let reason) {
            // A database file we may read but not write (its mode, its directory, a read-only file system): the
            // row opens read-only, the banner saying why (scripts/faults F8), instead of not at all.
            guard let database = config.database, let why = database.opener.readOnlyReason(database.target) else {
                throw StoreError.cannotOpen(location: location, reason: reason)
            }
            store = try openStore(readOnly: true)
            readOnlyReason = why
        }
        let key = try keyOf(store)
        var editor = EditorConfig(owner: owner(forProcess: getpid()))
        editor.lockMode = EditorConfig.LockMode(rawValue: config.lockMode) ?? .advisory
        editor.mergeMode = EditorConfig.MergeMode(rawValue: config.merge) ?? .auto
        editor.readOnly = arguments.has("--read-only") || readOnlyReason != nil
        editor.readOnlyReason = readOnlyReason
        editor.leaseSeconds = config.leaseSeconds
        editor.heartbeatSeconds = config.heartbeatSeconds
        editor.colors = (environment["NO_COLOR"] ?? "").isEmpty
        editor.utcOffsetSeconds = System.utcOffsetSeconds()
        editor.keyMap = config.keyMap
        var launch = EditorLaunch(
            store: store, key: key, config: editor,
            draftsDirectory: Configuration.draftsDirectory(environment))
        launch.afterSave = config.afterSave.map { HookCommand(argv: $0, timeoutSeconds: config.hookTimeoutSeconds) }
        if key == nil {
            // The browser can list and switch tables; with several set up and none named, it starts at that list.
            launch.database = try? openDatabase(readOnly: editor.readOnly)
            if !config.tableNamed, let names = try? launch.database?.receditTables(), names.count > 1 {
                launch.offeredTables = names
            }
        }
        return EditorApp.runEditor(launch)
    }
}
