/// Version stamps and lease ends as the databases write them: UTC text
/// `YYYY-MM-DD HH:MM:SS[.ffffff][+00[:00]]`, compared through their microsecond value.
public enum Stamp {
    /// Microseconds since 1970-01-01 00:00:00 UTC, or nil when the text is not a timestamp.
    public static func microseconds(from text: String) -> Int64? {
        let b = Array(text.utf8)
        guard b.count >= 19 else { return nil }
        func num(_ from: Int, _ len: Int) -> Int64? {
            var v: Int64 = 0
            for i in from..<(from + len) {
                let c = b[i]
                guard c >= 48 && c <= 57 else { return nil }
                v = v * 10 + Int64(c - 48)
            }
            return v
        }
        guard let y = num(0, 4), b[4] == 45, let mo = num(5, 2), b[7] == 45, let d = num(8, 2),
            b[10] == 32 || b[10] == 84, let h = num(11, 2), b[13] == 58, let mi = num(14, 2), b[16] == 58,
            let s = num(17, 2)
        else { return nil }
        var micros: Int64 = 0
        var i = 19
        if i < b.count && b[i] == 46 {
            i += 1
            var digits = 0
            while i < b.count, b[i] >= 48, b[i] <= 57 {
                if digits < 6 { micros = micros * 10 + Int64(b[i] - 48) }
                digits += 1
                i += 1
            }
            for _ in digits..<max(digits, 6) { micros *= 10 }
        }
        let days = daysFromCivil(y, mo, d)
        return ((days * 86_400 + h * 3_600 + mi * 60 + s) * 1_000_000) + micros
    }

    /// Formats microseconds since the epoch as `YYYY-MM-DD HH:MM:SS.ffffff` (UTC).
    public static func text(microseconds: Int64) -> String {
        let seconds = microseconds >= 0 ? microseconds / 1_000_000 : (microseconds - 999_999) / 1_000_000
        let micros = microseconds - seconds * 1_000_000
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let rem = seconds - days * 86_400
        let (y, m, d) = civilFromDays(days)
        return pad(y, 4) + "-" + pad(m, 2) + "-" + pad(d, 2) + " " + pad(rem / 3600, 2) + ":" + pad(rem % 3600 / 60, 2)
            + ":" + pad(rem % 60, 2) + "." + pad(micros, 6)
    }

    /// `HH:MM:SS` of a stamp, shifted by `utcOffsetSeconds` (the viewer's time zone).
    public static func clockTime(_ text: String, utcOffsetSeconds: Int = 0) -> String {
        guard let us = microseconds(from: text) else { return text }
        let t = Self.text(microseconds: us + Int64(utcOffsetSeconds) * 1_000_000)
        let start = t.index(t.startIndex, offsetBy: 11)
        return String(t[start..<t.index(start, offsetBy: 8)])
    }

    private static func pad(_ v: Int64, _ width: Int) -> String {
        let s = String(v)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }

    // Howard Hinnant's days_from_civil / civil_from_days algorithms.
    static func daysFromCivil(_ y0: Int64, _ m: Int64, _ d: Int64) -> Int64 {
        let y = m <= 2 ? y0 - 1 : y0
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    static func civilFromDays(_ z0: Int64) -> (Int64, Int64, Int64) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let y = yoe + era * 400
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (m <= 2 ? y + 1 : y, m, d)
    }
}
