import CSQLite
import Glibc

/// Tells when another process may have committed to a SQLite database, without polling it: inotify on the
/// database file and its `-wal` (a commit appends to the WAL, or writes the file itself in rollback-journal
/// mode) and on their directory (a `-wal` or `-journal` created or removed, the file replaced). Linux only; `init`
/// fails elsewhere and where inotify is unavailable (the feed then polls `PRAGMA data_version` on a timer).
///
/// A wake-up says "look": the write that raised it may come a moment before SQLite publishes the commit, and
/// our own connection's writes raise it too. `PRAGMA data_version` decides.
final class SQLiteFileWatch {
    /// Readable when events are waiting; `drain()` reads them.
    let fileDescriptor: Int32
    private let directory: String
    private let file: String
    private let names: Set<String>
    private var fileWatch: Int32 = -1
    private var walWatch: Int32 = -1
    private var directoryWatch: Int32 = -1

    /// `path`: the database file (absolute or relative to the current directory).
    init?(path: String) {
        guard !path.isEmpty, path != ":memory:" else { return nil }
        let fd = inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC))
        guard fd >= 0 else { return nil }
        fileDescriptor = fd
        file = path
        if let slash = path.lastIndex(of: "/") {
            directory = slash == path.startIndex ? "/" : String(path[..<slash])
        } else {
            directory = "."
        }
        let base = String(path.split(separator: "/").last ?? Substring(path))
        names = [base, base + "-wal", base + "-journal"]
        directoryWatch = inotify_add_watch(fd, directory, UInt32(IN_CREATE | IN_DELETE | IN_MOVED_TO | IN_MOVED_FROM))
        guard directoryWatch >= 0 else {
            close(fd)
            return nil
        }
        watchFiles()
    }

    deinit { close(fileDescriptor) }

    /// (Re)adds the watches on the file and its WAL; inotify gives an existing watch of the same inode its old number.
    private func watchFiles() {
        let modified = UInt32(IN_MODIFY | IN_DELETE_SELF | IN_MOVE_SELF)
        fileWatch = inotify_add_watch(fileDescriptor, file, modified)
        walWatch = inotify_add_watch(fileDescriptor, file + "-wal", modified)
    }

    /// Reads every waiting event without blocking. True when any may be a commit: a write to the file or its WAL,
    /// one of them (or the rollback journal) created, removed or renamed, or events lost to an overflow. Events
    /// about other files of the directory are dropped.
    @discardableResult
    func drain() -> Bool {
        var relevant = false
        var renamed = false
        let capacity = 8_192
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 8)
        defer { buffer.deallocate() }
        while true {
            let n = read(fileDescriptor, buffer, capacity)
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { break }
            var offset = 0
            let header = MemoryLayout<inotify_event>.size
            while offset + header <= n {
                let wd = buffer.loadUnaligned(fromByteOffset: offset, as: Int32.self)
                let mask = buffer.loadUnaligned(fromByteOffset: offset + 4, as: UInt32.self)
                let length = Int(buffer.loadUnaligned(fromByteOffset: offset + 12, as: UInt32.self))
                if mask & UInt32(IN_Q_OVERFLOW) != 0 {
                    relevant = true
                } else if wd == directoryWatch, length > 0 {
                    let bytes = UnsafeRawBufferPointer(start: buffer + offset + header, count: min(length, n - offset - header))
                    let name = String(decoding: bytes.prefix { $0 != 0 }, as: UTF8.self)
                    if names.contains(name) {
                        relevant = true
                        renamed = true
                    }
                } else if wd == fileWatch || wd == walWatch {
                    relevant = true
                    if mask & UInt32(IN_DELETE_SELF | IN_MOVE_SELF | IN_IGNORED) != 0 { renamed = true }
                }
                offset += header + length
            }
        }
        if renamed { watchFiles() }
        return relevant
    }
}

extension SQLiteConnection {
    /// The main database's file as SQLite resolved it; nil for an in-memory or temporary database.
    var mainFilename: String? {
        guard let handle, let name = sqlite3_db_filename(handle, "main"), name.pointee != 0 else { return nil }
        return String(cString: name)
    }
}
