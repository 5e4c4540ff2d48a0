/// A byte buffer seen as lines: each line ends just after a "\n" ("\r\n" lines keep their "\r"),
/// and the last line may lack a terminator. Line `i` is `bytes[lineStarts[i] ..< lineStarts[i + 1]]`.
struct LineIndex: Sendable {
    let bytes: [UInt8]
    /// `lineCount + 1` offsets; the last one is `bytes.count`.
    let lineStarts: [Int]

    var lineCount: Int { lineStarts.count - 1 }

    /// Byte range covered by the lines `lines`.
    func byteRange(ofLines lines: Range<Int>) -> Range<Int> {
        lineStarts[lines.lowerBound]..<lineStarts[lines.upperBound]
    }

    func bytes(ofLines lines: Range<Int>) -> ArraySlice<UInt8> {
        bytes[byteRange(ofLines: lines)]
    }

    func lineLength(_ line: Int) -> Int {
        lineStarts[line + 1] - lineStarts[line]
    }

    /// Splits `bytes` (seen through `buffer`) into lines and gives every line its class id, in one pass.
    static func split(
        _ bytes: [UInt8], buffer: UnsafeBufferPointer<UInt8>,
        classifier: LineClassifier
    ) -> (index: LineIndex, classIDs: [Int32]) {
        var starts: [Int] = []
        var ids: [Int32] = []
        let count = buffer.count
        if let base = buffer.baseAddress, count > 0 {
            // A rough guess that avoids most regrowth for ordinary text.
            let estimate = count / 32 + 16
            starts.reserveCapacity(estimate + 1)
            ids.reserveCapacity(estimate)
            let raw = UnsafeRawPointer(base)
            var position = 0
            while position < count {
                starts.append(position)
                let lineStart = position
                var hash = LineHash.seed
                var terminated = false
                // Eight bytes at a time while a whole word fits; words start at the line start,
                // so equal lines always hash through the same sequence of words.
                while position + 8 <= count {
                    let word = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: position, as: UInt64.self))
                    let newlines = LineHash.newlineMask(word)
                    if newlines != 0 {
                        let keptBytes = newlines.trailingZeroBitCount / 8 + 1
                        let kept = keptBytes == 8 ? word : word & ((1 << UInt64(keptBytes * 8)) - 1)
                        hash = LineHash.mix(hash, kept)
                        position += keptBytes
                        terminated = true
                        break
                    }
                    hash = LineHash.mix(hash, word)
                    position += 8
                }
                if !terminated && position < count {
                    var word: UInt64 = 0
                    var shift: UInt64 = 0
                    while position < count {
                        let byte = base[position]
                        word |= UInt64(byte) << shift
                        shift += 8
                        position += 1
                        if byte == 0x0A { break }
                    }
                    hash = LineHash.mix(hash, word)
                }
                let length = position - lineStart
                ids.append(
                    classifier.classID(
                        of: base + lineStart, length: length,
                        hash: LineHash.finish(hash, length: length)))
            }
        }
        starts.append(count)
        return (LineIndex(bytes: bytes, lineStarts: starts), ids)
    }
}

enum LineHash {
    static let seed: UInt64 = 0x243F_6A88_85A3_08D3

    @inline(__always)
    static func mix(_ hash: UInt64, _ word: UInt64) -> UInt64 {
        ((hash &<< 5 | hash &>> 59) ^ word) &* 0x517C_C1B7_2722_0A95
    }

    @inline(__always)
    static func finish(_ hash: UInt64, length: Int) -> UInt64 {
        var x = hash ^ UInt64(truncatingIfNeeded: length)
        x = (x ^ (x &>> 32)) &* 0xD6E8_FEB8_6659_FD93
        return x ^ (x &>> 32)
    }

    /// High bit set in every byte of `word` that is "\n" (exact for the lowest such byte, which is all we use).
    @inline(__always)
    static func newlineMask(_ word: UInt64) -> UInt64 {
        let x = word ^ 0x0A0A_0A0A_0A0A_0A0A
        return (x &- 0x0101_0101_0101_0101) & ~x & 0x8080_8080_8080_8080
    }
}
