import CLibpq
import Glibc
import RecEditCore

/// LISTENs on the table's channel over a connection of its own. The triggers NOTIFY on every insert,
/// update and delete by any writer (the payload is the row's key; recedit only needs "something changed").
final class PostgresChangeFeed: ChangeFeed {
    private let connection: PGConnection
    private let channel: String
    /// When the last reconnect attempt was made (monotonic seconds), to try at most once a second.
    private var lastAttempt: Double = 0

    init(conninfo: String, options: StoreOptions, channel: String) throws {
        connection = try PGConnection(conninfo: conninfo, options: options)
        connection.reconnectBudgetMs = 0
        connection.connectTimeoutSeconds = 3
        self.channel = channel
        do {
            try connection.simple("LISTEN " + quoteIdentifier(channel))
        } catch let failure as PGFailure {
            throw PostgresDatabase.storeError(failure, table: nil, location: connection.location)
        }
    }

    /// The LISTEN connection's socket; nil while it is broken (poll `check()` on a timer then).
    var fileDescriptor: Int32? { connection.socket }

    func check() throws -> Bool {
        guard let raw = connection.raw, PQstatus(raw) == CONNECTION_OK else { return relisten() }
        if PQconsumeInput(raw) == 0 || PQstatus(raw) != CONNECTION_OK { return relisten() }
        var any = false
        while let notify = PQnotifies(raw) {
            any = true
            PQfreemem(notify)
        }
        return any
    }

    /// One quick reconnect attempt (rate-limited, so a dead server costs little): LISTEN again and report
    /// a possible change, since notifications sent while disconnected are not replayed.
    private func relisten() -> Bool {
        let now = PostgresChangeFeed.monotonicSeconds()
        guard now - lastAttempt >= 1 else { return false }
        lastAttempt = now
        do {
            try connection.reconnect()
            try connection.simple("LISTEN " + quoteIdentifier(channel))
            return true
        } catch {
            return false
        }
    }

    static func monotonicSeconds() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }
}
