import RecEditCore
import XCTest

final class EditStateMachineTests: XCTestCase {
    let now: Int64 = 1_700_000_000_000_000
    func stamp(_ offsetSeconds: Int64) -> String { Stamp.text(microseconds: now + offsetSeconds * 1_000_000) }
    func leaseEnd(_ seconds: Int) -> String { stamp(Int64(seconds)) }

    func decide(_ current: EditInfo, _ request: EditRequest) -> EditStateMachine.Decision {
        EditStateMachine.decide(current: current, request: request, now: now, leaseEnd: leaseEnd)
    }

    func testTransitionTable() {
        let idle = EditInfo(state: .idle, owner: nil, leaseUntil: nil, token: 4)
        let began = stamp(-100)
        let alice = EditInfo(state: .editing, owner: "alice@h:1", leaseUntil: stamp(30), token: 5, since: began)
        let aliceExpired = EditInfo(state: .editing, owner: "alice@h:1", leaseUntil: stamp(-1), token: 5, since: began)
        let aliceAtTheEdge = EditInfo(state: .editing, owner: "alice@h:1", leaseUntil: stamp(0), token: 5, since: began)
        let aliceLocked = EditInfo(state: .locked, owner: "alice@h:1", leaseUntil: stamp(30), token: 5, since: began)
        let aliceLockExpired = EditInfo(state: .locked, owner: "alice@h:1", leaseUntil: stamp(-1), token: 5, since: began)

        let cases: [(String, EditInfo, EditRequest, EditStateMachine.Decision)] = [
            (
                "claim an idle row", idle, .claim(owner: "bob@h:2", leaseSeconds: 60),
                .write(
                    EditInfo(state: .editing, owner: "bob@h:2", leaseUntil: stamp(60), token: 5, since: stamp(0)),
                    .claimed(token: 5, leaseUntil: stamp(60), previousOwner: nil))
            ),
            (
                "claim a live lease", alice, .claim(owner: "bob@h:2", leaseSeconds: 60),
                .refuse(.busy(owner: "alice@h:1", leaseUntil: stamp(30), locked: false, since: began))
            ),
            (
                "same user, other process, is another owner", alice, .claim(owner: "alice@h:2", leaseSeconds: 60),
                .refuse(.busy(owner: "alice@h:1", leaseUntil: stamp(30), locked: false, since: began))
            ),
            (
                "take over an expired lease", aliceExpired, .claim(owner: "bob@h:2", leaseSeconds: 60),
                .write(
                    EditInfo(state: .editing, owner: "bob@h:2", leaseUntil: stamp(60), token: 6, since: stamp(0)),
                    .claimed(token: 6, leaseUntil: stamp(60), previousOwner: "alice@h:1"))
            ),
            (
                "a lease ending now has expired", aliceAtTheEdge, .claim(owner: "bob@h:2", leaseSeconds: 60),
                .write(
                    EditInfo(state: .editing, owner: "bob@h:2", leaseUntil: stamp(60), token: 6, since: stamp(0)),
                    .claimed(token: 6, leaseUntil: stamp(60), previousOwner: "alice@h:1"))
            ),
            (
                "re-claim by the holder gets a new token, the claim goes on", alice, .claim(owner: "alice@h:1", leaseSeconds: 60),
                .write(
                    EditInfo(state: .editing, owner: "alice@h:1", leaseUntil: stamp(60), token: 6, since: began),
                    .claimed(token: 6, leaseUntil: stamp(60), previousOwner: nil))
            ),
            (
                "re-claim of my expired lease is a new claim", aliceExpired, .claim(owner: "alice@h:1", leaseSeconds: 60),
                .write(
                    EditInfo(state: .editing, owner: "alice@h:1", leaseUntil: stamp(60), token: 6, since: stamp(0)),
                    .claimed(token: 6, leaseUntil: stamp(60), previousOwner: nil))
            ),
            (
                "renew by the holder keeps when the claim began", alice, .renew(owner: "alice@h:1", token: 5, leaseSeconds: 60),
                .write(EditInfo(state: .editing, owner: "alice@h:1", leaseUntil: stamp(60), token: 5, since: began), .renewed(leaseUntil: stamp(60)))
            ),
            ("renew with an old token is lost", alice, .renew(owner: "alice@h:1", token: 4, leaseSeconds: 60), .refuse(.lost(current: alice))),
            ("renew by another owner is lost", alice, .renew(owner: "bob@h:2", token: 5, leaseSeconds: 60), .refuse(.lost(current: alice))),
            ("renew after a release is lost", idle, .renew(owner: "alice@h:1", token: 4, leaseSeconds: 60), .refuse(.lost(current: idle))),
            (
                "renew of my expired lease nobody took", aliceExpired, .renew(owner: "alice@h:1", token: 5, leaseSeconds: 60),
                .write(EditInfo(state: .editing, owner: "alice@h:1", leaseUntil: stamp(60), token: 5, since: began), .renewed(leaseUntil: stamp(60)))
            ),
            (
                "release by the holder", alice, .release(owner: "alice@h:1", token: 5),
                .write(EditInfo(state: .idle, owner: nil, leaseUntil: nil, token: 5), .released)
            ),
            ("release by name alone never releases another's claim", alice, .release(owner: "alice@h:9", token: 5), .refuse(.lost(current: alice))),
            ("release with the wrong token", alice, .release(owner: "alice@h:1", token: 6), .refuse(.lost(current: alice))),
            ("force release", alice, .forceRelease, .write(EditInfo(state: .idle, owner: nil, leaseUntil: nil, token: 5), .released)),
            ("force release of an idle row changes nothing", idle, .forceRelease, .refuse(.released)),
            (
                "take over a gone holder's live lease", alice, .takeOver(owner: "bob@h:2", leaseSeconds: 60, from: "alice@h:1", token: 5),
                .write(
                    EditInfo(state: .editing, owner: "bob@h:2", leaseUntil: stamp(60), token: 6, since: stamp(0)),
                    .claimed(token: 6, leaseUntil: stamp(60), previousOwner: "alice@h:1"))
            ),
            (
                "take over with a stale token is busy", alice, .takeOver(owner: "bob@h:2", leaseSeconds: 60, from: "alice@h:1", token: 4),
                .refuse(.busy(owner: "alice@h:1", leaseUntil: stamp(30), locked: false, since: began))
            ),
            (
                "take over names the wrong holder", alice, .takeOver(owner: "bob@h:2", leaseSeconds: 60, from: "carol@h:3", token: 5),
                .refuse(.busy(owner: "alice@h:1", leaseUntil: stamp(30), locked: false, since: began))
            ),
            // The lock mode is part of the claim: exclusive mode claims `locked`.
            (
                "claim an idle row locked", idle, .claim(owner: "bob@h:2", leaseSeconds: 60, lock: true),
                .write(
                    EditInfo(state: .locked, owner: "bob@h:2", leaseUntil: stamp(60), token: 5, since: stamp(0)),
                    .claimed(token: 5, leaseUntil: stamp(60), previousOwner: nil))
            ),
            (
                "a live lock is busy and says locked", aliceLocked, .claim(owner: "bob@h:2", leaseSeconds: 60),
                .refuse(.busy(owner: "alice@h:1", leaseUntil: stamp(30), locked: true, since: began))
            ),
            (
                "a live lock is busy for a locking claim too", aliceLocked, .claim(owner: "bob@h:2", leaseSeconds: 60, lock: true),
                .refuse(.busy(owner: "alice@h:1", leaseUntil: stamp(30), locked: true, since: began))
            ),
            (
                "renew keeps the lock", aliceLocked, .renew(owner: "alice@h:1", token: 5, leaseSeconds: 60),
                .write(EditInfo(state: .locked, owner: "alice@h:1", leaseUntil: stamp(60), token: 5, since: began), .renewed(leaseUntil: stamp(60)))
            ),
            (
                "release of a lock by its holder", aliceLocked, .release(owner: "alice@h:1", token: 5),
                .write(EditInfo(state: .idle, owner: nil, leaseUntil: nil, token: 5), .released)
            ),
            ("release of a lock by another is lost", aliceLocked, .release(owner: "bob@h:2", token: 5), .refuse(.lost(current: aliceLocked))),
            ("force release of a lock", aliceLocked, .forceRelease, .write(EditInfo(state: .idle, owner: nil, leaseUntil: nil, token: 5), .released)),
            (
                "an expired lock is taken over", aliceLockExpired, .claim(owner: "bob@h:2", leaseSeconds: 60),
                .write(
                    EditInfo(state: .editing, owner: "bob@h:2", leaseUntil: stamp(60), token: 6, since: stamp(0)),
                    .claimed(token: 6, leaseUntil: stamp(60), previousOwner: "alice@h:1"))
            ),
            (
                "the holder turns its claim into a lock", alice, .claim(owner: "alice@h:1", leaseSeconds: 60, lock: true),
                .write(
                    EditInfo(state: .locked, owner: "alice@h:1", leaseUntil: stamp(60), token: 6, since: began),
                    .claimed(token: 6, leaseUntil: stamp(60), previousOwner: nil))
            ),
            (
                "take over a gone holder's lock", aliceLocked, .takeOver(owner: "bob@h:2", leaseSeconds: 60, from: "alice@h:1", token: 5, lock: true),
                .write(
                    EditInfo(state: .locked, owner: "bob@h:2", leaseUntil: stamp(60), token: 6, since: stamp(0)),
                    .claimed(token: 6, leaseUntil: stamp(60), previousOwner: "alice@h:1"))
            ),
        ]
        for (name, current, request, expected) in cases {
            XCTAssertEqual(decide(current, request), expected, name)
        }
    }

    func testOnlyTheLockHolderMaySaveALockedRow() {
        let locked = EditInfo(state: .locked, owner: "alice@h:1", leaseUntil: stamp(30), token: 5)
        let cases: [(String, EditInfo, Int64?, Bool)] = [
            ("a save without a token is refused", locked, nil, false),
            ("another claim's token is refused", locked, 4, false),
            ("the holder's token is admitted", locked, 5, true),
            ("an expired lock admits anyone", EditInfo(state: .locked, owner: "alice@h:1", leaseUntil: stamp(-1), token: 5), nil, true),
            ("an advisory claim admits anyone", EditInfo(state: .editing, owner: "alice@h:1", leaseUntil: stamp(30), token: 5), nil, true),
            ("an idle row admits anyone", EditInfo(), nil, true),
        ]
        for (name, current, token, expected) in cases {
            XCTAssertEqual(EditStateMachine.admitsSave(current, fencingToken: token, now: now), expected, name)
        }
    }

    func testTokensOnlyGrow() {
        var info = EditInfo()
        var tokens: [Int64] = []
        for owner in ["a@h:1", "b@h:2", "a@h:1"] {
            guard case .write(let next, .claimed(let token, _, _)) = decide(info, .claim(owner: owner, leaseSeconds: 0)) else {
                return XCTFail("claim of an expired lease")
            }
            tokens.append(token)
            info = next
        }
        XCTAssertEqual(tokens, [1, 2, 3])
    }
}
