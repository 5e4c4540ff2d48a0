import EditorCore
import Glibc
import RecEditCore

/// Settings from the config file, the environment and the command line, resolved in that order of strength:
/// command line > environment > config file > defaults.
struct Configuration {
    var database: DatabaseURL?
    var databaseIsDefault = false
    /// The database the config file names (its password, if any, makes the file's mode matter).
    var databaseFromFile: DatabaseURL?
    var table = DemoData.table
    /// True when `--table` or the config file named the table (else `browse` offers the tables to pick from).
    var tableNamed = false
    var key: String?
    var user: String
    var leaseSeconds = 60
    var heartbeatSeconds = 15
    var lockMode = "advisory"
    var merge = "auto"
    var columns = ReceditColumnNames()
    var storeOptions = StoreOptions()
    /// `hooks.afterSave` (with `hooks.timeoutSeconds`): run after every save, insert and restore recedit commits.
    var afterSave: [String]?
    var hookTimeoutSeconds: Double = 5
    /// `keys`: the form's actions on other keys.
    var keyMap = KeyMap.standard
    /// The file the settings came from, if any.
    var configFile: String?

    static let keys: [String] = [
        "database", "table", "key", "user", "leaseSeconds", "heartbeatSeconds", "lockMode", "merge",
        "columns", "busyTimeoutMs", "lockTimeoutMs", "statementTimeoutMs", "hooks", "keys",
    ]
    static let hookKeys: [String] = ["afterSave", "timeoutSeconds"]
    static let columnKeys: [String] = ["state", "owner", "leaseUntil", "token", "updatedAt", "since"]

    struct GlobalOptions {
        var db: String?
        var table: String?
        var user: String?
        var config: String?
    }

    static func resolve(_ global: GlobalOptions, environment: [String: String]) throws -> Configuration {
        var config = Configuration(user: environment["USER"].flatMap { $0.isEmpty ? nil : $0 } ?? loginName())
        if global.user == nil, let problem = userNameProblem(config.user) {
            throw CLIError.usage(localized("cli.config.badUserEnv", ["problem": problem]))
        }
        if let path = try configFilePath(global, environment: environment) {
            try config.apply(file: path)
        }
        if let env = environment["RECEDIT_DB"], !env.isEmpty { config.database = try parseDatabase(env, source: "RECEDIT_DB") }
        if let db = global.db { config.database = try parseDatabase(db, source: "--db") }
        if let table = global.table {
            config.table = table
            config.tableNamed = true
        }
        if let user = global.user {
            if let problem = userNameProblem(user) { throw CLIError.usage(localized("cli.config.badUserOption", ["problem": problem])) }
            config.user = user
        }
        if config.database == nil {
            config.database = DatabaseURL(opener: Databases.defaultOpener, target: defaultDatabasePath(environment))
            config.databaseIsDefault = true
        }
        if let named = config.databaseFromFile, named.opener.hasPassword(named.target), let file = config.configFile {
            try checkPrivate(file)
        }
        return config
    }

    /// Why `name` cannot be a user name (it goes into every claim and history entry as `user@host:pid`), or nil.
    static func userNameProblem(_ name: String) -> String? {
        // Only spaces (Unicode's Zs) and tabs: what Foundation's `trimmingCharacters(in: .whitespaces)` empties.
        if name.unicodeScalars.allSatisfy({ $0 == "\t" || $0.properties.generalCategory == .spaceSeparator }) {
            return localized("cli.config.userEmpty")
        }
        if let bad = name.unicodeScalars.first(where: { scalar in
            switch scalar.properties.generalCategory {
            case .control, .lineSeparator, .paragraphSeparator: return true
            default: return (0x202A...0x202E).contains(scalar.value) || (0x2066...0x2069).contains(scalar.value)
            }
        }) {
            return localized("cli.config.userControl", ["code": "U+" + String(bad.value, radix: 16, uppercase: true).leftPadded(4)])
        }
        return nil
    }

    /// `--config` > `RECEDIT_CONFIG` > `./recedit.json` > `$XDG_CONFIG_HOME/recedit/config.json`.
    static func configFilePath(_ global: GlobalOptions, environment: [String: String]) throws -> String? {
        if let explicit = global.config ?? environment["RECEDIT_CONFIG"].flatMap({ $0.isEmpty ? nil : $0 }) {
            guard System.fileExists(explicit) else {
                throw CLIError.failure(localized("cli.config.missing", ["path": explicit]))
            }
            return explicit
        }
        if System.fileExists("recedit.json") { return "recedit.json" }
        let xdg = environment["XDG_CONFIG_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? home(environment) + "/.config"
        let path = xdg + "/recedit/config.json"
        return System.fileExists(path) ? path : nil
    }

    static func defaultDatabasePath(_ environment: [String: String]) -> String {
        let xdg = environment["XDG_DATA_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? home(environment) + "/.local/share"
        return xdg + "/recedit/recedit.db"
    }

    static func draftsDirectory(_ environment: [String: String]) -> String {
        let xdg = environment["XDG_STATE_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? home(environment) + "/.local/state"
        return xdg + "/recedit/drafts"
    }

    static func home(_ environment: [String: String]) -> String {
        environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? System.homeDirectory()
    }

    static func parseDatabase(_ text: String, source: String) throws -> DatabaseURL {
        do {
            var url = try Databases.parse(text)
            if url.opener.keepsFile, url.target.hasPrefix("~/") {
                url.target = home(System.environment()) + String(url.target.dropFirst())
            }
            return url
        } catch {
            // Not shown unless it plainly holds no password (it might be a mistyped URL with one).
            let plain =
                !text.isEmpty
                && text.unicodeScalars.allSatisfy {
                    ($0.isASCII && ($0.properties.isAlphabetic || $0.properties.numericType != nil)) || "._-/~+,".unicodeScalars.contains($0)
                }
            let shown = plain ? "'\(text)'" : localized("cli.config.theValueGiven")
            throw CLIError.usage(localized("cli.config.notDatabaseURL", ["source": source, "value": shown, "examples": Databases.examples]))
        }
    }

    /// A config file that holds a password must be readable by its owner only (as libpq demands of ~/.pgpass).
    static func checkPrivate(_ path: String) throws {
        let mode = System.permissions(path) ?? 0
        if mode & 0o077 != 0 {
            throw CLIError.failure(localized("cli.config.notPrivate", ["path": path]))
        }
    }

    mutating func apply(file path: String) throws {
        guard let data = System.contents(path) else {
            throw CLIError.failure(localized("cli.config.cannotRead", ["path": path]))
        }
        let text = String(decoding: data, as: UTF8.self)
        let json: JSON
        do { json = try JSON.parse(text) } catch let error as JSON.ParseError {
            throw CLIError.failure(localized("cli.config.notJSON", ["path": path, "where": error.description]))
        }
        guard case .object(let pairs) = json else {
            throw CLIError.failure(localized("cli.config.notObject", ["path": path]))
        }
        configFile = path
        func bad(_ key: String, _ expected: String) -> CLIError {
            CLIError.failure(localized("cli.config.mustBe", ["path": path, "key": key, "expected": expected]))
        }
        func string(_ key: String, _ value: JSON) throws -> String {
            guard case .string(let s) = value, !s.isEmpty else { throw bad(key, localized("cli.config.nonEmptyString")) }
            return s
        }
        func int(_ key: String, _ value: JSON, min: Int) throws -> Int {
            guard case .integer(let i) = value, i >= min, i <= Int64(Int32.max) else {
                throw bad(key, localized("cli.config.wholeNumberAtLeast", ["min": String(min)]))
            }
            return Int(i)
        }
        for (key, value) in pairs {
            switch key {
            case "database":
                database = try Configuration.parseDatabase(try string(key, value), source: localized("cli.config.databaseSource", ["path": path]))
                databaseFromFile = database
            case "table":
                table = try string(key, value)
                tableNamed = true
            case "key": self.key = try string(key, value)
            case "user":
                user = try string(key, value)
                if let problem = Configuration.userNameProblem(user) {
                    throw CLIError.failure(localized("cli.config.badUser", ["path": path, "problem": problem]))
                }
            case "leaseSeconds": leaseSeconds = try int(key, value, min: 1)
            case "heartbeatSeconds": heartbeatSeconds = try int(key, value, min: 1)
            case "lockMode":
                let mode = try string(key, value)
                guard ["advisory", "exclusive"].contains(mode) else {
                    throw bad(key, localized("cli.config.oneOf", ["first": "\"advisory\"", "second": "\"exclusive\""]))
                }
                lockMode = mode
            case "merge":
                let mode = try string(key, value)
                guard ["auto", "review"].contains(mode) else { throw bad(key, localized("cli.config.oneOf", ["first": "\"auto\"", "second": "\"review\""])) }
                merge = mode
            case "columns":
                guard case .object(let names) = value else { throw bad(key, localized("cli.config.columnsObject")) }
                for (name, column) in names {
                    let text = try string("columns.\(name)", column)
                    switch name {
                    case "state": columns.state = text
                    case "owner": columns.owner = text
                    case "leaseUntil": columns.leaseUntil = text
                    case "token": columns.token = text
                    case "updatedAt": columns.updatedAt = text
                    case "since": columns.since = text
                    default:
                        let known = Configuration.columnKeys.joined(separator: ", ")
                        throw CLIError.failure(localized("cli.config.unknownKey", ["path": path, "key": "columns." + name, "known": known]))
                    }
                }
            case "hooks":
                guard case .object(let hooks) = value else { throw bad(key, localized("cli.config.hooksObject")) }
                for (name, hook) in hooks {
                    switch name {
                    case "afterSave":
                        guard case .array(let words) = hook, !words.isEmpty else {
                            throw bad("hooks.afterSave", localized("cli.config.argvArray"))
                        }
                        afterSave = try words.map { word in
                            guard case .string(let s) = word else {
                                throw bad("hooks.afterSave", localized("cli.config.argvArray"))
                            }
                            return s
                        }
                        if afterSave?.first?.isEmpty ?? true { throw bad("hooks.afterSave", localized("cli.config.argvFirst")) }
                    case "timeoutSeconds":
                        let seconds: Double
                        switch hook {
                        case .integer(let i): seconds = Double(i)
                        case .number(let d): seconds = d
                        default: throw bad("hooks.timeoutSeconds", localized("cli.config.seconds"))
                        }
                        guard seconds > 0, seconds <= 3600 else { throw bad("hooks.timeoutSeconds", localized("cli.config.secondsAtMost", ["max": "3600"])) }
                        hookTimeoutSeconds = seconds
                    default:
                        let known = Configuration.hookKeys.joined(separator: ", ")
                        throw CLIError.failure(localized("cli.config.unknownKey", ["path": path, "key": "hooks." + name, "known": known]))
                    }
                }
            case "keys":
                guard case .object(let bindings) = value else { throw bad(key, localized("cli.config.keysObject")) }
                var section: [(action: String, keys: [String])] = []
                for (action, keys) in bindings {
                    switch keys {
                    case .string(let name): section.append((action, [name]))
                    case .array(let names):
                        section.append(
                            (
                                action,
                                try names.map { name in
                                    guard case .string(let s) = name else { throw bad("keys." + action, localized("cli.config.keyNames")) }
                                    return s
                                }
                            ))
                    default: throw bad("keys." + action, localized("cli.config.keyNames"))
                    }
                }
                do { keyMap = try KeyMap(section) } catch {
                    throw CLIError.failure(localized("cli.config.problem", ["path": path, "problem": error.message]))
                }
            case "busyTimeoutMs": storeOptions.busyTimeoutMs = try int(key, value, min: 0)
            case "lockTimeoutMs": storeOptions.lockTimeoutMs = try int(key, value, min: 0)
            case "statementTimeoutMs": storeOptions.statementTimeoutMs = try int(key, value, min: 0)
            default:
                throw CLIError.failure(
                    localized("cli.config.unknownKey", ["path": path, "key": key, "known": Configuration.keys.joined(separator: ", ")]))
            }
        }
        if Set(columns.all).count != columns.all.count {
            throw CLIError.failure(localized("cli.config.columnsTwice", ["path": path]))
        }
        if heartbeatSeconds >= leaseSeconds {
            throw CLIError.failure(
                localized("cli.config.heartbeat", ["path": path, "heartbeat": String(heartbeatSeconds), "lease": String(leaseSeconds)]))
        }
    }

}

/// The account name when $USER is not set (cron, CI, `env -i`).
func loginName() -> String {
    if let entry = getpwuid(getuid()), let name = entry.pointee.pw_name { return String(cString: name) }
    return "uid\(getuid())"
}

extension String {
    func leftPadded(_ width: Int) -> String { count >= width ? self : String(repeating: "0", count: width - count) + self }
}
