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
            throw CLIError.notFound(localized("cli.noRow", ["column": store.schema.keyColumn, "key": id, "table": store.schema.table]))
        }
        switch outcome {
        case .claimed(let token, let until, let previous):
            let takeover =
                previous.map {
                    deadHolder
                        ? localized("cli.claim.takenOverGone", ["holder": TerminalText.safe($0)])
                        : localized("cli.claim.takenOverExpired", ["holder": TerminalText.safe($0)])
                } ?? ""
            let arguments = ["id": id, "owner": owner, "token": String(token), "until": until, "takeover": takeover]
            Output.line(lock ? localized("cli.claim.locked", arguments) : localized("cli.claim.claimed", arguments))
            return .ok
        case .busy(let holder, let until, let locked, let since):
            let arguments = [
                "id": id, "holder": TerminalText.safe(holder), "until": until ?? "?",
                "since": since.map { localized("cli.since", ["time": $0]) } ?? "",
            ]
            Output.error(locked ? localized("cli.claim.busyLocked", arguments) : localized("cli.claim.busyEditing", arguments))
            return .busy
        default:
            throw CLIError.failure(localized("cli.claim.unexpected", ["outcome": "\(outcome)"]))
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
                    ? localized("cli.release.forced", ["id": id, "owner": TerminalText.safe(current.edit.owner ?? "?")])
                    : localized("cli.release.wasNotClaimed", ["id": id]))
            return .ok
        }
        guard current.edit.state.isClaimed else {
            Output.line(localized("cli.release.notClaimed", ["id": id]))
            return .ok
        }
        let owner = scriptOwner
        guard current.edit.owner == owner else {
            Output.error(localized("cli.release.notYours", ["id": id, "holder": TerminalText.safe(current.edit.owner ?? "?"), "owner": owner]))
            return .busy
        }
        switch try store.apply(.release(owner: owner, token: current.edit.token), to: key) {
        case .released?:
            Output.line(localized("cli.release.released", ["id": id]))
            return .ok
        case .lost(let now)?:
            Output.error(localized("cli.release.takenOver", ["id": id, "holder": TerminalText.safe(now.owner ?? "?")]))
            return .busy
        default:
            throw CLIError.notFound(localized("cli.rowGone", ["id": id]))
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
            Output.line(localized("cli.status", ["id": id, "state": RecordFormatting.editDescription(record.edit), "updated_at": record.updatedAt]))
        }
        return .ok
    }
}
