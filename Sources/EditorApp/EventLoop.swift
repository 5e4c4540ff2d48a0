#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import EditorCore
import RecEditCore
import TerminalUI

/// The I/O half of the editor: waits in `poll()` for keys, signals, the change feed and the next
/// timer; turns each into `EditorMessage`s; performs the `EditorEffect`s the editor returns; draws
/// after every batch.
final class EventLoop {
    /// Signals that end the editor (after it releases its claim and restores the terminal).
    static let exitSignals: [Int32] = [SIGINT, SIGTERM, SIGHUP, SIGQUIT]
    /// Tick period while a claim is held or the feed has to be checked on a timer.
    static let busyTickMicroseconds: Int64 = 500_000
    /// Tick period otherwise (the editor's contract: at least one a second).
    static let idleTickMicroseconds: Int64 = 1_000_000

    private let store: RecordStore
    private var key: Value
    private let config: EditorConfig
    private var state: EditorState
    private let journal: DraftJournal
    private let feed: ChangeFeed?
    private let terminal: Terminal
    private let signals: SignalWatcher

    private var pending: [EditorMessage] = []
    private var quitRequested = false
    private var exitSignal: Int32?
    private var fatal: String?
    /// The fencing token of the claim this process holds, for a last release on the way out.
    private var claimToken: Int64?
    private var external: ExternalEdit?
    private var nextTick: Int64 = 0
    private var lastSize: (width: Int, height: Int)
    private var lastFeedFailure: String?
    private var emptyInputWakeups = 0
    /// Wake-ups by the feed's descriptor since the last tick.
    private var feedWakeups = 0
    private var feedDescriptorMuted: Bool { feedWakeups > 20 }

    /// A line for the shell after the terminal is restored, if any.
    private(set) var exitNote: String?

    init(launch: EditorLaunch, record: Record, orphans: [Draft], journal: DraftJournal, feed: ChangeFeed?,
         terminal: Terminal, signals: SignalWatcher) {
        store = launch.store
        key = launch.key
        config = launch.config
        self.journal = journal
        self.feed = feed
        self.terminal = terminal
        self.signals = signals
        lastSize = (max(1, terminal.width), max(1, terminal.height))
        state = EditorState(schema: launch.store.schema, record: record, config: launch.config,
                            width: lastSize.width, height: lastSize.height, orphanedDrafts: orphans)
    }

    func enqueue(_ message: EditorMessage) { pending.append(message) }

    private var finished: Bool { quitRequested || exitSignal != nil || fatal != nil || state.isFinished }

    private var feedNeedsTimer: Bool { feed != nil && feed?.fileDescriptor == nil }

    private var tickPeriod: Int64 {
        claimToken != nil || feedNeedsTimer || feedDescriptorMuted ? EventLoop.busyTickMicroseconds : EventLoop.idleTickMicroseconds
    }

    // MARK: - The loop

    func run() -> Int32 {
        perform(state.start())
        processPending()
        render()
        nextTick = Clock.monotonicMicroseconds() + tickPeriod

        while !finished {
            waitAndDispatch()
            processPending()
            render()
        }
        return finish()
    }

    private func waitAndDispatch() {
        var fds: [pollfd] = [pollfd(fd: signals.fileDescriptor, events: Int16(POLLIN), revents: 0)]
        var inputIndex: Int?
        var feedIndex: Int?
        if external == nil {
            inputIndex = fds.count
            fds.append(pollfd(fd: terminal.inputDescriptor, events: Int16(POLLIN), revents: 0))
        }
        if let fd = feed?.fileDescriptor, !feedDescriptorMuted {
            feedIndex = fds.count
            fds.append(pollfd(fd: fd, events: Int16(POLLIN), revents: 0))
        }
        let now = Clock.monotonicMicroseconds()
        var timeout = Int32(clamping: max(0, (nextTick - now + 999) / 1_000))
        if external != nil { timeout = min(timeout, 1_000) }  // SIGCHLD is the fast path; this is the backstop.

        let rc = poll(&fds, nfds_t(fds.count), timeout)
        if rc < 0 && errno != EINTR {
            fatal = "poll failed: " + String(cString: strerror(errno))
            return
        }

        // Signals first: they may end the loop or change the screen size.
        if rc > 0 && fds[0].revents != 0 || rc < 0 {
            for sig in signals.drain() { handleSignal(sig) }
        }
        if exitSignal != nil { return }

        if let i = inputIndex, external == nil {
            let revents = rc > 0 ? fds[i].revents : 0
            let events = terminal.readEvents()
            for event in events { handle(event) }
            if revents & Int16(POLLIN) != 0 && events.isEmpty {
                // Readable yet nothing to read, again and again: the terminal is gone (EOF).
                emptyInputWakeups += 1
                if emptyInputWakeups >= 50 { exitSignal = SIGHUP }
            } else {
                emptyInputWakeups = 0
            }
            if revents & Int16(POLLHUP | POLLERR | POLLNVAL) != 0 && events.isEmpty { exitSignal = SIGHUP }
        }

        if let i = feedIndex, rc > 0, fds[i].revents != 0 {
            // A descriptor that stays ready (a dropped connection reports POLLHUP for ever) must not
            // make the loop spin: past a few wake-ups per tick it is checked on the timer instead.
            feedWakeups += 1
            checkFeed()
        }

        if let edit = external, let result = edit.poll() { finishExternalEdit(result) }

        let after = Clock.monotonicMicroseconds()
        if after >= nextTick {
            pending.append(.tick(nowMicroseconds: Clock.wallMicroseconds()))
            if feedNeedsTimer || feedDescriptorMuted { checkFeed() }
            feedWakeups = 0
            nextTick = after + tickPeriod
        }
    }

    private func handleSignal(_ sig: Int32) {
        switch sig {
        case SIGWINCH:
            if let event = terminal.checkSize() { handle(event) }
        case SIGCHLD:
            if let edit = external, let result = edit.poll() { finishExternalEdit(result) }
        case SIGCONT:
            // Stopped and continued: the shell had the terminal meanwhile and left it in cooked mode.
            if external == nil, let event = terminal.continueAfterStop() { handle(event) }
        default:
            if EventLoop.exitSignals.contains(sig) && exitSignal == nil { exitSignal = sig }
        }
    }

    private func handle(_ event: TerminalEvent) {
        switch event {
        case .key(let key):
            if key == .control("l") { terminal.invalidate() }  // Ctrl-L: repaint the whole screen
            pending.append(.key(key))
        case .resize(let width, let height):
            let size = (max(1, width), max(1, height))
            guard size != lastSize else { return }
            lastSize = size
            pending.append(.resize(width: size.0, height: size.1))
        }
    }

    private func processPending() {
        var budget = 10_000
        while !pending.isEmpty && budget > 0 && exitSignal == nil {
            budget -= 1
            let message = pending.removeFirst()
            perform(state.update(message))
        }
    }

    private func render() {
        guard !terminal.isSuspended, exitSignal == nil else { return }
        terminal.present(state.render())
    }

    private func finish() -> Int32 {
        if let edit = external {
            edit.terminate()
            external = nil
            signals.resume(SIGINT)
            signals.resume(SIGQUIT)
        }
        // A claim still held (the editor quit without releasing, or a signal ended us) is given back,
        // so nobody waits for the lease to run out. The draft, if any, stays for recovery.
        if let token = claimToken {
            _ = try? store.apply(.release(owner: config.owner, token: token), to: key)
            claimToken = nil
        }
        if let fatal {
            exitNote = "recedit: " + fatal
            return 1
        }
        if let sig = exitSignal {
            exitNote = "recedit: stopped by \(EventLoop.signalName(sig))"
            return 128 + sig
        }
        return 0
    }

    static func signalName(_ sig: Int32) -> String {
        switch sig {
        case SIGINT: return "SIGINT"
        case SIGTERM: return "SIGTERM"
        case SIGHUP: return "SIGHUP"
        case SIGQUIT: return "SIGQUIT"
        default: return "signal \(sig)"
        }
    }

    // MARK: - Effects

    private func perform(_ effects: [EditorEffect]) {
        for effect in effects { perform(effect) }
    }

    private func perform(_ effect: EditorEffect) {
        switch effect {
        case .claim:
            editRequest { try self.claim() }
        case .renew(let token):
            editRequest { try self.store.apply(.renew(owner: self.config.owner, token: token, leaseSeconds: self.config.leaseSeconds), to: self.key) }
        case .release(let token):
            editRequest { try self.store.apply(.release(owner: self.config.owner, token: token), to: self.key) }
        case .save(let changes, let expected, let fencingToken):
            do {
                let outcome = try store.save(key, changes: changes, expected: expected, writer: config.owner, fencingToken: fencingToken)
                var writer: String?
                var history: [HistoryEntry] = []
                if case .stale(let current) = outcome {
                    writer = try? store.writer(of: key, at: current.updatedAt)
                    history = (try? store.history(key)) ?? []   // who wrote each field the merge takes
                }
                pending.append(.saveFinished(outcome, writer: writer, history: history))
            } catch {
                pending.append(failure(error))
            }
        case .recreate(let fields):
            do {
                let record = try store.insert(fields, writer: config.owner)
                key = record.key
                pending.append(.saveFinished(.saved(record), writer: nil))
            } catch {
                pending.append(failure(error))
            }
        case .reload:
            reload(withHistory: true)
        case .writeDraft(let draft):
            do { try journal.write(draft) } catch {
                pending.append(.failure("cannot journal the draft: " + describe(error), connectionLost: false))
            }
        case .deleteDraft:
            journal.delete()
        case .settleOrphanedDraft(let draft, let recovered):
            journal.settleOrphan(draft, recovered: recovered)
        case .editExternally(let text):
            startExternalEdit(text)
        case .quit:
            quitRequested = true
        }
    }

    private func editRequest(_ body: () throws -> EditOutcome?) {
        do {
            let outcome = try body()
            switch outcome {
            case .claimed(let token, _, _)?: claimToken = token
            case .released?, .lost?, .busy?, nil: claimToken = nil
            case .renewed?: break
            }
            pending.append(.editOutcome(outcome))
        } catch {
            pending.append(failure(error))
        }
    }

    /// Claims the row. A claim held by an editor of this host whose process is gone (killed, crashed)
    /// is taken over at once instead of waiting for its lease to run out.
    private func claim() throws -> EditOutcome? {
        // Exclusive mode claims the row `locked`, so every client honours it whatever its own config says.
        let lock = config.lockMode == .exclusive
        let request = EditRequest.claim(owner: config.owner, leaseSeconds: config.leaseSeconds, lock: lock)
        let outcome = try store.apply(request, to: key)
        guard case .busy(let holder, _, _, _)? = outcome, holder != config.owner,
              let owner = ProcessOwner(holder), owner.isGone,
              let held = try store.load(key)?.edit, held.owner == holder else { return outcome }
        // One compare-and-set on that exact holder and token: two editors taking over the same dead
        // holder never both win.
        return try store.apply(.takeOver(owner: config.owner, leaseSeconds: config.leaseSeconds, from: holder, token: held.token, lock: lock), to: key)
    }

    /// `withHistory`: the editor asked (Ctrl-R, recovering a draft) and will merge, naming who wrote each field.
    private func reload(withHistory: Bool = false) {
        do {
            let record = try store.load(key)
            let writer = record.flatMap { try? store.writer(of: key, at: $0.updatedAt) }
            let history = withHistory && record != nil ? ((try? store.history(key)) ?? []) : []
            pending.append(.rowReloaded(record, writer: writer, history: history))
        } catch {
            pending.append(failure(error))
        }
    }

    private func checkFeed() {
        guard let feed else { return }
        do {
            let changed = try feed.check()
            lastFeedFailure = nil
            if changed { reload() }
        } catch {
            // Report a failing feed once, not on every tick.
            let message = describe(error)
            if message != lastFeedFailure {
                lastFeedFailure = message
                pending.append(failure(error))
            }
        }
    }

    private func failure(_ error: Error) -> EditorMessage {
        .failure(describe(error), connectionLost: isConnectionLost(error))
    }

    // MARK: - $VISUAL / $EDITOR

    private func startExternalEdit(_ text: String) {
        guard external == nil else {
            pending.append(.externalEditFinished(nil))
            return
        }
        terminal.suspend()
        // Ctrl-C and Ctrl-\ in the child's terminal signal our process group too: ignore them meanwhile.
        signals.ignore(SIGINT)
        signals.ignore(SIGQUIT)
        do {
            external = try ExternalEdit.start(text: text)
        } catch {
            resumeAfterExternalEdit()
            pending.append(.externalEditFailed("could not run '\(ExternalEdit.command())': " + describe(error)))
        }
    }

    private func finishExternalEdit(_ result: ExternalEdit.Outcome) {
        external = nil
        resumeAfterExternalEdit()
        switch result {
        case .edited(let text): pending.append(.externalEditFinished(text))
        case .failed(let reason): pending.append(.externalEditFailed(reason))
        }
    }

    private func resumeAfterExternalEdit() {
        signals.resume(SIGINT)
        signals.resume(SIGQUIT)
        if let event = terminal.resume() { handle(event) }
        terminal.invalidate()
    }
}
