import EditorApp
import RecEditCore

extension CommandContext {
    func claim(_ arguments: ParsedArguments) throws -> ExitCode {
        let id = try positionals(arguments, ["<id>"])[0]
        let store = try openStore()
        let owner = scriptOwner
        // A locked claim (--lock, or exclusive mode) makes every client refuse others' writes while it lasts.
        let lock = arguments.has("--lock") || config.lockMode == "exclusive"
        let key = try keyValue(id, in: store)
        // A claim whose process on this host is gone is taken over at once, as the editor does (scripts/faults F1).
        let (claimed, deadHolder) = try claimTakingOverGoneHolder(
            store: store, key: key, owner: owner,
            leaseSeconds: config.leaseSeconds, lock: lock)
        guard let outcome = claimed else {
            throw CLIError.notFound("no row with \(store.schema.keyColumn) = \(id) in table '\(store.schema.table)'")
        }
        switch outcome {
        case .claimed(let token, let until, let previous):
            let why = deadHolder ? "whose process is gone" : "whose lease ran out"
            let takeover = previous.map { ", taken over from \(TerminalText.safe($0)) \(why)" } ?? ""
            Output.line("\(lock ? "locked" : "claimed") row \(id) as \(owner) (token \(token), lease until \(until)\(takeover))")
            return .ok
        case .busy(let holder, let until, let locked, let since):
            Output.error(
                "row \(id) is \(locked ? "locked" : "being edited") by \(TerminalText.safe(holder))"
                    + (since.map { " since \($0)" } ?? "") + " until \(until ?? "?"); try later or wait for the lease to run out")
            return .busy
        default:
            throw CLIError.failure("unexpected claim outcome \(outcome)")
        }
    }

    func release(_ arguments: ParsedArguments) throws -> ExitCode {
        let id = try positionals(arguments, ["<id>"])[0]
        let store = try openStore()
        let key = try keyValue(id, in: store)
        let current = try loadOrFail(store, key)
        if arguments.has("--force") {
            _ = try store.apply(.forceRelease, to: key)
            Output.line(
                current.edit.state.isClaimed
                    ? "released row \(id) (was held by \(TerminalText.safe(current.edit.owner ?? "?")))" : "row \(id) was not claimed")
            return .ok
        }
        guard current.edit.state.isClaimed else {
            Output.line("row \(id) is not claimed")
            return .ok
        }
        let owner = scriptOwner
        guard current.edit.owner == owner else {
            Output.error("row \(id) is claimed by \(TerminalText.safe(current.edit.owner ?? "?")), not by you (\(owner)); use --force to release it anyway")
            return .busy
        }
        switch try store.apply(.release(owner: owner, token: current.edit.token), to: key) {
        case .released?:
            Output.line("released row \(id)")
            return .ok
        case .lost(let now)?:
            Output.error("row \(id) was taken over by \(TerminalText.safe(now.owner ?? "?")) meanwhile; nothing released")
            return .busy
        default:
            throw CLIError.notFound("row \(id) is gone")
        }
    }

    func status(_ arguments: ParsedArguments) throws -> ExitCode {
        let id = try positionals(arguments, ["<id>"])[0]
        let store = try openStore(readOnly: true)
        let record = try loadOrFail(store, try keyValue(id, in: store))
        if arguments.has("--json") {
            Output.line(
                JSON.object([
                    ("key", record.key.json), ("edit_state", .string(record.edit.state.rawValue)),
                    ("edit_owner", record.edit.owner.map(JSON.string) ?? .null),
                    ("edit_lease_until", record.edit.leaseUntil.map(JSON.string) ?? .null),
                    ("edit_token", .integer(record.edit.token)), ("edit_since", record.edit.since.map(JSON.string) ?? .null),
                    ("updated_at", .string(record.updatedAt)),
                ]).serialized(pretty: true))
        } else {
            Output.line("row \(id): \(RecordFormatting.editDescription(record.edit)); updated_at \(record.updatedAt)")
        }
        return .ok
    }
}
