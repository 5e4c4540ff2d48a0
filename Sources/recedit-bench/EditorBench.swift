import EditorCore
import RecEditCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// The pure editor's cost per key and per idle tick (update + render, what the event loop does for each),
// with the demo row's body made 1 MB (20,000 lines) against a 1 KB body, in the same run.
//
//   swift run -c release recedit-bench editor [keys]

enum EditorBench {
    static func schema() -> Schema {
        var columns = [Column(name: "id", declaredType: "INTEGER", kind: .integer, notNull: true, isKey: true)]
        for name in ["title", "status", "owner"] { columns.append(Column(name: name, declaredType: "TEXT", kind: .text)) }
        columns.append(Column(name: "priority", declaredType: "INTEGER", kind: .integer))
        for name in ["due", "body"] { columns.append(Column(name: name, declaredType: "TEXT", kind: .text)) }
        let names = ReceditColumnNames()
        columns += [
            Column(name: names.state, declaredType: "TEXT", kind: .text, notNull: true),
            Column(name: names.owner, declaredType: "TEXT", kind: .text),
            Column(name: names.leaseUntil, declaredType: "TEXT", kind: .text),
            Column(name: names.token, declaredType: "INTEGER", kind: .integer, notNull: true),
            Column(name: names.updatedAt, declaredType: "TEXT", kind: .text, notNull: true),
        ]
        return Schema(table: "records", keyColumn: "id", columns: columns, recedit: names)
    }

    /// `lines` lines of 49 characters and a newline: 50 bytes each.
    static func body(lines: Int) -> String {
        var out = ""
        out.reserveCapacity(lines * 50)
        for i in 0..<lines {
            let head = "line \(i) "
            out += head + String(repeating: "x", count: 49 - head.count) + "\n"
        }
        return out
    }

    static func now() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    /// Median microseconds of update + render: per typed key (in the middle of the body, the cursor on
    /// screen), per cursor move, and per idle tick.
    static func measure(bodyLines: Int, keys: Int) -> (type: Double, move: Double, tick: Double, draft: Double, encode: Double, bytes: Int) {
        let text = body(lines: bodyLines)
        var fields: [String: Value] = [
            "id": .integer(1), "title": .text("Quarterly report"), "status": .text("open"),
            "owner": .text("alice"), "priority": .integer(2), "due": .null, "body": .text(text),
        ]
        fields["edit_state"] = .text("idle")
        let record = Record(key: .integer(1), fields: fields, updatedAt: "2026-11-27 14:03:22.123456", edit: EditInfo())
        var state = AppState(schema: schema(), record: record, config: EditorConfig(owner: "bench@host:1"), width: 100, height: 30)
        _ = state.start()
        _ = state.update(.editOutcome(.claimed(token: 1, leaseUntil: "2026-11-27 14:04:22.000000", previousOwner: nil)))
        for _ in 0..<6 { _ = state.update(.key(.tab)) }  // to the body
        for _ in 0..<(bodyLines / 2) { _ = state.update(.key(.down)) }
        _ = state.render()

        func time(_ message: (Int) -> EditorMessage) -> Double {
            var samples: [Double] = []
            for i in 0..<keys {
                let start = now()
                _ = state.update(message(i))
                let buffer = state.render()
                samples.append((now() - start) * 1e6)
                precondition(buffer.width == 100)
            }
            return samples.sorted()[samples.count / 2]
        }
        let type = time { _ in .key(.character("a")) }
        // The journal: the key that asks for a draft (every 50th, or the 2 s tick), then the draft as JSON.
        var draftUpdate = 0.0, encode = 0.0
        for _ in 0..<50 {
            let start = now()
            let effects = state.update(.key(.character("b")))
            for case .writeDraft(let draft) in effects {
                draftUpdate = (now() - start) * 1e6
                let t = now()
                _ = draft.encoded()
                encode = (now() - t) * 1e6
            }
        }
        let move = time { $0 % 2 == 0 ? .key(.right) : .key(.left) }
        var clock: Int64 = 1_800_000_000_000_000
        let tick = time { _ in
            clock += 500_000; return .tick(nowMicroseconds: clock)
        }
        return (type, move, tick, draftUpdate, encode, text.utf8.count)
    }

    static func run(keys: Int) {
        print("editor update + render at 100x30, the cursor mid-body; median of \(keys) per figure")
        let small = measure(bodyLines: 20, keys: keys)
        let large = measure(bodyLines: 20_000, keys: keys)
        func pad(_ s: String, _ n: Int) -> String { s.count >= n ? s : String(repeating: " ", count: n - s.count) + s }
        func micros(_ v: Double) -> String { String(Int((v * 10).rounded())).dropLast().description + "." + String(Int((v * 10).rounded()) % 10) + " µs" }
        print("              " + pad("\(small.bytes) B body", 16) + pad("\(large.bytes) B body", 18) + pad("ratio", 9))
        for (name, a, b) in [
            ("typed key", small.type, large.type), ("cursor move", small.move, large.move), ("idle tick", small.tick, large.tick),
            ("draft: update", small.draft, large.draft), ("draft: to JSON", small.encode, large.encode),
        ] {
            let ratio = Int((b / max(a, 0.001) * 10).rounded())
            print(name.padding(14) + pad(micros(a), 16) + pad(micros(b), 18) + pad("\(ratio / 10).\(ratio % 10)x", 9))
        }
    }
}

extension String {
    func padding(_ n: Int) -> String { count >= n ? self : self + String(repeating: " ", count: n - count) }
}
