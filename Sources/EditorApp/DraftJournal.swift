import EditorCore
import RecEditCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The draft files of one row: `<directory>/<table>-<key>-<hash>.<pid>-<random>.json`, where the hash
/// covers the database location, the table and the key (the readable part is only for people).
///
/// Every editor process writes its own file (its pid plus a random part), so two editors of the same
/// row under one account never clobber or delete each other's journal. Older versions wrote
/// `<base>.json` and `<base>.<pid>.json`; those are still found and offered.
///
/// Files are mode 0600 in a directory created 0700, written atomically (temp file in the same
/// directory, fsync, rename).
final class DraftJournal {
    let directory: String
    let table: String
    let key: Value
    /// `<table>-<key>-<hash>`: every draft file of this row starts with it.
    let baseName: String
    /// Where this process writes its draft.
    let path: String
    /// Drafts of this row whose writer is gone, as `findOrphans` found them (oldest first).
    private var orphans: [(draft: Draft, path: String)] = []
    /// Orphans whose edits the editor took over: removed once this process's own draft (holding
    /// those edits) is written, or deleted because the edits were saved or discarded.
    private var adoptedPaths: [String] = []

    init(directory: String, location: String, table: String, key: Value) {
        self.directory = directory.hasSuffix("/") && directory.count > 1 ? String(directory.dropLast()) : directory
        self.table = table
        self.key = key
        let identity = DraftJournal.normalizedLocation(location) + "\u{0}" + table + "\u{0}" + DraftJournal.keyIdentity(key)
        baseName =
            DraftJournal.safe(table, limit: 32) + "-" + DraftJournal.safe(key.displayText, limit: 32) + "-"
            + FNV1a.hex(identity)
        let random = String(UInt64.random(in: 0...UInt64.max), radix: 36)
        path = self.directory + "/" + baseName + ".\(getpid())-" + random + ".json"
    }

    // MARK: - Finding drafts

    /// Every draft of this row whose writer is gone (killed, crashed, closed terminal), oldest first.
    /// Drafts of editors still running, on this host or another, are left alone.
    func findOrphans() -> [Draft] {
        var found: [(draft: Draft, path: String, modified: Int64)] = []
        for name in DraftJournal.listDirectory(directory) where name.hasPrefix(baseName) && name.hasSuffix(".json") {
            let rest = name.dropFirst(baseName.count)
            guard rest == ".json" || rest.first == "." else { continue }
            let file = directory + "/" + name
            guard file != path, let text = DraftJournal.readFile(file), let draft = DraftJournal.decode(text) else { continue }
            guard draft.table == table, draft.key == key else { continue }
            guard let owner = ProcessOwner(draft.owner), owner.isGone else { continue }
            found.append((draft, file, DraftJournal.modificationTime(file)))
        }
        found.sort { $0.modified != $1.modified ? $0.modified < $1.modified : $0.path < $1.path }
        orphans = found.map { ($0.draft, $0.path) }
        return found.map(\.draft)
    }

    /// The editor decided about an orphaned draft. Not recovered (discarded, or nothing in it the row
    /// lacks): its file goes now. Recovered: it goes once this process's own draft has taken its edits
    /// over (the next `write`), or once those edits are saved or discarded (the next `delete`).
    func settleOrphan(_ draft: Draft, recovered: Bool) {
        let index = orphans.firstIndex { $0.draft == draft } ?? orphans.firstIndex { $0.draft.owner == draft.owner }
        guard let index else { return }
        let file = orphans.remove(at: index).path
        if recovered {
            adoptedPaths.append(file)
        } else {
            unlink(file)
        }
    }

    // MARK: - Writing

    func write(_ draft: Draft) throws {
        try DraftJournal.makeDirectory(directory)
        try DraftJournal.writeAtomically(draft.encoded(), to: path)
        removeAdopted()
    }

    /// Removes this process's draft (and orphans it adopted); never another editor's.
    func delete() {
        unlink(path)
        removeAdopted()
    }

    private func removeAdopted() {
        for file in adoptedPaths where file != path { unlink(file) }
        adoptedPaths = []
    }

    // MARK: - Helpers

    static func decode(_ text: String) -> Draft? {
        try? Draft(json: text)
    }

    /// `sqlite:relative/path` names the same database from any directory once made absolute.
    static func normalizedLocation(_ location: String) -> String {
        var path = location
        var scheme = ""
        if location.hasPrefix("sqlite:") {
            scheme = "sqlite:"
            path = String(location.dropFirst(scheme.count))
        } else if location.contains("://") || location.contains("=") {
            return location
        }
        guard let resolved = realpath(path, nil) else { return location }
        defer { free(resolved) }
        return scheme + String(cString: resolved)
    }

    static func keyIdentity(_ key: Value) -> String {
        switch key {
        case .null: return "null"
        case .integer(let i): return "i:\(i)"
        case .real(let d): return "r:\(d)"
        case .text(let s): return "t:" + s
        case .blob(let b): return "b:" + b.map { String($0, radix: 16) }.joined(separator: ",")
        case .textBytes(let b): return "x:" + b.map { String($0, radix: 16) }.joined(separator: ",")
        }
    }

    static func safe(_ text: String, limit: Int) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            guard out.count < limit else { break }
            switch scalar {
            case "a"..."z", "A"..."Z", "0"..."9", "_", "-": out.unicodeScalars.append(scalar)
            default: out += "_"
            }
        }
        return out.isEmpty ? "_" : out
    }

    static func listDirectory(_ directory: String) -> [String] {
        guard let dir = opendir(directory) else { return [] }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafePointer(to: entry.pointee.d_name) {
                $0.withMemoryRebound(to: CChar.self, capacity: MemoryLayout.size(ofValue: entry.pointee.d_name)) {
                    String(cString: $0)
                }
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }

    static func modificationTime(_ path: String) -> Int64 {
        var info = stat()
        guard stat(path, &info) == 0 else { return 0 }
        return Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec)
    }

    static func readFile(_ path: String, limit: Int = 64 << 20) -> String? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while bytes.count < limit {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            guard n >= 0 else { return nil }
            if n == 0 { break }
            bytes += chunk[0..<n]
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `mkdir -p`, creating each missing level with mode 0700.
    static func makeDirectory(_ path: String) throws {
        var current = path.hasPrefix("/") ? "" : "."
        for component in path.split(separator: "/") {
            current += "/" + component
            if mkdir(current, 0o700) != 0 && errno != EEXIST {
                throw DraftError.io("cannot create \(current)", errno)
            }
        }
    }

    /// Temp file in the same directory, mode 0600, fsync, rename over `path`, fsync the directory.
    static func writeAtomically(_ text: String, to path: String) throws {
        let slash = path.lastIndex(of: "/")!
        let directory = String(path[..<slash])
        let name = String(path[path.index(after: slash)...])
        var template = Array((directory + "/." + name + ".XXXXXX").utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { throw DraftError.io("cannot create a file in \(directory)", errno) }
        let tempPath = String(cString: template)
        var ok = false
        defer {
            if !ok { unlink(tempPath) }
        }
        fchmod(fd, 0o600)
        let bytes = Array(text.utf8)
        var written = 0
        while written < bytes.count {
            let n = bytes[written...].withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else {
                let code = errno
                close(fd)
                throw DraftError.io("cannot write \(tempPath)", code)
            }
            written += n
        }
        guard fsync(fd) == 0 else {
            let code = errno
            close(fd)
            throw DraftError.io("cannot sync \(tempPath)", code)
        }
        close(fd)
        guard rename(tempPath, path) == 0 else { throw DraftError.io("cannot rename the draft to \(path)", errno) }
        ok = true
        let dirfd = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if dirfd >= 0 {
            fsync(dirfd)
            close(dirfd)
        }
    }
}

enum DraftError: Error, CustomStringConvertible {
    case io(String, Int32)

    var description: String {
        switch self {
        case .io(let what, let code): return "\(what): \(String(cString: strerror(code)))"
        }
    }
}
