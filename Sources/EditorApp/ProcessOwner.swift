import EditorCore
import RecEditCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension ProcessOwner {
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
/// once instead of waiting for its lease to run out, by the rule in `ClaimTakeOver` (the editor goes through
/// the same rule as messages and effects). Used by `recedit claim`. `tookOverGoneHolder` says the claim
/// replaced such a holder.
public func claimTakingOverGoneHolder(
    store: RecordStore, key: Value, owner: String, leaseSeconds: Int,
    lock: Bool
) throws -> (outcome: EditOutcome?, tookOverGoneHolder: Bool) {
    let outcome = try store.apply(.claim(owner: owner, leaseSeconds: leaseSeconds, lock: lock), to: key)
    guard let holder = ClaimTakeOver.holderToProbe(after: outcome, owner: owner), ProcessOwner(holder)?.isGone == true,
        let request = ClaimTakeOver.request(
            holder: holder, current: try store.load(key)?.edit, owner: owner,
            leaseSeconds: leaseSeconds, lock: lock)
    else { return (outcome, false) }
    let takeover = try store.apply(request, to: key)
    if case .claimed? = takeover { return (takeover, true) }
    return (takeover, false)
}
