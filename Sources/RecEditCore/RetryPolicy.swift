/// How a database store runs work again after a failure that may pass. One per store, used by all its reads and
/// writes:
///
/// - *Transient* failures (PostgreSQL serialization failure and deadlock, MariaDB deadlock and lock-wait timeout)
///   rolled the statement back: it simply runs again, after a jittered backoff, while its class has budget left.
/// - A *lost connection* leaves the outcome of the statement in flight unknown. A read reconnects and runs once
///   more. A write reconnects and runs again (at most `maxUncertainRetries` times) only when the caller says it is
///   safe to run twice (`retryUnknown`: an idempotent edit-state UPDATE); otherwise it reports `unknownOutcome`.
///   The checked save settles an unknown outcome itself (`retriesUnknown`), by reading the row and its history.
/// - Anything else is reported at once, through `mapped`.
///
/// The rules are pure; the store supplies the connection's `reconnect`, the error mapping and the sleep.
public struct RetryPolicy<Failure: Error> {
    /// One class of transient failures and its budget.
    public struct Transient: Sendable {
        public var maxRetries: Int
        /// The backoff grows with each retry of the class; else every wait is the first step's (a lock-wait timeout
        /// has already waited the whole lock timeout).
        public var growing: Bool

        public init(maxRetries: Int, growing: Bool) {
            self.maxRetries = maxRetries
            self.growing = growing
        }
    }

    /// The transient classes, and which one a failure belongs to (an index into `transients`, nil when none).
    public var transients: [Transient]
    public var transientClass: (Failure) -> Int?
    /// The connection is gone: the outcome of the statement in flight is unknown.
    public var connectionBroken: (Failure) -> Bool
    /// How many times a write whose outcome was unknown runs again (or a save is settled) after reconnecting.
    public var maxUncertainRetries: Int
    public var reconnect: () throws -> Void
    /// The failure as the error the caller sees.
    public var mapped: (Failure) -> Error
    /// The error for a write that may or may not have been applied (its connection broke and it was not repeated).
    public var unknownOutcome: (Failure) -> Error
    /// Waits `microseconds`.
    public var sleep: (UInt32) -> Void

    public init(
        transients: [Transient], transientClass: @escaping (Failure) -> Int?, connectionBroken: @escaping (Failure) -> Bool,
        maxUncertainRetries: Int = 3, reconnect: @escaping () throws -> Void, mapped: @escaping (Failure) -> Error,
        unknownOutcome: @escaping (Failure) -> Error, sleep: @escaping (UInt32) -> Void
    ) {
        self.transients = transients
        self.transientClass = transientClass
        self.connectionBroken = connectionBroken
        self.maxUncertainRetries = maxUncertainRetries
        self.reconnect = reconnect
        self.mapped = mapped
        self.unknownOutcome = unknownOutcome
        self.sleep = sleep
    }

    /// What one piece of work has used of the budgets.
    public struct Attempts: Sendable {
        public internal(set) var transient: [Int]
        public internal(set) var reconnects = 0
    }

    public func attempts() -> Attempts { Attempts(transient: Array(repeating: 0, count: transients.count)) }

    /// Jittered exponential backoff for the `attempt`-th retry (from 1): a wait of up to 2, 4, 8 … 64 ms.
    public static func backoffCap(_ attempt: Int) -> UInt32 { UInt32(1_000 << min(attempt, 6)) }

    /// Whether to run the work again after `failure` because it is transient and its class has budget left;
    /// when so, counts it and waits the backoff.
    public func retriesTransient(_ failure: Failure, _ attempts: inout Attempts) -> Bool {
        guard let i = transientClass(failure), i < transients.count, attempts.transient[i] < transients[i].maxRetries else { return false }
        attempts.transient[i] += 1
        sleep(UInt32.random(in: 0...Self.backoffCap(transients[i].growing ? attempts.transient[i] : 1)))
        return true
    }

    /// Whether a lost connection leaves budget for one more uncertain retry (counted when so); the caller reconnects.
    public func retriesUnknown(_ failure: Failure, _ attempts: inout Attempts) -> Bool {
        guard connectionBroken(failure), attempts.reconnects < maxUncertainRetries else { return false }
        attempts.reconnects += 1
        return true
    }

    /// Reconnects; a failure to do so is reported through `mapped`.
    public func reconnectOrThrow() throws {
        do { try reconnect() } catch let lost as Failure { throw mapped(lost) }
    }

    /// A read: transient failures retried; after a lost connection, reconnects and runs once more.
    public func read<T>(_ body: () throws -> T) throws -> T {
        var attempts = attempts()
        var reconnected = false
        while true {
            do {
                return try body()
            } catch let failure as Failure {
                if retriesTransient(failure, &attempts) { continue }
                if connectionBroken(failure) && !reconnected {
                    reconnected = true
                    try reconnectOrThrow()
                    continue
                }
                throw mapped(failure)
            }
        }
    }

    /// A write: transient failures retried; after a lost connection it reconnects, then runs again (calling
    /// `onRetry` first) only when `retryUnknown` (the work is safe to run twice) and budget is left, else reports
    /// `unknownOutcome`.
    public func write<T>(retryUnknown: Bool, onRetry: () -> Void = {}, _ body: () throws -> T) throws -> T {
        var attempts = attempts()
        while true {
            do {
                return try body()
            } catch let failure as Failure {
                if retriesTransient(failure, &attempts) { continue }
                guard connectionBroken(failure) else { throw mapped(failure) }
                try reconnectOrThrow()
                if retryUnknown && attempts.reconnects < maxUncertainRetries {
                    attempts.reconnects += 1
                    onRetry()
                    continue
                }
                throw unknownOutcome(failure)
            }
        }
    }
}
