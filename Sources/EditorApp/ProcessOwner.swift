#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import RecEditCore

/// An owner string `user@host:pid`, as recedit writes into edit_owner and drafts.
public struct ProcessOwner: Equatable {
    public var user: String
    public var host: String
    public var pid: Int32

    public init?(_ text: String) {
        guard let colon = text.lastIndex(of: ":"), let pid = Int32(text[text.index(after: colon)...]), pid > 0 else { return nil }
        let userHost = text[..<colon]
        guard let at = userHost.lastIndex(of: "@") else { return nil }
        user = String(userHost[..<at])
        host = String(userHost[userHost.index(after: at)...])
        self.pid = pid
    }

    /// True only when the owner's process is provably gone: it ran on this host and no process has
    /// its pid (or the pid is now this very process). A process of another host, or one this user may
    /// not signal (EPERM), counts as alive.
    public var isGone: Bool {
        guard host == ProcessOwner.hostName else { return false }
        if pid == getpid() { return true }
        return kill(pid, 0) == -1 && errno == ESRCH
    }

    static let hostName: String = {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count) == 0 else { return "localhost" }
        return String(cString: buffer)
    }()
}

/// Claims a row; a claim held by a process of this host that is gone (killed, crashed) is taken over at
/// once instead of waiting for its lease to run out. The take-over is one compare-and-set on that exact
/// holder and token, so two processes taking over the same dead holder never both win. Used by the editor
/// and by `recedit claim`. `tookOverGoneHolder` says the claim replaced such a holder.
public func claimTakingOverGoneHolder(store: RecordStore, key: Value, owner: String, leaseSeconds: Int,
                                      lock: Bool) throws -> (outcome: EditOutcome?, tookOverGoneHolder: Bool) {
    let outcome = try store.apply(.claim(owner: owner, leaseSeconds: leaseSeconds, lock: lock), to: key)
    guard case .busy(let holder, _, _, _)? = outcome, holder != owner,
          let process = ProcessOwner(holder), process.isGone,
          let held = try store.load(key)?.edit, held.owner == holder else { return (outcome, false) }
    let takeover = try store.apply(.takeOver(owner: owner, leaseSeconds: leaseSeconds, from: holder, token: held.token, lock: lock), to: key)
    if case .claimed? = takeover { return (takeover, true) }
    return (takeover, false)
}
