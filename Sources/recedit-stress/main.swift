import EditorCore
import Foundation
import RecEditCLI
import RecEditCore

// A load generator for scripts/faults (scenario F5), not a test by itself: checked increments of one
// integer field through recedit's store, as fast as one process can, for a fixed time. Each round loads
// the row, saves priority + 1 against the loaded updated_at, and on `stale` starts again from the row
// it was handed. Prints `successes stale errors` on stdout; the script sums them over the processes and
// checks that the final value equals the successes.
//
//   recedit-stress URL KEY SECONDS WRITER [START_EPOCH_MS]
//
// START_EPOCH_MS: wait until this wall-clock moment first, so that several processes start together.

let arguments = CommandLine.arguments
guard arguments.count >= 5, let key = Int64(arguments[2]), let seconds = Double(arguments[3]) else {
    FileHandle.standardError.write("usage: recedit-stress URL KEY SECONDS WRITER [START_EPOCH_MS]\n".data(using: .utf8)!)
    exit(2)
}
let writer = arguments[4]

func now() -> Double { Date().timeIntervalSince1970 }

do {
    let url = try Databases.parse(arguments[1])
    let database = try url.opener.open(url.target, options: StoreOptions(), create: false, readOnly: false)
    let store = try database.openTable("records", key: nil, names: ReceditColumnNames())
    if arguments.count > 5, let start = Double(arguments[5]) {
        let wait = start / 1000 - now()
        if wait > 0 { usleep(UInt32(wait * 1_000_000)) }
    }
    var successes = 0, stale = 0, errors = 0
    guard var current = try store.load(.integer(key)) else {
        FileHandle.standardError.write("recedit-stress: no row \(key)\n".data(using: .utf8)!)
        exit(1)
    }
    let deadline = now() + seconds
    while now() < deadline {
        guard case .integer(let value)? = current.fields["priority"] else {
            FileHandle.standardError.write("recedit-stress: priority is not an integer\n".data(using: .utf8)!)
            exit(1)
        }
        do {
            switch try store.save(
                .integer(key), changes: ["priority": .integer(value + 1)], expected: current.updatedAt,
                writer: writer, fencingToken: nil)
            {
            case .saved(let record): successes += 1; current = record
            case .stale(let record): stale += 1; current = record
            case .deleted, .locked: errors += 1; if let row = try store.load(.integer(key)) { current = row }
            }
        } catch {
            errors += 1
            if let row = try? store.load(.integer(key)) { current = row }
        }
    }
    print("\(successes) \(stale) \(errors)")
} catch {
    let message = (error as? StoreError).map(StoreErrorWording.message) ?? "\(error)"
    FileHandle.standardError.write("recedit-stress: \(message)\n".data(using: .utf8)!)
    exit(1)
}
