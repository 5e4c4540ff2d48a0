import RecEditCore

/// The rule for a claim held by a process that is gone (killed, crashed): take it over at once instead of
/// waiting for its lease to run out. Pure; the two bits of I/O (is that process gone? what token does the row
/// hold now?) are the caller's: the editor asks for them with `.probeHolder` and `.takeOver` effects, the
/// `claim` command (`claimTakingOverGoneHolder` in EditorApp) inline. One rule for both.
public enum ClaimTakeOver {
    /// The holder to check after a claim came back `outcome`: someone else's claim refused mine, and it names
    /// a process of my host (`owner`'s). Whether that process is gone is for the caller to find out.
    public static func holderToProbe(after outcome: EditOutcome?, owner: String) -> String? {
        guard case .busy(let holder, _, _, _)? = outcome, holder != owner,
            let process = ProcessOwner(holder), let me = ProcessOwner(owner), process.host == me.host
        else { return nil }
        return holder
    }

    /// The take-over of `holder`'s claim (gone by the probe), given the row's edit state read now: one
    /// compare-and-set on that exact holder and token, so two processes taking over the same dead holder
    /// never both win. Nil when the row no longer says `holder` holds it (or is gone): nothing to take over.
    public static func request(holder: String, current: EditInfo?, owner: String, leaseSeconds: Int, lock: Bool) -> EditRequest? {
        guard let current, current.owner == holder else { return nil }
        return .takeOver(owner: owner, leaseSeconds: leaseSeconds, from: holder, token: current.token, lock: lock)
    }
}

/// An owner string `user@host:pid`, as recedit writes into edit_owner and drafts.
public struct ProcessOwner: Equatable, Sendable {
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
}
