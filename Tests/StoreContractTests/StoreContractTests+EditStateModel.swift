import Foundation
import RecEditCore
import XCTest

/// Model-based test of the edit state: random sequences of requests (claim, claim --lock, take-over, renew, release,
/// force-release, checked saves with and without a fencing token; valid and stale tokens; several owners on two
/// connections) go through the store and through `EditStateMachine.decide`, and must agree at every step: the same
/// outcome and the same resulting state, owner, token, lease and claim start.
///
/// The stores run on the database clock and take no `now`, so time is modelled by lease length instead of by a
/// clock: a lease is either 0 seconds (ended when the next statement runs: `lease <= now`) or `longLease` (alive
/// for the whole test). The model's clock moves one second per step, so its 0-second leases end at the next step
/// and its long ones never do. Lease ends and claim starts are compared by that class (none / ended / alive) and by
/// whether a claim start was kept, never by their exact time.
///
/// Set `RECEDIT_MODEL_SEED` to replay a failing sequence (the seed is in every failure message).
extension StoreContractTests {
    func testEditStateAgreesWithTheMachineOnRandomSequences() throws {
        let seed = ProcessInfo.processInfo.environment["RECEDIT_MODEL_SEED"].flatMap { UInt64($0) } ?? UInt64.random(in: 0...UInt64.max)
        let stores = [try demoStore(), try secondStore()]
        var run = try EditStateModelRun(stores: stores, key: .integer(3), seed: seed)
        for _ in 0..<300 {
            if let failure = try run.step() {
                return XCTFail("seed \(seed) (RECEDIT_MODEL_SEED=\(seed) replays it): \(failure)")
            }
        }
    }
}

/// One random sequence against one row, step by step.
struct EditStateModelRun {
    static let owners = ["alice@h:1", "bob@h:2", "carol@h:3"]
    static let longLease = 100_000
    /// A lease ending later than this after the start (database or model clock) is a long one.
    static let longThreshold: Int64 = 50_000 * 1_000_000

    let stores: [RecordStore]
    let key: Value
    var random: SplitMix64
    /// The model's row: the edit state, on the model's clock.
    var model: EditInfo
    var modelNow: Int64
    let modelStart: Int64
    /// The database clock at the start: the stamp of the row.
    let storeStart: Int64
    /// What the store held after the last step.
    var lastStore: Record
    var lastModelSince: String?
    /// The last token each owner was granted, for realistic stale tokens.
    var granted: [String: Int64] = [:]
    var log: [String] = []

    init(stores: [RecordStore], key: Value, seed: UInt64) throws {
        self.stores = stores
        self.key = key
        random = SplitMix64(seed: seed)
        let row = try XCTUnwrap(try stores[0].load(key))
        lastStore = row
        storeStart = try XCTUnwrap(Stamp.microseconds(from: row.updatedAt))
        modelStart = 1_700_000_000_000_000
        modelNow = modelStart
        model = EditInfo(state: row.edit.state, owner: row.edit.owner, leaseUntil: nil, token: row.edit.token, since: nil)
        XCTAssertEqual(row.edit.state, .idle, "the sequence starts from an idle row")
    }

    enum Step: CustomStringConvertible {
        case edit(EditRequest)
        case save(fencingToken: Int64?)

        var description: String {
            switch self {
            case .edit(let request): return "\(request)"
            case .save(let token): return "save(fencingToken: \(token.map(String.init) ?? "nil"))"
            }
        }
    }

    // MARK: Generating requests

    mutating func pick<T>(_ items: [T]) -> T { items[Int(random.next() % UInt64(items.count))] }
    mutating func chance(_ percent: UInt64) -> Bool { random.next() % 100 < percent }

    /// A token someone might hold: the row's, one before or after it, or the last one this owner was granted.
    mutating func token(for owner: String) -> Int64 {
        pick([model.token, model.token, model.token - 1, model.token + 1, granted[owner] ?? 0])
    }

    /// An owner, most often the holder (so renewals and releases often succeed).
    mutating func someOwner() -> String {
        if let holder = model.owner, chance(50) { return holder }
        return pick(Self.owners)
    }

    mutating func nextStep() -> Step {
        let seconds = chance(35) ? 0 : Self.longLease
        switch random.next() % 100 {
        case 0..<28:
            return .edit(.claim(owner: pick(Self.owners), leaseSeconds: seconds, lock: chance(40)))
        case 28..<40:
            let from = someOwner()
            return .edit(.takeOver(owner: pick(Self.owners), leaseSeconds: seconds, from: from, token: token(for: from), lock: chance(40)))
        case 40..<60:
            // Renewals ask for a long lease: two 0-second renewals within one millisecond leave SQLite's lease end 1 µs
            // past its (millisecond) clock, since a heartbeat must change the row; a claim in that millisecond would
            // find it running. testARenewalWithAShorterLeaseEndsTheLeaseSooner covers shortening renewals.
            let owner = someOwner()
            return .edit(.renew(owner: owner, token: token(for: owner), leaseSeconds: Self.longLease))
        case 60..<78:
            let owner = someOwner()
            return .edit(.release(owner: owner, token: token(for: owner)))
        case 78..<83:
            return .edit(.forceRelease)
        default:
            return .save(fencingToken: chance(30) ? nil : token(for: someOwner()))
        }
    }

    // MARK: Running one step on both sides

    /// Runs one random step; returns a description of the first disagreement, or nil.
    mutating func step() throws -> String? {
        modelNow += 1_000_000
        let step = nextStep()
        let store = pick(stores)
        let before = lastStore
        let expected: NormalOutcome
        var next = model
        var wroteData = false

        switch step {
        case .edit(let request):
            let now = modelNow
            switch EditStateMachine.decide(
                current: model, request: request, now: now,
                leaseEnd: { Stamp.text(microseconds: now + Int64($0) * 1_000_000) })
            {
            case .write(let info, let outcome):
                next = info
                expected = normal(outcome, modelClock: true)
            case .refuse(let outcome):
                expected = normal(outcome, modelClock: true)
            }
            guard let got = try store.apply(request, to: key) else { return report(step, "the store found no row") }
            let actual = normal(got, modelClock: false)
            if case .claimed(let token, _, _) = got { granted[request.owner ?? ""] = token }
            if actual != expected { return report(step, "outcome \(actual), the machine says \(expected)") }
        case .save(let fencingToken):
            if !EditStateMachine.admitsSave(model, fencingToken: fencingToken, now: modelNow) {
                expected = .locked
            } else if let fencingToken, fencingToken != model.token {
                expected = .stale
            } else {
                expected = .saved
                wroteData = true
            }
            let outcome = try store.save(
                key, changes: ["priority": .integer(Int64(log.count))], expected: before.updatedAt,
                writer: "model", fencingToken: fencingToken)
            let actual: NormalOutcome
            switch outcome {
            case .saved: actual = .saved
            case .stale: actual = .stale
            case .locked: actual = .locked
            case .deleted: actual = .deleted
            }
            if actual != expected { return report(step, "save \(actual), admitsSave and the fencing token say \(expected)") }
        }

        let row = try XCTUnwrap(try store.load(key))
        let actualState = normal(row.edit, modelClock: false)
        let expectedState = normal(next, modelClock: true)
        if actualState != expectedState { return report(step, "state \(actualState), the machine says \(expectedState)") }
        // A claim that goes on keeps its start; the machine keeps it exactly when it holds the same claim.
        if next.since != nil, next.since == model.since, row.edit.since != before.edit.since {
            return report(step, "claim start moved from \(before.edit.since ?? "nil") to \(row.edit.since ?? "nil"); the machine keeps it")
        }
        let stampMoved = row.updatedAt != before.updatedAt
        if stampMoved != wroteData {
            return report(step, wroteData ? "the save left the stamp at \(row.updatedAt)" : "a request that writes no data moved the stamp to \(row.updatedAt)")
        }
        log.append("\(step) -> \(expected) | \(expectedState)")
        model = next
        lastStore = row
        return nil
    }

    func report(_ step: Step, _ what: String) -> String {
        "step \(log.count + 1) \(step): \(what)\nfrom model \(normal(model, modelClock: true)), store \(normal(lastStore.edit, modelClock: false))\n"
            + "last steps:\n  " + log.suffix(12).joined(separator: "\n  ")
    }

    // MARK: Comparing

    enum LeaseClass: String { case none, ended, alive }

    struct NormalInfo: Equatable, CustomStringConvertible {
        var state: EditState
        var owner: String?
        var token: Int64
        var lease: LeaseClass
        var hasSince: Bool

        var description: String { "\(state.rawValue) owner=\(owner ?? "nil") token=\(token) lease=\(lease.rawValue) since=\(hasSince ? "set" : "nil")" }
    }

    enum NormalOutcome: Equatable {
        case claimed(token: Int64, lease: LeaseClass, previousOwner: String?)
        case renewed(lease: LeaseClass)
        case released
        case busy(owner: String, lease: LeaseClass, locked: Bool, hasSince: Bool)
        case lost(NormalInfo)
        case saved, stale, locked, deleted
    }

    func leaseClass(_ lease: String?, modelClock: Bool) -> LeaseClass {
        guard let lease, let us = Stamp.microseconds(from: lease) else { return .none }
        return us - (modelClock ? modelStart : storeStart) > Self.longThreshold ? .alive : .ended
    }

    func normal(_ info: EditInfo, modelClock: Bool) -> NormalInfo {
        NormalInfo(
            state: info.state, owner: info.owner, token: info.token, lease: leaseClass(info.leaseUntil, modelClock: modelClock),
            hasSince: info.since != nil)
    }

    func normal(_ outcome: EditOutcome, modelClock: Bool) -> NormalOutcome {
        switch outcome {
        case .claimed(let token, let lease, let previous):
            return .claimed(token: token, lease: leaseClass(lease, modelClock: modelClock), previousOwner: previous)
        case .renewed(let lease):
            return .renewed(lease: leaseClass(lease, modelClock: modelClock))
        case .released:
            return .released
        case .busy(let owner, let lease, let locked, let since):
            return .busy(owner: owner, lease: leaseClass(lease, modelClock: modelClock), locked: locked, hasSince: since != nil)
        case .lost(let current):
            return .lost(normal(current, modelClock: modelClock))
        }
    }
}

extension EditRequest {
    /// Who asks (nil for a force-release).
    var owner: String? {
        switch self {
        case .claim(let owner, _, _), .renew(let owner, _, _), .release(let owner, _), .takeOver(let owner, _, _, _, _): return owner
        case .forceRelease: return nil
        }
    }
}

/// A small seeded generator (SplitMix64): the same seed gives the same sequence on every platform.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

extension StoreContractTests {
    /// Found by the model test: a renewal sets the lease end to now + its seconds (`EditStateMachine.decide`), also
    /// when that is sooner than the end it had. SQLite kept the later of the two.
    func testARenewalWithAShorterLeaseEndsTheLeaseSooner() throws {
        let alice = try demoStore()
        let bob = try secondStore()
        guard case .claimed(let token, let until, _)? = try alice.apply(.claim(owner: "alice@h:1", leaseSeconds: 600), to: .integer(2)) else {
            return XCTFail("claim")
        }
        guard case .renewed(let renewedUntil)? = try alice.apply(.renew(owner: "alice@h:1", token: token, leaseSeconds: 0), to: .integer(2)) else {
            return XCTFail("renew")
        }
        XCTAssertLessThan(Stamp.microseconds(from: renewedUntil)!, Stamp.microseconds(from: until)! - 500_000_000, "the lease now ends now")
        XCTAssertEqual(try bob.load(.integer(2))?.edit.leaseUntil, renewedUntil)
        guard case .claimed(_, _, "alice@h:1")? = try bob.apply(.claim(owner: "bob@h:2", leaseSeconds: 60), to: .integer(2)) else {
            return XCTFail("a lease renewed for 0 seconds has ended: another owner takes the row over")
        }
    }
}
