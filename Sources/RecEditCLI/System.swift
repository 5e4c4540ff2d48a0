import Glibc

/// What the command line needs of the system, from the C library. Foundation offers the same, but linking it
/// costs every command its start-up time and memory (docs/ARCHITECTURE.md, "Start-up").
enum System {
    /// The process's environment. A name set twice keeps its first value (the one `getenv` and child
    /// processes' libraries read).
    static func environment() -> [String: String] {
        var result: [String: String] = [:]
        var entry = environ
        while let pointer = entry.pointee {
            entry += 1
            let bytes = UnsafeRawPointer(pointer).assumingMemoryBound(to: UInt8.self)
            let length = strlen(pointer)
            guard let eq = memchr(pointer, Int32(UInt8(ascii: "=")), length) else { continue }
            let nameLength = UnsafeRawPointer(eq) - UnsafeRawPointer(pointer)
            let name = String(decoding: UnsafeBufferPointer(start: bytes, count: nameLength), as: UTF8.self)
            if result[name] == nil {
                let value = UnsafeBufferPointer(start: bytes + nameLength + 1, count: length - nameLength - 1)
                result[name] = String(decoding: value, as: UTF8.self)
            }
        }
        return result
    }

    /// True when something is at `path` (links followed), as `FileManager.fileExists(atPath:)` says.
    static func fileExists(_ path: String) -> Bool {
        var status = stat()
        return stat(path, &status) == 0
    }

    /// The permission bits of the file at `path`, or nil when it cannot be examined.
    static func permissions(_ path: String) -> Int? {
        var status = stat()
        guard stat(path, &status) == 0 else { return nil }
        return Int(status.st_mode & 0o7777)
    }

    /// The whole file, or nil when it cannot be read (missing, a directory, no permission).
    static func contents(_ path: String) -> [UInt8]? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            if n < 0 { return nil }
            if n == 0 { return bytes }
            bytes.append(contentsOf: chunk[..<n])
        }
    }

    /// Creates the directory `path` and any missing parents (`mkdir -p`). Returns nil, or the errno of the
    /// failure.
    static func createDirectories(_ path: String) -> Int32? {
        var prefix = path.hasPrefix("/") ? "/" : ""
        for component in path.split(separator: "/") {
            prefix += component
            if mkdir(prefix, 0o777) != 0 {
                let code = errno
                var status = stat()
                guard code == EEXIST, stat(prefix, &status) == 0, status.st_mode & S_IFMT == S_IFDIR else {
                    return code == EEXIST ? ENOTDIR : code
                }
            }
            prefix += "/"
        }
        return nil
    }

    /// The description of `errno` code, as the C library words it ("No such file or directory").
    static func describe(_ code: Int32) -> String { String(cString: strerror(code)) }

    /// The user's home directory from the password database (for when $HOME is not set).
    static func homeDirectory() -> String {
        if let entry = getpwuid(geteuid()), let directory = entry.pointee.pw_dir { return String(cString: directory) }
        return "/"
    }

    /// Wall-clock microseconds since the epoch.
    static func wallMicroseconds() -> Int64 {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        return Int64(now.tv_sec) * 1_000_000 + Int64(now.tv_nsec) / 1_000
    }

    /// Seconds east of UTC in the local time zone ($TZ, else /etc/localtime) now.
    static func utcOffsetSeconds() -> Int {
        var now = time(nil)
        var local = tm()
        guard localtime_r(&now, &local) != nil else { return 0 }
        return local.tm_gmtoff
    }

    /// Writes all of `text` to `descriptor` (a failure leaves the rest unwritten: there is no one to tell).
    static func write(_ text: String, to descriptor: Int32) {
        var text = text
        text.withUTF8 { bytes in
            var offset = 0
            while offset < bytes.count {
                let n = Glibc.write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
                if n < 0 && errno == EINTR { continue }
                if n <= 0 { return }
                offset += n
            }
        }
    }
}
