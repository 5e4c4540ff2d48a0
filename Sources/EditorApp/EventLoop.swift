import EditorCore
import RecEditCore
import TerminalUI

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The I/O half of the editor: waits in one `poll()` for keys, signals, the change feed, finished store calls
/// and the next real deadline (the editor's next tick, `AppState.nextTickDue`: the heartbeat, a lease running
/// out, a draft to write; a feed that has no descriptor; a "database busy" notice); turns each into
/// `EditorMessage`s; performs the `EditorEffect`s the editor returns; draws after every batch. Nothing
/// wakes it on a fixed period (`Wakeup`).
final class EventLoop {
    /// Signals that end the editor (after it releases its claim and restores the terminal).
    static let exitSignals: [Int32] = [SIGINT, SIGTERM, SIGHUP, SIGQUIT]

    /// The table the editor works on (replaced when `.openTable` opens another).
    private var store: RecordStore
    private let database: RecordDatabase?
    /// The open row's key, its drafts and its change feed (replaced when `.open` opens another row).
    private var key: Value
    private let config: EditorConfig
    private var state: AppState
    private var journal: DraftJournal
    private var feed: ChangeFeed?
    private let draftsDirectory: String
    private let terminal: Terminal
    private let signals: SignalWatcher

    private var pending: [EditorMessage] = []
    private var quitRequested = false
    private var exitSignal: Int32?
    private var fatal: String?
    /// The fencing token of the claim this process holds, for a last release on the way out.
    private var claimToken: Int64?
    private var external: ExternalEdit?
    /// When the last tick went to the editor, and when the next is due (monotonic microseconds).
    private var lastTick: Int64?
    private var tickDue: Int64 = 0
    private var lastSize: (width: Int, height: Int)
    private var lastFeedFailure: String?
    private var emptyInputWakeups = 0
    /// Wake-ups by the feeds' descriptors, to mute one that keeps waking the loop.
    private var feedWakeups = WakeupCounter()
    private var tableFeedWakeups = WakeupCounter()
    /// When a feed on the timer was last checked (monotonic microseconds).
    private var lastFeedPoll: Int64 = 0
    /// Follow-up checks after a descriptor wake-up that found nothing (monotonic microseconds, soonest first).
    private var feedRechecks: [Int64] = []
    private var tableFeedRechecks: [Int64] = []
    /// Whether the browser had the keys after the last batch (coming back to it checks the table's feed).
    private var wasBrowsing = false
    /// The last wake-up handled a signal (the screen may need repainting: SIGCONT, SIGWINCH).
    private var signalsHandled = false
    /// Runs the store calls off the loop's thread (nil: it could not start; calls then run inline).
    private let worker: StoreWorker?
    /// Writes and deletes drafts, in order, off the loop's thread: a draft of a megabyte value takes
    /// a while to encode and fsync, and typing must not wait for it.
    private let journalWorker: StoreWorker?
    /// `hooks.afterSave`, and the thread that runs it (never the loop's, never the store worker's).
    private let afterSave: HookCommand?
    private let hookWorker: StoreWorker?
    /// Coalescing: a heartbeat or a feed check already on its way is not sent again.
    private var renewInFlight = false
    private var feedCheckInFlight = false
    /// Jobs submitted so far, and what the last "database busy" notice was about (job running, jobs submitted).
    private var jobsSubmitted = 0
    private var busyNoticeFor: (job: Int, submitted: Int)?
    /// How long a store call may run before the editor is told the database keeps it waiting.
    static let busyNoticeMicroseconds: Int64 = 300_000

    /// The browser's feed of the whole table (browse mode only), watched while the browser has the keys.
    private var tableFeed: ChangeFeed?
    private var tableFeedCheckInFlight = false
    /// A page request on the worker, and the newest one asked for meanwhile (older ones are dropped).
    private var pageFetchInFlight = false
    private var queuedPageFetch: (RowPageRequest, Int)?
    /// Effects to perform before the first message (the browser's first page).
    private var startEffects: [EditorEffect] = []

    /// A line for the shell after the terminal is restored, if any.
    private(set) var exitNote: String?

    /// `record` (with `orphans`, its drafts dead editors left) is the row already loaded, opened first; nil
    /// opens the table browser (`feed` then watches the whole table).
    init(
        launch: EditorLaunch, record: Record?, orphans: [Draft], journal: DraftJournal, feed: ChangeFeed?,
        terminal: Terminal, signals: SignalWatcher
    ) {
        store = launch.store
        database = launch.database
        key = launch.key ?? .null
        config = launch.config
        draftsDirectory = launch.draftsDirectory
        self.journal = journal
        self.feed = feed
        self.terminal = terminal
        self.signals = signals
        lastSize = (max(1, terminal.width), max(1, terminal.height))
        if let record {
            state = AppState(config: launch.config, width: lastSize.width, height: lastSize.height)
            pending.append(.rowOpened(schema: launch.store.schema, record: record, orphanedDrafts: orphans))
        } else {
            state = AppState(
                browsing: launch.store.schema, location: launch.store.location, config: launch.config,
                width: lastSize.width, height: lastSize.height)
            startEffects = state.start() + state.offerTables(launch.offeredTables)
            tableFeed = feed
            self.feed = nil
        }
        worker = try? StoreWorker()
        journalWorker = try? StoreWorker()
        afterSave = launch.afterSave
        hookWorker = launch.afterSave == nil ? nil : try? StoreWorker()
    }

    func enqueue(_ message: EditorMessage) { pending.append(message) }

    private var finished: Bool { quitRequested || exitSignal != nil || fatal != nil || state.isFinished }

    /// The row's feed must be checked on the timer: it has no descriptor, or its descriptor is muted.
    private func feedOnTimer(_ now: Int64) -> Bool {
        guard let feed else { return false }
        return feed.fileDescriptor == nil || feedWakeups.isMuted(now: now)
    }

    /// The table's feed is watched while the browser has the keys; on the timer when it has no descriptor or
    /// its descriptor is muted.
    private func tableFeedOnTimer(_ now: Int64) -> Bool {
        guard let tableFeed, state.isBrowsing else { return false }
        return tableFeed.fileDescriptor == nil || tableFeedWakeups.isMuted(now: now)
    }

    // MARK: - The loop

    func run() -> Int32 {
        perform(startEffects)
        startEffects = []
        processPending()
        render()
        afterBatch()

        while !finished {
            waitAndDispatch()
            // A wake-up that brought no message and no signal (a feed check that found nothing, a worker's
            // completion with nothing to say) leaves the screen as it is.
            if processPending() > 0 || signalsHandled { render() }
            afterBatch()
        }
        return finish()
    }

    /// After the editor took a batch of messages: when it wants its next tick, and a look at the table's feed
    /// when the browser has the keys again (changes made meanwhile are in the feed's queue; this is the same
    /// look the first tick after closing a row used to take).
    private func afterBatch() {
        let now = Clock.monotonicMicroseconds()
        tickDue = Wakeup.tickDeadline(
            editorDue: state.nextTickDue, wallNow: Clock.wallMicroseconds(), monotonicNow: now, lastTick: lastTick)
        let browsing = state.isBrowsing
        if browsing && !wasBrowsing { checkTableFeed() }
        wasBrowsing = browsing
    }

    private func waitAndDispatch() {
        var fds: [pollfd] = [pollfd(fd: signals.fileDescriptor, events: Int16(POLLIN), revents: 0)]
        var inputIndex: Int?
        var feedIndex: Int?
        if external == nil {
            inputIndex = fds.count
            fds.append(pollfd(fd: terminal.inputDescriptor, events: Int16(POLLIN), revents: 0))
        }
        let now = Clock.monotonicMicroseconds()
        // While a check is on its way the descriptor stays readable: it is the worker's to read.
        if let fd = feed?.fileDescriptor, !feedWakeups.isMuted(now: now), !feedCheckInFlight {
            feedIndex = fds.count
            fds.append(pollfd(fd: fd, events: Int16(POLLIN), revents: 0))
        }
        var tableFeedIndex: Int?
        if state.isBrowsing, let fd = tableFeed?.fileDescriptor, !tableFeedWakeups.isMuted(now: now), !tableFeedCheckInFlight {
            tableFeedIndex = fds.count
            fds.append(pollfd(fd: fd, events: Int16(POLLIN), revents: 0))
        }
        var workerIndex: Int?
        var hookIndex: Int?
        if let hookWorker {
            hookIndex = fds.count
            fds.append(pollfd(fd: hookWorker.fileDescriptor, events: Int16(POLLIN), revents: 0))
        }
        if let worker {
            workerIndex = fds.count
            fds.append(pollfd(fd: worker.fileDescriptor, events: Int16(POLLIN), revents: 0))
        }
        var journalIndex: Int?
        if let journalWorker {
            journalIndex = fds.count
            fds.append(pollfd(fd: journalWorker.fileDescriptor, events: Int16(POLLIN), revents: 0))
        }
        let feedPollDue = feedOnTimer(now) || tableFeedOnTimer(now) ? lastFeedPoll + Wakeup.feedPollInterval : nil
        let timeout = Wakeup.pollTimeout(
            now: now,
            deadlines: [
                tickDue, feedPollDue, busyNoticeDue, feedRechecks.first,
                state.isBrowsing ? tableFeedRechecks.first : nil,
                external == nil ? nil : now + 1_000_000,  // SIGCHLD is the fast path; this is the backstop.
            ])

        let firstNew = pending.count
        let rc = poll(&fds, nfds_t(fds.count), timeout)
        if rc < 0 && errno != EINTR {
            fatal = "poll failed: " + String(cString: strerror(errno))
            return
        }

        // Signals first: they may end the loop or change the screen size.
        signalsHandled = false
        if rc > 0 && fds[0].revents != 0 || rc < 0 {
            for sig in signals.drain() {
                signalsHandled = true
                handleSignal(sig)
            }
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

        let woke = Clock.monotonicMicroseconds()
        if let i = feedIndex, rc > 0, fds[i].revents != 0 {
            // A descriptor that stays ready (a dropped connection reports POLLHUP for ever) must not
            // make the loop spin: past a few wake-ups a second it is checked on the timer instead.
            feedWakeups.note(now: woke)
            checkFeed(recheck: true)
        } else if let due = feedRechecks.first, woke >= due {
            feedRechecks.removeFirst()
            checkFeed()
        }
        if let i = tableFeedIndex, rc > 0, fds[i].revents != 0 {
            tableFeedWakeups.note(now: woke)
            checkTableFeed(recheck: true)
        } else if state.isBrowsing, let due = tableFeedRechecks.first, woke >= due {
            tableFeedRechecks.removeFirst()
            checkTableFeed()
        }

        if let edit = external, let result = edit.poll() { finishExternalEdit(result) }

        if let i = workerIndex, rc > 0, fds[i].revents != 0 { worker?.runCompletions() }
        if let i = journalIndex, rc > 0, fds[i].revents != 0 { journalWorker?.runCompletions() }
        if let i = hookIndex, rc > 0, fds[i].revents != 0 { hookWorker?.runCompletions() }
        noteBusyStore()

        let after = Clock.monotonicMicroseconds()
        if feedOnTimer(after) || tableFeedOnTimer(after), after >= lastFeedPoll + Wakeup.feedPollInterval {
            lastFeedPoll = after
            if feedOnTimer(after) { checkFeed() }
            if tableFeedOnTimer(after) { checkTableFeed() }
        }
        // The tick goes before what this wake-up brought: a key is handled with the clock fresh.
        let stale = pending.count > firstNew && lastTick.map { after - $0 >= Wakeup.staleClock } ?? true
        if after >= tickDue || stale {
            pending.insert(.tick(nowMicroseconds: Clock.wallMicroseconds()), at: firstNew)
            lastTick = after
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

    /// Returns the number of messages the editor took.
    @discardableResult
    private func processPending() -> Int {
        var budget = 10_000
        while !pending.isEmpty && budget > 0 && exitSignal == nil {
            budget -= 1
            let message = pending.removeFirst()
            perform(state.update(message))
        }
        return 10_000 - budget
    }

    private func render() {
        guard !terminal.isSuspended, exitSignal == nil else { return }
        terminal.present(state.render())
    }

    /// When the store call running now has waited long enough for a "database busy" notice, if one is due.
    private var busyNoticeDue: Int64? {
        guard let running = worker?.running else { return nil }
        if let noted = busyNoticeFor, noted.job == running.id, noted.submitted == jobsSubmitted { return nil }
        return running.since + EventLoop.busyNoticeMicroseconds
    }

    /// Tells the editor that the database keeps a request waiting (once per request, and again when
    /// more requests, a save say, queue up behind it).
    private func noteBusyStore() {
        guard let due = busyNoticeDue, Clock.monotonicMicroseconds() >= due, let running = worker?.running else { return }
        busyNoticeFor = (running.id, jobsSubmitted)
        pending.append(.databaseBusy)
    }

    private func finish() -> Int32 {
        if let edit = external {
            edit.terminate()
            external = nil
            signals.resume(SIGINT)
            signals.resume(SIGQUIT)
        }
        // Requests already on their way (a save, the release on quit, a draft) finish first, then their hooks.
        worker?.stop()
        journalWorker?.stop()
        hookWorker?.stop()
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
        let store = self.store, key = self.key, owner = config.owner, lease = config.leaseSeconds
        let lock = config.lockMode == .exclusive
        switch effect {
        case .open(let newKey):
            openRow(newKey)
        case .claim:
            // Exclusive mode claims the row `locked`, so every client honours it whatever its own config says.
            editRequest { try store.apply(.claim(owner: owner, leaseSeconds: lease, lock: lock), to: key) }
        case .probeHolder(let holder):
            pending.append(.holderProbed(owner: holder, gone: ProcessOwner(holder)?.isGone ?? false))
        case .takeOver(let holder):
            editRequest {
                let current = try store.load(key)?.edit
                guard
                    let request = ClaimTakeOver.request(
                        holder: holder, current: current, owner: owner,
                        leaseSeconds: lease, lock: lock)
                else { return .skipped }
                return .outcome(try store.apply(request, to: key))
            }
        case .renew(let token):
            guard !renewInFlight else { return }  // the one on its way is as good
            renewInFlight = true
            editRequest(renewal: true) { try store.apply(.renew(owner: owner, token: token, leaseSeconds: lease), to: key) }
        case .release(let token):
            editRequest { try store.apply(.release(owner: owner, token: token), to: key) }
        case .save(let changes, let expected, let fencingToken):
            submit {
                do {
                    let outcome = try store.save(key, changes: changes, expected: expected, writer: owner, fencingToken: fencingToken)
                    var writer: String?
                    var history: [HistoryEntry] = []
                    if case .stale(let current) = outcome {
                        writer = try? store.writer(of: key, at: current.updatedAt)
                        history = (try? store.history(key)) ?? []  // who wrote each field the merge takes
                    }
                    return {
                        if case .saved(let record) = outcome, record.updatedAt != expected {
                            self.runAfterSave(operation: "update", record: record, fields: changes.keys.sorted(), writer: owner)
                        }
                        self.pending.append(.saveFinished(outcome, writer: writer, history: history))
                    }
                } catch {
                    return { self.pending.append(self.saveFailure(error)) }
                }
            }
        case .recreate(let fields):
            submit {
                do {
                    let record = try store.insert(fields, writer: owner)
                    return {
                        self.key = record.key
                        self.runAfterSave(operation: "insert", record: record, fields: fields.keys.sorted(), writer: owner)
                        self.pending.append(.saveFinished(.saved(record), writer: nil))
                    }
                } catch {
                    return { self.pending.append(self.saveFailure(error)) }
                }
            }
        case .reload:
            reload(withHistory: true)
        case .writeDraft(let draft):
            let journal = self.journal
            submitToJournal {
                do { try journal.write(draft) } catch {
                    let text = localized("app.cannotJournal", ["reason": describe(error)])
                    return { self.pending.append(.failure(text, connectionLost: false)) }
                }
                return {}
            }
        case .deleteDraft:
            let journal = self.journal
            submitToJournal {
                journal.delete()
                return {}
            }
        case .settleOrphanedDraft(let draft, let recovered):
            // On the journal's thread too, so it stays in order with the draft writes around it.
            let journal = self.journal
            submitToJournal {
                journal.settleOrphan(draft, recovered: recovered)
                return {}
            }
        case .editExternally(let text):
            startExternalEdit(text)
        case .fetchPage(let request, let generation):
            if pageFetchInFlight {
                queuedPageFetch = (request, generation)
            } else {
                fetchPage(request, generation: generation)
            }
        case .fetchReferencedRows(let request, let generation):
            submit {
                let result = Result { try store.referencedRows(request) }
                return {
                    switch result {
                    case .success(let rows): self.pending.append(.referencedRowsFetched(request, rows, generation: generation))
                    case .failure(let error): self.pending.append(.referencedRowsFailed(describe(error), generation: generation))
                    }
                }
            }
        case .fetchReferenceLabel(let column, let reference, let key):
            submit {
                let label = (try? store.referenceLabel(reference, key: key)) ?? nil
                return { self.pending.append(.referenceLabelFetched(column: column, key: key, label: label)) }
            }
        case .estimateRowCount:
            submit {
                let estimate = (try? store.estimatedRowCount()) ?? nil
                return { self.pending.append(.rowCountEstimated(estimate)) }
            }
        case .closeRow:
            // The release and the draft's deletion were queued before this; the browser watches the table again.
            feed = nil
            resetFeedWatch()
            lastFeedFailure = nil
        case .quit:
            quitRequested = true
        case .loadHistory(let rowKey):
            submit {
                do {
                    let message = try BrowserStoreCalls.history(store, key: rowKey)
                    return { self.pending.append(message) }
                } catch {
                    return { self.pending.append(self.failure(error)) }
                }
            }
        case .restoreVersion(let rowKey, let changes, let expected):
            submit {
                do {
                    let (outcome, message) = try BrowserStoreCalls.restore(store, key: rowKey, changes: changes, expected: expected, writer: owner)
                    return {
                        if case .saved(let record) = outcome {
                            self.runAfterSave(operation: "update", record: record, fields: changes.keys.sorted(), writer: owner)
                        }
                        self.pending.append(message)
                    }
                } catch {
                    return { self.pending.append(self.saveFailure(error)) }
                }
            }
        case .deleteRow(let rowKey, let expected):
            submit {
                do {
                    let (outcome, message) = try BrowserStoreCalls.delete(store, key: rowKey, expected: expected, writer: owner)
                    return {
                        if outcome == .deleted {
                            let gone = Record(key: rowKey, fields: [:], updatedAt: expected)
                            self.runAfterSave(operation: "delete", record: gone, fields: [], writer: owner)
                        }
                        self.pending.append(message)
                    }
                } catch {
                    return { self.pending.append(self.saveFailure(error)) }
                }
            }
        case .describeTables:
            describeTables()
        case .openTable(let name):
            openTable(name)
        case .openNewRow:
            // Nothing to watch until the row exists; the change feed of the row shown before would reload it.
            feed = nil
            pending.append(.newRowOpened(schema: store.schema))
        case .insert(let fields):
            let directory = draftsDirectory
            submit {
                do {
                    let record = try store.insert(fields, writer: owner)
                    let journal = DraftJournal(directory: directory, location: store.location, table: store.schema.table, key: record.key)
                    let feed = try? store.makeChangeFeed(watching: record.key)
                    return {
                        self.key = record.key
                        self.journal = journal
                        self.feed = feed
                        self.resetFeedWatch()
                        self.runAfterSave(operation: "insert", record: record, fields: fields.keys.sorted(), writer: owner)
                        self.pending.append(.inserted(record))
                    }
                } catch {
                    return { self.pending.append(self.saveFailure(error)) }
                }
            }
        }
    }

    /// recedit's tables with the database's row estimates (each table's store opened to ask it).
    private func describeTables() {
        guard let database else {
            pending.append(.failure(localized("app.noDatabaseTables"), connectionLost: false))
            return
        }
        let store = self.store
        submit {
            do {
                let message = try BrowserStoreCalls.describeTables(database, current: store)
                return { self.pending.append(message) }
            } catch {
                return { self.pending.append(self.failure(error)) }
            }
        }
    }

    /// Opens table `name`'s store (on the worker); the loop works on it from then on.
    private func openTable(_ name: String) {
        guard let database else {
            pending.append(.failure(localized("app.noDatabaseOpen", ["table": name]), connectionLost: false))
            return
        }
        let names = store.schema.recedit
        submit {
            do {
                let opened = try database.openTable(name, key: nil, names: names)
                return {
                    self.store = opened
                    self.feed = nil
                    self.resetFeedWatch()
                    if self.tableFeed != nil {
                        self.tableFeed = try? opened.makeChangeFeed()
                        self.tableFeedWakeups.reset()
                        self.tableFeedRechecks = []
                    }
                    self.pending.append(.tableOpened(schema: opened.schema))
                }
            } catch {
                return { self.pending.append(self.failure(error)) }
            }
        }
    }

    /// Runs `hooks.afterSave` for a save that committed, on the hook thread; a failure comes back as a notice.
    private func runAfterSave(operation: String, record: Record, fields: [String], writer: String) {
        guard let command = afterSave else { return }
        let schema = store.schema
        let ordered = schema.dataColumns.map(\.name).filter { fields.contains($0) }
        let event = HookEvent(
            table: schema.table, key: record.key, operation: operation, fields: ordered,
            updatedAt: record.updatedAt, writer: writer)
        let job: StoreWorker.Job = {
            guard let failure = HookRunner.run(command, event: event, output: .discard) else { return {} }
            return { self.pending.append(.notice(localized("app.hookFailed", ["reason": failure]))) }
        }
        if let hookWorker { hookWorker.submit(job) } else { job()() }
    }

    /// Runs `job` on the worker (inline when there is none); its completion runs on the loop's thread.
    private func submit(_ job: @escaping StoreWorker.Job) {
        jobsSubmitted += 1
        if let worker { worker.submit(job) } else { job()() }
    }

    /// Runs a draft write or delete on the journal's thread (inline when there is none), in order.
    private func submitToJournal(_ job: @escaping StoreWorker.Job) {
        if let journalWorker { journalWorker.submit(job) } else { job()() }
    }

    private func editRequest(renewal: Bool = false, _ body: @escaping () throws -> EditOutcome?) {
        editRequest(renewal: renewal) { () throws -> EditAnswer in .outcome(try body()) }
    }

    /// What an edit-state request came back with: its outcome, or nothing asked (a take-over of a holder
    /// the row no longer names).
    private enum EditAnswer {
        case outcome(EditOutcome?)
        case skipped
    }

    private func editRequest(renewal: Bool = false, _ body: @escaping () throws -> EditAnswer) {
        submit {
            let result = Result { try body() }
            return {
                if renewal { self.renewInFlight = false }
                switch result {
                case .success(.skipped):
                    self.pending.append(.takeOverSkipped)
                case .success(.outcome(let outcome)):
                    switch outcome {
                    case .claimed(let token, _, _)?: self.claimToken = token
                    case .released?, .lost?, .busy?, nil: self.claimToken = nil
                    case .renewed?: break
                    }
                    self.pending.append(.editOutcome(outcome))
                case .failure(let error):
                    // A heartbeat that waited out the busy timeout is harmless (the lease is several
                    // heartbeats long): the next one tries again. Said here, it would read as a failed save.
                    if renewal, case .timeout? = error as? StoreError { return }
                    self.pending.append(self.failure(error))
                }
            }
        }
    }

    /// Loads another row (on the worker) with its orphaned drafts and a change feed of its own; the editor
    /// gets `.rowOpened`, and the loop's key, journal and feed follow the new row.
    private func openRow(_ newKey: Value) {
        let store = self.store, directory = draftsDirectory, readOnly = config.readOnly
        submit {
            do {
                guard let record = try store.load(newKey) else {
                    let schema = store.schema
                    let text = localized("app.noRow", ["key": "\(schema.keyColumn) = \(newKey.displayText)", "table": schema.table])
                    return { self.pending.append(.failure(text, connectionLost: false)) }
                }
                let journal = DraftJournal(directory: directory, location: store.location, table: store.schema.table, key: newKey)
                let orphans = readOnly ? [] : journal.findOrphans()
                let feed = try? store.makeChangeFeed(watching: newKey)
                return {
                    self.key = newKey
                    self.journal = journal
                    self.feed = feed
                    self.resetFeedWatch()
                    self.lastFeedFailure = nil
                    self.pending.append(.rowOpened(schema: store.schema, record: record, orphanedDrafts: orphans))
                }
            } catch {
                return { self.pending.append(self.failure(error)) }
            }
        }
    }

    /// One page for the browser, on the worker. A request that came while this one ran is sent next; any
    /// older ones it replaced were never sent.
    private func fetchPage(_ request: RowPageRequest, generation: Int) {
        pageFetchInFlight = true
        let store = self.store
        submit {
            let result = Result { try store.page(request) }
            return {
                self.pageFetchInFlight = false
                switch result {
                case .success(let page): self.pending.append(.pageFetched(page, generation: generation))
                case .failure(let error): self.pending.append(.pageFailed(describe(error), generation: generation))
                }
                if let (next, nextGeneration) = self.queuedPageFetch {
                    self.queuedPageFetch = nil
                    self.fetchPage(next, generation: nextGeneration)
                }
            }
        }
    }

    /// Asks the table's feed (on the worker) whether another writer changed the table; the browser refetches.
    /// `recheck`: a descriptor woke the loop; if it finds nothing, look again shortly (`Wakeup.feedRecheckDelays`).
    private func checkTableFeed(recheck: Bool = false) {
        guard let tableFeed, !tableFeedCheckInFlight else { return }
        tableFeedCheckInFlight = true
        submit {
            let changed = Result { try tableFeed.check() }
            return {
                self.tableFeedCheckInFlight = false
                switch changed {
                case .success(true):
                    self.tableFeedRechecks = []
                    self.pending.append(.tableChanged)
                case .success(false):
                    if recheck { self.tableFeedRechecks = EventLoop.rechecks() }
                case .failure(let error):
                    let message = describe(error)
                    if message != self.lastFeedFailure {
                        self.lastFeedFailure = message
                        self.pending.append(self.failure(error))
                    }
                }
            }
        }
    }

    /// `withHistory`: the editor asked (Ctrl-R, recovering a draft) and will merge, naming who wrote each field.
    private func reload(withHistory: Bool = false) {
        let store = self.store, key = self.key
        submit {
            let result = Result { try EventLoop.load(store: store, key: key, withHistory: withHistory) }
            return {
                switch result {
                case .success(let (record, writer, history)):
                    self.pending.append(.rowReloaded(record, writer: writer, history: history))
                case .failure(let error): self.pending.append(self.failure(error))
                }
            }
        }
    }

    /// The row now and who wrote it. Runs on the worker.
    private static func load(store: RecordStore, key: Value, withHistory: Bool = false) throws -> (Record?, String?, [HistoryEntry]) {
        let record = try store.load(key)
        let writer = record.flatMap { try? store.writer(of: key, at: $0.updatedAt) }
        let history = withHistory && record != nil ? ((try? store.history(key)) ?? []) : []
        return (record, writer, history)
    }

    /// A new row feed (or none): its wake-ups counted afresh, no follow-ups of the old one's.
    private func resetFeedWatch() {
        feedWakeups.reset()
        feedRechecks = []
    }

    /// Follow-up checks from now (monotonic microseconds).
    private static func rechecks() -> [Int64] {
        let now = Clock.monotonicMicroseconds()
        return Wakeup.feedRecheckDelays.map { now + $0 }
    }

    /// `recheck`: a descriptor woke the loop; if it finds nothing, look again shortly (`Wakeup.feedRecheckDelays`).
    private func checkFeed(recheck: Bool = false) {
        guard let feed, !feedCheckInFlight else { return }
        feedCheckInFlight = true
        let store = self.store, key = self.key
        submit {
            let result = Result { () throws -> (Record?, String?, [HistoryEntry])? in
                try feed.check() ? try EventLoop.load(store: store, key: key) : nil
            }
            return {
                self.feedCheckInFlight = false
                switch result {
                case .success(let reloaded):
                    self.lastFeedFailure = nil
                    if let (record, writer, _) = reloaded {
                        self.feedRechecks = []
                        self.pending.append(.rowReloaded(record, writer: writer))
                    } else if recheck {
                        self.feedRechecks = EventLoop.rechecks()
                    }
                case .failure(let error):
                    // Report a failing feed once, not on every tick.
                    let message = describe(error)
                    if message != self.lastFeedFailure {
                        self.lastFeedFailure = message
                        self.pending.append(self.failure(error))
                    }
                }
            }
        }
    }

    /// A failed save or re-create. A busy timeout is said shortly (the editor adds that the edits are kept).
    private func saveFailure(_ error: Error) -> EditorMessage {
        if case .timeout? = error as? StoreError {
            return .failure(localized("app.databaseBusy"), connectionLost: false)
        }
        return failure(error)
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
            pending.append(.externalEditFailed(localized("app.external.couldNotRun", ["command": ExternalEdit.command(), "reason": describe(error)])))
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
