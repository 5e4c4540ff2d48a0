import Foundation
import EditorApp
import EditorCore
import RecEditCore

extension CommandContext {
    func open(_ arguments: ParsedArguments) throws -> Int32 {
        let id = try positionals(arguments, ["<id>"])[0]
        let store = try openStore()
        let key = try keyValue(id, in: store)
        var editor = EditorConfig(owner: owner(forProcess: getpid()))
        editor.lockMode = EditorConfig.LockMode(rawValue: config.lockMode) ?? .advisory
        editor.mergeMode = EditorConfig.MergeMode(rawValue: config.merge) ?? .auto
        editor.readOnly = arguments.has("--read-only")
        editor.leaseSeconds = config.leaseSeconds
        editor.heartbeatSeconds = config.heartbeatSeconds
        editor.colors = (environment["NO_COLOR"] ?? "").isEmpty
        editor.utcOffsetSeconds = TimeZone.current.secondsFromGMT()
        var launch = EditorLaunch(store: store, key: key, config: editor,
                                  draftsDirectory: Configuration.draftsDirectory(environment))
        launch.afterSave = config.afterSave.map { HookCommand(argv: $0, timeoutSeconds: config.hookTimeoutSeconds) }
        return runEditor(launch)
    }
}
