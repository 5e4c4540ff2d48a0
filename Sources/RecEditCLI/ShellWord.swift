/// A word of a printed shell command, quoted so a POSIX shell reads back exactly `word`.
enum ShellWord {
    private static let plain = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_@%+=:,./-".unicodeScalars)

    /// Bare when every character is plain; otherwise in single quotes, each `'` written as `'\''`.
    static func quote(_ word: String) -> String {
        if !word.isEmpty && word.unicodeScalars.allSatisfy(plain.contains) { return word }
        return "'" + word.replacingEach("'", with: "'\\''") + "'"
    }
}

extension String {
    /// Every `scalar` replaced by `replacement`, a combining mark after it or not (a `'` the shell reads is a
    /// byte, whatever follows it; Foundation's `replacingOccurrences` leaves "'\u{301}" alone).
    func replacingEach(_ scalar: Unicode.Scalar, with replacement: String) -> String {
        guard unicodeScalars.contains(scalar) else { return self }
        var out = String.UnicodeScalarView()
        for s in unicodeScalars {
            if s == scalar { out.append(contentsOf: replacement.unicodeScalars) } else { out.append(s) }
        }
        return String(out)
    }
}
