import CNcursesw
import RecEditCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// The only file that calls the shim's signal functions: their state is `static` in the header,
// so every caller must be in the same object file.

/// Turns signals into bytes on a self-pipe, so the event loop sees them in `poll()` and does the
/// real work (endwin, releasing the claim) outside the handler.
public final class SignalWatcher {
    /// Poll this for readability; then call `drain()`.
    public let fileDescriptor: Int32
    private let writeDescriptor: Int32
    private var routed: Set<Int32> = []
    private var closed = false

    public init() throws {
        var fds: [Int32] = [-1, -1]
        guard pipe(&fds) == 0 else { throw TerminalError.system("pipe", errno) }
        for fd in fds {
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
        }
        fileDescriptor = fds[0]
        writeDescriptor = fds[1]
    }

    deinit { close() }

    /// Routes each signal to the pipe (the previous action is kept for `close()`).
    public func watch(_ signals: [Int32]) {
        for sig in signals where recedit_route_signal_to_pipe(sig, writeDescriptor) == 0 {
            routed.insert(sig)
        }
    }

    /// Ignores `sig` for a while (SIGINT and SIGQUIT while a child owns the terminal).
    public func ignore(_ sig: Int32) { _ = recedit_set_signal_ignored(sig) }

    /// Routes `sig` to the pipe again after `ignore`.
    public func resume(_ sig: Int32) {
        if recedit_route_signal_to_pipe(sig, writeDescriptor) == 0 { routed.insert(sig) }
    }

    /// The signals that arrived since the last call, oldest first. Never blocks.
    public func drain() -> [Int32] {
        var result: [Int32] = []
        var buffer = [UInt8](repeating: 0, count: 64)
        while true {
            let n = buffer.withUnsafeMutableBytes { read(fileDescriptor, $0.baseAddress, $0.count) }
            if n > 0 {
                result += buffer[0..<n].map { Int32($0) }
                continue
            }
            if n < 0 && errno == EINTR { continue }
            break
        }
        return result
    }

    /// Gives every signal its previous action back and closes the pipe.
    public func close() {
        guard !closed else { return }
        closed = true
        for sig in routed { _ = recedit_restore_signal(sig) }
        routed = []
        recedit_close_signal_pipe()
        _ = Glibc.close(fileDescriptor)
        _ = Glibc.close(writeDescriptor)
    }
}

/// Puts the terminal back (tty modes, normal screen, visible cursor) if the process crashes while
/// curses owns it. Only async-signal-safe calls run in the handler.
enum CrashRestore {
    static let signals: [Int32] = [SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGFPE, SIGABRT]
    private static var armed = false

    /// Call before curses changes the tty modes.
    static func saveModes() { recedit_save_termios() }

    static func arm(resetBytes: [UInt8]) {
        resetBytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress, buffer.count > 0 else { return }
            base.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
                recedit_set_reset_bytes($0, buffer.count)
            }
        }
        guard !armed else { return }
        armed = true
        for sig in signals { _ = recedit_install_crash_handler(sig) }
    }

    static func disarm() {
        guard armed else { return }
        armed = false
        recedit_clear_crash_restore()
        for sig in signals { _ = recedit_uninstall_crash_handler(sig) }
    }
}

/// While curses owns the terminal, anything written to fd 2 (a database library's warning, say)
/// would land in the middle of the form. `begin` points fd 2 at an unlinked temp file; `end` points it
/// back and returns what was written, for the caller to show once the terminal is back. A crash
/// points fd 2 back before anything else, so the crash report reaches the terminal.
final class StandardErrorCapture {
    private var savedDescriptor: Int32 = -1
    private var captureDescriptor: Int32 = -1
    static let limit = 16_384

    var isActive: Bool { savedDescriptor >= 0 }

    func begin() {
        guard !isActive, isatty(STDERR_FILENO) == 1 else { return }
        fflush(stderr)
        let tmp = getenv("TMPDIR").map { String(cString: $0) }.flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        var template = Array((tmp + "/recedit-stderr-XXXXXX").utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { return }
        unlink(String(cString: template))
        _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        let saved = fcntl(STDERR_FILENO, F_DUPFD_CLOEXEC, 3)
        guard saved >= 0 else {
            Glibc.close(fd)
            return
        }
        recedit_set_saved_stderr(saved)
        guard dup2(fd, STDERR_FILENO) >= 0 else {
            recedit_set_saved_stderr(-1)
            Glibc.close(saved)
            Glibc.close(fd)
            return
        }
        savedDescriptor = saved
        captureDescriptor = fd
    }

    /// Restores fd 2; returns the last `limit` bytes written meanwhile.
    func end() -> [UInt8] {
        guard isActive else { return [] }
        fflush(stderr)
        dup2(savedDescriptor, STDERR_FILENO)
        recedit_set_saved_stderr(-1)
        Glibc.close(savedDescriptor)
        savedDescriptor = -1
        var bytes: [UInt8] = []
        let size = lseek(captureDescriptor, 0, SEEK_END)
        if size > 0 {
            let start = max(0, Int(size) - StandardErrorCapture.limit)
            lseek(captureDescriptor, off_t(start), SEEK_SET)
            var chunk = [UInt8](repeating: 0, count: 4_096)
            while true {
                let n = chunk.withUnsafeMutableBytes { read(captureDescriptor, $0.baseAddress, $0.count) }
                if n < 0 && errno == EINTR { continue }
                if n <= 0 { break }
                bytes += chunk[0..<n]
            }
        }
        Glibc.close(captureDescriptor)
        captureDescriptor = -1
        return bytes
    }
}

public enum TerminalError: Error, CustomStringConvertible {
    case notATerminal
    case cannotStart(term: String)
    case system(String, Int32)

    public var description: String {
        switch self {
        case .notATerminal: return localized("terminal.notATerminal")
        case .cannotStart(let term): return localized("terminal.cannotStart", ["term": term])
        case .system(let call, let code): return localized("terminal.systemCall", ["call": call, "reason": String(cString: strerror(code))])
        }
    }
}
