import RecEditCore

/// How a `StoreError` reads to a person: one line, what went wrong and what to do (the command names and config
/// keys that fix it). The command line and the editor both word store errors here, so a translation has one place.
public enum StoreErrorWording {
    public static func message(_ error: StoreError) -> String {
        switch error {
        case .cannotOpen(let location, let reason):
            return localized("store.cannotOpen", ["location": location, "reason": reason])
        case .tableMissing(let table, let location):
            return localized("store.tableMissing", ["table": table, "location": location])
        case .notAdopted(let table, let missing):
            return localized("store.notAdopted", ["table": table, "missing": missing.joined(separator: ", ")])
        case .columnsInUse(let table, let columns, let roles):
            let names = columns.map { "'\($0)'" }.joined(separator: localized("cli.listSeparator"))
            let settings = roles.map { "\"columns\": {\"\($0)\": ...}" }.joined(separator: ", ")
            return localized("store.columnsInUse", ["table": table, "columns": names, "settings": settings])
        case .noSingleColumnKey(let table):
            return localized("store.noSingleColumnKey", ["table": table])
        case .unknownColumn(let table, let column):
            return localized("store.unknownColumn", ["table": table, "column": column])
        case .constraint(let message):
            return localized("store.constraint", ["message": message])
        case .timeout(let message):
            return localized("store.timeout", ["message": message])
        case .serialization(let message):
            return localized("store.serialization", ["message": message])
        case .connectionLost(let message):
            return localized("store.connectionLost", ["message": message])
        case .unsupported(let what):
            // The adapter's own words (what this database cannot do).
            return what
        case .database(let code, let message, let detail):
            return detail.map { localized("store.databaseDetail", ["code": code, "message": message, "detail": $0]) }
                ?? localized("store.database", ["code": code, "message": message])
        }
    }
}
