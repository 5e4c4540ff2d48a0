import Glibc
import RecEditCore

/// What every command needs: the resolved settings, and the database opened on demand.
struct CommandContext {
    var config: Configuration
    var environment: [String: String]
    var command: String
    /// `--table` as given (adopt requires it).
    var tableOption: String?
    /// The global options as given on the command line (a printed follow-up command repeats them).
    var given = Configuration.GlobalOptions()
    /// `watch --exec CMD…`: the command and its arguments (everything after --exec).
    var execArgv: [String]?

    /// `user@host:pid`. The editor is its own owner; one-shot commands act for the shell that runs them,
    /// so a script's `claim` and `release` match. `RECEDIT_OWNER` overrides both.
    func owner(forProcess pid: Int32) -> String {
        if let owner = environment["RECEDIT_OWNER"], !owner.isEmpty { return owner }
        return "\(config.user)@\(hostName()):\(pid)"
    }

    var scriptOwner: String { owner(forProcess: getppid()) }

    /// - Parameter readOnly: the command only reads (a SQLite file is then opened read-only).
    func openDatabase(creating: Bool = false, readOnly: Bool = false) throws -> RecordDatabase {
        let database = config.database!
        if database.opener.keepsFile {
            if config.databaseIsDefault {
                return try openDefaultDatabase(database, readOnly: readOnly)
            }
            if creating {
                let directory = PathText.directory(of: database.target)
                if !directory.isEmpty && !System.fileExists(directory) {
                    throw CLIError.failure(localized("cli.noDirectory", ["database": database.location, "directory": directory]))
                }
            }
        }
        return try database.opener.open(
            database.target, options: config.storeOptions, create: creating,
            readOnly: readOnly && !creating)
    }

    /// The default database is created with the demo table the first time any command needs it.
    private func openDefaultDatabase(_ database: DatabaseURL, readOnly: Bool) throws -> RecordDatabase {
        let path = database.target
        if System.fileExists(path) {
            return try database.opener.open(path, options: config.storeOptions, create: false, readOnly: readOnly)
        }
        let directory = PathText.directory(of: path)
        if let code = System.createDirectories(directory) {
            let problem = ["directory": directory, "reason": System.describe(code), "example": database.opener.example]
            throw CLIError.failure(localized("cli.cannotCreateDirectory", problem))
        }
        let opened = try database.opener.open(path, options: config.storeOptions, create: true, readOnly: false)
        let rows = try opened.initialize(demo: true, names: config.columns)
        Output.note(localized("cli.createdDemoDatabase", ["database": database.location, "rows": String(rows)]))
        return opened
    }

    func openStore(readOnly: Bool = false) throws -> RecordStore {
        let open = { (readOnly: Bool) in
            try columnsChecked { try openDatabase(readOnly: readOnly).openTable(config.table, key: config.key, names: config.columns) }
        }
        let store: RecordStore
        do {
            store = try open(readOnly)
        } catch StoreError.notAdopted(let table, let missing) where readOnly {
            // A table set up by an older recedit is brought up to date the first time it is opened for
            // writing. A reading command cannot do that read-only, so it does it read-write once; when the
            // file cannot be written either, the first answer stands (it says to run adopt).
            guard let upgraded = try? open(false) else { throw StoreError.notAdopted(table: table, missing: missing) }
            store = upgraded
        }
        if store.schema.isReceditColumn(store.schema.keyColumn) {
            throw CLIError.failure(localized("cli.keyIsReceditColumn", ["column": store.schema.keyColumn]))
        }
        return store
    }

    /// A one-shot write needs the row free or claimed by this shell (then its token fences the save) when the
    /// row is `locked` (someone's exclusive mode), whatever this config says, and for any claim in exclusive
    /// mode. Returns the fencing token to use, or throws busy.
    func exclusiveFence(for record: Record, id: String) throws -> Int64? {
        let exclusive = config.lockMode == "exclusive"
        guard record.edit.state == .locked || (exclusive && record.edit.state.isClaimed) else { return nil }
        if record.edit.owner == scriptOwner { return record.edit.token }
        // The lease is judged again by the save's fence and the database clock; this early check uses ours.
        let now = System.wallMicroseconds()
        if let until = record.edit.leaseUntil.flatMap(Stamp.microseconds(from:)), until <= now { return nil }
        throw lockedError(record, id: id)
    }

    /// The row is held by someone else's exclusive (locked) claim: nothing written, exit 5.
    func lockedError(_ record: Record, id: String) -> CLIError {
        CLIError(
            message: localized("cli.lockedByOther", ["id": id, "owner": record.edit.owner ?? "?"]),
            code: .busy)
    }

    /// Runs `body` (init or adopt), wording a clash with recedit's column names with the config that renames them.
    func columnsChecked<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch StoreError.columnsInUse(let table, let columns, let roles) {
            let renames = zip(roles, columns).map { "\"\($0.0)\": \"recedit_\($0.1)\"" }.joined(separator: ", ")
            let file = config.configFile.map { localized("cli.theConfigFile", ["path": $0]) } ?? localized("cli.aConfigFile")
            let example = "{\"columns\": {\(renames)}}"
            let names = columns.map { "'\($0)'" }.joined(separator: localized("cli.listSeparator"))
            throw CLIError.failure(
                columns.count == 1
                    ? localized("cli.columnInUse", ["table": table, "columns": names, "file": file, "example": example])
                    : localized("cli.columnsInUse", ["table": table, "columns": names, "file": file, "example": example]))
        }
    }

    /// Runs the command; the exit code is the editor's own for `open` (it may end by a signal: 128+N).
    func run(_ arguments: ParsedArguments) throws -> Int32 {
        let code: ExitCode
        switch command {
        case "open": return try open(arguments)
        case "browse": return try browse(arguments)
        case "init": code = try initialize(arguments)
        case "adopt": code = try adopt(arguments)
        case "list": code = try list(arguments)
        case "show": code = try show(arguments)
        case "new": code = try insert(arguments)
        case "set": code = try set(arguments)
        case "history": code = try history(arguments)
        case "restore": code = try restore(arguments)
        case "claim": code = try claim(arguments)
        case "release": code = try release(arguments)
        case "status": code = try status(arguments)
        case "watch": code = try watch(arguments)
        default: throw CLIError.usage(localized("cli.unknownCommand", ["command": command]))
        }
        return code.rawValue
    }

    // MARK: Argument helpers

    func positionals(_ arguments: ParsedArguments, _ names: [String]) throws -> [String] {
        guard arguments.positionals.count >= names.count else {
            throw CLIError.usage(localized("cli.missingArgument", ["name": names[arguments.positionals.count]]), command: command)
        }
        guard arguments.positionals.count == names.count else {
            throw CLIError.usage(localized("cli.unexpectedArgument", ["argument": arguments.positionals[names.count]]), command: command)
        }
        return arguments.positionals
    }

    /// A key typed on the command line; the store converts it to the key column's type.
    func keyValue(_ text: String, in store: RecordStore) throws -> Value {
        guard let column = store.schema.column(named: store.schema.keyColumn) else { return .text(text) }
        let key = try? ValueParser.parse(text, for: column)
        guard let key, !key.isNull else {
            throw CLIError.usage(localized("cli.invalidKey", ["value": text, "column": column.name]), command: command)
        }
        return key
    }

    func loadOrFail(_ store: RecordStore, _ key: Value) throws -> Record {
        guard let record = try store.load(key) else {
            throw CLIError.notFound(
                localized("cli.noRowSeeList", ["column": store.schema.keyColumn, "key": key.displayText, "table": store.schema.table]))
        }
        return record
    }

    /// `field=value` arguments, typed by column.
    /// - Parameter allowingKey: `new` may name the key (tables whose key the database does not assign).
    func assignments(_ texts: [String], in schema: Schema, allowingKey: Bool = false) throws -> [String: Value] {
        var values: [String: Value] = [:]
        for text in texts {
            guard let assignment = FieldAssignment.parse(text) else {
                throw CLIError.usage(localized("cli.notAssignment", ["argument": text]), command: command)
            }
            guard let column = schema.column(named: assignment.column) else {
                throw StoreError.unknownColumn(table: schema.table, column: assignment.column)
            }
            if (column.isKey && !allowingKey) || schema.isReceditColumn(column.name) {
                throw CLIError.failure(localized("cli.fieldManaged", ["field": column.name]))
            }
            if column.isGenerated {
                throw CLIError.failure(localized("cli.fieldGenerated", ["field": column.name]))
            }
            guard values[column.name] == nil else {
                throw CLIError.usage(localized("cli.fieldTwice", ["field": column.name]), command: command)
            }
            values[column.name] = try assignment.text.map { try ValueParser.parse($0, for: column) } ?? .null
        }
        return values
    }
}

func hostName() -> String {
    var buffer = [CChar](repeating: 0, count: 256)
    guard gethostname(&buffer, buffer.count) == 0 else { return "localhost" }
    return String(cString: buffer)
}
