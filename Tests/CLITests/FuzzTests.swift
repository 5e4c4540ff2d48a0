import EditorCore
import Foundation
import PostgresStore
import RecEditCore
import TerminalUI
import XCTest

@testable import RecEditCLI

/// scripts/faults F9: seeded fuzzing of what reads untrusted input. Without the environment these run as
/// small ordinary tests; scripts/faults sets RECEDIT_FUZZ_SEED and RECEDIT_FUZZ_ITERATIONS (the sanitizer
/// gets 10× that). Pass: no crash (a crash kills the test process), no raw ESC / C0 / C1 byte out of the
/// sanitizer, every parser error one line.
final class FuzzTests: XCTestCase {
    private var seed: UInt64 { UInt64(ProcessInfo.processInfo.environment["RECEDIT_FUZZ_SEED"] ?? "") ?? 1 }
    private var iterations: Int { Int(ProcessInfo.processInfo.environment["RECEDIT_FUZZ_ITERATIONS"] ?? "") ?? 2000 }

    private struct SplitMix: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    private func bytes(_ random: inout SplitMix, maxLength: Int) -> [UInt8] {
        (0..<Int.random(in: 0...maxLength, using: &random)).map { _ in
            // Weighted towards the interesting bytes: controls, ESC, C1 lead bytes, UTF-8 leads.
            switch Int.random(in: 0..<4, using: &random) {
            case 0: return UInt8.random(in: 0...0x20, using: &random)
            case 1: return [0x1B, 0x9B, 0xC2, 0xE2, 0x80, 0x8E, 0x7F, 0x5B].randomElement(using: &random)!
            default: return UInt8.random(in: 0...255, using: &random)
            }
        }
    }

    /// A scalar the terminal would act on: C0 (other than the line feed TerminalText keeps), DEL, C1.
    private func raw(_ scalar: Unicode.Scalar, allowNewline: Bool) -> Bool {
        if allowNewline && scalar == "\n" { return false }
        return scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
    }

    func testSanitizerNeverPassesControls() {
        var random = SplitMix(state: seed)
        let count = iterations * 10
        for _ in 0..<count {
            let text = String(decoding: bytes(&random, maxLength: 24), as: UTF8.self)
            let visible = Sanitize.visible(text)
            if let bad = visible.unicodeScalars.first(where: { raw($0, allowNewline: false) }) {
                return XCTFail("Sanitize.visible let U+\(String(bad.value, radix: 16)) through for \(Array(text.utf8))")
            }
            let safe = TerminalText.safe(text)
            if let bad = safe.unicodeScalars.first(where: { raw($0, allowNewline: true) }) {
                return XCTFail("TerminalText.safe let U+\(String(bad.value, radix: 16)) through for \(Array(text.utf8))")
            }
        }
        print("F9 sanitizer: seed \(seed), \(count) strings, 0 raw controls")
    }

    func testKeyDecoderTakesAnyCode() {
        var random = SplitMix(state: seed &+ 1)
        var decoded = 0
        for _ in 0..<iterations * 10 {
            let code = Bool.random(using: &random) ? UInt32.random(in: 0...0x11_0000, using: &random) : UInt32(random.next() & 0x1FF)
            if let key = KeyDecoder.decode(code, isKeyCode: Bool.random(using: &random)) {
                decoded += 1
                if case .character(let c) = key, c.unicodeScalars.contains(where: { raw($0, allowNewline: false) }) {
                    return XCTFail("code \(code) decoded to a control character")
                }
            }
        }
        print("F9 key decoder: seed \(seed), \(iterations * 10) codes, \(decoded) keys, 0 crashes")
    }

    private static let jsonSeeds = [
        #"{"database": "sqlite:~/x.db", "table": "records", "leaseSeconds": 60, "heartbeatSeconds": 15, "lockMode": "exclusive", "merge": "review", "columns": {"state": "s", "owner": "o"}, "busyTimeoutMs": 5000, "lockTimeoutMs": 10, "statementTimeoutMs": 0}"#,
        #"{"a": [1, 2.5e3, -0, true, false, null, "\u00e9\n\"", {"$real": "NaN"}, {"$text_hex": "41ff"}]}"#,
        #"[]"#, #"{}"#, #""\ud83d\ude00""#,
    ]

    private func mutate(_ text: String, _ random: inout SplitMix) -> String {
        var b = Array(text.utf8)
        for _ in 0..<Int.random(in: 1...4, using: &random) {
            let position = b.isEmpty ? 0 : Int.random(in: 0..<b.count, using: &random)
            switch Int.random(in: 0..<4, using: &random) {
            case 0 where !b.isEmpty: b.remove(at: position)
            case 1: b.insert(Array(#"{}[]":,\0e-+9tfn "#.utf8).randomElement(using: &random)!, at: position)
            case 2 where !b.isEmpty: b[position] = UInt8.random(in: 0...255, using: &random)
            default: b = Array(b[0..<position])
            }
        }
        return String(decoding: b, as: UTF8.self)
    }

    func testJSONAndConfigParsersAnswerInOneLine() throws {
        var random = SplitMix(state: seed &+ 2)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("recedit-fuzz-\(getpid())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("config.json").path
        var errors = 0
        for i in 0..<iterations {
            let text = mutate(Self.jsonSeeds[i % Self.jsonSeeds.count], &random)
            do { _ = try JSON.parse(text, nonFinite: i % 2 == 0) } catch {
                errors += 1
                XCTAssertFalse(String(describing: error).contains("\n"), "JSON error in two lines for \(text)")
            }
            guard i % 4 == 0 else { continue }
            try Data(text.utf8).write(to: URL(fileURLWithPath: file))
            chmod(file, 0o600)
            do {
                _ = try Configuration.resolve(Configuration.GlobalOptions(config: file), environment: ["USER": "fuzz", "HOME": directory.path])
            } catch let error as CLIError {
                XCTAssertFalse(error.message.contains("\n"), "config error in two lines for \(text): \(error.message)")
            } catch {
                XCTFail("config error not worded: \(error) for \(text)")
            }
        }
        print("F9 JSON/config parsers: seed \(seed), \(iterations) inputs, \(errors) parse errors, each one line")
    }

    func testDatabaseURLsAnswerInOneLine() {
        var random = SplitMix(state: seed &+ 3)
        let seeds = [
            "sqlite:/tmp/x.db", "postgres://u:p@h:5432/db?sslmode=disable", "host=/run/pg dbname='a b' password=x",
            "postgresql://[::1]:5/d", "sqlite:", "dbname=",
        ]
        for i in 0..<iterations {
            let text = i % 3 == 0 ? String(decoding: bytes(&random, maxLength: 30), as: UTF8.self) : mutate(seeds[i % seeds.count], &random)
            do {
                let url = try Configuration.parseDatabase(text, source: "--db")
                if url.opener is PostgresOpener {
                    let conninfo = url.target
                    _ = PostgresConninfo.isValid(conninfo)
                    XCTAssertFalse(PostgresConninfo.redacted(conninfo).contains("\n"))
                }
            } catch let error as CLIError {
                XCTAssertFalse(error.message.contains("\n"), "URL error in two lines: \(error.message)")
            } catch {
                XCTFail("URL error not worded: \(error)")
            }
        }
        print("F9 database URLs: seed \(seed), \(iterations) inputs, 0 crashes")
    }
}
