import RecEditCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// $VISUAL / $EDITOR running on a temp file while the event loop waits for it.
final class ExternalEdit {
    /// How the external edit ended.
    enum Outcome: Equatable {
        case edited(String)
        /// One line: which command failed and why ("could not run 'vi': not found").
        case failed(String)
    }

    let pid: pid_t
    let path: String
    let original: String
    /// The command as run (for messages).
    let command: String
    private(set) var finished = false

    private init(pid: pid_t, path: String, original: String, command: String) {
        self.pid = pid
        self.path = path
        self.original = original
        self.command = command
    }

    /// The command to run: $VISUAL, else $EDITOR, else vi.
    static func command(_ environment: (String) -> String? = { getenv($0).map { String(cString: $0) } }) -> String {
        for name in ["VISUAL", "EDITOR"] {
            if let value = environment(name), !value.trimmingSpaces.isEmpty { return value }
        }
        return "vi"
    }

    /// Writes `text` to a private temp file and starts the editor on it (through /bin/sh, so that
    /// `EDITOR="code --wait"` works). The caller must have handed the terminal over first.
    static func start(text: String) throws -> ExternalEdit {
        let tmp = getenv("TMPDIR").map { String(cString: $0) }.flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        var template = Array((tmp + "/recedit-edit-XXXXXX").utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { throw DraftError.io("cannot create a temp file in \(tmp)", errno) }
        let path = String(cString: template)
        let bytes = Array(text.utf8)
        var written = 0
        while written < bytes.count {
            let n = bytes[written...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else {
                let code = errno
                close(fd)
                unlink(path)
                throw DraftError.io("cannot write \(path)", code)
            }
            written += n
        }
        close(fd)

        let editor = command()
        let script = editor + " \"$1\""
        let arguments = ["/bin/sh", "-c", script, "sh", path]
        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        defer { for p in argv { free(p) } }

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // The child starts with default signal actions (we ignore SIGINT meanwhile) and nothing blocked.
        setDefaultChildSignals(&attributes, ownProcessGroup: false)

        var pid: pid_t = 0
        let rc = posix_spawn(&pid, "/bin/sh", nil, &attributes, &argv, environ)
        guard rc == 0 else {
            unlink(path)
            throw DraftError.io("cannot start /bin/sh", rc)
        }
        return ExternalEdit(pid: pid, path: path, original: text, command: editor)
    }

    /// Non-blocking: nil while the editor runs; then how it ended. A non-zero exit is a failure that
    /// says which command failed and why. The temp file is removed.
    func poll() -> Outcome? {
        guard !finished else { return .failed(localized("app.external.finished")) }
        var status: Int32 = 0
        let rc = waitpid(pid, &status, WNOHANG)
        if rc == 0 { return nil }
        if rc < 0 && errno == EINTR { return nil }
        let waitError = errno
        finished = true
        defer { unlink(path) }
        guard rc == pid else {
            return .failed(localized("app.external.lostTrack", ["command": command, "reason": String(cString: strerror(waitError))]))
        }
        if let failure = ExternalEdit.failure(command: command, status: status) { return .failed(failure) }
        guard var text = DraftJournal.readFile(path) else {
            return .failed(localized("app.external.cannotRead", ["command": command, "reason": String(cString: strerror(errno))]))
        }
        // Editors end the file with a newline; do not add one the text did not have.
        if text.unicodeScalars.last == "\n" && original.unicodeScalars.last != "\n" {
            text.unicodeScalars.removeLast()
        }
        return .edited(text)
    }

    /// What a wait status says about `command` run through /bin/sh; nil when it succeeded.
    static func failure(command: String, status: Int32) -> String? {
        let signal = status & 0x7F
        if signal != 0 { return localized("app.external.signal", ["command": command, "signal": String(signal)]) }
        switch (status >> 8) & 0xFF {
        case 0: return nil
        case 127: return localized("app.external.notFound", ["command": command])
        case 126: return localized("app.external.notExecutable", ["command": command])
        case let code: return localized("app.external.status", ["command": command, "code": String(code)])
        }
    }

    /// Stops the editor (the loop is quitting).
    func terminate() {
        guard !finished else { return }
        kill(pid, SIGHUP)
        var status: Int32 = 0
        for _ in 0..<50 {
            if waitpid(pid, &status, WNOHANG) != 0 { break }
            usleep(20_000)
        }
        finished = true
        unlink(path)
    }
}

extension String {
    var trimmingSpaces: Substring {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" { s.removeFirst() }
        while let l = s.last, l == " " || l == "\t" { s.removeLast() }
        return s
    }
}

/// Spawn attributes every child of the editor needs: default actions for the signals the editor catches or
/// ignores, and nothing blocked. `ownProcessGroup` puts it in a group of its own (so a timeout can kill
/// everything it started).
func setDefaultChildSignals(_ attributes: inout posix_spawnattr_t, ownProcessGroup: Bool) {
    var defaults = sigset_t()
    sigemptyset(&defaults)
    for sig in [SIGINT, SIGQUIT, SIGTERM, SIGHUP, SIGCHLD, SIGWINCH, SIGPIPE, SIGTSTP] { sigaddset(&defaults, sig) }
    posix_spawnattr_setsigdefault(&attributes, &defaults)
    var mask = sigset_t()
    sigemptyset(&mask)
    posix_spawnattr_setsigmask(&attributes, &mask)
    var flags = POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK
    if ownProcessGroup {
        posix_spawnattr_setpgroup(&attributes, 0)
        flags |= POSIX_SPAWN_SETPGROUP
    }
    posix_spawnattr_setflags(&attributes, Int16(flags))
}
