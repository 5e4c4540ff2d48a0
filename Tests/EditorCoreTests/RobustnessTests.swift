import RecEditCore
import XCTest

@testable import EditorCore

/// Random but repeatable sequences of keys and loop messages: the editor never traps, never puts a
/// raw control on the screen, and keeps its cursor inside the buffer.
final class RobustnessTests: XCTestCase {
    struct Rng {
        var state: UInt64
        mutating func next(_ n: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(n))
        }
    }

    let keys: [Key] = [
        .enter, .tab, .backTab, .backspace, .delete, .escape, .up, .down, .left, .right, .home, .end,
        .pageUp, .pageDown, .control("a"), .control("e"), .control("k"), .control("u"), .control("w"),
        .control("s"), .control("r"), .control("o"), .control("t"), .control("g"), .control("q"),
        .function(1), .character("m"), .character("t"), .character("b"), .character("e"), .character("M"),
        .character("T"), .character("n"), .character("p"), .character("2"), .character("y"), .character("q"),
        .character("r"), .character("季"), .character("x"), .character("7"), .character("\u{301}"), .character("👍🏽"),
    ]

    func randomRecord(_ rng: inout Rng, stamp: Int) -> Record? {
        if rng.next(20) == 0 { return nil }
        var r = demoRecord(1 + rng.next(6), updatedAt: Stamp.text(microseconds: 1_800_000_000_000_000 + Int64(stamp) * 1_000_000))
        r.key = .integer(1)
        r.fields["id"] = .integer(1)
        let texts = ["", "a\u{1B}[2Jb", "line1\nline2\nline3\nline4", "季度\n报告", String(repeating: "long ", count: 40), "\u{202E}x\t\r\n"]
        for name in ["title", "body", "owner"] where rng.next(2) == 0 { r.fields[name] = .text(texts[rng.next(texts.count)]) }
        if rng.next(3) == 0 { r.fields["priority"] = .integer(Int64(rng.next(9))) }
        if rng.next(3) == 0 {
            r.edit = EditInfo(
                state: .editing, owner: ["alice@h:1", me, "bob@h:2"][rng.next(3)],
                leaseUntil: Stamp.text(microseconds: 1_800_000_000_000_000 + Int64(stamp + rng.next(120) - 60) * 1_000_000), token: Int64(rng.next(10)))
        }
        return r
    }

    func testRandomSessionsStayConsistent() {
        let sizes = [(80, 24), (132, 40), (40, 10), (20, 6), (5, 2), (100, 30), (79, 23)]
        for seed in 0..<12 {
            var rng = Rng(state: UInt64(seed) &* 0x9E37_79B9_7F4A_7C15 &+ 1)
            let modes: [EditorConfig.LockMode] = [.advisory, .exclusive]
            var cfg = config(lock: modes[seed % 2], merge: seed % 3 == 0 ? .review : .auto, colors: seed % 4 != 0)
            cfg.utcOffsetSeconds = 3600 * (seed % 5)
            let (w, h) = sizes[seed % sizes.count]
            var e = makeEditor(
                1 + seed % 6, config: cfg, width: w, height: h,
                draft: seed % 5 == 0
                    ? Draft(
                        table: "records", key: .integer(1), base: demoRecord(1), edits: ["title": .text("x")], focusedColumn: "title", cursor: 99,
                        owner: "o@h:1") : nil)
            _ = e.start()
            var now: Int64 = 1_800_000_000_000_000
            for step in 0..<600 {
                let effects: [EditorEffect]
                switch rng.next(12) {
                case 0...6: effects = e.update(.key(keys[rng.next(keys.count)]))
                case 7:
                    now += Int64(rng.next(5_000_000))
                    effects = e.update(.tick(nowMicroseconds: now))
                case 8:
                    let outcomes: [EditOutcome?] = [
                        .claimed(token: Int64(step), leaseUntil: Stamp.text(microseconds: now + 60_000_000), previousOwner: nil),
                        .busy(owner: "alice@h:1", leaseUntil: Stamp.text(microseconds: now + 30_000_000)),
                        .lost(current: EditInfo(state: .editing, owner: "bob@h:2", leaseUntil: nil, token: 99)),
                        .renewed(leaseUntil: Stamp.text(microseconds: now)), .released, nil,
                    ]
                    effects = e.update(.editOutcome(outcomes[rng.next(outcomes.count)]))
                case 9:
                    let r = randomRecord(&rng, stamp: step)
                    let outcome: SaveOutcome = r.map { rng.next(2) == 0 ? .saved($0) : .stale(current: $0) } ?? .deleted
                    effects = e.update(.saveFinished(outcome, writer: rng.next(2) == 0 ? nil : "alice@h:1"))
                case 10:
                    effects = e.update(.rowReloaded(randomRecord(&rng, stamp: step), writer: rng.next(2) == 0 ? nil : "carol@h:3"))
                default:
                    switch rng.next(3) {
                    case 0: effects = e.update(.externalEditFinished(rng.next(2) == 0 ? nil : "ext\nedit\u{7}\n"))
                    case 1: effects = e.update(.failure("boom\u{1B}[2J", connectionLost: rng.next(2) == 0))
                    default:
                        let (nw, nh) = sizes[rng.next(sizes.count)]
                        effects = e.update(.resize(width: nw, height: nh))
                    }
                }
                if e.isFinished { XCTAssertEqual(effects.last, .quit); break }
                let b = e.render()
                assertTerminalSafe(b)
                XCTAssertEqual(b.cells.count, b.width * b.height)
                if let c = b.cursor {
                    XCTAssertTrue(
                        c.row >= 0 && c.row < b.height && c.column >= 0 && c.column < b.width,
                        "seed \(seed) step \(step): cursor \(c) outside \(b.width)x\(b.height)")
                }
                // Wide cells are always followed by their continuation.
                for row in 0..<b.height {
                    for col in 0..<b.width where b[row, col].width == 2 {
                        XCTAssertTrue(
                            col + 1 < b.width && b[row, col + 1].text.isEmpty,
                            "seed \(seed) step \(step): split wide cell at \(row),\(col)\n" + b.lines.joined(separator: "\n"))
                    }
                }
                for effect in effects {
                    if case .save(let changes, _, _) = effect { XCTAssertFalse(changes.isEmpty) }
                }
            }
        }
    }
}
