import Foundation
import XCTest

@testable import TextMerge

/// Compares the engine with `git merge-file -p` on generated triples.
final class GitComparisonTests: XCTestCase {
    private static let gitPath = "/usr/bin/git"
    private static let launchLock = NSLock()

    func testRandomTriplesAgreeWithGitMergeFile() throws {
        let report = try compareWithGit(tripleCount: 2400, seed: 20_240_503, extraArguments: [], style: .merge)
        XCTAssertGreaterThanOrEqual(report.verdictAgreement, 0.995, report.summary)
        XCTAssertEqual(report.identicalWhenBothClean, report.bothClean, "clean outputs must be byte-identical")
        XCTAssertGreaterThan(report.bothClean, report.total / 4, "the generator should produce clean merges too")
        XCTAssertGreaterThan(report.total - report.bothClean, report.total / 4, "and conflicts")
    }

    func testDiff3OutputMatchesGit() throws {
        let report = try compareWithGit(tripleCount: 300, seed: 77, extraArguments: ["--diff3"], style: .diff3)
        XCTAssertGreaterThanOrEqual(report.verdictAgreement, 0.995, report.summary)
        XCTAssertEqual(report.identicalWhenBothClean, report.bothClean)
        XCTAssertGreaterThanOrEqual(Double(report.identicalOutputs) / Double(report.total), 0.99, report.summary)
    }

    func testZealousDiff3OutputMatchesGit() throws {
        let report = try compareWithGit(tripleCount: 300, seed: 78, extraArguments: ["--zdiff3"], style: .zealousDiff3)
        XCTAssertGreaterThanOrEqual(report.verdictAgreement, 0.995, report.summary)
        XCTAssertEqual(report.identicalWhenBothClean, report.bothClean)
        XCTAssertGreaterThanOrEqual(Double(report.identicalOutputs) / Double(report.total), 0.99, report.summary)
    }

    /// scripts/faults F9: RECEDIT_FUZZ_MERGE random triples (default 200) from seed RECEDIT_FUZZ_SEED
    /// (default 1); every one must get git's verdict, and git's bytes when both merge cleanly.
    func testFuzzMergeAgreesWithGit() throws {
        let environment = ProcessInfo.processInfo.environment
        let count = Int(environment["RECEDIT_FUZZ_MERGE"] ?? "") ?? 200
        let seed = UInt64(environment["RECEDIT_FUZZ_SEED"] ?? "") ?? 1
        let report = try compareWithGit(tripleCount: count, seed: seed, extraArguments: [], style: .merge)
        let disagreements = (report.total - report.verdictsAgree) + (report.bothClean - report.identicalWhenBothClean)
        print("F9 merge-file: seed \(seed), \(report.total) triples, \(disagreements) disagreements with git merge-file")
        XCTAssertEqual(disagreements, 0, report.summary)
    }

    // MARK: - Running git

    private struct Report {
        var total = 0
        var verdictsAgree = 0
        var bothClean = 0
        var identicalWhenBothClean = 0
        var identicalOutputs = 0
        var sameConflictCount = 0

        var verdictAgreement: Double { Double(verdictsAgree) / Double(max(total, 1)) }

        var summary: String {
            func percent(_ n: Int) -> String {
                let tenths = (n * 1000 + total / 2) / max(total, 1)
                return "\(tenths / 10).\(tenths % 10) %"
            }
            return "\(total) triples: clean/conflict verdict agrees in \(percent(verdictsAgree)); "
                + "both clean \(bothClean), byte-identical \(identicalWhenBothClean); "
                + "same exit code \(percent(sameConflictCount)); whole output identical \(percent(identicalOutputs))"
        }
    }

    private struct GitRun {
        var exitCode: Int32
        var output: [UInt8]
    }

    private func compareWithGit(
        tripleCount: Int, seed: UInt64, extraArguments: [String],
        style: ConflictStyle
    ) throws -> Report {
        guard FileManager.default.isExecutableFile(atPath: Self.gitPath) else {
            throw XCTSkip("git is not installed at \(Self.gitPath)")
        }
        var generator = TripleGenerator(random: SeededGenerator(seed: seed))
        let triples = (0..<tripleCount).map { _ in generator.triple() }

        let scratch = FileManager.default.temporaryDirectory
            .appendingPathComponent("textmerge-git-\(ProcessInfo.processInfo.processIdentifier)-\(seed)")
        try? FileManager.default.removeItem(at: scratch)
        defer { try? FileManager.default.removeItem(at: scratch) }

        // Two workers, each in its own directory, share the generated triples.
        let workerCount = 2
        var gitRuns = [GitRun?](repeating: nil, count: tripleCount)
        let lock = NSLock()
        var failure: Error?
        DispatchQueue.concurrentPerform(iterations: workerCount) { worker in
            do {
                let directory = scratch.appendingPathComponent("worker\(worker)")
                try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
                for index in stride(from: worker, to: tripleCount, by: workerCount) {
                    let run = try runGit(on: triples[index], in: directory, extraArguments: extraArguments)
                    lock.lock()
                    gitRuns[index] = run
                    lock.unlock()
                }
            } catch {
                lock.lock()
                failure = error
                lock.unlock()
            }
        }
        if let failure { throw failure }

        var report = Report()
        for (index, triple) in triples.enumerated() {
            guard let git = gitRuns[index] else { continue }
            let result = TextMerge.mergeBytes(
                base: triple.base, mine: triple.mine, theirs: triple.theirs,
                options: MergeOptions(style: style))
            let output = result.rendered(labels: MergeLabels(mine: "mine", base: "base", theirs: "theirs"))
            let exitCode = Int32(min(result.conflictCount, 127))
            report.total += 1
            if (git.exitCode == 0) == result.isClean { report.verdictsAgree += 1 }
            if git.exitCode == exitCode { report.sameConflictCount += 1 }
            if git.output == output && git.exitCode == exitCode { report.identicalOutputs += 1 }
            if git.exitCode == 0 && result.isClean {
                report.bothClean += 1
                if git.output == output { report.identicalWhenBothClean += 1 }
            }
        }
        print("git merge-file \(extraArguments.joined(separator: " ")) comparison: \(report.summary)")
        return report
    }

    private func runGit(
        on triple: (base: [UInt8], mine: [UInt8], theirs: [UInt8]), in directory: URL,
        extraArguments: [String]
    ) throws -> GitRun {
        let names = ["mine", "base", "theirs"]
        for (name, contents) in zip(names, [triple.mine, triple.base, triple.theirs]) {
            try Data(contents).write(to: directory.appendingPathComponent(name))
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.gitPath)
        process.arguments = ["merge-file", "-p"] + extraArguments + ["-L", "mine", "-L", "base", "-L", "theirs"] + names
        process.currentDirectoryURL = directory
        // No user or system configuration (merge.conflictStyle would change the output).
        process.environment = [
            "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": "/dev/null",
            "HOME": directory.path, "PATH": "/usr/bin:/bin",
        ]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        // waitUntilExit() polls every 50 ms on Linux; a termination handler answers at once.
        let exited = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in exited.signal() }
        // Only the launch is serialised (a precaution: swift-corelibs-foundation's Process.run() walks
        // the open descriptors while the other worker creates pipes); the runs themselves overlap.
        Self.launchLock.lock()
        do {
            try process.run()
        } catch {
            Self.launchLock.unlock()
            throw error
        }
        Self.launchLock.unlock()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        // Closed by hand: left to deinit, thousands of runs leak descriptors and Process.run() crashes.
        try? pipe.fileHandleForReading.close()
        exited.wait()
        return GitRun(exitCode: process.terminationStatus, output: Array(output))
    }
}
