/// Dates and times as ISO 8601 text, the form every store reads and writes them in (`2026-12-15`,
/// `13:05:00`, `2026-12-15 13:05:00.25+01:00`; a timestamp's date and time are parted by `T` or a space, as
/// PostgreSQL, MariaDB and SQLite write them). Checked, never converted: a value keeps the text it was typed as.
public enum ISODateTime {
    public enum Kind: Sendable, Equatable {
        case date, time, timestamp
    }

    /// Why `text` is not a value of `kind`, or nil when it is one. A timestamp may be a date alone (every store
    /// reads it as midnight); PostgreSQL's `infinity` and `-infinity` are dates and timestamps too.
    public static func problem(_ text: String, kind: Kind) -> String? {
        let b = Array(text.utf8)
        if kind != .time, text == "infinity" || text == "-infinity" { return nil }
        switch kind {
        case .date:
            guard b.count == 10 else { return "expected YYYY-MM-DD" }
            return dateProblem(b)
        case .time:
            return timeProblem(b[...])
        case .timestamp:
            guard b.count >= 10 else { return "expected YYYY-MM-DD HH:MM:SS" }
            if let p = dateProblem(Array(b[0..<10])) { return p }
            if b.count == 10 { return nil }
            guard b[10] == UInt8(ascii: "T") || b[10] == UInt8(ascii: " ") else { return "expected 'T' or a space after the date" }
            return timeProblem(b[11...])
        }
    }

    /// The text with its date moved by `days` (a timestamp keeps its time and zone as written), or nil when the
    /// text is not a value of `kind` with a date.
    public static func adding(days: Int, to text: String, kind: Kind) -> String? {
        guard kind != .time, problem(text, kind: kind) == nil, let date = dayNumber(text) else { return nil }
        return dateText(dayNumber: date + Int64(days)) + String(text.dropFirst(10))
    }

    /// `YYYY-MM-DD` of a day counted from 1970-01-01.
    public static func dateText(dayNumber: Int64) -> String {
        let (y, m, d) = Stamp.civilFromDays(dayNumber)
        return pad(y, 4) + "-" + pad(m, 2) + "-" + pad(d, 2)
    }

    /// The day (from 1970-01-01) at `microseconds` since the epoch, `utcOffsetSeconds` east of UTC.
    public static func dayNumber(microseconds: Int64, utcOffsetSeconds: Int = 0) -> Int64 {
        let seconds = (microseconds >= 0 ? microseconds / 1_000_000 : (microseconds - 999_999) / 1_000_000) + Int64(utcOffsetSeconds)
        return seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
    }

    /// The day number of the date the text starts with.
    static func dayNumber(_ text: String) -> Int64? {
        let b = Array(text.utf8.prefix(10))
        guard b.count == 10, dateProblem(b) == nil else { return nil }
        return Stamp.daysFromCivil(number(b[0..<4])!, number(b[5..<7])!, number(b[8..<10])!)
    }

    private static func dateProblem(_ b: [UInt8]) -> String? {
        guard b.count == 10, b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-"), let y = number(b[0..<4]), let m = number(b[5..<7]),
            let d = number(b[8..<10])
        else { return "expected YYYY-MM-DD" }
        guard (1...12).contains(m) else { return "there is no month \(m)" }
        let length = monthLength(year: y, month: m)
        guard (1...length).contains(d) else { return "\(monthNames[Int(m) - 1]) \(y) has \(length) days" }
        return nil
    }

    /// `HH:MM[:SS[.ffffff]]` and an optional zone: `Z`, `+HH`, `+HH:MM` or `+HHMM` (or `-`).
    private static func timeProblem(_ b: ArraySlice<UInt8>) -> String? {
        let b = Array(b)
        let shape = "expected HH:MM or HH:MM:SS"
        guard b.count >= 5, b[2] == UInt8(ascii: ":"), let h = number(b[0..<2]), let m = number(b[3..<5]) else { return shape }
        guard h <= 23 else { return "there is no hour \(h)" }
        guard m <= 59 else { return "there is no minute \(m)" }
        var i = 5
        if i < b.count, b[i] == UInt8(ascii: ":") {
            guard i + 3 <= b.count, let s = number(b[(i + 1)..<(i + 3)]) else { return shape }
            guard s <= 59 else { return "there is no second \(s)" }
            i += 3
            if i < b.count, b[i] == UInt8(ascii: ".") {
                i += 1
                let start = i
                while i < b.count, isDigit(b[i]) { i += 1 }
                guard (1...6).contains(i - start) else { return "expected 1 to 6 digits after the seconds' '.'" }
            }
        }
        guard i < b.count else { return nil }
        let zone = Array(b[i...])
        if zone == [UInt8(ascii: "Z")] { return nil }
        guard zone[0] == UInt8(ascii: "+") || zone[0] == UInt8(ascii: "-") else { return "unexpected text after the time" }
        let digits = zone.dropFirst().filter { $0 != UInt8(ascii: ":") }
        let colonAt = zone.firstIndex(of: UInt8(ascii: ":"))
        guard digits.count == 2 || digits.count == 4, digits.allSatisfy(isDigit), colonAt == nil || (colonAt == 3 && zone.count == 6),
            let zh = number(digits.prefix(2)), zh <= 15, digits.count == 2 || number(digits.suffix(2))! <= 59
        else { return "expected a zone like Z, +01 or +01:00" }
        return nil
    }

    static let monthNames = [
        "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December",
    ]

    static func monthLength(year: Int64, month: Int64) -> Int64 {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    private static func isDigit(_ c: UInt8) -> Bool { c >= 48 && c <= 57 }

    private static func number<C: Collection>(_ digits: C) -> Int64? where C.Element == UInt8 {
        guard !digits.isEmpty, digits.allSatisfy(isDigit) else { return nil }
        return digits.reduce(0) { $0 * 10 + Int64($1 - 48) }
    }

    private static func pad(_ v: Int64, _ width: Int) -> String {
        let s = String(v)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }
}
