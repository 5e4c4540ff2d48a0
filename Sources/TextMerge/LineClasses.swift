/// Class ids of the lines of several files: two lines share an id exactly when their bytes are
/// equal, so the diff compares small integers instead of byte strings.
struct LineClasses {
    /// Per file, the class id of every line.
    var ids: [[Int32]]
    /// Per file, how many lines of that file fall in each class (indexed by class id, one spare entry).
    var occurrences: [[Int32]]
    var classCount: Int

    /// Splits each file into lines and classifies them all together.
    static func classify(_ files: [[UInt8]]) -> (lines: [LineIndex], classes: LineClasses) {
        var lines: [LineIndex] = []
        var ids: [[Int32]] = []
        var classCount = 0
        withByteBuffers(files) { buffers in
            // Sized for the distinct lines of one file (the three versions share most of theirs); it grows when
            // they do not. Sizing for all three files' lines touched 4 MiB of slots more than a typical merge needs.
            let classifier = LineClassifier(expectedLines: (buffers.map(\.count).max() ?? 0) / 48)
            for (bytes, buffer) in zip(files, buffers) {
                let (index, fileIDs) = LineIndex.split(bytes, buffer: buffer, classifier: classifier)
                lines.append(index)
                ids.append(fileIDs)
            }
            classCount = classifier.classCount
        }
        let occurrences = ids.map { fileIDs -> [Int32] in
            var counts = [Int32](repeating: 0, count: classCount + 1)
            counts.withUnsafeMutableBufferPointer { counts in
                for id in fileIDs { counts[Int(id)] += 1 }
            }
            return counts
        }
        return (lines, LineClasses(ids: ids, occurrences: occurrences, classCount: classCount))
    }
}

/// Hands out class ids to lines: an open-addressing hash table over the distinct lines seen so far.
/// It keeps pointers into the callers' buffers, so it must not outlive them.
final class LineClassifier {
    /// Class id + 1 per slot; 0 marks an empty slot.
    private var slots: UnsafeMutablePointer<UInt32>
    private var slotBits: Int
    private var classHashes: UnsafeMutablePointer<UInt64>
    private var classStarts: UnsafeMutablePointer<UnsafePointer<UInt8>>
    private var classLengths: UnsafeMutablePointer<Int>
    private var classCapacity: Int
    private(set) var classCount = 0

    init(expectedLines: Int) {
        slotBits = 4
        while (1 << slotBits) < expectedLines * 2 { slotBits += 1 }
        slots = .allocate(capacity: 1 << slotBits)
        slots.initialize(repeating: 0, count: 1 << slotBits)
        classCapacity = max(16, expectedLines)
        classHashes = .allocate(capacity: classCapacity)
        classStarts = .allocate(capacity: classCapacity)
        classLengths = .allocate(capacity: classCapacity)
    }

    deinit {
        slots.deallocate()
        classHashes.deallocate()
        classStarts.deallocate()
        classLengths.deallocate()
    }

    @inline(__always)
    private func firstSlot(_ hash: UInt64) -> Int {
        Int(truncatingIfNeeded: (hash &* 0x9E37_79B9_7F4A_7C15) >> UInt64(64 - slotBits))
    }

    func classID(of start: UnsafePointer<UInt8>, length: Int, hash: UInt64) -> Int32 {
        let mask = (1 << slotBits) - 1
        var slot = firstSlot(hash)
        while true {
            let occupant = Int(slots[slot])
            if occupant == 0 { break }
            let id = occupant - 1
            if classHashes[id] == hash && classLengths[id] == length && bytesEqual(classStarts[id], start, length) {
                return Int32(id)
            }
            slot = (slot + 1) & mask
        }
        let id = classCount
        if id == classCapacity { growClasses() }
        classHashes[id] = hash
        classStarts[id] = start
        classLengths[id] = length
        classCount += 1
        slots[slot] = UInt32(id + 1)
        if classCount * 2 > (1 << slotBits) { growSlots() }
        return Int32(id)
    }

    private func growClasses() {
        let capacity = classCapacity * 2
        func grown<T>(_ old: UnsafeMutablePointer<T>) -> UnsafeMutablePointer<T> {
            let new = UnsafeMutablePointer<T>.allocate(capacity: capacity)
            new.moveInitialize(from: old, count: classCount)
            old.deallocate()
            return new
        }
        classHashes = grown(classHashes)
        classStarts = grown(classStarts)
        classLengths = grown(classLengths)
        classCapacity = capacity
    }

    private func growSlots() {
        slots.deallocate()
        slotBits += 1
        let mask = (1 << slotBits) - 1
        slots = .allocate(capacity: 1 << slotBits)
        slots.initialize(repeating: 0, count: 1 << slotBits)
        for id in 0..<classCount {
            var slot = firstSlot(classHashes[id])
            while slots[slot] != 0 { slot = (slot + 1) & mask }
            slots[slot] = UInt32(id + 1)
        }
    }
}

/// Byte equality of two ranges of `length` bytes, a word at a time.
@inline(__always)
func bytesEqual(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, _ length: Int) -> Bool {
    let rawA = UnsafeRawPointer(a), rawB = UnsafeRawPointer(b)
    var offset = 0
    while offset + 8 <= length {
        if rawA.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
            != rawB.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
        {
            return false
        }
        offset += 8
    }
    while offset < length {
        if a[offset] != b[offset] { return false }
        offset += 1
    }
    return true
}

/// Calls `body` with buffer pointers to all `arrays` at once.
func withByteBuffers<R>(_ arrays: [[UInt8]], _ body: ([UnsafeBufferPointer<UInt8>]) -> R) -> R {
    var buffers: [UnsafeBufferPointer<UInt8>] = []
    buffers.reserveCapacity(arrays.count)
    func nest(_ index: Int) -> R {
        if index == arrays.count { return body(buffers) }
        return arrays[index].withUnsafeBufferPointer { buffer in
            buffers.append(buffer)
            return nest(index + 1)
        }
    }
    return nest(0)
}
