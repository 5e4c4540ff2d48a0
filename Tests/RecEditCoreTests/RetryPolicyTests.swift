import RecEditCore
import XCTest

final class RetryPolicyTests: XCTestCase {
    enum Failure: Error, Equatable { case deadlock, lockWait, lost, other }
    struct Mapped: Error, Equatable { var failure: Failure }
    struct Unknown: Error, Equatable { var failure: Failure }

    var reconnects = 0
    var sleeps: [UInt32] = []

    func policy() -> RetryPolicy<Failure> {
        RetryPolicy(
            transients: [.init(maxRetries: 3, growing: true), .init(maxRetries: 1, growing: false)],
            transientClass: { $0 == .deadlock ? 0 : $0 == .lockWait ? 1 : nil }, connectionBroken: { $0 == .lost },
            maxUncertainRetries: 2, reconnect: { self.reconnects += 1 }, mapped: { Mapped(failure: $0) },
            unknownOutcome: { Unknown(failure: $0) }, sleep: { self.sleeps.append($0) })
    }

    /// Runs `body` under `run`, failing with `failures` in turn, then succeeding; returns how many times it ran.
    func runs(_ failures: [Failure], _ run: (() throws -> Void) throws -> Void) throws -> Int {
        var count = 0
        try run {
            count += 1
            if count <= failures.count { throw failures[count - 1] }
        }
        return count
    }

    func testTransientFailuresRunAgainWithinTheirClassBudget() throws {
        XCTAssertEqual(try runs([.deadlock, .deadlock, .deadlock, .lockWait]) { try policy().read($0) }, 5)
        XCTAssertEqual(sleeps.count, 4)
        XCTAssertEqual(reconnects, 0)
        XCTAssertThrowsError(try runs([.deadlock, .deadlock, .deadlock, .deadlock]) { try policy().write(retryUnknown: true, $0) }) {
            XCTAssertEqual($0 as? Mapped, Mapped(failure: .deadlock), "the fourth deadlock is over budget")
        }
        XCTAssertThrowsError(try runs([.lockWait, .lockWait]) { try policy().read($0) }) {
            XCTAssertEqual($0 as? Mapped, Mapped(failure: .lockWait))
        }
    }

    func testBackoffGrowsOnlyForGrowingClasses() {
        XCTAssertEqual((1...8).map(RetryPolicy<Failure>.backoffCap), [2_000, 4_000, 8_000, 16_000, 32_000, 64_000, 64_000, 64_000])
        let p = policy()
        var attempts = p.attempts()
        for _ in 0..<3 { XCTAssertTrue(p.retriesTransient(.deadlock, &attempts)) }
        XCTAssertTrue(p.retriesTransient(.lockWait, &attempts))
        XCTAssertFalse(p.retriesTransient(.lockWait, &attempts))
        XCTAssertFalse(p.retriesTransient(.other, &attempts))
        XCTAssertEqual(attempts.transient, [3, 1])
        XCTAssertTrue(zip(sleeps, [2_000, 4_000, 8_000, 2_000] as [UInt32]).allSatisfy { $0 <= $1 }, "\(sleeps)")
    }

    func testAReadReconnectsOnceAfterALostConnection() throws {
        XCTAssertEqual(try runs([.lost]) { try policy().read($0) }, 2)
        XCTAssertEqual(reconnects, 1)
        XCTAssertThrowsError(try runs([.lost, .lost]) { try policy().read($0) }) { XCTAssertEqual($0 as? Mapped, Mapped(failure: .lost)) }
        XCTAssertThrowsError(try runs([.other]) { try policy().read($0) }) { XCTAssertEqual($0 as? Mapped, Mapped(failure: .other)) }
    }

    func testAWriteRunsAgainAfterALostConnectionOnlyWhenSafe() throws {
        var repeated = 0
        XCTAssertEqual(try runs([.lost, .lost]) { try policy().write(retryUnknown: true, onRetry: { repeated += 1 }, $0) }, 3)
        XCTAssertEqual(repeated, 2)
        XCTAssertEqual(reconnects, 2)
        XCTAssertThrowsError(try runs([.lost, .lost, .lost]) { try policy().write(retryUnknown: true, $0) }) {
            XCTAssertEqual($0 as? Unknown, Unknown(failure: .lost), "over budget: the outcome is unknown")
        }
        XCTAssertEqual(reconnects, 5, "it reconnects before reporting, so the store is usable again")
        reconnects = 0
        XCTAssertThrowsError(try runs([.lost]) { try policy().write(retryUnknown: false, onRetry: { repeated += 1 }, $0) }) {
            XCTAssertEqual($0 as? Unknown, Unknown(failure: .lost))
        }
        XCTAssertEqual(reconnects, 1)
        XCTAssertEqual(repeated, 2, "an unsafe write is never repeated")
    }

    func testAFailedReconnectIsReportedMapped() {
        var p = policy()
        p.reconnect = { throw Failure.other }
        XCTAssertThrowsError(try runs([.lost]) { try p.write(retryUnknown: true, $0) }) { XCTAssertEqual($0 as? Mapped, Mapped(failure: .other)) }
        XCTAssertThrowsError(try runs([.lost]) { try p.read($0) }) { XCTAssertEqual($0 as? Mapped, Mapped(failure: .other)) }
    }

    func testTheSaveBudgetOfUncertainRetries() {
        let p = policy()
        var attempts = p.attempts()
        XCTAssertFalse(p.retriesUnknown(.deadlock, &attempts))
        XCTAssertTrue(p.retriesUnknown(.lost, &attempts))
        XCTAssertTrue(p.retriesUnknown(.lost, &attempts))
        XCTAssertFalse(p.retriesUnknown(.lost, &attempts))
        XCTAssertEqual(attempts.reconnects, 2)
    }
}
