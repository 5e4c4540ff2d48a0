import RecEditCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A command run once per change: `hooks.afterSave` (after every save, insert, delete or restore recedit commits)
/// and `recedit watch --exec` (for every change by any writer). It is an argv, run without a shell.
public struct HookCommand: Sendable, Equatable {
    public var argv: [String]
    /// Past this the command is killed (its whole process group) and reported as timed out.
    public var timeoutSeconds: Double

    public init(argv: [String], timeoutSeconds: Double = 5) {
        self.argv = argv
        self.timeoutSeconds = timeoutSeconds
    }
}

/// What a hook is told about one change: in its environment (`RECEDIT_TABLE`, `RECEDIT_KEY`, `RECEDIT_OP`,
/// `RECEDIT_FIELDS` comma-separated, `RECEDIT_UPDATED_AT`, and `RECEDIT_WRITER` / `RECEDIT_SEQ` when known)
/// and as one JSON object on its standard input (the same object `recedit watch --json` prints).
public struct HookEvent: Sendable, Equatable {
    public var table: String
    public var key: Value
    public var operation: String
    public var fields: [String]
    public var updatedAt: String?
    public var writer: String?
    public var sequence: Int64?

    public init(table: String, key: Value, operation: String, fields: [String], updatedAt: String?, writer: String?, sequence: Int64? = nil) {
        self.table = table
        self.key = key
        self.operation = operation
        self.fields = fields
        self.updatedAt = updatedAt
        self.writer = writer
        self.sequence = sequence
    }

    public init(_ change: Change) {
        self.init(
            table: change.table, key: change.key, operation: change.operation.rawValue, fields: change.fields,
            updatedAt: change.updatedAt, writer: change.writer, sequence: change.sequence)
    }

    public var json: JSON {
        var pairs: [(String, JSON)] = []
        if let sequence { pairs.append(("seq", .integer(sequence))) }
        pairs += [
            ("table", .string(table)), ("key", key.json), ("op", .string(operation)),
            ("fields", .array(fields.map(JSON.string))), ("updated_at", updatedAt.map(JSON.string) ?? .null),
            ("writer", writer.map(JSON.string) ?? .null),
        ]
        return .object(pairs)
    }

    public var environment: [String: String] {
        var env = [
            "RECEDIT_TABLE": table, "RECEDIT_KEY": key.displayText, "RECEDIT_OP": operation,
            "RECEDIT_FIELDS": fields.joined(separator: ","), "RECEDIT_UPDATED_AT": updatedAt ?? "",
        ]
        if let writer { env["RECEDIT_WRITER"] = writer }
        if let sequence { env["RECEDIT_SEQ"] = String(sequence) }
        return env
    }
}

public enum HookRunner {
    /// Where the command's standard output and error go.
    public enum Output: Sendable {
        /// Ours (the command line).
        case inherit
        /// Both to our standard error (the command line's standard output is its result: a stamp, change lines).
        case errorsOnly
        /// /dev/null (the editor: the terminal belongs to the form).
        case discard
    }

    /// Runs `command` for `event` and waits for it (at most its timeout). Returns nil when it exited 0, else
    /// one line saying what went wrong ("exited with status 3", "timed out after 5 s: killed", "cannot run …").
    /// Blocks the calling thread: the editor calls it off its loop's thread.
    public static func run(_ command: HookCommand, event: HookEvent, output: Output = .inherit) -> String? {
        guard let program = command.argv.first else { return "no command given" }
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { return "cannot run '\(program)': " + String(cString: strerror(errno)) }
        let (readEnd, writeEnd) = (fds[0], fds[1])
        _ = fcntl(writeEnd, F_SETFD, FD_CLOEXEC)

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, readEnd, 0)
        posix_spawn_file_actions_addclose(&actions, readEnd)
        switch output {
        case .inherit: break
        case .errorsOnly:
            posix_spawn_file_actions_adddup2(&actions, 2, 1)
        case .discard:
            posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
            posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // Its own process group, so a timeout kills what it started too.
        setDefaultChildSignals(&attributes, ownProcessGroup: true)

        var environment: [String: String] = [:]
        var e = environ
        while let entry = e.pointee {
            let text = String(cString: entry)
            if let eq = text.firstIndex(of: "=") { environment[String(text[..<eq])] = String(text[text.index(after: eq)...]) }
            e += 1
        }
        for (name, value) in event.environment { environment[name] = value }
        var envp: [UnsafeMutablePointer<CChar>?] = environment.map { strdup($0.key + "=" + $0.value) } + [nil]
        var argv: [UnsafeMutablePointer<CChar>?] = command.argv.map { strdup($0) } + [nil]
        defer {
            for p in envp { free(p) }
            for p in argv { free(p) }
        }
        var pid: pid_t = 0
        let rc = posix_spawnp(&pid, program, &actions, &attributes, &argv, &envp)
        close(readEnd)
        guard rc == 0 else {
            close(writeEnd)
            return "cannot run '\(program)': " + String(cString: strerror(rc))
        }
        // The JSON on its standard input; a command that does not read it (or exits first) is fine.
        let previous = signal(SIGPIPE, SIG_IGN)
        let bytes = Array((event.json.serialized() + "\n").utf8)
        _ = fcntl(writeEnd, F_SETFL, fcntl(writeEnd, F_GETFL) | O_NONBLOCK)
        var written = 0
        let deadline = monotonicSeconds() + command.timeoutSeconds
        var status: Int32 = 0
        var exited = false
        while true {
            if written < bytes.count {
                let n = bytes[written...].withUnsafeBytes { write(writeEnd, $0.baseAddress, $0.count) }
                if n > 0 { written += n } else if n < 0 && errno != EAGAIN && errno != EINTR { written = bytes.count }
                if written >= bytes.count { close(writeEnd) }
            }
            let w = waitpid(pid, &status, WNOHANG)
            if w == pid { exited = true; break }
            if w < 0 && errno != EINTR { break }
            if monotonicSeconds() >= deadline { break }
            usleep(2_000)
        }
        if written < bytes.count { close(writeEnd) }
        signal(SIGPIPE, previous)
        guard exited else {
            kill(-pid, SIGKILL)
            kill(pid, SIGKILL)
            while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
            return "'\(program)' timed out after \(formatSeconds(command.timeoutSeconds)) s and was killed"
        }
        // Whatever it left running in its group is not waited for.
        if status & 0x7f == 0 {
            let code = (status >> 8) & 0xff
            return code == 0 ? nil : "'\(program)' exited with status \(code)"
        }
        return "'\(program)' was killed by signal \(status & 0x7f)"
    }

    static func formatSeconds(_ s: Double) -> String {
        s == s.rounded() ? String(Int(s)) : String(s)
    }

    static func monotonicSeconds() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }
}
